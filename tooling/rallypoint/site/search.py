"""Search that scales: a Pagefind index made from the model, not from the built HTML.

One record per contribution and per charter: its title, its URL, its summary and the text of
its Markdown (what people wrote, never the generated lists around it), with Pagefind filters
(``purpose``, ``kind``, ``tag``, ``person``) and meta for showing a result. Pagefind splits
the index into chunks, so a reader's browser downloads only the few that hold the words
typed, however large the community grows.

:func:`records` makes plain records (JSON-serialisable, so the parts of a sharded build can
hand theirs over) and :func:`write_index` writes them into ``<site>/pagefind/`` with the
``pagefind`` binary of ``pagefind[bin]`` in its service mode (:mod:`.pagefind_service`).
Records go in sorted by URL, so the same site gives the same files, byte for byte.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..addresses import Page
from ..model.records import Community, Contribution, Purpose
from .indexes import Indexes
from .pagefind_service import Service, read_pagefind_file, settle_filters

if TYPE_CHECKING:
    from .engines import SiteContent

log = logging.getLogger(__name__)

FOLDER = "pagefind"
"""Where the index and Pagefind's scripts go, under the site's root."""
PARTS = "parts"
PARTS_FILE = "parts.json"
PART_WORDS = 2_000_000
"""Words indexed by one Pagefind process at most: about 950 MB of its memory (measured: 12 MB,
about 400 bytes a word and 23 KB a record, counted as :data:`RECORD_WORDS` words)."""
RECORD_WORDS = 60
BATCH = 500
"""Records sent to Pagefind in one go."""


@dataclass(frozen=True)
class SearchRecord:
    """One search result as Pagefind stores it. ``url`` is relative to the site's root."""

    url: str
    content: str
    meta: dict[str, str] = field(default_factory=dict)
    """``title``, ``kind``, ``date``, ``purpose`` (its title) and ``summary``, when there is one."""
    filters: dict[str, list[str]] = field(default_factory=dict)

    def as_json(self) -> dict:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> SearchRecord:
        return cls(data["url"], data["content"], dict(data["meta"]), {k: list(v) for k, v in data["filters"].items()})


@dataclass(frozen=True)
class IndexStats:
    records: int
    words: int
    peak_rss: int
    """The Pagefind process's peak resident memory in bytes (0 where /proc cannot say)."""


def index_site(content: SiteContent, site: Path) -> IndexStats:
    """Write the search index of what ``content`` published into ``site``: the step every
    engine's build ends with (``build_site``, and the MkDocs plugin under ``mkdocs``/``serve``)."""
    community = content.bodies.community
    return write_index(records(community, content.indexes), site, community.settings.language)


def records(community: Community, indexes: Indexes) -> Iterator[SearchRecord]:
    """A record for each charter and each contribution, charters first, each in key order."""
    people = indexes.people

    def name(key: str) -> str:
        return people[key].name if key in people else key

    for _, purpose in sorted(community.purposes.items()):
        yield _charter(purpose, [name(k) for k in purpose.maintainers])
    for _, item in sorted(community.contributions.items()):
        history = indexes.histories.get(item.path)
        involved = [*item.authors, *(history.editors if history else ())]
        purpose = community.purposes.get(item.purpose)
        yield _contribution(item, purpose.title if purpose else item.purpose, [name(k) for k in involved])


def _charter(purpose: Purpose, people: list[str]) -> SearchRecord:
    meta = {"title": purpose.title, "kind": "purpose", "date": purpose.started, "purpose": purpose.title}
    if purpose.summary:
        meta["summary"] = purpose.summary
    return SearchRecord(
        Page("purpose", purpose.id).path,
        _joined(purpose.title, purpose.summary, plain_text(purpose.body)),
        meta,
        {"purpose": [purpose.title], "kind": ["purpose"], "person": _unique(people)},
    )


def _contribution(item: Contribution, purpose: str, people: list[str]) -> SearchRecord:
    meta = {"title": item.title, "kind": item.kind, "date": item.date, "purpose": purpose}
    if item.summary:
        meta["summary"] = item.summary
    filters = {"purpose": [purpose], "kind": [item.kind], "person": _unique(people)}
    if item.tags:
        filters["tag"] = _unique(item.tags)
    return SearchRecord(
        Page("contribution", item.key).path, _joined(item.title, item.summary, plain_text(item.body)), meta, filters
    )


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))


def _joined(*parts: str | None) -> str:
    return "\n\n".join(p for p in parts if p)


_MARKUP = re.compile(
    r"^ {0,3}(?P<fence>`{3,}|~{3,})[^\n]*\n(?P<fenced>(?s:.*?))^ {0,3}(?P=fence)[ \t]*$"  # its code, as written
    r"|`+(?P<code>[^`\n]+)`+"  # inline code: its text, as written, markup included
    r"|!?\[\[(?:[^\[\]|\n]*\|)?(?P<wiki>[^\[\]\n]*)\]\]"  # [[target]] or [[target|text]]
    r"|!?\[(?P<text>[^\[\]\n]*)\]\([^()\n]*\)"  # [text](url) and ![alt](src)
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"  # raw HTML tags: the sanitiser keeps only their text
    r"|^ {0,3}(?:#{1,6}\s|>\s?|[-*+]\s|\d+[.)]\s)"  # heading, quote and list markers
    r"|(?<!\w)[*_]{1,3}|[*_]{1,3}(?!\w)"  # emphasis
    r"|(?<!\S)[-:]{3,}(?!\S)",  # rules, and a table's line under its head
    re.M,
)


def plain_text(markdown: str) -> str:
    """The words of a Markdown body, without its markup: what a reader sees, near enough to
    search. Code keeps its characters, so text that looks like markup in code is found."""

    def keep(match: re.Match) -> str:
        for group in ("fenced", "code", "wiki", "text"):
            if match[group] is not None:
                return match[group].rsplit("/", 1)[-1] if group == "wiki" else match[group]
        return " " if match[0].startswith("<") else ""

    # Table pipes go too: a row reads as its cells' words.
    return re.sub(r"[ \t|]+", " ", _MARKUP.sub(keep, markdown)).strip()


def pagefind_language(tag: str) -> str:
    """Pagefind's language for a BCP 47 tag: its primary subtag (``pt-BR`` → ``pt``), which
    picks the stemmer; the browser matches it against the page's ``<html lang>``."""
    return tag.split("-")[0].lower() or "en"


def write_index(found: Iterable[SearchRecord], site: Path, language: str) -> IndexStats:
    """Index ``found`` into ``site / "pagefind"`` (Pagefind's scripts included), replacing any
    index there. Records are sorted by URL first, so the same records give the same files.

    Pagefind's memory grows with the words and the records it indexes (1.4 GB for 10,000
    contributions of 320 words), so the records go in parts of about :data:`PART_WORDS` words
    at most, each indexed by a Pagefind process of its own, one after the other: the first part
    in ``pagefind/``, the others in ``pagefind/parts/<n>/``, listed in ``pagefind/parts.json``
    for the search page to merge (Pagefind's ``mergeIndex``).
    """
    output = site / FOLDER
    if output.exists():
        shutil.rmtree(output)
    lang = pagefind_language(language)
    stats = IndexStats(0, 0, 0)
    parts = list(_parts(sorted(found, key=lambda r: r.url)))
    for number, part in enumerate(parts):
        where = output / PARTS / str(number) if number else output
        done = _index_part(part, where, lang, scripts=not number)
        stats = IndexStats(stats.records + done.records, stats.words + done.words, max(stats.peak_rss, done.peak_rss))
    names = [f"{PARTS}/{n}/" for n in range(1, len(parts))]
    (output / PARTS_FILE).write_text(json.dumps(names), encoding="utf-8")
    log.debug(
        "indexed %d records (%d words) in %d parts, %d MB peak",
        stats.records,
        stats.words,
        len(parts),
        stats.peak_rss >> 20,
    )
    return stats


def _parts(ordered: list[SearchRecord]) -> Iterator[list[SearchRecord]]:
    """``ordered`` in as few parts of about equal words as keep each under :data:`PART_WORDS`
    (at least one part, maybe empty): every part costs each query one more index chunk."""
    sizes = [_words(record) for record in ordered]
    count = max(1, -(-sum(sizes) // PART_WORDS))
    share = sum(sizes) / count
    part: list[SearchRecord] = []
    words = 0
    for record, size in zip(ordered, sizes, strict=True):
        if part and count > 1 and words + size > share:
            yield part
            part, words, count = [], 0, count - 1
        part.append(record)
        words += size
    yield part


def _words(record: SearchRecord) -> int:
    """What indexing ``record`` costs Pagefind in memory, in words: its words, and
    :data:`RECORD_WORDS` for the record itself."""
    return len(record.content.split()) + RECORD_WORDS


def _index_part(part: list[SearchRecord], output: Path, language: str, scripts: bool) -> IndexStats:
    """Index ``part`` with a Pagefind process of its own and write its files into ``output``;
    Pagefind's scripts and wasm too when ``scripts`` (the first part: the others share them)."""
    with Service() as service:
        index_id = service.ask([{"type": "NewIndex", "config": {"force_language": language}}])[0]["index_id"]
        words = 0
        for start in range(0, len(part), BATCH):
            answers = service.ask([_add(index_id, r, language) for r in part[start : start + BATCH]])
            words += sum(a.get("page_word_count", 0) for a in answers)
        # Pagefind's own WriteFiles answers before its last writes reach the disk, and a file
        # was found empty once the service had exited: take the files, and write them here.
        files = service.files(index_id)
        peak = service.peak_rss()
    for name, data in files.items():
        if scripts or name.endswith(_INDEX_FILES):
            path = output / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
    settle_filters(output)
    return IndexStats(len(part), words, peak)


_INDEX_FILES = ("pagefind-entry.json", ".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter")


def _add(index_id: int, record: SearchRecord, language: str) -> dict:
    # Pagefind takes the URL as given: a leading slash; the page makes it relative to the site.
    return {
        "type": "AddRecord",
        "index_id": index_id,
        "url": "/" + record.url,
        "content": record.content,
        "language": language,
        "meta": record.meta,
        "filters": record.filters,
    }


def read_index(site: Path) -> dict[str, dict]:
    """What the index in ``site`` holds, by URL: each record's ``content``, ``meta`` and
    ``filters`` as Pagefind stored them, from every part. For checks and tests."""
    folder = site / FOLDER
    parts = [folder, *(folder / name for name in json.loads((folder / PARTS_FILE).read_text(encoding="utf-8")))]
    found = {}
    for part in parts:
        for fragment in sorted((part / "fragment").glob("*.pf_fragment")):
            data = json.loads(read_pagefind_file(fragment))
            found[data["url"].lstrip("/")] = data
    return found
