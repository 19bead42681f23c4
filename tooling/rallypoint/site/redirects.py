"""Addresses that last: the pages a community had under other names, and where they are now.

A contribution, charter or profile renamed in git keeps its old address: the site publishes a
small redirect page there (``<meta http-equiv="refresh">``, ``rel=canonical``, a plain link,
``noindex``; no script), pointing straight at the page's current address however many times
it moved. A tag alias (``tags.aliases`` in community.yml) gets one at ``/tags/<alias>/`` too.
Renames come from the one history pass (:mod:`..history.log`); a redirect never takes the
place of a real page or file.

The same renames let ``[[old-slug]]`` keep leading to the page (:func:`with_renames`,
read by ``Community.resolve_link``), with an RP304 warning from :func:`renamed_link_problems`
asking to update it. Only the build reads the whole history, so only it gives that warning:
``check`` reports such a link as a wanted page, and ``review`` judges a rename made by the pull
request itself as breaking the links to it (RP501), to be mended before merging.
"""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Iterable, Iterator

from .. import catalogue as rp
from ..addresses import Page, contribution_key
from ..diagnostics import Diagnostic
from ..history.log import History
from ..model.records import Community
from ..model.wikilinks import find_wikilinks
from .i18n import ENGLISH, Language

_REDIRECT = """<!doctype html>
<html lang="{lang}" dir="{direction}">
<head>
<meta charset="utf-8">
<title>{moved}</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={href}">
<link rel="canonical" href="{canonical}">
</head>
<body>
<p>{sentence}</p>
</body>
</html>
"""


def _exists(community: Community, page: Page) -> bool:
    records = {
        "contribution": community.contributions,
        "purpose": community.purposes,
        "person": community.contributors,
    }.get(page.kind)
    return records is not None and page.id in records


def renamed_pages(community: Community, history: History) -> dict[Page, Page]:
    """Old page → the page it is now, for every rename git knows of whose file still exists.

    Each rename names the path the file has at HEAD (``Change.current``), so a page renamed
    several times maps every one of its old names straight to the current one. An old name
    that a page has again now is left out: the real page wins.
    """
    moved: dict[Page, Page] = {}
    for commit in history.commits:
        for change in commit.changes:
            if change.action != "renamed" or change.old_path is None:
                continue
            old, new = Page.of_source(change.old_path), Page.of_source(change.current)
            if old is None or new is None or old.kind != new.kind or old.folder == new.folder:
                continue
            if _exists(community, new) and not _exists(community, old):
                moved.setdefault(old, new)
    return moved


def with_renames(community: Community, history: History) -> Community:
    """The community with ``renamed`` set: wikilinks written with an old name then resolve."""
    renamed = {old.id: new.id for old, new in renamed_pages(community, history).items() if old.kind == "contribution"}
    return dataclasses.replace(community, renamed=renamed) if renamed else community


def redirect_files(
    community: Community, history: History, taken: Iterable[str], language: Language = ENGLISH
) -> dict[str, bytes]:
    """Site path (``<old folder>/index.html``) → a redirect page in ``language``, for renames and tag aliases.

    ``taken`` holds every path the site publishes otherwise (pages as ``<folder>/index.md``,
    feeds, images): a redirect never replaces one of them.
    """
    used = {path.removesuffix(".md") for path in taken}
    tags = {page.id for page in _tag_pages(community)}
    pairs = list(renamed_pages(community, history).items())
    pairs += [
        (Page("tag", alias), Page("tag", tag))
        for alias, tag in sorted(community.settings.tag_aliases.items())
        if tag in tags and alias != tag
    ]
    files: dict[str, bytes] = {}
    for old, new in pairs:
        where = f"{old.path}index.html"
        if f"{old.path}index" in used or where in used:
            continue
        files[where] = _page(community, old, new, language).encode()
    return files


def _tag_pages(community: Community) -> Iterator[Page]:
    for tag in {t for item in community.contributions.values() for t in item.tags}:
        yield Page("tag", tag)


def _page(community: Community, old: Page, new: Page, language: Language) -> str:
    href = new.url_from(old)
    site_url = community.settings.site_url
    canonical = f"{site_url.rstrip('/')}/{new.path}" if site_url else href
    title = html.escape(_title(community, new))
    link = f'<a href="{html.escape(href)}">{title}</a>'
    return _REDIRECT.format(
        lang=html.escape(language.tag),
        direction=language.direction,
        moved=language.gettext("Moved: %(title)s") % {"title": title},
        sentence=language.gettext("This page has moved to %(link)s.") % {"link": link},
        href=html.escape(href),
        canonical=html.escape(canonical),
    )


def _title(community: Community, page: Page) -> str:
    if page.kind == "contribution":
        return community.contributions[page.id].title
    if page.kind == "purpose":
        return community.purposes[page.id].title
    if page.kind == "person":
        return community.contributors[page.id].name
    return f"#{page.id}"


def renamed_link_problems(community: Community) -> list[Diagnostic]:
    """An RP304 warning for each wikilink that reaches its page only through an old name.

    ``community.renamed`` holds the renames (:func:`with_renames`); without them, none.
    """
    found: list[Diagnostic] = []
    if not community.renamed:
        return found
    for page in (*community.contributions.values(), *community.purposes.values()):
        for link in find_wikilinks(page.body):
            if link.problem or _named_now(community, link.purpose, link.slug):
                continue
            target = community.resolve_link(link.purpose, link.slug)
            if target is not None:
                name = target if link.purpose else _shortest(community, target)
                now = f"[[{name}|{link.text}]]" if link.text else f"[[{name}]]"
                found.append(
                    rp.RENAMED_LINK.at(
                        page.path,
                        page.body_line + link.line - 1,
                        link.column,
                        f"{link.raw} names a page that was renamed; write {now}",
                        fix=f"replace {link.raw} with {now} (the page is {target} now)",
                    )
                )
    return found


def _named_now(community: Community, purpose: str | None, slug: str) -> bool:
    if purpose:
        return contribution_key(purpose, slug) in community.contributions
    return slug in community.slugs


def _shortest(community: Community, key: str) -> str:
    """How a link to ``key`` is best written: its bare slug when no other purpose shares it."""
    slug = community.contributions[key].slug
    return slug if len(community.slugs.get(slug, ())) == 1 else key


def without_renamed_notices(diagnostics: Iterable[Diagnostic], problems: list[Diagnostic]) -> list[Diagnostic]:
    """The diagnostics with each wanted-page notice that a renamed-link warning replaces left out."""
    places = {(x.path, x.line, x.column) for x in problems}
    kept = [x for x in diagnostics if not (x.rule == rp.WANTED_PAGE.id and (x.path, x.line, x.column) in places)]
    return kept + problems
