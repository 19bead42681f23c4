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
from ..history.log import Person
from ..history.people import PersonKeys
from ..history.repository import GitError, Repository, configured_identity
from ..model.community import load_community
from ..model.records import Community, Contribution


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
    handle = _me(community, root)
    if handle in idea.endorsed_by:
        return Endorsed(handle, idea, None)
    try:
        repository = Repository.find(root)
    except GitError as error:
        raise UsageProblem(f"endorsing commits as you, so the community must be in git: {error}") from None
    top_path = (root / idea.path).resolve().relative_to(repository.top).as_posix()
    if repository.uncommitted([top_path]):
        raise UsageProblem(
            f"{idea.path} has changes not committed; commit or undo them first, so that this commit holds only your endorsement"
        )
    file = root / idea.path
    text = file.read_text(encoding="utf-8")
    file.write_text(add_endorsement(text, handle), encoding="utf-8", newline="")
    sha = repository.commit(f"Endorse {idea.key}", [top_path])
    return Endorsed(handle, idea, sha)


def _idea(community: Community, slug: str) -> Contribution:
    purpose, _, bare = slug.rpartition("/")
    key = community.resolve_link(purpose or None, bare)
    item = community.contributions.get(key) if key else None
    if item is None:
        found = community.slugs.get(bare, ())
        hint = f"; it is in several purposes, so name one: {', '.join(found)}" if len(found) > 1 else ""
        raise UsageProblem(f"no contribution is called `{slug}`{hint}", answer="slug")
    if item.kind != "idea":
        raise UsageProblem(f"`{item.key}` is a {item.kind}, not an idea; only ideas take endorsements", answer="slug")
    return item


def _me(community: Community, root: Path) -> str:
    name, email = configured_identity(root)
    if not email:
        raise UsageProblem("git has no user.email here; set it with `git config user.email you@example.org`")
    handle = PersonKeys(community.contributors).key(Person(name, email.lower()))
    if handle not in community.contributors:
        raise UsageProblem(
            f"no profile in contributors/ lists your git email {email}; add it to `emails` in your profile "
            "(or create one with `rallypoint new contributor`), so that your commits are known to be yours"
        )
    return handle


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
