"""Pull requests: what `review` judges about a change."""

from __future__ import annotations

from ..diagnostics import rule

__all__ = ["AUTHOR_NOT_LISTED", "LINK_BROKEN", "NEEDS_MAINTAINER", "NOT_YOUR_PROFILE"]

LINK_BROKEN = rule(
    "RP501",
    "link-broken-by-change",
    "error",
    "A link that led to a page before the pull request leads nowhere after it (the page was removed or renamed).",
    "Keep the page, or update the pages that link to it.",
    why="Other pages link to the page a pull request removes or renames; merged as it is, their "
    "links would break without the author or the reviewers noticing.",
    bad="A pull request renames content/repair/drain-pump.md to pump-swap.md; purposes/repair.md "
    "still links to [[drain-pump]].",
    good="The same pull request also changes the link in purposes/repair.md to [[pump-swap]].",
)
NOT_YOUR_PROFILE = rule(
    "RP502",
    "not-your-profile",
    "error",
    "A pull request creates or edits someone else's contributor profile.",
    "Edit only your own profile (its `github` is your login); ask the person or a maintainer.",
    why="A profile's emails and GitHub login decide whose commits are whose; editing someone else's "
    "would let a pull request take their credit or act in their name.",
    bad="@bobng opens a pull request that adds an email to contributors/alice.yml.",
    good="@alice, whose profile it is, opens that pull request herself.",
)
AUTHOR_NOT_LISTED = rule(
    "RP503",
    "author-not-listed",
    "error",
    "A new contribution does not list the pull request's author among its `authors`.",
    "Add your own handle to `authors`; list others only if they wrote it with you.",
    why="The site credits each contribution to its `authors`; a pull request that adds a page under "
    "other people's names alone would put words in their mouths.",
    bad="@bobng (handle bob) adds content/repair/fan-belt.md with `authors: [alice]`.",
    good="@bobng adds content/repair/fan-belt.md with `authors: [bob, alice]`, written together.",
)
NEEDS_MAINTAINER = rule(
    "RP504",
    "needs-maintainer",
    "warning",
    "A change to who is credited or trusted: .mailmap, community.yml, a charter's maintainers, workflows.",
    "A community maintainer must review this change.",
    why="These files decide who is credited and who is trusted: a pull request that changes them "
    "could make its author a maintainer or re-attribute others' work.",
    bad="@bobng, who is not a community maintainer, opens a pull request whose .mailmap credits "
    "alice's early commits to bob.",
    good="The same change, opened by alice, a community maintainer, or reviewed and approved by one.",
)
