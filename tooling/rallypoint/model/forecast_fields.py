"""The `forecast` kind's keys: a probability, a reference to the goal it resolves from, and its
declared fields, which :mod:`~rallypoint.model.schema` adds to contributions."""

from __future__ import annotations

import re

from .. import catalogue as rp
from .containers import Field, ListOf, Mapping
from .fields import ID, Choice, Context, Date, Fraction, Id, Prose, _Pattern, quote
from .records import Prediction, Resolution
from .source import KeyPath

GOAL_REF = re.compile(rf"goal:({ID.pattern})")
OUTCOMES = ("yes", "no")


class Probability(Fraction):
    """The probability of yes: a number strictly between 0 and 1, unquoted."""

    doc = "a number above 0 and below 1"
    rule = rp.BAD_PROBABILITY
    upto_one = False
    unquote = "must be a number such as 0.7; write it without quotes"
    out_of_range = "must be above 0 and below 1: the probability of yes, such as 0.7"


class GoalRef(_Pattern):
    """``goal:<id>``: a goal of the contribution's own purpose."""

    pattern = GOAL_REF
    doc = "goal:<id>, a goal of this purpose"

    def refuse(self, text: str, ctx: Context, where: KeyPath) -> None:
        ctx.report(
            rp.BAD_ID, where, f"`{text[:80]}` in {quote(where)} must be goal:<id>, naming a goal of this purpose"
        )


PREDICTION = Mapping(
    record=Prediction,
    identified_by="by",
    description="one prediction; never edit or remove it, append a new one",
    fields=(
        Field("by", Id(), "handle of who predicts; the commit that adds it must be theirs", required=True),
        Field("p", Probability(), "the probability of yes", required=True),
        Field("date", Date(), "when it was made; after `closes` it does not count", required=True),
    ),
)
RESOLUTION = Mapping(
    record=Resolution,
    identified_by="outcome",
    description="how the question resolved, set by a maintainer of the purpose",
    fields=(
        Field("outcome", Choice(OUTCOMES), 'quoted "yes" or "no"', required=True),
        Field("date", Date(), "when it was resolved", required=True),
        Field("by", Id(), "handle of the maintainer who resolved it"),
    ),
)
FORECAST_FIELDS = (
    Field("closes", Date(), "predictions dated after this do not count", required=True, kinds=("forecast",)),
    Field("criteria", Prose(max_length=2000), "how it resolves (required unless `resolves`)", kinds=("forecast",)),
    Field(
        "resolves",
        GoalRef(),
        "goal:<id>: resolves yes when that goal of this purpose reaches its target on or before `closes`",
        kinds=("forecast",),
    ),
    Field("predictions", ListOf(PREDICTION), "append-only list of predictions", kinds=("forecast",)),
    Field("resolution", RESOLUTION, "the outcome, once resolved", kinds=("forecast",), default=None),
)
