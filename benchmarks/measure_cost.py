"""What do the measurements (goals, health, dashboard, charts, /report.json) add to a build?

    python benchmarks/measure_cost.py [--baseline REF] [--contributions 2000] [--commits 3000]

Builds the same synthetic community (2,000 contributions, 3,000 commits, as build_speed.py)
with two copies of rallypoint, interleaved, in this one script: the working tree's, and the one
at ``--baseline`` (default: the commit before ``tooling/rallypoint/measures/`` was added, or
HEAD while it is not committed yet), taken with ``git archive``. Both run the same way (their
folder on PYTHONPATH) and keep the best of ``--repeat`` runs. It also times, in this process,
``measure_community`` itself and ``rallypoint report``. Target: the working tree's build at most
1.10x the baseline's. Exit 0 on PASS, 1 on FAIL.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate_community

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

TARGET = 1.10
MEASURES = "tooling/rallypoint/measures"


def _git(*args: str) -> str:
    return subprocess.run(["git", "-C", str(REPO), *args], capture_output=True, text=True, check=True).stdout.strip()


def default_baseline() -> str:
    """The commit before the measurements arrived (HEAD while they are not committed)."""
    added = _git("log", "--diff-filter=A", "--format=%H", "--reverse", "--", MEASURES).splitlines()
    return f"{added[0]}^" if added else "HEAD"


def _package(into: Path, tooling: Path, templates: Path) -> Path:
    """``into/rallypoint`` laid out as the wheel installs it: the package with its site_templates inside."""
    shutil.copytree(tooling / "rallypoint", into / "rallypoint", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(templates, into / "rallypoint" / "site_templates", ignore=shutil.ignore_patterns("__pycache__"))
    return into


def _baseline_package(ref: str, into: Path) -> Path:
    archive = subprocess.run(
        ["git", "-C", str(REPO), "archive", "--format=tar", ref, "tooling/rallypoint", "site_templates"],
        capture_output=True,
        check=True,
    ).stdout
    unpacked = into / "tree"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(unpacked, filter="data")
    return _package(into / "path", unpacked / "tooling", unpacked / "site_templates")


def _build(path: Path, community: Path, site: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(path)}
    command = [sys.executable, "-c", "from rallypoint.cli import main; main()", "-C", str(community), "build"]
    start = time.perf_counter()
    done = subprocess.run([*command, "--site-dir", str(site)], capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"build with {path} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def _in_process(community: Path) -> tuple[float, float]:
    """Seconds for one ``measure_community`` with every purpose's charts, and for ``rallypoint
    report`` (both days), best of three."""
    from rallypoint.history.log import read_history
    from rallypoint.measures import measure_community
    from rallypoint.model.community import load_community
    from rallypoint.site.charts import purpose_charts
    from rallypoint.workflow.report import report_community, report_markdown

    result = load_community(community)
    history = read_history(community, result.community.settings.bots)
    purposes = result.community.purposes
    measuring, reporting = [], []
    for _ in range(3):
        start = time.perf_counter()
        measures = measure_community(result.community, history)
        for pid, measured in measures.purposes.items():
            purpose_charts(measured, purposes[pid].started, measures.today)
        measuring.append(time.perf_counter() - start)
        start = time.perf_counter()
        report_markdown(report_community(community))
        reporting.append(time.perf_counter() - start)
    return min(measuring), min(reporting)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", default=None, help="git ref of the rallypoint to compare with")
    parser.add_argument("--contributions", type=int, default=2_000)
    parser.add_argument("--contributors", type=int, default=200)
    parser.add_argument("--commits", type=int, default=3_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    baseline = args.baseline or default_baseline()
    with tempfile.TemporaryDirectory(prefix="rallypoint-measure-bench-") as tmp:
        work = Path(tmp)
        community = work / "community"
        generate_community(community, args.contributions, args.contributors, commits=args.commits)
        before = _baseline_package(baseline, work / "baseline")
        after = _package(work / "current", REPO / "tooling", REPO / "site_templates")
        times: dict[str, list[float]] = {"baseline": [], "current": []}
        for _ in range(args.repeat):
            times["baseline"].append(_build(before, community, work / "site-baseline"))
            times["current"].append(_build(after, community, work / "site-current"))
        measuring, reporting = _in_process(community)
        best = {name: min(runs) for name, runs in times.items()}
        ratio = best["current"] / best["baseline"]
        pages = sum(1 for _ in (work / "site-current").rglob("index.html"))
        print(f"community: {args.contributions:,} contributions, {args.commits:,} commits, {pages:,} pages built")
        for name, runs in times.items():
            label = (
                f"{name} ({_git('rev-parse', '--short', baseline)})" if name == "baseline" else "current (work tree)"
            )
            print(f"build, {label:<24} {best[name]:6.2f} s   runs: " + ", ".join(f"{t:.2f}" for t in runs))
        print(f"measure_community and charts, in process: {measuring * 1000:.1f} ms")
        print(f"rallypoint report (load, history, two days measured, markdown): {reporting:.2f} s")
        verdict = "PASS" if ratio <= TARGET else "FAIL"
        print(f"ratio: {ratio:.3f}x (target at most {TARGET:.2f}x): {verdict}")
        return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
