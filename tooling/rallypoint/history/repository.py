"""The one way rallypoint runs git, and the one reader of what git prints.

Every git command goes through :func:`run_git` or :func:`stream_git`, which run the ``git``
found on ``PATH`` with settings that no user or repository config can change in ways that
would alter the output we parse, never with a pager or a prompt. A failure is a
:class:`GitError` carrying git's stderr; a missing executable is :class:`GitMissing`.

GitPython is not used here: we need neither its object model nor its command wrapper, it
refuses to import without a git executable, and it starts a ``git version`` process on import.
"""

from __future__ import annotations

import io
import logging
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, NamedTuple

from ..errors import RallypointError

log = logging.getLogger(__name__)

RENAME_LIMIT = 5000
"""Files one commit may move with edits and still be followed (``diff.renameLimit``)."""
_RENAMES_SKIPPED = b"rename detection was skipped"

# `-c` on the command line beats every config file. Left to a user's or a repository's config,
# each of these changes output we parse (test_repository.py shows it for the first kind:
# hidden root commits, gpg output, `--follow`, other rename limits, reordered paths, other
# trailers, other mailmaps), or would as soon as a command here dropped `-z`, `-M` or its own
# `--format` (colours, quoting, decorations, renames, relative paths).
_HARDENED = (
    "color.ui=false",
    "color.diff=false",
    "core.quotePath=false",
    "log.showRoot=true",
    "log.showSignature=false",
    "log.follow=false",
    "log.decorate=false",
    "diff.relative=false",
    "diff.renames=true",
    # Exact and same-name renames are paired at any count; this caps the pairs of files left
    # over (a move that also renames and edits): git compares each source with each
    # destination, measured at 2.7 s for 3,000 x 3,000 pages and 30 s for 10,000 x 10,000.
    f"diff.renameLimit={RENAME_LIMIT}",
    f"diff.orderFile={os.devnull}",
    "trailer.separators=:",
    "mailmap.blob=",
    f"mailmap.file={os.devnull}",
)
# Variables that would point git at another repository or index than the folder we name, or
# read our `:(literal)` pathspecs another way (set, for example, inside a git hook).
_IGNORED_VARIABLES = frozenset(
    {
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_LITERAL_PATHSPECS",
        "GIT_GLOB_PATHSPECS",
        "GIT_NOGLOB_PATHSPECS",
        "GIT_ICASE_PATHSPECS",
    }
)
_CONTACT = re.compile(r"(.*?) ?<([^<>]*)>\Z")
_UNSPLITTABLE = re.compile(r"[<>\x00-\x1f]")


class GitError(RallypointError):
    """git could not do what was asked; ``stderr`` is what it said."""

    def __init__(self, message: str, stderr: str = "", status: int | None = None) -> None:
        super().__init__(message)
        self.stderr = stderr
        self.status = status


class GitMissing(GitError):
    """There is no ``git`` executable to run."""


class NotARepository(GitError):
    """The folder is not inside a git work tree."""


class FileStatus(NamedTuple):
    """One line of ``--name-status``."""

    status: str
    """The status letter (A, C, D, M, R, T, U, X), without a similarity score."""
    path: str
    """The path after the change."""
    old_path: str | None
    """The source of a rename (R) or copy (C)."""


def literal(path: str) -> str:
    """A pathspec that means exactly ``path``, whatever characters it holds."""
    return f":(literal){path}"


def _command(args: Sequence[str], config: Sequence[str]) -> list[str]:
    executable = shutil.which("git")
    if executable is None:
        raise GitMissing("git is not installed: there is no `git` executable on PATH")
    settings = [arg for setting in (*_HARDENED, *config) for arg in ("-c", setting)]
    return [executable, "--no-pager", *settings, *args]


def _environment(extra: Mapping[str, str] | None) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key not in _IGNORED_VARIABLES}
    # English messages, so that "not a git repository" can be told from real failures.
    env.update(GIT_TERMINAL_PROMPT="0", LC_ALL="C", **(extra or {}))
    return env


def _failure(args: Sequence[str], status: int, stderr: bytes) -> GitError:
    said = stderr.decode("utf-8", "replace").strip()
    return GitError(f"`git {' '.join(args[:2])}` failed: {said or f'exit status {status}'}", said, status)


def run_git(
    cwd: Path, *args: str, config: Sequence[str] = (), input: bytes | None = None, env: Mapping[str, str] | None = None
) -> bytes:
    """Run git in ``cwd`` and return its standard output; raise :class:`GitError` if it fails."""
    command = _command(args, config)
    try:
        done = subprocess.run(command, cwd=cwd, input=input, capture_output=True, env=_environment(env))
    except OSError as error:
        raise GitError(f"cannot run git in {cwd}: {error}") from None
    if done.returncode:
        raise _failure(args, done.returncode, done.stderr)
    return done.stdout


def stream_git(cwd: Path, *args: str, config: Sequence[str] = ()) -> Iterator[bytes]:
    """The NUL-separated fields git prints (``-z``), as they arrive.

    Raises :class:`GitError` once the output is read if git failed. Closing the iterator early
    stops git.
    """
    command = _command(args, config)
    with tempfile.TemporaryFile() as errors:  # a file, so a chatty stderr can never block git
        try:
            process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=errors, env=_environment(None))
        except OSError as error:
            raise GitError(f"cannot run git in {cwd}: {error}") from None
        finished = False
        try:
            yield from _fields(process.stdout)
            finished = True
        finally:
            if not finished:
                process.kill()
            process.stdout.close()
            status = process.wait()
        errors.seek(0)
        said = errors.read()
    _finished(args, status, said)


def _finished(args: Sequence[str], status: int, said: bytes, warn: bool = True) -> None:
    """Raise :class:`GitError` when git failed; say what it warned of (with ``warn``)."""
    if status:
        raise _failure(args, status, said)
    if not warn:
        return
    if _RENAMES_SKIPPED in said:
        log.warning(
            "git %s: a commit moves more than %d files while editing them, so git did not follow "
            "those moves and their history starts at the move; commit moves apart from edits "
            "(`rallypoint import --commit` does)",
            args[0],
            RENAME_LIMIT,
        )
    elif said.strip():
        log.info("git %s: %s", args[0], said.decode("utf-8", "replace").strip())


class Spooled:
    """git running with its standard output going to a temporary file, from :meth:`Repository.spool`;
    :meth:`fields` waits for it. Use it as a context manager: leaving stops git."""

    def __init__(self, cwd: Path, args: Sequence[str], config: Sequence[str], input: bytes):
        self._args = args
        self.warned = False
        """Whether git warned that it skipped rename detection (said once, by :meth:`fields`)."""
        command = _command(args, config)
        self._files = [tempfile.TemporaryFile() for _ in range(3)]  # noqa: SIM115 (closed by close())
        given, self._out, self._errors = self._files
        given.write(input)
        given.seek(0)
        try:
            self._process = subprocess.Popen(
                command,
                cwd=cwd,
                stdin=given,
                stdout=self._out,
                stderr=self._errors,
                env=_environment(None),
            )
        except OSError as error:
            self.close()
            raise GitError(f"cannot run git in {cwd}: {error}") from None

    def fields(self, warn: bool = True) -> Iterator[bytes]:
        """The NUL-separated fields git printed, once it has finished (:func:`stream_git`'s);
        what git warned of is logged with ``warn``."""
        status = self._process.wait()
        self._errors.seek(0)
        said = self._errors.read()
        self.warned = _RENAMES_SKIPPED in said
        _finished(self._args, status, said, warn)
        self._out.seek(0)
        return _fields(self._out)

    def close(self) -> None:
        process = getattr(self, "_process", None)
        if process is not None and process.poll() is None:
            process.kill()
            process.wait()
        for file in self._files:
            file.close()

    def __enter__(self) -> Spooled:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _fields(stream: IO[bytes], size: int = 1 << 16) -> Iterator[bytes]:
    rest = b""
    while chunk := stream.read1(size):
        *done, rest = (rest + chunk).split(b"\0")
        yield from done
    if rest:
        yield rest


def read_name_status(
    fields: Iterable[bytes], record: bytes = b"\x1e"
) -> Iterator[tuple[bytes | None, list[FileStatus]]]:
    """Group the ``--name-status -z`` stream of git log or git diff by record.

    Each change is a status field, then one path, or two for R and C (old, then new). git log
    prints a ``--format`` header before each commit's changes, which the caller starts with
    ``record``; git diff prints none, so its changes come as one group whose header is None.
    Only a field in status position can start a record, so headers and paths may hold any
    character but NUL.
    """
    fields = iter(fields)
    header: bytes | None = None
    changes: list[FileStatus] = []
    for field in fields:
        field = field.lstrip(b"\n")  # git log puts a newline between a header and its changes
        if field.startswith(record):
            if header is not None or changes:
                yield header, changes
            header, changes = field[len(record) :], []
        elif field:
            status = field[:1].decode("ascii", "replace")
            first = next(fields, b"").decode("utf-8", "surrogateescape")
            if status in ("R", "C"):
                changes.append(FileStatus(status, next(fields, b"").decode("utf-8", "surrogateescape"), first))
            else:
                changes.append(FileStatus(status, first, None))
    if header is not None or changes:
        yield header, changes


class Repository:
    """A git work tree, found from a folder inside it."""

    def __init__(self, top: Path, shallow: bool) -> None:
        self.top = top
        """The top of the work tree, resolved."""
        self.shallow = shallow

    @classmethod
    def find(cls, folder: Path) -> Repository:
        if not Path(folder).is_dir():
            raise NotARepository(f"{folder} is not a folder")
        try:
            out = run_git(folder, "rev-parse", "--show-toplevel", "--is-shallow-repository")
        except GitError as error:
            if "not a git repository" in error.stderr:
                raise NotARepository(str(error), error.stderr, error.status) from None
            raise
        top, _, shallow = out.decode("utf-8", "surrogateescape").strip().rpartition("\n")
        return cls(Path(top).resolve(), shallow.strip() == "true")

    def remote_url(self, name: str = "origin") -> str:
        """The fetch URL of the remote ``name``, or "" when there is no such remote."""
        try:
            return self.run("config", "--get", f"remote.{name}.url").decode("utf-8", "replace").strip()
        except GitError:
            return ""

    def run(self, *args: str, mailmap: Path | None = None, input: bytes | None = None) -> bytes:
        """Run git at the top of the work tree; ``mailmap`` as in :meth:`stream`."""
        return run_git(self.top, *args, config=_mailmap_setting(mailmap), input=input)

    def stream(self, *args: str, cwd: Path | None = None, mailmap: Path | None = None) -> Iterator[bytes]:
        """:func:`stream_git` in ``cwd`` (default: the top).

        Identities (``%aN``, ``%aE``, ``check-mailmap``) go through the top ``.mailmap`` and then
        ``mailmap``, whose entries win; the user's own ``mailmap.file`` and ``mailmap.blob``
        are never read.
        """
        return stream_git(cwd or self.top, *args, config=_mailmap_setting(mailmap))

    def spool(self, *args: str, input: bytes, mailmap: Path | None = None) -> Spooled:
        """git at the top with ``input`` on its standard input, its output kept in a temporary
        file (:class:`Spooled`); ``mailmap`` as in :meth:`stream`. Several run side by side."""
        return Spooled(self.top, args, _mailmap_setting(mailmap), input)

    def head(self) -> tuple[str, int] | None:
        """HEAD's commit and its committer time; None while the branch has no commits."""
        try:
            sha, when = self.run("log", "-1", "--format=%H %ct", "HEAD", "--").split()
        except GitError:
            if not self._resolves("HEAD"):
                return None
            raise
        return sha.decode("ascii"), int(when)

    def _resolves(self, ref: str) -> bool:
        try:
            self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        except GitError:
            return False
        return True

    def merge_base(self, one: str, other: str) -> str | None:
        """The best common ancestor, or None when the two share no history."""
        try:
            return self.run("merge-base", one, other).decode("ascii").split()[0]
        except GitError as error:
            if error.status == 1 and not error.stderr:
                return None
            raise

    def changes_between(self, base: str, head: str, paths: Sequence[str]) -> list[FileStatus]:
        """What ``git diff -M`` says changed from ``base`` to ``head`` under ``paths`` (from the top)."""
        fields = self.stream("diff", "--name-status", "-M", "-z", "--no-color", base, head, "--", *map(literal, paths))
        return [change for _, changes in read_name_status(fields) for change in changes]

    def export(self, ref: str, paths: Sequence[str], into: Path) -> None:
        """Write the files under ``paths`` (from the top) as they are at ``ref`` into ``into``.

        Only regular files and folders are written, never links or devices, and never outside
        ``into``.
        """
        listed = self.run("ls-tree", "-z", "--name-only", ref, "--", *map(literal, paths))
        found = [p.decode("utf-8", "surrogateescape") for p in listed.split(b"\0") if p]
        if not found:
            return
        data = self.run("archive", "--format=tar", ref, "--", *map(literal, found))
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            members = [m for m in archive.getmembers() if m.isfile() or m.isdir()]
            archive.extractall(into, members=members, filter="data")

    def map_identities(
        self, identities: Iterable[tuple[str, str]], mailmap: Path | None = None
    ) -> dict[tuple[str, str], tuple[str, str]]:
        """Each (name, email) after .mailmap (as in :meth:`stream`), from one ``check-mailmap``."""
        wanted = list(dict.fromkeys(identities))
        if not wanted:
            return {}
        # check-mailmap dies on a contact it cannot split, so an odd name is asked about by its
        # email alone; no .mailmap entry can name it anyway.
        contacts = [
            f"{'' if _UNSPLITTABLE.search(name) else name} <{email}>"
            for name, email in wanted
            if not _UNSPLITTABLE.search(email)
        ]
        out = self.run(
            "check-mailmap",
            "--stdin",
            mailmap=mailmap,
            input="".join(f"{c}\n" for c in contacts).encode("utf-8", "surrogateescape"),
        )
        answers = iter(out.decode("utf-8", "surrogateescape").splitlines())
        mapped = {}
        for name, email in wanted:
            match = None if _UNSPLITTABLE.search(email) else _CONTACT.match(next(answers, ""))
            mapped[name, email] = (match.group(1) or name, match.group(2)) if match else (name, email)
        return mapped

    def tracked(self, paths: Sequence[str]) -> list[str]:
        """The files git tracks under ``paths`` (from the top), from the top."""
        listed = self.run("ls-files", "-z", "--", *map(literal, paths))
        return [p.decode("utf-8", "surrogateescape") for p in listed.split(b"\0") if p]

    def uncommitted(self, paths: Sequence[str]) -> list[str]:
        """Paths under ``paths`` (from the top) with changes not committed: staged, unstaged or untracked."""
        out = self.run("status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *map(literal, paths))
        found, fields = [], iter(out.split(b"\0"))
        for entry in fields:
            if entry:
                found.append(entry[3:].decode("utf-8", "surrogateescape"))
                if entry[:1] in (b"R", b"C"):  # a staged rename or copy: its source follows
                    next(fields, None)
        return found

    def stage(self, paths: Sequence[str]) -> None:
        """``git add --all`` of ``paths`` (from the top): new and changed files, and removals."""
        for start in range(0, len(paths), 1000):  # command lines have a limit
            self.run("add", "--all", "--", *map(literal, paths[start : start + 1000]))

    def commit(self, message: str, paths: Sequence[str], author: tuple[str, str] | None = None) -> str:
        """Commit ``paths`` (from the top) as they are in the work tree; return the sha.

        By git's configured user, or ``author`` (name, email) as author and committer. Other
        staged changes stay staged, out of this commit. The paths go to git on its standard
        input, so that thousands of them fit.
        """
        spec = "".join(f"{literal(p)}\0" for p in paths).encode("utf-8", "surrogateescape")
        identity = (
            {
                "GIT_AUTHOR_NAME": author[0],
                "GIT_AUTHOR_EMAIL": author[1],
                "GIT_COMMITTER_NAME": author[0],
                "GIT_COMMITTER_EMAIL": author[1],
            }
            if author
            else None
        )
        args = ("commit", "--quiet", "-m", message, "--pathspec-from-file=-", "--pathspec-file-nul")
        run_git(self.top, *args, input=spec, env=identity)
        return self.run("rev-parse", "HEAD").decode("ascii").strip()


def _mailmap_setting(mailmap: Path | None) -> tuple[str, ...]:
    # git reads the top .mailmap first and mailmap.file last, so the latter's entries win. The
    # path is absolute because git reads a relative one from the top of the work tree.
    return (f"mailmap.file={Path(mailmap).resolve()}",) if mailmap else ()


def configured_identity(folder: Path | None = None) -> tuple[str, str]:
    """``git config user.name`` and ``user.email`` as seen from ``folder`` (default: here).

    Each is "" when unset, or when git or the folder is missing.
    """
    try:
        out = run_git(Path(folder or "."), "config", "-z", "--get-regexp", r"^user\.(name|email)$")
    except GitError:
        return "", ""
    found = {}
    for entry in out.decode("utf-8", "replace").split("\0"):
        key, _, value = entry.partition("\n")
        found[key] = value.strip()  # the last value wins, as with `git config --get`
    return found.get("user.name", ""), found.get("user.email", "")


def commit_everything(directory: Path, message: str, name: str, email: str) -> None:
    """Make ``directory`` a repository on branch main with one commit of all its files.

    ``name`` and ``email`` are both the author and the committer.
    """
    directory = Path(directory)
    run_git(directory, "init", "--quiet")
    # `git init --initial-branch` needs git 2.28; the publishing workflow runs on main.
    run_git(directory, "symbolic-ref", "HEAD", "refs/heads/main")
    run_git(directory, "add", "--all")
    identity = {
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": email,
        "GIT_COMMITTER_NAME": name,
        "GIT_COMMITTER_EMAIL": email,
    }
    run_git(directory, "commit", "--quiet", "-m", message, env=identity)
