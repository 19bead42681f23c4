"""The commands that write files: ``new``, ``init`` and ``codeowners``; none of them ever overwrites one."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .options import Invocation, asker, input_option, print_diagnostics

NEW_KINDS = ("article", "post", "note", "bookmark", "idea", "question", "answer", "purpose", "contributor")


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
@click.option("--id", "purpose_id", help="Id of a new purpose (default: from the title).")
@click.option("--maintainer", "maintainers", multiple=True, help="Maintainer handle of a new purpose.")
@click.option("--handle", help="Handle of a new contributor.")
@click.option("--name", help="Name of a new contributor (default: git config user.name).")
@click.option("--email", help="Email of a new contributor (default: git config user.email).")
@click.option("--github", help="GitHub login of a new contributor (default: the handle).")
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
@click.option("--git", "commit", is_flag=True, help="Make DIR a git repository with a first commit by you.")
@input_option()
@click.pass_obj
def init(obj: Invocation, directory: Path, commit: bool, ask: bool | None, **given: str | None) -> None:
    """Create a new community in DIR, which must be new or empty: nothing is ever overwritten.

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
    if verify and not update.current:
        click.echo(f"{PATH} is out of date with the charters; run `rallypoint codeowners`.", err=True)
        sys.exit(1)
    done = "is up to date" if verify else "written" if update.written else "already up to date"
    click.echo(f"{PATH} {done}.")
