"""No page grows with the community: every long list is cut into numbered pages, and nothing is
lost on the way (issue 14). One hostile community with lists of 5: one person wrote half the
contributions, one tag is on all of them, one page is linked from half of them and one page
nobody wrote is wanted by half of them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from rallypoint.site.build import build_site

SIZE = 5


def _doc(folder: Path) -> BeautifulSoup:
    return BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")


def _chain(site: Path, first: str) -> list[tuple[Path, BeautifulSoup]]:
    """Every page of a paginated list, by its rel=next links, checking rel=prev on the way back."""
    folder = (site / first).resolve()
    pages = [(folder, _doc(folder))]
    while (following := pages[-1][1].select_one("article nav.rp-pager a[rel=next]")) is not None:
        folder = (folder / following["href"]).resolve()
        pages.append((folder, _doc(folder)))
        back = pages[-1][1].select_one("article nav.rp-pager a[rel=prev]")
        assert (folder / back["href"]).resolve() == pages[-2][0]
    for _, doc in pages[1:-1]:  # a page in the middle has the pager above and below its list
        assert len(doc.select("article nav.rp-pager")) == 2
    return pages


def _lands(site: Path, here: Path, href: str) -> bool:
    """Whether a link from the page in ``here`` leads to a page of the site and, with an anchor,
    to an element with that id there."""
    path, _, anchor = href.partition("#")
    folder = (here / path).resolve() if path else here
    if not (folder / "index.html").is_file():
        return False
    return not anchor or _doc(folder).find(id=anchor) is not None


def _many_answers(root: Path, count: int = 30) -> None:
    """``count`` more answers to the first question."""
    question = next(p for p in sorted((root / "content").glob("*/*.md")) if "\nkind: question\n" in p.read_text())
    person = sorted((root / "contributors").glob("*.yml"))[1].stem
    for n in range(count):
        (question.parent / f"another-answer-{n}.md").write_text(
            f"---\ntitle: Another answer {n}\nkind: answer\nauthors: [{person}]\ndate: 2026-01-{n % 28 + 1:02d}\n"
            f"answers: {question.stem}\n---\nTry this, number {n}.\n"
        )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory, request):
    from page_sizes import make_adversarial
    from rallypoint.site import pages, pagination
    from synthetic import generate_community

    patch = pytest.MonkeyPatch()
    request.addfinalizer(patch.undo)
    for module in (pages, pagination):
        patch.setattr(module, "PAGE_SIZE", SIZE)
    patch.setattr(pages, "LIST_SIZE", SIZE)
    root = tmp_path_factory.mktemp("hostile") / "c"
    generate_community(root, contributions=160, contributors=10, seed=5)
    make_adversarial(root)
    _many_answers(root)
    site = root.parent / "site"
    result = build_site(root, site)
    assert result.site_dir, result.diagnostics
    return root, site


def test_boards_are_paginated_and_their_filters_find_every_group(hostile):
    root, site = hostile
    ideas = sum("kind: idea" in p.read_text() for p in (root / "content").glob("*/*.md"))
    chain = _chain(site, "ideas")
    assert len(chain) > 2 and chain[1][0] == (site / "ideas/page/2").resolve()
    entries = [li for _, doc in chain for li in doc.select("article li.rp-idea-entry")]
    by_status = [
        li for _, doc in chain for h in doc.select("article h3[id^=status-]") for li in h.find_next("ol")("li")
    ]
    assert len(by_status) == ideas and len(entries) > ideas  # open ones again, by purpose
    assert max(len(doc.select("article li.rp-idea-entry")) for _, doc in chain) == SIZE
    for folder, doc in chain:
        for a in doc.select("article .rp-filters a[href]"):
            assert _lands(site, folder, a["href"]), a
    questions = _chain(site, "questions")
    listed = [li for _, doc in questions for li in doc.select("article .rp-open-questions > li")]
    total = sum(int(n) for n in re.findall(r"\((\d+)\)", questions[0][1].select_one("article .rp-filters").get_text()))
    assert len(listed) == total > SIZE
    for folder, doc in questions:
        for a in doc.select("article .rp-filters a[href]"):
            assert _lands(site, folder, a["href"]), a


def test_wanted_pages_are_paginated_and_links_in_bodies_find_their_entry(hostile):
    root, site = hostile
    chain = _chain(site, "wanted")
    entries = {li["id"] for _, doc in chain for li in doc.select("article .rp-wanted-list > li")}
    assert "not-written-yet" in entries and len(chain) > 1
    crowd = next(li for _, doc in chain for li in doc.select("article #not-written-yet"))
    assert len(crowd.select("a[href]")) <= SIZE + 1 and "more" in crowd.get_text()
    page = next(p for p in sorted((root / "content").glob("*/*.md")) if "[[not-written-yet]]" in p.read_text())
    folder = site / page.parent.name / page.stem
    wanted = [a["href"] for a in _doc(folder).select("article .rp-body a[href*='wanted']")]
    assert wanted and all(_lands(site, folder.resolve(), href) for href in wanted)
    # Every wanted page, on whichever page of /wanted/ it is listed, is where bodies link.
    for path in sorted((root / "content").glob("*/*.md"))[:40]:
        here = (site / path.parent.name / path.stem).resolve()
        for a in _doc(here).select("article .rp-body a[href*='wanted/']"):
            assert _lands(site, here, a["href"]), (path, a["href"])


def test_a_page_linked_from_many_lists_every_one_on_numbered_pages(hostile):
    root, site = hostile
    target = sorted((root / "content").glob("*/*.md"))[0]
    linking = sum(f"[[{target.stem}]]" in p.read_text() for p in (root / "content").glob("*/*.md"))
    page = _doc(site / target.parent.name / target.stem)
    shown = page.select("article ul.rp-backlinks > li")
    assert len(shown) == SIZE < linking
    more = page.select_one("article ul.rp-backlinks + p.rp-meta a")
    folder = (site / target.parent.name / target.stem).resolve()
    assert (folder / more["href"]).resolve() == folder / "linked-from"
    chain = _chain(site, f"{target.parent.name}/{target.stem}/linked-from")
    listed = [li for _, doc in chain for li in doc.select("article ul.rp-backlinks > li")]
    assert len(listed) == linking
    assert chain[1][1].title.get_text().startswith("Pages linking to")


def test_a_prolific_person_has_every_contribution_on_numbered_pages(hostile):
    root, site = hostile
    person = sorted((root / "contributors").glob("*.yml"))[0].stem
    authors = re.compile(rf"^authors: \[(.*, )?{person}(, .*)?\]$", re.M)
    wrote = sum(bool(authors.search(p.read_text())) for p in (root / "content").glob("*/*.md"))
    profile = _doc(site / "contributors" / person)
    assert len(profile.select("article #authored + p + ul.rp-cards > li")) == SIZE
    link = profile.select_one("article #authored + p.rp-meta a")
    folder = (site / "contributors" / person).resolve()
    assert (folder / link["href"]).resolve() == folder / "authored" and link.get_text() == f"all {wrote}"
    chain = _chain(site, f"contributors/{person}/authored")
    assert sum(len(doc.select("article ul.rp-rows > li")) for _, doc in chain) == wrote > 2 * SIZE


def test_no_page_grows_with_the_community(hostile):
    """With lists of 5, no page grows with a list's length. (The stream of /notes/ and a purpose's
    page show whole bodies, a fixed number of them, at any size of community.)"""
    _, site = hostile
    pages = [p for p in site.rglob("index.html") if not {"purposes", "notes"} & set(p.relative_to(site).parts)]
    largest = max((p.stat().st_size, str(p)) for p in pages)
    assert largest[0] < 60_000, largest  # a question's page: ten answers whole


def test_a_question_with_many_answers_shows_ten_whole_and_links_the_rest(hostile):
    from rallypoint.site.pages import ANSWERS_SHOWN

    root, site = hostile
    questions = [p for p in sorted((root / "content").glob("*/*.md")) if "\nkind: question\n" in p.read_text()]
    counts = {q: sum(f"answers: {q.stem}\n" in p.read_text() for p in q.parent.glob("*.md")) for q in questions}
    question = max(counts, key=counts.get)
    assert counts[question] > ANSWERS_SHOWN + SIZE
    doc = _doc(site / question.parent.name / question.stem)
    assert len(doc.select("article .rp-answer-body")) == ANSWERS_SHOWN
    assert len(doc.select("article .rp-answer-list ~ ul.rp-rows > li")) == SIZE
    every = doc.select_one("article .rp-answer-list ~ p.rp-meta a[href$='/answer/']")
    assert every is not None and _lands(site, (site / question.parent.name / question.stem).resolve(), every["href"])


def test_pages_render_the_same_in_two_processes(tmp_path, monkeypatch):
    """render_pages forks two workers for a large site; every page comes out byte for byte as
    when one process renders them all, in the same order."""
    import threading

    from rallypoint.history.log import read_history
    from rallypoint.model.community import load_community
    from rallypoint.site import pages
    from rallypoint.site.indexes import build_indexes
    from synthetic import generate_community

    root = tmp_path / "c"
    generate_community(root, contributions=80, contributors=8, commits=100, seed=2)
    community = load_community(root).community
    history = read_history(root, community.settings.bots)
    indexes = build_indexes(community, history)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # pytest's own threads aside
    rendered = {}
    for mode, limit in (("one", 10**9), ("two", 20)):
        monkeypatch.setattr(pages, "PARALLEL_FROM", limit)
        out = pages.render_pages(community, indexes, history, pages.template_environment(root))
        rendered[mode] = list(out.html.items())
    assert len(rendered["one"]) > 60 and rendered["one"] == rendered["two"]
