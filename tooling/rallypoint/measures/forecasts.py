"""Forecasts: how each question resolved, the community's aggregate, and each person's scores.

DESIGN.md section 7: the **Brier score** of a person on a resolved forecast is the time-weighted
mean of (p − o)², o = 1 for yes and 0 for no, over the days from their first verified
prediction to ``closes``, each prediction standing until their next one. The **log score** is
the same mean of −ln(the probability they gave to what happened): also lower is better, and
without limit for confident mistakes. Only verified predictions count (DESIGN section 3), and
only those dated on or before ``closes``; a prediction dated after the question resolved
(early, by a maintainer or by its goal) is hindsight and does not count either. A prediction
made on ``closes`` itself stands for one day. Of several predictions by one person on one day,
the last in the file stands.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ..history.claims import Claims
from ..model.forecasts import resolving_goal
from ..model.records import Community, Contribution
from .goals import GoalMeasure

YES, NO = "yes", "no"


@dataclass(frozen=True)
class Standing:
    """A person's latest counted prediction on a forecast."""

    p: float
    date: str
    verified: bool


@dataclass(frozen=True)
class ForecastMeasure:
    key: str
    slug: str
    closes: str
    outcome: str | None
    """yes, no, or None while open."""
    resolved_on: str | None
    how: str
    """How it resolved: ``maintainer`` (``resolution:``), ``goal`` (its goal's count), or ``""``."""
    aggregate: float | None
    """The mean of every verified forecaster's standing probability today (None with none)."""
    series: tuple[tuple[str, float], ...]
    """(day, aggregate at the end of that day), on each day a verified prediction changed it."""
    latest: Mapping[str, Standing] = field(default_factory=dict)
    """Each predictor's latest prediction, verified or not, by handle."""
    brier: Mapping[str, float] = field(default_factory=dict)
    """Per verified forecaster, once resolved: the time-weighted Brier score."""
    log: Mapping[str, float] = field(default_factory=dict)
    """Per verified forecaster, once resolved: the time-weighted log score (−ln p of the outcome)."""


def scores(predictions: Sequence[tuple[str, float]], closes: str, outcome: str) -> tuple[float, float]:
    """One person's (Brier, log) scores: ``predictions`` are their counted (date, p), in file order."""
    o = 1.0 if outcome == YES else 0.0
    standing: dict[str, float] = {}
    for day, p in predictions:
        standing[day] = p  # the last of a day stands
    days = sorted(standing)
    end = _dt.date.fromisoformat(closes)
    weights = []
    for n, day in enumerate(days):
        until = _dt.date.fromisoformat(days[n + 1]) if n + 1 < len(days) else end
        weights.append((until - _dt.date.fromisoformat(day)).days)
    if not any(weights):
        weights[-1] = 1  # first predicted on the day it closes: that prediction stands one day
    total = sum(weights)
    brier = sum(w * (standing[d] - o) ** 2 for d, w in zip(days, weights, strict=True)) / total
    log = sum(w * -math.log(standing[d] if o else 1 - standing[d]) for d, w in zip(days, weights, strict=True)) / total
    return brier, log


def _outcome(item: Contribution, goal: GoalMeasure | None, today: str) -> tuple[str | None, str | None, str]:
    if item.resolution:
        return item.resolution.outcome, item.resolution.date, "maintainer"
    if goal is None:
        return None, None, ""
    if goal.reached and goal.reached <= item.closes:
        return YES, goal.reached, "goal"
    if today > item.closes:
        return NO, item.closes, "goal"
    return None, None, ""


def measure_forecast(
    item: Contribution, verified: Sequence[bool], goal: GoalMeasure | None, today: str
) -> ForecastMeasure:
    """One forecast on ``today``; ``verified`` says, per prediction in file order, whether git proves it."""
    outcome, resolved_on, how = _outcome(item, goal, today)
    last_day = min(item.closes, resolved_on or item.closes, today)
    counted: dict[str, list[tuple[str, float]]] = {}
    latest: dict[str, Standing] = {}
    for prediction, proven in zip(item.predictions, verified, strict=True):
        if prediction.date > last_day:
            continue
        latest[prediction.by] = Standing(prediction.p, prediction.date, proven)
        if proven:
            counted.setdefault(prediction.by, []).append((prediction.date, prediction.p))
    series: list[tuple[str, float]] = []
    for day in sorted({d for made in counted.values() for d, _ in made}):
        now = [[p for d, p in made if d <= day] for made in counted.values()]
        now = [ps[-1] for ps in now if ps]
        series.append((day, sum(now) / len(now)))
    brier, log = {}, {}
    if outcome:
        for handle in sorted(counted):
            brier[handle], log[handle] = scores(counted[handle], item.closes, outcome)
    return ForecastMeasure(
        key=item.key,
        slug=item.slug,
        closes=item.closes or "",
        outcome=outcome,
        resolved_on=resolved_on,
        how=how,
        aggregate=series[-1][1] if series else None,
        series=tuple(series),
        latest=latest,
        brier=brier,
        log=log,
    )


def measure_forecasts(
    community: Community, keys: Sequence[str], goals: Sequence[GoalMeasure], claims: Claims, today: str
) -> list[ForecastMeasure]:
    """The purpose's forecasts among ``keys``, those closing soonest first."""
    by_goal = {g.id: g for g in goals}
    out = []
    for key in keys:
        item = community.contributions[key]
        if item.kind != "forecast" or not item.closes:
            continue
        goal = resolving_goal(community, item)
        proven = claims.predicted(key, len(item.predictions))
        out.append(measure_forecast(item, proven, by_goal.get(goal.id) if goal else None, today))
    return sorted(out, key=lambda f: (f.closes, f.slug))


def person_scores(forecasts: Sequence[ForecastMeasure]) -> dict[str, tuple[float, int]]:
    """Per person: the mean Brier score over the resolved forecasts they took part in, and how many."""
    taken: dict[str, list[float]] = {}
    for f in forecasts:
        for handle, score in f.brier.items():
            taken.setdefault(handle, []).append(score)
    return {h: (sum(s) / len(s), len(s)) for h, s in sorted(taken.items())}
