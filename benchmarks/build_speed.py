"""How fast is `rallypoint build` next to a plain mkdocs-material build of the same pages?

    python benchmarks/build_speed.py [--contributions 2000 10000] [--repeat 2]

Both runs are timed in this one script, on the same machine, one after the other, each
allowed both cores. The plain build gets the same Markdown files with a short nav and
Material's own search plugin (Lunr), as a plain Material site would have; rallypoint gets
everything switched on: checks, one git log pass, indexes, feeds, sanitising, and its
Pagefind search index in place of Lunr's. Target (issue 14): rallypoint at most 1.2x the
plain build in wall-clock time at 2,000 and at 10,000 contributions. Exit 0 on PASS, 1 on FAIL.

The CPU column (user + system time of each build's processes) says how much work each did:
the wall-clock ratio is the target, but on a machine shared with other jobs the CPU ratio
moves less from run to run.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate_community

TARGET = 1.2

PLAIN_CONFIG = """\
site_name: Plain build
theme:
  name: material
plugins:
  - search
nav:
  - Home: index.md
"""


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _timed(command: list[str], cwd: Path | None = None) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one command and every process it started."""
    cpu = _children_cpu()
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed, _children_cpu() - cpu


def _plain_project(community: Path, target: Path) -> None:
    docs = target / "docs"
    for page in sorted((community / "content").rglob("*.md")):
        out = docs / page.relative_to(community / "content")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, out)
    (docs / "index.md").write_text("# Home\n")
    (target / "mkdocs.yml").write_text(PLAIN_CONFIG)


def compare(contributions: int, contributors: int, commits: int, repeat: int) -> float:
    """Build one synthetic community both ways ``repeat`` times; print the best of each; the ratio."""
    rallypoint = Path(sys.executable).parent / "rallypoint"
    with tempfile.TemporaryDirectory(prefix="rallypoint-build-bench-") as tmp:
        work = Path(tmp)
        community = work / "community"
        generate_community(community, contributions, contributors, commits=commits)
        plain = work / "plain"
        _plain_project(community, plain)
        plain_runs, our_runs = [], []
        for _ in range(repeat):
            plain_runs.append(
                _timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "plain-site")], cwd=plain)
            )
            build = [str(rallypoint), "-C", str(community), "build", "--no-cache", "--site-dir", str(work / "site")]
            our_runs.append(_timed(build))  # cold: .rallypoint-cache/ would make every run after the first incremental
        pages = sum(1 for _ in (work / "site").rglob("index.html"))
    best_plain, best_ours = min(plain_runs), min(our_runs)
    ratio = best_ours[0] / best_plain[0]
    print(f"community: {contributions:,} contributions, {commits:,} commits, {pages:,} pages built")
    for name, best, runs in (
        ("plain mkdocs-material (short nav, Lunr)", best_plain, plain_runs),
        ("rallypoint build (everything on)       ", best_ours, our_runs),
    ):
        print(
            f"{name}: {best[0]:6.2f} s wall, {best[1]:6.2f} s CPU   runs: "
            + ", ".join(f"{wall:.2f}" for wall, _ in runs)
        )
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"ratio: {ratio:.2f}x wall, {best_ours[1] / best_plain[1]:.2f}x CPU (target at most {TARGET}x): {verdict}\n")
    return ratio


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contributions", type=int, nargs="+", default=[2_000])
    parser.add_argument("--contributors", type=int, default=0, help="default: one for every 10 contributions")
    parser.add_argument("--commits", type=int, default=0, help="default: 1.5 for every contribution")
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    ratios = [
        compare(n, args.contributors or max(20, n // 10), args.commits or n * 3 // 2, args.repeat)
        for n in args.contributions
    ]
    return 0 if max(ratios) <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
