"""The few failures that stop a command, as one tree; the CLI turns them into exit codes in one place.

Bad content is never an exception: it is a diagnostic. These are for what cannot go on at all:
what was asked cannot be done as asked (:class:`UsageProblem`, exit 2 with the command's usage),
or the work failed and nothing was changed (:class:`BuildFailed`, :class:`WouldOverwrite`, exit 1).
Core modules raise them and never import click; ``rallypoint.cli`` converts them.
"""

from __future__ import annotations


class RallypointError(Exception):
    """A failure that ends a command with a message and exit 1, leaving files as they were."""

    def explain(self) -> str:
        """What the person who ran the command reads."""
        return str(self)


class UsageProblem(RallypointError):
    """What was asked is wrong: not a community, a path outside it, a bad ref, an unusable answer.

    ``answer`` names the answer at fault when there is one: the keyword of the core function
    that took it, which is also the name of the command's option that gives it.
    """

    def __init__(self, message: str, *, answer: str | None = None):
        super().__init__(message)
        self.answer = answer


class MissingAnswer(UsageProblem):
    """An answer has no default and nobody can be asked for it (no terminal, or ``--no-input``)."""


class BuildFailed(RallypointError):
    """MkDocs failed, or the site cannot go where asked; the previous site is untouched."""

    def explain(self) -> str:
        return f"Build failed: {self}\nThe previous site was left as it was."


class WouldOverwrite(RallypointError):
    """The file a command would create already exists; nothing was written."""

    def explain(self) -> str:
        return f"Not written: {self}"
