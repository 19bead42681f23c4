"""What a reader sees of a forecast and of /forecasts/, in a real headless chromium at 1280 and 375 px."""

from __future__ import annotations

import pytest

from browsing import require_chromium, serving
from rallypoint.site.build import build_site
from test_forecasts import make_market, resolve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    require_chromium()
    work = tmp_path_factory.mktemp("forecasts")
    root = make_market(work / "community")
    resolve(root, "yes")
    result = build_site(root, work / "site")
    assert result.site_dir, result.diagnostics
    with serving(result.site_dir) as url:
        yield url


@pytest.mark.parametrize("width", [1280, 375])
def test_a_reader_sees_a_resolved_forecast_its_chart_and_the_board(served, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(served + "repair/twenty-pumps/")
    assert "Resolved yes" in page.locator(".rp-forecast-outcome").inner_text()
    chart = page.locator(".rp-forecast svg.rp-chart")
    box = chart.bounding_box()
    assert chart.is_visible() and box and box["width"] > 200 and box["width"] <= width
    assert page.locator(".rp-predictions tbody tr").count() == 2
    assert page.locator(".rp-predictions").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.get_by_role("link", name="Every forecast, and the forecasters' leaderboard").click()
    page.wait_for_url("**/forecasts/")
    assert page.locator("#resolved + ul li").count() == 1
    assert "Nobody has 3 resolved forecasts yet" in page.locator(".rp-forecasts-page").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not errors


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_no_serious_axe_violation_on_a_forecast_and_the_board(served, browser, width, scheme):
    """The example community has no forecast: axe checks this one, resolved, with its chart."""
    from test_accessibility import _axe_failures

    pages = {"a forecast": "repair/twenty-pumps/", "forecasts": "forecasts/"}
    failures = _axe_failures(browser, served, pages, width, scheme)
    assert not failures, "\n".join(failures)
