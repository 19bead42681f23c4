"""This repository's GitHub Actions workflows are hardened, valid, and pass zizmor."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
BIN = Path(sys.executable).parent


def load(path: Path) -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); the workflow means the string "on".
    data = yaml.safe_load(path.read_text())
    data["on"] = data.pop(True, data.get("on"))
    return data


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_is_hardened(path):
    workflow = load(path)
    text = path.read_text()
    assert "pull_request_target" not in workflow["on"] and "workflow_run" not in workflow["on"]
    assert workflow["permissions"] in ({}, "read-all", {"contents": "read"})
    for step in steps(workflow):
        if "uses" in step:
            assert PINNED.match(step["uses"]), step["uses"]
            line = next(l for l in text.splitlines() if step["uses"] in l)
            assert re.search(r"# v\d+(\.\d+)*$", line), line
            if step["uses"].startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
                assert step["with"]["fetch-depth"] == 0
        if "run" in step:
            assert "github.event" not in step["run"] and "github.head_ref" not in step["run"], step["run"]
            assert "${{" not in step["run"], step["run"]


def test_pull_requests_are_checked_built_and_tested():
    workflow = load(REPO / ".github/workflows/check.yml")
    assert list(workflow["on"]) == ["pull_request"]
    runs = [s["run"] for s in steps(workflow) if "run" in s]
    assert any(r.startswith("rallypoint check --format github") for r in runs)
    assert any(r.startswith("rallypoint build --strict") for r in runs)
    assert any(r.startswith("rallypoint review --base") and r.endswith('>> "$GITHUB_STEP_SUMMARY"') for r in runs)
    assert "bash .ci/run" in runs


def test_publishing_deploys_pages_with_least_privilege():
    workflow = load(REPO / ".github/workflows/publish.yml")
    assert workflow["on"] == {"push": {"branches": ["main"]}}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read"}
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in build["steps"])
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def test_zizmor_finds_nothing():
    run = subprocess.run([str(BIN / "zizmor"), "--offline", "--no-progress", str(REPO / ".github/workflows")],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No findings" in run.stdout + run.stderr


def test_workflows_match_githubs_schema():
    run = subprocess.run([str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                          *map(str, WORKFLOWS)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
