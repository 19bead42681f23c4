"""A reader's path through the built site in a real headless chromium, driven by Playwright."""

from __future__ import annotations

import re

import pytest

from browsing import ARTIFACTS

pytestmark = pytest.mark.browser


def test_reader_walks_home_purpose_contribution_author_tag(example_served, browser, engine):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(example_served)
    assert page.locator("article h1").first.inner_text()
    page.locator("a.rp-purpose-card").first.click()
    page.wait_for_url("**/purposes/*/")
    purpose_title = page.locator("article h1").inner_text()
    page.locator("#contributions ~ .rp-rows a").first.click()
    page.wait_for_load_state()
    assert page.locator(".rp-meta").first.get_by_text(purpose_title).count() == 1
    contribution = page.locator("article h1").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"contribution-{engine}.png"), full_page=True)
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


def test_a_tag_alias_address_leads_to_its_tag(example_served, browser):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(example_served + "tags/r2r/")
    page.wait_for_url("**/tags/right-to-repair/")
    assert page.locator("article h1").inner_text() == "#right-to-repair"
    page.close()


def test_search_finds_a_contribution(example_served, browser, engine):
    """Both engines' sites search with Pagefind's index on the search page (tests/test_browser_search.py has the rest)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(example_served)
    title = page.locator(".rp-cards .rp-card-title").first.inner_text()
    query = max(re.findall(r"[A-Za-z]{3,}", title), key=len)
    page.locator(".md-tabs__link", has_text="Search").click()
    page.get_by_label("Words to find in contributions and purposes").fill(query)
    found = page.locator(".rp-search-result h2 a", has_text=title).first
    found.wait_for(timeout=20_000)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-{engine}.png"))
    found.click()
    page.wait_for_load_state()
    assert page.locator("article h1").inner_text() == title


def test_a_phone_reader_gets_a_page_that_fits_and_the_menu(example_served, browser, engine):
    page = browser.new_page(viewport={"width": 375, "height": 740})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(example_served + "repair-guides/drain-pump-front-loader/")
    assert page.locator("article h1").inner_text()
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 375
    repository = page.locator("header a.md-source")  # no drawer to keep it in: it stays in the header
    assert repository.is_visible() and repository.bounding_box()["x"] + repository.bounding_box()["width"] <= 375
    page.locator(".md-tabs__link", has_text="Contributors").click()
    page.wait_for_url("**/contributors/")
    assert page.locator("article h1").inner_text() == "Contributors"
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"phone-{engine}.png"))
    assert not errors


@pytest.mark.parametrize("width", [1280, 375])
def test_the_theme_icons_are_icon_sized(example_served, browser, width):
    """Icons are empty <svg>s painted by CSS masks; one without a size of its own once took 300 px."""
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(example_served)
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('svg.rp-icon')].map(icon => {
            const box = icon.getBoundingClientRect();
            return [icon.getAttribute('class'), box.width, box.height];
        })"""
    )
    assert boxes, "no icon painted by a CSS mask on the home page"
    for name, width_px, height_px in boxes:
        assert width_px <= 2 * max(height_px, 1) and width_px <= 64, (name, width_px, height_px)
    page.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_dashboard_and_purpose_health_read_at_every_width(example_served, browser, engine, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    if width > 600:
        page.goto(example_served)
        page.locator(".rp-more a", has_text="Dashboard").click()
        page.wait_for_url("**/dashboard/")
    else:
        page.goto(example_served + "dashboard/")
    rows = page.locator("table.rp-dashboard tbody tr")
    assert rows.count() >= 3
    for i in range(rows.count()):
        box = rows.nth(i).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width, (i, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    first = rows.first
    assert first.locator("td[data-label=Goals] .rp-state").first.is_visible()
    spark = first.locator("svg.rp-chart")
    assert spark.is_visible() and spark.get_attribute("role") == "img"
    if width < 600:
        # A row reads as a card: the column headers are hidden and every value says what it is.
        assert not page.locator("table.rp-dashboard thead").is_visible()
        label = first.locator("td[data-label=People]").evaluate("td => getComputedStyle(td, '::before').content")
        assert label == '"People"'
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"dashboard-{engine}-{width}.png"), full_page=True)

    first.locator("th a").click()
    page.wait_for_url("**/purposes/*/")
    chart = page.locator("li.rp-goal svg.rp-progress").first
    chart.scroll_into_view_if_needed()
    box = chart.bounding_box()
    assert box and box["width"] > 200 and box["x"] + box["width"] <= width
    numbers = page.locator("li.rp-goal .rp-figure details").first
    assert not numbers.locator("table").is_visible()
    numbers.locator("summary").click()
    assert numbers.locator("table tbody tr").first.is_visible()
    health = page.locator("section.rp-health")
    assert health.locator(".rp-figures dt", has_text="Absence factor").is_visible()
    assert health.locator("#chart-new-people").is_visible() and health.locator(".rp-absence").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(ARTIFACTS / f"purpose-health-{engine}-{width}.png"), full_page=True)
    assert not errors


def test_charts_follow_the_light_and_dark_palettes(example_served, browser):
    colours = {}
    for scheme in ("light", "dark"):
        page = browser.new_page(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
        page.goto(example_served + "purposes/repair-guides/")
        colours[scheme] = page.evaluate(
            """() => {
                const label = document.querySelector('.rp-health .rp-chart-label');
                const body = document.body;
                return [getComputedStyle(label).fill, getComputedStyle(body).backgroundColor,
                        getComputedStyle(document.querySelector('.rp-health .rp-bar')).fill];
            }"""
        )
        page.close()
    light, dark = colours["light"], colours["dark"]
    assert light[0] != dark[0] and light[1] != dark[1]  # labels and page change together

    def brightness(css: str) -> float:
        r, g, b = (int(x) for x in re.findall(r"\d+", css)[:3])
        return (r * 299 + g * 587 + b * 114) / 1000

    assert brightness(light[0]) < 128 < brightness(dark[0])  # dark text on light, light text on dark
    assert light[2] not in ("none", "rgb(0, 0, 0)")  # bars take the theme's primary colour


def test_no_page_loads_a_font_or_script_from_a_third_party(example_served, browser, engine):
    """System fonts, and no call home: every request of a reader's walk stays on the site."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("", "contributors/", "repair-guides/drain-pump-front-loader/"):
        page.goto(example_served + path)
        page.wait_for_load_state("networkidle")
    page.close()
    assert not [url for url in requested if "fonts.googleapis" in url or "fonts.gstatic" in url]
    assert {url.split("/")[2] for url in requested if url.startswith("http")} == {example_served.split("/")[2]}, (
        requested
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_the_contributors_table_reads_well_at_every_width(example_served, browser, engine, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(example_served + "contributors/")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # Every date stays on one line.
    lines = page.eval_on_selector_all("table.rp-people-table time", "ts => ts.map(t => t.getClientRects().length)")
    assert lines and set(lines) == {1}
    if width > 600:
        # Each header stands over its column: left edges meet, and numbers line up on the right.
        edges = page.evaluate(
            """() => {
                const heads = [...document.querySelectorAll('table.rp-people-table thead th')];
                const cells = [...document.querySelector('table.rp-people-table tbody tr').children];
                return heads.map((h, i) => {
                    const a = h.getBoundingClientRect(), b = cells[i].getBoundingClientRect();
                    const right = getComputedStyle(h).textAlign === 'right';
                    return [h.innerText, getComputedStyle(h).textAlign, getComputedStyle(cells[i]).textAlign,
                            Math.abs(right ? a.right - b.right : a.left - b.left)];
                });
            }"""
        )
        for name, head, cell, gap in edges:
            assert head == cell and gap < 1, (name, head, cell, gap)
    else:
        # A person reads as a card: the headers are hidden and every value says what it is.
        assert not page.locator("table.rp-people-table thead").is_visible()
        cell = page.locator("table.rp-people-table tbody tr").first.locator("td[data-label=First]")
        assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"First"'
        box = page.locator("table.rp-people-table tbody tr").first.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"contributors-{engine}-{width}.png"), full_page=True)
    page.close()
