"""`rallypoint mv`: a contribution renamed with git mv, every link and reference to it mended."""

from __future__ import annotations

import git
from click.testing import CliRunner

from conftest import BASE
from rallypoint.cli import cli
from rallypoint.model.community import load_community

LINKING = (
    "---\ntitle: Pumps, a reading list\nkind: note\nauthors: [bob]\ndate: 2026-03-04\n---\n"
    "First [[why-noisy]], then [[repair/why-noisy|the noisy pump]].\r\n`[[why-noisy]]` in code stays.\n"
)


def mv(root, *args):
    return CliRunner().invoke(cli, ["-C", str(root), "mv", *args])


def test_a_question_moves_and_every_link_and_reference_follows(git_community):
    root = git_community({"content/repair/reading.md": LINKING.replace("\r\n", "\n")})
    result = mv(root, "repair/why-noisy", "noisy-pump")
    assert result.exit_code == 0, result.output
    assert not (root / "content/repair/why-noisy.md").exists()
    assert (root / "content/repair/noisy-pump.md").read_text() == BASE["content/repair/why-noisy.md"]
    reading = (root / "content/repair/reading.md").read_text()
    assert "First [[noisy-pump]], then [[repair/noisy-pump|the noisy pump]]." in reading
    assert "`[[why-noisy]]` in code stays." in reading
    assert "answers: noisy-pump\n" in (root / "content/repair/noisy-answer.md").read_text()
    assert "Unplug first. Then read [[noisy-pump]]." in (root / "content/repair/drain-pump.md").read_text()
    checked = load_community(root)
    assert checked.diagnostics == ()
    assert checked.community.contributions["repair/noisy-pump"].title == "Why is my pump noisy?"
    status = git.Repo(root).git.status("--porcelain")
    assert "R  content/repair/why-noisy.md -> content/repair/noisy-pump.md" in status.splitlines()
    assert "content/repair/reading.md: 1 link or reference mended" not in result.output
    assert "content/repair/reading.md: 2 links or references mended" in result.output


def test_line_ends_and_the_rest_of_each_file_are_kept(git_community):
    root = git_community({"content/repair/reading.md": "\ufeff" + LINKING.replace("\n", "\r\n")})
    assert mv(root, "why-noisy", "noisy-pump").exit_code == 0
    raw = (root / "content/repair/reading.md").read_bytes()
    expected = "\ufeff" + LINKING.replace("\n", "\r\n").replace("[[why-noisy]], then", "[[noisy-pump]], then")
    expected = expected.replace("[[repair/why-noisy|", "[[repair/noisy-pump|")
    assert raw == expected.encode("utf-8")


def test_a_move_to_another_purpose_keeps_links_as_they_were_written(git_community):
    linking = LINKING.replace("why-noisy", "first-cafe").replace("repair/", "cafes/").replace("\r\n", "\n")
    root = git_community({"content/repair/reading.md": linking})
    result = mv(root, "content/cafes/first-cafe.md", "repair/first-cafe")
    assert result.exit_code == 0, result.output
    reading = (root / "content/repair/reading.md").read_text()
    assert "First [[first-cafe]], then [[repair/first-cafe|the noisy pump]]." in reading
    assert load_community(root).diagnostics == ()


def test_a_refused_move_changes_nothing(git_community):
    root = git_community()
    before = git.Repo(root).git.status("--porcelain")
    for args, said in [
        (("nowhere", "x"), "there is no contribution `nowhere`"),
        (("why-noisy", "drain-pump"), "content/repair/drain-pump.md already exists"),
        (("why-noisy", "Bad Slug"), "`Bad Slug` is not a valid slug"),
        (("noisy-answer", "cafes/noisy-answer"), "an answer lives in its question's purpose folder"),
        (("why-noisy", "garden/why-noisy"), "there is no purpose `garden`"),
        (("drain-pump", "cafes/drain-pump"), "purpose `cafes` does not accept article contributions"),
        (("why-noisy", "cafes/why-noisy"), "purpose `cafes` does not accept question contributions"),
    ]:
        result = mv(root, *args)
        assert result.exit_code == 2 and said in result.output, result.output
    assert git.Repo(root).git.status("--porcelain") == before
