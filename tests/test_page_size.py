"""What every page repeats stays small: the example site's pages, read back as HTML.

The chrome (everything around a page's own content) is written on each of the 100,000 pages of
a large community, so each part of it is checked here for what it must and must not carry;
benchmarks/page_sizes.py measures the bytes."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from browsing import example_site
from rallypoint.model.records import Settings
from rallypoint.site.engines import site_config
from rallypoint.site.pages import DEFAULT_TEMPLATES

CONTRIBUTION = "repair-guides/fault-finding-flowcharts"
CHROME_LIMIT = 5_000
"""Bytes of a contribution page outside its content: about 4.5 KB with the example's names (8.1 KB
before the drawer, the long ``__config`` and the inline palette went; the drawer alone was 1.7 KB)."""


@pytest.fixture(scope="module", params=["material", "zensical"])
def site(request, tmp_path_factory) -> Path:
    return example_site(tmp_path_factory, request.param)


def _settings(language: str = "en") -> Settings:
    return Settings(
        path="community.yml",
        doc=None,
        name="x",
        description="",
        site_url=None,
        repo_url=None,
        maintainers=(),
        tag_aliases={},
        allowed_tags=None,
        bots=(),
        max_file_bytes=1,
        requires=None,
        engine="material",
        language=language,
    )


def _html(site: Path, address: str) -> str:
    return (site / address / "index.html").read_text(encoding="utf-8")


def _chrome(html: str) -> str:
    """The page without its content: what the theme writes on every page."""
    start = html.index('<article class="md-content__inner md-typeset">')
    end = html.rindex("</article>") + len("</article>")
    return html[:start] + html[end:]


def test_no_page_carries_a_drawer_or_a_table_of_contents(site):
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        assert "md-nav" not in html and 'for="__drawer"' not in html, page
        assert "md-sidebar--primary" not in html and "md-sidebar__scrollwrap" not in html, page


def test_the_chrome_of_a_contribution_stays_small(site):
    html = _html(site, CONTRIBUTION)
    chrome = _chrome(html)
    assert len(chrome.encode()) <= CHROME_LIMIT, len(chrome.encode())
    doc = BeautifulSoup(html, "html.parser")
    tabs = [a.get_text() for a in doc.select("nav.md-tabs a.md-tabs__link")]
    assert tabs == ["Home", "Purposes", "Dashboard", "Contributors", "Tags", "Recent changes", "Search"]
    # Material's scope script, from a cached file that finds the root from its own address.
    assert "__md_scope" not in chrome
    assert doc.select_one("head script[src$='assets/rallypoint/scope.js']")
    assert "\n " not in chrome


def test_config_holds_only_what_material_reads_without_its_search(site):
    config = json.loads(BeautifulSoup(_html(site, CONTRIBUTION), "html.parser").select_one("#__config").string)
    assert config == {
        "base": "../..",
        "features": ["navigation.tabs", "navigation.top", "content.code.copy"],
        "translations": {"clipboard.copied": "Copied to clipboard", "clipboard.copy": "Copy to clipboard"},
    }


def test_the_palette_is_one_attribute_with_every_toggle(site):
    form = BeautifulSoup(_html(site, CONTRIBUTION), "html.parser").select_one("form[data-md-component=palette]")
    assert not form.contents
    options = json.loads(form["data-rp-palette"])
    expected = site_config(_settings())["theme"]["palette"]
    assert options == [
        [p["media"], p["scheme"], p["primary"], p["accent"], p["toggle"]["name"], p["toggle"]["icon"].split("/")[-1]]
        for p in expected
    ]
    assert form.find_next_sibling("script")["src"].endswith("assets/rallypoint/palette.js")


def test_every_palette_icon_is_drawn_by_the_cached_stylesheet():
    """palette.js paints a toggle's icon with icons.css; an icon missing there would be invisible."""
    icons = (DEFAULT_TEMPLATES / "overrides/assets/rallypoint/icons.css").read_text(encoding="utf-8")
    for language in ("en", "ar"):
        for option in site_config(_settings(language))["theme"]["palette"]:
            name = option["toggle"]["icon"].removeprefix("material/")
            assert re.search(rf"\.rp-icon--{re.escape(name)}\{{--rp-icon:url", icons), name


def test_cards_do_not_repeat_the_tag_class(site):
    doc = BeautifulSoup(_html(site, "tags/pumps"), "html.parser")
    links = doc.select(".rp-cards .rp-tags a")
    assert links and all(not a.get("class") for a in links)
    assert all(a.get_text().startswith("#") for a in links)
    assert "data-search-exclude" not in _html(site, CONTRIBUTION)
