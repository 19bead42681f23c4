"""What a reader sees of the stream and of people's work, in a real headless chromium at 1280
and 375 px, on the example community's site."""

from __future__ import annotations

from pathlib import Path

import pytest

from test_browser import ARTIFACTS
from test_browser_social import served  # noqa: F401 (a fixture)

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_a_reader_reads_the_stream_and_follows_its_links(served, browser, width):  # noqa: F811
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(served + "notes/")
    entries = page.locator("ol.rp-stream > li")
    assert entries.count() >= 3
    first = entries.first.locator(".rp-stream-body")
    assert first.is_visible() and len(first.inner_text()) > 20  # the note whole, not a card
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    broken = page.evaluate(
        "[...document.querySelectorAll('.rp-stream-body img')].filter(i => !i.naturalWidth).map(i => i.src)"
    )
    assert broken == []
    page.screenshot(path=str(_artifact(f"notes-{width}.png")), full_page=True)
    # Every link in a streamed body leads to a page that exists.
    for href in page.evaluate("[...document.querySelectorAll('.rp-stream-body a')].map(a => a.href)"):
        if href.startswith(served):
            assert page.request.get(href).ok, href
    entries.first.locator("a.rp-permalink").click()
    page.wait_for_load_state()
    assert page.locator(".rp-body").first.is_visible()

    page.goto(served + "contributors/")
    assert page.locator(".rp-work-cell").first.inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("tbody tr th a").first.click()
    page.wait_for_load_state()
    assert page.locator("ul.rp-work > li").first.is_visible()
    page.screenshot(path=str(_artifact(f"profile-work-{width}.png")), full_page=True)
    assert not errors
    page.close()


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
