"""What `rallypoint import` finds: the pages of an existing site, whatever made it, and what each one says.

Static site generators and wikis keep one page per Markdown file, each in its own way:

- MkDocs and plain folders: ``docs/a.md``, ``docs/a/index.md`` or ``docs/a/README.md``;
- Jekyll: collections ``_posts/2024-01-02-title.md`` (the date is in the name), other
  ``_<collection>/`` folders, and ``_drafts/``;
- Hugo: ``content/a.md``, leaf bundles ``content/a/index.md`` and branch pages
  ``content/a/_index.md``, with YAML (``---``) or TOML (``+++``) front matter;
- GitHub wikis (Gollum): ``Page-Name.md`` beside ``Home.md``, with ``_Sidebar.md`` and
  ``_Footer.md`` around every page.

Each page becomes one contribution whose slug comes from its name; what cannot be a page
(templates, sidebars, other file types) is listed with the reason, never passed over in silence.
"""

from __future__ import annotations

import datetime as _dt
import posixpath
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import yaml

from ..addresses import COMMUNITY_FILE, CONTENT, CONTRIBUTORS, IMAGE_SUFFIXES, PURPOSES
from ..model.schema import slugify

MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd", ".mkdn")
_INDEX_STEMS = frozenset({"index", "_index", "readme"})
_WIKI_FRAMES = frozenset({"_sidebar", "_footer", "_header"})
_DATED = re.compile(r"(\d{4}-\d{2}-\d{2})-(.+)")
REPOSITORY_FILES = frozenset(
    {"readme", "contributing", "license", "licence", "code_of_conduct", "code-of-conduct", "security", "changelog"}
)
"""Names (any case, any suffix) of a repository's own documents, skipped when importing its top folder."""


@dataclass
class Page:
    """One Markdown file to import, read."""

    path: str
    """From the top of the repository."""
    root: str
    """The folder given to ``import`` that it was found under, from the top."""
    slug: str
    meta: dict
    """Its front matter, as the site generator read it (YAML or TOML); empty when it has none."""
    body: bytes
    """Everything after the front matter, as it is in the file."""
    jekyll_date: str | None = None
    """The date in a Jekyll post's file name."""
    title_hint: str = ""
    """A title from the file's name, for pages without one."""
    collection: str = ""
    """``jekyll`` in a Jekyll collection (where tags are separated by spaces), else empty."""


@dataclass
class Found:
    """Everything under the folders to import."""

    pages: list[Page] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    """Images under the folders, from the top: moved along when a page shows them."""
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """(path, why) of files that are not imported."""
    unreadable: list[tuple[str, str]] = field(default_factory=list)
    """(path, why) of pages that cannot be read: the import stops on them."""


def find_pages(files: Sequence[str], roots: Sequence[str], read: Callable[[str], bytes], community: Community) -> Found:
    """Sort ``files`` (tracked, from the top, each under one of ``roots``) into pages, images and the rest.

    ``read`` returns a file's bytes; ``community`` says where the community is, whose own
    files are never imported.
    """
    found = Found()
    for path in files:
        root = max((r for r in roots if r == "" or path == r or path.startswith(r + "/")), key=len)
        reason = _not_a_page(path, root, community)
        if reason:
            found.skipped.append((path, reason))
            continue
        suffix = posixpath.splitext(path)[1].lower()
        if suffix in IMAGE_SUFFIXES:
            found.images.append(path)
        elif suffix not in MARKDOWN_SUFFIXES:
            found.skipped.append((path, f"not Markdown ({suffix or 'no suffix'})"))
        else:
            page = _read_page(path, root, read(path), found)
            if page is not None:
                found.pages.append(page)
    return found


@dataclass(frozen=True)
class Community:
    """Where the community's own files are, so that an import never takes one of them."""

    folder: str
    """The community's root, from the top of the repository (``""`` at the top)."""
    purposes: frozenset[str]
    """Purpose ids whose ``content/<id>/`` folder is the community's (the existing ones and the target)."""

    def owns(self, path: str) -> bool:
        inside = path[len(self.folder) + 1 :] if self.folder else path
        if self.folder and not path.startswith(self.folder + "/"):
            return False
        parts = inside.split("/")
        if inside == COMMUNITY_FILE or parts[0] in (PURPOSES, CONTRIBUTORS):
            return True
        # A Hugo site's content/en/ lies in the community's content/ but is no purpose's folder.
        return parts[0] == CONTENT and len(parts) > 2 and parts[1] in self.purposes

    def top_level(self, path: str) -> bool:
        return posixpath.dirname(path) == self.folder


def would_import(path: str, roots: Sequence[str], community: Community) -> bool:
    """Whether a file (from the top) under ``roots`` is a page or an image an import would take."""
    root = max((r for r in roots if r == "" or path == r or path.startswith(r + "/")), key=len, default=None)
    suffix = posixpath.splitext(path)[1].lower()
    return (
        root is not None and suffix in (*MARKDOWN_SUFFIXES, *IMAGE_SUFFIXES) and not _not_a_page(path, root, community)
    )


def _not_a_page(path: str, root: str, community: Community) -> str | None:
    if community.owns(path):
        return "already a community file"
    stem = posixpath.splitext(posixpath.basename(path))[0].lower()
    if any(part.startswith(".") for part in path[len(root) :].split("/") if part):
        return "hidden"
    if stem in _WIKI_FRAMES:
        return "a GitHub wiki sidebar, header or footer: its links belong in the pages"
    if stem.startswith("_") and stem != "_index":
        return "a template or partial (its name starts with `_`)"
    if stem in REPOSITORY_FILES and community.top_level(path):
        return "the repository's own document"
    return None


def _read_page(path: str, root: str, raw: bytes, found: Found) -> Page | None:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        found.unreadable.append((path, f"byte {error.start} is not UTF-8; save the file as UTF-8"))
        return None
    try:
        meta, body_start = split_front_matter(text)
    except ValueError as error:
        found.unreadable.append((path, f"its front matter cannot be read: {error}"))
        return None
    body = raw[len(text[:body_start].encode("utf-8")) :]
    name = posixpath.basename(path)
    stem = posixpath.splitext(name)[0]
    folder = posixpath.dirname(path)
    jekyll_date = None
    collection = "jekyll" if any(part.startswith("_") for part in folder.split("/")) else ""
    dated = _DATED.fullmatch(stem)
    if dated and _is_date(dated[1]):
        jekyll_date, stem = dated[1], dated[2]
    if stem.lower() in _INDEX_STEMS:
        stem = posixpath.basename(folder) if folder != root else ""
    hint = stem.replace("-", " ").replace("_", " ").strip()
    wanted = meta.get("slug") if isinstance(meta.get("slug"), str) else stem
    slug = slugify(wanted) or slugify(stem)
    return Page(path, root, slug, meta, body, jekyll_date, hint[:1].upper() + hint[1:], collection)


def _is_date(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def split_front_matter(text: str) -> tuple[dict, int]:
    """(front matter, where the body starts) of a page's text; ValueError when it cannot be read.

    YAML between ``---`` lines (Jekyll, MkDocs, Hugo), or TOML between ``+++`` lines (Hugo).
    """
    start = 1 if text.startswith("\ufeff") else 0
    for fence, parse in (("---", _yaml), ("+++", tomllib.loads)):
        if not text.startswith(fence + "\n", start) and not text.startswith(fence + "\r\n", start):
            continue
        match = re.compile(rf"^(?:{re.escape(fence)}|\.\.\.)[ \t]*\r?$\n?", re.M).search(text, start + len(fence) + 1)
        if match is None:
            raise ValueError(f"it opens with `{fence}` but never closes")
        try:
            meta = parse(text[start + len(fence) + 1 : match.start()])
        except (yaml.YAMLError, tomllib.TOMLDecodeError) as error:
            raise ValueError(str(error).replace("\n", " ")) from None
        if meta is None:
            meta = {}
        if not isinstance(meta, dict):
            raise ValueError("it is not a mapping of keys to values")
        return meta, match.end()
    return {}, start


def _yaml(text: str) -> object:
    # Site generators read YAML 1.1 (dates become dates, `yes` a boolean): read it as they did.
    return yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
