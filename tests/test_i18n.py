"""The site in the community's language: gettext catalogues for every string rallypoint puts on a
page, dates and numbers through Babel, a community's own catalogue over the package's, right to
left for Arabic, and the prompts of `new` and `init`."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from babel.dates import format_date
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import BASE, write_community
from rallypoint import catalogue as rp
from rallypoint.cli import cli
from rallypoint.model.community import load_community
from rallypoint.site.build import build_site
from rallypoint.site.catalogues import POT, extract
from rallypoint.site.engines import site_config
from rallypoint.site.i18n import PACKAGE_LOCALES, _placeholder_problem, catalogue_file, language, shipped_languages

OWN_PO = "site_templates/locales/{}/LC_MESSAGES/rallypoint.po"
HEADER = 'msgid ""\nmsgstr ""\n"Language: {lang}\\n"\n"Plural-Forms: {plural}\\n"\n\n'


def _ids(catalog: Catalog) -> set:
    return {(m.context, m.id) for m in catalog if m.id}


def _soup(site: Path, page: str) -> BeautifulSoup:
    return BeautifulSoup((site / page / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_pot_holds_every_string_the_templates_and_the_code_show():
    with POT.open("rb") as f:
        shipped = read_po(f)
    fresh = extract()
    missing, stale = _ids(fresh) - _ids(shipped), _ids(shipped) - _ids(fresh)
    assert not missing and not stale, (
        f"site_templates/locales/rallypoint.pot is out of date ({len(missing)} new, {len(stale)} gone): "
        "run `.venv/bin/python -m rallypoint.site.catalogues` and translate what it reports"
    )
    assert len(fresh) > 250


@pytest.mark.parametrize("lang", ["es", "de", "ar"])
def test_the_shipped_catalogues_are_complete_and_their_plurals_right(lang):
    assert lang in shipped_languages()
    with catalogue_file(PACKAGE_LOCALES, lang).open("rb") as f:
        catalog = read_po(f)
    with POT.open("rb") as f:
        template = read_po(f)
    assert _ids(catalog) == _ids(template), "run `python -m rallypoint.site.catalogues` and translate"
    # The plural rule is the language's own (CLDR, as Babel has it), with a form for each category.
    expected = Catalog(locale=lang)
    assert (catalog.num_plurals, catalog.plural_expr) == (expected.num_plurals, expected.plural_expr)
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if message.pluralizable else (message.string,)
        assert not message.fuzzy and all(strings), f"{lang}: untranslated {message.id!r}"
        if message.pluralizable:
            assert len(strings) == catalog.num_plurals, message.id
        assert _placeholder_problem(message.id, message.string) is None, message.id
    # Babel's own checks: placeholders and the number of plural forms.
    assert [(m.id, errors) for m, errors in catalog.check()] == []


def _spanish_files() -> dict[str, str]:
    own = HEADER.format(lang="es", plural="nplurals=2; plural=(n != 1);") + (
        'msgid "Linked from"\nmsgstr "Enlaces entrantes"\n'
    )
    return {"community.yml": BASE["community.yml"] + "language: es-MX\n", OWN_PO.format("es"): own}


@pytest.fixture(scope="module")
def spanish_site(tmp_path_factory) -> Path:
    """A community in Mexican Spanish with its own catalogue for one string, built with Material."""
    work = tmp_path_factory.mktemp("spanish")
    root = write_community(work / "community", _spanish_files())
    result = build_site(root, work / "site")
    assert result.site_dir, result.diagnostics
    return result.site_dir


def test_a_spanish_community_gets_spanish_pages_and_dates(spanish_site):
    home = _soup(spanish_site, "")
    assert home.html["lang"] == "es"
    assert home.find(id="purposes").get_text() == "Propósitos"
    assert home.find(id="recent").get_text() == "Cambiado recientemente"
    tabs = [a.get_text(strip=True) for a in home.select(".md-tabs__link")]
    assert "Propósitos" in tabs and "Purposes" not in tabs and "Search" not in tabs, tabs
    metas = [m.get_text(" ", strip=True) for m in home.select(".rp-purpose-card .rp-meta")]
    assert "activo · 1 contribución · 1 participante" in metas, metas
    assert any(re.fullmatch(r"activo · 3 contribuciones · \d participantes", m) for m in metas), metas
    page = _soup(spanish_site, "repair/drain-pump")
    line = page.select_one("article .rp-meta").get_text(" ", strip=True)
    assert line.startswith("artículo en Repair guides · de Alice Martin"), line
    # The date in words of the community's locale (es-MX), the ISO date kept for machines.
    shown = page.select_one('article .rp-meta time[datetime="2026-03-01"]')
    assert shown.get_text() == format_date(dt.date(2026, 3, 1), "medium", locale="es_MX")
    assert shown.get_text() != "2026-03-01" and "mar" in shown.get_text()
    question = _soup(spanish_site, "repair/why-noisy")
    assert question.find(id="answers").get_text() == "Respuestas (1)"
    tags = _soup(spanish_site, "tags")
    assert tags.h1.get_text() == "Etiquetas"
    notes = (spanish_site / "notes/feed.xml").read_text(encoding="utf-8")
    assert 'xml:lang="es-MX"' in notes and "Test Repair Network: notas y publicaciones" in notes


def test_the_communitys_own_catalogue_wins_message_by_message(spanish_site):
    page = _soup(spanish_site, "repair/drain-pump")
    # Its one entry wins; every other string still comes from the package's Spanish.
    assert page.find(id="linked-from").get_text() == "Enlaces entrantes"
    assert page.select_one(".rp-facts dt").get_text() in ("Etiquetas", "Objetivos", "Propósito")


def test_the_nearest_catalogue_is_chosen():
    assert language(None, "es-MX").catalogue == "es"
    assert language(None, "de-AT").catalogue == "de"
    assert language(None, "fr").catalogue is None
    assert language(None, "fr").gettext("Linked from") == "Linked from"
    assert language(None, "de").ngettext("%(num)s article", "%(num)s articles", 2) == "%(num)s Artikel"
    assert language(None, "tlh").date("2026-03-01") == "Mar 1, 2026"


# The community's own word for one string; the rest comes from the package's Arabic.
ARABIC = (
    HEADER.format(
        lang="ar",
        plural="nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
    )
    + 'msgid "Purposes"\nmsgstr "مقاصدنا"\n'
)


@pytest.fixture(scope="module")
def arabic_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("arabic")
    changes = {"community.yml": BASE["community.yml"] + "language: ar\n", OWN_PO.format("ar"): ARABIC}
    root = write_community(work / "community", changes)
    result = build_site(root, work / "site")
    assert result.site_dir, result.diagnostics
    return result.site_dir


def test_arabic_reads_right_to_left_with_its_plural_forms(arabic_site):
    home = _soup(arabic_site, "")
    # Material writes the direction on <body>, from theme.direction.
    assert (home.html["lang"], home.body.get("dir")) == ("ar", "rtl")
    assert home.find(id="purposes").get_text() == "مقاصدنا"
    assert home.find(id="newest").get_text() == "أحدث المساهمين"
    metas = [m.get_text(" ", strip=True) for m in home.select(".rp-purpose-card .rp-meta")]
    # Repair guides has 3 contributions, Repair cafés 1: the "few" and "one" forms.
    assert any("3 مساهمات" in m for m in metas) and any("مساهمة واحدة" in m for m in metas), metas
    day = _soup(arabic_site, "repair/drain-pump").select_one('article .rp-meta time[datetime="2026-03-01"]')
    assert day.get_text() == format_date(dt.date(2026, 3, 1), "medium", locale="ar")


def test_what_scripts_say_comes_in_the_language_with_its_plural_forms(arabic_site):
    # search.js picks the sentence for a count's CLDR category (Intl.PluralRules), so the page
    # hands it one for each of Arabic's six; tables.js names a wide table's region from its tag.
    page = _soup(arabic_site, "search")
    found = json.loads(page.select_one(".rp-search")["data-strings"])["found"]
    assert found == {
        "zero": "لا نتائج",
        "one": "نتيجة واحدة",
        "two": "نتيجتان",
        "few": "{count} نتائج",
        "many": "{count} نتيجة",
        "other": "{count} نتيجة",
    }
    assert page.select_one('script[src$="tables.js"]')["data-label"] == "جدول"


def test_a_language_without_a_shipped_catalogue_falls_back_to_english(community):
    own = HEADER.format(lang="he", plural="nplurals=2; plural=(n != 1);") + 'msgid "Tags"\nmsgstr "תגיות"\n'
    root = community({"community.yml": BASE["community.yml"] + "language: he\n", OWN_PO.format("he"): own})
    spoken = language(root, "he")
    assert (spoken.catalogue, spoken.direction) == ("he", "rtl")
    assert spoken.gettext("Tags") == "תגיות" and spoken.gettext("Linked from") == "Linked from"
    settings = load_community(root).community.settings
    assert site_config(settings)["theme"]["direction"] == "rtl"
    assert "direction" not in site_config(load_community(community()).community.settings)["theme"]


def test_a_broken_catalogue_is_a_diagnostic_with_file_and_line(tmp_path):
    bad = HEADER.format(lang="es", plural="nplurals=2; plural=(n != 1);") + (
        'msgid "Tags"\nmsgstr "Etiquetas"\n\nmsgid "Linked from"\nmsgstr "Enlazada"\nmsgtxt "oops"\n'
    )
    changes = {"community.yml": BASE["community.yml"] + "language: es\n", OWN_PO.format("es"): bad}
    root = write_community(tmp_path / "community", changes)
    found = [d for d in load_community(root).diagnostics if d.rule == rp.BROKEN_TRANSLATION.id]
    assert [(d.path, d.line) for d in found] == [(OWN_PO.format("es"), 11)], found
    result = CliRunner().invoke(cli, ["-C", str(root), "check"], catch_exceptions=False)
    assert result.exit_code == 1
    assert OWN_PO.format("es") in result.output and re.search(r"11:1 +error +RP022", result.output), result.output
    built = build_site(root, tmp_path / "site")
    assert built.site_dir is None and any(d.rule == "RP022" for d in built.diagnostics)


def test_a_translation_with_a_placeholder_the_page_lacks_is_reported_not_shown(tmp_path):
    bad = HEADER.format(lang="es", plural="nplurals=2; plural=(n != 1);") + (
        'msgid "Tag: %(tag)s"\nmsgstr "Etiqueta: %(etiqueta)s"\n\nmsgid "Tags"\nmsgstr "100% etiquetas"\n'
    )
    changes = {"community.yml": BASE["community.yml"] + "language: es\n", OWN_PO.format("es"): bad}
    root = write_community(tmp_path / "community", changes)
    found = sorted((d.line, d.message) for d in load_community(root).diagnostics if d.rule == "RP022")
    assert [line for line, _ in found] == [6, 9], found  # each entry's msgid line
    assert "%(etiqueta)s" in found[0][1] and "%%" in found[1][1]


def test_new_asks_in_the_communitys_language(community):
    root = community({"community.yml": BASE["community.yml"] + "language: es\n"})
    answers = "repair\nCambiar una junta\n\nalice\nsellos\n"
    result = CliRunner().invoke(cli, ["-C", str(root), "new", "article", "--input"], input=answers)
    assert result.exit_code == 0, result.output
    for prompt in (
        "Propósitos: repair",
        "Propósito [repair]: ",
        "Título: ",
        "Slug (nombre del archivo y URL) [cambiar-una-junta]: ",
        "Autores (usuarios): ",
    ):
        assert prompt in result.output, result.output
    assert "Etiquetas en uso: do-it-yourself, pumps" in result.output
    # What `check` and the file say stays as it was: only the questions are translated.
    assert "Created content/repair/cambiar-una-junta.md" in result.output
    assert "title: Cambiar una junta" in (root / "content/repair/cambiar-una-junta.md").read_text()


def test_init_asks_in_the_language_of_the_environment(tmp_path, monkeypatch, git_config):
    git_config(name="Amara Okafor", email="amara@example.org")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "de_DE.UTF-8")
    root = tmp_path / "flickwerk"
    result = CliRunner().invoke(cli, ["init", str(root), "--input"], input="\nKleidung flicken\n\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert "Name der Gemeinschaft [Flickwerk]: " in result.output
    assert "Dein Benutzername (Kleinbuchstaben, Ziffern und Bindestriche) [amara-okafor]: " in result.output
    monkeypatch.setenv("LANG", "C.UTF-8")
    again = CliRunner().invoke(cli, ["init", str(tmp_path / "other"), "--input"], input="\n\n\n\n\n\n")
    assert "Community name [Other]: " in again.output


def test_a_translation_cannot_add_markup_of_its_own(tmp_path):
    bad = HEADER.format(lang="es", plural="nplurals=2; plural=(n != 1);") + (
        'msgid "Linked from"\nmsgstr "Enlazada desde<script>alert(1)</script>"\n\n'
        'msgid "Every question has an accepted answer."\nmsgstr "<b>Todas</b> tienen respuesta."\n\n'
        'msgid "Maintainers: %(people)s"\nmsgstr "Responsables: %(people)s"\n'
    )
    changes = {"community.yml": BASE["community.yml"] + "language: es\n", OWN_PO.format("es"): bad}
    root = write_community(tmp_path / "community", changes)
    found = sorted((d.line, d.message) for d in load_community(root).diagnostics if d.rule == "RP022")
    assert [line for line, _ in found] == [6, 9], found
    assert "<script>" in found[0][1] and "<b>" in found[1][1]
    # The page shows the package's translation instead, never the markup.
    spoken = language(root, "es")
    assert spoken.gettext("Linked from") == "Enlazada desde"
    assert spoken.gettext("Maintainers: %(people)s") == "Responsables: %(people)s"
