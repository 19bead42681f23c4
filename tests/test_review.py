"""The pull request flow with real git repositories: branches, `rallypoint review`, and its verdicts."""

from __future__ import annotations

import json

import git
import pytest
from click.testing import CliRunner

from conftest import ALICE, BASE, BOB, Identity, commit, community_files
from rallypoint.cli import cli

CAROL = "name: Carol Díaz\ngithub: carol\nemails: [carol@example.org]\n"
CAROL_GIT: Identity = ("Carol Díaz", "carol@example.org")


def page(title: str, authors: str, tags: str = "[pumps]", body: str = "Text.\n", kind: str = "article") -> str:
    return (
        (
            f"---\ntitle: {title}\nkind: {kind}\nauthors: {authors}\ndate: 2026-04-01\ntags: {tags}\n"
            f"goals: [pumps]\n---\n{body}"
        )
        if kind == "article"
        else f"---\ntitle: {title}\nkind: {kind}\nauthors: {authors}\ndate: 2026-04-01\n---\n{body}"
    )


@pytest.fixture
def repo(git_community) -> git.Repo:
    """The small community, committed on main by Alice."""
    # Alice's GitHub login is written down: a handle is never taken for one.
    return git.Repo(git_community({"contributors/alice.yml": BASE["contributors/alice.yml"] + "github: alice\n"}))


def branch(repo: git.Repo, name: str, files: dict[str, str | None], who: Identity, renames=()) -> None:
    repo.git.checkout("-q", "-b", name, "main")
    commit(repo, files, message=f"Branch {name}", author=who, date="2026-04-01T10:00:00", moves=dict(renames))


def review(repo: git.Repo, *args: str, expect: int):
    """Run `rallypoint review` against main and insist on its exit code."""
    result = CliRunner().invoke(cli, ["-C", repo.working_tree_dir, "review", "--base", "main", *args])
    assert result.exit_code == expect, result.output
    return result


def as_json(result) -> dict:
    return json.loads(result.output)


def test_first_time_contributor_is_welcomed_and_passes(repo):
    branch(
        repo,
        "carol-joins",
        {
            "contributors/carol.yml": CAROL,
            "content/repair/door-seals.md": page("Door seals", "[carol]", "[seals, pumps]", "See [[drain-pump]].\n"),
            "content/repair/filter-cleaning.md": page("Cleaning the filter", "[carol, alice]"),
        },
        CAROL_GIT,
    )
    result = review(repo, "--pr-author", "carol", expect=0)
    assert "Welcome, **Carol Díaz** (`carol`)" in result.output
    assert "Ready for a maintainer's review" in result.output
    report = as_json(review(repo, "--pr-author", "carol", "--format", "json", expect=0))
    assert report["diagnostics"] == []
    assert report["newcomers"] == [{"handle": "carol", "name": "Carol Díaz"}]
    assert report["new_tags"] == ["seals"]
    assert report["serves"] == [{"purpose": "repair", "goals": ["pumps"]}]
    assert {(c["action"], c["what"], c["path"]) for c in report["changes"]} == {
        ("added", "person", "contributors/carol.yml"),
        ("added", "contribution", "content/repair/door-seals.md"),
        ("added", "contribution", "content/repair/filter-cleaning.md"),
    }
    assert report["summary"]["errors"] == 0


def test_editing_someone_elses_profile_and_claiming_authors_is_blocked(repo):
    branch(
        repo,
        "impostor",
        {
            "contributors/carol.yml": CAROL,
            "contributors/bob.yml": BASE["contributors/bob.yml"].replace("Bob Ng", "Robert Ng"),
            "content/repair/by-alice.md": page("Written by Alice, honest", "[alice]"),
        },
        CAROL_GIT,
    )
    result = review(repo, "--pr-author", "carol", "--format", "json", expect=1)
    found = {(x["path"], x["rule"]) for x in as_json(result)["diagnostics"]}
    assert ("contributors/bob.yml", "RP502") in found
    assert ("content/repair/by-alice.md", "RP503") in found
    assert ("contributors/carol.yml", "RP502") not in found
    author = next(x for x in as_json(result)["diagnostics"] if x["rule"] == "RP503")
    assert (author["line"], author["column"]) == (4, 10)
    markdown = review(repo, "--pr-author", "carol", expect=1).output
    assert "must be fixed before merging" in markdown and "RP502" in markdown


def test_maintainers_may_do_both_and_the_report_says_so(repo):
    branch(
        repo,
        "alice-tidies",
        {
            "contributors/bob.yml": BASE["contributors/bob.yml"].replace("Bob Ng", "Bob Ng (cafés)"),
            "content/repair/for-bob.md": page("Imported from Bob's notes", "[bob]"),
            ".mailmap": "Bob Ng <bob@example.org> <bob@old.example>\n",
        },
        ALICE,
    )
    report = as_json(review(repo, "--pr-author", "alice", "--format", "json", expect=0))
    assert report["by_maintainer"] is True
    assert any(line.startswith(".mailmap") for line in report["needs_maintainer"])
    assert "a community maintainer" in review(repo, "--pr-author", "alice", expect=0).output


def test_renaming_a_page_others_link_to_is_reported(repo):
    branch(repo, "rename", {}, BOB, renames=[("content/repair/why-noisy.md", "content/repair/noisy-pump.md")])
    report = as_json(review(repo, "--pr-author", "bobng", "--format", "json", expect=1))
    assert {
        "action": "renamed",
        "path": "content/repair/noisy-pump.md",
        "old_path": "content/repair/why-noisy.md",
        "what": "contribution",
        "title": "Why is my pump noisy?",
        "detail": "moves their own question: text unchanged",
    } in report["changes"]
    broken = [x for x in report["diagnostics"] if x["rule"] == "RP501"]
    assert [(x["path"], x["line"], x["column"]) for x in broken] == [("content/repair/drain-pump.md", 9, 25)]
    assert any(x["rule"] == "RP206" and x["path"] == "content/repair/noisy-answer.md" for x in report["diagnostics"])
    assert not any(x["rule"] == "RP303" for x in report["diagnostics"])


def test_goal_removed_while_still_named_and_maintainer_removed(repo):
    charter = BASE["purposes/repair.md"].replace("maintainers: [alice, bob]", "maintainers: [alice]")
    charter = charter.replace(
        "  - id: pumps\n    title: Every pump\n    target: {count: 5, kind: article, tag: pumps}\n",
        "  - id: valves\n    title: Every valve\n",
    )
    branch(repo, "charter", {"purposes/repair.md": charter}, BOB)
    report = as_json(review(repo, "--pr-author", "bobng", "--format", "json", expect=1))
    rules = {(x["path"], x["rule"]) for x in report["diagnostics"]}
    assert ("content/repair/drain-pump.md", "RP203") in rules
    assert ("purposes/repair.md", "RP504") in rules
    assert any("removes bob" in line for line in report["needs_maintainer"])


def test_a_change_to_git_blame_ignore_revs_needs_a_maintainer(repo):
    """Listed commits are no one's edit: a pull request could hide its own edits to others' pages."""
    head = repo.head.commit.hexsha
    branch(repo, "hide", {".git-blame-ignore-revs": f"{head}\n"}, BOB)
    report = as_json(review(repo, "--pr-author", "bobng", "--format", "json", expect=0))
    assert [(x["path"], x["rule"]) for x in report["diagnostics"]] == [(".git-blame-ignore-revs", "RP504")]
    assert any(line.startswith(".git-blame-ignore-revs") for line in report["needs_maintainer"])


def test_the_top_level_credit_files_are_reviewed_for_a_community_in_a_folder(tmp_path):
    """History reads .mailmap and .git-blame-ignore-revs at the top of the repository too."""
    top = tmp_path / "repo"
    commit(top, {f"site/{path}": text for path, text in community_files({}).items()}, message="Start")
    repo = git.Repo(top)
    head = repo.head.commit.hexsha
    branch(repo, "hide", {".git-blame-ignore-revs": f"{head}\n", ".mailmap": "Bob <b@x.org> <c@x.org>\n"}, BOB)
    result = CliRunner().invoke(
        cli, ["-C", str(top / "site"), "review", "--base", "main", "--pr-author", "bobng", "--format", "json"]
    )
    report = as_json(result)
    assert sorted((x["path"], x["rule"]) for x in report["diagnostics"]) == [
        (".git-blame-ignore-revs", "RP504"),
        (".mailmap", "RP504"),
    ]


def test_github_format_and_usage_errors(repo):
    branch(repo, "bad", {"content/repair/bad.md": "---\ntitle: T\n---\n"}, BOB)
    result = review(repo, "--format", "github", expect=1)
    assert result.output.startswith("::error file=content/repair/bad.md")
    assert "no-such-branch" in review(repo, "--base", "no-such-branch", expect=2).output


def test_review_leaves_the_working_tree_alone(repo):
    branch(repo, "carol-joins", {"contributors/carol.yml": CAROL}, CAROL_GIT)
    review(repo, "--pr-author", "carol", expect=0)
    assert repo.git.status("--porcelain") == ""
