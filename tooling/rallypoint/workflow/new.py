"""New files for contributors: a contribution, a charter or a profile that passes `check` at once.

Everything here works on plain answers; the CLI decides whether to ask for them or take them
from options. Files are created with mode "x", so an existing file is never overwritten.
"""
from __future__ import annotations

import datetime as _dt
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..model.records import Community
from ..model.schema import EMAIL, GITHUB, ID, KINDS, TAG, slugify

FILE_KINDS = (*KINDS, "purpose", "contributor")

BODIES = {
    "article": "Explain what you know, step by step. Link other pages with `[[their-slug]]`.\n",
    "post": "What happened, and what comes next.\n",
    "note": "A short note.\n",
    "bookmark": "Why this link is worth reading.\n",
    "idea": "## The idea\n\nWhat you propose.\n\n## Why\n\nWhat it would change.\n",
    "question": "What you want to know, and what you have tried.\n",
    "answer": "Your answer.\n",
    "purpose": "## Why\n\nWhy this purpose exists.\n\n## Scope\n\nWhat belongs here, and what does not.\n\n"
               "## How to take part\n\nHow a newcomer can start.\n",
}


class ScaffoldError(Exception):
    """An answer that cannot make a valid file, or a file that already exists."""


@dataclass(frozen=True)
class Identity:
    """Who is at the keyboard, from `git config`."""

    name: str | None = None
    email: str | None = None


def git_identity(root: Path) -> Identity:
    try:
        import git

        reader = git.Repo(root, search_parent_directories=True).config_reader()
        return Identity(reader.get_value("user", "name", None), reader.get_value("user", "email", None))
    except Exception:  # no git, no repository or no identity: there is simply no default
        return Identity()


def me(community: Community, identity: Identity) -> str | None:
    """The profile handle matching the git identity, by email and then by name."""
    if identity.email:
        email = identity.email.casefold()
        for person in community.contributors.values():
            if email in (e.casefold() for e in person.emails):
                return person.handle
    if identity.name:
        for person in community.contributors.values():
            if person.name.casefold() == identity.name.casefold():
                return person.handle
    return None


def tags_in_use(community: Community) -> list[str]:
    counts: dict[str, int] = {}
    for item in community.contributions.values():
        for tag in item.tags:
            counts[tag] = counts.get(tag, 0) + 1
    return sorted(counts, key=lambda t: (-counts[t], t))


def _scalar(value: str) -> str:
    """A YAML scalar that reads back as exactly this text (quoted when YAML 1.1 would change it)."""
    plain = re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9 ._/-]*", value) is not None and ": " not in value
    if plain:
        try:
            if yaml.safe_load(value) == value:
                return value
        except yaml.YAMLError:
            pass
    return json.dumps(value, ensure_ascii=False)


def _list(values: list[str]) -> str:
    return "[" + ", ".join(_scalar(v) for v in values) + "]"


def _front(fields: list[tuple[str, str]]) -> str:
    return "---\n" + "".join(f"{key}: {value}\n" for key, value in fields) + "---\n"


def check_id(value: str, what: str) -> str:
    if not ID.fullmatch(value):
        guess = slugify(value)
        hint = f" (try `{guess}`)" if guess and ID.fullmatch(guess) else ""
        raise ScaffoldError(f"`{value}` is not a valid {what}: lowercase letters, digits and hyphens{hint}")
    return value


def check_tags(values: list[str]) -> list[str]:
    for tag in values:
        if not TAG.fullmatch(tag):
            raise ScaffoldError(f"`{tag}` is not a valid tag: lowercase letters, digits and hyphens")
    if len(values) > 10:
        raise ScaffoldError("at most 10 tags")
    return values


def check_date(value: str) -> str:
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ScaffoldError(f"`{value}` is not a date; write YYYY-MM-DD") from None


def contribution_text(community: Community, kind: str, purpose: str, title: str, authors: list[str],
                      date: str, tags: list[str], summary: str | None = None, url: str | None = None,
                      answers: str | None = None, status: str | None = None) -> str:
    """The text of a new contribution; raises ScaffoldError for answers `check` would reject."""
    if kind not in KINDS:
        raise ScaffoldError(f"`{kind}` is not a kind; choose one of {', '.join(KINDS)}")
    if purpose not in community.purposes:
        raise ScaffoldError(f"there is no purpose `{purpose}`; choose one of {', '.join(community.purposes)}")
    if kind not in community.purposes[purpose].accepts:
        raise ScaffoldError(f"purpose `{purpose}` does not accept {kind} contributions")
    if not title.strip():
        raise ScaffoldError("a title is needed")
    missing = [a for a in authors if a not in community.contributors]
    if not authors or missing:
        raise ScaffoldError(f"no profile for {', '.join(missing)}; run `rallypoint new contributor` first"
                            if missing else "at least one author is needed")
    fields = [("title", _scalar(title.strip())), ("kind", kind), ("authors", _list(authors)),
              ("date", check_date(date))]
    if tags:
        fields.append(("tags", _list(check_tags(tags))))
    if summary:
        fields.append(("summary", _scalar(summary.strip())))
    if kind == "bookmark":
        if not url or not re.match(r"https?://\S+$", url):
            raise ScaffoldError("a bookmark needs an http(s) `url`")
        fields.append(("url", _scalar(url)))
    if kind == "answer":
        question = community.contributions.get(f"{purpose}/{answers}") if answers else None
        if question is None or question.kind != "question":
            raise ScaffoldError(f"an answer needs the slug of a question in {purpose}")
        fields.append(("answers", answers))
    if kind == "idea":
        fields.append(("status", status or "proposed"))
    return _front(fields) + "\n" + BODIES[kind]


def purpose_text(community: Community, title: str, summary: str, maintainers: list[str], started: str) -> str:
    missing = [m for m in maintainers if m not in community.contributors]
    if not maintainers or missing:
        raise ScaffoldError(f"no profile for {', '.join(missing)}" if missing else "a purpose needs a maintainer")
    if not title.strip() or not summary.strip():
        raise ScaffoldError("a purpose needs a title and a one-sentence summary")
    return _front([("title", _scalar(title.strip())), ("summary", _scalar(summary.strip())), ("status", "active"),
                   ("maintainers", _list(maintainers)), ("started", check_date(started))]) + "\n" + BODIES["purpose"]


def contributor_text(name: str, email: str | None, github: str | None, bio: str | None) -> str:
    if not name.strip():
        raise ScaffoldError("a name is needed")
    lines = [f"name: {_scalar(name.strip())}\n"]
    if github:
        if not GITHUB.fullmatch(github):
            raise ScaffoldError(f"`{github}` is not a GitHub login")
        lines.append(f"github: {github}\n")
    if email:
        if not EMAIL.fullmatch(email):
            raise ScaffoldError(f"`{email}` is not an email address")
        lines.append(f"emails: {_list([email])}\n")
    if bio:
        lines.append(f"bio: {_scalar(bio.strip())}\n")
    return "".join(lines)


def write_new(root: Path, relative: str, text: str) -> Path:
    """Create ``relative`` under ``root``; never overwrite."""
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(path, "x", encoding="utf-8") as handle:
            handle.write(text)
    except FileExistsError:
        raise ScaffoldError(f"{relative} already exists; choose another slug") from None
    return path
