"""Which characters text may hold: UTS #39's Highly Restrictive scripts, and invisible characters
that writing systems need (left alone) or that only hide something (found)."""

from __future__ import annotations

import sys
import unicodedata

import pytest

from rallypoint.model.characters import INVISIBLE, find_invisible, mixed_script_word


@pytest.mark.parametrize(
    "name",
    [
        "星梦StarsDream",  # Han + Latin
        "山田Taro",
        "김Kim",  # Hangul + Latin
        "やまだTaro山田",  # Hiragana + Han + Latin
        "ㄅㄆ王Lee",  # Bopomofo + Han + Latin
        "Ｔａｒｏ山田",  # fullwidth Latin is Latin
        "Hawaiʻi",  # a modifier letter shared by scripts
        "Mª José Łukasz Nguyễn Ærøskøbing",
        "Ιωάννης Smith",  # one script per word
    ],
)
def test_names_people_write_pass(name):
    assert mixed_script_word(name) is None


@pytest.mark.parametrize(
    "name, scripts",
    [
        ("\u0410lice", ["CYRILLIC", "LATIN"]),  # a Cyrillic А
        ("\u0391lice", ["GREEK", "LATIN"]),
        ("김山やま", ["HAN", "HANGUL", "HIRAGANA"]),  # Korean and Japanese in one word
        ("𝐀lice", ["LATIN", "MATHEMATICAL"]),
    ],
)
def test_look_alikes_are_found(name, scripts):
    assert mixed_script_word(name) == (name, scripts)


@pytest.mark.parametrize(
    "text",
    [
        "مهدی\u200cزاده",  # a Persian name: ZWNJ between Arabic letters
        "क्\u200dष",  # ZWJ after a virama
        "র\u200d্যাম",  # ZWJ before a virama: how Bengali writes র‍্য (the glossary's Bengali pages)
        "👨\u200d👩\u200d👧",  # an emoji family
        "🏳\ufe0f\u200d🌈",
        "🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f",  # the flag of Scotland
        "ؐ\u0600١٢",  # the Arabic number sign is seen
    ],
)
def test_joiners_writing_systems_need_are_not_invisible(text):
    assert list(find_invisible(text)) == []


@pytest.mark.parametrize(
    "text, found",
    [
        ("drain\u200bpump", [(5, "\u200b")]),
        ("Ali\u200dce", [(3, "\u200d")]),
        ("abc\u202edef", [(3, "\u202e")]),
        ("soft\u00adhyphen\ufeff", [(4, "\u00ad"), (11, "\ufeff")]),
        ("\U000e0067 alone", [(0, "\U000e0067")]),
    ],
)
def test_invisible_characters_are_found_where_they_are(text, found):
    assert list(find_invisible(text)) == found


def test_every_format_character_is_either_invisible_or_a_visible_sign():
    visible = {0x0600, 0x0601, 0x0602, 0x0603, 0x0604, 0x0605, 0x06DD, 0x070F, 0x0890, 0x0891, 0x08E2}
    visible |= {0x110BD, 0x110CD, *range(0x13430, 0x13440)}
    for code in range(sys.maxunicode + 1):
        if unicodedata.category(chr(code)) == "Cf":
            assert bool(INVISIBLE.fullmatch(chr(code))) != (code in visible), f"U+{code:04X}"
