"""Build the site: check, read history, run a real mkdocs-material build, swap it in atomically.

The build happens in a temporary folder beside the target; only a finished build replaces
the previous site, so a failed or interrupted build leaves the published one as it was.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

from .. import catalogue as rp
from ..diagnostics import Diagnostic, count_errors
from ..errors import BuildFailed
from ..history.log import History, read_history
from ..model.community import load_community
from ..model.layout import FOLDERS
from ..model.records import CheckResult

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


class BuildError(BuildFailed):
    """MkDocs failed; the previous site is untouched."""


@dataclass(frozen=True)
class BuildResult:
    diagnostics: tuple[Diagnostic, ...]
    files_checked: int
    site_dir: Path | None  # None when the checks stopped the build
    pages: int = 0

    @property
    def errors(self) -> int:
        return count_errors(self.diagnostics)


def mkdocs_config(
    root: Path, community_name: str, site_url: str | None, repo_url: str | None, docs_dir: Path, site_dir: Path
) -> dict:
    """The mkdocs.yml that ``rallypoint build`` and ``serve`` use."""
    config = {
        "site_name": community_name or "Community",
        "docs_dir": str(docs_dir),
        "site_dir": str(site_dir),
        "use_directory_urls": True,
        "theme": {
            "name": "material",
            "features": [
                "navigation.tabs",
                "navigation.top",
                "search.suggest",
                "search.highlight",
                "content.code.copy",
            ],
            "palette": [
                {
                    "media": "(prefers-color-scheme: light)",
                    "scheme": "default",
                    "primary": "teal",
                    "accent": "amber",
                    "toggle": {"icon": "material/weather-night", "name": "Dark mode"},
                },
                {
                    "media": "(prefers-color-scheme: dark)",
                    "scheme": "slate",
                    "primary": "teal",
                    "accent": "amber",
                    "toggle": {"icon": "material/weather-sunny", "name": "Light mode"},
                },
            ],
        },
        "plugins": ["search", {"rallypoint": {"root": str(root)}}],
        "markdown_extensions": ["toc", "tables", "admonition"],
    }
    if site_url:
        config["site_url"] = site_url
    if repo_url:
        config["repo_url"] = repo_url
    return config


@contextlib.contextmanager
def _source_date_epoch(history: History) -> Iterator[None]:
    old = os.environ.get("SOURCE_DATE_EPOCH")
    if history.last_timestamp is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(history.last_timestamp)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = old


@contextlib.contextmanager
def _quiet_mkdocs(verbose: bool) -> Iterator[None]:
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    try:
        yield
    finally:
        logger.setLevel(level)


def _swap_in(built: Path, target: Path) -> None:
    """Replace ``target`` by ``built`` with two renames on the same file system."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.rename(target, old)
    os.rename(built, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _load_for_build(start: Path, strict: bool) -> tuple[CheckResult, History, tuple[Diagnostic, ...]]:
    """The checks a build runs first, plus history warnings; ``strict`` makes warnings errors."""
    result = load_community(start)
    root = Path(result.community.root)
    history = read_history(root, result.community.settings.bots)
    found = list(result.diagnostics)
    if history.shallow:
        found.append(
            rp.SHALLOW_HISTORY.at(
                ".git",
                1,
                1,
                "the clone is shallow, so authors and dates come from part of the "
                "history; fetch it all (actions/checkout with fetch-depth: 0)",
            )
        )
    return result, history, tuple(sorted(_strictly(found, strict)))


def _strictly(diagnostics: list[Diagnostic], strict: bool) -> list[Diagnostic]:
    """Under --strict, every warning is an error that says why."""
    if not strict:
        return diagnostics
    return [x.escalated("--strict") if x.severity == "warning" else x for x in diagnostics]


def _site_target(root: Path, site_dir: Path | None) -> Path:
    """Where the site goes; BuildError when it would land on the community's own files."""
    target = (site_dir or root / "site").resolve()
    for folder in (*FOLDERS, ".git"):
        if target == root / folder or (root / folder) in target.parents or target in (root, *root.parents):
            raise BuildError(
                f"the site cannot go to {target}: it would overwrite the community's own "
                "files; choose a folder outside content/, purposes/, contributors/ and .git"
            )
    return target


def _run_mkdocs(
    config_file: Path,
    result: CheckResult,
    history: History,
    *,
    progress: Progress | None,
    verbose: bool,
    parallel: bool,
):
    """Run MkDocs on ``config_file`` with the checked community handed to the plugin; the plugin."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with _quiet_mkdocs(verbose), _source_date_epoch(history):
        config = load_config(str(config_file))
        plugin = config.plugins["rallypoint"]
        plugin.preload(result, history)
        plugin.progress = progress
        plugin.parallel = parallel
        try:
            build(config)
        except SystemExit as exc:  # mkdocs aborts with SystemExit on some errors
            raise BuildError(f"mkdocs stopped (exit {exc.code})") from None
        except Exception as exc:
            raise BuildError(f"{type(exc).__name__}: {exc}") from exc
    return plugin


def build_site(
    start: Path,
    site_dir: Path | None = None,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    verbose: bool = False,
    parallel: bool = True,
) -> BuildResult:
    """Check the community and, when it has no errors, build its site into ``site_dir``.

    ``parallel`` renders page bodies in worker processes while MkDocs builds; the output is
    the same either way.
    """
    if progress:
        progress("Checking", 0, 1)
    result, history, found = _load_for_build(start, strict)
    root = Path(result.community.root)
    if count_errors(found):
        return BuildResult(found, result.files_checked, None)
    target = _site_target(root, site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    try:
        (work / "docs").mkdir()
        config_file = work / "mkdocs.yml"
        settings = result.community.settings
        config_file.write_text(
            yaml.safe_dump(
                mkdocs_config(root, settings.name, settings.site_url, settings.repo_url, work / "docs", work / "site")
            )
        )
        plugin = _run_mkdocs(config_file, result, history, progress=progress, verbose=verbose, parallel=parallel)
        pages = len(plugin.pages.pages) if plugin.pages else 0
        guarded = _strictly(
            [
                rp.RENDER_GUARD.at(plugin.bodies.path_of(key), 1, 1, f"{why}; the page shows it as plain text")
                for key, why in sorted(plugin.bodies.problems.items())
            ],
            strict,
        )
        found = tuple(sorted((*found, *guarded)))
        if strict and guarded:
            return BuildResult(found, result.files_checked, None)
        _swap_in(work / "site", target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BuildResult(found, result.files_checked, target, pages)


def serve_site(start: Path, dev_addr: str = "127.0.0.1:8000", *, open_browser: bool = False) -> tuple[Diagnostic, ...]:
    """Preview with live reload; returns the diagnostics when errors stop it from starting."""
    from mkdocs.commands.serve import serve

    result = load_community(start)
    if result.errors:
        return result.diagnostics
    root = Path(result.community.root)
    settings = result.community.settings
    with tempfile.TemporaryDirectory(prefix="rallypoint-serve-") as work:
        work_path = Path(work)
        (work_path / "docs").mkdir()
        config_file = work_path / "mkdocs.yml"
        config = mkdocs_config(
            root, settings.name, settings.site_url, settings.repo_url, work_path / "docs", work_path / "site"
        )
        config_file.write_text(yaml.safe_dump(config))
        serve(config_file=str(config_file), livereload=True, dev_addr=dev_addr, open_in_browser=open_browser)
    return ()
