"""Addresses that last: renamed pages and tag aliases keep their URLs, with both engines."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BASE, BOB, commit, community_files
from rallypoint.site.build import build_site

OLD, MIDDLE, NOW = "content/repair/drain-pump.md", "content/repair/pump-swap.md", "content/repair/drain-pump-swap.md"
SITE_URL = "https://example.org/repair/"
ANOTHER = "---\ntitle: Swapping pumps between machines\nkind: note\nauthors: [bob]\ndate: 2026-03-20\n---\nNot the same page.\n"


@pytest.fixture(scope="module")
def renamed(tmp_path_factory) -> Path:
    """drain-pump renamed twice (to pump-swap, then drain-pump-swap); a new page then takes pump-swap."""
    root = tmp_path_factory.mktemp("renamed") / "community"
    files = community_files({"community.yml": BASE["community.yml"] + f"site_url: {SITE_URL}\n"})
    commit(root, files, message="Start", date="2026-03-01T10:00:00")
    commit(root, moves={OLD: MIDDLE}, message="A shorter name", date="2026-03-05T10:00:00", author=BOB)
    commit(root, moves={MIDDLE: NOW}, message="A clearer name", date="2026-03-10T10:00:00", author=BOB)
    commit(root, {MIDDLE: ANOTHER}, message="Another page takes the old name", date="2026-03-20T10:00:00", author=BOB)
    return root


@pytest.fixture(scope="module", params=["material", "zensical"])
def built(request, renamed, tmp_path_factory):
    result = build_site(renamed, tmp_path_factory.mktemp(request.param) / "site", engine=request.param)
    assert result.site_dir, result.diagnostics
    return result


def _html(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def _target(old_folder: str, soup: BeautifulSoup) -> str:
    """Where the redirect page leads, as a folder of the site, checked to agree in every form."""
    refresh = soup.find("meta", attrs={"http-equiv": "refresh"})["content"]
    delay, _, url = refresh.partition("; url=")
    link = soup.find("a")["href"]
    assert delay == "0" and url == link
    return posixpath.normpath(posixpath.join(old_folder, link)) + "/"


def test_an_old_address_leads_straight_to_the_page_however_often_it_moved(built):
    soup = _html(built.site_dir, "repair/drain-pump/index.html")
    assert _target("repair/drain-pump", soup) == "repair/drain-pump-swap/"
    assert soup.find("link", rel="canonical")["href"] == f"{SITE_URL}repair/drain-pump-swap/"
    assert soup.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert not soup.find("script")
    assert "Replacing a drain pump" in soup.get_text()
    page = _html(built.site_dir, "repair/drain-pump-swap/index.html")
    assert page.find("h1").get_text(strip=True) == "Replacing a drain pump"


def test_a_redirect_never_takes_the_place_of_a_real_page(built):
    page = _html(built.site_dir, "repair/pump-swap/index.html")
    assert not page.find("meta", attrs={"http-equiv": "refresh"})
    assert page.find("h1").get_text(strip=True) == "Swapping pumps between machines"


def test_a_tag_alias_leads_to_its_tag(built):
    soup = _html(built.site_dir, "tags/diy/index.html")
    assert _target("tags/diy", soup) == "tags/do-it-yourself/"
    assert (built.site_dir / "tags/do-it-yourself/index.html").is_file()


def test_an_old_slug_link_still_leads_to_the_page_with_a_warning_to_update_it(built):
    charter = _html(built.site_dir, "purposes/repair/index.html")
    link = charter.select_one("a.rp-wikilink")
    assert link["href"] == "../../repair/drain-pump-swap/" and "rp-wanted" not in link["class"]
    assert "drain-pump" not in {a.get("id") for a in _html(built.site_dir, "wanted/index.html").find_all("li")}
    found = [(x.path, x.rule, x.severity) for x in built.diagnostics if x.path == "purposes/repair.md"]
    assert found == [("purposes/repair.md", "RP304", "warning")]
    warning = next(x for x in built.diagnostics if x.rule == "RP304")
    assert "[[drain-pump-swap]]" in warning.message and (warning.line, warning.column) == (12, 20)


def test_strict_builds_fail_on_a_link_by_an_old_name(renamed, tmp_path):
    result = build_site(renamed, tmp_path / "site", strict=True)
    assert result.site_dir is None
    assert [x.rule for x in result.diagnostics if x.severity == "error"] == ["RP304"]


@pytest.mark.browser
def test_a_reader_following_an_old_link_lands_on_the_page(built):
    from playwright.sync_api import sync_playwright

    from browsing import CHROMIUM, serving

    with serving(built.site_dir) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        for width in (1280, 375):
            page = browser.new_page(viewport={"width": width, "height": 800}, java_script_enabled=False)
            page.goto(f"{base}repair/drain-pump/")
            page.wait_for_url("**/repair/drain-pump-swap/")
            assert page.locator("article h1").inner_text() == "Replacing a drain pump"
            page.close()
        browser.close()
