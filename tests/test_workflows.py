"""This repository's GitHub Actions workflows are hardened, valid, and pass zizmor."""

from __future__ import annotations

import pytest

from conftest import REPO
from workflow_checks import (
    assert_hardened,
    assert_publishes_pages,
    assert_valid_github_workflows,
    assert_zizmor_clean,
    load_workflow,
    steps,
)

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


@pytest.mark.parametrize("path", WORKFLOWS, ids=[p.name for p in WORKFLOWS])
def test_workflow_is_hardened(path):
    assert_hardened(path)


def test_pull_requests_are_checked_reviewed_built_and_tested():
    workflow = load_workflow(REPO / ".github/workflows/check.yml")
    assert list(workflow["on"]) == ["pull_request"]
    runs = [s["run"] for s in steps(workflow) if "run" in s]
    assert any(r.startswith("rallypoint check --format github") for r in runs)
    assert any(r.startswith("rallypoint build --strict") for r in runs)
    assert any(r.startswith("rallypoint review --base") and r.endswith('>> "$GITHUB_STEP_SUMMARY"') for r in runs)
    assert "bash .ci/run" in runs


def test_publishing_deploys_pages_with_least_privilege():
    assert_publishes_pages(load_workflow(REPO / ".github/workflows/publish.yml"))


def test_zizmor_finds_nothing():
    assert_zizmor_clean(REPO / ".github/workflows")


def test_workflows_match_githubs_schema():
    assert_valid_github_workflows(WORKFLOWS)
