"""Hostile pull requests: resource exhaustion, repository escapes, and the promises SECURITY.md makes."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import git
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import BASE, commit, tree_digest
from rallypoint.cli import cli
from rallypoint.site.build import build_site

NOTE = "---\ntitle: {title}\nkind: note\nauthors: [alice]\ndate: 2026-03-01\n---\n"


def test_the_render_guard_leaves_a_sampling_profilers_timer_running():
    """The guard counts CPU time with ITIMER_PROF; where a profiler samples with it, the guard
    takes the clock's timer instead and the profiler keeps sampling."""
    from rallypoint.site.bodies import _TooSlow, _within

    samples: list[int] = []
    previous = signal.signal(signal.SIGPROF, lambda *_: samples.append(1))
    signal.setitimer(signal.ITIMER_PROF, 0.005, 0.005)
    try:
        assert _within(5.0, lambda: sum(range(200_000))) == sum(range(200_000))
        with pytest.raises(_TooSlow):
            _within(0.1, lambda: time.sleep(2))
        assert signal.getitimer(signal.ITIMER_PROF)[1] == pytest.approx(0.005)
        before = len(samples)
        sum(range(3_000_000))
        assert len(samples) > before
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


def test_a_pathological_page_is_stopped_named_and_the_rest_builds(community, tmp_path):
    root = community(
        {
            "content/cafes/brackets.md": NOTE.format(title="Brackets") + "[" * 8000 + "\n",
            "content/cafes/lists.md": NOTE.format(title="Lists") + "1. " * 800 + "\n",
            "content/cafes/quotes.md": NOTE.format(title="Quotes") + "> " * 1000 + "x\n",
        }
    )
    result = build_site(root, tmp_path / "site")
    assert result.site_dir, result.diagnostics
    guarded = {x.path: x for x in result.diagnostics if x.rule == "RP402"}
    assert set(guarded) == {"content/cafes/brackets.md", "content/cafes/lists.md"}
    assert "longer than" in guarded["content/cafes/brackets.md"].message
    assert "nested too deeply" in guarded["content/cafes/lists.md"].message
    page = BeautifulSoup((tmp_path / "site/cafes/brackets/index.html").read_text(), "html.parser")
    assert page.select_one(".rp-body pre.rp-unrendered").get_text().startswith("[[[[")
    normal = BeautifulSoup((tmp_path / "site/repair/drain-pump/index.html").read_text(), "html.parser")
    assert normal.select_one(".rp-body a.rp-wikilink")
    strict = build_site(root, tmp_path / "strict", strict=True)
    assert strict.site_dir is None and any(x.rule == "RP402" and x.severity == "error" for x in strict.diagnostics)


@pytest.mark.parametrize(
    "content, rule",
    [
        ("---\ntitle: " + "x" * 300_000 + "\n---\n", "RP001"),
        (b"x" * 50_000_000, "RP001"),
        (b"\x00\x01binary\xff" * 1000, "RP003"),
        (b"---\ntitle: caf\xe9\n---\n", "RP002"),
        (
            "---\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n---\n",
            "RP009",
        ),
        ("---\ntitle: " + "[" * 8000 + "\n---\n", "RP006"),
        ("---\ntags: [" + ", ".join(f"t{i}" for i in range(20_000)) + "]\n---\n", "RP107"),
        ("---\ntitle: T\n", "RP005"),
        ("---\n---\n", "RP007"),
        ("", "RP019"),
    ],
)
def test_hostile_files_end_in_a_diagnostic_not_a_traceback(community, content, rule):
    root = community(
        {
            "content/repair/hostile.md": content,
            "community.yml": BASE["community.yml"] + "limits: {max_file_bytes: 262144}\n",
        }
    )
    if rule == "RP107":
        (root / "community.yml").write_text(BASE["community.yml"] + "limits: {max_file_bytes: 1000000}\n")
    result = CliRunner().invoke(cli, ["-C", str(root), "check", "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 1
    assert rule in result.output


def test_escapes_are_refused(community, tmp_path):
    outside = tmp_path / "secret.md"
    outside.write_text("---\ntitle: secret\n---\n")
    root = community(
        {
            "content/repair/shot.md": NOTE.format(title="Shots") + "![x](../../../../etc/passwd.png) ![y](/etc/x.png) "
            "![z](C:\\\\Windows\\\\x.png)\n",
            "content/repair/links.md": NOTE.format(title="Links") + "[[../../etc/passwd]] [[cafes/../repair/x]]\n",
        }
    )
    os.symlink(outside, root / "content/repair/escape.md")
    os.symlink("/proc/self", root / "contributors/proc")
    result = build_site(root, tmp_path / "site")
    rules = {(x.path, x.rule) for x in result.diagnostics}
    assert ("content/repair/escape.md", "RP014") in rules and ("contributors/proc", "RP014") in rules
    assert [x.column for x in result.diagnostics if x.rule == "RP301"] == [1, 22]
    assert result.site_dir is None
    for made in ("content/repair/escape.md", "contributors/proc", "content/repair/links.md"):
        (root / made).unlink()
    result = build_site(root, tmp_path / "site")
    assert result.diagnostics == ()
    page = BeautifulSoup((tmp_path / "site/repair/shot/index.html").read_text(), "html.parser")
    assert [img.get("src") for img in page.select(".rp-body img")] == [None, None, None]
    assert not list((tmp_path / "site").rglob("passwd*"))


def test_no_command_but_new_and_init_changes_a_tracked_file(git_community):
    root = git_community({".gitignore": "site/\n"})
    repo = git.Repo(root)
    repo.git.checkout("-q", "-b", "change")
    commit(repo, {"content/repair/drain-pump.md": BASE["content/repair/drain-pump.md"] + "More.\n"}, message="edit")
    commands = [
        (["check"], 0),
        (["check", "--format", "json"], 0),
        (["check", "--format", "github"], 0),
        (["schema"], 0),
        (["rules"], 0),
        (["build"], 0),
        (["build", "--strict"], 0),
        (["review", "--base", "main"], 0),
        (["codeowners", "--check"], 1),  # there is no CODEOWNERS yet, and --check must not write one
        (["new", "note", "--purpose", "nowhere", "--no-input"], 2),
    ]
    for command, code in commands:
        result = CliRunner().invoke(cli, ["-C", str(root), *command])
        assert result.exit_code == code, (command, result.output)
        assert repo.git.status("--porcelain") == "", command


def _freeze_while_writing_pages(build: subprocess.Popen, site: Path, log: Path) -> int:
    """Wait until the build's temporary folder holds its first pages, then stop the build where it
    is (SIGSTOP, so the count is exact) and return how many pages that folder holds."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        written = list(site.parent.glob(f".{site.name}.build-*/site/**/index.html"))
        if written:
            os.killpg(build.pid, signal.SIGSTOP)
            return len(list(site.parent.glob(f".{site.name}.build-*/site/**/index.html")))
        if build.poll() is not None:
            raise AssertionError(
                f"the build ended (exit {build.returncode}) before any page was written: {log.read_text()}"
            )
        time.sleep(0.005)
    raise AssertionError(f"no page was written within two minutes: {log.read_text()}")


def test_a_killed_build_leaves_the_previous_site(tmp_path):
    from synthetic import generate_community

    root = tmp_path / "c"
    generate_community(root, contributions=600, contributors=30, seed=5)
    site = tmp_path / "site"
    assert build_site(root, site).site_dir
    before = tree_digest(site)
    pages = sum(1 for path in before if path.endswith("index.html"))
    rallypoint = Path(sys.executable).parent / "rallypoint"
    log = tmp_path / "build.log"
    with log.open("wb") as stderr:
        build = subprocess.Popen(
            [str(rallypoint), "-C", str(root), "build", "--site-dir", str(site)],
            stdout=subprocess.DEVNULL,
            stderr=stderr,
            start_new_session=True,
        )
    try:
        written = _freeze_while_writing_pages(build, site, log)
    finally:
        with contextlib.suppress(ProcessLookupError):  # the build may already have ended on its own
            os.killpg(build.pid, signal.SIGKILL)
        build.wait()
    assert 0 < written < pages, f"the kill should land while pages are written: {written} of {pages}"
    assert tree_digest(site) == before
