"""``rallypoint predict SLUG P`` and ``rallypoint resolve SLUG yes|no``: edit a forecast and commit as you.

Like ``endorse``, you are whoever git's ``user.name``/``user.email`` say, matched to a profile,
so that the commit made is the one that proves the prediction or the resolution (DESIGN.md
section 3). Only the forecast's file changes, and only by one appended line: predictions are
append-only, and a resolution is set once.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageProblem
from ..model.community import load_community
from ..model.records import Community, Contribution
from .acting import commit_as_you, find_contribution, me

YES_NO = ("yes", "no")


@dataclass(frozen=True)
class Changed:
    handle: str
    forecast: Contribution
    line: str
    """What was appended to the front matter."""
    commit: str


def predict(start: Path, slug: str, p: float, today: _dt.date | None = None) -> Changed:
    """Append ``{by: you, p: P, date: today}`` to forecast ``slug``'s predictions and commit it as you."""
    if not 0 < p < 1:
        raise UsageProblem(f"{p} is not a probability: give one above 0 and below 1, such as 0.7", answer="p")
    community, root, item = _load(start, slug)
    handle = me(community, root)
    day = (today or _dt.date.today()).isoformat()
    if item.resolution is not None:
        raise UsageProblem(f"`{item.key}` is already resolved ({item.resolution.outcome}); predictions are closed")
    if item.closes and day > item.closes:
        raise UsageProblem(f"`{item.key}` closed on {item.closes}; a prediction made after that does not count")
    entry = f"{{by: {handle}, p: {p:g}, date: {day}}}"
    sha = _commit(root, item, lambda front: append_prediction(front, entry), f"Predict {item.key}: {p:g}")
    return Changed(handle, item, entry, sha)


def resolve(start: Path, slug: str, outcome: str, today: _dt.date | None = None) -> Changed:
    """Set forecast ``slug``'s ``resolution`` (you must maintain its purpose) and commit it as you."""
    if outcome not in YES_NO:
        raise UsageProblem(f"a forecast resolves yes or no, not `{outcome}`", answer="outcome")
    community, root, item = _load(start, slug)
    handle = me(community, root)
    purpose = community.purposes.get(item.purpose)
    if purpose is None or handle not in purpose.maintainers:
        who = ", ".join(purpose.maintainers) if purpose else "its maintainers"
        raise UsageProblem(f"only a maintainer of `{item.purpose}` resolves its forecasts ({who}); ask one of them")
    if item.resolves:
        raise UsageProblem(f"`{item.key}` resolves itself from `{item.resolves}` on {item.closes}; nothing to set")
    if item.resolution is not None:
        raise UsageProblem(f"`{item.key}` is already resolved ({item.resolution.outcome}); edit the file to change it")
    day = (today or _dt.date.today()).isoformat()
    entry = f'resolution: {{outcome: "{outcome}", date: {day}, by: {handle}}}'
    sha = _commit(root, item, lambda front: front.rstrip("\n") + f"\n{entry}\n", f"Resolve {item.key}: {outcome}")
    return Changed(handle, item, entry, sha)


def _load(start: Path, slug: str) -> tuple[Community, Path, Contribution]:
    community = load_community(start).community
    item = find_contribution(community, slug)
    if item.kind != "forecast":
        raise UsageProblem(f"`{item.key}` is a{'n' * (item.kind[0] in 'aeiou')} {item.kind}, not a forecast")
    return community, Path(community.root), item


def _commit(root: Path, item: Contribution, change, message: str) -> str:
    return commit_as_you(root, item, lambda text: _in_front(text, change), message)


def _in_front(text: str, change) -> str:
    newline = "\r\n" if "\r\n" in text else "\n"
    body_at = text.find(f"{newline}---", 3)
    cut = body_at + len(newline) if body_at >= 0 else len(text)
    front = change(text[:cut].replace("\r\n", "\n"))
    return front.replace("\n", newline) + text[cut:]


_BLOCK = re.compile(r"^predictions:[ \t]*(?:#.*)?\n((?:[ \t]*-[^\n]*\n|[ \t]+[^\n-][^\n]*\n)*)", re.MULTILINE)
_EMPTY = re.compile(r"^predictions:[ \t]*(?:\[\s*\])?[ \t]*(?:#.*)?$", re.MULTILINE)


def append_prediction(front: str, entry: str) -> str:
    """The front matter with ``- entry`` appended to its ``predictions`` list; nothing else moves."""
    if (match := _BLOCK.search(front)) and match[1]:
        first = match[1].splitlines()[0]
        indent = first[: len(first) - len(first.lstrip())]
        return front[: match.end(1)] + f"{indent}- {entry}\n" + front[match.end(1) :]
    if match := _EMPTY.search(front):
        return front[: match.start()] + f"predictions:\n  - {entry}" + front[match.end() :]
    if re.search(r"^predictions:", front, re.MULTILINE):
        raise UsageProblem(
            "this forecast's `predictions` is written in a way `predict` cannot append to; add yours by hand"
        )
    return front.rstrip("\n") + f"\npredictions:\n  - {entry}\n"
