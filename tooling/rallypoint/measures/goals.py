"""Goals: how far each has come, whether it will get there in time, and its count week by week.

The definitions are DESIGN.md section 7's. A goal's ``count`` is the number of the purpose's
contributions that list it and match its target's kind and tag (all that list it when it has
no target). Its state, in this order: *done* when the count has reached the target; *overdue*
when its due date has passed; *on-track* when count/target is at least the share of the time
from the purpose's start to the due date that has elapsed; *behind* otherwise; *open* when it
has no target or no due date.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from ..model.records import Contribution, Goal, Purpose
from .activity import day_of, week_of

STATES = ("overdue", "behind", "on-track", "open", "done")
"""Every state, the ones that need attention first."""


@dataclass(frozen=True)
class GoalMeasure:
    """One goal as measured on a day."""

    id: str
    title: str
    contributions: tuple[str, ...]
    """Keys of the purpose's contributions that list the goal, newest first."""
    count: int
    target: int | None
    due: str | None
    state: str
    """done, on-track, behind, overdue or open."""
    expected: int | None
    """The count an on-track goal has by today (its target times the share of time elapsed),
    for a goal with a target and a due date that is neither done nor overdue."""
    reached: str | None
    """The day the count reached the target, for a done goal."""
    progress: tuple[tuple[str, int], ...]
    """(Monday, the count at the end of that week, or today), from the purpose's start to today."""

    @property
    def percent(self) -> int | None:
        """The share of the target reached, rounded down (so 100 means done) and at most 100."""
        if not self.target:
            return None
        return min(100, 100 * self.count // self.target)


def goal_state(count: int, goal: Goal, started: str, today: _dt.date) -> tuple[str, int | None]:
    """The goal's state on ``today``, and the count it needs by then to be on track."""
    target, due = goal.target_count, goal.due
    if target is not None and count >= target:
        return "done", None
    if due is not None and _dt.date.fromisoformat(due) < today:
        return "overdue", None
    if target is None or due is None:
        return "open", None
    start, end = _dt.date.fromisoformat(started), _dt.date.fromisoformat(due)
    span = (end - start).days
    # A due date on or before the start leaves no time to spread the target over: all of it is due.
    elapsed = Fraction(1) if span <= 0 else Fraction(min(max((today - start).days, 0), span), span)
    expected = math.ceil(target * elapsed)
    return ("on-track" if count >= expected else "behind"), expected


def measure_goals(
    purpose: Purpose,
    contributions: Mapping[str, Contribution],
    first_seen: Mapping[str, int],
    today: _dt.date,
) -> list[GoalMeasure]:
    """Every goal of ``purpose``, counting the contributions in ``first_seen`` (those that exist on ``today``)."""
    mine = sorted(
        (k for k in first_seen if contributions[k].purpose == purpose.id),
        key=lambda k: (contributions[k].date, k),
        reverse=True,
    )
    measured = []
    for goal in purpose.goals:
        serving = [k for k in mine if goal.id in contributions[k].goals]
        counted = [
            k
            for k in serving
            if (not goal.target_kind or contributions[k].kind == goal.target_kind)
            and (not goal.target_tag or goal.target_tag in contributions[k].tags)
        ]
        days = sorted(min(day_of(first_seen[k]), today) for k in counted)
        state, expected = goal_state(len(counted), goal, purpose.started, today)
        reached = None
        if state == "done" and goal.target_count:
            reached = days[goal.target_count - 1].isoformat()
        measured.append(
            GoalMeasure(
                id=goal.id,
                title=goal.title,
                contributions=tuple(serving),
                count=len(counted),
                target=goal.target_count,
                due=goal.due,
                state=state,
                expected=expected,
                reached=reached,
                progress=weekly_count(days, _dt.date.fromisoformat(purpose.started), today),
            )
        )
    return measured


def weekly_count(days: Sequence[_dt.date], started: _dt.date, today: _dt.date) -> tuple[tuple[str, int], ...]:
    """How many of ``days`` (sorted, none after today) had come by the end of each week from ``started`` to ``today``."""
    week, last = week_of(min(started, today)), week_of(today)
    points, i = [], 0
    while week <= last:
        end = min(week + _dt.timedelta(days=6), today)
        while i < len(days) and days[i] <= end:
            i += 1
        points.append((week.isoformat(), i))
        week += _dt.timedelta(days=7)
    return tuple(points)
