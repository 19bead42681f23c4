"""Contribution Markdown → safe HTML: wikilinks resolved, relative URLs rewritten, then sanitised.

Everything a contributor writes passes through :func:`sanitize` (an nh3 allowlist) before it
reaches a page; the site's own templates are trusted and never pass through here.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from urllib.parse import urlsplit

import markdown
import markdown.inlinepatterns
import nh3

from ..addresses import IMAGE_SUFFIXES, MARKDOWN_SUFFIX, body_url
from ..model.wikilinks import WikiLink, find_wikilinks

TAGS = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "input",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
    }
)
ATTRIBUTES = {
    "*": {"id", "title", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "input": {"type", "checked", "disabled"},
    "td": {"colspan", "rowspan", "align"},
    "th": {"colspan", "rowspan", "align"},
    "ol": {"start"},
}
CLASSES = {
    "a": {"rp-wikilink", "rp-wanted", "footnote-ref", "footnote-backref"},
    "div": {"admonition", "note", "tip", "warning", "danger", "info", "footnote"},
    "p": {"admonition-title"},
    "sup": {"footnote-ref"},
    "li": {"footnote", "task-list-item"},
    "ul": {"task-list"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
_EXTERNAL_A = re.compile(r'<a href="(?:https?:)?//[^"]*"')
_INPUT = re.compile(r"<input\b[^>]*>")

LinkResolver = Callable[[WikiLink], "tuple[str, str, bool]"]  # → (href, text, exists)


URLPlacer = Callable[[str], str]
"""A relative path written in a body → its URL on the page the body is shown on (``body_url``)."""


def _rewrite_url(value: str, *, image: bool, place: URLPlacer = body_url) -> str | None:
    """Relative URLs in a body are written from its source file's folder; see ``body_url``."""
    value = value.strip()
    parts = urlsplit(value)
    if parts.scheme or value.startswith(("//", "#", "mailto:")):
        return value
    if value.startswith("/") or "\\" in value:
        return None
    path = posixpath.normpath(parts.path) if parts.path else ""
    if path.startswith("..") or path.startswith("/"):
        return None
    if not image and path.endswith(MARKDOWN_SUFFIX):
        return place(path) + (f"#{parts.fragment}" if parts.fragment else "")
    if image and not path.lower().endswith(IMAGE_SUFFIXES):
        return None
    return place(path) if path else value


def _attribute_filter(place: URLPlacer):
    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            return _rewrite_url(value, image=True, place=place)
        if tag == "a" and attribute == "href":
            return _rewrite_url(value, image=False, place=place)
        if tag == "input" and attribute == "type":
            return value if value == "checkbox" else None
        return value

    return keep


def _task_box(match: re.Match[str]) -> str:
    """Task lists' boxes: a checkbox nobody can tick on the page, and no other kind of input."""
    tag = match.group(0)
    if 'type="checkbox"' not in tag:
        return ""
    # The item's text follows the box; the box's own name says which state a screen reader hears.
    return (
        '<input type="checkbox" disabled checked aria-label="done">'
        if "checked" in tag
        else '<input type="checkbox" disabled aria-label="to do">'
    )


def sanitize(fragment: str, *, rewrite_urls: bool = True, place: URLPlacer = body_url) -> str:
    """Allowlist sanitising: no script, style, event handler, or URL outside http(s), mailto and relative.

    ``place`` turns the body's relative URLs into URLs on the page it is shown on.
    """
    clean = nh3.clean(
        fragment,
        tags=set(TAGS),
        attributes={k: set(v) for k, v in ATTRIBUTES.items()},
        allowed_classes={k: set(v) for k, v in CLASSES.items()},
        attribute_filter=_attribute_filter(place) if rewrite_urls else None,
        url_schemes=set(URL_SCHEMES),
        link_rel=None,
        strip_comments=True,
    )
    clean = _EXTERNAL_A.sub(lambda m: m.group(0) + ' rel="nofollow noopener"', clean)
    return _INPUT.sub(_task_box, clean) if "<input" in clean else clean


_MYST_LABEL = re.compile(r"\(([^()\s]+)\)=[ \t]*")


def _atx_heading(line: str, levels: int = 1) -> str | None:
    """The text of an ATX heading of up to ``levels`` ``#`` (its closing ``#``s, written after a
    space, left out), or None; linear in the line's length, whatever it holds."""
    marks = len(line) - len(line.lstrip("#"))
    if not 1 <= marks <= levels or line[marks : marks + 1] not in (" ", "\t"):
        return None
    text = line[marks:].strip()
    closed = text.rstrip("#")
    if closed != text and (not closed or closed[-1] in " \t"):
        text = closed.rstrip()
    return text


class _Opening(markdown.preprocessors.Preprocessor):
    """Lines that are not Markdown, or are the page's title again, taken out before the body is
    rendered (after fenced code is set aside, so nothing inside code is touched):

    - MyST labels, a ``(label)=`` line above a heading (Jupyter Book's pages have them; an import
      turns the links to them into links to their page): as text they read as noise;
    - a first heading of level one that says the page's title, which the page shows already
      (imported pages, and many written by hand, open with ``# Their title``).
    """

    title: str | None = None

    def run(self, lines: list[str]) -> list[str]:
        kept = [line for line in lines if not _MYST_LABEL.fullmatch(line)]
        first = next((n for n, line in enumerate(kept) if line.strip()), None)
        if first is None or not self.title:
            return kept
        heading = _atx_heading(kept[first])
        setext = first + 1 < len(kept) and re.fullmatch(r"=+[ \t]*", kept[first + 1])
        if heading is not None and heading == self.title.strip():
            del kept[first]
        elif setext and kept[first].strip() == self.title.strip():
            del kept[first : first + 2]
        return kept


_FENCE = re.compile(r"(?P<fence>`{3,}|~{3,}|:{3,})[ \t]*(?P<info>.*)")
_FENCE_STARTS = ("```", "~~~", ":::")
_DIRECTIVE = re.compile(r"\{(?P<name>[\w-]+)\}[ \t]*(?P<argument>.*)")
_OPTION = re.compile(r":[\w-]+:.*")
ADMONITIONS = {
    "note": ("note", "Note"),
    "tip": ("tip", "Tip"),
    "hint": ("tip", "Hint"),
    "important": ("info", "Important"),
    "seealso": ("info", "See also"),
    "warning": ("warning", "Warning"),
    "caution": ("warning", "Caution"),
    "attention": ("warning", "Attention"),
    "danger": ("danger", "Danger"),
    "error": ("danger", "Error"),
}
"""MyST's admonitions: the class a page gives each (one the sanitiser keeps), and its title."""
PANDOC_DIVS = {
    "callout": ("note", "Callout"),
    "challenge": ("tip", "Challenge"),
    "solution": ("tip", "Solution"),
    "hint": ("tip", "Hint"),
    "discussion": ("tip", "Discussion"),
    "objectives": ("info", "Objectives"),
    "questions": ("info", "Questions"),
    "keypoints": ("info", "Key points"),
    "prereq": ("info", "Prerequisites"),
    "checklist": ("info", "Checklist"),
    "instructor": ("note", "Instructor note"),
    "testimonial": ("note", "Testimonial"),
    "spoiler": ("note", "Spoiler"),
    "callout-note": ("note", "Note"),
    "callout-tip": ("tip", "Tip"),
    "callout-important": ("info", "Important"),
    "callout-warning": ("warning", "Warning"),
    "callout-caution": ("warning", "Caution"),
}
"""Pandoc's fenced divs that are boxes (The Carpentries' lessons, Quarto's callouts): the class a
page gives each and its title. A div of another class is shown as its body alone, as Pandoc
shows a div the page has no style for."""
_DIV = re.compile(r"\{?[ \t]*[.#]?(?P<name>[\w-]+)(?P<rest>[^}]*)\}?[ \t]*:*[ \t]*")
_DIV_TITLE = re.compile(r'title="(?P<title>[^"]*)"')


def _closes(fence: re.Match[str] | None, opening: str) -> bool:
    return bool(fence and fence["fence"][0] == opening[0] and len(fence["fence"]) >= len(opening) and not fence["info"])


class _Directives(markdown.preprocessors.Preprocessor):
    """MyST directives are not Markdown: left to Python-Markdown, their fence was no code fence,
    and a ``---`` in their options made the line above it a heading.

    - Admonitions (```` ```{note} ````, ``:::{warning}``, ```` ```{admonition} A title ````) become
      admonitions (``!!! note``), as Jupyter Book shows them; their options are left out, and the
      directives inside them are read the same way.
    - Any other directive (```` ```{figure} path ````, ``{glossary}``) is shown as written, as
      code: the directive's line opens the block.

    Fences inside code blocks are left alone. A directive never closed, or nested deeper than
    :data:`DEEPEST`, is shown as written."""

    DEEPEST = 8

    def run(self, lines: list[str], depth: int = 0) -> list[str]:
        if not any(line[:3] in _FENCE_STARTS for line in lines):
            return lines  # most bodies: no fence at all
        out: list[str] = []
        at = 0
        ends: dict[int, int] | None = None
        while at < len(lines):
            line = lines[at]
            fence = _FENCE.fullmatch(line)
            directive = _DIRECTIVE.fullmatch(fence["info"]) if fence else None
            at += 1
            if fence is None or (fence["fence"][0] == ":" and not directive):
                after_blank = at == 1 or not lines[at - 2].strip()
                div = _DIV.fullmatch(fence["info"]) if fence and fence["info"] and after_blank else None
                if div and ends is None:
                    ends = _div_ends(lines)
                closing = ends.get(at - 1) if div else None
                if closing is None:
                    out.append(line)
                    continue
                out.extend(self._div(div, lines[at:closing], depth))
                at = closing + 1
                continue
            opening, inner = fence["fence"], []
            while at < len(lines) and not _closes(_FENCE.fullmatch(lines[at]), opening):
                inner.append(lines[at])
                at += 1
            closing = lines[at] if at < len(lines) else None
            at += 1
            closed = closing is not None and depth < self.DEEPEST
            admonition = _admonition(directive, inner) if directive and closed else None
            if admonition is not None:
                out.extend(self._admonition(*admonition, depth))
            elif directive:
                longest = max(
                    (len(f["fence"]) for f in map(_FENCE.fullmatch, inner) if f and f["fence"][0] == "`"), default=0
                )
                fenced = "`" * max(3, longest + 1) if opening[0] == ":" else opening
                out.extend((fenced + "text", fence["info"], *inner, fenced))
            else:
                out.extend((line, *inner, *([closing] if closing is not None else [])))
        return out

    def _div(self, div: re.Match[str], body: list[str], depth: int) -> list[str]:
        """A Pandoc div: a box when it is one of :data:`PANDOC_DIVS` (its first heading, or its
        ``title``, the box's title), else its body alone."""
        known = PANDOC_DIVS.get(div["name"].lower())
        if depth >= self.DEEPEST:
            return body
        if known is None:
            return ["", *self.run(body, depth + 1), ""]
        kind, title = known
        titled = _DIV_TITLE.search(div["rest"])
        first = next((n for n, line in enumerate(body) if line.strip()), None)
        heading = _atx_heading(body[first], 6) if first is not None else None
        if titled:
            title = titled["title"]
        elif heading:
            title = heading
            body = body[:first] + body[first + 1 :]
        return self._admonition(kind, title, body, depth)

    def _admonition(self, kind: str, title: str, body: list[str], depth: int) -> list[str]:
        return _box(kind, title, self.run(body, depth + 1))


def _box(kind: str, title: str, body: list[str]) -> list[str]:
    """A Python-Markdown admonition of class ``kind``: its body's fenced code made indented code
    (no fence is found in an admonition), and its lists read as at the top of a body."""
    inside = _NestedLists().run(_ListsAfterText().run(_indented_code(body)))
    return ["", f'!!! {kind} "{title}"', "", *(f"    {line}" if line.strip() else "" for line in inside), ""]


def _div_ends(lines: list[str]) -> dict[int, int]:
    """Each Pandoc div's opening line and the line that closes it (a line of colons alone closes
    the div opened last), in one pass; a div nothing closes is not in it."""
    ends: dict[int, int] = {}
    opened: list[int] = []
    code: str | None = None  # the fence of the code block the line is in: its colons close nothing
    for index, line in enumerate(lines):
        fence = _FENCE.fullmatch(line)
        if fence is not None and fence["fence"][0] != ":":
            if code is None:
                code = fence["fence"]
            elif _closes(fence, code):
                code = None
            continue
        if fence is None or code is not None:
            continue
        if fence["info"].strip(": \t"):
            opened.append(index)
        elif opened:
            ends[opened.pop()] = index
    return ends


def _indented_code(lines: list[str]) -> list[str]:
    """Fenced code as indented code: inside an admonition, Python-Markdown finds no fence."""
    out: list[str] = []
    opening: str | None = None
    for line in lines:
        fence = _FENCE.fullmatch(line)
        if opening is None and fence and fence["fence"][0] != ":":
            opening = fence["fence"]
            out.append("")
        elif opening is not None and _closes(fence, opening):
            opening = None
            out.append("")
        else:
            out.append(f"    {line}" if opening is not None else line)
    return out


def _admonition(directive: re.Match[str], inner: list[str]) -> tuple[str, str, list[str]] | None:
    """(class, title, body) of a MyST admonition, its options taken out; None for other directives."""
    name, argument = directive["name"], directive["argument"].strip()
    body = list(inner)
    options: dict[str, str] = {}
    if body and body[0].strip() == "---" and "---" in (line.strip() for line in body[1:]):
        end = next(n for n, line in enumerate(body[1:], 1) if line.strip() == "---")
        options = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in body[1:end])}
        del body[: end + 1]
    while body and _OPTION.fullmatch(body[0].strip()):
        key, _, value = body.pop(0).strip()[1:].partition(":")
        options[key] = value.strip()
    if name == "admonition":
        kind = next((ADMONITIONS[c][0] for c in options.get("class", "").split() if c in ADMONITIONS), "note")
        return kind, argument or "Note", body
    if name not in ADMONITIONS:
        return None
    kind, title = ADMONITIONS[name]
    return kind, title, ([argument] if argument else []) + body


_ALERT = re.compile(r">[ \t]?\[!(?P<kind>[A-Za-z-]+)\][+-]?[ \t]*(?P<title>.*)")
_QUOTED = re.compile(r"[ ]{0,3}>[ \t]?")
ALERTS = {
    **dict.fromkeys(("note",), "note"),
    **dict.fromkeys(("tip", "hint", "success", "check", "done"), "tip"),
    **dict.fromkeys(
        (
            "important",
            "info",
            "abstract",
            "summary",
            "tldr",
            "todo",
            "question",
            "help",
            "faq",
            "example",
            "quote",
            "cite",
        ),
        "info",
    ),
    **dict.fromkeys(("warning", "caution", "attention"), "warning"),
    **dict.fromkeys(("danger", "error", "failure", "fail", "missing", "bug"), "danger"),
}
"""GitHub's alerts (``> [!NOTE]``) and Obsidian's callouts (``> [!tip] A title``): the class a
page gives each kind; another kind is a note."""


class _Alerts(markdown.preprocessors.Preprocessor):
    """A quote that opens with ``[!NOTE]`` is a box, as GitHub shows its alerts and Obsidian its
    callouts: titled by the words after the kind (Obsidian), else by the kind (GitHub). At the top
    of the body only, as GitHub has them (not in a list item), and after fenced code and raw HTML
    are set aside; code fenced inside the quote becomes indented code."""

    def run(self, lines: list[str]) -> list[str]:
        if not any(line[:1] == ">" for line in lines):
            return lines
        out: list[str] = []
        at = 0
        while at < len(lines):
            alert = _ALERT.fullmatch(lines[at])
            if alert is None:
                out.append(lines[at])
                at += 1
                continue
            body: list[str] = []
            at += 1
            while at < len(lines) and (quoted := _QUOTED.match(lines[at])):
                body.append(lines[at][quoted.end() :])
                at += 1
            kind = alert["kind"].lower()
            out += _box(ALERTS.get(kind, "note"), alert["title"].strip() or kind.replace("-", " ").capitalize(), body)
        return out


_LIST_ITEM = re.compile(r"(?:[-*+]|1[.)])[ \t]+\S")
_NOT_TEXT = re.compile(r"[ \t>|#]|(?:[-*+]|\d+[.)])[ \t]")


class _ListsAfterText(markdown.preprocessors.Preprocessor):
    """A list right under a line of text, as GitHub and CommonMark read it (Python-Markdown
    wants a blank line first, and ran the items into the paragraph: ``aspects: - who - how``).
    Runs after fenced code is set aside; lines inside lists, quotes and tables are left alone."""

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        listing = False  # a list item since the last blank line: a line of text is part of it
        for line in lines:
            before = out[-1] if out else ""
            item = bool(_LIST_ITEM.match(line))
            if item and not listing and before.strip() and not _NOT_TEXT.match(before):
                out.append("")
            listing = (listing or item) and bool(line.strip())
            out.append(line)
        return out


_ITEM = re.compile(r"(?P<indent> *)(?P<marker>[-*+]|\d{1,9}[.)])(?P<gap> +|$)")


class _NestedLists(markdown.preprocessors.Preprocessor):
    """Lists nested as GitHub and CommonMark read them: an item belongs to the item above it
    when it is indented as far as that item's text (``- a`` then ``  - b``: two spaces, as
    Prettier and GitHub's editor write them). Python-Markdown wants four spaces a level, and made
    one flat list. Items, and paragraphs after a blank line inside an item, are indented again the
    way Python-Markdown reads them: four spaces a level, and whatever they had beyond their item's
    text. Runs after fenced code is set aside. Left as they are: indented code (four spaces past
    where it may start, after a blank line), whatever is indented under something that is not a
    list (an admonition's body), and a line that continues the one above it."""

    DEEPEST = 16
    """Levels of nesting made at most: deeper items are siblings at that level (Python-Markdown
    recurses once per level)."""

    def run(self, lines: list[str]) -> list[str]:
        if not any(line[:1] == " " for line in lines):
            return lines  # nothing indented: nothing to indent again
        out: list[str] = []
        items: list[tuple[int, int]] = []  # open items: (where their text starts as written, as it will be)
        blank = True
        code: tuple[int, int] | None = None  # indented code: (the least indent it has, the shift it gets)
        for line in lines:
            if not line.strip():
                out.append(line)
                blank = True
                continue
            indent = len(line) - len(line.lstrip(" "))
            if code is not None:
                if indent >= code[0]:
                    out.append(" " * (indent + code[1]) + line[indent:])
                    continue
                code = None
            start = items[-1][0] if items else 0
            if blank and indent >= start + 4:
                code = (start + 4, items[-1][1] - items[-1][0] if items else 0)
                out.append(" " * (indent + code[1]) + line[indent:])
                blank = False
                continue
            item = _ITEM.match(line)
            if item and line.lstrip(" ").startswith(("---", "***", "___")):
                item = None
            if item or blank:
                while items and indent < items[-1][0]:
                    items.pop()
            if item:
                at = items[-1][1] if items else indent
                gap = len(item["gap"])
                text = indent + len(item["marker"]) + (gap if 0 < gap <= 4 else 1)
                if len(items) < self.DEEPEST:
                    items.append((text, at + 4 if items else indent // 4 * 4 + 4))
                out.append(" " * at + line[indent:])
            elif items and blank:
                out.append(" " * (items[-1][1] + indent - items[-1][0]) + line[indent:])
            else:
                out.append(line)
                if blank:
                    items.clear()
            blank = False
        return out


class _BareURLs(markdown.inlinepatterns.InlineProcessor):
    """A bare ``https://…`` in text is a link, as GitHub shows it (Python-Markdown links only
    ``<https://…>``). As in GitHub's rule, punctuation after the address is not part of it, nor
    is a closing bracket without its opening one. Not in code, links or raw HTML (it runs after
    them; nor right after a raw HTML tag, which may be a link's), and it stops at what
    Python-Markdown set aside (an escape, a footnote)."""

    ANCESTOR_EXCLUDES = ("a",)
    PATTERN = r"(?<![\w/@\"'=<>\x03])https?://[^\s<>\"'`\x02\x03]+"

    def handleMatch(self, m: re.Match[str], data: str):
        url = m.group(0).split(_TOKEN_PREFIX, 1)[0]  # a wikilink right after it is not part of it
        opened, closed = url.count("("), url.count(")")
        while True:
            url = url.rstrip(".,;:!?*_~'\"")
            if not url.endswith(")") or closed <= opened:
                break
            url, closed = url[:-1], closed - 1
        if len(url) <= len("https://"):
            return None, None, None
        link = etree.Element("a")
        link.set("href", url)
        link.text = markdown.util.AtomicString(url)
        return link, m.start(0), m.start(0) + len(url)


class Renderer:
    """One reusable Markdown converter; ``render`` resets it between pages."""

    def __init__(self) -> None:
        self._opening = _Opening()
        self._md = markdown.Markdown(
            extensions=[
                "tables",
                "fenced_code",
                "footnotes",
                "def_list",
                "abbr",
                "sane_lists",
                "admonition",
                "toc",
                "pymdownx.tasklist",
                "md_in_html",
            ],
            extension_configs={"toc": {"permalink": False}, "pymdownx.tasklist": {"custom_checkbox": False}},
            output_format="html",
        )
        self._md.preprocessors.register(_Directives(), "rallypoint_directives", 27)
        self._md.preprocessors.register(_Alerts(), "rallypoint_alerts", 19)
        self._md.preprocessors.register(self._opening, "rallypoint_opening", 22)
        self._md.inlinePatterns.register(_BareURLs(_BareURLs.PATTERN, self._md), "rallypoint_bare_urls", 85)
        self._md.preprocessors.register(_ListsAfterText(), "rallypoint_lists", 21)
        self._md.preprocessors.register(_NestedLists(), "rallypoint_nested_lists", 20.5)

    def render(self, body: str, resolve: LinkResolver, place: URLPlacer = body_url, title: str | None = None) -> str:
        """Markdown body → sanitised HTML with wikilinks turned into links; without MyST labels,
        and without a first level-one heading that is ``title`` again (:class:`_Opening`).

        Wikilinks become opaque tokens before rendering and trusted anchors after sanitising,
        so their site-relative URLs never meet the rewriting of contributors' own URLs.
        """
        self._md.reset()
        self._opening.title = title
        text, anchors = _tokenize_wikilinks(body, resolve)
        out = sanitize(self._md.convert(text), place=place)
        if anchors:
            out = _TOKEN.sub(lambda m: anchors.get(m.group(0), ""), out)
        return out


_TOKEN_PREFIX = "RPWIKILINK"
_TOKEN = re.compile(_TOKEN_PREFIX + r"[0-9]{6}X")


def _tokenize_wikilinks(body: str, resolve: LinkResolver) -> tuple[str, dict[str, str]]:
    out: list[str] = []
    anchors: dict[str, str] = {}
    last = 0
    if _TOKEN_PREFIX in body:
        body = body.replace(_TOKEN_PREFIX, "RPWIKI LINK")
    for link in find_wikilinks(body):
        if link.problem:
            continue
        href, text, exists = resolve(link)
        css = "rp-wikilink" if exists else "rp-wikilink rp-wanted"
        hint = "" if exists else ' title="Not written yet: write it!"'
        token = f"{_TOKEN_PREFIX}{len(anchors):06d}X"
        anchors[token] = f'<a class="{css}" href="{html.escape(href)}"{hint}>{html.escape(text)}</a>'
        out.append(body[last : link.start])
        out.append(token)
        last = link.end
    out.append(body[last:])
    return "".join(out), anchors
