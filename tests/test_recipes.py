"""Every copy-paste recipe in README.md and CONTRIBUTING.md works as printed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import REPO
from rallypoint.model.community import load_community


def _blocks(document: Path, language: str) -> list[str]:
    """The fenced code blocks of one language, dedented (CONTRIBUTING indents them in a list)."""
    text = document.read_text(encoding="utf-8")
    pattern = re.compile(rf"^( *)```{language}\n(.*?)^\1```$", re.MULTILINE | re.DOTALL)
    return [textwrap.dedent(m.group(2)) for m in pattern.finditer(text)]


def _example_community(into: Path) -> Path:
    for name in ("community.yml", "purposes", "content", "contributors"):
        source = REPO / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, into / name)
    return into


def test_the_plain_mkdocs_recipe_builds_as_printed(community):
    (recipe,) = [block for block in _blocks(REPO / "README.md", "sh") if "mkdocs build" in block]
    root = community()
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", recipe], cwd=root, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert (root / "site/repair/drain-pump/index.html").is_file()
    assert (root / "site/contributors/index.html").is_file()


def test_contributing_s_profile_and_page_pass_check(tmp_path):
    profile, page = (
        _blocks(REPO / "CONTRIBUTING.md", "yaml")[0],
        _blocks(REPO / "CONTRIBUTING.md", "markdown")[0],
    )
    root = _example_community(tmp_path)
    (root / "contributors/your-handle.yml").write_text(profile, encoding="utf-8")
    (root / "content/repair-guides/replace-drain-pump.md").write_text(page, encoding="utf-8")
    checked = load_community(root)
    assert [x for x in checked.diagnostics if x.severity != "notice"] == []
    assert [x.rule for x in checked.diagnostics] == ["RP303"]  # [[their-slug]]: a page to write
    assert checked.community.contributions["repair-guides/replace-drain-pump"].authors == ("your-handle",)
