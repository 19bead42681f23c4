"""`rallypoint init`: a new community that checks, builds and is ready for GitHub at once."""

from __future__ import annotations

import tomllib
from pathlib import Path

import git
import pytest
import yaml
from click.testing import CliRunner

from conftest import REPO, tree_digest
from rallypoint import __version__
from rallypoint.cli import cli
from rallypoint.model.community import load_community
from rallypoint.site.build import build_site
from rallypoint.workflow.init import StarterAnswers, StarterError, create_community, default_answers, slugify
from workflow_checks import (
    assert_hardened,
    assert_publishes_pages,
    assert_valid_github_workflows,
    assert_zizmor_clean,
    load_workflow,
    steps,
)

OPTIONS = [
    "--name",
    "Eastfield Menders",
    "--purpose-title",
    "Mend every jumper",
    "--handle",
    "ines",
    "--creator-name",
    "Inès Dubois",
    "--email",
    "ines@example.org",
    "--github",
    "ines-d",
]
FILES = {
    "community.yml",
    "purposes/mend-every-jumper.md",
    "content/mend-every-jumper/welcome.md",
    "contributors/ines.yml",
    "README.md",
    "CONTRIBUTING.md",
    ".gitignore",
    ".github/pull_request_template.md",
    ".github/workflows/check.yml",
    ".github/workflows/publish.yml",
    ".github/dependabot.yml",
    ".github/requirements.txt",
    ".github/CODEOWNERS",
}


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(cli, list(args), input=input, catch_exceptions=False)


def tree_with_folders(root: Path) -> dict[str, bytes | None]:
    return {p.relative_to(root).as_posix(): p.read_bytes() if p.is_file() else None for p in root.rglob("*")}


@pytest.fixture(scope="module")
def workflows(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("workflows") / "community"
    create_community(root, StarterAnswers("Test", "Testing", "tester", "Tess Ter", "tess@example.org"))
    return root / ".github/workflows"


def test_a_new_community_passes_check_and_builds(tmp_path, git_config):
    root = tmp_path / "menders"
    result = run("init", str(root), *OPTIONS)
    assert result.exit_code == 0, result.output
    assert set(tree_digest(root)) == FILES
    assert all(f"  {f}\n" in result.output for f in FILES)
    assert "rallypoint check" in result.output and "rallypoint serve" in result.output
    assert not (root / ".git").exists()
    assert yaml.safe_load((root / "contributors/ines.yml").read_text()) == {
        "name": "Inès Dubois",
        "github": "ines-d",
        "emails": ["ines@example.org"],
    }
    community = yaml.safe_load((root / "community.yml").read_text())
    assert community["name"] == "Eastfield Menders" and community["maintainers"] == ["ines"]

    checked = run("-C", str(root), "check")
    assert checked.exit_code == 0, checked.output
    assert "no problems" in checked.output
    built = build_site(root, tmp_path / "site", strict=True, parallel=False)
    assert built.diagnostics == () and built.pages > 0
    assert (tmp_path / "site/mend-every-jumper/welcome/index.html").is_file()
    assert (tmp_path / "site/purposes/mend-every-jumper/index.html").is_file()


def test_git_makes_one_commit_by_the_creator_with_no_git_config(tmp_path, git_config, monkeypatch):
    for variable in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(variable)
    root = tmp_path / "menders"
    result = run("init", str(root), "--git", *OPTIONS)
    assert result.exit_code == 0, result.output
    repo = git.Repo(root)
    commits = list(repo.iter_commits())
    assert len(commits) == 1
    for who in (commits[0].author, commits[0].committer):
        assert (who.name, who.email) == ("Inès Dubois", "ines@example.org")
    assert repo.active_branch.name == "main"
    assert repo.git.status("--porcelain") == ""
    assert set(repo.git.ls_files().splitlines()) == FILES

    built = build_site(root, strict=True, parallel=False)
    assert built.diagnostics == ()
    assert repo.git.status("--porcelain") == ""  # site/ is ignored


def test_prompts_ask_again_on_an_invalid_answer(tmp_path, git_config):
    git_config(name="Amara Okafor", email="amara@example.org")
    root = tmp_path / "menders"
    answers = "\nMending clothes\nBad Handle\nines\n\nines@example.org\n\n"
    result = run("init", str(root), "--input", input=answers)
    assert result.exit_code == 0, result.output
    assert "Community name [Menders]: " in result.output
    assert "Your handle (lowercase letters, digits and hyphens) [amara-okafor]: " in result.output
    assert "`Bad Handle` is not a valid handle" in result.output and "`bad-handle`" in result.output
    assert "Your name [Amara Okafor]: " in result.output
    assert yaml.safe_load((root / "community.yml").read_text())["name"] == "Menders"
    assert (root / "purposes/mending-clothes.md").is_file()
    assert yaml.safe_load((root / "contributors/ines.yml").read_text()) == {
        "name": "Amara Okafor",
        "emails": ["ines@example.org"],
    }


def test_options_answer_in_advance_and_are_not_asked(tmp_path, git_config):
    result = run("init", str(tmp_path / "menders"), "--input", *OPTIONS, input="")
    assert result.exit_code == 0, result.output
    assert "Community name" not in result.output and "Your " not in result.output


def test_without_a_terminal_it_takes_the_defaults(tmp_path, git_config):
    git_config(name="Amara Okafor", email="amara@example.org")
    root = tmp_path / "eastfield-gardeners"
    result = run("init", str(root))  # CliRunner's stdin is not a terminal
    assert result.exit_code == 0, result.output
    assert "Community name" not in result.output
    assert yaml.safe_load((root / "community.yml").read_text())["name"] == "Eastfield Gardeners"
    assert yaml.safe_load((root / "contributors/amara-okafor.yml").read_text()) == {
        "name": "Amara Okafor",
        "emails": ["amara@example.org"],
    }
    assert (root / "purposes/our-first-purpose.md").is_file()


def test_defaults_without_any_git_identity(tmp_path, git_config):
    answers = default_answers(tmp_path / "Repair_Café")
    # No address is made up and no login assumed: `sam-doe@users.noreply.github.com` would
    # claim the commits of whoever is sam-doe on GitHub.
    assert answers == StarterAnswers("Repair Café", "Our first purpose", "sam-doe", "sam-doe", "", "")
    assert default_answers(tmp_path / "x", email="12+jo-r@users.noreply.github.com").github == "jo-r"
    with pytest.raises(StarterError, match="needs your email"):
        create_community(tmp_path / "y", answers, git=True)
    assert not (tmp_path / "y").exists()


@pytest.mark.parametrize("existing", [{"community.yml": "name: Old\n"}, {"community.yml": "", "notes.txt": "mine\n"}])
def test_refuses_a_folder_that_holds_a_community_and_leaves_it_alone(tmp_path, git_config, existing):
    root = tmp_path / "menders"
    for rel, text in existing.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    before = tree_with_folders(root)
    result = run("init", str(root), "--git", *OPTIONS)
    assert result.exit_code == 2
    assert "already holds a community" in result.output
    assert tree_with_folders(root) == before


def test_refuses_a_file_and_the_refusal_comes_before_any_question(tmp_path, git_config):
    (tmp_path / "menders").write_text("a file\n")
    result = run("init", str(tmp_path / "menders"), "--input", input="never read\n")
    assert result.exit_code == 2 and "is a file" in result.output
    assert "Community name" not in result.output
    assert (tmp_path / "menders").read_text() == "a file\n"


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--handle", "Inès", "not a valid handle"),
        ("--handle", "-ines", "not a valid handle"),
        ("--email", "ines.example.org", "not an email address"),
        ("--name", "Two\nlines", "line break"),
        ("--creator-name", "x" * 101, "at most 100"),
        ("--purpose-title", "Tags", "id `tags`"),
        ("--name", "   ", "is empty"),
    ],
)
def test_an_invalid_value_is_a_usage_error_and_writes_nothing(tmp_path, git_config, option, value, message):
    result = run("init", str(tmp_path / "menders"), option, value)
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "menders").exists()


@pytest.mark.parametrize(
    "name",
    [
        "No",
        "1:20",
        "Repair: Eastfield",
        "Café #5",
        'Say "hi"',
        "[brackets]",
        "0755",
        "- dash",
        "Ünïcödé ✓",
        "a, b & c's",
    ],
)
def test_any_text_answer_is_written_as_that_text(tmp_path, git_config, name):
    root = tmp_path / "c"
    create_community(root, StarterAnswers(name, name, "ines", name, "ines@example.org"))
    result = load_community(root)
    assert result.diagnostics == ()
    assert result.community.settings.name == name
    assert next(iter(result.community.purposes.values())).title == name
    assert result.community.contributors["ines"].name == name


def test_codeowners_is_what_codeowners_check_expects(tmp_path, git_config):
    root = tmp_path / "menders"
    assert run("init", str(root), *OPTIONS).exit_code == 0
    result = run("-C", str(root), "codeowners", "--check")
    assert result.exit_code == 0, result.output
    assert "/content/mend-every-jumper/ @ines-d" in (root / ".github/CODEOWNERS").read_text()


def test_create_community_returns_the_files_it_wrote(tmp_path, git_config):
    root = tmp_path / "c"
    written = create_community(root, default_answers(root, handle="ines"))
    assert sorted(written) == sorted(p for p in root.rglob("*") if p.is_file())
    with pytest.raises(StarterError, match="already holds a community"):
        create_community(root, default_answers(root, handle="ines"))


def test_slugify():
    assert slugify("Inès Dubois") == "ines-dubois"
    assert slugify("  --Hello,  World!-- ") == "hello-world"
    assert slugify("渋谷") == ""
    assert slugify("word " * 30, limit=20) == "word-word-word-word"


def test_every_template_ships_in_the_package():
    starter = REPO / "tooling/rallypoint/workflow/starter"
    globs = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"][
        "rallypoint.workflow"
    ]
    shipped = {path for g in globs for path in starter.parent.glob(g)}
    for template in (p for p in starter.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        assert template in shipped, template  # tests/test_release.py looks inside the real wheel


@pytest.mark.parametrize("name", ["check.yml", "publish.yml"])
def test_workflow_is_hardened(workflows, name):
    workflow = assert_hardened(workflows / name)
    installs = [s["run"] for s in steps(workflow) if "pip install" in s.get("run", "")]
    # Every install takes the release pinned in requirements.txt, the file Dependabot updates.
    assert installs[0] == "python -m pip install --quiet --requirement .github/requirements.txt"
    assert all("--requirement .github/requirements.txt" in run and "git+" not in run for run in installs)
    assert f"\nrallypoint=={__version__}\n" in (workflows.parent / "requirements.txt").read_text()


def test_pull_requests_are_checked_reviewed_and_built(workflows):
    workflow = load_workflow(workflows / "check.yml")
    assert list(workflow["on"]) == ["pull_request"]
    assert [job["permissions"] for job in workflow["jobs"].values()] == [{"contents": "read"}]
    runs = [s["run"] for s in steps(workflow) if "run" in s]
    assert "rallypoint check --format github" in runs
    assert "rallypoint codeowners --check" in runs
    assert any(r.startswith("rallypoint build --strict") for r in runs)
    review = next(s for s in steps(workflow) if s.get("run", "").startswith("rallypoint review"))
    assert review["run"] == (
        'rallypoint review --base "origin/$BASE_REF" --head HEAD --pr-author "$PR_AUTHOR" '
        '--format markdown >> "$GITHUB_STEP_SUMMARY"'
    )
    assert review["env"] == {
        "BASE_REF": "${{ github.base_ref }}",
        "PR_AUTHOR": "${{ github.event.pull_request.user.login }}",
    }


def test_publishing_deploys_pages_with_least_privilege(workflows):
    assert_publishes_pages(load_workflow(workflows / "publish.yml"))


def test_zizmor_finds_nothing(workflows):
    assert_zizmor_clean(workflows, "--persona", "pedantic")


def test_workflows_match_githubs_schema(workflows):
    assert_valid_github_workflows(sorted(workflows.glob("*.yml")))
