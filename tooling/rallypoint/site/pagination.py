"""Numbered pages: long lists cut so that no page of the site grows with the community.

Page 1 of a list is at the page's own URL, page ``n`` at ``<folder>/page/<n>/``
(:meth:`~rallypoint.addresses.Page.numbered`); each page links to its neighbours with
rel=prev/next (``_pager.jinja``). A list may come in groups (ideas by purpose, then by
status; open questions by purpose): the groups run on from page to page, and each page shows
the part of each group it holds, under the group's heading.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

from ..addresses import Page

PAGE_SIZE = 100
"""Entries on one page of a paginated list (tags, a tag's contributions, contributors, ideas,
open questions, forecasts, wanted pages, backlinks, a person's contributions)."""
LIST_SIZE = 50
"""Entries a page lists in a section of its own before it links to the whole list: a profile's
contributions, a purpose's by kind, a contribution's backlinks."""

K = TypeVar("K")
T = TypeVar("T")


@dataclass(frozen=True)
class Pager:
    """Where a page sits in its paginated list, for the previous/next links."""

    number: int
    count: int
    total: int
    """Entries on all pages together."""
    previous: Page | None
    next: Page | None


def paginate(first: Page, entries: Sequence[T]) -> Iterator[tuple[Page, list[T], Pager]]:
    """Each page of ``entries`` (at least one, empty when there is nothing to list)."""
    count = max(1, -(-len(entries) // PAGE_SIZE))
    for n in range(1, count + 1):
        previous = first.numbered(n - 1) if n > 1 else None
        following = first.numbered(n + 1) if n < count else None
        pager = Pager(n, count, len(entries), previous, following)
        yield first.numbered(n), list(entries[(n - 1) * PAGE_SIZE : n * PAGE_SIZE]), pager


def paginate_groups(
    first: Page, groups: Mapping[K, Sequence[T]]
) -> Iterator[tuple[Page, dict[K, list[T]], Pager, dict[K, Page]]]:
    """Each page of the entries of ``groups``, in order: the page, the part of each group on it
    (groups without an entry there are left out), its pager, and the page each group starts on
    (a group without entries has none), for links to a group from any page."""
    flat = [(key, entry) for key, entries in groups.items() for entry in entries]
    starts: dict[K, Page] = {}
    for i, (key, _) in enumerate(flat):
        starts.setdefault(key, page_of(first, i))
    for here, listed, pager in paginate(first, flat):
        part: dict[K, list[T]] = {}
        for key, entry in listed:
            part.setdefault(key, []).append(entry)
        yield here, part, pager, starts


def page_of(first: Page, index: int) -> Page:
    """The page of ``first``'s list that shows its entry number ``index`` (from 0)."""
    return first.numbered(index // PAGE_SIZE + 1)
