"""`rallypoint serve` says what it does, in plain text when its output is a file or a pipe,
and shows a failed build in the browser until the file is fixed."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import BASE
from test_serve import _fetch, _free_port


def _wait_for(lines: list[str], want: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for line in list(lines):
            if want in line:
                return line
        time.sleep(0.1)
    raise AssertionError(f"{want!r} never said; said:\n" + "".join(lines))


def _error_page(url: str, want: str, timeout: float = 60) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5).close()
        except urllib.error.HTTPError as error:
            page = error.read().decode()
            if error.code == 500 and want in page:
                return page
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"no error page with {want!r} at {url}")


def test_serve_says_what_it_does_and_shows_a_broken_build_in_the_browser(community):
    root = community()
    port = _free_port()
    rallypoint = Path(sys.executable).parent / "rallypoint"
    server = subprocess.Popen(
        [str(rallypoint), "-C", str(root), "serve", "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={"PATH": "/usr/bin:/bin", "TERM": "xterm-256color"},  # a colour terminal, but output to a pipe
    )
    said: list[str] = []
    reader = threading.Thread(target=lambda: said.extend(iter(server.stdout.readline, "")), daemon=True)
    reader.start()
    try:
        _wait_for(said, f"Serving on http://127.0.0.1:{port}/")
        url = f"http://127.0.0.1:{port}/repair/drain-pump/"
        _fetch(url, "Replacing a drain pump")

        page = root / "content/repair/drain-pump.md"
        page.write_text(BASE["content/repair/drain-pump.md"].replace("authors: [alice]", "authors: [alice"))
        failed = _wait_for(said, "Build failed after content/repair/drain-pump.md changed")
        shown = _error_page(url, "RP006")
        assert "content/repair/drain-pump.md" in shown and "livereload" in shown  # reloads once fixed
        assert "Build failed" in failed

        page.write_text(BASE["content/repair/drain-pump.md"].replace("Replacing a drain pump", "Swapping the pump"))
        _fetch(url, "Swapping the pump")
        rebuilt = _wait_for(said, "Rebuilt in")
        assert rebuilt.strip().endswith("after content/repair/drain-pump.md changed")
    finally:
        server.terminate()
        server.wait(timeout=10)
        reader.join(timeout=5)
    output = "".join(said)
    assert "\x1b" not in output, output
    assert output.count("Serving on") == 1
    assert "Traceback" not in output, output


def test_serve_refuses_a_taken_port_or_a_bad_address_without_a_traceback(community):
    import socket

    from click.testing import CliRunner

    from rallypoint.cli import cli

    root = community()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["-C", str(root), "serve", "-a", f"127.0.0.1:{port}"])
    assert result.exit_code == 2, result.output
    assert f"cannot serve on 127.0.0.1:{port}" in result.output and "choose another with -a" in result.output
    assert "Serving on" not in result.output
    result = CliRunner().invoke(cli, ["-C", str(root), "serve", "-a", "localhost"])
    assert result.exit_code == 2 and "give IP:PORT" in result.output, result.output


@pytest.mark.browser
def test_the_browser_shows_the_error_then_the_site_again_by_itself(community):
    from playwright.sync_api import sync_playwright

    root = community()
    port = _free_port()
    rallypoint = Path(sys.executable).parent / "rallypoint"
    server = subprocess.Popen(
        [str(rallypoint), "-C", str(root), "serve", "-a", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    page_file = root / "content/repair/drain-pump.md"
    try:
        url = f"http://127.0.0.1:{port}/repair/drain-pump/"
        _fetch(url, "Replacing a drain pump")
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 375, "height": 740})
            page.goto(url)
            assert page.locator("article h1").inner_text() == "Replacing a drain pump"
            page_file.write_text(BASE["content/repair/drain-pump.md"].replace("authors: [alice]", "authors: [alice"))
            # The open page reloads by itself onto the diagnostics...
            page.locator("#rallypoint-diagnostics", has_text="RP006").wait_for(timeout=30_000)
            assert "content/repair/drain-pump.md" in page.locator("#rallypoint-diagnostics").inner_text()
            page_file.write_text(
                BASE["content/repair/drain-pump.md"].replace("Replacing a drain pump", "Swapping the pump")
            )
            # ...and back onto the site once the file is fixed.
            page.locator("article h1", has_text="Swapping the pump").wait_for(timeout=30_000)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
