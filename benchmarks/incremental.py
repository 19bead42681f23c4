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

With ``--stages``, the committed edit's rebuild also says where its time went, stage by stage
(each stage's function timed where the build calls it; indented stages are part of MkDocs').

With ``--floors``, it also times, after the cold build and in the same process, what any rebuild
that replaces the site atomically must do at the least, whatever it caches:

- **write the site into a new folder**: every file of the cold build's site, already in memory,
  written into an empty folder (what CI must do: its site folder starts empty);
- **hard-link the site into a new folder**: the cheapest atomic replacement that keeps the
  unchanged files of a previous site (one folder and one link per file, then a rename);
- **read and check the files**: ``load_community`` with the parse cache warm.

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
import contextlib
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


STAGES = (
    # (label, module, attribute, part of MkDocs' run): the build's stages where build_site calls them.
    ("fingerprint of the inputs", "rallypoint.site.build", "inputs_fingerprint", False),
    ("load and check the files", "rallypoint.site.build", "load_community", False),
    ("history", "rallypoint.site.build", "cached_history", False),
    ("renamed links", "rallypoint.site.build", "renamed_link_problems", False),
    ("indexes (claims, measures)", "rallypoint.site.engines", "build_indexes", True),
    ("pages set up (lazy)", "rallypoint.site.engines", "render_pages", True),
    ("feeds", "rallypoint.site.engines", "render_feeds", True),
    ("redirects", "rallypoint.site.engines", "redirect_files", True),
    ("pages MkDocs renders: choice", "rallypoint.site.selection", "Selection.choose", True),
    ("pages from shells (all of it)", "rallypoint.site.plugin", "write_pages", True),
    ("cached pages, sitemap", "rallypoint.site.selection", "Selection.finish", True),
    ("MkDocs as a whole", "rallypoint.site.engines.material", "build", False),
    ("search index", "rallypoint.site.build", "_search_index", False),
    ("survey of the site", "rallypoint.site.build", "survey", False),
    ("swap in", "rallypoint.site.build", "_swap_in", False),
)


class Stages:
    """Times each of :data:`STAGES` that this version of the code has, while in its ``with``."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self._undo: list[tuple[object, str, object]] = []

    def __enter__(self) -> Stages:
        import functools
        import importlib

        for label, module, attribute, _ in STAGES:
            owner = importlib.import_module(module)
            *path, name = attribute.split(".")
            for part in path:
                owner = getattr(owner, part, None)
            function = getattr(owner, name, None)
            if function is None:
                continue

            @functools.wraps(function)
            def timed(*args, _function=function, _label=label, **options):
                started = time.perf_counter()
                try:
                    return _function(*args, **options)
                finally:
                    self.spent[_label] = self.spent.get(_label, 0.0) + time.perf_counter() - started

            self._undo.append((owner, name, function))
            setattr(owner, name, timed)
        return self

    def __exit__(self, *exc) -> None:
        for owner, name, function in reversed(self._undo):
            setattr(owner, name, function)

    def print(self, total: float) -> None:
        print(f"  {'where the time went':<34} {total:7.2f} s")
        outside = total
        for label, _, _, inner in STAGES:
            if label in self.spent:
                print(
                    f"  {'  ' * inner}{label:<{34 - 2 * inner}} {self.spent[label]:7.2f} s  {self.spent[label] / total:6.1%}"
                )
                outside -= 0 if inner else self.spent[label]
        print(f"  {'the rest (start-up, config, ...)':<34} {outside:7.2f} s  {outside / total:6.1%}")


def _floor(label: str, reference: float, act) -> None:
    started = time.perf_counter()
    act()
    took = time.perf_counter() - started
    print(f"  floor: {label:<44} {took:6.2f} s  {took / reference:6.1%} of the cold build", flush=True)


def _write_all(files: dict[str, bytes], folder: Path) -> None:
    for name, data in files.items():
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def _link_all(site: Path, folder: Path) -> None:
    for parent, _, files in os.walk(site):
        here = folder / os.path.relpath(parent, site)
        here.mkdir(parents=True, exist_ok=True)
        for name in files:
            os.link(os.path.join(parent, name), here / name)


def floors(root: Path, site: Path, work: Path, reference: float) -> None:
    """What any atomic rebuild must do at the least, next to the cold build (see ``--floors``)."""
    from rallypoint.model.community import load_community

    files = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    _floor(f"write the site's {len(files):,} files into a new folder", reference, lambda: _write_all(files, work / "w"))
    _floor("hard-link the site into a new folder", reference, lambda: _link_all(site, work / "l"))
    load_community(root, cache=True)
    _floor("read and check the files (parse cache warm)", reference, lambda: load_community(root, cache=True))
    for name in ("w", "l"):
        shutil.rmtree(work / name, ignore_errors=True)


def measure(root: Path, work: Path, check: bool, stages: bool = False, floor: bool = False) -> dict[str, float]:
    times = {}
    times["cold, no cache"], _ = _timed("cold, no cache", lambda: build_site(root, work / "reference", cache=False))
    if floor:
        floors(root, work / "reference", work, times["cold, no cache"])
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
    with Stages() if stages else contextlib.nullcontext() as spent:
        times["one commit"], _ = _timed("the same edit, committed", lambda: build_site(root, work / "commit"))
    if spent is not None:
        spent.print(times["one commit"])
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
    parser.add_argument("--stages", action="store_true", help="say where the committed edit's rebuild spent its time")
    parser.add_argument("--floors", action="store_true", help="time what any atomic rebuild must do at the least")
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
        times = measure(root, work, not args.no_check, args.stages, args.floors)
        reference = times["cold, no cache"]
        print()
        print("| contributions | " + " | ".join(times) + " |")
        print("|---|" + "---|" * len(times))
        row = [f"{t:.1f} s ({t / reference:.1%})" for t in times.values()]
        print(f"| {n:,} | " + " | ".join(row) + " |")
        shutil.rmtree(root / CACHE_DIR, ignore_errors=True)


if __name__ == "__main__":
    main()
