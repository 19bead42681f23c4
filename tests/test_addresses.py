"""The address book: source paths, pages, folders, relative URLs and anchors, and a real build
that shows the site puts pages where the addresses say."""

from __future__ import annotations

import posixpath
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from hypothesis import given
from hypothesis import strategies as st

from conftest import BASE, write_community
from rallypoint.addresses import (
    HOME,
    RESERVED_PURPOSE_IDS,
    SECTIONS,
    WANTED_PAGE,
    Page,
    body_url,
    contribution_key,
    goal_anchor,
    image_site_path,
    wanted_anchor,
)
from rallypoint.model.layout import discover
from rallypoint.model.schema import ID, TAG
from rallypoint.site.build import build_site

# One page of each kind, with ids named like the site's own files where that could go wrong.
PAGES = [
    HOME,
    Page("purposes"),
    Page("purpose", "repair"),
    Page("purpose", "index"),
    Page("contribution", "repair/drain-pump"),
    Page("contribution", "repair/index"),
    Page("contribution", "index/index"),
    Page("contributors"),
    Page("person", "alice"),
    Page("person", "index"),
    Page("tags"),
    Page("tag", "pumps"),
    Page("tag", "index"),
    Page("changes"),
    WANTED_PAGE,
]


def resolve(here: Page, url: str) -> str:
    """The folder a relative URL leads to from ``here``, as a browser would resolve it."""
    path = urlsplit(url).path
    assert not path.startswith("/") and path.endswith("/"), url
    return posixpath.normpath(posixpath.join(here.folder, path))


@pytest.mark.parametrize(
    "path, page",
    [
        ("content/repair/drain-pump.md", Page("contribution", "repair/drain-pump")),
        ("content/repair/index.md", Page("contribution", "repair/index")),
        ("content/repair/Shouting.MD", Page("contribution", "repair/Shouting")),
        ("purposes/repair.md", Page("purpose", "repair")),
        ("contributors/alice.yml", Page("person", "alice")),
        ("community.yml", None),
        (".mailmap", None),
        ("README.md", None),
        ("content/repair/pump.png", None),
        ("content/repair/img/pump.png", None),
        ("content/repair.md", None),
        ("content/repair/deeper/page.md", None),
        ("content/repair/.md", None),
        ("content/repair/notes", None),
        ("purposes/repair.yml", None),
        ("purposes/sub/repair.md", None),
        ("contributors/alice.md", None),
        ("contributors/alice.yaml", None),
    ],
)
def test_page_of_a_source_path(path, page):
    assert Page.of_source(path) == page


@pytest.mark.parametrize("page", [p for p in PAGES if p.source])
def test_source_paths_round_trip(page):
    assert Page.of_source(page.source) == page


def test_only_contributions_charters_and_profiles_have_a_source():
    assert {p.kind for p in PAGES if p.source is None} == {
        "home",
        "purposes",
        "contributors",
        "tags",
        "tag",
        "changes",
        "wanted",
    }


@pytest.mark.parametrize(
    "page, folder",
    [
        (HOME, ""),
        (Page("purposes"), "purposes"),
        (Page("purpose", "repair"), "purposes/repair"),
        (Page("contribution", "repair/drain-pump"), "repair/drain-pump"),
        (Page("contributors"), "contributors"),
        (Page("person", "alice"), "contributors/alice"),
        (Page("tags"), "tags"),
        (Page("tag", "index"), "tags/index"),
        (Page("changes"), "changes"),
        (WANTED_PAGE, "wanted"),
    ],
)
def test_folders_paths_and_files(page, folder):
    assert page.folder == folder
    assert page.path == (folder + "/" if folder else "")
    assert page.src == posixpath.join(folder, "index.md")
    assert page.feed == posixpath.join(folder, "feed.xml")
    assert posixpath.normpath(posixpath.join(folder, page.to_root or ".")) == "."


def test_pages_named_index_are_folders_not_files():
    assert Page("tag", "index").src == "tags/index/index.md"
    assert Page("contribution", "index/index").src == "index/index/index.md"
    assert Page("contribution", "index/index").url_from(HOME) == "index/index/"


@pytest.mark.parametrize("here", PAGES, ids=lambda p: p.folder or "home")
@pytest.mark.parametrize("shortest", [False, True])
def test_relative_urls_between_every_pair_of_pages(here, shortest):
    for target in PAGES:
        url = target.url_from(here, shortest=shortest)
        assert resolve(here, url) == (target.folder or "."), (here, target, url)


def test_the_two_spellings_of_a_relative_url():
    here = Page("contribution", "repair/drain-pump")
    target = Page("contribution", "repair/why-noisy")
    assert target.url_from(here) == "../../repair/why-noisy/"
    assert target.url_from(here, shortest=True) == "../why-noisy/"
    assert here.url_from(here) == here.url_from(here, shortest=True) == "./"
    assert HOME.url_from(here) == "../../" and HOME.url_from(HOME) == "./"


def test_every_section_of_the_site_is_a_reserved_purpose_id():
    assert set(SECTIONS) <= RESERVED_PURPOSE_IDS
    for page in PAGES:
        top = page.folder.split("/")[0]
        if page.kind not in ("home", "contribution"):
            assert top in RESERVED_PURPOSE_IDS, page


@pytest.mark.parametrize(
    "target, anchor",
    [
        ("fridge-seals", "fridge-seals"),
        ("repair/fridge-seals", "repair--fridge-seals"),
        ("index", "index"),
    ],
)
def test_wanted_anchors(target, anchor):
    assert wanted_anchor(target) == anchor


def test_other_addresses():
    assert contribution_key("repair", "drain-pump") == "repair/drain-pump"
    assert goal_anchor("pumps") == "goal-pumps"
    assert image_site_path("content/repair/img/pump.png") == "repair/img/pump.png"


@pytest.mark.parametrize(
    "source, written",
    [
        ("content/repair/drain-pump.md", "why-noisy.md"),
        ("purposes/repair.md", "cafes.md"),
    ],
)
def test_a_relative_link_in_a_body_leads_to_the_page_of_its_file(source, written):
    here = Page.of_source(source)
    target = Page.of_source(posixpath.join(posixpath.dirname(source), written))
    assert resolve(here, body_url(written)) == target.folder


def test_a_relative_image_in_a_body_is_where_the_site_publishes_it():
    source, written = "content/repair/drain-pump.md", "img/pump.png"
    here = Page.of_source(source)
    published = image_site_path(posixpath.join(posixpath.dirname(source), written))
    assert posixpath.normpath(posixpath.join(here.folder, body_url(written))) == published


@pytest.mark.parametrize("kind, page_id", [("home", "x"), ("tag", ""), ("contribution", ""), ("page", "x")])
def test_impossible_pages_are_refused(kind, page_id):
    with pytest.raises(ValueError):
        Page(kind, page_id)


def test_pages_sort_by_folder():
    pages = [Page("contribution", "tool-library/a"), Page("purpose", "repair"), Page("contribution", "cafes/a")]
    assert sorted(pages) == [
        Page("contribution", "cafes/a"),
        Page("purpose", "repair"),
        Page("contribution", "tool-library/a"),
    ]


def test_the_layout_check_and_the_address_book_agree(tmp_path):
    """Every file the layout check accepts is read as the page of the same record."""
    root = write_community(
        tmp_path / "c",
        {
            "content/repair/Loud.MD": BASE["content/repair/drain-pump.md"],
            "content/repair/pump.png": b"\x89PNG\r\n\x1a\n",
        },
    )
    files, _ = discover(root)
    seen = set()
    for file in files:
        page = Page.of_source(file.path)
        if file.role == "image":
            assert page is None
            continue
        expected = {
            "purpose": Page("purpose", file.stem),
            "contributor": Page("person", file.stem),
            "contribution": Page("contribution", contribution_key(file.purpose, file.stem)),
        }[file.role]
        assert page == expected
        seen.add(file.role)
    assert seen == {"purpose", "contributor", "contribution"}


ids = st.from_regex(ID, fullmatch=True)
purpose_ids = ids.filter(lambda i: i not in RESERVED_PURPOSE_IDS)
tags = st.from_regex(TAG, fullmatch=True)
pages = st.one_of(
    st.sampled_from([HOME, Page("purposes"), Page("contributors"), Page("tags"), Page("changes"), WANTED_PAGE]),
    purpose_ids.map(lambda i: Page("purpose", i)),
    st.builds(lambda p, s: Page("contribution", contribution_key(p, s)), purpose_ids, ids),
    ids.map(lambda i: Page("person", i)),
    tags.map(lambda t: Page("tag", t)),
)


@given(pages, pages)
def test_any_two_valid_pages(here, target):
    for shortest in (False, True):
        assert resolve(here, target.url_from(here, shortest=shortest)) == (target.folder or ".")
    if target.source:
        assert Page.of_source(target.source) == target
    assert (here.folder == target.folder) == (here == target)
    assert (here < target) == (here.folder < target.folder)


@given(st.one_of(ids, st.builds(contribution_key, purpose_ids, ids)))
def test_wanted_anchors_are_html_ids(target):
    anchor = wanted_anchor(target)
    assert anchor and "/" not in anchor and not any(c.isspace() for c in anchor)


def test_the_site_puts_pages_where_the_addresses_say(tmp_path):
    """A real build: every page is at its folder, the site's own folders are reserved, and a link
    to a wanted page lands on its entry on /wanted/."""
    charter = BASE["purposes/repair.md"] + "\nStill missing: [[repair/fridge-seals]].\n"
    root = write_community(
        tmp_path / "c",
        {
            "purposes/repair.md": charter,
            "content/repair/index.md": BASE["content/repair/drain-pump.md"].replace("tags: [", "tags: [index, "),
        },
    )
    site = tmp_path / "site"
    result = build_site(root, site, parallel=False)
    assert result.site_dir == site.resolve(), result.diagnostics
    for page in [
        Page("purpose", "repair"),
        Page("contribution", "repair/index"),
        Page("tag", "index"),
        Page("person", "alice"),
        HOME,
        WANTED_PAGE,
    ]:
        assert (site / page.folder / "index.html").is_file(), page
    purposes = {p.name for p in (root / "purposes").iterdir()}
    for folder in site.iterdir():
        if folder.is_dir():
            assert folder.name in RESERVED_PURPOSE_IDS or f"{folder.name}.md" in purposes, folder.name

    here = Page("purpose", "repair")
    charter_html = BeautifulSoup((site / here.folder / "index.html").read_text("utf-8"), "html.parser")
    link = charter_html.select_one(".rp-charter a.rp-wanted")
    url = urlsplit(link["href"])
    assert resolve(here, url.path) == WANTED_PAGE.folder
    wanted = BeautifulSoup((site / WANTED_PAGE.folder / "index.html").read_text("utf-8"), "html.parser")
    entry = wanted.find(id=url.fragment)
    assert entry is not None and entry.strong.get_text() == "repair/fridge-seals"
    assert {resolve(WANTED_PAGE, a["href"]) for a in entry.select("a[href]")} == {here.folder}


def test_numbered_pages_of_paginated_lists():
    second = Page("tag", "repair").numbered(2)
    assert second.folder == "tags/repair/page/2" and second.src == "tags/repair/page/2/index.md"
    assert Page("tag", "repair").numbered(1) == Page("tag", "repair")
    assert second.feed == Page("tag", "repair").feed == "tags/repair/feed.xml"
    assert Page("contributors").numbered(3).path == "contributors/page/3/"
    assert Page("tag", "repair").url_from(second) == "../../../../tags/repair/"
    assert Page("tags").numbered(2) != Page("tag", "page")  # tags/page/2/ and tags/page/ differ
    for kind, id in (("contribution", "a/b"), ("purpose", "x"), ("changes", "")):
        with pytest.raises(ValueError):
            Page(kind, id).numbered(2)
    with pytest.raises(ValueError):
        Page("tags").numbered(0)
