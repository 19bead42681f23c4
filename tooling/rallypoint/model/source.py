"""Read one file: byte limits, encoding, front matter, and strict YAML with positions.

YAML is composed by libyaml (the C composer) into a node tree, which keeps every value's
position for the few that turn out to have a problem. Anchors, aliases and explicit tags,
which the data model forbids, are found by a second pass over the parser's events, run only
when the text holds ``&``, ``*`` or ``!``. Plain scalars that YAML 1.1 would turn into
something other than text come back as :class:`Resolved`, so that the schema can tell the
author to quote them instead of silently changing the value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .. import catalogue as rp
from ..diagnostics import Diagnostic, Rule

try:
    _Parser = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Parser = yaml.SafeLoader

MAX_DEPTH = 8
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
_STR = "tag:yaml.org,2002:str"
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
KeyPath = tuple[str | int, ...]
"""Where a value stands in a YAML document: keys and list indexes from the top."""


def dotted(where: KeyPath) -> str:
    """``("goals", 0, "id")`` → ``goals[0].id``."""
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(frozen=True)
class Resolved:
    """A plain scalar that YAML 1.1 resolves to a non-string (``no``, ``0755``, ``2026-03-01``)."""

    text: str
    kind: str  # boolean | number | null | timestamp | merge key | value key


Value = str | Resolved | list | dict


@dataclass
class Document:
    """The parsed YAML of one file, and the node tree that says where each value stands.

    Positions are looked up lazily: only values with a problem ever need one, so the node
    tree is composed again when the first position is asked for, not kept for every file.
    """

    data: object
    text: str = field(default="", repr=False)
    line_offset: int = 0
    body: str = field(default="", repr=False)
    body_line: int = 1
    problems: list[Diagnostic] = field(default_factory=list)
    _root: yaml.Node | None = field(default=None, repr=False)

    @property
    def root(self) -> yaml.Node | None:
        if self._root is None and self.text:
            loader = _Parser(self.text)
            try:
                self._root = loader.get_single_node()
            finally:
                loader.dispose()
        return self._root

    def __getstate__(self) -> dict:
        # The node tree is composed again when a position is asked for: never kept (parse cache).
        return {**self.__dict__, "_root": None}

    def _node(self, path: KeyPath) -> tuple[yaml.Node | None, yaml.Node | None]:
        node, key = self.root, None
        for part in path:
            if type(node) is yaml.MappingNode:
                for k, v in node.value:
                    if type(k) is yaml.ScalarNode and k.value == part:
                        node, key = v, k
                        break
                else:
                    return None, None
            elif type(node) is yaml.SequenceNode and type(part) is int and part < len(node.value):
                node, key = node.value[part], None
            else:
                return None, None
        return node, key

    def _mark(self, node: yaml.Node) -> Position:
        return node.start_mark.line + 1 + self.line_offset, node.start_mark.column + 1

    def at(self, path: KeyPath) -> Position:
        """The position of the value at ``path``, or of its nearest parent."""
        for end in range(len(path), -1, -1):
            node, _ = self._node(path[:end])
            if node is not None:
                return self._mark(node)
        return 1 + self.line_offset, 1

    def key_at(self, path: KeyPath) -> Position:
        """The position of the key that ends ``path`` (or of its value, in a list)."""
        _, key = self._node(path)
        return self._mark(key) if key is not None else self.at(path)


class ReadError(Exception):
    """A file cannot be read at all; carries the diagnostics that say why."""

    def __init__(self, diagnostics: list[Diagnostic]):
        super().__init__(diagnostics[0].message if diagnostics else "unreadable")
        self.diagnostics = diagnostics


def _position(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def too_large(path: str, size: int, limit: int) -> Diagnostic:
    return rp.FILE_TOO_LARGE.at(
        path,
        1,
        1,
        f"file is {size:,} bytes, over the cap of {limit:,} bytes; "
        "split it or raise limits.max_file_bytes in community.yml",
    )


def decode(path: str, raw: bytes, limit: int) -> str:
    """Bytes to text with strict rules: size cap, no NUL, UTF-8 (BOM and CRLF allowed)."""
    if len(raw) > limit:
        raise ReadError([too_large(path, len(raw), limit)])
    nul = raw.find(b"\x00")
    if nul >= 0:
        line, col = _position(raw[:nul].decode("utf-8", "replace"), nul)
        raise ReadError(
            [
                rp.NUL_BYTE.at(
                    path, line, col, "file contains a NUL byte (it looks binary); text files must be plain UTF-8"
                )
            ]
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start].decode("utf-8", "replace")
        line, col = _position(before, len(before))
        raise ReadError(
            [rp.NOT_UTF8.at(path, line, col, f"byte 0x{raw[exc.start]:02x} is not valid UTF-8; save the file as UTF-8")]
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError([rp.EMPTY_FILE.at(path, 1, 1, "file is empty; write its content or delete it")])
    return text


def split_front_matter(path: str, text: str) -> tuple[str, str, int]:
    """Return (front matter, body, line where the body starts)."""
    if not text.startswith("---\n") and text.rstrip("\n") != "---":
        raise ReadError(
            [
                rp.NO_FRONT_MATTER.at(
                    path,
                    1,
                    1,
                    "file does not start with front matter; its first line must be `---`, "
                    "then the YAML keys, then another `---` line",
                )
            ]
        )
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
            raise ReadError(
                [
                    rp.UNCLOSED_FRONT_MATTER.at(
                        path,
                        1,
                        1,
                        "front matter is opened with `---` on line 1 but never closed; "
                        "add a `---` line after the last key",
                    )
                ]
            )
    front = text[start : end + 1] if end >= start else ""
    body_start = end + len(closing)
    body_line = text.count("\n", 0, min(body_start, len(text))) + 1
    return front, text[body_start:], body_line


def parse_yaml(path: str, text: str, line_offset: int = 0) -> Document:
    """Parse strict YAML into plain values, keeping the node tree for positions.

    Problems that leave the values usable (duplicate keys, anchors, tags, bidi characters)
    are collected in ``Document.problems``; syntax errors and non-mappings raise ReadError.
    ``line_offset`` is added to every line so positions point into the whole file.
    """
    problems: list[Diagnostic] = []
    bidi = BIDI.search(text)
    if bidi:
        line, col = _position(text, bidi.start())
        problems.append(
            rp.BIDI_CONTROL.at(
                path,
                line + line_offset,
                col,
                f"invisible bidirectional control character U+{ord(bidi.group()):04X} "
                "changes how the text reads; delete it",
            )
        )
    loader = _Parser(text)
    try:
        root = loader.get_single_node()
        if "&" in text or "*" in text or "!" in text:
            problems += _node_properties(path, text, line_offset)
    except yaml.MarkedYAMLError as exc:
        problems.append(_syntax_error(path, text, exc, line_offset))
        raise ReadError(problems) from None
    except yaml.YAMLError as exc:
        problems.append(rp.YAML_SYNTAX.at(path, 1, 1, f"YAML error: {exc}"))
        raise ReadError(problems) from None
    finally:
        loader.dispose()
    doc = Document(None, text, line_offset, _root=root)
    doc.data = _Converter(path, doc, problems).convert(root, 1) if root is not None else None
    doc.problems = problems
    if not problems:
        doc._root = None
    if not isinstance(doc.data, dict):
        shown = (
            "empty"
            if doc.data is None or (type(doc.data) is Resolved and doc.data.kind == "null")
            else ("a list" if isinstance(doc.data, list) else "a single value")
        )
        line, col = doc.at(()) if root is not None else (1 + line_offset, 1)
        raise ReadError(
            [*problems, rp.NOT_A_MAPPING.at(path, line, col, f"expected `key: value` lines but the YAML is {shown}")]
        )
    return doc


def _syntax_error(path: str, text: str, exc: yaml.MarkedYAMLError, line_offset: int) -> Diagnostic:
    """A YAML syntax error that says what to type instead, where libyaml's words would not."""
    mark = exc.problem_mark or exc.context_mark
    line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    lines = text.split("\n")
    source = lines[line - 1] if 0 < line <= len(lines) else ""
    message = _plain_words(exc, source, lines)
    if message is None:
        message = (exc.problem or exc.context or "invalid YAML").rstrip(".")
        if exc.context and exc.problem:
            message = f"{exc.context}, {exc.problem}"
        message = (
            f"YAML syntax error: {message}; check indentation and quote values that contain `: ` "
            "or ` #`, or start with `[`, `{`, `&`, `*`, `!`, `|`, `>`, `%`, `@` or a backtick"
        )
    if "\t" in source and "tab" in (exc.problem or ""):
        col = source.index("\t") + 1
    elif exc.context_mark is not None and exc.context in _OPENED:
        line, col = exc.context_mark.line + 1, exc.context_mark.column + 1
    return rp.YAML_SYNTAX.at(path, line + line_offset, col, message)


_OPENED = {
    "while scanning a quoted scalar": "quote",
    "while parsing a flow sequence": "[",
    "while parsing a flow mapping": "{",
}
_NAMED = {"`": "a backtick", "@": "`@`", "%": "`%`", "|": "`|`", ">": "`>`", "!": "`!`", "&": "`&`", "*": "`*`"}


def _plain_words(exc: yaml.MarkedYAMLError, source: str, lines: list[str]) -> str | None:
    """The usual mistakes (a tab, a colon or a quote in a value), said with the line to type."""
    problem = exc.problem or ""
    if "expected a single document" in f"{exc.context} {problem}":
        return "more than one YAML document; remove the extra `---` separator"
    if "tab character" in problem or ("\t" in source and "indent" in problem):
        return "a tab character: YAML indents with spaces only; replace the tab with spaces"
    if exc.context in _OPENED and exc.context_mark is not None:
        opened = lines[exc.context_mark.line] if exc.context_mark.line < len(lines) else ""
        opener = opened[exc.context_mark.column : exc.context_mark.column + 1]
        if _OPENED[exc.context] == "quote":
            quote = opener or '"'
            return f"the quote {quote} opened here is never closed; end the value with {quote} on the same line" + (
                f": {_retyped(opened)}" if ": " in opened else ""
            )
        closer = "]" if opener == "[" else "}"
        return f"the `{opener}` opened here is never closed; end the list with `{closer}` on the same line"
    _, colon, value = source.partition(": ")
    value = value.strip()
    if colon and value and not value.startswith(("'", '"', "[", "{")):
        if "mapping values are not allowed" in problem:
            return f"the value holds `: `, which YAML reads as another key; put the value in quotes: {_retyped(source)}"
        if "cannot start any token" in problem:
            first = _NAMED.get(value[0], f"`{value[0]}`")
            return f"a value cannot start with {first} unless it is quoted; put it in quotes: {_retyped(source)}"
    if colon and value.startswith(('"', "'")) and "did not find expected key" in problem:
        return f"text follows the closing quote; put the whole value in one pair of quotes: {_retyped(source)}"
    return None


def _retyped(source: str) -> str:
    """``key: value`` with the value as one double-quoted YAML string."""
    key, _, value = source.partition(": ")
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    elif value and value[0] in "'\"" and value.count(value[0]) == 1:
        value = value[1:]
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'`{key.rstrip()}: "{escaped}"`'


def _node_properties(path: str, text: str, line_offset: int) -> list[Diagnostic]:
    """Anchors, aliases and explicit tags, which the node tree no longer shows.

    Each alias name is reported once, where it is first used, so an alias bomb's report stays short.
    """
    found = []
    aliases: dict[str, list] = {}  # name → [line, column, uses]
    for ev in yaml.parse(text, Loader=_Parser):
        anchor = getattr(ev, "anchor", None)
        tag = getattr(ev, "tag", None)
        line, col = ev.start_mark.line + 1 + line_offset, ev.start_mark.column + 1
        if type(ev) is yaml.AliasEvent:
            aliases.setdefault(anchor, [line, col, 0])[2] += 1
        elif anchor is not None:
            found.append(
                rp.YAML_ALIAS.at(
                    path, line, col, f"YAML anchor `&{anchor}` is not allowed; write the value out in full"
                )
            )
        if tag is not None and tag != "!":
            found.append(
                rp.YAML_TAG.at(
                    path,
                    line,
                    col,
                    f"explicit YAML tag `{tag}` is not allowed; remove it"
                    + (" and quote the value" if type(ev) is yaml.ScalarEvent else ""),
                )
            )
    for name, (line, col, uses) in aliases.items():
        times = f" (used {uses} times)" if uses > 1 else ""
        found.append(
            rp.YAML_ALIAS.at(
                path, line, col, f"YAML alias `*{name}`{times} is not allowed; write the value out in full"
            )
        )
    return found


class _Converter:
    """Node tree → plain values: str, Resolved, list, dict. Keys must be text and unique."""

    def __init__(self, path: str, doc: Document, problems: list[Diagnostic]):
        self.path, self.doc, self.problems = path, doc, problems
        self.seen: set[int] = set()

    def problem(self, rule: Rule, node: yaml.Node, message: str) -> None:
        line, col = self.doc._mark(node)
        self.problems.append(rule.at(self.path, line, col, message))

    def convert(self, node: yaml.Node, depth: int) -> object:
        cls = type(node)
        if cls is yaml.ScalarNode:
            if node.tag == _STR:
                return node.value
            return Resolved(node.value, _TAG_NAMES.get(node.tag, "tagged value"))
        if id(node) in self.seen:  # an alias: already reported, never expanded
            return None
        self.seen.add(id(node))
        if depth > MAX_DEPTH:
            self.problem(
                rp.NESTED_TOO_DEEP, node, f"YAML nested more than {MAX_DEPTH} levels deep; no field needs that"
            )
            raise ReadError(self.problems)
        if cls is yaml.SequenceNode:
            return [self.convert(item, depth + 1) for item in node.value]
        out: dict[str, object] = {}
        first: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if type(key_node) is not yaml.ScalarNode:
                self.problem(rp.WRONG_TYPE, key_node, "a key must be plain text, not a list or mapping")
                continue
            key = key_node.value
            if key_node.tag != _STR:
                kind = _TAG_NAMES.get(key_node.tag, "tagged value")
                self.problem(
                    rp.YAML11_COERCION, key_node, f'YAML 1.1 reads the key `{key}` as a {kind}; quote it: "{key}"'
                )
            if key in first:
                self.problem(
                    rp.DUPLICATE_KEY,
                    key_node,
                    f"duplicate key `{key}` (first at line {self.doc._mark(first[key])[0]}); keep only one",
                )
                continue
            first[key] = key_node
            out[key] = self.convert(value_node, depth + 1)
        return out


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
