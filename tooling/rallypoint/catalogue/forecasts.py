"""Forecasts: the rules of the prediction market (DESIGN.md section 3, the `forecast` kind)."""

from __future__ import annotations

from ..diagnostics import rule
from ._examples import _example

__all__ = ["BAD_PROBABILITY", "FORECAST_CRITERIA", "FORECAST_GOAL", "PREDICTION_AFTER_CLOSE", "PREDICTION_REWRITTEN"]

_FORECAST = """
    # content/repair/twenty-pumps.md
    ---
    title: Will we have 20 pump guides by June?
    kind: forecast
    authors: [alice]
    date: 2026-03-01
    closes: 2026-06-30
    {extra}
    ---
    Counted on the purpose page.
"""


def _forecast(extra: str) -> str:
    return _example(_FORECAST.replace("{extra}", extra.replace("\n", "\n    ")))


BAD_PROBABILITY = rule(
    "RP119",
    "bad-probability",
    "error",
    "A prediction's `p` is not a number strictly between 0 and 1.",
    "Write the probability of yes as a number above 0 and below 1, without quotes: `p: 0.7`.",
    why="A forecast is scored by how far its probability was from what happened; 0 or 1 is certainty, "
    "which a proper score punishes without limit (the log score is infinite), and 70 or `70%` is "
    "not a probability at all.",
    bad=_forecast(
        "criteria: Yes when the purpose page counts 20.\npredictions:\n  - {by: alice, p: 1, date: 2026-03-02}"
    ),
    good=_forecast(
        "criteria: Yes when the purpose page counts 20.\npredictions:\n  - {by: alice, p: 0.95, date: 2026-03-02}"
    ),
)
PREDICTION_AFTER_CLOSE = rule(
    "RP212",
    "prediction-after-close",
    "warning",
    "A prediction is dated after the forecast's `closes` date, so it does not count.",
    "Remove it: once a question closes, predicting it is hindsight. Ask a new question instead.",
    why="Predictions made after a question closes are made knowing more than the others could; "
    "scores count only those up to `closes` (DESIGN.md section 7), so a later one is a claim that "
    "changes nothing, and the page would mislead by showing it.",
    bad=_forecast(
        "criteria: Yes when the purpose page counts 20.\npredictions:\n  - {by: alice, p: 0.4, date: 2026-07-02}"
    ),
    good=_forecast(
        "criteria: Yes when the purpose page counts 20.\npredictions:\n  - {by: alice, p: 0.4, date: 2026-06-02}"
    ),
)
FORECAST_GOAL = rule(
    "RP213",
    "forecast-goal",
    "error",
    "A forecast's `resolves: goal:<id>` names no goal of its purpose, or a goal with no target count.",
    "Name a goal of the purpose's charter that has `target: {count: N}`, or write `criteria` instead.",
    why="A forecast tied to a goal resolves itself from the goal's count on `closes`; a goal the charter "
    "does not define, or one without a target, gives nothing to count, so the question could never resolve.",
    bad=_forecast("resolves: goal:pump"),
    good=_forecast("resolves: goal:pumps"),
)
FORECAST_CRITERIA = rule(
    "RP214",
    "forecast-criteria",
    "error",
    "A forecast has neither `criteria` nor `resolves`, so nobody can tell how it resolves.",
    "Say how it resolves in `criteria`, or tie it to a goal with `resolves: goal:<id>`.",
    why="People can only put a fair probability on a question whose resolution is clear in advance; "
    "without criteria the maintainer who resolves it decides after the fact, and the scores mean nothing.",
    bad=_forecast("tags: [pumps]"),
    good=_forecast("criteria: Yes when the purpose page counts 20 pump guides on 2026-06-30."),
)
PREDICTION_REWRITTEN = rule(
    "RP507",
    "prediction-rewritten",
    "error",
    "A change edits or removes a prediction that was already made: predictions are append-only.",
    "Put the earlier prediction back as it was, and append a new one (`rallypoint predict SLUG P`).",
    why="A forecaster's score is their record over time; a prediction changed after the fact would "
    "rewrite that record to look wiser than it was. Changing your mind is a new prediction, which "
    "stands from its own date.",
    bad="@tom's pull request changes his earlier `{by: tom, p: 0.3, date: 2026-03-02}` to `p: 0.8`.",
    good="@tom's pull request keeps it and appends `{by: tom, p: 0.8, date: 2026-04-10}`.",
)
