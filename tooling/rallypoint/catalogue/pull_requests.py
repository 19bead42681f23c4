"""Pull requests: what `review` judges about a change."""

from __future__ import annotations

from ..diagnostics import rule

__all__ = [
    "AUTHOR_NOT_LISTED",
    "IDEA_STATUS_MOVE",
    "LINK_BROKEN",
    "NEEDS_MAINTAINER",
    "NOT_YOUR_PROFILE",
    "ON_BEHALF",
]

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
    "A change to who is credited or trusted: .mailmap, .git-blame-ignore-revs, community.yml, a charter's "
    "maintainers, workflows.",
    "A community maintainer must review this change.",
    why="These files decide who is credited and who is trusted: a pull request that changes them "
    "could make its author a maintainer or re-attribute others' work.",
    bad="@bobng, who is not a community maintainer, opens a pull request whose .mailmap credits "
    "alice's early commits to bob.",
    good="The same change, opened by alice, a community maintainer, or reviewed and approved by one.",
)
ON_BEHALF = rule(
    "RP505",
    "action-on-behalf",
    "error",
    "A pull request adds an endorsement or an acceptance in someone else's name.",
    "Leave the name out: each person endorses from their own pull request (`rallypoint endorse SLUG`); "
    "a question's author or a maintainer of its purpose accepts an answer.",
    why="An endorsement or an acceptance counts only when the commit that made it is that person's "
    "(DESIGN section 3); one made for someone else puts support in their mouth that they never gave.",
    bad="@tom opens a pull request that sets `endorsed_by: [rosa, tom]` on an idea.",
    good="@tom's pull request adds only `tom`; Rosa adds herself with `rallypoint endorse` if she wants to.",
)
IDEA_STATUS_MOVE = rule(
    "RP506",
    "idea-status-move",
    "error",
    "A pull request moves an idea's `status` in a way only a maintainer of its purpose may.",
    "Leave `status` as it is and ask a maintainer of the purpose; an idea's author may set `withdrawn`.",
    why="An idea's status (evaluating, accepted, in-progress, done, declined) is the purpose's "
    "decision about it, which its maintainers make; only the author may take their own idea back.",
    bad="@tom, who does not maintain the purpose, changes his idea's `status: proposed` to `accepted`.",
    good="@tom sets his idea's `status: withdrawn`, or a maintainer of the purpose sets `accepted`.",
)
