"""Upgrading a community: `requires` in community.yml, and `rallypoint workflows` keeping the
generated workflows, Dependabot settings and rallypoint pin in step with the installed release."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from packaging.specifiers import SpecifierSet

from conftest import BASE
from rallypoint import __version__
from rallypoint.cli import cli
from rallypoint.model import community as community_module
from rallypoint.model.community import load_community
from rallypoint.model.fields import VERSION_RANGE
from rallypoint.workflow import workflows as generated
from rallypoint.workflow.init import StarterAnswers, create_community
from rallypoint.workflow.workflows import compatible_releases, render_generated, update_workflows
from workflow_checks import assert_valid_github_workflows, assert_zizmor_clean

CHECK = ".github/workflows/check.yml"
PUBLISH = ".github/workflows/publish.yml"
PIN = ".github/requirements.txt"
CHECKOUT = "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2"


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)


def requiring(spec: str) -> dict[str, str]:
    return {"community.yml": BASE["community.yml"] + f'requires: "{spec}"\n'}


@pytest.fixture
def started(tmp_path) -> Path:
    root = tmp_path / "menders"
    create_community(root, StarterAnswers("Menders", "Mend jumpers", "ines", "Inès", "ines@example.org"))
    return root


# requires


@pytest.mark.parametrize(
    "installed, spec, matches",
    [
        ("0.4.1", ">=0.3,<0.5", True),
        ("0.5.0", ">=0.3,<0.5", False),
        ("0.2.9", ">=0.3,<0.5", False),
        ("0.4.0rc1", ">=0.3,<0.5", True),  # a release candidate of an allowed release is allowed
        ("1.2.0", "~=1.1", True),
        ("1.2.0", "==1.1.*", False),
    ],
)
def test_requires_is_compared_with_the_installed_release(community, monkeypatch, installed, spec, matches):
    monkeypatch.setattr(community_module, "__version__", installed)
    found = [x for x in load_community(community(requiring(spec))).diagnostics if x.rule == "RP601"]
    assert not found if matches else [(x.line, x.column, x.key_path) for x in found] == [(6, 11, "requires")]
    if not matches:
        assert f"requires rallypoint {spec}, but {installed} is installed" in found[0].message
        assert found[0].fix == f'pip install "rallypoint{spec}"'


def test_a_mismatch_is_reported_before_any_other_problem_in_every_format(community):
    root = community(
        {
            # An unknown key on line 1 sorts before `requires` on line 7, and a wrong author after it.
            "community.yml": "colour: blue\n" + requiring("<0.1")["community.yml"],
            "content/repair/drain-pump.md": BASE["content/repair/drain-pump.md"].replace("[alice]", "[nobody]"),
        }
    )
    text = run(root, "check")
    assert text.exit_code == 1
    lines = [line for line in text.output.splitlines() if re.search(r"RP\d{3}", line)]
    assert "RP601" in lines[0] and "RP101" in lines[1] and "RP202" in lines[2], text.output
    payload = json.loads(run(root, "check", "--format", "json").output)
    assert [d["rule"] for d in payload["diagnostics"]] == ["RP601", "RP101", "RP202"]
    assert "title=RP601" in run(root, "check", "--format", "github").output.splitlines()[0]
    # Asking about one file still names the version, which may explain that file's problems.
    one = json.loads(run(root, "check", "--format", "json", str(root / "content/repair/drain-pump.md")).output)
    assert one["diagnostics"][0]["rule"] == "RP601"
    assert {d["path"] for d in one["diagnostics"]} == {"community.yml", "content/repair/drain-pump.md"}


@pytest.mark.parametrize(
    "written, hint",
    [
        ('"0.3"', '`requires: ">=0.3"`'),
        ("0.3", '`requires: ">=0.3"`'),  # a YAML number: the same advice, not "quote it"
        ('"v1.2+"', '`requires: ">=1.2"`'),
        ('">=0.3;<0.5"', '`requires: ">=0.3,<0.5"`'),
        ('"<=1.*"', "in quotes"),
    ],
)
def test_an_unreadable_range_says_how_to_write_one(community, written, hint):
    root = community({"community.yml": BASE["community.yml"] + f"requires: {written}\n"})
    (found,) = load_community(root).diagnostics
    assert (found.rule, found.line, found.column) == ("RP602", 6, 11)
    assert hint in found.message


@settings(max_examples=50, deadline=None)
@given(st.from_regex(VERSION_RANGE, fullmatch=True))
def test_every_range_the_check_accepts_is_one_packaging_reads(text):
    SpecifierSet(text)


def test_compatible_releases_stop_before_the_next_breaking_one():
    assert compatible_releases("0.1.0") == ">=0.1,<0.2"
    assert compatible_releases("0.3.2") == ">=0.3,<0.4"
    assert compatible_releases("1.4.0") == ">=1.4,<2"
    assert compatible_releases("2") == ">=2.0,<3"
    assert SpecifierSet(compatible_releases(__version__)).contains(__version__, prereleases=True)


def test_init_requires_the_releases_compatible_with_its_own(started):
    settings = yaml.safe_load((started / "community.yml").read_text())
    assert settings["requires"] == compatible_releases(__version__)
    assert not load_community(started).diagnostics


# rallypoint workflows


def test_init_writes_what_workflows_check_finds_current(started):
    expected = render_generated(load_community(started).community.settings)
    assert set(expected) == {PIN, CHECK, PUBLISH, ".github/dependabot.yml"}
    assert all((started / path).read_text() == text for path, text in expected.items())
    result = run(started, "workflows", "--check")
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split() == [PIN, "pins", "rallypoint", __version__]
    assert [line.split()[0] for line in result.output.splitlines()] == [PIN, CHECK, PUBLISH, ".github/dependabot.yml"]
    assert (started / PIN).read_text().endswith(f"\nrallypoint=={__version__}\n")


def test_dependabot_settings_are_valid_and_keep_actions_and_the_pin_current(started):
    dependabot = yaml.safe_load((started / ".github/dependabot.yml").read_text())
    updates = {u["package-ecosystem"]: u for u in dependabot["updates"]}
    assert updates["github-actions"]["directory"] == "/" and updates["pip"]["directory"] == "/.github"
    assert all(u["cooldown"]["default-days"] >= 7 for u in updates.values())
    assert_zizmor_clean(started / ".github", "--persona", "pedantic")
    assert_valid_github_workflows([started / CHECK, started / PUBLISH])


def _as_an_older_release_wrote_it(root: Path) -> None:
    """check.yml without its last step but with an intact header, and an older pin."""
    text = (root / CHECK).read_text()
    body = text.split("\n", 2)[2]
    older = body[: body.index("      - name: Workflows match the pinned rallypoint")]
    (root / CHECK).write_text(generated._with_header(older))
    (root / PIN).write_text((root / PIN).read_text().replace(__version__, "0.0.9") + "mkdocs-redirects==1.2.1\n")


def test_an_upgrade_rewrites_the_generated_files_and_keeps_the_communitys_extra_pins(started):
    _as_an_older_release_wrote_it(started)
    check = run(started, "workflows", "--check")
    assert check.exit_code == 1
    assert f"pins rallypoint 0.0.9, not the installed {__version__}" in check.output
    assert re.search(rf"^{CHECK} +out of date for rallypoint {re.escape(__version__)}$", check.output, re.M)
    assert "Run `rallypoint workflows`" in check.output

    written = run(started, "workflows")
    assert written.exit_code == 0, written.output
    assert (
        f"rallypoint 0.0.9 → {__version__}" in written.output
        and f"updated for rallypoint {__version__}" in written.output
    )
    assert "rallypoint workflows --check" in (started / CHECK).read_text()
    assert (started / PIN).read_text().endswith(f"rallypoint=={__version__}\nmkdocs-redirects==1.2.1\n")
    assert run(started, "workflows", "--check").exit_code == 0


def test_actions_that_dependabot_moved_forward_are_neither_edits_nor_undone(started):
    text = (started / CHECK).read_text()
    newer = "actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0"
    (started / CHECK).write_text(text.replace(CHECKOUT, newer))
    assert run(started, "workflows", "--check").exit_code == 0  # a pin is not an edit

    _as_an_older_release_wrote_it(started)
    (started / CHECK).write_text((started / CHECK).read_text().replace(CHECKOUT, newer))
    assert run(started, "workflows").exit_code == 0
    rewritten = (started / CHECK).read_text()
    assert newer in rewritten and CHECKOUT not in rewritten and "workflows --check" in rewritten

    older = "actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11 # v4.1.1"
    (started / CHECK).write_text(rewritten.replace(newer, older).replace("  - name: Workflows", "  - name: Old"))
    (started / CHECK).write_text(generated._with_header((started / CHECK).read_text().split("\n", 2)[2]))
    assert run(started, "workflows").exit_code == 0
    assert CHECKOUT in (started / CHECK).read_text()  # an older pin gives way to this release's


def test_a_file_edited_by_hand_is_left_alone_until_forced(started):
    edited = (started / PUBLISH).read_text().replace("--site-dir site", "--site-dir site --strict")
    (started / PUBLISH).write_text(edited)
    (started / ".github/dependabot.yml").write_text("version: 2\nupdates: []\n")  # no header: theirs
    _as_an_older_release_wrote_it(started)

    check = run(started, "workflows", "--check")
    assert check.output.count("edited by hand: left alone") == 2 and check.exit_code == 1  # check.yml is stale
    assert run(started, "workflows").exit_code == 0
    assert (started / PUBLISH).read_text() == edited
    assert (started / ".github/dependabot.yml").read_text() == "version: 2\nupdates: []\n"
    assert run(started, "workflows", "--check").exit_code == 0  # what is theirs is theirs

    forced = run(started, "workflows", "--force")
    assert forced.exit_code == 0 and forced.output.count("replaced: the changes made by hand are gone") == 2
    assert "edited by hand" not in run(started, "workflows", "--check").output


def test_a_pin_to_a_later_release_is_not_undone_without_force(started):
    before = {p: (started / p).read_text() for p in (CHECK, PUBLISH)}
    (started / PIN).write_text((started / PIN).read_text().replace(__version__, "99.0.0"))
    (started / CHECK).write_text(generated._with_header("name: from a later release\n"))
    result = run(started, "workflows")
    assert result.exit_code == 1
    assert f"pins rallypoint 99.0.0, later than the installed {__version__}" in result.output
    assert 'pip install "rallypoint==99.0.0"' in result.output and "Nothing was written." in result.output
    assert (started / CHECK).read_text() == generated._with_header("name: from a later release\n")
    back = run(started, "workflows", "--force")
    assert back.exit_code == 0 and f"rallypoint 99.0.0 → {__version__}" in back.output
    assert (started / CHECK).read_text() == before[CHECK] and f"rallypoint=={__version__}" in (
        started / PIN
    ).read_text()


def test_windows_line_ends_are_not_edits(started):
    for path in (CHECK, PIN):
        (started / path).write_bytes((started / path).read_bytes().replace(b"\n", b"\r\n"))
    assert run(started, "workflows", "--check").exit_code == 0


def test_errors_in_community_yml_stop_it_and_nothing_is_written(started):
    _as_an_older_release_wrote_it(started)
    settings = (started / "community.yml").read_text()
    (started / "community.yml").write_text(re.sub(r"requires: .*", 'requires: "<0.1"', settings))
    before = (started / CHECK).read_text()
    result = run(started, "workflows")
    assert result.exit_code == 1 and "RP601" in result.output
    assert (started / CHECK).read_text() == before

    (started / "community.yml").write_text(settings)  # a problem elsewhere does not matter here
    (started / "content/mend-jumpers/welcome.md").write_text("no front matter\n")
    assert update_workflows(started).ok
