"""Pages written from their shells, without MkDocs and without holding them in this process.

:mod:`.shells` gives each page's markup around its content. What is left of a page is rallypoint's
own work: its template, its bodies (Markdown, sanitised), the shell around them, the file. This
process and one forked from it each do all of it for the chunks of pages they take (this one from
the first, the other from the last), and write each page into the site as soon as it is made; of
the forked one's pages this process hears only each page's cache key and, when the cache did not
have it, the compressed HTML to keep. So no process ever holds every page, and both cores work.
With the build cache, each looks a page's key up itself and copies the kept HTML instead of
making the page (the key needs the page's template: a page's HTML is what most pages depend on).

A page whose body the render guard stopped is written (as plain text) but not kept in the cache,
as with pages MkDocs renders. The pages are the same, byte for byte, made in one process or two.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import zlib
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..addresses import Page
from .cache import PageReader
from .pages import fill_bodies, render_page
from .selection import Selection, cache_key, showings
from .shells import Shells

PARALLEL_FROM = 200
"""Pages from which a forked process writes half of them (fewer: forking costs about what it saves)."""
_CHUNK = 50


@dataclass
class _Work:
    content: object
    shells: Shells
    site: Path
    salt: str | None
    """The cache's salt, when there is a cache to read and fill."""
    reader: PageReader | None = None


_WORK: _Work | None = None
_Made = tuple[str | None, bytes | None]
"""What this process hears of one page: its cache key (None without a cache), and its HTML
compressed when the cache should keep it (None when it came from the cache, or must not be kept)."""


def write_pages(
    content, shells: Shells, site: Path, selection: Selection, progress: Callable[[], None] | None = None
) -> None:
    """Write every page of ``shells.shelled`` into ``site``; keep new pages in the selection's
    cache; note bodies that could not be rendered in ``content.bodies.problems``."""
    cache = selection.cache if selection.cache is not None and selection.cache.usable else None
    reader = PageReader(cache.path) if cache is not None else None
    work = _Work(content, shells, site, selection.salt if cache is not None else None, reader)
    try:
        for made, problems in _chunks(work, shells.shelled):
            content.bodies.problems.update(problems)
            for key, data in made:
                if progress:
                    progress()
                if key is None:
                    continue
                if data is None:
                    cache.used.add(key)
                    selection.shell_hits += 1
                else:
                    cache.put_compressed(key, data, {})
    finally:
        if reader is not None:
            reader.close()


def _chunks(work: _Work, srcs: list[str]) -> Iterator[tuple[list[_Made], dict[Page, str]]]:
    """Each chunk's pages made: shared with a forked process when there are many and nothing
    else runs in this process (``serve``'s server threads would be forked too)."""
    starts = range(0, len(srcs), _CHUNK)
    alone = threading.active_count() == 1 and (os.cpu_count() or 1) > 1
    if len(srcs) < PARALLEL_FROM or not alone or "fork" not in mp.get_all_start_methods():
        for start in starts:
            yield _write_chunk(work, srcs[start : start + _CHUNK])
        return
    global _WORK
    _WORK = work
    chunks = [srcs[start : start + _CHUNK] for start in starts]
    try:
        # This process writes chunks itself, from the first on, while one forked process writes
        # from the last back, two at a time, until they meet: a second forked process would copy
        # the loaded community again (reading an object writes its reference count, so a child
        # ends up with its own copy of what it reads: about 1 GB at 100,000 contributions), and
        # taking chunks as each is free keeps both busy to the end whoever is slowed down.
        with ProcessPoolExecutor(1, mp_context=mp.get_context("fork")) as pool:
            first, last, forked = 0, len(chunks), deque()
            while first < last or forked:
                while len(forked) < 2 and first < last:
                    last -= 1
                    forked.append(pool.submit(_write_forked, chunks[last]))
                while forked and forked[0].done():
                    yield forked.popleft().result()
                if first < last:
                    yield _write_chunk(work, chunks[first])
                    first += 1
                elif forked:
                    yield forked.popleft().result()
    finally:
        _WORK = None


def _write_forked(srcs: list[str]) -> tuple[list[_Made], dict[Page, str]]:
    return _write_chunk(_WORK, srcs)


def _write_chunk(work: _Work, srcs: list[str]) -> tuple[list[_Made], dict[Page, str]]:
    problems = work.content.bodies.problems
    before = dict(problems)
    made = [_write_page(work, src) for src in srcs]
    return made, {page: why for page, why in problems.items() if before.get(page) != why}


def _write_page(work: _Work, src: str) -> _Made:
    content = work.content
    pages = content.pages
    html = render_page(pages, src)
    key, bodies = None, None
    if work.salt is not None:
        bodies = showings(src, content, html)
        key = cache_key(work.salt, src, content, html, bodies)
        kept = work.reader.get(key)
        if kept is not None:
            _write(work.site, src, kept)
            return key, None
    shown = pages.bodies.get(src)
    filled = html if shown is None else fill_bodies(html, shown, content.bodies)
    page = work.shells.make(src, pages.pages[src], filled)
    if page is None:
        raise RuntimeError(f"no shell for {src}")  # Shells.unproven() said every shell was there
    data = page.encode("utf-8")
    _write(work.site, src, data)
    if key is None or any(p in content.bodies.problems for p, _ in bodies):
        return None, None
    return key, zlib.compress(data, 1)


def _write(site: Path, src: str, data: bytes) -> None:
    target = site / src.removesuffix("index.md") / "index.html"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
