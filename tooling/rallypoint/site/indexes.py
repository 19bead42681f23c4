"""Pure functions from the model and git history to what the site shows.

Nothing here reads files or renders markup: the result is plain data that templates lay out,
so the site generator can change without touching the aggregation.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ..addresses import Page, contribution_key, wanted_anchor
from ..history.claims import Claims
from ..history.log import Commit, History
from ..history.people import PersonKeys
from ..measures import GoalMeasure, Measures, attention_order, measure_community
from ..measures.work import NO_WORK, Work
from ..model.records import Community
from ..model.wikilinks import find_wikilinks

KIND_ORDER = ("article", "question", "answer", "idea", "forecast", "post", "note", "bookmark")
KIND_PLURALS = {
    "article": "Articles",
    "question": "Questions",
    "answer": "Answers",
    "idea": "Ideas",
    "forecast": "Forecasts",
    "post": "Posts",
    "note": "Notes",
    "bookmark": "Bookmarks",
}
CHANGES_PER_COMMIT = 12


@dataclass
class PersonEntry:
    """A person as the site shows them: a profile, or a git identity only."""

    key: str
    name: str
    has_profile: bool
    github: str | None = None
    bio: str | None = None
    links: tuple[str, ...] = ()
    authored: list[str] = field(default_factory=list)
    edited: list[str] = field(default_factory=list)
    purposes: list[str] = field(default_factory=list)
    first: str | None = None
    last: str | None = None
    top_tags: list[tuple[str, int]] = field(default_factory=list)
    collaborators: list[tuple[str, int]] = field(default_factory=list)
    work: Work = NO_WORK
    """What kind of work they do, as ``rallypoint report`` counts it."""

    @property
    def count(self) -> int:
        return len(self.authored)


@dataclass
class PageHistory:
    """What git says about one page."""

    created: str | None = None
    updated: str | None = None
    updated_at: int | None = None
    """The last commit's author time, unix seconds: what "Recently changed" orders by."""
    updated_by: list[str] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    commits: int = 0


@dataclass
class PurposeEntry:
    id: str
    by_kind: list[tuple[str, list[str]]]
    goals: tuple[GoalMeasure, ...]
    """Measured on the day of the build: count, state, progress by week (see ``measures``)."""
    contributors: list[str]
    contributions: list[str]


@dataclass
class ChangeLine:
    """One file a commit changed, as Recent changes lists it under the commit."""

    action: str  # added | edited | renamed | removed
    path: str
    old_path: str | None
    page: Page | None  # the contribution, charter or profile page, when it still exists
    title: str


@dataclass
class CommitEntry:
    """One commit on Recent changes: who, when, why, and the files it changed."""

    sha: str
    time: str  # HH:MM, UTC
    moment: str  # ISO 8601, for <time datetime>
    people: list[str]
    subject: str
    files: list[ChangeLine]
    more: int = 0
    """How many more files it changed than are listed."""


@dataclass
class RecentEntry:
    """A contribution on the home page's "Recently changed", and when it last changed."""

    key: str
    day: str
    moment: str
    committed: bool
    """Whether git says when (else: the contribution's date, as it is not committed yet)."""


@dataclass
class WantedPage:
    """A page that links lead to but nobody has written yet."""

    target: str  # as the links write it: `slug` or `purpose/slug`
    anchor: str  # the id of its entry on /wanted/, which links to it point at
    wanted_by: list[Page]  # the contribution and charter pages that link to it


@dataclass
class Indexes:
    people: dict[str, PersonEntry]
    tags: dict[str, list[str]]
    purposes: dict[str, PurposeEntry]
    backlinks: dict[str, list[Page]]  # contribution key → the pages that link to it
    wanted: list[WantedPage]  # most wanted first
    links: dict[Page, list[tuple[str, str | None]]]  # page → [(target, contribution key or None)]
    answers: dict[str, list[str]]
    histories: dict[str, PageHistory]
    changes: list[tuple[str, list[CommitEntry]]]
    """Commits by day, newest first."""
    recent: list[RecentEntry]
    """Contributions by their last commit (their date, when git has none), newest first."""
    newest_people: list[str]
    measures: Measures
    """Goals, health and the rest of DESIGN section 7, as ``rallypoint report`` gives them."""
    dashboard: list[str]
    """Purpose ids in the dashboard's order: overdue and behind goals first."""


def _day(timestamp: int) -> str:
    return _dt.datetime.fromtimestamp(timestamp, _dt.UTC).date().isoformat()


def _newest_first(community: Community, keys: Iterable[str]) -> list[str]:
    items = community.contributions
    return sorted(set(keys), key=lambda k: (items[k].date, k), reverse=True)


def build_indexes(community: Community, history: History) -> Indexes:
    """Everything the site's pages need, computed once."""
    keys = PersonKeys(community.contributors)
    histories = _histories(history, keys)
    people = _people(community, history, histories, keys)
    backlinks, wanted, links = _links(community)
    # After _people, which has met every git identity: measures then name people as pages do.
    measures = measure_community(community, history, keys=keys)
    for key, entry in people.items():
        measured = measures.people.get(key)
        entry.work = measured.work if measured else NO_WORK
    return Indexes(
        people=people,
        tags=_tags(community),
        purposes=_purposes(community, histories, measures),
        backlinks=backlinks,
        wanted=wanted,
        links=links,
        answers=_answers(community, measures.claims),
        histories=histories,
        changes=_changes(community, history.commits[:100], keys),
        recent=_recently_changed(community, histories),
        newest_people=_newest_people(people),
        measures=measures,
        dashboard=attention_order(community, measures),
    )


def _histories(history: History, keys: PersonKeys) -> dict[str, PageHistory]:
    return {
        path: PageHistory(
            created=_day(file.created),
            updated=_day(file.updated),
            updated_at=file.updated,
            updated_by=list(dict.fromkeys(keys.key(p) for p in file.updated_by)),
            editors=list(dict.fromkeys(keys.key(p) for p in file.editors)),
            commits=file.commits,
        )
        for path, file in history.files.items()
    }


def _editors(histories: Mapping[str, PageHistory], path: str) -> list[str]:
    page = histories.get(path)
    return page.editors if page else []


def _people(
    community: Community, history: History, histories: Mapping[str, PageHistory], keys: PersonKeys
) -> dict[str, PersonEntry]:
    """Profiles and people known from git only, by name, with what each wrote and touched."""
    items = community.contributions
    people: dict[str, PersonEntry] = {
        p.handle: PersonEntry(p.handle, p.name, True, p.github, p.bio, p.links) for p in community.contributors.values()
    }
    authored_by: dict[str, set[str]] = defaultdict(set)
    edited_by: dict[str, set[str]] = defaultdict(set)
    for key, item in items.items():
        for handle in item.authors:
            authored_by[handle].add(key)
        for person in _editors(histories, item.path):
            edited_by[person].add(key)
    active_days: dict[str, set[str]] = defaultdict(set)
    for commit in history.commits:
        for person in commit.people:
            active_days[keys.key(person)].add(_day(commit.timestamp))
        for person in commit.reviewers:  # a reviewer may never have committed: a page all the same
            keys.key(person)
    for key, name in keys.git_only_names.items():
        people.setdefault(key, PersonEntry(key, name, False))
    for key, entry in people.items():
        mine = authored_by.get(key, set())
        entry.authored = _newest_first(community, mine)
        entry.edited = _newest_first(community, edited_by.get(key, set()) - mine)
        touched = entry.authored + entry.edited
        dates = sorted({items[k].date for k in entry.authored} | active_days.get(key, set()))
        entry.first, entry.last = (dates[0], dates[-1]) if dates else (None, None)
        entry.purposes = sorted({items[k].purpose for k in touched})
        entry.top_tags = Counter(t for k in touched for t in items[k].tags).most_common(8)
        together: Counter[str] = Counter()
        for k in touched:
            together.update({p for p in (*items[k].authors, *_editors(histories, items[k].path)) if p != key})
        entry.collaborators = sorted(together.items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    return dict(sorted(people.items(), key=lambda kv: kv[1].name.casefold()))


def _tags(community: Community) -> dict[str, list[str]]:
    tags: dict[str, list[str]] = defaultdict(list)
    for key, item in community.contributions.items():
        for tag in item.tags:
            tags[tag].append(key)
    return {t: _newest_first(community, ks) for t, ks in sorted(tags.items())}


def _links(
    community: Community,
) -> tuple[dict[str, list[Page]], list[WantedPage], dict[Page, list[tuple[str, str | None]]]]:
    """Backlinks, wanted pages (most wanted first) and every page's resolved links."""
    backlinks: dict[str, set[Page]] = defaultdict(set)
    wanted: dict[str, set[Page]] = defaultdict(set)
    links: dict[Page, list[tuple[str, str | None]]] = {}
    pages = [
        *((Page("contribution", k), c.body) for k, c in community.contributions.items()),
        *((Page("purpose", p.id), p.body) for p in community.purposes.values()),
    ]
    for page, body in pages:
        out = []
        for link in find_wikilinks(body):
            if link.problem:
                continue
            target = community.resolve_link(link.purpose, link.slug)
            out.append((link.target, target))
            if target is not None and Page("contribution", target) != page:
                backlinks[target].add(page)
            elif target is None and len(community.slugs.get(link.slug, ())) < 2:
                wanted[link.target].add(page)
        links[page] = out
    most_wanted = sorted(
        (WantedPage(t, wanted_anchor(t), sorted(v)) for t, v in wanted.items()),
        key=lambda w: (-len(w.wanted_by), w.target),
    )
    return {k: sorted(v) for k, v in backlinks.items()}, most_wanted, links


def _answers(community: Community, claims: Claims) -> dict[str, list[str]]:
    """Question key → its answers: the accepted one first when its acceptance is verified, then newest first."""
    items = community.contributions
    answers: dict[str, list[str]] = defaultdict(list)
    for key, item in items.items():
        if item.kind == "answer" and item.answers:
            question = contribution_key(item.purpose, item.answers)
            if question in items:
                answers[question].append(key)
    for question, keys in answers.items():
        accepted = items[question].accepted if claims.accepted(question) else None
        keys.sort(key=lambda k: (items[k].date, k), reverse=True)
        keys.sort(key=lambda k: items[k].slug != accepted)
    return dict(answers)


def _purposes(
    community: Community, histories: Mapping[str, PageHistory], measures: Measures
) -> dict[str, PurposeEntry]:
    items = community.contributions
    purposes: dict[str, PurposeEntry] = {}
    for pid in community.purposes:
        mine = _newest_first(community, (k for k, c in items.items() if c.purpose == pid))
        by_kind = [(kind, [k for k in mine if items[k].kind == kind]) for kind in KIND_ORDER]
        goals = measures.purposes[pid].goals
        contributors = Counter(
            p for k in mine for p in dict.fromkeys((*items[k].authors, *_editors(histories, items[k].path)))
        )
        purposes[pid] = PurposeEntry(
            pid,
            [(k, v) for k, v in by_kind if v],
            goals,
            [p for p, _ in sorted(contributors.items(), key=lambda kv: (-kv[1], kv[0]))],
            mine,
        )
    return purposes


def _recently_changed(community: Community, histories: Mapping[str, PageHistory]) -> list[RecentEntry]:
    """The ten contributions changed last, by the time of their last commit, across purposes.

    A contribution git does not know yet (not committed) counts from the start of its date.
    """
    entries = []
    for key, item in community.contributions.items():
        page = histories.get(item.path)
        committed = page is not None and page.updated_at is not None
        if committed:
            moment = _dt.datetime.fromtimestamp(page.updated_at, _dt.UTC)
        else:
            moment = _dt.datetime.fromisoformat(item.date).replace(tzinfo=_dt.UTC)
        entries.append((moment, key, committed))
    entries.sort(key=lambda entry: (-entry[0].timestamp(), entry[1]))
    return [RecentEntry(key, m.date().isoformat(), _iso(m), committed) for m, key, committed in entries[:10]]


def _iso(moment: _dt.datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _newest_people(people: Mapping[str, PersonEntry]) -> list[str]:
    first_seen = {key: entry.first for key, entry in people.items() if entry.first}
    return sorted(first_seen, key=lambda k: (first_seen[k], k), reverse=True)[:8]


def _page_of(community: Community, path: str) -> tuple[Page | None, str]:
    """The page that shows ``path`` now and its title; a page that is gone is titled by its id."""
    page = Page.of_source(path)
    if page is None:
        return None, path
    records = {
        "contribution": community.contributions,
        "purpose": community.purposes,
        "person": community.contributors,
    }[page.kind]
    record = records.get(page.id)
    if record is None:
        return None, page.id
    return page, record.name if page.kind == "person" else record.title


def _changes(community: Community, commits: Iterable[Commit], keys: PersonKeys) -> list[tuple[str, list[CommitEntry]]]:
    """Each commit once, newest first by its time, under its day, with the files it changed."""
    days: dict[str, list[CommitEntry]] = {}
    for commit in sorted(commits, key=lambda c: -c.timestamp):
        moment = _dt.datetime.fromtimestamp(commit.timestamp, _dt.UTC)
        files = []
        for change in commit.changes[:CHANGES_PER_COMMIT]:
            removed = change.action == "removed"
            page, title = _page_of(community, change.path if removed else change.current)
            files.append(ChangeLine(change.action, change.path, change.old_path, None if removed else page, title))
        days.setdefault(moment.date().isoformat(), []).append(
            CommitEntry(
                commit.sha,
                moment.strftime("%H:%M"),
                _iso(moment),
                list(dict.fromkeys(keys.key(p) for p in commit.people)),
                commit.subject,
                files,
                max(len(commit.changes) - CHANGES_PER_COMMIT, 0),
            )
        )
    return list(days.items())
