"""Every rule teaches: it says why it exists, and its examples really trip it and really fix it."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import click
import pytest

from rallypoint.catalogue import FAMILIES, RULES, example_file
from rallypoint.model.community import load_community
from rallypoint.output import explain_rule, rules_reference

REPO = Path(__file__).resolve().parent.parent

NOT_FILES = {
    "RP001": "the smallest bad example is a file over 256 KiB; test_hostile.py checks the cap",
    "RP014": "the bad example is a symbolic link, not a file's content; test_hostile.py places one",
    "RP015": "the bad example is a git submodule, not a file's content",
    "RP021": "the bad example is a file the operating system refuses to read, not a file's content",
    "RP304": "only a rename in git history trips it, found by build; test_redirects.py renames one",
    "RP401": "only a shallow git clone trips it, when the site is built",
    "RP402": "only the site build finds it, while rendering pages",
    "RP403": "only a site over 1 GB trips it, after the build",
    "RP501": "judged on a pull request, between two commits, by `review`",
    "RP502": "judged on a pull request, between two commits, by `review`",
    "RP503": "judged on a pull request, between two commits, by `review`",
    "RP504": "judged on a pull request, between two commits, by `review`",
    "RP505": "judged on a pull request, between two commits, by `review`",
    "RP506": "judged on a pull request, between two commits, by `review`",
    "RP507": "judged on git history, between commits, by `review` and `check`; test_forecasts.py rewrites one",
}
"""Rules whose examples cannot be placed in a community as files, and why."""

PLACED = [r for r in RULES.values() if r.id not in NOT_FILES]


def test_every_rule_says_why_and_shows_a_bad_and_a_good_example():
    for r in RULES.values():
        assert r.why.strip() and r.bad.strip() and r.good.strip(), r.id
        assert r.bad != r.good, r.id
        assert r.why.strip().endswith("."), r.id


def test_rule_ids_and_names_are_unique_and_well_formed():
    assert len({r.name for r in RULES.values()}) == len(RULES)
    for key, r in RULES.items():
        assert key == r.id and re.fullmatch(r"RP[0-6]\d\d", r.id), r.id
        assert r.id[2] in FAMILIES, r.id
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", r.name), r.id
        assert r.severity in ("error", "warning", "notice"), r.id
    assert list(RULES) == sorted(RULES), "declare the rules in the order of their ids"


def test_exemptions_name_real_rules():
    assert set(NOT_FILES) <= set(RULES)


def test_docs_rules_md_is_generated_from_the_catalogue():
    written = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert written == rules_reference() + "\n", (
        "docs/rules.md is out of date; regenerate it with "
        "`.venv/bin/rallypoint rules --format reference > docs/rules.md`"
    )


def test_the_reference_has_an_anchor_and_a_section_for_every_rule():
    reference = rules_reference()
    for r in RULES.values():
        assert f"[{r.id}](#{r.id.lower()})" in reference
        assert f"\n### {r.id}\n" in reference
    assert reference.count("\n### ") == len(RULES)


def test_an_explanation_holds_the_whole_rule():
    r = RULES["RP104"]
    text = click.unstyle(explain_rule(r))
    assert text.startswith("RP104 quote-value")
    words = " ".join(text.split())  # prose is wrapped to the terminal's width
    for part in (r.summary, f"Why: {r.why}", f"How to fix: {r.fix}"):
        assert " ".join(part.split()) in words
    bad, good = text.index("\nBad:\n"), text.index("\nGood:\n")
    assert text[bad:good].strip("\n").splitlines()[1:] == [f"    {line}" for line in r.bad.splitlines()]
    assert f"    {r.good.splitlines()[-1]}" in text[good:]


def _valid_file(path: str) -> bytes:
    """Content that is right for ``path``, for examples where only the file's name matters."""
    if path.startswith("contributors/"):
        return b"name: Carol Diaz\n"
    if path.startswith("purposes/"):
        return (
            b"---\ntitle: A purpose\nsummary: Why it exists.\nmaintainers: [alice]\n"
            b"started: 2026-04-01\n---\nThe charter.\n"
        )
    return b"---\ntitle: Replacing a fan belt\nkind: article\nauthors: [alice]\ndate: 2026-03-05\n---\nUnplug it.\n"


@pytest.mark.parametrize("rule", PLACED, ids=lambda r: r.id)
def test_the_bad_example_trips_its_rule_and_the_good_one_is_clean(community, rule):
    bad, good = example_file(rule.bad), example_file(rule.good)
    assert bad and good, f"{rule.id}: each example must start with a `# <path>` line naming its file"
    names_only = not bad[1] and not good[1]

    root = community({bad[0]: _valid_file(bad[0]) if names_only else bad[1]})
    found = load_community(root).diagnostics
    assert rule.id in {x.rule for x in found}, f"{rule.id}'s bad example does not trip it: {found}"

    shutil.rmtree(root)
    root = community({good[0]: _valid_file(good[0]) if names_only else good[1]})
    found = load_community(root).diagnostics
    assert not found, f"{rule.id}'s good example is not clean: {found}"
