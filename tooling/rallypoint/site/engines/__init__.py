"""Engines: what turns rallypoint's pages into a site with the Material look, navigation and search.

rallypoint makes every page itself: :func:`assemble` gathers the pages' HTML (templates), their
bodies (sanitised Markdown), the feeds, the stylesheet and the images into one
:class:`SiteContent`, which knows nothing of the engine that publishes it. An engine is a module
with ``build(job: BuildJob) -> BuiltSite`` that writes the site into ``job.work / "site"``:

- ``material``: MkDocs with mkdocs-material, through rallypoint's MkDocs plugin (the default);
- ``zensical``: Zensical, the successor of Material by the same authors (``rallypoint[zensical]``).

Both read the same :func:`site_config`; README's engine table says where their sites differ.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ...addresses import HOME, REPORT_FILE, Page, image_site_path
from ...errors import BuildFailed
from ...history.log import History
from ...measures import report_json
from ...model.records import CheckResult, Community, Settings
from ...model.schema import BUILD_ENGINES
from ..boards import wanted_pages
from ..bodies import BodyRenderer
from ..feeds import render_feeds
from ..i18n import N_, is_rtl, language
from ..indexes import Indexes, build_indexes
from ..pages import DEFAULT_TEMPLATES, SitePages, render_pages, template_environment
from ..redirects import redirect_files, with_renames

__all__ = [
    "BUILD_ENGINES",
    "NAV",
    "STYLESHEET",
    "BuildError",
    "BuildJob",
    "BuiltSite",
    "SiteContent",
    "assemble",
    "load_engine",
    "nav",
    "site_config",
    "theme_folders",
]

STYLESHEET = "assets/rallypoint.css"
SEARCH_SCRIPT = "assets/search.js"
"""The search page's script (site_templates/search.html.jinja); overrides load it on that page."""
NAV = [
    {"Home": HOME.src},
    {"Purposes": Page("purposes").src},
    {"Dashboard": Page("dashboard").src},
    {"Contributors": Page("contributors").src},
    {"Tags": Page("tags").src},
    {"Recent changes": Page("changes").src},
    {"Search": Page("search").src},
]

Progress = Callable[[str, int, int], None]


def nav(tag: str) -> list[dict[str, str]]:
    """NAV with its titles in the language ``tag`` names (the package's catalogues: the tabs are
    the theme's, like its palette toggle)."""
    spoken = language(None, tag)
    return [{spoken.gettext(title): src for title, src in entry.items()} for entry in NAV]


class BuildError(BuildFailed):
    """The engine failed; the previous site is untouched."""


@dataclass
class SiteContent:
    """Everything rallypoint publishes, ready for any engine."""

    pages: SitePages
    """Each page's Markdown stub (its meta and a marker), its HTML, and whose body goes in it."""
    bodies: BodyRenderer
    """Renders the sanitised body that replaces BODY_MARKER in a contribution's or a charter's page."""
    files: dict[str, bytes]
    """Site path → a generated file (the Atom feeds, report.json)."""
    copies: dict[str, Path]
    """Site path → a file published as it is (the stylesheet, the contributions' images)."""
    indexes: Indexes | None = None
    """What the pages were made from; search records take names and editors from it."""


def assemble(root: Path, community: Community, history: History, *, lazy: bool = False) -> SiteContent:
    """Every page, feed and file of the community's site; bodies render on demand, and with
    ``lazy`` the pages' HTML too (:meth:`~rallypoint.site.pages.SitePages.render_html`)."""
    community = with_renames(community, history)
    indexes = build_indexes(community, history)
    spoken = language(root, community.settings.language)
    pages = render_pages(community, indexes, history, template_environment(root, language=spoken), lazy=lazy)
    copies = {name: template_file(root, name) for name in (STYLESHEET, SEARCH_SCRIPT)}
    for image in community.images:
        copies[image_site_path(image)] = root / image
    files = render_feeds(community, indexes, spoken)
    files[REPORT_FILE] = report_json(indexes.measures).encode()
    files.update(redirect_files(community, history, [*pages.pages, *files, *copies], spoken))
    return SiteContent(pages, BodyRenderer(community, wanted_pages(indexes.wanted)), files, copies, indexes)


def template_file(root: Path, name: str) -> Path:
    """The community's own ``site_templates/<name>`` when it has one, else the default."""
    own = root / "site_templates" / name
    return own if own.is_file() else DEFAULT_TEMPLATES / name


def theme_folders(root: Path) -> list[Path]:
    """Theme override folders, the one that wins first: the community's, then the defaults."""
    return [f for f in (root / "site_templates" / "overrides", DEFAULT_TEMPLATES / "overrides") if f.is_dir()]


def site_config(settings: Settings) -> dict:
    """The mkdocs.yml both engines read: the theme, its palette and features, the Markdown
    extensions, and the site's name and addresses. Each engine adds its own folders and hooks."""
    config = {
        "site_name": settings.name or "Community",
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            # The theme's default fetches Roboto from Google Fonts: a third party on every page
            # view, and a dozen failed requests offline. System fonts load nothing.
            "font": False,
            "features": [
                "navigation.tabs",
                "navigation.top",
                "content.code.copy",
            ],
            "palette": [
                {
                    "media": "(prefers-color-scheme: light)",
                    "scheme": "default",
                    "primary": "teal",
                    "accent": "amber",
                    "toggle": {"icon": "material/weather-night", "name": N_("Dark mode")},
                },
                {
                    "media": "(prefers-color-scheme: dark)",
                    "scheme": "slate",
                    "primary": "teal",
                    "accent": "amber",
                    "toggle": {"icon": "material/weather-sunny", "name": N_("Light mode")},
                },
            ],
        },
        "markdown_extensions": ["toc", "tables", "admonition"],
    }
    config["theme"]["language"] = theme_language(settings.language)
    if is_rtl(settings.language):
        config["theme"]["direction"] = "rtl"
    spoken = language(None, settings.language)
    for palette in config["theme"]["palette"]:
        palette["toggle"]["name"] = spoken.gettext(palette["toggle"]["name"])
    if settings.site_url:
        config["site_url"] = settings.site_url
    if settings.repo_url:
        config["repo_url"] = settings.repo_url
    # The name a screen reader gives a wide table's scrolling region (overrides/assets/rallypoint/tables.js).
    config["extra"] = {"table_label": spoken.gettext("Table")}
    if settings.giscus:
        # Read by overrides/partials/comments.html on pages whose meta says `comments: true`.
        config["extra"]["giscus"] = dataclasses.asdict(settings.giscus)
    return config


def theme_language(tag: str) -> str:
    """The language Material has strings for that comes nearest ``tag``: the tag itself
    (``pt-BR``), else with its last subtags dropped one at a time (``es-MX`` → ``es``), else English.
    Material writes it into every page's ``<html lang>``."""
    import material

    known = {
        f.stem.lower(): f.stem for f in (Path(material.__file__).parent / "templates/partials/languages").glob("*.html")
    }
    parts = tag.split("-")
    while parts:
        found = known.get("-".join(parts).lower())
        if found:
            return found
        parts.pop()
    return "en"


@dataclass(frozen=True)
class BuildJob:
    """What an engine is given: the checked community, and an empty folder to work in."""

    root: Path
    result: CheckResult
    history: History
    work: Path
    """An empty folder on the target's file system; the engine leaves the site in ``work / "site"``."""
    progress: Progress | None = None
    verbose: bool = False
    """Show the engine's own log."""
    parallel: bool = True
    """Render bodies in worker processes; the site is the same either way."""
    selection: Any = None
    """Which pages the engine renders (:class:`rallypoint.site.selection.Selection`; Material only)."""
    assembled: Callable[[SiteContent], None] | None = None
    """Told what the site holds as soon as it is assembled, before the pages are written (the
    search index starts then, beside them)."""


@dataclass(frozen=True)
class BuiltSite:
    site: Path
    pages: int
    unrendered: tuple[tuple[str, str], ...] = ()
    """(source path, why) of each body shown as plain text because it could not be rendered."""
    content: SiteContent | None = None
    """What the engine published: the search index is made from it, whichever the engine."""


def load_engine(name: str):
    """The engine module called ``name``; BuildError when it is unknown or not installed."""
    if name not in BUILD_ENGINES:
        raise BuildError(f"no engine called {name!r}; choose one of {', '.join(BUILD_ENGINES)}")
    module = importlib.import_module(f"{__name__}.{name}")
    module.check_installed()
    return module


def unrendered(content: SiteContent) -> tuple[tuple[str, str], ...]:
    """The bodies that were shown as plain text, and why, by source path."""
    bodies = content.bodies
    return tuple((bodies.path_of(page), why) for page, why in sorted(bodies.problems.items()))
