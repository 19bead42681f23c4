"""``rallypoint mv OLD NEW``: rename a contribution with ``git mv`` and mend every link to it.

Links are rewritten where they stand, byte for byte around them: a ``[[old-slug]]`` becomes
``[[new-slug]]`` (or ``[[purpose/new-slug]]`` where the bare slug would be ambiguous), its
``|text`` kept; an answer's ``answers:`` and a question's ``accepted:`` follow too. Everything is
checked before anything moves, so a refused move changes nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ..addresses import Page, contribution_key
from ..errors import UsageProblem
from ..history.repository import GitError, Repository
from ..model.community import load_community
from ..model.records import Community, Contribution, Purpose
from ..model.schema import ID
from ..model.wikilinks import find_wikilinks


class MoveRefused(UsageProblem):
    """The move cannot be made as asked; nothing was changed."""


@dataclass
class Move:
    """What ``move_contribution`` did."""

    old: str
    """The contribution key before the move."""
    new: str
    """Its key after it."""
    old_path: str
    new_path: str
    rewritten: dict[str, int] = field(default_factory=dict)
    """Path of each file whose links or references were mended → how many."""
    with_git: bool = True
    """Whether the file was moved with ``git mv`` (history follows it), or renamed outside git."""


def move_contribution(start: Path, old: str, new: str) -> Move:
    """Rename the contribution ``old`` to ``new`` and mend every link and reference to it.

    ``old`` is a contribution key (``purpose/slug``), a bare slug when it is unique, or the
    file's path; ``new`` is a key, or a bare slug that keeps the purpose. Raises
    :class:`MoveRefused` (exit 2) before changing anything when the move cannot be made.
    """
    checked = load_community(start)
    community = checked.community
    root = Path(community.root)
    item = _find(community, old)
    target = _target(community, item, new)
    new_path = Page("contribution", target).source
    if (root / new_path).exists():
        raise MoveRefused(f"{new_path} already exists; choose another slug")
    if target.split("/")[0] not in community.purposes:
        raise MoveRefused(f"there is no purpose `{target.split('/')[0]}`; write its charter first")
    _check_purpose(community, item, target.split("/")[0])
    edits = _edits(community, item, target)
    with_git = _rename(root, item.path, new_path)
    move = Move(item.key, target, item.path, new_path, with_git=with_git)
    for path, changes in edits.items():
        on_disk = new_path if path == item.path else path
        _apply(root / on_disk, changes)
        move.rewritten[on_disk] = len(changes)
    return move


def _check_purpose(community: Community, item: Contribution, purpose: str) -> None:
    """Refuse a move to another purpose that the file, as it stands, would not pass there."""
    if purpose == item.purpose:
        return
    if item.kind == "answer":
        raise MoveRefused("an answer lives in its question's purpose folder; move the question instead")
    charter = community.purposes[purpose]
    if item.kind not in charter.accepts:
        raise MoveRefused(f"purpose `{purpose}` does not accept {item.kind} contributions")
    if item.goals:
        raise MoveRefused(
            f"its goals ({', '.join(item.goals)}) are {item.purpose}'s; remove them from `goals` before moving it"
        )
    if item.kind == "question" and any(
        a.answers == item.slug and a.purpose == item.purpose for a in community.contributions.values()
    ):
        raise MoveRefused("its answers would be left behind in another purpose; a question moves with no answers")


def _find(community: Community, old: str) -> Contribution:
    page = Page.of_source(old)
    key = page.id if page is not None and page.kind == "contribution" else old.strip("/")
    if "/" not in key:
        found = community.slugs.get(key, [])
        if len(found) > 1:
            raise MoveRefused(f"`{key}` is the slug of {' and '.join(sorted(found))}; say which with purpose/slug")
        key = found[0] if found else key
    item = community.contributions.get(key)
    if item is None:
        raise MoveRefused(f"there is no contribution `{old}`; give its purpose/slug or its path")
    return item


def _target(community: Community, item: Contribution, new: str) -> str:
    purpose, _, slug = new.strip("/").rpartition("/")
    purpose = purpose or item.purpose
    for part, what in ((purpose, "purpose id"), (slug, "slug")):
        if not ID.fullmatch(part):
            raise MoveRefused(f"`{part}` is not a valid {what}: lowercase letters, digits and hyphens")
    target = contribution_key(purpose, slug)
    if target == item.key:
        raise MoveRefused(f"{item.key} is already called that")
    return target


class _LinkEdit(NamedTuple):
    """A wikilink to rewrite: its offsets in the body, and what to write instead."""

    start: int
    end: int
    written: str


class _KeyEdit(NamedTuple):
    """A front-matter reference by slug (``answers:``, ``accepted:``) to point at the new slug."""

    key: str
    old: str
    new: str


def _edits(community: Community, item: Contribution, target: str) -> dict[str, list[_LinkEdit | _KeyEdit]]:
    """Every change to make, by file: wikilinks to the page, and references by slug."""
    slug = target.split("/")[1]
    others = [k for k in community.slugs.get(slug, []) if k != item.key]
    edits: dict[str, list[_LinkEdit | _KeyEdit]] = {}
    records: list[Contribution | Purpose] = [*community.contributions.values(), *community.purposes.values()]
    for record in records:
        for link in find_wikilinks(record.body):
            if link.problem or community.resolve_link(link.purpose, link.slug) != item.key:
                continue
            bare = link.purpose is None and not others
            text = f"|{link.text}" if link.text else ""
            written = f"[[{slug if bare else target}{text}]]"
            edits.setdefault(record.path, []).append(_LinkEdit(link.start, link.end, written))
    for other in community.contributions.values():
        if other.purpose != item.purpose:
            continue
        for key, value in (("answers", other.answers), ("accepted", other.accepted)):
            if value == item.slug and (key == "answers" or other.kind == "question"):
                edits.setdefault(other.path, []).append(_KeyEdit(key, value, slug))
    return edits


def _rename(root: Path, old: str, new: str) -> bool:
    (root / new).parent.mkdir(parents=True, exist_ok=True)
    try:
        repository = Repository.find(root)
        repository.run("mv", "--", str((root / old).resolve()), str((root / new).resolve()))
        return True
    except GitError:
        (root / old).rename(root / new)
        return False


_KEY_LINE = "^({key}[ \t]*:[ \t]*)(['\"]?){value}\\2([ \t]*(?:#.*)?)$"


def _apply(path: Path, changes: list[_LinkEdit | _KeyEdit]) -> None:
    """Make the changes in the file as it is on disk, keeping its BOM and line ends."""
    raw = path.read_bytes()
    bom = raw.startswith(b"\xef\xbb\xbf")
    text = raw[3 if bom else 0 :].decode("utf-8")
    crlf = "\r\n" in text
    text = text.replace("\r\n", "\n")
    end = _front_matter_end(text)
    front, body = text[:end], text[end:]
    links = sorted((c for c in changes if isinstance(c, _LinkEdit)), key=lambda c: c.start, reverse=True)
    for link in links:
        body = body[: link.start] + link.written + body[link.end :]
    for ref in (c for c in changes if isinstance(c, _KeyEdit)):
        pattern = re.compile(_KEY_LINE.format(key=re.escape(ref.key), value=re.escape(ref.old)), re.MULTILINE)
        front = pattern.sub(lambda m, s=ref.new: f"{m.group(1)}{m.group(2)}{s}{m.group(2)}{m.group(3)}", front, count=1)
    out = front + body
    if crlf:
        out = out.replace("\n", "\r\n")
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + out.encode("utf-8"))


def _front_matter_end(text: str) -> int:
    """Where the body starts: after the closing ``---`` (or ``...``) line of the front matter."""
    for closing in ("\n---\n", "\n...\n"):
        found = text.find(closing, 3)
        if found >= 0:
            return found + len(closing)
    return len(text)
