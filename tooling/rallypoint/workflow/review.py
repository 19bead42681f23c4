"""Report on a pull request: what changed, what it breaks elsewhere, who is new, who may do what.

The community is loaded twice, as it is at the merge base and at the head, from the git
objects themselves (``git archive``), so the report never depends on the working tree.
Identity rules trust the base: the maintainers and profiles a pull request is judged by are
those it cannot have changed itself.
"""

from __future__ import annotations

import logging
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .. import catalogue as rp
from ..addresses import COMMUNITY_FILE, CONTENT, CONTRIBUTORS, FOLDERS, PURPOSES, Page
from ..diagnostics import Diagnostic, count_errors
from ..errors import UsageProblem
from ..history.log import IGNORE_REVS
from ..history.repository import GitError, NotARepository, Repository
from ..model.community import find_community_root, load_community
from ..model.records import CheckResult, Community
from ..model.wikilinks import find_wikilinks
from .social_review import describe, social_problems

log = logging.getLogger(__name__)

TRACKED = (COMMUNITY_FILE, ".mailmap", IGNORE_REVS, *FOLDERS, ".github")
_ACTIONS = {"A": "added", "M": "edited", "D": "removed", "R": "renamed", "C": "added", "T": "edited"}


class ReviewError(UsageProblem):
    """The refs cannot be compared (unknown ref, not a git repository)."""


@dataclass(frozen=True)
class FileChange:
    action: str  # added | edited | renamed | removed
    path: str
    old_path: str | None
    what: str  # contribution | charter | person | settings | other
    title: str
    detail: str = ""
    """For a contribution: whose it is, what changed in it and the social actions it adds or removes."""


@dataclass
class Review:
    base: str
    head: str
    pr_author: str | None
    author_handle: str | None
    by_maintainer: bool
    changes: list[FileChange] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    newcomers: list[tuple[str, str]] = field(default_factory=list)  # (handle, name)
    new_tags: list[str] = field(default_factory=list)
    serves: list[tuple[str, list[str]]] = field(default_factory=list)  # (purpose id, goal ids)
    needs_maintainer: list[str] = field(default_factory=list)
    files_checked: int = 0

    @property
    def errors(self) -> int:
        return count_errors(self.diagnostics)

    def sections(self) -> dict[str, object]:
        return {
            "base": self.base,
            "head": self.head,
            "pr_author": self.pr_author,
            "author_handle": self.author_handle,
            "by_maintainer": self.by_maintainer,
            "changes": [c.__dict__ for c in self.changes],
            "newcomers": [{"handle": h, "name": n} for h, n in self.newcomers],
            "new_tags": self.new_tags,
            "serves": [{"purpose": p, "goals": g} for p, g in self.serves],
            "needs_maintainer": self.needs_maintainer,
        }


def _git(root: Path) -> Repository:
    try:
        return Repository.find(root)
    except NotARepository:
        raise ReviewError(f"{root} is not in a git repository") from None
    except GitError as exc:
        raise ReviewError(str(exc)) from None


def _materialise(repo: Repository, ref: str, prefix: str, into: Path) -> Path:
    """Write the community as it is at ``ref`` into ``into`` and return its root there."""
    repo.export(ref, [prefix + p for p in TRACKED], into)
    return into / prefix if prefix else into


def _what(path: str) -> str:
    # By folder, not by page: an image under content/ is part of a contribution too.
    top = path.split("/", 1)[0]
    return {CONTENT: "contribution", PURPOSES: "charter", CONTRIBUTORS: "person"}.get(
        top, "settings" if path in (COMMUNITY_FILE, ".mailmap", IGNORE_REVS) else "other"
    )


def _id(path: str) -> str | None:
    """The id of the page a source path is (contribution key, purpose id or handle), or None."""
    page = Page.of_source(path)
    return page.id if page else None


def _title(c: Community | None, path: str) -> str:
    page = Page.of_source(path)
    if c is None or page is None:
        return path
    records = {"contribution": c.contributions, "purpose": c.purposes, "person": c.contributors}
    record = records.get(page.kind, {}).get(page.id)
    if record is None:
        return path
    return record.name if page.kind == "person" else record.title


_TOP_LEVEL = (".mailmap", IGNORE_REVS)
"""Files at the top of the repository that the history reads too when the community is in a
folder: a change to either is reviewed as one to the community's own."""


def _changes(repo: Repository, base: str, head: str, prefix: str) -> list[tuple[str, str, str | None]]:
    paths = [prefix + p for p in TRACKED] + (list(_TOP_LEVEL) if prefix else [])

    def named(path: str | None) -> str | None:
        return path if path is None or not path.startswith(prefix) else path[len(prefix) :]

    return [
        (_ACTIONS.get(status, "edited"), named(path), named(old))
        for status, path, old in repo.changes_between(base, head, paths)
    ]


def _handle_of(c: Community, login: str) -> str | None:
    login = login.casefold()
    return next((p.handle for p in c.contributors.values() if p.github and p.github.casefold() == login), None)


def review_pull_request(start: Path, base: str, head: str = "HEAD", pr_author: str | None = None) -> Review:
    """Compare the community at the merge base of ``base`` and ``head`` with the one at ``head``.

    The community is the one whose root is at or above ``start``.
    """
    root = find_community_root(start)
    repo = _git(root)
    prefix = root.resolve().relative_to(repo.top).as_posix()
    prefix = "" if prefix == "." else prefix + "/"
    try:
        merge_base = repo.merge_base(base, head)
        if merge_base is None:
            raise ReviewError(f"{base} and {head} have no common history")
        raw_changes = _changes(repo, merge_base, head, prefix)
        with tempfile.TemporaryDirectory(prefix="rallypoint-review-") as tmp:
            before = _load(_materialise(repo, merge_base, prefix, Path(tmp) / "base"))
            after = _load(_materialise(repo, head, prefix, Path(tmp) / "head"))
    except GitError as exc:
        raise ReviewError(f"git could not compare {base} and {head}: {exc.stderr or exc}") from None
    return _judge(base, head, pr_author, raw_changes, before, after)


def _load(root: Path) -> CheckResult | None:
    root.mkdir(parents=True, exist_ok=True)
    if not (root / COMMUNITY_FILE).is_file():
        return None
    return load_community(root)


def _judge(
    base: str, head: str, pr_author: str | None, raw_changes, before: CheckResult | None, after: CheckResult | None
) -> Review:
    old = before.community if before else None
    new = after.community if after else None
    trusted = old or new
    handle = _handle_of(trusted, pr_author) if pr_author and trusted else None
    if pr_author and handle is None and new is not None:
        handle = _handle_of(new, pr_author)
    by_maintainer = bool(handle and old and handle in old.settings.maintainers)
    review = Review(base, head, pr_author, handle, by_maintainer, files_checked=after.files_checked if after else 0)
    for action, path, old_path in raw_changes:
        title = _title(old if action == "removed" else new, path)
        detail = describe(action, path, old_path, old, new, handle) if _what(path) == "contribution" else ""
        review.changes.append(FileChange(action, path, old_path, _what(path), title, detail))
    changed = {c.path for c in review.changes}

    seen_before = {(x.path, x.rule, x.message) for x in before.diagnostics} if before else set()
    for x in after.diagnostics if after else ():
        if x.path in changed or (x.path, x.rule, x.message) not in seen_before:
            review.diagnostics.append(x)
    if old and new:
        review.diagnostics += _broken_links(old, new)
    if new:
        _newcomers_and_tags(review, old, new)
    if pr_author and new:
        review.diagnostics += _identity(review, old, new, handle)
        review.diagnostics += social_problems(review.changes, old, new, handle, pr_author)
    review.diagnostics += _trust(review, old, new)
    broken = {(x.path, x.line, x.column) for x in review.diagnostics if x.rule == rp.LINK_BROKEN.id}
    review.diagnostics = sorted(
        {x for x in review.diagnostics if not (x.rule == rp.WANTED_PAGE.id and (x.path, x.line, x.column) in broken)}
    )
    return review


def _broken_links(old: Community, new: Community) -> list[Diagnostic]:
    """Links that resolved at the base and resolve no more at the head."""
    out = []
    for record in (*new.contributions.values(), *new.purposes.values()):
        for link in find_wikilinks(record.body):
            if link.problem or new.resolve_link(link.purpose, link.slug) is not None:
                continue
            was = old.resolve_link(link.purpose, link.slug)
            if was is not None:
                out.append(
                    rp.LINK_BROKEN.at(
                        record.path,
                        record.body_line + link.line - 1,
                        link.column,
                        f"{link.raw} led to {was} before this pull request and now leads "
                        "nowhere; keep that page or update this link",
                    )
                )
    return out


def _newcomers_and_tags(review: Review, old: Community | None, new: Community) -> None:
    known = set(old.contributors) if old else set()
    for change in review.changes:
        if change.what == "person" and change.action == "added":
            person = new.contributors.get(_id(change.path))
            if person and person.handle not in known:
                review.newcomers.append((person.handle, person.name))
    old_tags = {t for c in old.contributions.values() for t in c.tags} if old else set()
    new_tags: list[str] = []
    serves: dict[str, set[str]] = {}
    for change in review.changes:
        if change.what != "contribution" or change.action == "removed":
            continue
        item = new.contributions.get(_id(change.path))
        if item is None:
            continue
        new_tags += [t for t in item.tags if t not in old_tags and t not in new_tags]
        serves.setdefault(item.purpose, set()).update(item.goals)
    review.new_tags = sorted(new_tags)
    review.serves = [(p, sorted(g)) for p, g in sorted(serves.items())]


def _identity(review: Review, old: Community | None, new: Community, handle: str | None) -> list[Diagnostic]:
    if review.by_maintainer:
        return []
    out = []
    for change in review.changes:
        if change.what == "person" and change.action != "removed":
            problem = _not_theirs(review.pr_author or "", change.path, old, new)
            if problem:
                out.append(rp.NOT_YOUR_PROFILE.at(change.path, 1, 1, problem))
        if change.what == "contribution" and change.action == "added":
            item = new.contributions.get(_id(change.path))
            if item is not None and (handle is None or handle not in item.authors):
                message = (
                    f"`{handle}` (@{review.pr_author}) is not among `authors`; a new contribution lists the "
                    "person who opens the pull request"
                    if handle
                    else f"no profile has `github: {review.pr_author}`, so none of `authors` can be "
                    f"@{review.pr_author}; add `github: {review.pr_author}` to your profile in contributors/, "
                    "or create one with `rallypoint new contributor`"
                )
                out.append(item.problem(rp.AUTHOR_NOT_LISTED, ("authors",), message))
    return out


def _not_theirs(login: str, path: str, old: Community | None, new: Community) -> str | None:
    """Why ``login`` may not make this change to a profile, or None when it is their own.

    The base decides whose an existing profile is; a profile the pull request creates is the
    author's when its ``github`` is their login.
    """
    handle = _id(path)
    before = old.contributors.get(handle) if old else None
    owner = before or new.contributors.get(handle)
    if owner is None:
        return f"@{login} may add only their own profile, and this file is not a valid profile"
    if owner.github and owner.github.casefold() == login.casefold():
        return None
    if owner.github:
        return f"@{login} may edit only their own profile, and this is @{owner.github}'s"
    if before is None:
        return (
            f"this new profile has no `github` login, so nothing shows it is @{login}'s; "
            f"add `github: {login}` to it if it is yours"
        )
    return (
        f"contributors/{handle}.yml has no `github` login, so nothing shows it is @{login}'s; "
        "a maintainer must approve changes to it"
    )


def _trust(review: Review, old: Community | None, new: Community | None) -> list[Diagnostic]:
    out = []

    def flag(path: str, why: str) -> None:
        review.needs_maintainer.append(f"{path}: {why}")
        if not review.by_maintainer:
            out.append(rp.NEEDS_MAINTAINER.at(path, 1, 1, f"{why}; a community maintainer must review it"))

    for change in review.changes:
        if change.path == ".mailmap":
            flag(change.path, ".mailmap changes who git credits")
        elif change.path == IGNORE_REVS:
            flag(change.path, f"{IGNORE_REVS} leaves commits out of who is credited and of pages' last changes")
        elif change.path == COMMUNITY_FILE:
            flag(change.path, "community.yml changes the community's maintainers and settings")
        elif change.path.startswith(".github/"):
            flag(change.path, "workflows and repository settings decide what CI trusts")
        elif change.what == "charter" and old and new:
            pid = _id(change.path)
            before, after = old.purposes.get(pid), new.purposes.get(pid)
            if before and after and set(before.maintainers) != set(after.maintainers):
                removed = sorted(set(before.maintainers) - set(after.maintainers))
                added = sorted(set(after.maintainers) - set(before.maintainers))
                what = "; ".join(
                    filter(
                        None,
                        [
                            f"removes {', '.join(removed)}" if removed else "",
                            f"adds {', '.join(added)}" if added else "",
                        ],
                    )
                )
                flag(change.path, f"the charter's maintainers change ({what})")
    return out
