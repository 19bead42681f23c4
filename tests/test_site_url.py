"""Where the site lives: `build --site-url`, relative feed links without one, and the address
`init` offers from a GitHub remote."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import yaml
from click.testing import CliRunner

from rallypoint.cli import cli
from rallypoint.history.repository import run_git

ATOM = "{http://www.w3.org/2005/Atom}"
NOTE = "Note: no site_url"


def _links(feed) -> list[str]:
    return [link.get("href") for link in ET.parse(feed).getroot().iter(f"{ATOM}link")]


def test_site_url_option_makes_feeds_and_sitemap_absolute(community, tmp_path):
    root = community()
    result = CliRunner().invoke(
        cli,
        [
            "-C",
            str(root),
            "build",
            "--strict",
            "--site-dir",
            str(tmp_path / "site"),
            "--site-url",
            "https://o.github.io/r",
        ],
    )
    assert result.exit_code == 0, result.output
    assert NOTE not in result.output
    links = _links(tmp_path / "site/purposes/repair/feed.xml")
    assert links[:2] == ["https://o.github.io/r/purposes/repair/", "https://o.github.io/r/purposes/repair/feed.xml"]
    assert "https://o.github.io/r/repair/drain-pump/" in links
    sitemap = (tmp_path / "site/sitemap.xml").read_text()
    assert "<loc>https://o.github.io/r/repair/drain-pump/</loc>" in sitemap


def test_the_option_overrides_community_yml(community, tmp_path):
    from conftest import BASE

    root = community({"community.yml": BASE["community.yml"] + "site_url: https://example.org/old/\n"})
    args = ["-C", str(root), "build", "--site-dir", str(tmp_path / "site"), "--site-url", "https://new.example/"]
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert "https://new.example/feed.xml" in _links(tmp_path / "site/feed.xml")
    assert "example.org/old" not in (tmp_path / "site/sitemap.xml").read_text()


def test_without_an_address_feed_links_are_relative_and_the_build_says_so_once(community, tmp_path):
    root = community()
    # An empty --site-url is what a workflow passes when Pages reports no address.
    result = CliRunner().invoke(
        cli, ["-C", str(root), "build", "--strict", "--site-dir", str(tmp_path / "s"), "--site-url", ""]
    )
    assert result.exit_code == 0, result.output  # a note, not a --strict failure
    assert result.output.count(NOTE) == 1
    site = tmp_path / "s"
    assert _links(site / "feed.xml")[:2] == ["./", "feed.xml"]
    purpose = _links(site / "purposes/repair/feed.xml")
    assert purpose[:2] == ["../../purposes/repair/", "../../purposes/repair/feed.xml"]
    for href in purpose[2:]:  # each entry's link leads to a page that exists, from the feed's folder
        assert (site / "purposes/repair" / href / "index.html").resolve().is_file(), href
    assert not any(h.startswith("/") for h in purpose)


def test_a_bad_site_url_is_refused(community):
    result = CliRunner().invoke(cli, ["-C", str(community()), "build", "--site-url", "example.org"])
    assert result.exit_code == 2 and "not an http(s) address" in result.output


@pytest.mark.parametrize(
    ("remote", "site_url", "repo_url"),
    [
        (
            "https://github.com/Menders/socks.git",
            "https://menders.github.io/socks/",
            "https://github.com/Menders/socks",
        ),
        ("git@github.com:menders/socks.git", "https://menders.github.io/socks/", "https://github.com/menders/socks"),
        (
            "git@github.com:menders/menders.github.io.git",
            "https://menders.github.io/",
            "https://github.com/menders/menders.github.io",
        ),
        ("https://gitlab.com/menders/socks.git", None, None),
    ],
)
def test_init_offers_the_pages_address_of_a_github_clone(tmp_path, git_config, remote, site_url, repo_url):
    clone = tmp_path / "socks"
    clone.mkdir()
    run_git(clone, "init", "--quiet")
    run_git(clone, "remote", "add", "origin", remote)
    options = ["--name", "Menders", "--handle", "ines", "--email", "ines@example.org", "--no-input"]
    result = CliRunner().invoke(cli, ["init", str(clone), *options])
    assert result.exit_code == 0, result.output
    settings = yaml.safe_load((clone / "community.yml").read_text())
    assert (settings.get("site_url"), settings.get("repo_url")) == (site_url, repo_url)
    assert CliRunner().invoke(cli, ["-C", str(clone), "check"]).exit_code == 0


def test_init_asks_for_the_address_and_keeps_an_answer(tmp_path, git_config):
    clone = tmp_path / "socks"
    clone.mkdir()
    run_git(clone, "init", "--quiet")
    run_git(clone, "remote", "add", "origin", "https://github.com/menders/socks")
    answers = "\n" * 6 + "https://socks.example/\n"
    result = CliRunner().invoke(cli, ["init", str(clone), "--input"], input=answers)
    assert result.exit_code == 0, result.output
    assert "[https://menders.github.io/socks/]" in result.output
    assert yaml.safe_load((clone / "community.yml").read_text())["site_url"] == "https://socks.example/"
