"""An imported page's front matter in rallypoint's model: what each site generator's keys become.

| source keys | become |
|---|---|
| `title`, else the first `# heading`, else the file name | `title` |
| `description`, `summary`, `excerpt`, `subtitle` | `summary` (one line) |
| `date`, else the date in a Jekyll post's name, else the file's first commit | `date` |
| `tags`, `categories`, `category`, `keywords` | `tags`, slugged (`Machine Learning` → `machine-learning`) |
| `author`, `authors` | `authors`, as handles; without them, who created the file in git |

Every other key (`layout`, `permalink`, `weight`, `draft`...) has no place in the model: it is
dropped and listed in the import report, and stays readable in the commit before the import.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..model.characters import INVISIBLE
from ..model.schema import MAX_TAGS, TAG, slugify
from ..model.source import BIDI

TITLE_KEYS = ("title", "name", "linktitle")
SUMMARY_KEYS = ("description", "summary", "excerpt", "subtitle")
DATE_KEYS = ("date", "publishdate", "created")
TAG_KEYS = ("tags", "categories", "category", "keywords")
AUTHOR_KEYS = ("authors", "author")
USED_KEYS = frozenset({*TITLE_KEYS, *SUMMARY_KEYS, *DATE_KEYS, *TAG_KEYS, *AUTHOR_KEYS, "slug"})
TITLE_LIMIT, SUMMARY_LIMIT = 200, 500
_HEADING = re.compile(rb"^[ ]{0,3}#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*\r?$", re.M)
_SETEXT = re.compile(rb"^(\S[^\n]*?)[ \t]*\r?\n[ ]{0,3}=+[ \t]*\r?$", re.M)
_FENCE = re.compile(rb"^[ ]{0,3}(```|~~~)", re.M)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%d.%m.%Y", "%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y")


@dataclass
class Fields:
    """What one page's front matter becomes, and what was changed or left out on the way."""

    title: str
    summary: str | None
    date: str | None
    """None: take the date of the file's first commit."""
    tags: list[str]
    authors: list[str]
    """Names, logins or handles as the page writes them; empty: take who created the file."""
    dropped: list[str] = field(default_factory=list)
    """Keys that have no place in the model."""
    notes: list[str] = field(default_factory=list)
    """What was changed to fit the model (a title cut short, a date not understood)."""
    renamed_tags: dict[str, str] = field(default_factory=dict)
    """Tag as written → its slug, where they differ."""
    addresses: list[str] = field(default_factory=list)
    """Where the old site published it (``permalink``, ``url``, ``aliases``), without slashes: links use them."""


def read_fields(meta: dict, body: bytes, title_hint: str, jekyll_date: str | None, spaced_tags: bool) -> Fields:
    """The model's fields of a page from its front matter ``meta`` and ``body``.

    ``spaced_tags``: a string of tags is separated by spaces (Jekyll), not one tag.
    """
    notes: list[str] = []
    meta = _folded(meta)
    title = _first_text(meta, TITLE_KEYS) or _first_heading(body) or title_hint or "Untitled"
    title = _one_line(title, TITLE_LIMIT, "title", notes)
    summary = _first_text(meta, SUMMARY_KEYS)
    summary = _one_line(summary, SUMMARY_LIMIT, "summary", notes) if summary else None
    date = _date(meta, notes) or jekyll_date
    tags, renamed = _tags(meta, spaced_tags, notes)
    authors = _names(next((meta[k] for k in AUTHOR_KEYS if meta.get(k)), None))
    dropped = [key for key in meta.originals if key.casefold() not in USED_KEYS or key in meta.repeated]
    addresses = [str(meta.get(k)).strip("/") for k in ("permalink", "url") if isinstance(meta.get(k), str)]
    aliases = meta.get("aliases")
    addresses += [a.strip("/") for a in (aliases if isinstance(aliases, list) else [aliases]) if isinstance(a, str)]
    return Fields(title, summary or None, date, tags, authors, dropped, notes, renamed, [a for a in addresses if a])


class _Folded(dict):
    """Front matter keyed case-insensitively (``Title`` is ``title``), the lowercase spelling first."""

    originals: list[str]
    repeated: list[str]
    """Keys that another spelling of the same key came before (``Title`` after ``title``)."""


def _folded(meta: dict) -> _Folded:
    folded = _Folded()
    folded.repeated = []
    for key in sorted(meta, key=lambda k: (str(k).casefold(), str(k) != str(k).casefold())):
        if str(key).casefold() in folded:
            folded.repeated.append(str(key))
        folded.setdefault(str(key).casefold(), meta[key])
    folded.originals = [str(k) for k in meta]
    return folded


def _first_text(meta: dict, keys: Iterable[str]) -> str:
    for key in keys:
        value = meta.get(key)
        if isinstance(value, str | int | float) and not isinstance(value, bool) and str(value).strip():
            return str(value)
    return ""


def _first_heading(body: bytes) -> str:
    """The first level-one heading outside code, ATX (``# Title``) or Setext (``Title`` over ``===``)."""
    fence = _FENCE.search(body)
    head = body[: fence.start()] if fence else body
    found = [m for m in (_HEADING.search(head), _SETEXT.search(head)) if m]
    if not found:
        return ""
    first = min(found, key=lambda m: m.start())
    text = first.group(1).decode("utf-8", "replace")
    return re.sub(r"\s*\{[#.][^}]*\}\s*$", "", text)  # an attribute list: `# Title {#anchor}`


def _one_line(text: str, limit: int, key: str, notes: list[str]) -> str:
    """``text`` as the model takes it: one line, no characters that disguise it, at most ``limit`` long."""
    clean = " ".join(_CONTROL.sub("", text).split())
    # A title must not hide anything; prose keeps what is harmless there and loses what reorders it.
    clean = INVISIBLE.sub("", clean) if key == "title" else BIDI.sub("", clean)
    if clean != " ".join(text.split()):
        notes.append(f"{key}: invisible characters removed")
    if len(clean) > limit:
        cut = clean[: limit - 1].rsplit(" ", 1)[0] or clean[: limit - 1]
        notes.append(f"{key}: cut to {limit} characters (it had {len(clean)})")
        clean = cut.rstrip(" ,;:.") + "…"
    return clean


def _date(meta: dict, notes: list[str]) -> str | None:
    for key in DATE_KEYS:
        value = meta.get(key)
        if value is None or value == "":
            continue
        if isinstance(value, _dt.datetime):
            return value.date().isoformat()
        if isinstance(value, _dt.date):
            return value.isoformat()
        text = str(value).strip()
        iso = re.match(r"(\d{4}-\d{2}-\d{2})", text)
        if iso and _valid(iso[1]):
            return iso[1]
        for form in _DATE_FORMATS:
            try:
                return _dt.datetime.strptime(text, form).date().isoformat()
            except ValueError:
                continue
        notes.append(f"{key}: `{text[:40]}` is not a date rallypoint reads; the first commit's date is used")
    return None


def _valid(text: str) -> bool:
    try:
        _dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _tags(meta: dict, spaced: bool, notes: list[str]) -> tuple[list[str], dict[str, str]]:
    written: list[str] = []
    for key in TAG_KEYS:
        value = meta.get(key)
        if isinstance(value, str):
            written += re.split(r"\s*,\s*" if "," in value or not spaced else r"\s+", value)
        elif isinstance(value, list):
            written += [str(v) for v in value if isinstance(v, str | int | float) and not isinstance(v, bool)]
    tags: list[str] = []
    renamed: dict[str, str] = {}
    for raw in written:
        tag = slugify(raw, 50)
        if not tag or not TAG.fullmatch(tag):
            if raw.strip():
                notes.append(f"tag `{raw}` has no letters or digits to keep; left out")
            continue
        if tag != raw:
            renamed[raw] = tag
        if tag not in tags:
            tags.append(tag)
    if len(tags) > MAX_TAGS:
        notes.append(f"tags: kept the first {MAX_TAGS} of {len(tags)}; left out {', '.join(tags[MAX_TAGS:])}")
        tags = tags[:MAX_TAGS]
    return tags, renamed


def _names(value: object) -> list[str]:
    """Author names, logins or handles from ``author``/``authors``: a string, a list, or mappings with a name."""
    items = value if isinstance(value, list) else [value] if value else []
    names: list[str] = []
    for item in items:
        if isinstance(item, dict):
            item = item.get("name") or item.get("login") or item.get("github") or item.get("email")
        if isinstance(item, str):
            for part in re.split(r"\s*(?:,|\band\b|&)\s*", item) if "," in item or " and " in item else [item]:
                if part.strip() and part.strip() not in names:
                    names.append(part.strip())
    return names
