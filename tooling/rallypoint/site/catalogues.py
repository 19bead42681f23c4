"""Keeping the catalogues current: extract every string rallypoint shows into the ``.pot``, and
merge it into each shipped ``.po``.

Run ``python -m rallypoint.site.catalogues`` after adding or changing a string, then translate
what it marks as new or fuzzy in ``site_templates/locales/<lang>/LC_MESSAGES/rallypoint.po``.
``tests/test_i18n.py`` fails while the ``.pot`` is out of date or a shipped catalogue is incomplete.
"""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .i18n import DOMAIN, PACKAGE_LOCALES, catalogue_file, shipped_languages

PACKAGE = Path(__file__).resolve().parent.parent
TEMPLATES = PACKAGE_LOCALES.parent
POT = PACKAGE_LOCALES / f"{DOMAIN}.pot"
PYTHON_SOURCES = ("site/*.py", "site/engines/*.py", "workflow/new.py", "workflow/init.py", "cli/files.py")
"""The modules whose strings reach pages or prompts; the rest of rallypoint speaks English only."""
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2), "N_": None}
_DATE = datetime(2026, 1, 1, tzinfo=UTC)
"""A fixed creation date, so that re-extracting changes the file only when a string changes."""


def extract() -> Catalog:
    """Every string of the templates and of the Python that reaches pages, with where it is used."""
    catalog = Catalog(project="rallypoint", domain=DOMAIN, creation_date=_DATE, fuzzy=False)
    options = {"**.jinja": {"trimmed": "true", "newstyle_gettext": "true"}}
    method_map = [("*.jinja", "jinja2")]
    found = list(extract_from_dir(str(TEMPLATES), method_map, options, KEYWORDS))
    found = [(f"site_templates/{path}", *rest) for path, *rest in found]
    for pattern in PYTHON_SOURCES:
        for path in sorted(PACKAGE.glob(pattern)):
            rel = path.relative_to(PACKAGE).as_posix()
            found += [
                (f"tooling/rallypoint/{rel}", *rest)
                for _, *rest in extract_from_dir(
                    str(path.parent), [(path.name, "python")], {}, KEYWORDS, directory_filter=lambda d: False
                )
            ]
    for path, lineno, message, comments, context in found:
        catalog.add(message, None, [(path, lineno)], auto_comments=comments, context=context)
    return catalog


def pot_bytes(catalog: Catalog) -> bytes:
    out = BytesIO()
    write_po(out, catalog, width=100, sort_output=True, include_lineno=False)
    return out.getvalue()


def update(write=print) -> None:
    """Write the .pot, and merge it into each shipped .po (new strings empty, changed ones fuzzy)."""
    template = extract()
    POT.write_bytes(pot_bytes(template))
    write(f"wrote {POT} ({len(template)} messages)")
    for lang in shipped_languages():
        path = catalogue_file(PACKAGE_LOCALES, lang)
        with path.open("rb") as f:
            catalog = read_po(f, locale=lang, domain=DOMAIN)
        catalog.update(template, update_creation_date=False)
        out = BytesIO()
        write_po(out, catalog, width=100, sort_output=True, include_lineno=False, ignore_obsolete=True)
        path.write_bytes(out.getvalue())
        todo = sum(1 for m in catalog if m.id and (not m.string or m.fuzzy or not all(m.string)))
        write(f"updated {path}: {todo} to translate")


if __name__ == "__main__":
    update()
    sys.exit(0)
