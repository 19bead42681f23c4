"""The build cache's stages before the pages: the history read again after new commits with git
reading only those, and each file parsed again only when its bytes changed. Both give exactly
what a full read gives, in real git repositories, whatever happened in between (edits, renames,
deletions, merged branches with older dates, a force push) and whatever state the cache is in."""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import git
import pytest

from conftest import ALICE, BASE, BOB, commit
from rallypoint.history.commits import KnownCommits
from rallypoint.history.log import read_history
from rallypoint.model.community import load_community
from rallypoint.model.parse_cache import FILE as PARSED
from rallypoint.model.wikilinks import _scan, find_wikilinks
from rallypoint.site.cache import CACHE_DIR
from rallypoint.site.cache_stages import COMMITS_FILE, cached_history

PAGE = "---\ntitle: {title}\nkind: note\nauthors: [{author}]\ndate: 2026-04-0{day}\n---\n{body}\n"


def _same_history(root: Path) -> KnownCommits:
    """The cached history is the full read's; the commits it kept are those of that history."""
    cached = cached_history(root, ())
    assert cached == read_history(root, ())
    kept = (root / CACHE_DIR / COMMITS_FILE).read_bytes().split(b"\n", 1)[1]
    known = KnownCommits.from_bytes(kept)
    shas = git.Repo(root).git.rev_list("--no-merges", "HEAD").split()
    assert set(known.commits) == set(shas)
    return known


def _git_calls(monkeypatch) -> list[tuple[str, ...]]:
    """Every git command run from now on."""
    from rallypoint.history import repository

    calls: list[tuple[str, ...]] = []
    run, stream = repository.run_git, repository.stream_git

    def counted_run(cwd, *args, **options):
        calls.append(args)
        return run(cwd, *args, **options)

    def counted_stream(cwd, *args, **options):
        calls.append(args)
        return stream(cwd, *args, **options)

    monkeypatch.setattr(repository, "run_git", counted_run)
    monkeypatch.setattr(repository, "stream_git", counted_stream)
    return calls


def test_new_commits_are_the_only_ones_git_reads(git_community, monkeypatch):
    root = git_community()
    repo = git.Repo(root)
    commit(repo, {"content/cafes/second.md": PAGE.format(title="Second", author="bob", day=1, body="Hi.")}, author=BOB)
    _same_history(root)
    # An edit with a co-author, a rename, a deletion: each changes what older commits are credited to.
    commit(
        repo,
        {"content/repair/drain-pump.md": BASE["content/repair/drain-pump.md"] + "More.\n"},
        author=BOB,
        coauthors=[ALICE],
        date="2026-03-05T10:00:00",
    )
    commit(repo, moves={"content/cafes/second.md": "content/repair/second.md"}, date="2026-03-06T10:00:00")
    commit(repo, {"content/cafes/first-cafe.md": None}, author=BOB, date="2026-03-07T10:00:00")
    calls = _git_calls(monkeypatch)
    cached_history(root, ())
    monkeypatch.undo()
    _same_history(root)
    logs = [args for args in calls if args[0] == "log" and "--name-status" in args]
    assert logs and all("--no-walk=unsorted" in args for args in logs), "the whole history was read again"
    history = cached_history(root, ())
    assert history.files["content/repair/second.md"].created_by[0].email == BOB[1]
    assert "content/cafes/first-cafe.md" in history.files  # removed, kept under its last path


def test_a_mailmap_and_its_changes_give_the_full_reads_people(git_community):
    old_bob = ("Bob at work", "bob@old-job.example")
    root = git_community({".mailmap": "Bob Ng <bob@example.org> <bob@old-job.example>\n"})
    repo = git.Repo(root)
    commit(repo, {"content/cafes/a.md": PAGE.format(title="A", author="bob", day=1, body="A.")}, author=old_bob)
    _same_history(root)
    commit(repo, {"content/cafes/a.md": PAGE.format(title="A", author="bob", day=1, body="B.")}, coauthors=[old_bob])
    _same_history(root)
    (root / ".mailmap").write_text("Robert Ng <bob@example.org> <bob@old-job.example>\n")  # not committed
    _same_history(root)
    assert cached_history(root, ()).files["content/cafes/a.md"].created_by[0].name == "Robert Ng"


def test_a_merged_branch_with_older_dates_is_read_in_gits_order(git_community):
    root = git_community(date="2026-03-01T10:00:00")
    repo = git.Repo(root)
    start = repo.head.commit
    commit(repo, {"content/cafes/a.md": PAGE.format(title="A", author="alice", day=1, body="A.")}, date="2026-03-10")
    _same_history(root)
    # A branch from before that commit, with commits dated before and after it, merged in.
    branch = repo.create_head("older", start)
    branch.checkout()
    commit(repo, {"content/cafes/b.md": PAGE.format(title="B", author="bob", day=2, body="B.")}, date="2026-03-05")
    commit(repo, moves={"content/cafes/b.md": "content/repair/b.md"}, author=BOB, date="2026-03-12")
    repo.heads.main.checkout()
    repo.git.merge("older", "--no-ff", "-m", "Merge older", env={"GIT_COMMITTER_DATE": "2026-03-20T10:00:00 +0000"})
    _same_history(root)


def test_a_force_push_forgets_the_commits_it_replaced(git_community):
    root = git_community()
    repo = git.Repo(root)
    base = commit(repo, {"content/cafes/a.md": PAGE.format(title="A", author="alice", day=1, body="A.")})
    gone = commit(repo, {"content/cafes/a.md": PAGE.format(title="A", author="alice", day=1, body="Gone.")}, author=BOB)
    _same_history(root)
    repo.git.reset("--hard", base)  # the history is rewritten: `gone` is no longer an ancestor
    commit(repo, {"content/cafes/c.md": PAGE.format(title="C", author="bob", day=3, body="C.")}, date="2026-03-02")
    known = _same_history(root)
    assert gone not in known.commits
    assert cached_history(root, ()).files["content/cafes/a.md"].updated_by[0].email == ALICE[1]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # half-written
        lambda data: data.replace(b"Alice", b"Alicf"),  # changed: the digest tells
        lambda data: b"not a cache at all",
        lambda data: b"",
    ],
)
def test_damaged_kept_commits_are_read_again(git_community, damage):
    root = git_community()
    repo = git.Repo(root)
    _same_history(root)
    path = root / CACHE_DIR / COMMITS_FILE
    path.write_bytes(damage(path.read_bytes()))
    commit(repo, {"content/cafes/a.md": PAGE.format(title="A", author="alice", day=1, body="A.")})
    _same_history(root)


def test_kept_commits_that_name_a_class_run_nothing(tmp_path):
    marker = tmp_path / "ran"
    evil = pickle.dumps(_Evil(str(marker)))
    with pytest.raises(ValueError):
        KnownCommits.from_bytes(evil)
    assert not marker.exists()
    with pytest.raises(ValueError):
        KnownCommits.from_bytes(pickle.dumps([("sha", 1, ("a", "b"), [], "s", [], [])]))  # a malformed author


class _Evil:
    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.touch, (Path(self.path),))


# -- the parse cache ------------------------------------------------------------------------------


def _same_load(root: Path, parsed: list[str] | None = None):
    """A load with the parse cache gives what a load without it gives, diagnostics included;
    ``parsed`` is left holding the files the load with the cache parsed."""
    cold = load_community(root)
    if parsed is not None:
        parsed.clear()
    cached = load_community(root, cache=True)
    assert cached.diagnostics == cold.diagnostics
    assert cached.community == cold.community
    assert cached.files_checked == cold.files_checked
    for kind in ("purposes", "contributions", "contributors"):
        for key, record in getattr(cached.community, kind).items():
            other = getattr(cold.community, kind)[key].doc  # not compared by ==: the texts positions come from
            assert (record.doc.text, record.doc.body, record.doc.body_line, record.doc.line_offset) == (
                other.text,
                other.body,
                other.body_line,
                other.line_offset,
            )
            assert record.doc.data == other.data and record.doc.problems == other.problems
            if kind != "contributors":  # the links kept with the file are those a scan finds
                assert find_wikilinks(record.body) == tuple(_scan(record.body))
    return cached


BROKEN = {
    # Problems found in the file itself (kept) and across files (found again each time).
    "content/repair/broken.md": "---\ntitle: Broken\nkind: article\nauthors: [nobody]\ndate: no\n---\n[[nowhere]]\n",
    "content/cafes/tabbed.md": "---\ntitle:\tTabbed\n---\nx\n",
    "contributors/carol.yml": "name: Carol\nemails: [not-an-email]\n",
    "content/cafes/crlf.md": "\ufeff---\r\ntitle: CRLF\r\nkind: post\r\nauthors: [bob]\r\ndate: 2026-05-02\r\n---\r\nA body.\r\n",
}


def test_each_file_is_parsed_again_only_when_it_changed(git_community, monkeypatch):
    root = git_community(BROKEN)
    first = _same_load(root)
    assert first.errors and any(d.rule == "RP201" or d.line > 1 for d in first.diagnostics)
    from rallypoint.model import community

    parsed: list[str] = []
    original = community._file_outcome
    monkeypatch.setattr(
        community, "_file_outcome", lambda file, *rest: parsed.append(file.path) or original(file, *rest)
    )
    _same_load(root, parsed)
    assert parsed == []
    # An edit, a rename, a deletion, a fix, and an alias that changes every contribution's tags.
    (root / "content/repair/drain-pump.md").write_text(BASE["content/repair/drain-pump.md"] + "[[why-noisy]]\n")
    (root / "content/cafes/first-cafe.md").rename(root / "content/cafes/renamed-cafe.md")
    (root / "contributors/carol.yml").unlink()
    (root / "content/cafes/tabbed.md").write_text(
        "---\ntitle: Tabbed\nkind: post\nauthors: [bob]\ndate: 2026-05-01\n---\nx\n"
    )
    _same_load(root, parsed)
    assert sorted(set(parsed)) == [
        "content/cafes/renamed-cafe.md",
        "content/cafes/tabbed.md",
        "content/repair/drain-pump.md",
    ]
    (root / "community.yml").write_text(BASE["community.yml"].replace("diy: do-it-yourself", "diy: fixing"))
    loaded = _same_load(root, parsed)
    assert "fixing" in loaded.community.contributions["repair/drain-pump"].tags
    contributions = sorted(path.relative_to(root).as_posix() for path in (root / "content").rglob("*.md"))
    assert sorted(set(parsed)) == contributions  # tags are resolved with the aliases: the others stay


def test_a_damaged_or_tampered_parse_cache_is_read_again(community, tmp_path):
    root = community(BROKEN)
    _same_load(root)
    path = root / CACHE_DIR / PARSED
    data = path.read_bytes()
    for damaged in (data[: len(data) // 2], data.replace(b"Broken", b"Brokem"), b"", b"x\ny"):
        path.write_bytes(damaged)
        _same_load(root)
    # A cache that names another class, with a digest that matches, as the whole file or as
    # one file's entry under its right key: refused, nothing runs.
    marker = tmp_path / "ran"
    header, payload = data.split(b"\n", 1)
    entries = pickle.loads(payload)
    evil = pickle.dumps(_Evil(str(marker)))
    entries["content/repair/drain-pump.md"] = (entries["content/repair/drain-pump.md"][0], evil)
    for payload in (evil, pickle.dumps(entries)):
        check = hashlib.blake2b(payload, digest_size=20).hexdigest().encode()
        path.write_bytes(header.split(b" ")[0] + b" " + check + b"\n" + payload)
        _same_load(root)
        assert not marker.exists()


def test_positions_found_across_files_point_into_a_kept_file(community):
    """Cross-file rules place their diagnostics with the kept parse (the YAML is composed again)."""
    root = community(
        {"content/repair/late.md": "---\ntitle: Late\nkind: note\n\nauthors: [zed]\ndate: 2026-04-01\n---\nx\n"}
    )
    cold = load_community(root)
    load_community(root, cache=True)
    warm = load_community(root, cache=True)
    found = [d for d in warm.diagnostics if d.path == "content/repair/late.md"]
    assert found and found == [d for d in cold.diagnostics if d.path == "content/repair/late.md"]
    assert any(d.line == 5 for d in found), found


# -- the versions claims are proven with ---------------------------------------------------------


def test_claims_read_only_new_versions_when_the_community_has_a_cache(git_community, monkeypatch):
    from rallypoint.history import claims
    from rallypoint.history.claims import FRONTS_FILE, verify_claims

    idea = "---\ntitle: Log\nkind: idea\nauthors: [alice]\ndate: 2026-03-05\nendorsed_by: [{who}]\n---\nLog.\n"
    root = git_community({"content/repair/log.md": idea.format(who="alice")})
    repo = git.Repo(root)
    commit(repo, {"content/repair/log.md": idea.format(who="alice, bob")}, author=BOB, date="2026-03-06")

    def verified():
        community = load_community(root).community
        return verify_claims(community, read_history(root, ()))

    without = verified()
    assert [c.verified for c in without.endorsements["repair/log"]] == [True, True]
    assert not (root / CACHE_DIR).exists()  # `check`, `report` and --no-cache builds keep nothing
    cached_history(root, ())  # a build with the cache: its claims keep what they read
    assert verified() == without and (root / CACHE_DIR / FRONTS_FILE).exists()
    asked: list[str] = []
    original = claims._read_blobs
    monkeypatch.setattr(
        claims, "_read_blobs", lambda repository, names: asked.extend(names) or original(repository, names)
    )
    assert verified() == without and asked == []
    commit(repo, {"content/repair/log.md": idea.format(who="bob, alice")}, author=ALICE, date="2026-03-07")
    again = verified()
    assert asked and all(name.startswith(repo.head.commit.hexsha) for name in asked)  # the new commit's only
    monkeypatch.undo()
    (root / CACHE_DIR / FRONTS_FILE).write_bytes(b"damaged")
    assert verified() == again
