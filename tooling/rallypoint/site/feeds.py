"""Atom feeds for the site, each purpose and each tag, made with feedgen.

Feeds are deterministic: entry order is stable and every timestamp comes from the content
or from git, never from the clock.
"""

from __future__ import annotations

import datetime as _dt

from feedgen.feed import FeedGenerator

from ..addresses import HOME, Page
from ..model.records import Community
from ..model.schema import slugify
from .i18n import ENGLISH, Language
from .indexes import Indexes

MAX_ENTRIES = 50


def _when(day: str | None) -> _dt.datetime:
    return _dt.datetime.fromisoformat(day or "1970-01-01").replace(tzinfo=_dt.UTC)


def _base(community: Community, feed_of: Page) -> str:
    """What links in the feed of ``feed_of`` start with: the site's address when it has one, else
    the way up from the feed's folder to the site root, so the links work wherever the site is
    published (a feed reader resolves them against the feed's own URL)."""
    url = community.settings.site_url
    if url:
        return url if url.endswith("/") else url + "/"
    return feed_of.to_root


def _href(base: str, path: str) -> str:
    return base + path or "./"


def _id(community: Community, page: Page) -> str:
    if community.settings.site_url:
        return _base(community, page) + page.path
    name = slugify(community.settings.name) or "community"
    return f"urn:rallypoint:{name}:{page.path or 'home'}"


def _feed(community: Community, indexes: Indexes, page: Page, title: str, keys: list[str]) -> bytes:
    items = community.contributions
    fg = FeedGenerator()
    fg.id(_id(community, page))
    fg.title(title)
    fg.subtitle(community.settings.description or title)
    base = _base(community, page)
    fg.link(href=_href(base, page.path), rel="alternate")
    fg.link(href=_href(base, page.feed), rel="self")
    fg.language(community.settings.language)
    updated = []
    for key in keys[:MAX_ENTRIES]:
        item = items[key]
        history = indexes.histories.get(item.path)
        when = _when(history.updated if history and history.updated else item.date)
        updated.append(when)
        entry = fg.add_entry(order="append")
        shown = Page("contribution", key)
        entry.id(_id(community, shown))
        entry.title(item.title)
        entry.link(href=_href(base, shown.path))
        entry.published(_when(item.date))
        entry.updated(when)
        for handle in item.authors:
            person = indexes.people.get(handle)
            entry.author({"name": (person.name if person else handle)})
        if item.summary:
            entry.summary(item.summary)
        for tag in item.tags:
            entry.category(term=tag)
    fg.updated(max(updated) if updated else _when(None))
    return fg.atom_str(pretty=True)


def render_feeds(community: Community, indexes: Indexes, language: Language = ENGLISH) -> dict[str, bytes]:
    """``feed.xml`` for the site, ``purposes/<id>/feed.xml``, ``tags/<tag>/feed.xml`` and
    ``notes/feed.xml`` (notes and posts only)."""
    items = community.contributions
    newest = sorted(items, key=lambda k: (items[k].date, k), reverse=True)
    name = community.settings.name or "Community"
    feeds = {HOME.feed: _feed(community, indexes, HOME, name, newest)}
    for pid, entry in indexes.purposes.items():
        page = Page("purpose", pid)
        feeds[page.feed] = _feed(
            community, indexes, page, f"{name}: {community.purposes[pid].title}", entry.contributions
        )
    notes = Page("notes")
    stream = [k for k in newest if items[k].kind in ("note", "post")]
    title = language.gettext("%(name)s: notes and posts") % {"name": name}
    feeds[notes.feed] = _feed(community, indexes, notes, title, stream)
    for tag, keys in indexes.tags.items():
        page = Page("tag", tag)
        feeds[page.feed] = _feed(community, indexes, page, f"{name}: #{tag}", keys)
    return feeds
