"""The ``rallypoint`` command: a thin shell that parses options, calls the core and formats results.

Each command lives in a module by what it does (:mod:`.checks` reads and reports,
:mod:`.publishing` makes the site, :mod:`.files` writes files); :mod:`.options` holds what they
share. This module holds the group, and the one place where a
:class:`~rallypoint.errors.RallypointError` from the core becomes a message and an exit code.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .. import __version__
from ..errors import MissingAnswer, RallypointError, UsageProblem
from . import checks, files, publishing
from .options import Invocation


class _Rallypoint(click.Group):
    """The command group; its ``invoke`` converts every failure the core raises, for every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageProblem as exc:
            raise _usage_error(exc, self._command_context(ctx)) from None
        except RallypointError as exc:
            click.echo(exc.explain(), err=True)
            ctx.exit(1)

    def _command_context(self, ctx: click.Context) -> click.Context | None:
        # The command's own context is closed by the time its exception gets here; a fresh one
        # gives the same usage line ("Usage: rallypoint check [OPTIONS] ...") and parameters.
        name = ctx.invoked_subcommand
        command = self.get_command(ctx, name) if name else None
        return click.Context(command, info_name=name, parent=ctx) if command else None


def _usage_error(exc: UsageProblem, ctx: click.Context | None) -> click.UsageError:
    """Exit 2 with the command's usage; an answer at fault is named by its option."""
    params = {p.name: p for p in ctx.command.params} if ctx else {}
    param = params.get(exc.answer) if exc.answer else None
    if not isinstance(param, click.Option):
        return click.UsageError(str(exc), ctx)
    if isinstance(exc, MissingAnswer):
        return click.UsageError(f"{param.opts[0]} is needed (or answer the questions with --input)", ctx)
    return click.BadParameter(str(exc), ctx, param, param_hint=param.opts[0])


@click.group(cls=_Rallypoint, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "-C", "directory", type=click.Path(file_okay=False, path_type=Path), default=".", help="Run as if started in DIR."
)
@click.version_option(__version__, prog_name="rallypoint")
@click.pass_context
def cli(ctx: click.Context, directory: Path) -> None:
    """Validate, aggregate and publish a purpose-driven community that lives in git.

    The community root is the nearest folder upward holding community.yml.
    """
    if not directory.is_dir():
        raise click.BadParameter(f"{directory} is not a folder", param_hint="-C")
    ctx.obj = Invocation(directory.resolve())


for _command in (
    checks.check,
    checks.schema,
    checks.rules,
    checks.review,
    checks.report,
    files.new,
    publishing.build,
    publishing.serve,
    publishing.merge,
    files.codeowners,
    files.workflows,
    files.init,
    files.move,
    files.import_,
    files.endorse,
    files.predict,
    files.resolve,
):
    cli.add_command(_command)


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
        click.echo(
            f"rallypoint: internal error: {type(exc).__name__}: {exc}\nPlease report this with the command you ran.",
            err=True,
        )
        sys.exit(2)
