"""What search costs: Pagefind's indexing time and memory, and what a reader's browser downloads.

    python benchmarks/search_size.py --contributions 10000
    python benchmarks/search_size.py --contributions 100000 --no-browser
    python benchmarks/search_size.py --contributions 10000 --keep /tmp/search-10k  # reuse between runs

Makes a synthetic community (benchmarks/synthetic.py), its search records from the model (as
a build does), and indexes them with Pagefind into a copy of the example community's built
site. Then, in headless chromium, it opens the search page, waits until it has loaded, types
each query and adds up every response that arrives until the first results show: scripts,
wasm, index metadata, index chunks and the ten results' fragments. The bytes are the bodies as
served by a plain file server; "gzip" is what a server that compresses scripts and JSON
(GitHub Pages does) would send, Pagefind's own files being compressed already.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "benchmarks"))

QUERIES = ("pump", "newcomer", "brake sensor")
"""One common word, one rarer, two words: the synthetic text has a small vocabulary, so every
word is on many pages, the worst case for the index chunks a query needs."""
_COMPRESSED = (".pagefind", ".pf_meta", ".pf_index", ".pf_fragment", ".pf_filter", ".png")


def synthetic_records(folder: Path, contributions: int, seed: int = 0) -> list:
    """The search records of a synthetic community written into ``folder``."""
    from rallypoint.history.log import read_history
    from rallypoint.model.community import load_community
    from rallypoint.site.indexes import build_indexes
    from rallypoint.site.search import records
    from synthetic import generate_community

    generate_community(folder, contributions, max(5, contributions // 20), seed=seed)
    community = load_community(folder).community
    indexes = build_indexes(community, read_history(folder, community.settings.bots))
    return list(records(community, indexes))


def _kept_records(work: Path, contributions: int) -> list:
    """The records of a synthetic community of ``contributions`` in ``work``, made once and kept."""
    from rallypoint.site.search import SearchRecord

    kept = work / f"records-{contributions}.json"
    if kept.exists():
        return [SearchRecord.from_json(r) for r in json.loads(kept.read_text(encoding="utf-8"))]
    shutil.rmtree(work / "community", ignore_errors=True)
    made = synthetic_records(work / "community", contributions)
    kept.parent.mkdir(parents=True, exist_ok=True)
    kept.write_text(json.dumps([r.as_json() for r in made]), encoding="utf-8")
    return made


def example_site(work: Path) -> Path:
    """The example community's site, built with Material into ``work / "site"``."""
    from browsing import copy_example
    from rallypoint.site.build import build_site

    root = copy_example(work / "example")
    result = build_site(root, work / "site")
    assert result.site_dir, result.diagnostics
    return result.site_dir


def downloaded(browser, url: str, query: str) -> list[tuple[str, int, int]]:
    """(path, bytes, bytes gzipped) of each response between the search page's load and its first results."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    responses: list = []
    page.goto(url + "search/")
    page.wait_for_load_state("networkidle")
    page.on("response", lambda response: responses.append(response))
    page.get_by_label("Words to find in contributions and purposes").fill(query)
    page.locator(".rp-search-result h2 a").first.wait_for(timeout=60_000)
    page.wait_for_load_state("networkidle")
    fetched = []
    for response in responses:
        body = response.body()
        path = response.url.removeprefix(url).split("?")[0]
        packed = len(body) if path.endswith(_COMPRESSED) else len(gzip.compress(body))
        fetched.append((path, len(body), packed))
    page.close()
    return fetched


def _kind(path: str) -> str:
    for marker, kind in (("/index/", "index chunks"), ("/fragment/", "fragments"), (".pf_meta", "metadata")):
        if marker in path:
            return kind
    return "wasm" if path.endswith(".pagefind") else "scripts and other"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contributions", type=int, default=10_000)
    parser.add_argument("--no-browser", action="store_true", help="only index, and report time and memory")
    parser.add_argument(
        "--keep", type=Path, help="a folder that keeps the community, its records and the site between runs"
    )
    parser.add_argument("--part-words", type=int, help="index parts of about this many words (default: PART_WORDS)")
    args = parser.parse_args(argv)
    from rallypoint.site import pagefind_parts
    from rallypoint.site.search import FOLDER, PARTS_FILE, write_index

    if args.part_words:
        pagefind_parts.PART_WORDS = args.part_words

    with contextlib.ExitStack() as stack:
        work = args.keep or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="rallypoint-search-size-")))
        start = time.perf_counter()
        made = _kept_records(work, args.contributions)
        made_in = time.perf_counter() - start
        site = work / "site"
        if not args.no_browser and not (site / "search" / "index.html").exists():
            shutil.rmtree(work / "example", ignore_errors=True)
            site = example_site(work)
        site.mkdir(exist_ok=True)
        start = time.perf_counter()
        stats = write_index(made, site, "en")
        indexed_in = time.perf_counter() - start
        parts = 1 + len(json.loads((site / FOLDER / PARTS_FILE).read_text()))
        size = sum(p.stat().st_size for p in (site / FOLDER).rglob("*") if p.is_file())
        print(f"{stats.records:,} records, {stats.words:,} words: made in {made_in:.1f} s (community included)")
        print(
            f"indexed in {indexed_in:.1f} s, {parts} part(s), Pagefind's peak memory {stats.peak_rss / 2**20:,.0f} MB"
        )
        print(f"index on disk: {size / 1e6:.1f} MB")
        if not args.no_browser:
            _browse(site)
    return 0


def _browse(site: Path) -> None:
    from browsing import chromium, serving

    with serving(site) as url, chromium() as browser:
        for query in QUERIES:
            fetched = downloaded(browser, url, query)
            total, packed = sum(f[1] for f in fetched), sum(f[2] for f in fetched)
            by_kind: dict[str, int] = {}
            for path, size, _ in fetched:
                by_kind[_kind(path)] = by_kind.get(_kind(path), 0) + size
            parts = ", ".join(f"{kind} {size / 1000:.0f}" for kind, size in sorted(by_kind.items()))
            print(f"{query!r}: {total / 1000:.0f} KB in {len(fetched)} files ({packed / 1000:.0f} KB gzip): {parts}")


if __name__ == "__main__":
    sys.exit(main())
