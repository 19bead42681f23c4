"""The search index is written while the pages are: ``start_index`` runs Pagefind from a thread
of its own and ``wait`` moves the index into the site, the same files byte for byte as the
serial way; its parts are kept in the build cache, so an edit indexes only its own part; and
Pagefind's files are cut so that a query downloads little (``pagefind_files``)."""

from __future__ import annotations

import itertools
import json
import multiprocessing
import os
import signal
import threading
import time

import cbor2
import pytest

from conftest import commit, community_files, tree_digest
from rallypoint.errors import BuildFailed
from rallypoint.history.log import read_history
from rallypoint.model.community import load_community
from rallypoint.site import pagefind_files, pagefind_parts
from rallypoint.site.cache import CACHE_DIR
from rallypoint.site.engines import assemble
from rallypoint.site.pagefind_files import read_pagefind_file
from rallypoint.site.search import Indexing, SearchRecord, index_site, read_index, start_index, write_index


def _content(root):
    community = load_community(root).community
    history = read_history(root, community.settings.bots)
    return assemble(root, community, history, lazy=True)


@pytest.fixture
def content(tmp_path):
    root = tmp_path / "community"
    commit(root, community_files(), message="Start")
    return root, _content(root)


@pytest.mark.parametrize("apart", ["process", "thread"])
def test_indexing_apart_writes_what_the_serial_way_writes(content, tmp_path, monkeypatch, apart):
    _, made = content
    if apart == "thread":  # where the platform cannot fork
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    serial = tmp_path / "serial"
    index_site(made, serial)
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("a page written meanwhile")
    with start_index(made, site) as indexing:
        busy = sum(i * i for i in range(200_000))  # the caller goes on with its own work
        assert busy and not (site / "pagefind").exists()  # nothing shows before wait()
        stats = indexing.wait()
    assert isinstance(indexing._runner, threading.Thread) == (apart == "thread")
    assert stats.records == len(read_index(site)) == 6
    assert tree_digest(site / "pagefind") == tree_digest(serial / "pagefind")
    assert (site / "index.html").read_text() == "a page written meanwhile"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["community", "serial", "site"]  # no work folder left


def test_wait_raises_what_indexing_raised_and_the_site_stays(content, tmp_path, monkeypatch):
    _, made = content
    site = tmp_path / "site"
    index_site(made, site)
    before = tree_digest(site)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind"))
    with start_index(made, site) as indexing, pytest.raises(BuildFailed, match="cannot run Pagefind's binary"):
        indexing.wait()
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["community", "site"]


@pytest.mark.parametrize("apart", ["process", "thread"])
def test_leaving_before_wait_stops_pagefind_and_writes_nothing(tmp_path, monkeypatch, apart):
    if apart == "thread":
        monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    monkeypatch.setattr(pagefind_parts, "BATCH", 10)  # many small batches: indexing takes a while
    made = [SearchRecord(f"p/{n:04}/", f"word{n} text", {"title": f"P{n}"}, {}) for n in range(3_000)]
    site = tmp_path / "site"
    with Indexing(lambda: made, site, "en", None) as indexing:
        time.sleep(0.5)
        begun = time.perf_counter()
    assert time.perf_counter() - begun < 10 and not indexing._runner.is_alive()
    assert not (site / "pagefind").exists() and sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_interrupt_while_waiting_stops_the_indexing_thread(tmp_path, monkeypatch):
    """Ctrl-C while a build waits for its index (indexed in a thread, as past 30,000
    contributions): the thread stops, and nothing is left beside the site."""
    monkeypatch.setattr(pagefind_parts, "BATCH", 10)
    made = [SearchRecord(f"p/{n:04}/", f"word{n} text", {"title": f"P{n}"}, {}) for n in range(3_000)]
    site = tmp_path / "site"
    with Indexing(lambda: made, site, "en", None, apart=False) as indexing:
        assert isinstance(indexing._runner, threading.Thread)
        time.sleep(0.3)

        def interrupted():
            raise KeyboardInterrupt

        monkeypatch.setattr(indexing._answer, "recv", interrupted)
        with pytest.raises(KeyboardInterrupt):
            indexing.wait()
        assert not indexing._runner.is_alive()
    time.sleep(0.3)
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_an_edit_indexes_its_own_part_again_and_the_others_come_from_the_cache(tmp_path, monkeypatch):
    """A record's part is a hash of its URL, and each part is kept under its records' digest."""
    monkeypatch.setattr(pagefind_parts, "PART_WORDS", 1_000)
    made = [SearchRecord(f"p/{n:03}/", f"word{n} " * 40, {"title": f"Page {n}"}, {"kind": ["note"]}) for n in range(60)]
    cache = tmp_path / "cache"
    cold = write_index(made, tmp_path / "cold", "en")
    first = write_index(made, tmp_path / "first", "en", cache=cache)
    again = write_index(made, tmp_path / "again", "en", cache=cache)
    assert cold.parts == first.parts == again.parts == 6 and (first.reused, again.reused) == (0, 6)
    assert again.words == cold.words and again.records == 60
    assert tree_digest(tmp_path / "first") == tree_digest(tmp_path / "cold") == tree_digest(tmp_path / "again")
    edited = [*made[:5], SearchRecord("p/005/", "changed " * 40, {"title": "Page 5"}, {"kind": ["note"]}), *made[6:]]
    after = write_index(edited, tmp_path / "after", "en", cache=cache)
    assert after.reused == 5
    assert read_index(tmp_path / "after")["p/005/"]["content"].startswith("changed")
    write_index(edited, tmp_path / "cold-after", "en")
    assert tree_digest(tmp_path / "after") == tree_digest(tmp_path / "cold-after")
    assert len(list(cache.glob("*.zip"))) == 6  # the replaced part's old file is gone


def test_a_damaged_kept_part_is_indexed_again(tmp_path):
    made = [SearchRecord(f"p/{n}/", f"word{n} text", {"title": f"P{n}"}, {}) for n in range(5)]
    cache = tmp_path / "cache"
    write_index(made, tmp_path / "first", "en", cache=cache)
    (kept,) = cache.glob("*.zip")
    data = bytearray(kept.read_bytes())
    data[len(data) // 2] ^= 0xFF
    kept.write_bytes(bytes(data))
    stats = write_index(made, tmp_path / "again", "en", cache=cache)
    assert stats.reused == 0 and tree_digest(tmp_path / "again") == tree_digest(tmp_path / "first")


def test_a_build_keeps_the_index_parts_in_its_cache(tmp_path):
    from rallypoint.site.build import build_site

    root = tmp_path / "community"
    commit(root, community_files(), message="Start")
    first = build_site(root, tmp_path / "site", parallel=False).site_dir
    kept = list((root / CACHE_DIR / "search").glob("*.zip"))
    assert len(kept) == 1 and (root / CACHE_DIR / ".gitignore").is_file()
    again = build_site(root, tmp_path / "cold", parallel=False, cache=False).site_dir
    assert tree_digest(first / "pagefind") == tree_digest(again / "pagefind")


def test_a_large_community_indexes_after_its_pages_in_the_build_process(tmp_path, monkeypatch):
    """Past SEARCH_BESIDE_UNTIL contributions the index is written once the pages are, in a
    thread of the build's own process (a forked one would copy the model it reads): the same site."""
    from rallypoint.site import build
    from rallypoint.site.build import build_site

    root = tmp_path / "community"
    commit(root, community_files(), message="Start")
    started: list[tuple[bool, bool]] = []
    start_index = build.start_index

    def watched(content, site, **options):
        started.append((options["apart"], (site / "index.html").is_file()))
        return start_index(content, site, **options)

    monkeypatch.setattr(build, "start_index", watched)
    beside = build_site(root, tmp_path / "beside", cache=False).site_dir
    monkeypatch.setattr(build, "SEARCH_BESIDE_UNTIL", 0)
    heard: list[tuple[str, int, int]] = []
    after = build_site(root, tmp_path / "after", cache=False, progress=lambda *said: heard.append(said)).site_dir
    assert started == [(True, False), (False, True)]  # apart before the pages; here, after them
    assert heard[-1] == ("Indexing search", 1, 1)  # the build waits for it: it says how far it is
    assert tree_digest(after) == tree_digest(beside)


def _chunks(folder):
    entry = json.loads((folder / "pagefind-entry.json").read_text())
    (language,) = entry["languages"].values()
    meta = cbor2.loads(read_pagefind_file((folder / f"pagefind.{language['hash']}.pf_meta").read_bytes()))
    found = []
    for low, high, name in meta[2]:
        words = cbor2.loads(read_pagefind_file((folder / f"index/{name}.pf_index").read_bytes()))[0]
        found.append((low, high, [w[0] for w in words]))
    return meta, found


def test_a_common_word_gets_a_chunk_of_its_own_and_fragments_short_names(tmp_path, monkeypatch):
    monkeypatch.setattr(pagefind_files, "ALONE", 600)
    monkeypatch.setattr(pagefind_files, "PACK", 1_200)
    made = [
        SearchRecord(f"p/{n:03}/", f"common word{n} alpha{n % 7} common beta gamma{n}", {"title": f"T{n}"}, {})
        for n in range(120)
    ]
    write_index(made, tmp_path, "en")
    meta, chunks = _chunks(tmp_path / "pagefind")
    (alone,) = [words for _, _, words in chunks if "common" in words]
    assert alone == ["common"]
    everything = [w for _, _, words in chunks for w in words]
    assert everything == sorted(everything) and len(everything) == len(set(everything)) > 240
    assert len(chunks) > 5
    for (_, high, words), (low, _, following) in itertools.pairwise(chunks):
        assert words[-1].startswith(high) and following[0].startswith(low) and high != low
    token = meta[1][0][0].split("-")[0]
    assert [page[0] for page in meta[1]] == [f"{token}-{n:x}" for n in range(120)]
    assert len(read_index(tmp_path)) == 120  # every fragment is there under its new name


def test_a_fault_or_a_killed_process_reaches_wait_and_nothing_is_written(tmp_path):
    def faulty():
        raise ValueError("a record rallypoint cannot make")

    def killed():
        os.kill(os.getpid(), signal.SIGKILL)  # as the kernel's OOM killer would

    site = tmp_path / "site"
    with Indexing(faulty, site, "en", None) as indexing, pytest.raises(ValueError, match="cannot make") as raised:
        indexing.wait()
    assert "in the search index's process" in raised.value.__notes__[0]
    with Indexing(killed, site, "en", None) as indexing, pytest.raises(BuildFailed, match=r"stopped \(exit -9\)"):
        indexing.wait()
    assert list(tmp_path.iterdir()) == []
