"""The CLI through CliRunner: the three formats, exit codes, path selection, schema and rules."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from click.testing import CliRunner

from conftest import tree_digest
from rallypoint.catalogue import RULES
from rallypoint.cli import cli

BROKEN = {
    "content/repair/typo.md": "---\ntitle: T\nkind: article\nauthors: [alic]\ndate: 2026-03-01\n---\nSee [[fridge]].\n",
    "contributors/bob.yml": "name: Bob\nemails: [bob@example.org]\nbio: no\n",
}


def run(root: Path, *args: str, color: bool = False):
    return CliRunner().invoke(cli, ["-C", str(root), *args], color=color, catch_exceptions=False)


def test_clean_community_exits_0(community):
    result = run(community(), "check")
    assert result.exit_code == 0
    assert "no problems" in result.output
    assert re.search(r"\b9 files checked", result.output)


def test_text_format_groups_by_file_and_aligns(community):
    result = run(community(BROKEN), "check")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0] == "content/repair/typo.md"
    assert re.match(r"  4:11  error    RP202  `alic` in `authors` has no profile \(did you mean `alice`\?\)", lines[1])
    assert re.match(r"  7:5   notice   RP303  ", lines[2])
    assert "contributors/bob.yml" in lines
    assert lines[-1] == (
        "✖ 2 errors in 2 files (10 files checked); 1 notice (pages wanted: an invitation, not a problem)"
    )
    assert "\x1b[" not in result.output


def test_text_format_is_coloured_on_a_terminal(community):
    result = run(community(BROKEN), "check", color=True)
    assert result.exit_code == 1
    assert "\x1b[31m" in result.output and "\x1b[36m" in result.output  # errors red, notices cyan


def test_json_format(community):
    result = run(community(BROKEN), "check", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["summary"] == {
        "errors": 2,
        "warnings": 0,
        "notices": 1,
        "files_with_problems": 2,
        "files_checked": 10,
    }
    assert report["diagnostics"][0] == {
        "path": "content/repair/typo.md",
        "line": 4,
        "column": 11,
        "rule": "RP202",
        "severity": "error",
        "message": "`alic` in `authors` has no profile (did you mean `alice`?); add contributors/alic.yml or fix the handle",
        "key_path": "authors[0]",
        "fix": "add contributors/alic.yml or fix the handle",
    }
    typo = next(d for d in report["diagnostics"] if d["rule"] == "RP104")
    assert typo["key_path"] and typo["fix"] == RULES["RP104"].fix
    assert {d["rule"] for d in report["diagnostics"]} == {"RP202", "RP303", "RP104"}


def test_github_format(community):
    result = run(community(BROKEN), "check", "--format", "github")
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert lines[0].startswith(
        "::error file=content/repair/typo.md,line=4,col=11,title=RP202 unknown-contributor::`alic`"
    )
    assert lines[1].startswith("::notice file=content/repair/typo.md,line=7,col=5,title=RP303 wanted-page::")
    assert len(lines) == 3


def test_github_format_escapes_newlines_and_commas(community):
    root = community({"content/repair/x%,y.md": "---\ntitle: T\n---\n"})
    result = run(root, "check", "--format", "github")
    assert result.exit_code == 1, result.output
    line = next(row for row in result.output.splitlines() if "RP018" in row)
    assert "file=content/repair/x%25%2Cy.md," in line


def test_notices_alone_exit_0_and_say_they_are_no_problem(community):
    root = community({"content/repair/typo.md": BROKEN["content/repair/typo.md"].replace("alic", "alice")})
    result = run(root, "check", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["summary"]["notices"] == 1
    text = run(root, "check")
    assert text.exit_code == 0
    assert text.output.splitlines()[-1] == (
        "✔ 10 files checked, no problems; 1 notice (pages wanted: an invitation, not a problem)"
    )


def test_paths_select_diagnostics_but_rules_see_everything(community):
    root = community(BROKEN)
    result = run(root, "check", "content", "--format", "json")
    assert result.exit_code == 1, result.output
    report = json.loads(result.output)
    assert {d["path"] for d in report["diagnostics"]} == {"content/repair/typo.md"}
    result = run(root, "check", str(root / "contributors/bob.yml"), "--format", "json")
    assert result.exit_code == 1, result.output
    assert [d["rule"] for d in json.loads(result.output)["diagnostics"]] == ["RP104"]
    assert json.loads(result.output)["summary"]["files_checked"] == 1


def test_usage_errors_exit_2(community, tmp_path):
    root = community()
    assert run(root, "check", "nowhere.md").exit_code == 2
    assert run(root, "check", "--format", "xml").exit_code == 2
    outside = tmp_path / "outside"
    outside.mkdir()
    result = run(outside, "check")
    assert result.exit_code == 2
    assert "no community.yml" in result.output


@pytest.mark.parametrize(
    "command",
    [["check"], ["build"], ["new", "note", "--no-input"], ["codeowners"], ["serve"], ["review", "--base", "main"]],
)
def test_every_command_refuses_a_folder_outside_a_community_alike(tmp_path, command):
    outside = tmp_path.resolve()
    result = run(outside, *command)
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert any(line.startswith("Usage: ") and f" {command[0]} [OPTIONS]" in line for line in lines)
    assert lines[-1] == f"Error: no community.yml in {outside} or any folder above it"


def test_check_from_a_subfolder_finds_the_root(community):
    root = community(BROKEN)
    result = run(root / "content" / "repair", "check", "--format", "json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.output)["summary"]["errors"] == 2


def test_check_never_writes(community):
    root = community(BROKEN)
    before = tree_digest(root)
    for fmt in ("text", "json", "github"):
        assert run(root, "check", "--format", fmt).exit_code == 1, fmt
    assert tree_digest(root) == before


@pytest.mark.parametrize("kind", ["community", "purpose", "contribution", "contributor"])
def test_schema_is_valid_json_schema(kind):
    result = CliRunner().invoke(cli, ["schema", kind])
    assert result.exit_code == 0
    schema = json.loads(result.output)
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_accepts_valid_files_and_rejects_mistakes(community):
    root = community()
    result = CliRunner().invoke(cli, ["schema"])
    assert result.exit_code == 0, result.output
    schemas = json.loads(result.output)["$defs"]

    def front(path):
        return yaml.safe_load((root / path).read_text().split("---\n")[1])

    def validator(kind):
        return jsonschema.Draft202012Validator(schemas[kind], format_checker=jsonschema.FormatChecker())

    def as_json(data):  # PyYAML gives dates as datetime.date; editors see them as strings
        return json.loads(json.dumps(data, default=str))

    assert not list(validator("contribution").iter_errors(as_json(front("content/repair/noisy-answer.md"))))
    assert not list(validator("purpose").iter_errors(as_json(front("purposes/repair.md"))))
    assert not list(validator("community").iter_errors(yaml.safe_load((root / "community.yml").read_text())))
    bad = as_json(front("content/repair/drain-pump.md")) | {"titel": "x", "url": "https://example.org"}
    messages = " ".join(e.message for e in validator("contribution").iter_errors(bad))
    assert "titel" in messages
    assert list(
        validator("contribution").iter_errors(as_json(front("content/repair/drain-pump.md")) | {"kind": "answer"})
    )


def test_rules_lists_and_explains():
    result = CliRunner().invoke(cli, ["rules"])
    assert result.exit_code == 0 and all(rule in result.output for rule in RULES)
    result = CliRunner().invoke(cli, ["rules", "rp104"])
    assert result.exit_code == 0
    assert "quote-value" in result.output and "How to fix" in result.output
    assert CliRunner().invoke(cli, ["rules", "RP999"]).exit_code == 2


def test_every_command_has_help():
    for name, command in cli.commands.items():
        assert command.help and len(command.help) > 40, name
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0


def test_readme_rule_table_matches_the_catalogue():
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    result = CliRunner().invoke(cli, ["rules", "--format", "markdown"])
    assert result.exit_code == 0
    table = result.output.strip()
    assert table in readme, "regenerate the README's rule table with `rallypoint rules --format markdown`"


def test_example_community_checks_clean():
    repo = Path(__file__).parent.parent
    result = CliRunner().invoke(cli, ["-C", str(repo), "check", "--format", "json"])
    report = json.loads(result.output)
    assert result.exit_code == 0
    assert report["diagnostics"] == []
    assert report["summary"]["files_checked"] >= 40


def test_example_community_is_real_content():
    from rallypoint.model.community import load_community

    c = load_community(Path(__file__).parent.parent).community
    assert len(c.purposes) >= 3 and all(p.goals for p in c.purposes.values())
    assert len(c.contributions) >= 30 and len(c.contributors) >= 6
    assert {x.kind for x in c.contributions.values()} == {
        "article",
        "post",
        "note",
        "bookmark",
        "idea",
        "question",
        "answer",
    }
    assert any(x.accepted for x in c.contributions.values())
    assert any(x.endorsed_by for x in c.contributions.values())
    assert any("[[" in x.body for x in c.contributions.values())
