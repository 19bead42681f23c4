"""The MkDocs plugin: wires MkDocs events to rallypoint's core, and nothing more.

A community's mkdocs.yml with ``plugins: [search, rallypoint]`` builds with plain
``mkdocs build`` and ``mkdocs serve``; ``rallypoint build`` uses the same plugin.

It can render only some pages yet produce the whole site (:mod:`.selection`): pages another
shard builds are left out, and pages whose final HTML is in the build cache are written from
it instead of going through MkDocs.
"""

from __future__ import annotations

import logging
import shutil
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
from .pages import DEFAULT_TEMPLATES, fill_bodies
from .search import index_site
from .selection import Selection
from .shells import Shells
from .writer import write_pages

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
        self.assembled: Callable[[SiteContent], None] | None = None
        """Told what the site holds as soon as it is assembled (``rallypoint build`` starts the search index)."""
        self.use_shells = True
        """Write pages from Material's shells (:mod:`.shells`) where that is proved to be exact."""
        self.shells: Shells | None = None
        self.unproven: list[str] = []
        """Why the shells were not trusted in the last build (it failed; build again without)."""
        self._contents: dict[str, str] = {}

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
        self.content = content = assemble(self.root, self.community, self.history, lazy=True)
        if self.assembled:
            self.assembled(content)
        linked = frozenset({"assets", *(src.split("/", 1)[0] for entry in NAV for src in entry.values())})
        self.shells = Shells(linked) if self._shells_apply(config) else None
        self._contents, self.unproven = {}, []
        rendered = self.selection.choose(content, [src for entry in NAV for src in entry.values()], self.shells)
        if self.parallel:
            content.bodies.start([s for s in content.pages.showings() if s[1].src in rendered])
        self._done = 0
        self._total = len(rendered) + (len(self.shells.shelled) if self.shells else 0)
        for src in rendered:
            files.append(File.generated(config, src, content=content.pages.pages[src]))
        for src in self.shells.sentinels if self.shells else ():
            files.append(File.generated(config, src, content=self.shells.stub(src)))
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
        src = page.file.src_uri
        if self.shells and src in self.shells.sentinels:
            return self.shells.content(src)
        self._advance()
        if src not in content.pages.html:
            return html
        html = self._filled(src)
        if self.shells and src in self.shells.exemplars:
            self._contents[src] = html
        return html

    def _filled(self, src: str) -> str:
        """The content of the page ``src`` as MkDocs is given it: its HTML with its bodies in place."""
        pages = self.content.pages
        shown = pages.bodies.get(src)
        return pages.html[src] if shown is None else fill_bodies(pages.html[src], shown, self.content.bodies)

    def _advance(self) -> None:
        if self.progress:
            self._done += 1
            self.progress("Writing pages", self._done, self._total)

    def on_post_page(self, output: str, page, config) -> str:
        if self.content is None:
            return output
        src = page.file.src_uri
        if self.shells and src in self.shells.sentinels:
            self.shells.learn(src, output)
            return output
        if self.shells and src in self.shells.exemplars:
            self.shells.saw(src, output)
        self.selection.rendered_page(src, output, self.content)
        return output

    def on_post_build(self, config) -> None:
        if self.content is not None:
            self.content.bodies.close()
            if self.shells:
                self._write_from_shells(Path(config.site_dir))
            self.selection.finish(config)
            if self.search_index:
                index_site(self.content, Path(config.site_dir))

    def _shells_apply(self, config) -> bool:
        """Shells are exact for rallypoint's own theme; a community's own overrides could print
        anything about a page, and Material's search plugin indexes what MkDocs renders."""
        own = [f for f in theme_folders(self.root) if f.resolve() != (DEFAULT_TEMPLATES / "overrides").resolve()]
        return self.use_shells and "search" not in config.plugins and not own

    def _write_from_shells(self, site: Path) -> None:
        shells, content = self.shells, self.content
        for folder in shells.sentinel_folders(site):
            shutil.rmtree(folder, ignore_errors=True)
        for src in shells.exemplars:
            if src in self.selection.reused:  # rendered by MkDocs in an earlier build
                shells.saw(src, self.selection.reused[src].decode("utf-8"))
                self._contents[src] = self._filled(src)
        self.unproven = shells.unproven(content.pages.pages, self._contents)
        if self.unproven:
            raise PluginError(
                "Material's page shells do not match what it rendered for "
                + ", ".join(self.unproven[:3])
                + "; the site is built again without them"
            )
        write_pages(content, shells, site, self.selection, self._advance)

    def on_build_error(self, error) -> None:
        if self.content is not None:
            self.content.bodies.close()
        self.selection.abandon()
