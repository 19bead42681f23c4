"""The build cache's stages before the pages: the git history for a HEAD (after new commits,
read again with git reading only those). In ``.rallypoint-cache/``, checked before it is used (a
digest of what is kept), ignored when anything is off, so the build reads git again. (Pagefind's
index keeps its own parts there: :mod:`.pagefind_parts`.)
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import pickle
from pathlib import Path

from ..history import log as history_log
from ..history.claims import keep_versions
from ..history.commits import KnownCommits
from ..history.log import History, ignored_revisions, read_history
from ..history.repository import GitError, Repository
from ..kept import keep, read_kept
from .cache import CACHE_DIR, code_digest

log = logging.getLogger(__name__)

_HISTORY_CLASSES = frozenset({"Person", "Change", "Commit", "FileHistory", "History"})


class _HistoryUnpickler(pickle.Unpickler):
    """Unpickles a History and nothing else: no other class can be named, so a tampered cache
    cannot run code."""

    def find_class(self, module: str, name: str):
        if module == history_log.__name__ and name in _HISTORY_CLASSES:
            return getattr(history_log, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a history")


def cached_history(root: Path, bots) -> History:
    """``read_history(root, bots)``, from the cache when HEAD, the .mailmap files, the commits
    ``.git-blame-ignore-revs`` lists, the bots and rallypoint's code are the same as when it was
    kept; after new commits (or a force push), read again with git reading only the commits it
    did not read before (:class:`~rallypoint.history.commits.KnownCommits`). The claims made from this history
    keep the file versions they read too (:func:`~rallypoint.history.claims.keep_versions`)."""
    keep_versions(root)
    try:
        repository = Repository.find(root)
        head = repository.head()
        mailmaps = [_read_or_none(folder / ".mailmap") for folder in (repository.top, root)]
        where = root.resolve().relative_to(repository.top).as_posix()
        ignored = ignored_revisions(repository.top, root)
        key = json.dumps([head, repository.shallow, mailmaps, sorted(bots), where, sorted(ignored), code_digest()])
    except (GitError, ValueError, OSError):
        return read_history(root, bots)
    if head is None:
        return read_history(root, bots)
    folder = root / CACHE_DIR
    wanted = hashlib.blake2b(key.encode(), digest_size=20).hexdigest()
    payload = read_kept(folder / "history.pickle", wanted)
    if payload is not None:
        try:
            found = _HistoryUnpickler(io.BytesIO(payload)).load()
            if isinstance(found, History):
                return found
        except (pickle.UnpicklingError, EOFError, AttributeError, TypeError, ValueError, IndexError):
            pass
    # A shallow clone's oldest commits show every file as added until it is deepened.
    known = None if repository.shallow else _known_commits(folder, mailmaps)
    history = read_history(root, bots, known=known, ignored=ignored)
    if history.head is None:  # git failed: nothing to keep
        return history
    try:
        keep(folder / "history.pickle", wanted, pickle.dumps(history, protocol=pickle.HIGHEST_PROTOCOL))
        if known is not None:
            keep(folder / COMMITS_FILE, _commits_key(mailmaps), known.to_bytes())
    except (OSError, pickle.PicklingError, TypeError) as error:
        log.warning("cannot keep the history in %s (%s)", folder, error)
    return history


COMMITS_FILE = "commits.pickle"


def _commits_key(mailmaps: list[str | None]) -> str:
    """What git printed for a commit depends on: the .mailmap files and the code that asked."""
    return hashlib.blake2b(json.dumps([mailmaps, code_digest()]).encode(), digest_size=20).hexdigest()


def _known_commits(folder: Path, mailmaps: list[str | None]) -> KnownCommits:
    payload = read_kept(folder / COMMITS_FILE, _commits_key(mailmaps))
    if payload is not None:
        try:
            return KnownCommits.from_bytes(payload)
        except ValueError as error:
            log.debug("the kept commits are unusable (%s); reading them all", error)
    return KnownCommits()


def _read_or_none(path: Path) -> str | None:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return None
