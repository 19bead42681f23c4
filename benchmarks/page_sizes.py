"""How big the built site is: bytes per page and in all, for synthetic communities.

Issue 14's goal is about 10 KB per page on average and a whole site under GitHub Pages' 1 GB
at 100,000 contributions, with no page that grows with the community. This builds each size
once and prints, per size: pages, the site's total, the average and largest HTML page, the
largest tag page and profile, the search index (Lunr's or Pagefind's folder), and the
projection to 100,000 contributions (pages grow with contributions; the search index too).

    .venv/bin/python benchmarks/page_sizes.py --contributions 2000 10000
    .venv/bin/python benchmarks/page_sizes.py --contributions 10000 --adversarial

``--parts`` also prints what each part of a contribution page weighs on average (the theme's
head, header, tabs, footer, ``__config``; the page's own content), a card on a tag page, and the
site with no theme at all (every page cut down to its content: the least any theme could reach), and
``--site DIR`` measures a site already built instead of building one:

    .venv/bin/python benchmarks/page_sizes.py --contributions 10000 --parts
    .venv/bin/python benchmarks/page_sizes.py --site /tmp/site --parts

``--adversarial`` makes one person the author of half the contributions (5,000 of 10,000),
puts one tag on all of them and links one page from half of them, then lists the largest page
of each kind: none may grow with N.

Run it with another checkout's code first on PYTHONPATH (``PYTHONPATH=/tmp/old/tooling``) to
compare before and after.
"""

from __future__ import annotations

import argparse
import collections
import re
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from rallypoint.site.build import build_site
from synthetic import generate_community

SEARCH_FOLDERS = ("search", "pagefind")
SECTIONS = ("tags", "contributors", "purposes", "ideas", "questions", "forecasts", "wanted", "changes", "notes")


def _section(site: Path, page: Path) -> str:
    parts = page.relative_to(site).parts
    if len(parts) == 1:
        return "home"
    if parts[0] in ("tags", "contributors") and (len(parts) == 2 or parts[1] == "page"):
        return f"{parts[0]} index"
    if parts[0] in SECTIONS or parts[0] == "dashboard":
        return parts[0]
    return "linked-from" if "linked-from" in parts else "contribution"


def measure(site: Path) -> dict:
    """Sizes in bytes of a built site's files."""
    sizes = {p: p.stat().st_size for p in site.rglob("index.html")}
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    search = sum(p.stat().st_size for f in SEARCH_FOLDERS for p in (site / f).rglob("*") if p.is_file())
    largest: dict[str, tuple[int, str]] = {}
    by_section: dict[str, list[int]] = collections.defaultdict(list)
    for page, size in sizes.items():
        section = _section(site, page)
        by_section[section].append(size)
        largest[section] = max(largest.get(section, (0, "")), (size, str(page.parent.relative_to(site))))
    return {
        "pages": len(sizes),
        "total": total,
        "average": sum(sizes.values()) / len(sizes),
        "largest": max(sizes.values()),
        "tag": largest.get("tags", (0, ""))[0],
        "profile": largest.get("contributors", (0, ""))[0],
        "search": search,
        "sections": {s: (len(v), sum(v) / len(v), largest[s]) for s, v in sorted(by_section.items())},
    }


PARTS = {
    "head": r"<head>.*?</head>",
    "header": r'<header class="md-header.*?</header>',
    "palette": r'<form class="md-header__option".*?</form>',
    "tabs": r'<nav class="md-tabs".*?</nav>',
    "drawer": r'<div class="md-sidebar md-sidebar--primary".*?</nav>\n</div>\n</div>\n</div>',
    "footer": r'<footer class="md-footer">.*?</footer>',
    "__config": r'<script id="__config".*?</script>',
    "content": r'<article class="md-content__inner md-typeset">.*</article>',
}
"""What ``--parts`` weighs on each contribution page; the chrome is the page less its content."""


def weigh_parts(site: Path, sample: int = 2000) -> dict[str, float]:
    """Mean bytes of each of PARTS (and of the chrome) over up to ``sample`` contribution pages,
    and of a card on the tag pages (``card``)."""
    totals: dict[str, float] = collections.Counter()
    pages = [p for p in sorted(site.rglob("index.html")) if _section(site, p) == "contribution"][:sample]
    for page in pages:
        html = page.read_text(encoding="utf-8")
        totals["page"] += len(html.encode())
        for name, pattern in PARTS.items():
            found = re.search(pattern, html, re.S)
            totals[name] += len(found[0].encode()) if found else 0
    means = {name: value / max(len(pages), 1) for name, value in totals.items()}
    means["chrome"] = means["page"] - means["content"]
    cards = [
        len(c.encode())
        for p in (site / "tags").rglob("index.html")
        for c in re.findall(r'<li class="rp-card">.*?</li>', p.read_text(encoding="utf-8"), re.S)
    ]
    means["card"] = sum(cards) / max(len(cards), 1)
    return means


def without_theme(site: Path) -> tuple[int, int]:
    """The site's bytes with no theme at all (every HTML page cut down to its content, every
    other file as it is), and how many contribution pages it has."""
    total, contributions = 0, 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        if path.name != "index.html":
            total += path.stat().st_size
            continue
        contributions += _section(site, path) == "contribution"
        found = re.search(PARTS["content"], path.read_text(encoding="utf-8"), re.S)
        total += len(found[0].encode()) if found else path.stat().st_size
    return total, contributions


def print_parts(means: dict[str, float], bare: tuple[int, int]) -> None:
    print("    a contribution page, mean bytes: " + ", ".join(f"{k} {v:,.0f}" for k, v in means.items() if k != "card"))
    print(f"    a card on a tag page, mean bytes: {means['card']:,.0f}")
    size, contributions = bare
    print(
        f"    with no theme at all (each page only its content): {size / 1e6:.1f} MB, "
        f"{size / max(contributions, 1) / 1e3:.1f} KB a contribution"
    )


def make_adversarial(root: Path) -> None:
    """One author of half the contributions, one tag on all, one page linked from half, one
    page nobody wrote wanted by half (and a dozen more wanted by the other half)."""
    pages = sorted((root / "content").glob("*/*.md"))
    person = sorted((root / "contributors").glob("*.yml"))[0].stem
    target = pages[0].stem
    for i, page in enumerate(pages):
        text = page.read_text(encoding="utf-8")
        head, _, body = text[4:].partition("\n---\n")
        head = re.sub(
            r"^tags: \[(.*)\]$",
            lambda m: f"tags: [{m[1]}, everywhere]" if m[1] else "tags: [everywhere]",
            head,
            flags=re.M,
        )
        if "\ntags:" not in f"\n{head}":
            head += "\ntags: [everywhere]"
        if i % 2:
            head = re.sub(r"^authors: \[.*\]$", f"authors: [{person}]", head, flags=re.M)
            body += f"\nSee [[{target}]] and [[not-written-yet]].\n"
        else:
            body += f"\nSomeone should write [[missing-{i % 12}]].\n"
        page.write_text(f"---\n{head}\n---\n{body}", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contributions", type=int, nargs="+", default=[2000])
    parser.add_argument("--adversarial", action="store_true", help="one author, one tag, one page linked from half")
    parser.add_argument(
        "--sections", action="store_true", help="also print each kind of page's count, mean and largest"
    )
    parser.add_argument("--parts", action="store_true", help="also weigh the parts of a contribution page, and a card")
    parser.add_argument("--site", type=Path, help="measure this built site instead of building")
    args = parser.parse_args()
    if args.site:
        m = measure(args.site)
        print(
            f"{m['pages']:,} pages, {m['total'] / 1e6:.1f} MB, {m['average'] / 1e3:.1f} KB a page, search {m['search'] / 1e6:.1f} MB"
        )
        print_parts(weigh_parts(args.site), without_theme(args.site))
        return
    print(
        f"{'contributions':>13} {'pages':>7} {'site MB':>8} {'avg KB':>7} {'max KB':>7} "
        f"{'tag KB':>7} {'profile KB':>10} {'search MB':>9} {'build s':>7} {'at 100,000 GB':>13}"
    )
    for n in args.contributions:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "community"
            generate_community(root, contributions=n, contributors=max(20, n // 20), seed=0)
            if args.adversarial:
                make_adversarial(root)
            start = time.perf_counter()
            result = build_site(root, Path(tmp) / "site")
            seconds = time.perf_counter() - start
            assert result.site_dir, result.diagnostics
            m = measure(result.site_dir)
            if args.parts:
                parts = weigh_parts(result.site_dir), without_theme(result.site_dir)
        projected = m["total"] * 100_000 / n
        print(
            f"{n:>13,} {m['pages']:>7,} {m['total'] / 1e6:>8.1f} {m['average'] / 1e3:>7.1f} "
            f"{m['largest'] / 1e3:>7.1f} {m['tag'] / 1e3:>7.1f} {m['profile'] / 1e3:>10.1f} "
            f"{m['search'] / 1e6:>9.1f} {seconds:>7.0f} {projected / 1e9:>13.2f}",
            flush=True,
        )
        if args.sections or args.adversarial:
            for section, (count, mean, (size, where)) in m["sections"].items():
                print(
                    f"    {section:<13} {count:>7,} pages, mean {mean / 1e3:6.1f} KB, largest {size / 1e3:6.1f} KB /{where}/"
                )
        if args.parts:
            print_parts(*parts)


if __name__ == "__main__":
    main()
