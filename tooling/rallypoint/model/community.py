"""Load a community from disk: discover its files, read and validate each, make the model.

``load_community`` is the one entry point: it never raises for bad content; every problem
becomes a located diagnostic in the returned :class:`~rallypoint.model.CheckResult`.
"""
from __future__ import annotations

import gc
import logging
import os
from pathlib import Path

from .. import catalogue as rp
from . import layout
from . import rules
from . import schema
from . import source
from ..diagnostics import Diagnostic
from .records import (DEFAULT_MAX_FILE_BYTES, CheckResult, Community, Contribution, Contributor,
                    Goal, Purpose, Settings)
from .source import Document, ReadError

log = logging.getLogger(__name__)


class NotACommunity(Exception):
    """No community.yml at or above the folder given."""


def _read(root: Path, rel: str, limit: int, markdown: bool) -> tuple[Document | None, list[Diagnostic]]:
    try:
        with open(root / rel, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            raw = handle.read(limit + 1) if size <= limit else b""
        if size > limit:
            raise ReadError([source.too_large(rel, size, limit)])
        doc = (source.read_markdown if markdown else source.read_yaml)(rel, raw, limit)
        return doc, list(doc.problems)
    except ReadError as exc:
        return None, exc.diagnostics
    except OSError as exc:
        return None, [rp.UNREADABLE.at(rel, 1, 1, f"cannot read the file: {exc.strerror}; make it readable or remove it")]


def _settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    doc, problems = _read(root, layout.COMMUNITY_FILE, DEFAULT_MAX_FILE_BYTES, markdown=False)
    if doc is None:
        return Settings(layout.COMMUNITY_FILE), problems
    data, more = schema.validate(layout.COMMUNITY_FILE, doc, "community")
    tags = data.get("tags", {})
    allowed = tags.get("allowed")
    return Settings(
        layout.COMMUNITY_FILE, doc,
        name=data.get("name", ""),
        description=data.get("description", ""),
        site_url=data.get("site_url"),
        repo_url=data.get("repo_url"),
        maintainers=tuple(data.get("maintainers", ())),
        tag_aliases=dict(tags.get("aliases", {})),
        allowed_tags=frozenset(allowed) if allowed is not None else None,
        bots=tuple(data.get("bots", ())),
        max_file_bytes=data.get("limits", {}).get("max_file_bytes", DEFAULT_MAX_FILE_BYTES),
    ), problems + more


def _purpose(file: layout.SourceFile, doc: Document, data: dict) -> Purpose:
    goals = tuple(
        Goal(g["id"], g.get("title", ""), g.get("target", {}).get("count"),
             g.get("target", {}).get("kind"), g.get("target", {}).get("tag"), g.get("due"))
        for g in data.get("goals", ()) if "id" in g
    )
    return Purpose(file.path, doc, id=file.stem, title=data.get("title", file.stem),
                   summary=data.get("summary", ""), status=data.get("status", "active"),
                   maintainers=tuple(data.get("maintainers", ())), started=data.get("started", ""),
                   accepts=tuple(data.get("accepts", schema.KINDS)), goals=goals,
                   body=doc.body, body_line=doc.body_line)


def _contribution(file: layout.SourceFile, doc: Document, data: dict, aliases: dict) -> Contribution:
    tags: list[str] = []
    for tag in data.get("tags", ()):
        tag = aliases.get(tag, tag)
        if tag not in tags:
            tags.append(tag)
    kind = data.get("kind", "")
    return Contribution(
        file.path, doc, purpose=file.purpose, slug=file.stem, title=data.get("title", file.stem),
        kind=kind, authors=tuple(data.get("authors", ())), date=data.get("date", ""),
        tags=tuple(tags), goals=tuple(data.get("goals", ())), summary=data.get("summary"),
        url=data.get("url"), accepted=data.get("accepted"), answers=data.get("answers"),
        status=data.get("status", "proposed") if kind == "idea" else None,
        endorsed_by=tuple(data.get("endorsed_by", ())), body=doc.body, body_line=doc.body_line,
    )


def _contributor(file: layout.SourceFile, doc: Document, data: dict) -> Contributor:
    return Contributor(file.path, doc, handle=file.stem, name=data.get("name", file.stem),
                       github=data.get("github", file.stem), emails=tuple(data.get("emails", ())),
                       bio=data.get("bio"), links=tuple(data.get("links", ())))


def load_community(start: Path) -> CheckResult:
    """Read, validate and cross-check the community whose root is at or above ``start``."""
    # Loading allocates a few hundred thousand containers and makes no reference cycles;
    # left on, the cyclic collector walks them again and again (2.5x slower at 10,000 files).
    # Frozen afterwards, the loaded model is never walked by later collections either.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(start)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _load(start: Path) -> CheckResult:
    root = layout.find_root(start)
    if root is None:
        raise NotACommunity(f"no {layout.COMMUNITY_FILE} in {start} or any folder above it")
    settings, problems = _settings(root)
    files, layout_problems = layout.discover(root)
    problems += layout_problems
    purposes: dict[str, Purpose] = {}
    contributions: dict[str, Contribution] = {}
    contributors: dict[str, Contributor] = {}
    images: list[str] = []
    limit = settings.max_file_bytes
    for file in files:
        if file.role == "image":
            images.append(file.path)
            continue
        doc, found = _read(root, file.path, limit, markdown=file.role != "contributor")
        problems += found
        if doc is None:
            continue
        data, found = schema.validate(file.path, doc, file.role)
        problems += found
        if file.role == "purpose":
            purposes[file.stem] = _purpose(file, doc, data)
        elif file.role == "contribution":
            c = _contribution(file, doc, data, settings.tag_aliases)
            contributions[c.key] = c
        else:
            contributors[file.stem] = _contributor(file, doc, data)
    community = Community(str(root), settings, purposes, contributions, contributors, tuple(images))
    problems += rules.check_community(community)
    return CheckResult(community, tuple(sorted(set(problems))), len(files) + 1)


class OutsideCommunity(Exception):
    """A path given on the command line is not inside the community."""


def check(start: Path, paths: tuple[Path, ...] = ()) -> CheckResult:
    """Validate the whole community; with ``paths``, keep the diagnostics of those files or folders.

    Cross-file rules always see the whole community, so checking one file still catches an
    author who has no profile or a link to a page that does not exist.
    """
    result = load_community(start)
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

    all_files = [layout.COMMUNITY_FILE, *(p.path for p in result.community.purposes.values()),
                 *(c.path for c in result.community.contributions.values()),
                 *(p.path for p in result.community.contributors.values())]
    return CheckResult(result.community, tuple(x for x in result.diagnostics if selected(x.path)),
                       sum(1 for f in all_files if selected(f)))
