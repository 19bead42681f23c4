"""What the browser tests share: chromium, the example community's built site, a local server.

The example site is built once per engine in each test process and shared by every browser
test that reads it; tests that need a community of their own serve any folder with ``serving``.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO
from rallypoint.site.build import build_site

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"
EXAMPLE_FILES = ("community.yml", "purposes", "content", "contributors", ".mailmap", "site_templates")
_BUILT: dict[str, Path] = {}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


class _QuietServer(http.server.ThreadingHTTPServer):
    """A browser that moves on before a download ends is no error worth a traceback in the log."""

    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def require_chromium() -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")


def copy_example(root: Path) -> Path:
    """A copy of the example community's files (not its git history) in the new folder ``root``."""
    root.mkdir(parents=True)
    for name in EXAMPLE_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        elif source.exists():
            shutil.copy(source, root / name)
    return root


def example_site(tmp_path_factory: pytest.TempPathFactory, engine: str = "material") -> Path:
    """The example community's site built with ``engine`` (outside git: nothing is verified)."""
    if engine not in _BUILT:
        work = tmp_path_factory.mktemp(f"example-{engine}")
        root = copy_example(work / "community")
        result = build_site(root, work / "site", engine=engine)
        assert result.site_dir, result.diagnostics
        _BUILT[engine] = result.site_dir
    return _BUILT[engine]


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 for the duration; yields its base URL."""
    server = _QuietServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


@contextlib.contextmanager
def chromium() -> Iterator:
    """A headless Debian chromium driven by Playwright, with nothing of its own on the network."""
    from playwright.sync_api import sync_playwright

    require_chromium()
    with sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        try:
            yield instance
        finally:
            instance.close()
