"""Chart geometry for the site's small SVG charts: plain numbers that ``_charts.jinja`` draws.

Charts are drawn on the server as inline SVG, so they need no JavaScript, fetch nothing and
take the page's colours from CSS (light and dark). This module only places things: every
coordinate is rounded to a tenth, in a fixed ``viewBox``, so one input always gives the same
bytes. Why not a chart library: see CONTRIBUTING ("Charts").
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ..measures import PurposeMeasures

_TOP, _RIGHT, _BOTTOM, _LEFT = 6.0, 6.0, 16.0, 22.0
"""Room around the plot for the value and date labels."""


def _r(value: float) -> float:
    return round(value, 1)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: int


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "middle"
    day: str = ""
    """The ISO date (or month) a date label names; pages write it in their language with ``skeleton``."""
    skeleton: str = ""
    """Babel's date skeleton for ``day`` (``yMMM``: Jan 2026); ``text`` is the English."""


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    bars: tuple[Bar, ...]
    baseline: tuple[float, float, float]
    """x1, x2 and y of the axis line."""
    labels: tuple[Label, ...]
    """The highest value at the top left, and a few names along the bottom."""
    total: int


def bar_chart(
    values: Sequence[tuple[str, int]],
    *,
    width: int = 320,
    height: int = 110,
    name: Callable[[str], str] = str,
    axis: bool = True,
    skeleton: str = "",
) -> BarChart:
    """Bars for ``(label, value)`` pairs, left to right; ``axis`` False gives a bare sparkline."""
    top, right, bottom, left = (_TOP, _RIGHT, _BOTTOM, _LEFT) if axis else (1.0, 1.0, 1.0, 1.0)
    plot_w, plot_h = width - left - right, height - top - bottom
    highest = max((v for _, v in values), default=0) or 1
    band = plot_w / max(len(values), 1)
    bars = tuple(
        Bar(
            _r(left + i * band + band * 0.15),
            _r(top + plot_h - plot_h * v / highest),
            _r(band * 0.7),
            _r(plot_h * v / highest),
            label,
            v,
        )
        for i, (label, v) in enumerate(values)
    )
    labels: list[Label] = []
    if axis and values:
        labels.append(Label(_r(left - 4), _r(top + 8), str(highest), "end"))
        labels.append(Label(_r(left - 4), _r(top + plot_h), "0", "end"))
        shown = _spread(len(values), 4)
        for i in shown:
            dated = {"day": values[i][0], "skeleton": skeleton} if skeleton else {}
            # The outer labels line up with the plot's edges, so that none is cut off.
            if len(shown) > 1 and i == shown[0]:
                labels.append(Label(_r(left + i * band), _r(height - 3), name(values[i][0]), "start", **dated))
            elif len(shown) > 1 and i == shown[-1]:
                labels.append(Label(_r(left + (i + 1) * band), _r(height - 3), name(values[i][0]), "end", **dated))
            else:
                labels.append(Label(_r(left + (i + 0.5) * band), _r(height - 3), name(values[i][0]), **dated))
    return BarChart(
        width, height, bars, (_r(left), _r(width - right), _r(top + plot_h)), tuple(labels), sum(v for _, v in values)
    )


@dataclass(frozen=True)
class ProgressChart:
    width: int
    height: int
    points: str
    """The count's line, as an SVG ``points`` list."""
    target_y: float | None
    pace: str | None
    """The on-track line from the purpose's start (0) to the due date (the target)."""
    due_x: float | None
    today_x: float
    baseline: tuple[float, float, float]
    labels: tuple[Label, ...]


def progress_chart(
    progress: Sequence[tuple[str, int]],
    *,
    started: str,
    today: str,
    target: int | None,
    due: str | None,
    width: int = 320,
    height: int = 120,
) -> ProgressChart:
    """A goal's count week by week: the line, its target, the on-track pace and the due date."""
    start = min(_dt.date.fromisoformat(progress[0][0]) if progress else _day(started), _day(started))
    now = _day(today)
    end = max(now, _day(due)) if due else now
    days = max((end - start).days, 1)
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM
    highest = max([target or 0, *(v for _, v in progress), 1])

    def x(day: _dt.date) -> float:
        return _r(_LEFT + plot_w * min(max((day - start).days, 0), days) / days)

    def y(value: int) -> float:
        return _r(_TOP + plot_h - plot_h * value / highest)

    line = [(x(start), y(0))]
    for monday, value in progress:
        line.append((x(min(_day(monday) + _dt.timedelta(days=6), now)), y(value)))
    pace = None
    if target and due:
        pace = f"{x(_day(started))},{y(0)} {x(_day(due))},{y(target)}"
    labels = [
        Label(_r(_LEFT - 4), _r(_TOP + 8), str(highest), "end"),
        Label(_r(_LEFT - 4), _r(_TOP + plot_h), "0", "end"),
        Label(_r(_LEFT), _r(height - 3), _month(start), "start", start.isoformat(), "yMMM"),
        Label(_r(width - _RIGHT), _r(height - 3), _month(end), "end", end.isoformat(), "yMMM"),
    ]
    return ProgressChart(
        width,
        height,
        " ".join(f"{px},{py}" for px, py in line),
        y(target) if target else None,
        pace,
        x(_day(due)) if due else None,
        x(now),
        (_r(_LEFT), _r(width - _RIGHT), _r(_TOP + plot_h)),
        tuple(labels),
    )


def _day(iso: str) -> _dt.date:
    return _dt.date.fromisoformat(iso)


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
"""Month names of our own, so that no locale changes a chart."""


def _month(day: _dt.date) -> str:
    return f"{_MONTHS[day.month - 1]} {day.year}"


def _spread(n: int, most: int) -> list[int]:
    """Up to ``most`` indexes of ``n`` evenly spread, the first and the last included."""
    if n <= most:
        return list(range(n))
    return sorted({round(i * (n - 1) / (most - 1)) for i in range(most)})


def month_name(label: str) -> str:
    """``2026-03`` → ``Mar 26``: short enough for a chart's axis."""
    year, month = label.split("-")
    return f"{_MONTHS[int(month) - 1]} {year[2:]}"


def week_name(monday: str) -> str:
    """``2026-03-02`` → ``2 Mar``."""
    day = _day(monday)
    return f"{day.day} {_MONTHS[day.month - 1]}"


@dataclass(frozen=True)
class PurposeCharts:
    """The charts of one purpose's page and of its row on the dashboard."""

    goals: dict[str, ProgressChart]
    """By goal id; goals with neither a target nor anything counted have none."""
    new_people: BarChart
    activity: BarChart
    sparkline: BarChart


def purpose_charts(measured: PurposeMeasures, started: str, today: str) -> PurposeCharts:
    health = measured.health
    return PurposeCharts(
        goals={
            goal.id: progress_chart(goal.progress, started=started, today=today, target=goal.target, due=goal.due)
            for goal in measured.goals
            if goal.target or goal.count
        },
        new_people=bar_chart(health.new_by_month, name=month_name, skeleton="yyMMM"),
        activity=bar_chart(health.activity_by_week, name=week_name, skeleton="MMMd"),
        sparkline=bar_chart(health.activity_by_week, width=104, height=24, axis=False),
    )
