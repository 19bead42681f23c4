"""Who did what in each purpose, and when: the raw material of every measurement.

One walk over :attr:`History.commits <rallypoint.history.log.History.commits>` (no second git
pass) credits each commit to the purposes whose files it touched, following each file to the
path it has now; contributions that git does not know yet (no repository, a file not committed)
are dated by their front matter instead. Days are UTC days, weeks start on Monday.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Mapping
from dataclasses import dataclass, field

from ..addresses import purpose_of
from ..history.log import History
from ..history.people import PersonKeys
from ..model.records import Community

DAY = 86_400


def day_of(timestamp: int) -> _dt.date:
    """The UTC day of a unix time."""
    return _dt.datetime.fromtimestamp(timestamp, _dt.UTC).date()


def start_of(day: str | _dt.date) -> int:
    """Midnight UTC at the start of ``day``, as a unix time: when a dated contribution counts."""
    if isinstance(day, str):
        day = _dt.date.fromisoformat(day)
    return int(_dt.datetime(day.year, day.month, day.day, tzinfo=_dt.UTC).timestamp())


def week_of(day: _dt.date) -> _dt.date:
    """The Monday that starts ``day``'s week."""
    return day - _dt.timedelta(days=day.weekday())


def today_of(history: History, environ: Mapping[str, str] = os.environ) -> _dt.date:
    """The day measurements are taken on: HEAD's commit date, so one commit always gives one result.

    Without git history, ``SOURCE_DATE_EPOCH`` when it is set; failing that, the clock (a
    community outside git has no commit to be reproducible from).
    """
    if history.last_timestamp is not None:
        return day_of(history.last_timestamp)
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return day_of(int(epoch))
    return _dt.datetime.now(_dt.UTC).date()


@dataclass(frozen=True)
class Event:
    """One piece of work on a purpose: a commit, or a contribution git does not know yet."""

    when: int
    """Unix seconds: the commit's author time, or midnight UTC of the contribution's ``date``."""
    people: tuple[str, ...]
    """Person keys credited: the commit's author and co-authors (no bots), or the contribution's authors."""


@dataclass
class PurposeActivity:
    """Everything that happened in one purpose, oldest first once :func:`gather_activity` returns."""

    events: list[Event] = field(default_factory=list)
    first_seen: dict[str, int] = field(default_factory=dict)
    """Contribution key → when it appeared: its first commit, or midnight of its ``date``."""
    seen: dict[str, list[int]] = field(default_factory=dict)
    """Person key → every time they were active: events crediting them and the contributions they author."""

    def see(self, person: str, when: int) -> None:
        """Note that ``person`` was active at ``when``."""
        self.seen.setdefault(person, []).append(when)


def gather_activity(community: Community, history: History, keys: PersonKeys) -> dict[str, PurposeActivity]:
    """Each purpose's events, contributions' first appearance and people's active times."""
    activity = {pid: PurposeActivity() for pid in community.purposes}
    for commit in reversed(history.commits):
        purposes = {purpose_of(change.current) for change in commit.changes}
        purposes.discard(None)
        if not purposes:
            continue
        event = Event(commit.timestamp, tuple(dict.fromkeys(keys.key(p) for p in commit.people)))
        for pid in sorted(purposes):
            if pid in activity:
                activity[pid].events.append(event)
    for key, item in community.contributions.items():
        purpose = activity.get(item.purpose)
        if purpose is None:
            continue
        file = history.files.get(item.path)
        when = file.created if file is not None else start_of(item.date)
        if file is None:
            purpose.events.append(Event(when, item.authors))
        purpose.first_seen[key] = when
        for handle in item.authors:
            purpose.see(handle, when)
    for purpose in activity.values():
        purpose.events.sort(key=lambda e: e.when)
        for event in purpose.events:
            for person in event.people:
                purpose.see(person, event.when)
    return activity


def until(activity: PurposeActivity, limit: int) -> PurposeActivity:
    """What of ``activity`` had happened before the unix time ``limit``: the purpose as it was then."""
    return PurposeActivity(
        events=[e for e in activity.events if e.when < limit],
        first_seen={k: t for k, t in activity.first_seen.items() if t < limit},
        seen={p: kept for p, times in activity.seen.items() if (kept := [t for t in times if t < limit])},
    )
