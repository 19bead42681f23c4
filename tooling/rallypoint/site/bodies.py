"""Page bodies: each contribution's and charter's Markdown as sanitised HTML, links resolved.

Rendering the bodies is the one part of a build that does not depend on MkDocs' order of
work, so ``start`` hands it to worker processes (forked, sharing the loaded community) while
MkDocs goes on; ``get`` returns a body, waiting for its batch when needed. The output is the
same, byte for byte, whichever way it is made.
"""
from __future__ import annotations

import html
import multiprocessing
import os
import posixpath
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Sequence

from ..model.records import Community
from .pages import page_dir
from .render import Renderer

BATCH = 100
RENDER_SECONDS = 3.0
_SHARED: "BodyRenderer | None" = None


class _TooSlow(Exception):
    pass


def _within(seconds: float, work):
    """Run ``work``, stopping it after ``seconds`` where a timer signal can reach it."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return work()

    def stop(signum, frame):
        raise _TooSlow()

    previous = signal.signal(signal.SIGALRM, stop)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return work()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


class BodyRenderer:
    def __init__(self, community: Community):
        self.community = community
        self._renderer: Renderer | None = None
        self._done: dict[str, str] = {}
        self.problems: dict[str, str] = {}
        self._pending: dict[str, Future] = {}
        self._pool: ProcessPoolExecutor | None = None

    def path_of(self, key: str) -> str:
        if key.startswith("purposes/"):
            return self.community.purposes[key.split("/", 1)[1]].path
        return self.community.contributions[key].path

    def render(self, key: str) -> tuple[str, str | None]:
        """The sanitised HTML body of a contribution key or of ``purposes/<id>``, and why it
        was shown as plain text instead, if it was (too slow, too deeply nested)."""
        if key.startswith("purposes/"):
            purpose = self.community.purposes[key.split("/", 1)[1]]
            body, here = purpose.body, page_dir("purpose", purpose.id)
        else:
            body, here = self.community.contributions[key].body, key
        if self._renderer is None:
            self._renderer = Renderer()
        try:
            return _within(RENDER_SECONDS, lambda: self._renderer.render(body, self._resolver(here))), None
        except _TooSlow:
            reason = f"its Markdown took longer than {RENDER_SECONDS:g} s to render"
        except RecursionError:
            reason = "its Markdown is nested too deeply to render"
        self._renderer = None
        return f'<pre class="rp-unrendered">{html.escape(body)}</pre>', reason

    def _resolver(self, here: str):
        items = self.community.contributions

        def resolve(link):
            target = self.community.resolve_link(link.purpose, link.slug)
            if target is not None:
                return posixpath.relpath(target, here) + "/", link.text or items[target].title, True
            anchor = link.target.replace("/", "--")
            return posixpath.relpath("wanted", here) + f"/#{anchor}", link.text or link.slug, False
        return resolve

    def start(self, keys: Sequence[str], workers: int | None = None) -> None:
        """Render ``keys`` in worker processes, in batches, while the caller goes on."""
        workers = workers or min(2, os.cpu_count() or 1)
        if workers < 2 or len(keys) < 2 * BATCH or "fork" not in multiprocessing.get_all_start_methods():
            return
        global _SHARED
        _SHARED = self
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        for i in range(0, len(keys), BATCH):
            batch = tuple(keys[i:i + BATCH])
            future = self._pool.submit(_render_batch, batch)
            for key in batch:
                self._pending[key] = future

    def get(self, key: str) -> str:
        """The body of ``key``; a body that could not be rendered is noted in ``problems``."""
        if key not in self._done:
            future = self._pending.pop(key, None)
            self._done.update(future.result() if future is not None else {key: self.render(key)})
        body, problem = self._done.pop(key)
        if problem:
            self.problems[key] = problem
        return body

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()


def _render_batch(keys: tuple[str, ...]) -> dict[str, tuple[str, str | None]]:
    return {key: _SHARED.render(key) for key in keys}
