"""Links: wikilinks between pages."""

from __future__ import annotations

from ..diagnostics import rule
from ._examples import _example

__all__ = ["AMBIGUOUS_LINK", "MALFORMED_LINK", "RENAMED_LINK", "WANTED_PAGE"]

MALFORMED_LINK = rule(
    "RP301",
    "malformed-wikilink",
    "error",
    "A wikilink is not `[[slug]]`, `[[slug|text]]` or `[[purpose-id/slug]]`.",
    "Write the target as a slug (lowercase letters, digits and hyphens).",
    why="A wikilink whose target is not a slug can never lead anywhere; readers would find a "
    "broken link where the author meant a page.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
        Drain the drum first, as in [[Drain Pump]].
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
        Drain the drum first, as in [[drain-pump]].
    """),
)
AMBIGUOUS_LINK = rule(
    "RP302",
    "ambiguous-wikilink",
    "error",
    "A bare `[[slug]]` matches contributions in more than one purpose.",
    "Write `[[purpose-id/slug]]` to say which one.",
    why="The link cannot know which page the author meant; picking one silently would send readers "
    "to the wrong page, and the choice could change when someone adds another.",
    bad=_example("""
        # content/repair/first-cafe.md  (content/cafes/first-cafe.md exists too)
        ---
        title: What we mended at our first café
        kind: article
        authors: [bob]
        date: 2026-02-11
        ---
        Written the day after [[first-cafe]].
    """),
    good=_example("""
        # content/repair/first-cafe.md
        ---
        title: What we mended at our first café
        kind: article
        authors: [bob]
        date: 2026-02-11
        ---
        Written the day after [[cafes/first-cafe]].
    """),
)
WANTED_PAGE = rule(
    "RP303",
    "wanted-page",
    "notice",
    "A wikilink to a page nobody has written yet (a wanted page).",
    "Write the page, or fix the slug if it is a typo.",
    why="Wanted pages are how a wiki grows, so this is a notice, never a failure (not even under "
    "`--strict`): the page is listed on /wanted/ as an invitation. It is also how a typo in a link "
    "shows up before a reader lands on an empty page.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
        Drain the drum first, as in [[drain-pmup]].
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
        Drain the drum first, as in [[drain-pump]].
    """),
)
RENAMED_LINK = rule(
    "RP304",
    "renamed-link",
    "warning",
    "A wikilink names a contribution by an old name; git says the page was renamed.",
    "Link to the page by its current name (`rallypoint mv` rewrites links when it renames).",
    why="The link still leads to the page, through the rename in git history, so readers are not "
    "lost; but a later page could take the old name, and the link would silently lead there "
    "instead. Only `build` reads the whole history, so only it reports this; `check` calls such a "
    "link a wanted page, and `review` asks a pull request that renames a page to mend the links "
    "to it (RP501), which `rallypoint mv` does.",
    bad=_example("""
        # content/repair/fan-belt.md  (content/repair/drain-pump.md was renamed to draining-a-washer.md)
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
        Drain the drum first, as in [[drain-pump]].
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
        Drain the drum first, as in [[draining-a-washer]].
    """),
)
