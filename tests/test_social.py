"""Social actions in pull requests and from the command line: `review` and `rallypoint endorse`."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest
from click.testing import CliRunner

from conftest import ALICE, BASE, commit, community_files
from rallypoint.cli import cli
from rallypoint.history.claims import verify_claims
from rallypoint.history.log import read_history
from rallypoint.model.community import load_community
from rallypoint.workflow.endorse import add_endorsement

TOM = ("Tom Berg", "tom@example.org")
ROSA = ("Rosa Díaz", "rosa@example.org")
PEOPLE = {
    "contributors/alice.yml": BASE["contributors/alice.yml"] + "github: alice\n",
    "contributors/tom.yml": "name: Tom Berg\ngithub: tomb\nemails: [tom@example.org]\n",
    "contributors/rosa.yml": "name: Rosa Díaz\ngithub: rosad\nemails: [rosa@example.org]\n",
}
IDEA = "content/repair/shared-log.md"
POST = "content/repair/rosa-post.md"


def idea(endorsed: str = "[tom]", status: str = "proposed") -> str:
    return (
        "---\ntitle: Shared repair log\nkind: idea\nauthors: [tom]\ndate: 2026-03-05\n"
        f"status: {status}\nendorsed_by: {endorsed}\n---\nLog every repair.\n"
    )


def post(body: str) -> str:
    return f"---\ntitle: Rosa's fix\nkind: post\nauthors: [rosa]\ndate: 2026-03-04\n---\n{body}"


@pytest.fixture
def repo(tmp_path: Path) -> git.Repo:
    root = tmp_path / "community"
    files = community_files({**PEOPLE, IDEA: idea(), POST: post("I fixed it.\n")})
    commit(root, files, message="Start", author=ALICE, date="2026-03-01T10:00:00")
    return git.Repo(root)


def pull_request(repo: git.Repo, files: dict, who=TOM, login: str = "tomb") -> dict:
    repo.git.checkout("-q", "-b", f"pr-{len(repo.branches)}", "main")
    commit(repo, files, author=who, date="2026-04-01T10:00:00")
    result = CliRunner().invoke(
        cli, ["-C", repo.working_tree_dir, "review", "--base", "main", "--pr-author", login, "--format", "json"]
    )
    repo.git.checkout("-q", "main")
    return json.loads(result.output) | {"exit": result.exit_code}


def rules(report: dict) -> list[str]:
    return sorted(x["rule"] for x in report["diagnostics"] if x["severity"] == "error")


def test_endorsing_on_someone_elses_behalf_and_editing_their_post_is_reported(repo):
    report = pull_request(repo, {IDEA: idea("[rosa, tom]"), POST: post("I fixed it.\n\nTom says: so did I.\n")})
    assert report["exit"] == 1 and rules(report) == ["RP505"]
    (problem,) = report["diagnostics"]
    assert problem["path"] == IDEA and "`rosa`'s endorsement" in problem["message"] and problem["line"] == 7
    details = {c["path"]: c["detail"] for c in report["changes"]}
    assert details[POST] == "edits Rosa Díaz's post: +1 paragraph"
    assert details[IDEA] == "edits their own idea: front matter only; adds rosa's endorsement"


def test_endorsing_yourself_passes(repo):
    report = pull_request(repo, {IDEA: idea("[tom, rosa]")}, who=ROSA, login="rosad")
    assert report["exit"] == 0, report["diagnostics"]
    assert report["changes"][0]["detail"] == "edits Tom Berg's idea: front matter only; adds rosa's endorsement"


def test_only_a_maintainer_moves_an_idea_past_proposed_and_its_author_may_withdraw_it(repo):
    assert rules(pull_request(repo, {IDEA: idea(status="accepted")})) == ["RP506"]
    assert rules(pull_request(repo, {IDEA: idea(status="withdrawn")}, who=ROSA, login="rosad")) == ["RP506"]
    assert pull_request(repo, {IDEA: idea(status="withdrawn")})["exit"] == 0
    moved = pull_request(repo, {IDEA: idea(status="evaluating")}, who=ALICE, login="alice")
    assert moved["exit"] == 0 and "moves the idea from proposed to evaluating" in moved["changes"][0]["detail"]


def test_only_the_questions_author_or_a_maintainer_accepts(repo):
    question = community_files()["content/repair/why-noisy.md"]
    commit(repo, {"content/repair/why-noisy.md": question.replace("accepted: noisy-answer\n", "")}, author=ALICE)
    assert rules(pull_request(repo, {"content/repair/why-noisy.md": question})) == ["RP505"]
    assert pull_request(repo, {"content/repair/why-noisy.md": question}, who=ALICE, login="alice")["exit"] == 0


def endorse(repo: git.Repo, slug: str, who) -> tuple[int, str]:
    with repo.config_writer() as config:
        config.set_value("user", "name", who[0])
        config.set_value("user", "email", who[1])
    result = CliRunner().invoke(cli, ["-C", repo.working_tree_dir, "endorse", slug])
    return result.exit_code, result.output


def test_endorse_adds_you_and_commits_as_you(repo, monkeypatch):
    for variable in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(variable)
    root = Path(repo.working_tree_dir)
    code, output = endorse(repo, "shared-log", ROSA)
    assert code == 0 and "rosa endorses repair/shared-log" in output
    head = repo.head.commit
    assert (head.author.email, list(head.stats.files)) == (ROSA[1], [IDEA])
    assert (root / IDEA).read_text() == idea("[tom, rosa]")
    community = load_community(root).community
    claims = verify_claims(community, read_history(root))
    assert claims.endorsers("repair/shared-log") == ("rosa",)  # Alice wrote tom in at the start
    assert endorse(repo, "repair/shared-log", ROSA) == (0, "rosa already endorses repair/shared-log; nothing to do\n")
    code, output = endorse(repo, "drain-pump", ROSA)
    assert code != 0 and "is a article, not an idea" in output
    code, output = endorse(repo, "shared-log", ("Stranger", "who@nowhere.example"))
    assert code != 0 and "no profile in contributors/ lists your git email who@nowhere.example" in output


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("endorsed_by: [tom]\n", "endorsed_by: [tom, rosa]\n"),
        ("endorsed_by: []\n", "endorsed_by: [rosa]\n"),
        ("endorsed_by:\n  - tom\n", "endorsed_by:\n  - tom\n  - rosa\n"),
        ("endorsed_by:\n", "endorsed_by: [rosa]\n"),
        ("", "endorsed_by: [rosa]\n"),
    ],
)
def test_add_endorsement_changes_only_that_key(front, expected):
    text = f"---\ntitle: An idea\nkind: idea\n{front}tags: [a]\n---\nBody with endorsed_by: [x]\n"
    if not front:
        text = "---\ntitle: An idea\nkind: idea\ntags: [a]\n---\nBody with endorsed_by: [x]\n"
        assert add_endorsement(text, "rosa") == text.replace("tags: [a]\n", f"tags: [a]\n{expected}")
    else:
        assert add_endorsement(text, "rosa") == text.replace(front, expected, 1)


def test_the_site_shows_verified_support_claims_answers_and_open_questions(repo, tmp_path):
    from bs4 import BeautifulSoup

    from rallypoint.site.build import build_site

    root = Path(repo.working_tree_dir)
    charter = community_files()["purposes/repair.md"].replace("started:", "ideas: {threshold: 0.5}\nstarted:")
    answer = "---\ntitle: Check the filter\nkind: answer\nauthors: [tom]\ndate: 2026-03-20\nanswers: why-noisy\n---\n"
    commit(repo, {"purposes/repair.md": charter}, author=ALICE, date="2026-03-20T09:00:00")
    commit(repo, {"content/repair/filter-answer.md": answer + "Open the **filter** hatch.\n"}, author=TOM)
    commit(repo, {IDEA: idea("[tom, alice, rosa]")}, author=TOM, date="2026-03-21T10:00:00")  # claims Alice and Rosa
    commit(repo, {IDEA: idea("[tom, alice]")}, author=ALICE, date="2026-03-21T11:00:00")
    commit(repo, {IDEA: idea("[tom, alice, rosa]")}, author=ROSA, date="2026-03-22T10:00:00")  # Rosa's own
    result = build_site(root, tmp_path / "site")
    assert result.site_dir, result.diagnostics

    def page(path: str):
        html = (tmp_path / "site" / path / "index.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")

    support = page("repair/shared-log").select_one(".rp-support").get_text(" ", strip=True)
    # Tom's own endorsement was written by Alice in the first commit; Alice's by Tom: claims.
    assert support.startswith("1 verified endorsement: Rosa Díaz · claimed by")
    assert "Tom Berg (unverified)" in support and "Alice Martin (unverified)" in support

    question = page("repair/why-noisy")
    answers = question.select(".rp-answer-list > li")
    assert [a.select_one("h3").get_text(strip=True) for a in answers] == ["A coin in the impeller", "Check the filter"]
    assert "Accepted answer" in answers[0].get_text() and "rp-accepted-answer" in answers[0]["class"]
    assert answers[0].select_one(".rp-answer-body").get_text(strip=True) == "Look for coins."
    assert answers[1].select_one(".rp-answer-body strong").get_text() == "filter"

    board = page("ideas")
    entry = board.select_one("#purpose-repair ~ ol li")
    assert entry.select_one(".rp-support-count").get_text() == "1" and "2 unverified" in entry.get_text()
    threshold = board.select_one("#purpose-repair ~ .rp-threshold").get_text(" ", strip=True)
    assert "carried by" in threshold and "50% of the" in threshold
    assert board.select_one("#status-proposed ~ ol a")["href"] == "../repair/shared-log/"

    cafes = page("purposes/repair")  # a card on the purpose page shows the idea's status
    assert cafes is not None
    open_page = page("questions")
    assert open_page.select_one("#purpose-repair") is None  # its only question is accepted
    assert "Every question has an accepted answer." in open_page.get_text()


def test_giscus_comments_come_from_community_yml_only(community, tmp_path):
    from bs4 import BeautifulSoup

    from rallypoint.site.build import build_site

    giscus = (
        'comments:\n  giscus: {repo: org/repo, repo_id: R_kgDO1, category: "Q&A <b>\\"x\\"", category_id: DIC_kwDO1}\n'
    )
    root = community({"community.yml": community_files()["community.yml"] + giscus})
    assert build_site(root, tmp_path / "on").site_dir

    def scripts(site: str, page: str) -> list:
        html = (tmp_path / site / page / "index.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser").select("script[src*=giscus]")

    (script,) = scripts("on", "repair/drain-pump")
    assert (script["data-repo"], script["data-repo-id"], script["data-category-id"]) == (
        "org/repo",
        "R_kgDO1",
        "DIC_kwDO1",
    )
    assert script["data-category"] == 'Q&A <b>"x"'  # escaped into one attribute, not markup
    assert scripts("on", "") == [] and scripts("on", "purposes/repair") == []

    off = community({"community.yml": community_files()["community.yml"]})
    assert build_site(off, tmp_path / "off").site_dir
    assert scripts("off", "repair/drain-pump") == []
    bad = community(
        {"community.yml": community_files()["community.yml"] + giscus.replace("org/repo", "org/repo\\u0022 onload=x")}
    )
    result = CliRunner().invoke(cli, ["-C", str(bad), "check"])
    assert result.exit_code == 1 and "is not a repository, owner/name" in result.output


def test_bad_social_settings_get_located_diagnostics(community):
    charter = community_files()["purposes/repair.md"].replace("started:", "ideas: {threshold: 2}\nstarted:")
    signed = community_files()["community.yml"] + 'require_signed: "yes"\n'
    root = community({"purposes/repair.md": charter, "community.yml": signed})
    result = CliRunner().invoke(cli, ["-C", str(root), "check", "--format", "json"])
    found = {(x["path"], x["line"], x["rule"], x["message"]) for x in json.loads(result.output)["diagnostics"]}
    assert (
        "purposes/repair.md",
        6,
        "RP114",
        "`ideas.threshold` `2` must be above 0 and at most 1 (0.2 is a fifth)",
    ) in found
    assert ("community.yml", 6, "RP109", "`require_signed` must be true or false, without quotes") in found
