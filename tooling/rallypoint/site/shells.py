"""Material's page around the content, rendered once per kind of page and reused for the rest.

Material's templates took a quarter of a large build, and MkDocs held every page it rendered.
Yet around rallypoint's own HTML, every page of one depth and one stub meta gets the same
markup from the theme, save for three things: the page's title, its address (the canonical
link) and the content. So MkDocs renders, for each such *class* of pages, one **sentinel** page
whose title, address and content are tokens; the markup between the tokens is the class's
shell, and a page of the class is the shell with its own title, address and content put
where the tokens were (:meth:`Shells.make`).

The theme decides whether to add an ``<h1>`` by looking at the content, so each class has two
shells, with and without one. And a shell is trusted only once it is proved: MkDocs also
renders one real page of each class, the **exemplar**, which must come out byte for byte as
the shell makes it (:meth:`Shells.verify`); otherwise the build starts again without shells.
A page goes through MkDocs as before when its address has anything but lowercase letters, digits,
``-`` and ``_`` (MkDocs quotes the rest) or its title has characters YAML would read differently
from JSON, and every page does when the community has theme overrides of its own (they could
print anything about a page).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

TITLE = "rpshelltitle"
CONTENT = "rpshellcontent"
CONTENT_H1 = "<h1>rpshellcontent</h1>"
_PLAIN_SRC = re.compile(r"(?:[a-z0-9_-]+/)+index\.md")
_PLAIN_TITLE = re.compile(r'title: ("(?:[^"\\]|\\.)*")\n')


@dataclass(frozen=True, order=True)
class ShellClass:
    """Pages that share their shell: their depth below the site root, the folder they are in
    when the theme links into it (MkDocs writes ``purposes/`` as ``../`` from
    ``purposes/x/``), and their stub's meta."""

    depth: int
    folder: str
    meta: str


@dataclass
class Shells:
    """The shells of one build: which pages use them, and what MkDocs rendered for them."""

    linked: frozenset[str] = frozenset()
    """The top folders the theme links to on every page (the nav's, ``assets``)."""
    sentinels: dict[str, tuple[ShellClass, bool]] = field(default_factory=dict)
    """src of each sentinel page → its class and whether its content has an ``<h1>``."""
    exemplars: dict[str, ShellClass] = field(default_factory=dict)
    """src of one real page of each class, rendered by MkDocs to prove the shell."""
    shelled: list[str] = field(default_factory=list)
    """The pages written from a shell, in the site's order."""
    learned: dict[tuple[ShellClass, bool], tuple[str, ...]] = field(default_factory=dict)
    _seen: dict[str, str] = field(default_factory=dict)

    def plan(self, stubs: dict[str, str], candidates: Iterable[str]) -> list[str]:
        """Choose which of ``candidates`` (src paths, each with its stub in ``stubs``) are
        written from a shell; the pages MkDocs must render besides them (the exemplars) come
        back, in order."""
        classes: dict[ShellClass, int] = {}
        used: set[ShellClass] = set()
        rendered = []
        for src in candidates:
            cls = shell_class(src, stubs[src], self.linked)
            if cls is None:
                rendered.append(src)
                continue
            if cls not in classes:
                classes[cls] = len(classes)
                self.exemplars[src] = cls
                rendered.append(src)
            else:
                self.shelled.append(src)
                used.add(cls)
        for cls, number in classes.items():
            if cls in used:
                for h1 in (False, True):
                    self.sentinels[_sentinel_src(number, h1, cls)] = (cls, h1)
        return rendered

    def stub(self, src: str) -> str:
        """The Markdown stub of a sentinel page: its class's meta, with the title token."""
        cls, _ = self.sentinels[src]
        head, rest = cls.meta.split("\n", 1)
        return f"{head}\ntitle: {TITLE}\n{rest}"

    def content(self, src: str) -> str:
        """What a sentinel page shows in place of its content."""
        return CONTENT_H1 if self.sentinels[src][1] else CONTENT

    def learn(self, src: str, output: str) -> None:
        """Keep the shell of the sentinel page ``src`` from what the theme made of it."""
        cls, h1 = self.sentinels[src]
        stem = src.removesuffix("/index.md")
        content = CONTENT_H1 if h1 else CONTENT
        parts = re.split(f"({re.escape(stem)}|{TITLE}|{re.escape(content)})", output)
        tokens = {stem: _ADDRESS, TITLE: _TITLE, content: _CONTENT}
        shell = tuple(tokens.get(part, part) if i % 2 else part for i, part in enumerate(parts))
        if shell.count(_CONTENT) == 1:
            self.learned[cls, h1] = shell

    def saw(self, src: str, output: str) -> None:
        """Keep what MkDocs made of an exemplar, for :meth:`verify`."""
        self._seen[src] = output

    def verify(self, stubs: dict[str, str], contents: dict[str, str]) -> list[str]:
        """The exemplars whose shell does not make them as MkDocs did (none, when all is well).

        ``contents`` holds each exemplar's content as MkDocs was given it."""
        used = {cls for cls, _ in self.sentinels.values()}
        return [
            src
            for src, cls in self.exemplars.items()
            if cls in used and self.make(src, stubs[src], contents.get(src, "")) != self._seen.get(src)
        ]

    def unproven(self, stubs: dict[str, str], contents: dict[str, str]) -> list[str]:
        """Why the shells cannot be trusted: the exemplars they do not make as MkDocs did, and
        the sentinels whose shell could not be learned (nothing, when all is well)."""
        missing = [src for src, (cls, h1) in self.sentinels.items() if (cls, h1) not in self.learned]
        return [*self.verify(stubs, contents), *missing]

    def make(self, src: str, stub: str, content: str) -> str | None:
        """The page ``src`` (its stub, its content with bodies filled) in its class's shell;
        None when there is no shell for it."""
        read = _read(src, stub, self.linked)
        shell = self.learned.get((read[0], "<h1" in content)) if read else None
        if shell is None:
            return None
        values = {_ADDRESS: src.removesuffix("/index.md"), _TITLE: read[1], _CONTENT: content}
        return "".join(values.get(part, part) for part in shell)

    def sentinel_folders(self, site: Path) -> list[Path]:
        """Where MkDocs wrote the sentinel pages (they are not part of the site)."""
        return sorted({site / _own_folder(src) for src in self.sentinels})


class _Token(str):
    """A place in a shell where each page puts something of its own."""


_ADDRESS, _TITLE, _CONTENT = _Token("\0address"), _Token("\0title"), _Token("\0content")


def shell_class(src: str, stub: str, linked: frozenset[str] = frozenset()) -> ShellClass | None:
    """The class of the page ``src`` with the Markdown stub ``stub``; None when it must go
    through MkDocs (an address that is not plain, a title YAML would read differently)."""
    read = _read(src, stub, linked)
    return read[0] if read else None


def _read(src: str, stub: str, linked: frozenset[str]) -> tuple[ShellClass, str] | None:
    """The page's class and its title as MkDocs reads it from the stub; None as for :func:`shell_class`."""
    if not _PLAIN_SRC.fullmatch(src):
        return None
    found = _PLAIN_TITLE.search(stub)
    if found is None or found.start() != 4 or not stub.startswith("---\n"):
        return None
    title = json.loads(found[1])
    if any(ord(c) > 0xFFFF for c in title):
        return None  # YAML reads a JSON surrogate pair as two characters
    meta = stub[:4] + stub[found.end() :]
    top = src.split("/", 1)[0]
    return ShellClass(src.count("/"), top if top in linked else "", meta), title


def _sentinel_src(number: int, h1: bool, cls: ShellClass) -> str:
    above = [cls.folder] if cls.folder else []
    own = f"rpshell{number}{'h' if h1 else 'p'}"
    return "/".join([*above, own, *["rpshellx"] * (cls.depth - len(above) - 1), "index.md"])


def _own_folder(src: str) -> str:
    """The folder of a sentinel page that holds nothing else."""
    parts = src.split("/")
    return "/".join(parts[: next(i for i, part in enumerate(parts) if part.startswith("rpshell")) + 1])
