"""The index as published (chunks cut again, fragments renamed: ``pagefind_files``) finds in the
browser exactly what Pagefind's own files find, for the words at every chunk's edges and for
their prefixes, and a two-word query of common words downloads little."""

from __future__ import annotations

import re
import shutil

import cbor2
import pytest

from browsing import chromium, example_site, require_chromium, serving
from rallypoint.site import pagefind_files, pagefind_parts
from rallypoint.site.pagefind_files import read_pagefind_file
from rallypoint.site.pagefind_parts import _add
from rallypoint.site.pagefind_service import Service
from rallypoint.site.search import write_index

pytestmark = pytest.mark.browser

SEARCH = """async ([words, parts]) => {
  const found = {};
  for (const part of parts) {
    const pf = await import(`./${part}/pagefind/pagefind.js`);
    await pf.options({ noWorker: true });
    await pf.init();
    found[part] = {};
    for (const word of words) {
      const search = await pf.search(word);
      const top = await Promise.all(search.results.slice(0, 3).map((r) => r.data()));
      found[part][word] = [search.results.length, top.map((d) => d.url.replace(`/${part}/`, "/"))];
    }
  }
  return found;
}"""


def _as_pagefind_wrote_it(made, folder) -> None:
    """The same records indexed by Pagefind, its files written as it gave them."""
    with Service() as service:
        index_id = service.ask([{"type": "NewIndex", "config": {"force_language": "en"}}])[0]["index_id"]
        service.ask([_add(index_id, r, "en") for r in sorted(made, key=lambda r: r.url)])
        files = service.files(index_id)
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)


def _edge_words(folder) -> list[str]:
    """The first and last word of each chunk."""
    (meta_file,) = folder.glob("pagefind.*.pf_meta")
    meta = cbor2.loads(read_pagefind_file(meta_file.read_bytes()))
    words = set()
    for _, _, name in meta[2]:
        chunk = cbor2.loads(read_pagefind_file((folder / f"index/{name}.pf_index").read_bytes()))[0]
        for word in (chunk[0][0], chunk[-1][0]):
            if word.isalpha():
                words.add(word)
    return sorted(words)


def test_cut_chunks_find_what_pagefinds_own_find(tmp_path, monkeypatch):
    from search_size import synthetic_records

    require_chromium()
    made = synthetic_records(tmp_path / "community", 300)
    monkeypatch.setattr(pagefind_files, "ALONE", 3_000)  # many cuts, even in a small index
    monkeypatch.setattr(pagefind_files, "PACK", 6_000)
    served = tmp_path / "served"
    write_index(made, served / "cut", "en")
    _as_pagefind_wrote_it(made, served / "whole" / "pagefind")
    (served / "index.html").write_text("<!doctype html><html lang='en'><title>t</title></html>")
    words = _edge_words(served / "cut/pagefind")
    assert len(words) > 40
    with serving(served) as url, chromium() as browser:
        page = browser.new_page()
        page.goto(url)
        found = page.evaluate(SEARCH, [[*words, "brake sensor", "the share"], ["cut", "whole"]])
        page.close()
    differ = {w: (found["cut"][w], found["whole"][w]) for w in found["cut"] if found["cut"][w] != found["whole"][w]}
    assert not differ
    assert sum(1 for count, _ in found["cut"].values() if count) > 40


def test_the_search_page_merges_every_part(tmp_path_factory, tmp_path, monkeypatch):
    """Parts load side by side (``mergeIndex``); the page finds in three parts what it finds in one."""
    from search_size import synthetic_records

    made = synthetic_records(tmp_path / "community", 300)
    site = example_site(tmp_path_factory, "material")
    counts = {}
    with chromium() as browser:
        for parts, words in ((1, 10**9), (3, 40_000)):
            monkeypatch.setattr(pagefind_parts, "PART_WORDS", words)
            copy = tmp_path / f"site-{parts}"
            shutil.copytree(site, copy)
            assert write_index(made, copy, "en").parts == parts
            with serving(copy) as url:
                page = browser.new_page()
                page.goto(url + "search/?q=brake")
                page.locator(".rp-search-result").first.wait_for()
                counts[parts] = page.get_by_role("status").inner_text()
                page.close()
    assert counts[1] == counts[3] and re.fullmatch(r"\d+ results", counts[1]), counts
