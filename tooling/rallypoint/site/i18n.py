"""The community's language: rallypoint's own strings through gettext, dates and numbers through Babel.

Catalogues are gettext ``.po`` files: the package ships ``site_templates/locales/<lang>/LC_MESSAGES/
rallypoint.po`` for the languages it speaks, and a community adds or overrides one at the same path
in its own repository; its entries win message by message, and what neither translates stays in
English. ``.po`` files are compiled when first used (no ``.mo`` is ever committed) and kept for the
life of the process. The catalogue used is the nearest to community.yml's ``language``
(``es-MX`` → ``es``); dates use the tag itself, so Mexican Spanish gets Mexico's formats.
"""

from __future__ import annotations

import functools
import gettext
import itertools
import os
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_skeleton
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.numbers import format_decimal, format_percent

from .. import catalogue as rp
from ..diagnostics import Diagnostic

DOMAIN = "rallypoint"
LOCALES = "site_templates/locales"
"""Where catalogues live, in the package's templates and in a community's repository."""
RTL = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ckb", "dv"})
"""Languages written right to left (their primary subtag)."""


def _package_locales() -> Path:
    from importlib.resources import files

    return Path(str(files("rallypoint.site_templates"))) / "locales"


PACKAGE_LOCALES = _package_locales()


def N_(message: str) -> str:
    """Mark a string for the catalogue where it is defined; it is translated where it is shown."""
    return message


def catalogue_file(base: Path, lang: str) -> Path:
    return base / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def community_catalogues(root: Path) -> list[Path]:
    """The community's own catalogues, by language."""
    base = root / LOCALES
    return sorted(base.glob(f"*/LC_MESSAGES/{DOMAIN}.po")) if base.is_dir() else []


def shipped_languages() -> list[str]:
    """Languages the package has a catalogue for, besides English."""
    return sorted(p.parent.parent.name for p in PACKAGE_LOCALES.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


class CatalogueProblem(Exception):
    """A .po file that cannot be read: where, and what is wrong."""

    def __init__(self, path: Path, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}")
        self.path, self.line, self.message = path, line, message


@functools.lru_cache(maxsize=64)
def _compiled(path: str, stamp: tuple[int, int]) -> tuple[bytes, tuple[tuple[int, str], ...]]:
    """A .po file compiled to .mo bytes, and (line, why) of each entry left out because its
    placeholders differ from the English; CatalogueProblem when the file cannot be read at all."""
    try:
        with open(path, "rb") as f:
            catalog = read_po(f, domain=DOMAIN, abort_invalid=True)
    except PoFileError as exc:
        message = re.sub(r" on \d+$", "", str(exc))
        raise CatalogueProblem(Path(path), exc.lineno + 1, message) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise CatalogueProblem(Path(path), 1, str(exc)) from None
    dropped = []
    for message in list(catalog):
        if message.id and message.string and (why := _placeholder_problem(message.id, message.string)):
            dropped.append((message.lineno, f"{why} (msgid {_first(message.id)!r})"))
            catalog.delete(message.id, context=message.context)
    out = BytesIO()
    write_mo(out, catalog)
    try:
        gettext.GNUTranslations(BytesIO(out.getvalue()))
    except (ValueError, SyntaxError) as exc:  # a Plural-Forms expression gettext cannot evaluate
        line = _line_of(Path(path), "Plural-Forms:")
        raise CatalogueProblem(Path(path), line, f"the Plural-Forms header is not valid: {exc}") from None
    return out.getvalue(), tuple(dropped)


def _line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    return next((n for n, line in enumerate(lines, 1) if text in line), 1)


def _first(msgid) -> str:
    return msgid[0] if isinstance(msgid, tuple | list) else msgid


_PLACEHOLDER = re.compile(r"%\((\w+)\)")
_TAG = re.compile(r"<[^>]*>")


def _placeholder_problem(msgid, msgstr) -> str | None:
    """Why a translation would break its page, if it would: every string is %-formatted with
    named placeholders (Jinja's new-style gettext), so each translation may use only the English's
    names and must write a lone percent sign as ``%%``. Pages show translations as HTML, so a
    translation may use only the English's own tags, attributes and all (``<code>``, ``<a
    href="%(href)s">``): a catalogue cannot add a script or a link of its own."""
    ids = msgid if isinstance(msgid, tuple | list) else (msgid,)
    strings = msgstr if isinstance(msgstr, tuple | list) else (msgstr,)
    names = {name for text in ids for name in _PLACEHOLDER.findall(text)}
    tags = {tag for text in ids for tag in _TAG.findall(text)}
    for text in strings:
        if not text:
            continue
        unknown = set(_PLACEHOLDER.findall(text)) - names
        if unknown:
            return f"the translation uses %({sorted(unknown)[0]})s, which the English does not have"
        markup = [tag for tag in _TAG.findall(text) if tag not in tags]
        if markup:
            return f"the translation has the markup {markup[0]}, which the English does not have"
        try:
            text % defaultdict(int)
        except (ValueError, TypeError) as exc:
            return f"the translation is not a valid format string ({exc}; write a percent sign as %%)"
    return None


def read_catalogue(path: Path) -> tuple[gettext.GNUTranslations, tuple[tuple[int, str], ...]]:
    """The compiled catalogue at ``path`` (cached while the file is unchanged) and its dropped entries."""
    status = path.stat()
    data, dropped = _compiled(str(path), (status.st_mtime_ns, status.st_size))
    return gettext.GNUTranslations(BytesIO(data)), dropped


def nearest(tag: str, known: set[str]) -> str | None:
    """The language in ``known`` nearest ``tag``: the tag, else with its last subtags dropped."""
    lowered = {k.lower().replace("_", "-"): k for k in known}
    parts = tag.replace("_", "-").split("-")
    while parts:
        found = lowered.get("-".join(parts).lower())
        if found:
            return found
        parts.pop()
    return None


def environment_language(environ: dict[str, str] | None = None) -> str:
    """The language the environment asks for, as a BCP 47 tag (``es_MX.UTF-8`` → ``es-MX``);
    ``en`` when it names none (or ``C``/``POSIX``). The order is gettext's own."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "").split(":")[0].split(".")[0].split("@")[0]
        if value and value not in ("C", "POSIX"):
            return value.replace("_", "-")
    return "en"


def is_rtl(tag: str) -> bool:
    return tag.replace("_", "-").split("-")[0].lower() in RTL


def _locale(tag: str) -> Locale:
    """Babel's locale nearest ``tag``, else English: dates never fail over an unusual tag."""
    parts = tag.replace("_", "-").split("-")
    while parts:
        try:
            return Locale.parse("-".join(parts), sep="-")
        except (UnknownLocaleError, ValueError):
            parts.pop()
    return Locale("en")


@dataclass(frozen=True, eq=False)
class Language:
    """What a site in one language needs: its tag, translations, and Babel's locale."""

    tag: str
    catalogue: str | None
    """The catalogue used (``es`` for ``es-MX``); None for English."""
    translations: gettext.NullTranslations
    locale: Locale

    @property
    def rtl(self) -> bool:
        return is_rtl(self.tag)

    @property
    def direction(self) -> str:
        return "rtl" if self.rtl else "ltr"

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def date(self, value: date | datetime | str | None, format: str = "medium") -> str:
        """``value`` (a date or an ISO date) as people of this language write it; ISO text that is
        not a date stays as it is."""
        if value is None or value == "":
            return ""
        day = value
        if isinstance(value, str):
            try:
                day = date.fromisoformat(value[:10])
            except ValueError:
                return value
        if isinstance(day, datetime):
            day = day.date()
        return _format_date(day, format, self.locale)

    def skeleton(self, value: str, skeleton: str) -> str:
        """An ISO date or month (``2026-03``) in the shape ``skeleton`` names (``yMMM``: "Mar 2026",
        "mar 2026"), arranged as this language arranges it."""
        try:
            day = date.fromisoformat(value if len(value) > 7 else f"{value}-01")
        except ValueError:
            return value
        return format_skeleton(skeleton, day, locale=self.locale)

    def number(self, value: float | int) -> str:
        return format_decimal(value, locale=self.locale)

    def percent(self, share: float | None) -> str:
        """A share from 0 to 1 as a whole percentage (``42 %`` in German); a dash when unknown."""
        return "—" if share is None else format_percent(share, locale=self.locale)


ENGLISH = Language("en", None, gettext.NullTranslations(), Locale("en"))


def language(root: Path | None, tag: str) -> Language:
    """The language of a community at ``root`` whose community.yml says ``tag``: the package's
    catalogue with the community's own entries over it. CatalogueProblem when one is broken."""
    own = {p.parent.parent.name: p for p in community_catalogues(root)} if root else {}
    chosen = nearest(tag, {*own, *shipped_languages()})
    if chosen is None:
        return Language(tag, None, gettext.NullTranslations(), _locale(tag))
    layers = [p for p in (own.get(chosen), catalogue_file(PACKAGE_LOCALES, chosen)) if p and p.is_file()]
    compiled = [read_catalogue(p)[0] for p in layers]
    # The community's entries first; what it leaves out comes from the package's, then English.
    for upper, lower in itertools.pairwise(compiled):
        upper.add_fallback(lower)
    return Language(tag, chosen, compiled[0], _locale(tag))


def translation_problems(root: Path) -> list[Diagnostic]:
    """RP022 for each of the community's catalogues that cannot be read, or has entries that
    would break a page (placeholders that differ from the English)."""
    found = []
    for path in community_catalogues(root):
        rel = path.relative_to(root).as_posix()
        try:
            _, dropped = read_catalogue(path)
        except CatalogueProblem as exc:
            found.append(
                rp.BROKEN_TRANSLATION.at(rel, exc.line, 1, f"{exc.message}; the site cannot use this catalogue")
            )
            continue
        for line, why in dropped:
            found.append(
                rp.BROKEN_TRANSLATION.at(
                    rel, line, 1, f"{why}; pages skip this entry (the package's translation, else the English, shows)"
                )
            )
    return found


@functools.lru_cache(maxsize=4096)
def _format_date(day: date, format: str, locale: Locale) -> str:
    """Babel's date, kept: a site shows a few thousand days, each on many pages (a quarter of
    the time its templates took was Babel formatting the same days again)."""
    return format_date(day, format, locale=locale)
