"""Build the site: check, read history, run an engine (mkdocs-material or Zensical), swap it in atomically.

The build happens in a temporary folder beside the target; only a finished build replaces
the previous site, so a failed or interrupted build leaves the published one as it was.
With the Material engine, a build reuses what the last one made (:mod:`.cache`, in
``.rallypoint-cache/``), and ``shard`` builds one part of the site (:mod:`.shards`) that
:func:`merge_sites` joins with the others.
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .. import catalogue as rp
from ..diagnostics import Diagnostic, count_errors
from ..history.log import History, read_history
from ..model.community import community_settings, find_community_root, forget_parsed_data, load_community
from ..model.layout import FOLDERS
from ..model.records import CheckResult
from .cache import LastBuild, PageCache, inputs_fingerprint, site_fingerprint, survey
from .cache_stages import cached_history
from .engines import BuildError, BuildJob, BuiltSite, Progress, load_engine
from .redirects import renamed_link_problems, with_renames, without_renamed_notices
from .search import Indexing, start_index
from .selection import Selection
from .shards import MergeError, Shard, check_parts, finish_part, join_parts, part_fingerprint

__all__ = ["BuildError", "BuildResult", "Shard", "build_site", "merge_sites", "serve_site"]

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
    reused: int = 0
    """Pages written from the build cache (all of them when nothing changed since the last build)."""

    @property
    def errors(self) -> int:
        return count_errors(self.diagnostics)


LATEST_EPOCH = 2**32 - 1
"""The latest time gzip can stamp (2106): MkDocs gzips the sitemap with SOURCE_DATE_EPOCH."""


@contextlib.contextmanager
def _source_date_epoch(history: History) -> Iterator[None]:
    """The newest commit's time as SOURCE_DATE_EPOCH, so a build of one commit is byte-identical
    to any other; a commit dated past 2106 (a wrong clock) is taken as 2106."""
    old = os.environ.get("SOURCE_DATE_EPOCH")
    if history.last_timestamp is not None:
        os.environ["SOURCE_DATE_EPOCH"] = str(min(history.last_timestamp, LATEST_EPOCH))
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
    start: Path, strict: bool, site_url: str | None = None, cache: bool = False
) -> tuple[CheckResult, History, tuple[Diagnostic, ...]]:
    """The checks a build runs first, plus history warnings; ``strict`` makes warnings errors.
    With ``cache``, the history of the same HEAD comes from the build cache."""
    root = find_community_root(start)
    reading = cached_history if cache else read_history
    bots = community_settings(root).bots
    # git log runs on the other core while this one reads and checks the files.
    with ThreadPoolExecutor(1, thread_name_prefix="history") as pool:
        pending = pool.submit(reading, root, bots)
        result = with_site_url(load_community(start, cache=cache), site_url)
        history = pending.result()
    if result.community.settings.bots != bots:
        history = reading(root, result.community.settings.bots)
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
    cache: bool = True,
    shard: Shard | None = None,
) -> BuildResult:
    """Check the community and, when it has no errors, build its site into ``site_dir``.

    ``engine`` (``material`` or ``zensical``) overrides community.yml's ``build.engine``, and
    ``site_url`` its ``site_url`` (the address feeds and the sitemap make their links absolute with).
    ``parallel`` renders page bodies in worker processes; the output is the same either way.
    ``cache`` reuses and refreshes ``.rallypoint-cache/`` (Material only); ``shard`` builds
    that part of the site only, with a manifest for :func:`merge_sites`.
    """
    if progress:
        progress("Checking", 0, 1)
    root = find_community_root(start)
    target = _site_target(root, site_dir)
    options = {"engine": engine, "strict": strict, "site_url": site_url, "site": str(target)}
    inputs = inputs_fingerprint(root, options) if cache and shard is None else None
    unchanged = _unchanged(root, inputs, target)
    if unchanged is not None:
        return unchanged
    result, history, found = _load_for_build(start, strict, site_url, cache)
    if count_errors(found):
        return BuildResult(found, result.files_checked, None)
    forget_parsed_data(result.community)
    name = engine or result.community.settings.engine
    if shard is not None and name != "material":
        raise BuildError(f"sharded builds need the material engine, not {name}; build with --engine material")
    runner = load_engine(name)
    selection = Selection(PageCache(root) if cache and name == "material" else None, shard)
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))
    try:
        search = _Search(root, work / "site", selection.shared, cache, progress)
        job = BuildJob(
            root,
            result,
            history,
            work,
            progress=progress,
            verbose=verbose,
            parallel=parallel,
            selection=selection,
            assembled=search.start,
        )
        with _source_date_epoch(history), search:
            built = runner.build(job)
            search.finish(built)
        found, size, fingerprint = _after_build(built, found, strict, shard is None)
        if strict and count_errors(found):
            return BuildResult(found, result.files_checked, None)
        if shard is not None:
            fingerprint = part_fingerprint(root, options)
            finish_part(built.site, shard, fingerprint, selection.pages, selection.written, selection.foreign)
        _swap_in(built.site, target)
        if selection.cache is not None:
            selection.cache.commit()
    finally:
        selection.abandon()
        shutil.rmtree(work, ignore_errors=True)
    url = result.community.settings.site_url
    if inputs is not None:
        # The renames that swapped the site in keep each file's inode and times: the fingerprint
        # taken in the work folder is the target's.
        LastBuild(inputs, str(target), fingerprint, found, result.files_checked, built.pages, size, url).save(root)
    return BuildResult(found, result.files_checked, target, built.pages, size, url, selection.reused_pages)


SEARCH_BESIDE_UNTIL = 30_000
"""Contributions up to which the search index is written beside the pages, in a process of its
own; past them, after the pages, in this one (see :class:`_Search`)."""


class _Search:
    """Pagefind's index, from the model, whichever the engine, by the first shard only. With
    the cache, each part whose records did not change is reused.

    It is started as soon as the engine has assembled the site, so that it is written beside the
    pages, in a process of its own. That process ends up with its own copy of what it reads of
    the model (reading an object writes its reference count), which a large community pays for in
    memory: at 100,000 contributions about 1 GB, a third of the build's peak. So past
    :data:`SEARCH_BESIDE_UNTIL` contributions it is written once the pages are, in this process.
    """

    def __init__(self, root: Path, site: Path, wanted: bool, cache: bool, progress: Progress | None = None) -> None:
        self.root, self.site, self.wanted, self.cache = root, site, wanted, cache
        self.progress = progress
        self.indexing: Indexing | None = None

    def start(self, content, *, last: bool = False) -> None:
        beside = len(content.bodies.community.contributions) <= SEARCH_BESIDE_UNTIL
        if self.wanted and self.indexing is None and (beside or last):
            cache_root = self.root if self.cache else None
            # After the pages, the build waits for the index: say how far it is.
            heard = partial(self.progress, "Indexing search") if self.progress and not beside else None
            self.indexing = start_index(content, self.site, cache_root=cache_root, apart=beside, progress=heard)

    def finish(self, built: BuiltSite) -> None:
        if not self.wanted:
            return
        self.start(built.content, last=True)
        self.indexing.wait()

    def __enter__(self) -> _Search:
        return self

    def __exit__(self, *exc) -> None:
        if self.indexing is not None:
            self.indexing.__exit__(*exc)  # stops it when the build failed before waiting


def _after_build(built: BuiltSite, found: tuple[Diagnostic, ...], strict: bool, whole: bool):
    """The build's diagnostics with the render guard's and the size's, the site's size, and its
    :func:`~.cache.site_fingerprint`."""
    guarded = _strictly(
        [rp.RENDER_GUARD.at(path, 1, 1, f"{why}; the page shows it as plain text") for path, why in built.unrendered],
        strict,
    )
    fingerprint, size = survey(built.site)
    if size > rp.PAGES_LIMIT and whole:
        guarded.extend(_strictly([rp.SITE_TOO_LARGE.at("community.yml", 1, 1, _too_large(size))], strict))
    return tuple(sorted((*found, *guarded))), size, fingerprint


def _unchanged(root: Path, inputs: str | None, target: Path) -> BuildResult | None:
    """The last build's result, when it read the same inputs and its site is there untouched."""
    if inputs is None:
        LastBuild.forget(root)
        return None
    last = LastBuild.load(root)
    if last is None or last.inputs != inputs or last.site_dir != str(target) or site_fingerprint(target) != last.site:
        return None
    log.debug("nothing changed since the last build of %s", target)
    return BuildResult(last.diagnostics, last.files_checked, target, last.pages, last.size, last.site_url, last.pages)


def merge_sites(parts: list[Path], site_dir: Path) -> int:
    """Join the parts of a sharded build into ``site_dir``, swapped in atomically; the files it has.

    MergeError (the previous site untouched) unless the parts are all N parts of one build.
    """
    found = check_parts([Path(p) for p in parts])
    target = site_dir.resolve()
    for part, _ in found:
        part = part.resolve()
        if part == target or target in part.parents or part in target.parents:
            raise MergeError(f"the merged site cannot go to {target}: it holds a part or is inside {part}")
    target.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{target.name}.merge-", dir=target.parent))
    try:
        join_parts(found, work / "site")
        _swap_in(work / "site", target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return sum(len(data["files"]) for _, data in found)


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
