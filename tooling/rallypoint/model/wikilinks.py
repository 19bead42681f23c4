"""Find ``[[slug]]``, ``[[slug|text]]`` and ``[[purpose-id/slug]]`` links in Markdown bodies.

Links inside fenced code blocks (in a quote or a list item too) and inline code spans are not
links, and neither is a Markdown link whose text is in brackets (``[[1]](https://…)``, as GitHub
shows it: a link reading "[1]"). The scan is linear in the size of the body whatever it holds
(``"[" * 8000`` included).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .schema import ID, slugify

_LINK = re.compile(r"\[\[([^\[\]\n]{0,300}?)\]\]")
FENCE = re.compile(r"(?:[ \t]*>)*[ \t]*(`{3,}|~{3,})")
"""A line that opens or closes fenced code, in a quote or a list item too."""
_BACKTICKS = re.compile(r"`+")


@dataclass(frozen=True)
class WikiLink:
    """One wikilink: where it is in the body, what it points to, and whether it is well formed."""

    raw: str
    line: int  # 1-based, within the body
    column: int  # 1-based
    start: int  # offset in the body
    end: int
    purpose: str | None
    slug: str
    text: str | None
    problem: str | None = None

    @property
    def target(self) -> str:
        return f"{self.purpose}/{self.slug}" if self.purpose else self.slug


def parse_target(inner: str) -> tuple[str | None, str, str | None, str | None]:
    """Split the inside of ``[[...]]`` into (purpose, slug, text, problem)."""
    target, bar, text = inner.partition("|")
    target = target.strip()
    text = text.strip() if bar else None
    if bar and not text:
        return None, target, None, "the text after `|` is empty; write [[slug|text]] or [[slug]]"
    purpose, slash, slug = target.rpartition("/")
    purpose = purpose if slash else None
    if not target:
        return None, "", text, "the link has no target; write [[slug]]"
    if purpose is not None and not ID.fullmatch(purpose):
        return purpose, slug, text, f"`{purpose}` is not a purpose id; write [[purpose-id/slug]]"
    if not ID.fullmatch(slug):
        guess = slugify(slug)
        hint = (
            f"; did you mean [[{(purpose + '/') if purpose else ''}{guess}]]?" if guess and ID.fullmatch(guess) else ""
        )
        return purpose, slug, text, f"`{target}` is not a slug (lowercase letters, digits and hyphens){hint}"
    return purpose, slug, text, None


def _blank_code_spans(line: str) -> str:
    """Replace inline code spans with spaces, keeping columns (linear in the line's length)."""
    runs = [(m.start(), m.end()) for m in _BACKTICKS.finditer(line)]
    following: list[int] = [-1] * len(runs)
    last: dict[int, int] = {}
    for i in range(len(runs) - 1, -1, -1):
        length = runs[i][1] - runs[i][0]
        following[i] = last.get(length, -1)
        last[length] = i
    out = list(line)
    i = 0
    while i < len(runs):
        j = following[i]
        if j < 0:
            i += 1
            continue
        begin, end = runs[i][0], runs[j][1]
        out[begin:end] = " " * (end - begin)
        i = j + 1
    return "".join(out)


_FOUND: dict[str, tuple[WikiLink, ...]] = {}
_REMEMBERED = 250_000
"""Bodies whose links are remembered; past that (a long ``serve``), they are forgotten at once."""


def find_wikilinks(body: str) -> tuple[WikiLink, ...]:
    """Every wikilink in ``body``, in order, outside code.

    Remembered by body: a build asks for the links of every body several times (the checks,
    the renamed links, the indexes, each page's cache key).
    """
    if "[[" not in body:
        return ()
    found = _FOUND.get(body)
    if found is None:
        if len(_FOUND) >= _REMEMBERED:
            _FOUND.clear()
        found = _FOUND[body] = tuple(_scan(body))
    return found


def remember_wikilinks(body: str, links: tuple[WikiLink, ...]) -> None:
    """Take ``links`` as what :func:`find_wikilinks` finds in ``body`` (found in the same text before)."""
    if "[[" in body and len(_FOUND) < _REMEMBERED:
        _FOUND[body] = links


def _scan(body: str) -> Iterator[WikiLink]:
    fence: str | None = None
    offset = 0
    for number, line in enumerate(body.split("\n"), start=1):
        start_of_line = offset
        offset += len(line) + 1
        opener = FENCE.match(line)
        if fence is not None:
            if (
                opener
                and opener.group(1)[0] == fence[0]
                and len(opener.group(1)) >= len(fence)
                and not line[opener.end() :].strip()
            ):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            continue
        if "[[" not in line:
            continue
        scan = _blank_code_spans(line) if "`" in line else line
        for match in _LINK.finditer(scan):
            if scan[match.end() : match.end() + 1] in ("(", "["):
                continue  # [[1]](url), [[1]][ref]: a Markdown link whose text is "[1]"
            purpose, slug, text, problem = parse_target(match.group(1))
            yield WikiLink(
                match.group(0),
                number,
                match.start() + 1,
                start_of_line + match.start(),
                start_of_line + match.end(),
                purpose,
                slug,
                text,
                problem,
            )
