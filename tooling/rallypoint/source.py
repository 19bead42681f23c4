"""Read one file: byte limits, encoding, front matter, and strict YAML with positions.

YAML goes through libyaml's event parser: events carry positions for free, and they show
anchors, aliases and explicit tags, which the data model forbids. Plain scalars that YAML 1.1
would turn into something other than text come back as :class:`Resolved`, so that the schema
can tell the author to quote them instead of silently changing the value.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Union

import yaml
from yaml.resolver import Resolver

from . import diagnostics as d
from .diagnostics import Diagnostic

try:
    _Parser = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.SafeLoader

MAX_DEPTH = 8
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_IMPLICIT = Resolver.yaml_implicit_resolvers
_TAG_NAMES = {
    "tag:yaml.org,2002:bool": "boolean",
    "tag:yaml.org,2002:int": "number",
    "tag:yaml.org,2002:float": "number",
    "tag:yaml.org,2002:null": "null",
    "tag:yaml.org,2002:timestamp": "timestamp",
    "tag:yaml.org,2002:merge": "merge key",
    "tag:yaml.org,2002:value": "value key",
}

Position = tuple[int, int]
Path = tuple[Union[str, int], ...]


@dataclass(frozen=True)
class Resolved:
    """A plain scalar that YAML 1.1 resolves to a non-string (``no``, ``0755``, ``2026-03-01``)."""

    text: str
    kind: str  # boolean | number | null | timestamp | merge key | value key


Value = Union[str, Resolved, list, dict]


@dataclass
class Document:
    """The parsed YAML of one file with where each key and value stands."""

    data: object
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    problems: list[Diagnostic] = field(default_factory=list)

    def at(self, path: Path) -> Position:
        """The position of the value at ``path``, or of its nearest parent."""
        while path:
            if path in self.values:
                return self.values[path]
            path = path[:-1]
        return self.values.get((), (1, 1))

    def key_at(self, path: Path) -> Position:
        return self.keys.get(path) or self.at(path)


class ReadError(Exception):
    """A file cannot be read at all; carries the diagnostics that say why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(diagnostics[0].message if diagnostics else "unreadable")
        self.diagnostics = diagnostics


def _position(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def too_large(path: str, size: int, limit: int) -> Diagnostic:
    return Diagnostic(path, 1, 1, d.FILE_TOO_LARGE.id, "error",
                      f"file is {size:,} bytes, over the cap of {limit:,} bytes; "
                      "split it or raise limits.max_file_bytes in community.yml")


def decode(path: str, raw: bytes, limit: int) -> str:
    """Bytes to text with strict rules: size cap, no NUL, UTF-8 (BOM and CRLF allowed)."""
    if len(raw) > limit:
        raise ReadError([too_large(path, len(raw), limit)])
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _position(raw[:nul].decode("utf-8", "replace"), nul)
        raise ReadError([Diagnostic(path, line, col, d.NUL_BYTE.id, "error",
            "file contains a NUL byte (it looks binary); text files must be plain UTF-8")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line, col = _position(before, len(before))
        raise ReadError([Diagnostic(path, line, col, d.NOT_UTF8.id, "error",
            f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8")]) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError([Diagnostic(path, 1, 1, d.EMPTY_FILE.id, "error",
            "file is empty; write its content or delete it")])
    return text


def split_front_matter(path: str, text: str) -> tuple[str, str, int]:
    """Return (front matter, body, line where the body starts)."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        raise ReadError([Diagnostic(path, 1, 1, d.NO_FRONT_MATTER.id, "error",
            "file does not start with front matter; its first line must be `---`, "
            "then the YAML keys, then another `---` line")])
    start = 4
    for closing in ("\n---\n", "\n...\n"):
        end = text.find(closing, start - 1)
        if end >= 0:
            break
    else:
        for closing in ("\n---", "\n..."):
            if text.endswith(closing) and len(text) >= start - 1 + len(closing):
                end = len(text) - len(closing)
                break
        else:
            raise ReadError([Diagnostic(path, 1, 1, d.UNCLOSED_FRONT_MATTER.id, "error",
                "front matter is opened with `---` on line 1 but never closed; "
                "add a `---` line after the last key")])
    front = text[start:end + 1] if end >= start else ""
    body_start = end + len(closing)
    body_line = text.count("\n", 0, min(body_start, len(text))) + 1
    return front, text[body_start:], body_line


def _resolve_plain(value: str) -> str | None:
    resolvers = _IMPLICIT.get(value[:1] if value else "")
    if not resolvers:
        return None
    for tag, regexp in resolvers:
        if regexp.match(value):
            return _TAG_NAMES.get(tag)
    return None


def parse_yaml(path: str, text: str, line_offset: int = 0) -> Document:
    """Parse strict YAML into plain values with positions.

    Problems that leave the values usable (duplicate keys, anchors, tags, bidi characters)
    are collected in ``Document.problems``; syntax errors and non-mappings raise ReadError.

    ``line_offset`` is added to every line so positions point into the whole file.
    """
    problems: list[Diagnostic] = []
    doc = Document(data=None)
    bidi = BIDI.search(text)
    if bidi:
        line, col = _position(text, bidi.start())
        problems.append(Diagnostic(path, line + line_offset, col, d.BIDI_CONTROL.id, "error",
            f"invisible bidirectional control character U+{ord(bidi.group()):04X} "
            "changes how the text reads; delete it"))

    def diag(rule: d.Rule, mark, message: str) -> None:
        problems.append(Diagnostic(path, mark.line + 1 + line_offset, mark.column + 1,
                                   rule.id, rule.severity, message))

    # Each frame: [container, path, pending key or None, key mark]
    stack: list[list] = []
    roots: list[object] = []
    loader = _Parser(text)
    try:
        while loader.check_event():
            ev = loader.get_event()
            cls = type(ev)
            if cls is yaml.ScalarEvent or cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent or cls is yaml.AliasEvent:
                if ev.anchor is not None:
                    kind = "alias" if cls is yaml.AliasEvent else "anchor"
                    sym = "*" if cls is yaml.AliasEvent else "&"
                    diag(d.YAML_ALIAS, ev.start_mark,
                         f"YAML {kind} `{sym}{ev.anchor}` is not allowed; write the value out in full")
                    if cls is yaml.AliasEvent:
                        if stack and type(stack[-1][0]) is dict:
                            frame = stack[-1]
                            frame[2] = None if frame[2] is not None else f"*{ev.anchor}"
                        continue
                if cls is not yaml.AliasEvent and ev.tag is not None and ev.tag != "!":
                    diag(d.YAML_TAG, ev.start_mark,
                         f"explicit YAML tag `{ev.tag}` is not allowed; remove it"
                         + (" and quote the value" if cls is yaml.ScalarEvent else ""))
                if cls is yaml.ScalarEvent:
                    value = ev.value
                    if ev.implicit[0]:
                        kind = _resolve_plain(value)
                        if kind is not None:
                            value = Resolved(value, kind)
                elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                    value = {} if cls is yaml.MappingStartEvent else []
                # attach value
                if not stack:
                    here: Path = ()
                    roots.append(value)
                else:
                    frame = stack[-1]
                    container = frame[0]
                    if type(container) is list:
                        here = frame[1] + (len(container),)
                        container.append(value)
                    elif frame[2] is None:
                        # this value is a key
                        if cls is not yaml.ScalarEvent:
                            diag(d.WRONG_TYPE, ev.start_mark, "a key must be plain text, not a list or mapping")
                            key = f"<complex key {ev.start_mark.line + 1}:{ev.start_mark.column + 1}>"
                        elif type(value) is Resolved:
                            diag(d.YAML11_COERCION, ev.start_mark,
                                 f"YAML 1.1 reads the key `{value.text}` as a {value.kind}; "
                                 f"quote it: \"{value.text}\"")
                            key = value.text
                        else:
                            key = value
                        if key in container:
                            first = doc.keys.get(frame[1] + (key,))
                            where = f" (first at line {first[0]})" if first else ""
                            diag(d.DUPLICATE_KEY, ev.start_mark,
                                 f"duplicate key `{key}`{where}; keep only one")
                        frame[2] = key
                        doc.keys[frame[1] + (key,)] = (ev.start_mark.line + 1 + line_offset,
                                                     ev.start_mark.column + 1)
                        if cls is not yaml.ScalarEvent:
                            # swallow the complex key's content
                            _skip_node(loader, cls)
                        continue
                    else:
                        here = frame[1] + (frame[2],)
                        if frame[2] not in container:
                            container[frame[2]] = value
                        frame[2] = None
                doc.values[here] = (ev.start_mark.line + 1 + line_offset, ev.start_mark.column + 1)
                if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                    if len(stack) >= MAX_DEPTH:
                        diag(d.NESTED_TOO_DEEP, ev.start_mark,
                             f"YAML nested more than {MAX_DEPTH} levels deep; no field needs that")
                        raise ReadError(problems)
                    stack.append([value, here, None, None])
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                stack.pop()
            elif cls is yaml.DocumentStartEvent and len(roots) >= 1:
                diag(d.YAML_SYNTAX, ev.start_mark,
                     "more than one YAML document; remove the extra `---` separator")
                break
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        message = (exc.problem or exc.context or "invalid YAML").rstrip(".")
        if exc.context and exc.problem:
            message = f"{exc.context}, {exc.problem}"
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problems.append(Diagnostic(path, line + line_offset, col, d.YAML_SYNTAX.id, "error",
            f"YAML syntax error: {message}; check indentation and quote values that "
            "contain `: `, `#` or start with `[`, `{`, `&`, `*`, `!`, `|`, `>`, `%`, `@` or a backtick"))
        raise ReadError(problems) from None
    except yaml.YAMLError as exc:
        problems.append(Diagnostic(path, 1, 1, d.YAML_SYNTAX.id, "error", f"YAML error: {exc}"))
        raise ReadError(problems) from None
    finally:
        loader.dispose()
    doc.data = roots[0] if roots else None
    doc.problems = problems
    if not isinstance(doc.data, dict):
        shown = "empty" if doc.data is None or (type(doc.data) is Resolved and doc.data.kind == "null") \
            else ("a list" if isinstance(doc.data, list) else "a single value")
        line, col = doc.values.get((), (1 + line_offset, 1))
        raise ReadError(problems + [Diagnostic(path, line, col, d.NOT_A_MAPPING.id, "error",
            f"expected `key: value` lines but the YAML is {shown}")])
    return doc


def _skip_node(loader, cls) -> None:
    if cls is yaml.ScalarEvent or cls is yaml.AliasEvent:
        return
    depth = 1
    while depth:
        ev = loader.get_event()
        if type(ev) in (yaml.MappingStartEvent, yaml.SequenceStartEvent):
            depth += 1
        elif type(ev) in (yaml.MappingEndEvent, yaml.SequenceEndEvent):
            depth -= 1


def read_markdown(path: str, raw: bytes, limit: int) -> Document:
    """A Markdown file with front matter → Document (front matter data and body)."""
    text = decode(path, raw, limit)
    front, body, body_line = split_front_matter(path, text)
    doc = parse_yaml(path, front, line_offset=1)
    doc.body, doc.body_line = body, body_line
    return doc


def read_yaml(path: str, raw: bytes, limit: int) -> Document:
    """A plain YAML file (community.yml, contributors/*.yml) → Document."""
    return parse_yaml(path, decode(path, raw, limit))
