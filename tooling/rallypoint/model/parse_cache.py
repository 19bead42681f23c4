"""What reading each file gave, kept between builds so that only changed files are parsed again.

Most of loading a community is reading each file on its own: decoding, the front matter's
YAML, the body's characters, the schema. What that gives (the file's record, or none, and its
own problems) depends only on the file's bytes, its place (path and role), the size cap and,
for a contribution, the community's tag aliases. :class:`ParseCache` keeps it in
``.rallypoint-cache/parse.pickle`` under a digest of exactly these, so an edited, renamed or
new file is read again and every other file is not; the checks across files (links, people,
purposes) always run on the whole community. A file is keyed by its content, not its
modification time, so a fresh checkout in CI finds its unchanged files too. The file's texts
(front matter and body) are not kept: they are taken from the bytes read for the key, so the
cache holds what costs a parse (values, positions' lines, problems, the body's wikilinks), not a
copy of the community.

Like the build cache's other levels, the file is checked before it is trusted: its header
names the format and rallypoint's code, and a digest of the rest; anything off (damaged,
foreign, half-written, from another version) and the files are all read again. Each file's
entry is pickled on its own (a rebuild writes the unchanged ones as they were read) and read by
an unpickler that can name only the model's own record classes, the file as a whole by one that
names none: a tampered cache cannot run code.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import pickle
from collections.abc import Mapping
from pathlib import Path

from .. import diagnostics
from ..diagnostics import Diagnostic
from ..kept import CACHE_DIR, PlainUnpickler, keep, read_kept
from . import records, source, wikilinks
from .layout import SourceFile
from .wikilinks import find_wikilinks, remember_wikilinks

log = logging.getLogger(__name__)

FORMAT = 3
"""Bumped when what is kept changes shape."""
FILE = "parse.pickle"

Record = records.Purpose | records.Contribution | records.Contributor
Outcome = tuple[Record | None, list[Diagnostic]]
_Entry = tuple[Record | None, list[Diagnostic], tuple[wikilinks.WikiLink, ...]]
"""What is kept of a file: its record without its texts, its problems and its body's links."""

_ALLOWED = {
    module.__name__: (module, frozenset(names))
    for module, names in (
        (wikilinks, {"WikiLink"}),
        (records, {"Purpose", "Contribution", "Contributor", "Goal", "Prediction", "Resolution"}),
        (source, {"Document", "Resolved"}),
        (diagnostics, {"Diagnostic"}),
    )
}


class _RecordUnpickler(pickle.Unpickler):
    """Unpickles the model's records and nothing else: no other class can be named."""

    def find_class(self, module: str, name: str):
        found, names = _ALLOWED.get(module, (None, frozenset()))
        if name in names:
            return getattr(found, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not part of a parsed file")


class ParseCache:
    """Each file's :data:`Outcome` by path, under a digest of what it depends on."""

    def __init__(self, root: Path, limit: int, aliases: Mapping[str, str]) -> None:
        self.path = root / CACHE_DIR / FILE
        self.limit = limit
        self._salt = f"{FORMAT} {limit}".encode()
        self._aliases = json.dumps(sorted(aliases.items())).encode()
        """Only a contribution's record depends on them (its tags)."""
        from ..site.cache import code_digest  # the whole of rallypoint's code, lazily: it imports the site

        self._header = hashlib.blake2b(f"{FORMAT} {code_digest()}".encode(), digest_size=20).hexdigest()
        self._kept: dict[str, tuple[str, bytes]] = self._load()
        """Path → the key it was kept for and its pickled :data:`_Entry`."""
        self._now: dict[str, tuple[str, bytes]] = {}
        self.hits = self.misses = 0

    def _load(self) -> dict[str, tuple[str, bytes]]:
        payload = read_kept(self.path, self._header)
        if payload is None:
            return {}
        try:
            found = PlainUnpickler(io.BytesIO(payload)).load()
        except (ValueError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, IndexError) as error:
            log.debug("the parse cache %s is unusable (%s); reading every file", self.path, error)
            return {}
        shaped = type(found) is dict and all(
            type(path) is str and type(entry) is tuple and len(entry) == 2 and tuple(map(type, entry)) == (str, bytes)
            for path, entry in found.items()
        )
        return found if shaped else {}

    def key(self, file: SourceFile, raw: bytes, size: int) -> str:
        """What a file's outcome depends on: its place, its size and bytes, the cap, the aliases."""
        digest = hashlib.blake2b(self._salt, digest_size=20)
        digest.update(f"\0{file.role}\0{file.path}\0{file.stem}\0{file.purpose}\0{size}\0".encode())
        if file.role == "contribution":
            digest.update(self._aliases + b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def get(self, file: SourceFile, key: str, raw: bytes) -> Outcome | None:
        """The file's outcome when it was kept for ``key``; its texts come from ``raw`` again."""
        kept = self._kept.get(file.path)
        found = _entry(kept[1]) if kept is not None and kept[0] == key else None
        if found is None:
            self.misses += 1
            return None
        self.hits += 1
        self._now[file.path] = kept
        made, problems, links = found
        if made is not None:
            made = self._with_texts(file, made, raw)
            remember_wikilinks(getattr(made, "body", ""), links)
        return made, problems

    def put(self, path: str, key: str, outcome: Outcome) -> None:
        made, problems = outcome
        if made is None:
            entry: _Entry = (None, list(problems), ())
        else:
            # The checks look for every body's links next: found once here, they are kept too.
            entry = (_without_texts(made), list(problems), find_wikilinks(getattr(made, "body", "")))
        # Each file's entry is pickled on its own, so a build that parsed a few files again
        # writes the others' as they were read.
        self._now[path] = (key, pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL))

    def _with_texts(self, file: SourceFile, made: Record, raw: bytes) -> Record:
        # The same bytes were read without a problem when the outcome was kept: they decode.
        text = source.decode(file.path, raw, self.limit)
        if file.role == "contributor":
            return _copy(made, doc=_copy(made.doc, text=text))
        front, body, body_line = source.split_front_matter(file.path, text)
        return _copy(made, doc=_copy(made.doc, text=front, body=body, body_line=body_line), body=body)

    def save(self) -> None:
        """Keep the outcomes of this load's files (only they), unless they are what is kept."""
        if self._now.keys() == self._kept.keys() and not self.misses:
            return
        try:
            keep(self.path, self._header, pickle.dumps(self._now, protocol=pickle.HIGHEST_PROTOCOL))
        except (OSError, pickle.PicklingError, TypeError) as error:
            log.warning("cannot keep the parsed files in %s (%s)", self.path, error)


def _without_texts(made: Record) -> Record:
    """``made`` without its file's texts (its front matter and body), which the file gives again:
    what is kept is then the part that costs a parse, not a copy of every file."""
    doc = _copy(made.doc, text="", body="", _root=None)
    return _copy(made, doc=doc) if isinstance(made, records.Contributor) else _copy(made, doc=doc, body="")


def _copy(thing, **changes):
    """A copy of a record or a document with ``changes``, made without its ``__init__``: its
    values were checked when it was first made (and frozen records allow no other way)."""
    made = object.__new__(type(thing))
    made.__dict__.update(thing.__dict__, **changes)
    return made


def _entry(data: bytes) -> _Entry | None:
    """A file's kept entry, or None when it is not one (damaged, or made by other code)."""
    try:
        found = _RecordUnpickler(io.BytesIO(data)).load()
    except (ValueError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, IndexError):
        return None
    if type(found) is not tuple or len(found) != 3:
        return None
    made, problems, links = found
    if type(problems) is not list or any(type(problem) is not Diagnostic for problem in problems):
        return None
    if type(links) is not tuple or any(type(link) is not wikilinks.WikiLink for link in links):
        return None
    kinds = (records.Purpose, records.Contribution, records.Contributor)
    if made is not None and (type(made) not in kinds or type(made.doc) is not source.Document):
        return None
    return found
