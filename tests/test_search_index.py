"""Search finds what people wrote: Pagefind's index holds the contributions and charters, with
their filters, and none of the generated lists, facts and credits around them."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import BASE, BOB, commit, community_files, tree_digest
from rallypoint.errors import BuildFailed
from rallypoint.site import pagefind_parts, search
from rallypoint.site.build import build_site
from rallypoint.site.search import SearchRecord, plain_text, read_index

WRITTEN = {
    "content/repair/drain-pump.md": BASE["content/repair/drain-pump.md"].replace(
        "Unplug first.", "Unplug first.\n\n## Tools\n\nA torx spanner.\n\nThen [[descaling]].\n"
    ),
    "contributors/zoe.yml": "name: Zoë Ñúñez-Łukasz\nemails: [zoe@example.org]\n",
    "content/cafes/second-cafe.md": (
        "---\ntitle: Le deuxième café\nkind: note\nauthors: [zoe]\ndate: 2026-03-05\n"
        "tags: [cafe-report, pumps]\n---\nÉmile brought a kettle.\n"
    ),
}
PAGES = {
    "purposes/repair/",
    "purposes/cafes/",
    "repair/drain-pump/",
    "repair/why-noisy/",
    "repair/noisy-answer/",
    "cafes/first-cafe/",
    "cafes/second-cafe/",
}


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict:
    """The small community with a history (Bob edits Alice's guide), built with each engine."""
    work = tmp_path_factory.mktemp("search")
    root = work / "community"
    commit(root, community_files(WRITTEN), message="Start")
    guide = WRITTEN["content/repair/drain-pump.md"].replace("A torx spanner.", "A torx spanner and a towel.")
    commit(root, {"content/repair/drain-pump.md": guide}, author=BOB, date="2026-03-04T10:00:00")
    built = {"root": root}
    for engine in ("material", "zensical"):
        result = build_site(root, work / engine, engine=engine, parallel=False)
        assert result.site_dir, result.diagnostics
        built[engine] = result.site_dir
    return built


@pytest.mark.parametrize("engine", ["material", "zensical"])
def test_the_index_holds_what_people_wrote_and_no_generated_list(sites, engine):
    index = read_index(sites[engine])
    assert set(index) == PAGES  # one record per contribution and charter: no listing, tag or profile
    text = "\n".join(f"{r['meta']['title']} {r['content']}" for r in index.values())
    for written in ("Unplug first", "A torx spanner and a towel", "It hums", "Look for coins", "Why we repair"):
        assert written in text, written
    assert "Meet up" in text and "Émile brought a kettle" in text
    generated = (
        "Linked from",  # backlinks
        "Answers (",  # a question's answer list
        "Answer this question",
        "Maintainers",  # a purpose's people
        "Every pump",  # goals
        "Health",
        "Edited by",
        "rallypoint new",
    )
    for words in generated:
        assert words not in text, (words, [url for url, r in index.items() if words in r["content"]])
    assert "## Tools" not in text and "[[" not in text  # Markdown's markup is gone, its words stay


def test_filters_say_purpose_kind_tags_and_people_by_name(sites):
    index = read_index(sites["material"])
    guide = index["repair/drain-pump/"]
    assert guide["filters"] == {
        "purpose": ["Repair guides"],
        "kind": ["article"],
        "tag": ["pumps", "do-it-yourself"],  # the alias `diy` is the tag it stands for
        "person": ["Alice Martin", "Bob Ng"],  # Bob edited it in git
    }
    assert guide["meta"] == {
        "title": "Replacing a drain pump",
        "kind": "article",
        "date": "2026-03-01",
        "purpose": "Repair guides",
    }
    note = index["cafes/second-cafe/"]
    # Alice committed Zoë's note: people are its authors, then whoever changed it in git.
    assert note["filters"]["person"] == ["Zoë Ñúñez-Łukasz", "Alice Martin"] and note["filters"]["purpose"] == [
        "Repair cafés"
    ]
    charter = index["purposes/repair/"]
    assert charter["filters"] == {
        "purpose": ["Repair guides"],
        "kind": ["purpose"],
        "person": ["Alice Martin", "Bob Ng"],
    }
    assert charter["meta"]["summary"] == "Guides for fixing appliances."


def test_both_engines_publish_the_same_index_byte_for_byte(sites):
    material = {p: d for p, d in tree_digest(sites["material"]).items() if p.startswith("pagefind/")}
    zensical = {p: d for p, d in tree_digest(sites["zensical"]).items() if p.startswith("pagefind/")}
    assert material and material == zensical
    assert "pagefind/pagefind.js" in material and "pagefind/parts.json" in material
    scripts = sorted(p for p in material if p.endswith((".js", ".css")))
    assert scripts == ["pagefind/pagefind.js"]  # not Pagefind's UI bundles, highlighter or worker: search.js uses none
    assert not (sites["material"] / "search/search_index.json").exists()  # no Lunr index any more
    assert json.loads((sites["zensical"] / "search.json").read_text())["items"] == []  # nor Zensical's


def test_a_second_build_writes_the_same_index(sites, tmp_path):
    again = build_site(sites["root"], tmp_path / "again", parallel=False).site_dir
    assert tree_digest(again / "pagefind") == tree_digest(sites["material"] / "pagefind")


def test_pending_records_are_made_one_part_at_a_time(tmp_path, monkeypatch):
    """A build's records come pending: each part's are made when it is indexed, so a large
    community's records are never all held at once, and the index is the one made from records."""
    made = [SearchRecord(f"p/{n:03}/", f"word{n} " * 40, {"title": f"Page {n}"}, {"kind": ["note"]}) for n in range(40)]
    monkeypatch.setattr(pagefind_parts, "PART_WORDS", 1_000)
    asked: list[str] = []
    seen: list[int] = []
    index_part = pagefind_parts._index_part

    def counted(part, *args):
        seen.append(len(asked))
        return index_part(part, *args)

    monkeypatch.setattr(pagefind_parts, "_index_part", counted)
    pending = [
        pagefind_parts.Pending(r.url, pagefind_parts._words(r), lambda r=r: asked.append(r.url) or r) for r in made
    ]
    stats = search.write_index(pending, tmp_path / "pending", "en")
    assert stats.parts == 4 and stats.records == 40 and sorted(asked) == [r.url for r in made]
    assert seen[0] < 40 / 2 and seen == sorted(seen)  # the first part indexed before the others were made
    search.write_index(made, tmp_path / "made", "en")
    assert tree_digest(tmp_path / "pending") == tree_digest(tmp_path / "made")


def test_a_large_index_goes_in_parts_that_hold_every_record(tmp_path, monkeypatch):
    """Pagefind's memory grows with the words it indexes: past PART_WORDS the records go to
    several Pagefind processes, and the search page merges their indexes (parts.json)."""
    made = [
        SearchRecord(f"p/{n:03}/", f"word{n} " * 40 + "common", {"title": f"Page {n}"}, {"kind": ["note"]})
        for n in range(30)
    ]
    monkeypatch.setattr(pagefind_parts, "PART_WORDS", 1_000)  # each record counts as its 41 words and 60 more
    stats = search.write_index(reversed(made), tmp_path, "en-GB")
    assert stats.records == 30 and stats.peak_rss > 0
    parts = json.loads((tmp_path / "pagefind/parts.json").read_text())
    assert parts == ["parts/1/", "parts/2/", "parts/3/"]  # 3,030 words: four parts
    assert not list((tmp_path / "pagefind/parts/1").glob("*.js"))  # the scripts come once, with the first part
    index = read_index(tmp_path)
    assert sorted(index) == [r.url for r in made]
    assert index["p/007/"]["content"].startswith("word7 word7")
    entry = json.loads((tmp_path / "pagefind/parts/2/pagefind-entry.json").read_text())
    assert list(entry["languages"]) == ["en"]  # Pagefind's language is the tag's primary subtag


def test_records_are_plain_data_a_shard_can_hand_over():
    record = SearchRecord("a/b/", "text", {"title": "<b>T</b>"}, {"tag": ["x", "y"]})
    assert SearchRecord.from_json(json.loads(json.dumps(record.as_json()))) == record


def test_plain_text_keeps_the_words_and_drops_the_markup():
    markdown = (
        "# Heading\n\nSome **bold** and _soft_ words, a [link](https://x.org) and ![a photo](p.png).\n\n"
        "See [[other-page]] and [[guides/pump|the pump guide]].\n\n- item one\n> quoted\n\n"
        "| a | b |\n|---|---|\n| c | d |\n\n<div class='x'>raw <b>html</b></div>\n\n"
        "Code `<script>alert(1)</script>` stays.\n\n```python\nprint('<b>')\n```\nsnake_case_name"
    )
    text = plain_text(markdown)
    for kept in (
        "Heading",
        "Some bold and soft words",
        "a link and a photo",
        "other-page",
        "the pump guide",
        "item one",
        "quoted",
        "c d",
        "raw html",
        "<script>alert(1)</script>",
        "print('<b>')",
        "snake_case_name",
    ):
        assert kept in text, (kept, text)
    for gone in ("**", "](", "[[", "# ", "<div", "|", "```"):
        assert gone not in text, (gone, text)


def test_plain_mkdocs_with_the_plugin_writes_the_index_too(community, tmp_path):
    root = community()
    yml = f"site_name: x\nsite_dir: {tmp_path / 'site'}\ntheme: {{name: material}}\nplugins: [search, rallypoint]\n"
    (root / "mkdocs.yml").write_text(yml)
    (root / "docs").mkdir()
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    index = read_index(tmp_path / "site")
    assert "repair/drain-pump/" in index and (tmp_path / "site/search/index.html").is_file()


def test_without_pagefind_the_build_fails_and_the_previous_site_stays(community, tmp_path, monkeypatch):
    root = community()
    site = tmp_path / "site"
    assert build_site(root, site, parallel=False).site_dir
    before = tree_digest(site)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind"))
    with pytest.raises(BuildFailed, match="cannot run Pagefind's binary"):
        build_site(root, site, parallel=False, cache=False)
    assert tree_digest(site) == before
