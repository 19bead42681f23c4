"""The material engine: MkDocs with mkdocs-material, and rallypoint's MkDocs plugin.

The plugin (:mod:`rallypoint.site.plugin`) adds the generated pages as stubs and swaps each
stub's rendered HTML for the page's own at ``on_page_content``; bodies render in worker
processes meanwhile. Search is Pagefind's (:mod:`rallypoint.site.search`), not the theme's
Lunr: ``build_site`` indexes the published records after the engine, and the plugin does it
itself under ``serve`` or a plain ``mkdocs build``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path

import yaml

from . import BuildError, BuildJob, BuiltSite, site_config, unrendered

log = logging.getLogger(__name__)


def check_installed() -> None:
    """mkdocs-material is one of rallypoint's own dependencies."""


def mkdocs_config(root: Path, settings, docs_dir: Path, site_dir: Path) -> dict:
    """The mkdocs.yml that ``rallypoint build`` and ``serve`` use."""
    config = site_config(settings)
    config["docs_dir"] = str(docs_dir)
    config["site_dir"] = str(site_dir)
    config["plugins"] = [{"rallypoint": {"root": str(root)}}]
    return config


@contextlib.contextmanager
def _quiet_mkdocs(verbose: bool) -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def build(job: BuildJob) -> BuiltSite:
    """Run MkDocs with the checked community handed to the plugin, into ``job.work / "site"``."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config

    (job.work / "docs").mkdir()
    config_file = job.work / "mkdocs.yml"
    settings = job.result.community.settings
    config_file.write_text(yaml.safe_dump(mkdocs_config(job.root, settings, job.work / "docs", job.work / "site")))
    with _quiet_mkdocs(job.verbose):
        for shells in (True, False):
            config = load_config(str(config_file))
            plugin = config.plugins["rallypoint"]
            plugin.preload(job.result, job.history)
            plugin.progress = job.progress
            plugin.parallel = job.parallel
            plugin.use_shells = shells
            plugin.assembled = job.assembled
            if job.selection is not None:
                plugin.selection = job.selection
            plugin.search_index = False  # build_site writes it, as for every engine
            try:
                mkdocs_build(config)
                break
            except (SystemExit, Exception) as exc:  # mkdocs aborts with SystemExit on some errors
                if plugin.unproven:
                    log.warning("page shells unproven (%s); building every page with MkDocs", plugin.unproven[0])
                    continue
                if isinstance(exc, SystemExit):
                    raise BuildError(f"mkdocs stopped (exit {exc.code})") from None
                raise BuildError(f"{type(exc).__name__}: {exc}") from exc
    content = plugin.content
    return BuiltSite(job.work / "site", len(content.pages.pages), unrendered(content), content)


def serve(root: Path, settings, work: Path, dev_addr: str, open_browser: bool, say) -> None:
    """Preview with live reload: the site is rebuilt when a watched file changes (:mod:`..preview`)."""
    from ..preview import serve as preview

    (work / "docs").mkdir()
    config_file = work / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(mkdocs_config(root, settings, work / "docs", work / "site")))
    with _quiet_mkdocs(False):
        preview(root, config_file, dev_addr, open_browser, say)
