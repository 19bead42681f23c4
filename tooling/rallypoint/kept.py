"""Files the build cache keeps in ``.rallypoint-cache/``: written whole, read back only when sound.

Each file is a header line (what it was kept for, and a digest of the rest) and a payload. It
is written beside its place and renamed over it, so a killed build leaves the previous file or
none; it is read back only when it was kept for the very key asked and its digest matches, so a
damaged, half-written or foreign file is as good as none. Payloads that are pickles are read
with :class:`PlainUnpickler` or a subclass naming only the classes it expects: a tampered file
cannot run code.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
from pathlib import Path

log = logging.getLogger(__name__)

CACHE_DIR = ".rallypoint-cache"


def ignore_in_git(folder: Path) -> None:
    """The cache ignores itself, so no community commits it even without a .gitignore line."""
    marker = folder / ".gitignore"
    if not marker.exists():
        marker.write_text("# rallypoint's build cache: safe to delete\n*\n")


def read_kept(path: Path, key: str) -> bytes | None:
    """What :func:`keep` kept in ``path`` under ``key``, when it is that and undamaged; else None."""
    try:
        data = path.read_bytes()
        header, payload = data.split(b"\n", 1)
        stored, check = header.decode("ascii").split(" ")
    except (OSError, ValueError):
        return None
    if stored != key or hashlib.blake2b(payload, digest_size=20).hexdigest() != check:
        return None
    return payload


def keep(path: Path, key: str, payload: bytes) -> None:
    """Write ``payload`` under ``key`` and its digest, replacing the file by a rename.

    OSError when it cannot be written (the caller decides how loud to be).
    """
    check = hashlib.blake2b(payload, digest_size=20).hexdigest()
    path.parent.mkdir(parents=True, exist_ok=True)
    ignore_in_git(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(f"{key} {check}\n".encode() + payload)
    os.replace(temporary, path)


class PlainUnpickler(pickle.Unpickler):
    """Tuples, lists, dicts, sets, strings and numbers only: no class can be named."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name} is not plain data")
