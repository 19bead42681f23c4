"""The commands that write files: ``new``, ``init``, ``codeowners`` and ``workflows``; none overwrites a contributor's file."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .options import Invocation, asker, format_option, input_option, print_diagnostics

NEW_KINDS = ("article", "post", "note", "bookmark", "idea", "question", "answer", "forecast", "purpose", "contributor")


@click.command()
@click.argument("kind", type=click.Choice(NEW_KINDS))
@click.option("--title", help="Title (contributions and purposes).")
@click.option("--purpose", help="Purpose id the contribution serves.")
@click.option("--author", "authors", multiple=True, help="Author handle (repeat for several).")
@click.option("--date", help="YYYY-MM-DD (default: today).")
@click.option("--tags", help="Comma-separated tags.")
@click.option("--summary", help="One-line summary.")
@click.option("--slug", help="File name and URL (default: from the title).")
@click.option("--url", help="The address a bookmark points to.")
@click.option("--answers", help="Slug of the question an answer answers.")
@click.option("--closes", help="YYYY-MM-DD a forecast closes: predictions after it do not count.")
@click.option("--criteria", help="How a forecast resolves, or goal:<id> to resolve it from that goal.")
@click.option("--id", "purpose_id", help="Id of a new purpose (default: from the title).")
@click.option("--maintainer", "maintainers", multiple=True, help="Maintainer handle of a new purpose.")
@click.option("--handle", help="Handle of a new contributor.")
@click.option("--name", help="Name of a new contributor (default: git config user.name).")
@click.option("--email", help="Email of a new contributor (default: git config user.email).")
@click.option(
    "--github", help="GitHub login of a new contributor (default: read from a GitHub noreply email, else none)."
)
@click.option("--bio", help="A few words about a new contributor.")
@input_option(deprecated_alias="--interactive")
@click.pass_obj
def new(obj: Invocation, kind: str, ask: bool | None, **given: str | tuple[str, ...] | None) -> None:
    """Create a contribution, a purpose charter or a contributor profile that passes `check`.

    Asks for what the options do not give (with defaults from git and the community), writes
    the file where it belongs, and never overwrites one.

    \b
    Examples:
      rallypoint new article
      rallypoint new note --purpose repair-cafes --title "Bring a spare fuse" --no-input
      rallypoint new contributor --handle carol --name "Carol Díaz"
    """
    from ..workflow import new as scaffold

    created = scaffold.create_file(obj.directory, kind, scaffold.Given(**given), asker(ask))
    click.echo(f"Created {created}\nNext: edit it, run `rallypoint check`, preview with `rallypoint serve`.")


@click.command()
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The community's name (default: from DIR's name).")
@click.option("--purpose-title", help="The title of its first purpose charter.")
@click.option("--handle", help="Your handle (default: from git's user.name).")
@click.option("--creator-name", "person_name", help="Your name (default: git's user.name).")
@click.option("--email", help="Your email as git records it (default: git's user.email).")
@click.option("--github", help="Your GitHub login (default: read from a GitHub noreply email, else none).")
@click.option(
    "--site-url", help="Where the site will be published (default: the GitHub Pages address of a GitHub origin)."
)
@click.option("--git", "commit", is_flag=True, help="Make DIR a git repository with a first commit by you.")
@input_option()
@click.pass_obj
def init(obj: Invocation, directory: Path, commit: bool, ask: bool | None, **given: str | None) -> None:
    """Create a new community in DIR: a new or empty folder, or an existing repository, to which
    it adds only the files that are missing. Nothing is ever overwritten.

    Asks for the community's name, its first purpose and who you are, offering defaults from
    DIR's name and git's user.name and user.email; options answer in advance. Without a
    terminal (as in CI), it takes the defaults without asking.

    \b
    Example:
      rallypoint init eastfield-gardeners --git --handle amara
    """
    from ..workflow import init as starter

    target = obj.path(directory)
    written = starter.start_community(target, given, asker(ask), git=commit)
    click.echo(f"Created {target}" + (", with a first commit:" if commit else ":"))
    for path in written:
        click.echo(f"  {path.relative_to(target)}")
    click.echo(f"Next:\n  cd {os.path.relpath(target)}\n  rallypoint check\n  rallypoint serve")


@click.command()
@click.option("--check", "verify", is_flag=True, help="Only verify: exit 1 when the file is out of date.")
@click.pass_obj
def codeowners(obj: Invocation, verify: bool) -> None:
    """Write .github/CODEOWNERS from the charters, or verify it with --check.

    A purpose's maintainers own its charter and content folder; the community's maintainers
    own community.yml, .mailmap and .github/.

    \b
    Example:
      rallypoint codeowners --check
    """
    from ..workflow.codeowners import PATH, update_codeowners

    update = update_codeowners(obj.directory, write=not verify)
    if update.checked.errors:
        print_diagnostics(update.checked.diagnostics, update.checked.files_checked, "text")
        sys.exit(1)
    for handle in update.left_out:
        click.echo(
            f"warning: {handle} is left out of {PATH}: contributors/{handle}.yml has no `github` login "
            "(rallypoint never takes a handle for one); add `github: <their login>` to it",
            err=True,
        )
    if verify and not update.current:
        click.echo(f"{PATH} is out of date with the charters; run `rallypoint codeowners`.", err=True)
        sys.exit(1)
    done = "is up to date" if verify else "written" if update.written else "already up to date"
    click.echo(f"{PATH} {done}.")


_WORKFLOW_COLOUR = {"current": "green", "edited": "yellow", "missing": "red", "outdated": "red", "newer": "red"}


@click.command()
@click.option("--check", "verify", is_flag=True, help="Only verify: exit 1 when a file is missing or out of date.")
@click.option("--force", is_flag=True, help="Also replace files edited by hand, and go back to an older rallypoint.")
@click.pass_obj
def workflows(obj: Invocation, verify: bool, force: bool) -> None:
    """Bring the GitHub workflows, Dependabot settings and rallypoint pin up to date for this rallypoint.

    Upgrading is this command and one pull request: the pin in .github/requirements.txt becomes
    the installed release and the workflows what it writes. A file edited by hand is left alone.

    \b
    Examples:
      rallypoint workflows --check
      pip install --upgrade rallypoint && rallypoint workflows
    """
    from ..workflow.workflows import update_workflows

    update = update_workflows(obj.directory, write=not verify, force=force)
    if update.blocking:
        print_diagnostics(update.blocking, 1, "text")
        sys.exit(1)
    width = max(len(f.path) for f in update.files)
    for f in update.files:
        colour = "cyan" if f.written else _WORKFLOW_COLOUR[f.state]
        click.echo(f"{f.path.ljust(width)}  {click.style(f.message, fg=colour)}")
    if not update.ok:
        click.echo(
            "Run `rallypoint workflows` to bring them up to date." if verify else "Nothing was written.", err=True
        )
        sys.exit(1)


@click.command(name="mv")
@click.argument("old")
@click.argument("new")
@click.pass_obj
def move(obj: Invocation, old: str, new: str) -> None:
    """Rename a contribution with `git mv` and rewrite every [[link]] and reference to it.

    OLD is purpose/slug, a unique slug or the file's path; NEW is purpose/slug, or a slug that
    keeps the purpose. Nothing changes when the move is refused.

    \b
    Example:
      rallypoint mv repair/drain-pump replace-drain-pump
    """
    from ..workflow.move import move_contribution

    done = move_contribution(obj.directory, old, new)
    how = "git mv" if done.with_git else "renamed (not in git: history will not follow)"
    click.echo(f"{done.old_path} → {done.new_path} ({how})")
    for path, count in sorted(done.rewritten.items()):
        click.echo(f"  {path}: {count} link{'' if count == 1 else 's'} or reference{'' if count == 1 else 's'} mended")
    click.echo("Next: review with `git diff --staged` and `git diff`, run `rallypoint check`, then commit.")


@click.command(name="import")
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--purpose", required=True, help="Purpose id the pages go to: content/<ID>/ (a charter is made if none).")
@click.option("--kind", help="Kind of every page [default: post for dated Jekyll posts, else article].")
@click.option("--tag", "tags", multiple=True, help="A tag for every page (repeat for several).")
@click.option(
    "--commit",
    is_flag=True,
    help="Commit the moves, then the rewrites, then .git-blame-ignore-revs listing both (they are no one's edit).",
)
@format_option("text", "json")
@click.pass_obj
def import_(obj: Invocation, paths: tuple[Path, ...], fmt: str, **given) -> None:
    """Move existing Markdown (MkDocs, Jekyll, Hugo, a GitHub wiki, plain folders) into the community.

    Pages move to content/<ID>/<slug>.md as with `git mv`, so history follows; front matter,
    links between them and their authors' profiles are rewritten for rallypoint. Nothing is
    touched when the import cannot be done.

    \b
    Example:
      rallypoint init . && rallypoint import docs --purpose handbook --commit && rallypoint build
    """
    from ..workflow.importer import import_pages

    report = import_pages(obj.directory, [obj.path(p) for p in paths], **given)
    text = json.dumps(report.as_dict(), indent=2, ensure_ascii=False) if fmt == "json" else report.as_text()
    click.echo(text)
    sys.exit(1 if any(x.severity == "error" for x in report.problems) else 0)


@click.command()
@click.argument("slug")
@click.pass_obj
def endorse(obj: Invocation, slug: str) -> None:
    """Endorse an idea: add yourself to its `endorsed_by` and commit that as you.

    You are the profile whose `emails` (or `github` noreply address) holds git's user.email.
    SLUG is the idea's slug, or purpose/slug when several purposes have one.

    \b
    Example:
      rallypoint endorse shared-repair-log
    """
    from ..workflow.endorse import endorse as endorse_idea

    done = endorse_idea(obj.directory, slug)
    if done.commit is None:
        click.echo(f"{done.handle} already endorses {done.idea.key}; nothing to do")
    else:
        click.echo(f"{done.handle} endorses {done.idea.key} (commit {done.commit[:12]})")


@click.command()
@click.argument("slug")
@click.argument("p", type=float)
@click.pass_obj
def predict(obj: Invocation, slug: str, p: float) -> None:
    """Predict a forecast: append your probability of yes, dated today, and commit that as you.

    Predictions are append-only: to change your mind, predict again. P is between 0 and 1.

    \b
    Example:
      rallypoint predict twenty-pump-guides 0.7
    """
    from ..workflow.forecast import predict as predict_forecast

    done = predict_forecast(obj.directory, slug, p)
    click.echo(f"{done.handle} predicts {done.forecast.key}: {done.line} (commit {done.commit[:12]})")


@click.command()
@click.argument("slug")
@click.argument("outcome", type=click.Choice(["yes", "no"]))
@click.pass_obj
def resolve(obj: Invocation, slug: str, outcome: str) -> None:
    """Resolve a forecast yes or no, dated today, and commit that as you (a maintainer of its purpose).

    A forecast with `resolves: goal:<id>` resolves itself from the goal's count on `closes`.

    \b
    Example:
      rallypoint resolve twenty-pump-guides yes
    """
    from ..workflow.forecast import resolve as resolve_forecast

    done = resolve_forecast(obj.directory, slug, outcome)
    click.echo(f"{done.handle} resolves {done.forecast.key} {outcome} (commit {done.commit[:12]})")
