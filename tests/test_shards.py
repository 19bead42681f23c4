"""Sharded builds: `build --shard K/N` in separate processes, then `merge`, make the site one `build` makes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import commit, tree_digest
from rallypoint.cli import cli
from rallypoint.site.build import build_site
from rallypoint.site.shards import MANIFEST, Shard

SHARDS = 3


def _cli(*args: str, cwd: Path) -> subprocess.Popen:
    command = [sys.executable, "-c", "from rallypoint.cli import main; main()", *args]
    return subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    process = _cli(*args, cwd=cwd)
    out, err = process.communicate(timeout=300)
    return subprocess.CompletedProcess(args, process.returncode, out, err)


@pytest.fixture(scope="module")
def parts(tmp_path_factory) -> tuple[Path, list[Path], Path]:
    """The small community built whole, and in three parts by three processes at once."""
    from conftest import community_files

    work = tmp_path_factory.mktemp("shards")
    root = work / "community"
    commit(root, community_files(), message="Start the community")
    whole = build_site(root, work / "whole", cache=False).site_dir
    folders = [work / f"part-{k}" for k in range(1, SHARDS + 1)]
    running = [
        _cli("build", "--shard", f"{k}/{SHARDS}", "--site-dir", str(folder), cwd=root)
        for k, folder in enumerate(folders, 1)
    ]
    for process in running:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    return root, folders, whole


def test_merged_parts_are_the_whole_site_byte_for_byte(parts, tmp_path):
    root, folders, whole = parts
    merged = _run("merge", *map(str, folders), "--site-dir", str(tmp_path / "site"), cwd=root)
    assert merged.returncode == 0, merged.stderr
    assert f"Merged {SHARDS} parts" in merged.stdout
    assert tree_digest(tmp_path / "site") == tree_digest(whole)


def test_each_part_has_its_own_pages_and_only_the_first_the_shared_files(parts):
    _, folders, whole = parts
    manifests = [json.loads((folder / MANIFEST).read_text()) for folder in folders]
    files = [set(m["files"]) for m in manifests]
    assert all(files), "every part has pages"
    assert not files[0] & files[1] and not files[1] & files[2] and not files[0] & files[2]
    assert set().union(*files) == set(tree_digest(whole))
    assert "sitemap.xml" in files[0] and "404.html" in files[0] and "report.json" in files[0]
    assert all(name.endswith("index.html") for name in files[1] | files[2])


def test_the_partition_is_stable_and_balanced():
    pages = [f"purpose-{p}/item-{i}/index.md" for p in range(5) for i in range(2000)]
    counts = [sum(Shard(k, 4).owns(src) for src in pages) for k in range(1, 5)]
    assert sum(counts) == len(pages) and min(counts) > 0.9 * len(pages) / 4
    assert all(sum(Shard(k, 4).owns(src) for k in range(1, 5)) == 1 for src in pages[:100])


def _merge(*args: str) -> object:
    return CliRunner().invoke(cli, ["merge", *args])


def test_merge_refuses_parts_that_do_not_make_one_site(parts, tmp_path):
    root, folders, _ = parts
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("the previous site")
    missing = _merge(str(folders[0]), str(folders[2]), "--site-dir", str(site))
    assert missing.exit_code == 1 and "shard 2/3 is missing" in missing.output
    twice = _merge(str(folders[0]), str(folders[0]), str(folders[1]), "--site-dir", str(site))
    assert twice.exit_code == 1 and "both shard 1/3" in twice.output
    stray = _merge(str(root), "--site-dir", str(site))
    assert stray.exit_code == 1 and MANIFEST in stray.output
    other = tmp_path / "other-commit"
    commit(
        root, {"content/cafes/second.md": "---\ntitle: Again\nkind: note\nauthors: [bob]\ndate: 2026-03-05\n---\nHi\n"}
    )
    rebuilt = _run("build", "--shard", f"2/{SHARDS}", "--site-dir", str(other), cwd=root)
    assert rebuilt.returncode == 0, rebuilt.stderr
    mixed = _merge(str(folders[0]), str(other), str(folders[2]), "--site-dir", str(site))
    assert mixed.exit_code == 1 and "another commit" in mixed.output
    assert "Traceback" not in missing.output + twice.output + stray.output + mixed.output
    assert (site / "index.html").read_text() == "the previous site", "a refused merge leaves the site alone"


def test_a_bad_shard_is_a_usage_error(parts):
    root = parts[0]
    for spec, message in (("0/3", "does not exist"), ("4/3", "does not exist"), ("two", "is not a shard")):
        result = CliRunner().invoke(cli, ["-C", str(root), "build", "--shard", spec])
        assert result.exit_code != 0 and message in result.output, result.output


def test_zensical_cannot_shard(parts):
    result = CliRunner().invoke(cli, ["-C", str(parts[0]), "build", "--engine", "zensical", "--shard", "1/2"])
    assert result.exit_code == 1 and "sharded builds need the material engine" in result.output


def test_build_shards_makes_the_publish_workflow_a_matrix_and_a_merge(tmp_path):
    import dataclasses

    from conftest import write_community
    from rallypoint.model.community import load_community
    from rallypoint.workflow.workflows import render_generated
    from workflow_checks import (
        assert_hardened,
        assert_valid_github_workflows,
        assert_zizmor_clean,
        load_workflow,
    )

    root = write_community(tmp_path / "community", {"community.yml": "name: Big\nbuild: {shards: 4}\n"})
    settings = load_community(root).community.settings
    assert settings.shards == 4
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    sharded = folder / "publish.yml"
    sharded.write_text(render_generated(settings)[".github/workflows/publish.yml"])
    single = folder / "single.yml"
    single.write_text(render_generated(dataclasses.replace(settings, shards=1))[".github/workflows/publish.yml"])
    for path in (sharded, single):
        assert_hardened(path)
    assert_zizmor_clean(folder, "--persona", "pedantic")
    assert_valid_github_workflows([sharded, single])
    jobs = load_workflow(sharded)["jobs"]
    assert list(jobs) == ["build", "merge", "deploy"]
    assert jobs["build"]["strategy"]["matrix"]["shard"] == [1, 2, 3, 4]
    runs = [step.get("run", "") for job in jobs.values() for step in job["steps"]]
    assert any('--shard "$SHARD/4"' in run for run in runs)
    assert any(run.startswith("rallypoint merge parts/site-part-* --site-dir site") for run in runs)
    assert jobs["merge"]["needs"] == "build" and jobs["deploy"]["needs"] == "merge"
    uses = [step.get("uses", "") for job in jobs.values() for step in job["steps"]]
    assert any(u.startswith("actions/cache@") for u in uses) and any(
        u.startswith("actions/download-artifact@") for u in uses
    )
    plain = load_workflow(single)["jobs"]
    assert list(plain) == ["build", "deploy"] and "strategy" not in plain["build"]
    assert any(step.get("with", {}).get("path") == ".rallypoint-cache" for step in plain["build"]["steps"])
