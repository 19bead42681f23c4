"""Every rule has a case that trips it, asserting the rule id, the line and the column."""

from __future__ import annotations

import json
import os

import pytest
from bs4 import BeautifulSoup

from conftest import BASE
from rallypoint.catalogue import RULES
from rallypoint.model.community import load_community
from rallypoint.site.render import Renderer

DRAIN = BASE["content/repair/drain-pump.md"]
ANSWER = BASE["content/repair/noisy-answer.md"]
BOB = BASE["contributors/bob.yml"]


def fm(*lines: str, body: str = "Text.\n") -> str:
    return "---\n" + "".join(line + "\n" for line in lines) + "---\n" + body


ARTICLE = ("title: T", "kind: article", "authors: [alice]", "date: 2026-03-01")

# (rule, {path: content}, expected path, line, column, text the message must contain)
CASES = [
    ("RP001", {"content/repair/big.md": fm(*ARTICLE, body="x" * 300_000)}, "content/repair/big.md", 1, 1, "262,144"),
    (
        "RP002",
        {"content/repair/bad.md": b"---\ntitle: ok\nkind: \xffarticle\n---\n"},
        "content/repair/bad.md",
        3,
        7,
        "UTF-8",
    ),
    ("RP003", {"content/repair/nul.md": b"---\ntitle: a\x00b\n---\n"}, "content/repair/nul.md", 2, 9, "NUL"),
    ("RP004", {"content/repair/plain.md": "# Just a heading\n"}, "content/repair/plain.md", 1, 1, "---"),
    (
        "RP005",
        {"content/repair/open.md": "---\ntitle: x\nkind: note\n"},
        "content/repair/open.md",
        1,
        1,
        "never closed",
    ),
    (
        "RP006",
        {"content/repair/syntax.md": fm("title: [unclosed", "kind: article")},
        "content/repair/syntax.md",
        2,
        8,
        "the `[` opened here is never closed",
    ),
    (
        "RP006",
        {"content/repair/colon.md": fm("title: Fix: the pump", "kind: article")},
        "content/repair/colon.md",
        2,
        11,
        'put the value in quotes: `title: "Fix: the pump"`',
    ),
    (
        "RP006",
        {"content/repair/tab.md": fm("title: T", "\tkind: article")},
        "content/repair/tab.md",
        3,
        1,
        "YAML indents with spaces only",
    ),
    (
        "RP006",
        {"content/repair/quote.md": fm('title: "Half a title', "kind: article")},
        "content/repair/quote.md",
        2,
        8,
        'never closed; end the value with " on the same line: `title: "Half a title"`',
    ),
    ("RP007", {"content/repair/list.md": fm("- a", "- b")}, "content/repair/list.md", 2, 1, "a list"),
    ("RP007", {"content/repair/empty-fm.md": "---\n---\nBody only.\n"}, "content/repair/empty-fm.md", 2, 1, "empty"),
    (
        "RP008",
        {"content/repair/dup.md": fm(*ARTICLE, "title: Again")},
        "content/repair/dup.md",
        6,
        1,
        "first at line 2",
    ),
    (
        "RP009",
        {
            "content/repair/anchor.md": fm(
                "title: &t T", "kind: article", "authors: [alice]", "date: 2026-03-01", "summary: *t"
            )
        },
        "content/repair/anchor.md",
        2,
        8,
        "&t",
    ),
    (
        "RP009",
        {
            "content/repair/alias.md": fm(
                "title: &t T", "kind: article", "authors: [alice]", "date: 2026-03-01", "summary: *t"
            )
        },
        "content/repair/alias.md",
        6,
        10,
        "*t",
    ),
    (
        "RP010",
        {"content/repair/tag.md": fm("title: !!python/object:os.system x", *ARTICLE[1:])},
        "content/repair/tag.md",
        2,
        8,
        "python/object",
    ),
    (
        "RP011",
        {"content/repair/bidi.md": fm("title: abc\u202edef", *ARTICLE[1:])},
        "content/repair/bidi.md",
        2,
        11,
        "U+202E",
    ),
    ("RP012", {"content/repair/a\u2066b.md": fm(*ARTICLE)}, "content/repair/a\u2066b.md", 1, 1, "bidirectional"),
    ("RP013", {"content/repair/DRAIN-PUMP.md": DRAIN}, "content/repair/drain-pump.md", 1, 1, "DRAIN-PUMP.md"),
    (
        "RP015",
        {"content/repair/vendored/.git": "gitdir: ../../.git/modules/x\n"},
        "content/repair/vendored",
        1,
        1,
        "submodule",
    ),
    (
        "RP015",
        {
            ".gitmodules": '[submodule "x"]\n\tpath = content/repair/x\n\turl = ../x\n',
            "content/repair/x/README.md": "hi",
        },
        "content/repair/x",
        1,
        1,
        "submodule",
    ),
    ("RP016", {"content/repair/page.html": "<script>alert(1)</script>"}, "content/repair/page.html", 1, 1, ".html"),
    ("RP016", {"content/repair/logo.svg": "<svg/>"}, "content/repair/logo.svg", 1, 1, ".svg"),
    ("RP016", {"contributors/carol.yaml": "name: Carol\n"}, "contributors/carol.yaml", 1, 1, "carol.yml"),
    (
        "RP017",
        {"purposes/fan-belt.md": fm(*ARTICLE)},
        "purposes/fan-belt.md",
        3,
        1,
        "this is a contribution (`kind: article`), not a charter",
    ),
    (
        "RP017",
        {"content/repair/gardens.md": fm("title: G", "summary: S", "maintainers: [alice]", "started: 2026-01-01")},
        "content/repair/gardens.md",
        4,
        1,
        "move it to purposes/gardens.md",
    ),
    ("RP017", {"content/stray.md": fm(*ARTICLE)}, "content/stray.md", 1, 1, "content/<purpose-id>/<slug>.md"),
    ("RP017", {"content/repair/deep/page.md": fm(*ARTICLE)}, "content/repair/deep/page.md", 1, 1, "directly"),
    ("RP018", {"content/repair/Bad_Name.md": fm(*ARTICLE)}, "content/repair/Bad_Name.md", 1, 1, "bad-name.md"),
    ("RP019", {"content/repair/empty.md": ""}, "content/repair/empty.md", 1, 1, "empty"),
    (
        "RP020",
        {"content/repair/deep.md": fm("title: " + "[" * 12 + "x" + "]" * 12)},
        "content/repair/deep.md",
        2,
        15,
        "nested",
    ),
    ("RP101", {"content/repair/typo.md": fm(*ARTICLE, "titel: x")}, "content/repair/typo.md", 6, 1, "`title`"),
    (
        "RP101",
        {"content/repair/zwkey.md": fm(*ARTICLE, "\u200bsummary: x")},
        "content/repair/zwkey.md",
        6,
        1,
        "`\\u200bsummary` (did you mean `summary`?) (it holds the invisible character U+200B",
    ),
    (
        "RP102",
        {"content/repair/noauthor.md": fm("title: T", "kind: article", "date: 2026-03-01")},
        "content/repair/noauthor.md",
        2,
        1,
        "`authors`",
    ),
    ("RP102", {"content/repair/blank.md": fm("title:", *ARTICLE[1:])}, "content/repair/blank.md", 2, 7, "empty"),
    ("RP103", {"content/repair/shape.md": fm(*ARTICLE, "tags: pumps")}, "content/repair/shape.md", 6, 7, "[pumps]"),
    ("RP104", {"content/repair/norway.md": fm(*ARTICLE, "summary: no")}, "content/repair/norway.md", 6, 10, '"no"'),
    ("RP104", {"content/repair/octal.md": fm(*ARTICLE, "tags: [0755]")}, "content/repair/octal.md", 6, 8, '"0755"'),
    ("RP104", {"content/repair/sexa.md": fm("title: 1:20", *ARTICLE[1:])}, "content/repair/sexa.md", 2, 8, '"1:20"'),
    ("RP104", {"content/repair/onkey.md": fm(*ARTICLE, "on: x")}, "content/repair/onkey.md", 6, 1, "key `on`"),
    (
        "RP105",
        {"content/repair/upper.md": fm("title: T", "kind: article", "authors: [Alice]", "date: 2026-03-01")},
        "content/repair/upper.md",
        4,
        11,
        "`alice`",
    ),
    (
        "RP106",
        {"content/repair/badtag.md": fm(*ARTICLE, "tags: [pumps, Bad_Tag]")},
        "content/repair/badtag.md",
        6,
        15,
        "`bad-tag`",
    ),
    (
        "RP107",
        {"content/repair/many.md": fm(*ARTICLE, "tags: [" + ", ".join(f"t{i}" for i in range(12)) + "]")},
        "content/repair/many.md",
        6,
        48,
        "at most 10",
    ),
    (
        "RP108",
        {"content/repair/feb.md": fm("title: T", "kind: article", "authors: [alice]", "date: 2026-02-30")},
        "content/repair/feb.md",
        5,
        7,
        "YYYY-MM-DD",
    ),
    (
        "RP108",
        {"content/repair/words.md": fm("title: T", "kind: article", "authors: [alice]", "date: March 1st")},
        "content/repair/words.md",
        5,
        7,
        "YYYY-MM-DD",
    ),
    (
        "RP109",
        {"content/repair/kind.md": fm("title: T", "kind: artcle", "authors: [alice]", "date: 2026-03-01")},
        "content/repair/kind.md",
        3,
        7,
        "`article`",
    ),
    (
        "RP110",
        {
            "content/repair/link.md": fm(
                "title: T", "kind: bookmark", "authors: [alice]", "date: 2026-03-01", "url: ftp://example.org/x"
            )
        },
        "content/repair/link.md",
        6,
        6,
        "https://",
    ),
    (
        "RP111",
        {"contributors/carol.yml": 'name: Carol\nemails: ["Carol <carol@example.org>"]\n'},
        "contributors/carol.yml",
        2,
        10,
        "email git could record",
    ),
    (
        "RP112",
        {"content/repair/twice.md": fm("title: T", "kind: article", "authors: [alice, alice]", "date: 2026-03-01")},
        "content/repair/twice.md",
        4,
        18,
        "twice",
    ),
    (
        "RP113",
        {"content/repair/other.md": fm(*ARTICLE, "url: https://example.org")},
        "content/repair/other.md",
        6,
        1,
        "bookmark",
    ),
    (
        "RP114",
        {
            "purposes/garden.md": fm(
                "title: G",
                "summary: S",
                "maintainers: [alice]",
                "started: 2026-01-01",
                "goals:",
                "  - id: beds",
                "    title: Beds",
                "    target: {count: 0}",
            )
        },
        "purposes/garden.md",
        9,
        21,
        "above zero",
    ),
    (
        "RP114",
        {
            "purposes/garden.md": fm(
                "title: G",
                "summary: S",
                "maintainers: [alice]",
                "started: 2026-01-01",
                "goals:",
                "  - id: beds",
                "    title: Beds",
                "    target: {count: '5'}",
            )
        },
        "purposes/garden.md",
        9,
        21,
        "without quotes",
    ),
    (
        "RP115",
        {"content/repair/lines.md": fm('title: "two\\nlines"', *ARTICLE[1:])},
        "content/repair/lines.md",
        2,
        8,
        "one line",
    ),
    (
        "RP116",
        {"contributors/carol.yml": "name: \u0391lice Martin\n"},
        "contributors/carol.yml",
        1,
        7,
        "Greek and Latin",
    ),
    (
        "RP116",
        {"content/repair/zw.md": fm("title: Drain\u200bpump", *ARTICLE[1:])},
        "content/repair/zw.md",
        2,
        13,
        "U+200B (ZERO WIDTH SPACE) between `Drain` and `pump`",
    ),
    (
        "RP116",
        {"contributors/carol.yml": "name: Yamada \u5c71\u7530Taro \u0410lice\n"},
        "contributors/carol.yml",
        1,
        7,
        "Cyrillic and Latin letters in `\u0410lice`",
    ),
    (
        "RP117",
        {"content/repair/zw.md": fm(*ARTICLE, "summary: pasted\u200b from the web")},
        "content/repair/zw.md",
        6,
        16,
        "U+200B (ZERO WIDTH SPACE) between `pasted` and ` from the we`",
    ),
    (
        "RP117",
        {"content/repair/shy.md": fm(*ARTICLE, body="Line one.\nA soft\u00adhyphen and an\u00adother.\n")},
        "content/repair/shy.md",
        8,
        7,
        "U+00AD (SOFT HYPHEN) (2 times; this is the first) between `A soft` and `hyphen and a`",
    ),
    (
        "RP118",
        {"contributors/carol.yml": "name: Carol\nemails: [carol@example.org, carol]\n"},
        "contributors/carol.yml",
        2,
        29,
        "has no `@`",
    ),
    ("RP201", {"content/garden/beds.md": fm(*ARTICLE)}, "content/garden/beds.md", 1, 1, "purposes/garden.md"),
    (
        "RP202",
        {"content/repair/carl.md": fm("title: T", "kind: article", "authors: [alice, alic]", "date: 2026-03-01")},
        "content/repair/carl.md",
        4,
        18,
        "`alice`",
    ),
    (
        "RP202",
        {"community.yml": BASE["community.yml"].replace("[alice]", "[alice, zed]")},
        "community.yml",
        3,
        22,
        "zed",
    ),
    ("RP203", {"content/repair/goal.md": fm(*ARTICLE, "goals: [pump]")}, "content/repair/goal.md", 6, 9, "`pumps`"),
    (
        "RP204",
        {
            "purposes/garden.md": fm(
                "title: G",
                "summary: S",
                "maintainers: [alice]",
                "started: 2026-01-01",
                "goals:",
                "  - {id: beds, title: Beds}",
                "  - {id: beds, title: More beds}",
            )
        },
        "purposes/garden.md",
        8,
        10,
        "twice",
    ),
    (
        "RP204",
        {"contributors/carol.yml": "name: Carol\nemails: [Alice@example.org]\n"},
        "contributors/carol.yml",
        2,
        10,
        "alice.yml",
    ),
    ("RP204", {"contributors/carol.yml": "name: Carol\ngithub: BobNG\n"}, "contributors/carol.yml", 2, 9, "bob.yml"),
    ("RP205", {"content/cafes/guide.md": fm(*ARTICLE)}, "content/cafes/guide.md", 3, 7, "post, note"),
    (
        "RP206",
        {"content/repair/orphan.md": ANSWER.replace("answers: why-noisy", "answers: why-nosy")},
        "content/repair/orphan.md",
        6,
        10,
        "`why-noisy`",
    ),
    (
        "RP206",
        {"content/repair/not-q.md": ANSWER.replace("answers: why-noisy", "answers: drain-pump")},
        "content/repair/not-q.md",
        6,
        10,
        "an article",
    ),
    (
        "RP207",
        {
            "purposes/cafes.md": BASE["purposes/cafes.md"].replace("accepts: [post, note]\n", ""),
            "content/cafes/when.md": fm("title: When?", "kind: question", "authors: [bob]", "date: 2026-03-01"),
            "content/repair/at-six.md": ANSWER.replace("answers: why-noisy", "answers: when"),
        },
        "content/repair/at-six.md",
        6,
        10,
        "cafes",
    ),
    (
        "RP208",
        {
            "content/repair/why-noisy.md": BASE["content/repair/why-noisy.md"].replace(
                "accepted: noisy-answer", "accepted: drain-pump"
            )
        },
        "content/repair/why-noisy.md",
        6,
        11,
        "noisy-answer",
    ),
    (
        "RP209",
        {
            "community.yml": BASE["community.yml"] + "  allowed: [pumps, do-it-yourself]\n",
            "content/repair/valves.md": fm(*ARTICLE, "tags: [pumps, valves]"),
        },
        "content/repair/valves.md",
        6,
        15,
        "valves",
    ),
    (
        "RP210",
        {"community.yml": BASE["community.yml"].replace("{diy: do-it-yourself}", "{diy: self, self: do-it-yourself}")},
        "community.yml",
        5,
        18,
        "itself an alias",
    ),
    ("RP211", {"purposes/tags.md": BASE["purposes/cafes.md"]}, "purposes/tags.md", 1, 1, "own sections"),
    (
        "RP301",
        {"content/repair/links.md": fm(*ARTICLE, body="See [[Drain Pump]].\n")},
        "content/repair/links.md",
        7,
        5,
        "[[drain-pump]]",
    ),
    (
        "RP301",
        {"content/repair/links.md": fm(*ARTICLE, body="\nSee [[drain-pump|]].\n")},
        "content/repair/links.md",
        8,
        5,
        "empty",
    ),
    (
        "RP302",
        {
            "content/cafes/drain-pump.md": fm(
                "title: Pumps at the café", "kind: post", "authors: [bob]", "date: 2026-03-01"
            )
        },
        "purposes/repair.md",
        12,
        20,
        "[[cafes/drain-pump]]",
    ),
    (
        "RP303",
        {"content/repair/wants.md": fm(*ARTICLE, body="See [[fridge-seals]] and [[cafes/tools]].\n")},
        "content/repair/wants.md",
        7,
        5,
        "not written yet",
    ),
    ("RP601", {"community.yml": BASE["community.yml"] + 'requires: "<0.1"\n'}, "community.yml", 6, 11, "requires"),
    (
        "RP404",
        {"community.yml": BASE["community.yml"] + "build: {engine: zensical, shards: 3}\n"},
        "community.yml",
        6,
        35,
        "needs the material engine",
    ),
    (
        "RP602",
        {"community.yml": BASE["community.yml"] + "requires: 0.3\n"},
        "community.yml",
        6,
        11,
        'requires: ">=0.3"',
    ),
]


@pytest.mark.parametrize(
    "rule, changes, path, line, column, text", CASES, ids=[f"{c[0]}-{list(c[1])[-1]}" for c in CASES]
)
def test_rule_trips(community, rule, changes, path, line, column, text):
    root = community(changes)
    result = load_community(root)
    found = [x for x in result.diagnostics if x.rule == rule and x.path == path]
    assert found, f"{rule} not reported for {path}; got {result.diagnostics}"
    here = [x for x in found if (x.line, x.column) == (line, column)]
    assert here, f"{rule} at {[(x.line, x.column) for x in found]}, not at {line}:{column}"
    assert any(text in x.message for x in here), [x.message for x in here]
    assert {x.severity for x in found} == {RULES[rule].severity}


def test_base_community_is_clean(community):
    result = load_community(community())
    assert result.diagnostics == ()


def test_symlinks_are_reported_not_followed(community, tmp_path):
    root = community()
    (root / "content/repair/passwd.md").symlink_to("/etc/passwd")
    (root / "content/repair/proc").symlink_to("/proc/self")
    (root / "contributors/evil.yml").symlink_to(root / "contributors/alice.yml")
    result = load_community(root)
    symlinks = {x.path for x in result.diagnostics if x.rule == "RP014"}
    assert symlinks == {"content/repair/passwd.md", "content/repair/proc", "contributors/evil.yml"}
    assert "evil" not in result.community.contributors


def test_an_unreadable_file_is_reported_as_unreadable(community):
    """Root reads every file, so as root the check runs without the capabilities that let it."""
    import subprocess
    import sys

    root = community()
    (root / "content/repair/drain-pump.md").chmod(0)
    code = (
        "import json, sys; from rallypoint.model.community import load_community; "
        "from pathlib import Path; "
        "print(json.dumps([x.as_dict() for x in load_community(Path(sys.argv[1])).diagnostics]))"
    )
    without_root_powers = ["setpriv", "--bounding-set", "-dac_override,-dac_read_search"] if os.geteuid() == 0 else []
    done = subprocess.run(
        [*without_root_powers, sys.executable, "-c", code, str(root)], capture_output=True, text=True, check=True
    )
    found = [x for x in json.loads(done.stdout) if x["path"] == "content/repair/drain-pump.md"]
    assert [(x["rule"], x["line"], x["column"]) for x in found] == [("RP021", 1, 1)]
    assert "Permission denied" in found[0]["message"]


def test_every_rule_has_a_case():
    # RP014 and RP021 are tested above, RP401 in test_site.py, RP402 in test_hostile.py,
    # RP501-RP504 in test_review.py, RP304 in test_redirects.py.
    tested = {case[0] for case in CASES} | {"RP014", "RP021", "RP401", "RP402", "RP501", "RP502", "RP503", "RP504"}
    tested |= {"RP304"}
    tested |= {"RP403"}  # in test_site.py
    tested |= {"RP505", "RP506"}  # in test_social.py
    tested |= {"RP119", "RP212", "RP213", "RP214", "RP507"}  # in test_forecasts.py
    tested |= {"RP022"}  # in test_i18n.py
    assert tested == set(RULES)


def test_crlf_and_bom_are_fine(community):
    root = community({"content/repair/windows.md": "\ufeff" + fm(*ARTICLE).replace("\n", "\r\n")})
    result = load_community(root)
    assert result.diagnostics == ()
    assert result.community.contributions["repair/windows"].title == "T"


def test_all_problems_in_one_run(community):
    root = community(
        {
            "content/repair/one.md": fm(*ARTICLE, "summary: yes"),
            "content/repair/two.md": fm("title: T", "kind: article", "authors: [nobody]", "date: 2026-03-01"),
            "contributors/bad.yml": "name: [not, text]\n",
        }
    )
    rules = {(x.path, x.rule) for x in load_community(root).diagnostics}
    assert rules == {
        ("content/repair/one.md", "RP104"),
        ("content/repair/two.md", "RP202"),
        ("contributors/bad.yml", "RP103"),
    }


def test_tag_aliases_are_applied(community):
    c = load_community(community()).community
    assert c.contributions["repair/drain-pump"].tags == ("pumps", "do-it-yourself")


def test_wikilinks_in_code_are_not_links(community):
    body = "`[[nowhere]]` and ``[[ nor `here` ]]``\n\n```\n[[not-a-link]]\n```\n~~~~\n[[Nope]]\n~~~~\n"
    result = load_community(community({"content/repair/code.md": fm(*ARTICLE, body=body)}))
    assert result.diagnostics == ()


def test_code_in_quotes_and_lists_and_links_with_bracketed_text_are_not_wikilinks(community):
    """Found in rust-lang/rfcs: TOML's ``[[package]]`` in a fence inside a quote, and
    ``[[1]](https://…)`` (and its translations, ``[[全文]](…)``), which GitHub shows as a link
    reading "[1]", were wanted pages or malformed links, and failed the import's check."""
    body = (
        "> ```toml\n> [[package]]\n> ```\n\n- item\n\n    ```\n    [[Nope Either]]\n    ```\n\n"
        "Euclidean[[1]](https://example.org/paper) and [[全文]](https://example.org/ja).\n\n"
        "But [[drain-pump]][^1] is one, and [[missing-page]] is wanted.\n\n[^1]: A note.\n"
    )
    result = load_community(community({"content/repair/code.md": fm(*ARTICLE, body=body)}))
    assert [(x.rule, x.message.split()[0]) for x in result.diagnostics] == [("RP303", "[[missing-page]]")]


def test_wikilinks_are_found_where_the_page_shows_them(community):
    """As the renderer reads the body: a MyST admonition's body is Markdown (other directives are
    code), and a fence in an indented code block that nothing closes opens no code."""
    body = (
        "```{note}\nSee [[in-a-note]].\n```\n\n:::{admonition} About [[in-a-title]]\nText.\n:::\n\n"
        "```{figure} x.png\n[[in-a-figure]]\n```\n\nCode:\n\n    ```python\n    x = 1\n\n"
        "After it, [[after-code]].\n"
    )
    result = load_community(community({"content/repair/code.md": fm(*ARTICLE, body=body)}))
    wanted = [x.message.split()[0] for x in result.diagnostics if x.rule == "RP303"]
    assert wanted == ["[[in-a-note]]", "[[in-a-title]]", "[[after-code]]"]
    html = Renderer().render(body, lambda link: ("../x/", link.slug, False))
    shown = [a.get_text() for a in BeautifulSoup(html, "html.parser").find_all("a", class_="rp-wikilink")]
    assert shown == ["in-a-note", "in-a-title", "after-code"]


def test_bare_dates_and_quoted_dates_mean_the_same(community):
    root = community(
        {"content/repair/quoted.md": fm("title: T", "kind: note", "authors: [alice]", "date: '2026-03-01'")}
    )
    c = load_community(root).community
    assert c.contributions["repair/quoted"].date == c.contributions["repair/drain-pump"].date == "2026-03-01"


@pytest.mark.parametrize(
    "changes",
    [
        {"purposes/fan-belt.md": fm(*ARTICLE, "tags: [pumps]")},
        {"content/repair/gardens.md": fm("title: G", "summary: S", "maintainers: [alice]", "started: 2026-01-01")},
    ],
)
def test_a_file_in_the_other_folder_gets_one_diagnostic_not_six(community, changes):
    (path,) = changes
    result = load_community(community(changes))
    assert [x.rule for x in result.diagnostics if x.path == path] == ["RP017"]
