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


def test_a_version_tag_builds_tests_publishes_and_releases():
    workflow = load_workflow(REPO / ".github/workflows/release.yml")
    assert workflow["on"] == {"push": {"tags": ["v*"]}}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    jobs = workflow["jobs"]
    assert list(jobs) == ["build", "test", "publish", "release"]
    assert (jobs["test"]["needs"], jobs["publish"]["needs"], jobs["release"]["needs"]) == (
        "build",
        ["build", "test"],
        "publish",
    )
    build = [s.get("run", "") for s in jobs["build"]["steps"]]
    assert any(r.startswith('mkdir notes\npython tooling/release_notes.py "$TAG"') for r in build)
    assert any("python -m build\n" in r and "twine check --strict dist/*" in r for r in build)
    assert any('"dist/rallypoint-${TAG#v}-py3-none-any.whl"' in r for r in build)

    # The wheel, not the source tree, is what each platform tests, with dependencies from PyPI.
    assert jobs["test"]["strategy"]["matrix"]["os"] == ["ubuntu-latest", "macos-latest", "windows-latest"]
    assert not any(s.get("uses", "").startswith("actions/checkout@") for s in jobs["test"]["steps"])
    runs = "\n".join(s.get("run", "") for s in jobs["test"]["steps"])
    assert "pip install --quiet dist/*.whl" in runs
    for command in ("rallypoint init demo", "rallypoint -C demo check", "rallypoint -C demo build --strict"):
        assert command in runs

    # Trusted publishing: the OIDC token on the publishing job only, in the `pypi` environment.
    publish = jobs["publish"]
    assert publish["permissions"] == {"id-token": "write"} and publish["environment"]["name"] == "pypi"
    assert [s["uses"].split("@")[0] for s in publish["steps"]] == [
        "actions/download-artifact",
        "pypa/gh-action-pypi-publish",
    ]
    assert "with" not in publish["steps"][-1]  # no password or token: PyPI trusts the workflow
    assert all("id-token" not in (job.get("permissions") or {}) for name, job in jobs.items() if name != "publish")
    assert jobs["release"]["permissions"] == {"contents": "write"}
    (create,) = [s for s in jobs["release"]["steps"] if "run" in s]
    assert "gh release create" in create["run"] and "--notes-file notes/release-notes.md" in create["run"]
    assert create["env"] == {"GH_TOKEN": "${{ github.token }}", "TAG": "${{ github.ref_name }}"}


def test_the_release_passes_zizmor_pedantic():
    assert_zizmor_clean(REPO / ".github/workflows/release.yml", "--persona", "pedantic")
