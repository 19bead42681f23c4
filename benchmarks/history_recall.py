"""How many of the people `git log --follow` names for a page does the site credit?

    python benchmarks/history_recall.py /tmp/tw            # 30 random contributions
    python benchmarks/history_recall.py /tmp/tw --pages 100 --seed 1

For each sampled contribution, the authors `git log --follow` names (after .mailmap, bots left
out) against the editors :func:`read_history` credits; recall is the share of those (page,
person) pairs the site credits. A community whose pages were moved into `content/` from
elsewhere (by `rallypoint import`, or by hand) is the case that matters. Exit 0 when recall is 1.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from pathlib import Path

from rallypoint.history.log import is_bot, read_history


def followed(root: Path, path: str) -> set[str] | None:
    """The emails `git log --follow` names for ``path``; None when git cannot follow it (a clone
    missing objects, as mirrors of big repositories may be)."""
    done = subprocess.run(
        ["git", "log", "--follow", "--no-merges", "--format=%aN%x1f%aE", "--", path],
        cwd=root,
        capture_output=True,
        text=True,
    )
    if done.returncode:
        print(f"  skipped {path}: {done.stderr.strip()}")
        return None
    out = done.stdout
    people = (line.split("\x1f") for line in out.splitlines() if line)
    return {email.lower() for name, email in people if not is_bot(name, email)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", type=Path, help="the community's root, in a git work tree")
    parser.add_argument("--pages", type=int, default=30)
    parser.add_argument("--seed", type=int, default=9)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    pages = sorted(p.relative_to(root).as_posix() for p in root.glob("content/*/*.md"))
    sample = random.Random(args.seed).sample(pages, min(args.pages, len(pages)))
    start = time.perf_counter()
    history = read_history(root)
    seconds = time.perf_counter() - start
    pairs = credited = 0
    people: set[str] = set()
    for path in sample:
        named = followed(root, path)
        if named is None:
            continue
        ours = {p.email for p in history.files[path].editors} if path in history.files else set()
        pairs, credited, people = pairs + len(named), credited + len(named & ours), people | named
        for missing in sorted(named - ours):
            print(f"  not credited: {missing} on {path}")
    recall = credited / pairs if pairs else 1.0
    print(f"{len(sample)} pages, {len(people)} people, {pairs} (page, person) pairs named by git log --follow")
    print(f"recall: {credited}/{pairs} = {recall:.3f}  (read_history: {seconds:.2f} s)")
    return 0 if recall == 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
