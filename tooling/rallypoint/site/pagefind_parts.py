"""The search index in parts: each indexed by a Pagefind process of its own, each kept in the
build cache under a digest of its records, so that a one-contribution edit indexes one part.

Pagefind's memory grows with the words and the records it indexes (1.4 GB for 10,000
contributions of 320 words as one index), and it cannot add to an index. So the records go in
as few parts as keep each near :data:`PART_WORDS` words, a record's part chosen by a hash of its
URL: a record stays in its part from build to build while the number of parts stays the same.
The first part goes in ``pagefind/`` with Pagefind's scripts, the others in
``pagefind/parts/<n>/``, listed in ``pagefind/parts.json`` for the search page to merge
(Pagefind's ``mergeIndex``). A part costs each query little: its metadata (a few bytes a page,
which every part's pages cost anyway) and, for each word, the chunk that holds it in that part.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import shutil
import threading
import zipfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .pagefind_files import INDEX_FILES, read_pagefind_file, settle
from .pagefind_service import Service

if TYPE_CHECKING:
    from .search import SearchRecord

log = logging.getLogger(__name__)

FOLDER = "pagefind"
"""Where the index and Pagefind's scripts go, under the site's root."""
PARTS = "parts"
PARTS_FILE = "parts.json"
PART_WORDS = 1_000_000
"""Words indexed by one Pagefind process, about: about 400 MB of its memory (measured: about
420 bytes a word and 25 KB a record, counted as :data:`RECORD_WORDS` words). Smaller parts cost
each query a little more (at 10,000 contributions, a two-word query: 259 KB in 2 parts, 267 KB
in 4, 285 KB in 8) and an edit indexes less again (a quarter of the index in 4 parts)."""
RECORD_WORDS = 60
BATCH = 500
"""Records sent to Pagefind in one go."""
KEPT = "search"
"""The cache's folder of parts, one zip file each, named by its digest."""


@dataclass(frozen=True)
class IndexStats:
    records: int
    words: int
    peak_rss: int
    """The largest Pagefind process's peak resident memory in bytes (0 where /proc cannot say)."""
    parts: int = 1
    reused: int = 0
    """Parts taken from the cache."""


@dataclass(frozen=True, slots=True)
class Pending:
    """A record to index, made only when its part is: at 100,000 contributions every record
    made at once held some 300 MB, one part's records hold a few."""

    url: str
    words: int
    """What indexing it costs Pagefind, in words, near enough (:func:`_words` for a record)."""
    make: Callable[[], SearchRecord]


class Cancelled(Exception):
    """The indexing was stopped before it finished (:meth:`.search.Indexing.cancel`)."""


def write_index(
    found: Iterable[SearchRecord | Pending],
    site: Path,
    language: str,
    *,
    cache: Path | None = None,
    stop: threading.Event | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> IndexStats:
    """Index ``found`` into ``site / "pagefind"``, Pagefind's scripts included, replacing any
    index there; each part from ``cache`` (a folder) when it holds that part, and kept there
    when not. The same records give the same files, byte for byte. Records may come
    :class:`Pending`: each is then made when its part is indexed. ``progress`` hears the parts
    done and their number after each."""
    output = site / FOLDER
    if output.exists():
        shutil.rmtree(output)
    lang = pagefind_language(language)
    parts = _parts(sorted(map(_pending, found), key=lambda r: r.url))
    kept = _Kept(cache, lang) if cache is not None else None
    stats = IndexStats(0, 0, 0, len(parts))
    for number, pending in enumerate(parts):
        if stop is not None and stop.is_set():
            raise Cancelled
        part = [record.make() for record in pending]
        files, done = kept.get(number, part) if kept else (None, None)
        reused = files is not None
        if files is None:
            files, done = _index_part(part, lang, stop)
        files = {name: data for name, data in files.items() if _published(name, number)}
        if kept and not reused:
            kept.put(number, part, files, done)
        where = output / PARTS / str(number) if number else output
        for name, data in sorted(files.items()):
            path = where / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        stats = IndexStats(
            stats.records + done.records,
            stats.words + done.words,
            max(stats.peak_rss, done.peak_rss),
            len(parts),
            stats.reused + reused,
        )
        if progress is not None:
            progress(number + 1, len(parts))
    (output / PARTS_FILE).write_text(json.dumps([f"{PARTS}/{n}/" for n in range(1, len(parts))]), encoding="utf-8")
    if kept:
        kept.prune()
    log.debug(
        "indexed %d records (%d words), %d of %d parts from the cache",
        stats.records,
        stats.words,
        stats.reused,
        len(parts),
    )
    return stats


def _published(name: str, part: int) -> bool:
    """The index's own files, and with the first part the script and the wasm the search page
    loads; not Pagefind's UI bundles, its highlighter or its worker (search.js uses none: half
    a megabyte a site)."""
    return name.endswith(INDEX_FILES) or (not part and (name == "pagefind.js" or name.startswith("wasm.")))


def pagefind_language(tag: str) -> str:
    """Pagefind's language for a BCP 47 tag: its primary subtag (``pt-BR`` → ``pt``), which
    picks the stemmer; the browser matches it against the page's ``<html lang>``."""
    return tag.split("-")[0].lower() or "en"


def _pending(record: SearchRecord | Pending) -> Pending:
    if isinstance(record, Pending):
        return record
    return Pending(record.url, _words(record), functools.partial(_same, record))


def _same(record: SearchRecord) -> SearchRecord:
    return record


def _parts(ordered: list[Pending]) -> list[list[Pending]]:
    """``ordered`` in as few parts as keep each near :data:`PART_WORDS` words (at least one
    part, maybe empty), each record in the part a hash of its URL picks."""
    count = max(1, -(-sum(record.words for record in ordered) // PART_WORDS))
    parts: list[list[Pending]] = [[] for _ in range(count)]
    for record in ordered:
        parts[_bucket(record.url, count)].append(record)
    return parts


def _bucket(url: str, count: int) -> int:
    return int.from_bytes(hashlib.blake2b(url.encode(), digest_size=8).digest(), "big") % count if count > 1 else 0


def _words(record: SearchRecord) -> int:
    """What indexing ``record`` costs Pagefind in memory, in words: its words, and
    :data:`RECORD_WORDS` for the record itself."""
    return len(record.content.split()) + RECORD_WORDS


def _index_part(part: list[SearchRecord], language: str, stop: threading.Event | None) -> tuple[dict, IndexStats]:
    """Index ``part`` with a Pagefind process of its own: its files (:func:`.pagefind_files.settle`d)."""
    with Service() as service:
        index_id = service.ask([{"type": "NewIndex", "config": {"force_language": language}}])[0]["index_id"]
        words = 0
        for start in range(0, len(part), BATCH):
            if stop is not None and stop.is_set():
                raise Cancelled
            answers = service.ask([_add(index_id, r, language) for r in part[start : start + BATCH]])
            words += sum(a.get("page_word_count", 0) for a in answers)
        # Pagefind's own WriteFiles answers before its last writes reach the disk, and a file
        # was found empty once the service had exited: take the files, and write them here.
        files = service.files(index_id)
        peak = service.peak_rss()
    return settle(files), IndexStats(len(part), words, peak)


def _add(index_id: int, record: SearchRecord, language: str) -> dict:
    # Pagefind takes the URL as given: a leading slash; the page makes it relative to the site.
    return {
        "type": "AddRecord",
        "index_id": index_id,
        "url": "/" + record.url,
        "content": record.content,
        "language": language,
        "meta": record.meta,
        "filters": record.filters,
    }


class _Kept:
    """The cache's parts: ``<cache>/<digest>.zip``, the digest of a part's records, its number
    (the first has the scripts), its language, rallypoint's code and Pagefind's version. A zip
    file's comment repeats its digest and says its words; its CRCs catch a damaged entry."""

    def __init__(self, folder: Path, language: str):
        from importlib.metadata import version

        from .cache import code_digest

        self.folder, self.used = folder, set()
        self._key = [language, code_digest(), version("pagefind")]

    def _digest(self, number: int, part: list[SearchRecord]) -> str:
        text = json.dumps([*self._key, number == 0, [r.as_json() for r in part]], sort_keys=True)
        return hashlib.blake2b(text.encode(), digest_size=20).hexdigest()

    def get(self, number: int, part: list[SearchRecord]) -> tuple[dict | None, IndexStats | None]:
        digest = self._digest(number, part)
        self.used.add(digest)
        try:
            with zipfile.ZipFile(self.folder / f"{digest}.zip") as archive:
                kept, words = archive.comment.decode().split(" ")
                files = {name: archive.read(name) for name in archive.namelist()}  # checks each CRC
        except (OSError, zipfile.BadZipFile, ValueError, EOFError, UnicodeDecodeError):
            return None, None
        if kept != digest or any(name.startswith("/") or ".." in name.split("/") for name in files):
            return None, None
        return files, IndexStats(len(part), int(words), 0)

    def put(self, number: int, part: list[SearchRecord], files: dict[str, bytes], stats: IndexStats) -> None:
        from .cache import ignore_in_git

        path = self.folder / f"{self._digest(number, part)}.zip"
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            ignore_in_git(self.folder.parent)
            temporary = path.with_name(f".{path.name}.{os.getpid()}")
            with zipfile.ZipFile(temporary, "w", zipfile.ZIP_STORED) as archive:
                archive.comment = f"{path.stem} {stats.words}".encode()
                for name, data in sorted(files.items()):
                    archive.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data)
            os.replace(temporary, path)
        except OSError as error:
            log.warning("cannot keep a part of the search index in %s (%s)", path, error)

    def prune(self) -> None:
        """Forget the parts this build did not use: the cache keeps one index's parts (and
        not the whole index that rallypoint kept before it kept parts)."""
        for path in [*self.folder.glob("*.zip"), self.folder.parent / "search.zip"]:
            if path.stem not in self.used:
                path.unlink(missing_ok=True)


def read_index(site: Path) -> dict[str, dict]:
    """What the index in ``site`` holds, by URL: each record's ``content``, ``meta`` and
    ``filters`` as Pagefind stored them, from every part. For checks and tests."""
    folder = site / FOLDER
    parts = [folder, *(folder / name for name in json.loads((folder / PARTS_FILE).read_text(encoding="utf-8")))]
    found = {}
    for part in parts:
        for fragment in sorted((part / "fragment").glob("*.pf_fragment")):
            data = json.loads(read_pagefind_file(fragment.read_bytes(), fragment.name))
            found[data["url"].lstrip("/")] = data
    return found
