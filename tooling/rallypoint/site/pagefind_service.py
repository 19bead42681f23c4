"""Pagefind's binary as rallypoint drives it: ``pagefind --service``, and the files it writes.

The binary comes with ``pagefind[bin]``. It is driven directly over its stdin/stdout protocol
(base64 JSON messages, each followed by a comma) rather than with ``pagefind.index.PagefindIndex``,
whose client polls for each answer every 0.1 s: 17 minutes for 10,000 records.
"""

from __future__ import annotations

import base64
import contextlib
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
