"""Render only some pages, yet produce the whole site: the one mechanism behind the build cache
and sharded builds.

A page's final HTML depends only on the page itself: its stub (meta, title), its HTML from
rallypoint's templates with its bodies filled, its URL, and the site's config and theme. The nav
is six fixed pages, so Material's tabs and its footer links never depend on which other pages
exist. So MkDocs can be given any subset of the pages:

- **a shard** (``--shard K/N``) gives it the pages its hash picks (:mod:`.shards`); the first
  shard also writes everything that is not a page (assets, feeds, redirects, report.json, 404);
- **the cache** (:mod:`.cache`) leaves out each page whose final HTML it has under the page's
  key, and writes that HTML into the site after MkDocs is done.

What MkDocs would have made from all pages is made here instead: the sitemap lists every
page (MkDocs' own template, fed every page). Search does not depend on it: Pagefind's index is
made from the model (:mod:`.search`). Material's Lunr plugin, which indexes the HTML of each
page MkDocs renders, is not used by rallypoint's builds; a community's own mkdocs.yml that
has it builds every page (no cache, no shard), as before.
"""

from __future__ import annotations

import gzip
import json
import logging
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin, urlsplit

from mkdocs import utils
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from ..addresses import Page
from .cache import PageCache, code_digest, folder_digest, page_key
from .pages import BODY_MARKER_PATTERN
from .shards import Shard
from .shells import Shells

log = logging.getLogger(__name__)

_CONFIG_KEYS = (
    "site_name",
    "site_url",
    "site_description",
    "site_author",
    "copyright",
    "repo_url",
    "repo_name",
    "edit_uri",
    "nav",
    "extra",
    "extra_css",
    "extra_javascript",
    "markdown_extensions",
    "mdx_configs",
    "use_directory_urls",
)
SITEMAP = "sitemap.xml"


def config_digest(config, theme_dirs: Iterable[Path]) -> str:
    """What every page's chrome depends on: the config, the theme and its overrides, the code."""
    theme = {k: v for k, v in config.theme.items() if k not in ("dirs",)}
    parts = {k: config.get(k) for k in _CONFIG_KEYS}
    parts["theme"] = theme
    parts["theme.name"] = config.theme.name
    parts["plugins"] = list(config.plugins)
    text = json.dumps(parts, sort_keys=True, default=repr)
    return f"{code_digest()}:{folder_digest(theme_dirs)}:{text}"


class Selection:
    """Which pages MkDocs renders in one build, and how the others get into the site."""

    def __init__(self, cache: PageCache | None = None, shard: Shard | None = None) -> None:
        self.cache = cache
        self.shard = shard
        self.salt = ""
        self.pages: list[str] = []
        """Every page of the site, in MkDocs' order."""
        self.rendered: list[str] = []
        """The pages MkDocs renders."""
        self.reused: dict[str, bytes] = {}
        """The pages written from the cache, and their HTML."""
        self.owned: list[str] = []
        """The pages this build is for (all, or its shard's)."""
        self.written: list[str] = []
        """Site paths of the pages this build is for (rendered or from the cache)."""
        self.foreign: list[str] = []
        """Site paths of the pages rendered only for the nav's sake (another shard's)."""
        self._keys: dict[str, str] = {}
        self.shell_hits = 0
        """Pages written from a shell that came from the cache instead (:mod:`.writer`)."""

    @property
    def reused_pages(self) -> int:
        """Pages this build wrote from the cache."""
        return len(self.reused) + self.shell_hits

    @property
    def shared(self) -> bool:
        """Whether this build writes what is not a page (the first shard, or a whole build)."""
        return self.shard is None or self.shard.index == 1

    def configure(self, config, theme_dirs: Iterable[Path]) -> None:
        if "search" in config.plugins and (self.cache is not None or self.shard is not None):
            raise PluginError(
                "the build cache and sharded builds need Pagefind search: "
                "remove Material's search plugin from the plugins"
            )
        if self.cache is not None:
            self.salt = config_digest(config, theme_dirs)

    def choose(self, content, nav: Iterable[str] = (), shells: Shells | None = None) -> list[str]:
        """The pages MkDocs renders; the cached ones are kept aside, and with ``shells`` those
        written from a shell (:mod:`.shells`, :mod:`.writer`) too.

        The ``nav`` pages are always rendered: MkDocs drops a nav entry whose page it is not
        given, and every page's tabs would change. A shard that does not own one throws it away.
        """
        self.pages = list(content.pages.pages)
        self.rendered, self.reused, self.written, self._keys = [], {}, [], {}
        self.owned, self.shell_hits = [], 0
        nav = set(nav)
        candidates = []
        for src in self.pages:
            if self.shard is not None and not self.shard.owns(src):
                if src in nav:
                    self.rendered.append(src)
                continue
            self.owned.append(src)
            (self.rendered if src in nav else candidates).append(src)
        if shells is not None:
            candidates = shells.plan(content.pages.pages, candidates)
        content.pages.render_html(candidates)
        for src in candidates:
            if self.cache is not None:
                key = cache_key(self.salt, src, content, content.pages.html[src])
                found = self.cache.get(key)
                if found is not None:
                    self.reused[src] = found[0]
                    continue
                self._keys[src] = key
            self.rendered.append(src)
        content.pages.render_html(self.rendered)
        return self.rendered

    def _showings(self, src: str, content) -> list[tuple[Page, Page]]:
        return showings(src, content, content.pages.html.get(src, ""))

    def rendered_page(self, src: str, output: str, content) -> None:
        """Remember a page MkDocs rendered, under its key; not one with a body the render guard
        stopped (too slow is a matter of the machine: the next build tries again)."""
        key = self._keys.get(src)
        if key is None or self.cache is None:
            return
        if any(page in content.bodies.problems for page, _ in self._showings(src, content)):
            return
        self.cache.put(key, output.encode("utf-8"), {})

    def finish(self, config) -> None:
        """Write the pages from the cache, and the sitemap of every page."""
        site = Path(config.site_dir)
        for src, html in self.reused.items():
            target = site / _file(src, config).dest_uri
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(html)
        self.written = sorted(_file(src, config).dest_uri for src in self.owned)
        owned = set(self.owned)
        self.foreign = sorted(_file(src, config).dest_uri for src in self.rendered if src not in owned)
        if self.shared:
            write_sitemap(config, [_file(src, config) for src in self.pages])

    def abandon(self) -> None:
        if self.cache is not None:
            self.cache.close()


def showings(src: str, content, html: str) -> list[tuple[Page, Page]]:
    """The bodies the page ``src`` with the HTML ``html`` shows, as (page of the body, page it is shown on)."""
    shown = content.pages.bodies.get(src)
    if shown is None:
        return []
    return [
        (shown if match[1] == "body" else Page("contribution", match[2]), shown)
        for match in BODY_MARKER_PATTERN.finditer(html)
    ]


def cache_key(salt: str, src: str, content, html: str, shown: list[tuple[Page, Page]] | None = None) -> str:
    """The build cache's key of the page ``src`` whose template made ``html`` (and which shows
    the bodies ``shown``, when they are known already)."""
    shown = showings(src, content, html) if shown is None else shown
    bodies = [content.bodies.depends(page, here) for page, here in shown]
    return page_key(salt, src, content.pages.pages[src], html, bodies)


def _file(src: str, config) -> File:
    return File(src, config.docs_dir, config.site_dir, config.use_directory_urls)


def write_sitemap(config, files: list[File]) -> None:
    """sitemap.xml and sitemap.xml.gz listing every page, as MkDocs writes them from all pages.

    MkDocs writes its sitemap from the pages it rendered; this writes the same file from every
    page of the site, whichever of them this build rendered.
    """
    date = utils.get_build_date()
    pages = []
    for file in files:
        canonical = abs_url = None
        if config.site_url:
            base = config.site_url if config.site_url.endswith("/") else config.site_url + "/"
            canonical = urljoin(base, file.url)
            abs_url = urlsplit(canonical).path
        pages.append(
            SimpleNamespace(
                page=SimpleNamespace(is_link=False, canonical_url=canonical, abs_url=abs_url, update_date=date)
            )
        )
    template = config.theme.get_env().get_template(SITEMAP)
    output = template.render(pages=pages)
    path = Path(config.site_dir) / SITEMAP
    utils.write_file(output.encode("utf-8"), str(path))
    timestamp = int(datetime.fromisoformat(date).replace(tzinfo=UTC).timestamp())
    with (
        open(f"{path}.gz", "wb") as out,
        gzip.GzipFile(fileobj=out, filename=f"{path}.gz", mode="wb", mtime=timestamp) as gz,
    ):
        gz.write(output.encode("utf-8"))
