"""Build the site: check, read history, run an engine (mkdocs-material or Zensical), swap it in atomically.

The build happens in a temporary folder beside the target; only a finished build replaces
the previous site, so a failed or interrupted build leaves the published one as it was.
Which engine runs is the caller's choice, else community.yml's ``build.engine``, else
Material (:mod:`rallypoint.site.engines`).
"""

from __future__ import annotations

import contextlib
import dataclasses
import logging
import os
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .. import catalogue as rp
from ..diagnostics import Diagnostic, count_errors
from ..history.log import History, read_history
from ..model.community import load_community
from ..model.layout import FOLDERS
from ..model.records import CheckResult
from .engines import BuildError, BuildJob, Progress, load_engine
from .redirects import renamed_link_problems, with_renames, without_renamed_notices

__all__ = ["BuildError", "BuildResult", "build_site", "serve_site"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BuildResult:
    diagnostics: tuple[Diagnostic, ...]
    files_checked: int
    site_dir: Path | None  # None when the checks stopped the build
    pages: int = 0
    size: int = 0
    """Bytes of every file of the built site."""
    site_url: str | None = None  # the address feeds and the sitemap link with; None: relative links

    @property
    def errors(self) -> int:
        return count_errors(self.diagnostics)


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


def _swap_in(built: Path, target: Path) -> None:
    """Replace ``target`` by ``built`` with two renames on the same file system."""
    old = None
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.rename(target, old)
    os.rename(built, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def with_site_url(result: CheckResult, site_url: str | None) -> CheckResult:
    """``result`` with its community published at ``site_url`` (``--site-url`` beats community.yml)."""
    if not site_url or result.community is None:
        return result
    settings = dataclasses.replace(result.community.settings, site_url=site_url)
    return dataclasses.replace(result, community=dataclasses.replace(result.community, settings=settings))


def _load_for_build(
    start: Path, strict: bool, site_url: str | None = None
) -> tuple[CheckResult, History, tuple[Diagnostic, ...]]:
    """The checks a build runs first, plus history warnings; ``strict`` makes warnings errors."""
    result = with_site_url(load_community(start), site_url)
    root = Path(result.community.root)
    history = read_history(root, result.community.settings.bots)
    # Links written with a page's old name lead to it, with a warning instead of a wanted-page notice.
    found = without_renamed_notices(result.diagnostics, renamed_link_problems(with_renames(result.community, history)))
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


def build_site(
    start: Path,
    site_dir: Path | None = None,
    *,
    engine: str | None = None,
    strict: bool = False,
    progress: Progress | None = None,
    verbose: bool = False,
    parallel: bool = True,
    site_url: str | None = None,
) -> BuildResult:
    """Check the community and, when it has no errors, build its site into ``site_dir``.

    ``engine`` (``material`` or ``zensical``) overrides community.yml's ``build.engine``, and
    ``site_url`` its ``site_url`` (the address feeds and the sitemap make their links absolute with).
    ``parallel`` renders page bodies in worker processes; the output is the same either way.
    """
    if progress:
        progress("Checking", 0, 1)
    result, history, found = _load_for_build(start, strict, site_url)
    root = Path(result.community.root)
    if count_errors(found):
        return BuildResult(found, result.files_checked, None)
    runner = load_engine(engine or result.community.settings.engine)
    target = _site_target(root, site_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    try:
        job = BuildJob(root, result, history, work, progress=progress, verbose=verbose, parallel=parallel)
        with _source_date_epoch(history):
            built = runner.build(job)
        guarded = _strictly(
            [
                rp.RENDER_GUARD.at(path, 1, 1, f"{why}; the page shows it as plain text")
                for path, why in built.unrendered
            ],
            strict,
        )
        size = _size_of(built.site)
        if size > rp.PAGES_LIMIT:
            guarded.extend(_strictly([rp.SITE_TOO_LARGE.at("community.yml", 1, 1, _too_large(size))], strict))
        found = tuple(sorted((*found, *guarded)))
        if strict and guarded:
            return BuildResult(found, result.files_checked, None)
        _swap_in(built.site, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return BuildResult(found, result.files_checked, target, built.pages, size, result.community.settings.site_url)


def _size_of(folder: Path) -> int:
    return sum(path.stat().st_size for path in folder.rglob("*") if path.is_file() and not path.is_symlink())


def _too_large(size: int) -> str:
    return f"the site is {size / 1e9:.2f} GB, over GitHub Pages' limit of 1 GB"


def serve_site(start: Path, dev_addr: str = "127.0.0.1:8000", *, open_browser: bool = False, say=None) -> None:
    """Preview with live reload (with MkDocs, whichever engine publishes) until interrupted.

    ``say(kind, text)`` hears "Serving on …", each rebuild and each failure; while the
    community has errors, the browser shows them instead of the site.
    """
    from .engines import material

    community = load_community(start).community  # fails at once outside a community
    root = Path(community.root)
    with tempfile.TemporaryDirectory(prefix="rallypoint-serve-") as work:
        material.serve(root, community.settings, Path(work), dev_addr, open_browser, say or (lambda kind, text: None))
