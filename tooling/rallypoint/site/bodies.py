"""Page bodies: each contribution's and charter's Markdown as sanitised HTML, links resolved.

Rendering the bodies is the one part of a build that does not depend on MkDocs' order of
work, so ``start`` hands it to worker processes (forked, sharing the loaded community) while
MkDocs goes on; ``get`` returns a body, waiting for its batch when needed. The output is the
same, byte for byte, whichever way it is made.

A body's links are relative, so a body depends on the page it is shown on: its own page, or
another one that shows it whole (a question's page shows its answers, the stream its notes).
Bodies are therefore rendered once per (page of the body, page it is shown on): a
:data:`Showing`.
"""

from __future__ import annotations

import html
import multiprocessing
import os
import signal
import threading
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from functools import partial

from ..addresses import WANTED_PAGE, Page, body_url, wanted_anchor
from ..model.records import Community, Contribution, Purpose
from ..model.wikilinks import find_wikilinks
from .render import Renderer

BATCH = 100
RENDER_SECONDS = 3.0
_SHARED: BodyRenderer | None = None
Showing = tuple[Page, Page]
"""(the page whose body it is, the page it is shown on)."""


class _TooSlow(Exception):
    pass


def _within(seconds: float, work):
    """Run ``work``, stopping it after ``seconds`` of this process's CPU time where a timer signal
    can reach it. CPU time, not the clock's: on a loaded machine (CI running tests side by side)
    an ordinary body can wait seconds for a core, while a pathological one burns the CPU itself.
    Where a sampling profiler holds the CPU-time timer, the clock's is used instead."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        return work()
    timer, number = signal.ITIMER_PROF, signal.SIGPROF
    if signal.getitimer(timer) != (0.0, 0.0) or signal.getsignal(number) not in (signal.SIG_DFL, None):
        timer, number = signal.ITIMER_REAL, signal.SIGALRM

    def stop(signum, frame):
        raise _TooSlow()

    previous = signal.signal(number, stop)
    signal.setitimer(timer, seconds)
    try:
        return work()
    finally:
        signal.setitimer(timer, 0)
        signal.signal(number, previous)


class BodyRenderer:
    def __init__(self, community: Community, wanted: Mapping[str, Page] | None = None):
        self.community = community
        self.wanted = wanted or {}
        """A wanted page's target → the page of /wanted/ that lists it (the first by default)."""
        self._renderer: Renderer | None = None
        self._done: dict[Showing, tuple[str, str | None]] = {}
        self.problems: dict[Page, str] = {}
        self._pending: dict[Showing, Future] = {}
        self._pool: ProcessPoolExecutor | None = None

    def _record(self, page: Page) -> Purpose | Contribution:
        if page.kind == "purpose":
            return self.community.purposes[page.id]
        return self.community.contributions[page.id]

    def path_of(self, page: Page) -> str:
        """The source file of a contribution's or a charter's page."""
        return self._record(page).path

    def render(self, page: Page, here: Page | None = None) -> tuple[str, str | None]:
        """The sanitised HTML body of a contribution's or a charter's ``page`` as shown on the
        page ``here`` (its own by default), and why it was shown as plain text instead, if it
        was (too slow, too deeply nested)."""
        here = here or page
        record = self._record(page)
        body = record.body
        if self._renderer is None:
            self._renderer = Renderer()
        place = partial(body_url, source=page, here=here)
        render = partial(self._renderer.render, body, self._resolver(here), place, record.title)
        try:
            return _within(RENDER_SECONDS, render), None
        except _TooSlow:
            reason = f"its Markdown took longer than {RENDER_SECONDS:g} s of CPU time to render"
        except RecursionError:
            reason = "its Markdown is nested too deeply to render"
        self._renderer = None
        return f'<pre class="rp-unrendered">{html.escape(body)}</pre>', reason

    def depends(self, page: Page, here: Page | None = None) -> str:
        """Everything the body of ``page`` shown on ``here`` is made from: its Markdown, both
        pages (relative URLs) and where each of its wikilinks leads, with what text (the build
        cache's key for pages showing it)."""
        here = here or page
        record = self._record(page)
        resolve = self._resolver(here)
        links = [resolve(link) for link in find_wikilinks(record.body) if not link.problem]
        return repr((record.body, record.title, page.kind, page.id, here.kind, here.id, links))

    def _resolver(self, here: Page):
        items = self.community.contributions

        def resolve(link):
            target = self.community.resolve_link(link.purpose, link.slug)
            if target is not None:
                href = Page("contribution", target).url_from(here, shortest=True)
                return href, link.text or items[target].title, True
            listed = self.wanted.get(link.target, WANTED_PAGE)
            href = listed.url_from(here, shortest=True) + f"#{wanted_anchor(link.target)}"
            return href, link.text or link.slug, False

        return resolve

    def start(self, pages: Sequence[Page | Showing], workers: int | None = None) -> None:
        """Render the bodies of ``pages`` in worker processes, in batches, while the caller goes on.

        A page alone stands for its body on its own page (``SitePages.showings`` lists them all).
        """
        workers = workers or min(2, os.cpu_count() or 1)
        pages = [p if isinstance(p, tuple) else (p, p) for p in pages]
        if workers < 2 or len(pages) < 2 * BATCH or "fork" not in multiprocessing.get_all_start_methods():
            return
        global _SHARED
        _SHARED = self
        self._pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
        for i in range(0, len(pages), BATCH):
            batch = tuple(pages[i : i + BATCH])
            future = self._pool.submit(_render_batch, batch)
            for page in batch:
                self._pending[page] = future

    def get(self, page: Page, here: Page | None = None) -> str:
        """The body of ``page`` shown on ``here`` (its own page by default); a body that could
        not be rendered is noted in ``problems``."""
        showing = (page, here or page)
        if showing not in self._done:
            future = self._pending.pop(showing, None)
            self._done.update(future.result() if future is not None else {showing: self.render(*showing)})
        body, problem = self._done.pop(showing)
        if problem:
            self.problems[page] = problem
        return body

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._pending.clear()


def _render_batch(showings: tuple[Showing, ...]) -> dict[Showing, tuple[str, str | None]]:
    return {showing: _SHARED.render(*showing) for showing in showings}
