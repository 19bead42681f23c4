"""The build cache in ``.rallypoint-cache/``: what lets a rebuild skip work a cold build would redo.

Two levels, both checked before they are trusted, so a cache that is corrupt, from another
version of rallypoint or half-written by a killed build never makes a wrong site (it is
ignored, and the build is cold):

- **Pages** (:class:`PageCache`, one SQLite file): each page's final HTML as MkDocs wrote it,
  keyed by a hash of everything that HTML depends on (:func:`page_key`): the page's own HTML
  from rallypoint's templates, the sources of the bodies it shows and what their links
  resolve to, its URL, the site config and the theme, and rallypoint's own code. A page whose
  key is known is not given to MkDocs at all; its HTML is written from the cache. Each entry
  is zlib-compressed, whose checksum catches a damaged entry.
- **The stages before the pages** (:mod:`.cache_stages`): the git history for a HEAD, and
  Pagefind's index for the same search records. After new commits, what git printed for the
  old ones (:mod:`rallypoint.history.commits`), so git reads only the new ones; each file's
  record and problems by its bytes (:mod:`rallypoint.model.parse_cache`); the file versions that
  prove claims (:mod:`rallypoint.history.claims`). Each such file is written and checked the
  same way (:mod:`rallypoint.kept`).
- **The last build** (:class:`LastBuild`, a JSON file): a fingerprint of every input file (path,
  size, modification time), HEAD, the options and the code, with the diagnostics it gave and
  the list of files of the site it made. When nothing changed and that site is still there
  untouched, ``build`` reports it again without rebuilding.

Entries are written in one SQLite transaction that is committed only after the site is
complete, and the JSON file is replaced by a rename, so an interrupted build leaves the
previous cache as it was.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import os
import sqlite3
import stat
import sys
import time
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from ..addresses import COMMUNITY_FILE, FOLDERS
from ..diagnostics import Diagnostic
from ..history.repository import GitError, Repository
from ..kept import CACHE_DIR, ignore_in_git

log = logging.getLogger(__name__)

FORMAT = 2
"""Bumped when the cache's layout changes; a cache of another format is ignored."""
_PACKAGES = ("mkdocs", "mkdocs-material", "markdown", "nh3", "jinja2", "pymdown-extensions")
_INPUTS = (*FOLDERS, COMMUNITY_FILE, "site_templates", ".mailmap", ".git-blame-ignore-revs")
KEPT_BUILDS = 3
"""A page's entry stays until this many builds went by without it (``build`` and ``serve``
differ in the site's address, so they keep apart entries)."""
RACY_SECONDS = 2.0
"""A file changed this recently may change again within the same timestamp tick: a build that
saw one is not remembered as the last build (git's "racily clean" problem)."""


@functools.cache
def code_digest() -> str:
    """rallypoint's own code and default templates, and the versions of the packages that make pages.

    Hashing the files, not just the version number, keeps a development checkout's cache honest.
    """
    import rallypoint

    digest = hashlib.blake2b(f"{FORMAT} {sys.version}".encode(), digest_size=16)
    package = Path(rallypoint.__file__).parent
    from .pages import DEFAULT_TEMPLATES

    for folder in (package, DEFAULT_TEMPLATES):
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    for name in _PACKAGES:
        try:
            digest.update(f"{name}={importlib.metadata.version(name)}".encode())
        except importlib.metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    return digest.hexdigest()


def folder_digest(folders: Iterable[Path]) -> str:
    """Every file under ``folders`` (theme overrides), by path and content."""
    digest = hashlib.blake2b(digest_size=16)
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def page_key(salt: str, src: str, stub: str, html: str, bodies: Iterable[str]) -> str:
    """The key of a page's final HTML: its stub (meta, title), its HTML with markers, and what
    each body it shows depends on (:meth:`~rallypoint.site.bodies.BodyRenderer.depends`)."""
    digest = hashlib.blake2b(salt.encode(), digest_size=20)
    for part in (src, stub, html, *bodies):
        data = part.encode()
        digest.update(len(data).to_bytes(8, "little") + data)
    return digest.hexdigest()


class PageCache:
    """Final page HTML by key, in ``.rallypoint-cache/pages.sqlite``.

    ``get`` returns None for anything unknown or damaged; ``put`` adds to a transaction that
    :meth:`commit` ends, dropping the entries the last :data:`KEPT_BUILDS` builds did not use
    (so the cache does not grow with every edit). Without :meth:`commit` (a failed or killed
    build) nothing is kept.
    """

    def __init__(self, root: Path) -> None:
        self.path = root / CACHE_DIR / "pages.sqlite"
        self.used: set[str] = set()
        self._db: sqlite3.Connection | None = None
        self.hits = self.misses = 0
        try:
            self._db = self._open()
        except (sqlite3.Error, OSError) as error:
            log.warning("the page cache %s is unusable (%s); building without it", self.path, error)
            self._db = None

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        ignore_in_git(self.path.parent)
        for attempt in range(2):
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            try:
                db.execute("PRAGMA journal_mode=WAL")  # a `serve` and a `build` can share it
                db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT)")
                format_row = db.execute("SELECT value FROM meta WHERE name = 'format'").fetchone()
                if format_row is None or format_row[0] != str(FORMAT):
                    db.execute("DROP TABLE IF EXISTS pages")
                    db.execute("DELETE FROM meta")
                    db.execute("INSERT INTO meta VALUES ('format', ?)", (str(FORMAT),))
                db.execute(
                    "CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, html BLOB, extra TEXT, seen INTEGER)"
                )
                db.execute("BEGIN")
                return db
            except sqlite3.DatabaseError:
                db.close()
                if attempt:
                    raise
                log.warning("the page cache %s is damaged; starting a new one", self.path)
                self.path.unlink(missing_ok=True)
        raise AssertionError("unreachable")

    @property
    def usable(self) -> bool:
        return self._db is not None

    def get(self, key: str) -> tuple[bytes, dict] | None:
        """The page's HTML (UTF-8) and its extras, or None."""
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT html, extra FROM pages WHERE key = ?", (key,)).fetchone()
            if row is None:
                self.misses += 1
                return None
            found = zlib.decompress(row[0]), json.loads(row[1])
        except (sqlite3.Error, zlib.error, ValueError, TypeError) as error:
            log.debug("page cache entry %s unusable: %s", key, error)
            self.misses += 1
            return None
        self.used.add(key)
        self.hits += 1
        return found

    def put(self, key: str, html: bytes, extra: dict) -> None:
        self.put_compressed(key, zlib.compress(html, 1), extra)

    def put_compressed(self, key: str, data: bytes, extra: dict) -> None:
        """:meth:`put` of HTML another process compressed with zlib."""
        if self._db is None:
            return
        self.used.add(key)
        try:
            self._db.execute("INSERT OR REPLACE INTO pages VALUES (?, ?, ?, 0)", (key, data, json.dumps(extra)))
        except sqlite3.Error as error:
            log.warning("cannot write the page cache (%s); building without it", error)
            self.close()

    def commit(self) -> None:
        """Keep this build's entries, and those of the builds just before it."""
        if self._db is None:
            return
        try:
            row = self._db.execute("SELECT value FROM meta WHERE name = 'generation'").fetchone()
            generation = int(row[0]) + 1 if row else 1
            self._db.execute("INSERT OR REPLACE INTO meta VALUES ('generation', ?)", (str(generation),))
            self._db.execute("CREATE TEMP TABLE IF NOT EXISTS used (key TEXT PRIMARY KEY)")
            self._db.execute("DELETE FROM used")
            self._db.executemany("INSERT OR IGNORE INTO used VALUES (?)", ((k,) for k in self.used))
            self._db.execute("UPDATE pages SET seen = ? WHERE key IN (SELECT key FROM used)", (generation,))
            self._db.execute("DELETE FROM pages WHERE seen <= ?", (generation - KEPT_BUILDS,))
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            log.warning("cannot save the page cache (%s)", error)
        self.close()

    def close(self) -> None:
        """Forget what this build added (unless committed)."""
        if self._db is not None:
            with _quietly():
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
            self._db.close()
            self._db = None


class PageReader:
    """:meth:`PageCache.get` for a worker process: its own read-only connection to the pages
    a build found when it started (the build's own entries are not committed yet)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None

    def get(self, key: str) -> bytes | None:
        try:
            if self._db is None:
                self._db = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            row = self._db.execute("SELECT html FROM pages WHERE key = ?", (key,)).fetchone()
            return None if row is None else zlib.decompress(row[0])
        except (sqlite3.Error, zlib.error, TypeError) as error:
            log.debug("page cache entry %s unusable: %s", key, error)
            return None

    def close(self) -> None:
        """Let go of the database (an open reader keeps SQLite's write-ahead log alive)."""
        if self._db is not None:
            self._db.close()
            self._db = None


class _quietly:
    def __enter__(self) -> None:
        return None

    def __exit__(self, kind, value, traceback) -> bool:
        return kind is not None and issubclass(kind, sqlite3.Error)


# -- the last build ------------------------------------------------------------------------


def _walk(root: Path, name: str) -> Iterator[tuple[str, os.stat_result]]:
    path = root / name
    try:
        info = path.stat()
    except OSError:
        return
    if not path.is_dir():
        yield name, info
        return
    for folder, dirs, files in os.walk(path):
        dirs.sort()
        for file in sorted(files):
            full = os.path.join(folder, file)
            try:
                yield os.path.relpath(full, root), os.stat(full)
            except OSError:
                continue


def _fingerprint(entries: Iterable[tuple[str, os.stat_result]], now: float) -> str | None:
    """A digest of files by path, size, modification and change time; None when one is racy."""
    digest = hashlib.blake2b(digest_size=20)
    racy = now - RACY_SECONDS
    for name, info in entries:
        if info.st_mtime > racy:
            return None
        digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ctime_ns}\0{info.st_ino}\n".encode())
    return digest.hexdigest()


def inputs_fingerprint(root: Path, options: dict) -> str | None:
    """Everything a build reads: the community's files, HEAD, the options and the code.

    None when it cannot be known for sure (a file changed within the last seconds, git failed).
    """
    now = time.time()
    try:
        repository = Repository.find(root)
        head = repository.head()
        extra = [_walk(repository.top, ".mailmap"), _walk(repository.top, ".git-blame-ignore-revs")]
    except GitError:
        head, extra = None, []
    files = [entry for name in _INPUTS for entry in _walk(root, name)]
    for walk in extra:
        files.extend(walk)
    found = _fingerprint(files, now)
    if found is None:
        return None
    return hashlib.blake2b(
        json.dumps([found, head, options, code_digest()], sort_keys=True).encode(), digest_size=20
    ).hexdigest()


def site_fingerprint(site: Path) -> str | None:
    """The built site's files by path, size and times: whether anyone touched it since."""
    surveyed = survey(site)
    return surveyed[0] if surveyed else None


def survey(site: Path) -> tuple[str, int] | None:
    """The site's :func:`site_fingerprint` and the bytes of its files, from one walk (a large
    site has hundreds of thousands of files); None when there is no site."""
    if not site.is_dir():
        return None
    digest = hashlib.blake2b(digest_size=20)
    size = 0
    for name, info in _site_files(str(site), ""):
        digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\0{info.st_ino}\n".encode())
        if stat.S_ISREG(info.st_mode):
            size += info.st_size
    return digest.hexdigest(), size


def _site_files(folder: str, prefix: str) -> Iterator[tuple[str, os.stat_result]]:
    """Every file below ``folder`` and its ``lstat``, named from the site's root, in the order
    ``os.walk`` gives them (a folder's files, then its folders, each A to Z)."""
    files, folders = [], []
    with os.scandir(folder) as entries:
        for entry in entries:
            (folders if entry.is_dir(follow_symlinks=False) else files).append(entry)
    for entry in sorted(files, key=lambda e: e.name):
        yield prefix + entry.name, entry.stat(follow_symlinks=False)
    for entry in sorted(folders, key=lambda e: e.name):
        yield from _site_files(entry.path, f"{prefix}{entry.name}/")


@dataclass(frozen=True)
class LastBuild:
    """What the previous build read and made, to skip a build where nothing changed."""

    inputs: str
    site_dir: str
    site: str
    diagnostics: tuple[Diagnostic, ...]
    files_checked: int
    pages: int
    size: int
    site_url: str | None

    @staticmethod
    def path(root: Path) -> Path:
        return root / CACHE_DIR / "last-build.json"

    @classmethod
    def load(cls, root: Path) -> LastBuild | None:
        try:
            data = json.loads(cls.path(root).read_text())
            if data.pop("format") != FORMAT:
                return None
            data["diagnostics"] = tuple(Diagnostic(**d) for d in data["diagnostics"])
            return cls(**data)
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return None

    def save(self, root: Path) -> None:
        path = self.path(root)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            ignore_in_git(path.parent)
            data = {"format": FORMAT, **asdict(self)}
            data["diagnostics"] = [d.as_dict() for d in self.diagnostics]
            temporary = path.with_name(f".{path.name}.{os.getpid()}")
            temporary.write_text(json.dumps(data))
            os.replace(temporary, path)
        except OSError as error:
            log.warning("cannot save %s (%s)", path, error)

    @classmethod
    def forget(cls, root: Path) -> None:
        cls.path(root).unlink(missing_ok=True)
