"""Find ``[[slug]]``, ``[[slug|text]]`` and ``[[purpose-id/slug]]`` links in Markdown bodies.

Links inside fenced code blocks (in a quote or a list item too; :func:`code_lines`) and inline
code spans are not links, and neither is a Markdown link whose text is in brackets
(``[[1]](https://…)``, as GitHub shows it: a link reading "[1]"). The scan is linear in the size of the body whatever it holds
(``"[" * 8000`` included).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from .schema import ID, slugify

_LINK = re.compile(r"\[\[([^\[\]\n]{0,300}?)\]\]")
FENCE = re.compile(r"(?:[ \t]*>)*(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}|:{3,})")
"""A line that opens or closes fenced code (or a MyST directive's ``:::``), in a quote or a list item too."""
MYST_ADMONITIONS = frozenset(
    {"note", "tip", "hint", "important", "seealso", "warning", "caution", "attention", "danger", "error", "admonition"}
)
"""The MyST directives whose body is Markdown that a page shows (:mod:`rallypoint.site.render`):
their fences are not code. Any other directive is shown as written, as code."""
_DIRECTIVE_NAME = re.compile(r"\{([\w-]+)\}")
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


def code_lines(lines: list[str]) -> list[bool]:
    """Whether each line is code, where a link is no link: a fence, or inside fenced code.

    As the renderer reads them: a MyST admonition's fence (```` ```{note} ````) is not code, but
    its body is Markdown; any other directive's is code; ``:::`` without a directive is text. A
    fence indented four spaces or more opens code only when a fence closes it later (without
    one, it is a line of an indented code block) and so does an admonition's (else the page
    shows it as written). Linear in the number of lines."""
    fences = []
    for line in lines:
        found = FENCE.match(line)
        fences.append(None if found is None else (found["fence"], len(found["indent"]), line[found.end() :].strip()))
    closing: dict[str, list[int]] = {c: [0] * (len(lines) + 1) for c in "`~:"}  # the longest closing fence after a line
    for index in range(len(lines) - 1, -1, -1):
        for after in closing.values():
            after[index] = after[index + 1]
        fence = fences[index]
        if fence is not None and not fence[2]:
            after = closing[fence[0][0]]
            after[index] = max(after[index], len(fence[0]))
    flags: list[bool] = []
    code: str | None = None
    open_admonitions: list[str] = []
    for index, fence in enumerate(fences):
        if code is not None:
            flags.append(True)
            if fence is not None and _closes(fence, code):
                code = None
            continue
        if fence is None:
            flags.append(False)
            continue
        marks, indent, info = fence
        if open_admonitions and _closes(fence, open_admonitions[-1]):
            open_admonitions.pop()
            flags.append(True)
            continue
        directive = _DIRECTIVE_NAME.match(info)
        closed = closing[marks[0]][index + 1] >= len(marks)
        if (marks[0] == ":" and directive is None) or (indent >= 4 and not closed):
            flags.append(False)
        elif directive is not None and directive[1] in MYST_ADMONITIONS and closed:
            open_admonitions.append(marks)
            flags.append(False)
        else:
            code = marks
            flags.append(True)
    return flags


def _closes(fence: tuple[str, int, str], opening: str) -> bool:
    marks, _, info = fence
    return marks[0] == opening[0] and len(marks) >= len(opening) and not info


def _scan(body: str) -> Iterator[WikiLink]:
    lines = body.split("\n")
    offset = 0
    for number, (line, code) in enumerate(zip(lines, code_lines(lines), strict=True), start=1):
        start_of_line = offset
        offset += len(line) + 1
        if code or "[[" not in line:
            continue
        scan = _blank_code_spans(line) if "`" in line else line
        for match in _LINK.finditer(scan):
            if scan[match.end() : match.end() + 1] == "(":
                continue  # [[1]](url): a Markdown link whose text is "[1]"
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
