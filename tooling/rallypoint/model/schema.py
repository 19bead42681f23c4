"""Declared schemas of every kind of file: the single source for validation, JSON Schema, docs and records.

Each kind of file is a :class:`~rallypoint.model.containers.Mapping` of :class:`Field` s, whose
types (:mod:`~rallypoint.model.fields`, :mod:`~rallypoint.model.containers`) check their own
values. ``validate`` walks a parsed :class:`~rallypoint.model.source.Document` against a
declaration and returns the cleaned values with located diagnostics; ``record`` turns those
values into the frozen record; ``json_schema`` and ``reference`` describe the same declaration
for editors and for people.
"""

from __future__ import annotations

from ..diagnostics import Diagnostic
from .containers import DictOf, Field, ListOf, Mapping, Same
from .fields import (
    DATE,
    EMAIL,
    GITHUB,
    ID,
    TAG,
    URL,
    Choice,
    Context,
    Count,
    Date,
    Email,
    Flag,
    GitHubLogin,
    Glob,
    Id,
    LanguageTag,
    Prose,
    Sentence,
    Share,
    Tag,
    Text,
    Token,
    Url,
    VersionRange,
    slugify,
)
from .forecast_fields import FORECAST_FIELDS
from .records import DEFAULT_MAX_FILE_BYTES, Contribution, Contributor, Giscus, Goal, Purpose, Settings
from .source import Document

__all__ = [
    "BUILD_ENGINES",
    "DATE",
    "EMAIL",
    "GITHUB",
    "ID",
    "IDEA_STATUSES",
    "KINDS",
    "MAX_TAGS",
    "PURPOSE_STATUSES",
    "SCHEMAS",
    "TAG",
    "URL",
    "Field",
    "json_schema",
    "record",
    "reference",
    "slugify",
    "validate",
]

KINDS = ("article", "post", "note", "bookmark", "idea", "question", "answer", "forecast")
PURPOSE_STATUSES = ("active", "paused", "retired")
IDEA_STATUSES = ("proposed", "evaluating", "accepted", "in-progress", "done", "declined", "withdrawn")
MAX_TAGS = 10
BUILD_ENGINES = ("material", "zensical")
"""What can build the site (``build.engine``); the first is the default."""


def _handles(name: str, doc: str, required: bool = False, **more) -> Field:
    return Field(
        name, ListOf(Id("a contributor handle"), min_items=1 if required else 0), doc, required=required, **more
    )


GOAL = Mapping(
    record=Goal,
    identified_by="id",
    description="a measurable aim of the purpose",
    fields=(
        Field("id", Id(), "unique within the charter; contributions name it in `goals`", required=True),
        Field("title", Text(), "what the goal is, in one line", required=True, default=""),
        Field(
            "target",
            Mapping(
                (
                    Field(
                        "count", Count(), "how many contributions reach the goal", required=True, attr="target_count"
                    ),
                    Field("kind", Choice(KINDS), "only contributions of this kind count", attr="target_kind"),
                    Field("tag", Tag(), "only contributions with this tag count", attr="target_tag"),
                )
            ),
            "a measurable target: how many contributions, of which kind and tag",
        ),
        Field("due", Date(), "when the goal should be reached"),
    ),
)

SCHEMAS: dict[str, Mapping] = {
    "community": Mapping(
        record=Settings,
        fields=(
            Field("name", Text(mixed_scripts=True), "the community's name", required=True, default=""),
            Field(
                "description",
                Prose(max_length=2000),
                "one paragraph on what the community is",
                required=True,
                default="",
            ),
            Field("site_url", Url(), "where the site is published"),
            Field("repo_url", Url(), "the repository; enables edit and history links"),
            Field(
                "language",
                LanguageTag(),
                "the language readers read (BCP 47): sets the pages' `lang` and the theme's language",
                default="en",
            ),
            _handles("maintainers", "handles of the community's maintainers", required=True),
            Field(
                "tags",
                Mapping(
                    (
                        Field("aliases", DictOf(Tag(), Tag()), "alias → canonical tag", attr="tag_aliases"),
                        Field(
                            "allowed",
                            ListOf(Tag()),
                            "the closed vocabulary; any other tag is an error",
                            attr="allowed_tags",
                            convert=frozenset,
                            default=None,
                        ),
                    )
                ),
                "tag aliases and an optional closed vocabulary",
            ),
            Field(
                "requires",
                VersionRange(),
                "the rallypoint releases this community is written for; `check` says first when another is installed",
            ),
            Field(
                "comments",
                Mapping(
                    (
                        Field(
                            "giscus",
                            Mapping(
                                (
                                    Field(
                                        "repo",
                                        Token(r"[A-Za-z0-9-]{1,39}/[A-Za-z0-9._-]{1,100}", "a repository, owner/name"),
                                        "the GitHub repository whose Discussions hold the comments",
                                        required=True,
                                    ),
                                    Field(
                                        "repo_id",
                                        Token(r"[A-Za-z0-9_-]{1,64}", "a repository id from giscus.app"),
                                        "the repository's id, from giscus.app",
                                        required=True,
                                    ),
                                    Field("category", Text(), "the Discussions category", required=True),
                                    Field(
                                        "category_id",
                                        Token(r"[A-Za-z0-9_-]{1,64}", "a category id from giscus.app"),
                                        "the category's id, from giscus.app",
                                        required=True,
                                    ),
                                ),
                                record=Giscus,
                                identified_by="repo",
                            ),
                            "reader comments and reactions through giscus (GitHub Discussions)",
                            attr="giscus",
                            default=None,
                        ),
                    )
                ),
                "reader comments on contribution pages; off unless set",
            ),
            Field(
                "require_signed",
                Flag(),
                "count an endorsement or acceptance only when the commit that made it has a good signature",
                default=False,
            ),
            Field(
                "bots",
                ListOf(Glob()),
                "more git identities (names or emails, `*` wildcards) left out of attribution; GitHub's `*[bot]` accounts always are",
            ),
            Field(
                "limits",
                Mapping(
                    (
                        Field(
                            "max_file_bytes",
                            Count(),
                            "the size cap of one file in bytes (default 262144)",
                            default=DEFAULT_MAX_FILE_BYTES,
                        ),
                    )
                ),
                "limits on input",
            ),
            Field(
                "build",
                Mapping(
                    (
                        Field(
                            "engine",
                            Choice(BUILD_ENGINES),
                            "what builds the site: material (default) or zensical",
                            default=BUILD_ENGINES[0],
                        ),
                        Field(
                            "shards",
                            Count(),
                            "how many build jobs the publish workflow runs at once (default 1: one job)",
                            default=1,
                        ),
                    )
                ),
                "how the site is built",
            ),
        ),
    ),
    "purpose": Mapping(
        record=Purpose,
        fields=(
            Field("title", Text(), "the purpose in one line", required=True, default=Same("id")),
            Field(
                "summary", Sentence(max_length=500), "one sentence: why this purpose exists", required=True, default=""
            ),
            Field("status", Choice(PURPOSE_STATUSES), "active (default), paused or retired", default="active"),
            _handles("maintainers", "handles of the people who review this purpose", required=True),
            Field("started", Date(), "when the purpose started", required=True, default=""),
            Field("accepts", ListOf(Choice(KINDS)), "kinds of contribution accepted (default: all)", default=KINDS),
            Field("goals", ListOf(GOAL), "measurable aims"),
            Field(
                "ideas",
                Mapping(
                    (
                        Field(
                            "threshold",
                            Share(),
                            "the share of the purpose's people active in the last 90 days whose support "
                            "puts an idea over the line (0.2 = a fifth)",
                            attr="idea_threshold",
                            default=None,
                        ),
                    )
                ),
                "how the idea engine weighs support",
            ),
        ),
    ),
    "contribution": Mapping(
        record=Contribution,
        fields=(
            Field("title", Text(), "the title", required=True, default=Same("slug")),
            Field("kind", Choice(KINDS), "what kind of contribution this is", required=True, default=""),
            _handles("authors", "handles of the authors", required=True),
            Field("date", Date(), "when it was written", required=True, default=""),
            Field("tags", ListOf(Tag(), max_items=MAX_TAGS), f"at most {MAX_TAGS} tags"),
            Field("goals", ListOf(Id()), "goal ids of this purpose that it serves"),
            Field("summary", Sentence(max_length=500), "a one-line summary"),
            Field("url", Url(), "the bookmarked address", required=True, kinds=("bookmark",)),
            Field("accepted", Id(), "slug of the accepted answer", kinds=("question",)),
            Field(
                "answers",
                Id(),
                "slug of the question this answers, in the same purpose",
                required=True,
                kinds=("answer",),
            ),
            Field(
                "status",
                Choice(IDEA_STATUSES),
                "where the idea stands (default proposed)",
                kinds=("idea",),
                default="proposed",
            ),
            _handles("endorsed_by", "handles of people who endorse the idea", kinds=("idea",)),
            *FORECAST_FIELDS,
        ),
    ),
    "contributor": Mapping(
        record=Contributor,
        fields=(
            Field(
                "name",
                Text(max_length=100, mixed_scripts=True),
                "the person's name",
                required=True,
                default=Same("handle"),
            ),
            Field("github", GitHubLogin(), "GitHub login; never assumed from the handle"),
            Field("emails", ListOf(Email()), "git identities that are this person"),
            Field("bio", Prose(max_length=2000), "a few words about the person"),
            Field("links", ListOf(Url()), "the person's pages"),
        ),
    ),
}


def _kind(schema: str, data: dict) -> str | None:
    """A contribution's kind when it is one, which decides its kind-specific keys."""
    if schema != "contribution":
        return None
    kind = data.get("kind")
    return kind if isinstance(kind, str) and kind in KINDS else None


def validate(path: str, doc: Document, schema: str) -> tuple[dict, list[Diagnostic]]:
    """Check ``doc`` against the declared schema; return the values that passed and the problems."""
    ctx = Context(path, doc)
    data = SCHEMAS[schema].check_keys(doc.data, ctx, (), kind=_kind(schema, doc.data))
    return data, ctx.problems


def record(schema: str, data: dict, **given: object):
    """The frozen record of a file's validated ``data``; ``given`` holds what the file's place
    and parse say (``path``, ``doc``, the id from its name, its body)."""
    return SCHEMAS[schema].to_record(data, _kind(schema, data), **given)


def json_schema(schema: str) -> dict:
    """The JSON Schema (draft 2020-12) of one kind of file, for editors and other tools."""
    declared = SCHEMAS[schema]
    out = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://rallypoint.dev/schema/{schema}.json",
        "title": f"rallypoint {schema}",
        **declared.json_schema(),
    }
    if schema == "contribution":
        fields = declared.fields
        out["allOf"] = [
            {
                "if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
                "then": {"required": [f.name for f in fields if kind in f.kinds and f.required]}
                if any(kind in f.kinds and f.required for f in fields)
                else {},
                "else": {},
            }
            for kind in KINDS
        ]
        kind_keys = {f.name: f.kinds for f in fields if f.kinds}
        out["allOf"] += [
            {"if": {"properties": {"kind": {"not": {"enum": list(kinds)}}}}, "then": {"not": {"required": [name]}}}
            for name, kinds in kind_keys.items()
        ]
    return out


def json_schema_all() -> dict:
    """Every kind of file's JSON Schema in one document, under ``$defs``."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://rallypoint.dev/schema/all.json",
        "title": "rallypoint front matter",
        "$defs": {name: json_schema(name) for name in SCHEMAS},
    }


def reference(schema: str) -> str:
    """The keys of one kind of file as a Markdown table: key, value, required, meaning."""
    rows = ["| key | value | required | meaning |", "|---|---|---|---|"]

    def walk(mapping: Mapping, prefix: str) -> None:
        for f in mapping.fields:
            only = f"*{' and '.join(f.kinds)} only:* " if f.kinds else ""
            rows.append(f"| `{prefix}{f.name}` | {f.type.doc} | {'yes' if f.required else ''} | {only}{f.doc} |")
            inner = f.type.item if isinstance(f.type, ListOf) else f.type
            if isinstance(inner, Mapping):
                walk(inner, f"{prefix}{f.name}{'[]' if inner is not f.type else ''}.")

    walk(SCHEMAS[schema], "")
    return "\n".join(rows)
