"""Start a new community: the files ``rallypoint init`` writes, rendered from the templates in starter/.

A new community passes ``rallypoint check``, builds, and has the workflows, CODEOWNERS and
contributor guide it needs on GitHub from its first commit. Nothing is ever overwritten: the
target folder must be new or empty, and every file is created in exclusive mode.
"""

from __future__ import annotations

import datetime as _dt
import getpass
import json
import logging
import re
from dataclasses import astuple, dataclass, fields
from functools import partial
from importlib.resources import files
from pathlib import Path

import jinja2
import yaml

from .. import __version__
from ..addresses import RESERVED_PURPOSE_IDS
from ..errors import UsageProblem
from ..history.people import noreply_login
from ..history.repository import NotARepository, Repository, commit_everything, configured_identity
from ..model.community import load_community
from ..model.schema import EMAIL, ID, slugify
from ..model.source import BIDI
from .codeowners import PATH as CODEOWNERS_PATH
from .codeowners import render_codeowners
from .new import N_, Ask, check_github
from .workflows import compatible_releases, render_generated

log = logging.getLogger(__name__)

DEFAULT_PURPOSE_TITLE = "Our first purpose"
WELCOME_SLUG = "welcome"
_LIMITS = {"name": 100, "purpose_title": 200, "person_name": 100}
_LABELS = {
    "name": "the community's name",
    "purpose_title": "the purpose's title",
    "handle": "your handle",
    "person_name": "your name",
    "email": "your email",
    "github": "your GitHub login",
    "site_url": "the site's address",
    "repo_url": "the repository's address",
}
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")
_PLAIN_YAML = re.compile(r"[^\W_][\w .@'()&+-]*")
_WEB_ADDRESS = re.compile(r"https?://[\w.-]+(?::\d+)?(?:/[\w.~%/-]*)?")
_GITHUB_REMOTE = re.compile(r"(?:https://|ssh://git@|git@)github\.com[:/]([\w.-]+)/([\w.-]+?)(?:\.git)?/?")


class StarterError(UsageProblem):
    """The folder or an answer cannot be used; nothing has been written."""


@dataclass(frozen=True)
class StarterAnswers:
    """What ``rallypoint init`` asks: the community, its first purpose and its creator."""

    name: str
    """The community's name, shown on every page."""
    purpose_title: str
    """The title of the first charter; its id (file name and URL) is made from it."""
    handle: str
    """The creator's handle: their profile's file name, maintainer of everything at first."""
    person_name: str
    """The creator's name as the site shows it."""
    email: str
    """The address git records for the creator, so that git history credits them."""
    github: str = ""
    """The creator's GitHub login, or "" for none: never assumed from the handle."""
    site_url: str = ""
    """Where the site will be published (feeds and the sitemap link with it), or "" for not yet."""
    repo_url: str = ""
    """The repository on GitHub, from the folder's ``origin`` remote: edit links and one-click contributing."""

    @property
    def purpose_id(self) -> str:
        return purpose_id(self.purpose_title)


# What to ask, in order, with the question people see. Each field is also an option of `init`.
QUESTIONS: tuple[tuple[str, str], ...] = (
    ("name", N_("Community name")),
    ("purpose_title", N_("Its first purpose, in a few words")),
    ("handle", N_("Your handle (lowercase letters, digits and hyphens)")),
    ("person_name", N_("Your name")),
    ("email", N_("Your email, as git records it")),
    ("github", N_("Your GitHub login (empty if you have none)")),
    ("site_url", N_("Where the site will be published (empty if you do not know yet)")),
)

# Asked only when there is something to offer (a GitHub clone's Pages address): in a new folder
# nobody knows it yet, and community.yml says where to write it later.
_ASKED_WITH_AN_OFFER_ONLY = frozenset({"site_url"})

# Template (in starter/, shipped as package data) -> file in the new community. The templates carry no
# leading dots, which package data globs would skip.
_FILES: tuple[tuple[str, str], ...] = (
    ("community.yml.jinja", "community.yml"),
    ("charter.md.jinja", "purposes/{purpose_id}.md"),
    ("welcome.md.jinja", "content/{purpose_id}/" + WELCOME_SLUG + ".md"),
    ("contributor.yml.jinja", "contributors/{handle}.yml"),
    ("README.md.jinja", "README.md"),
    ("CONTRIBUTING.md.jinja", "CONTRIBUTING.md"),
    ("gitignore.jinja", ".gitignore"),
    ("github/pull_request_template.md.jinja", ".github/pull_request_template.md"),
)
# The workflows, Dependabot's settings and the rallypoint pin come from workflows.py, after
# CODEOWNERS: `rallypoint workflows` regenerates the same files.


def purpose_id(title: str) -> str:
    """The id of a charter with this title: its file name and its address on the site."""
    return slugify(title, 48) or "first-purpose"


def check_answer(field: str, value: str) -> str:
    """The answer cleaned of surrounding spaces; :class:`StarterError` saying how to fix it if unusable."""
    value = value.strip()
    label = _LABELS[field]
    if field == "github":
        return check_github(value)
    if field in ("site_url", "repo_url"):
        if value and not _WEB_ADDRESS.fullmatch(value):
            raise StarterError(f"`{value}` is not a web address; write it like https://owner.github.io/repo/")
        return value
    if field == "email" and not value:
        return ""
    if not value:
        raise StarterError(f"{label} is empty; give a value")
    if field == "handle":
        if not ID.fullmatch(value):
            suggestion = slugify(value)
            hint = f", e.g. `{suggestion}`" if suggestion else ""
            raise StarterError(
                f"`{value}` is not a valid handle: use lowercase letters, digits and "
                f"hyphens, starting with a letter or digit, at most 64{hint}"
            )
    elif field == "email":
        if not EMAIL.fullmatch(value):
            raise StarterError(f"`{value}` is not an email address (name@domain)")
    elif _UNPRINTABLE.search(value) or BIDI.search(value):
        raise StarterError(
            f"{label} holds a line break or an invisible control character; keep it to one line of visible text"
        )
    elif len(value) > _LIMITS[field]:
        raise StarterError(f"{label} is {len(value)} characters long, at most {_LIMITS[field]}")
    if field == "purpose_title" and purpose_id(value) in RESERVED_PURPOSE_IDS:
        raise StarterError(
            f"the purpose `{value}` would get the id `{purpose_id(value)}`, which the site "
            "uses for its own pages; choose another title"
        )
    return value


def _login() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no USER variable and no passwd entry, as in some containers
        return ""


def _name_from_folder(directory: Path) -> str:
    words = re.sub(r"[-_.\s]+", " ", directory.resolve().name).strip()
    if words == words.lower():
        words = " ".join(w[:1].upper() + w[1:] for w in words.split())
    return words[: _LIMITS["name"]].strip() or "Our community"


def _or_default(field: str, chosen: str | None, default: str) -> str:
    if chosen is not None:
        return check_answer(field, chosen)
    try:
        return check_answer(field, default)
    except StarterError:
        return ""


def default_answers(
    directory: Path,
    *,
    name: str | None = None,
    purpose_title: str | None = None,
    handle: str | None = None,
    person_name: str | None = None,
    email: str | None = None,
    github: str | None = None,
    site_url: str | None = None,
) -> StarterAnswers:
    """The answers given, checked, with defaults for the others.

    Defaults come from the folder's name and git's ``user.name`` and ``user.email``; those that
    depend on another answer (the email on the handle) follow the answer given. The GitHub login
    is offered only when the email is GitHub's noreply address, which names it.
    """
    git_name, git_email = configured_identity()
    name = _or_default("name", name, _name_from_folder(Path(directory))) or "Our community"
    purpose_title = _or_default("purpose_title", purpose_title, DEFAULT_PURPOSE_TITLE)
    handle = (
        _or_default("handle", handle, slugify(git_name)) or _or_default("handle", None, slugify(_login())) or "founder"
    )
    person_name = _or_default("person_name", person_name, git_name) or handle
    # No made-up address: `{handle}@users.noreply.github.com` would claim a stranger's commits.
    email = _or_default("email", email, git_email)
    github = check_answer("github", github) if github is not None else (noreply_login(email) or "")
    repo_url, pages_url = github_addresses(Path(directory))
    site_url = check_answer("site_url", site_url) if site_url is not None else pages_url
    return StarterAnswers(name, purpose_title, handle, person_name, email, github, site_url, repo_url)


def github_addresses(directory: Path) -> tuple[str, str]:
    """The repository's and its GitHub Pages site's addresses when ``directory`` is the top of
    a clone whose ``origin`` is on GitHub; else ("", "")."""
    try:
        repository = Repository.find(directory) if directory.is_dir() else None
    except NotARepository:
        repository = None
    if repository is None or repository.top != directory.resolve():
        return "", ""  # a folder inside another repository is not that repository's community
    found = _GITHUB_REMOTE.fullmatch(repository.remote_url())
    if not found:
        return "", ""
    owner, name = found.groups()
    pages = f"https://{owner.lower()}.github.io/"
    if name.lower() != f"{owner.lower()}.github.io":  # a user or organisation site is served at the root
        pages += f"{name}/"
    return f"https://github.com/{owner}/{name}", pages


def check_target(directory: Path) -> None:
    """Raise :class:`StarterError` unless ``directory`` is a folder (new, empty, or an existing
    repository's) that holds no community yet."""
    directory = Path(directory)
    if directory.exists() and not directory.is_dir():
        raise StarterError(f"{directory} is a file; give a new or empty folder")
    if (directory / "community.yml").exists():
        raise StarterError(
            f"{directory} already holds a community (community.yml); `rallypoint init` starts one "
            "where there is none, and never overwrites anything"
        )


def _yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar that reads back as the same text, quoted only when needed."""
    if _PLAIN_YAML.fullmatch(value) and yaml.safe_load(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def starter_environment() -> jinja2.Environment:
    # `{{ }}` is GitHub's expression syntax in the workflows and `[[ ]]` a wikilink in Markdown,
    # so the templates use `<< >>` for variables.
    root = files("rallypoint.workflow").joinpath("starter")
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: root.joinpath(*name.split("/")).read_text("utf-8")),
        variable_start_string="<<",
        variable_end_string=">>",
        block_start_string="<%",
        block_end_string="%>",
        comment_start_string="<#",
        comment_end_string="#>",
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,
    )
    env.filters["yaml"] = _yaml_scalar
    return env


def _write(path: Path, text: str) -> bool:
    """Write a new file; False, leaving it as it is, when it exists (in an existing repository)."""
    if path.exists() or path.is_symlink():
        log.info("kept %s: it is already there", path)
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(text)
    return True


def start_community(
    directory: Path, given: dict[str, str | None], ask: Ask | None = None, git: bool = False
) -> list[Path]:
    """Check the folder, gather the answers and write the community; return the files written.

    Each answer comes from ``given`` (the options), else from ``ask`` (each question shows the
    default that follows from the answers before it), else from :func:`default_answers`. The
    folder is checked before any question, so nobody answers for a folder that cannot be used.
    """
    check_target(directory)
    chosen: dict[str, str] = {}
    say = _prompt_language().gettext if ask is not None else str
    for field, question in QUESTIONS:
        value = given.get(field)
        if value is None and ask is not None:
            default = getattr(default_answers(directory, **chosen), field)
            if field in _ASKED_WITH_AN_OFFER_ONLY and not default:
                continue
            value = ask(say(question), default, partial(check_answer, field))
        if value is not None:
            chosen[field] = value
    return create_community(directory, default_answers(directory, **chosen), git=git)


def _prompt_language():
    """The language of the person running `init`: there is no community.yml yet to say it, so
    the environment does (LANGUAGE, LC_ALL, LC_MESSAGES, LANG, as gettext reads them)."""
    from ..site.i18n import environment_language, language  # Babel, only when asking

    return language(None, environment_language())


def create_community(directory: Path, answers: StarterAnswers, git: bool = False) -> list[Path]:
    """Write a new community into ``directory`` (new or empty) and return the files written.

    With ``git``, the folder also becomes a git repository on branch main with one commit of
    everything, by the creator. Raises :class:`StarterError` before writing anything when the
    folder is not empty or an answer is unusable.
    """
    directory = Path(directory)
    check_target(directory)
    for field in fields(StarterAnswers):
        check_answer(field.name, getattr(answers, field.name))
    if git and not answers.email:
        raise StarterError(
            "the first commit needs your email as git records it; give --email, or set `git config --global user.email`"
        )
    today = _dt.date.today()
    context = {f.name: v for f, v in zip(fields(StarterAnswers), astuple(answers), strict=True)}
    context.update(
        purpose_id=answers.purpose_id,
        version=__version__,
        requires=compatible_releases(__version__),
        today=today.isoformat(),
        next_year=today.replace(year=today.year + 1, day=1).isoformat(),
        welcome_title=f"Welcome to {answers.name}",
        summary="One sentence on why this purpose exists; rewrite it in your own words.",
    )
    env = starter_environment()
    existing = directory.is_dir() and any(directory.iterdir())
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for template, target in _FILES:
        path = directory / target.format(**context)
        if _write(path, env.get_template(template).render(context)):
            written.append(path)
    result = load_community(directory)
    ours = [x for x in result.diagnostics if x.severity == "error" and directory / x.path in written]
    if ours:  # the templates and check_answer should make this impossible
        raise RuntimeError(
            "the new community does not pass `rallypoint check`: "
            + "; ".join(f"{x.path}:{x.line}: {x.message}" for x in ours)
        )
    if _write(directory / CODEOWNERS_PATH, render_codeowners(result.community)):
        written.append(directory / CODEOWNERS_PATH)
    for target, text in render_generated(result.community.settings).items():
        if _write(directory / target, text):
            written.append(directory / target)
    if git:
        _commit(directory, written, answers, new=not existing)
    log.debug("created %d files in %s", len(written), directory)
    return written


def _commit(directory: Path, written: list[Path], answers: StarterAnswers, new: bool) -> None:
    """The creator's commit: of everything in a new folder; of only the files written in an
    existing repository, whose other changes stay as they were."""
    message = f"Start {answers.name}\n\nCreated with `rallypoint init`."
    try:
        repository = None if new else Repository.find(directory)
    except NotARepository:
        repository = None
    if repository is None:
        commit_everything(directory, message, answers.person_name, answers.email)
        return
    paths = [path.resolve().relative_to(repository.top).as_posix() for path in written]
    repository.stage(paths)
    repository.commit(message, paths, author=(answers.person_name, answers.email))
