"""Checks shared by the tests of this repository's workflows and of the ones `init` writes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
ACTIONS = {
    "actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683": "v4.2.2",
    "actions/setup-python@0b93645e9fea7318ecaed2b359559ac225c90a2b": "v5.3.0",
    "actions/upload-pages-artifact@56afc609e74202658d3ffba0e8f6dda462b719fa": "v3.0.1",
    "actions/deploy-pages@d6db90164ac5ed86f2b6aed7e0febac5b3c0c03e": "v4.0.5",
    "actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b": "v5.0.0",
    "actions/upload-artifact@ea165f8d65b6e75b540449e92b4886f43607fa02": "v4.6.2",
    "actions/download-artifact@d3f86a106a0bac45b974a628896c90dbdf5c8093": "v4.3.0",
    "actions/cache@0057852bfaa89a56745cba8c7296529d2fc39830": "v4.3.0",
    "pypa/gh-action-pypi-publish@76f52bc884231f62b9a034ebfe128415bbaabdfc": "v1.12.4",
}


def load_workflow(path: Path) -> dict:
    data = yaml.safe_load(path.read_text())
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def assert_hardened(path: Path) -> dict:
    """No risky triggers, empty top-level permissions, pinned actions, nothing untrusted in run:."""
    workflow, text = load_workflow(path), path.read_text()
    assert "pull_request_target" not in workflow["on"] and "workflow_run" not in workflow["on"]
    assert workflow["permissions"] == {}
    for step in steps(workflow):
        if "uses" in step:
            assert PINNED.match(step["uses"]) and step["uses"] in ACTIONS, step["uses"]
            line = next(row for row in text.splitlines() if step["uses"] in row)
            assert line.endswith(f"# {ACTIONS[step['uses']]}"), line
            if step["uses"].startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False
                if "sparse-checkout" not in step["with"]:  # a sparse one fetches a file, not the history
                    assert step["with"]["fetch-depth"] == 0
        if "run" in step:
            assert "${{" not in step["run"] and "github.event" not in step["run"], step["run"]
            assert "github.head_ref" not in step["run"], step["run"]
    return workflow


def assert_publishes_pages(workflow: dict) -> None:
    """Build on push to main, deploy with the Pages permissions on the deploy job only."""
    assert workflow["on"] == {"push": {"branches": ["main"]}}
    assert workflow["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    # pages: read lets actions/configure-pages say where the site is published.
    assert build["permissions"] in ({"contents": "read"}, {"contents": "read", "pages": "read"})
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert any(s.get("run", "").startswith("rallypoint build --strict") for s in build["steps"])
    assert any(s.get("uses", "").startswith("actions/upload-pages-artifact@") for s in build["steps"])
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


def assert_zizmor_clean(folder: Path, *extra: str) -> None:
    run = subprocess.run(
        [str(BIN / "zizmor"), "--offline", "--no-progress", *extra, str(folder)], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "No findings" in run.stdout + run.stderr


def assert_valid_github_workflows(paths: list[Path]) -> None:
    run = subprocess.run(
        [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *map(str, paths)],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
