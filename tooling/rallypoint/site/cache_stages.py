"""The build cache's stages before the pages: the git history for a HEAD, Pagefind's index for
the same search records. Both in ``.rallypoint-cache/``, both checked before they are used (a
digest of what is kept), both ignored when anything is off, so the build reads git or runs
Pagefind again.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import os
import pickle
import zipfile
from pathlib import Path

from ..history import log as history_log
from ..history.log import History, read_history
from ..history.repository import GitError, Repository
from .cache import CACHE_DIR, code_digest, ignore_in_git

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
    """``read_history(root, bots)``, from the cache when HEAD, the .mailmap files, the bots and
    rallypoint's code are the same as when it was kept."""
    try:
        repository = Repository.find(root)
        head = repository.head()
        mailmaps = [_read_or_none(folder / ".mailmap") for folder in (repository.top, root)]
        where = root.resolve().relative_to(repository.top).as_posix()
        key = json.dumps([head, repository.shallow, mailmaps, sorted(bots), where, code_digest()]).encode()
    except (GitError, ValueError, OSError):
        return read_history(root, bots)
    if head is None:
        return read_history(root, bots)
    path = root / CACHE_DIR / "history.pickle"
    wanted = hashlib.blake2b(key, digest_size=20).hexdigest()
    try:
        data = path.read_bytes()
        header, payload = data.split(b"\n", 1)
        stored, check = header.decode().split(" ")
        if stored == wanted and hashlib.blake2b(payload, digest_size=20).hexdigest() == check:
            found = _HistoryUnpickler(io.BytesIO(payload)).load()
            if isinstance(found, History):
                return found
    except (OSError, ValueError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, IndexError):
        pass
    history = read_history(root, bots)
    try:
        payload = pickle.dumps(history, protocol=pickle.HIGHEST_PROTOCOL)
        check = hashlib.blake2b(payload, digest_size=20).hexdigest()
        path.parent.mkdir(parents=True, exist_ok=True)
        ignore_in_git(path.parent)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(f"{wanted} {check}\n".encode() + payload)
        os.replace(temporary, path)
    except (OSError, pickle.PicklingError, TypeError) as error:
        log.warning("cannot keep the history in %s (%s)", path, error)
    return history


def _read_or_none(path: Path) -> str | None:
    try:
        return path.read_text(errors="replace")
    except OSError:
        return None


def cached_search_index(root: Path, content, site: Path) -> bool:
    """Write Pagefind's index into ``site`` from the cache when the search records are the same
    as when it was kept, else index them and keep the result; whether it came from the cache.

    Pagefind cannot add to an index, so any change to the records indexes them all again; but
    a change that leaves them alone (a template, a theme, a profile's bio) reuses it. The
    index is kept as one zip file (thousands of small files are slow to copy), whose CRCs
    catch a damaged entry.
    """
    from .search import FOLDER, records, write_index

    community = content.bodies.community
    found = list(records(community, content.indexes))
    language = community.settings.language
    text = json.dumps([language, code_digest(), [r.as_json() for r in found]], sort_keys=True)
    digest = hashlib.blake2b(text.encode(), digest_size=20).hexdigest()
    kept = root / CACHE_DIR / "search.zip"
    if _unzip(kept, digest, site / FOLDER):
        return True
    write_index(found, site, language)
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        ignore_in_git(kept.parent)
        temporary = kept.with_name(f".{kept.name}.{os.getpid()}")
        folder = site / FOLDER
        with zipfile.ZipFile(temporary, "w", zipfile.ZIP_STORED) as archive:
            archive.comment = digest.encode()
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                archive.writestr(path.relative_to(folder).as_posix(), path.read_bytes())
        os.replace(temporary, kept)
    except OSError as error:
        log.warning("cannot keep the search index in %s (%s)", kept, error)
    return False


def _unzip(kept: Path, digest: str, target: Path) -> bool:
    """Unpack the kept index into ``target`` when it is the one for ``digest`` and undamaged."""
    try:
        with zipfile.ZipFile(kept) as archive:
            if archive.comment != digest.encode():
                return False
            files = {name: archive.read(name) for name in archive.namelist()}  # checks each CRC
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return False
    if any(name.startswith("/") or ".." in name.split("/") for name in files):
        return False
    for name, data in files.items():
        (target / name).parent.mkdir(parents=True, exist_ok=True)
        (target / name).write_bytes(data)
    return True
