"""Shared test fixtures: a small valid community, git commits by chosen people at chosen times,
and a digest of a file tree for comparing built sites."""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

import git
import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "benchmarks"))

Identity = tuple[str, str]
ALICE: Identity = ("Alice Martin", "alice@example.org")
BOB: Identity = ("Bob Ng", "bob@example.org")

BASE: dict[str, str] = {
    "community.yml": (
        "name: Test Repair Network\n"
        "description: People who fix things together.\n"
        "maintainers: [alice]\n"
        "tags:\n"
        "  aliases: {diy: do-it-yourself}\n"
    ),
    "purposes/repair.md": (
        "---\n"
        "title: Repair guides\n"
        "summary: Guides for fixing appliances.\n"
        "status: active\n"
        "maintainers: [alice, bob]\n"
        "started: 2026-01-15\n"
        "goals:\n"
        "  - id: pumps\n"
        "    title: Every pump\n"
        "    target: {count: 5, kind: article, tag: pumps}\n"
        "---\n"
        "Why we repair. See [[drain-pump]].\n"
    ),
    "purposes/cafes.md": (
        "---\n"
        "title: Repair cafés\n"
        "summary: Run monthly repair cafés.\n"
        "maintainers: [bob]\n"
        "started: 2026-02-01\n"
        "accepts: [post, note]\n"
        "---\n"
        "Meet up.\n"
    ),
    "contributors/alice.yml": "name: Alice Martin\nemails: [alice@example.org]\n",
    "contributors/bob.yml": "name: Bob Ng\ngithub: bobng\nemails: [bob@example.org]\n",
    "content/repair/drain-pump.md": (
        "---\n"
        "title: Replacing a drain pump\n"
        "kind: article\n"
        "authors: [alice]\n"
        "date: 2026-03-01\n"
        "tags: [pumps, diy]\n"
        "goals: [pumps]\n"
        "---\n"
        "Unplug first. Then read [[why-noisy]].\n"
    ),
    "content/repair/why-noisy.md": (
        "---\n"
        "title: Why is my pump noisy?\n"
        "kind: question\n"
        "authors: [bob]\n"
        "date: 2026-03-02\n"
        "accepted: noisy-answer\n"
        "---\n"
        "It hums.\n"
    ),
    "content/repair/noisy-answer.md": (
        "---\n"
        "title: A coin in the impeller\n"
        "kind: answer\n"
        "authors: [alice]\n"
        "date: 2026-03-03\n"
        "answers: why-noisy\n"
        "---\n"
        "Look for coins.\n"
    ),
    "content/cafes/first-cafe.md": (
        "---\ntitle: Our first café\nkind: post\nauthors: [bob]\ndate: 2026-02-10\n---\nIt went well.\n"
    ),
}


def community_files(changes: Mapping[str, str | bytes | None] = {}, base: Mapping = BASE) -> dict[str, str | bytes]:
    """The base community's files with ``changes`` applied; None leaves a file out."""
    files = {**base, **changes}
    return {rel: content for rel, content in files.items() if content is not None}


def _write(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", newline="")


def write_community(root: Path, changes: Mapping[str, str | bytes | None] = {}, base: Mapping = BASE) -> Path:
    """Write the base community with ``changes`` applied (None leaves a file out)."""
    for rel, content in community_files(changes, base).items():
        _write(root / rel, content)
    return root


@pytest.fixture
def community(tmp_path: Path):
    """A factory: community(changes) writes a small valid community and returns its root."""

    def make(changes: Mapping[str, str | bytes | None] = {}) -> Path:
        return write_community(tmp_path / "community", changes)

    return make


def _git_date(when: str | int | dt.datetime) -> str:
    """Git's own date format; a date without a zone is UTC, so tests never depend on the machine's."""
    if isinstance(when, int):
        return f"{when} +0000"
    moment = when if isinstance(when, dt.datetime) else dt.datetime.fromisoformat(when)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    offset = int(moment.utcoffset().total_seconds()) // 60
    sign = "-" if offset < 0 else "+"
    return f"{int(moment.timestamp())} {sign}{abs(offset) // 60:02d}{abs(offset) % 60:02d}"


def commit(
    where: Path | git.Repo,
    files: Mapping[str, str | bytes | None] = {},
    *,
    message: str = "change",
    author: Identity = ALICE,
    date: str | int | dt.datetime = "2026-03-01T10:00:00",
    coauthors: Sequence[Identity] = (),
    committer: Identity | None = None,
    moves: Mapping[str, str] = {},
) -> str:
    """Write ``files`` (None deletes a tracked file), move ``moves`` (old: new), and commit only
    those, by ``author`` at ``date``; returns the commit's sha.

    ``where`` is a repository or a folder, made a repository (branch ``main``) if it is not one
    yet. ``date`` is ISO 8601 (UTC unless it names a zone) or seconds since the epoch; the
    committer is the author unless given. Co-authors become ``Co-authored-by:`` trailers.
    """
    if isinstance(where, git.Repo):
        repo = where
    elif (where / ".git").exists():
        repo = git.Repo(where)
    else:
        repo = git.Repo.init(where, initial_branch="main")
    root = Path(repo.working_tree_dir)
    for old, new in moves.items():
        (root / new).parent.mkdir(parents=True, exist_ok=True)
        repo.index.move([old, new])
    index = repo.index  # read after the moves, which `git mv` makes on disk
    written = [rel for rel, content in files.items() if content is not None]
    for rel in written:
        _write(root / rel, files[rel])
    if written:
        index.add(written)
    deleted = [rel for rel, content in files.items() if content is None]
    if deleted:
        index.remove(deleted, working_tree=True)
    if coauthors:
        message += "\n\n" + "".join(f"Co-authored-by: {name} <{email}>\n" for name, email in coauthors)
    when = _git_date(date)
    done = index.commit(
        message,
        author=git.Actor(*author),
        committer=git.Actor(*(committer or author)),
        author_date=when,
        commit_date=when,
        skip_hooks=True,
    )
    return done.hexsha


@pytest.fixture
def git_community(tmp_path: Path):
    """A factory: git_community(changes, **commit options) writes the small community, commits all
    of it as its first commit (by Alice unless told otherwise) and returns its root."""

    def make(changes: Mapping[str, str | bytes | None] = {}, **options) -> Path:
        root = tmp_path / "community"
        commit(root, community_files(changes), **{"message": "Start the community", **options})
        return root

    return make


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (outside .git) by its path, with the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and ".git" not in path.relative_to(folder).parts
    }


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch):
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test Runner")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "runner@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test Runner")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "runner@example.org")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)


@pytest.fixture
def git_config(tmp_path, monkeypatch):
    """A global git config of our own (or none), and a working folder outside any repository."""

    def make(**values: str) -> None:
        config = tmp_path / "gitconfig"
        config.write_text("[user]\n" + "".join(f"\t{k} = {v}\n" for k, v in values.items()))
        monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LOGNAME", "Sam_Doe")
    make()
    return make


@pytest.fixture(scope="module")
def browser():
    """A headless chromium (tests/browsing.py) for a module's browser tests."""
    from browsing import chromium

    with chromium() as instance:
        yield instance


@pytest.fixture(scope="module", params=["material", "zensical"])
def engine(request) -> str:
    """Each engine in turn, for browser tests of what both engines' sites must do."""
    return request.param


@pytest.fixture(scope="module")
def example_served(tmp_path_factory, engine):
    """The example community's site, built with ``engine`` and served on 127.0.0.1."""
    from browsing import example_site, require_chromium, serving

    require_chromium()
    with serving(example_site(tmp_path_factory, engine)) as url:
        yield url
