from __future__ import annotations

import os
import subprocess
from collections.abc import Mapping
from pathlib import Path

import git
import pytest

from rallypoint.history import log
from rallypoint.history.log import Change, History, Person, read_history
from rallypoint.history.repository import Repository

T0 = 1_700_000_000
DAY = 86_400
ALICE = ("Alice Martin", "alice@example.org")
BOB = ("Bob Ng", "bob@example.org")
CAROL = ("Carol Díaz", "carol@example.org")
DEPENDABOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")


def person(identity: tuple[str, str]) -> Person:
    return Person(identity[0], identity[1].lower())


def commit(
    repo: git.Repo,
    files: Mapping[str, str | None],
    message: str = "change",
    author: tuple[str, str] = ALICE,
    when: int = T0,
    moves: Mapping[str, str] = (),
) -> str:
    """Write (or, for None, delete) files, `git mv` the moves, and commit as ``author`` at ``when``."""
    root = Path(repo.working_tree_dir)
    for old, new in dict(moves).items():
        (root / new).parent.mkdir(parents=True, exist_ok=True)
        repo.git.mv(old, new)
    for rel, text in files.items():
        path = root / rel
        if text is None:
            repo.git.rm("-q", rel)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    repo.git.add("-A")
    date = f"@{when} +0000"
    repo.git.commit(
        "-q",
        "--allow-empty",
        "--no-verify",
        "--no-gpg-sign",
        "-m",
        message,
        env={
            "GIT_AUTHOR_NAME": author[0],
            "GIT_AUTHOR_EMAIL": author[1],
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": "Maintainer",
            "GIT_COMMITTER_EMAIL": "maint@example.org",
            "GIT_COMMITTER_DATE": date,
        },
    )
    return repo.head.commit.hexsha


@pytest.fixture(autouse=True, params=["one pass", "sliced"])
def reading(request, monkeypatch):
    """Every history here is read both ways: one git log pass, and (as a large history is) in
    slices of a commit or two that git processes print side by side (log._read_slices)."""
    if request.param == "sliced":
        monkeypatch.setattr(log, "SLICED_FROM", 1)
        monkeypatch.setattr(log, "SLICES", 3)
        monkeypatch.setattr(log, "_cores", lambda: 2)  # on a one-core machine too
    return request.param


@pytest.fixture
def repo(tmp_path: Path) -> git.Repo:
    return git.Repo.init(tmp_path / "repo", initial_branch="main")


def root_of(repo: git.Repo) -> Path:
    return Path(repo.working_tree_dir)


def test_created_updated_and_editors_in_order_of_first_touch(repo):
    commit(repo, {"content/p/a.md": "1", "community.yml": "name: x\n"}, "start", ALICE, T0)
    commit(repo, {"content/p/a.md": "2"}, "bob edits", BOB, T0 + DAY)
    commit(repo, {"content/p/a.md": "3"}, "carol edits", CAROL, T0 + 2 * DAY)
    head = commit(repo, {"content/p/a.md": "4"}, "alice again", ALICE, T0 + 3 * DAY)

    history = read_history(root_of(repo))

    assert (history.head, history.shallow, history.last_timestamp) == (head, False, T0 + 3 * DAY)
    file = history.files["content/p/a.md"]
    assert (file.path, file.created, file.updated, file.commits) == ("content/p/a.md", T0, T0 + 3 * DAY, 4)
    assert file.created_by == file.updated_by == (person(ALICE),)
    assert file.editors == (person(ALICE), person(BOB), person(CAROL))
    assert [c.subject for c in history.commits] == ["alice again", "carol edits", "bob edits", "start"]
    assert history.commits[0].sha == head
    assert history.commits[-1].changes == (
        Change("added", "community.yml", None, "community.yml"),
        Change("added", "content/p/a.md", None, "content/p/a.md"),
    )
    assert history.files["community.yml"].commits == 1


def test_mailmap_merges_identities_of_authors_and_coauthors(repo):
    commit(
        repo,
        {
            ".mailmap": "# old laptop and old address are Alice\n"
            "Alice Martin <alice@example.org> Al <al@laptop.local>\n"
            "<alice@example.org> <Alice@Old.Example>\n"
            "Bob Ng <bob@example.org>  # a comment after the entry\n"
        },
        "mailmap",
        ALICE,
        T0,
    )
    commit(repo, {"content/p/a.md": "1"}, "old address", ("Alice Martin", "alice@OLD.example"), T0 + 1)
    commit(
        repo,
        {"content/p/a.md": "2"},
        "pair\n\nCo-authored-by: Al <AL@laptop.local>",
        ("bob", "BOB@example.org"),
        T0 + 2,
    )
    commit(repo, {"content/p/a.md": "3"}, "name kept\n\nCo-authored-by: A. M. <alice@old.example>", BOB, T0 + 3)

    history = read_history(root_of(repo))

    pair, old_address = history.commits[1], history.commits[2]
    assert old_address.author == person(ALICE)
    assert (pair.author, pair.coauthors) == (person(BOB), (person(ALICE),))
    assert history.files["content/p/a.md"].editors == (person(ALICE), person(BOB), Person("A. M.", "alice@example.org"))
    assert ".mailmap" not in history.files


def test_mailmap_forms(repo):
    commit(
        repo,
        {
            ".mailmap": "# comment <not@an.entry>\n"
            "Proper One <one@commit>\n"
            "<proper2@x> <Two@Commit>\n"
            "Proper Three <proper3@x> <three@commit>\n"
            "Proper Four <proper4@x> Commit Four <four@commit>\n"
            "\n"
            "garbage line\n"
        },
    )
    cases = [
        ("whoever", "ONE@commit"),
        ("Two", "two@commit"),
        ("Three", "three@COMMIT"),
        ("commit four", "four@commit"),
        ("Someone Else", "four@commit"),
        ("Nobody", "not@an.entry"),
    ]

    mapped = Repository.find(root_of(repo)).map_identities(cases)

    assert [mapped[case] for case in cases] == [
        ("Proper One", "ONE@commit"),
        ("Two", "proper2@x"),
        ("Proper Three", "proper3@x"),
        ("Proper Four", "proper4@x"),
        ("Someone Else", "four@commit"),
        ("Nobody", "not@an.entry"),
    ]


def test_coauthors_credited_once_without_the_author(repo):
    message = (
        "pairing\n\nBody text.\n\n"
        "Co-authored-by: Bob Ng <bob@example.org>\n"
        "co-authored-by: Carol Díaz <Carol@Example.org>\n"
        "Co-authored-by: Bob Ng <BOB@example.org>\n"
        "Co-authored-by: Alice Martin <alice@example.org>\n"
        "Co-authored-by: no address here\n"
    )
    commit(repo, {"purposes/p.md": "x"}, message, ALICE, T0)

    history = read_history(root_of(repo))

    only = history.commits[0]
    assert only.subject == "pairing"
    assert only.coauthors == (person(BOB), person(CAROL))
    assert only.people == (person(ALICE), person(BOB), person(CAROL))
    assert history.files["purposes/p.md"].created_by == only.people


def test_renames_are_followed(repo):
    body = "A long enough body for git to see the same file after a rename.\n" * 5
    commit(repo, {"content/p/old.md": body, "content/p/gone.md": "bye"}, "add", ALICE, T0)
    commit(repo, {"content/p/old.md": body + "more\n"}, "edit", BOB, T0 + 1)
    commit(repo, {}, "rename", CAROL, T0 + 2, moves={"content/p/old.md": "content/q/new.md"})
    commit(repo, {"content/q/new.md": body + "more\neven more\n", "content/p/gone.md": None}, "tidy", BOB, T0 + 3)

    history = read_history(root_of(repo))

    file = history.files["content/q/new.md"]
    assert (file.created, file.updated, file.commits) == (T0, T0 + 3, 4)
    assert file.created_by == (person(ALICE),)
    assert file.editors == (person(ALICE), person(BOB), person(CAROL))
    assert "content/p/old.md" not in history.files
    changes = {c.subject: c.changes for c in history.commits}
    assert changes["tidy"] == (
        Change("removed", "content/p/gone.md", None, "content/p/gone.md"),
        Change("edited", "content/q/new.md", None, "content/q/new.md"),
    )
    assert changes["rename"] == (Change("renamed", "content/q/new.md", "content/p/old.md", "content/q/new.md"),)
    assert changes["edit"] == (Change("edited", "content/p/old.md", None, "content/q/new.md"),)
    assert Change("added", "content/p/old.md", None, "content/q/new.md") in changes["add"]
    assert history.files["content/p/gone.md"].commits == 2


def test_a_file_added_again_after_removal_starts_a_new_life(repo):
    commit(repo, {"content/p/a.md": "first life"}, "add", ALICE, T0)
    commit(repo, {"content/p/a.md": None}, "remove", BOB, T0 + 1)
    commit(repo, {"content/p/a.md": "second life, quite different"}, "again", CAROL, T0 + 2)

    history = read_history(root_of(repo))

    file = history.files["content/p/a.md"]
    assert (file.created, file.created_by, file.commits) == (T0 + 2, (person(CAROL),), 1)


def test_bots_are_never_credited(repo):
    bots = ["*[bot]", "renovate*"]
    commit(repo, {"content/p/a.md": "1"}, "start", ALICE, T0)
    commit(repo, {"content/p/a.md": "2"}, "bump", DEPENDABOT, T0 + 1)
    commit(
        repo, {"content/p/a.md": "3"}, "with help\n\nCo-authored-by: renovate[bot] <bot@renovateapp.com>", BOB, T0 + 2
    )
    commit(
        repo,
        {"content/p/a.md": "4"},
        "bot and human\n\nCo-authored-by: Carol Díaz <carol@example.org>",
        ("Renovate Bot", "bot@renovateapp.com"),
        T0 + 3,
    )

    history = read_history(root_of(repo), bots=bots)

    assert [c.subject for c in history.commits] == ["bot and human", "with help", "start"]
    newest, helped = history.commits[0], history.commits[1]
    assert (newest.author, newest.coauthors, newest.people) == (None, (person(CAROL),), (person(CAROL),))
    assert (helped.author, helped.coauthors) == (person(BOB), ())
    file = history.files["content/p/a.md"]
    assert file.editors == (person(ALICE), person(BOB), person(CAROL))
    assert (file.commits, file.updated_by) == (3, (person(CAROL),))
    # "[bot]" is literal, not a character class: Bob (ending in "b") is a person.
    assert person(BOB) in read_history(root_of(repo), bots=["*[bot]"]).files["content/p/a.md"].editors


def test_a_file_renamed_by_a_bot_keeps_its_history(repo):
    body = "Enough shared content to detect the rename reliably.\n" * 5
    commit(repo, {"content/p/a.md": body}, "add", ALICE, T0)
    commit(repo, {}, "move", DEPENDABOT, T0 + 1, moves={"content/p/a.md": "content/p/b.md"})

    history = read_history(root_of(repo), bots=["*[bot]"])

    assert history.files["content/p/b.md"].editors == (person(ALICE),)
    assert history.commits[0].changes == (Change("added", "content/p/a.md", None, "content/p/b.md"),)


def test_commits_in_git_blame_ignore_revs_are_no_ones_edit(repo):
    """As ``git blame`` and GitHub read the file: a mechanical commit (``rallypoint import``'s
    moves and rewrites) is not a page's last change and credits no one, its renames are
    followed, and what it adds is its own."""
    body = "Enough shared content to detect the rename reliably.\n" * 5
    commit(repo, {"docs/a.md": body}, "write", BOB, T0)
    commit(repo, {"docs/a.md": body + "More.\n"}, "edit", CAROL, T0 + DAY)
    moves = commit(repo, {}, "import: moves", ALICE, T0 + 2 * DAY, moves={"docs/a.md": "content/p/a.md"})
    rewrites = commit(
        repo,
        {"content/p/a.md": "---\ntitle: A\n---\n" + body + "More.\n", "contributors/bob.yml": "name: Bob\n"},
        "import: rewrites",
        ALICE,
        T0 + 2 * DAY + 1,
    )
    root = root_of(repo)
    (root / ".git-blame-ignore-revs").write_text(
        f"# rallypoint import\n{moves}\n{rewrites.upper()}  # rewrites\nnot-a-sha\n"
    )
    commit(repo, {}, "ignore the import", ALICE, T0 + 2 * DAY + 2)
    imported = read_history(root).files["content/p/a.md"]
    assert (imported.updated, imported.updated_by) == (T0 + DAY, (person(CAROL),))
    later = commit(repo, {"content/p/a.md": "---\ntitle: A\n---\nNew.\n"}, "edit after", BOB, T0 + 3 * DAY)

    history = read_history(root)

    page = history.files["content/p/a.md"]
    assert (page.editors, page.created, page.commits) == ((person(BOB), person(CAROL)), T0, 3)
    assert [c.subject for c in history.commits] == ["edit after", "import: rewrites", "edit", "write"]
    assert history.commits[1].changes == (Change("added", "contributors/bob.yml", None, "contributors/bob.yml"),)
    assert history.files["contributors/bob.yml"].created_by == (person(ALICE),)
    (root / ".git-blame-ignore-revs").unlink()
    before = read_history(root).files["content/p/a.md"]
    assert (before.editors, before.commits) == ((person(BOB), person(CAROL), person(ALICE)), 5)
    assert later == history.commits[0].sha


def test_odd_paths_and_subjects(repo):
    names = [
        "content/p/with space.md",
        "content/p/ünïcödé ✓.md",
        "content/p/tab\there.md",
        "content/p/new\nline.md",
        'content/p/"quoted".md',
    ]
    subject = "weird \x1e\x1f\x1d subject\ttab ü 🚀"
    commit(repo, {name: name for name in names}, subject, ALICE, T0)
    commit(repo, {}, "rename", BOB, T0 + 1, moves={names[1]: "content/p/ünïcödé renamed.md"})

    history = read_history(root_of(repo))

    assert set(history.files) == {*names[:1], *names[2:], "content/p/ünïcödé renamed.md"}
    assert history.commits[1].subject == subject
    assert history.commits[0].changes == (
        Change("renamed", "content/p/ünïcödé renamed.md", names[1], "content/p/ünïcödé renamed.md"),
    )


def test_non_community_files_are_ignored(repo):
    commit(
        repo,
        {"README.md": "hi", "tooling/x.py": "", "community.yml.bak": "", "contentious.md": "", "content/p/a.md": "1"},
        "start",
        ALICE,
        T0,
    )
    commit(repo, {"README.md": "hello", "tooling/x.py": "print()"}, "tooling only", BOB, T0 + 1)
    commit(repo, {"contributors/bob.yml": "name: Bob\n"}, "join", BOB, T0 + 2)

    history = read_history(root_of(repo))

    assert set(history.files) == {"content/p/a.md", "contributors/bob.yml"}
    assert [c.subject for c in history.commits] == ["join", "start"]
    assert [c.path for c in history.commits[1].changes] == ["content/p/a.md"]


def test_tracked_can_be_chosen(repo):
    commit(repo, {"content/p/a.md": "1", "notes/n.md": "n"}, "start", ALICE, T0)

    assert set(read_history(root_of(repo), tracked=["notes/"]).files) == {"notes/n.md"}
    assert read_history(root_of(repo), tracked=[]).commits == ()


def test_outside_a_repository_the_history_is_empty(tmp_path):
    (tmp_path / "plain").mkdir()

    assert read_history(tmp_path / "plain") == History.empty()
    assert read_history(tmp_path / "missing") == History.empty()


def test_without_git_the_history_is_empty_with_a_warning(repo, tmp_path, monkeypatch, caplog):
    commit(repo, {"content/p/a.md": "1"})
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))

    assert read_history(root_of(repo)) == History.empty()
    assert "git is not available" in caplog.text


def test_a_slice_git_cannot_read_fails_the_read_with_a_warning_and_stops_the_others(repo, reading, monkeypatch, caplog):
    if reading != "sliced":
        pytest.skip("only a sliced read asks git for commits by their sha")
    for n in range(6):
        commit(repo, {f"content/p/{n}.md": str(n)}, when=T0 + n)
    run = Repository.run

    def damaged(self, *args, **options):
        out = run(self, *args, **options)
        return out.replace(out[:40], b"f" * 40, 1) if args[0] == "rev-list" else out  # a commit git has not got

    monkeypatch.setattr(Repository, "run", damaged)
    assert read_history(root_of(repo)) == History.empty()
    assert "could not read git history" in caplog.text
    assert _slices_running() == []  # the slice still running was stopped, and waited for


def _slices_running() -> list[str]:
    """This process's children that are git reading a slice, zombies too, from /proc (no pgrep
    on a bare machine; GitPython's own git processes come and go beside them)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            command = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and (b"--no-walk=unsorted" in command or fields[0] == "Z"):
            found.append(stat.parent.name)
    return found


def test_a_repository_without_commits_has_an_empty_history(repo):
    assert read_history(root_of(repo)) == History.empty()


def test_shallow_clone_is_detected(repo, tmp_path):
    commit(repo, {"content/p/a.md": "1"}, "one", ALICE, T0)
    commit(repo, {"content/p/a.md": "2"}, "two", BOB, T0 + 1)
    clone = git.Repo.clone_from(f"file://{root_of(repo)}", tmp_path / "shallow", depth=1)

    history = read_history(Path(clone.working_tree_dir))

    assert history.shallow is True
    assert history.files["content/p/a.md"].editors == (person(BOB),)
    assert read_history(root_of(repo)).shallow is False


def test_community_in_a_subfolder(repo):
    commit(
        repo,
        {
            "content/top.md": "not ours",
            "site/community.yml": "name: x\n",
            "site/content/p/a.md": "1",
            "site/.mailmap": "Alice Martin <alice@example.org> <al@old>\n",
        },
        "start",
        ALICE,
        T0,
    )
    commit(repo, {"site/content/p/a.md": "2", "content/top.md": "still not ours"}, "edit", ("Al", "al@old"), T0 + 1)

    history = read_history(root_of(repo) / "site")

    assert set(history.files) == {"community.yml", "content/p/a.md"}
    assert history.files["content/p/a.md"].editors == (person(ALICE),)
    assert history.files["content/p/a.md"].commits == 2
    assert read_history(root_of(repo) / "site" / "content").files == {}


def test_git_skipping_rename_detection_is_said_once(repo, monkeypatch, caplog):
    """Two commits that move and edit more files than the rename limit: git warns for each,
    and the read says it once, however many git processes read the history."""
    from rallypoint.history import repository

    limited = tuple("diff.renameLimit=1" if s.startswith("diff.renameLimit=") else s for s in repository._HARDENED)
    monkeypatch.setattr(repository, "_HARDENED", limited)
    body = "a line that stays the same\n" * 20
    commit(repo, {f"content/p/{n}.md": body + str(n) for n in range(3)}, "start", ALICE, T0)
    for step, (old, new) in enumerate([("p/", "q/a"), ("q/a", "r/b")], start=1):  # new names: not paired by name
        moves = {f"content/{old}{n}.md": f"content/{new}{n}.md" for n in range(3)}
        edited = {f"content/{new}{n}.md": body + f"{n} edited {step}" for n in range(3)}
        commit(repo, edited, "move and edit", ALICE, T0 + step, moves=moves)
    caplog.set_level("WARNING")
    read_history(root_of(repo))
    assert caplog.text.count("did not follow those moves") == 1


def test_merge_commits_are_not_credited(repo):
    commit(repo, {"content/p/a.md": "1", "content/p/b.md": "1"}, "start", ALICE, T0)
    repo.git.checkout("-q", "-b", "side")
    commit(repo, {"content/p/b.md": "side"}, "side work", BOB, T0 + 1)
    repo.git.checkout("-q", "main")
    commit(repo, {"content/p/a.md": "main"}, "main work", CAROL, T0 + 2)
    date = f"@{T0 + 3} +0000"
    repo.git.merge(
        "--no-ff",
        "-q",
        "-m",
        "merge side",
        "side",
        env={
            "GIT_AUTHOR_NAME": "Merger",
            "GIT_AUTHOR_EMAIL": "merger@example.org",
            "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_DATE": date,
        },
    )

    history = read_history(root_of(repo))

    assert history.head == repo.head.commit.hexsha
    assert [c.subject for c in history.commits] == ["main work", "side work", "start"]
    everyone = {p for file in history.files.values() for p in file.editors}
    assert everyone == {person(ALICE), person(BOB), person(CAROL)}


def follow(repo: git.Repo, path: str) -> set[str]:
    """The authors' emails that `git log --follow` names for one file."""
    return set(repo.git.log("--follow", "--format=%aE", "--", path).lower().split())


def test_a_file_moved_into_the_community_keeps_everyone_who_wrote_it(repo):
    body = "Enough shared text for git to pair the file across the move, line after line.\n" * 5
    commit(repo, {"docs/a.md": body, "README.md": "hi"}, "write", ALICE, T0)
    commit(repo, {"docs/a.md": body + "bob\n"}, "edit", BOB, T0 + 1)
    commit(repo, {"community.yml": "name: x\n"}, "move in", CAROL, T0 + 2, moves={"docs/a.md": "content/h/a.md"})
    commit(repo, {"content/h/a.md": body + "bob\nalice\n"}, "edit again", ALICE, T0 + 3)

    history = read_history(root_of(repo))

    file = history.files["content/h/a.md"]
    assert (file.created, file.created_by, file.commits) == (T0, (person(ALICE),), 4)
    assert file.editors == (person(ALICE), person(BOB), person(CAROL))
    assert {p.email for p in file.editors} == follow(repo, "content/h/a.md")
    assert "docs/a.md" not in history.files and "README.md" not in history.files
    changes = {c.subject: c.changes for c in history.commits}
    assert changes["edit"] == (Change("edited", "docs/a.md", None, "content/h/a.md"),)
    assert changes["move in"] == (
        Change("added", "community.yml", None, "community.yml"),
        Change("renamed", "content/h/a.md", "docs/a.md", "content/h/a.md"),
    )
    assert changes["write"] == (Change("added", "docs/a.md", None, "content/h/a.md"),)


def test_history_follows_several_moves_and_new_names(repo):
    body = "A page that travels through the repository before it settles down.\n" * 6
    commit(repo, {"notes/Old Name.markdown": body}, "start", ALICE, T0)
    commit(repo, {}, "to docs", BOB, T0 + 1, moves={"notes/Old Name.markdown": "docs/guide/index.md"})
    commit(repo, {"docs/guide/index.md": body + "more\n"}, "grow", CAROL, T0 + 2)
    commit(repo, {}, "to wiki", BOB, T0 + 3, moves={"docs/guide/index.md": "wiki/Guide.md"})
    commit(repo, {}, "into the layout", ALICE, T0 + 4, moves={"wiki/Guide.md": "content/h/guide.md"})

    file = read_history(root_of(repo)).files["content/h/guide.md"]

    assert (file.created, file.commits) == (T0, 5)
    assert file.editors == (person(ALICE), person(BOB), person(CAROL))
    assert {p.email for p in file.editors} == follow(repo, "content/h/guide.md")


def fast_import(repo: git.Repo, commits: list[tuple[tuple[str, str], int, dict[str, str | None]]]) -> None:
    """Commit on main with `git fast-import`: for thousands of files, far quicker than a work tree."""
    stream = []
    for number, ((name, email), when, files) in enumerate(commits, start=1):
        stream.append(f"commit refs/heads/main\nmark :{number}\nauthor {name} <{email}> {when} +0000\n")
        stream.append(f"committer {name} <{email}> {when} +0000\ndata 6\nchange\n")
        if number > 1:
            stream.append(f"from :{number - 1}\n")
        for path, text in files.items():
            if text is None:
                stream.append(f"D {path}\n")
            else:
                data = text.encode()
                stream.append(f"M 100644 inline {path}\ndata {len(data)}\n{text}\n")
    subprocess.run(["git", "fast-import", "--quiet"], cwd=root_of(repo), input="".join(stream).encode(), check=True)


def test_thousands_of_files_moved_and_edited_in_one_commit_keep_their_history(repo):
    # More than git's default rename limit (1,000), with new names and new front matter, so
    # that only the exhaustive rename detection can pair them.
    count = 1200
    pages = {i: f"# Page {i}\n\n" + f"Text of page {i} that is long enough.\n" * 4 for i in range(count)}
    fast_import(
        repo,
        [
            (BOB, T0, {f"docs/d{i}/index.md": text for i, text in pages.items()}),
            (
                ALICE,
                T0 + 1,
                {
                    **{f"docs/d{i}/index.md": None for i in pages},
                    **{f"content/h/page-{i}.md": f"---\ntitle: Page {i}\n---\n{text}" for i, text in pages.items()},
                },
            ),
        ],
    )

    history = read_history(root_of(repo))

    assert len(history.files) == count
    assert all(f.created_by == (person(BOB),) and f.commits == 2 for f in history.files.values())
    assert history.files["content/h/page-7.md"].editors == (person(BOB), person(ALICE))


def test_a_community_in_a_subfolder_follows_files_moved_in_from_beside_it(repo):
    body = "Written beside the community, then moved into it, with all its history.\n" * 5
    commit(repo, {"docs/a.md": body, "site/community.yml": "name: x\n"}, "write", BOB, T0)
    commit(repo, {}, "move", ALICE, T0 + 1, moves={"docs/a.md": "site/content/h/a.md"})

    history = read_history(root_of(repo) / "site")

    assert history.files["content/h/a.md"].editors == (person(BOB), person(ALICE))
    assert history.commits[0].changes == (Change("renamed", "content/h/a.md", "../docs/a.md", "content/h/a.md"),)
    assert history.commits[1].changes[0] == Change("added", "../docs/a.md", None, "content/h/a.md")


def test_a_file_moved_out_of_the_community_is_a_removal(repo):
    body = "A page that the community later retires to an attic outside its folders.\n" * 5
    commit(repo, {"content/h/a.md": body}, "write", ALICE, T0)
    commit(repo, {}, "retire", BOB, T0 + 1, moves={"content/h/a.md": "attic/a.md"})
    commit(repo, {"attic/a.md": body + "dusted\n"}, "dust", CAROL, T0 + 2)

    history = read_history(root_of(repo))

    assert set(history.files) == {"content/h/a.md"}
    assert history.files["content/h/a.md"].editors == (person(ALICE), person(BOB))
    assert [c.subject for c in history.commits] == ["retire", "write"]
    assert history.commits[0].changes == (Change("removed", "content/h/a.md", None, "content/h/a.md"),)


def test_github_app_accounts_are_left_out_without_being_listed(repo):
    commit(repo, {"content/p/a.md": "1"}, "start", ALICE, T0)
    commit(repo, {"content/p/a.md": "2"}, "bump", DEPENDABOT, T0 + 1)
    commit(
        repo,
        {"content/p/a.md": "3"},
        "fix",
        ("github-actions[bot]", "41898282+github-actions[bot]@users.noreply.github.com"),
        T0 + 2,
    )

    history = read_history(root_of(repo))

    assert [c.subject for c in history.commits] == ["start"]
    assert history.files["content/p/a.md"].editors == (person(ALICE),)


def test_a_page_added_on_two_branches_is_one_file_as_git_log_follow_sees_it(repo):
    # From the Cloud Native Glossary: a translation added in two pull requests, then merged.
    commit(repo, {"community.yml": "name: x\n"}, "start", ALICE, T0)
    repo.git.checkout("-q", "-b", "side")
    commit(repo, {"content/p/a.md": "the page\n"}, "add on a branch", BOB, T0 + 1)
    repo.git.checkout("-q", "main")
    commit(repo, {"content/p/a.md": "the page\n"}, "add it too", ALICE, T0 + 2)
    repo.git.merge(
        "-q", "--no-edit", "side", env={"GIT_AUTHOR_DATE": f"@{T0 + 3} +0000", "GIT_COMMITTER_DATE": f"@{T0 + 3} +0000"}
    )
    commit(repo, {"content/p/a.md": "the page, edited\n"}, "edit", CAROL, T0 + 4)

    file = read_history(root_of(repo)).files["content/p/a.md"]

    assert set(file.editors) == {person(ALICE), person(BOB), person(CAROL)}
    assert {p.email for p in file.editors} == follow(repo, "content/p/a.md")
    assert (file.created, file.commits) == (T0 + 1, 3)
