"""A release: the sdist and the wheel pass `twine check`, the wheel holds everything the tool needs
and works from a fresh virtual environment, and the changelog gives the GitHub release its notes."""

from __future__ import annotations

import email
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tarfile
import tomllib
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from packaging.requirements import Requirement
from packaging.version import Version

from conftest import REPO
from rallypoint import __version__


def _script(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


release_notes = _script(REPO / "tooling/release_notes.py").release_notes

PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
CHANGELOG = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent


def _sources(target: Path) -> Path:
    """A copy of what the distributions are built from, so that building writes nothing into the
    working tree (setuptools leaves build/ and egg-info beside its sources)."""
    for name in ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "MANIFEST.in"):
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target / name)
    for folder in SETUPTOOLS["package-dir"].values():
        shutil.copytree(REPO / folder, target / folder, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    return target


def _build(sources: Path, out: Path, *only: str) -> list[Path]:
    """`python -m build` as the release workflow runs it (the wheel made from the sdist), with the
    build backend already installed here instead of downloaded into an isolated environment."""
    done = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", *only, "--outdir", str(out), str(sources)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    # Byte-compiling is off where PYTHONDONTWRITEBYTECODE is set; anything else (a package
    # setuptools would ignore, a deprecated setting) is a mistake in pyproject.toml.
    warnings = [w for w in re.findall(r"(?im)^.*warning.*$", done.stderr) if "byte-compiling is disabled" not in w]
    assert not warnings, done.stderr
    return sorted(out.iterdir())


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> dict[str, Path]:
    """The sdist and the wheel of this tree, by extension."""
    tmp = tmp_path_factory.mktemp("release")
    built = _build(_sources(tmp / "src"), tmp / "dist")
    assert [p.name for p in built] == [f"rallypoint-{__version__}-py3-none-any.whl", f"rallypoint-{__version__}.tar.gz"]
    return {"wheel": built[0], "sdist": built[1]}


def _data_files(folder: Path) -> set[str]:
    return {
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"
    }


def test_the_version_lives_in_one_place():
    assert "version" not in PYPROJECT["project"] and PYPROJECT["project"]["dynamic"] == ["version"]
    assert SETUPTOOLS["dynamic"]["version"] == {"attr": "rallypoint.__version__"}
    assert Version(__version__) and str(Version(__version__)) == __version__  # normalised, as PyPI shows it


def test_the_distributions_pass_twine_check(dist):
    done = subprocess.run(
        [str(BIN / "twine"), "check", "--strict", str(dist["wheel"]), str(dist["sdist"])],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("PASSED") == 2, done.stdout


def test_the_wheel_holds_the_code_every_template_and_starter_file_and_its_metadata(dist):
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = set(wheel.namelist())
        metadata = email.message_from_bytes(wheel.read(f"rallypoint-{__version__}.dist-info/METADATA"))
        entry_points = wheel.read(f"rallypoint-{__version__}.dist-info/entry_points.txt").decode()
    code = REPO / "tooling/rallypoint"
    assert {f"rallypoint/{name}" for name in _data_files(code)} <= names
    assert {f"rallypoint/site_templates/{name}" for name in _data_files(REPO / "site_templates")} <= names
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    assert metadata["Name"] == "rallypoint" and metadata["Version"] == __version__
    assert metadata["License-Expression"] == "MIT" and metadata["Requires-Python"] == ">=3.11"
    assert metadata["Description-Content-Type"] == "text/markdown" and "# rallypoint" in metadata.get_payload()
    required = [Requirement(r) for r in metadata.get_all("Requires-Dist") if "extra ==" not in r]
    assert sorted(map(str, required)) == sorted(str(Requirement(r)) for r in PYPROJECT["project"]["dependencies"])
    assert "rallypoint = rallypoint.cli:main" in entry_points
    assert "rallypoint = rallypoint.site.plugin:RallypointPlugin" in entry_points


def test_the_sdist_builds_the_same_package_and_carries_the_changelog(dist):
    with tarfile.open(dist["sdist"]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    assert {"pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "PKG-INFO"} <= names
    assert {f"site_templates/{n}" for n in _data_files(REPO / "site_templates")} <= names


def test_new_template_folders_and_dotfiles_ship_without_touching_pyproject(tmp_path):
    sources = _sources(tmp_path / "src")
    (sources / "site_templates/locales/fr").mkdir(parents=True)
    (sources / "site_templates/locales/fr/messages.po").write_text('msgid "Home"\nmsgstr "Accueil"\n')
    (sources / "tooling/rallypoint/workflow/starter/github/.hidden.yml.jinja").write_text("x: 1\n")
    (wheel,) = _build(sources, tmp_path / "dist", "--wheel")
    names = zipfile.ZipFile(wheel).namelist()
    assert "rallypoint/site_templates/locales/fr/messages.po" in names
    assert "rallypoint/workflow/starter/github/.hidden.yml.jinja" in names


def _fresh_environment(root: Path) -> Path:
    """A virtual environment with no rallypoint in it, whose Python also sees this environment's
    installed libraries (and not its editable rallypoint), so that pip installs the wheel offline
    and checks that the dependencies it declares are met."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(root)], check=True)
    libraries = root.parent / "libraries"
    libraries.mkdir()
    here = Path(sysconfig.get_paths()["purelib"])
    for entry in here.iterdir():
        if not re.match(r"(rallypoint|__editable__)|.*\.pth$|__pycache__$", entry.name):
            (libraries / entry.name).symlink_to(entry)
    python = root / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    (Path(purelib) / "libraries.pth").write_text(f"{libraries}\n")
    return python


@pytest.mark.slow
def test_the_wheel_in_a_fresh_environment_starts_checks_and_builds_a_community(dist, tmp_path):
    python = _fresh_environment(tmp_path / "venv")
    install = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", "--find-links",
         str(dist["wheel"].parent), "rallypoint"],
        capture_output=True,
        text=True,
    )  # fmt: skip
    assert install.returncode == 0, install.stdout + install.stderr
    rallypoint = python.parent / "rallypoint"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}

    def run(*args: str) -> str:
        done = subprocess.run([str(rallypoint), *args], cwd=tmp_path, env=env, capture_output=True, text=True)
        assert done.returncode == 0, f"rallypoint {' '.join(args)}\n{done.stdout}\n{done.stderr}"
        return done.stdout

    imported = subprocess.run(
        [str(python), "-c", "import rallypoint; print(rallypoint.__file__)"], cwd=tmp_path, env=env,
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert imported.startswith(str(tmp_path / "venv")), imported
    assert run("--version") == f"rallypoint, version {__version__}\n"
    run("init", "menders", "--no-input", "--handle", "ines", "--email", "ines@example.org")
    assert "no problems" in run("-C", "menders", "check")
    assert "up to date" in run("-C", "menders", "workflows", "--check")
    run("-C", "menders", "build", "--strict", "--site-dir", str(tmp_path / "site"))

    site = tmp_path / "site"
    assert (site / "assets/rallypoint.css").read_bytes() == (REPO / "site_templates/assets/rallypoint.css").read_bytes()
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.find("link", rel="alternate", type="application/atom+xml")  # from the theme overrides
    assert home.find("link", rel="stylesheet", href=re.compile(r"rallypoint\.css"))
    assert (site / "our-first-purpose/welcome/index.html").is_file() and (site / "feed.xml").is_file()


# The changelog and the GitHub release


def test_the_changelog_lists_releases_newest_first_each_for_contributors_maintainers_and_readers():
    headings = re.findall(r"^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$", CHANGELOG, re.MULTILINE)
    assert headings[0] == ("Unreleased", "") or headings[0][0] == __version__
    released = [Version(v) for v, date in headings if v != "Unreleased"]
    assert released == sorted(released, reverse=True) and Version(__version__) >= released[0]
    assert all(date for v, date in headings if v != "Unreleased")
    for version, _ in headings:
        notes = release_notes(CHANGELOG.replace("## [Unreleased]", "## [Unreleased] - 2000-01-01"), version)
        assert notes and {"### Contributors", "### Maintainers", "### Readers"} <= set(notes.splitlines()), version
        assert f"[{version}]: https://" in CHANGELOG


def test_release_notes_are_the_versions_section_without_its_heading_or_the_links():
    notes = release_notes(CHANGELOG, "0.1.0")
    assert notes.startswith("The first version") and "## [" not in notes
    assert "### Readers" in notes and "]: https://" not in notes
    assert release_notes(CHANGELOG, "9.9.9") is None
    assert release_notes(CHANGELOG, "Unreleased") is None  # no date: not released


def test_a_tag_without_a_changelog_section_is_refused():
    script = REPO / "tooling/release_notes.py"
    missing = subprocess.run([sys.executable, str(script), "v9.9.9"], capture_output=True, text=True)
    assert missing.returncode == 1 and "no section `## [9.9.9] - YYYY-MM-DD`" in missing.stderr
    assert missing.stdout == ""
    found = subprocess.run([sys.executable, str(script), "v0.1.0"], capture_output=True, text=True)
    assert found.returncode == 0 and found.stdout == release_notes(CHANGELOG, "0.1.0")
