"""Which characters text may hold: invisible ones, and scripts mixed in one word, as Unicode draws the line.

Two ways a value can look like something it is not:

- **invisible format characters** (Unicode category Cf: zero-width spaces and joiners, soft
  hyphens, direction marks and controls). In a handle, a name or a title they disguise the
  value, so they are errors; in prose and bodies they are mostly pasted from the web and
  harmless, so they are warnings that say which character is where. The joiners that
  writing systems need are not counted: a zero-width non-joiner between Arabic-script letters
  (Persian) or either joiner after a virama (Indic scripts), as UAX #31 allows them in
  identifiers, a zero-width joiner inside an emoji sequence, and the tag characters of a
  subdivision flag. Bidirectional controls (the "Trojan Source" characters) are never
  harmless: they reorder what a reader sees.
- **mixed scripts in one word**, in names: allowed only as UTS #39's "Highly Restrictive"
  level allows them: one script per word, or Latin with Han, Hiragana and Katakana (Japanese),
  Han and Bopomofo (Chinese) or Han and Hangul (Korean), which is how many people write their
  names (`星梦StarsDream`, `山田Taro`, `김Kim`). A Cyrillic `а` in `Alice` is still refused.

Python's ``unicodedata`` has no Script property, so a letter's script is read from its name
(``LATIN SMALL LETTER A``, ``CJK UNIFIED IDEOGRAPH-661F``), which Unicode builds from the script
for every letter of the scripts people write names in.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from .. import catalogue as rp
from ..diagnostics import Diagnostic
from .source import BIDI

INVISIBLE = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
"""The format characters (Unicode Cf) that show nothing; the others of Cf are signs that are
seen (the Arabic number signs U+0600–U+0605) or that arrange Egyptian hieroglyphs. One regular
expression, so that a body without any costs a single scan."""
ZWNJ, ZWJ = "\u200c", "\u200d"
_JOINING_SCRIPTS = frozenset({"ARABIC", "SYRIAC", "NKO", "MONGOLIAN", "MANDAIC", "MANICHAEAN", "PSALTER", "ADLAM"})
_HIGHLY_RESTRICTIVE = (
    frozenset({"HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"HAN", "BOPOMOFO"}),
    frozenset({"HAN", "HANGUL"}),
)
# Name prefixes that are not the script's own name: (prefix, script). None: a letter shared
# by several scripts (UTS #39's Common), which never makes a word mixed.
_SCRIPT_OF_PREFIX = (
    ("CJK ", "HAN"),
    ("KANGXI RADICAL", "HAN"),
    ("IDEOGRAPHIC", "HAN"),
    ("KATAKANA-HIRAGANA", None),
    ("HALFWIDTH KATAKANA", "KATAKANA"),
    ("HALFWIDTH HANGUL", "HANGUL"),
    ("FULLWIDTH LATIN", "LATIN"),
    ("FEMININE ORDINAL", "LATIN"),
    ("MASCULINE ORDINAL", "LATIN"),
    ("MICRO SIGN", "GREEK"),
)
_SCRIPT_NAMES = frozenset({"LATIN", "GREEK", "CYRILLIC", "ARMENIAN", "GEORGIAN", "HEBREW", "ARABIC"})
_WORD = re.compile(r"\w+")
_EMOJI_GLUE = "\ufe0f"  # the variation selector that asks for an emoji's picture
_FLAG = "\U0001f3f4"


def script(char: str) -> str | None:
    """The script of a letter (``LATIN``, ``HAN``, ``CYRILLIC``...), or None for anything else."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    for prefix, found in _SCRIPT_OF_PREFIX:
        if name.startswith(prefix):
            return found
    words = name.split(" ")
    if words[0] == "MODIFIER":  # MODIFIER LETTER ...: a script's only when its name says so
        return next((w for w in words[2:] if w in _SCRIPT_NAMES), None)
    return words[0] or None


def mixed_script_word(text: str) -> tuple[str, list[str]] | None:
    """The first word whose letters mix scripts beyond UTS #39's Highly Restrictive level, and its scripts."""
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        scripts = {s for s in map(script, word) if s}
        if len(scripts) > 1 and not any(scripts - {"LATIN"} <= allowed for allowed in _HIGHLY_RESTRICTIVE):
            return word, sorted(scripts)
    return None


def _is_emoji(char: str) -> bool:
    code = ord(char)
    return (
        char == _EMOJI_GLUE
        or code >= 0x1F000
        or 0x2300 <= code <= 0x23FF
        or 0x2600 <= code <= 0x27BF
        or 0x2B00 <= code <= 0x2BFF
    )


def _joining_letter(char: str) -> bool:
    return char.isalpha() and unicodedata.name(char, "").split(" ", 1)[0] in _JOINING_SCRIPTS


def _needed(text: str, index: int) -> bool:
    """Whether the format character at ``index`` is one that a writing system needs there."""
    char = text[index]
    before = text[index - 1] if index else ""
    after = text[index + 1] if index + 1 < len(text) else ""
    if char in (ZWNJ, ZWJ):
        if unicodedata.combining(before or " ") == 9 or unicodedata.combining(after or " ") == 9:
            return True  # beside a virama: how Indic scripts ask for a conjunct's form (র‍্য)
        if char == ZWNJ and after:
            letter = index - 1
            while letter >= 0 and unicodedata.category(text[letter]) == "Mn":  # past vowel marks
                letter -= 1
            return letter >= 0 and _joining_letter(text[letter]) and _joining_letter(after)
        return char == ZWJ and bool(before) and bool(after) and _is_emoji(before) and _is_emoji(after)
    if 0xE0020 <= ord(char) <= 0xE007F:  # the tags of a subdivision flag follow a black flag
        start = index
        while start and 0xE0020 <= ord(text[start - 1]) <= 0xE007F:
            start -= 1
        return start > 0 and text[start - 1] == _FLAG
    return False


def find_invisible(text: str) -> Iterator[tuple[int, str]]:
    """Each invisible format character in ``text`` that no writing system needs there: (index, character)."""
    for match in INVISIBLE.finditer(text):
        if not _needed(text, match.start()):
            yield match.start(), match.group()


def is_bidi_control(char: str) -> bool:
    """An embedding, override or isolate (U+202A–U+202E, U+2066–U+2069): it reorders the text around it."""
    return BIDI.fullmatch(char) is not None


def describe(char: str) -> str:
    """``U+200B (ZERO WIDTH SPACE)``."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'format character')})"


def escaped(text: str) -> str:
    """Text with invisible and control characters written as \\uXXXX escapes."""
    return "".join(c if c.isprintable() and unicodedata.category(c) != "Cf" else f"\\u{ord(c):04x}" for c in text)


def context(text: str, index: int, width: int = 12) -> str:
    """Where a character stands in ``text``, in words a person can find it by."""
    before = escaped(text[max(0, index - width) : index].split("\n")[-1].lstrip())
    after = escaped(text[index + 1 : index + 1 + width].split("\n")[0].rstrip())
    if before and after:
        return f"between `{before}` and `{after}`"
    if before:
        return f"after `{before}`"
    return f"before `{after}`" if after else "on its own"


def find_disguise(value: str, mixed_scripts: bool) -> str | None:
    """Why a text would pass for something it is not, or None."""
    for index, char in find_invisible(value):
        return f"holds the invisible character {describe(char)} {context(value, index)}"
    mixed = mixed_script_word(value) if mixed_scripts else None
    if mixed:
        return f"mixes {' and '.join(x.title() for x in mixed[1])} letters in `{mixed[0]}`"
    return None


def by_character(found: list[tuple[int, str]]) -> dict[str, list[int]]:
    """Where each character found is, by character."""
    out: dict[str, list[int]] = {}
    for index, char in found:
        out.setdefault(char, []).append(index)
    return out


def body_problems(path: str, body: str, body_line: int) -> list[Diagnostic]:
    """Invisible characters in a Markdown body: a bidirectional control is an error (RP011), any
    other a warning (RP117), once per character with where it first is and how often."""
    problems = []
    for char, indexes in by_character(list(find_invisible(body))).items():
        index = indexes[0]
        line = body.count("\n", 0, index) + body_line
        column = index - body.rfind("\n", 0, index)
        times = f" ({len(indexes)} times; this is the first)" if len(indexes) > 1 else ""
        if is_bidi_control(char):
            rule, advice = rp.BIDI_CONTROL, "it changes how the text around it reads; delete it"
        else:
            rule, advice = (
                rp.INVISIBLE_IN_PROSE,
                "it hides nothing here, but delete it unless you put it there on purpose",
            )
        problems.append(
            rule.at(
                path,
                line,
                column,
                f"the text holds the invisible character {describe(char)}{times} {context(body, index)}; {advice}",
            )
        )
    return problems
