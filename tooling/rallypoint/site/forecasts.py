"""What the forecast pages show: each question's chart, /forecasts/ and its leaderboard.

The numbers are :mod:`rallypoint.measures.forecasts`'; this module only arranges them. The
leaderboard ranks verified forecasters with at least :data:`MIN_RESOLVED` resolved forecasts
by their mean Brier score (lower is better); equal scores (to four decimals) share a rank.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass

from ..measures import Measures
from ..measures.forecasts import ForecastMeasure
from .charts import _BOTTOM, _LEFT, _RIGHT, _TOP, Label, ProgressChart, _month, _r

MIN_RESOLVED = 3
"""Resolved forecasts a person needs to be ranked: one lucky guess is not judgement."""


@dataclass(frozen=True)
class Ranked:
    rank: int
    handle: str
    brier: float
    forecasts: int
    tied: bool
    """Whether someone else has the same rank."""


@dataclass(frozen=True)
class Board:
    open: tuple[ForecastMeasure, ...]
    """Closing soonest first."""
    resolved: tuple[ForecastMeasure, ...]
    """Most recently resolved first."""
    leaders: tuple[Ranked, ...]
    waiting: tuple[tuple[str, int], ...]
    """Scored people with fewer than MIN_RESOLVED resolved forecasts: (handle, how many)."""


def all_forecasts(measures: Measures) -> dict[str, ForecastMeasure]:
    """Every measured forecast, by contribution key."""
    return {f.key: f for p in measures.purposes.values() for f in p.forecasts}


def forecast_board(measures: Measures) -> Board:
    every = list(all_forecasts(measures).values())
    open_ = sorted((f for f in every if f.outcome is None), key=lambda f: (f.closes, f.key))
    resolved = sorted((f for f in every if f.outcome), key=lambda f: (f.resolved_on or "", f.key), reverse=True)
    scored = [(h, p.brier, p.forecasts) for h, p in measures.people.items() if p.brier is not None]
    eligible = sorted((s for s in scored if s[2] >= MIN_RESOLVED), key=lambda s: (round(s[1], 4), -s[2], s[0]))
    leaders: list[Ranked] = []
    for n, (handle, brier, count) in enumerate(eligible):
        same = leaders and round(leaders[-1].brier, 4) == round(brier, 4)
        rank = leaders[-1].rank if same else n + 1
        leaders.append(Ranked(rank, handle, brier, count, False))
    ranks = [r.rank for r in leaders]
    leaders = [Ranked(r.rank, r.handle, r.brier, r.forecasts, ranks.count(r.rank) > 1) for r in leaders]
    waiting = tuple(sorted(((h, c) for h, _, c in scored if c < MIN_RESOLVED), key=lambda s: (-s[1], s[0])))
    return Board(tuple(open_), tuple(resolved), tuple(leaders), waiting)


def probability_chart(
    forecast: ForecastMeasure, opened: str, today: str, width: int = 320, height: int = 120
) -> ProgressChart:
    """The aggregate probability over time as a step line (each value stands until the next),
    from the question's date to its close (or today, when sooner), on a 0–100% scale."""
    start = _dt.date.fromisoformat(min([opened, *(d for d, _ in forecast.series)]))
    closes = _dt.date.fromisoformat(forecast.closes)
    now = _dt.date.fromisoformat(today)
    end = max(closes, start + _dt.timedelta(days=1))
    days = (end - start).days
    plot_w, plot_h = width - _LEFT - _RIGHT, height - _TOP - _BOTTOM

    def x(day: _dt.date) -> float:
        return _r(_LEFT + plot_w * min(max((day - start).days, 0), days) / days)

    def y(p: float) -> float:
        return _r(_TOP + plot_h - plot_h * p)

    points: list[tuple[float, float]] = []
    for day, p in forecast.series:
        here = x(_dt.date.fromisoformat(day))
        if points:
            points.append((here, points[-1][1]))
        points.append((here, y(p)))
    if points:
        points.append((x(min(now, closes)), points[-1][1]))
    labels = (
        Label(_r(_LEFT - 4), _r(_TOP + 8), "100%", "end"),
        Label(_r(_LEFT - 4), _r(_TOP + plot_h), "0", "end"),
        Label(_r(_LEFT), _r(height - 3), _month(start), "start", start.isoformat(), "yMMM"),
        Label(_r(width - _RIGHT), _r(height - 3), _month(end), "end", end.isoformat(), "yMMM"),
    )
    return ProgressChart(
        width,
        height,
        " ".join(f"{px},{py}" for px, py in points),
        y(0.5),
        None,
        x(closes),
        x(min(now, end)),
        (_r(_LEFT), _r(width - _RIGHT), _r(_TOP + plot_h)),
        labels,
    )


def percent(p: float | None) -> str:
    return "—" if p is None else f"{round(p * 100)}%"


def shown_scores(forecast: ForecastMeasure) -> Sequence[tuple[str, float, float]]:
    """(handle, Brier, log) of each scored forecaster, best first."""
    return sorted(((h, b, forecast.log[h]) for h, b in forecast.brier.items()), key=lambda s: (s[1], s[0]))
