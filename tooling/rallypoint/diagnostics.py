"""Rules and the diagnostics they produce.

A :class:`Rule` is declared once, in :mod:`rallypoint.catalogue`, with its id, severity and
teaching text; code reports a problem with ``RULE.at(path, line, column, message, ...)``, so
severity lives only in the catalogue and every diagnostic says which rule made it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning", "notice"]

RULES: dict[str, Rule] = {}
"""Every rule by id, in the order the catalogue declares them."""


@dataclass(frozen=True)
class Rule:
    id: str
    """Stable id such as ``RP104``; never reused for another rule."""
    name: str
    """Stable kebab-case name, for people and for ``rallypoint rules NAME``."""
    severity: Severity
    summary: str
    """What the rule catches, in one sentence."""
    fix: str
    """How to fix it in general; a diagnostic may carry a more precise fix."""
    why: str = ""
    """Why the rule exists: what would go wrong without it."""
    bad: str = ""
    """A short example that trips the rule."""
    good: str = ""
    """The same example, fixed."""

    def at(
        self, path: str, line: int = 1, column: int = 1, message: str = "", *, key_path: str = "", fix: str = ""
    ) -> Diagnostic:
        """A diagnostic of this rule at ``path:line:column`` (1-based; 1:1 for the whole file)."""
        return Diagnostic(
            path, line, column, self.id, self.severity, message or self.summary, key_path, fix or self.fix
        )


def rule(
    id: str, name: str, severity: Severity, summary: str, fix: str, *, why: str = "", bad: str = "", good: str = ""
) -> Rule:
    """Declare a rule and register it in :data:`RULES`."""
    if id in RULES:
        raise ValueError(f"rule {id} is declared twice")
    declared = Rule(id, name, severity, summary, fix, why, bad, good)
    RULES[id] = declared
    return declared


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One problem: where it is (1-based line and column), which rule, and how to fix it."""

    path: str
    """Relative to the community root."""
    line: int
    column: int
    rule: str
    severity: Severity
    message: str
    """What is wrong and how to fix it, in one sentence for people."""
    key_path: str = ""
    """Where in the front matter, e.g. ``goals[0].id``; empty for a problem of the whole file."""
    fix: str = ""
    """How to fix it, on its own, for tools."""

    def as_dict(self) -> dict[str, object]:
        return {
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "key_path": self.key_path,
            "fix": self.fix,
        }

    def escalated(self, reason: str) -> Diagnostic:
        """The same problem as an error, saying why (``--strict``)."""
        return replace(self, severity="error", message=f"{self.message} ({reason})")


def count_errors(diagnostics: Iterable[Diagnostic]) -> int:
    return sum(1 for x in diagnostics if x.severity == "error")


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """Return `` (did you mean `x`?)`` for the closest candidate, or ``""``."""
    close = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return f" (did you mean `{close[0]}`?)" if close else ""
