"""`rallypoint import`: real repositories shaped like MkDocs, Jekyll, Hugo and GitHub wiki sites,
imported with their history; and `init` in an existing repository, which it completes."""

from __future__ import annotations

import json
import shutil
import subprocess
import time
from pathlib import Path

import git
import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from conftest import commit, tree_digest
from rallypoint.cli import cli
from rallypoint.history.log import Person, read_history
from rallypoint.model.community import load_community
from rallypoint.site.build import build_site
from rallypoint.workflow.import_people import People

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "import"
ANA = ("Ana Díaz", "ana@example.org")
BEN = ("Ben Okafor", "ben@example.org")
KIM = ("김민준 Kim", "12345+kimmj@users.noreply.github.com")
KIM_OLD = ("kim", "kimmj@users.noreply.github.com")
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
START = ["--name", "Menders", "--purpose-title", "Welcome desk", "--handle", "ana", "--creator-name", "Ana Díaz"]
START += ["--email", "ana@example.org", "--no-input"]


def run(root: Path, *args: str):
    return CliRunner().invoke(cli, ["-C", str(root), *args], catch_exceptions=False)


def sh(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=True).stdout


def site_repo(tmp_path: Path, fixture: str, history: list[tuple]) -> Path:
    """A repository holding ``fixture``'s files, committed in the given order: each commit is
    (author, paths) or (author, paths, co-authors)."""
    root = tmp_path / "site"
    files = {
        p.relative_to(FIXTURES / fixture).as_posix(): p.read_bytes()
        for p in (FIXTURES / fixture).rglob("*")
        if p.is_file()
    }
    for day, (author, paths, *more) in enumerate(history, start=1):
        when = f"2021-0{day}-01T10:00:00"
        commit(
            root,
            {p: files.pop(p) for p in paths},
            author=author,
            coauthors=[*more, []][0],
            date=when,
            message=f"commit {day}",
        )
    if files:
        commit(root, files, author=ANA, date="2021-09-01T10:00:00", message="the rest")
    with git.Repo(root).config_writer() as config:
        config.set_value("user", "name", "Ana Díaz")
        config.set_value("user", "email", "ana@example.org")
    assert run(root, "init", ".", *START).exit_code == 0
    return root


def body(path: Path) -> bytes:
    return path.read_bytes().split(b"\n---\n", 1)[1]


def follow(root: Path, path: str) -> set[str]:
    """Who ``git log --follow`` names for ``path``, less bots and the commits .git-blame-ignore-revs lists."""
    ignored = root / ".git-blame-ignore-revs"
    skip = set(ignored.read_text().split()) if ignored.exists() else set()
    found = (line.split() for line in sh(root, "log", "--follow", "--format=%H %aE", "--", path).splitlines())
    return {email.lower() for sha, email in found if "[bot]" not in email and sha not in skip}


def test_mkdocs_docs_become_contributions_with_their_history_in_two_commits(tmp_path):
    root = site_repo(
        tmp_path,
        "mkdocs",
        [
            (BEN, ["docs/index.md", "docs/guide.md"]),
            (KIM, ["docs/setup/index.md", "docs/img/logo.png"]),
            (BOT, ["mkdocs.yml"]),
        ],
    )
    commit(
        root, {"docs/guide.md": (root / "docs/guide.md").read_bytes() + b"More.\r\n"}, author=KIM_OLD, date="2021-05-01"
    )
    before = {p: (root / "docs" / p).read_bytes() for p in ("index.md", "guide.md", "setup/index.md")}
    head = sh(root, "rev-parse", "HEAD").strip()

    result = run(root, "import", "docs", "--purpose", "handbook", "--commit")

    assert result.exit_code == 0, result.output
    assert "Imported 3 pages into content/handbook/" in result.output
    assert "check     0 errors" in result.output
    moves, rewrites, ignoring = sh(root, "log", "--format=%H", f"{head}..HEAD").split()[::-1]
    assert sh(root, "show", "--name-only", "--format=", ignoring).split() == [".git-blame-ignore-revs"]
    assert (root / ".git-blame-ignore-revs").read_text().split("\n")[1:] == [moves, rewrites, ""]
    renames = sh(root, "show", "-M", "--name-status", "--format=", moves).split("\n")
    assert sorted(r.split("\t")[0] for r in renames if r) == ["R100"] * 4  # three pages and the image they show
    assert "R" not in sh(root, "show", "--name-status", "--format=", rewrites).split()[0::2]
    handbook = root / "content/handbook"
    assert sorted(p.name for p in handbook.iterdir()) == ["guide.md", "img", "repair-handbook.md", "setup.md"]
    assert (
        (handbook / "setup.md")
        .read_text(encoding="utf-8")
        .startswith(
            "---\ntitle: Setting up your bench\nkind: article\nauthors: [ana]\ndate: 2021-02-01\n"
            "tags: [getting-started, tools]\nsummary: What you need before the first repair.\n---\n"
        )
    )
    assert body(handbook / "guide.md") == before["guide.md"]  # CRLF and all: no link to rewrite
    assert body(handbook / "repair-handbook.md") == before["index.md"].replace(
        b"[setting up](setup/index.md)", b"[[handbook/setup|setting up]]"
    ).replace(b"(guide.md#steps)", b"(guide.md#steps)")
    assert body(handbook / "setup.md").endswith(
        b"Back to [[handbook/repair-handbook|the handbook]]. See also [[handbook/guide|the guide]].\n\n[guide]: guide.md\n"
    )
    guide = (handbook / "guide.md").read_text(encoding="utf-8")
    assert "authors: [ben-okafor]" in guide and "date: 2021-01-01" in guide
    assert (root / "contributors/kim.yml").read_text(encoding="utf-8") == (
        "name: 김민준 Kim\ngithub: kimmj\nemails:\n  - 12345+kimmj@users.noreply.github.com\n"
        "  - kimmj@users.noreply.github.com\n"
    )
    assert not (root / "contributors/dependabot-bot.yml").exists()
    assert load_community(root).errors == 0
    history = read_history(root)
    for page in ("guide.md", "setup.md", "repair-handbook.md"):
        path = f"content/handbook/{page}"
        assert {p.email for p in history.files[path].editors} == follow(root, path)
    # The import's commits are no one's edit: each page last changed when its writers changed it.
    assert "ana@example.org" not in {p.email for p in history.files["content/handbook/guide.md"].editors}
    assert history.files["content/handbook/guide.md"].updated < int(time.time()) - 86_400
    assert "nowhere.md" in result.output  # a link that reaches nothing is named


def test_a_jekyll_collection_keeps_its_dates_and_posts(tmp_path):
    root = site_repo(tmp_path, "jekyll", [(BEN, ["_posts/2024-01-02-hello-world.md", "_config.yml"])])

    result = run(root, "import", "_posts", "_drafts", "--purpose", "news", "--tag", "Café News", "--format", "json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert [(m["from"], m["to"]) for m in report["moved"]] == [
        ("_posts/2024-01-02-hello-world.md", "content/news/hello-world.md"),
        ("_posts/2024-02-03-second-cafe.markdown", "content/news/second-cafe.md"),
    ]
    assert report["dropped_keys"] == {
        "layout": ["_posts/2024-01-02-hello-world.md", "_posts/2024-02-03-second-cafe.markdown"],
        "permalink": ["_posts/2024-01-02-hello-world.md"],
    }
    assert {s["why"] for s in report["skipped"]} == {"a template or partial (its name starts with `_`)"}
    hello = (root / "content/news/hello-world.md").read_text(encoding="utf-8")
    assert hello == (
        '---\ntitle: "Hello, world: our first café"\nkind: post\nauthors: [ben-okafor]\ndate: 2024-01-02\n'
        "tags: [cafes, news, events, cafe-news]\n---\nWe opened. Next: [[news/second-cafe|the second one]].\n"
    )
    second = (root / "content/news/second-cafe.md").read_text(encoding="utf-8")
    assert "date: 2024-02-03" in second and "summary: Twice as many kettles." in second
    assert second.endswith("Read [[news/hello-world|the first]] too.\n")  # by its permalink's last part
    assert "authors: [ana]" in second  # who created the file, with an existing profile
    assert (root / "purposes/news.md").exists() and load_community(root).errors == 0
    staged = sh(root, "diff", "--cached", "-M", "--name-status", "--", "_posts", "content/news").split("\n")
    assert [line.split("\t")[0] for line in staged if line] == ["R100", "R100"]  # staged, as git mv leaves them


def test_a_hugo_site_with_what_broke_on_a_real_glossary(tmp_path):
    # Kim wrote the bundle under both of GitHub's noreply forms at once: one person, named once.
    history = [(KIM_OLD, ["content/en/pod.md"]), (KIM, ["content/en/container/index.md"], [KIM_OLD])]
    root = site_repo(tmp_path, "hugo", history)
    commit(
        root,
        {"content/en/pod.md": (root / "content/en/pod.md").read_text() + "\nMore.\n"},
        author=KIM,
        coauthors=[KIM_OLD],
    )

    result = run(root, "import", "content/en", "--purpose", "glossary", "--commit")

    assert result.exit_code == 0, result.output
    pod = (root / "content/glossary/pod.md").read_text(encoding="utf-8")
    assert pod.startswith(
        "---\ntitle: Pod\nkind: article\nauthors: [kim]\n"
    )  # `Title:`, one handle for two noreply forms
    assert "tags: [fundamental, concept]" in pod
    assert pod.endswith("A pod holds [[glossary/container|containers]] and ![a diagram](images/pod.png).\n\nMore.\n")
    container = (root / "content/glossary/container.md").read_text(encoding="utf-8")
    assert container.startswith("---\ntitle: Container\nkind: article\nauthors: [kim]\n")  # TOML, in a bundle
    assert "[[glossary/pod|pod]]. See the [[glossary/pod|template]]." in container
    assert (root / "content/glossary/images/pod.png").read_bytes() == (root / "static/images/pod.png").read_bytes()
    assert (root / "content/glossary/cloud-glossary.md").exists()  # the section page, named by its title
    assert sorted(p.name for p in (root / "contributors").iterdir()) == ["ana.yml", "kim.yml"]
    assert "Left in content/, where `check` refuses them" in result.output
    assert "content/en/_TEMPLATE.md" in result.output and "content/en/.spellcheck.yml" in result.output
    problems = {(x.path, x.rule) for x in load_community(root).diagnostics}
    assert problems == {("content/en/_TEMPLATE.md", "RP018"), ("content/en/.spellcheck.yml", "RP016")}


def test_a_github_wiki_with_gollum_links(tmp_path):
    root = site_repo(tmp_path, "wiki", [(BEN, ["Home.md", "Page-Name.md"])])

    result = run(root, "import", ".", "--purpose", "wiki", "--commit")

    assert result.exit_code == 0, result.output
    wiki = root / "content/wiki"
    assert sorted(p.name for p in wiki.iterdir()) == ["another-page.md", "home.md", "page-name.md"]
    assert (
        body(wiki / "home.md")
        == b"Welcome to the wiki. Read [[wiki/page-name]] and [[wiki/another-page|the other one]].\n"
    )
    assert body(wiki / "page-name.md").endswith(
        b"Back [[wiki/home]]. Not a page: [[wiki/nowhere-at-all|Nowhere At All]].\n"
    )
    assert body(wiki / "another-page.md") == b"Some text, and a link to [[wiki/page-name|the first page]].\n"
    assert (root / "_Sidebar.md").exists() and (root / "README.md").exists()
    assert "a GitHub wiki sidebar" in result.output
    problems = load_community(root).diagnostics
    assert [(x.rule, x.severity) for x in problems] == [("RP303", "notice")]  # a wanted page, as in any wiki


def test_double_brackets_that_were_never_wikilinks_stay_text(tmp_path):
    """From rust-lang/rfcs: ``[[1]](url)`` is a link reading "[1]", ``[[全文]] (url)`` is text on
    GitHub, and ``[[package]]`` in a quoted TOML fence is code: the import's check failed on them.
    And its footnotes were listed as links left as written."""
    root = site_repo(tmp_path, "rfcs", [(BEN, ["text/0001-euclidean-modulo.md", "text/0002-build-std.md"])])

    result = run(root, "import", "text", "--purpose", "rfcs", "--commit")

    assert result.exit_code == 0, result.output
    assert load_community(root).diagnostics == ()
    text = body(root / "content/rfcs/0001-euclidean-modulo.md").decode()
    assert "Euclidean[[1]](https://dl.acm.org/" in text and "> [[package]]\n" in text
    assert "\\[\\[全文]] (https://github.com/" in text
    assert body(root / "content/rfcs/0002-build-std.md").startswith(
        b"# Build std\n\nSee [[rfcs/0001-euclidean-modulo|the modulo RFC]].\n"
    )
    assert "Links left as written" not in result.output  # a footnote ("[^core]: Unlike ...") is no link
    charter = load_community(root).community.purposes["rfcs"]
    assert charter.summary == "The pages imported from text/."  # shown as text: no Markdown in it


def test_a_git_identity_with_no_name_gets_a_readable_one():
    """rust-lang/rfcs has a commit by ``= <=>``: its profile was named "=" on every list."""
    people = People({})
    people.meet(Person("=", "="))
    people.meet(Person("-", "12345+octo@users.noreply.github.com"))
    people.settle()
    assert [(p.handle, p.name, p.github) for p in people.created] == [
        ("someone", "someone", None),
        ("octo", "octo", "octo"),
    ]
    assert all("has no letter or digit" in p.note for p in people.created)


def test_an_obsidian_vault(tmp_path):
    """From obsidianmd/obsidian-help: Obsidian writes [[Page#Heading|text]] (the page first, where
    a GitHub wiki puts it last), [[#Heading|text]] on the same page, ![[picture.png|100]] by the
    picture's name, a link's text in code (which the import wrote as NUL bytes) and a bar escaped
    in a table. 955 of its links became wanted pages; now 5 do, links written as examples."""
    vault = [
        "vault/Internal links.md",
        "vault/Settings.md",
        "vault/Plugins/Functions.md",
        "vault/Plugins/Highlighter.md",
    ]
    root = site_repo(tmp_path, "obsidian", [(BEN, [*vault, "vault/Attachments/Picture.png"])])

    result = run(root, "import", "vault", "--purpose", "help", "--commit")

    assert result.exit_code == 0, result.output
    text = body(root / "content/help/internal-links.md").decode()
    assert "**[Files and links](settings.md#files-and-links)**" in text
    assert "see [below](#link-to-a-heading)" in text
    assert "the [`hasTag`](functions.md#hastag) function" in text and "\0" not in text
    assert "![Picture](Attachments/Picture.png)" in text and (root / "content/help/Attachments/Picture.png").exists()
    assert "themselves: [[help/settings]]" in text  # embedding a page: a link to it
    assert (
        "See [[help/settings|C# tips]], [[handbook/setup]] (another purpose's) and [[help/config-yaml|config.yaml]],"
        in text
    )
    assert "| Highlights | [[help/highlighter|highlights]] |" in text
    assert "Write `[[Page#Heading]]`." in text  # in code: as it was
    assert [(x.rule, x.message.split()[0]) for x in load_community(root).diagnostics] == [
        ("RP303", "[[handbook/setup]]"),
        ("RP303", "[[help/config-yaml|config.yaml]]"),
    ]
    site = tmp_path / "site-out"
    assert build_site(root, site).site_dir == site
    page = BeautifulSoup((site / "help/internal-links/index.html").read_text(), "html.parser")
    article = page.find("div", class_="rp-body")
    assert article.find("img")["src"] == "../Attachments/Picture.png"
    assert article.find("div", class_="admonition note").find("p", class_="admonition-title").get_text() == "Note"
    assert [a["href"] for a in article.find("table").find_all("a")] == ["../highlighter/"]


def test_links_to_files_left_in_the_repository_lead_to_them_on_github(tmp_path):
    """thoughtbot/guides links its guides to code samples beside them (``[sample](sample.rb#L5)``):
    the site does not publish those, so the links lead to the files on GitHub."""
    root = site_repo(tmp_path, "rfcs", [(BEN, ["text/0001-euclidean-modulo.md", "text/0002-build-std.md"])])
    settings = (
        (root / "community.yml").read_text().replace("# repo_url:", "repo_url: https://github.com/rust-lang/rfcs #")
    )
    commit(
        root,
        {
            "community.yml": settings,
            "text/0003-samples.md": "# Samples\n\nSee [the sample](sample.rs#L2), [the rules](/docs/rules.md) and [[1]](0002-build-std.md).\n",
            "text/sample.rs": "fn main() {}\n",
            "docs/rules.md": "# Rules\n",
        },
        author=BEN,
    )

    result = run(root, "import", "text", "--purpose", "rfcs", "--commit")

    assert result.exit_code == 0, result.output
    text = body(root / "content/rfcs/0003-samples.md").decode()
    assert "[the sample](https://github.com/rust-lang/rfcs/blob/HEAD/text/sample.rs#L2)" in text
    assert "[the rules](https://github.com/rust-lang/rfcs/blob/HEAD/docs/rules.md)" in text
    assert "[[1]](0002-build-std.md)" in text  # an imported page: its new name, which is the same


@pytest.mark.parametrize(
    "change, reason",
    [
        ({"docs/guide.md": "edited, not committed\n"}, "docs/guide.md: has changes that are not committed"),
        ({"docs/new.md": "# New\n"}, "docs/new.md: has changes that are not committed"),
        ({"docs/setup.md": "# Setup again\n"}, "docs/setup.md and docs/setup/index.md would all become setup.md"),
        ({"content/handbook/guide.md": "x"}, "docs/guide.md would overwrite content/handbook/guide.md"),
        (
            {"docs/fr/guide.md": "# Guide\n", "docs/de fr/guide.md": "# Führer\n"},
            "a folder at a time, each as a purpose of its own: `rallypoint import 'docs/de fr' --purpose handbook-de-fr`",
        ),
    ],
)
def test_an_import_that_cannot_be_done_changes_nothing(tmp_path, change, reason):
    root = site_repo(tmp_path, "mkdocs", [])
    if "setup.md" in str(change) or "content/" in str(change) or "fr/" in str(change):
        commit(root, change)
    for path, text in change.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text)
    before, status = tree_digest(root), sh(root, "status", "--porcelain")

    result = run(root, "import", "docs", "--purpose", "handbook", "--commit")

    assert result.exit_code == 1
    assert result.output.startswith("Nothing was imported:\n") and reason in result.output
    assert (tree_digest(root), sh(root, "status", "--porcelain")) == (before, status)


def test_a_commit_refused_by_a_hook_puts_every_file_back(tmp_path):
    root = site_repo(tmp_path, "mkdocs", [])
    hook = root / ".git/hooks/pre-commit"
    hook.write_text("#!/bin/sh\necho 'no commits today' >&2\nexit 1\n")
    hook.chmod(0o755)
    before, status = tree_digest(root), sh(root, "status", "--porcelain")

    result = run(root, "import", "docs", "--purpose", "handbook", "--commit")

    assert result.exit_code == 1 and "every file was put back" in result.output and "no commits today" in result.output
    assert (tree_digest(root), sh(root, "status", "--porcelain")) == (before, status)


def test_bad_options_are_usage_errors(tmp_path):
    root = site_repo(tmp_path, "mkdocs", [])
    assert run(root, "import", "docs", "--purpose", "Hand Book").exit_code == 2
    assert run(root, "import", "docs", "--purpose", "tags").exit_code == 2
    assert run(root, "import", "docs", "--purpose", "h", "--kind", "essay").exit_code == 2
    assert "does not exist" in run(root, "import", "nope", "--purpose", "h").output
    plain = tmp_path / "plain"
    shutil.copytree(FIXTURES / "mkdocs", plain)
    assert run(plain, "init", ".", *START).exit_code == 0
    assert "not in a git repository" in run(plain, "import", "docs", "--purpose", "h").output


def test_init_completes_an_existing_repository_and_never_overwrites(tmp_path):
    root = tmp_path / "repo"
    commit(root, {"README.md": "# Ours\n", ".gitignore": "build/\n", "docs/a.md": "# A\n"}, author=BEN)
    (root / "docs/b.md").write_text("# B, not committed\n")
    sh(root, "add", "docs/b.md")

    result = run(root, "init", ".", *START, "--git")

    assert result.exit_code == 0, result.output
    assert (root / "README.md").read_text() == "# Ours\n" and (root / ".gitignore").read_text() == "build/\n"
    assert (root / "community.yml").exists() and (root / "CONTRIBUTING.md").exists()
    committed = sh(root, "show", "--name-only", "--format=%an", "HEAD").split()
    assert committed[0:2] == ["Ana", "Díaz"] and "community.yml" in committed
    assert "README.md" not in committed and "docs/b.md" not in committed
    assert sh(root, "status", "--porcelain") == "A  docs/b.md\n"  # the staged change is still only staged
    again = run(root, "init", ".", *START)
    assert again.exit_code == 2 and "already holds a community" in again.output


def test_unicode_from_real_pages_warns_only_where_something_hides(community):
    page = (FIXTURES / "unicode/bare-metal.md").read_text(encoding="utf-8")
    page = page.replace("title: Bare metal\n", "title: Bare metal\nkind: article\nauthors: [alice]\ndate: 2026-03-01\n")
    root = community({"content/repair/bare-metal.md": page})

    found = [(x.rule, x.line, x.column, x.message.split("; it hides")[0]) for x in load_community(root).diagnostics]

    assert found == [
        ("RP117", 6, 16, "`summary` holds the invisible character U+200B (ZERO WIDTH SPACE) between `পাঠ্য` and `সারাংশ`"),
        (
            "RP117",
            10,
            10,
            "the text holds the invisible character U+200B (ZERO WIDTH SPACE) (2 times; this is the first) "
            "between `निगरानी, ` and `\\u200bअलर्टिंग`",
        ),
    ]
