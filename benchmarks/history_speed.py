"""How fast is `read_history` next to the floor: a raw `git log --name-status` of the same repository?

    python benchmarks/history_speed.py                       # a synthetic community, 3,000 commits
    python benchmarks/history_speed.py --repo /tmp/glossary  # any work tree (its community root)

`read_history` reads the whole repository's log in one streaming pass, so that files moved into
the community from elsewhere keep their history. The floor is what git alone costs for that:
`git log --no-merges -M --name-status -z` over the whole repository, with the same rename limit,
its output read to the end and thrown away. The target is `read_history` in at most 1.5 times
that. Both are run interleaved, best of `--repeat`. Exit 0 on PASS, 1 on FAIL.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from rallypoint.history.log import read_history
from rallypoint.history.repository import RENAME_LIMIT
from synthetic import generate_community

TARGET = 1.5


def _raw_log(repo: Path) -> tuple[float, int]:
    """Seconds for git to print the whole log, and how many bytes it printed."""
    command = [
        "git",
        "-c",
        f"diff.renameLimit={RENAME_LIMIT}",
        "log",
        "--no-merges",
        "-M",
        "--name-status",
        "-z",
        "--format=%x1e%H%x1f%at%x1f%an%x1f%ae%x1f%aN%x1f%aE%x1f%s",
        "HEAD",
    ]
    start = time.perf_counter()
    with subprocess.Popen(command, cwd=repo, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL) as process:
        size = 0
        while chunk := process.stdout.read1(1 << 16):
            size += len(chunk)
    return time.perf_counter() - start, size


def _read_history(root: Path) -> tuple[float, int, int]:
    start = time.perf_counter()
    history = read_history(root)
    return time.perf_counter() - start, len(history.commits), len(history.files)


def measure(root: Path, repeat: int) -> int:
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True)
    if top.returncode or not top.stdout.strip():
        print(f"{root} is not in a git work tree: {top.stderr.strip()}", file=sys.stderr)
        return 1
    repo = Path(top.stdout.strip())
    commits = subprocess.run(
        ["git", "rev-list", "--count", "--no-merges", "HEAD"], cwd=repo, capture_output=True, text=True
    )
    raw_times, ours = [], []
    size = credited = files = 0
    for _ in range(repeat):
        seconds, size = _raw_log(repo)
        raw_times.append(seconds)
        seconds, credited, files = _read_history(root)
        ours.append(seconds)
    raw, best = min(raw_times), min(ours)
    ratio = best / raw
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(f"repository: {repo} ({commits.stdout.strip()} commits without merges, log of {size / 1e6:.1f} MB)")
    print(f"raw git log --name-status -M -z:  {raw:6.2f} s  best of {repeat}")
    print(
        f"read_history:                     {best:6.2f} s  best of {repeat} ({credited} commits credited, {files} files)"
    )
    print(f"ratio read_history/raw log: {ratio:.2f}x (target: at most {TARGET:.1f}x)  {verdict}")
    return 0 if verdict == "PASS" else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repo", type=Path, help="a community's root in a git work tree (default: a synthetic one)")
    parser.add_argument("--contributions", type=int, default=2000)
    parser.add_argument("--contributors", type=int, default=200)
    parser.add_argument("--commits", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if args.repo:
        return measure(args.repo.resolve(), args.repeat)
    with tempfile.TemporaryDirectory(prefix="rallypoint-bench-") as tmp:
        root = Path(tmp)
        generate_community(root, args.contributions, args.contributors, commits=args.commits)
        return measure(root, args.repeat)


if __name__ == "__main__":
    sys.exit(main())
