"""The validator and the JSON Schema agree on which front matter is valid.

Documents are generated from the declarations in ``rallypoint.model.schema``: valid ones, and
mutations of them (wrong types, unknown keys, bad ids, dates, URLs and other values, too many
tags, missing required keys, a kind's key on another kind, empty values). Each is written as
YAML, read and validated the way ``check`` does, and checked against ``rallypoint schema``'s
JSON Schema with ``jsonschema``; the two verdicts must be the same.

Some differences are out of reach of a JSON Schema, and the generators stay away from them:

- cross-file rules (unknown people, goals and questions, the tag vocabulary, a goal id used
  twice): only ``schema.validate`` is run here, never the rules over the whole community;
- YAML 1.1 coercion (``no``, ``0755``, bare dates): it is about how a value is written, which
  JSON cannot show; documents are written with every string quoted, so it never arises;
- invisible characters (Unicode category Cf) and words mixing alphabets in names: a regular
  expression would have to list every such character; no generated text holds one, and every
  generated letter is Latin;
- JSON numbers: ``1.0`` is an integer to JSON Schema but a float to YAML, so fractions are
  never whole;
- Python's ``re``, which jsonschema uses for ``pattern``, lets ``$`` match before a final
  newline, where ECMA-262 (what JSON Schema specifies) does not; no generated string ends
  with a newline;
- ``uniqueItems`` compares values as written, the validator compares them cleaned (text
  stripped), so no generated list holds two items that differ only by surrounding spaces;
- a blank value of an optional key counts as absent whatever its length, while ``maxLength``
  counts its spaces; blank values are short.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import string
from functools import cache

import jsonschema
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st

from rallypoint.model import schema, source
from rallypoint.model.community import load_community
from rallypoint.model.containers import DictOf, ListOf, Mapping
from rallypoint.model.fields import (
    VERSION_RANGE,
    Choice,
    Count,
    Date,
    Email,
    FieldType,
    Flag,
    GitHubLogin,
    Glob,
    Id,
    LanguageTag,
    Prose,
    Share,
    Tag,
    Text,
    Token,
    Url,
    VersionRange,
)
from rallypoint.model.forecast_fields import GoalRef, Probability

LIMIT = 1 << 20
FILES = {
    "community": "community.yml",
    "purpose": "purposes/p.md",
    "contribution": "content/p/c.md",
    "contributor": "contributors/c.yml",
}

LATIN = "éèêëàâäôöûüùçñßÉÀØøÅåæœ"
SYMBOLS = "€£¥©®°±×÷—–‘’“”…•"
SPACES = " \t\u00a0\u3000"
LINE_BREAKS = "\n\x85\u2028\u2029"
CONTROLS = "\x00\x01\x08\x0b\x0c\r\x1b\x1f\x7f"
PLAIN = string.ascii_letters + string.digits + string.punctuation + " " + LATIN + SYMBOLS
ANY = PLAIN + SPACES + LINE_BREAKS + CONTROLS


# Writing and judging one document


def _escape(char: str) -> str:
    if char in '"\\':
        return "\\" + char
    if " " <= char <= "~":
        return char
    return f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}"


def to_yaml(value: object) -> str:
    """JSON-shaped YAML in plain ASCII: every string double-quoted, every other character escaped."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return '"' + "".join(map(_escape, value)) + '"'
    if isinstance(value, list):
        return "[" + ", ".join(map(to_yaml, value)) + "]"
    return "{" + ", ".join(f"{to_yaml(k)}: {to_yaml(v)}" for k, v in value.items()) + "}"


def _plain(value: object) -> object:
    """What the YAML was: Resolved scalars back to Python values."""
    if isinstance(value, source.Resolved):  # null, true, false and numbers, as JSON writes them
        return json.loads(value.text)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def validator_problems(kind: str, data: dict) -> list:
    path = FILES[kind]
    text = to_yaml(data)
    if path.endswith(".md"):
        doc = source.read_markdown(path, f"---\n{text}\n---\nThe body.\n".encode(), LIMIT)
    else:
        doc = source.read_yaml(path, f"{text}\n".encode(), LIMIT)
    assert _plain(doc.data) == data, "the YAML written is not the document generated"
    _, problems = schema.validate(path, doc, kind)
    # A warning (an email without `@`) leaves a document valid, as the JSON Schema says.
    return [p for p in [*doc.problems, *problems] if p.severity == "error"]


@cache
def _json_validator(kind: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        schema.json_schema(kind), format_checker=jsonschema.FormatChecker(formats=["date"])
    )


def schema_errors(kind: str, data: dict) -> list:
    return list(_json_validator(kind).iter_errors(data))


def assert_agree(kind: str, data: dict) -> None:
    problems = validator_problems(kind, data)
    errors = schema_errors(kind, data)
    event(f"{kind}: {'invalid' if problems else 'valid'}")
    assert bool(problems) == bool(errors), (
        f"{kind} {data!r}\nvalidator: {[p.message for p in problems] or 'valid'}\n"
        f"JSON Schema: {[e.message for e in errors] or 'valid'}"
    )


# Valid values, from the declarations


def _text(alphabet: str, min_size: int = 1, max_size: int = 30) -> st.SearchStrategy[str]:
    return st.text(st.sampled_from(alphabet), min_size=min_size, max_size=max_size)


def _github() -> st.SearchStrategy[str]:
    part = st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True)
    return st.lists(part, min_size=1, max_size=4).map("-".join).filter(lambda s: len(s) <= 39)


def _url() -> st.SearchStrategy[str]:
    scheme = st.sampled_from(["https", "http", "HTTPS", "Http"])
    host = st.from_regex(r"[a-z0-9][a-z0-9.-]{0,20}(:[0-9]{1,5})?", fullmatch=True)
    rest = st.from_regex(r"(/[A-Za-z0-9._~%!$&'()*+,;=:@-]*){0,3}(\?[a-z0-9=&]*)?(#[a-z0-9]*)?", fullmatch=True)
    return st.builds(lambda s, h, r: f"{s}://{h}{r}", scheme, host, rest)


def valid(t: FieldType) -> st.SearchStrategy:
    """Values of ``t`` that pass both checks."""
    if isinstance(t, Text):  # Text, Prose and Glob
        alphabet = PLAIN + (" \n" if isinstance(t, Prose) else "")
        text = _text(alphabet, max_size=min(t.max_length, 40)).filter(str.strip)
        return text.filter(lambda s: s == s.strip()) if isinstance(t, Glob) else text
    if isinstance(t, (Id, Tag, Token, LanguageTag, GoalRef)):
        return st.from_regex(t.pattern, fullmatch=True)
    if isinstance(t, Probability):
        return st.floats(0.01, 0.99).map(lambda x: round(x, 2)).filter(lambda x: 0 < x < 1)
    if isinstance(t, GitHubLogin):
        return _github()
    if isinstance(t, Email):
        return st.from_regex(r"[a-z0-9._+-]{1,10}@[a-z0-9-]{1,10}\.[a-z]{2,6}", fullmatch=True)
    if isinstance(t, Url):
        return _url()
    if isinstance(t, Date):
        return st.dates().map(dt.date.isoformat)
    if isinstance(t, Choice):
        return st.sampled_from(t.choices)
    if isinstance(t, Count):
        return st.integers(1, 10**9)
    if isinstance(t, Flag):
        return st.booleans()
    if isinstance(t, Share):
        return st.floats(0.01, 1).map(lambda x: round(x, 2)).filter(lambda x: 0 < x <= 1)
    if isinstance(t, VersionRange):
        return st.from_regex(VERSION_RANGE, fullmatch=True)
    if isinstance(t, ListOf):
        key = (lambda g: g.get("id", id(g))) if isinstance(t.item, Mapping) else None
        return st.lists(
            valid(t.item), min_size=t.min_items, max_size=t.max_items or 4, unique_by=key, unique=key is None
        )
    if isinstance(t, DictOf):
        return st.dictionaries(valid(t.key), valid(t.item), max_size=3)
    if isinstance(t, Mapping):
        return mapping(t)
    raise AssertionError(f"no strategy for {t!r}")


def mapping(m: Mapping, kind: str | None = None) -> st.SearchStrategy[dict]:
    mine = [f for f in m.fields if not f.kinds or kind in f.kinds]
    required = {f.name: valid(f.type) for f in mine if f.required}
    optional = {f.name: valid(f.type) for f in mine if not f.required}
    if kind is not None:
        required["kind"] = st.just(kind)
    return st.fixed_dictionaries(required, optional=optional)


@st.composite
def documents(draw) -> tuple[str, dict]:
    kind = draw(st.sampled_from(sorted(schema.SCHEMAS)))
    contribution = draw(st.sampled_from(schema.KINDS)) if kind == "contribution" else None
    return kind, draw(mapping(schema.SCHEMAS[kind], contribution))


# Mutations


def _typed_paths(data: object, t: FieldType, where: tuple = ()) -> list[tuple[tuple, FieldType]]:
    """Every value of ``data`` with its declared type (None where nothing declares it)."""
    out = [(where, t)] if where else []
    if isinstance(data, dict) and isinstance(t, Mapping):
        fields = {f.name: f.type for f in t.fields}
        for key, value in data.items():
            out += _typed_paths(value, fields.get(key), (*where, key))
    elif isinstance(data, dict) and isinstance(t, DictOf):
        for key, value in data.items():
            out += _typed_paths(value, t.item, (*where, key))
    elif isinstance(data, list) and isinstance(t, ListOf):
        for i, value in enumerate(data):
            out += _typed_paths(value, t.item, (*where, i))
    return out


def _mappings(data: dict, t: Mapping) -> list[tuple[tuple, Mapping]]:
    """Every mapping of ``data`` that a declaration describes, with its declaration."""
    return [
        (w, m)
        for w, m in [((), t), *_typed_paths(data, t)]
        if isinstance(m, Mapping) and isinstance(_get(data, w), dict)
    ]


def _get(data: object, where: tuple) -> object:
    for part in where:
        data = data[part]
    return data


def _set(data: object, where: tuple, value: object) -> None:
    _get(data, where[:-1])[where[-1]] = value


_scalars = st.one_of(
    st.integers(-5, 10**6),
    st.integers(-5, 100).map(lambda n: n + 0.5),
    st.booleans(),
    st.none(),
    _text(ANY, min_size=0, max_size=12),
)
ANY_VALUE = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_text(PLAIN, max_size=8), inner, max_size=3),
    max_leaves=6,
)
EMPTY_VALUES = st.sampled_from([None, "", " ", "\t ", "\u3000"])


def near_misses(t: FieldType | None) -> st.SearchStrategy:
    """Values that look like they could be right for ``t``, most of them wrong."""
    words = _text(ANY, min_size=0, max_size=12)
    if isinstance(t, (Id, Tag)):
        limit = 64 if isinstance(t, Id) else 50
        return st.one_of(
            words,
            st.from_regex(r"[a-zA-Z0-9_. -]{1,12}", fullmatch=True),
            st.sampled_from(["-lead", "Caps", "under_score", "a" * limit, "a" * (limit + 1)]),
        )
    if isinstance(t, GitHubLogin):
        return st.one_of(words, st.sampled_from(["a--b", "-a", "a-", "a" * 39, "a" * 40, "a_b"]))
    if isinstance(t, Date):
        return st.one_of(
            words,
            st.sampled_from(
                [
                    "2026-02-30",
                    "2026-3-1",
                    "20260301",
                    "2026-13-01",
                    "2026-00-10",
                    "2024-02-29",
                    "2023-02-29",
                    "0000-01-01",
                    "2026-03-01T10:00",
                    " 2026-03-01",
                    "２０２６-03-01",
                ]
            ),
        )
    if isinstance(t, Url):
        return st.one_of(
            words,
            _url().map(lambda u: u.replace("://", "://x ", 1)),
            st.sampled_from(
                [
                    "ftp://x.org",
                    "https://",
                    "http:///path",
                    "https://a b",
                    "example.org",
                    "https://?q",
                    "HTTPS://X.ORG",
                    "https://a.b/\x01",
                    "https://x.org/\u2028",
                    "javascript:alert(1)",
                ]
            ),
        )
    if isinstance(t, Email):
        return st.one_of(words, st.sampled_from(["a@b", "a b@c.de", "<a@b.co>", "a@@b.co", "@b.co", "a@b.c"]))
    if isinstance(t, Count):
        return st.one_of(st.integers(-3, 3), st.sampled_from(["5", 2.5, True, "0x10"]))
    if isinstance(t, VersionRange):
        return st.one_of(
            words,
            EMPTY_VALUES,
            st.from_regex(VERSION_RANGE, fullmatch=True).map(lambda s: s.replace(",", ";", 1)),
            st.sampled_from(
                [">=0.3,<0.5", "0.3", "v0.3", ">=0.3,", "~=1", "<=1.*", "==1.*", "=>0.3", "> = 0.3", "===1.0", "0.3+"]
            ),
        )
    if isinstance(t, Choice):
        return st.one_of(words, st.sampled_from([c.upper() for c in t.choices] + [c + " " for c in t.choices]))
    if isinstance(t, Text):
        near = t.max_length
        return st.one_of(
            words,
            EMPTY_VALUES,
            st.sampled_from(
                [
                    "x" * near,
                    "x" * (near + 1),
                    " " + "x" * near,
                    "a\nb",
                    "a\rb",
                    "a\x85b",
                    "a\u2028b",
                    "a\tb",
                    "a\x00b",
                    "a\x7fb",
                    "\n",
                    " x ",
                ]
            ),
        )
    return ANY_VALUE


@st.composite
def mutated(draw) -> tuple[str, dict]:
    kind, data = draw(documents())
    declared = schema.SCHEMAS[kind]
    for _ in range(draw(st.integers(1, 2))):
        how = draw(st.sampled_from(["value", "near", "empty", "unknown", "missing", "too-many", "other-kind"]))
        event(f"mutation: {how}")
        values = _typed_paths(data, declared)
        if how in ("value", "near", "empty") and values:
            where, t = draw(st.sampled_from(values))
            strategy = {"value": ANY_VALUE, "near": near_misses(t), "empty": EMPTY_VALUES}[how]
            _set(data, where, draw(strategy))
        elif how == "unknown":
            where, m = draw(st.sampled_from(_mappings(data, declared)))
            key = draw(_text(PLAIN + SPACES, max_size=10))
            assume(key not in {f.name for f in m.fields})
            _get(data, where)[key] = draw(ANY_VALUE)
        elif how == "missing":
            where, m = draw(st.sampled_from(_mappings(data, declared)))
            present = [f.name for f in m.fields if f.required and f.name in _get(data, where)]
            if present:
                del _get(data, where)[draw(st.sampled_from(present))]
        elif how == "too-many" and kind == "contribution":
            data["tags"] = draw(
                st.lists(valid(Tag()), min_size=schema.MAX_TAGS + 1, max_size=schema.MAX_TAGS + 4, unique=True)
            )
        elif how == "other-kind" and kind == "contribution" and data.get("kind") in schema.KINDS:
            others = [f for f in declared.fields if f.kinds and data["kind"] not in f.kinds]
            f = draw(st.sampled_from(others))
            data[f.name] = draw(valid(f.type))
    return kind, data


def _strings(value: object):
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for v in value:
            yield from _strings(v)
    elif isinstance(value, dict):
        for k, v in value.items():
            yield k
            yield from _strings(v)


def _lists(value: object):
    if isinstance(value, list):
        yield value
        for v in value:
            yield from _lists(v)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _lists(v)


def _out_of_reach(data: dict) -> bool:
    """A document on a difference JSON Schema cannot express (see the module docstring)."""
    if any(s.endswith("\n") for s in _strings(data)):
        return True
    for items in _lists(data):
        texts = [x for x in items if isinstance(x, str)]
        if len({x.strip() for x in texts}) != len(set(texts)):  # twins but for spaces
            return True
    return False


# The properties

# SCHEMA_EXAMPLES=20000 for a longer hunt (about 5 minutes).
SETTINGS = settings(
    max_examples=int(os.environ.get("SCHEMA_EXAMPLES", 300)),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@SETTINGS
@given(documents())
def test_valid_documents_pass_both(document):
    kind, data = document
    assert not validator_problems(kind, data), data
    assert not schema_errors(kind, data), data


@SETTINGS
@given(mutated())
def test_mutated_documents_get_the_same_verdict(document):
    kind, data = document
    assume(not _out_of_reach(data))
    assert_agree(kind, data)


@pytest.mark.parametrize(
    "kind, data",
    [
        (
            "contribution",
            {"title": "T", "kind": "article", "authors": ["a"], "date": "2026-03-01", "url": "https://x.org"},
        ),
        ("contribution", {"title": "T", "kind": "bookmark", "authors": ["a"], "date": "2026-03-01"}),
        ("contribution", {"title": "T", "kind": "article", "authors": ["a"], "date": "2026-02-30"}),
        (
            "contribution",
            {
                "title": "T",
                "kind": "article",
                "authors": ["a"],
                "date": "2026-03-01",
                "tags": [f"t{i}" for i in range(11)],
            },
        ),
        ("contributor", {"name": "Carol", "github": "a--b"}),
        (
            "purpose",
            {
                "title": "T",
                "summary": "S",
                "maintainers": ["a"],
                "started": "2026-01-01",
                "goals": [{"id": "g", "title": "G", "target": {"count": 0}}],
            },
        ),
    ],
)
def test_known_mistakes_fail_both(kind, data):
    assert validator_problems(kind, data)
    assert schema_errors(kind, data)


def test_every_key_is_documented():
    for kind in schema.SCHEMAS:
        table = schema.reference(kind)
        for f in schema.SCHEMAS[kind].fields:
            assert f"`{f.name}`" in table and f.doc, (kind, f.name)


# The records made from the declarations, and the one validator fix the property found


def test_records_come_from_the_declarations(community):
    root = community(
        {
            "content/repair/untitled-idea.md": "---\nkind: idea\nauthors: [alice]\ndate: 2026-03-02\n---\nBody.\n",
            "contributors/carol.yml": "name: Carol\n",
        }
    )
    c = load_community(root).community
    idea = c.contributions["repair/untitled-idea"]
    assert (idea.title, idea.status, idea.tags, idea.url) == ("untitled-idea", "proposed", (), None)
    assert c.contributions["repair/drain-pump"].status is None  # status is an idea's key only
    carol = c.contributors["carol"]
    assert (carol.handle, carol.github, carol.emails, carol.bio) == ("carol", None, (), None)
    assert c.settings.allowed_tags is None and c.settings.max_file_bytes == 262_144
    assert all(type(g.id) is str and g.title for p in c.purposes.values() for g in p.goals)


def test_an_empty_list_item_is_reported_where_it_stands(community):
    root = community(
        {
            "content/repair/drain-pump.md": (
                "---\ntitle: Drain pump\nkind: article\nauthors:\n  - alice\n  -\ndate: 2026-03-01\n---\nBody.\n"
            )
        }
    )
    found = [d for d in load_community(root).diagnostics if d.path == "content/repair/drain-pump.md"]
    assert [(d.rule, d.line, d.key_path) for d in found] == [("RP102", 6, "authors[1]")]
    assert found[0].message == "`authors[1]` is empty; remove it or give it a value"
