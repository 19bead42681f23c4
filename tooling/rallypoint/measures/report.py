"""The community's measurements on one day, and the JSON document of DESIGN.md section 7.

:func:`measure_community` gathers everything once; purpose pages, home cards, /dashboard/,
``/report.json`` and ``rallypoint report`` all read the :class:`Measures` it returns.
:func:`report_dict` is the section-7 document, key for key.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..history.claims import Claims, verify_claims
from ..history.log import History
from ..history.people import PersonKeys
from ..model.records import Community
from .activity import gather_activity, start_of, today_of, until
from .forecasts import ForecastMeasure, measure_forecasts, person_scores
from .goals import GoalMeasure, measure_goals
from .health import Health, measure_health
from .work import NO_WORK, Work, measure_work


@dataclass(frozen=True)
class IdeaMeasure:
    slug: str
    status: str
    endorsements: int
    """Verified endorsements: the commit that first added the handle is theirs (DESIGN section 3)."""
    unverified: int
    """Handles in ``endorsed_by`` that no commit by them proves: claims, counted nowhere."""


@dataclass(frozen=True)
class PurposeMeasures:
    id: str
    contributions: int
    """The purpose's contributions on the day measured."""
    goals: tuple[GoalMeasure, ...]
    health: Health
    ideas: tuple[IdeaMeasure, ...]
    """Most endorsed first."""
    forecasts: tuple[ForecastMeasure, ...] = ()
    """Its forecasts, closing soonest first, with how they resolved and their scores."""

    def goals_in(self, state: str) -> int:
        return sum(1 for g in self.goals if g.state == state)


@dataclass(frozen=True)
class PersonMeasures:
    contributions: int
    """Contributions they author (front matter ``authors``)."""
    brier: float | None = None
    forecasts: int = 0
    work: Work = NO_WORK
    """What kind of work they do (``measures.work``)."""


@dataclass(frozen=True)
class Measures:
    commit: str | None
    """The commit measured: HEAD, or for a past day the last commit on community files by then."""
    today: str
    purposes: Mapping[str, PurposeMeasures]
    """By purpose id, in id order."""
    people: Mapping[str, PersonMeasures]
    """Every profile and everyone active in a purpose, by person key, in key order."""
    claims: Claims = field(default_factory=lambda: Claims(False))
    """Every endorsement and acceptance, verified or not."""


def measure_community(
    community: Community,
    history: History,
    *,
    today: _dt.date | None = None,
    past: bool = False,
    keys: PersonKeys | None = None,
) -> Measures:
    """Every measurement of ``community`` on ``today`` (default: :func:`today_of` the history).

    With ``past``, the community as it was at the end of ``today``: only the contributions,
    commits and people that had appeared by then count, under today's files (so a goal's
    count then is the contributions listing it now that existed then). ``keys`` turns git
    identities into person keys; pass the site's own so that both agree on people known from
    git only.
    """
    day = today or today_of(history)
    keys = keys or PersonKeys(community.contributors)
    activity = gather_activity(community, history, keys)
    limit = start_of(day + _dt.timedelta(days=1))
    if past:
        activity = {pid: until(a, limit) for pid, a in activity.items()}
    items = community.contributions
    claims = verify_claims(community, history, community.settings.require_signed)
    purposes = {}
    for pid in sorted(community.purposes):
        purpose, act = community.purposes[pid], activity[pid]
        ideas = sorted(
            (
                IdeaMeasure(
                    items[k].slug,
                    items[k].status or "proposed",
                    len(claims.endorsers(k)),
                    len(claims.endorsers(k, verified=False)),
                )
                for k in act.first_seen
                if items[k].kind == "idea"
            ),
            key=lambda i: (-i.endorsements, i.slug),
        )
        goals = tuple(measure_goals(purpose, items, act.first_seen, day))
        purposes[pid] = PurposeMeasures(
            id=pid,
            contributions=len(act.first_seen),
            goals=goals,
            health=measure_health(purpose, items, act, day),
            ideas=tuple(ideas),
            forecasts=tuple(measure_forecasts(community, list(act.first_seen), goals, claims, day.isoformat())),
        )
    authored: dict[str, int] = dict.fromkeys(community.contributors, 0)
    for act in activity.values():
        for key in act.first_seen:
            for handle in items[key].authors:
                authored[handle] = authored.get(handle, 0) + 1
        for person in act.seen:
            authored.setdefault(person, 0)
    scored = person_scores([f for p in purposes.values() for f in p.forecasts])
    for handle in scored:
        authored.setdefault(handle, 0)
    commits = [c for c in history.commits if c.timestamp < limit] if past else history.commits
    seen = {key for act in activity.values() for key in act.first_seen}
    work = measure_work(community, seen, claims, commits, keys)
    for person in work:
        authored.setdefault(person, 0)
    commit = history.head
    if past:
        commit = next((c.sha for c in history.commits if c.timestamp < limit), None)
    return Measures(
        commit=commit,
        today=day.isoformat(),
        purposes=purposes,
        people={
            person: PersonMeasures(authored[person], *scored.get(person, (None, 0)), work=work.get(person, NO_WORK))
            for person in sorted(authored)
        },
        claims=claims,
    )


_STATUS_ORDER = {"active": 0, "paused": 1, "retired": 2}


def attention_order(community: Community, measures: Measures) -> list[str]:
    """Purpose ids, those that need attention first: most overdue goals, then most behind, then
    active before paused before retired, then by title."""

    def attention(pid: str) -> tuple:
        measured, purpose = measures.purposes[pid], community.purposes[pid]
        return (
            -measured.goals_in("overdue"),
            -measured.goals_in("behind"),
            _STATUS_ORDER.get(purpose.status, len(_STATUS_ORDER)),
            purpose.title.casefold(),
            pid,
        )

    return sorted(measures.purposes, key=attention)


def report_dict(measures: Measures) -> dict:
    """``rallypoint report --format json`` and ``/report.json``: DESIGN.md section 7, key for key."""
    return {
        "commit": measures.commit,
        "today": measures.today,
        "purposes": {pid: _purpose_dict(p) for pid, p in measures.purposes.items()},
        "people": {
            key: {
                "contributions": p.contributions,
                "brier": None if p.brier is None else round(p.brier, 4),
                "forecasts": p.forecasts,
                "work": p.work.as_dict(),
            }
            for key, p in measures.people.items()
        },
    }


def _purpose_dict(p: PurposeMeasures) -> dict:
    h = p.health
    return {
        "goals": [
            {"id": g.id, "count": g.count, "target": g.target, "percent": g.percent, "due": g.due, "state": g.state}
            for g in p.goals
        ],
        "health": {
            "contributors": h.contributors,
            "new_contributors": dict(h.new_contributors),
            "active_contributors_90d": h.active_contributors_90d,
            "absence_factor": h.absence_factor,
            "unanswered_questions": h.unanswered_questions,
            "median_days_to_first_answer": h.median_days_to_first_answer,
        },
        "ideas": [
            {"slug": i.slug, "status": i.status, "endorsements": i.endorsements, "unverified": i.unverified}
            for i in p.ideas
        ],
        "forecasts": [
            {"slug": f.slug, "outcome": f.outcome, "brier": {h: round(s, 4) for h, s in f.brier.items()}}
            for f in p.forecasts
        ],
    }


def report_json(measures: Measures) -> str:
    """The section-7 document as the text ``report --format json`` prints and ``/report.json`` holds."""
    return json.dumps(report_dict(measures), indent=2, ensure_ascii=False) + "\n"
