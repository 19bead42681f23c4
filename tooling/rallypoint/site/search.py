"""Search that scales: a Pagefind index made from the model, not from the built HTML.

One record per contribution and per charter: its title, its URL, its summary and the text of
its Markdown (what people wrote, never the generated lists around it), with Pagefind filters
(``purpose``, ``kind``, ``tag``, ``person``) and meta for showing a result. Pagefind splits
the index into chunks, so a reader's browser downloads only the few that hold the words
typed, however large the community grows.

:func:`records` makes plain records (JSON-serialisable, so the parts of a sharded build can
hand theirs over), :func:`pending_records` the same made a part at a time; :func:`start_index`
writes them into ``<site>/pagefind/`` in a process of its own while the pages are written (in a
thread where it cannot fork, or when asked: a large build indexes after its pages, see
``site/build.py``; :func:`index_site` waits for it), with the ``pagefind`` binary of
``pagefind[bin]`` in its service mode, in parts (:mod:`.pagefind_parts`), its files cut for
small downloads (:mod:`.pagefind_files`). The same records give the same files, byte for byte.
"""

from __future__ import annotations

import logging
import multiprocessing
import re
import shutil
import tempfile
import threading
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from ..addresses import Page
from ..model.records import Community, Contribution, Purpose
from .cache import CACHE_DIR
from .indexes import Indexes
from .pagefind_parts import (
    FOLDER,
    KEPT,
    PARTS_FILE,
    RECORD_WORDS,
    Cancelled,
    IndexStats,
    Pending,
    pagefind_language,
    read_index,
    write_index,
)
from .pagefind_service import SearchIndexError

if TYPE_CHECKING:
    from .engines import SiteContent

log = logging.getLogger(__name__)

__all__ = [
    "FOLDER",
    "PARTS_FILE",
    "IndexStats",
    "Indexing",
    "SearchRecord",
    "index_site",
    "pagefind_language",
    "pending_records",
    "plain_text",
    "read_index",
    "records",
    "start_index",
    "write_index",
]


@dataclass(frozen=True)
class SearchRecord:
    """One search result as Pagefind stores it. ``url`` is relative to the site's root."""

    url: str
    content: str
    meta: dict[str, str] = field(default_factory=dict)
    """``title``, ``kind``, ``date``, ``purpose`` (its title) and ``summary``, when there is one."""
    filters: dict[str, list[str]] = field(default_factory=dict)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> SearchRecord:
        return cls(data["url"], data["content"], dict(data["meta"]), {k: list(v) for k, v in data["filters"].items()})


def index_site(content: SiteContent, site: Path, *, cache_root: Path | None = None) -> IndexStats:
    """Write the search index of what ``content`` published into ``site``, and wait for it."""
    with start_index(content, site, cache_root=cache_root) as indexing:
        return indexing.wait()


def start_index(
    content: SiteContent,
    site: Path,
    *,
    cache_root: Path | None = None,
    apart: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Indexing:
    """Start writing the search index of what ``content`` published (from the model, after
    ``assemble``) in a process of its own, while the caller writes the pages; ``wait()`` puts
    it in ``site/pagefind/`` and raises what indexing raised. Leaving the handle's ``with``
    before ``wait()`` stops it.

    With ``cache_root`` (the community's root), each part of the index comes from
    ``.rallypoint-cache/search/`` when its records are the ones it was made from, and is kept
    there when not. The files are the same, byte for byte, however they were made.

    With ``apart`` False, the index is made in a thread of this process instead: a forked
    process ends up with its own copy of the model it reads (about 1 GB at 100,000
    contributions), which costs less than it saves only while pages are written beside it.
    ``progress`` hears the parts done and their number, from that thread (not from a process).
    """
    community = content.bodies.community
    cache = cache_root / CACHE_DIR / KEPT if cache_root is not None else None
    made = partial(pending_records, community, content.indexes)
    return Indexing(made, site, community.settings.language, cache, apart=apart, progress=progress)


class Indexing:
    """The search index being written, from :func:`start_index`. Use it as a context manager:
    leaving it before :meth:`wait` stops Pagefind and leaves ``site`` untouched.

    The work runs in a forked process (a thread where the platform cannot fork, where other
    threads run, or without ``apart``): making the records, talking to Pagefind and cutting its
    files is Python work that would otherwise take turns with the caller's for the GIL. It writes
    into a folder of its own next to ``site`` (an engine may empty ``site`` when it starts
    writing); :meth:`wait` moves the index into place.
    """

    def __init__(
        self,
        made: Callable[[], Iterable[SearchRecord | Pending]],
        site: Path,
        language: str,
        cache: Path | None,
        *,
        apart: bool = True,
        progress: Callable[[int, int], None] | None = None,
    ):
        self.site = site
        site.parent.mkdir(parents=True, exist_ok=True)
        self._work = Path(tempfile.mkdtemp(prefix=f".{site.name}.search-", dir=site.parent))
        self._done = False
        job = (made, self._work, language, cache)
        # Forking while other threads run (serve's server) could copy a lock one of them holds.
        if apart and "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1:
            context = multiprocessing.get_context("fork")
            self._answer, answer = context.Pipe(duplex=False)
            self._runner = context.Process(
                target=_index_apart, args=(*job, answer), name="rallypoint-search", daemon=True
            )
            self._runner.start()
            answer.close()
        else:
            self._answer = _Answer()
            self._runner = threading.Thread(
                target=_index_apart, args=(*job, self._answer, progress), name="rallypoint-search"
            )
            self._runner.start()

    def wait(self) -> IndexStats:
        """Wait for the index and move it into ``site/pagefind/``; what indexing raised, if it did.
        Interrupted while it waits (Ctrl-C), it stops the indexing first."""
        try:
            kind, value = self._answer.recv()
        except EOFError:
            self._runner.join()
            stopped = f"the search index's process stopped (exit {self._runner.exitcode}) before it finished"
            kind, value = "failed", SearchIndexError(stopped)
        except BaseException:
            self.cancel()  # a thread would go on writing into a folder the build has removed
            raise
        self._done = True
        try:
            self._runner.join()
            if kind == "failed":
                raise value
            target = self.site / FOLDER
            if target.exists():
                shutil.rmtree(target)
            self.site.mkdir(parents=True, exist_ok=True)
            (self._work / FOLDER).rename(target)
            return value
        finally:
            shutil.rmtree(self._work, ignore_errors=True)

    def cancel(self) -> None:
        """Stop indexing (its Pagefind process ends with it) and forget what was written."""
        self._done = True
        if isinstance(self._runner, threading.Thread):
            self._answer.stop.set()
        else:
            self._runner.terminate()
        self._runner.join()
        shutil.rmtree(self._work, ignore_errors=True)

    def __enter__(self) -> Indexing:
        return self

    def __exit__(self, *exc) -> None:
        if not self._done:
            self.cancel()


def _index_apart(made, work: Path, language: str, cache: Path | None, answer, progress=None) -> None:
    """Index into ``work`` and send ``("done", stats)`` or ``("failed", error)`` to ``answer``."""
    try:
        stop = getattr(answer, "stop", None)
        stats = write_index(made(), work, language, cache=cache, stop=stop, progress=progress)
    except Cancelled:
        return
    except BaseException as error:  # handed to wait(), in the caller
        if not isinstance(error, SearchIndexError):  # a fault: where it happened, for its report
            where = "thread" if isinstance(answer, _Answer) else "process"
            error.add_note(f"in the search index's {where}:\n{traceback.format_exc().rstrip()}")
        try:
            answer.send(("failed", error))
        except Exception:  # an error that does not pickle: its words, at least
            answer.send(("failed", SearchIndexError(f"the search index failed: {type(error).__name__}: {error}")))
    else:
        answer.send(("done", stats))
    finally:
        answer.close()


class _Answer:
    """Where a thread leaves its answer, as a process does in a pipe."""

    def __init__(self):
        self.stop = threading.Event()
        self._sent = threading.Event()
        self._value = None

    def send(self, value) -> None:
        self._value = value
        self._sent.set()

    def recv(self):
        self._sent.wait()
        return self._value

    def close(self) -> None:
        if not self._sent.is_set():
            self.send(("failed", Cancelled()))


def records(community: Community, indexes: Indexes) -> Iterator[SearchRecord]:
    """A record for each charter and each contribution, charters first, each in key order."""
    return (pending.make() for pending in pending_records(community, indexes))


def pending_records(community: Community, indexes: Indexes) -> Iterator[Pending]:
    """:func:`records`, each made only when asked for (:class:`.pagefind_parts.Pending`), with
    its size in words counted on its Markdown."""
    for _, purpose in sorted(community.purposes.items()):
        words = _estimate(purpose.title, purpose.summary, purpose.body)
        yield Pending(Page("purpose", purpose.id).path, words, partial(_charter, purpose, indexes))
    for key, item in sorted(community.contributions.items()):
        words = _estimate(item.title, item.summary, item.body)
        yield Pending(Page("contribution", key).path, words, partial(_contribution, item, community, indexes))


def _estimate(*parts: str | None) -> int:
    return sum(len(part.split()) for part in parts if part) + RECORD_WORDS


def _names(indexes: Indexes, keys: Iterable[str]) -> list[str]:
    people = indexes.people
    return [people[key].name if key in people else key for key in keys]


def _charter(purpose: Purpose, indexes: Indexes) -> SearchRecord:
    people = _names(indexes, purpose.maintainers)
    meta = {"title": purpose.title, "kind": "purpose", "date": purpose.started, "purpose": purpose.title}
    if purpose.summary:
        meta["summary"] = purpose.summary
    return SearchRecord(
        Page("purpose", purpose.id).path,
        _joined(purpose.title, purpose.summary, plain_text(purpose.body)),
        meta,
        {"purpose": [purpose.title], "kind": ["purpose"], "person": _unique(people)},
    )


def _contribution(item: Contribution, community: Community, indexes: Indexes) -> SearchRecord:
    history = indexes.histories.get(item.path)
    people = _names(indexes, [*item.authors, *(history.editors if history else ())])
    charter = community.purposes.get(item.purpose)
    purpose = charter.title if charter else item.purpose
    meta = {"title": item.title, "kind": item.kind, "date": item.date, "purpose": purpose}
    if item.summary:
        meta["summary"] = item.summary
    filters = {"purpose": [purpose], "kind": [item.kind], "person": _unique(people)}
    if item.tags:
        filters["tag"] = _unique(item.tags)
    return SearchRecord(
        Page("contribution", item.key).path, _joined(item.title, item.summary, plain_text(item.body)), meta, filters
    )


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _joined(*parts: str | None) -> str:
    return "\n\n".join(p for p in parts if p)


_MARKUP = re.compile(
    r"^ {0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n(?P<fenced>(?s:.*?))^ {0,3}(?P=fence)[ \t]*$"  # its code, as written
    r"|`+(?P<code>[^`\n]+)`+"  # inline code: its text, as written, markup included
    r"|!?\[\[(?:[^\[\]|\n]*\|)?(?P<wiki>[^\[\]\n]*)\]\]"  # [[target]] or [[target|text]]
    r"|!?\[(?P<text>[^\[\]\n]*)\]\([^()\n]*\)"  # [text](url) and ![alt](src)
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"  # raw HTML tags: the sanitiser keeps only their text
    r"|^ {0,3}(?:#{1,6}\s|>\s?|[-*+]\s|\d+[.)]\s)"  # heading, quote and list markers
    r"|(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)"  # emphasis
    r"|(?<!\S)[-:]{3,}(?!\S)",  # rules, and a table's line under its head
    re.M,
)


def plain_text(markdown: str) -> str:
    """The words of a Markdown body, without its markup: what a reader sees, near enough to
    search. Code keeps its characters, so text that looks like markup in code is found."""

    def keep(match: re.Match) -> str:
        for group in ("fenced", "code", "wiki", "text"):
            if match[group] is not None:
                return match[group].rsplit("/", 1)[-1] if group == "wiki" else match[group]
        return " " if match[0].startswith("<") else ""

    # Table pipes go too: a row reads as its cells' words.
    return re.sub(r"[ \t|]+", " ", _MARKUP.sub(keep, markdown)).strip()
