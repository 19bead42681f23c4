"""Worker processes forked from the build, sharing the community it has loaded."""

from __future__ import annotations

import gc
import multiprocessing
from concurrent.futures import ProcessPoolExecutor


def forked_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of ``workers`` processes forked now, with the parent's objects frozen first.

    A forked worker shares its parent's memory until it writes to it, and the cyclic garbage
    collector writes to every object it visits: without :func:`gc.freeze`, a worker's first
    full collection copies the whole loaded community (about 1 GB a worker at 100,000
    contributions). A fork-context pool forks all its workers at its first task (Python 3.11+),
    so one trivial task forks them while the heap is frozen.
    """
    gc.freeze()
    try:
        pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        pool.submit(int).result()
    finally:
        gc.unfreeze()
    return pool
