"""Links between imported pages, rewritten for their new home; nothing else in a body changes.

A site generator links pages by file (``[text](../b.md)``, MkDocs), by address
(``[text](/b/)``, Hugo and Jekyll), by page name (``[[Text|Page Name]]``, a GitHub wiki;
``[[Page Name#Heading|Text]]``, an Obsidian vault, which also embeds ``![[picture.png]]`` by file
name) or by label (``{ref}`text <label>```, MyST). Each link that reaches another imported page becomes a
wikilink, ``[[purpose/slug|text]]`` (or ``[[purpose/slug]]`` when the text is the page's
title); a link to a heading keeps its anchor as ``[text](slug.md#anchor)``. Images that moved
along are linked at their new place. Links are always written with the purpose, so that pages
imported later into another purpose, with the same names, never make them ambiguous.

Code (fenced blocks and inline spans) is left alone, and every link that looks internal but
reaches nothing imported is listed, with its line, so that someone can look at it.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import quote, unquote

from markdown.extensions.toc import slugify as toc_slug

from ..model.schema import slugify
from ..model.wikilinks import code_lines, parse_target
from .import_sources import MARKDOWN_SUFFIXES

_CODE_SPAN = re.compile(r"(`+)(?!`).*?(?<!`)\1(?!`)")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_INLINE = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\(\s*(?P<target>\{\{[<%][^{}\n]*[%>]\}\}|\{%[^{}\n]*%\}|<[^<>\n]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()<>]*)*)(?P<title>\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
_DEFINITION = re.compile(r"^(?P<lead>[ ]{0,3}\[(?!\^)[^\]\n]+\]:[ \t]*)(?P<target><[^<>\n]*>|\S+)(?P<rest>.*)$")
_WIKI = re.compile(r"\[\[([^\[\]\n]{1,300}?)\]\]")
_ROLE = re.compile(r"\{(?P<role>ref|doc)\}`(?P<inside>[^`\n]+)`")
_LABEL = re.compile(r"^[ ]{0,3}\((?P<label>[^()\s]+)\)=[ \t]*\r?$", re.M)
_TEMPLATE_LINK = re.compile(
    r"""\{[{%][<%]?\s*(?P<tag>relref|ref|link|post_url)\s+"?(?P<ref>[^"\s%>]+)"?\s*[%>]?[%}]\}"""
)
"""Links written with a template tag: Hugo's ``{{< ref "b.md" >}}``, Jekyll's ``{% link b.md %}`` and ``{% post_url 2024-01-02-b %}``."""
_ROLE_TEXT = re.compile(r"(?P<text>.*?)\s*<(?P<ref>[^<>]+)>\s*\Z", re.S)


@dataclass(frozen=True)
class Target:
    """An imported page as links name it."""

    purpose: str
    slug: str
    title: str
    stem: str
    """Its file name without the suffix, as a wiki's page names say it."""


@dataclass
class Relinked:
    """What rewriting one body did."""

    rewritten: int = 0
    left: list[tuple[int, str]] = field(default_factory=list)
    """(line, target) of links that look internal and reach nothing imported."""
    wanted: list[tuple[int, str]] = field(default_factory=list)
    """(line, name) of wiki links to pages nobody has written, now wikilinks to wanted pages."""


class Linker:
    """Resolves the links of imported pages, by their paths before the move (from the top).

    ``pages``: old path → the page it became; ``images``: old path → path written from the
    purpose's folder; ``roots``: the folders imported, which are the old site's roots;
    ``addresses``: the addresses pages gave themselves (a Jekyll ``permalink``, Hugo ``url`` and
    ``aliases``), without their slashes. With ``repo_url`` (a GitHub repository's address) and
    ``files`` (what git tracks, from the top), a link to a file of the repository that is not
    imported (a code sample beside the page) leads to that file on GitHub: the site does not
    publish it.
    """

    def __init__(
        self,
        pages: Mapping[str, Target],
        images: Mapping[str, str],
        roots: list[str],
        addresses: Mapping[str, Target] | None = None,
        repo_url: str | None = None,
        files: frozenset[str] = frozenset(),
    ) -> None:
        self.pages = pages
        self.addresses = addresses or {}
        self.repo_url = repo_url.rstrip("/") if repo_url else None
        self.files = files
        self.images = images
        self.roots = roots
        self._by_slug: dict[str, list[Target]] = {}
        self._by_name: dict[str, list[Target]] = {}
        for target in pages.values():
            self._by_slug.setdefault(target.slug, []).append(target)
            self._by_name.setdefault(_wiki_name(target.stem), []).append(target)
        self.labels: dict[str, Target] = {}
        self.used_images: set[str] = set()
        """Images (old paths) that a rewritten link shows."""
        self._images_by_name: dict[str, list[str]] = {}
        for image in images:
            self._images_by_name.setdefault(posixpath.basename(image).lower(), []).append(image)

    def learn_labels(self, path: str, body: str) -> None:
        """MyST labels, ``(label)=`` above a heading, name the page they are in."""
        for match in _LABEL.finditer(body):
            self.labels.setdefault(match["label"], self.pages[path])

    def rewrite(self, path: str, body: str) -> tuple[str, Relinked]:
        done = Relinked()
        lines = body.splitlines(keepends=True)
        code = code_lines([line.rstrip("\r\n") for line in lines])
        for number, line in enumerate(lines):
            if code[number]:
                continue
            if "[" in line or "{" in line:
                lines[number] = self._line(path, line, number + 1, done)
        return "".join(lines), done

    def _line(self, path: str, text: str, number: int, done: Relinked) -> str:
        line = text.rstrip("\r\n")
        return self._content(path, line, number, done) + text[len(line) :]

    def _content(self, path: str, line: str, number: int, done: Relinked) -> str:
        line = _ROLE.sub(lambda m: self._role(m, number, done), line)
        definition = _DEFINITION.match(line)
        if definition:
            new = self._target(path, definition["target"], image=False)
            if new is None:
                self._left(definition["target"], number, done)
                return line
            done.rewritten += 1
            return f"{definition['lead']}{new[1]}{definition['rest']}"
        masked = _CODE_SPAN.sub(lambda m: "\0" * len(m.group()), line)
        out, last = [], 0
        for match in sorted([*_INLINE.finditer(masked), *_WIKI.finditer(masked)], key=lambda m: m.start()):
            if match.start() < last or (match.re is _WIKI and masked[match.end() : match.end() + 1] == "("):
                continue  # [[1]](url) is a Markdown link reading "[1]"
            start = match.start()
            if match.re is _WIKI and masked[start - 1 : start] == "!" and start - 1 >= last:
                start -= 1
                replaced = self._embed(line, match, done)
            elif match.re is _WIKI:
                replaced = self._wiki(line, match, number, done)
            else:
                replaced = self._inline(path, line, match, number, done)
            if replaced is not None:
                out += [line[last:start], replaced]
                last = match.end()
        return "".join(out) + line[last:] if out else line

    def _inline(self, path: str, line: str, match: re.Match, number: int, done: Relinked) -> str | None:
        target = line[match.start("target") : match.end("target")]
        text = line[match.start("text") : match.end("text")]
        title = match["title"] or ""
        image = bool(match["bang"])
        new = self._target(path, target, image=image)
        if new is None:
            self._left(target, number, done)
            return None
        done.rewritten += 1
        page, written = new
        if image or page is None or "#" in written or not _plain(text):
            return f"{match['bang']}[{text}]({written}{title})"
        return _wikilink(page, text)

    def _embed(self, line: str, match: re.Match, done: Relinked) -> str:
        """Obsidian's ``![[picture.png|100]]`` (the ``!`` before it included): the picture when
        the import publishes it (found by its file name, as Obsidian finds it), a link to the page
        when it embeds one (``![[Note]]``), else the text as it was written."""
        inside = line[match.start(1) : match.end(1)]
        name = inside.split("|", 1)[0].split("#", 1)[0].strip().rstrip("\\")
        found = self._images_by_name.get(posixpath.basename(name).lower(), [])
        if len(found) == 1:
            self.used_images.add(found[0])
            done.rewritten += 1
            alt = posixpath.splitext(posixpath.basename(name))[0]
            return f"![{alt}]({quote(self.images[found[0]])})"
        pages = self._named(name, folders=True)
        if len(pages) == 1:
            done.rewritten += 1
            return _wikilink(pages[0], "")
        return "!" + _as_text(inside)

    def _wiki(self, line: str, match: re.Match, number: int, done: Relinked) -> str | None:
        inside = line[match.start(1) : match.end(1)]  # the match is on the line with its code spans masked
        inside = inside.replace("\\|", "|")  # in a table, Obsidian escapes the bar
        if inside.startswith("#"):  # Obsidian's link to a heading of the same page: [[#Heading|text]]
            heading, _, shown = inside[1:].partition("|")
            anchor = toc_slug(heading.strip(), "-")
            shown = (shown or heading).strip()
            if not shown:
                return None
            done.rewritten += 1
            return f"[{shown}](#{anchor})" if anchor else shown
        if "/" in inside.split("|", 1)[0] and parse_target(inside)[3] is None:
            return None  # [[purpose/slug]]: a rallypoint link already
        text, bar, right = inside.rpartition("|") if "|" in inside else ("", "", inside)
        # A GitHub wiki writes [[Text|Page name]]; Obsidian [[Page name#Heading|Text]].
        for target, shown, folders in ((right, text if bar else right, False), (text, right, True)):
            if not target:
                continue
            page_name, _, heading = target.partition("#")
            found = self._named(page_name, folders=folders)
            if len(found) == 1:
                done.rewritten += 1
                anchor = toc_slug(heading.strip(), "-") if heading.strip() else ""
                shown = shown.strip() if bar else page_name.strip()
                if anchor:
                    return f"[{shown or found[0].title}]({found[0].slug}.md#{anchor})"
                return _wikilink(found[0], shown)
        name = right.split("#", 1)[0].strip()
        if parse_target(inside)[3] is None or not self.pages:
            return None  # already a rallypoint link
        if not slugify(name):
            # No name to make a link of ("[[全文]] (https://…)"): text, as it was where it came from.
            return _as_text(inside)
        # A wiki's link to a page nobody wrote yet: the same wanted page, in rallypoint's words.
        purpose = next(iter(self.pages.values())).purpose
        done.wanted.append((number, name))
        shown = (text.strip() if bar else name).replace("`", "") or name
        return f"[[{purpose}/{slugify(name)}|{shown}]]"

    def _named(self, name: str, *, folders: bool = False) -> list[Target]:
        """The imported pages a wiki's link names, by file name (without its ``.md``); with
        ``folders``, without the folders before it too (Obsidian's ``[[Folder/Page]]``)."""
        name = name.strip()
        if folders:
            name = name.rsplit("/", 1)[-1]
        if name.lower().endswith(".md"):
            name = name[:-3]
        return self._by_name.get(_wiki_name(name), [])

    def _role(self, match: re.Match, number: int, done: Relinked) -> str:
        inside = match["inside"]
        named = _ROLE_TEXT.fullmatch(inside)
        text, ref = (named["text"], named["ref"]) if named else ("", inside)
        target = self.labels.get(ref.strip()) if match["role"] == "ref" else self._doc(ref.strip())
        if target is None:
            self._left(ref, number, done)
            return match.group()
        done.rewritten += 1
        return _wikilink(target, text.strip() or target.title)

    def _templated(self, path: str, tag: str, ref: str) -> Target | None:
        address, _, _fragment = ref.partition("#")
        if tag == "post_url":
            found = [t for p, t in self.pages.items() if posixpath.splitext(posixpath.basename(p))[0] == address]
            return found[0] if len(found) == 1 else None
        for candidate in self._candidates(path, address):
            page = self._page_at(candidate)
            if page is not None:
                return page
        return self._doc(address)

    def _doc(self, ref: str) -> Target | None:
        candidates = [t for p, t in self.pages.items() if posixpath.splitext(p)[0].endswith(ref.lstrip("./"))]
        return candidates[0] if len(candidates) == 1 else None

    def _target(self, path: str, raw: str, *, image: bool) -> tuple[Target | None, str] | None:
        """(the page, the target to write) for a link that reaches an imported page or image, else None."""
        target = raw[1:-1] if raw.startswith("<") else raw
        template = _TEMPLATE_LINK.fullmatch(target)
        if template:
            page = self._templated(path, template["tag"], template["ref"])
            return (page, f"{page.slug}.md") if page else None
        if not target or _SCHEME.match(target) or target.startswith(("#", "//")):
            return None
        address, _, fragment = target.partition("#")
        address = unquote(address.split("?", 1)[0])
        for candidate in self._candidates(path, address):
            if image:
                if candidate in self.images:
                    self.used_images.add(candidate)
                    return None, self.images[candidate]
                continue
            page = self._page_at(candidate)
            if page is not None:
                return page, f"{page.slug}.md#{fragment}" if fragment else f"{page.slug}.md"
        if not image and address.strip("/") in self.addresses:
            page = self.addresses[address.strip("/")]
            return page, f"{page.slug}.md#{fragment}" if fragment else f"{page.slug}.md"
        if not image and self.repo_url:
            on_github = next((c for c in self._candidates(path, address) if c in self.files), None)
            if on_github is not None and on_github not in self.pages:
                where = f"{self.repo_url}/blob/HEAD/{quote(on_github)}"
                return None, f"{where}#{fragment}" if fragment else where
        if image or posixpath.splitext(address.rstrip("/"))[1].lower() not in ("", ".html", ".htm"):
            return None
        last = posixpath.splitext(address.rstrip("/").rsplit("/", 1)[-1])[0]
        found = self._by_slug.get(last, [])
        if len(found) == 1:
            return found[0], f"{found[0].slug}.md#{fragment}" if fragment else f"{found[0].slug}.md"
        return None

    def _candidates(self, path: str, address: str) -> list[str]:
        if address.startswith("/"):
            rest = address.lstrip("/")
            bases = [*self.roots, *(posixpath.dirname(r) for r in self.roots), "static", ""]
            return [posixpath.normpath(posixpath.join(b, rest)) for b in bases]
        folder = posixpath.dirname(path)
        as_page = posixpath.splitext(path)[0]  # a page's address is a folder one level deeper
        return [posixpath.normpath(posixpath.join(b, address or ".")) for b in (folder, as_page)]

    def _page_at(self, candidate: str) -> Target | None:
        candidate = candidate.rstrip("/")
        stem, suffix = posixpath.splitext(candidate)
        tries = [candidate] if suffix.lower() in MARKDOWN_SUFFIXES else []
        if suffix.lower() in (".html", ".htm"):
            candidate = stem
        tries += [candidate + s for s in MARKDOWN_SUFFIXES]
        tries += [f"{candidate}/{name}" for name in ("index.md", "_index.md", "README.md", "readme.md")]
        return next((self.pages[t] for t in tries if t in self.pages), None)

    @staticmethod
    def _left(target: str, number: int, done: Relinked) -> None:
        bare = target.strip("<>")
        if bare and not _SCHEME.match(bare) and not bare.startswith(("#", "//")):
            done.left.append((number, bare))


def _wiki_name(name: str) -> str:
    return re.sub(r"[\s_-]+", "-", name.strip()).casefold()


def _plain(text: str) -> bool:
    return bool(text.strip()) and "[" not in text and "]" not in text and "|" not in text and len(text) <= 200


def _as_text(inside: str) -> str:
    """``[[inside]]`` escaped, so that it reads as written and is no wikilink."""
    return "\\[\\[" + inside + "]]"


def _wikilink(target: Target, text: str) -> str:
    where = f"{target.purpose}/{target.slug}"
    if not text or text == target.title:
        return f"[[{where}]]"
    if "[" in text or "]" in text or "`" in text or "\n" in text or len(text) > 250:
        return f"[{text}]({target.slug}.md)"
    return f"[[{where}|{text}]]"
