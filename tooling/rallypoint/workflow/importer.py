"""``rallypoint import``: bring an existing site's Markdown into the community, with its history.

Each page of a docs folder, a Jekyll collection, a Hugo ``content/`` tree or a GitHub wiki is
moved to ``content/<purpose>/<slug>.md`` the way ``git mv`` moves it, so that git (and
:func:`~rallypoint.history.log.read_history`) follow it; its front matter is rewritten into the
model (:mod:`.import_fields`), its links to other imported pages become wikilinks
(:mod:`.import_links`), and everyone who wrote it gets a profile (:mod:`.import_people`). With
``commit``, the moves are one commit and the rewrites a second, so that every file is a pure
rename in the first and git's rename detection never has to guess; a third lists both in
``.git-blame-ignore-revs``, so that they are no one's edit (git blame, GitHub and the site's
history all pass over them).

Everything is worked out and checked before anything is touched: an import that would
overwrite a file, give two pages one slug, run over uncommitted changes or write a page
``check`` refuses stops with every reason, and the repository is as it was. A page's body is
kept byte for byte, apart from its rewritten links.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import logging
import os
import posixpath
import re
import shlex
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..addresses import CONTENT, CONTRIBUTORS, IMAGE_SUFFIXES, PURPOSES, RESERVED_PURPOSE_IDS
from ..errors import RallypointError, UsageProblem
from ..history.log import IGNORE_REVS, FileHistory, History, read_history
from ..history.repository import GitError, NotARepository, Repository
from ..model import schema, source
from ..model.community import find_community_root, load_community
from ..model.records import CheckResult
from ..model.schema import ID, KINDS, slugify
from .import_fields import Fields, read_fields
from .import_links import Linker, Target
from .import_people import People
from .import_report import ImportReport, yaml_scalar
from .import_sources import Community, Found, Page, find_pages, would_import

log = logging.getLogger(__name__)


class ImportRefused(RallypointError):
    """The import cannot go ahead as asked; nothing was moved or written."""

    def __init__(self, reasons: Sequence[str]) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)

    def explain(self) -> str:
        shown = self.reasons[:20]
        more = f"\n  ... and {len(self.reasons) - 20} more" if len(self.reasons) > 20 else ""
        return "Nothing was imported:\n" + "".join(f"  {r}\n" for r in shown) + more.lstrip("\n")


@dataclass
class _Plan:
    """Everything the import will do, worked out before anything is touched."""

    moves: list[tuple[str, str]] = field(default_factory=list)
    """(old, new) from the top of the repository: pages, then the images they show."""
    texts: dict[str, bytes] = field(default_factory=dict)
    """New content of moved pages, by their new path from the top."""
    created: dict[str, bytes] = field(default_factory=dict)
    """New files (profiles, the charter), by path from the top."""
    copies: list[tuple[str, str]] = field(default_factory=list)
    """(old, new) of images from outside the folders imported, copied: other pages may show them."""


def import_pages(
    start: Path,
    paths: Sequence[Path],
    purpose: str,
    kind: str | None = None,
    tags: Sequence[str] = (),
    commit: bool = False,
) -> ImportReport:
    """Import the Markdown under ``paths`` into ``purpose``; return what was done.

    ``kind`` is every page's kind (default: ``post`` for dated Jekyll posts, else ``article``);
    ``tags`` are added to every page. Raises :class:`ImportRefused` (nothing changed) when the
    import cannot be done as asked.
    """
    began = time.perf_counter()
    root = find_community_root(start)
    checked = load_community(root)
    _check_options(checked, purpose, kind, tags)
    repository = _repository(root)
    roots = [_from_top(repository, Path(p)) for p in paths]
    community = Community(_from_top(repository, root), frozenset({*checked.community.purposes, purpose}))
    files = repository.tracked([r or "." for r in roots])
    if not files:
        raise ImportRefused([f"git tracks no file under {', '.join(r or '.' for r in roots)}; commit the pages first"])
    found = find_pages(files, roots, lambda p: (repository.top / p).read_bytes(), community)
    report = ImportReport(purpose=purpose, roots=roots, skipped=found.skipped)
    history = read_history(root, checked.community.settings.bots, [_to_root(community, r) for r in roots])
    target = posixpath.join(community.folder, CONTENT, purpose)
    job = _Import(repository, checked, community, history, report, purpose, target)
    plan = _plan(job, found, kind, [slugify(t, 50) for t in tags])
    _apply(repository, plan, report, commit, purpose, roots)
    after = load_community(root)
    written = report.written_paths(community.folder)
    report.problems = [x for x in after.diagnostics if x.path in written]
    report.seconds = time.perf_counter() - began
    return report


def _check_options(checked: CheckResult, purpose: str, kind: str | None, tags: Sequence[str]) -> None:
    if not ID.fullmatch(purpose):
        raise UsageProblem(
            f"`{purpose}` is not a purpose id: use lowercase letters, digits and hyphens", answer="purpose"
        )
    if purpose in RESERVED_PURPOSE_IDS:
        raise UsageProblem(
            f"`{purpose}` is the name of one of the site's own sections; choose another", answer="purpose"
        )
    if kind is not None and kind not in KINDS:
        raise UsageProblem(f"`{kind}` is not a kind: one of {', '.join(KINDS)}", answer="kind")
    existing = checked.community.purposes.get(purpose)
    if existing is not None and kind is not None and kind not in existing.accepts:
        raise UsageProblem(f"purpose `{purpose}` does not accept {kind}s (see `accepts` in its charter)", answer="kind")
    for tag in tags:
        if not slugify(tag, 50):
            raise UsageProblem(f"tag `{tag}` has no letters or digits", answer="tags")


def _on_github(repo_url: str | None) -> bool:
    """Whether ``repo_url`` is a repository's page on GitHub, where ``/blob/HEAD/<path>`` shows a file."""
    return bool(repo_url) and re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+/?", repo_url) is not None


def _repository(root: Path) -> Repository:
    try:
        repository = Repository.find(root)
        head = repository.head()
    except NotARepository:
        raise UsageProblem(
            f"{root} is not in a git repository: import moves files with git so that history follows"
        ) from None
    except GitError as error:
        raise RallypointError(f"git failed: {error}") from None
    if head is None:
        raise UsageProblem("the repository has no commits yet: commit the pages to import first")
    return repository


def _from_top(repository: Repository, path: Path) -> str:
    absolute = path.resolve()
    if not absolute.exists():
        raise UsageProblem(f"{path} does not exist")
    try:
        relative = absolute.relative_to(repository.top).as_posix()
    except ValueError:
        raise UsageProblem(f"{path} is outside the repository at {repository.top}") from None
    return "" if relative == "." else relative


def _to_root(community: Community, path: str) -> str:
    """A path from the top, as the community's root names it (``../docs`` beside it)."""
    path = "" if path == "." else path
    relative = posixpath.relpath(path or ".", community.folder or ".")
    return relative if relative != "." else ""


@dataclass
class _Import:
    """What one import is about: the pages found, where they go, and what is known of them."""

    repository: Repository
    checked: CheckResult
    community: Community
    history: History
    report: ImportReport
    purpose: str
    target: str
    """The purpose's folder, from the top."""
    pages: list[Page] = field(default_factory=list)
    fields: dict[str, Fields] = field(default_factory=dict)

    def life(self, path: str) -> FileHistory | None:
        return self.history.files.get(_to_root(self.community, path))


def _plan(job: _Import, found: Found, kind: str | None, tags: list[str]) -> _Plan:
    _read(job, found)
    images = {i: posixpath.relpath(i, _root_of(i, job.report.roots)) for i in found.images}
    elsewhere = _images_elsewhere(job.repository, job.report.roots, job.community)
    targets = {p.path: Target(job.purpose, p.slug, job.fields[p.path].title, _stem(p.path)) for p in job.pages}
    addresses = {a: targets[path] for path, own in job.fields.items() for a in own.addresses}
    github = job.checked.community.settings.repo_url if _on_github(job.checked.community.settings.repo_url) else None
    files = frozenset(job.repository.tracked(["."])) if github else frozenset()
    linker = Linker(targets, {**elsewhere, **images}, job.report.roots, addresses, github, files)
    for page in job.pages:
        linker.learn_labels(page.path, page.body.decode("utf-8"))
    bodies = {p.path: linker.rewrite(p.path, p.body.decode("utf-8")) for p in job.pages}
    people = People(job.checked.community.contributors)
    for path in [*bodies, *linker.used_images]:
        for person in job.life(path).editors if job.life(path) else ():
            people.meet(person)
    people.settle()

    plan = _Plan()
    today = _dt.datetime.fromtimestamp(job.history.last_timestamp or time.time(), _dt.UTC).date().isoformat()
    dates = []
    for page in job.pages:
        own, life = job.fields[page.path], job.life(page.path)
        created_by = [people.handle(p) for p in (life.created_by if life else ())]
        authors = people.written(own.authors) or list(dict.fromkeys(created_by))
        if not authors:
            authors = list(job.checked.community.settings.maintainers[:1])
            own.notes.append("nobody credited in git wrote it; the community's first maintainer is named as author")
        dates.append(own.date or (_day(life.created) if life else today))
        kind_here = kind or ("post" if page.jekyll_date else "article")
        body, relinked = bodies[page.path]
        new = posixpath.join(job.target, f"{page.slug}.md")
        plan.moves.append((page.path, new))
        own_tags = _allowed(job, page.path, [*own.tags, *tags])
        plan.texts[new] = _contribution(own, kind_here, authors, dates[-1], own_tags) + body.encode("utf-8")
        job.report.add_page(page.path, new, own, relinked)
    for old in sorted(linker.used_images):
        new = posixpath.join(job.target, images.get(old) or elsewhere[old])
        (plan.moves if old in images else plan.copies).append((old, new))
    _leftovers(job, found, plan)
    _newcomers(job, plan, people, min(dates, default=today))
    _validate(job.repository, plan, job.checked)
    return plan


def _allowed(job: _Import, path: str, tags: list[str]) -> list[str]:
    """The tags the community's closed vocabulary (``tags.allowed``) takes, after its aliases."""
    settings = job.checked.community.settings
    if settings.allowed_tags is None:
        return tags
    kept = [t for t in tags if settings.tag_aliases.get(t, t) in settings.allowed_tags]
    if len(kept) < len(tags):
        left = ", ".join(t for t in tags if t not in kept)
        job.fields[path].notes.append(f"tags not in community.yml's `tags.allowed` left out: {left}")
    return kept


def _read(job: _Import, found: Found) -> None:
    """The pages and their fields, or :class:`ImportRefused` with every reason they cannot be imported."""
    refusals = [f"{path}: {why}" for path, why in found.unreadable]
    if not found.pages and not refusals:
        refusals.append("no Markdown pages to import there")
    job.pages = sorted(found.pages, key=lambda p: p.path)
    for page in job.pages:
        own = read_fields(page.meta, page.body, page.title_hint, page.jekyll_date, page.collection == "jekyll")
        job.fields[page.path] = own
        page.slug = page.slug or slugify(own.title) or slugify(posixpath.basename(page.root)) or "home"
    refusals += _collisions(job.repository, job.pages, job.target)
    dirty = job.repository.uncommitted([r or "." for r in job.report.roots])
    dirty = [p for p in dirty if would_import(p, job.report.roots, job.community)]
    refusals += [f"{path}: has changes that are not committed; commit or stash them first" for path in dirty[:50]]
    if refusals:
        raise ImportRefused(refusals)


def _leftovers(job: _Import, found: Found, plan: _Plan) -> None:
    report = job.report
    report.copies = plan.copies
    report.images_left = sorted(set(found.images) - {old for old, _ in plan.moves})
    inside = posixpath.join(job.community.folder, CONTENT) + "/"
    report.stranded = [p for p, _ in found.skipped if p.startswith(inside) and not job.community.owns(p)]
    report.stranded += [p for p in report.images_left if p.startswith(inside)]


def _newcomers(job: _Import, plan: _Plan, people: People, started: str) -> None:
    """The profiles of people new to the community, and the purpose's charter when it is new."""
    profiles = posixpath.join(job.community.folder, CONTRIBUTORS)
    for profile in people.created:
        plan.created[posixpath.join(profiles, f"{profile.handle}.yml")] = _profile(profile)
    job.report.profiles = people.created
    job.report.namesakes = people.namesakes()
    if job.purpose not in job.checked.community.purposes:
        charter = posixpath.join(job.community.folder, PURPOSES, f"{job.purpose}.md")
        plan.created[charter] = _charter(job.purpose, job.checked, job.report.roots, started)
        job.report.charter = charter


def _stem(path: str) -> str:
    return posixpath.splitext(posixpath.basename(path))[0]


def _root_of(path: str, roots: Sequence[str], default: str | None = "") -> str | None:
    return max((r for r in roots if r == "" or path.startswith(r + "/")), key=len, default=default)


def _day(timestamp: int) -> str:
    return _dt.datetime.fromtimestamp(timestamp, _dt.UTC).date().isoformat()


def _collisions(repository: Repository, pages: list[Page], target_folder: str) -> list[str]:
    refusals = []
    by_slug: dict[str, list[str]] = {}
    for page in pages:
        by_slug.setdefault(page.slug, []).append(page.path)
    apart: list[str] | None = None  # one name in three folders or more: translations, most likely
    for slug, paths in sorted(by_slug.items()):
        if len(paths) > 1:
            named = " and ".join(paths) if len(paths) <= 4 else f"{', '.join(paths[:3])} and {len(paths) - 3} more"
            refusals.append(f"{named} would all become {slug}.md; rename all but one first (git mv)")
            folders = [posixpath.dirname(p) for p in paths]
            names = {posixpath.basename(p) for p in paths}
            if apart is None and len(paths) > 2 and len(names) == 1 and len(set(folders)) == len(folders):
                apart = sorted(folders, key=lambda f: (not f, -f.count("/"), f))
        new = posixpath.join(target_folder, f"{slug}.md")
        if (repository.top / new).exists() and new not in paths:
            refusals.append(f"{paths[0]} would overwrite {new}; rename one of them first (git mv)")
    if apart is not None:
        purpose = posixpath.basename(target_folder)
        example = apart[0] or "."
        refusals.append(
            f"pages of one name in different folders (translations?) can be imported a folder at a time, "
            f"each as a purpose of its own: `rallypoint import {shlex.quote(example)} --purpose {purpose}-"
            f"{slugify(posixpath.basename(example)) or 'other'}`, and so on for each folder, then the rest"
        )
    return refusals


def _images_elsewhere(repository: Repository, roots: list[str], community: Community) -> dict[str, str]:
    """Images outside the folders imported that pages may show: copied along when they do,
    where the old site published them (a Hugo site's ``static/images/a.png`` at ``images/a.png``)."""
    found = {}
    for path in repository.tracked(["."]):
        if not path.lower().endswith(IMAGE_SUFFIXES) or community.owns(path) or _root_of(path, roots, None):
            continue
        found[path] = path.removeprefix("static/")
    return found


def _contribution(own: Fields, kind: str, authors: list[str], date: str, tags: list[str]) -> bytes:
    tags = list(dict.fromkeys(tags))[: schema.MAX_TAGS]
    lines = [
        f"title: {yaml_scalar(own.title)}",
        f"kind: {kind}",
        f"authors: [{', '.join(yaml_scalar(a) for a in authors)}]",
        f"date: {date}",
    ]
    if tags:
        lines.append(f"tags: [{', '.join(yaml_scalar(t) for t in tags)}]")
    if own.summary:
        lines.append(f"summary: {yaml_scalar(own.summary)}")
    return ("---\n" + "".join(f"{line}\n" for line in lines) + "---\n").encode("utf-8")


def _profile(profile) -> bytes:
    lines = [f"name: {yaml_scalar(profile.name)}"]
    if profile.github:
        lines.append(f"github: {yaml_scalar(profile.github)}")
    if profile.emails:
        lines.append("emails:")
        lines += [f"  - {yaml_scalar(e)}" for e in profile.emails]
    return "".join(f"{line}\n" for line in lines).encode("utf-8")


def _charter(purpose: str, checked: CheckResult, roots: list[str], started: str) -> bytes:
    title = purpose.replace("-", " ").capitalize()
    where = ", ".join(f"`{r or '.'}/`" for r in roots)
    plain = ", ".join(f"{r or '.'}/" for r in roots)  # a summary is shown as text, not Markdown
    maintainers = ", ".join(yaml_scalar(m) for m in checked.community.settings.maintainers)
    return (
        f"---\ntitle: {yaml_scalar(title)}\nsummary: {yaml_scalar(f'The pages imported from {plain}.')}\n"
        f"maintainers: [{maintainers}]\nstarted: {started}\n---\n"
        f"The pages of this purpose were imported from {where} with `rallypoint import`, with their history.\n"
        "Say here why this purpose exists, what it aims for and how to take part.\n"
    ).encode()


def _validate(repository: Repository, plan: _Plan, checked: CheckResult) -> None:
    """Every file the import would write passes the checks of its kind, or nothing is done."""
    limit = checked.community.settings.max_file_bytes
    targets = Counter([*(new for _, new in plan.moves + plan.copies), *plan.created])
    sources = {old for old, _ in plan.moves}
    problems = [
        f"two files would become {path}; rename one of them first (git mv)" for path, n in targets.items() if n > 1
    ]
    problems += [
        f"{path} already exists; the import never overwrites a file"
        for path in targets
        if path not in sources and ((repository.top / path).exists() or (repository.top / path).is_symlink())
    ]
    for path, text in [*plan.texts.items(), *plan.created.items()]:
        role = (
            "contributor" if path.endswith(".yml") else "purpose" if f"/{PURPOSES}/" in f"/{path}" else "contribution"
        )
        try:
            doc = (source.read_yaml if role == "contributor" else source.read_markdown)(path, text, limit)
        except source.ReadError as error:
            problems += [f"{path}:{x.line}:{x.column}: {x.message}" for x in error.diagnostics]
            continue
        _, found = schema.validate(path, doc, role)
        problems += [
            f"{x.path}:{x.line}:{x.column}: {x.message}" for x in [*doc.problems, *found] if x.severity == "error"
        ]
    if problems:
        raise ImportRefused(problems)


def _ignore_in_blame(repository: Repository, commits: list[str], where: str) -> str:
    """List the import's commits in ``.git-blame-ignore-revs`` and commit it: they are no one's
    edit (each page keeps who wrote it and when it last changed), for git blame, GitHub and the site."""
    path = repository.top / IGNORE_REVS
    before = path.read_bytes() if path.exists() else b""
    lead = b"" if not before or before.endswith(b"\n") else b"\n"
    lines = [f"# rallypoint import of {where}: moves, then front matter, links and profiles", *commits]
    path.write_bytes(before + lead + "\n".join(lines).encode() + b"\n")
    repository.stage([IGNORE_REVS])
    message = (
        f"Import {where}: leave the import's two commits out of blame and credit\n\n"
        f"Made by `rallypoint import`. {IGNORE_REVS} lists them, as git blame and GitHub read it."
    )
    return repository.commit(message, [IGNORE_REVS])


def _apply(
    repository: Repository, plan: _Plan, report: ImportReport, commit: bool, purpose: str, roots: list[str]
) -> None:
    top = repository.top
    done: list[tuple[str, str]] = []
    moved = [p for move in plan.moves for p in move]
    where = ", ".join(f"{r or '.'}/" for r in roots)
    try:
        for old, new in plan.moves:
            (top / new).parent.mkdir(parents=True, exist_ok=True)
            os.replace(top / old, top / new)
            done.append((old, new))
        repository.stage(moved)
        if commit:
            message = f"Import {where} into content/{purpose}/: moves only\n\nMade by `rallypoint import`, so that history follows every file."
            report.commits.append(repository.commit(message, moved))
    except (OSError, GitError) as error:
        for old, new in reversed(done):
            os.replace(top / new, top / old)
        if done:
            repository.stage(moved)  # the index as it was: the files are back where git has them
        for _old, new in done:
            with contextlib.suppress(OSError):
                (top / new).parent.rmdir()  # a folder the import made, now empty
        raise RallypointError(f"the import failed and every file was put back: {error}") from None
    for path, text in plan.texts.items():
        (top / path).write_bytes(text)
    copied = {new: (top / old).read_bytes() for old, new in plan.copies}
    for path, text in {**plan.created, **copied}.items():
        (top / path).parent.mkdir(parents=True, exist_ok=True)
        with open(top / path, "xb") as handle:
            handle.write(text)
    if commit:
        written = [*plan.texts, *plan.created, *copied]
        repository.stage(written)
        report.commits.append(
            repository.commit(
                f"Import {where} into content/{purpose}/: front matter, links and profiles\n\nMade by `rallypoint import`.",
                written,
            )
        )
        try:
            report.commits.append(_ignore_in_blame(repository, report.commits, where))
        except (OSError, GitError) as error:
            log.warning("the import is committed, but not listed in %s: %s", IGNORE_REVS, error)
    report.moves = plan.moves
    report.created = sorted(plan.created)
