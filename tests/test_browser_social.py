"""What a reader sees of ideas, questions and answers, in a real headless chromium at 1280 and 375 px."""

from __future__ import annotations

from pathlib import Path

import pytest

from browsing import ARTIFACTS, example_site, require_chromium, serving

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The example community's site (Material), served on 127.0.0.1: outside git, so nothing is verified."""
    require_chromium()
    with serving(example_site(tmp_path_factory)) as url:
        yield url


@pytest.mark.parametrize("width", [1280, 375])
def test_a_reader_goes_from_an_idea_to_the_board_and_reads_a_question_whole(served, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(served + "repair-cafes/shared-repair-log/")
    support = page.locator(".rp-idea .rp-support")
    assert support.is_visible() and "(unverified)" in support.inner_text()
    assert "No endorsement could be verified" in page.locator(".rp-unverifiable").inner_text()
    page.get_by_role("link", name="Every open idea, by support").click()
    page.wait_for_url("**/ideas/#purpose-repair-cafes")
    board = page.locator("#purpose-repair-cafes ~ ol.rp-idea-board").first
    assert board.locator("li").count() >= 1 and board.locator(".rp-support-count").first.is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator("a[href='#status-declined']").click()
    assert page.locator("#status-declined").is_visible()
    page.screenshot(path=str(_artifact(f"ideas-{width}.png")), full_page=True)

    page.goto(served + "questions/")
    waiting = page.locator(".rp-waiting").first
    assert waiting.is_visible() and waiting.inner_text().startswith("waiting ")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.locator(".rp-open-questions a").first.click()
    page.wait_for_load_state()
    answers = page.locator("ol.rp-answer-list > li")
    assert answers.count() >= 1
    body = answers.first.locator(".rp-answer-body")
    assert body.is_visible() and len(body.inner_text()) > 40  # the answer's whole text, not a card
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(_artifact(f"question-{width}.png")), full_page=True)
    assert not errors
    page.close()


def _artifact(name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS / name
