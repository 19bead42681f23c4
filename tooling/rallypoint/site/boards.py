"""The long lists, page by page: the community's boards (ideas, open questions, forecasts,
wanted pages), a contribution's backlinks and a person's works.

Each board page gets the board cut to what it shows (the same shape as the whole one, so a
template loops as before), the whole board for counts and filters, its pager, and ``starts``:
the page where each group begins, so a filter link leads to a group on whichever page it is.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from ..addresses import WANTED_PAGE, Page
from ..model.records import Community
from .contribute import github_repo, wanted_invitations
from .forecasts import forecast_board
from .i18n import Language
from .indexes import Indexes, WantedPage
from .pagination import Pager, page_of, paginate, paginate_groups
from .social import idea_board, open_questions

Emit = Callable[..., None]
WORKS = ("authored", "edited")
"""A person's works, each a paginated list at ``contributors/<key>/<which>/``."""


def numbered(lang: Language, title: str, pager: Pager) -> str:
    """A page's title, with its number after the first page."""
    if pager.number == 1:
        return title
    numbers = {"title": title, "number": lang.number(pager.number), "count": lang.number(pager.count)}
    return lang.gettext("%(title)s (page %(number)s of %(count)s)") % numbers


def wanted_pages(wanted: list[WantedPage]) -> dict[str, Page]:
    """Each wanted page's target → the page of /wanted/ that lists it, which bodies link to."""
    return {entry.target: page_of(WANTED_PAGE, i) for i, entry in enumerate(wanted)}


def emit_boards(emit: Emit, community: Community, indexes: Indexes, lang: Language) -> None:
    """/ideas/, /questions/, /forecasts/ and /wanted/, each on as many pages as it takes."""
    _ = lang.gettext
    board = idea_board(community, indexes.measures)
    groups = {
        **{f"purpose-{pid}": entries for pid, entries in board.by_purpose.items()},
        **{f"status-{status}": entries for status, entries in board.by_status.items()},
    }
    for here, part, pager, starts in paginate_groups(Page("ideas"), groups):
        shown = dataclasses.replace(
            board,
            by_purpose={p: part[f"purpose-{p}"] for p in board.by_purpose if f"purpose-{p}" in part},
            by_status={s: part[f"status-{s}"] for s in board.by_status if f"status-{s}" in part},
        )
        title = numbered(lang, _("Ideas"), pager)
        emit("ideas.html.jinja", here, title=title, board=shown, whole=board, pager=pager, starts=starts)
    questions = open_questions(community, indexes.answers, indexes.measures)
    groups = {f"purpose-{pid}": entries for pid, entries in questions.items()}
    for here, part, pager, starts in paginate_groups(Page("questions"), groups):
        shown = {pid: part[f"purpose-{pid}"] for pid in questions if f"purpose-{pid}" in part}
        title = numbered(lang, _("Open questions"), pager)
        emit("questions.html.jinja", here, title=title, open=shown, whole=questions, pager=pager, starts=starts)
    forecasts = forecast_board(indexes.measures)
    sections = ("open", "resolved", "leaders", "waiting")
    groups = {section: getattr(forecasts, section) for section in sections}
    for here, part, pager, starts in paginate_groups(Page("forecasts"), groups):
        shown = dataclasses.replace(forecasts, **{section: tuple(part.get(section, ())) for section in sections})
        title = numbered(lang, _("Forecasts"), pager)
        emit("forecasts.html.jinja", here, title=title, board=shown, whole=forecasts, pager=pager, starts=starts)
    write = wanted_invitations(community, indexes)
    on_github = github_repo(community) is not None
    for here, listed, pager in paginate(WANTED_PAGE, indexes.wanted):
        title = numbered(lang, _("Wanted pages"), pager)
        emit("wanted.html.jinja", here, title=title, listed=listed, write=write, on_github=on_github, pager=pager)


def emit_long_lists(emit: Emit, community: Community, indexes: Indexes, lang: Language, shown: int) -> None:
    """Every page that links to a contribution, and everything a person wrote or edited, for
    the contributions and people with more than the ``shown`` their own page lists."""
    _ = lang.gettext
    items = community.contributions
    for key, linking in indexes.backlinks.items():
        if len(linking) <= shown:
            continue
        title = _("Pages linking to %(title)s") % {"title": items[key].title}
        for here, listed, pager in paginate(Page("backlinks", key), linking):
            title_here = numbered(lang, title, pager)
            emit("linked_from.html.jinja", here, title=title_here, item=items[key], listed=listed, pager=pager)
    for person_key, person in indexes.people.items():
        for which in WORKS:
            keys = getattr(person, which)
            if len(keys) <= shown:
                continue
            title = _("Written by %(name)s") if which == "authored" else _("Edited by %(name)s")
            title %= {"name": person.name}
            for here, listed, pager in paginate(Page("works", f"{person_key}/{which}"), keys):
                title_here = numbered(lang, title, pager)
                emit("works.html.jinja", here, title=title_here, person=person, keys=listed, pager=pager)
