"""The MkDocs plugin: wires MkDocs events to rallypoint's core, and nothing more.

A community's mkdocs.yml with ``plugins: [search, rallypoint]`` builds with plain
``mkdocs build`` and ``mkdocs serve``; ``rallypoint build`` uses the same plugin.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .. import output as report
from ..addresses import COMMUNITY_FILE, FOLDERS, HOME, Page, image_site_path
from ..history.log import History, read_history
from ..model.community import load_community
from ..model.records import CheckResult
from .bodies import BodyRenderer
from .feeds import render_feeds
from .indexes import build_indexes
from .pages import BODY_MARKER, DEFAULT_TEMPLATES, SitePages, render_pages, template_environment

log = logging.getLogger("mkdocs.plugins.rallypoint")

NAV = [
    {"Home": HOME.src},
    {"Purposes": Page("purposes").src},
    {"Contributors": Page("contributors").src},
    {"Tags": Page("tags").src},
    {"Recent changes": Page("changes").src},
]


class RallypointConfig(Config):
    root = c.Optional(c.Dir(exists=True))
    """The community root (default: the folder of mkdocs.yml)."""


class RallypointPlugin(BasePlugin[RallypointConfig]):
    def __init__(self) -> None:
        self._preloaded: tuple[CheckResult, History] | None = None
        self.progress: Callable[[str, int, int], None] | None = None
        self.pages: SitePages | None = None
        self.parallel = False

    def preload(self, result: CheckResult, history: History) -> None:
        """Hand over an already checked community, so ``rallypoint build`` reads it once."""
        self._preloaded = (result, history)

    def on_config(self, config):
        root = Path(self.config.root or Path(config.config_file_path).parent).resolve()
        if self._preloaded:
            result, history = self._preloaded
            self._preloaded = None
        else:
            result = load_community(root)
            if result.errors:
                raise PluginError(
                    "rallypoint found errors:\n" + report.as_text(result.diagnostics, result.files_checked)
                )
            history = read_history(root, result.community.settings.bots)
        community = result.community
        self.root, self.community, self.history = root, community, history
        self.indexes = build_indexes(community, history)
        self.env = template_environment(root)
        self.pages = None
        if not config.site_name:
            config.site_name = community.settings.name
        if not config.nav:
            config.nav = NAV
        for folder in (DEFAULT_TEMPLATES / "overrides", root / "site_templates" / "overrides"):
            if folder.is_dir() and str(folder) not in config.theme.dirs:
                config.theme.dirs.insert(0, str(folder))
        if "assets/rallypoint.css" not in config.extra_css:
            config.extra_css.append("assets/rallypoint.css")
        for watched in (*FOLDERS, COMMUNITY_FILE, "site_templates", ".mailmap"):
            if (root / watched).exists() and str(root / watched) not in config.watch:
                config.watch.append(str(root / watched))
        return config

    def on_files(self, files: Files, config) -> Files:
        self.pages = render_pages(self.community, self.indexes, self.history, self.env)
        self.bodies = BodyRenderer(self.community)
        if self.parallel:
            self.bodies.start(list(self.pages.bodies.values()))
        self._done = 0
        for src, text in self.pages.pages.items():
            files.append(File.generated(config, src, content=text))
        for src, data in render_feeds(self.community, self.indexes).items():
            files.append(File.generated(config, src, content=data))
        files.append(
            File.generated(
                config, "assets/rallypoint.css", abs_src_path=str(self._template_file("assets/rallypoint.css"))
            )
        )
        for image in self.community.images:
            files.append(File.generated(config, image_site_path(image), abs_src_path=str(self.root / image)))
        return files

    def _template_file(self, name: str) -> Path:
        own = self.root / "site_templates" / name
        return own if own.is_file() else DEFAULT_TEMPLATES / name

    def on_page_content(self, html: str, page, config, files) -> str:
        if self.progress and self.pages:
            self._done += 1
            self.progress("Writing pages", self._done, len(self.pages.pages))
        src = page.file.src_uri
        if not self.pages or src not in self.pages.html:
            return html
        html = self.pages.html[src]
        shown = self.pages.bodies.get(src)
        if shown is None:
            return html
        return html.replace(BODY_MARKER, self.bodies.get(shown), 1)

    def on_post_build(self, config) -> None:
        self.bodies.close()

    def on_build_error(self, error) -> None:
        if getattr(self, "bodies", None) is not None:
            self.bodies.close()
