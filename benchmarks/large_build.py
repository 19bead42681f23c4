"""A cold ``rallypoint build`` of a large community: wall time, and peak memory of all its processes.

    .venv/bin/python benchmarks/large_build.py DIR [--site-dir OUT] [--engine material]

DIR is a community (make one with ``benchmarks/synthetic.py DIR --contributions 100000
--contributors 5000 --commits 150000``). The build runs as a child process with ``--no-cache``;
every 0.5 s the script adds up the memory of that process and all its descendants (body workers,
template forks, git, Pagefind) from ``/proc``, so the peak is what the machine must hold at once,
not the largest single process that ``/usr/bin/time`` reports. It counts anonymous memory
(proportional: ``Pss_Anon`` + ``Pss_Shmem``, so pages a forked worker shares with its
parent count once): ``git log`` maps the whole pack file (1.8 GB for 150,000 commits), and
those file pages are the kernel's cache, shared and dropped under pressure, not memory the build
holds; the resident total with them is printed too. It prints the wall time, the
peak and when it was reached, and the site's size and page count.

The issue's target for 100,000 contributions is 10 minutes and 2 GB on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry.name))
    return tree


def tree_memory(pid: int) -> tuple[int, int]:
    """Bytes of anonymous memory, and of all resident memory, in ``pid`` and every process below it.

    Anonymous memory is counted proportionally (``Pss_Anon``): forked workers share their
    parent's pages until they write to them, and each shared page counts once in the sum.
    """
    tree = _children()
    anonymous = resident = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        todo.extend(tree.get(current, ()))
        try:
            with open(f"/proc/{current}/smaps_rollup", "rb") as rollup:
                for line in rollup:
                    if line.startswith((b"Pss_Anon:", b"Pss_Shmem:")):
                        anonymous += int(line.split()[1]) << 10
                    elif line.startswith(b"Rss:"):
                        resident += int(line.split()[1]) << 10
        except OSError:
            continue
    return anonymous, resident


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("community", type=Path)
    parser.add_argument("--site-dir", type=Path)
    parser.add_argument("--engine", default="material")
    args = parser.parse_args()
    rallypoint = Path(sys.executable).with_name("rallypoint")
    with tempfile.TemporaryDirectory(prefix="rp-large-") as scratch:
        site = args.site_dir or Path(scratch) / "site"
        command = [str(rallypoint), "-C", str(args.community), "build", "--no-cache", "--engine", args.engine]
        command += ["--site-dir", str(site)]
        log = Path(scratch) / "build.log"
        start = time.perf_counter()
        with log.open("wb") as out:
            child = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env={**os.environ, "CI": "true"})
            peak, peak_at, peak_resident = 0, 0.0, 0
            while child.poll() is None:
                anonymous, resident = tree_memory(child.pid)
                peak_resident = max(peak_resident, resident)
                if anonymous > peak:
                    peak, peak_at = anonymous, time.perf_counter() - start
                time.sleep(0.5)
        wall = time.perf_counter() - start
        print(log.read_text(errors="replace")[-2000:])
        files = [p for p in site.rglob("*") if p.is_file()] if site.is_dir() else []
        pages = sum(1 for p in files if p.name == "index.html")
        size = sum(p.stat().st_size for p in files)
        print(
            f"exit {child.returncode}  wall {wall:.0f} s  peak memory (all processes) {peak / 2**30:.2f} GiB "
            f"at {peak_at:.0f} s  (resident with mapped files: {peak_resident / 2**30:.2f} GiB)"
        )
        print(f"site {size / 1e9:.2f} GB in {len(files)} files, {pages} pages")
        return child.returncode


if __name__ == "__main__":
    sys.exit(main())
