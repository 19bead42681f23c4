"""How fast is `rallypoint build` next to a plain mkdocs-material build of the same pages?

    python benchmarks/build_speed.py [--contributions 2000] [--commits 3000]

Both runs are timed in this one script, on the same machine, one after the other. The plain
build gets the same Markdown files with a short nav and only the search plugin; rallypoint
gets everything switched on (checks, one git log pass, indexes, feeds, sanitising). Target:
rallypoint at most 1.5x the plain build. Exit 0 on PASS, 1 on FAIL.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate_community

TARGET = 1.5

PLAIN_CONFIG = """\
site_name: Plain build
theme:
  name: material
plugins:
  - search
nav:
  - Home: index.md
"""


def _timed(command: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, cwd=cwd)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}")
    return elapsed


def _plain_project(community: Path, target: Path) -> None:
    docs = target / "docs"
    for page in sorted((community / "content").rglob("*.md")):
        out = docs / page.relative_to(community / "content")
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, out)
    (docs / "index.md").write_text("# Home\n")
    (target / "mkdocs.yml").write_text(PLAIN_CONFIG)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contributions", type=int, default=2_000)
    parser.add_argument("--contributors", type=int, default=200)
    parser.add_argument("--commits", type=int, default=3_000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args(argv)
    rallypoint = Path(sys.executable).parent / "rallypoint"
    with tempfile.TemporaryDirectory(prefix="rallypoint-build-bench-") as tmp:
        work = Path(tmp)
        community = work / "community"
        generate_community(community, args.contributions, args.contributors, commits=args.commits)
        plain = work / "plain"
        _plain_project(community, plain)
        plain_times, ours = [], []
        for _ in range(args.repeat):
            plain_times.append(
                _timed([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(work / "plain-site")], cwd=plain)
            )
            ours.append(_timed([str(rallypoint), "-C", str(community), "build", "--site-dir", str(work / "site")]))
        pages = sum(1 for _ in (work / "site").rglob("index.html"))
        best_plain, best_ours = min(plain_times), min(ours)
        ratio = best_ours / best_plain
        print(f"community: {args.contributions:,} contributions, {args.commits:,} commits, {pages:,} pages built")
        print(
            f"plain mkdocs-material build (short nav): {best_plain:6.2f} s   runs: "
            + ", ".join(f"{t:.2f}" for t in plain_times)
        )
        print(
            f"rallypoint build (everything on):        {best_ours:6.2f} s   runs: "
            + ", ".join(f"{t:.2f}" for t in ours)
        )
        verdict = "PASS" if ratio <= TARGET else "FAIL"
        print(f"ratio: {ratio:.2f}x (target at most {TARGET}x): {verdict}")
        return 0 if ratio <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
