"""The idea engine's board (``/ideas/``) and the answer marketplace's open questions (``/questions/``).

Both read only verified actions (:mod:`rallypoint.history.claims`) for ranking: a claimed
endorsement is shown beside an idea but never moves it up, and an answer counts as accepted
only when the question's author or a maintainer of its purpose accepted it.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Mapping
from dataclasses import dataclass

from ..measures import Measures
from ..model.records import Community
from ..model.schema import IDEA_STATUSES

OPEN_STATUSES = ("proposed", "evaluating", "accepted", "in-progress")
"""Ideas still in play; done, declined and withdrawn ones are settled."""


@dataclass(frozen=True)
class IdeaEntry:
    key: str
    status: str
    support: int
    """Verified endorsements."""
    claimed: int
    """Endorsements no commit by the endorser proves: shown, never counted."""
    reached: bool
    """Whether the support meets the purpose's threshold (False when it sets none)."""


@dataclass(frozen=True)
class IdeaBoard:
    by_purpose: Mapping[str, tuple[IdeaEntry, ...]]
    """Purpose id → its open ideas, most supported first; only purposes that have ideas."""
    by_status: Mapping[str, tuple[IdeaEntry, ...]]
    """Every idea status, in the order ideas move through them → its ideas, most supported first."""
    needed: Mapping[str, int]
    """Purpose id → the verified endorsements that carry an idea there, for purposes with a threshold."""
    active: Mapping[str, int]
    """Purpose id → its people active in the last 90 days."""


def idea_board(community: Community, measures: Measures) -> IdeaBoard:
    claims = measures.claims
    ideas = [c for c in community.contributions.values() if c.kind == "idea"]
    needed, active = {}, {}
    for pid, purpose in community.purposes.items():
        active[pid] = measures.purposes[pid].health.active_contributors_90d
        if purpose.idea_threshold is not None:
            needed[pid] = max(1, math.ceil(purpose.idea_threshold * active[pid] - 1e-9))
    entries = {}
    for item in ideas:
        support = len(claims.endorsers(item.key))
        reached = item.purpose in needed and support >= needed[item.purpose]
        status = item.status or "proposed"
        entries[item.key] = IdeaEntry(item.key, status, support, len(claims.endorsers(item.key, False)), reached)

    def ranked(keys) -> tuple[IdeaEntry, ...]:
        return tuple(sorted((entries[k] for k in keys), key=lambda e: (-e.support, e.key)))

    by_purpose = {
        pid: ranked(i.key for i in ideas if i.purpose == pid and entries[i.key].status in OPEN_STATUSES)
        for pid in sorted(community.purposes)
    }
    by_status = {s: ranked(k for k, e in entries.items() if e.status == s) for s in IDEA_STATUSES}
    return IdeaBoard({p: e for p, e in by_purpose.items() if e}, by_status, needed, active)


@dataclass(frozen=True)
class OpenQuestion:
    key: str
    asked: str
    waited_days: int
    answers: int
    claimed_acceptance: bool
    """It names an accepted answer, but no commit by its author or a maintainer proves that."""


def open_questions(
    community: Community, answers: Mapping[str, list[str]], measures: Measures
) -> dict[str, tuple[OpenQuestion, ...]]:
    """Purpose id → its questions without a verified accepted answer, oldest first."""
    today = _dt.date.fromisoformat(measures.today)
    out: dict[str, list[OpenQuestion]] = {}
    for item in community.contributions.values():
        if item.kind != "question" or measures.claims.accepted(item.key):
            continue
        waited = max(0, (today - _dt.date.fromisoformat(item.date)).days)
        entry = OpenQuestion(item.key, item.date, waited, len(answers.get(item.key, ())), bool(item.accepted))
        out.setdefault(item.purpose, []).append(entry)
    return {pid: tuple(sorted(out[pid], key=lambda q: (q.asked, q.key))) for pid in sorted(out)}
