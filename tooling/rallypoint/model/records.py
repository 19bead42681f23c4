"""The content model of a community: frozen records made from validated files.

:func:`rallypoint.model.schema.record` makes them from the declarations, which say for each
attribute which key fills it and what it is when the key is absent; so no field has a default
here. Records keep a reference to the parsed :class:`~rallypoint.source.Document` they came from,
so that cross-file rules can point at the exact line and column of a value.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from ..diagnostics import Diagnostic, Rule, count_errors
from .source import Document, KeyPath, Position, dotted

DEFAULT_MAX_FILE_BYTES = 262_144


@dataclass(frozen=True)
class _Located:
    path: str
    """Relative to the community root."""
    doc: Document | None = field(repr=False, compare=False)
    """The parsed file, for positions; None when community.yml could not be read."""

    def at(self, where: KeyPath) -> Position:
        return self.doc.at(where) if self.doc else (1, 1)

    def problem(self, rule: Rule, where: KeyPath, message: str, *, fix: str = "") -> Diagnostic:
        """A diagnostic of ``rule`` at the value ``where`` in this record's file."""
        line, column = self.at(where)
        return rule.at(self.path, line, column, message, key_path=dotted(where), fix=fix)


@dataclass(frozen=True)
class Giscus:
    """Where reader comments live: a GitHub repository's Discussions, as giscus.app names them."""

    repo: str
    repo_id: str
    category: str
    category_id: str


@dataclass(frozen=True)
class Settings(_Located):
    """community.yml."""

    name: str
    description: str
    site_url: str | None
    repo_url: str | None
    maintainers: tuple[str, ...]
    tag_aliases: Mapping[str, str]
    allowed_tags: frozenset[str] | None
    bots: tuple[str, ...]
    max_file_bytes: int
    requires: str | None
    """The rallypoint releases the community is written for (``>=0.3,<0.5``), or None for any."""
    engine: str
    """What builds the site (``build.engine``): ``material`` or ``zensical``."""
    require_signed: bool = False
    """Whether only commits with a good signature prove endorsements and acceptances."""
    giscus: Giscus | None = None
    """``comments.giscus``, or None: no reader comments."""
    language: str = "en"
    """``language``: the BCP 47 tag of the language the site is written in."""
    shards: int = 1
    """``build.shards``: how many parts the publish workflow builds the site in, one job each."""


@dataclass(frozen=True)
class Goal:
    """One of a charter's measurable aims (``goals`` in purposes/<id>.md)."""

    id: str
    title: str
    target_count: int | None
    target_kind: str | None
    target_tag: str | None
    due: str | None


@dataclass(frozen=True)
class Prediction:
    """One entry of a forecast's append-only ``predictions``: who said how likely, when."""

    by: str
    p: float
    date: str


@dataclass(frozen=True)
class Resolution:
    """How a forecast resolved (``resolution`` in a forecast's front matter)."""

    outcome: str
    date: str
    by: str | None


@dataclass(frozen=True)
class Purpose(_Located):
    """purposes/<id>.md: a charter."""

    id: str
    title: str
    summary: str
    status: str
    maintainers: tuple[str, ...]
    started: str
    accepts: tuple[str, ...]
    goals: tuple[Goal, ...]
    body: str = field(repr=False)
    body_line: int
    idea_threshold: float | None = None
    """``ideas.threshold``: the share of active people whose support carries an idea, or None."""

    def goal(self, goal_id: str) -> Goal | None:
        return next((g for g in self.goals if g.id == goal_id), None)


@dataclass(frozen=True)
class Contribution(_Located):
    """content/<purpose>/<slug>.md."""

    purpose: str
    slug: str
    title: str
    kind: str
    authors: tuple[str, ...]
    date: str
    tags: tuple[str, ...]
    goals: tuple[str, ...]
    summary: str | None
    url: str | None
    accepted: str | None
    answers: str | None
    status: str | None
    endorsed_by: tuple[str, ...]
    closes: str | None
    criteria: str | None
    resolves: str | None
    predictions: tuple[Prediction, ...]
    resolution: Resolution | None
    body: str = field(repr=False)
    body_line: int

    @property
    def key(self) -> str:
        """``purpose/slug``: unique in the community, and the page's URL path."""
        return f"{self.purpose}/{self.slug}"


@dataclass(frozen=True)
class Contributor(_Located):
    """contributors/<handle>.yml: a person."""

    handle: str
    name: str
    github: str | None
    emails: tuple[str, ...]
    bio: str | None
    links: tuple[str, ...]


@dataclass(frozen=True)
class Community:
    """Everything a community holds, keyed for lookup: purposes and people by id, contributions by key."""

    root: str
    settings: Settings
    purposes: Mapping[str, Purpose]
    contributions: Mapping[str, Contribution]
    contributors: Mapping[str, Contributor]
    images: tuple[str, ...] = ()
    renamed: Mapping[str, str] = field(default_factory=dict, repr=False)
    """Old contribution key → its key now, from renames in git (the build and ``review`` set it)."""

    @cached_property
    def slugs(self) -> dict[str, list[str]]:
        """slug → the keys of the contributions with that slug (more than one: ambiguous)."""
        table: dict[str, list[str]] = {}
        for key, item in self.contributions.items():
            table.setdefault(item.slug, []).append(key)
        return table

    def resolve_link(self, purpose: str | None, slug: str) -> str | None:
        """The contribution key a wikilink points to, or None for a wanted (or ambiguous) page.

        A name no contribution has now leads to the one that had it, through ``renamed``.
        """
        if purpose:
            key = f"{purpose}/{slug}"
            return key if key in self.contributions else self.renamed.get(key)
        found = self.slugs.get(slug, ())
        if found:
            return found[0] if len(found) == 1 else None
        return self._renamed_slugs.get(slug)

    @cached_property
    def _renamed_slugs(self) -> dict[str, str]:
        """An old slug → the contribution that had it, when only one did."""
        table: dict[str, set[str]] = {}
        for old, new in self.renamed.items():
            table.setdefault(old.rpartition("/")[2], set()).add(new)
        return {slug: next(iter(keys)) for slug, keys in table.items() if len(keys) == 1}


@dataclass(frozen=True)
class CheckResult:
    """A loaded community and every diagnostic found while loading it."""

    community: Community | None
    diagnostics: tuple[Diagnostic, ...]
    files_checked: int

    @property
    def errors(self) -> int:
        return count_errors(self.diagnostics)

    @property
    def warnings(self) -> int:
        return sum(1 for x in self.diagnostics if x.severity == "warning")

    @property
    def notices(self) -> int:
        return sum(1 for x in self.diagnostics if x.severity == "notice")
