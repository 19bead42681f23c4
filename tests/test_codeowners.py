"""`rallypoint codeowners` and the pre-commit hooks this repository offers."""

from __future__ import annotations

import shlex
from pathlib import Path

import yaml
from click.testing import CliRunner

from conftest import BASE, REPO
from rallypoint.cli import cli
from rallypoint.workflow.codeowners import CodeownersUpdate, render_codeowners, update_codeowners


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["-C", str(root), "codeowners", *args])


def test_codeowners_is_written_from_the_charters(community):
    root = community({"contributors/alice.yml": "name: Alice Martin\ngithub: alice-m\nemails: [alice@example.org]\n"})
    assert run(root, "--check").exit_code == 1
    assert not (root / ".github/CODEOWNERS").exists()
    result = run(root)
    assert result.exit_code == 0 and "written" in result.output
    lines = [
        line for line in (root / ".github/CODEOWNERS").read_text().splitlines() if line and not line.startswith("#")
    ]
    assert lines == [
        "/community.yml @alice-m",
        "/.mailmap @alice-m",
        "/.github/ @alice-m",
        "/purposes/cafes.md @bobng",
        "/content/cafes/ @bobng",
        "/purposes/repair.md @alice-m @bobng",
        "/content/repair/ @alice-m @bobng",
    ]
    assert run(root, "--check").exit_code == 0


def test_a_maintainer_without_a_github_login_is_left_out_with_a_warning(community):
    """Alice's profile has no `github`: her handle is never taken for a login (github.com/alice is
    somebody else)."""
    root = community()
    result = CliRunner().invoke(cli, ["-C", str(root), "codeowners"])
    assert result.exit_code == 0, result.output
    text = (root / ".github/CODEOWNERS").read_text()
    assert "@alice" not in text
    assert "/purposes/repair.md @bobng" in text.splitlines()
    assert "/community.yml" in text.splitlines()  # no owner: GitHub asks nobody in particular
    assert "alice is left out of .github/CODEOWNERS: contributors/alice.yml has no `github` login" in result.stderr
    assert update_codeowners(root).left_out == ("alice",)


def test_check_fails_when_maintainers_change(community):
    root = community()
    assert run(root).exit_code == 0
    (root / "purposes/cafes.md").write_text(
        BASE["purposes/cafes.md"].replace("maintainers: [bob]", "maintainers: [alice]")
    )
    result = run(root, "--check")
    assert result.exit_code == 1 and "out of date" in result.output
    assert "@bobng" in (root / ".github/CODEOWNERS").read_text()


def test_codeowners_refuses_a_community_with_errors(community):
    root = community(
        {"purposes/cafes.md": BASE["purposes/cafes.md"].replace("maintainers: [bob]", "maintainers: [nobody]")}
    )
    result = run(root)
    assert result.exit_code == 1 and "RP202" in result.output
    assert not (root / ".github/CODEOWNERS").exists()


def test_the_command_writes_through_the_core(community):
    root = community()
    checked = update_codeowners(root, write=False)
    assert (checked.current, checked.written) == (False, False) and not checked.checked.errors
    assert not (root / ".github/CODEOWNERS").exists()
    update = update_codeowners(root / "content")
    assert (update.current, update.written) == (False, True)
    assert (root / ".github/CODEOWNERS").read_text() == render_codeowners(update.checked.community)
    assert update_codeowners(root) == CodeownersUpdate(
        update_codeowners(root).checked, current=True, left_out=("alice",)
    )
    result = run(root)
    assert result.exit_code == 0 and result.stdout == ".github/CODEOWNERS already up to date.\n"


def test_this_repository_codeowners_is_current():
    assert run(REPO, "--check").exit_code == 0


def test_pre_commit_hooks_run_real_commands():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())
    assert {h["id"] for h in hooks} == {"rallypoint-check", "rallypoint-codeowners"}
    for hook in hooks:
        assert hook["language"] == "python" and hook["pass_filenames"] is False
        program, *args = shlex.split(hook["entry"])
        assert program == "rallypoint"
        assert CliRunner().invoke(cli, ["-C", str(REPO), *args]).exit_code == 0
