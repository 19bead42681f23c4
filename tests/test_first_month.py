"""A new community's first month: what its generated CI does with wanted pages, and who people are."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from rallypoint.cli import cli

WANTING = (
    "---\ntitle: Darning socks\nkind: article\nauthors: [ines]\ndate: 2026-03-01\n---\n"
    "Start with [[choosing-wool]], which nobody has written yet.\n"
)


def _build_commands(workflow: Path) -> list[str]:
    """The `run:` text of every step of a workflow that builds the site."""
    jobs = yaml.safe_load(workflow.read_text())["jobs"].values()
    return [step["run"] for job in jobs for step in job["steps"] if "rallypoint build" in step.get("run", "")]


@pytest.fixture
def new_community(tmp_path, git_config) -> Path:
    root = tmp_path / "menders"
    options = ["--name", "Menders", "--purpose-title", "Mend every jumper", "--handle", "ines"]
    result = CliRunner().invoke(cli, ["init", str(root), *options, "--email", "ines@example.org", "--git"])
    assert result.exit_code == 0, result.output
    (root / "content/mend-every-jumper/darning-socks.md").write_text(WANTING, encoding="utf-8")
    return root


@pytest.mark.parametrize("workflow", ["check.yml", "publish.yml"])
def test_the_generated_workflows_build_a_community_with_a_wanted_page(new_community, tmp_path, workflow):
    """The exact build command that init's workflows run stays green on a wanted page."""
    commands = _build_commands(new_community / ".github/workflows" / workflow)
    assert commands, f"{workflow} has no build step"
    env = {**os.environ, "RUNNER_TEMP": str(tmp_path / "runner"), "CI": "true"}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    for command in commands:
        assert "${{" not in command, "a build step must take GitHub expressions through env:"
        done = subprocess.run(["bash", "-c", command], cwd=new_community, env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
        notices = [line for line in done.stdout.splitlines() if line.startswith("::notice ")]
        assert len(notices) == 1 and "title=RP303 wanted-page" in notices[0]
        assert "::error" not in done.stdout and "::warning" not in done.stdout


def test_task_lists_render_as_checkboxes_nobody_can_tick(community, tmp_path):
    from bs4 import BeautifulSoup

    from rallypoint.site.build import build_site

    body = (
        "- [x] unplug it\n- [ ] drain it\n\n<input type='text' value='phish'> <input type=checkbox onclick=alert(1)>\n"
    )
    page = "---\ntitle: Steps\nkind: note\nauthors: [bob]\ndate: 2026-03-01\n---\n" + body
    root = community({"content/cafes/steps.md": page})
    assert build_site(root, tmp_path / "site").site_dir
    html = BeautifulSoup((tmp_path / "site/cafes/steps/index.html").read_text(), "html.parser")
    boxes = html.select("article .rp-body input")
    assert [(b.get("type"), b.has_attr("disabled"), b.has_attr("checked")) for b in boxes] == [
        ("checkbox", True, True),
        ("checkbox", True, False),
        ("checkbox", True, False),  # the hand-written checkbox, without its handler
    ]
    assert all(set(b.attrs) <= {"type", "disabled", "checked", "aria-label"} for b in boxes)
    # A screen reader hears each box's state by name (axe's `label` rule).
    assert [b.get("aria-label") for b in boxes] == ["done", "to do", "to do"]
    assert [li.get_text(strip=True) for li in html.select("ul.task-list > li.task-list-item")] == [
        "unplug it",
        "drain it",
    ]
