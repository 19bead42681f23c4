"""Both engines build the same site: the example community with Material and with Zensical, page by page.

The differences that remain are README's engine table; each has a test below (``test_difference_*``)
that fails when a Zensical upgrade removes it, so the table can be updated.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import BASE, REPO, commit, tree_digest
from rallypoint.cli import cli
from rallypoint.site.build import build_site
from rallypoint.site.engines import zensical as zensical_engine

ENGINES = ("material", "zensical")
THEME_FILES = re.compile(r"^(assets/(javascripts|stylesheets|images)/|search\.json$|sitemap\.xml(\.gz)?$|404\.html$)")
"""What each engine's theme writes for itself: scripts, styles, Zensical's (empty) search index, the sitemap."""
EXAMPLE_FOLDERS = ("community.yml", "purposes", "content", "contributors", ".mailmap")
NOTE = "---\ntitle: {title}\nkind: note\nauthors: [alice]\ndate: 2026-03-01\n---\n"


def _example_files() -> dict[str, bytes]:
    files = {}
    for name in EXAMPLE_FOLDERS:
        path = REPO / name
        for file in [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file()):
            files[file.relative_to(REPO).as_posix()] = file.read_bytes()
    return files


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[str, Path]:
    """The example community, committed to a fresh repository, built once with each engine."""
    work = tmp_path_factory.mktemp("engines")
    root = work / "community"
    commit(root, _example_files(), message="The example community", date="2026-03-01T10:00:00")
    built = {}
    for engine in ENGINES:
        result = build_site(root, work / engine, engine=engine)
        assert result.site_dir, result.diagnostics
        built[engine] = result.site_dir
    built["root"] = root
    return built


def _published(site: Path) -> set[str]:
    """The site's files that are rallypoint's own: pages, feeds, the stylesheet and images."""
    return {p for p in tree_digest(site) if not THEME_FILES.match(p)}


def _page(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")


def _title_and_text(site: Path, path: str) -> tuple[str, str]:
    """The page's <title> and the text of its main content (the theme's <article>)."""
    html = (site / path).read_text(encoding="utf-8")
    title = BeautifulSoup(html[: html.index("</title>") + 8], "html.parser").title.string
    start = html.find("<article")  # a redirect page (an old address) is rallypoint's own, without the theme
    article = BeautifulSoup(html[start : html.rindex("</article>") + 10] if start >= 0 else html, "html.parser")
    return title, " ".join(article.get_text(" ").split())


def test_both_engines_publish_the_same_addresses(sites):
    material, zensical = _published(sites["material"]), _published(sites["zensical"])
    assert material == zensical
    pages = {p.removesuffix("index.html") for p in material if p.endswith("index.html")}
    purposes = {p.stem for p in (sites["root"] / "purposes").glob("*.md")}
    for kind in ("purposes", "contributors", "tags"):
        assert sum(1 for p in pages if re.fullmatch(rf"{kind}/[^/]+/", p)) >= 4, kind
    assert sum(1 for p in pages if p.split("/")[0] in purposes) >= 40
    assert {"", "purposes/", "contributors/", "tags/", "changes/", "wanted/"} <= pages
    assert {"feed.xml", "assets/rallypoint.css"} <= material


def test_every_page_shows_the_same_title_and_text(sites):
    pages = sorted(p for p in _published(sites["material"]) if p.endswith("index.html"))
    differ = [p for p in pages if _title_and_text(sites["material"], p) != _title_and_text(sites["zensical"], p)]
    assert differ == []
    body = _page(sites["zensical"], "repair-guides/drain-pump-front-loader/index.html").select_one(".rp-body")
    assert body.select("h2") and body.select("a.rp-wikilink"), "the body is rendered Markdown, not a stub"


def test_feeds_stylesheet_and_images_are_the_same_bytes(sites):
    material, zensical = tree_digest(sites["material"]), tree_digest(sites["zensical"])
    shared = {p for p in _published(sites["material"]) if not p.endswith(".html")}
    assert shared and {p: material[p] for p in shared} == {p: zensical[p] for p in shared}


def test_both_engines_publish_one_search_index(sites):
    """Pagefind's index is written after the engine, from the model: the same files either way
    (test_feeds_stylesheet_and_images_are_the_same_bytes compares them)."""
    assert (sites["material"] / "pagefind/pagefind.js").is_file() and (
        sites["zensical"] / "pagefind/pagefind.js"
    ).is_file()


def test_zensical_builds_of_one_commit_are_byte_identical(sites, tmp_path):
    again = build_site(sites["root"], tmp_path / "again", engine="zensical")
    assert again.site_dir
    assert tree_digest(again.site_dir) == tree_digest(sites["zensical"])


def test_community_yml_chooses_the_engine_and_the_option_overrides_it(community, tmp_path):
    root = community({"community.yml": BASE["community.yml"] + "build: {engine: zensical}\n"})
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--site-dir", str(tmp_path / "z")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "z/search.json").is_file() and not (tmp_path / "z/sitemap.xml.gz").exists()
    result = CliRunner().invoke(
        cli, ["-C", str(root), "build", "--engine", "material", "--site-dir", str(tmp_path / "m")]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "m/sitemap.xml.gz").is_file() and not (tmp_path / "m/search.json").exists()


def test_an_unknown_engine_is_a_diagnostic(community):
    root = community({"community.yml": BASE["community.yml"] + "build:\n  engine: hugo\n"})
    result = CliRunner().invoke(cli, ["-C", str(root), "check", "--format", "json"])
    assert result.exit_code == 1
    found = [d for d in yaml.safe_load(result.output)["diagnostics"] if d["path"] == "community.yml"]
    assert [(d["line"], d["key_path"]) for d in found] == [(BASE["community.yml"].count("\n") + 2, "build.engine")]
    assert "material" in found[0]["message"] and "zensical" in found[0]["message"]


def test_without_zensical_installed_the_build_says_how_to_get_it(community, tmp_path):
    root = community()
    site = tmp_path / "site"
    assert build_site(root, site).site_dir
    before = tree_digest(site)
    blocked = (
        "import sys; sys.modules['zensical'] = None; from rallypoint.cli import main; "
        f"sys.argv = ['rallypoint', '-C', {str(root)!r}, 'build', '--engine', 'zensical', '--site-dir', {str(site)!r}]; main()"
    )
    run = subprocess.run([sys.executable, "-c", blocked], capture_output=True, text=True)
    assert run.returncode == 1
    assert 'pip install "rallypoint[zensical]"' in run.stderr and "Traceback" not in run.stderr
    assert tree_digest(site) == before


def test_zensical_sanitises_and_guards_bodies(community, tmp_path):
    root = community(
        {
            "content/cafes/hostile.md": NOTE.format(title='"<script>alert(1)</script>"')
            + "<script>alert(2)</script>\n\n<img src=x onerror=alert(3)>\n\n[click](javascript:alert(4))\n",
            "content/cafes/lists.md": NOTE.format(title="Lists") + "1. " * 800 + "\n",
        }
    )
    result = build_site(root, tmp_path / "site", engine="zensical")
    assert result.site_dir, result.diagnostics
    assert [(x.path, x.rule) for x in result.diagnostics] == [("content/cafes/lists.md", "RP402")]
    page = _page(result.site_dir, "cafes/hostile/index.html")
    assert page.title.string.startswith("<script>alert(1)</script>")
    scripts = " ".join(s.get_text() for s in page.select("script"))
    assert "alert" not in scripts and not page.select("[onerror]")
    assert all(not (a.get("href") or "").startswith("javascript:") for a in page.select("a"))
    lists = _page(result.site_dir, "cafes/lists/index.html")
    assert lists.select_one(".rp-body pre.rp-unrendered").get_text().startswith("1. 1. ")


def test_a_failed_zensical_build_leaves_the_previous_site(community, tmp_path):
    root = community()
    site = tmp_path / "site"
    assert build_site(root, site, engine="zensical").site_dir
    before = tree_digest(site)
    overrides = root / "site_templates/overrides"
    overrides.mkdir(parents=True)
    (overrides / "main.html").write_text('{% extends "base.html" %}\n{% block content %}{{ broken(\n')
    result = CliRunner().invoke(cli, ["-C", str(root), "build", "--engine", "zensical", "--site-dir", str(site)])
    assert result.exit_code == 1
    assert "Build failed: zensical stopped" in result.output and "Traceback" not in result.output
    assert tree_digest(site) == before
    assert [p.name for p in tmp_path.iterdir()] == ["community", "site"]


def test_the_publish_workflow_installs_zensical_when_community_yml_asks(community, tmp_path):
    from rallypoint.workflow.init import create_community, default_answers

    target = tmp_path / "new"
    create_community(target, default_answers(target))
    steps = yaml.safe_load((target / ".github/workflows/publish.yml").read_text())["jobs"]["build"]["steps"]
    script = next(s["run"] for s in steps if "zensical" in s.get("name", "").lower())
    condition = re.search(r"if (python -c '[^']*');", script).group(1)
    settings = (target / "community.yml").read_text()

    def asks(extra: str) -> bool:
        (target / "community.yml").write_text(settings + extra)
        return (
            subprocess.run(["bash", "-c", condition.replace("python", sys.executable, 1)], cwd=target).returncode == 0
        )

    assert not asks("")
    assert not asks("build: {engine: material}\n")
    assert asks("build:\n  engine: zensical\n")
    # The extra for the release pinned in requirements.txt, which Dependabot keeps current.
    assert 'pip install --quiet --requirement .github/requirements.txt "rallypoint[zensical]"' in script


# The differences README's engine table lists. Each fails when a Zensical upgrade removes it.


def test_difference_zensical_writes_an_empty_search_json(sites):
    """Zensical writes search.json even with its search plugin off (both engines search with Pagefind)."""
    assert not (sites["material"] / "search.json").exists()
    assert (sites["zensical"] / "search.json").read_text().count('"items":[]') == 1


def test_difference_no_gzipped_sitemap(sites):
    assert (sites["material"] / "sitemap.xml.gz").is_file()
    assert (sites["zensical"] / "sitemap.xml").is_file() and not (sites["zensical"] / "sitemap.xml.gz").exists()


def test_difference_zensical_runs_no_mkdocs_plugin(tmp_path):
    """Zensical maps a list of known MkDocs plugins to its own modules and skips the rest, so
    rallypoint's pages reach it as files and a Markdown extension (engines/zensical.py)."""
    from zensical import config as zensical_config

    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins: [search, rallypoint]\n")
    parsed = zensical_config.parse_config(str(tmp_path / "mkdocs.yml"))
    assert "search" in parsed["plugins"] and "rallypoint" not in parsed["plugins"]


def test_the_tested_zensical_is_installed():
    assert zensical_engine.installed_version() == zensical_engine.TESTED
