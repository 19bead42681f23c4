"""The commands that only read and report: ``check``, ``schema``, ``rules``, ``review`` and ``report``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from ..catalogue import find_rule
from ..model.schema import SCHEMAS
from .options import Invocation, format_option, print_diagnostics


@click.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@format_option("text", "json", "github", help="text for people, json for programs, github for Actions annotations.")
@click.pass_obj
def check(obj: Invocation, paths: tuple[Path, ...], fmt: str) -> None:
    """Validate the community, or only the files and folders given.

    Exit 0 when clean (warnings allowed), 1 on errors, 2 on usage errors. Never writes a file.

    \b
    Example:
      rallypoint check
      rallypoint check content/repair/drain-pump.md --format json
    """
    from ..model import community

    result = community.check_community(obj.directory, tuple(obj.path(p) for p in paths))
    print_diagnostics(result.diagnostics, result.files_checked, fmt)
    sys.exit(1 if result.errors else 0)


@click.command()
@click.argument("kind", required=False, type=click.Choice(list(SCHEMAS)))
def schema(kind: str | None) -> None:
    """Print the JSON Schema of a kind's front matter; with no KIND, all of them in one document.

    Point your editor's YAML support at it to see mistakes while typing (see the README).

    \b
    Example:
      rallypoint schema contribution > .rallypoint/contribution.schema.json
    """
    from ..model import schema as schemas

    click.echo(json.dumps(schemas.json_schema(kind) if kind else schemas.json_schema_all(), indent=2))


@click.command()
@click.argument("rule", required=False)
@format_option(
    "text",
    "markdown",
    "reference",
    help="text for the terminal, markdown for the README's table, reference for docs/rules.md.",
)
def rules(rule: str | None, fmt: str) -> None:
    """List the rules `check` applies, or explain one: what it catches, why, an example, the fix.

    \b
    Example:
      rallypoint rules RP104
      rallypoint rules --format reference > docs/rules.md
    """
    from .. import output as report

    if rule is not None:
        click.echo(report.explain_rule(find_rule(rule)))
    elif fmt == "reference":
        click.echo(report.rules_reference())
    else:
        click.echo(report.rules_table(fmt))


@click.command()
@click.option("--base", required=True, help="The branch the pull request goes into, e.g. origin/main.")
@click.option("--head", default="HEAD", show_default=True, help="The pull request's last commit.")
@click.option("--pr-author", metavar="LOGIN", help="The GitHub login of whoever opened the pull request.")
@format_option(
    "markdown", "json", "github", help="markdown for $GITHUB_STEP_SUMMARY and comments, json, or annotations."
)
@click.pass_obj
def review(obj: Invocation, base: str, head: str, pr_author: str | None, fmt: str) -> None:
    """Report on a pull request: changes, problems here and elsewhere, newcomers, identity.

    Exit 1 when something blocks the merge, 0 otherwise.

    \b
    Example:
      rallypoint review --base origin/main --pr-author carol >> "$GITHUB_STEP_SUMMARY"
    """
    from .. import output as report
    from ..workflow.review import review_pull_request

    result = review_pull_request(obj.directory, base, head, pr_author)
    if fmt == "json":
        click.echo(report.as_json(result.diagnostics, result.files_checked, **result.sections()))
    elif fmt == "github":
        if result.diagnostics:
            click.echo(report.as_github(result.diagnostics))
    else:
        click.echo(report.review_markdown(result), nl=False)
    sys.exit(1 if result.errors else 0)


@click.command()
@format_option(
    "markdown",
    "json",
    "all-contributors",
    help="markdown for people and $GITHUB_STEP_SUMMARY, json (DESIGN.md section 7), "
    "or all-contributors: an .all-contributorsrc of everyone's kinds of work, on stdout.",
)
@click.option(
    "--since",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    metavar="DATE",
    help="Say what changed from the start of DATE on (default for markdown: 30 days before today); "
    "with json, add the numbers of then under `since`.",
)
@click.pass_obj
def report(obj: Invocation, fmt: str, since) -> None:
    """The community's measurements: goals and their states, purpose health, ideas, people.

    Today is the date of the last commit, so one commit always gives the same report. Exit 1
    when the community has errors (shown as `check` shows them).

    \b
    Example:
      rallypoint report --since 2026-11-01
      rallypoint report --format json > report.json
      rallypoint report --format all-contributors > .all-contributorsrc
    """
    from ..workflow import report as measuring

    result = measuring.report_community(obj.directory, since.date() if since else None)
    if result.community is None:
        print_diagnostics(result.diagnostics, result.files_checked, "text", quiet_when_clean=True)
        sys.exit(1)
    if fmt == "all-contributors":
        from ..measures.work import all_contributors

        work = {key: person.work for key, person in result.now.people.items()}
        click.echo(json.dumps(all_contributors(result.community, work), indent=2, ensure_ascii=False))
        return
    click.echo(measuring.report_json(result) if fmt == "json" else measuring.report_markdown(result), nl=False)
