"""``rallypoint endorse SLUG``: add yourself to an idea's ``endorsed_by`` and commit it as you.

You are whoever git's ``user.name``/``user.email`` say, matched to a profile the way history is
(its ``emails``, or the GitHub noreply address of its ``github`` login), so that the commit this
makes is the one that proves the endorsement (DESIGN.md section 3). Only the idea's file is
changed and committed, and only its front matter's ``endorsed_by`` line or list.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageProblem
from ..model.community import load_community
from ..model.records import Community, Contribution
from .acting import commit_as_you, find_contribution, me


@dataclass(frozen=True)
class Endorsed:
    handle: str
    idea: Contribution
    commit: str | None
    """The commit made; None when you already endorsed it."""


def endorse(start: Path, slug: str) -> Endorsed:
    """Add the configured git identity's profile handle to idea ``slug`` and commit it as them."""
    result = load_community(start)
    community = result.community
    root = Path(community.root)
    idea = _idea(community, slug)
    handle = me(community, root)
    if handle in idea.endorsed_by:
        return Endorsed(handle, idea, None)
    sha = commit_as_you(
        root,
        idea,
        lambda text: add_endorsement(text, handle),
        f"Endorse {idea.key}",
        doing="endorsing",
        why=", so that this commit holds only your endorsement",
    )
    return Endorsed(handle, idea, sha)


def _idea(community: Community, slug: str) -> Contribution:
    item = find_contribution(community, slug)
    if item.kind != "idea":
        raise UsageProblem(f"`{item.key}` is a {item.kind}, not an idea; only ideas take endorsements", answer="slug")
    return item


_FLOW = re.compile(r"^(endorsed_by:[ \t]*\[)([^\]\n]*)(\][ \t]*(?:#.*)?)$", re.MULTILINE)
_BLOCK = re.compile(r"^endorsed_by:[ \t]*(?:#.*)?\n((?:[ \t]*-[^\n]*\n)*)", re.MULTILINE)
_EMPTY = re.compile(r"^endorsed_by:[ \t]*(?:#.*)?$", re.MULTILINE)


def add_endorsement(text: str, handle: str) -> str:
    """``text`` with ``handle`` appended to its front matter's ``endorsed_by``; nothing else moves."""
    newline = "\r\n" if "\r\n" in text else "\n"
    body_at = text.find(f"{newline}---", 3)
    cut = body_at + len(newline) if body_at >= 0 else len(text)
    front, rest = text[:cut], text[cut:]
    front = front.replace("\r\n", "\n")
    if match := _FLOW.search(front):
        items = match[2].strip()
        front = front[: match.start(2)] + (f"{items}, {handle}" if items else handle) + front[match.end(2) :]
    elif (match := _BLOCK.search(front)) and match[1]:
        last = match[1].splitlines()[-1]
        indent = last[: len(last) - len(last.lstrip())]
        front = front[: match.end(1)] + f"{indent}- {handle}\n" + front[match.end(1) :]
    elif match := _EMPTY.search(front):
        front = front[: match.start()] + f"endorsed_by: [{handle}]" + front[match.end() :]
    else:
        front = front.rstrip("\n") + f"\nendorsed_by: [{handle}]\n"
    return front.replace("\n", newline) + rest
