"""Synthetic communities for benchmarks and tests: valid by DESIGN.md section 3, sized at will.

    python benchmarks/synthetic.py DIR --contributions 10000 --contributors 500
    python benchmarks/synthetic.py DIR --contributions 2000 --contributors 200 --commits 3000

Everything is drawn from ``random.Random(seed)``, so a seed always gives the same files and,
with ``--commits``, the same history (same hashes, since authors and dates are fixed too).
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import random
import re
import sys
import tempfile
import time
import unicodedata
from bisect import bisect
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from pathlib import Path

import yaml

_Dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

KINDS = ("article", "post", "note", "bookmark", "idea", "question", "answer")
_KIND_WEIGHTS = (20, 14, 14, 10, 10, 16, 16)
IDEA_STATUSES = ("proposed", "accepted", "in-progress", "done", "declined")

_FIRST = (
    "Alice",
    "Bob",
    "Carol",
    "Dmitri",
    "Eve",
    "Farah",
    "Gustavo",
    "Hana",
    "Ivan",
    "Jun",
    "Kofi",
    "Lena",
    "Mateo",
    "Nadia",
    "Oskar",
    "Priya",
    "Quentin",
    "Rosa",
    "Sven",
    "Tomás",
    "Uma",
    "Viktor",
    "Wen",
    "Xavier",
    "Yusuf",
    "Zoë",
    "Amara",
    "Björn",
    "Chiara",
    "Diego",
    "Élodie",
    "Femi",
    "Greta",
    "Hiroshi",
    "Ines",
    "Jakub",
    "Kalani",
    "Łukasz",
    "Maëlle",
    "Noor",
    "Olu",
    "Pilar",
    "Ravi",
    "Siobhán",
    "Thandiwe",
    "Ulla",
    "Valentina",
    "Wiremu",
    "Yara",
    "Zeynep",
)
_LAST = (
    "Díaz",
    "Okafor",
    "Nguyen",
    "Schmidt",
    "Kowalski",
    "Haddad",
    "Tanaka",
    "Silva",
    "Murphy",
    "Ivanova",
    "Mensah",
    "García",
    "Larsen",
    "Rossi",
    "Chen",
    "Patel",
    "Novak",
    "Öztürk",
    "Fischer",
    "Moreau",
    "Kim",
    "Santos",
    "Jensen",
    "Abebe",
    "Costa",
    "Dubois",
    "Eriksson",
    "Fernández",
    "Gallagher",
    "Hoang",
    "Ishikawa",
    "Jovanović",
    "Kariuki",
    "Lindqvist",
    "Mbeki",
    "Nakamura",
    "O'Brien",
    "Popescu",
    "Quispe",
    "Ramírez",
)
_TIMEZONES = tuple(dt.timezone(dt.timedelta(minutes=m)) for m in (0, 60, 120, -300, -480, 330, 540, -180))

_THEMES = (
    (
        "repair-guides",
        "Repair guides for every household appliance",
        "Keep appliances out of landfill by writing down how to fix them.",
        ("washing-machine", "pumps", "dishwasher", "spare-parts", "tools", "safety", "electronics"),
        (
            ("washing-machines", "A guide for each of the 20 most common washing machines"),
            ("repair-cafe", "Run a repair café every month"),
            ("parts-index", "An index of where to buy spare parts"),
        ),
    ),
    (
        "accessible-paths",
        "Mapping accessible paths in our town",
        "Everyone should know which streets they can use with a wheelchair or a pram.",
        ("maps", "wheelchair", "kerbs", "surveys", "openstreetmap", "public-transport", "lifts"),
        (
            ("every-station", "Survey the step-free access of every station"),
            ("kerb-audit", "Audit the kerbs of the town centre"),
            ("printed-map", "Print a free map for the library"),
        ),
    ),
    (
        "seed-library",
        "A seed library for local growers",
        "Saving and sharing seeds keeps local varieties alive.",
        ("seeds", "tomatoes", "beans", "composting", "germination", "heirloom", "allotments"),
        (
            ("hundred-varieties", "Catalogue one hundred local varieties"),
            ("germination-tests", "Test the germination rate of every batch"),
            ("school-gardens", "Supply five school gardens"),
        ),
    ),
    (
        "budget-watch",
        "Open data about the city budget",
        "Citizens can only debate spending they can read.",
        ("budget", "open-data", "spreadsheets", "procurement", "council", "transparency", "python"),
        (
            ("line-items", "Publish every line item of this year's budget"),
            ("explainers", "An explainer for each department"),
            ("foi-requests", "File and track freedom of information requests"),
        ),
    ),
    (
        "language-exchange",
        "Weekly language exchange meetups",
        "Newcomers and long-time residents learn each other's languages over tea.",
        ("spanish", "arabic", "polish", "meetups", "beginners", "grammar", "conversation"),
        (
            ("weekly-meetup", "Hold a meetup every week of the year"),
            ("phrasebook", "A phrasebook for the first week in town"),
            ("volunteer-hosts", "Train twenty volunteer hosts"),
        ),
    ),
    (
        "bike-kitchen",
        "A community bike kitchen",
        "Anyone can learn to fix their own bicycle with shared tools.",
        ("bicycles", "brakes", "gears", "tools", "workshops", "safety", "recycling"),
        (
            ("rescue-bikes", "Rescue two hundred abandoned bikes"),
            ("teach-brakes", "Teach brake repair to every newcomer"),
            ("tool-wall", "Equip a complete tool wall"),
        ),
    ),
    (
        "oral-history",
        "Recording the oral history of the neighbourhood",
        "Stories of the people who built the neighbourhood should outlive them.",
        ("interviews", "archives", "audio", "transcripts", "photographs", "memories", "consent"),
        (
            ("fifty-interviews", "Record fifty interviews"),
            ("transcribe-all", "Transcribe every recording"),
            ("exhibition", "Hold an exhibition at the community hall"),
        ),
    ),
    (
        "energy-halving",
        "Cutting the street's energy use by half",
        "Shared know-how makes insulation and heat pumps cheaper for everyone.",
        ("insulation", "heat-pumps", "solar", "energy", "draughts", "grants", "measurements"),
        (
            ("home-surveys", "Survey the energy use of thirty homes"),
            ("bulk-buy", "Organise a bulk purchase of insulation"),
            ("solar-roofs", "Put solar panels on ten roofs"),
        ),
    ),
    (
        "mutual-aid",
        "Mutual aid for neighbours in need",
        "Neighbours help each other with shopping, lifts and company.",
        ("volunteers", "shopping", "transport", "elderly", "food", "rota", "wellbeing"),
        (
            ("rota-cover", "Cover every day of the rota"),
            ("phone-tree", "A phone tree that reaches every street"),
            ("food-bank", "Partner with the food bank"),
        ),
    ),
    (
        "open-sensors",
        "Open hardware for community science",
        "Cheap open sensors let us measure our own air and water.",
        ("sensors", "air-quality", "arduino", "water", "calibration", "electronics", "open-data"),
        (
            ("twenty-sensors", "Install twenty air quality sensors"),
            ("calibration-guide", "A calibration guide for every sensor"),
            ("public-dashboard", "A public dashboard of all readings"),
        ),
    ),
)
_COMMON_TAGS = (
    "how-to",
    "beginners",
    "meeting-notes",
    "faq",
    "events",
    "resources",
    "community",
    "proposal",
    "feedback",
    "2025-plans",
    "volunteers",
    "accessibility",
    "funding",
    "lessons-learned",
    "photos",
    "checklist",
    "research",
    "newsletter",
    "on-call",
    "help-wanted",
)

# SIM905 would spell these out as 150 quoted strings; a block of words reads better.
_WORDS = tuple(
    """the a of to and in is it that for on with as we you this be are at by from or
have not our can will all one about more when if they their there which what so up out time
people work group meeting street town neighbour project tool guide map step part plan list
question answer idea note post article share help open repair fix build test measure record
local common shared small large first last next weekly monthly simple careful quick slow new
old better cheaper safer easier water air energy seed bike house garden hall library school
volunteer member maintainer newcomer everyone someone council data sheet photo sensor pump
filter valve hinge cable battery panel frame wheel brake chain door window wall roof floor
learn teach ask write read check review agree decide start finish keep try use need want
because although while after before during until since often usually sometimes never always""".split()  # noqa: SIM905
)
_HEADINGS = (
    "Background",
    "What you need",
    "Step by step",
    "Why it matters",
    "Open questions",
    "What we learned",
    "Next steps",
    "How to take part",
    "Safety first",
    "Sources",
    "Results",
    "Costs",
    "Who is involved",
    "Timeline",
    "Alternatives we considered",
)
_TITLE_NOUNS = (
    "drain pump",
    "door seal",
    "kerb survey",
    "seed swap",
    "budget sheet",
    "brake pad",
    "interview kit",
    "heat pump",
    "sensor box",
    "phone tree",
    "tool wall",
    "meetup room",
    "spare parts list",
    "calibration run",
    "station lift",
    "compost bin",
    "grant form",
    "rota",
    "archive shelf",
    "bike trailer",
    "solar panel",
    "water test",
    "phrasebook",
)
_TITLE_VERBS = (
    "Replacing",
    "Testing",
    "Mapping",
    "Sharing",
    "Checking",
    "Building",
    "Planning",
    "Fixing",
    "Recording",
    "Measuring",
    "Cleaning",
    "Sorting",
)
_ODD_TITLES = (
    "No",
    "On",
    "Yes",
    "Off",
    "1:20",
    "0755",
    "null",
    "~",
    "2026-03-01",
    "3.14",
    "Notes: part 2",
    "# not a comment",
    "'quoted' and \"double\"",
    "- dash first",
    "@mention",
)
_DOMAINS = ("example.org", "wiki.example.net", "docs.example.com", "archive.example.org", "ifixit.example")


@dataclass
class _Person:
    handle: str
    name: str
    emails: list[str]
    tz: dt.timezone
    github: str | None = None
    bio: str | None = None
    links: list[str] = field(default_factory=list)


@dataclass
class _Charter:
    id: str
    title: str
    summary: str
    maintainers: list[str]
    started: dt.date
    tags: tuple[str, ...]
    goals: list[tuple[str, str]]
    links: list[str] = field(default_factory=list)
    body: str = ""


@dataclass
class _Item:
    purpose: str
    slug: str
    kind: str
    title: str
    authors: list[str]
    date: dt.date
    tags: list[str]
    goals: list[str]
    summary: str | None = None
    url: str | None = None
    answers: str | None = None
    accepted: str | None = None
    status: str | None = None
    endorsed_by: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    body: str = ""

    @property
    def path(self) -> str:
        return f"content/{self.purpose}/{self.slug}.md"


@dataclass
class _Plan:
    name: str
    maintainers: list[str]
    people: list[_Person]
    charters: list[_Charter]
    items: list[_Item]
    slugs: set[str]


class _People:
    """Draws contributors with a long tail: a few are prolific, most contribute rarely."""

    def __init__(self, rng: random.Random, people: list[_Person]):
        self.rng = rng
        self.people = people
        self.by_handle = {p.handle: p for p in people}
        self.cum = list(accumulate(1 / (i + 1) ** 0.9 for i in range(len(people))))

    def pick(self) -> _Person:
        return self.people[bisect(self.cum, self.rng.random() * self.cum[-1])]

    def handles(self, n: int) -> list[str]:
        out: list[str] = []
        while len(out) < min(n, len(self.people)):
            handle = self.pick().handle
            if handle not in out:
                out.append(handle)
        return out


def _slugify(text: str, limit: int = 48) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "x"


def _unique(base: str, taken: set[str]) -> str:
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = base[: 64 - len(suffix)] + suffix
        n += 1
    taken.add(slug)
    return slug


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    return " ".join(rng.choices(_WORDS, k=rng.randint(low, high))).capitalize() + "."


def _paragraph(rng: random.Random, links: Sequence[str] = ()) -> str:
    sentences = [_sentence(rng) for _ in range(rng.randint(3, 6))]
    for target in links:
        form = rng.random()
        if form < 0.6:
            link = f"[[{target.split('/')[-1]}]]"
        elif form < 0.8:
            link = f"[[{target.split('/')[-1]}|{' '.join(rng.choices(_WORDS, k=3))}]]"
        else:
            link = f"[[{target}]]"
        sentences.insert(rng.randint(0, len(sentences)), f"See {link} for more.")
    return "\n".join(sentences)


def _body(rng: random.Random, title: str, links: list[str]) -> str:
    pending = list(links)

    def take() -> list[str]:
        return [pending.pop()] if pending and rng.random() < 0.5 else []

    parts = [_paragraph(rng, take())]
    for _ in range(rng.randint(2, 4)):
        parts.append(f"## {rng.choice(_HEADINGS)}")
        parts.append(_paragraph(rng, take()))
        shape = rng.random()
        if shape < 0.35:
            parts.append("\n".join(f"- {_sentence(rng, 3, 8)}" for _ in range(rng.randint(3, 6))))
        elif shape < 0.55:
            parts.append("\n".join(f"{i}. {_sentence(rng, 4, 9)}" for i in range(1, rng.randint(4, 7))))
        elif shape < 0.65:
            parts.append(f"> {_sentence(rng)}")
        elif shape < 0.75:
            parts.append(f"More in [{title.lower()}](https://{rng.choice(_DOMAINS)}/{_slugify(title)}).")
    if pending:
        parts.append(_paragraph(rng, pending))
    return "\n\n".join(parts) + "\n"


def _make_people(rng: random.Random, count: int) -> list[_Person]:
    people: list[_Person] = []
    handles: set[str] = set()
    logins: set[str] = set()
    for i in range(count):
        name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
        handle = _unique(_slugify(name, 40), handles)
        emails = [f"{handle}@example.org"]
        if rng.random() < 0.3:
            emails.append(f"{100000 + i}+{handle}@users.noreply.github.com")
        person = _Person(handle, name, emails, rng.choice(_TIMEZONES))
        if rng.random() < 0.2:
            login = "".join(part.capitalize() for part in handle.split("-"))
            if login.casefold() not in logins and login.casefold() not in handles:
                person.github = login
                logins.add(login.casefold())
        if rng.random() < 0.4:
            person.bio = " ".join(_sentence(rng) for _ in range(rng.randint(1, 3)))
        if rng.random() < 0.2:
            person.links = [f"https://{handle}.example.net/"]
        logins.add(handle)
        people.append(person)
    return people


def _make_charters(rng: random.Random, count: int, pool: _People, tags: list[str]) -> list[_Charter]:
    charters = []
    for i in range(count):
        pid, title, summary, own_tags, goals = _THEMES[i % len(_THEMES)]
        if i >= len(_THEMES):
            round_ = i // len(_THEMES) + 1
            pid, title = f"{pid}-{round_}", f"{title} ({round_})"
        started = dt.date(2023, 1, 1) + dt.timedelta(days=rng.randint(0, 540))
        extra_tags = rng.sample([t for t in tags if t not in own_tags], 5)
        charters.append(
            _Charter(
                pid, title, summary, pool.handles(rng.randint(1, 3)), started, own_tags + tuple(extra_tags), list(goals)
            )
        )
    return charters


def _title(rng: random.Random, kind: str) -> str:
    if kind != "question" and rng.random() < 0.01:
        return rng.choice(_ODD_TITLES)
    noun, verb = rng.choice(_TITLE_NOUNS), rng.choice(_TITLE_VERBS)
    if kind == "question":
        return rng.choice(
            (
                f"How do I check the {noun}?",
                f"Why does the {noun} fail in winter?",
                f"Who looks after the {noun}?",
                f"Is the {noun} worth it?",
            )
        )
    if kind == "idea":
        return rng.choice((f"Let's share a {noun}", f"A monthly {noun} day", f"Proposal: a {noun} for everyone"))
    if kind == "bookmark":
        return rng.choice((f"The {noun} handbook", f"A video on the {noun}", f"Manufacturer notes on the {noun}"))
    if kind in ("post", "note"):
        return rng.choice(
            (
                f"Notes from the {noun} meetup",
                f"Weekly update: the {noun}",
                f"Thoughts on the {noun}",
                f"{verb} the {noun}: a diary",
            )
        )
    return rng.choice(
        (
            f"{verb} the {noun} of a front loader",
            f"A guide to the {noun}",
            f"{verb} the {noun}, step by step",
            f"How we sorted out the {noun}",
        )
    )


def _make_items(
    rng: random.Random, count: int, charters: list[_Charter], pool: _People, vocabulary: list[str]
) -> tuple[list[_Item], set[str]]:
    weights = [rng.uniform(0.3, 1.0) for _ in charters]
    last_day = dt.date(2026, 6, 30)
    slugs: set[str] = set()
    questions: dict[str, list[_Item]] = defaultdict(list)
    answered: dict[str, list[str]] = defaultdict(list)
    items: list[_Item] = []
    for _ in range(count):
        charter = rng.choices(charters, weights)[0]
        kind = rng.choices(KINDS, _KIND_WEIGHTS)[0]
        if kind == "answer" and not questions[charter.id]:
            kind = "question"
        title = _title(rng, kind)
        item = _Item(
            purpose=charter.id,
            slug="",
            kind=kind,
            title=title,
            authors=pool.handles(rng.choices((1, 2, 3), (85, 12, 3))[0]),
            date=charter.started + dt.timedelta(days=rng.randint(0, (last_day - charter.started).days)),
            tags=rng.sample(charter.tags if rng.random() < 0.8 else vocabulary, rng.randint(1, 5)),
            goals=[g for g, _ in rng.sample(charter.goals, rng.randint(0, 2))],
        )
        if rng.random() < 0.3:
            item.summary = _sentence(rng, 6, 14)
        if kind == "bookmark":
            item.url = f"https://{rng.choice(_DOMAINS)}/{_slugify(title)}-{rng.randint(1, 999)}"
        elif kind == "idea":
            item.status = rng.choice(IDEA_STATUSES)
            item.endorsed_by = pool.handles(rng.randint(0, 4))
        elif kind == "answer":
            question = rng.choice(questions[charter.id][-50:])
            item.answers = question.slug
            item.title = f"Re: {question.title}"
            item.date = max(item.date, question.date)
            item.links.append(f"{question.purpose}/{question.slug}")
        odd = item.title in _ODD_TITLES
        item.slug = _unique(_slugify(f"{kind}-{item.title}" if odd else item.title), slugs)
        if kind == "question":
            questions[charter.id].append(item)
        elif kind == "answer":
            answered[item.answers].append(item.slug)
        items.append(item)
    for item in items:
        if item.kind == "question" and answered.get(item.slug) and rng.random() < 0.5:
            item.accepted = rng.choice(answered[item.slug])
    return items, slugs


def _write_bodies(rng: random.Random, items: list[_Item], charters: list[_Charter]) -> None:
    by_purpose: dict[str, list[_Item]] = defaultdict(list)
    for item in items:
        by_purpose[item.purpose].append(item)
        if rng.random() < 0.7:
            others = rng.sample(items, min(len(items), rng.randint(1, 3)))
            item.links += [f"{o.purpose}/{o.slug}" for o in others if o is not item]
        item.body = _body(rng, item.title, item.links)
    for charter in charters:
        own = by_purpose[charter.id]
        charter.links = [f"{o.purpose}/{o.slug}" for o in rng.sample(own, min(len(own), 2))]
        charter.body = _body(rng, charter.title, charter.links)


def _plan(rng: random.Random, contributions: int, contributors: int, purposes: int) -> _Plan:
    people = _make_people(rng, contributors)
    pool = _People(rng, people)
    vocabulary = sorted({t for theme in _THEMES for t in theme[3]} | set(_COMMON_TAGS))
    charters = _make_charters(rng, purposes, pool, vocabulary)
    items, slugs = _make_items(rng, contributions, charters, pool, vocabulary)
    _write_bodies(rng, items, charters)
    items.sort(key=lambda it: it.date)
    maintainers = [p.handle for p in people[:3]]
    return _Plan("Neighbourhood Commons", maintainers, people, charters, items, slugs)


def _front_matter(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, default_flow_style=None, width=4096)


def _community_text(plan: _Plan) -> str:
    return _front_matter(
        {
            "name": plan.name,
            "description": "A synthetic community of neighbours who fix, map, grow and record things "
            "together, generated for benchmarks.",
            "site_url": "https://commons.example.org/",
            "repo_url": "https://github.com/example/commons",
            "maintainers": plan.maintainers,
            "bots": ["*[bot]"],
        }
    )


def _charter_text(c: _Charter) -> str:
    goals = []
    for i, (gid, title) in enumerate(c.goals):
        goal: dict = {"id": gid, "title": title}
        if i == 0:
            goal["target"] = {"count": 20, "kind": "article", "tag": c.tags[0]}
            goal["due"] = dt.date(2027, 6, 30)
        goals.append(goal)
    data = {
        "title": c.title,
        "summary": c.summary,
        "status": "active",
        "maintainers": c.maintainers,
        "started": c.started,
        "goals": goals,
    }
    return f"---\n{_front_matter(data)}---\n\n{c.body}"


def _person_text(p: _Person) -> str:
    data: dict = {"name": p.name}
    if p.github:
        data["github"] = p.github
    data["emails"] = p.emails
    if p.bio:
        data["bio"] = p.bio
    if p.links:
        data["links"] = p.links
    return _front_matter(data)


def _item_text(it: _Item) -> str:
    data: dict = {"title": it.title, "kind": it.kind, "authors": it.authors, "date": it.date, "tags": it.tags}
    if it.goals:
        data["goals"] = it.goals
    if it.summary:
        data["summary"] = it.summary
    for key in ("url", "answers", "accepted", "status"):
        if getattr(it, key):
            data[key] = getattr(it, key)
    if it.kind == "idea" and it.endorsed_by:
        data["endorsed_by"] = it.endorsed_by
    return f"---\n{_front_matter(data)}---\n\n{it.body}"


def _write(root: Path, relative: str, text: str) -> Path:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")
    return path


def _write_everything(root: Path, plan: _Plan) -> None:
    _write(root, "community.yml", _community_text(plan))
    for c in plan.charters:
        _write(root, f"purposes/{c.id}.md", _charter_text(c))
    for p in plan.people:
        _write(root, f"contributors/{p.handle}.yml", _person_text(p))
    for it in plan.items:
        _write(root, it.path, _item_text(it))


class _History:
    """Replays a plan as a git fast-import stream: batches of additions first, then edits and a
    few renames. GitPython's index commits cost tens of milliseconds each; fast-import makes
    thousands of commits in a second or two."""

    def __init__(self, plan: _Plan, rng: random.Random, commits: int):
        self.plan = plan
        # Up to 12 hours between commits, less when there are so many that the history would
        # run past 2026 (150,000 commits 12 hours apart end in the 2120s).
        span = (dt.datetime(2026, 11, 1, tzinfo=dt.UTC) - dt.datetime(2023, 1, 2, tzinfo=dt.UTC)).total_seconds()
        self.longest_gap = max(601, min(12 * 3600, int(2 * span / max(commits, 1)) - 600))
        self.rng = rng
        self.pool = _People(rng, plan.people)
        self.files: dict[str, str] = {}
        self.chunks: list[bytes] = []
        self.clock = dt.datetime(2023, 1, 2, 9, 0, tzinfo=dt.UTC)
        self.made = 0

    def stream(self) -> bytes:
        return b"".join(self.chunks) + b"done\n"

    def _data(self, text: str) -> bytes:
        raw = text.encode("utf-8")
        return b"data %d\n%s\n" % (len(raw), raw)

    def commit(
        self,
        message: str,
        author: _Person,
        coauthors: list[_Person],
        changed: Sequence[str] = (),
        moved: tuple[str, str] | None = None,
        not_before: dt.date | None = None,
    ) -> None:
        self.clock += dt.timedelta(seconds=self.rng.randint(600, self.longest_gap))
        if not_before is not None:
            self.clock = max(self.clock, dt.datetime.combine(not_before, dt.time(9), dt.UTC))
        when = self.clock.astimezone(author.tz)
        stamp = f"{int(when.timestamp())} {when.strftime('%z')}"
        who = f"{author.name} <{self.rng.choice(author.emails)}> {stamp}"
        trailers = "".join(f"\nCo-authored-by: {p.name} <{p.emails[0]}>" for p in coauthors if p is not author)
        if trailers:
            message = f"{message}\n{trailers}"
        head = f"commit refs/heads/main\nauthor {who}\ncommitter {who}\n"
        out = [head.encode("utf-8"), self._data(message)]
        if moved:
            out.append(f"R {moved[0]} {moved[1]}\n".encode())
        for path in changed:
            out.append(f"M 100644 inline {path}\n".encode() + self._data(self.files[path]))
        self.chunks.append(b"".join(out) + b"\n")
        self.made += 1

    def add_in_batches(self, batches: int) -> None:
        plan, people = self.plan, self.pool.by_handle
        referenced = {h for it in plan.items for h in (*it.authors, *it.endorsed_by)}
        first = {*plan.maintainers, *(h for c in plan.charters for h in c.maintainers)}
        first |= {p.handle for p in plan.people if p.handle not in referenced}
        self.files["community.yml"] = _community_text(plan)
        self.files.update((f"purposes/{c.id}.md", _charter_text(c)) for c in plan.charters)
        self.files.update((f"contributors/{h}.yml", _person_text(people[h])) for h in sorted(first))
        changed = list(self.files)
        introduced = set(first)
        size, extra = divmod(len(plan.items), batches)
        start = 0
        for n in range(batches):
            batch = plan.items[start : start + size + (n < extra)]
            start += len(batch)
            for item in batch:
                for handle in (*item.authors, *item.endorsed_by):
                    if handle not in introduced:
                        introduced.add(handle)
                        changed.append(f"contributors/{handle}.yml")
                        self.files[changed[-1]] = _person_text(people[handle])
                changed.append(item.path)
                self.files[item.path] = _item_text(item)
            if n == 0:
                message, author = "Start the community", people[plan.maintainers[0]]
            elif len(batch) == 1:
                message, author = f"Add {batch[0].kind} {batch[0].path}", people[batch[0].authors[0]]
            else:
                purposes = ", ".join(sorted({it.purpose for it in batch}))
                message, author = f"Add {len(batch)} contributions to {purposes}", people[batch[0].authors[0]]
            coauthors = []
            if self.rng.random() < 0.3:
                coauthors += [people[h] for it in batch for h in it.authors[1:]][:3]
            if self.rng.random() < 0.03:
                coauthors.append(self.pool.pick())
            self.commit(message, author, coauthors, changed, not_before=batch[0].date if batch else None)
            changed = []

    def edit_and_rename(self, count: int) -> None:
        items = self.plan.items
        linked = {link.split("/")[-1] for it in items for link in it.links}
        linked |= {link.split("/")[-1] for c in self.plan.charters for link in c.links}
        movable = [it for it in items if it.kind not in ("question", "answer") and it.slug not in linked]
        for _ in range(count):
            coauthors = []
            if self.rng.random() < 0.03:
                coauthors = [self.pool.pick() for _ in range(self.rng.randint(1, 2))]
            if movable and self.rng.random() < 0.01:
                item = movable.pop(self.rng.randrange(len(movable)))
                old = item.path
                item.slug = _unique(item.slug, self.plan.slugs)
                self.files[item.path] = self.files.pop(old)
                self.commit(
                    f"Rename {old} to {item.path}",
                    self.pool.by_handle[item.authors[0]],
                    coauthors,
                    moved=(old, item.path),
                )
                continue
            item = self.rng.choice(items) if items else None
            if item is None:
                self.files["community.yml"] += f"# edit {self.made}\n"
                self.commit("Touch community.yml", self.pool.pick(), coauthors, ["community.yml"])
                continue
            self.files[item.path] += f"\n{_paragraph(self.rng)}\n"
            own = self.rng.random() < 0.6
            author = self.pool.by_handle[self.rng.choice(item.authors)] if own else self.pool.pick()
            verb = self.rng.choice(("Expand", "Clarify", "Update", "Add a paragraph to", "Fix details in"))
            self.commit(f"{verb} {item.path}", author, coauthors, [item.path])


def _write_history(root: Path, plan: _Plan, commits: int, rng: random.Random) -> None:
    import git

    history = _History(plan, rng, commits)
    batches = max(1, min(commits, len(plan.items), math.ceil(commits * 0.4)))
    history.add_in_batches(batches)
    history.edit_and_rename(commits - batches)
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "Synthetic Community")
        config.set_value("user", "email", "synthetic@example.org")
    with tempfile.TemporaryFile() as stream:
        stream.write(history.stream())
        stream.seek(0)
        repo.git.fast_import("--quiet", "--done", istream=stream)
    repo.git.reset("--hard", "--quiet")


def generate_community(
    root: Path, contributions: int, contributors: int, purposes: int = 5, commits: int = 0, seed: int = 0
) -> None:
    """Write a valid community of the given size into ``root``; with ``commits``, as a git history.

    The history has exactly ``commits`` commits: the first ones add the files in batches, the
    rest edit contributions, with a few renames and ``Co-authored-by`` trailers.
    """
    if contributors < 1 or purposes < 1 or contributions < 0 or commits < 0:
        raise ValueError("need at least one contributor and one purpose, and no negative counts")
    root = Path(root)
    if (root / "community.yml").exists() or (commits and (root / ".git").exists()):
        raise FileExistsError(f"{root} already holds a community")
    root.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    plan = _plan(rng, contributions, contributors, purposes)
    if commits:
        _write_history(root, plan, commits, random.Random(f"{seed}-history"))
    else:
        _write_everything(root, plan)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--contributions", type=int, required=True)
    parser.add_argument("--contributors", type=int, required=True)
    parser.add_argument("--purposes", type=int, default=5)
    parser.add_argument("--commits", type=int, default=0, help="make a git repository with this many commits")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        generate_community(
            args.directory, args.contributions, args.contributors, args.purposes, args.commits, args.seed
        )
    except (ValueError, FileExistsError) as exc:
        parser.error(str(exc))
    history = f", {args.commits} commits" if args.commits else ""
    print(
        f"wrote {args.contributions} contributions by {args.contributors} contributors in "
        f"{args.purposes} purposes{history} to {args.directory} in {time.perf_counter() - start:.1f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
