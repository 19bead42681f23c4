"""How big the built site is: bytes per page and in all, for synthetic communities.

Issue 14's goal is about 10 KB per page on average and a whole site under GitHub Pages' 1 GB
at 100,000 contributions, with no page that grows with the community. This builds each size
once and prints, per size: pages, the site's total, the average and largest HTML page, the
largest tag page and profile, and the search index.

    .venv/bin/python benchmarks/page_sizes.py --contributions 2000 10000

Run it with another checkout's code first on PYTHONPATH (``PYTHONPATH=/tmp/old/tooling``) to
compare before and after.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from rallypoint.site.build import build_site
from synthetic import generate_community


def measure(site: Path) -> dict[str, float]:
    """Sizes in bytes of a built site's files."""
    pages = [p for p in site.rglob("index.html")]
    sizes = {p: p.stat().st_size for p in pages}
    total = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    index = site / "search" / "search_index.json"

    def largest(section: str) -> int:
        return max((s for p, s in sizes.items() if p.parent.parent == site / section), default=0)

    return {
        "pages": len(pages),
        "total": total,
        "average": sum(sizes.values()) / len(pages),
        "largest": max(sizes.values()),
        "tag": largest("tags"),
        "profile": largest("contributors"),
        "search": index.stat().st_size if index.exists() else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contributions", type=int, nargs="+", default=[2000])
    args = parser.parse_args()
    print(
        f"{'contributions':>13} {'pages':>7} {'site MB':>8} {'avg KB':>7} {'max KB':>7} "
        f"{'tag KB':>7} {'profile KB':>10} {'search MB':>9} {'build s':>7}"
    )
    for n in args.contributions:
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp) / "community"
            generate_community(root, contributions=n, contributors=max(20, n // 20), seed=0)
            start = time.perf_counter()
            result = build_site(root, Path(tmp) / "site")
            seconds = time.perf_counter() - start
            assert result.site_dir, result.diagnostics
            m = measure(result.site_dir)
        print(
            f"{n:>13,} {m['pages']:>7,} {m['total'] / 1e6:>8.1f} {m['average'] / 1e3:>7.1f} "
            f"{m['largest'] / 1e3:>7.1f} {m['tag'] / 1e3:>7.1f} {m['profile'] / 1e3:>10.1f} "
            f"{m['search'] / 1e6:>9.1f} {seconds:>7.0f}",
            flush=True,
        )


if __name__ == "__main__":
    main()
