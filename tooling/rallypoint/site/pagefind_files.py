"""Pagefind's index files as rallypoint publishes them: the same from build to build, and cut
so that a reader's query downloads little.

Pagefind (1.x) writes, for each language, a metadata file (``pagefind.<hash>.pf_meta``) that
every query reads first, word index chunks (``index/``) of which a query reads the one holding
each of its words, a fragment per page (``fragment/``) for each result shown, and a file per
filter (``filter/``). Each is gzip around a signature and CBOR (fragments: JSON). Three things
in them cost a reader bytes or a build its reproducibility, and :func:`settle` mends them:

- **Chunks.** Pagefind fills a chunk until it holds 20,000 word locations, so a common word
  often shares its chunk with another common word, and a query for one downloads both (52 KB
  for "sensor" and "share" at 10,000 contributions). Chunks are cut again: a word of at least
  :data:`ALONE` bytes gets a chunk of its own, the others go together up to :data:`PACK` bytes.
- **Fragment names.** The metadata lists each page's fragment by a hash of its contents (7 hex
  digits each, which gzip cannot shrink: half the metadata). They are renamed to a number
  after a token of the index's own digest: as cache-safe (any change to any fragment gives new
  names for all), and a third smaller once gzipped.
- **Filters.** Pagefind writes a filter's values, and the filters in the metadata, in the order
  of a Rust HashMap, which changes from run to run: they are sorted and renamed by their hash.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections.abc import Iterator

import cbor2

from .pagefind_service import SearchIndexError

_SIGNATURE = b"pagefind_dcd"
"""What each of Pagefind's files starts with, before its CBOR, inside the gzip."""
ALONE = 12_000
"""A word whose locations take this many bytes (CBOR, before gzip) gets a chunk of its own."""
PACK = 24_000
"""Other words share a chunk until it holds this many bytes."""
INDEX_FILES = ("pagefind-entry.json", ".pf_meta", ".pf_fragment", ".pf_index", ".pf_filter")


def read_pagefind_file(data: bytes, name: str = "a file") -> bytes:
    """The data of one of Pagefind's files (gzip, a signature, then JSON or CBOR)."""
    plain = gzip.decompress(data)
    if not plain.startswith(_SIGNATURE):
        raise SearchIndexError(f"Pagefind wrote {name} in a form this rallypoint does not know")
    return plain[len(_SIGNATURE) :]


def settle(files: dict[str, bytes]) -> dict[str, bytes]:
    """Pagefind's files (by their path in the index's folder) as published: chunks cut again,
    fragments renamed, filters sorted, and the metadata and entry file rewritten to match.
    Files that are not part of the index (scripts, wasm) come back as they were."""
    entry = json.loads(files["pagefind-entry.json"])
    settled = {name: data for name, data in files.items() if not name.endswith(INDEX_FILES[1:])}
    for language in entry["languages"].values():
        prefix = language["hash"].split("_")[0]
        meta = _load(files, f"pagefind.{language['hash']}.pf_meta")
        meta[1] = _rename_fragments(meta[1], files, settled, prefix)
        meta[2] = _cut_chunks(meta[2], files, settled, prefix)
        meta[3] = _sort_filters(meta[3], files, settled)
        language["hash"] = _named(settled, "pagefind.{}.pf_meta", prefix, cbor2.dumps(meta), 10)
    settled["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return settled


def _rename_fragments(pages: list, files: dict[str, bytes], settled: dict[str, bytes], prefix: str) -> list:
    """Each page's fragment under ``<prefix>_<token>-<n>``: ``n`` its number in hexadecimal, the
    token a digest of every fragment's old (content-hashed) name."""
    token = hashlib.blake2b(json.dumps([h for h, _ in pages]).encode(), digest_size=3).hexdigest()
    renamed = []
    for number, (old, words) in enumerate(pages):
        new = f"{prefix}_{token}-{number:x}"
        settled[f"fragment/{new}.pf_fragment"] = files[f"fragment/{old}.pf_fragment"]
        renamed.append([new, words])
    return renamed


def _cut_chunks(chunks: list, files: dict[str, bytes], settled: dict[str, bytes], prefix: str) -> list:
    """The chunks ``[from, to, name]`` again, those above :data:`PACK` bytes cut apart.

    Pagefind finds a word's chunk by its ``from`` and ``to``: the shortest prefixes of a
    chunk's first and last word that tell them from the neighbouring chunk's last and first.
    A cut chunk's outer bounds stay; those between its pieces are made the same way."""
    cut = []
    for low, high, name in chunks:
        data = files[f"index/{name}.pf_index"]
        raw = read_pagefind_file(data, f"index/{name}.pf_index")
        if len(raw) <= PACK:
            settled[f"index/{name}.pf_index"] = data
            cut.append([low, high, name])
            continue
        words, spans = _words(raw, f"index/{name}.pf_index")
        encoded = [raw[start:end] for start, end in spans]
        pieces = list(_pieces([len(e) for e in encoded], words))
        for number, (start, end) in enumerate(pieces):
            first = low if number == 0 else _bounds(words[start - 1], words[start])[1]
            last = high if end == len(words) else _bounds(words[end - 1], words[end])[0]
            piece = _array(encoded[start:end])
            cut.append([first, last, _named(settled, "index/{}.pf_index", prefix, piece, 7, level=6)])
    return cut


def _words(raw: bytes, name: str) -> tuple[list[str], list[tuple[int, int]]]:
    """The words of a chunk (``[[[word, pages, ...], ...]]``) and where each word's item lies."""
    stream = io.BytesIO(raw)
    decoder = cbor2.CBORDecoder(stream)
    try:
        if stream.read(1) != b"\x81" or (count := _count(stream.read(1)[0], stream)) is None:
            raise ValueError("not a chunk")
        words, spans = [], []
        for _ in range(count):
            start = stream.tell()
            words.append(decoder.decode()[0])
            spans.append((start, stream.tell()))
    except (ValueError, IndexError, TypeError, cbor2.CBORDecodeError) as error:
        raise SearchIndexError(f"Pagefind wrote {name} in a form this rallypoint does not know ({error})") from None
    if stream.tell() != len(raw):
        raise SearchIndexError(f"Pagefind wrote {name} in a form this rallypoint does not know")
    return words, spans


def _count(head: int, stream: io.BytesIO) -> int | None:
    """The length of the array whose head byte is ``head``; None if it is no array."""
    if head >> 5 != 4 or head & 31 > 27:
        return None
    if head & 31 < 24:
        return head & 31
    return int.from_bytes(stream.read(1 << ((head & 31) - 24)), "big")


def _pieces(sizes: list[int], words: list[str]) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each piece: a word of :data:`ALONE` bytes alone, others together up
    to :data:`PACK` bytes; but never a word apart from an earlier word it extends (``to``,
    ``today``, ``tool``): Pagefind looks for a word's extensions in the one chunk it loads for
    it, so every word finds what it found in Pagefind's own chunks."""
    start, held = 0, 0
    roots: list[str] = []  # the earlier words that this one may extend, shortest first
    for at, size in enumerate(sizes):
        while roots and not words[at].startswith(roots[-1]):
            roots.pop()
        apart = size >= ALONE or sizes[at - 1] >= ALONE or held + size > PACK
        if at > start and apart and not roots:
            yield start, at
            start, held = at, 0
        held += size
        roots.append(words[at])
    if start < len(sizes):
        yield start, len(sizes)


def _bounds(last: str, first: str) -> tuple[str, str]:
    """The bounds between two chunks, as Pagefind makes them: one character past the prefix
    the last word of the one and the first word of the next share."""
    shared = 0
    for a, b in zip(last, first, strict=False):
        if a != b:
            break
        shared += 1
    return last[: shared + 1], first[: shared + 1]


def _array(encoded: list[bytes]) -> bytes:
    """A chunk's CBOR, ``[[word, ...]]``, from its words' CBOR."""
    return b"\x81" + _head(4, len(encoded)) + b"".join(encoded)


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError(n)


def _sort_filters(filters: list, files: dict[str, bytes], settled: dict[str, bytes]) -> list:
    named = []
    for name, old in filters:
        values = _load(files, f"filter/{old}.pf_filter")
        values[1].sort(key=lambda value: value[0])
        named.append([name, _named(settled, "filter/{}.pf_filter", old.split("_")[0], cbor2.dumps(values), 7)])
    return sorted(named)


def _load(files: dict[str, bytes], name: str):
    try:
        return cbor2.loads(read_pagefind_file(files[name], name))
    except (KeyError, cbor2.CBORDecodeError) as error:
        raise SearchIndexError(f"Pagefind wrote {name} in a form this rallypoint does not know ({error})") from None


def _named(settled: dict[str, bytes], pattern: str, prefix: str, cbor: bytes, digits: int, level: int = 9) -> str:
    """Put ``cbor`` into ``settled`` as Pagefind writes it, named ``pattern`` around
    ``<prefix>_<hash>`` (more digits where another file has those), and return that name.
    Chunks are many and each query reads few: they are compressed at ``level`` 6, four times
    faster than 9 for 2% more bytes."""
    data = _SIGNATURE + cbor
    digest = hashlib.sha256(data).hexdigest()
    packed = gzip.compress(data, level, mtime=0)
    while settled.get(path := pattern.format(name := f"{prefix}_{digest[:digits]}"), packed) != packed:
        digits += 1
    settled[path] = packed
    return name
