"""What the commands that act as you share: who you are, the file you act on, and the commit.

``endorse``, ``predict`` and ``resolve`` change one contribution's front matter and commit only
that file, as whoever git's ``user.name``/``user.email`` say, matched to a profile the way
history is (its ``emails``, or the GitHub noreply address of its ``github`` login): that commit
is what proves the action (DESIGN.md section 3).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ..errors import UsageProblem
from ..history.log import Person
from ..history.people import PersonKeys
from ..history.repository import GitError, Repository, configured_identity
from ..model.records import Community, Contribution


def find_contribution(community: Community, slug: str) -> Contribution:
    """The contribution a command names by ``purpose/slug`` or a bare slug; UsageProblem if none."""
    purpose, _, bare = slug.rpartition("/")
    key = community.resolve_link(purpose or None, bare)
    item = community.contributions.get(key) if key else None
    if item is None:
        found = community.slugs.get(bare, ())
        hint = f"; it is in several purposes, so name one: {', '.join(found)}" if len(found) > 1 else ""
        raise UsageProblem(f"no contribution is called `{slug}`{hint}", answer="slug")
    return item


def me(community: Community, root: Path) -> str:
    name, email = configured_identity(root)
    if not email:
        raise UsageProblem("git has no user.email here; set it with `git config user.email you@example.org`")
    handle = PersonKeys(community.contributors).key(Person(name, email.lower()))
    if handle not in community.contributors:
        raise UsageProblem(
            f"no profile in contributors/ lists your git email {email}; add it to `emails` in your profile "
            "(or create one with `rallypoint new contributor`), so that your commits are known to be yours"
        )
    return handle


def commit_as_you(
    root: Path, item: Contribution, edit: Callable[[str], str], message: str, *, doing: str = "this", why: str = ""
) -> str:
    """Rewrite ``item``'s file with ``edit`` and commit only it, as you; its sha.

    Refuses a file with changes not committed, so that the commit holds nothing but the action.
    """
    try:
        repository = Repository.find(root)
    except GitError as error:
        raise UsageProblem(f"{doing} commits as you, so the community must be in git: {error}") from None
    top_path = (root / item.path).resolve().relative_to(repository.top).as_posix()
    if repository.uncommitted([top_path]):
        raise UsageProblem(f"{item.path} has changes not committed; commit or undo them first{why}")
    file = root / item.path
    file.write_text(edit(file.read_text(encoding="utf-8")), encoding="utf-8", newline="")
    return repository.commit(message, [top_path])
