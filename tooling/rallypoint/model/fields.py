"""Field types: each kind of value a file may hold owns its check, its JSON Schema and its doc line.

As MkDocs' ``config_options``: a declaration (:mod:`rallypoint.model.schema`) says which keys a
file has, each holding a type (``Text()``, ``Date()``; lists and mappings of them are in
:mod:`rallypoint.model.containers`) that has

- ``validate(value, ctx, where)``: the cleaned value, ``None`` when the value is wrong (already
  reported through ``ctx``, at ``where``), or :data:`EMPTY` when there is no value (null, or
  blank text): the key's owner decides whether that is missing;
- ``json_schema(optional)``: the same rules for editors;
- ``doc``: what it accepts, in a few words;
- ``to_record(cleaned)`` and ``empty()``: the value as the frozen record holds it.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata

from .. import catalogue as rp
from ..diagnostics import Diagnostic, Rule, did_you_mean
from .characters import (
    by_character,
    context,
    describe,
    find_invisible,
    is_bidi_control,
    mixed_script_word,
)
from .source import Document, KeyPath, Resolved, dotted

ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
TAG = re.compile(r"[a-z0-9][a-z0-9-]{0,49}")
GITHUB = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}")
EMAIL = re.compile(r"[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+")
_ENDS, _INSIDE = r"[^<>\x00-\x20\x7f\x85\u2028\u2029]", r"[^<>\x00-\x1f\x7f\x85\u2028\u2029]"
GIT_IDENTITY = re.compile(rf"{_ENDS}(?:{_INSIDE}*{_ENDS})?")
"""What git records as an author's email: any text on one line without ``<`` or ``>``."""
URL = re.compile(r"https?://[^\s/?#]+[^\s]*", re.IGNORECASE)
DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_LINE_BREAK = re.compile(r"[\n\x85\u2028\u2029]")
# _CONTROL (and _LINE_BREAK) as the inside of a character class for a JSON Schema pattern.
_REFUSED = r"\x00-\x08\x0b-\x1f\x7f"
_ONE_LINE_REFUSED = r"\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029"


class _Empty:
    def __repr__(self) -> str:
        return "EMPTY"


EMPTY = _Empty()
"""What ``validate`` returns for a null or blank value: absent, unless its key is required."""


class Context:
    """One file being validated: reports each problem at the value (or key) it is about."""

    __slots__ = ("_at_keys", "doc", "path", "problems")

    def __init__(self, path: str, doc: Document, problems: list[Diagnostic] | None = None, at_keys: bool = False):
        self.path = path
        self.doc = doc
        self.problems = [] if problems is None else problems
        self._at_keys = at_keys

    def report(self, rule: Rule, where: KeyPath, message: str, *, at_key: bool = False, char: str = "") -> None:
        """Report at the value (or key) ``where``; with ``char``, at that character in it when it is written as is."""
        line, col = self.doc.key_at(where) if at_key or self._at_keys else self.doc.at(where)
        if char:
            line, col = self._find(char, line, col)
        self.problems.append(rule.at(self.path, line, col, message, key_path=dotted(where)))

    def _find(self, char: str, line: int, col: int) -> tuple[int, int]:
        text, row = self.doc.text, line - 1 - self.doc.line_offset
        lines = text.split("\n")
        found = text.find(char, sum(len(x) + 1 for x in lines[:row]) + col - 1) if 0 <= row < len(lines) else -1
        if found < 0:  # written as an escape (`"\u200b"`): the value's own position
            return line, col
        return text.count("\n", 0, found) + 1 + self.doc.line_offset, found - text.rfind("\n", 0, found)

    def keys(self) -> Context:
        """The same file, reporting at the key that ends each path: for checking keys as values."""
        return Context(self.path, self.doc, self.problems, at_keys=True)


def quote(where: KeyPath) -> str:
    """``("goals", 0, "id")`` → ```goals[0].id```, for messages."""
    return f"`{dotted(where)}`"


class FieldType:
    """A kind of scalar value; subclasses check text in :meth:`check`.

    ``description``, when given, says what this value means where no key names it (a list's
    items), and goes into the JSON Schema.
    """

    def __init__(self, description: str = ""):
        self.description = description

    @property
    def doc(self) -> str:
        """What the type accepts, in a few words, for the documentation."""
        raise NotImplementedError

    def validate(self, value: object, ctx: Context, where: KeyPath) -> object:
        if type(value) is str:
            return self.check(value, ctx, where)
        return self._unexpected(value, ctx, where)

    def check(self, text: str, ctx: Context, where: KeyPath) -> object:
        raise NotImplementedError

    def _unexpected(self, value: object, ctx: Context, where: KeyPath) -> object:
        if value is None:  # an alias, reported where the YAML was read
            return None
        if type(value) is Resolved:
            return EMPTY if value.kind == "null" else self.resolved(value, ctx, where)
        self.mismatch(value, ctx, where)
        return None

    def resolved(self, value: Resolved, ctx: Context, where: KeyPath) -> object:
        """A plain scalar that YAML 1.1 reads as something other than text."""
        ctx.report(
            rp.YAML11_COERCION,
            where,
            f"YAML 1.1 reads `{value.text}` as a {value.kind}, not text; "
            f'quote it: {dotted(where).split(".")[-1]}: "{value.text}"',
        )
        return None

    def mismatch(self, value: object, ctx: Context, where: KeyPath) -> None:
        shape = "a list" if isinstance(value, list) else "a mapping"
        ctx.report(rp.WRONG_TYPE, where, f"{quote(where)} must be a single value, not {shape}")

    def json_schema(self, optional: bool = False) -> dict:
        """The JSON Schema of a value; ``optional``: an optional key's, which may also be null."""
        out: dict = {"description": self.description} if self.description else {}
        out.update(self._json_schema(optional))
        if optional:
            out["type"] = [out["type"], "null"]
            if "enum" in out:
                out["enum"] = [*out["enum"], None]
        return out

    def _json_schema(self, optional: bool) -> dict:
        raise NotImplementedError

    def empty(self) -> object:
        """The record's value when the key is absent and declares no default."""
        return None

    def to_record(self, cleaned: object) -> object:
        return cleaned


class Text(FieldType):
    """One line of text; ``mixed_scripts`` also refuses words mixing alphabets (for names).

    An invisible character is an error in it (a title, a name), but only a warning in prose
    (``prose``: summaries, descriptions, bios), where it disguises nothing; bidirectional
    controls are errors everywhere.
    """

    one_line = True
    prose = False

    def __init__(self, max_length: int = 200, *, mixed_scripts: bool = False, description: str = ""):
        super().__init__(description)
        self.max_length = max_length
        self.mixed_scripts = mixed_scripts

    @property
    def doc(self) -> str:
        return f"text on one line, at most {self.max_length} characters"

    def check(self, text: str, ctx: Context, where: KeyPath) -> object:
        invisible = list(find_invisible(text))
        hiding = [(i, c) for i, c in invisible if not self.prose or is_bidi_control(c)]
        if hiding:
            index, char = hiding[0]
            ctx.report(
                rp.INVISIBLE_TEXT,
                where,
                f"{quote(where)} holds the invisible character {describe(char)} {context(text, index)}; "
                "retype it with plain characters",
                char=char,
            )
            return None
        mixed = mixed_script_word(text) if self.mixed_scripts else None
        if mixed:
            word, scripts = mixed
            ctx.report(
                rp.INVISIBLE_TEXT,
                where,
                f"{quote(where)} mixes {' and '.join(x.title() for x in scripts)} letters in `{word}`; "
                "retype it with plain characters from one script per word",
            )
            return None
        for char, indexes in by_character(invisible).items():
            times = f" ({len(indexes)} times, the first)" if len(indexes) > 1 else ""
            ctx.report(
                rp.INVISIBLE_IN_PROSE,
                where,
                f"{quote(where)} holds the invisible character {describe(char)}{times} {context(text, indexes[0])}; "
                "it hides nothing here, but delete it unless you put it there on purpose",
                char=char,
            )
        if _CONTROL.search(text) or (self.one_line and _LINE_BREAK.search(text)):
            ctx.report(
                rp.BAD_TEXT, where, f"{quote(where)} holds a line break or control character; keep it on one line"
            )
            return None
        if not text.strip():
            return EMPTY
        if len(text) > self.max_length:
            ctx.report(rp.BAD_TEXT, where, f"{quote(where)} is {len(text)} characters long, at most {self.max_length}")
            return None
        return text.strip()

    def _json_schema(self, optional: bool) -> dict:
        # Blank text counts as absent, so only an optional key may hold it.
        refused = _ONE_LINE_REFUSED if self.one_line else _REFUSED
        if optional:
            return {"type": "string", "maxLength": self.max_length, "pattern": f"^[^{refused}]*$"}
        return {
            "type": "string",
            "minLength": 1,
            "maxLength": self.max_length,
            "pattern": f"^[^{refused}]*[^{refused}\\s][^{refused}]*$",
        }


class Sentence(Text):
    """One line of prose (a summary): an invisible character in it is a warning."""

    prose = True


class Prose(Text):
    """Text that may run over several lines: an invisible character in it is a warning."""

    one_line = False
    prose = True

    @property
    def doc(self) -> str:
        return f"text, at most {self.max_length} characters"


class Glob(Prose):
    """A name or email pattern where ``*`` matches anything."""

    prose = False  # it names identities, which an invisible character would disguise

    @property
    def doc(self) -> str:
        return "a name or email (`*` matches any characters)"


class _Pattern(FieldType):
    """Text that must match a regular expression whole."""

    pattern: re.Pattern

    def check(self, text: str, ctx: Context, where: KeyPath) -> object:
        if self.pattern.fullmatch(text):
            return text
        self.refuse(text, ctx, where)
        return None

    def refuse(self, text: str, ctx: Context, where: KeyPath) -> None:
        raise NotImplementedError

    def _json_schema(self, optional: bool) -> dict:
        return {"type": "string", "pattern": f"^{self.pattern.pattern}$"}


class Id(_Pattern):
    pattern = ID
    doc = "an id (lowercase letters, digits and hyphens, at most 64)"

    def refuse(self, text: str, ctx: Context, where: KeyPath) -> None:
        ctx.report(
            rp.BAD_ID,
            where,
            f"`{text}` in {quote(where)} is not a valid id; use lowercase "
            f"letters, digits and hyphens{_suggest(text, 64)}",
        )


class Tag(_Pattern):
    pattern = TAG
    doc = "a tag (lowercase letters, digits and hyphens, at most 50)"

    def refuse(self, text: str, ctx: Context, where: KeyPath) -> None:
        ctx.report(
            rp.BAD_TAG,
            where,
            f"tag `{text}` in {quote(where)} is not valid; use lowercase "
            f"letters, digits and hyphens, at most 50{_suggest(text, 50)}",
        )


class GitHubLogin(_Pattern):
    pattern = GITHUB
    doc = "a GitHub login (letters, digits and single hyphens, at most 39)"

    def refuse(self, text: str, ctx: Context, where: KeyPath) -> None:
        ctx.report(
            rp.BAD_ID, where, f"`{text[:80]}` is not a GitHub login (letters, digits and single hyphens, at most 39)"
        )


class Token(_Pattern):
    """Text of a fixed shape that a service hands out (a repository name, an id), given its pattern."""

    def __init__(self, pattern: str, doc: str, *, description: str = ""):
        super().__init__(description)
        self.pattern = re.compile(pattern)
        self._doc = doc

    @property
    def doc(self) -> str:
        return self._doc

    def refuse(self, text: str, ctx: Context, where: KeyPath) -> None:
        ctx.report(rp.BAD_ID, where, f"`{text[:80]}` in {quote(where)} is not {self._doc}; copy it as it is given")


class Email(_Pattern):
    """A git identity's email: whatever git accepts (it checks nothing but ``<`` and ``>``).

    One without ``@`` is kept, with a warning: it is how some people's commits are recorded.
    """

    pattern = GIT_IDENTITY
    doc = "the email of a git identity, as `git log` shows it"

    def check(self, text: str, ctx: Context, where: KeyPath) -> object:
        invisible = next(find_invisible(text), None)
        if invisible:
            ctx.report(
                rp.INVISIBLE_TEXT,
                where,
                f"{quote(where)} holds the invisible character {describe(invisible[1])}; retype it",
                char=invisible[1],
            )
            return None
        found = super().check(text, ctx, where)
        if found is not None and "@" not in text:
            ctx.report(
                rp.EMAIL_WITHOUT_AT,
                where,
                f"`{text[:80]}` in {quote(where)} has no `@`: git accepts it, but check that it is exactly "
                "the email `git log` shows for you",
            )
        return found

    def refuse(self, text: str, ctx: Context, where: KeyPath) -> None:
        ctx.report(
            rp.BAD_EMAIL,
            where,
            f"`{escape_invisible(text[:80])}` in {quote(where)} is not an email git could record: "
            "write it on one line, without `<`, `>` or spaces around it",
        )


class LanguageTag(_Pattern):
    """A BCP 47 language tag (RFC 5646's grammar, any letter case): ``es``, ``pt-BR``, ``zh-Hant``."""

    pattern = re.compile(
        r"[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}(?:-[A-Za-z]{4})?(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"
        r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"
        r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"
    )
    doc = "a BCP 47 language tag, such as `en`, `es` or `pt-BR`"

    def refuse(self, text: str, ctx: Context, where: KeyPath) -> None:
        ctx.report(
            rp.BAD_TEXT,
            where,
            f"`{text[:80]}` in {quote(where)} is not a BCP 47 language tag; write a code such as `en`, `es` or `pt-BR`",
        )


class Url(FieldType):
    doc = "an http or https address"

    def check(self, text: str, ctx: Context, where: KeyPath) -> object:
        if URL.fullmatch(text) and not _CONTROL.search(text):
            return text
        ctx.report(
            rp.BAD_URL,
            where,
            f"{quote(where)} `{text[:80]}` is not an http(s) URL; write the full address, starting with https://",
        )
        return None

    def _json_schema(self, optional: bool) -> dict:
        # URL's case-insensitive scheme and its refusal of control characters, in one pattern
        # that ECMA-262 (editors) and Python read alike.
        return {
            "type": "string",
            "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s/?#\\x00-\\x08\\x7f]+[^\\s\\x00-\\x08\\x7f]*$",
        }


class Date(FieldType):
    """A calendar date; YAML's bare dates (timestamps) are the same as quoted ones."""

    doc = "a date (YYYY-MM-DD)"

    def check(self, text: str, ctx: Context, where: KeyPath) -> object:
        if DATE.fullmatch(text):
            try:
                _dt.date.fromisoformat(text)
                return text
            except ValueError:
                pass
        ctx.report(rp.BAD_DATE, where, f"{quote(where)} `{text}` is not a date; write YYYY-MM-DD, e.g. 2026-03-01")
        return None

    def resolved(self, value: Resolved, ctx: Context, where: KeyPath) -> object:
        if value.kind == "timestamp":
            return self.check(value.text, ctx, where)
        return super().resolved(value, ctx, where)

    def _json_schema(self, optional: bool) -> dict:
        return {"type": "string", "format": "date", "pattern": f"^{DATE.pattern}$"}


class Choice(FieldType):
    def __init__(self, choices: tuple[str, ...], *, description: str = ""):
        super().__init__(description)
        self.choices = choices

    @property
    def doc(self) -> str:
        return f"one of {', '.join(self.choices)}"

    def check(self, text: str, ctx: Context, where: KeyPath) -> object:
        if text in self.choices:
            return text
        ctx.report(
            rp.BAD_CHOICE,
            where,
            f"{quote(where)} `{text[:80]}` is not one of {', '.join(self.choices)}{did_you_mean(text, self.choices)}",
        )
        return None

    def _json_schema(self, optional: bool) -> dict:
        return {"type": "string", "enum": list(self.choices)}


class Count(FieldType):
    """A whole number above zero, written as a YAML number (a quoted one is text)."""

    doc = "a whole number above zero"

    def check(self, text: str, ctx: Context, where: KeyPath) -> object:
        ctx.report(rp.BAD_NUMBER, where, f"{quote(where)} must be a number; write it without quotes")
        return None

    def resolved(self, value: Resolved, ctx: Context, where: KeyPath) -> object:
        if value.kind != "number":
            return super().resolved(value, ctx, where)
        try:
            number = int(value.text, 10)
        except ValueError:
            number = 0
        if number > 0:
            return number
        ctx.report(rp.BAD_NUMBER, where, f"{quote(where)} `{value.text}` is not a whole number above zero")
        return None

    def _json_schema(self, optional: bool) -> dict:
        return {"type": "integer", "minimum": 1}


class Fraction(FieldType):
    """A number above 0 and up to 1, unquoted; subclasses say whether 1 itself is allowed, which
    rule a wrong value breaks, and in which words."""

    doc = "a number above 0 and at most 1"
    rule = rp.BAD_NUMBER
    upto_one = True
    """Whether 1 itself is allowed."""
    unquote = "must be a number; write it without quotes"
    out_of_range = "must be above 0 and at most 1 (0.2 is a fifth)"

    def check(self, text: str, ctx: Context, where: KeyPath) -> object:
        ctx.report(self.rule, where, f"{quote(where)} {self.unquote}")
        return None

    def resolved(self, value: Resolved, ctx: Context, where: KeyPath) -> object:
        if value.kind != "number":
            return super().resolved(value, ctx, where)
        try:
            number = float(value.text)
        except ValueError:
            number = 0.0
        if 0 < number < 1 or (self.upto_one and number == 1):
            return number
        ctx.report(self.rule, where, f"{quote(where)} `{value.text}` {self.out_of_range}")
        return None

    def _json_schema(self, optional: bool) -> dict:
        return {"type": "number", "exclusiveMinimum": 0, ("maximum" if self.upto_one else "exclusiveMaximum"): 1}


class Share(Fraction):
    """A share of a whole: a number above 0 and at most 1 (``0.2`` is a fifth), unquoted."""


class Flag(FieldType):
    """Yes or no, written as YAML ``true`` or ``false`` (a quoted one is text)."""

    doc = "true or false"

    def check(self, text: str, ctx: Context, where: KeyPath) -> object:
        ctx.report(rp.BAD_CHOICE, where, f"{quote(where)} must be true or false, without quotes")
        return None

    def resolved(self, value: Resolved, ctx: Context, where: KeyPath) -> object:
        if value.kind == "boolean" and value.text.lower() in ("true", "false"):
            return value.text.lower() == "true"
        ctx.report(rp.BAD_CHOICE, where, f"{quote(where)} `{value.text}` must be true or false")
        return None

    def _json_schema(self, optional: bool) -> dict:
        return {"type": "boolean"}


_RELEASE = r"[0-9]+(?:\.[0-9]+)*"
_SUFFIX = r"(?:(?:a|b|rc)[0-9]+)?(?:\.post[0-9]+)?(?:\.dev[0-9]+)?"
_CLAUSE = rf" *(?:~= *[0-9]+(?:\.[0-9]+)+{_SUFFIX}|(?:==|!=) *{_RELEASE}(?:\.\*|{_SUFFIX})|(?:<=|>=|<|>) *{_RELEASE}{_SUFFIX}) *"
VERSION_RANGE = re.compile(rf"{_CLAUSE}(?:,{_CLAUSE})*")
"""PEP 440 version specifiers (``>=0.3,<0.5``) with versions in their normal form; every match is
one that ``packaging.specifiers.SpecifierSet`` reads. One expression, so that the JSON Schema
says exactly what the check accepts."""


class VersionRange(FieldType):
    """Which releases of a program: PEP 440 specifiers separated by commas, such as ``>=0.3,<0.5``."""

    doc = "a version range, such as `>=0.3,<0.5` (PEP 440)"

    def check(self, text: str, ctx: Context, where: KeyPath) -> object:
        if not text.strip():
            return EMPTY
        if VERSION_RANGE.fullmatch(text):
            return text.replace(" ", "")
        bare, key = text.strip().lstrip("vV").rstrip("+"), where[-1]
        hint = (
            f'; for {bare} and later write `{key}: ">={bare}"`, for {bare} only `{key}: "=={bare}"`'
            if re.fullmatch(_RELEASE, bare)
            else f'; write it in quotes, e.g. `{key}: ">=0.3,<0.5"`'
        )
        ctx.report(
            rp.BAD_VERSION_RANGE,
            where,
            f"{quote(where)} `{escape_invisible(text[:80])}` is not a version range: write comparisons "
            f"(>=, <, ==, !=, ~=) with release numbers, separated by commas{hint}",
        )
        return None

    def resolved(self, value: Resolved, ctx: Context, where: KeyPath) -> object:
        # `requires: 0.3` is a YAML number; what it needs is an operator, which also makes it text.
        return self.check(value.text, ctx, where) if value.kind == "number" else super().resolved(value, ctx, where)

    def _json_schema(self, optional: bool) -> dict:
        # Blank text counts as absent, so only an optional key may hold it.
        blank = "\\s*|" if optional else ""
        return {"type": "string", "pattern": f"^(?:{blank}{VERSION_RANGE.pattern})$"}


def escape_invisible(text: str) -> str:
    """Text with invisible and control characters written as \\uXXXX escapes."""
    return "".join(c if c.isprintable() and unicodedata.category(c) != "Cf" else f"\\u{ord(c):04x}" for c in text)


def slugify(text: str, limit: int = 64) -> str:
    """Lowercase ASCII letters, digits and single hyphens, cut at a hyphen to at most ``limit``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    if len(slug) > limit:
        cut = slug[: limit + 1].rfind("-")
        slug = slug[: cut if cut > 0 else limit].strip("-")
    return slug


def _suggest(value: str, limit: int) -> str:
    slug = slugify(value, limit)
    return f"; did you mean `{slug}`?" if slug and slug != value and ID.fullmatch(slug) else ""
