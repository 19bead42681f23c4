"""The commits a history was read from, kept between builds so that git reads only new ones.

Reading the history is one ``git log`` pass over every commit, and most of its time is git
computing each commit's changes (``--name-status -M``). What git prints for a commit depends
only on that commit (its one parent, since merges are left out), the .mailmap files and the
format asked for: so :class:`KnownCommits` keeps what it printed, by commit, and the next read
asks git for the order of the commits (``git rev-list``, which walks without computing
changes) and for the changes of the commits it does not know yet. The commits then go through
the same attribution as a full read, in the same order, so the history is the same whatever
happened in between: new commits, merged branches with older dates, or a force push (commits
no longer reachable are forgotten, those that replaced them are read).

Kept as plain tuples and strings, pickled, and read back by an unpickler that names no class
at all: a tampered file can give wrong commits at worst (its digest is checked before that),
never run code.
"""

from __future__ import annotations

import io
import logging
import pickle
from collections.abc import Iterator
from pathlib import Path

from ..kept import PlainUnpickler
from .log import LOG_OPTIONS, _RawCommit, _read_log, raw_commits
from .repository import FileStatus, Repository

log = logging.getLogger(__name__)

_STREAMED_FROM = 1000
"""New commits from which, when they are most of the history, it is all read as one stream."""


class KnownCommits:
    """Commits as ``git log`` printed them, by sha (see the module's docstring)."""

    def __init__(self, commits: dict[str, _RawCommit] | None = None) -> None:
        self.commits: dict[str, _RawCommit] = commits or {}
        self.read_from_git = 0
        """How many commits the last :meth:`read` asked git for."""

    def read(self, repository: Repository, root: Path, head: str) -> Iterator[_RawCommit]:
        """Every commit ``git log`` would print from ``head``, in its order, git reading only the
        unknown ones; afterwards only these commits are known."""
        found = self._update(repository, root, head) if self.commits else list(_read_log(repository, root, head))
        self.read_from_git = sum(1 for raw in found if raw.sha not in self.commits)
        self.commits = {raw.sha: raw for raw in found}
        return iter(found)

    def _update(self, repository: Repository, root: Path, head: str) -> list[_RawCommit]:
        order = repository.run("rev-list", *LOG_OPTIONS[:2], head, "--").decode("ascii").split()
        missing = [sha for sha in order if sha not in self.commits]
        if len(missing) > max(len(order) // 2, _STREAMED_FROM):  # another history: stream it all
            return list(_read_log(repository, root, head, order))
        new: dict[str, _RawCommit] = {}
        if missing:
            # --no-walk prints each commit as the walk would: the same diff against its one parent.
            out = repository.run(
                "log",
                "--no-walk=unsorted",
                "--stdin",
                *LOG_OPTIONS,
                mailmap=root / ".mailmap",
                input="".join(f"{sha}\n" for sha in missing).encode("ascii"),
            )
            new = {raw.sha: raw for raw in raw_commits(out.split(b"\0"))}
        found = [new.get(sha) or self.commits.get(sha) for sha in order]
        if any(raw is None for raw in found):  # git printed another commit than asked: read it all
            log.debug("git did not print every commit asked for; reading the whole history")
            return list(_read_log(repository, root, head))
        return found

    def to_bytes(self) -> bytes:
        rows = [
            (
                raw.sha,
                raw.timestamp,
                raw.author,
                [tuple(c) for c in raw.coauthors],
                raw.subject,
                [tuple(change) for change in raw.changes],
                [tuple(r) for r in raw.reviewers],
            )
            for raw in self.commits.values()
        ]
        return pickle.dumps(rows, protocol=pickle.HIGHEST_PROTOCOL)

    @classmethod
    def from_bytes(cls, data: bytes) -> KnownCommits:
        """The commits :meth:`to_bytes` kept; ValueError when ``data`` is not that."""
        try:
            rows = PlainUnpickler(io.BytesIO(data)).load()
            commits = {}
            for sha, timestamp, author, coauthors, subject, changes, reviewers in rows:
                if len(author) != 4:
                    raise ValueError(f"an author of {len(author)} parts")
                commits[sha] = _RawCommit(
                    _text(sha),
                    int(timestamp),
                    tuple(_text(part) for part in author),
                    [(_text(name), _text(email)) for name, email in coauthors],
                    _text(subject),
                    [FileStatus(_text(s), _text(p), None if o is None else _text(o)) for s, p, o in changes],
                    [(_text(name), _text(email)) for name, email in reviewers],
                )
        except (pickle.UnpicklingError, EOFError, TypeError, ValueError, AttributeError, IndexError) as error:
            raise ValueError(f"not a list of commits: {error}") from None
        return cls(commits)


def _text(value: object) -> str:
    if type(value) is not str:
        raise TypeError(f"{value!r} is not text")
    return value
