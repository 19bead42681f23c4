"""Rules across files for forecasts: who predicts, when, and which goal a question resolves from.

Each function takes the model and yields diagnostics; none does I/O. What git must prove (who
made each prediction, that none was rewritten) is judged with history, in
:mod:`~rallypoint.history.claims` and ``review``.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import catalogue as rp
from ..diagnostics import Diagnostic, did_you_mean
from .forecast_fields import GOAL_REF
from .records import Community, Contribution, Goal


def resolving_goal(community: Community, item: Contribution) -> Goal | None:
    """The goal of its purpose that a forecast's ``resolves: goal:<id>`` names, when there is one."""
    match = GOAL_REF.fullmatch(item.resolves or "")
    purpose = community.purposes.get(item.purpose)
    if match is None or purpose is None:
        return None
    return next((g for g in purpose.goals if g.id == match[1]), None)


def check_forecasts(c: Community) -> Iterator[Diagnostic]:
    """Every forecast's resolution source, predictors and prediction dates."""
    for item in c.contributions.values():
        if item.kind != "forecast":
            continue
        yield from _source(c, item)
        for i, prediction in enumerate(item.predictions):
            if prediction.by not in c.contributors:
                fix = f"add contributors/{prediction.by}.yml or fix the handle"
                yield item.problem(
                    rp.UNKNOWN_PERSON,
                    ("predictions", i, "by"),
                    f"`{prediction.by}` in `predictions` has no profile{did_you_mean(prediction.by, c.contributors)}; "
                    + fix,
                    fix=fix,
                )
            if item.closes and prediction.date > item.closes:
                yield item.problem(
                    rp.PREDICTION_AFTER_CLOSE,
                    ("predictions", i, "date"),
                    f"{prediction.by}'s prediction of {prediction.date} is after the question closed "
                    f"({item.closes}), so it does not count; remove it",
                )
        if item.resolution and item.resolution.by and item.resolution.by not in c.contributors:
            yield item.problem(
                rp.UNKNOWN_PERSON, ("resolution", "by"), f"`{item.resolution.by}` in `resolution.by` has no profile"
            )


def _source(c: Community, item: Contribution) -> Iterator[Diagnostic]:
    if not item.resolves:
        if not item.criteria and item.doc is not None and "criteria" not in item.doc.data:
            yield item.problem(
                rp.FORECAST_CRITERIA,
                ("kind",),
                "this forecast does not say how it resolves; add `criteria:` or `resolves: goal:<id>`",
            )
        return
    match = GOAL_REF.fullmatch(item.resolves)
    purpose = c.purposes.get(item.purpose)
    if match is None or purpose is None:
        return
    goal = resolving_goal(c, item)
    ids = [g.id for g in purpose.goals]
    if goal is None:
        yield item.problem(
            rp.FORECAST_GOAL,
            ("resolves",),
            f"`{item.resolves}` names no goal of `{purpose.id}`{did_you_mean(match[1], ids)}"
            + (f"; its goals: {', '.join(ids)}" if ids else "; its charter has no goals"),
        )
    elif goal.target_count is None:
        yield item.problem(
            rp.FORECAST_GOAL,
            ("resolves",),
            f"goal `{goal.id}` of `{purpose.id}` has no target count, so nothing can resolve this question; "
            "give the goal `target: {count: N}` or write `criteria` instead",
        )
