"""A reader's path through the built site in a real headless chromium, driven by Playwright."""

from __future__ import annotations

import functools
import http.server
import re
import shutil
import threading
from pathlib import Path

import pytest

from conftest import REPO
from rallypoint.site.build import build_site

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = REPO / "test-artifacts"

pytestmark = pytest.mark.browser


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The example community's site, built and served on 127.0.0.1."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium")
    work = tmp_path_factory.mktemp("browser")
    root = work / "community"
    shutil.copytree(
        REPO,
        root,
        ignore=shutil.ignore_patterns(
            ".git", ".venv", "site", "tests", "tooling", "benchmarks", "test-artifacts", "*.egg-info", ".pytest_cache"
        ),
    )
    result = build_site(root, work / "site")
    assert result.site_dir, result.diagnostics
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(result.site_dir))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

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
        yield instance
        instance.close()


def test_reader_walks_home_purpose_contribution_author_tag(served, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(served)
    assert page.locator("article h1").first.inner_text()
    page.locator("a.rp-purpose-card").first.click()
    page.wait_for_url("**/purposes/*/")
    purpose_title = page.locator("article h1").inner_text()
    page.locator("#contributions ~ .rp-rows a").first.click()
    page.wait_for_load_state()
    assert page.locator(".rp-meta").first.get_by_text(purpose_title).count() == 1
    contribution = page.locator("article h1").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "contribution.png"), full_page=True)
    author = page.locator(".rp-meta a.rp-person").first
    author_name = author.inner_text()
    author.click()
    page.wait_for_url("**/contributors/*/")
    assert page.locator("article h1").inner_text() == author_name
    assert page.get_by_role("link", name=contribution).count() >= 1
    page.locator("a.rp-tag").first.click()
    page.wait_for_url("**/tags/*/")
    assert page.locator("article h1").inner_text().startswith("#")
    assert page.locator(".rp-card-title").count() >= 1
    assert not errors


def test_search_finds_a_contribution(served, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served)
    title = page.locator(".rp-cards .rp-card-title").first.inner_text()
    query = max(re.findall(r"[A-Za-z]{3,}", title), key=len)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    search = page.locator("input.md-search__input")
    found = page.locator(".md-search-result__item a", has_text=title).first
    # The search index loads in a web worker; a query typed before it is ready finds nothing,
    # so type again until the worker answers (at most 30 s on a loaded machine).
    for _ in range(15):
        search.fill("")
        search.type(query, delay=20)
        try:
            found.wait_for(timeout=2_000)
            break
        except Exception:
            continue
    found.wait_for(timeout=1_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "search.png"))
    found.click()
    page.wait_for_load_state()
    assert page.locator("article h1").inner_text() == title
