"""Build real sites with mkdocs-material and read them back as HTML."""

from __future__ import annotations

import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import git
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import ALICE, BASE, BOB, commit, community_files, tree_digest
from rallypoint.cli import cli
from rallypoint.site.build import build_site

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The base community in git with a few commits, built once for the module."""
    root = tmp_path_factory.mktemp("site") / "community"
    commit(
        root,
        community_files(
            {
                "community.yml": BASE["community.yml"] + "repo_url: https://github.com/example/repair\n"
                "site_url: https://example.org/repair/\n"
            }
        ),
        message="Start the community",
        author=ALICE,
        date="2026-03-01T10:00:00",
    )
    commit(
        root,
        {
            "content/repair/drain-pump.md": BASE["content/repair/drain-pump.md"]
            + "\nCheck the filter too. Also see [[fridge-seals]].\n"
        },
        message="Add filter advice",
        author=("Dana Git", "dana@example.org"),
        date="2026-03-05T09:30:00",
    )
    site = root.parent / "out"
    result = build_site(root, site)
    assert result.site_dir == site.resolve(), result.diagnostics
    return root, site


def soup(site: Path, page: str) -> BeautifulSoup:
    path = site / page / "index.html" if not page.endswith(".html") else site / page
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content(doc: BeautifulSoup):
    return doc.select_one("article.md-content__inner")


def links(node) -> set[str]:
    return {a["href"] for a in node.select("a[href]")}


def test_every_page_exists(built):
    _, site = built
    for page in [
        "",
        "purposes",
        "purposes/repair",
        "purposes/cafes",
        "repair/drain-pump",
        "repair/why-noisy",
        "repair/noisy-answer",
        "cafes/first-cafe",
        "contributors",
        "contributors/alice",
        "contributors/bob",
        "tags",
        "tags/pumps",
        "tags/do-it-yourself",
        "changes",
        "wanted",
    ]:
        assert (site / page / "index.html").is_file(), page
    for feed in ["feed.xml", "purposes/repair/feed.xml", "tags/pumps/feed.xml"]:
        assert (site / feed).is_file(), feed


def test_navigation_is_short(built):
    _, site = built
    doc = soup(site, "repair/drain-pump")
    tabs = [a.get_text(strip=True) for a in doc.select(".md-tabs__link")]
    assert tabs == ["Home", "Purposes", "Dashboard", "Contributors", "Tags", "Recent changes", "Search"]
    nav_links = {a["href"] for a in doc.select("nav a[href]")}
    assert not any("drain-pump" in href or "why-noisy" in href for href in nav_links)


def test_home(built):
    _, site = built
    main = content(soup(site, ""))
    assert main.h1.get_text(strip=True) == "Test Repair Network"
    cards = main.select("a.rp-purpose-card")
    assert [c.select_one(".rp-purpose-title").get_text() for c in cards] == ["Repair cafés", "Repair guides"]
    repair = next(c for c in cards if "Repair guides" in c.get_text())
    assert repair["href"] == "purposes/repair/"
    assert "3 contributions" in repair.get_text() and "active" in repair.get_text()
    assert "repair/drain-pump/" in links(main.select_one(".rp-cards"))
    assert "tags/pumps/" in links(main.select_one(".rp-cloud"))
    assert "contributors/dana-git/" in links(main.select_one(".rp-people"))


def test_purpose_page(built):
    _, site = built
    main = content(soup(site, "purposes/repair"))
    assert main.h1.get_text() == "Repair guides"
    assert "Why we repair" in main.select_one(".rp-charter").get_text()
    goal = main.select_one("#goal-pumps")
    assert "1 of 5" in goal.get_text()
    assert "../../repair/drain-pump/" in links(goal)
    kinds = [h.get_text() for h in main.select("h3")]
    assert kinds == ["Articles (1)", "Questions (1)", "Answers (1)"]
    people = main.select_one("#people").find_next("p")
    assert {"../../contributors/alice/", "../../contributors/bob/"} <= links(people)


def test_contribution_page(built):
    _, site = built
    main = content(soup(site, "repair/drain-pump"))
    assert main.h1.get_text() == "Replacing a drain pump"
    meta = main.select_one(".rp-meta")
    assert "../../contributors/alice/" in links(meta) and meta.select_one("time")["datetime"] == "2026-03-01"
    assert "Mar 1, 2026" in meta.get_text()
    body = main.select_one(".rp-body")
    assert body.find("a", class_="rp-wikilink", href="../why-noisy/").get_text() == "Why is my pump noisy?"
    wanted = body.find("a", class_="rp-wanted")
    assert wanted["href"] == "../../wanted/#fridge-seals"
    facts = main.select_one(".rp-facts")
    assert {"../../tags/pumps/", "../../tags/do-it-yourself/", "../../purposes/repair/"} <= links(facts)
    assert "../../purposes/repair/#goal-pumps" in links(facts)
    history = main.select_one(".rp-history")
    assert "Last updated Mar 5, 2026 by Dana Git" in history.get_text(" ", strip=True)
    assert "Dana Git. Edited by " in history.get_text()
    assert history.select_one("time")["datetime"] == "2026-03-05"
    assert {"../../contributors/alice/", "../../contributors/dana-git/"} <= links(history)
    assert "https://github.com/example/repair/edit/HEAD/content/repair/drain-pump.md" in links(history)
    assert "https://github.com/example/repair/commits/HEAD/content/repair/drain-pump.md" in links(history)
    backlinks = main.select_one(".rp-backlinks")
    assert links(backlinks) == {"../../purposes/repair/"}


def test_question_lists_accepted_answer_first(built):
    _, site = built
    main = content(soup(site, "repair/why-noisy"))
    answers = main.select(".rp-answer-list > li")
    assert "rp-accepted-answer" in answers[0]["class"]
    assert answers[0].select_one("a")["href"] == "../../repair/noisy-answer/"
    answer = content(soup(site, "repair/noisy-answer"))
    assert "../../repair/why-noisy/" in links(answer.select_one(".rp-answers"))
    assert answer.select_one(".rp-accepted")


def test_contributors(built):
    _, site = built
    main = content(soup(site, "contributors"))
    rows = {tr.select_one("a").get_text(): tr for tr in main.select("tbody tr")}
    assert set(rows) == {"Alice Martin", "Bob Ng", "Dana Git"}
    assert "(from git)" in rows["Dana Git"].get_text()
    alice = [td.get_text() for td in rows["Alice Martin"].select("td")]  # the person is the row's <th>
    assert alice[0:4] == ["2", "2", "Mar 1, 2026", "Mar 3, 2026"]
    assert [t["datetime"] for t in rows["Alice Martin"].select("time")] == ["2026-03-01", "2026-03-03"]
    assert alice[5] == "2 contributions edited, 1 article, 1 answer, 1 accepted answer"
    dana = [td.get_text() for td in rows["Dana Git"].select("td")]
    assert dana[0:4] == ["0", "1", "Mar 5, 2026", "Mar 5, 2026"]
    profile = content(soup(site, "contributors/alice"))
    assert {"../../repair/drain-pump/", "../../repair/noisy-answer/"} <= links(profile.select_one(".rp-cards"))
    assert "../../contributors/dana-git/" in links(profile.select_one(".rp-people"))
    dana = content(soup(site, "contributors/dana-git"))
    assert "../../repair/drain-pump/" in links(dana)


def test_tags(built):
    _, site = built
    main = content(soup(site, "tags"))
    assert {"../tags/pumps/", "../tags/do-it-yourself/"} <= links(main.select_one(".rp-cloud"))
    tag = content(soup(site, "tags/pumps"))
    assert [a["href"] for a in tag.select(".rp-card-title")] == ["../../repair/drain-pump/"]


def test_recent_changes(built):
    _, site = built
    main = content(soup(site, "changes"))
    days = [h.time["datetime"] for h in main.select("h2")]
    assert days == ["2026-03-05", "2026-03-01"]
    first = main.select(".rp-commit")[0]
    assert "Dana Git" in first.select_one(".rp-commit-head").get_text(" ", strip=True)
    assert "edited Replacing a drain pump" in first.select_one(".rp-change-list").get_text(" ", strip=True)


def test_wanted_pages(built):
    _, site = built
    main = content(soup(site, "wanted"))
    item = main.select_one("#fridge-seals")
    assert "../repair/drain-pump/" in links(item)


def test_feeds_are_atom(built):
    _, site = built
    feed = ET.parse(site / "feed.xml").getroot()
    assert feed.tag == f"{ATOM}feed"
    entries = feed.findall(f"{ATOM}entry")
    assert entries[0].find(f"{ATOM}link").get("href") == "https://example.org/repair/repair/noisy-answer/"
    tag_feed = ET.parse(site / "tags/pumps/feed.xml").getroot()
    assert len(tag_feed.findall(f"{ATOM}entry")) == 1


def test_search_index_holds_contributions(built):
    _, site = built
    from rallypoint.site.search import read_index

    assert "filter" in read_index(site)["repair/drain-pump/"]["content"]


def test_build_is_deterministic(built, tmp_path):
    root, site = built
    again = tmp_path / "again"
    result = build_site(root, again)
    assert result.site_dir, result.diagnostics
    assert tree_digest(again) == tree_digest(site)


def test_failed_build_leaves_previous_site(community, tmp_path):
    root = community()
    site = tmp_path / "site"
    assert build_site(root, site).site_dir
    before = (site / "index.html").read_bytes()
    (root / "content/repair/broken.md").write_text("---\ntitle: [\n---\n")
    result = build_site(root, site)
    assert result.site_dir is None and result.errors
    assert (site / "index.html").read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".site")]


def test_build_outside_git_and_without_history(community, tmp_path):
    result = CliRunner().invoke(cli, ["-C", str(community()), "build", "--site-dir", str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    size = sum(p.stat().st_size for p in (tmp_path / "s").rglob("*") if p.is_file())
    assert re.search(rf"Built [\d,]+ pages \({size / 1e6:.1f} MB\) into ", result.output), result.output
    changes = content(soup(tmp_path / "s", "changes"))
    assert "No history" in changes.get_text()


def test_a_site_over_the_pages_limit_warns(community, tmp_path, monkeypatch):
    from rallypoint import catalogue

    monkeypatch.setattr(catalogue, "PAGES_LIMIT", 1000)  # a real 1 GB site would take minutes
    root = community()
    args = ["-C", str(root), "build", "--format", "github", "--site-dir"]
    result = CliRunner().invoke(cli, [*args, str(tmp_path / "s")])
    assert result.exit_code == 0, result.output
    assert "::warning file=community.yml,line=1,col=1,title=RP403" in result.output
    assert "over GitHub Pages' limit of 1 GB" in result.output
    strict = CliRunner().invoke(cli, [*args, str(tmp_path / "strict"), "--strict"])
    assert strict.exit_code == 1 and not (tmp_path / "strict").exists()


def test_build_stops_on_errors_with_the_same_diagnostics(community, tmp_path):
    root = community(
        {"content/repair/bad.md": "---\ntitle: T\nkind: article\nauthors: [nobody]\ndate: 2026-03-01\n---\n"}
    )
    result = CliRunner().invoke(
        cli, ["-C", str(root), "build", "--site-dir", str(tmp_path / "s"), "--format", "github"]
    )
    assert result.exit_code == 1
    assert "::error file=content/repair/bad.md,line=4,col=11,title=RP202" in result.output
    assert not (tmp_path / "s").exists()


def test_a_wanted_page_never_fails_a_build_even_a_strict_one(community, tmp_path):
    root = community(
        {"content/repair/wants.md": "---\ntitle: T\nkind: note\nauthors: [alice]\ndate: 2026-03-01\n---\n[[nowhere]]\n"}
    )
    assert build_site(root, tmp_path / "a").site_dir
    result = build_site(root, tmp_path / "b", strict=True)
    assert result.site_dir == tmp_path / "b"
    assert [(x.rule, x.severity) for x in result.diagnostics] == [("RP303", "notice")]
    wanted = content(soup(tmp_path / "b", "wanted"))
    assert wanted.find(id="nowhere") is not None


def test_shallow_clone_warns(tmp_path):
    source = tmp_path / "source"
    commit(source, community_files(), message="one", author=ALICE, date="2026-03-01T10:00:00")
    commit(
        source,
        {"content/repair/drain-pump.md": BASE["content/repair/drain-pump.md"] + "More.\n"},
        message="two",
        author=BOB,
        date="2026-03-02T10:00:00",
    )
    clone = git.Repo.clone_from(f"file://{source}", tmp_path / "clone", depth=1)
    result = build_site(Path(clone.working_dir), tmp_path / "s")
    assert [(x.rule, x.severity) for x in result.diagnostics] == [("RP401", "warning")]
    assert result.site_dir
    strict = build_site(Path(clone.working_dir), tmp_path / "s2", strict=True)
    assert strict.site_dir is None


def test_community_templates_override_defaults(community, tmp_path):
    root = community()
    (root / "site_templates").mkdir()
    (root / "site_templates/wanted.html.jinja").write_text('<div class="own-wanted">Our own wanted page</div>\n')
    result = build_site(root, tmp_path / "s")
    assert result.site_dir, result.diagnostics
    assert content(soup(tmp_path / "s", "wanted")).select_one(".own-wanted")


def test_nothing_is_written_into_the_community(community, tmp_path):
    """Nothing but the build cache, which ignores itself in git (tests/test_incremental.py)."""
    root = community()
    paths, files = sorted(p.relative_to(root) for p in root.rglob("*")), tree_digest(root)
    result = build_site(root, tmp_path / "s")
    assert result.site_dir == (tmp_path / "s").resolve(), result.diagnostics
    shutil.rmtree(root / ".rallypoint-cache")
    assert sorted(p.relative_to(root) for p in root.rglob("*")) == paths
    assert tree_digest(root) == files


def test_contribution_html_does_not_grow_with_the_site(tmp_path, monkeypatch):
    """A contribution page, the longest tag page and the longest profile stay flat from 40 to
    400 contributions: with lists of 5, both sizes already fill every list."""
    from rallypoint.site import pages, pagination
    from synthetic import generate_community

    for module in (pages, pagination):
        monkeypatch.setattr(module, "PAGE_SIZE", 5)
    monkeypatch.setattr(pages, "LIST_SIZE", 5)
    sizes = []
    for n in (40, 400):
        root = tmp_path / f"c{n}"
        generate_community(root, contributions=n, contributors=20, seed=7)
        purpose = next((root / "purposes").glob("*.md")).stem
        probe = root / "content" / purpose / "size-probe.md"
        handle = next((root / "contributors").glob("*.yml")).stem
        probe.write_text(f"---\ntitle: Probe\nkind: note\nauthors: [{handle}]\ndate: 2026-01-01\n---\nSame text.\n")
        site = tmp_path / f"s{n}"
        result = build_site(root, site)
        assert result.site_dir, result.diagnostics
        largest = {
            section: max(len(p.read_bytes()) for p in (site / section).glob("*/index.html"))
            for section in ("tags", "contributors")
        }
        sizes.append((len((site / purpose / "size-probe/index.html").read_bytes()), largest))
    (probe40, largest40), (probe400, largest400) = sizes
    assert probe40 == probe400
    for section, size in largest400.items():
        assert size < 1.15 * largest40[section], (section, largest40[section], size)
    _check_pagination(tmp_path / "s400", root)


def _follow(site: Path, first: str) -> list[BeautifulSoup]:
    """Every page of a paginated list, by its rel=next links, checking each rel=prev on the way."""
    folder = site / first
    pages = [BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser")]
    while (following := content(pages[-1]).select_one("nav.rp-pager a[rel=next]")) is not None:
        previous = folder
        folder = (folder / following["href"]).resolve()
        pages.append(BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "html.parser"))
        back = content(pages[-1]).select_one("nav.rp-pager a[rel=prev]")
        assert (folder / back["href"]).resolve() == previous.resolve()
    assert content(pages[-1]).select_one("nav.rp-pager a[rel=next]") is None
    return pages


def _check_pagination(site: Path, root: Path) -> None:
    import yaml

    tagged: dict[str, int] = {}
    for path in (root / "content").glob("*/*.md"):
        for tag in yaml.safe_load(path.read_text().split("---")[1]).get("tags", []):
            tagged[tag] = tagged.get(tag, 0) + 1
    tag = max(tagged, key=lambda t: (tagged[t], t))
    chain = _follow(site, f"tags/{tag}")
    assert len(chain) == -(-tagged[tag] // 5) > 2
    assert chain[1].title.get_text().startswith(f"Tag: {tag} (page 2 of {len(chain)})")
    listed = [len(content(page).select(".rp-cards > li")) for page in chain]
    assert sum(listed) == tagged[tag] and max(listed) == 5, listed
    assert (site / f"tags/{tag}/page/2/index.html").is_file()
    people = {
        a["href"].rstrip("/").rsplit("/", 1)[-1]
        for p in _follow(site, "contributors")
        for a in content(p).select("tbody th a")
    }
    assert people >= {p.stem for p in (root / "contributors").glob("*.yml")}
    tags = [li for p in _follow(site, "tags") for li in content(p).select(".rp-tag-list > li")]
    assert len(tags) == len(tagged)
    purpose = next((root / "purposes").glob("*.md")).stem
    page = content(soup(site, f"purposes/{purpose}"))
    more = page.select_one("#kind-article + p.rp-meta a")
    assert more is not None and more["href"].endswith(f"purposes/{purpose}/article/")
    count = int(re.search(r"\((\d+)\)", page.select_one("#kind-article").get_text())[1])
    listed = [li for p in _follow(site, f"purposes/{purpose}/article") for li in content(p).select(".rp-rows > li")]
    assert len(listed) == int(more.get_text().split()[1]) == count > 5


def test_parallel_and_serial_builds_are_identical(tmp_path):
    from synthetic import generate_community

    root = tmp_path / "c"
    generate_community(root, contributions=260, contributors=15, commits=300, seed=3)
    for mode in ("parallel", "serial"):
        result = build_site(root, tmp_path / mode, parallel=mode == "parallel")
        assert result.site_dir, result.diagnostics
    assert tree_digest(tmp_path / "parallel") == tree_digest(tmp_path / "serial")


def test_recent_changes_folds_large_commits(tmp_path):
    from synthetic import generate_community

    root = tmp_path / "c"
    generate_community(root, contributions=60, contributors=5, commits=3, seed=1)
    result = build_site(root, tmp_path / "s")
    assert result.site_dir, result.diagnostics
    lists = content(soup(tmp_path / "s", "changes")).select(".rp-change-list")
    folded = [li for ul in lists for li in ul.select("li.rp-change-more")]
    assert folded and re.search(r"and \d+ more files", folded[0].get_text())
    assert all(len(ul.select("li")) <= 13 for ul in lists)


@pytest.mark.parametrize("where", ["content/site", "purposes", ".", ".git/site"])
def test_site_dir_never_lands_on_community_files(community, where):
    root = community()
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--site-dir", str(root / where)])
    assert result.exit_code == 1 and "cannot go to" in result.output
    assert sorted(p.name for p in (root / "content").iterdir()) == ["cafes", "repair"]


def test_a_commit_dated_after_2106_still_builds(git_community, tmp_path):
    """A wrong clock can date a commit in 2127; gzip cannot stamp the sitemap past 2106."""
    root = git_community()
    commit(root, {"content/repair/drain-pump.md": BASE["content/repair/drain-pump.md"] + "\nLater.\n"}, date=4964585675)
    result = build_site(root, tmp_path / "site", parallel=False)
    assert result.site_dir and not result.errors, result.diagnostics
    assert (result.site_dir / "sitemap.xml.gz").stat().st_size > 0
