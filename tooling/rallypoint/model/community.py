"""Load a community from disk: discover its files, read and validate each, make the model.

``load_community`` is the one entry point: it never raises for bad content; every problem
becomes a located diagnostic in the returned :class:`~rallypoint.model.CheckResult`.
"""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Mapping
from pathlib import Path

from packaging.specifiers import SpecifierSet

from .. import __version__
from .. import catalogue as rp
from ..diagnostics import Diagnostic
from ..errors import UsageProblem
from . import characters, layout, rules, schema, source
from .parse_cache import ParseCache, Record
from .records import DEFAULT_MAX_FILE_BYTES, CheckResult, Community, Contribution, Contributor, Purpose, Settings
from .source import Document, ReadError

log = logging.getLogger(__name__)


class NotACommunity(UsageProblem):
    """No community.yml at or above the folder given."""


def _read(root: Path, rel: str, limit: int, markdown: bool) -> tuple[Document | None, list[Diagnostic]]:
    try:
        raw, size = _raw(root, rel, limit)
    except OSError as exc:
        return None, [_unreadable(rel, exc)]
    return _parse(rel, raw, size, limit, markdown)


def _raw(root: Path, rel: str, limit: int) -> tuple[bytes, int]:
    """A file's bytes (none past ``limit``: it is too large) and its size."""
    with open(f"{root}/{rel}", "rb") as handle:  # not a Path: 10,000 of them show
        size = os.fstat(handle.fileno()).st_size
        return (handle.read(limit + 1) if size <= limit else b""), size


def _unreadable(rel: str, exc: OSError) -> Diagnostic:
    return rp.UNREADABLE.at(rel, 1, 1, f"cannot read the file: {exc.strerror}; make it readable or remove it")


def _parse(rel: str, raw: bytes, size: int, limit: int, markdown: bool) -> tuple[Document | None, list[Diagnostic]]:
    try:
        if size > limit:
            raise ReadError([source.too_large(rel, size, limit)])
        doc = (source.read_markdown if markdown else source.read_yaml)(rel, raw, limit)
        return doc, list(doc.problems)
    except ReadError as exc:
        return None, exc.diagnostics


def _settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    doc, problems = _read(root, layout.COMMUNITY_FILE, DEFAULT_MAX_FILE_BYTES, markdown=False)
    if doc is None:
        return schema.record("community", {}, path=layout.COMMUNITY_FILE, doc=None), problems
    data, more = schema.validate(layout.COMMUNITY_FILE, doc, "community")
    return schema.record("community", data, path=layout.COMMUNITY_FILE, doc=doc), problems + more


def community_settings(root: Path) -> Settings:
    """community.yml's settings alone (defaults where it is missing or wrong: ``load_community``
    reports why), for work that can start before every file is read."""
    return _settings(root)[0]


def _record(
    file: layout.SourceFile, doc: Document, data: dict, aliases: Mapping[str, str]
) -> Purpose | Contribution | Contributor:
    """The record of a validated file: its declaration fills the fields, its place names it."""
    if file.role == "contributor":
        return schema.record("contributor", data, path=file.path, doc=doc, handle=file.stem)
    page = {"path": file.path, "doc": doc, "body": doc.body, "body_line": doc.body_line}
    if file.role == "purpose":
        return schema.record("purpose", data, id=file.stem, **page)
    # Aliases are the community's, not the file's, so the declaration cannot resolve them.
    tags: list[str] = []
    for tag in data.get("tags", ()):
        tag = aliases.get(tag, tag)
        if tag not in tags:
            tags.append(tag)
    return schema.record("contribution", data, purpose=file.purpose, slug=file.stem, tags=tuple(tags), **page)


def load_community(start: Path, *, cache: bool = False) -> CheckResult:
    """Read, validate and cross-check the community whose root is at or above ``start``.

    With ``cache``, each file unchanged since the last such load is not parsed and validated
    again (:mod:`.parse_cache`, in ``.rallypoint-cache/``); the result is the same.
    """
    # Loading allocates a few hundred thousand containers and makes no reference cycles;
    # left on, the cyclic collector walks them again and again (2.5x slower at 10,000 files).
    # Frozen afterwards, the loaded model is never walked by later collections either.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(start, cache)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def forget_parsed_data(community: Community) -> None:
    """Let go of each file's parsed YAML once the files are checked: the records hold what was
    read from it, and a problem's position comes from the file's text. A build needs nothing
    more, and at 100,000 contributions it is some 90 MB, in each process that reads it."""
    records = (community.purposes, community.contributions, community.contributors)
    for record in (community.settings, *(record for found in records for record in found.values())):
        if record.doc is not None:
            record.doc.data = None


def find_community_root(start: Path) -> Path:
    """The nearest folder from ``start`` upward that holds community.yml; NotACommunity if none."""
    root = layout.find_root(start)
    if root is None:
        raise NotACommunity(f"no {layout.COMMUNITY_FILE} in {start} or any folder above it")
    return root


def _load(start: Path, cache: bool = False) -> CheckResult:
    root = find_community_root(start)
    settings, problems = _settings(root)
    problems += _version_problems(settings)
    files, layout_problems = layout.discover(root)
    problems += layout_problems
    purposes: dict[str, Purpose] = {}
    contributions: dict[str, Contribution] = {}
    contributors: dict[str, Contributor] = {}
    images: list[str] = []
    limit = settings.max_file_bytes
    kept = ParseCache(root, limit, settings.tag_aliases) if cache else None
    for file in files:
        if file.role == "image":
            images.append(file.path)
            continue
        made, found = _outcome(root, file, limit, settings.tag_aliases, kept)
        problems += found
        if made is None:
            continue
        if file.role == "purpose":
            purposes[file.stem] = made
        elif file.role == "contribution":
            contributions[made.key] = made
        else:
            contributors[file.stem] = made
    if kept is not None:
        kept.save()
    community = Community(str(root), settings, purposes, contributions, contributors, tuple(images))
    problems += rules.find_problems(community)
    if (root / "site_templates" / "locales").is_dir():
        from ..site.i18n import translation_problems  # Babel, only for communities with catalogues

        problems += translation_problems(root)
    return CheckResult(community, tuple(sorted(set(problems))), len(files) + 1)


def _outcome(
    root: Path, file: layout.SourceFile, limit: int, aliases: Mapping[str, str], kept: ParseCache | None
) -> tuple[Record | None, list[Diagnostic]]:
    """One file's record (None when it has none) and the problems it has on its own; from the
    parse cache when the file's bytes are the ones it was kept for."""
    try:
        raw, size = _raw(root, file.path, limit)
    except OSError as exc:
        return None, [_unreadable(file.path, exc)]
    if kept is None:
        return _file_outcome(file, raw, size, limit, aliases)
    key = kept.key(file, raw, size)
    found = kept.get(file, key, raw)
    if found is None:
        found = _file_outcome(file, raw, size, limit, aliases)
        kept.put(file.path, key, found)
    return found


def _file_outcome(
    file: layout.SourceFile, raw: bytes, size: int, limit: int, aliases: Mapping[str, str]
) -> tuple[Record | None, list[Diagnostic]]:
    doc, problems = _parse(file.path, raw, size, limit, markdown=file.role != "contributor")
    if doc is None:
        return None, problems
    if doc.body:
        problems += characters.body_problems(file.path, doc.body, doc.body_line)
    misplaced = _misplaced(file, doc)
    if misplaced is not None:
        return None, [*problems, misplaced]
    data, found = schema.validate(file.path, doc, file.role)
    return _record(file, doc, data, aliases), problems + found


def _misplaced(file: layout.SourceFile, doc: Document) -> Diagnostic | None:
    """One clear diagnostic for a contribution among the charters, or a charter among the
    contributions, instead of every key the other kind does not have."""
    data = doc.data
    kind = data.get("kind")
    if file.role == "purpose" and isinstance(kind, str) and kind in schema.KINDS:
        line, column = doc.key_at(("kind",))
        return rp.MISPLACED.at(
            file.path,
            line,
            column,
            f"this is a contribution (`kind: {kind}`), not a charter; contributions go in "
            f"content/<purpose-id>/{file.stem}.md: move it to the folder of the purpose it serves",
            key_path="kind",
            fix=f"git mv {file.path} content/<purpose-id>/{file.stem}.md",
        )
    if file.role == "contribution" and "kind" not in data and {"maintainers", "started"} <= data.keys():
        line, column = doc.key_at(("maintainers",))
        return rp.MISPLACED.at(
            file.path,
            line,
            column,
            f"this is a purpose charter (it has `maintainers` and `started`), not a contribution; charters "
            f"go in purposes/<id>.md: move it to purposes/{file.stem}.md",
            key_path="maintainers",
            fix=f"git mv {file.path} purposes/{file.stem}.md",
        )
    return None


def _version_problems(settings: Settings) -> list[Diagnostic]:
    """RP601 when the installed rallypoint is not a release the community ``requires``."""
    if not settings.requires or SpecifierSet(settings.requires).contains(__version__, prereleases=True):
        return []
    install = f'pip install "rallypoint{settings.requires}"'
    return [
        settings.problem(
            rp.VERSION_MISMATCH,
            ("requires",),
            f"this community requires rallypoint {settings.requires}, but {__version__} is installed: install "
            f"a release it allows ({install}), or change `requires` after reading the changelog; until then, "
            "any other problem reported may come from the version",
            fix=install,
        )
    ]


class OutsideCommunity(UsageProblem):
    """A path given on the command line is not inside the community."""


def check_community(start: Path, paths: tuple[Path, ...] = ()) -> CheckResult:
    """Validate the whole community; with ``paths``, keep the diagnostics of those files or folders.

    Cross-file rules always see the whole community, so checking one file still catches an
    author who has no profile or a link to a page that does not exist.
    """
    result = load_community(start)
    if result.community is not None:
        from ..history.claims import rewritten_since_head  # git, and only for `check`

        if rewritten := rewritten_since_head(result.community):
            result = CheckResult(result.community, (*result.diagnostics, *rewritten), result.files_checked)
    if not paths:
        return result
    root = Path(result.community.root)
    wanted: list[str] = []
    for path in paths:
        absolute = (path if path.is_absolute() else Path.cwd() / path).resolve()
        try:
            rel = absolute.relative_to(root).as_posix()
        except ValueError:
            raise OutsideCommunity(f"{path} is not inside the community at {root}") from None
        if not absolute.exists():
            raise OutsideCommunity(f"{path} does not exist")
        wanted.append("" if rel == "." else rel)

    def selected(rel: str) -> bool:
        return any(not w or rel == w or rel.startswith(w + "/") for w in wanted)

    all_files = [
        layout.COMMUNITY_FILE,
        *(p.path for p in result.community.purposes.values()),
        *(c.path for c in result.community.contributions.values()),
        *(p.path for p in result.community.contributors.values()),
    ]
    return CheckResult(
        result.community,
        # The version explains every other problem, whichever files were asked about.
        tuple(x for x in result.diagnostics if selected(x.path) or x.rule == rp.VERSION_MISMATCH.id),
        sum(1 for f in all_files if selected(f)),
    )
