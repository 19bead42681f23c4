"""Purpose health: its people, how much it leans on a few of them, how questions fare, how busy it is.

The definitions are DESIGN.md section 7's. The *people* of a purpose are the authors of its
contributions and everyone git credits on its charter or its ``content/<id>/`` files
(co-authors included, bots never); a person's first activity is the earliest of those. The
*contributor absence factor* (CHAOSS) is the fewest people whose credited commits make up at
least half of all the purpose's credited commits: 1 means one person's absence would halve
the work. Contributions git does not know yet count as one credit for each of their authors.
"""

from __future__ import annotations

import datetime as _dt
import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass

from ..addresses import contribution_key
from ..model.records import Contribution, Purpose
from .activity import DAY, PurposeActivity, day_of, week_of

ACTIVE_DAYS = 90
WEEKS_SHOWN = 26
MONTHS_SHOWN = 24


@dataclass(frozen=True)
class Health:
    """One purpose's health as measured on a day."""

    people: tuple[str, ...]
    """Person keys, in the order of their first activity."""
    new_contributors: Mapping[str, int]
    """``YYYY-MM`` → people whose first activity was in that month; only months with someone new."""
    new_by_month: tuple[tuple[str, int], ...]
    """Every month up to today's (the last 24 at most), with how many people were new in it."""
    active: tuple[str, ...]
    """People active in the 90 days up to today."""
    absence: tuple[tuple[str, int], ...]
    """The fewest people whose credited commits make up half of all, with their counts, most first."""
    credits: int
    """All credited commits on the purpose's files: one for each person a commit credits."""
    answered: tuple[str, ...]
    """Keys of questions with at least one answer, oldest first."""
    unanswered: tuple[str, ...]
    """Keys of questions nobody has answered, oldest first."""
    median_days_to_first_answer: float | None
    """Over answered questions: days from the question's first commit to its first answer's, rounded to 0.1."""
    activity_by_week: tuple[tuple[str, int], ...]
    """(Monday, commits and new uncommitted contributions that week), for the last 26 weeks."""
    last_activity: str | None

    @property
    def contributors(self) -> int:
        return len(self.people)

    @property
    def active_contributors_90d(self) -> int:
        return len(self.active)

    @property
    def absence_factor(self) -> int:
        return len(self.absence)

    @property
    def unanswered_questions(self) -> int:
        return len(self.unanswered)


def measure_health(
    purpose: Purpose, contributions: Mapping[str, Contribution], activity: PurposeActivity, today: _dt.date
) -> Health:
    """The health of ``purpose`` on ``today`` from its gathered activity."""
    first = {person: min(day_of(min(times)), today) for person, times in activity.seen.items()}
    people = tuple(sorted(first, key=lambda p: (first[p], p)))
    new = Counter(first[p].strftime("%Y-%m") for p in people)
    since = today - _dt.timedelta(days=ACTIVE_DAYS - 1)
    active = tuple(p for p in people if day_of(max(activity.seen[p])) >= since)
    times = [e.when for e in activity.events] + list(activity.first_seen.values())
    started = _dt.date.fromisoformat(purpose.started)
    answered, unanswered, median = _questions(purpose.id, contributions, activity.first_seen)
    credits = Counter(person for event in activity.events for person in event.people)
    return Health(
        people=people,
        new_contributors=dict(sorted(new.items())),
        new_by_month=_months(min([started, today, *first.values()]), today, new),
        active=active,
        absence=_absence(credits),
        credits=sum(credits.values()),
        answered=answered,
        unanswered=unanswered,
        median_days_to_first_answer=median,
        activity_by_week=_weeks((min(day_of(e.when), today) for e in activity.events), today),
        last_activity=min(day_of(max(times)), today).isoformat() if times else None,
    )


def _absence(credits: Counter[str]) -> tuple[tuple[str, int], ...]:
    total, running, fewest = sum(credits.values()), 0, []
    for person, count in sorted(credits.items(), key=lambda kv: (-kv[1], kv[0])):
        if 2 * running >= total:
            break
        fewest.append((person, count))
        running += count
    return tuple(fewest)


def _questions(
    purpose: str, contributions: Mapping[str, Contribution], first_seen: Mapping[str, int]
) -> tuple[tuple[str, ...], tuple[str, ...], float | None]:
    """Answered and unanswered questions, and the median days to a first answer over the answered ones."""
    first_answer: dict[str, int] = {}
    for key, when in first_seen.items():
        item = contributions[key]
        if item.kind == "answer" and item.answers:
            question = contribution_key(purpose, item.answers)
            first_answer[question] = min(when, first_answer.get(question, when))
    questions = sorted((k for k in first_seen if contributions[k].kind == "question"), key=lambda k: (first_seen[k], k))
    waits = [max(0, first_answer[q] - first_seen[q]) / DAY for q in questions if q in first_answer]
    median = round(statistics.median(waits), 1) if waits else None
    answered = tuple(q for q in questions if q in first_answer)
    return answered, tuple(q for q in questions if q not in first_answer), median


def _months(first: _dt.date, today: _dt.date, new: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    months, year, month = [], first.year, first.month
    while (year, month) <= (today.year, today.month):
        label = f"{year:04d}-{month:02d}"
        months.append((label, new.get(label, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return tuple(months[-MONTHS_SHOWN:])


def _weeks(days, today: _dt.date) -> tuple[tuple[str, int], ...]:
    last = week_of(today)
    first = last - _dt.timedelta(weeks=WEEKS_SHOWN - 1)
    counts = Counter(week_of(day) for day in days)
    return tuple(
        ((first + _dt.timedelta(weeks=i)).isoformat(), counts.get(first + _dt.timedelta(weeks=i), 0))
        for i in range(WEEKS_SHOWN)
    )
