"""Pages written from Material's shells (site/shells.py, site/writer.py) are, byte for byte, the
pages MkDocs renders; where a shell cannot be proved, MkDocs renders every page."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import pytest

from conftest import tree_digest
from rallypoint.site import plugin, shells, writer
from rallypoint.site.build import build_site
from rallypoint.site.cache import LastBuild

sys.path.insert(0, str(Path(__file__).parents[1] / "benchmarks"))
from synthetic import generate_community


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    """A community with more pages than writer.PARALLEL_FROM, so a forked process writes half of them, and
    a site_url, so each page has its own canonical address."""
    root = tmp_path_factory.mktemp("shells") / "c"
    generate_community(root, contributions=160, contributors=20, commits=200, seed=5)
    return root


class _Spy:
    """Counts the pages written from shells, and lets the writer do its work."""

    def __init__(self, monkeypatch):
        self.pages = 0
        real = writer.write_pages

        def write_pages(content, made, site, selection, progress=None):
            self.pages += len(made.shelled)
            return real(content, made, site, selection, progress)

        monkeypatch.setattr(plugin, "write_pages", write_pages)


def _without_shells(monkeypatch):
    monkeypatch.setattr(plugin.RallypointPlugin, "_shells_apply", lambda self, config: False)


def test_pages_from_shells_are_the_pages_mkdocs_renders(synthetic, tmp_path, monkeypatch):
    spy = _Spy(monkeypatch)
    shelled = build_site(synthetic, tmp_path / "shells", cache=False)
    assert shelled.site_dir and spy.pages > writer.PARALLEL_FROM
    monkeypatch.setattr(writer, "PARALLEL_FROM", 10**9)
    alone = build_site(synthetic, tmp_path / "one-process", cache=False)
    _without_shells(monkeypatch)
    rendered = build_site(synthetic, tmp_path / "mkdocs", cache=False)
    assert rendered.pages == shelled.pages
    digest = tree_digest(rendered.site_dir)
    assert tree_digest(shelled.site_dir) == digest
    assert tree_digest(alone.site_dir) == digest
    assert not [p for p in digest if "rpshell" in p], "sentinel pages are not part of the site"


def test_a_cached_build_with_shells_is_a_cold_one(synthetic, tmp_path):
    first = build_site(synthetic, tmp_path / "first")
    LastBuild.forget(synthetic)  # else "nothing changed" answers without building
    again = build_site(synthetic, tmp_path / "again")
    cold = build_site(synthetic, tmp_path / "cold", cache=False)
    assert again.reused == first.pages - 7  # all but the nav's pages
    assert tree_digest(again.site_dir) == tree_digest(cold.site_dir) == tree_digest(first.site_dir)


def test_unproven_shells_make_mkdocs_render_every_page(synthetic, tmp_path, monkeypatch, caplog):
    real = shells.Shells.learn

    def learn(self, src, output):
        real(self, src, output.replace("</head>", "<!-- a theme that differs --></head>", 1))

    monkeypatch.setattr(shells.Shells, "learn", learn)
    spy = _Spy(monkeypatch)
    with caplog.at_level(logging.WARNING):
        result = build_site(synthetic, tmp_path / "site", cache=False)
    assert spy.pages == 0 and "page shells unproven" in caplog.text
    monkeypatch.undo()
    _without_shells(monkeypatch)
    assert tree_digest(result.site_dir) == tree_digest(build_site(synthetic, tmp_path / "ref", cache=False).site_dir)


def test_a_community_with_its_own_theme_overrides_renders_every_page(community, tmp_path, monkeypatch):
    root = community(
        {
            "site_templates/overrides/main.html": (
                '{% extends "base.html" %}{% block content %}<p class="own">{{ page.url }}</p>'
                "{{ page.content }}{% endblock %}"
            )
        }
    )
    spy = _Spy(monkeypatch)
    result = build_site(root, tmp_path / "site", cache=False)
    assert result.site_dir and spy.pages == 0
    assert "repair/drain-pump/" in (result.site_dir / "repair/drain-pump/index.html").read_text()


@pytest.mark.parametrize(
    ("src", "title", "shelled"),
    [
        ("repair/drain-pump/index.md", "Drain pump", True),
        ("repair/drain-pump/index.md", "Tom &amp; Jerry's <b>", True),
        ("repair/drain-pump/index.md", "Café ☕", True),
        ("repair/drain-pump/index.md", "Pumps 🚰", False),  # YAML reads JSON's surrogate pair as two characters
        ("tags/café/index.md", "Tag: café", False),  # MkDocs quotes the address
        ("index.md", "Home", False),
    ],
)
def test_which_pages_take_a_shell(src, title, shelled):
    import json

    stub = f"---\ntitle: {json.dumps(title)}\nhide: [navigation]\n---\n<!-- rallypoint:page -->\n"
    assert (shells.shell_class(src, stub) is not None) == shelled
