"""The stream of notes and posts: /notes/ and each purpose's page show them whole, newest first,
with every link and image of a body leading where it leads on the body's own page."""

from __future__ import annotations

import posixpath
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ALICE, BOB, commit, community_files
from rallypoint.addresses import Page, body_url
from rallypoint.model.community import load_community
from rallypoint.site import bodies, pages
from rallypoint.site.bodies import BodyRenderer
from rallypoint.site.build import build_site

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
NOTE = (
    "---\ntitle: Pump tip\nkind: note\nauthors: [alice]\ndate: 2026-03-05\ntags: [pumps]\n---\n"
    "Read [the guide](drain-pump.md#tools) and [[why-noisy]], not [[nowhere-yet]].\n\n"
    "![a pump](img/pump.png)\n\n<script>alert(1)</script>\n"
)
CAFE_NOTE = "---\ntitle: Café in May\nkind: note\nauthors: [bob]\ndate: 2026-03-06\n---\nBring a **toaster**.\n"
OLD_POST = "---\ntitle: Old news\nkind: post\nauthors: [bob]\ndate: 2026-01-20\n---\nLong ago.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("stream") / "community"
    files = community_files(
        {
            "content/repair/pump-tip.md": NOTE,
            "content/repair/img/pump.png": PNG,
            "content/cafes/may.md": CAFE_NOTE,
            "content/cafes/old-news.md": OLD_POST,
        }
    )
    commit(root, files, author=ALICE, date="2026-03-07T10:00:00")
    out = root.parent / "site"
    result = build_site(root, out)
    assert result.site_dir, result.diagnostics
    return out


def _page(site: Path, path: str) -> BeautifulSoup:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")


def _lands(site: Path, page: str, url: str) -> Path:
    """The file a relative URL on the page at ``page`` leads to in the built site."""
    target = posixpath.normpath(posixpath.join(page, url.split("#")[0]))
    path = site / target
    return path / "index.html" if path.is_dir() else path


def test_the_community_stream_shows_notes_and_posts_whole_newest_first(site):
    stream = _page(site, "notes")
    entries = stream.select("ol.rp-stream > li")
    assert [e["id"] for e in entries] == [
        "note-cafes--may",
        "note-repair--pump-tip",
        "note-cafes--first-cafe",
        "note-cafes--old-news",
    ]
    assert entries[0].select_one(".rp-stream-body strong").get_text() == "toaster"
    # Posts carry their title; notes are their text.
    assert entries[-1].select_one("h3").get_text(strip=True) == "Old news"
    assert entries[1].select_one("h3") is None


def test_links_and_images_in_a_body_lead_to_the_same_place_on_every_page(site):
    own = _page(site, "repair/pump-tip").select_one(".rp-body")
    on_stream = _page(site, "notes").select_one("#note-repair--pump-tip .rp-stream-body")
    on_purpose = _page(site, "purposes/repair").select_one("#note-repair--pump-tip .rp-stream-body")
    assert own.select_one("a[href$='#tools']")["href"] == "../drain-pump/#tools"  # unchanged on its own page
    landed = set()
    for where, body in (("repair/pump-tip", own), ("notes", on_stream), ("purposes/repair", on_purpose)):
        hrefs = [a["href"] for a in body.select("a")]
        assert len(hrefs) == 3, hrefs
        assert body.select_one("script") is None and "alert" not in str(body.select_one("p"))
        files = [_lands(site, where, h) for h in hrefs]
        assert all(f.is_file() for f in files), (where, hrefs)
        assert _lands(site, where, body.select_one("img")["src"]).read_bytes() == PNG
        landed.add(tuple(f.relative_to(site).as_posix() for f in files))
    assert landed == {("repair/drain-pump/index.html", "repair/why-noisy/index.html", "wanted/index.html")}
    assert on_stream.select_one("a.rp-wanted")["href"].endswith("#nowhere-yet")


def test_a_purpose_page_streams_its_own_notes_only(site):
    repair = _page(site, "purposes/repair")
    assert [e["id"] for e in repair.select("#stream ~ ol.rp-stream > li")] == ["note-repair--pump-tip"]
    cafes = _page(site, "purposes/cafes")
    assert [e["id"] for e in cafes.select("#stream ~ ol.rp-stream > li")] == [
        "note-cafes--may",
        "note-cafes--first-cafe",
        "note-cafes--old-news",
    ]
    assert cafes.select_one("#stream ~ p a")["href"] == "../../notes/"


def test_the_stream_has_an_atom_feed_of_notes_and_posts_only(site):
    feed = BeautifulSoup((site / "notes" / "feed.xml").read_text(encoding="utf-8"), "xml")
    assert [e.title.get_text() for e in feed.find_all("entry")] == [
        "Café in May",
        "Pump tip",
        "Our first café",
        "Old news",
    ]


def test_the_stream_is_capped_so_the_page_stays_small(tmp_path, monkeypatch):
    monkeypatch.setattr(pages, "STREAM_SIZE", 2)
    monkeypatch.setattr(pages, "PURPOSE_STREAM_SIZE", 1)
    root = tmp_path / "community"
    notes = {f"content/cafes/n{i}.md": CAFE_NOTE.replace("2026-03-06", f"2026-03-1{i}") for i in range(5)}
    commit(root, community_files(notes), author=BOB)
    assert build_site(root, tmp_path / "site").site_dir
    stream = _page(tmp_path / "site", "notes")
    assert [e["id"] for e in stream.select("ol.rp-stream > li")] == ["note-cafes--n4", "note-cafes--n3"]
    assert "The 2 newest of 6" in stream.get_text(" ", strip=True)
    cafes = _page(tmp_path / "site", "purposes/cafes")
    assert len(cafes.select("#stream ~ ol.rp-stream > li")) == 1


def test_body_url_from_another_page():
    note = Page("contribution", "repair/pump-tip")
    assert body_url("img/p.png", note, note) == body_url("img/p.png") == "../img/p.png"
    assert body_url("img/p.png", note, Page("notes")) == "../repair/img/p.png"
    assert body_url("drain-pump.md", note, Page("purpose", "repair")) == "../../repair/drain-pump/"
    assert body_url("drain-pump.md", note, Page("home")) == "repair/drain-pump/"
    assert body_url("other.md", Page("purpose", "repair"), Page("notes")) == "../purposes/other/"


def test_bodies_render_once_per_page_shown_on_in_workers_as_in_one_process(tmp_path, monkeypatch):
    root = tmp_path / "community"
    commit(root, community_files({"content/repair/pump-tip.md": NOTE, "content/repair/img/pump.png": PNG}))
    community = load_community(root).community
    note = Page("contribution", "repair/pump-tip")
    showings = [
        (note, note),
        (note, Page("notes")),
        (note, Page("purpose", "repair")),
        (Page("purpose", "repair"),) * 2,
    ]
    serial = BodyRenderer(community)
    expected = [serial.get(*s) for s in showings]
    assert len(set(expected[:3])) == 3  # each place has its own links
    monkeypatch.setattr(bodies, "BATCH", 1)
    parallel = BodyRenderer(community)
    parallel.start(showings, workers=2)
    try:
        assert len(parallel._pending) == len(showings)  # all in worker processes
        assert [parallel.get(*s) for s in showings] == expected
    finally:
        parallel.close()
