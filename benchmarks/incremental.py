"""Incremental builds: how long a rebuild takes next to a cold build of the same community.

    python benchmarks/incremental.py [--contributions 10000] [--contributors 500] [--commits 12000]

It generates a synthetic community with its git history in a temporary folder, then times, in
one process and one after the other (so every build runs the same code):

- **cold, no cache**: ``build_site(..., cache=False)``, the reference;
- **cold**: the first build with an empty ``.rallypoint-cache/`` (it fills the cache);
- **nothing changed**: the same build again, files untouched (the last build's fingerprint
  matches and its site is there: nothing is rebuilt);
- **nothing changed, new site folder**: the same again into another folder, as in CI, where the
  checkout makes every file new and the site folder is empty: the page cache alone;
- **one edit**: one contribution's body edited, not committed (as under ``serve``), then a build;
- **one commit**: the same edit committed by someone new, then a build (as in CI after a merge).

Every timed build writes a new folder, as the reference does: replacing a previous site also
deletes its files, which on this machine's file system costs 1-2 ms a file (12 s for 2,300
pages), the same for any build, cached or not, so it is left out of every figure.

Each result is checked byte for byte against a cold build of the same commit (``--no-check``
skips that). Ratios are against the cold, no-cache build.

Measured on 2026-11-29 on the shared 2-core machine (ratios against the cold, no-cache build;
see benchmarks/README.md for the load and for where a rebuild's time goes):

| contributions | cold, filling the cache | nothing changed | new folder | one edit | one commit |
|---|---|---|---|---|---|
| 2,000 | 97% | 0.7% | 40% | 60% | 70% |
| 10,000 | 78% | 0.7% | 43% | 43% | 46% |
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from rallypoint.history.repository import commit_everything
from rallypoint.site.build import build_site
from rallypoint.site.cache import CACHE_DIR
from synthetic import generate_community


def _timed(label: str, build) -> tuple[float, object]:
    started = time.perf_counter()
    result = build()
    took = time.perf_counter() - started
    assert result.site_dir is not None, result.diagnostics
    print(f"{label:<34} {took:7.1f} s   ({result.reused:,} of {result.pages:,} pages reused)", flush=True)
    return took, result


def _digest(folder: Path) -> dict[str, bytes]:
    import hashlib

    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).digest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def _backdate(root: Path) -> None:
    """Files older than the racy window, as after a checkout some time ago."""
    when = time.time() - 120
    for folder, dirs, files in os.walk(root):
        dirs[:] = [d for d in dirs if d not in (".git", CACHE_DIR)]
        for name in files:
            os.utime(os.path.join(folder, name), (when, when))


def _edit_one(root: Path) -> str:
    """Append a paragraph to one contribution (not committed yet)."""
    path = sorted((root / "content").rglob("*.md"))[len(list((root / "content").rglob("*.md"))) // 2]
    path.write_text(path.read_text() + "\nOne more paragraph, written for the benchmark.\n")
    return path.relative_to(root).as_posix()


def measure(root: Path, work: Path, check: bool) -> dict[str, float]:
    times = {}
    times["cold, no cache"], _ = _timed("cold, no cache", lambda: build_site(root, work / "reference", cache=False))
    times["cold"], _ = _timed("cold (fills the cache)", lambda: build_site(root, work / "site"))
    if check:
        assert _digest(work / "site") == _digest(work / "reference"), "the cold build with a cache differs"
    _backdate(root)
    build_site(root, work / "site")  # remembers the last build now that the files are settled
    times["nothing changed"], _ = _timed("nothing changed", lambda: build_site(root, work / "site"))
    times["new folder"], _ = _timed("nothing changed, new site folder", lambda: build_site(root, work / "other"))
    if check:
        assert _digest(work / "other") == _digest(work / "reference"), "the cached build differs"
    edited = _edit_one(root)
    times["one edit"], _ = _timed(f"one edit, uncommitted ({edited})", lambda: build_site(root, work / "edit"))
    commit_everything(root, "Edit one contribution", "Bench Mark", "bench@example.org")
    times["one commit"], _ = _timed("the same edit, committed", lambda: build_site(root, work / "commit"))
    if check:
        build_site(root, work / "after", cache=False)
        assert _digest(work / "commit") == _digest(work / "after"), "the rebuild after one change differs"
        print("every cached build is byte-identical to a cold build of the same commit")
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--contributions", type=int, default=10_000)
    parser.add_argument("--contributors", type=int, default=None)
    parser.add_argument("--commits", type=int, default=None)
    parser.add_argument("--no-check", action="store_true", help="skip the byte-for-byte comparisons")
    args = parser.parse_args()
    n = args.contributions
    contributors = args.contributors or max(20, n // 20)
    commits = args.commits or n + n // 5
    with tempfile.TemporaryDirectory(prefix="rallypoint-incremental-") as tmp:
        work = Path(tmp)
        root = work / "community"
        started = time.perf_counter()
        generate_community(root, contributions=n, contributors=contributors, purposes=5, commits=commits, seed=0)
        print(f"generated {n:,} contributions, {commits:,} commits in {time.perf_counter() - started:.0f} s")
        times = measure(root, work, not args.no_check)
        reference = times["cold, no cache"]
        print()
        print("| contributions | " + " | ".join(times) + " |")
        print("|---|" + "---|" * len(times))
        row = [f"{t:.1f} s ({t / reference:.1%})" for t in times.values()]
        print(f"| {n:,} | " + " | ".join(row) + " |")
        shutil.rmtree(root / CACHE_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
