"""How fast is `rallypoint build` with each engine, next to a plain mkdocs-material build?

    python benchmarks/engine_speed.py [--contributions 2000] [--commits 3000] [--repeat 2]

One run, one machine, one process at a time. It generates a community with its git history
and times, as ratios against the plain Material build of the same Markdown (Material, search, a
one-entry nav), each run as a fresh process:

- plain Zensical: `zensical build` of that same plain project (cold: no cache), for scale;
- `rallypoint build --engine material` and `--engine zensical`, cold;
- each again after one change (a paragraph added to one contribution, committed).

rallypoint builds in a temporary folder and keeps no cache between builds, so "after one
change" is a full build too: it shows what a CI run after a merge costs. Prints a table;
exit 0 (it measures, it does not judge).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_speed import _plain_project, _timed
from synthetic import generate_community


def _change_one(community: Path) -> None:
    """Add a paragraph to one contribution and commit it, as a merged pull request would."""
    page = sorted((community / "content").rglob("*.md"))[len(list((community / "content").rglob("*.md"))) // 2]
    with page.open("a", encoding="utf-8") as out:
        out.write("\nOne more paragraph, added after the first build.\n")
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "bench@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "bench@example.org",
    }
    for command in (["add", str(page)], ["commit", "-q", "-m", "One more paragraph"]):
        subprocess.run(["git", "-C", str(community), *command], check=True, env=env, capture_output=True)


def _best(runs: list[float]) -> str:
    return f"{min(runs):7.2f} s  (runs: {', '.join(f'{t:.2f}' for t in runs)})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contributions", type=int, default=2_000)
    parser.add_argument("--contributors", type=int, default=200)
    parser.add_argument("--commits", type=int, default=3_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    rallypoint = str(Path(sys.executable).parent / "rallypoint")
    with tempfile.TemporaryDirectory(prefix="rallypoint-engine-bench-") as tmp:
        work = Path(tmp)
        community = work / "community"
        generate_community(community, args.contributions, args.contributors, commits=args.commits)
        plain = work / "plain"
        _plain_project(community, plain)
        times: dict[str, list[float]] = {}

        def timed(label: str, command: list[str], cwd: Path | None = None) -> None:
            times.setdefault(label, []).append(_timed(command, cwd=cwd))

        def build(engine: str, site: str) -> list[str]:
            return [rallypoint, "-C", str(community), "build", "--engine", engine, "--site-dir", str(work / site)]

        for _ in range(args.repeat):
            timed("plain material", [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "plain-m")], plain)
            shutil.rmtree(plain / ".cache", ignore_errors=True)
            timed("plain zensical", [sys.executable, "-m", "zensical", "build", "-f", "mkdocs.yml"], plain)
            timed("rallypoint material, cold", build("material", "site-m"))
            timed("rallypoint zensical, cold", build("zensical", "site-z"))
        for _ in range(args.repeat):
            _change_one(community)
            timed("rallypoint material, after one change", build("material", "site-m"))
            timed("rallypoint zensical, after one change", build("zensical", "site-z"))
        pages = sum(1 for _ in (work / "site-z").rglob("index.html"))
        reference = min(times["plain material"])
        print(f"community: {args.contributions:,} contributions, {args.commits:,} commits, {pages:,} pages built")
        print(f"{'build':<40} {'ratio':>6}   best time")
        for label, runs in times.items():
            print(f"{label:<40} {min(runs) / reference:5.2f}x   {_best(runs)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
