"""Versions: which rallypoint a community is written for (`requires` in community.yml)."""

from __future__ import annotations

from ..diagnostics import rule
from ._examples import _example

__all__ = ["BAD_VERSION_RANGE", "VERSION_MISMATCH"]

VERSION_MISMATCH = rule(
    "RP601",
    "version-mismatch",
    "error",
    "The installed rallypoint is not a version that community.yml `requires`.",
    'Install a version it allows (`pip install "rallypoint>=0.3,<0.5"`), or change `requires` '
    "after reading the changelog.",
    why="A community's files follow the content model of the releases it names; another release may "
    "read them differently (a key it does not know, a rule it added or dropped), so every other "
    "problem reported could be the version's fault rather than the file's. Saying so first saves "
    "hunting for mistakes that are not there, and CI fails with the reason instead of a puzzle.",
    bad=_example("""
        # community.yml  (any rallypoint from 0.1 on is installed)
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        requires: "<0.1"
    """),
    good=_example("""
        # community.yml
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        requires: ">=0.1"
    """),
)
BAD_VERSION_RANGE = rule(
    "RP602",
    "bad-version-range",
    "error",
    "`requires` in community.yml is not a version range.",
    'Write comparisons with release numbers, separated by commas: `requires: ">=0.3,<0.5"`.',
    why="`requires` is how a community tells every contributor's rallypoint, and its CI, which "
    "releases understand its files; a range nobody can read would protect nothing, so it is "
    "refused rather than guessed at.",
    bad=_example("""
        # community.yml
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        requires: "0.1+"
    """),
    good=_example("""
        # community.yml
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        requires: ">=0.1"
    """),
)
