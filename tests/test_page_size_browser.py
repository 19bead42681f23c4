"""The trimmed chrome in a real chromium: tabs instead of a drawer at every width, the palette
toggle made from one attribute, and Material's script content with the shorter ``__config``."""

from __future__ import annotations

import pytest

from browsing import copy_example, require_chromium, serving
from rallypoint.site.build import build_site

pytestmark = pytest.mark.browser

CONTRIBUTION = "repair-guides/fault-finding-flowcharts/"
TABS = ["Home", "Purposes", "Dashboard", "Contributors", "Tags", "Recent changes", "Search"]


def _watched(browser, width: int, **options):
    """A new page at ``width`` and the list its script errors and console errors land in."""
    page = browser.new_page(viewport={"width": width, "height": 800}, **options)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    return page, errors


@pytest.mark.parametrize("width", [1280, 375])
def test_every_tab_is_visible_and_one_tap_away(example_served, browser, width):
    page, errors = _watched(browser, width)
    page.goto(example_served + CONTRIBUTION)
    assert page.locator(".md-nav--primary, label[for='__drawer'].md-header__button").count() == 0
    links = page.locator(".md-tabs__link")
    assert links.all_inner_texts() == TABS
    for link in links.all():
        box = link.bounding_box()
        assert link.is_visible() and box and box["x"] >= 0 and box["x"] + box["width"] <= width, (
            link.inner_text(),
            box,
        )
    assert page.evaluate("document.scrollingElement.scrollWidth") <= width
    assert page.locator(".md-header__button.md-logo").is_visible()

    # The keyboard reaches each tab in order, and the one it is on shows a focus ring.
    page.locator("body").focus()
    reached = []
    for _ in range(30):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => { const el = document.activeElement; const style = getComputedStyle(el);
            return [el.matches('.md-tabs__link') ? el.textContent : null, style.outlineStyle, parseFloat(style.outlineWidth)]; }"""
        )
        if focused[0]:
            reached.append(focused[0])
            assert focused[1] != "none" and focused[2] > 0, focused
        if len(reached) == len(TABS):
            break
    assert reached == TABS

    page.locator(".md-tabs__link", has_text="Contributors").click()
    page.wait_for_url("**/contributors/")
    assert page.locator("article h1").inner_text() == "Contributors"
    assert not errors
    page.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_palette_toggle_switches_and_is_remembered(example_served, browser, width):
    page, errors = _watched(browser, width, color_scheme="light")
    page.goto(example_served + CONTRIBUTION)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "default"
    inputs = page.locator("form[data-md-component=palette] input.md-option")
    assert [i.get_attribute("aria-label") for i in inputs.all()] == ["Dark mode", "Light mode"]
    toggle = page.get_by_title("Dark mode")
    assert toggle.is_visible()
    toggle.click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'slate'")
    assert page.evaluate("document.body.dataset.mdColorPrimary") == "teal"
    assert page.get_by_title("Light mode").is_visible()
    page.goto(example_served)
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    page.get_by_title("Light mode").click()
    page.wait_for_function("document.body.dataset.mdColorScheme === 'default'")
    assert not errors
    page.close()


def test_material_script_runs_with_the_short_config(example_served, browser):
    """Copy buttons get their words from ``__config``; following an anchor closes the (absent)
    drawer; back to top appears: none of it may throw without Lunr's strings or worker."""
    page, errors = _watched(browser, 1280)
    page.goto(example_served + CONTRIBUTION)
    assert page.locator(".md-typeset pre > code").count()
    assert page.locator("button[data-md-type=copy]").first.get_attribute("title") == "Copy to clipboard"
    anchor = page.locator("h2[id]").first
    page.goto(example_served + CONTRIBUTION + "#" + anchor.get_attribute("id"))
    page.mouse.wheel(0, 3000)
    page.mouse.wheel(0, -200)
    page.wait_for_timeout(300)
    page.goto(example_served + "search/")
    page.goto(example_served + "this-page-does-not-exist/")
    assert not [e for e in errors if "404" not in e], errors
    page.close()


def test_the_tabs_fit_a_phone_right_to_left(tmp_path, browser):
    """Arabic mirrors the header and the tabs; they still wrap inside the screen."""
    require_chromium()
    root = copy_example(tmp_path / "community")
    settings = root / "community.yml"
    settings.write_text(settings.read_text(encoding="utf-8") + "\nlanguage: ar\n", encoding="utf-8")
    result = build_site(root, tmp_path / "site")
    assert result.site_dir, result.diagnostics
    with serving(result.site_dir) as url:
        page, errors = _watched(browser, 375)
        page.goto(url + CONTRIBUTION)
        links = page.locator(".md-tabs__link")
        assert links.count() == len(TABS)
        for link in links.all():
            box = link.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, (link.inner_text(), box)
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
        assert not errors
        page.close()
