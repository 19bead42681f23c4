"""Search in a real headless chromium: the search page finds, filters, stays on the site, reads
well at a desk and on a phone, and shows hostile text as text.

What the browser downloads to show the first results is measured here on an index of 1,000
synthetic contributions (a few seconds to make); benchmarks/search_size.py measures it on
10,000, where the issue sets the limit (README's figures).
"""

from __future__ import annotations

import json
import re
import shutil

import pytest

from browsing import ARTIFACTS, example_site, require_chromium, serving
from rallypoint.site.build import build_site
from rallypoint.site.search import read_index, write_index

pytestmark = pytest.mark.browser

BOX = "Words to find in contributions and purposes"
GUIDE = "Replacing the drain pump of a front loader"
HOSTILE_TITLE = '<img src=x onerror=alert(1)>"Title</title><script>alert(1)</script>'
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    require_chromium()
    return example_site(tmp_path_factory, "material")


@pytest.fixture(scope="module")
def served(site):
    with serving(site) as url:
        yield url


def _results(page) -> list[str]:
    page.locator(".rp-search-result h2 a").first.wait_for(timeout=20_000)
    return page.locator(".rp-search-result h2 a").all_inner_texts()


def _settled(page, count_before: str) -> str:
    """The status line once the search that a change started has answered."""
    page.wait_for_function(
        "before => { const s = document.querySelector('.rp-search-status').textContent;"
        " return s && s !== before && !s.endsWith('…'); }",
        arg=count_before,
        timeout=20_000,
    )
    return page.locator(".rp-search-status").inner_text()


@pytest.mark.parametrize("width", [1280, 375])
def test_a_reader_finds_and_filters_by_purpose_and_kind(served, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(served)
    page.locator(".md-tabs__link", has_text="Search").click()
    page.wait_for_url("**/search/")
    page.get_by_label(BOX).fill("pump")
    assert GUIDE in _results(page)
    status = page.get_by_role("status").inner_text()
    assert re.fullmatch(r"\d+ results", status), status
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.get_by_label("Kind", exact=True).select_option("article")
    status = _settled(page, status)
    metas = page.locator(".rp-search-result .rp-meta").all_inner_texts()
    assert metas and all(m.startswith("article · ") for m in metas), metas
    page.get_by_label("Purpose", exact=True).select_option("Repair guides for the things people actually bring in")
    _settled(page, status)
    metas = page.locator(".rp-search-result .rp-meta").all_inner_texts()
    assert metas and all(m.startswith("article · Repair guides for the things") for m in metas), metas
    assert "kind=article" in page.url and "q=pump" in page.url  # a search can be shared as a link
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"search-{width}.png"), full_page=True)

    page.locator(".rp-search-result h2 a", has_text=GUIDE).click()
    page.wait_for_url("**/drain-pump-front-loader/")
    assert page.locator("article h1").inner_text() == GUIDE
    assert all(url.startswith(served) for url in requested), [u for u in requested if not u.startswith(served)]
    assert not errors
    page.close()


def test_tag_and_person_filters_match_the_index_with_non_ascii_names(site, served, browser):
    index = read_index(site).values()
    person = "Noémie Lefèvre"
    tag = "kintsugi"
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + "search/?person=" + person)
    expected = sum(person in r["filters"]["person"] for r in index)
    assert _settled(page, "") == f"{expected} results"
    # The person box suggests the names the index holds, once it is used.
    page.get_by_label("Person", exact=True).focus()
    page.wait_for_function("() => document.querySelectorAll('#rp-search-people option').length > 3")
    names = page.locator("#rp-search-people option").evaluate_all("options => options.map(o => o.value)")
    assert person in names and "Seán Ó Briain" in names
    page.goto(served + "search/")
    page.get_by_label("Tag", exact=True).fill(tag)
    page.keyboard.press("Tab")  # leaving the box applies the filter
    expected = sum(tag in r["filters"].get("tag", []) for r in index)
    assert expected and _settled(page, "") == (f"{expected} results" if expected > 1 else "1 result")
    page.close()


def test_the_keyboard_reaches_the_box_and_the_results(served, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served + "search/")
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "rp-search-q":
            break
    else:
        raise AssertionError("Tab never reached the search box")
    page.keyboard.type("kettle")
    _results(page)
    for _ in range(20):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.rp-search-result') !== null"):
            break
    else:
        raise AssertionError("Tab never reached a result")
    title = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    assert page.locator("article h1").inner_text() == title
    page.close()


def test_words_typed_before_the_script_ran_are_searched(served, browser):
    """On a slow connection a reader types before search.js has run: their words still search."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    held = []
    page.route("**/assets/search.js", lambda route: held.append(route))
    page.goto(served + "search/?q=unfindable", wait_until="commit")  # typed words win over the address's
    page.get_by_label(BOX).fill("kettle")
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "search.js was never asked for"
    assert page.evaluate("document.readyState") != "complete"
    held[0].continue_()
    assert _results(page)
    assert page.locator(".rp-search-status").inner_text().endswith(("result", "results"))
    assert page.get_by_label(BOX).input_value() == "kettle" and "q=kettle" in page.url
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_search_page_passes_axe_with_results_shown(served, browser, scheme):
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    failures = []
    for width in (1280, 375):
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        page = context.new_page()
        page.goto(served + "search/?q=pump")
        _results(page)
        page.evaluate(axe.axe_script)
        found = page.evaluate(
            "options => axe.run(document, options)",
            {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]},
        )
        failures += [
            f"{width} px: {v['id']} ({v['impact']}): {[n['target'] for n in v['nodes'][:5]]}"
            for v in found["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        context.close()
    assert not failures, "\n".join(failures)


def test_hostile_titles_and_text_show_as_text(community, tmp_path, browser):
    body = "Plain words.\n\n<script>alert(2)</script>\n\nCode: `<img src=x onerror=alert(3)>` and `</mark><b>bold</b>`."
    root = community(
        {
            "content/repair/hostile.md": (
                f"---\ntitle: {json.dumps(HOSTILE_TITLE)}\nkind: note\nauthors: [alice]\ndate: 2026-03-01\n"
                f"summary: {json.dumps('<script>alert(4)</script> summary')}\n---\n{body}\n"
            )
        }
    )
    site = build_site(root, tmp_path / "site", parallel=False).site_dir
    dialogs: list[str] = []
    with serving(site) as url:
        page = browser.new_page(viewport={"width": 375, "height": 800})
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(url + "search/?q=onerror")
        assert _results(page) == [HOSTILE_TITLE]
        results = page.locator(".rp-search-results")
        assert results.locator("script, img, b").count() == 0  # nothing became an element…
        excerpt = results.locator(".rp-search-excerpt").inner_text()
        assert "<img src=x onerror=alert(3)>" in excerpt  # …and markup-looking text reads as written
        page.get_by_label(BOX).fill("bold")
        page.wait_for_function(
            "() => document.querySelector('.rp-search-excerpt')?.textContent.includes('<b>bold</b>')"
        )
        assert results.locator("mark").count() >= 1 and results.locator("b").count() == 0
        page.close()
    assert not dialogs


def test_the_first_results_of_a_large_index_download_little(site, browser, tmp_path):
    """Everything fetched after the page loaded until the first results show: scripts, wasm,
    index metadata and chunks, the results' fragments."""
    from search_size import downloaded, synthetic_records

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    stats = write_index(synthetic_records(tmp_path / "community", 1_000), copy, "en")
    assert stats.records > 1_000
    with serving(copy) as url:
        for query in ("pump", "brake sensor"):  # one word, and two common ones
            fetched = downloaded(browser, url, query)
            total = sum(size for _, size, _ in fetched)
            assert any("/index/" in path for path, _, _ in fetched) and any(
                "/fragment/" in path for path, _, _ in fetched
            )
            assert all(path.startswith(("pagefind/", "assets/")) for path, _, _ in fetched), fetched
            assert total <= 300_000, sorted(fetched, key=lambda f: -f[1])
