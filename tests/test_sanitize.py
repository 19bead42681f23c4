"""Hostile contributions build into harmless pages: no script, handler or dangerous URL survives."""

from __future__ import annotations

import json
import re

from bs4 import BeautifulSoup

from rallypoint.model.wikilinks import MYST_ADMONITIONS
from rallypoint.site.build import build_site
from rallypoint.site.render import ADMONITIONS, Renderer, sanitize

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    '<iframe src="https://evil.example"></iframe>',
    "<svg><script>alert(1)</script></svg>",
    '<svg onload="alert(1)"></svg>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">mixed case</a>',
    '<a href="java\tscript:alert(1)">tab</a>',
    '<a href="&#106;avascript:alert(1)">entity</a>',
    '<a href="vbscript:msgbox(1)">vb</a>',
    '<a href="data:text/html,<script>alert(1)</script>">data</a>',
    "[md link](javascript:alert(1))",
    "[md data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![img](javascript:alert(1))",
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">styled</p>',
    "<object data=x></object><embed src=x>",
    '<form action="https://evil.example"><input name=x></form>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<details open ontoggle="alert(1)"><summary>x</summary></details>',
    'Paragraph\n{: onclick="alert(1)" }',
    '<a href="https://example.org" target="_blank">external</a>',
]
HOSTILE_TITLE = '<img src=x onerror=alert(1)>"Title</title><script>alert(1)</script>'

SAFE_SCHEMES = ("http:", "https:", "mailto:")


def test_sanitize_drops_everything_dangerous():
    out = sanitize("\n".join(PAYLOADS))
    doc = BeautifulSoup(out, "html.parser")
    assert not doc.find(["script", "iframe", "object", "embed", "form", "input", "style", "svg", "math"])
    for tag in doc.find_all(True):
        for attr, value in tag.attrs.items():
            assert not attr.startswith("on"), (tag, attr)
            assert attr != "style"
            if attr in ("href", "src"):
                assert not re.match(r"^\s*[a-z][a-z0-9+.-]*:", value, re.I) or value.startswith(SAFE_SCHEMES), value


def test_external_links_get_nofollow_noopener():
    doc = BeautifulSoup(sanitize('<a href="https://example.org">x</a> <a href="../local/">y</a>'), "html.parser")
    external, local = doc.find_all("a")
    assert external["rel"] == ["nofollow", "noopener"]
    assert "rel" not in local.attrs


def test_markdown_urls_are_rewritten_for_the_page_and_kept_inside():
    html = Renderer().render(
        "![a](photo.png) ![b](../../../etc/passwd.png) ![c](/etc/x.png) [d](other-page.md)",
        lambda link: ("", "", False),
    )
    doc = BeautifulSoup(html, "html.parser")
    assert [img.get("src") for img in doc.find_all("img")] == ["../photo.png", None, None]
    assert doc.find("a")["href"] == "../other-page/"


def test_myst_labels_and_the_title_again_are_not_shown():
    """Imported Jupyter Book pages open with ``(label)=`` and ``# Their title``: the page shows
    its title already, and a label reads as noise. Code keeps both, and other headings stay."""
    body = (
        "(ch-ack)=\n# Acknowledging Contributors\n\nWe thank everyone.\n\n(ch-how)=\n## How\n\n"
        "```\n(in-code)=\n# Acknowledging Contributors\n```\n"
    )
    render = Renderer().render
    doc = BeautifulSoup(render(body, lambda link: ("", "", False), title="Acknowledging Contributors"), "html.parser")
    assert not doc.find("h1") and doc.find("h2").get_text() == "How"
    assert "(ch-ack)=" not in doc.get_text() and "(ch-how)=" not in doc.get_text()
    assert doc.find("code").get_text() == "(in-code)=\n# Acknowledging Contributors\n"
    setext = render(
        "Acknowledging Contributors\n===\n\nText.\n", lambda link: ("", "", False), title="Acknowledging Contributors"
    )
    assert BeautifulSoup(setext, "html.parser").get_text().strip() == "Text."
    other = BeautifulSoup(render(body, lambda link: ("", "", False), title="Another title"), "html.parser")
    assert other.find("h1").get_text() == "Acknowledging Contributors"  # a heading that is not the title stays


def test_myst_directives_show_as_written_in_a_code_block():
    """A ``---`` in a directive's options once made the line above it a heading."""
    body = (
        "Intro.\n\n```{figure} ../figures/x.jpg\n---\nheight: 400px\n---\nA caption.\n```\n\n"
        "````markdown\n```{note}\nan example\n```\n````\n\n:::{glossary}\nterm\n:::\n\n:::not one\n\nAfter.\n"
    )
    doc = BeautifulSoup(Renderer().render(body, lambda link: ("", "", False)), "html.parser")
    assert not doc.find(["h1", "h2"])
    figure, example, glossary = (pre.get_text() for pre in doc.find_all("pre"))
    assert figure == "{figure} ../figures/x.jpg\n---\nheight: 400px\n---\nA caption.\n"
    assert example == "```{note}\nan example\n```\n"  # inside another code block: as it is
    assert glossary == "{glossary}\nterm\n"  # a colon fence too
    assert [p.get_text() for p in doc.find_all("p")] == ["Intro.", ":::not one", "After."]


def test_myst_admonitions_are_admonitions():
    """Jupyter Book shows ``{note}``, ``{attention}`` and ``{admonition}`` as boxes: so does a page,
    with their options left out, directives inside them read too, and code inside them as code."""
    body = (
        "```{note}\nA note with **bold**.\n```\n\n"
        ":::{admonition} Read <script>alert(1)</script>this first\n:class: tip\nSome tip:\n\n"
        "```python\nx = '<script>'\n```\n\n```{attention}\nNested.\n```\n:::\n\n"
        "```{warning}\n---\nname: w\n---\nCareful.\n```\n\n"
        "```{important} On the fence.\n```\n"
    )
    doc = BeautifulSoup(Renderer().render(body, lambda link: ("", "", False)), "html.parser")
    boxes = doc.find_all("div", class_="admonition")
    assert _boxes(doc) == [
        ("note", "Note"),
        ("tip", "Read this first"),
        ("warning", "Attention"),
        ("warning", "Warning"),
        ("info", "Important"),
    ]
    note, tip, nested, warning, important = boxes
    assert note.find("strong").get_text() == "bold"
    assert tip.find("code").get_text() == "x = '<script>'\n" and nested in tip.find_all("div")
    assert not doc.find("script")
    assert [p.get_text() for p in warning.find_all("p")][1:] == ["Careful."]
    assert important.find_all("p")[1].get_text() == "On the fence."
    assert not doc.find("pre", string=lambda text: text and "{" in text)
    assert set(ADMONITIONS) | {"admonition"} == MYST_ADMONITIONS  # what the wikilink finder reads as Markdown


def test_a_list_right_under_a_line_of_text_is_a_list():
    """As GitHub reads it; Python-Markdown alone ran the items into the paragraph."""
    render = Renderer().render
    doc = BeautifulSoup(render("Aspects:\n- who\n- how\n", lambda link: ("", "", False)), "html.parser")
    assert doc.find("p").get_text() == "Aspects:" and [li.get_text() for li in doc.find_all("li")] == ["who", "how"]
    lazy = BeautifulSoup(render("- item\nlazy more\n- next\n", lambda link: ("", "", False)), "html.parser")
    assert [li.get_text() for li in lazy.find_all("li")] == ["item\nlazy more", "next"]  # a list's own line stays in it
    code = BeautifulSoup(render("```\ntext\n- x\n```\n", lambda link: ("", "", False)), "html.parser")
    assert code.find("code").get_text() == "text\n- x\n"


def test_bare_urls_are_links_as_on_github():
    """rust-lang/rfcs writes "see: https://internals.rust-lang.org/t/…/5952." and showed it as text."""
    body = (
        "See https://example.org/t/5952. And https://en.wikipedia.org/wiki/Foo_(bar), (https://a.org/x_y_z).\n\n"
        "[https://x.org](https://x.org) `https://code.org` <https://auto.org> https:// "
        "https://w.org[[page]] javascript://x.org <a href='https://r.org'>https://r.org</a>\n"
    )
    doc = BeautifulSoup(Renderer().render(body, lambda link: ("../page/", "Page", True)), "html.parser")
    assert [(a["href"], a.get_text()) for a in doc.find_all("a")] == [
        ("https://example.org/t/5952", "https://example.org/t/5952"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("https://a.org/x_y_z", "https://a.org/x_y_z"),
        ("https://x.org", "https://x.org"),
        ("https://auto.org", "https://auto.org"),
        ("https://w.org", "https://w.org"),
        ("../page/", "Page"),
        ("https://r.org", "https://r.org"),
    ]
    assert doc.find("code").get_text() == "https://code.org" and not doc.find("em")
    assert all(a.get("rel") == ["nofollow", "noopener"] for a in doc.find_all("a") if a["href"].startswith("https"))


def test_markdown_inside_html_marked_markdown_1_is_rendered():
    """opensource.guide (Jekyll, kramdown) quotes people in ``<aside markdown="1">`` blocks whose
    links showed as ``[@errietta](https://…)``. Without the attribute, HTML stays as it is."""
    body = (
        '<aside markdown="1" class="pquote">\n  Said [@errietta](https://github.com/errietta), *twice*.\n</aside>\n\n'
        '<div>[not](https://markdown.org)</div>\n\n<div markdown="1">\n<script>alert(1)</script> **ok**\n</div>\n'
    )
    doc = BeautifulSoup(Renderer().render(body, lambda link: ("", "", False)), "html.parser")
    assert [a["href"] for a in doc.find_all("a")] == ["https://github.com/errietta"]
    assert doc.find("em").get_text() == "twice" and doc.find("strong").get_text() == "ok"
    assert "[not](https://markdown.org)" in doc.get_text() and not doc.find("script")
    assert not doc.find(attrs={"markdown": True})


def _boxes(doc: BeautifulSoup) -> list[tuple[str, str]]:
    """Each admonition's class and title, in order."""
    return [
        (box["class"][1], box.find("p", class_="admonition-title").get_text())
        for box in doc.find_all("div", class_="admonition")
    ]


def _nesting(html: str) -> list[tuple[int, str]]:
    """Each list item's depth and its own text."""
    doc = BeautifulSoup(html, "html.parser")
    return [
        (len(li.find_parents(["ul", "ol"])), "".join(li.find_all(string=True, recursive=False)).strip())
        for li in doc.find_all("li")
    ]


def test_lists_nest_as_on_github():
    """Two spaces nest an item under a ``-`` item and three under ``1.`` (as GitHub, Prettier and
    The Turing Way write them); four still do; code in an item stays code."""
    render = Renderer().render
    two = "- a\n  - b\n    - c\n  - d\n- e\n"
    assert _nesting(render(two, lambda link: ("", "", False))) == [(1, "a"), (2, "b"), (3, "c"), (2, "d"), (1, "e")]
    four = "- a\n    - b\n- c\n"
    assert _nesting(render(four, lambda link: ("", "", False))) == [(1, "a"), (2, "b"), (1, "c")]
    ordered = "1. one\n   - sub\n2. two\n"
    assert _nesting(render(ordered, lambda link: ("", "", False))) == [(1, "one"), (2, "sub"), (1, "two")]
    code = BeautifulSoup(render("- a\n\n      code\n\nAfter.\n", lambda link: ("", "", False)), "html.parser")
    assert code.find("li").find("code").get_text() == "code\n" and code.find_all("p")[-1].get_text() == "After."
    apart = "- a\n  - b\n\nNot in the list.\n\n- c\n"
    doc = BeautifulSoup(render(apart, lambda link: ("", "", False)), "html.parser")
    assert [p.get_text() for p in doc.find_all("p")] == ["Not in the list."] and len(doc.find_all("ul")) == 3
    fenced = render("```\n- a\n  - b\n```\n", lambda link: ("", "", False))
    assert BeautifulSoup(fenced, "html.parser").find("code").get_text() == "- a\n  - b\n"


def test_pandoc_divs_of_lessons_and_quarto_are_boxes():
    """The Carpentries' lessons (swcarpentry/git-novice) and Quarto write boxes as Pandoc divs:
    ``:::::: callout`` whose first heading is the title, nested ``::: solution``,
    ``::: {.callout-warning title="…"}``. A div of another class shows its body alone."""
    body = (
        ":::::::::::::::::::: objectives\n\n- Configure `git`.\n\n::::::::::::::::::::\n\n"
        ":::::: challenge\n## Try it\nDo [[it]].\n\n::: solution\n## Answer\n42\n:::\n::::::\n\n"
        '::: {.callout-warning title="Careful"}\nHot.\n:::\n\n::: {.column width="50%"}\nLeft **side**\n:::\n\n'
        "::: callout\nnever closed\n"
    )
    doc = BeautifulSoup(Renderer().render(body, lambda link: ("../it/", "It", True)), "html.parser")
    boxes = _boxes(doc)
    assert boxes == [("info", "Objectives"), ("tip", "Try it"), ("tip", "Answer"), ("warning", "Careful")]
    challenge = doc.find_all("div", class_="admonition")[1]
    assert challenge.find("a", class_="rp-wikilink").get_text() == "It" and challenge.find("div", class_="admonition")
    assert doc.find("strong").get_text() == "side" and "::: callout\nnever closed" in doc.get_text()
    assert ":::" not in doc.get_text().replace("::: callout", "")


def test_github_alerts_and_obsidian_callouts_are_boxes():
    """GitHub shows ``> [!NOTE]`` as an alert box and Obsidian ``> [!tip]- A title`` as a callout;
    the pull request's preview is what a contributor checks against. Other quotes stay quotes."""
    body = (
        "> [!NOTE]\n> Useful **info**:\n> - a\n>   - b\n\n> [!caution]\n> Careful.\n\n"
        "> [!tip]- Fold <script>x</script>me [[x]]\n> ```py\n> y = '<b>'\n> ```\n\n> [!unknown-kind]\n> Text.\n\n"
        "> Just a quote.\n\n```\n> [!NOTE]\n> in code\n```\n"
    )
    doc = BeautifulSoup(Renderer().render(body, lambda link: ("../x/", "X", True)), "html.parser")
    boxes = _boxes(doc)
    assert boxes == [("note", "Note"), ("warning", "Caution"), ("tip", "Fold me X"), ("note", "Unknown kind")]
    note, _, tip, _ = doc.find_all("div", class_="admonition")
    assert [depth for depth, _ in _nesting(str(note))] == [1, 2] and note.find("strong")
    assert tip.find("code").get_text() == "y = '<b>'\n" and not doc.find("script") and not doc.find("b")
    assert doc.find("blockquote").get_text(strip=True) == "Just a quote."
    assert doc.find_all("code")[-1].get_text() == "> [!NOTE]\n> in code\n"


def test_boxes_leave_code_lists_html_and_prose_alone():
    """Found by review: ``:::`` inside a div's code closed the div; an alert in a list item and
    one in raw HTML were boxes (GitHub makes neither); colons in prose vanished; a title lost
    its ``#``."""
    render = Renderer().render
    coded = BeautifulSoup(
        render("::: callout\n```\n:::\nx\n:::\n```\n\n[[b]]\n:::\n", lambda link: ("../b/", "B", True)), "html.parser"
    )
    box = coded.find("div", class_="admonition")
    assert box.find("code").get_text() == ":::\nx\n:::\n" and box.find("a", class_="rp-wikilink")
    listed = BeautifulSoup(
        render("1. one\n\n   > [!NOTE]\n   > x\n\n2. two\n", lambda link: ("", "", False)), "html.parser"
    )
    assert not listed.find("div", class_="admonition") and len(listed.find("ol").find_all("li", recursive=False)) == 2
    raw = BeautifulSoup(render("<pre>\n> [!NOTE]\n> x\n</pre>\n", lambda link: ("", "", False)), "html.parser")
    assert raw.find("pre").get_text() == "> [!NOTE]\n> x\n"
    prose = BeautifulSoup(render("Intro\n::: warning\nbody\n:::\n", lambda link: ("", "", False)), "html.parser")
    assert prose.get_text().strip() == "Intro\n::: warning\nbody\n:::"
    titled = BeautifulSoup(
        render("::: challenge\n## Exercise in C#\nDo.\n:::\n", lambda link: ("", "", False)), "html.parser"
    )
    assert titled.find("p", class_="admonition-title").get_text() == "Exercise in C#"


def test_what_nesting_lists_must_leave_alone():
    """Indented code keeps every space; lists nested under an admonition, a footnote or a MyST
    note nest; a quote in an item stays a quote; very deep lists render (at most 16 levels below the first)."""
    render = Renderer().render
    yaml = "A workflow:\n\n    steps:\n      - name: build\n        run: make\n"
    code = BeautifulSoup(render(yaml, lambda link: ("", "", False)), "html.parser").find("code")
    assert code.get_text() == "steps:\n  - name: build\n    run: make\n"
    for body in (
        "!!! note\n    - a\n        - b\n",
        "Text[^1].\n\n[^1]:\n    - a\n        - b\n",
        "```{note}\n- a\n  - b\n```\n",
    ):
        depth = dict((text, level) for level, text in _nesting(render(body, lambda link: ("", "", False))))
        assert depth["b"] == depth["a"] + 1, body
    quoted = BeautifulSoup(render("- a\n  > quoted in item\n", lambda link: ("", "", False)), "html.parser")
    assert quoted.find("li").find("blockquote").get_text(strip=True) == "quoted in item"
    deep = render("".join("  " * i + "- x\n" for i in range(300)), lambda link: ("", "", False))
    assert max(depth for depth, _ in _nesting(deep)) == 17 and len(_nesting(deep)) == 300  # 16 nested in the first


def test_directives_shown_as_written_stay_whole():
    """A ``:::`` directive holding a code fence, and a directive never closed, show as code."""
    render = Renderer().render
    figure = BeautifulSoup(
        render(":::{figure}\n```\n<b>x</b>\n```\n:::\n", lambda link: ("", "", False)), "html.parser"
    )
    assert figure.find("code").get_text() == "{figure}\n```\n<b>x</b>\n```\n" and not figure.find("b")
    unclosed = BeautifulSoup(render(":::{note}\n" * 500, lambda link: ("", "", False)), "html.parser")
    assert not unclosed.find("div", class_="admonition") and unclosed.find("code").get_text().count("{note}") == 500


def test_bare_urls_leave_html_and_set_aside_text_alone():
    render = Renderer().render
    span = BeautifulSoup(
        render('hi <span title="see https://a.b/c">x</span>', lambda link: ("", "", False)), "html.parser"
    )
    assert span.find("span")["title"] == "see https://a.b/c" and not span.find("a")
    noted = BeautifulSoup(
        render("see https://a.b/c:[^1]\n\n[^1]: A note.\n", lambda link: ("", "", False)), "html.parser"
    )
    assert noted.find("a")["href"] == "https://a.b/c" and noted.find("sup") and not noted.find("a").find("sup")


def test_hostile_community_builds_harmless_pages(community, tmp_path):
    body = "\n\n".join(PAYLOADS)
    root = community(
        {
            "content/repair/hostile.md": (
                "---\n"
                f"title: {json.dumps(HOSTILE_TITLE)}\n"
                "kind: bookmark\n"
                "url: https://example.org/?q=<script>\n"
                "authors: [alice]\n"
                "date: 2026-03-01\n"
                "tags: [pumps]\n"
                f"summary: {json.dumps('<script>alert(1)</script> summary')}\n"
                "---\n" + body + "\n"
            ),
            "contributors/alice.yml": f"name: {json.dumps('<b onmouseover=alert(1)>Alice</b>')}\n"
            f"bio: {json.dumps('<script>alert(1)</script>')}\n"
            "emails: [alice@example.org]\n",
        }
    )
    site = tmp_path / "site"
    result = build_site(root, site)
    assert result.site_dir, result.diagnostics
    for page in site.rglob("*.html"):
        doc = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        scripts = [s.get("src") or s.get_text() for s in doc.find_all("script")]
        assert all("alert" not in str(s) for s in scripts), page
        for tag in doc.find_all(True):
            for attr, value in tag.attrs.items():
                assert not attr.lower().startswith("on"), (page, tag.name, attr)
                if attr in ("href", "src", "action", "data", "formaction"):
                    value = value if isinstance(value, str) else " ".join(value)
                    scheme = re.match(r"^\s*([a-z][a-z0-9+.-]*):", value, re.I)
                    assert not scheme or value.startswith(SAFE_SCHEMES), (page, tag.name, attr, value)
        article = doc.select_one("article")
        if article is not None:
            assert not article.find(["script", "iframe", "object", "embed", "form", "style"]), page
            # The only SVG is the templates' own charts, with nothing but shapes and plain text inside.
            for svg in article.find_all("svg"):
                assert "rp-chart" in svg.get("class", []), (page, svg)
                inside = {tag.name for tag in svg.find_all(True)}
                assert inside <= {"title", "desc", "line", "polyline", "rect", "text"}, (page, inside)
    hostile = BeautifulSoup((site / "repair/hostile/index.html").read_text(), "html.parser")
    assert hostile.select_one("article h1").get_text() == HOSTILE_TITLE
    # Pagefind's index holds text as the page shows it: the title and summary as written, the
    # body without its tags. The search page shows it all with textContent, never as HTML
    # (tests/test_browser_search.py searches this community in a browser).
    from rallypoint.site.search import read_index

    found = read_index(site)["repair/hostile/"]
    assert found["meta"]["title"] == HOSTILE_TITLE and found["content"].startswith(HOSTILE_TITLE)
    assert not re.search(
        r"<(iframe|svg|object|embed|form|math|details|p|img src=x onerror=\"|style)\b", found["content"]
    )
    for feed in site.rglob("*.xml"):
        assert "<script" not in feed.read_text()
