"""Verified social actions on real git repositories: who made each endorsement and acceptance.

Several identities, a .mailmap, a GitHub noreply address, forged authors, a rebased branch, a
shallow clone, no git at all, and signatures made with a real SSH key.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import git
import pytest

from conftest import ALICE, BOB, commit, community_files
from rallypoint.history.claims import verify_claims
from rallypoint.history.log import read_history
from rallypoint.measures import measure_community
from rallypoint.measures.report import report_dict
from rallypoint.model.community import load_community

TOM = ("Tom Berg", "tom@example.org")
ROSA = ("Rosa Díaz", "rosa@example.org")
CAROL_NOREPLY = ("Carol", "4242+carolgh@users.noreply.github.com")
BOB_OLD = ("Bob at work", "bob@old-job.example")
PEOPLE = {
    "contributors/tom.yml": "name: Tom Berg\nemails: [tom@example.org]\n",
    "contributors/rosa.yml": "name: Rosa Díaz\nemails: [rosa@example.org]\n",
    "contributors/carol.yml": "name: Carol Díaz\ngithub: carolgh\n",
}


def idea(endorsed: str, status: str = "proposed", authors: str = "[tom]") -> str:
    return (
        f"---\ntitle: Shared repair log\nkind: idea\nauthors: {authors}\ndate: 2026-03-05\n"
        f"status: {status}\nendorsed_by: {endorsed}\n---\nLog every repair.\n"
    )


IDEA = "content/repair/shared-log.md"
QUESTION = "content/repair/why-noisy.md"


def claims_of(root: Path, require_signed: bool = False):
    community = load_community(root).community
    signed = require_signed or community.settings.require_signed
    return verify_claims(community, read_history(root, community.settings.bots), signed)


def verdicts(claims) -> dict[str, bool]:
    return {c.value: c.verified for c in claims.endorsements["repair/shared-log"]}


@pytest.fixture
def repo(tmp_path: Path) -> git.Repo:
    """Tom proposes an idea and endorses it; others add themselves, each their own way."""
    root = tmp_path / "community"
    files = community_files({**PEOPLE, ".mailmap": "Bob Ng <bob@example.org> <bob@old-job.example>\n"})
    commit(root, files, message="Start", author=ALICE, date="2026-03-01T10:00:00")
    commit(root, {IDEA: idea("[tom]")}, author=TOM, date="2026-03-05T10:00:00")
    commit(root, {IDEA: idea("[tom, bob]")}, author=BOB_OLD, date="2026-03-06T10:00:00")
    commit(root, {IDEA: idea("[tom, bob, carol]")}, author=CAROL_NOREPLY, date="2026-03-07T10:00:00")
    # Tom writes Rosa in: a claim, not an endorsement.
    commit(root, {IDEA: idea("[tom, bob, carol, rosa]")}, author=TOM, date="2026-03-08T10:00:00")
    return git.Repo(root)


def test_each_endorsement_is_proven_by_the_commit_that_first_added_it(repo):
    root = Path(repo.working_tree_dir)
    claims = claims_of(root)
    assert claims.available
    assert verdicts(claims) == {"tom": True, "bob": True, "carol": True, "rosa": False}
    rosa = claims.endorsements["repair/shared-log"][3]
    assert rosa.by == "tom" and rosa.commit == repo.head.commit.hexsha
    # Rosa editing the file later (a typo fix) does not turn Tom's claim into her endorsement.
    commit(repo, {IDEA: idea("[tom, bob, carol, rosa]").replace("every", "each")}, author=ROSA, date="2026-03-09")
    assert verdicts(claims_of(root))["rosa"] is False
    # Removing her and adding her back herself does.
    commit(repo, {IDEA: idea("[tom, bob, carol]")}, author=ROSA, date="2026-03-10")
    commit(repo, {IDEA: idea("[tom, bob, carol, rosa]")}, author=ROSA, date="2026-03-11")
    assert verdicts(claims_of(root))["rosa"] is True


def test_a_forged_author_passes_unless_signatures_are_required(repo, tmp_path):
    root = Path(repo.working_tree_dir)
    # Tom commits with Rosa's name and address: git cannot tell, so only signatures can.
    commit(repo, {IDEA: idea("[tom, bob, carol, rosa, alice]")}, author=ALICE, committer=TOM, date="2026-03-09")
    assert verdicts(claims_of(root))["alice"] is True
    assert verdicts(claims_of(root, require_signed=True)) == dict.fromkeys(
        ["tom", "bob", "carol", "rosa", "alice"], False
    )


def test_a_name_with_an_address_no_profile_lists_is_not_verified(repo):
    root = Path(repo.working_tree_dir)
    commit(repo, {IDEA: idea("[tom, bob, carol, rosa, alice]")}, author=("Alice Martin", "alice@evil.example"))
    assert verdicts(claims_of(root))["alice"] is False


def test_a_rebased_branch_keeps_its_proof(repo):
    root = Path(repo.working_tree_dir)
    repo.git.checkout("-q", "-b", "alice-endorses")
    commit(repo, {IDEA: idea("[tom, bob, carol, rosa, alice]")}, author=ALICE, date="2026-03-10")
    repo.git.checkout("-q", "main")
    commit(
        repo,
        {"content/repair/other.md": "---\ntitle: Other\nkind: note\nauthors: [bob]\ndate: 2026-03-11\n---\nHi.\n"},
        author=BOB,
    )
    repo.git.checkout("-q", "alice-endorses")
    with repo.git.custom_environment(GIT_COMMITTER_NAME="Tom Berg", GIT_COMMITTER_EMAIL="tom@example.org"):
        repo.git.rebase("-q", "main")
    assert verdicts(claims_of(root))["alice"] is True


def test_acceptance_counts_from_the_questions_author_or_a_maintainer(repo):
    root = Path(repo.working_tree_dir)
    question = community_files()[QUESTION]
    open_question = question.replace("accepted: noisy-answer\n", "")
    commit(repo, {QUESTION: open_question}, author=BOB, date="2026-03-09")
    commit(repo, {QUESTION: question}, author=TOM, date="2026-03-10")
    claims = claims_of(root)
    assert not claims.accepted("repair/why-noisy") and claims.acceptances["repair/why-noisy"].by == "tom"
    commit(repo, {QUESTION: open_question}, author=BOB, date="2026-03-11")
    commit(repo, {QUESTION: question}, author=ALICE, date="2026-03-12")  # maintains the purpose
    assert claims_of(root).accepted("repair/why-noisy")


def test_report_counts_only_verified_endorsements(repo):
    root = Path(repo.working_tree_dir)
    community = load_community(root).community
    report = report_dict(measure_community(community, read_history(root)))
    assert report["purposes"]["repair"]["ideas"] == [
        {"slug": "shared-log", "status": "proposed", "endorsements": 3, "unverified": 1}
    ]


def test_without_full_history_nothing_is_verified(repo, tmp_path):
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.working_tree_dir}", str(shallow)], check=True)
    claims = claims_of(shallow)
    assert not claims.available and "shallow" in claims.reason
    assert verdicts(claims) == dict.fromkeys(["tom", "bob", "carol", "rosa"], False)
    plain = tmp_path / "plain"
    for rel, text in community_files({**PEOPLE, IDEA: idea("[tom]")}).items():
        (plain / rel).parent.mkdir(parents=True, exist_ok=True)
        (plain / rel).write_text(text, encoding="utf-8")
    claims = claims_of(plain)
    assert not claims.available and verdicts(claims) == {"tom": False}


def _ssh_signing(repo: git.Repo, tmp_path: Path, email: str) -> None:
    key = tmp_path / "signing-key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", email, "-f", str(key)], check=True)
    allowed = tmp_path / "allowed_signers"
    allowed.write_text(f'{email} namespaces="git" {(tmp_path / "signing-key.pub").read_text()}')
    with repo.config_writer() as config:
        config.set_value("gpg", "format", "ssh")
        config.set_value("user", "signingkey", str(key))
        config.set_value("gpg.ssh", "allowedSignersFile", str(allowed))


def test_require_signed_counts_only_commits_with_a_good_signature(repo, tmp_path):
    root = Path(repo.working_tree_dir)
    _ssh_signing(repo, tmp_path, ALICE[1])
    (root / IDEA).write_text(idea("[tom, bob, carol, rosa, alice]"), encoding="utf-8")
    repo.index.add([IDEA])
    env = {"GIT_AUTHOR_NAME": ALICE[0], "GIT_AUTHOR_EMAIL": ALICE[1], "GIT_COMMITTER_NAME": ALICE[0]}
    with repo.git.custom_environment(**env, GIT_COMMITTER_EMAIL=ALICE[1]):
        repo.git.commit("-q", "-S", "-m", "Alice endorses, signed")
    assert repo.git.log("-1", "--format=%G?") == "G"
    signed = verdicts(claims_of(root, require_signed=True))
    assert signed == {"tom": False, "bob": False, "carol": False, "rosa": False, "alice": True}
    # The same switch in community.yml.
    commit(repo, {"community.yml": community_files()["community.yml"] + "require_signed: true\n"}, author=ALICE)
    assert verdicts(claims_of(root)) == signed


def test_a_community_in_a_sub_folder_is_verified_the_same(tmp_path):
    top = tmp_path / "repository"
    files = {f"community/{k}": v for k, v in community_files({**PEOPLE, IDEA: idea("[tom]")}).items()}
    commit(top, {**files, "README.md": "The repository's own readme.\n"}, author=TOM)
    commit(top, {f"community/{IDEA}": idea("[tom, rosa]")}, author=ROSA, date="2026-03-06")
    assert verdicts(claims_of(top / "community")) == {"tom": True, "rosa": True}
