"""The zensical engine: Zensical builds the site from a folder of Markdown and an mkdocs.yml.

Zensical reads mkdocs.yml and renders each page with Python-Markdown and the extensions it
names, but runs no MkDocs plugins. So this adapter writes into a docs folder what the plugin
hands MkDocs: each page as its Markdown stub (meta and a marker), the feeds, the stylesheet and
the images; each page's finished HTML (template and sanitised body) goes to a file of its own.
This module is also the Python-Markdown extension that mkdocs.yml names: after Python-Markdown
ran, it swaps each marker for the page's HTML, so Markdown never re-parses the templates' HTML
(the same swap as the plugin's ``on_page_content``). Zensical's own search is off: both engines
search with Pagefind, whose index ``build_site`` writes after the engine (:mod:`..search`).

A marker names its HTML by digest. Zensical caches rendered pages by their Markdown; with the
digest in it, a page whose HTML changed can never come from the cache.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import yaml
from markdown import Extension
from markdown.postprocessors import Postprocessor

from ..pages import PAGE_MARKER, fill_bodies
from . import STYLESHEET, BuildError, BuildJob, BuiltSite, SiteContent, assemble, nav, site_config, theme_folders
from . import unrendered as unrendered_bodies

TESTED = "0.0.73"
"""The Zensical release the tests build with (pyproject's ``zensical`` extra allows ``<0.2``)."""
EXTENSION = __name__
HTML_FOLDER = "html"
_MARKER = re.compile(r"<!-- rallypoint:html ([0-9a-f]{64}) -->")


def check_installed() -> None:
    try:
        import zensical  # noqa: F401
    except ImportError:
        raise BuildError(
            'the zensical engine needs Zensical: pip install "rallypoint[zensical]" (or build with --engine material)'
        ) from None


def installed_version() -> str | None:
    try:
        return version("zensical")
    except PackageNotFoundError:
        return None


def build(job: BuildJob) -> BuiltSite:
    """Write the pages for Zensical, run ``zensical build``, and leave the site in ``job.work / "site"``."""
    content = assemble(job.root, job.result.community, job.history)
    if job.assembled:
        job.assembled(content)
    try:
        pages = _finished_pages(content, job)
    finally:
        content.bodies.close()
    _write_project(job, content, pages)
    _run_zensical(job)
    return BuiltSite(job.work / "site", len(pages), unrendered_bodies(content), content)


def _finished_pages(content: SiteContent, job: BuildJob) -> dict[str, str]:
    """src path → the page's HTML with its body in place, in the pages' order."""
    site = content.pages
    if job.parallel:
        content.bodies.start(site.showings())
    out = {}
    for done, (src, html) in enumerate(site.html.items(), 1):
        shown = site.bodies.get(src)
        out[src] = html if shown is None else fill_bodies(html, shown, content.bodies)
        if job.progress:
            job.progress("Rendering pages", done, len(site.html))
    return out


def _write_project(job: BuildJob, content: SiteContent, pages: dict[str, str]) -> None:
    """mkdocs.yml, docs/ (stubs, feeds, files), html/ (each page's HTML) and the theme overrides."""
    docs, html = job.work / "docs", job.work / HTML_FOLDER
    html.mkdir()
    for src, text in pages.items():
        data = text.encode("utf-8")
        digest = hashlib.sha256(data).hexdigest()
        (html / f"{digest}.html").write_bytes(data)
        stub = content.pages.pages[src].replace(PAGE_MARKER, f"<!-- rallypoint:html {digest} -->", 1)
        _write(docs / src, stub.encode("utf-8"))
    for src, data in content.files.items():
        _write(docs / src, data)
    for src, path in content.copies.items():
        (docs / src).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, docs / src)
    overrides = job.work / "overrides"
    overrides.mkdir()
    for folder in reversed(theme_folders(job.root)):  # the community's own files land last and win
        shutil.copytree(folder, overrides, dirs_exist_ok=True)
    config = site_config(job.result.community.settings)
    # Zensical's search is off (it still writes an empty search.json): Pagefind's serves both engines.
    plugins = {"search": {"enabled": False}}
    config.update(
        docs_dir="docs",
        site_dir="site",
        nav=nav(job.result.community.settings.language),
        extra_css=[STYLESHEET],
        plugins=plugins,
    )
    # The classic variant is Material's look; Zensical's own default ("modern") restyles the site.
    config["theme"].update(custom_dir="overrides", variant="classic")
    config["markdown_extensions"] = [*config["markdown_extensions"], {EXTENSION: {"pages": str(html)}}]
    (job.work / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=True), encoding="utf-8")


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _run_zensical(job: BuildJob) -> None:
    """``zensical build`` in a process of its own: its Rust core prints and may abort as it likes."""
    if job.progress:
        job.progress("Zensical", 0, 1)
    command = [sys.executable, "-m", "zensical", "build", "-f", str(job.work / "mkdocs.yml")]
    run = subprocess.run(command, cwd=job.work, capture_output=not job.verbose, text=True)
    if run.returncode != 0:
        said = ((run.stderr or "") + (run.stdout or "")).strip()
        tail = "\n".join(said.splitlines()[-15:])
        raise BuildError(f"zensical stopped (exit {run.returncode})" + (f":\n{tail}" if tail else ""))
    if not (job.work / "site" / "index.html").is_file():
        raise BuildError("zensical finished without writing the site")


class _SwapPages(Postprocessor):
    """Replaces each page's marker with its finished HTML, after Python-Markdown is done."""

    def __init__(self, md, pages: Path):
        super().__init__(md)
        self.pages = pages

    def run(self, text: str) -> str:
        return _MARKER.sub(lambda m: (self.pages / f"{m.group(1)}.html").read_text(encoding="utf-8"), text)


class PageExtension(Extension):
    """The Python-Markdown extension Zensical loads from mkdocs.yml (``rallypoint.site.engines.zensical``)."""

    def __init__(self, **kwargs):
        self.config = {"pages": ["", "the folder of the pages' finished HTML, one file per digest"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        # Priority 0: after the raw-HTML postprocessor has put the marker back.
        md.postprocessors.register(_SwapPages(md, Path(self.getConfig("pages"))), "rallypoint_pages", 0)


def makeExtension(**kwargs) -> PageExtension:
    return PageExtension(**kwargs)
