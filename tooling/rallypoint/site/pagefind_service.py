"""Pagefind's binary as rallypoint drives it: ``pagefind --service``, and the files it writes.

The binary comes with ``pagefind[bin]``. It is driven directly over its stdin/stdout protocol
(base64 JSON messages, each followed by a comma) rather than with ``pagefind.index.PagefindIndex``,
whose client polls for each answer every 0.1 s: 17 minutes for 10,000 records.
"""

from __future__ import annotations

import base64
import contextlib
import gzip
import hashlib
import json
import re
import subprocess
import tempfile
import threading
from pathlib import Path, PurePosixPath

from ..errors import BuildFailed


class SearchIndexError(BuildFailed):
    """Pagefind could not index the site; the previous site is untouched."""


class Service:
    """``pagefind --service``: requests and answers are base64 JSON, each followed by a comma."""

    def __enter__(self) -> Service:
        from pagefind.service import get_executable

        binary = get_executable()
        if binary is None:
            raise SearchIndexError('Pagefind\'s binary is missing: pip install "pagefind[bin]"')
        self._cwd = tempfile.TemporaryDirectory(prefix="rallypoint-pagefind-")
        try:
            self._process = subprocess.Popen(
                [str(binary), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
                cwd=self._cwd.name,
            )
        except OSError as error:
            self._cwd.cleanup()
            raise SearchIndexError(f"cannot run Pagefind's binary {binary}: {error.strerror or error}") from None
        self._buffer = b""
        self._sent = 0
        return self

    def __exit__(self, *exc) -> None:
        with contextlib.suppress(BrokenPipeError):
            self._process.stdin.close()
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._cwd.cleanup()

    def ask(self, payloads: list[dict]) -> list[dict]:
        """Send ``payloads`` and return their answers in order; SearchIndexError on an error.

        A thread writes while this one reads the answers: were both pipes to fill, each
        process would wait for the other.
        """
        first = self._sent + 1
        self._sent += len(payloads)
        messages = [
            base64.b64encode(json.dumps({"message_id": first + n, "payload": p}, ensure_ascii=False).encode()) + b","
            for n, p in enumerate(payloads)
        ]
        writer = threading.Thread(target=self._write, args=(messages,), daemon=True)
        writer.start()
        answers: dict[int, dict] = {}
        try:
            while len(answers) < len(payloads):
                answer = json.loads(base64.b64decode(self._read()))
                payload = answer["payload"]
                if payload.get("type") == "Error":
                    raise SearchIndexError(f"Pagefind could not index the site: {payload.get('message')}")
                answers[answer["message_id"]] = payload
        finally:
            writer.join(timeout=None if len(answers) == len(payloads) else 1)
        return [answers[i] for i in range(first, self._sent + 1)]

    def _write(self, messages: list[bytes]) -> None:
        # A broken pipe means Pagefind stopped: the reader sees its stdout end and says so.
        with contextlib.suppress(BrokenPipeError, ValueError):
            for message in messages:
                self._process.stdin.write(message)
            self._process.stdin.flush()

    def files(self, index_id: int) -> dict[str, bytes]:
        """The files of the index, by their path inside the index's folder."""
        answer = self.ask([{"type": "GetFiles", "index_id": index_id}])[0]
        found = {}
        for file in answer["files"]:
            name = PurePosixPath(file["path"])
            if name.is_absolute() or ".." in name.parts:
                raise SearchIndexError(f"Pagefind named a file {file['path']!r}, outside its folder")
            found[name.as_posix()] = base64.b64decode(file["content"])
        return found

    def _read(self) -> bytes:
        while b"," not in self._buffer:
            chunk = self._process.stdout.read1(1 << 16)
            if not chunk:
                raise SearchIndexError(f"Pagefind stopped (exit {self._process.wait()})")
            self._buffer += chunk
        message, _, self._buffer = self._buffer.partition(b",")
        return message

    def peak_rss(self) -> int:
        try:
            status = Path(f"/proc/{self._process.pid}/status").read_text()
        except OSError:
            return 0
        found = re.search(r"^VmHWM:\s+(\d+) kB", status, re.M)
        return int(found[1]) * 1024 if found else 0


_SIGNATURE = b"pagefind_dcd"
"""What each of Pagefind's files starts with, before its CBOR, inside the gzip."""


def settle_filters(output: Path) -> None:
    """Make Pagefind's filter files the same from build to build.

    Pagefind writes a filter's values, and the list of filters in its metadata, in the order
    of a Rust HashMap, which changes from run to run; the files' names are hashes of their
    contents, so they change too. The browser reads them as maps, so their order does not
    matter: sort them, and name each file by the hash of its sorted contents.
    """
    entry_file = output / "pagefind-entry.json"
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language in entry["languages"].values():
        old_meta = output / f"pagefind.{language['hash']}.pf_meta"
        meta = _read_cbor(old_meta)
        named = []
        for name, old in meta[3]:
            path = output / "filter" / f"{old}.pf_filter"
            values = _read_cbor(path)
            values[1].sort(key=lambda value: value[0])
            new = _write_cbor(output / "filter", old.split("_")[0], values, ".pf_filter", 7)
            path.unlink()
            named.append([name, new])
        meta[3] = sorted(named)
        prefix = language["hash"].split("_")[0]
        language["hash"] = _write_cbor(output, prefix, meta, ".pf_meta", 10, "pagefind.")
        old_meta.unlink()
    entry_file.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def read_pagefind_file(path: Path) -> bytes:
    """The data of one of Pagefind's files (gzip, a signature, then JSON or CBOR)."""
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_SIGNATURE):
        raise SearchIndexError(f"Pagefind wrote {path.name} in a form this rallypoint does not know")
    return data[len(_SIGNATURE) :]


def _read_cbor(path: Path):
    data = _SIGNATURE + read_pagefind_file(path)
    value, end = _decode(data, len(_SIGNATURE))
    if end != len(data):
        raise SearchIndexError(f"Pagefind wrote {path.name} in a form this rallypoint does not know")
    return value


def _write_cbor(folder: Path, prefix: str, value, suffix: str, digits: int, stem: str = "") -> str:
    """Write ``value`` as Pagefind does and return its hashed name (``en_1a2b3c4``)."""
    data = _SIGNATURE + _encode(value)
    name = f"{prefix}_{hashlib.sha256(data).hexdigest()[:digits]}"
    (folder / f"{stem}{name}{suffix}").write_bytes(gzip.compress(data, mtime=0))
    return name


def _decode(data: bytes, at: int):
    """One CBOR item at ``at`` (the kinds Pagefind writes: integers, strings, arrays, maps)."""
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        n = info
    else:
        size = 1 << (info - 24)
        n, at = int.from_bytes(data[at : at + size], "big"), at + size
    if major == 0:
        return n, at
    if major == 1:
        return -1 - n, at
    if major in (2, 3):
        raw = data[at : at + n]
        return (raw.decode() if major == 3 else bytes(raw)), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = {}
        for _ in range(n):
            key, at = _decode(data, at)
            pairs[key], at = _decode(data, at)
        return pairs, at
    raise SearchIndexError(f"Pagefind wrote a CBOR item of major type {major}, which this rallypoint does not know")


def _encode(value) -> bytes:
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode()
        return _head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(_encode(v) for v in value)
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value.items())
    raise TypeError(value)


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(n)
