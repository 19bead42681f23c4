"""Incremental builds: a build that reuses .rallypoint-cache/ makes, byte for byte, the site a
cold build of the same files makes, after each kind of edit, and whatever state the cache is in."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

import pytest

from conftest import BASE, commit, tree_digest
from rallypoint.site.build import BuildError, build_site
from rallypoint.site.cache import CACHE_DIR, LastBuild
from rallypoint.site.engines import NAV

DEFAULT_MAIN = Path(__file__).parents[1] / "site_templates" / "overrides" / "main.html"


def _warm_and_cold(root: Path, out: Path, name: str):
    """Build with the cache and without it; both sites' digests, and the warm build's result."""
    warm = build_site(root, out / f"{name}-warm")
    assert warm.site_dir, warm.diagnostics
    cold = build_site(root, out / f"{name}-cold", cache=False)
    assert cold.site_dir, cold.diagnostics
    return tree_digest(warm.site_dir), tree_digest(cold.site_dir), warm


def _backdate(root: Path, seconds: float = 60) -> None:
    """Make every input file older than the racy window, as a checkout is by the next build."""
    when = time.time() - seconds
    for path in root.rglob("*"):
        if ".git" not in path.parts and CACHE_DIR not in path.parts:
            os.utime(path, (when, when), follow_symlinks=False)


EDITS = {
    # Two kinds of edit a round, each round checked against a cold build (keeps the test short).
    "a body and a tag": {
        "content/repair/drain-pump.md": BASE["content/repair/drain-pump.md"].replace("Unplug", "Switch off"),
        "content/cafes/first-cafe.md": BASE["content/cafes/first-cafe.md"].replace("date:", "tags: [events]\ndate:"),
    },
    "a linked title and a profile": {
        "content/repair/why-noisy.md": BASE["content/repair/why-noisy.md"].replace(
            "Why is my pump noisy?", "Why does my pump hum?"
        ),
        "contributors/alice.yml": "name: Alice Martín\nemails: [alice@example.org]\nbio: Fixes pumps.\n",
    },
    "a template and community.yml": {
        "site_templates/overrides/main.html": DEFAULT_MAIN.read_text() + "\n{# a community's own chrome #}\n",
        "community.yml": BASE["community.yml"].replace("fix things together", "mend things together"),
    },
}


def test_each_kind_of_edit_rebuilds_what_a_cold_build_makes(git_community, tmp_path):
    root = git_community()
    first = build_site(root, tmp_path / "first")
    assert first.site_dir and first.reused == 0
    again = build_site(root, tmp_path / "again")
    assert again.reused == again.pages - len(NAV), "a second build renders only the nav's pages anew"
    assert tree_digest(again.site_dir) == tree_digest(first.site_dir)
    for name, files in EDITS.items():
        commit(root, files, message=f"Edit {name}")
        warm, cold, result = _warm_and_cold(root, tmp_path, name.replace(" ", "-"))
        assert warm == cold, f"after an edit of {name}, the cached build differs from a cold one"
        if name == "a body and a tag":
            assert 0 < result.reused < result.pages, "an edit reuses the pages it does not touch"


def test_an_uncommitted_edit_is_seen(git_community, tmp_path):
    root = git_community()
    build_site(root, tmp_path / "before")
    path = root / "content/repair/noisy-answer.md"
    path.write_text(path.read_text().replace("Look for coins.", "Look for coins and buttons."))
    warm, cold, _ = _warm_and_cold(root, tmp_path, "edited")
    assert warm == cold
    page = (tmp_path / "edited-warm/repair/noisy-answer/index.html").read_text()
    assert "coins and buttons" in page


def test_nothing_changed_reuses_the_last_build_until_its_site_is_touched(git_community, tmp_path):
    root = git_community()
    _backdate(root)
    site = tmp_path / "site"
    first = build_site(root, site)
    assert (root / CACHE_DIR / "last-build.json").is_file()
    digest = tree_digest(site)
    inode = (site / "index.html").stat().st_ino
    same = build_site(root, site)
    assert same.reused == same.pages == first.pages
    assert same.diagnostics == first.diagnostics and same.size == first.size
    assert (site / "index.html").stat().st_ino == inode, "nothing was rewritten"
    (site / "index.html").unlink()
    rebuilt = build_site(root, site)
    assert tree_digest(site) == digest and rebuilt.pages == first.pages
    path = root / "content/cafes/first-cafe.md"
    path.write_text(path.read_text().replace("went well", "went very well"))
    os.utime(path, (time.time() - 30, time.time() - 30))
    build_site(root, site)
    assert "went very well" in (site / "cafes/first-cafe/index.html").read_text()


def test_a_recent_edit_is_never_taken_for_no_change(git_community, tmp_path):
    """A file written within the racy window could change again unseen: that build is not remembered."""
    root = git_community()
    build_site(root, tmp_path / "site")
    assert not (root / CACHE_DIR / "last-build.json").exists()


def test_a_damaged_cache_never_makes_a_wrong_site(git_community, tmp_path):
    root = git_community()
    _backdate(root)
    cold = tree_digest(build_site(root, tmp_path / "cold", cache=False).site_dir)
    pages = root / CACHE_DIR / "pages.sqlite"
    for damage in ("garbage", "entries", "other format", "last build"):
        build_site(root, tmp_path / "site")
        if damage == "garbage":
            pages.write_bytes(b"not a database" * 1000)
        elif damage == "entries":
            with sqlite3.connect(pages) as db:
                db.execute("UPDATE pages SET html = substr(html, 1, length(html) / 2) || x'00ff00ff'")
        elif damage == "other format":
            with sqlite3.connect(pages) as db:
                db.execute("UPDATE meta SET value = '0' WHERE name = 'format'")
        else:
            LastBuild.path(root).write_text('{"format": 1, "inputs": ')
        (tmp_path / "site" / "index.html").write_text("tampered")
        result = build_site(root, tmp_path / "site")
        assert result.site_dir and tree_digest(result.site_dir) == cold, damage
        if damage != "last build":
            assert result.reused == 0, damage


def test_a_failed_build_keeps_nothing_in_the_cache(git_community, tmp_path):
    root = git_community()
    build_site(root, tmp_path / "site")
    before = tree_digest(tmp_path / "site")
    broken = "{% extends 'base.html' %}{% block content %}{{ 1 / 0 }}{% endblock %}"
    (root / "site_templates/overrides").mkdir(parents=True)
    (root / "site_templates/overrides/main.html").write_text(broken)
    with pytest.raises(BuildError):
        build_site(root, tmp_path / "site")
    assert tree_digest(tmp_path / "site") == before, "a failed build leaves the site as it was"
    (root / "site_templates/overrides/main.html").unlink()
    warm, cold, _ = _warm_and_cold(root, tmp_path, "after")
    assert warm == cold


def test_no_cache_neither_reads_nor_writes_it(git_community, tmp_path):
    root = git_community()
    result = build_site(root, tmp_path / "site", cache=False)
    assert result.site_dir and not (root / CACHE_DIR).exists()


def test_a_tampered_history_cache_is_never_unpickled(git_community, tmp_path):
    """The history is kept with pickle: only the history's own classes load from it."""
    import hashlib
    import pickle

    root = git_community()
    cold = tree_digest(build_site(root, tmp_path / "cold", cache=False).site_dir)
    build_site(root, tmp_path / "warm")
    kept = root / CACHE_DIR / "history.pickle"
    key = kept.read_bytes().split(b"\n", 1)[0].split(b" ")[0]
    payload = pickle.dumps(Path("/etc/passwd"))  # any class that is not the history's
    kept.write_bytes(key + b" " + hashlib.blake2b(payload, digest_size=20).hexdigest().encode() + b"\n" + payload)
    again = build_site(root, tmp_path / "again")
    assert tree_digest(again.site_dir) == cold
    assert b"passwd" not in kept.read_bytes(), "the history was read from git again and kept"


def test_the_render_guard_still_speaks_when_the_rest_comes_from_the_cache(git_community, tmp_path):
    nested = "---\ntitle: Lists\nkind: note\nauthors: [alice]\ndate: 2026-03-01\n---\n" + "1. " * 800 + "\n"
    root = git_community({"content/cafes/lists.md": nested})
    first = build_site(root, tmp_path / "first")
    again = build_site(root, tmp_path / "again")
    assert again.reused > 0
    for result in (first, again):
        assert [(x.path, x.rule) for x in result.diagnostics] == [("content/cafes/lists.md", "RP402")]
    assert tree_digest(first.site_dir) == tree_digest(again.site_dir)
