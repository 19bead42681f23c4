"""Who touched which community file, and when, from one streaming ``git log`` pass.

The whole history is read by a single ``git log --name-status -M -z`` process whose output is
parsed as it arrives. Identities go through the repository's ``.mailmap`` (authors and
``Co-authored-by`` trailers alike), bots are never credited, and renames are followed so that
a file's history covers its whole life under older names.
"""
from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    import git

log = logging.getLogger(__name__)

DEFAULT_TRACKED = ("community.yml", "purposes/", "content/", "contributors/")

_FIELD, _VALUES, _RECORD = "\x1f", "\x1d", b"\x1e"
_FORMAT = "%x1e%H%x1f%at%x1f%an%x1f%ae%x1f%(trailers:key=Co-authored-by,valueonly,unfold,separator=%x1d)%x1f%s"
# A user's config could otherwise add signatures, hide the root commit's files or turn on --follow.
_CONFIG = ("log.showRoot=true", "log.showSignature=false", "log.follow=false", "color.ui=false")
_BORN = frozenset("ACR")  # statuses whose path did not exist before the commit
_ACTIONS = {"A": "added", "C": "added", "D": "removed", "R": "renamed"}
_ADDRESS = re.compile(r"\s*(.*?)\s*<([^<>]*)>\s*\Z", re.DOTALL)
_MAILMAP_PAIR = re.compile(r"([^<>]*)<([^<>]*)>")


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


@dataclass(frozen=True)
class Mailmap:
    """The rules of a .mailmap, as git applies them.

    Keys are (commit email, commit name or None), lower-cased; values are the proper
    (name, email), either of which may be None to keep what the commit says.
    """

    rules: Mapping[tuple[str, str | None], tuple[str | None, str | None]] = field(default_factory=dict)

    @classmethod
    def parse(cls, text: str) -> Mailmap:
        rules: dict[tuple[str, str | None], tuple[str | None, str | None]] = {}
        for line in text.splitlines():
            if line.lstrip().startswith("#"):
                continue
            pairs = _MAILMAP_PAIR.findall(line)[:2]
            if not pairs:
                continue
            proper_name = pairs[0][0].strip() or None
            if len(pairs) == 1:
                key, proper_email = (pairs[0][1].strip().lower(), None), None
            else:
                key = (pairs[1][1].strip().lower(), pairs[1][0].strip().lower() or None)
                proper_email = pairs[0][1].strip() or None
            old_name, old_email = rules.get(key, (None, None))
            rules[key] = (proper_name or old_name, proper_email or old_email)
        return cls(rules)

    def resolve(self, name: str, email: str) -> tuple[str, str]:
        folded = email.lower()
        rule = self.rules.get((folded, name.lower())) or self.rules.get((folded, None))
        if rule is None:
            return name, email
        return rule[0] or name, rule[1] or email


class _Identities:
    """Raw git identities to credited people: mailmap applied, bots dropped, memoised."""

    def __init__(self, mailmap: Mailmap, bots: Sequence[str]) -> None:
        self._mailmap = mailmap
        self._bot = _bot_pattern(bots)
        self._known: dict[tuple[str, str], Person | None] = {}

    def person(self, name: str, email: str) -> Person | None:
        key = (name, email)
        if key not in self._known:
            proper_name, proper_email = self._mailmap.resolve(name.strip(), email.strip())
            is_bot = self._bot is not None and any(
                self._bot.fullmatch(value) for value in (name, email, proper_name, proper_email))
            self._known[key] = None if is_bot else Person(proper_name, proper_email.lower())
        return self._known[key]

    def coauthors(self, values: str, author: Person | None) -> tuple[Person, ...]:
        found: dict[str, Person] = {}
        for value in values.split(_VALUES):
            match = _ADDRESS.match(value)
            if not match:
                if value.strip():
                    log.debug("ignoring malformed Co-authored-by trailer %r", value)
                continue
            person = self.person(*match.groups())
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
        return FileHistory(self.current, first.timestamp, first.people, last.timestamp, last.people,
                           tuple(editors), len(self.commits))


@dataclass
class _RawCommit:
    sha: str
    name: str
    email: str
    timestamp: int
    trailers: str
    subject: str
    changes: list[tuple[str, str, str | None]]
    """(status letter, path, old path) as git printed them."""


def read_history(root: Path, bots: Sequence[str] = (), tracked: Sequence[str] = DEFAULT_TRACKED) -> History:
    """Attribution for every community file under ``root``, from one ``git log`` pass.

    ``tracked`` names community files and folders relative to ``root`` (a name matches
    itself and everything below it). Outside a repository, in one without commits, or without
    git, the history is empty; this never raises for a git problem.
    """
    try:
        import git
    except ImportError as error:  # GitPython refuses to import when it finds no git executable.
        log.warning("git is not available, so pages carry no history: %s", error)
        return History.empty()
    root = Path(root)
    if not root.is_dir():
        return History.empty()
    command = git.Git(str(root))
    try:
        top, _, shallow = _run(command, "rev-parse", "--show-toplevel", "--is-shallow-repository").rpartition("\n")
        head, last_timestamp = _run(command, "log", "-1", "--format=%H %ct", "HEAD", "--").split()
    except git.GitCommandNotFound as error:
        log.warning("git is not available, so pages carry no history: %s", error)
        return History.empty()
    except git.GitCommandError as error:
        quiet = "not a git repository" in str(error) or "does not have any commits" in str(error)
        (log.debug if quiet else log.warning)("no git history for %s: %s", root, str(error).strip())
        return History.empty()
    pathspecs = [f":(literal){t}" for t in tracked]
    identities = _Identities(_read_mailmap(Path(top), root), bots)
    commits: tuple[Commit, ...] = ()
    files: dict[str, FileHistory] = {}
    if pathspecs:
        try:
            commits, files = _attribute(_stream_log(command, pathspecs), identities)
        except git.GitCommandError as error:
            log.warning("could not read git history for %s: %s", root, str(error).strip())
            return History.empty()
    return History(head, shallow.strip() == "true", commits, files, int(last_timestamp))


def _read_mailmap(top: Path, root: Path) -> Mailmap:
    """The repository's .mailmap; a community in a subfolder may add its own, which wins."""
    text = []
    for folder in dict.fromkeys((top.resolve(), root.resolve())):
        try:
            text.append((folder / ".mailmap").read_text(encoding="utf-8", errors="replace"))
        except OSError:
            continue
    return Mailmap.parse("\n".join(text))


def _run(command: git.Git, *args: str, as_process: bool = False) -> Any:
    settings = [arg for setting in _CONFIG for arg in ("-c", setting)]
    return command.execute([command.GIT_PYTHON_GIT_EXECUTABLE, *settings, *args], as_process=as_process)


def _stream_log(command: git.Git, pathspecs: Sequence[str]) -> Iterator[_RawCommit]:
    process = _run(command, "log", "--no-merges", "--date-order", "-M", "--name-status", "-z", "--relative",
                   "--encoding=UTF-8", f"--format={_FORMAT}", "HEAD", "--", *pathspecs, as_process=True)
    try:
        yield from _parse(_tokens(process.stdout))
        errors = process.stderr.read()
        if errors.strip():
            log.info("git log: %s", errors.decode("utf-8", "replace").strip())
        process.wait(stderr=errors)
    except BaseException:
        process.terminate()
        raise


def _tokens(stream: IO[bytes], size: int = 1 << 16) -> Iterator[bytes]:
    """The NUL-terminated fields of ``git log -z``, read a chunk at a time."""
    rest = b""
    while chunk := stream.read1(size):
        *done, rest = (rest + chunk).split(b"\0")
        yield from done
    if rest:
        yield rest


def _parse(tokens: Iterable[bytes]) -> Iterator[_RawCommit]:
    """Commits from the token stream: a header, then per change a status and one or two paths.

    Only a token in status position can start a new commit, so subjects and paths may hold any
    character but NUL.
    """
    tokens = iter(tokens)
    current: _RawCommit | None = None
    for token in tokens:
        token = token.lstrip(b"\n")
        if token.startswith(_RECORD):
            if current is not None:
                yield current
            current = _header(token[1:].decode("utf-8", "replace"))
        elif current is not None and token:
            status = token[:1].decode("ascii", "replace")
            first = next(tokens, b"").decode("utf-8", "surrogateescape")
            if status in ("R", "C"):
                second = next(tokens, b"").decode("utf-8", "surrogateescape")
                current.changes.append((status, second, first))
            else:
                current.changes.append((status, first, None))
    if current is not None:
        yield current


def _header(text: str) -> _RawCommit:
    sha, timestamp, name, email, trailers, subject = text.split(_FIELD, 5)
    return _RawCommit(sha, name, email, int(timestamp), trailers, subject, [])


def _attribute(raw_commits: Iterable[_RawCommit], identities: _Identities
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
        for status, path, old, lineage in touched:
            if status in _BORN:
                alive.pop(path, None)
        for status, path, old, lineage in touched:
            if status == "R":
                alive[old] = lineage
            elif status not in _BORN:
                alive[path] = lineage

        author = identities.person(raw.name, raw.email)
        coauthors = identities.coauthors(raw.trailers, author)
        if author is None and not coauthors:
            continue
        changes = tuple(Change(_ACTIONS.get(status, "edited"), path, old if status == "R" else None, lineage.current)
                        for status, path, old, lineage in touched)
        commit = Commit(raw.sha, raw.timestamp, author, coauthors, raw.subject, changes)
        commits.append(commit)
        for lineage in dict.fromkeys(lineage for *_, lineage in touched):
            lineage.commits.append(commit)

    files: dict[str, FileHistory] = {}
    for lineage in lineages:
        if lineage.commits and lineage.current not in files:
            files[lineage.current] = lineage.history()
    return tuple(commits), files
