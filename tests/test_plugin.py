"""The same site through plain MkDocs: a community's mkdocs.yml with `plugins: [rallypoint]`."""

from __future__ import annotations

import subprocess
import sys

from bs4 import BeautifulSoup

MKDOCS_YML = """\
site_name: Repair (plain mkdocs)
theme:
  name: material
plugins:
  - search
  - rallypoint
"""


def test_plain_mkdocs_build_with_the_plugin(community, tmp_path):
    root = community()
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    (root / "docs").mkdir()
    (root / "docs/about.md").write_text("# About\n\nA page of our own.\n")
    site = tmp_path / "site"
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(site)],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert run.returncode == 0, run.stderr
    page = BeautifulSoup((site / "repair/drain-pump/index.html").read_text(), "html.parser")
    assert page.select_one("article h1").get_text() == "Replacing a drain pump"
    assert (site / "about/index.html").is_file()
    assert (site / "feed.xml").is_file()


def test_plain_mkdocs_stops_on_errors(community, tmp_path):
    root = community({"content/repair/bad.md": "---\ntitle: T\n---\n"})
    (root / "mkdocs.yml").write_text(MKDOCS_YML)
    (root / "docs").mkdir()
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(root / "mkdocs.yml"), "-d", str(tmp_path / "site")],
        capture_output=True,
        text=True,
        cwd=root,
    )
    assert run.returncode != 0
    assert "RP102" in run.stderr and "content/repair/bad.md" in run.stderr
