"""What changed between two days' measurements: the "since" of ``rallypoint report``."""

from __future__ import annotations

from dataclasses import dataclass

from .goals import GoalMeasure
from .report import Measures


@dataclass(frozen=True)
class GoalChange:
    before: GoalMeasure | None
    """None for a goal the charter did not have then, or that had no contribution counted."""
    after: GoalMeasure


@dataclass(frozen=True)
class PurposeChanges:
    """One purpose between two days; every list holds only what changed."""

    id: str
    goals: tuple[GoalChange, ...]
    """Goals whose count or state changed."""
    new_people: tuple[str, ...]
    """People whose first activity in the purpose came after the earlier day."""
    new_contributions: int
    answered: tuple[str, ...]
    """Questions unanswered then (or new since) that have an answer now."""

    def __bool__(self) -> bool:
        return bool(self.goals or self.new_people or self.new_contributions or self.answered)


def compare(then: Measures, now: Measures) -> tuple[PurposeChanges, ...]:
    """How each purpose of ``now`` moved since ``then``, in purpose order."""
    found = []
    for pid, after in now.purposes.items():
        before = then.purposes.get(pid)
        old_goals = {g.id: g for g in before.goals} if before else {}
        goals = tuple(
            GoalChange(old_goals.get(g.id), g)
            for g in after.goals
            if g.id not in old_goals or (old_goals[g.id].count, old_goals[g.id].state) != (g.count, g.state)
        )
        old_people = set(before.health.people) if before else set()
        answered_then = set(before.health.answered) if before else set()
        found.append(
            PurposeChanges(
                id=pid,
                goals=goals,
                new_people=tuple(p for p in after.health.people if p not in old_people),
                new_contributions=after.contributions - (before.contributions if before else 0),
                answered=tuple(q for q in after.health.answered if q not in answered_then),
            )
        )
    return tuple(found)
