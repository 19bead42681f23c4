"""Across files: references between purposes, contributions and people."""

from __future__ import annotations

from ..diagnostics import rule
from ._examples import _example

__all__ = [
    "BAD_ACCEPTED",
    "BAD_ALIAS",
    "DUPLICATE_ID",
    "KIND_NOT_ACCEPTED",
    "QUESTION_ELSEWHERE",
    "RESERVED_ID",
    "TAG_NOT_ALLOWED",
    "UNKNOWN_GOAL",
    "UNKNOWN_PERSON",
    "UNKNOWN_PURPOSE",
    "UNKNOWN_QUESTION",
]

UNKNOWN_PURPOSE = rule(
    "RP201",
    "unknown-purpose",
    "error",
    "A contribution's folder or a reference names a purpose that has no charter.",
    "Use the id of a charter in purposes/, or write the charter first.",
    why="A contribution serves the purpose its folder names; without a charter of that id it "
    "serves nothing, has no maintainers to review it and no purpose page to list it.",
    bad="# content/repairs/fan-belt.md  (there is no purposes/repairs.md)",
    good="# content/repair/fan-belt.md",
)
UNKNOWN_PERSON = rule(
    "RP202",
    "unknown-contributor",
    "error",
    "A handle names nobody in contributors/.",
    "Fix the handle, or add contributors/<handle>.yml (`rallypoint new contributor`).",
    why="Credit goes to people the community knows: an author, maintainer or endorser with no "
    "profile is usually a typo, and the credit would go to nobody.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alcie]
        date: 2026-03-05
        ---
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
    """),
)
UNKNOWN_GOAL = rule(
    "RP203",
    "unknown-goal",
    "error",
    "A goal id that the purpose's charter does not define.",
    "Use one of the charter's goal ids.",
    why="Goals count the contributions that name them; a goal id the charter does not define "
    "counts towards nothing, while the author believes they have helped.",
    bad=_example("""
        # content/repair/pump-seal.md  (purposes/repair.md has the goal `pumps`)
        ---
        title: Replacing a pump seal
        kind: article
        authors: [alice]
        date: 2026-03-05
        goals: [pump]
        ---
    """),
    good=_example("""
        # content/repair/pump-seal.md
        ---
        title: Replacing a pump seal
        kind: article
        authors: [alice]
        date: 2026-03-05
        goals: [pumps]
        ---
    """),
)
DUPLICATE_ID = rule(
    "RP204",
    "duplicate-id",
    "error",
    "Two things share an id that must be unique (goal ids in a charter, emails or GitHub logins across people).",
    "Give each its own id.",
    why="Goal ids are how contributions name goals, and emails and GitHub logins are how commits and "
    "pull requests are matched to people; shared by two, they credit or trust the wrong one.",
    bad=_example("""
        # contributors/carol.yml  (contributors/alice.yml lists alice@example.org)
        name: Carol Díaz
        emails: [alice@example.org]
    """),
    good=_example("""
        # contributors/carol.yml
        name: Carol Díaz
        emails: [carol@example.org]
    """),
)
KIND_NOT_ACCEPTED = rule(
    "RP205",
    "kind-not-accepted",
    "error",
    "The purpose's charter does not accept this kind of contribution.",
    "Use a kind the charter lists in `accepts`, or ask its maintainers to accept it.",
    why="A charter says what its purpose collects; a contribution of another kind would be "
    "published where its maintainers never agreed to review or host it.",
    bad=_example("""
        # content/cafes/belt-demo.md  (purposes/cafes.md accepts posts and notes)
        ---
        title: Fan belts at the March café
        kind: article
        authors: [bob]
        date: 2026-03-05
        ---
    """),
    good=_example("""
        # content/cafes/belt-demo.md
        ---
        title: Fan belts at the March café
        kind: post
        authors: [bob]
        date: 2026-03-05
        ---
    """),
)
UNKNOWN_QUESTION = rule(
    "RP206",
    "unknown-question",
    "error",
    "An answer's `answers` names no question.",
    "Use the slug of a question in the same purpose folder.",
    why="An answer to no question would float on its own: it would show under no question and "
    "count towards none being answered.",
    bad=_example("""
        # content/repair/worn-bearing.md  (the question is content/repair/why-noisy.md)
        ---
        title: A worn drum bearing
        kind: answer
        authors: [alice]
        date: 2026-03-05
        answers: why-noisey
        ---
    """),
    good=_example("""
        # content/repair/worn-bearing.md
        ---
        title: A worn drum bearing
        kind: answer
        authors: [alice]
        date: 2026-03-05
        answers: why-noisy
        ---
    """),
)
QUESTION_ELSEWHERE = rule(
    "RP207",
    "question-in-other-purpose",
    "error",
    "An answer names a question that lives in another purpose.",
    "Move the answer to the question's purpose folder.",
    why="A question and its answers are shown, counted and reviewed together, within one purpose; "
    "an answer filed elsewhere is missed by the question's readers and maintainers.",
    bad=_example("""
        # content/cafes/worn-bearing.md  (why-noisy is a question in content/repair/)
        ---
        title: A worn drum bearing
        kind: answer
        authors: [alice]
        date: 2026-03-05
        answers: why-noisy
        ---
    """),
    good=_example("""
        # content/repair/worn-bearing.md
        ---
        title: A worn drum bearing
        kind: answer
        authors: [alice]
        date: 2026-03-05
        answers: why-noisy
        ---
    """),
)
BAD_ACCEPTED = rule(
    "RP208",
    "invalid-accepted-answer",
    "error",
    "A question's `accepted` names no answer to that question.",
    "Use the slug of an answer whose `answers` is this question.",
    why="The accepted answer is shown first and marks the question answered; naming anything but "
    "one of its answers would send readers to the wrong page.",
    bad=_example("""
        # content/repair/why-noisy.md  (drain-pump is an article; noisy-answer answers this)
        ---
        title: Why is my pump noisy?
        kind: question
        authors: [bob]
        date: 2026-03-02
        accepted: drain-pump
        ---
    """),
    good=_example("""
        # content/repair/why-noisy.md
        ---
        title: Why is my pump noisy?
        kind: question
        authors: [bob]
        date: 2026-03-02
        accepted: noisy-answer
        ---
    """),
)
TAG_NOT_ALLOWED = rule(
    "RP209",
    "tag-not-allowed",
    "error",
    "A tag outside the community's closed vocabulary (`tags.allowed`).",
    "Use an allowed tag, or ask the maintainers to add it to community.yml.",
    why="A community that closes its vocabulary wants its topics gathered; every tag outside it "
    "would start a new, nearly empty tag page and scatter them again.",
    bad=_example("""
        # community.yml  (content/repair/drain-pump.md has tags: [pumps, diy])
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        tags:
          allowed: [pumps, washers]
    """),
    good=_example("""
        # community.yml
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        tags:
          allowed: [pumps, washers, diy]
    """),
)
BAD_ALIAS = rule(
    "RP210",
    "invalid-tag-alias",
    "error",
    "A tag alias points to another alias or to a tag outside the vocabulary.",
    "Point each alias at a canonical tag.",
    why="An alias is resolved once; an alias of an alias, or one that leads outside the "
    "vocabulary, would file contributions under a tag nobody meant to have.",
    bad=_example("""
        # community.yml
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        tags:
          aliases: {diy: do-it-yourself, fix-it: diy}
    """),
    good=_example("""
        # community.yml
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        tags:
          aliases: {diy: do-it-yourself, fix-it: do-it-yourself}
    """),
)
RESERVED_ID = rule(
    "RP211",
    "reserved-id",
    "error",
    "A purpose id that the site needs for its own pages (purposes, contributors, tags, ...).",
    "Rename the charter and its content folder.",
    why="The site's own sections live at these addresses (`/changes/`, `/tags/`); a purpose of the "
    "same id would collide with one of them and one of the two pages would be lost.",
    bad="# purposes/changes.md  (the site's recent changes live at /changes/)",
    good="# purposes/policy-changes.md",
)
