"""WCAG 2.1 AA on every page type of the example site: axe-core in a real chromium, both palettes,
a desk and a phone width; and the keyboard's focus ring."""

from __future__ import annotations

from pathlib import Path

import pytest

from browsing import copy_example, example_site, require_chromium, serving
from rallypoint.site.build import build_site

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}

# One page of each type the example community has; a contribution of each kind it holds.
PAGES = {
    "home": "",
    "purposes": "purposes/",
    "a purpose": "purposes/repair-cafes/",
    "an article": "repair-cafes/the-triage-desk/",
    "a post": "repair-cafes/cafe-report-st-judes-march/",
    "a note": "repair-cafes/what-to-bring/",
    "a bookmark": "repair-cafes/repair-cafe-international/",
    "an idea": "repair-cafes/shared-repair-log/",
    "a question": "repair-cafes/items-we-cannot-fix/",
    "an answer": "repair-cafes/insurance-cover-explained/",
    "contributors": "contributors/",
    "a profile": "contributors/amara/",
    "tags": "tags/",
    "a tag": "tags/guides/",
    "changes": "changes/",
    "wanted": "wanted/",
    "dashboard": "dashboard/",
    "ideas": "ideas/",
    "questions": "questions/",
    "notes": "notes/",
    "forecasts": "forecasts/",
    "search": "search/",
}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The example community's site, built once with Material and served on 127.0.0.1."""
    require_chromium()
    site = example_site(tmp_path_factory, "material")
    for address in PAGES.values():
        assert (site / address / "index.html").is_file(), f"the example site has no page {address!r}"
    with serving(site) as url:
        yield url


def _blocking(response: dict) -> list[str]:
    """Each serious or critical violation as one readable line: rule, impact, the elements."""
    lines = []
    for violation in response["violations"]:
        if violation["impact"] in BLOCKING:
            targets = ", ".join(" ".join(node["target"]) for node in violation["nodes"][:8])
            more = len(violation["nodes"]) - 8
            lines.append(
                f"{violation['id']} ({violation['impact']}, {len(violation['nodes'])} elements): {targets}"
                + (f" … and {more} more" if more > 0 else "")
            )
    return lines


def _axe_failures(browser, base: str, pages: dict[str, str], width: int, scheme: str) -> list[str]:
    """Each serious or critical violation on ``pages`` of the site at ``base``, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    # Injected once per context, before each page's own scripts, rather than evaluated per page.
    context.add_init_script(script=axe.axe_script)
    page = context.new_page()
    palette = "slate" if scheme == "dark" else "default"
    failures = []
    for name, address in pages.items():
        page.goto(base + address)
        assert page.evaluate("document.body.dataset.mdColorScheme") == palette
        response = page.evaluate(
            "options => axe.run(document, options)",
            {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]},
        )
        failures += [f"{name} (/{address}, {width} px, {palette}): {line}" for line in _blocking(response)]
    context.close()
    return failures


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("width", [1280, 375])
def test_no_serious_axe_violation_on_any_page_type(served, browser, width, scheme):
    failures = _axe_failures(browser, served, PAGES, width, scheme)
    assert not failures, "\n".join(failures)


# The pages whose strings, dates and layout change most with the language and the engine: cards,
# chips and the cloud; meta lines, goals, charts and the health figures.
FEW = {name: PAGES[name] for name in ("home", "a purpose")}
ARABIC = (
    'msgid ""\nmsgstr ""\n"Language: ar\\n"\n'
    '"Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\\n"\n\n'
    'msgid "Purposes"\nmsgstr "الغايات"\n\nmsgid "Recently changed"\nmsgstr "تغيّر مؤخرًا"\n\n'
    'msgid "Tags"\nmsgstr "الوسوم"\n\nmsgid "Linked from"\nmsgstr "روابط واردة"\n\n'
    'msgid "%(count)s contribution"\nmsgid_plural "%(count)s contributions"\nmsgstr[0] "لا مساهمات"\n'
    'msgstr[1] "مساهمة واحدة"\nmsgstr[2] "مساهمتان"\nmsgstr[3] "%(count)s مساهمات"\n'
    'msgstr[4] "%(count)s مساهمة"\nmsgstr[5] "%(count)s مساهمة"\n'
)


def example_in(tmp_path_factory, tag: str, catalogue: str = "") -> Path:
    """The example community with ``language: tag`` (and its own catalogue), built with Material."""
    work = tmp_path_factory.mktemp(f"example-{tag}")
    root = copy_example(work / "community")
    with (root / "community.yml").open("a", encoding="utf-8") as f:
        f.write(f"\nlanguage: {tag}\n")
    if catalogue:
        own = root / f"site_templates/locales/{tag}/LC_MESSAGES/rallypoint.po"
        own.parent.mkdir(parents=True, exist_ok=True)
        own.write_text(catalogue, encoding="utf-8")
    result = build_site(root, work / "site")
    assert result.site_dir, result.diagnostics
    return result.site_dir


@pytest.fixture(scope="module", params=["es", "ar", "zensical"])
def other_site(request, tmp_path_factory):
    """The example community in Spanish, in Arabic (right to left), and in English built with Zensical."""
    require_chromium()
    if request.param == "zensical":
        site = example_site(tmp_path_factory, "zensical")
    else:
        site = example_in(tmp_path_factory, request.param, ARABIC if request.param == "ar" else "")
    with serving(site) as url:
        yield request.param, url


def test_no_serious_axe_violation_in_other_languages_and_with_zensical(other_site, browser):
    which, url = other_site
    if which == "ar":
        page = browser.new_page()
        page.goto(url)
        assert page.evaluate("[document.documentElement.lang, document.body.dir]") == ["ar", "rtl"]
        page.close()
    failures = []
    for width in (1280, 375):
        for scheme in ("light", "dark"):
            failures += _axe_failures(browser, url, FEW, width, scheme)
    assert not failures, f"{which}:\n" + "\n".join(failures)


def test_the_keyboard_sees_where_it_is(served, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(served)

    def tab_to(selector: str) -> dict:
        for _ in range(400):
            page.keyboard.press("Tab")
            if page.evaluate("s => document.activeElement.matches(s)", selector):
                return page.evaluate(
                    "() => { const s = getComputedStyle(document.activeElement);"
                    " return {style: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }"
                )
        raise AssertionError(f"Tab never reached {selector}")

    for selector in ("a.rp-purpose-card", ".rp-cards a.rp-card-title", ".rp-cloud a.rp-tag"):
        ring = tab_to(selector)
        assert ring["style"] != "none" and ring["width"] >= 2, (selector, ring)
    page.goto(served + "purposes/repair-cafes/")
    ring = tab_to("a.md-button")
    assert ring["style"] != "none" and ring["width"] >= 2, ("a.md-button", ring)
    page.close()


def test_the_tag_cloud_reads_as_a_list_with_its_weights_in_words(served, browser):
    page = browser.new_page(viewport={"width": 375, "height": 800})
    page.goto(served + "tags/")
    items = page.get_by_role("list", name="Tag cloud").get_by_role("listitem")
    assert items.count() >= 5
    name = items.first.get_by_role("link").evaluate("a => a.textContent")
    assert name.endswith("page)") or name.endswith("pages)"), name
    page.close()
