"""Declared schemas of every kind of file: the single source for validation, JSON Schema and docs.

``validate`` walks a parsed :class:`~rallypoint.source.Document` against a declaration and
returns the cleaned values (only those that passed) with located diagnostics.
"""
from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass

from .. import catalogue as rp
from ..diagnostics import Diagnostic, Rule, did_you_mean
from .source import Document, KeyPath, Resolved, dotted

ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
TAG = re.compile(r"[a-z0-9][a-z0-9-]{0,49}")
GITHUB = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\n\x85\u2028\u2029]")

KINDS = ("article", "post", "note", "bookmark", "idea", "question", "answer")
PURPOSE_STATUSES = ("active", "paused", "retired")
IDEA_STATUSES = ("proposed", "accepted", "in-progress", "done", "declined")
MAX_TAGS = 10


@dataclass(frozen=True)
class Field:
    """One key of a file: its type, whether it is required, and what it means."""

    name: str
    type: str  # text | prose | id | tag | date | url | email | github | glob | choice | count | list | mapping | dict
    doc: str = ""
    required: bool = False
    choices: tuple[str, ...] = ()
    item: "Field | None" = None
    fields: tuple["Field", ...] = ()
    key: "Field | None" = None
    max_items: int | None = None
    min_items: int = 0
    max_length: int = 200
    kinds: tuple[str, ...] = ()


def _handles(name: str, doc: str, required: bool = False) -> Field:
    return Field(name, "list", doc, required=required, min_items=1 if required else 0,
                 item=Field("handle", "id", "a contributor handle"))


GOAL = Field("goal", "mapping", "a measurable aim of the purpose", fields=(
    Field("id", "id", "unique within the charter; contributions name it in `goals`", required=True),
    Field("title", "text", "what the goal is, in one line", required=True),
    Field("target", "mapping", "a measurable target: how many contributions, of which kind and tag", fields=(
        Field("count", "count", "how many contributions reach the goal", required=True),
        Field("kind", "choice", "only contributions of this kind count", choices=KINDS),
        Field("tag", "tag", "only contributions with this tag count"),
    )),
    Field("due", "date", "when the goal should be reached"),
))

SCHEMAS: dict[str, tuple[Field, ...]] = {
    "community": (
        Field("name", "text", "the community's name", required=True),
        Field("description", "prose", "one paragraph on what the community is", required=True, max_length=2000),
        Field("site_url", "url", "where the site is published"),
        Field("repo_url", "url", "the repository; enables edit and history links"),
        _handles("maintainers", "handles of the community's maintainers", required=True),
        Field("tags", "mapping", "tag aliases and an optional closed vocabulary", fields=(
            Field("aliases", "dict", "alias → canonical tag", key=Field("alias", "tag"), item=Field("tag", "tag")),
            Field("allowed", "list", "the closed vocabulary; any other tag is an error", item=Field("tag", "tag")),
        )),
        Field("bots", "list", "git identities (names or emails, `*` wildcards) left out of attribution",
              item=Field("pattern", "glob")),
        Field("limits", "mapping", "limits on input", fields=(
            Field("max_file_bytes", "count", "the size cap of one file in bytes (default 262144)"),
        )),
    ),
    "purpose": (
        Field("title", "text", "the purpose in one line", required=True),
        Field("summary", "text", "one sentence: why this purpose exists", required=True, max_length=500),
        Field("status", "choice", "active (default), paused or retired", choices=PURPOSE_STATUSES),
        _handles("maintainers", "handles of the people who review this purpose", required=True),
        Field("started", "date", "when the purpose started", required=True),
        Field("accepts", "list", "kinds of contribution accepted (default: all)",
              item=Field("kind", "choice", choices=KINDS)),
        Field("goals", "list", "measurable aims", item=GOAL),
    ),
    "contribution": (
        Field("title", "text", "the title", required=True),
        Field("kind", "choice", "what kind of contribution this is", required=True, choices=KINDS),
        _handles("authors", "handles of the authors", required=True),
        Field("date", "date", "when it was written", required=True),
        Field("tags", "list", f"at most {MAX_TAGS} tags", item=Field("tag", "tag"), max_items=MAX_TAGS),
        Field("goals", "list", "goal ids of this purpose that it serves", item=Field("goal", "id")),
        Field("summary", "text", "a one-line summary", max_length=500),
        Field("url", "url", "the bookmarked address", required=True, kinds=("bookmark",)),
        Field("accepted", "id", "slug of the accepted answer", kinds=("question",)),
        Field("answers", "id", "slug of the question this answers, in the same purpose",
              required=True, kinds=("answer",)),
        Field("status", "choice", "where the idea stands (default proposed)", choices=IDEA_STATUSES,
              kinds=("idea",)),
        Field("endorsed_by", "list", "handles of people who endorse the idea",
              item=Field("handle", "id", "a contributor handle"), kinds=("idea",)),
    ),
    "contributor": (
        Field("name", "text", "the person's name", required=True, max_length=100),
        Field("github", "github", "GitHub login (defaults to the handle)"),
        Field("emails", "list", "git identities that are this person", item=Field("email", "email")),
        Field("bio", "prose", "a few words about the person", max_length=2000),
        Field("links", "list", "the person's pages", item=Field("link", "url")),
    ),
}


def _where(path: KeyPath) -> str:
    return f"`{dotted(path)}`"


class _Validator:
    def __init__(self, path: str, doc: Document):
        self.path = path
        self.doc = doc
        self.problems: list[Diagnostic] = []

    def report(self, rule: Rule, where: KeyPath, message: str, *, at_key: bool = False) -> None:
        line, col = self.doc.key_at(where) if at_key else self.doc.at(where)
        self.problems.append(rule.at(self.path, line, col, message, key_path=dotted(where)))

    def mapping(self, value: dict, fields: tuple[Field, ...], where: KeyPath, kind: str | None = None) -> dict:
        known = {f.name: f for f in fields if not f.kinds or kind is None or kind in f.kinds}
        other = {f.name: f for f in fields if f.kinds and kind is not None and kind not in f.kinds}
        out: dict = {}
        for key, item in value.items():
            here = where + (key,)
            spec = known.get(key)
            if spec is None:
                if key in other:
                    owners = " and ".join(other[key].kinds)
                    self.report(rp.WRONG_KIND_KEY, here,
                                f"{_where(here)} is only for {owners} contributions, and this is "
                                f"a{'n' if kind[0] in 'aeiou' else ''} {kind}; remove it or change `kind`",
                                at_key=True)
                else:
                    hidden = _disguise(key, mixed_scripts=False)
                    shown = _where(where + (_visible(key),))
                    self.report(rp.UNKNOWN_KEY, here,
                                f"unknown key {shown}{did_you_mean(key, known)}"
                                + (f" (it {hidden})" if hidden else "")
                                + f"; allowed keys: {', '.join(known)}", at_key=True)
                continue
            cleaned = self.value(item, spec, here)
            if cleaned is not None:
                out[key] = cleaned
        for spec in known.values():
            if spec.required and spec.name not in value and (not spec.kinds or kind in spec.kinds):
                self.report(rp.MISSING_KEY, where,
                            f"missing required key {_where(where + (spec.name,))} ({spec.doc})",
                            at_key=bool(where))
        return out

    def value(self, value: object, spec: Field, where: KeyPath):
        if value is None:  # an alias, reported where the YAML was read
            return None
        t = spec.type
        if type(value) is Resolved:
            if value.kind == "null":
                if spec.required:
                    self.report(rp.MISSING_KEY, where, f"{_where(where)} is empty; give it a value ({spec.doc})")
                return None
            if t == "date" and value.kind == "timestamp":
                value = value.text
            elif t == "count" and value.kind == "number":
                return self._count(value.text, where)
            else:
                self.report(rp.YAML11_COERCION, where,
                            f"YAML 1.1 reads `{value.text}` as a {value.kind}, not text; "
                            f"quote it: {_where(where)[1:-1].split('.')[-1]}: \"{value.text}\"")
                return None
        if t in ("list", "mapping", "dict"):
            return self._container(value, spec, where)
        if not isinstance(value, str):
            shape = "a list" if isinstance(value, list) else "a mapping"
            self.report(rp.WRONG_TYPE, where, f"{_where(where)} must be a single value, not {shape}")
            return None
        if t == "count":
            self.report(rp.BAD_NUMBER, where, f"{_where(where)} must be a number; write it without quotes")
            return None
        return getattr(self, "_" + t)(value, spec, where)

    def _container(self, value: object, spec: Field, where: KeyPath):
        if spec.type == "list":
            if not isinstance(value, list):
                example = value if isinstance(value, str) else "..."
                self.report(rp.WRONG_TYPE, where,
                            f"{_where(where)} must be a list, e.g. {spec.name}: [{example}]")
                return None
            out = []
            for i, item in enumerate(value):
                cleaned = self.value(item, spec.item, where + (i,))
                if cleaned is None:
                    continue
                if cleaned in out and not isinstance(cleaned, dict):
                    self.report(rp.DUPLICATE_ITEM, where + (i,), f"{_where(where)} names `{cleaned}` twice; remove one")
                    continue
                out.append(cleaned)
            if spec.max_items is not None and len(out) > spec.max_items:
                self.report(rp.TOO_MANY, where + (spec.max_items,),
                            f"{_where(where)} has {len(out)} items, at most {spec.max_items} are allowed")
                out = out[: spec.max_items]
            if len(value) < spec.min_items:
                self.report(rp.MISSING_KEY, where, f"{_where(where)} is empty; name at least {spec.min_items}")
            return out
        if not isinstance(value, dict):
            self.report(rp.WRONG_TYPE, where, f"{_where(where)} must be a mapping of `key: value` lines")
            return None
        if spec.type == "mapping":
            return self.mapping(value, spec.fields, where)
        out = {}
        for key, item in value.items():
            here = where + (key,)
            if self._tag(key, spec.key, here, at_key=True) is None:
                continue
            cleaned = self.value(item, spec.item, here)
            if cleaned is not None:
                out[key] = cleaned
        return out

    def _text(self, value: str, spec: Field, where: KeyPath):
        disguise = _disguise(value, mixed_scripts=spec.name == "name")
        if disguise:
            self.report(rp.INVISIBLE_TEXT, where, f"{_where(where)} {disguise}; retype it with plain characters")
            return None
        if _CONTROL.search(value) or (spec.type == "text" and _LINE_BREAK.search(value)):
            self.report(rp.BAD_TEXT, where, f"{_where(where)} holds a line break or control character; "
                                           "keep it on one line")
            return None
        if not value.strip():
            if spec.required:
                self.report(rp.MISSING_KEY, where, f"{_where(where)} is empty; give it a value ({spec.doc})")
            return None
        if len(value) > spec.max_length:
            self.report(rp.BAD_TEXT, where,
                        f"{_where(where)} is {len(value)} characters long, at most {spec.max_length}")
            return None
        return value.strip()

    _prose = _text

    def _id(self, value: str, spec: Field, where: KeyPath):
        if ID.fullmatch(value):
            return value
        self.report(rp.BAD_ID, where, f"`{value}` in {_where(where)} is not a valid id; use lowercase "
                                     f"letters, digits and hyphens{_suggest(value, 64)}")
        return None

    def _tag(self, value: str, spec: Field | None, where: KeyPath, at_key: bool = False):
        if TAG.fullmatch(value):
            return value
        self.report(rp.BAD_TAG, where, f"tag `{value}` in {_where(where)} is not valid; use lowercase "
                                      f"letters, digits and hyphens, at most 50{_suggest(value, 50)}",
                    at_key=at_key)
        return None

    def _date(self, value: str, spec: Field, where: KeyPath):
        if DATE.fullmatch(value):
            try:
                _dt.date.fromisoformat(value)
                return value
            except ValueError:
                pass
        self.report(rp.BAD_DATE, where, f"{_where(where)} `{value}` is not a date; write YYYY-MM-DD, e.g. 2026-03-01")
        return None

    def _url(self, value: str, spec: Field, where: KeyPath):
        if URL.fullmatch(value) and not _CONTROL.search(value):
            return value
        self.report(rp.BAD_URL, where, f"{_where(where)} `{value[:80]}` is not an http(s) URL; "
                                      "write the full address, starting with https://")
        return None

    def _email(self, value: str, spec: Field, where: KeyPath):
        if EMAIL.fullmatch(value):
            return value
        self.report(rp.BAD_EMAIL, where, f"`{value[:80]}` in {_where(where)} is not an email address")
        return None

    def _github(self, value: str, spec: Field, where: KeyPath):
        if GITHUB.fullmatch(value):
            return value
        self.report(rp.BAD_ID, where, f"`{value[:80]}` is not a GitHub login (letters, digits and "
                                     "single hyphens, at most 39)")
        return None

    def _glob(self, value: str, spec: Field, where: KeyPath):
        return self._text(value, spec, where)

    def _choice(self, value: str, spec: Field, where: KeyPath):
        if value in spec.choices:
            return value
        self.report(rp.BAD_CHOICE, where, f"{_where(where)} `{value[:80]}` is not one of "
                    f"{', '.join(spec.choices)}{did_you_mean(value, spec.choices)}")
        return None

    def _count(self, value: str, where: KeyPath):
        try:
            number = int(value, 10)
        except ValueError:
            number = 0
        if number > 0:
            return number
        self.report(rp.BAD_NUMBER, where, f"{_where(where)} `{value}` is not a whole number above zero")
        return None


_EAST_ASIAN = frozenset({"CJK", "HIRAGANA", "KATAKANA", "HANGUL", "HALFWIDTH", "FULLWIDTH"})


def _script(char: str) -> str | None:
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    script = name.split(" ", 1)[0] if name else None
    return "CJK" if script in _EAST_ASIAN else script


def _disguise(value: str, mixed_scripts: bool) -> str | None:
    """Why a text would pass for something it is not, or None."""
    for char in value:
        if unicodedata.category(char) == "Cf":
            return f"holds the invisible character U+{ord(char):04X} ({unicodedata.name(char, 'format character')})"
    if mixed_scripts:
        for word in re.findall(r"\w+", value):
            scripts = {s for s in map(_script, word) if s}
            if len(scripts) > 1:
                return f"mixes {' and '.join(x.title() for x in sorted(scripts))} letters in `{word}`"
    return None


def _visible(text: str) -> str:
    """Text with invisible and control characters written as \\uXXXX escapes."""
    return "".join(c if c.isprintable() and unicodedata.category(c) != "Cf" else f"\\u{ord(c):04x}" for c in text)


def slugify(text: str, limit: int = 64) -> str:
    """Lowercase ASCII letters, digits and single hyphens, cut at a hyphen to at most ``limit``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[:limit + 1].rfind("-")
        slug = slug[:cut if cut > 0 else limit].strip("-")
    return slug


def _suggest(value: str, limit: int) -> str:
    slug = slugify(value, limit)
    return f"; did you mean `{slug}`?" if slug and slug != value and ID.fullmatch(slug) else ""


def validate(path: str, doc: Document, schema: str) -> tuple[dict, list[Diagnostic]]:
    """Check ``doc`` against the declared schema; return the values that passed and the problems."""
    checker = _Validator(path, doc)
    kind = None
    if schema == "contribution":
        raw_kind = doc.data.get("kind")
        kind = raw_kind if isinstance(raw_kind, str) and raw_kind in KINDS else None
    data = checker.mapping(doc.data, SCHEMAS[schema], (), kind=kind)
    return data, checker.problems


def _json_schema(spec: Field) -> dict:
    t = spec.type
    out: dict = {"description": spec.doc} if spec.doc else {}
    if t in ("text", "prose", "glob"):
        out.update(type="string", minLength=1, maxLength=spec.max_length)
    elif t == "id":
        out.update(type="string", pattern=f"^{ID.pattern}$")
    elif t == "tag":
        out.update(type="string", pattern=f"^{TAG.pattern}$")
    elif t == "github":
        out.update(type="string", pattern=f"^{GITHUB.pattern}$")
    elif t == "date":
        out.update(type="string", format="date", pattern=f"^{DATE.pattern}$")
    elif t == "url":
        out.update(type="string", format="uri", pattern="^https?://")
    elif t == "email":
        out.update(type="string", format="email")
    elif t == "choice":
        out.update(type="string", enum=list(spec.choices))
    elif t == "count":
        out.update(type="integer", minimum=1)
    elif t == "list":
        out.update(type="array", items=_json_schema(spec.item), uniqueItems=True)
        if spec.min_items:
            out["minItems"] = spec.min_items
        if spec.max_items is not None:
            out["maxItems"] = spec.max_items
    elif t == "mapping":
        out.update(_object(spec.fields))
    elif t == "dict":
        out.update(type="object", propertyNames=_json_schema(spec.key),
                   additionalProperties=_json_schema(spec.item))
    return out


def _object(fields: tuple[Field, ...]) -> dict:
    return {
        "type": "object",
        "properties": {f.name: _json_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required and not f.kinds],
        "additionalProperties": False,
    }


def json_schema(schema: str) -> dict:
    """The JSON Schema (draft 2020-12) of one kind of file, for editors and other tools."""
    fields = SCHEMAS[schema]
    out = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://rallypoint.dev/schema/{schema}.json",
        "title": f"rallypoint {schema}",
        **_object(fields),
    }
    if schema == "contribution":
        out["allOf"] = [
            {"if": {"properties": {"kind": {"const": kind}}, "required": ["kind"]},
             "then": {"required": [f.name for f in fields if kind in f.kinds and f.required]}
             if any(kind in f.kinds and f.required for f in fields) else {},
             "else": {}}
            for kind in KINDS
        ]
        kind_keys = {f.name: f.kinds for f in fields if f.kinds}
        out["allOf"] += [
            {"if": {"properties": {"kind": {"not": {"enum": list(kinds)}}}},
             "then": {"not": {"required": [name]}}}
            for name, kinds in kind_keys.items()
        ]
    return out
