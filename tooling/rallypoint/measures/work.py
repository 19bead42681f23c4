"""Recognition: what kind of work each person does, in the all-contributors spirit.

Writing counts by kind (front matter ``authors``); the social actions count only when git
proves them (a verified accepted answer, a verified endorsement given); reviews come from
``Reviewed-by:`` trailers and edits from commits that change a contribution someone does not
author. Every count is of the community as measured (on a past day, of what existed then).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from ..addresses import contribution_key
from ..history.claims import Claims
from ..history.log import Commit
from ..history.people import PersonKeys
from ..model.records import Community
from ..model.schema import KINDS

ACTIONS = ("accepted_answers", "endorsements", "reviews", "edits")
"""The work that is not writing a contribution, in the order reports list it."""

ALL_CONTRIBUTORS_TYPES = {
    "articles": "doc",
    "posts": "blog",
    "notes": "content",
    "bookmarks": "content",
    "ideas": "ideas",
    "questions": "content",
    "answers": "question",
    "accepted_answers": "question",
    "forecasts": "research",
    "endorsements": "ideas",
    "reviews": "review",
    "edits": "content",
}
"""Each kind of work as an all-contributors contribution type (allcontributors.org/docs/en/emoji-key)."""


LABELS = {
    "accepted_answers": ("accepted answer", "accepted answers"),
    "endorsements": ("endorsement given", "endorsements given"),
    "reviews": ("review", "reviews"),
    "edits": ("contribution edited", "contributions edited"),
}
"""How pages name each kind of work that is not a kind of contribution: (one, several)."""


def label(work: str, count: int) -> str:
    """``3 articles``, ``1 accepted answer``, ``2 endorsements given``."""
    one, several = LABELS.get(work, (work[:-1], work))
    return f"{count} {one if count == 1 else several}"


def plural(kind: str) -> str:
    """A kind's key in a person's work: ``article`` → ``articles``."""
    return f"{kind}s"


@dataclass(frozen=True)
class Work:
    """What one person did: contributions written by kind, and the other kinds of work."""

    written: Mapping[str, int] = field(default_factory=dict)
    """Kind → contributions they author, kinds with none left out."""
    accepted_answers: int = 0
    endorsements: int = 0
    reviews: int = 0
    edits: int = 0
    """Contributions they changed in a commit without being one of their authors."""

    def as_dict(self) -> dict[str, int]:
        """Every kind of work, zero included, in a fixed order: ``articles`` … ``edits``."""
        out = {plural(kind): self.written.get(kind, 0) for kind in KINDS}
        return out | {action: getattr(self, action) for action in ACTIONS}

    def kinds(self) -> list[tuple[str, int]]:
        """(kind of work, count) of the work they did, most first: what a profile shows."""
        done = [(k, n) for k, n in self.as_dict().items() if n]
        return sorted(done, key=lambda kv: -kv[1])


NO_WORK = Work()


def measure_work(
    community: Community,
    seen: Collection[str],
    claims: Claims,
    commits: Iterable[Commit],
    keys: PersonKeys,
) -> dict[str, Work]:
    """Each person's work, by person key, over the contributions in ``seen`` and ``commits``."""
    items = community.contributions
    written: dict[str, Counter[str]] = defaultdict(Counter)
    for key in seen:
        for handle in items[key].authors:
            written[handle][items[key].kind] += 1
    accepted: Counter[str] = Counter()
    for question, claim in claims.acceptances.items():
        answer = contribution_key(items[question].purpose, claim.value) if question in items else None
        if claim.verified and answer in seen and question in seen:
            accepted.update(items[answer].authors)
    endorsed: Counter[str] = Counter(
        c.value for idea, found in claims.endorsements.items() if idea in seen for c in found if c.verified
    )
    reviews: Counter[str] = Counter()
    edited: dict[str, set[str]] = defaultdict(set)
    by_path = {item.path: key for key, item in items.items() if key in seen}
    for commit in commits:
        reviews.update({keys.key(p) for p in commit.reviewers})
        touched = {by_path[c.current] for c in commit.changes if c.current in by_path}
        for person in {keys.key(p) for p in commit.people}:
            edited[person].update(k for k in touched if person not in items[k].authors)
    people = {*written, *accepted, *endorsed, *reviews, *(p for p, e in edited.items() if e)}
    return {
        person: Work(
            dict(written.get(person, {})),
            accepted[person],
            endorsed[person],
            reviews[person],
            len(edited.get(person, ())),
        )
        for person in people
    }


def all_contributors(community: Community, people: Mapping[str, Work]) -> dict:
    """An ``.all-contributorsrc`` for the community: every profile with work to show, its
    contribution types from :data:`ALL_CONTRIBUTORS_TYPES` (``maintenance`` for maintainers of
    a purpose). People known from git only have no login to show, so they are left out."""
    repo = (community.settings.repo_url or "").rstrip("/").removesuffix(".git")
    owner, _, name = repo.removeprefix("https://github.com/").partition("/") if "github.com/" in repo else ("", "", "")
    maintainers = {h for p in community.purposes.values() for h in p.maintainers}
    maintainers.update(community.settings.maintainers)
    listed = []
    for handle, person in sorted(community.contributors.items()):
        work = people.get(handle, NO_WORK)
        types = dict.fromkeys(ALL_CONTRIBUTORS_TYPES[kind] for kind, _ in work.kinds())
        if handle in maintainers:
            types["maintenance"] = None
        if not types:
            continue
        entry = {"login": person.github or handle, "name": person.name}
        if person.github:
            entry["avatar_url"] = f"https://github.com/{person.github}.png"
        profile = f"https://github.com/{person.github}" if person.github else next(iter(person.links), None)
        if profile:
            entry["profile"] = profile
        listed.append(entry | {"contributions": sorted(types)})
    return {
        "projectName": name or community.settings.name or "community",
        "projectOwner": owner,
        "repoType": "github",
        "repoHost": "https://github.com",
        "files": ["README.md"],
        "imageSize": 100,
        "commit": False,
        "commitConvention": "none",
        "contributorsPerLine": 7,
        "contributors": listed,
    }
