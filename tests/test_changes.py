"""Recently changed and /changes/: by the time of the last commit, newest first, across purposes."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import BASE, BOB, commit, community_files
from rallypoint.site.build import build_site


def _touched(path: str) -> str:
    return BASE[path] + "\nOne more line.\n"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """Three commits on one day, written out of time order, and front-matter dates in another order."""
    root = tmp_path_factory.mktemp("changes") / "community"
    commit(root, community_files(), message="Start", date="2026-03-01T10:00:00")
    commit(
        root,
        {"content/cafes/first-cafe.md": _touched("content/cafes/first-cafe.md")},
        message="Morning notes",
        date="2026-03-05T09:00:00",
        author=BOB,
    )
    commit(
        root,
        {p: _touched(p) for p in ("content/repair/why-noisy.md", "content/repair/drain-pump.md")},
        message="Two pages at once",
        date="2026-03-05T15:30:00",
    )
    commit(
        root,
        {"content/repair/noisy-answer.md": _touched("content/repair/noisy-answer.md")},
        message="Midday fix",
        date="2026-03-05T12:00:00",
        author=BOB,
    )
    result = build_site(root, root.parent / "site")
    assert result.site_dir, result.diagnostics
    return result.site_dir


def _main(site: Path, folder: str) -> BeautifulSoup:
    html = (site / folder / "index.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser").select_one(".rp-page")


def test_recently_changed_follows_the_last_commit_not_the_day_or_the_front_matter(site):
    recent = _main(site, "").select(".rp-recent .rp-card")
    titles = [card.select_one(".rp-card-title").get_text() for card in recent]
    # drain-pump and why-noisy share the newest commit: ties read by address, repair/d… before repair/w…
    assert titles[:4] == ["Replacing a drain pump", "Why is my pump noisy?", "A coin in the impeller", "Our first café"]
    changed = [card.select_one(".rp-changed time")["datetime"] for card in recent[:4]]
    assert changed == ["2026-03-05T15:30:00Z", "2026-03-05T15:30:00Z", "2026-03-05T12:00:00Z", "2026-03-05T09:00:00Z"]


def test_changes_shows_each_commit_once_with_its_files_under_it(site):
    main = _main(site, "changes")
    assert [h.time["datetime"] for h in main.select("h2")] == ["2026-03-05", "2026-03-01"]
    assert [h.get_text() for h in main.select("h2")] == ["Thursday, March 5, 2026", "Sunday, March 1, 2026"]
    commits = main.select(".rp-commit")
    subjects = [c.select_one(".rp-commit-subject").get_text() for c in commits]
    assert subjects == ["Two pages at once", "Midday fix", "Morning notes", "Start"]
    head = commits[0].select_one(".rp-commit-head").get_text(" ", strip=True)
    assert head.startswith("15:30") and "Alice Martin" in head
    assert commits[1].select_one("time")["datetime"] == "2026-03-05T12:00:00Z"
    files = [li.get_text(" ", strip=True) for li in commits[0].select(".rp-change-list li")]
    assert files == ["edited Replacing a drain pump", "edited Why is my pump noisy?"]  # git's order: by path
    assert len(commits[3].select(".rp-change-list li")) == len(community_files())


def test_the_example_credits_the_people_who_wrote_it_not_the_tooling_that_committed_it(tmp_path):
    """Built from this repository's own history, whose commits the tooling made (community.yml: bots)."""
    from conftest import REPO
    from rallypoint.history.log import read_history
    from rallypoint.model.community import load_community

    community = load_community(REPO).community
    history = read_history(REPO, community.settings.bots)
    assert not any(p.email.endswith(".r-seed-79aaa685.example") for c in history.commits for p in c.people)
    result = build_site(REPO, tmp_path / "site", cache=False)  # no .rallypoint-cache/ in the repository
    assert result.site_dir, result.diagnostics
    people = _main(result.site_dir, "contributors").select("tbody tr")
    assert people and all("(from git)" not in row.get_text() for row in people)
    assert len(people) == len(community.contributors)
    cards = _main(result.site_dir, "").select(".rp-recent .rp-card")
    recent = [(c.select_one(".rp-changed time") or c.select_one(".rp-meta > time"))["datetime"] for c in cards]
    assert len(recent) == 10 and recent == sorted(recent, reverse=True)
