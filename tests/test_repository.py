"""The git layer: one hardened runner, one name-status parser, identities through git's .mailmap."""

from __future__ import annotations

import subprocess
from pathlib import Path

import git
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import ALICE, BOB, commit
from rallypoint.history.log import Change, Person, read_history
from rallypoint.history.repository import (
    FileStatus,
    GitError,
    GitMissing,
    NotARepository,
    Repository,
    commit_everything,
    configured_identity,
    read_name_status,
    run_git,
    stream_git,
)
from rallypoint.workflow.review import ReviewError, review_pull_request

CAROL = ("Carol Díaz", "carol@example.org")
T0 = 1_700_000_000
BODY = "A body long enough for git to recognise the same file after it moves.\n" * 6
ODD_NAMES = [
    "content/p/with space.md",
    "content/p/ünïcödé ✓.md",
    "content/p/tab\there.md",
    "content/p/new\nline.md",
    'content/p/"quoted".md',
    "content/p/[glob]*.md",
]


def hostile_config(tmp_path: Path) -> Path:
    """A user config that, obeyed, would change everything git prints for us."""
    (tmp_path / "order").write_text("content/p/z.md\n*\n")
    (tmp_path / "global.mailmap").write_text("Mallory <mallory@example.org> <alice@example.org>\n")
    config = tmp_path / "hostile.gitconfig"
    config.write_text(
        "[log]\n\tshowSignature = true\n\tfollow = true\n\tshowRoot = false\n\tdecorate = full\n"
        "\tmailmap = false\n"
        "[diff]\n\tnoprefix = true\n\trenames = false\n\trelative = true\n\trenameLimit = 1\n"
        f"\torderFile = {tmp_path / 'order'}\n\tmnemonicPrefix = true\n"
        "[core]\n\tquotePath = true\n\tpager = rev\n"
        "[color]\n\tui = always\n\tdiff = always\n"
        "[format]\n\tpretty = oneline\n"
        '[trailer]\n\tseparators = "#"\n'
        f"[mailmap]\n\tfile = {tmp_path / 'global.mailmap'}\n\tblob = HEAD:evil.mailmap\n"
        "[i18n]\n\tlogOutputEncoding = ISO-8859-1\n"
    )
    return config


def sign_head_with_a_forged_signature(root: Path) -> str:
    """A commit on top of HEAD carrying a signature no key can verify, so that git would print
    gpg's complaints into the log if it were told to show signatures."""
    repo = git.Repo(root)
    head = repo.head.commit
    raw = (
        f"tree {head.tree.hexsha}\nparent {head.hexsha}\n"
        f"author Bob Ng <bob@example.org> {T0 + 9} +0000\ncommitter Bob Ng <bob@example.org> {T0 + 9} +0000\n"
        "gpgsig -----BEGIN PGP SIGNATURE-----\n \n iQEzBAABCAAdFiEE\n -----END PGP SIGNATURE-----\n"
        "\nsigned, touching nothing\n"
    )
    sha = (
        subprocess.run(
            ["git", "hash-object", "-t", "commit", "-w", "--stdin"],
            cwd=root,
            input=raw.encode(),
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .strip()
    )
    repo.git.update_ref("HEAD", sha)
    return sha


def test_hostile_user_config_changes_nothing(tmp_path, monkeypatch):
    root = tmp_path / "repo"
    commit(
        root,
        {
            "content/p/a.md": BODY,
            "content/p/b.md": BODY + "b\n",
            "content/p/z.md": "z",
            ODD_NAMES[1]: "u",
            "evil.mailmap": "Mallory <mallory@example.org> <alice@example.org>\n",
        },
        message="start",
        author=ALICE,
        date=T0,
    )
    commit(
        root,
        {
            "content/p/a2.md": BODY + "a2\n",
            "content/p/b2.md": BODY + "b2\n",
            "content/p/a.md": None,
            "content/p/b.md": None,
            "content/p/z.md": "zz",
            "content/p/y.md": "y",
        },
        message="two inexact renames\n\nCo-authored-by: Bob Ng <bob@example.org>",
        author=ALICE,
        date=T0 + 1,
    )
    sign_head_with_a_forged_signature(root)
    first = Repository.find(root).merge_base("HEAD~2", "HEAD")
    calm, calm_content = read_history(root), read_history(root, tracked=["content/p/a2.md"])
    calm_diff = Repository.find(root).changes_between(first, "HEAD", ["content"])

    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(hostile_config(tmp_path)))
    monkeypatch.setenv("GNUPGHOME", str(tmp_path / "gnupg"))
    hostile = read_history(root)
    repo = Repository.find(root)

    assert hostile == calm
    assert read_history(root, tracked=["content/p/a2.md"]) == calm_content  # one path, where log.follow applies
    assert [c.subject for c in hostile.commits] == ["two inexact renames", "start"]
    assert hostile.commits[0].changes == (
        Change("renamed", "content/p/a2.md", "content/p/a.md", "content/p/a2.md"),
        Change("renamed", "content/p/b2.md", "content/p/b.md", "content/p/b2.md"),
        Change("added", "content/p/y.md", None, "content/p/y.md"),
        Change("edited", "content/p/z.md", None, "content/p/z.md"),
    )
    assert hostile.commits[0].people == (Person(*ALICE), Person(*BOB))
    assert hostile.files["content/p/a2.md"].created == T0
    assert (
        repo.changes_between(first, "HEAD", ["content"])
        == calm_diff
        == [
            FileStatus("R", "content/p/a2.md", "content/p/a.md"),
            FileStatus("R", "content/p/b2.md", "content/p/b.md"),
            FileStatus("A", "content/p/y.md", None),
            FileStatus("M", "content/p/z.md", None),
        ]
    )
    repo.export("HEAD", ["content"], tmp_path / "out")
    assert (tmp_path / "out" / ODD_NAMES[1]).read_text() == "u"
    assert repo.map_identities([ALICE]) == {ALICE: ALICE}


def test_odd_paths_survive_diff_and_export(tmp_path):
    root = tmp_path / "repo"
    base = commit(root, {name: f"{name}\n{BODY}" for name in ODD_NAMES}, date=T0)
    (root / "content/q").mkdir()
    git.Repo(root).git.mv(ODD_NAMES[3], "content/q/still\nodd ✓.md")  # GitPython's own move splits on newlines
    commit(root, {ODD_NAMES[0]: "edited"}, date=T0 + 1)
    repo = Repository.find(root)

    changes = repo.changes_between(base, "HEAD", ["content"])
    repo.export("HEAD", ["content"], tmp_path / "out")

    assert changes == [FileStatus("M", ODD_NAMES[0], None), FileStatus("R", "content/q/still\nodd ✓.md", ODD_NAMES[3])]
    exported = {p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*.md")}
    assert exported == {*ODD_NAMES[:3], *ODD_NAMES[4:], "content/q/still\nodd ✓.md"}


_no_nul = st.characters(exclude_characters="\0", exclude_categories=("Cs",))
_paths = st.text(_no_nul, min_size=1, max_size=12)
_changes = st.lists(
    st.one_of(
        st.tuples(st.sampled_from("ADMTUX"), _paths, st.none()), st.tuples(st.sampled_from("RC"), _paths, _paths)
    ),
    max_size=4,
)


@given(st.lists(st.tuples(st.text(_no_nul), _changes), max_size=4))
def test_the_name_status_parser_reads_back_what_git_writes(commits):
    stream = b""
    for header, changes in commits:
        stream += b"\x1e" + header.encode() + b"\0" + (b"\n" if changes else b"")
        for status, path, old in changes:
            score = b"087" if old is not None else b""
            paths = (old, path) if old is not None else (path,)
            stream += status.encode() + score + b"\0" + b"".join(p.encode() + b"\0" for p in paths)

    parsed = list(read_name_status(stream.split(b"\0")))

    assert parsed == [(header.encode(), [FileStatus(*change) for change in changes]) for header, changes in commits]


def test_diff_output_has_no_header():
    fields = b"M\0a b.md\0R100\0old\nname\0new name\0D\0gone\0".split(b"\0")

    assert list(read_name_status(fields)) == [
        (
            None,
            [FileStatus("M", "a b.md", None), FileStatus("R", "new name", "old\nname"), FileStatus("D", "gone", None)],
        )
    ]


def test_a_community_mailmap_wins_over_the_repository_one(tmp_path):
    root = tmp_path / "repo"
    commit(
        root,
        {
            ".mailmap": "Top Name <top@example.org> <al@old>\nTop Only <only@example.org> <only@old>\n",
            "site/.mailmap": "Site Name <site@example.org> <al@old>\n",
            "site/content/p/a.md": "1",
        },
        author=ALICE,
        date=T0,
    )
    commit(
        root,
        {"site/content/p/a.md": "2"},
        author=("Al", "al@old"),
        date=T0 + 1,
        message="edit\n\nCo-authored-by: Al <AL@old>\nCo-authored-by: O <only@old>",
    )

    in_site = read_history(root / "site")
    at_top = read_history(root, tracked=["site/content/"])

    site, top, only = (
        Person("Site Name", "site@example.org"),
        Person("Top Name", "top@example.org"),
        Person("Top Only", "only@example.org"),
    )
    assert in_site.commits[0].author == site
    assert in_site.commits[0].coauthors == (only,)  # Al is the author, so credited once
    assert at_top.commits[0].author == top and at_top.commits[0].coauthors == (only,)
    mapped = Repository.find(root).map_identities([("Al", "al@old")], mailmap=root / "site/.mailmap")
    assert mapped == {("Al", "al@old"): ("Site Name", "site@example.org")}


def test_coauthors_are_mapped_in_one_call_whatever_their_names(tmp_path):
    root = tmp_path / "repo"
    commit(root, {".mailmap": "Alice Martin <alice@example.org> <al@old>\n<bob@example.org> Bobby <bob@old>\n"})
    repo = Repository.find(root)
    odd = [
        ("A<b>c", "al@old"),
        ("", "al@old"),
        ("Bobby", "BOB@old"),
        ("bobby", "bob@old"),
        ("Other Bob", "bob@old"),
        ("Nobody", "nobody@example.org"),
        ("Nameless", ""),
        ("Al", "al@old"),
        ("Al", "al@old"),
    ]

    mapped = repo.map_identities(odd)

    assert mapped == {
        ("A<b>c", "al@old"): ("Alice Martin", "alice@example.org"),
        ("", "al@old"): ("Alice Martin", "alice@example.org"),
        ("Bobby", "BOB@old"): ("Bobby", "bob@example.org"),
        ("bobby", "bob@old"): ("bobby", "bob@example.org"),
        ("Other Bob", "bob@old"): ("Other Bob", "bob@old"),
        ("Nobody", "nobody@example.org"): ("Nobody", "nobody@example.org"),
        ("Nameless", ""): ("Nameless", ""),
        ("Al", "al@old"): ("Alice Martin", "alice@example.org"),
    }
    assert repo.map_identities([]) == {}


def test_without_git_every_caller_says_so_clearly(tmp_path, monkeypatch, caplog):
    root = tmp_path / "repo"
    commit(root, {"community.yml": "name: x\n"})
    monkeypatch.setenv("PATH", str(tmp_path / "no-git-here"))

    with pytest.raises(GitMissing, match="git is not installed"):
        run_git(root, "status")
    with pytest.raises(GitMissing):
        list(stream_git(root, "log", "-z"))
    with pytest.raises(ReviewError, match="git is not installed"):
        review_pull_request(root, "HEAD")
    assert configured_identity(root) == ("", "")
    assert read_history(root).head is None
    assert "git is not available" in caplog.text


def test_failures_carry_what_git_said(tmp_path):
    root = tmp_path / "repo"
    commit(root, {"community.yml": "name: x\n"})
    (tmp_path / "plain").mkdir()

    with pytest.raises(GitError) as failed:
        Repository.find(root).run("log", "no-such-ref", "--")
    assert "no-such-ref" in failed.value.stderr and failed.value.status == 128
    with pytest.raises(NotARepository):
        Repository.find(tmp_path / "plain")
    with pytest.raises(NotARepository):
        Repository.find(tmp_path / "missing")
    with pytest.raises(GitError, match="unknown revision"):
        list(stream_git(root, "log", "-z", "no-such-ref..HEAD"))


def test_a_stream_closed_early_stops_git(tmp_path):
    root = tmp_path / "repo"
    commit(root, {"big": b"0123456789\0" * 200_000})  # far more than a pipe holds

    fields = stream_git(root, "cat-file", "blob", "HEAD:big")
    assert next(fields) == b"0123456789"
    fields.close()  # must neither hang on the full pipe nor raise


def test_the_repository_is_the_folder_named_not_one_from_the_environment(tmp_path, monkeypatch):
    commit(tmp_path / "ours", {"content/p/a.md": "ours"}, message="ours")
    commit(tmp_path / "theirs", {"content/p/b.md": "theirs"}, message="theirs")
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "theirs" / ".git"))
    monkeypatch.setenv("GIT_LITERAL_PATHSPECS", "1")

    assert [c.subject for c in read_history(tmp_path / "ours").commits] == ["ours"]


def test_configured_identity(tmp_path, monkeypatch):
    config = tmp_path / "gitconfig"
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    (tmp_path / "here").mkdir()
    config.write_text("")
    assert configured_identity(tmp_path / "here") == ("", "")
    assert configured_identity(tmp_path / "missing") == ("", "")

    config.write_text("[user]\n\tname = Carol Díaz\n\temail = carol@example.org\n")
    assert configured_identity(tmp_path / "here") == CAROL
    root = tmp_path / "repo"
    commit(root, {"a": "1"})
    git.Repo(root).git.config("user.name", "Carol at Work")
    assert configured_identity(root) == ("Carol at Work", "carol@example.org")


def test_commit_everything(tmp_path, monkeypatch):
    for variable in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(variable)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(tmp_path / "no-config"))
    root = tmp_path / "new"
    (root / "content/p").mkdir(parents=True)
    (root / "community.yml").write_text("name: x\n")
    (root / "content/p/ünïcödé.md").write_text("hi\n")

    commit_everything(root, "Start\n\nBody.", *CAROL)

    repo = git.Repo(root)
    (only,) = list(repo.iter_commits())
    assert (only.author.name, only.author.email, only.committer.name, only.committer.email) == (*CAROL, *CAROL)
    assert only.message == "Start\n\nBody.\n"
    assert repo.active_branch.name == "main"
    assert repo.git.status("--porcelain") == ""
    assert read_history(root).files["content/p/ünïcödé.md"].created_by == (Person(*CAROL),)
