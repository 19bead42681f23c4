"""``rallypoint report``: the community's measurements for maintainers, and what changed since a day.

The numbers are :mod:`rallypoint.measures`' (the same as the site's). This module reads the
community and its history once, measures it today and as it was when ``since`` began, and
lays the result out as JSON (DESIGN.md section 7) or as Markdown for a workflow's step summary.
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass
from pathlib import Path

from ..diagnostics import Diagnostic, count_errors
from ..errors import UsageProblem
from ..history.log import read_history
from ..history.people import PersonKeys
from ..measures import Measures, PurposeChanges, attention_order, compare, measure_community, report_dict, today_of
from ..measures.goals import GoalMeasure
from ..model.community import load_community
from ..model.records import Community

DEFAULT_SINCE_DAYS = 30
"""Without ``--since``, the Markdown report compares with this many days before today."""
_WORDS = {"done": "done", "on-track": "on track", "behind": "behind", "overdue": "overdue", "open": "open"}
_MARKS = {"done": "✅", "on-track": "🟢", "behind": "🟠", "overdue": "🔴", "open": "⚪"}


@dataclass(frozen=True)
class Report:
    diagnostics: tuple[Diagnostic, ...]
    files_checked: int
    community: Community | None
    """None when errors stopped the measuring."""
    now: Measures | None = None
    then: Measures | None = None
    """The community as it was when ``since`` began (at the end of the day before)."""
    since: str | None = None
    given_since: bool = False
    """Whether ``since`` was asked for, rather than the default."""
    changes: tuple[PurposeChanges, ...] = ()
    names: dict[str, str] | None = None
    """Person key → the name to show."""
    shallow: bool = False

    @property
    def errors(self) -> int:
        return count_errors(self.diagnostics)


def report_community(start: Path, since: _dt.date | None = None) -> Report:
    """Measure the community at or above ``start`` today and as it was when ``since`` began.

    ``since`` defaults to 30 days before today; a day after today is a usage problem.
    Errors in the community stop the measuring: the report carries them instead.
    """
    result = load_community(start)
    if result.errors:
        return Report(result.diagnostics, result.files_checked, None)
    community = result.community
    history = read_history(Path(community.root), community.settings.bots)
    today = today_of(history)
    if since is not None and since > today:
        raise UsageProblem(
            f"{since.isoformat()} is after today ({today.isoformat()}, the date of the last commit); "
            "give an earlier day",
            answer="since",
        )
    start_day = since or today - _dt.timedelta(days=DEFAULT_SINCE_DAYS)
    keys = PersonKeys(community.contributors)
    now = measure_community(community, history, today=today, keys=keys)
    then = measure_community(community, history, today=start_day - _dt.timedelta(days=1), past=True, keys=keys)
    names = {handle: person.name for handle, person in community.contributors.items()}
    names.update(keys.git_only_names)
    return Report(
        result.diagnostics,
        result.files_checked,
        community,
        now,
        then,
        start_day.isoformat(),
        since is not None,
        compare(then, now),
        names,
        history.shallow,
    )


def report_json(report: Report) -> str:
    """DESIGN.md section 7; with a ``since`` asked for, a ``since`` key holds the same document for then."""
    document = report_dict(report.now)
    if report.given_since:
        document["since"] = report_dict(report.then)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def report_markdown(report: Report) -> str:
    """The report for ``$GITHUB_STEP_SUMMARY``: a table of purposes, then each purpose's goals and changes."""
    community, now = report.community, report.now
    order = attention_order(community, now)
    changes = {c.id: c for c in report.changes}
    commit = f" at commit `{now.commit[:7]}`" if now.commit else ""
    out = [f"## {_md(community.settings.name)}: measurements", ""]
    out.append(f"Measured on {now.today}{commit}; changes since {report.since}.")
    if report.shallow:
        out.append("The clone is shallow: people and dates come from part of the history only.")
    out += ["", _overall(report), ""]
    out += [
        "| purpose | goals | people | active (90 days) | absence factor | open questions | last activity |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    for pid in order:
        m, h = now.purposes[pid], now.purposes[pid].health
        out.append(
            f"| {_md(community.purposes[pid].title)} | {_goal_counts(m.goals)} | {h.contributors} | "
            f"{h.active_contributors_90d} | {h.absence_factor} | {h.unanswered_questions} | {h.last_activity or '–'} |"
        )
    for pid in order:
        out += ["", *_purpose_section(report, pid, changes[pid])]
    return "\n".join(out).rstrip("\n") + "\n"


def _overall(report: Report) -> str:
    found = [c for c in report.changes if c]
    if not found:
        return f"Nothing changed since {report.since}."
    contributions = sum(c.new_contributions for c in found)
    people = len({p for c in found for p in c.new_people})
    answered = sum(len(c.answered) for c in found)
    parts = [_plural(contributions, "new contribution")]
    parts += [_plural(people, "new person", "new people")] if people else []
    parts += [_plural(answered, "question") + " answered"] if answered else []
    moved = sum(len(c.goals) for c in found)
    parts += [_plural(moved, "goal") + " moved"] if moved else []
    return f"**Since {report.since}:** " + ", ".join(parts) + "."


def _purpose_section(report: Report, pid: str, changed: PurposeChanges) -> list[str]:
    purpose, m = report.community.purposes[pid], report.now.purposes[pid]
    h = m.health
    out = [f"### {_md(purpose.title)}", ""]
    facts = [f"{purpose.status}", _plural(m.contributions, "contribution"), _plural(h.contributors, "person", "people")]
    if h.absence:
        names = ", ".join(_md(report.names.get(p, p)) for p, _ in h.absence)
        facts.append(f"half of the work by {names}")
    if h.median_days_to_first_answer is not None:
        facts.append(f"questions answered in {h.median_days_to_first_answer} days (median)")
    out.append("; ".join(facts) + ".")
    if changed:
        moves = []
        if changed.new_contributions:
            moves.append(_plural(changed.new_contributions, "new contribution"))
        if changed.new_people:
            names = ", ".join(_md(report.names.get(p, p)) for p in changed.new_people)
            moves.append(f"{_plural(len(changed.new_people), 'new person', 'new people')} ({names})")
        if changed.answered:
            moves.append(_plural(len(changed.answered), "question") + " answered")
        moves += [_goal_move(c.before, c.after) for c in changed.goals]
        out += ["", f"Since {report.since}: " + "; ".join(moves) + "."]
    if m.goals:
        out += ["", "| goal | progress | due | state |", "|---|---|---|---|"]
        for g in m.goals:
            progress = f"{g.count} of {g.target} ({g.percent}%)" if g.target else _plural(g.count, "contribution")
            state = f"{_MARKS[g.state]} {_WORDS[g.state]}"
            if g.expected is not None:
                state += f" ({g.expected} needed by now)"
            out.append(f"| {_md(g.title)} | {progress} | {g.due or '–'} | {state} |")
    return out


def _goal_move(before: GoalMeasure | None, after: GoalMeasure) -> str:
    def amount(g: GoalMeasure | None) -> str:
        if g is None:
            return "0%" if after.target else "0"
        return f"{g.percent}%" if g.target else str(g.count)

    move = f"goal “{_md(after.title)}”: {amount(before)} → {amount(after)}"
    if before is not None and before.state != after.state:
        move += f", {_WORDS[before.state]} → {_WORDS[after.state]}"
    elif before is None or after.state in ("done", "overdue", "behind"):
        move += f", {_WORDS[after.state]}"
    return move


def _goal_counts(goals: tuple[GoalMeasure, ...]) -> str:
    if not goals:
        return "–"
    counts = {state: sum(1 for g in goals if g.state == state) for state in _WORDS}
    order = ("overdue", "behind", "on-track", "open", "done")
    return ", ".join(f"{_MARKS[s]} {counts[s]} {_WORDS[s]}" for s in order if counts[s])


def _plural(n: int, word: str, words: str | None = None) -> str:
    return f"{n:,} {word if n == 1 else (words or word + 's')}"


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell and free of HTML."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "\\|").replace("\n", " ")
