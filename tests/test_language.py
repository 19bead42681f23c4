"""`language:` in community.yml: a BCP 47 tag that sets the pages' `<html lang>` and the theme's language."""

from __future__ import annotations

import re

from conftest import BASE
from rallypoint import catalogue as rp
from rallypoint.model.community import load_community
from rallypoint.site.build import build_site
from rallypoint.site.engines import theme_language


def _with_language(tag: str) -> dict[str, str]:
    return {"community.yml": BASE["community.yml"] + f"language: {tag}\n"}


def test_a_community_in_spanish_gets_spanish_pages(community, tmp_path):
    root = community(_with_language("es"))
    result = build_site(root, tmp_path / "site")
    assert result.site_dir, result.diagnostics
    for page in ("index.html", "purposes/repair/index.html", "tags/index.html"):
        html = (tmp_path / "site" / page).read_text()
        assert re.search(r'<html lang="es"', html), page
    # Material's own strings follow: its header is labelled in Spanish.
    assert 'aria-label="Cabecera"' in (tmp_path / "site/index.html").read_text()


def test_without_language_the_pages_are_english(community):
    assert load_community(community()).community.settings.language == "en"


def test_the_theme_takes_the_nearest_language_it_has():
    assert [theme_language(t) for t in ("es", "es-MX", "pt-br", "zh-Hant-TW", "ar", "tlh")] == [
        "es",
        "es",
        "pt-BR",
        "zh-Hant",
        "ar",
        "en",
    ]


def test_a_language_that_is_not_a_tag_says_where_and_what_to_write(community):
    for bad in ("english", "en_US", "e"):
        result = load_community(community(_with_language(bad)))
        found = [d for d in result.diagnostics if d.rule == rp.BAD_TEXT.id]
        assert len(found) == 1, (bad, result.diagnostics)
        assert found[0].path == "community.yml" and found[0].line == 6, found[0]
        assert "BCP 47" in found[0].message and "`pt-BR`" in found[0].message
