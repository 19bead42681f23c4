"""One-click contributing: the site's "Write this page", "Answer this question" and
"Contribute" buttons open GitHub's editor with a file that passes `check` once the
reader puts their handle in; without a GitHub repository the page shows the command."""

from __future__ import annotations

import html
import re
import shlex
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from conftest import BASE
from rallypoint.cli import cli
from rallypoint.model.community import load_community
from rallypoint.site.build import build_site
from rallypoint.site.contribute import DATE_PLACEHOLDER

REPO_URL = "https://github.com/repair-net/guides"
WANTED_LINK = {
    "content/repair/drain-pump.md": BASE["content/repair/drain-pump.md"].replace(
        "Then read [[why-noisy]].", "Then read [[why-noisy]] and [[descaling-a-pump]]."
    ),
}


def _button(page: Path, label: str) -> str:
    found = re.search(rf'<a class="md-button rp-invite" href="([^"]+)"[^>]*>{label}</a>', page.read_text())
    assert found, f"no {label!r} button on {page}"
    return html.unescape(found.group(1))


def _prefilled(url: str) -> tuple[str, str]:
    """The new file's path and text from GitHub's new-file URL."""
    parts = urlsplit(url)
    assert parts.netloc == "github.com"
    owner, name, new, branch, folder = parts.path.split("/", 5)[1:]
    assert (f"https://github.com/{owner}/{name}", new, branch) == (REPO_URL, "new", "main")
    query = parse_qs(parts.query, strict_parsing=True)
    return f"{folder}/{query['filename'][0]}", query["value"][0]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    from conftest import write_community

    root = write_community(
        tmp_path_factory.mktemp("contribute") / "community",
        {**WANTED_LINK, "community.yml": BASE["community.yml"] + f"repo_url: {REPO_URL}\n"},
    )
    result = build_site(root, root.parent / "site", parallel=False)
    assert result.site_dir is not None
    return root, result.site_dir


@pytest.mark.parametrize(
    ("page", "label", "expected"),
    [
        ("wanted/index.html", "Write this page", "content/repair/descaling-a-pump.md"),
        ("repair/why-noisy/index.html", "Answer this question", "content/repair/why-noisy-answer.md"),
        ("purposes/repair/index.html", "Contribute", "content/repair/new-contribution.md"),
        ("purposes/cafes/index.html", "Contribute", "content/cafes/new-contribution.md"),
    ],
)
def test_each_button_opens_a_file_that_passes_check_once_signed(built, page, label, expected):
    root, site = built
    if not (site / page).exists():  # purpose pages live where addresses.py puts them
        page = next(p for p in site.rglob("index.html") if p.parent.name == Path(page).parent.name).relative_to(site)
    path, text = _prefilled(_button(site / page, label))
    assert path == expected
    target = root / path
    try:
        target.write_text(text, encoding="utf-8")
        unsigned = load_community(root)
        assert any("your-handle" in d.message for d in unsigned.diagnostics if d.severity == "error")
        assert any(d.key_path == "date" for d in unsigned.diagnostics if d.path == path)
        target.write_text(
            text.replace("your-handle", "alice").replace(DATE_PLACEHOLDER, "2026-05-04"), encoding="utf-8"
        )
        signed = load_community(root)
        assert [d for d in signed.diagnostics if d.path == path] == []
        assert signed.errors == 0
        if label == "Write this page":
            assert "descaling-a-pump" in signed.community.contributions["repair/descaling-a-pump"].path
    finally:
        target.unlink()


def test_every_page_keeps_its_edit_link(built):
    _, site = built
    for page in ("repair/drain-pump/index.html", "repair/why-noisy/index.html"):
        assert f'href="{REPO_URL}/edit/' in (site / page).read_text()


def test_without_a_github_repository_the_page_shows_the_command(community, tmp_path):
    root = community(WANTED_LINK)
    site = build_site(root, tmp_path / "site", parallel=False).site_dir
    wanted = html.unescape((site / "wanted/index.html").read_text())
    assert "rp-invite" in wanted and "github.com" not in wanted
    assert "rallypoint new article --purpose repair --title 'Descaling a pump' --slug descaling-a-pump" in wanted
    question = html.unescape((site / "repair/why-noisy/index.html").read_text())
    assert "rallypoint new answer --purpose repair" in question and "--answers why-noisy" in question
    # The command shown writes the page the link wants, and it passes `check`.
    command = re.search(r"<code>(rallypoint new article [^<]+)</code>", wanted).group(1)
    args = [*shlex.split(command)[1:], "--author", "alice", "--no-input"]
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    assert result.exit_code == 0, result.output
    checked = load_community(root)
    assert checked.errors == 0 and "repair/descaling-a-pump" in checked.community.contributions


@pytest.mark.parametrize("width", [1280, 375])
def test_a_reader_who_follows_a_button_gets_their_own_day(built, width):
    """The prefilled file's date is the reader's day, written in by assets/rallypoint/invite.js
    when the button is followed (the page itself holds a placeholder, the same every day)."""
    import datetime as dt

    from browsing import chromium, require_chromium, serving

    _, site = built
    page_path = "repair/why-noisy/index.html"
    assert DATE_PLACEHOLDER in _prefilled(_button(site / page_path, "Answer this question"))[1]
    require_chromium()
    opened: list[str] = []
    with serving(site) as url, chromium() as browser:
        page = browser.new_page(viewport={"width": width, "height": 900})
        page.route("https://github.com/**", lambda route: (opened.append(route.request.url), route.abort()))
        page.goto(url + page_path.removesuffix("index.html"))
        before = dt.date.today().isoformat()
        page.get_by_role("link", name="Answer this question").click()
        page.wait_for_timeout(300)
        after = dt.date.today().isoformat()
    assert opened, "the button did not lead to GitHub's editor"
    _, text = _prefilled(opened[0])
    assert DATE_PLACEHOLDER not in text
    assert f"date: {before}\n" in text or f"date: {after}\n" in text
