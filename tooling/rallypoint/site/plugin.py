"""The MkDocs plugin: wires MkDocs events to rallypoint's core, and nothing more.

A community's mkdocs.yml with ``plugins: [search, rallypoint]`` builds with plain
``mkdocs build`` and ``mkdocs serve``; ``rallypoint build`` uses the same plugin.

It can render only some pages yet produce the whole site (:mod:`.selection`): pages another
shard builds are left out, and pages whose final HTML is in the build cache are written from
it instead of going through MkDocs.
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
from ..addresses import COMMUNITY_FILE, FOLDERS
from ..history.log import History, read_history
from ..model.community import load_community
from ..model.records import CheckResult
from .engines import NAV, STYLESHEET, SiteContent, assemble, nav, theme_folders
from .pages import fill_bodies
from .search import index_site
from .selection import Selection

log = logging.getLogger("mkdocs.plugins.rallypoint")


class RallypointConfig(Config):
    root = c.Optional(c.Dir(exists=True))
    """The community root (default: the folder of mkdocs.yml)."""


class RallypointPlugin(BasePlugin[RallypointConfig]):
    def __init__(self) -> None:
        self._preloaded: tuple[CheckResult, History] | None = None
        self.progress: Callable[[str, int, int], None] | None = None
        self.content: SiteContent | None = None
        self.parallel = False
        self.selection = Selection()
        """Which pages MkDocs renders: all, one shard's, those not in the cache."""
        self.search_index = True
        """Write Pagefind's index after the build; ``rallypoint build`` does it itself, for every engine."""

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
        self.content = None
        if not config.site_name:
            config.site_name = community.settings.name
        if not config.nav:
            config.nav = nav(community.settings.language)
        for folder in reversed(theme_folders(root)):
            if str(folder) not in config.theme.dirs:
                config.theme.dirs.insert(0, str(folder))
        if STYLESHEET not in config.extra_css:
            config.extra_css.append(STYLESHEET)
        self.selection.configure(config, theme_folders(root))
        for watched in (*FOLDERS, COMMUNITY_FILE, "site_templates", ".mailmap"):
            if (root / watched).exists() and str(root / watched) not in config.watch:
                config.watch.append(str(root / watched))
        return config

    def on_files(self, files: Files, config) -> Files:
        self.content = content = assemble(self.root, self.community, self.history)
        rendered = self.selection.choose(content, [src for entry in NAV for src in entry.values()])
        if self.parallel:
            content.bodies.start([s for s in content.pages.showings() if s[1].src in rendered])
        self._done = 0
        for src in rendered:
            files.append(File.generated(config, src, content=content.pages.pages[src]))
        if not self.selection.shared:
            return files
        for src, data in content.files.items():
            files.append(File.generated(config, src, content=data))
        for src, path in content.copies.items():
            files.append(File.generated(config, src, abs_src_path=str(path)))
        return files

    def on_page_content(self, html: str, page, config, files) -> str:
        content = self.content
        if content is None:
            return html
        if self.progress:
            self._done += 1
            self.progress("Writing pages", self._done, len(self.selection.rendered))
        src = page.file.src_uri
        if src not in content.pages.html:
            return html
        html = content.pages.html[src]
        shown = content.pages.bodies.get(src)
        if shown is None:
            return html
        return fill_bodies(html, shown, content.bodies)

    def on_post_page(self, output: str, page, config) -> str:
        if self.content is not None:
            self.selection.rendered_page(page.file.src_uri, output, self.content)
        return output

    def on_post_build(self, config) -> None:
        if self.content is not None:
            self.content.bodies.close()
            self.selection.finish(config)
            if self.search_index:
                index_site(self.content, Path(config.site_dir))

    def on_build_error(self, error) -> None:
        if self.content is not None:
            self.content.bodies.close()
        self.selection.abandon()
