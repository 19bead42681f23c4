"""Where things live: the community's source paths and the site's addresses, in one place.

A community keeps its files at ``community.yml``, ``purposes/<id>.md``,
``content/<purpose>/<slug>.md`` and ``contributors/<handle>.yml``; the site shows them at
``/purposes/<id>/``, ``/<purpose>/<slug>/`` and ``/contributors/<handle>/`` beside its own
sections (``/tags/<tag>/``, ``/changes/``, ``/wanted/``). A :class:`Page` names one page of the
site and converts between the two: its source file, its folder, its URL from another page,
its feed. Code that would split or join these paths asks this module instead.

A page's folder is unique: contribution folders are ``<purpose>/<slug>`` and a purpose may not
take the name of one of the site's own sections (:data:`RESERVED_PURPOSE_IDS`), so no
contribution can land in ``purposes/``, ``contributors/`` or ``tags/``. Pages therefore sort
and compare by their folder.
"""

from __future__ import annotations

import functools
import posixpath
from dataclasses import dataclass
from typing import Literal

COMMUNITY_FILE = "community.yml"
PURPOSES = "purposes"
CONTENT = "content"
CONTRIBUTORS = "contributors"
FOLDERS = (PURPOSES, CONTENT, CONTRIBUTORS)
"""The folders of a community's own files."""
MARKDOWN_SUFFIX = ".md"
PROFILE_SUFFIX = ".yml"
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".webp")
"""Images a contribution may show, lower case; a tuple so ``str.endswith`` takes it too."""

TAGS = "tags"
CHANGES = "changes"
WANTED = "wanted"
DASHBOARD = "dashboard"
IDEAS = "ideas"
QUESTIONS = "questions"
NOTES = "notes"
"""The stream: the newest notes and posts of everyone, each shown whole."""
FORECASTS = "forecasts"
"""Open and resolved forecasts, and the leaderboard of forecasters."""
SECTIONS = (PURPOSES, CONTRIBUTORS, TAGS, CHANGES, WANTED, DASHBOARD, IDEAS, QUESTIONS, NOTES, FORECASTS)
"""The site's own top-level folders, beside each purpose's folder of contributions."""
RESERVED_PURPOSE_IDS = frozenset({*SECTIONS, "assets", "search", "pagefind"})
"""Purpose ids that would collide with a folder of the site: its sections, ``assets/`` (the
stylesheet), ``search/`` (the search page) and ``pagefind/`` (the search index)."""
SEARCH = "search"
"""The search page, and Pagefind's index beside it in ``pagefind/``."""
FEED_FILE = "feed.xml"
REPORT_FILE = "report.json"
"""The community's measurements (``rallypoint report --format json``), at the site's root."""

PageKind = Literal[
    "home",
    "purposes",
    "purpose",
    "contribution",
    "contributors",
    "person",
    "tags",
    "tag",
    "changes",
    "wanted",
    "dashboard",
    "ideas",
    "questions",
    "notes",
    "forecasts",
    "listing",
    "works",
    "backlinks",
    "search",
]
_INDEX_FOLDERS: dict[str, str] = {
    "home": "",
    "purposes": PURPOSES,
    "contributors": CONTRIBUTORS,
    "tags": TAGS,
    "changes": CHANGES,
    "wanted": WANTED,
    "dashboard": DASHBOARD,
    "ideas": IDEAS,
    "questions": QUESTIONS,
    "notes": NOTES,
    "forecasts": FORECASTS,
    "search": SEARCH,
}
"""Pages without an id, and their folders."""
_SECTION_OF: dict[str, str] = {
    "purpose": PURPOSES,
    "person": CONTRIBUTORS,
    "tag": TAGS,
    "listing": PURPOSES,
    "works": CONTRIBUTORS,
}
"""Pages with an id that live in a section: ``<section>/<id>/``."""
_SOURCE_KIND = {PURPOSES: "purpose", CONTRIBUTORS: "person"}
PAGINATED = frozenset(
    {"contributors", "tags", "tag", "listing", "works", "backlinks", "ideas", "questions", "forecasts", "wanted"}
)
"""Pages that list one entry per person, tag or contribution, split into numbered pages:
page 1 at the page's own URL, page ``n`` at ``<folder>/page/<n>/``."""
PAGE_FOLDER = "page"
LINKED_FROM = "linked-from"
"""The folder under a contribution's page of every page that links to it."""


def contribution_key(purpose: str, slug: str) -> str:
    """``purpose/slug``: a contribution's key, unique in the community, and its page's id."""
    return f"{purpose}/{slug}"


@functools.total_ordering
@dataclass(frozen=True)
class Page:
    """One page of the site: its kind and, for pages of one thing, that thing's id.

    The id of a contribution page is the contribution's key (``purpose/slug``), of a purpose
    page the purpose id, of a person page the person's key (a handle, or the key given to
    someone known from git only), of a tag page the tag, of a listing (all of one kind in a
    purpose: ``purposes/<id>/<kind>/``) ``<purpose id>/<kind>``, of a person's works (what they
    wrote or edited: ``contributors/<key>/<authored|edited>/``) ``<person key>/<which>``, of a
    contribution's backlinks (``<purpose>/<slug>/linked-from/``) the contribution's key.
    """

    kind: PageKind
    id: str = ""
    number: int = 1
    """Which page of a paginated list (:data:`PAGINATED`); 1 is the page's own URL."""

    def __post_init__(self) -> None:
        if self.number != 1 and (self.kind not in PAGINATED or self.number < 1):
            raise ValueError(f"the {self.kind} page has no page {self.number}")
        if self.kind in _INDEX_FOLDERS:
            if self.id:
                raise ValueError(f"the {self.kind} page has no id, got {self.id!r}")
        elif self.kind not in _SECTION_OF and self.kind not in ("contribution", "backlinks"):
            raise ValueError(f"no such kind of page: {self.kind!r}")
        elif not self.id:
            raise ValueError(f"a {self.kind} page needs an id")

    def __lt__(self, other: Page) -> bool:
        if not isinstance(other, Page):
            return NotImplemented
        return self.folder < other.folder

    def numbered(self, number: int) -> Page:
        """Page ``number`` of this paginated list (``tags/t/page/2/``)."""
        return Page(self.kind, self.id, number)

    @classmethod
    def of_source(cls, path: str) -> Page | None:
        """The page that shows the file at ``path`` (relative to the community root), if any.

        ``content/a/b.md`` → contribution ``a/b``, ``purposes/x.md`` → purpose ``x``,
        ``contributors/h.yml`` → person ``h``; images, settings and misplaced files → None.
        Suffixes match in any case, as the layout check reads them. Ids are not checked here:
        the layout check says what is wrong with a name.
        """
        parts = path.split("/")
        stem, dot, suffix = parts[-1].rpartition(".")
        if not dot or not stem:
            return None
        suffix = f".{suffix.lower()}"
        if parts[0] == CONTENT and len(parts) == 3 and suffix == MARKDOWN_SUFFIX and parts[1]:
            return cls("contribution", contribution_key(parts[1], stem))
        if len(parts) == 2 and (parts[0], suffix) in ((PURPOSES, MARKDOWN_SUFFIX), (CONTRIBUTORS, PROFILE_SUFFIX)):
            return cls(_SOURCE_KIND[parts[0]], stem)
        return None

    @property
    def source(self) -> str | None:
        """The file this page shows, relative to the community root, when it shows one."""
        if self.kind == "contribution":
            return f"{CONTENT}/{self.id}{MARKDOWN_SUFFIX}"
        if self.kind == "purpose":
            return f"{PURPOSES}/{self.id}{MARKDOWN_SUFFIX}"
        if self.kind == "person":
            return f"{CONTRIBUTORS}/{self.id}{PROFILE_SUFFIX}"
        return None

    @property
    def folder(self) -> str:
        """The page's folder in the site, without slashes at the ends (``""`` for home)."""
        if self.kind in _INDEX_FOLDERS:
            folder = _INDEX_FOLDERS[self.kind]
        elif self.kind == "contribution":
            return self.id
        elif self.kind == "backlinks":
            folder = f"{self.id}/{LINKED_FROM}"
        else:
            folder = f"{_SECTION_OF[self.kind]}/{self.id}"
        return f"{folder}/{PAGE_FOLDER}/{self.number}" if self.number > 1 else folder

    @property
    def path(self) -> str:
        """The page's URL path from the site root: ``purposes/x/``, or ``""`` for home."""
        folder = self.folder
        return f"{folder}/" if folder else ""

    @property
    def src(self) -> str:
        """The generated Markdown page MkDocs turns into this page: ``<folder>/index.md``.

        Every page is an ``index.md`` so that its URL is its folder whatever the id, ``index``
        included.
        """
        return f"{self.path}index.md"

    @property
    def feed(self) -> str:
        """The path from the site root of the page's Atom feed (home, purposes and tags have one);
        every page of a paginated list shares its first page's."""
        return f"{Page(self.kind, self.id).path}{FEED_FILE}"

    @property
    def to_root(self) -> str:
        """The relative URL from this page up to the site root (``""`` on the home page)."""
        folder = self.folder
        return "../" * (folder.count("/") + 1) if folder else ""

    def url_from(self, here: Page, *, shortest: bool = False) -> str:
        """This page's relative URL on the page ``here``.

        Templates link up to the root and down again (``../../tags/t/``), the same spelling
        from every page of one depth; bodies use the shortest relative path (``../other/``),
        as a contributor would write it. Both lead to the same folder.
        """
        if shortest:
            return posixpath.relpath(self.folder or ".", here.folder or ".") + "/"
        if self.folder == here.folder:
            return "./"
        return f"{here.to_root}{self.path}" or "./"


HOME = Page("home")
WANTED_PAGE = Page("wanted")


def wanted_anchor(target: str) -> str:
    """The id of a wanted page's entry on /wanted/: ``purpose/slug`` → ``purpose--slug``.

    Bodies link to ``/wanted/#<anchor>`` and the wanted page gives each entry that id. The
    anchor of ``a/b`` is the same as that of a bare ``[[a--b]]``; published links keep this
    spelling all the same.
    """
    return target.replace("/", "--")


def purpose_of(path: str) -> str | None:
    """The purpose whose files include ``path``: its charter, or anything under ``content/<id>/``.

    ``purposes/x.md`` → ``x``, ``content/x/a.md`` and ``content/x/img/p.png`` → ``x``; any
    other path → None.
    """
    parts = path.split("/")
    if parts[0] == CONTENT and len(parts) >= 3 and parts[1]:
        return parts[1]
    if parts[0] == PURPOSES and len(parts) == 2 and parts[1].lower().endswith(MARKDOWN_SUFFIX):
        return parts[1][: -len(MARKDOWN_SUFFIX)] or None
    return None


def goal_anchor(goal_id: str) -> str:
    """The id of a goal on its purpose's page, which contributions serving it link to."""
    return f"goal-{goal_id}"


def body_url(relative: str, source: Page | None = None, here: Page | None = None) -> str:
    """A relative path written in a body, from its source file's folder, as seen from a page.

    A page sits one folder deeper than its source (``content/a/b.md`` is shown at ``a/b/``,
    ``purposes/x.md`` at ``purposes/x/``), so on its own page ``c.md`` becomes ``../c/`` and
    ``img/p.png`` becomes ``../img/p.png``. When the body of ``source`` is shown on another
    page ``here`` (a stream, a question's page), the URL leads to the same place from there:
    on ``/notes/``, ``img/p.png`` of ``a/b`` becomes ``../a/img/p.png``. ``relative`` is
    normalised and stays inside its folder.
    """
    page = relative.endswith(MARKDOWN_SUFFIX)
    url = f"../{relative[: -len(MARKDOWN_SUFFIX)]}/" if page else f"../{relative}"
    if source is None or here is None or source.folder == here.folder:
        return url
    target = posixpath.normpath(posixpath.join(source.folder, url))
    moved = posixpath.relpath(target, here.folder or ".")
    return f"{moved}/" if url.endswith("/") else moved


def image_site_path(path: str) -> str:
    """Where an image of ``content/`` is published: ``content/a/img/p.png`` → ``a/img/p.png``."""
    return path.split("/", 1)[1]
