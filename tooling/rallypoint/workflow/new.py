"""New files for contributors: a contribution, a charter or a profile that passes `check` at once.

:func:`create_file` makes every decision: which answers a kind needs, their defaults (from git
and the community), where the file goes. The CLI only supplies the answers its options gave and
an ``ask`` callback that prompts. Files are created with mode "x", so an existing file is never
overwritten.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, TypeVar

import yaml

from ..diagnostics import did_you_mean
from ..errors import MissingAnswer, UsageProblem, WouldOverwrite
from ..history.people import noreply_login
from ..history.repository import configured_identity
from ..model.community import load_community
from ..model.records import Community
from ..model.schema import EMAIL, GITHUB, ID, KINDS, TAG, slugify

FILE_KINDS = (*KINDS, "purpose", "contributor")
HANDLE_PLACEHOLDER = "your-handle"
"""The author of a file prefilled on the site (GitHub's editor): the reader replaces it with their handle."""

BODIES = {
    "article": "Explain what you know, step by step. Link other pages with `[[their-slug]]`.\n",
    "post": "What happened, and what comes next.\n",
    "note": "A short note.\n",
    "bookmark": "Why this link is worth reading.\n",
    "idea": "## The idea\n\nWhat you propose.\n\n## Why\n\nWhat it would change.\n",
    "question": "What you want to know, and what you have tried.\n",
    "answer": "Your answer.\n",
    "forecast": "Why this question matters, and what to watch while it is open.\n",
    "purpose": "## Why\n\nWhy this purpose exists.\n\n## Scope\n\nWhat belongs here, and what does not.\n\n"
    "## How to take part\n\nHow a newcomer can start.\n",
}


_T = TypeVar("_T")


class ScaffoldError(UsageProblem):
    """An answer that cannot make a valid file."""


class Ask(Protocol):
    """How the CLI asks one question.

    ``check`` turns the reply into the answer or raises :class:`~rallypoint.errors.UsageProblem`
    saying what is wrong, and the asker then asks again. An empty reply takes ``default``; with
    no default, an answer is needed. ``hint`` (the choices there are) is shown before asking.
    """

    def __call__(self, question: str, default: str | None, check: Callable[[str], _T], hint: str = "") -> _T: ...


@dataclass(frozen=True)
class Given:
    """What the options of ``rallypoint new`` answered in advance: None or empty where they did not."""

    title: str | None = None
    purpose: str | None = None
    """The id of the purpose a contribution serves."""
    authors: tuple[str, ...] = ()
    date: str | None = None
    """The contribution's date or the purpose's start, YYYY-MM-DD; today when not given."""
    tags: str | None = None
    """Comma- or space-separated; an empty string means no tags (and no question)."""
    summary: str | None = None
    slug: str | None = None
    url: str | None = None
    answers: str | None = None
    """The slug of the question an answer answers."""
    closes: str | None = None
    """When a forecast closes, YYYY-MM-DD."""
    criteria: str | None = None
    """How a forecast resolves; ``goal:<id>`` ties it to a goal of its purpose instead."""
    purpose_id: str | None = None
    maintainers: tuple[str, ...] = ()
    handle: str | None = None
    name: str | None = None
    email: str | None = None
    github: str | None = None
    bio: str | None = None


@dataclass(frozen=True)
class Identity:
    """Who is at the keyboard, from `git config`."""

    name: str | None = None
    email: str | None = None


def git_identity(root: Path) -> Identity:
    """``user.name`` and ``user.email`` as git sees them from ``root``; None where there is none."""
    name, email = configured_identity(root)
    return Identity(name or None, email or None)


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


def _words(value: str) -> list[str]:
    return [w for w in re.split(r"[,\s]+", value) if w]


def check_id(value: str, what: str) -> str:
    if not ID.fullmatch(value):
        guess = slugify(value)
        hint = f" (try `{guess}`)" if guess and ID.fullmatch(guess) else ""
        raise ScaffoldError(f"`{value}` is not a valid {what}: lowercase letters, digits and hyphens{hint}")
    return value


def tag_words(value: str) -> list[str]:
    """Tags as people type them: comma-separated (``compost, soil health``), or one word each."""
    parts = value.split(",") if "," in value else value.split()
    return [p.strip() for p in parts if p.strip()]


def check_tags(values: list[str], community: Community | None = None) -> list[str]:
    """The tags, when each is valid (and allowed, in a closed vocabulary); else say what to type."""
    for tag in values:
        if not TAG.fullmatch(tag):
            guess = slugify(tag, 50)
            hint = f"; write `{guess}`" if guess and TAG.fullmatch(guess) else ""
            raise ScaffoldError(f"`{tag}` is not a valid tag: lowercase letters, digits and hyphens{hint}")
    if community is not None and community.settings.allowed_tags is not None:
        aliases = community.settings.tag_aliases
        allowed = community.settings.allowed_tags
        for tag in values:
            if aliases.get(tag, tag) not in allowed:
                raise ScaffoldError(
                    f"`{tag}` is not in the community's tags{did_you_mean(tag, allowed)}; choose from "
                    f"{', '.join(sorted(allowed))}"
                )
    if len(values) > 10:
        raise ScaffoldError(f"{len(values)} tags, at most 10 are allowed; keep the most telling")
    return values


def check_date(value: str) -> str:
    try:
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise ScaffoldError(f"`{value}` is not a date; write YYYY-MM-DD") from None


def check_purpose(community: Community, kind: str, purpose: str) -> str:
    if purpose not in community.purposes:
        raise ScaffoldError(
            f"there is no purpose `{purpose}`{did_you_mean(purpose, community.purposes)}; choose one of "
            f"{', '.join(community.purposes)}"
        )
    if kind not in community.purposes[purpose].accepts:
        raise ScaffoldError(f"purpose `{purpose}` does not accept {kind} contributions")
    return purpose


def check_people(community: Community, handles: list[str], nobody: str) -> list[str]:
    """The handles, when each has a profile; ``nobody`` says why an empty list will not do."""
    missing = [h for h in handles if h not in community.contributors]
    if missing:
        raise ScaffoldError(f"no profile for {', '.join(missing)}; run `rallypoint new contributor` first")
    if not handles:
        raise ScaffoldError(nobody)
    return handles


def check_text(value: str, what: str) -> str:
    """The text without surrounding spaces; there must be some."""
    if not value.strip():
        raise ScaffoldError(f"{what} is needed")
    return value.strip()


def check_url(value: str) -> str:
    if not re.match(r"https?://\S+$", value):
        raise ScaffoldError("a bookmark needs an http(s) `url`")
    return value


def check_question(community: Community, purpose: str, slug: str) -> str:
    question = community.contributions.get(f"{purpose}/{slug}") if slug else None
    if question is None or question.kind != "question":
        raise ScaffoldError(f"an answer needs the slug of a question in {purpose}")
    return slug


def check_email(value: str) -> str:
    if value and not EMAIL.fullmatch(value):
        raise ScaffoldError(f"`{value}` is not an email address")
    return value


def check_github(value: str) -> str:
    """A GitHub login, without the ``@`` people often type; empty for none."""
    value = value.strip().removeprefix("@")
    if value and not GITHUB.fullmatch(value):
        raise ScaffoldError(f"`{value}` is not a GitHub login (letters, digits and single hyphens, at most 39)")
    return value


def contribution_text(
    community: Community,
    kind: str,
    purpose: str,
    title: str,
    authors: list[str],
    date: str,
    tags: list[str],
    summary: str | None = None,
    url: str | None = None,
    answers: str | None = None,
    status: str | None = None,
    forecast: tuple[str, str] | None = None,
) -> str:
    """The text of a new contribution; raises ScaffoldError for answers `check` would reject."""
    if kind not in KINDS:
        raise ScaffoldError(f"`{kind}` is not a kind; choose one of {', '.join(KINDS)}")
    check_purpose(community, kind, purpose)
    if authors != [HANDLE_PLACEHOLDER]:  # a file prefilled for a reader, who puts their handle in
        check_people(community, authors, "at least one author is needed")
    fields = [
        ("title", _scalar(check_text(title, "a title"))),
        ("kind", kind),
        ("authors", _list(authors)),
        ("date", check_date(date)),
    ]
    if tags:
        fields.append(("tags", _list(check_tags(tags))))
    if summary:
        fields.append(("summary", _scalar(summary.strip())))
    if kind == "bookmark":
        fields.append(("url", _scalar(check_url(url or ""))))
    if kind == "answer":
        fields.append(("answers", check_question(community, purpose, answers or "")))
    if kind == "idea":
        fields.append(("status", status or "proposed"))
    if kind == "forecast":
        closes, criteria = forecast or ("", "")
        fields.append(("closes", check_date(closes)))
        fields.append(_resolves(community, purpose, criteria))
    return _front(fields) + "\n" + BODIES[kind]


def purpose_text(community: Community, title: str, summary: str, maintainers: list[str], started: str) -> str:
    check_people(community, maintainers, "a purpose needs a maintainer")
    if not title.strip() or not summary.strip():
        raise ScaffoldError("a purpose needs a title and a one-sentence summary")
    return (
        _front(
            [
                ("title", _scalar(title.strip())),
                ("summary", _scalar(summary.strip())),
                ("status", "active"),
                ("maintainers", _list(maintainers)),
                ("started", check_date(started)),
            ]
        )
        + "\n"
        + BODIES["purpose"]
    )


def contributor_text(name: str, email: str | None, github: str | None, bio: str | None) -> str:
    lines = [f"name: {_scalar(check_text(name, 'a name'))}\n"]
    if github:
        lines.append(f"github: {check_github(github)}\n")
    if email:
        lines.append(f"emails: {_list([check_email(email)])}\n")
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
        raise WouldOverwrite(f"{relative} already exists; choose another slug") from None
    return path


def N_(message: str) -> str:
    """Mark a prompt for the catalogue (site_templates/locales/); it is translated when asked."""
    return message


Hint = str | tuple[str, str]
"""A line shown before a question: a text, or a text with ``%(names)s`` and the names."""


class _Answers:
    """Each answer from its option, else asked, else its default; each checked as it comes.
    Questions and hints are asked in the community's language when a catalogue has them."""

    def __init__(self, given: Given, ask: Ask | None, translations=None):
        self.given = given
        self.ask = ask
        self.say = translations.gettext if translations is not None else str

    def _hint(self, hint: Hint) -> str:
        if isinstance(hint, tuple):
            return self.say(hint[0]) % {"names": hint[1]}
        return self.say(hint) if hint else ""

    def __call__(
        self,
        name: str,
        question: str,
        default: str | None = None,
        check: Callable[[str], _T] = str,
        hint: Hint = "",
        empty_answers: bool = False,
    ) -> _T:
        """The answer called ``name``; with ``empty_answers``, an empty option is an answer too."""
        value = self.given_as_text(name)
        if value is not None and (value or empty_answers):
            return self._checked(name, check, value)
        if self.ask is not None:
            return self.ask(self.say(question), default, check, self._hint(hint))
        if default is None:
            raise MissingAnswer(f"no {name.replace('_', ' ')} given, and there is no default", answer=name)
        return self._checked(name, check, default)

    def option(self, name: str, default: str | None = None, check: Callable[[str], _T] = str) -> _T | None:
        """An answer only an option gives, never asked."""
        value = self.given_as_text(name)
        return self._checked(name, check, value) if value else (default and check(default))

    def given_as_text(self, name: str) -> str | None:
        value = getattr(self.given, name)
        return ",".join(value) if isinstance(value, tuple) else value

    @staticmethod
    def _checked(name: str, check: Callable[[str], _T], value: str) -> _T:
        try:
            return check(value)
        except UsageProblem as exc:
            raise ScaffoldError(str(exc), answer=name) from None


def create_file(start: Path, kind: str, given: Given = Given(), ask: Ask | None = None) -> str:
    """Write a new ``kind`` file that passes `check` into the community at or above ``start``.

    ``kind`` is a kind of contribution, ``purpose`` or ``contributor``. Answers not ``given``
    are asked with ``ask`` in a useful order (a contribution's purpose first, since what it
    accepts decides the rest), or take their defaults (from git's identity and the community)
    when ``ask`` is None. Returns the new file's path relative to the community root; raises
    :class:`ScaffoldError` (naming the answer) or :class:`MissingAnswer` before writing
    anything, and :class:`~rallypoint.errors.WouldOverwrite` when the file exists.
    """
    community = load_community(start).community
    root = Path(community.root)
    answer = _Answers(given, ask, _language(root, community) if ask is not None else None)
    who = git_identity(root)
    today = _dt.date.today().isoformat()
    if kind == "contributor":
        relative, text = _new_contributor(answer, who)
    elif kind == "purpose":
        relative, text = _new_purpose(answer, community, me(community, who), today)
    else:
        relative, text = _new_contribution(answer, community, kind, me(community, who), today)
    write_new(root, relative, text)
    return relative


def _language(root: Path, community: Community):
    from ..site.i18n import language  # Babel, only when there are questions to ask

    return language(root, community.settings.language)


def _new_contributor(answer: _Answers, who: Identity) -> tuple[str, str]:
    name = answer("name", N_("Your name"), who.name, lambda v: check_text(v, "a name"))
    handle = answer(
        "handle", N_("Handle (lowercase letters, digits, hyphens)"), slugify(name), lambda v: check_id(v, "handle")
    )
    email = answer("email", N_("Email that git records for you"), who.email or "", check_email)
    login = noreply_login(email or who.email or "") or ""
    github = answer("github", N_("Your GitHub login (empty if you have none)"), login, check_github, empty_answers=True)
    text = contributor_text(name, email, github or None, answer.option("bio"))
    return f"contributors/{handle}.yml", text


def _new_purpose(answer: _Answers, community: Community, mine: str | None, today: str) -> tuple[str, str]:
    title = answer("title", N_("Title of the purpose"), check=lambda v: check_text(v, "a title"))
    purpose_id = answer("purpose_id", N_("Id"), slugify(title), lambda v: check_id(v, "id"))
    summary = answer("summary", N_("Why it exists, in one sentence"), check=lambda v: check_text(v, "a summary"))
    keepers = answer(
        "maintainers",
        N_("Maintainers (handles)"),
        mine,
        lambda v: check_people(community, _words(v), "a purpose needs a maintainer"),
    )
    started = answer.option("date", today, check_date)
    return f"purposes/{purpose_id}.md", purpose_text(community, title, summary, keepers, started)


def _new_contribution(
    answer: _Answers, community: Community, kind: str, mine: str | None, today: str
) -> tuple[str, str]:
    choices = [p for p in community.purposes if kind in community.purposes[p].accepts]
    purpose = answer(
        "purpose",
        N_("Purpose"),
        choices[0] if len(choices) == 1 else None,
        lambda v: check_purpose(community, kind, v),
        hint=(N_("Purposes: %(names)s"), ", ".join(choices)) if choices else "",
    )
    title = answer("title", N_("Title"), check=lambda v: check_text(v, "a title"))
    slug = answer("slug", N_("Slug (file name and URL)"), slugify(title), lambda v: check_id(v, "slug"))
    authors = answer(
        "authors",
        N_("Authors (handles)"),
        mine,
        lambda v: check_people(community, _words(v), "at least one author is needed"),
    )
    in_use = tags_in_use(community)
    tags = answer(
        "tags",
        N_("Tags (comma-separated)"),
        "",
        lambda v: check_tags(tag_words(v), community),
        hint=(N_("Tags in use: %(names)s"), ", ".join(in_use[:20])) if in_use else "",
        empty_answers=True,
    )
    url = answer("url", N_("URL"), check=check_url) if kind == "bookmark" else None
    answers = None
    if kind == "answer":
        answers = answer(
            "answers", N_("Slug of the question it answers"), check=lambda v: check_question(community, purpose, v)
        )
    forecast = None
    if kind == "forecast":
        closes = answer("closes", N_("Closes on (YYYY-MM-DD; predictions after it do not count)"), check=check_date)
        goals = [g.id for g in community.purposes[purpose].goals if g.target_count]
        criteria = answer(
            "criteria",
            N_("How it resolves (or goal:<id> to resolve it from a goal)"),
            check=lambda v: _resolves(community, purpose, v)[1] and v,
            hint=(N_("Goals with a target: %(names)s"), ", ".join(goals)) if goals else "",
        )
        forecast = (closes, criteria)
    date = answer.option("date", today, check_date)
    text = contribution_text(
        community, kind, purpose, title, authors, date, tags, answer.option("summary"), url, answers, forecast=forecast
    )
    return f"content/{purpose}/{slug}.md", text


def _resolves(community: Community, purpose: str, criteria: str) -> tuple[str, str]:
    """A forecast's ``criteria``, or ``resolves`` when the answer names a goal with a target."""
    text = criteria.strip()
    if text.startswith("goal:"):
        goal = next((g for g in community.purposes[purpose].goals if g.id == text[5:] and g.target_count), None)
        if goal is None:
            raise ScaffoldError(f"`{text}` is not a goal of {purpose} with a target count", answer="criteria")
        return ("resolves", text)
    return ("criteria", _scalar(check_text(text, "how the forecast resolves")))
