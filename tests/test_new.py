"""`rallypoint new`: scaffolds that pass `check`, by options and by answering questions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import git
import pytest
import yaml
from click.testing import CliRunner

from rallypoint.cli import cli
from rallypoint.errors import MissingAnswer, UsageProblem
from rallypoint.model.community import load_community
from rallypoint.workflow.new import Given, ScaffoldError, create_file


def new(root: Path, *args: str, input: str | None = None):
    return CliRunner().invoke(cli, ["-C", str(root), "new", *args], input=input)


def clean(root: Path) -> bool:
    return load_community(root).diagnostics == ()


@pytest.mark.parametrize(
    "kind, extra",
    [
        ("article", []),
        ("post", []),
        ("note", []),
        ("idea", []),
        ("question", []),
        ("bookmark", ["--url", "https://example.org/manual.pdf"]),
        ("answer", ["--answers", "why-noisy"]),
    ],
)
def test_every_kind_by_options_passes_check(community, kind, extra):
    root = community()
    purpose = "cafes" if kind in ("post", "note") else "repair"
    result = new(
        root,
        kind,
        "--purpose",
        purpose,
        "--title",
        f"A new {kind}: yes, really",
        "--author",
        "alice",
        "--tags",
        "pumps, on",
        "--no-input",
        *extra,
    )
    assert result.exit_code == 0, result.output
    path = root / "content" / purpose / f"a-new-{kind}-yes-really.md"
    assert path.is_file()
    assert clean(root), load_community(root).diagnostics
    front = yaml.safe_load(path.read_text().split("---\n")[1])
    assert front["title"] == f"A new {kind}: yes, really"
    assert front["tags"] == ["pumps", "on"]
    assert str(front["date"]) == dt.date.today().isoformat()


def test_interactive_answers_with_defaults_from_git(community):
    root = community()
    repo = git.Repo.init(root)
    with repo.config_writer() as config:
        config.set_value("user", "name", "Alice Martin")
        config.set_value("user", "email", "alice@example.org")
    answers = "\n".join(["repair", "Replacing a door seal", "", "", "seals, pumps"]) + "\n"
    result = new(root, "article", "--input", input=answers)
    assert result.exit_code == 0, result.output
    assert "Tags in use: do-it-yourself, pumps" in result.output
    text = (root / "content/repair/replacing-a-door-seal.md").read_text()
    assert "authors: [alice]" in text and "tags: [seals, pumps]" in text
    assert clean(root)


def test_interactive_asks_again_after_a_bad_answer(community):
    root = community()
    result = new(
        root,
        "note",
        "--input",
        "--purpose",
        "cafes",
        "--author",
        "bob",
        "--tags",
        "",
        input="Fuses\nBad Slug!\nfuses\n",
    )
    assert result.exit_code == 0, result.output
    assert "not a valid slug" in result.output
    assert (root / "content/cafes/fuses.md").is_file()


def test_never_overwrites(community):
    root = community()
    before = (root / "content/repair/drain-pump.md").read_bytes()
    result = new(root, "article", "--purpose", "repair", "--title", "Drain pump", "--author", "alice", "--no-input")
    assert result.exit_code == 1 and "already exists" in result.output
    assert (root / "content/repair/drain-pump.md").read_bytes() == before


def test_bad_options_are_usage_errors_and_write_nothing(community):
    root = community()
    for args in (
        ["--purpose", "garden"],
        ["--purpose", "repair", "--author", "nobody"],
        ["--purpose", "cafes"],
        ["--purpose", "repair", "--slug", "Not A Slug"],
    ):
        result = new(root, "article", "--title", "T", "--author", "alice", "--no-input", *args)
        assert result.exit_code == 2, (args, result.output)
    assert sorted(p.name for p in (root / "content/repair").iterdir()) == [
        "drain-pump.md",
        "noisy-answer.md",
        "why-noisy.md",
    ]


def test_new_contributor_and_purpose(community):
    root = community()
    result = new(
        root, "contributor", "--handle", "carol", "--name", "Carol Díaz", "--email", "carol@example.org", "--no-input"
    )
    assert result.exit_code == 0, result.output
    assert yaml.safe_load((root / "contributors/carol.yml").read_text()) == {
        "name": "Carol Díaz",
        "emails": ["carol@example.org"],
    }
    result = new(
        root,
        "purpose",
        "--title",
        "Community garden",
        "--summary",
        "Grow food together.",
        "--maintainer",
        "carol",
        "--no-input",
    )
    assert result.exit_code == 0, result.output
    assert (root / "purposes/community-garden.md").is_file()
    assert clean(root)


def test_first_time_contributor_interactively(community):
    root = community()
    result = new(root, "contributor", "--input", input="Dana Scully\n\ndana@example.org\n@dscully\n")
    assert result.exit_code == 0, result.output
    profile = yaml.safe_load((root / "contributors/dana-scully.yml").read_text())
    assert profile["github"] == "dscully"
    assert clean(root)


def test_the_github_login_is_offered_from_a_noreply_address_and_never_from_the_handle(community):
    root = community()
    given = "Tom Okafor\ntom\n12345+tomokafor@users.noreply.github.com\n\n"
    assert new(root, "contributor", "--input", input=given).exit_code == 0
    assert yaml.safe_load((root / "contributors/tom.yml").read_text())["github"] == "tomokafor"
    plain = "Rosa Diaz\nrosa\nrosa@example.org\n\n"
    assert new(root, "contributor", "--input", input=plain).exit_code == 0
    assert "github" not in yaml.safe_load((root / "contributors/rosa.yml").read_text())


def test_a_tag_answer_is_asked_again_with_a_suggestion(community):
    root = community()
    answers = "repair\nSoil notes\n\nalice\ncompost, Soil Health\ncompost, soil-health\n"
    result = new(root, "article", "--input", input=answers)
    assert result.exit_code == 0, result.output
    assert (
        "`Soil Health` is not a valid tag: lowercase letters, digits and hyphens; write `soil-health`" in result.output
    )
    assert "tags: [compost, soil-health]" in (root / "content/repair/soil-notes.md").read_text()


def test_interactive_still_works_with_a_deprecation_note(community):
    root = community()
    result = new(root, "contributor", "--interactive", input="Dana Scully\n\ndana@example.org\n\n")
    assert result.exit_code == 0, result.output
    notes = [line for line in result.output.splitlines() if "deprecated" in line]
    assert notes == ["rallypoint: --interactive is deprecated and will go; use --input"]
    assert (root / "contributors/dana-scully.yml").is_file()
    assert "--interactive" not in new(root, "--help").output


def test_the_purpose_is_asked_first_and_asked_again_at_once(community):
    root = community()
    result = new(root, "note", "--input", "--author", "alice", input="garden\ncafes\nFuses\n\n\n")
    assert result.exit_code == 0, result.output
    out = result.output
    assert (
        out.index("Purposes: cafes, repair")
        < out.index("Purpose: ")
        < out.index("no purpose `garden`")
        < out.index("Title: ")
    )
    assert (root / "content/cafes/fuses.md").is_file()


class Script:
    """An ``ask`` for the core that replies from a list, as a person at the prompt would."""

    def __init__(self, *replies: str):
        self.replies = list(replies)
        self.questions: list[str] = []
        self.refused: list[str] = []

    def __call__(self, question, default, check, hint=""):
        self.questions.append(question)
        while True:
            reply = self.replies.pop(0) or default
            try:
                return check(reply)
            except UsageProblem as exc:
                self.refused.append(str(exc))


def test_create_file_decides_the_questions_defaults_and_path(community):
    root = community()
    ask = Script("garden", "cafes", "Fuses", "", "bob", "fuses, diy")
    assert create_file(root, "note", Given(), ask) == "content/cafes/fuses.md"
    assert ask.questions == [
        "Purpose",
        "Title",
        "Slug (file name and URL)",
        "Authors (handles)",
        "Tags (comma-separated)",
    ]
    assert ask.refused == ["there is no purpose `garden`; choose one of cafes, repair"]
    front = yaml.safe_load((root / "content/cafes/fuses.md").read_text().split("---\n")[1])
    assert front["authors"] == ["bob"] and front["tags"] == ["fuses", "diy"]


def test_create_file_without_asking_names_the_answer_at_fault(community):
    root = community()
    with pytest.raises(MissingAnswer) as missing:
        create_file(root, "note", Given(title="T", authors=("alice",)))
    assert missing.value.answer == "purpose"
    with pytest.raises(ScaffoldError) as wrong:
        create_file(root, "article", Given(purpose="repair", title="T", authors=("nobody",)))
    assert wrong.value.answer == "authors" and "no profile for nobody" in str(wrong.value)
