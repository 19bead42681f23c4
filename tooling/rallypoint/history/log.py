"""Who touched which community file, and when, from one streaming ``git log`` pass.

The whole history is read by a single ``git log --name-status -M -z`` process whose output is
parsed as it arrives. Identities go through git's own .mailmap handling (``%aN``/``%aE`` for
authors, one ``git check-mailmap`` for ``Co-authored-by`` trailers), with the community's
``.mailmap`` winning over the repository's when the community lives in a sub-folder; bots are
never credited, and renames are followed so that a file's history covers its whole life under
older names.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .repository import FileStatus, GitError, GitMissing, NotARepository, Repository, literal, read_name_status

log = logging.getLogger(__name__)

DEFAULT_TRACKED = ("community.yml", "purposes/", "content/", "contributors/")

_FIELD, _VALUES, _RECORD = "\x1f", "\x1d", b"\x1e"
_FORMAT = (
    "%x1e%H%x1f%at%x1f%an%x1f%ae%x1f%aN%x1f%aE%x1f%(trailers:key=Co-authored-by,valueonly,unfold,separator=%x1d)%x1f%s"
)
_BORN = frozenset("ACR")  # statuses whose path did not exist before the commit
_ACTIONS = {"A": "added", "C": "added", "D": "removed", "R": "renamed"}
_ADDRESS = re.compile(r"\s*(.*?)\s*<([^<>]*)>\s*\Z", re.DOTALL)


@dataclass(frozen=True, order=True)
class Person:
    """An identity after .mailmap."""

    name: str
    email: str


@dataclass(frozen=True)
class Change:
    action: str
    """"added", "edited", "renamed" or "removed"."""
    path: str
    """The path in that commit, relative to the community root."""
    old_path: str | None
    """The path before a rename."""
    current: str
    """The path this file has at HEAD; for a removed file, the last path it had."""


@dataclass(frozen=True)
class Commit:
    sha: str
    timestamp: int
    """Author time, unix seconds."""
    author: Person | None
    """None when the author is a bot."""
    coauthors: tuple[Person, ...]
    subject: str
    changes: tuple[Change, ...]
    """Only changes to community files."""

    @property
    def people(self) -> tuple[Person, ...]:
        return (self.author, *self.coauthors) if self.author else self.coauthors


@dataclass(frozen=True)
class FileHistory:
    path: str
    created: int
    created_by: tuple[Person, ...]
    updated: int
    updated_by: tuple[Person, ...]
    editors: tuple[Person, ...]
    """Everyone credited on a commit that touched the file, oldest first."""
    commits: int


@dataclass(frozen=True)
class History:
    head: str | None
    shallow: bool
    commits: tuple[Commit, ...]
    """Newest first; only commits that changed community files and credit someone."""
    files: Mapping[str, FileHistory]
    """Keyed by current path. A removed file is kept under its last path unless a file lives there now."""
    last_timestamp: int | None
    """Committer time of HEAD, fit for SOURCE_DATE_EPOCH."""

    @classmethod
    def empty(cls) -> History:
        return cls(head=None, shallow=False, commits=(), files={}, last_timestamp=None)


class _Credit:
    """Who a commit credits: git identities, mailmap applied, to people; bots dropped; memoised."""

    def __init__(self, bots: Sequence[str], coauthors: Mapping[tuple[str, str], tuple[str, str]]) -> None:
        self._bot = _bot_pattern(bots)
        self._mapped = coauthors
        self._known: dict[tuple[str, ...], Person | None] = {}

    def person(self, name: str, email: str, proper_name: str, proper_email: str) -> Person | None:
        key = (name, email, proper_name, proper_email)
        if key not in self._known:
            is_bot = self._bot is not None and any(self._bot.fullmatch(value) for value in key)
            self._known[key] = None if is_bot else Person(proper_name, proper_email.lower())
        return self._known[key]

    def coauthors(self, contacts: Iterable[tuple[str, str]], author: Person | None) -> tuple[Person, ...]:
        found: dict[str, Person] = {}
        for name, email in contacts:
            person = self.person(name, email, *self._mapped.get((name, email), (name, email)))
            if person is not None and (author is None or person.email != author.email):
                found.setdefault(person.email, person)
        return tuple(found.values())


def _bot_pattern(bots: Sequence[str]) -> re.Pattern[str] | None:
    """One case-insensitive regex for the bot globs.

    Only ``*`` and ``?`` are wildcards: brackets are literal, because the patterns people write
    (``*[bot]``) name GitHub's ``[bot]`` suffix rather than a character class.
    """
    if not bots:
        return None
    globs = ("".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in bot) for bot in bots)
    return re.compile("|".join(f"(?:{g})" for g in globs), re.IGNORECASE | re.DOTALL)


@dataclass(eq=False)
class _Lineage:
    """One file's life, gathered newest first while walking back through history."""

    current: str
    commits: list[Commit] = field(default_factory=list)

    def history(self) -> FileHistory:
        first, last = self.commits[-1], self.commits[0]
        editors = dict.fromkeys(p for commit in reversed(self.commits) for p in commit.people)
        return FileHistory(
            self.current, first.timestamp, first.people, last.timestamp, last.people, tuple(editors), len(self.commits)
        )


@dataclass
class _RawCommit:
    sha: str
    timestamp: int
    author: tuple[str, str, str, str]
    """Name and email as the commit has them, then after .mailmap."""
    coauthors: list[tuple[str, str]]
    """(name, email) of each ``Co-authored-by`` trailer, as written."""
    subject: str
    changes: list[FileStatus]


def read_history(root: Path, bots: Sequence[str] = (), tracked: Sequence[str] = DEFAULT_TRACKED) -> History:
    """Attribution for every community file under ``root``, from one ``git log`` pass.

    ``tracked`` names community files and folders relative to ``root`` (a name matches
    itself and everything below it). Outside a repository, in one without commits, or without
    git, the history is empty; this never raises for a git problem.
    """
    root = Path(root)
    try:
        repository = Repository.find(root)
        head = repository.head()
        if head is None:
            log.debug("no git history for %s: no commits yet", root)
            return History.empty()
        commits: tuple[Commit, ...] = ()
        files: dict[str, FileHistory] = {}
        if tracked:
            raw_commits: Iterable[_RawCommit] = _read_log(repository, root, tracked)
            coauthors: dict[tuple[str, str], tuple[str, str]] = {}
            if any((folder / ".mailmap").exists() for folder in (repository.top, root)):
                # The one check-mailmap call needs every co-author first; without a .mailmap,
                # commits are credited while git is still printing them.
                raw_commits = list(raw_commits)
                coauthors = repository.map_identities(
                    (c for raw in raw_commits for c in raw.coauthors), mailmap=root / ".mailmap"
                )
            commits, files = _attribute(raw_commits, _Credit(bots, coauthors))
    except GitMissing as error:
        log.warning("git is not available, so pages carry no history: %s", error)
        return History.empty()
    except NotARepository as error:
        log.debug("no git history for %s: %s", root, error)
        return History.empty()
    except GitError as error:
        log.warning("could not read git history for %s: %s", root, error)
        return History.empty()
    return History(head[0], repository.shallow, commits, files, head[1])


def _read_log(repository: Repository, root: Path, tracked: Sequence[str]) -> Iterator[_RawCommit]:
    fields = repository.stream(
        "log",
        "--no-merges",
        "--date-order",
        "-M",
        "--name-status",
        "-z",
        "--relative",
        "--encoding=UTF-8",
        f"--format={_FORMAT}",
        "HEAD",
        "--",
        *map(literal, tracked),
        cwd=root,
        mailmap=root / ".mailmap",
    )
    for header, changes in read_name_status(fields, _RECORD):
        if header is not None:
            yield _raw_commit(header.decode("utf-8", "replace"), changes)


def _raw_commit(header: str, changes: list[FileStatus]) -> _RawCommit:
    sha, timestamp, name, email, proper_name, proper_email, trailers, subject = header.split(_FIELD, 7)
    coauthors = []
    for value in trailers.split(_VALUES):
        match = _ADDRESS.match(value)
        if match:
            coauthors.append((match[1], match[2].strip()))
        elif value.strip():
            log.debug("ignoring malformed Co-authored-by trailer %r", value)
    return _RawCommit(sha, int(timestamp), (name, email, proper_name, proper_email), coauthors, subject, changes)


def _attribute(
    raw_commits: Iterable[_RawCommit], identities: _Credit
) -> tuple[tuple[Commit, ...], dict[str, FileHistory]]:
    """Credit each commit and follow renames, walking from HEAD back to the first commit.

    ``alive`` maps a path as it was just after the commit being read to that file's lineage.
    Renames are followed even through bots' commits, which are otherwise left out.
    """
    alive: dict[str, _Lineage] = {}
    lineages: list[_Lineage] = []
    commits: list[Commit] = []

    def lineage_at(path: str) -> _Lineage:
        if path not in alive:
            alive[path] = _Lineage(path)
            lineages.append(alive[path])
        return alive[path]

    for raw in raw_commits:
        touched = [(status, path, old, lineage_at(path)) for status, path, old in raw.changes]
        for status, path, _old, _lineage in touched:
            if status in _BORN:
                alive.pop(path, None)
        for status, path, old, lineage in touched:
            if status == "R":
                alive[old] = lineage
            elif status not in _BORN:
                alive[path] = lineage

        author = identities.person(*raw.author)
        coauthors = identities.coauthors(raw.coauthors, author)
        if author is None and not coauthors:
            continue
        changes = tuple(
            Change(_ACTIONS.get(status, "edited"), path, old if status == "R" else None, lineage.current)
            for status, path, old, lineage in touched
        )
        commit = Commit(raw.sha, raw.timestamp, author, coauthors, raw.subject, changes)
        commits.append(commit)
        for lineage in dict.fromkeys(lineage for *_, lineage in touched):
            lineage.commits.append(commit)

    files: dict[str, FileHistory] = {}
    for lineage in lineages:
        if lineage.commits and lineage.current not in files:
            files[lineage.current] = lineage.history()
    return tuple(commits), files
