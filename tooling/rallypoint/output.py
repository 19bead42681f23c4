"""Diagnostics as text for people, JSON for programs, and GitHub Actions workflow commands.

Formatters return strings; styling uses click's ANSI helpers and is stripped by ``click.echo``
when the output is not a terminal.
"""

from __future__ import annotations

import json
import re
import textwrap
from collections.abc import Sequence
from itertools import groupby

import click

from .catalogue import FAMILIES, RULES, VERSION_MISMATCH, example_file
from .diagnostics import Diagnostic, Rule, count_errors

_SEVERITY_COLOUR = {"error": "red", "warning": "yellow", "notice": "cyan"}


def reading_order(x: Diagnostic) -> tuple:
    """By file and position, except that a version mismatch (RP601) comes first: it may explain the rest."""
    return (x.rule != VERSION_MISMATCH.id, x.path, x.line, x.column, x.rule)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


def summary(diagnostics: Sequence[Diagnostic], files: int) -> dict[str, int]:
    """Counts by severity; notices (wanted pages) are invitations, not problems."""
    return {
        "errors": count_errors(diagnostics),
        "warnings": sum(1 for x in diagnostics if x.severity == "warning"),
        "notices": sum(1 for x in diagnostics if x.severity == "notice"),
        "files_with_problems": len({x.path for x in diagnostics if x.severity != "notice"}),
        "files_checked": files,
    }


def as_text(diagnostics: Sequence[Diagnostic], files: int) -> str:
    """Grouped by file, columns aligned, a summary line last."""
    lines: list[str] = []
    ordered = sorted(diagnostics, key=reading_order)
    width = max((len(f"{x.line}:{x.column}") for x in ordered), default=3)
    for path, group in groupby(ordered, key=lambda x: x.path):
        lines.append(click.style(path, bold=True, underline=True))
        for x in group:
            where = f"{x.line}:{x.column}".ljust(width)
            severity = click.style(x.severity.ljust(7), fg=_SEVERITY_COLOUR[x.severity], bold=True)
            rule = click.style(x.rule, dim=True)
            lines.append(f"  {where}  {severity}  {rule}  {x.message}")
        lines.append("")
    s = summary(diagnostics, files)
    invitations = (
        click.style(f"; {_plural(s['notices'], 'notice')}", fg="cyan") + " (pages wanted: an invitation, not a problem)"
        if s["notices"]
        else ""
    )
    if not s["errors"] and not s["warnings"]:
        lines.append(
            click.style("✔ ", fg="green", bold=True) + f"{_plural(files, 'file')} checked, no problems{invitations}"
        )
    else:
        counts = [
            click.style(_plural(s["errors"], "error"), fg="red", bold=True) if s["errors"] else "",
            click.style(_plural(s["warnings"], "warning"), fg="yellow", bold=True) if s["warnings"] else "",
        ]
        mark = click.style("✖ ", fg="red", bold=True) if s["errors"] else click.style("⚠ ", fg="yellow", bold=True)
        lines.append(
            f"{mark}{' and '.join(c for c in counts if c)} in "
            f"{_plural(s['files_with_problems'], 'file')} ({_plural(files, 'file')} checked){invitations}"
        )
    return "\n".join(lines)


def as_json(diagnostics: Sequence[Diagnostic], files: int, **sections: object) -> str:
    ordered = sorted(diagnostics, key=reading_order)
    return json.dumps(
        {"diagnostics": [x.as_dict() for x in ordered], "summary": summary(diagnostics, files), **sections},
        indent=2,
        ensure_ascii=False,
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def as_github(diagnostics: Sequence[Diagnostic]) -> str:
    """GitHub Actions workflow commands: each problem becomes an annotation on the pull request."""
    out = []
    for x in sorted(diagnostics, key=reading_order):
        rule = RULES.get(x.rule)
        title = f"{x.rule} {rule.name}" if rule else x.rule
        out.append(
            f"::{x.severity} file={_escape_property(x.path)},line={x.line},col={x.column},"
            f"title={_escape_property(title)}::{_escape_data(x.message)}"
        )
    return "\n".join(out)


def _cell(text: str) -> str:
    """Text inside a Markdown table cell: a pipe would end the cell."""
    return text.replace("|", "\\|")


def rules_table(fmt: str = "text") -> str:
    """The rule catalogue as a Markdown table (for the README) or aligned text."""
    if fmt == "markdown":
        rows = ["| rule | name | severity | what it catches | how to fix |", "|---|---|---|---|---|"]
        rows += [
            f"| [{r.id}](docs/rules.md#{r.id.lower()}) | {r.name} | {r.severity} | {_cell(r.summary)} | "
            f"{_cell(r.fix)} |"
            for r in RULES.values()
        ]
        return "\n".join(rows)
    width = max(len(r.name) for r in RULES.values())
    return "\n".join(
        f"{click.style(r.id, bold=True)}  {r.name.ljust(width)}  "
        f"{click.style(r.severity.ljust(7), fg=_SEVERITY_COLOUR[r.severity])}  {r.summary}"
        for r in RULES.values()
    )


def explain_rule(rule: Rule) -> str:
    """One rule for the terminal (``rallypoint rules RP104``): what, why, an example, the fix."""

    def indented(example: str) -> str:
        return "\n".join(f"    {line}" if line else "" for line in example.splitlines())

    return "\n".join(
        [
            f"{click.style(rule.id, bold=True)} {click.style(rule.name, bold=True)}  "
            f"{click.style(rule.severity, fg=_SEVERITY_COLOUR[rule.severity], bold=True)}",
            "",
            _wrapped("", rule.summary),
            "",
            _wrapped("Why:", rule.why),
            "",
            click.style("Bad:", fg="red", bold=True),
            indented(rule.bad),
            "",
            click.style("Good:", fg="green", bold=True),
            indented(rule.good),
            "",
            _wrapped("How to fix:", rule.fix),
        ]
    )


def _wrapped(label: str, text: str) -> str:
    """``text`` filled to 88 columns after a bold ``label``, styled once wrapped so that the
    invisible ANSI codes do not count towards the width."""
    filled = textwrap.fill(f"{label} {text}".lstrip(), width=88, break_long_words=False, break_on_hyphens=False)
    return click.style(label, bold=True) + filled[len(label) :] if label else filled


_REFERENCE_INTRO = """\
Every rule that `rallypoint check`, `build` and `review` apply: what it catches, why it exists, \
an example that trips it, the same example fixed, and how to fix it. `rallypoint rules RP104` \
prints one rule in the terminal.

This page is generated by `rallypoint rules --format reference` from the rule catalogue, \
`tooling/rallypoint/catalogue.py`: change the catalogue, not this page.

An example that starts with a comment line naming a file, such as `# content/repair/fan-belt.md`, \
is that file; a comment line alone means only the file's name matters. Characters that cannot be \
seen or are not UTF-8 are written as escapes: `\\u202e` is the character U+202E, `\\xe9` the single \
byte 0xE9. The examples live in a small community with the purposes `repair` (its goal `pumps`) \
and `cafes` (it accepts posts and notes), the people `alice` and `bob` (GitHub login `bobng`), \
and the contributions `repair/drain-pump`, `repair/why-noisy` (a question), its answer \
`repair/noisy-answer`, and `cafes/first-cafe`; `tests/test_catalogue.py` checks that each bad \
example trips its rule there and each good one leaves it clean."""


def rules_reference() -> str:
    """The Markdown of ``docs/rules.md``: an index of every rule, then a section for each."""
    out = ["# Rules", "", _REFERENCE_INTRO, "", "| rule | name | severity | what it catches |", "|---|---|---|---|"]
    out += [f"| [{r.id}](#{r.id.lower()}) | {r.name} | {r.severity} | {_cell(r.summary)} |" for r in RULES.values()]
    family = None
    for r in RULES.values():
        if FAMILIES[r.id[2]] != family:
            family = FAMILIES[r.id[2]]
            out += ["", f"## {family}"]
        out += [
            "",
            f"### {r.id}",
            "",
            f"**{r.name}** · {r.severity}",
            "",
            r.summary,
            "",
            f"**Why.** {r.why}",
            "",
            "Bad:",
            "",
            _fenced(r.bad),
            "",
            "Good:",
            "",
            _fenced(r.good),
            "",
            f"**How to fix.** {r.fix}",
        ]
    return "\n".join(out)


def _fenced(example: str) -> str:
    """A fenced code block, highlighted as the kind of file the example is."""
    found = example_file(example)
    suffix = found[0].rpartition(".")[2] if found else ""
    language = {"md": "markdown", "yml": "yaml"}.get(suffix, "text")
    fence = "`" * max([3, *(len(run) + 1 for run in re.findall("`{3,}", example))])
    return f"{fence}{language}\n{example}\n{fence}"


def review_markdown(review) -> str:
    """A pull request report for $GITHUB_STEP_SUMMARY or a comment: Markdown, most important first."""
    errors = review.errors
    warnings = sum(1 for x in review.diagnostics if x.severity == "warning")
    problems = [x for x in review.diagnostics if x.severity != "notice"]
    wanted = [x for x in review.diagnostics if x.severity == "notice"]
    verdict = (
        f"❌ **{_plural(errors, 'problem')} must be fixed before merging.**"
        if errors
        else "✅ **Ready for a maintainer's review.**"
    )
    out = ["## rallypoint review", "", verdict, ""]
    if review.pr_author:
        who = f"@{review.pr_author}" + (f" (`{review.author_handle}`)" if review.author_handle else "")
        out.append(f"Opened by {who}" + (", a community maintainer." if review.by_maintainer else "."))
        out.append("")
    for handle, name in review.newcomers:
        out.append(
            f"👋 Welcome, **{_md(name)}** (`{handle}`)! This is your first contribution to the community. "
            "Thank you for joining."
        )
    if review.newcomers:
        out.append("")
    if problems:
        out += ["### Problems", "", "| | file | line | rule | message |", "|---|---|---|---|---|"]
        for x in sorted(problems, key=lambda x: (x.severity != "error", x.path, x.line)):
            mark = "❌" if x.severity == "error" else "⚠️"
            out.append(f"| {mark} | `{x.path}` | {x.line}:{x.column} | {x.rule} | {_md(x.message)} |")
        out.append("")
    if wanted:
        out += ["### Pages wanted", "", "Links to pages nobody has written yet: an invitation, not a problem.", ""]
        out += [f"- `{x.path}` line {x.line}: {_md(x.message)}" for x in sorted(wanted)]
        out.append("")
    if review.needs_maintainer:
        out += ["### Needs a maintainer", ""]
        out += [f"- {_md(line)}" for line in review.needs_maintainer]
        if review.by_maintainer:
            out.append("- Made by a community maintainer.")
        out.append("")
    if review.changes:
        out += ["### Changes", "", "| | what | page | file |", "|---|---|---|---|"]
        for c in review.changes:
            path = f"`{c.old_path}` → `{c.path}`" if c.old_path else f"`{c.path}`"
            what = f"{c.what}: {c.detail}" if c.detail else c.what
            out.append(f"| {c.action} | {_md(what)} | {_md(c.title)} | {path} |")
        out.append("")
    if review.serves:
        out += ["### Purposes served", ""]
        for purpose, goals in review.serves:
            out.append(f"- `{purpose}`" + (f": goals {', '.join(f'`{g}`' for g in goals)}" if goals else ""))
        out.append("")
    if review.new_tags:
        out += ["### Tags new to the community", "", ", ".join(f"`{t}`" for t in review.new_tags), ""]
    out.append(
        f"<sub>{_plural(errors, 'error')}, {_plural(warnings, 'warning')} · "
        f"{review.files_checked} files checked at `{review.head}` against `{review.base}`</sub>"
    )
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell or list item (no HTML, pipes or line breaks)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("\n", " ")
