"""Recognition: each person's kinds of work on their profile, the contributors index,
`report --format json` and the `.all-contributorsrc` export, from a real git history."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import ALICE, BASE, commit, community_files, tree_digest
from rallypoint.cli import cli
from rallypoint.site.build import build_site

TOM = ("Tom Berg", "tom@example.org")
ROSA = ("Rosa Díaz", "rosa@example.org")
PEOPLE = {
    "contributors/alice.yml": BASE["contributors/alice.yml"] + "github: alice\n",
    "contributors/tom.yml": "name: Tom Berg\ngithub: tomb\nemails: [tom@example.org]\n",
    "contributors/rosa.yml": "name: Rosa Díaz\nemails: [rosa@example.org]\nlinks: [https://rosa.example.org]\n",
}
IDEA = "content/repair/shared-log.md"
POST = "content/repair/rosa-post.md"


def idea(endorsed: str) -> str:
    return (
        "---\ntitle: Shared repair log\nkind: idea\nauthors: [tom]\ndate: 2026-03-05\n"
        f"endorsed_by: {endorsed}\n---\nLog every repair.\n"
    )


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("recognition") / "community"
    commit(root, community_files(PEOPLE), author=ALICE, date="2026-03-01T10:00:00")
    commit(root, {IDEA: idea("[]")}, author=TOM, date="2026-03-05T10:00:00")
    post = "---\ntitle: Rosa's fix\nkind: post\nauthors: [rosa]\ndate: 2026-03-06\n---\nFixed.\n"
    commit(
        root,
        {POST: post},
        author=ROSA,
        date="2026-03-06T10:00:00",
        message="Rosa's fix\n\nReviewed-by: Tom Berg <tom@example.org>\nReviewed-by: not an address",
    )
    commit(root, {IDEA: idea("[rosa]")}, author=ROSA, date="2026-03-07T10:00:00")  # Rosa's own: verified
    commit(root, {IDEA: idea("[rosa, alice]")}, author=TOM, date="2026-03-08T10:00:00")  # claims Alice's
    commit(root, {POST: post + "Typo.\n"}, author=TOM, date="2026-03-09T10:00:00")
    return root


def test_report_json_lists_each_persons_work(root):
    result = CliRunner().invoke(cli, ["-C", str(root), "report", "--format", "json"])
    assert result.exit_code == 0, result.output
    people = json.loads(result.output)["people"]
    assert set(people["tom"]) == {"contributions", "brier", "forecasts", "work"}
    tom, rosa, alice = (people[h]["work"] for h in ("tom", "rosa", "alice"))
    assert {k: v for k, v in tom.items() if v} == {"ideas": 1, "reviews": 1, "edits": 1}
    assert {k: v for k, v in rosa.items() if v} == {"posts": 1, "endorsements": 1, "edits": 1}
    assert alice["endorsements"] == 0  # Tom wrote Alice's endorsement: a claim, not her work


def test_profiles_and_the_index_show_the_kinds_of_work(root, tmp_path):
    assert build_site(root, tmp_path / "site").site_dir

    def page(path: str):
        html = (tmp_path / "site" / path / "index.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")

    tom = [li.get_text() for li in page("contributors/tom").select("ul.rp-work > li")]
    assert tom == ["1 idea", "1 review", "1 contribution edited"]
    rosa = page("contributors").select_one("tbody tr:has(a[href$='/rosa/']) .rp-work-cell").get_text()
    assert rosa == "1 post, 1 endorsement given, 1 contribution edited"


def test_all_contributors_export_goes_to_stdout_only(root):
    before = tree_digest(root)
    result = CliRunner().invoke(cli, ["-C", str(root), "report", "--format", "all-contributors"])
    assert result.exit_code == 0, result.output
    assert tree_digest(root) == before and not (root / ".all-contributorsrc").exists()
    rc = json.loads(result.output)
    assert rc["repoType"] == "github" and rc["contributorsPerLine"] == 7
    by_login = {c["login"]: c for c in rc["contributors"]}
    assert by_login["tomb"]["contributions"] == ["content", "ideas", "review"]
    assert by_login["tomb"]["avatar_url"] == "https://github.com/tomb.png"
    assert by_login["rosa"] == {
        "login": "rosa",
        "name": "Rosa Díaz",
        "profile": "https://rosa.example.org",
        "contributions": ["blog", "content", "ideas"],
    }
    assert by_login["alice"]["contributions"] == ["content", "doc", "maintenance", "question"]  # she maintains
