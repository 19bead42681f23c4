"""What several commands share: where they run, ``--format`` and ``--input/--no-input``, and what each means."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

_T = TypeVar("_T")
_Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


@dataclass(frozen=True)
class Invocation:
    """What the group hands every command (``@click.pass_obj``)."""

    directory: Path
    """The folder given with ``-C`` (or the current one), absolute; the community root is at or above it."""

    def path(self, given: Path) -> Path:
        """A path from the command line, relative to ``directory`` as if started there."""
        return given if given.is_absolute() else self.directory / given


def format_option(*choices: str, help: str | None = None) -> _Decorator:
    """``--format``, with the command's own choices; the first is the default."""
    return click.option("--format", "fmt", type=click.Choice(choices), default=choices[0], show_default=True, help=help)


def print_diagnostics(diagnostics, files: int, fmt: str, quiet_when_clean: bool = False) -> None:
    """Diagnostics in a ``--format``: text for people, json for programs, github for Actions annotations.

    With ``quiet_when_clean`` (commands whose result is something else, such as a site), text
    goes to stderr and nothing is printed when there is nothing to say.
    """
    from .. import output as report

    if fmt == "json":
        click.echo(report.as_json(diagnostics, files))
    elif fmt == "github":
        if diagnostics:
            click.echo(report.as_github(diagnostics))
    elif diagnostics or not quiet_when_clean:
        click.echo(report.as_text(diagnostics, files), err=quiet_when_clean)


_ALIASED = "rallypoint.input_alias"


def input_option(deprecated_alias: str | None = None) -> _Decorator:
    """``--input/--no-input`` (passed as ``ask``): ask for what the options leave out; default: only on a terminal.

    ``deprecated_alias`` is an older flag that still means ``--input``, hidden from ``--help``,
    with a one-line note on stderr, so that scripts written for it keep working.
    """
    option = click.option(
        "--input/--no-input",
        "ask",
        default=None,
        callback=_input,
        help="Ask for what the options leave out [default: only on a terminal].",
    )
    if deprecated_alias is None:
        return option

    def note(ctx: click.Context, param: click.Parameter, value: bool) -> None:
        if value:
            click.echo(f"rallypoint: {deprecated_alias} is deprecated and will go; use --input", err=True)
            ctx.meta[_ALIASED] = True

    # Eager, so that it is seen before --input/--no-input, whose callback gives the final value.
    alias = click.option(deprecated_alias, is_flag=True, hidden=True, is_eager=True, expose_value=False, callback=note)
    return lambda command: alias(option(command))


def _input(ctx: click.Context, param: click.Parameter, value: bool | None) -> bool | None:
    return True if value is None and ctx.meta.get(_ALIASED) else value


def asker(wanted: bool | None):
    """The ``ask`` callback a core function takes (see ``rallypoint.workflow.new.Ask``), or None when not asking.

    It only prompts: the core decides what to ask, with which default, and how to check the
    reply. A reply the check refuses is shown as an error and asked again.
    """
    if not (sys.stdin.isatty() if wanted is None else wanted):
        return None

    def ask(question: str, default: str | None, check: Callable[[str], _T], hint: str = "") -> _T:
        from ..errors import UsageProblem

        def convert(value: str) -> _T:
            try:
                return check(value)
            except UsageProblem as exc:  # click.prompt asks again on a click usage error
                raise click.BadParameter(str(exc)) from None

        if hint:
            click.echo(hint)
        return click.prompt(question, default=default, value_proc=convert, show_default=default not in (None, ""))

    return ask
