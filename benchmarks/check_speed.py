"""How fast is `rallypoint check` next to the floor: reading and parsing the same YAML with libyaml?

    python benchmarks/check_speed.py

The floor is the least any checker in Python must do: start an interpreter, read every file and
parse its front matter with yaml.CSafeLoader. The target is `rallypoint check` in at most twice
that time. Exit 0 on PASS, 1 on FAIL or when the `rallypoint` command is missing.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import generate_community

TARGET = 2.0

FLOOR = """
import sys
from pathlib import Path
import yaml

root = Path(sys.argv[1])
files = [root / "community.yml"]
for folder in ("purposes", "content", "contributors"):
    files += sorted(p for p in (root / folder).rglob("*") if p.suffix in (".md", ".yml"))
for path in files:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        end = text.find("\\n---\\n", 3)
        text = text[4:end + 1]
    yaml.load(text, Loader=yaml.CSafeLoader)
print(len(files))
"""


def _timed(command: list[str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    return time.perf_counter() - start, done


def _describe(done: subprocess.CompletedProcess[str]) -> str:
    try:
        summary = json.loads(done.stdout)["summary"]
    except (ValueError, KeyError, TypeError):
        return f"exit {done.returncode}, output is not the expected JSON"
    counts = ", ".join(f"{value} {key.replace('_', ' ')}" for key, value in summary.items())
    return f"exit {done.returncode}, {counts}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--contributions", type=int, default=10_000)
    parser.add_argument("--contributors", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    rallypoint = Path(sys.executable).parent / "rallypoint"
    installed = rallypoint.exists()
    with tempfile.TemporaryDirectory(prefix="rallypoint-bench-") as tmp:
        root = Path(tmp)
        start = time.perf_counter()
        generate_community(root, args.contributions, args.contributors)
        generated = time.perf_counter() - start

        floor_command = [sys.executable, "-c", FLOOR, str(root)]
        check_command = [str(rallypoint), "-C", str(root), "check", "--format", "json"]
        floor_times: list[float] = []
        check_times: list[float] = []
        files = "?"
        last_check: subprocess.CompletedProcess[str] | None = None
        for _ in range(args.repeat):
            seconds, done = _timed(floor_command)
            if done.returncode != 0:
                print(f"the floor script failed:\n{done.stderr}", file=sys.stderr)
                return 1
            floor_times.append(seconds)
            files = done.stdout.strip()
            if installed:
                seconds, last_check = _timed(check_command)
                check_times.append(seconds)

    floor = min(floor_times)
    print(
        f"community: {args.contributions:,} contributions, {args.contributors:,} contributors, "
        f"{int(files):,} files (generated in {generated:.1f} s)"
    )
    print(f"floor (python -c, read + yaml.CSafeLoader):  {floor:6.2f} s  best of {args.repeat}")
    if not installed:
        print(
            f"rallypoint check: not measured, no command at {rallypoint}; "
            "install the package into this interpreter's environment (pip install -e .)"
        )
        return 1
    assert last_check is not None
    if last_check.returncode not in (0, 1):
        print(f"rallypoint check failed (exit {last_check.returncode}):\n{last_check.stderr}", file=sys.stderr)
    best = min(check_times)
    ratio = best / floor
    verdict = "PASS" if ratio <= TARGET else "FAIL"
    print(
        f"rallypoint check --format json:              {best:6.2f} s  best of {args.repeat} ({_describe(last_check)})"
    )
    print(f"ratio rallypoint/floor: {ratio:.2f}x (target: at most {TARGET:.1f}x)  {verdict}")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
