"""One-click contributing: the buttons that start a new contribution from the site.

With ``repo_url`` on GitHub, each opens GitHub's editor for a new file (``<repo>/new/<branch>/
<folder>?filename=…&value=…``) holding a contribution written by :mod:`rallypoint.workflow.new`'s
builders, which passes ``check`` once the author's handle replaces ``your-handle``; otherwise the
page shows the ``rallypoint new`` command that writes the same file.
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from urllib.parse import quote, urlencode, urlsplit

from ..model.records import Community, Contribution
from .i18n import N_, Language
from .indexes import Indexes

DATE_PLACEHOLDER = "YYYY-MM-DD"
"""The date a prefilled file holds: the reader's browser writes in the day of the click
(``assets/rallypoint/invite.js``); without scripts the contributor does, and ``check`` says so
until then. The build's own day would be the newest commit's, stale for the reader, and it would
change every question's page whenever a commit lands on a new day (the build cache's keys)."""
_ANY_DAY = "2000-01-01"
NEW_FILE_BRANCH = "main"
"""The branch GitHub's "new file" editor opens on (``/new/HEAD/`` is not accepted there)."""


@dataclass(frozen=True)
class Invitation:
    """A button that starts a new contribution: GitHub's editor with the file filled in, or
    the ``rallypoint new`` command when the repository is not on GitHub."""

    label: str
    url: str | None  # GitHub's new-file editor, prefilled; None when repo_url is not on GitHub
    command: str  # the same file with `rallypoint new`


def github_repo(community: Community) -> str | None:
    """``https://github.com/owner/name`` when repo_url is a GitHub repository."""
    repo = (community.settings.repo_url or "").rstrip("/").removesuffix(".git")
    parts = urlsplit(repo)
    if parts.scheme != "https" or parts.hostname != "github.com" or parts.path.count("/") != 2:
        return None
    return repo


def new_file_url(repo: str, path: str, text: str) -> str:
    """GitHub's editor for a new file at ``path`` (folder and name) holding ``text``."""
    folder, _, name = path.rpartition("/")
    query = urlencode({"filename": name, "value": text}, quote_via=quote)
    return f"{repo}/new/{NEW_FILE_BRANCH}/{quote(folder)}?{query}"


def invitation(
    community: Community, label: str, purpose: str, slug: str, title: str, answers: str | None = None
) -> Invitation | None:
    """The button that writes ``content/<purpose>/<slug>.md``: an answer to ``answers``, else an
    article (or the first kind the purpose accepts); None when the purpose accepts nothing fitting."""
    from ..workflow.new import HANDLE_PLACEHOLDER, ScaffoldError, contribution_text

    accepts = community.purposes[purpose].accepts if purpose in community.purposes else ()
    # A bookmark needs its URL and an answer its question, so a page of writing is the default.
    written = [k for k in accepts if k not in ("bookmark", "answer")]
    kind = "answer" if answers else ("article" if "article" in written else next(iter(written), None))
    if kind is None or kind not in accepts:
        return None
    try:
        text = contribution_text(community, kind, purpose, title, [HANDLE_PLACEHOLDER], _ANY_DAY, [], answers=answers)
    except ScaffoldError:
        return None
    text = text.replace(f"\ndate: {_ANY_DAY}\n", f"\ndate: {DATE_PLACEHOLDER}\n", 1)
    path = f"content/{purpose}/{slug}.md"
    repo = github_repo(community)
    quoted = shlex.quote(title)
    command = f"rallypoint new {kind} --purpose {purpose} --title {quoted} --slug {slug}"
    if answers:
        command += f" --answers {answers}"
    return Invitation(label, new_file_url(repo, path, text) if repo else None, command)


def purpose_invitation(community: Community, purpose: str, lang: Language) -> Invitation | None:
    """A purpose page's "Contribute": a new page of the kind the purpose takes first, its title
    in the community's language (the contributor writes over it)."""
    # Labels are marked for the catalogue here and translated on the page (_invite.jinja).
    title = lang.gettext("New contribution")
    return invitation(community, N_("Contribute"), purpose, "new-contribution", title)


def answer_invitation(community: Community, item: Contribution, lang: Language) -> Invitation | None:
    """A question's "Answer this question"; None for other kinds."""
    if item.kind != "question":
        return None
    slug = f"{item.slug[:57].rstrip('-')}-answer"
    label = N_("Answer this question")
    title = lang.gettext("Answer: %(title)s") % {"title": item.title}
    return invitation(community, label, item.purpose, slug, title, item.slug)


def wanted_invitations(community: Community, indexes: Indexes) -> dict[str, Invitation | None]:
    """Each wanted page's "Write this page": in the purpose its target names, else the first
    linking page's, titled after its slug."""
    out = {}
    for wanted in indexes.wanted:
        purpose, _, slug = wanted.target.rpartition("/")
        if not purpose:
            first = wanted.wanted_by[0]
            purpose = first.id if first.kind == "purpose" else community.contributions[first.id].purpose
        title = slug.replace("-", " ").strip().capitalize()
        out[wanted.target] = invitation(community, N_("Write this page"), purpose, slug, title)
    return out
