"""The ``rallypoint`` command: a thin shell that parses options, calls the core and formats results."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from . import __version__

KINDS_OF_FILE = ("community", "purpose", "contribution", "contributor")


class _Context:
    def __init__(self, directory: Path):
        self.directory = directory


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-C", "directory", type=click.Path(file_okay=False, path_type=Path), default=".",
              help="Run as if started in DIR.")
@click.version_option(__version__, prog_name="rallypoint")
@click.pass_context
def cli(ctx: click.Context, directory: Path) -> None:
    """Validate, aggregate and publish a purpose-driven community that lives in git.

    The community root is the nearest folder upward holding community.yml.
    """
    if not directory.is_dir():
        raise click.BadParameter(f"{directory} is not a folder", param_hint="-C")
    ctx.obj = _Context(directory.resolve())


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for programs, github for Actions annotations.")
@click.pass_obj
def check(obj: _Context, paths: tuple[Path, ...], fmt: str) -> None:
    """Validate the community, or only the files and folders given.

    Exit 0 when clean (warnings allowed), 1 on errors, 2 on usage errors. Never writes a file.

    \b
    Example:
      rallypoint check
      rallypoint check content/repair/drain-pump.md --format json
    """
    from . import community, report

    paths = tuple(p if p.is_absolute() else obj.directory / p for p in paths)
    try:
        result = community.check(obj.directory, paths)
    except (community.NotACommunity, community.OutsideCommunity) as exc:
        raise click.UsageError(str(exc)) from None
    if fmt == "json":
        click.echo(report.as_json(result.diagnostics, result.files_checked))
    elif fmt == "github":
        if result.diagnostics:
            click.echo(report.as_github(result.diagnostics))
    else:
        click.echo(report.as_text(result.diagnostics, result.files_checked))
    sys.exit(1 if result.errors else 0)


@cli.command()
@click.argument("kind", required=False, type=click.Choice(KINDS_OF_FILE))
def schema(kind: str | None) -> None:
    """Print the JSON Schema of a kind's front matter; with no KIND, all of them in one document.

    Point your editor's YAML support at it to see mistakes while typing (see the README).

    \b
    Example:
      rallypoint schema contribution > .rallypoint/contribution.schema.json
    """
    from . import schema as schemas

    if kind:
        document = schemas.json_schema(kind)
    else:
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                    "$id": "https://rallypoint.dev/schema/all.json",
                    "title": "rallypoint front matter",
                    "$defs": {k: schemas.json_schema(k) for k in KINDS_OF_FILE}}
    click.echo(json.dumps(document, indent=2))


@cli.command()
@click.argument("rule", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
def rules(rule: str | None, fmt: str) -> None:
    """List the rules `check` applies, or explain one.

    \b
    Example:
      rallypoint rules RP104
    """
    from . import report
    from .diagnostics import RULES

    if rule is None:
        click.echo(report.rules_table(fmt))
        return
    found = RULES.get(rule.upper()) or next((r for r in RULES.values() if r.name == rule), None)
    if found is None:
        raise click.UsageError(f"no rule {rule}; `rallypoint rules` lists them")
    click.echo(f"{found.id} {found.name} ({found.severity})\n\n{found.summary}\n\nHow to fix: {found.fix}")


def main() -> None:
    """Entry point: every failure that is not a usage error still ends in a message, exit 2."""
    try:
        cli.main(prog_name="rallypoint", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the one place that turns a bug into a message instead of a traceback
        click.echo(f"rallypoint: internal error: {type(exc).__name__}: {exc}\n"
                   "Please report this with the command you ran.", err=True)
        sys.exit(2)
