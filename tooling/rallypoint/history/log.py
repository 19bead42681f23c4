"""Who touched which community file, and when, from one streaming ``git log`` pass.

The whole history is read by a single ``git log --name-status -M -z`` process over the whole
repository, parsed as it arrives. Every path is followed through its renames, so a file that was
moved into the community from anywhere else in the repository (``docs/`` into ``content/``, by
``rallypoint import`` or by hand, once or several times) keeps everyone who wrote it before the
move, as ``git log --follow`` would; only changes to files that are, or were, community files are
kept. Identities go through git's own .mailmap handling (``%aN``/``%aE`` for authors, one
``git check-mailmap`` for ``Co-authored-by`` trailers), with the community's ``.mailmap``
winning over the repository's when the community lives in a sub-folder; bots (GitHub's
``*[bot]`` app accounts always, and the community's own list) are never credited. Commits listed
in ``.git-blame-ignore-revs`` (the file ``git blame`` and GitHub read, for mechanical changes such
as ``rallypoint import``'s) are no one's edit: renames are followed through them and the files
they add are theirs, but their changes to files are not credited and are not a page's last change.
"""

from __future__ import annotations

import contextlib
import logging
import os
import posixpath
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .repository import FileStatus, GitError, GitMissing, NotARepository, Repository, read_name_status

if TYPE_CHECKING:
    from .commits import KnownCommits

log = logging.getLogger(__name__)

DEFAULT_TRACKED = ("community.yml", "purposes/", "content/", "contributors/")
ALWAYS_BOTS = ("*[bot]",)
"""GitHub's app accounts (``dependabot[bot]``, ``github-actions[bot]``): never people."""

_FIELD, _VALUES, _RECORD = "\x1f", "\x1d", b"\x1e"
_FORMAT = (
    "%x1e%H%x1f%at%x1f%an%x1f%ae%x1f%aN%x1f%aE%x1f%(trailers:key=Co-authored-by,valueonly,unfold,separator=%x1d)"
    "%x1f%(trailers:key=Reviewed-by,valueonly,unfold,separator=%x1d)%x1f%s"
)
_BORN = frozenset("ACR")  # statuses whose path did not exist before the commit
IGNORE_REVS = ".git-blame-ignore-revs"
_REVISION = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
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
    """The path in that commit, relative to the community root (``../docs/a.md`` before a move
    from outside the community)."""
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
    """Only changes to files that are or were community files."""
    reviewers: tuple[Person, ...] = ()
    """Who reviewed it (``Reviewed-by:`` trailers, after .mailmap): credited for a review, not
    as authors of the commit."""

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
    """Everyone credited on a commit that touched the file, under any of its names, oldest first."""
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
        self._bot = _bot_pattern((*ALWAYS_BOTS, *bots))
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


def is_bot(name: str, email: str, bots: Sequence[str] = ()) -> bool:
    """Whether a git identity is left out of attribution: ``*[bot]`` always, ``bots`` besides."""
    pattern = _bot_pattern((*ALWAYS_BOTS, *bots))
    return pattern is not None and bool(pattern.fullmatch(name) or pattern.fullmatch(email))


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
    """Its newest path, from the top of the repository."""
    inside: str | None = None
    """Its newest path that was a community file."""
    commits: list[Commit] = field(default_factory=list)

    def history(self, path: str) -> FileHistory:
        first, last = self.commits[-1], self.commits[0]
        editors = dict.fromkeys(p for commit in reversed(self.commits) for p in commit.people)
        return FileHistory(
            path, first.timestamp, first.people, last.timestamp, last.people, tuple(editors), len(self.commits)
        )


@dataclass(slots=True)  # a build that keeps the commits (:mod:`.commits`) holds every one
class _RawCommit:
    sha: str
    timestamp: int
    author: tuple[str, str, str, str]
    """Name and email as the commit has them, then after .mailmap."""
    coauthors: list[tuple[str, str]]
    """(name, email) of each ``Co-authored-by`` trailer, as written."""
    subject: str
    changes: list[FileStatus]
    """Every change of the commit, paths from the top of the repository."""
    reviewers: list[tuple[str, str]] = field(default_factory=list)
    """(name, email) of each ``Reviewed-by`` trailer, as written."""


class _Place:
    """The community inside the repository: which top-relative paths it tracks, and how to name them."""

    def __init__(self, prefix: str, tracked: Sequence[str]) -> None:
        self.prefix = prefix
        names = {posixpath.normpath(posixpath.join(prefix, t)) for t in tracked}
        self._exact = frozenset(names)
        self._folders = ("",) if "." in names else tuple(sorted(f"{n}/" for n in names))
        self._known: dict[str, bool] = {}

    def tracks(self, path: str) -> bool:
        known = self._known.get(path)
        if known is None:
            known = self._known[path] = path in self._exact or path.startswith(self._folders)
        return known

    def relative(self, path: str) -> str:
        """A top-relative path as the community names it: from its root, ``../`` above it."""
        if not self.prefix:
            return path
        if path.startswith(self.prefix + "/"):
            return path[len(self.prefix) + 1 :]
        return posixpath.relpath(path, self.prefix)


def read_history(
    root: Path,
    bots: Sequence[str] = (),
    tracked: Sequence[str] = DEFAULT_TRACKED,
    known: KnownCommits | None = None,
    ignored: frozenset[str] | None = None,
) -> History:
    """Attribution for every community file under ``root``, from one ``git log`` pass.

    ``tracked`` names community files and folders relative to ``root`` (a name matches
    itself and everything below it; ``../docs/`` names a folder beside the community). A
    tracked file's history follows its renames across the whole repository. ``bots`` are
    identities left out besides GitHub's ``*[bot]`` accounts. Outside a repository, in one
    without commits, or without git, the history is empty; this never raises for a git problem.
    With ``known`` (:class:`~rallypoint.history.commits.KnownCommits`, the commits a previous
    read kept), git reads only the commits it does not have; the history is the same.
    ``ignored``: the commits of :func:`ignored_revisions`, when the caller read them already.
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
            prefix = root.resolve().relative_to(repository.top).as_posix()
            place = _Place("" if prefix == "." else prefix, tracked)
            raw_commits: Iterable[_RawCommit] = (
                _read_log(repository, root) if known is None else known.read(repository, root, head[0])
            )
            coauthors: dict[tuple[str, str], tuple[str, str]] = {}
            if any((folder / ".mailmap").exists() for folder in (repository.top, root)):
                # The one check-mailmap call needs every co-author first; without a .mailmap,
                # commits are credited while git is still printing them.
                raw_commits = list(raw_commits)
                coauthors = repository.map_identities(
                    (c for raw in raw_commits for c in (*raw.coauthors, *raw.reviewers)), mailmap=root / ".mailmap"
                )
            if ignored is None:
                ignored = ignored_revisions(repository.top, root)
            commits, files = _attribute(raw_commits, _Credit(bots, coauthors), place, ignored)
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


LOG_OPTIONS = ("--no-merges", "--date-order", "-M", "--name-status", "-z", "--encoding=UTF-8", f"--format={_FORMAT}")
"""How the one ``git log`` pass walks and what it prints for each commit."""


SLICED_FROM = 10_000
"""Commits from which git computes their changes in :data:`SLICES` slices, two at a time. Below,
starting the slices costs about what sharing saves (The Turing Way, 6,497 commits: 0.56 s
sliced, 0.41 s in one pass; 12,000 synthetic commits: 1.1 s against 1.4 s)."""
SLICES = 8


def _read_log(
    repository: Repository, root: Path, head: str = "HEAD", order: list[str] | None = None
) -> Iterator[_RawCommit]:
    """Every commit of the one pass, in its order (``order``: ``git rev-list``'s, when the
    caller has it already)."""
    # No pathspec: git pairs a rename only when both of its paths pass the pathspec, so one
    # limited to the community would see a move into it as a new file. Reading every path
    # costs git little more (it walks every commit either way) and us one dict look-up each.
    if _cores() > 1:
        if order is None:
            order = repository.run("rev-list", *LOG_OPTIONS[:2], head, "--").decode("ascii").split()
        if len(order) >= SLICED_FROM:
            yield from _read_slices(repository, root, order)
            return
    fields = repository.stream("log", *LOG_OPTIONS, head, "--", mailmap=root / ".mailmap")
    yield from raw_commits(fields)


def _cores() -> int:
    """The cores this process may run on (a container's limit, not the host's count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _read_slices(repository: Repository, root: Path, order: list[str]) -> Iterator[_RawCommit]:
    """The commits of ``order`` (``git rev-list``'s, the walk's order) as the one ``git log``
    pass prints them, its work shared by two git processes.

    git spends nearly all of a large history's read computing each commit's changes, on one
    core (150,000 commits over 20,000-file folders: four and a half minutes). Each commit's
    changes depend on it alone (its one parent: merges are left out), and ``--no-walk`` prints
    them as the walk would; so the commits go in slices to git processes of their own, two
    running at a time, and come back in the walk's order, each read once.
    """
    size = -(-len(order) // SLICES)
    slices = [order[start : start + size] for start in range(0, len(order), size)]
    with contextlib.ExitStack() as running:

        def started(shas: list[str]):
            given = "".join(f"{sha}\n" for sha in shas).encode("ascii")
            spooled = repository.spool(
                "log", "--no-walk=unsorted", "--stdin", *LOG_OPTIONS, input=given, mailmap=root / ".mailmap"
            )
            return running.enter_context(spooled)

        spooled = [started(shas) for shas in slices[:2]]
        warned = False
        for number, shas in enumerate(slices):
            fields = spooled[number].fields(warn=not warned)  # once this slice's git has finished
            warned = warned or spooled[number].warned
            if number + 2 < len(slices):
                spooled.append(started(slices[number + 2]))
            read = list(raw_commits(fields))
            spooled[number].close()
            if [raw.sha for raw in read] != shas:
                raise GitError("git printed other commits than the ones asked for")
            yield from read


def raw_commits(fields: Iterable[bytes]) -> Iterator[_RawCommit]:
    """The commits of ``git log`` run with :data:`LOG_OPTIONS`, from its fields."""
    for header, changes in read_name_status(fields, _RECORD):
        if header is not None:
            yield _raw_commit(header.decode("utf-8", "replace"), changes)


def _raw_commit(header: str, changes: list[FileStatus]) -> _RawCommit:
    sha, timestamp, name, email, proper_name, proper_email, trailers, reviews, subject = header.split(_FIELD, 8)
    author = (name, email, proper_name, proper_email)
    coauthors, reviewers = _contacts(trailers, "Co-authored-by"), _contacts(reviews, "Reviewed-by")
    return _RawCommit(sha, int(timestamp), author, coauthors, subject, changes, reviewers)


def _contacts(trailers: str, key: str) -> list[tuple[str, str]]:
    """(name, email) of each ``Name <email>`` trailer value; malformed ones are left out."""
    found = []
    for value in trailers.split(_VALUES):
        match = _ADDRESS.match(value)
        if match:
            found.append((match[1], match[2].strip()))
        elif value.strip():
            log.debug("ignoring malformed %s trailer %r", key, value)
    return found


def ignored_revisions(*folders: Path) -> frozenset[str]:
    """The commits ``.git-blame-ignore-revs`` lists in ``folders`` (full hashes, one a line,
    ``#`` comments), as git blame reads them."""
    found: set[str] = set()
    for folder in dict.fromkeys(Path(f).resolve() for f in folders):
        try:
            text = (folder / IGNORE_REVS).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        for line in text.splitlines():
            revision = line.split("#", 1)[0].strip().lower()
            if _REVISION.fullmatch(revision):
                found.add(revision)
    return frozenset(found)


def _attribute(
    raw_commits: Iterable[_RawCommit], identities: _Credit, place: _Place, ignored: frozenset[str] = frozenset()
) -> tuple[tuple[Commit, ...], dict[str, FileHistory]]:
    """Credit each commit and follow renames, walking from HEAD back to the first commit.

    A change counts when its file is a community file now or was one then (:class:`_Paths`).
    Renames are followed even through bots' commits, which are otherwise left out, and through
    ``ignored`` commits, of which only the files they add count.
    """
    paths = _Paths(place.tracks)
    commits: list[Commit] = []
    tracks = place.tracks

    for raw in raw_commits:
        touched = paths.step(raw.changes)
        if touched and raw.sha in ignored:
            touched = [change for change in touched if change[0] in "AC"]
        if not touched:
            continue
        author = identities.person(*raw.author)
        coauthors = identities.coauthors(raw.coauthors, author)
        if author is None and not coauthors:
            continue
        reviewers = identities.coauthors(raw.reviewers, author)  # nobody reviews their own commit
        commit = Commit(raw.sha, raw.timestamp, author, coauthors, raw.subject, _changes(touched, place), reviewers)
        commits.append(commit)
        for lineage in dict.fromkeys(lineage for *_, lineage in touched):
            lineage.commits.append(commit)

    files: dict[str, FileHistory] = {}
    for lineage in paths.lineages:
        path = lineage.current if tracks(lineage.current) else lineage.inside
        if lineage.commits and path is not None:
            path = place.relative(path)
            if path not in files:
                files[path] = lineage.history(path)
    return tuple(commits), files


class _Paths:
    """Every path of the repository as it was just after the commit being read, and its file's lineage."""

    def __init__(self, tracks: Callable[[str], bool]) -> None:
        self.tracks = tracks
        self.alive: dict[str, _Lineage] = {}
        self.born: dict[str, _Lineage] = {}
        """Paths whose file was added in a commit already read: no file had them just before."""
        self.lineages: list[_Lineage] = []

    def step(self, changes: list[FileStatus]) -> list[tuple[str, str, str | None, _Lineage]]:
        """Move back from just after a commit to just before it; return the changes that count.

        A change counts when its file is, or has been since, a community file: a file moved
        into the community brings the commits from before the move.
        """
        every = []
        for status, path, old in changes:
            lineage = self.alive.get(path)
            if lineage is None:
                # A change to a path already seen added, with no removal between, was made on
                # another branch to the same file (two pull requests adding one page).
                lineage = self.born.get(path) if status != "D" else None
                if lineage is None:
                    lineage = _Lineage(path)
                    self.lineages.append(lineage)
                self.alive[path] = lineage
            if lineage.inside is None:
                if self.tracks(path):
                    lineage.inside = path
                elif status == "R" and self.tracks(old):
                    lineage.inside = old
            every.append((status, path, old, lineage))
        for status, path, _old, _lineage in every:
            if status in _BORN:
                self.born[path] = self.alive.pop(path)
        for status, _path, old, lineage in every:
            if status == "R":
                self.alive[old] = lineage
        return [change for change in every if change[3].inside is not None]


def _changes(touched: list[tuple[str, str, str | None, _Lineage]], place: _Place) -> tuple[Change, ...]:
    """The changes of one commit as the community names them."""
    name = place.relative
    out = []
    for status, path, old, lineage in touched:
        current = lineage.current if place.tracks(lineage.current) else lineage.inside
        if status == "R" and not place.tracks(path) and place.tracks(old) and current == old:
            out.append(Change("removed", name(old), None, name(current)))  # moved out of the community
        elif status == "R":
            out.append(Change("renamed", name(path), name(old), name(current)))
        else:
            out.append(Change(_ACTIONS.get(status, "edited"), name(path), None, name(current)))
    return tuple(out)
