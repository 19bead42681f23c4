"""`rallypoint serve`: a real preview server that rebuilds when a contribution changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from conftest import BASE


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str, want: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                last = response.read().decode()
            if want in last:
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{want!r} never appeared at {url}")


def test_serve_reloads_when_a_contribution_changes(community):
    root = community()
    (root / "site_templates").mkdir()
    port = _free_port()
    rallypoint = Path(sys.executable).parent / "rallypoint"
    server = subprocess.Popen(
        [str(rallypoint), "-C", str(root), "serve", "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        url = f"http://127.0.0.1:{port}/repair/drain-pump/"
        _fetch(url, "Replacing a drain pump")
        page = root / "content/repair/drain-pump.md"
        page.write_text(BASE["content/repair/drain-pump.md"].replace("Replacing a drain pump", "Swapping the pump"))
        _fetch(url, "Swapping the pump")
        (root / "site_templates/wanted.html.jinja").write_text("<p>Template changed</p>\n")
        _fetch(f"http://127.0.0.1:{port}/wanted/", "Template changed")
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert not (root / "site").exists()
