"""The ``rallypoint`` command: a thin shell that parses options, calls the core and formats results."""
from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

import click

from .. import __version__

KINDS_OF_FILE = ("community", "purpose", "contribution", "contributor")


class _Context:
    def __init__(self, directory: Path):
        self.directory = directory


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("-C", "directory", type=click.Path(file_okay=False, path_type=Path), default=".",
              help="Run as if started in DIR.")
@click.version_option(__version__, prog_name="rallypoint")
@click.pass_context
def cli(ctx: click.Context, directory: Path) -> None:
    """Validate, aggregate and publish a purpose-driven community that lives in git.

    The community root is the nearest folder upward holding community.yml.
    """
    if not directory.is_dir():
        raise click.BadParameter(f"{directory} is not a folder", param_hint="-C")
    ctx.obj = _Context(directory.resolve())


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for programs, github for Actions annotations.")
@click.pass_obj
def check(obj: _Context, paths: tuple[Path, ...], fmt: str) -> None:
    """Validate the community, or only the files and folders given.

    Exit 0 when clean (warnings allowed), 1 on errors, 2 on usage errors. Never writes a file.

    \b
    Example:
      rallypoint check
      rallypoint check content/repair/drain-pump.md --format json
    """
    from ..model import community

    paths = tuple(p if p.is_absolute() else obj.directory / p for p in paths)
    try:
        result = community.check(obj.directory, paths)
    except (community.NotACommunity, community.OutsideCommunity) as exc:
        raise click.UsageError(str(exc)) from None
    _print_diagnostics(result.diagnostics, result.files_checked, fmt)
    sys.exit(1 if result.errors else 0)


@cli.command()
@click.argument("kind", required=False, type=click.Choice(KINDS_OF_FILE))
def schema(kind: str | None) -> None:
    """Print the JSON Schema of a kind's front matter; with no KIND, all of them in one document.

    Point your editor's YAML support at it to see mistakes while typing (see the README).

    \b
    Example:
      rallypoint schema contribution > .rallypoint/contribution.schema.json
    """
    from ..model import schema as schemas

    if kind:
        document = schemas.json_schema(kind)
    else:
        document = {"$schema": "https://json-schema.org/draft/2020-12/schema",
                    "$id": "https://rallypoint.dev/schema/all.json",
                    "title": "rallypoint front matter",
                    "$defs": {k: schemas.json_schema(k) for k in KINDS_OF_FILE}}
    click.echo(json.dumps(document, indent=2))


@cli.command()
@click.argument("rule", required=False)
@click.option("--format", "fmt", type=click.Choice(["text", "markdown"]), default="text", show_default=True)
def rules(rule: str | None, fmt: str) -> None:
    """List the rules `check` applies, or explain one.

    \b
    Example:
      rallypoint rules RP104
    """
    from .. import output as report
    from ..catalogue import RULES

    if rule is None:
        click.echo(report.rules_table(fmt))
        return
    found = RULES.get(rule.upper()) or next((r for r in RULES.values() if r.name == rule), None)
    if found is None:
        raise click.UsageError(f"no rule {rule}; `rallypoint rules` lists them")
    click.echo(f"{found.id} {found.name} ({found.severity})\n\n{found.summary}\n\nHow to fix: {found.fix}")


@cli.command()
@click.option("--base", required=True, help="The branch the pull request goes into, e.g. origin/main.")
@click.option("--head", default="HEAD", show_default=True, help="The pull request's last commit.")
@click.option("--pr-author", metavar="LOGIN", help="The GitHub login of whoever opened the pull request.")
@click.option("--format", "fmt", type=click.Choice(["markdown", "json", "github"]), default="markdown",
              show_default=True, help="markdown for $GITHUB_STEP_SUMMARY and comments, json, or annotations.")
@click.pass_obj
def review(obj: _Context, base: str, head: str, pr_author: str | None, fmt: str) -> None:
    """Report on a pull request: changes, problems here and elsewhere, newcomers, identity.

    Exit 1 when something blocks the merge, 0 otherwise.

    \b
    Example:
      rallypoint review --base origin/main --pr-author carol >> "$GITHUB_STEP_SUMMARY"
    """
    from ..model import community
    from .. import output as report
    from ..workflow.review import ReviewError, review_pull_request

    try:
        root = community.layout.find_root(obj.directory) or obj.directory
        result = review_pull_request(root, base, head, pr_author)
    except ReviewError as exc:
        raise click.UsageError(str(exc)) from None
    if fmt == "json":
        click.echo(report.as_json(result.diagnostics, result.files_checked, **result.sections()))
    elif fmt == "github":
        if result.diagnostics:
            click.echo(report.as_github(result.diagnostics))
    else:
        click.echo(report.review_markdown(result), nl=False)
    sys.exit(1 if result.errors else 0)


class _Asker:
    """Takes each answer from its option, else asks (on a terminal or with --interactive), else uses the default."""

    def __init__(self, interactive: bool | None):
        self.interactive = sys.stdin.isatty() if interactive is None else interactive

    def __call__(self, given, prompt: str, default=None, check=lambda v: v, option: str = ""):
        from ..workflow.new import ScaffoldError

        if given not in (None, (), ""):
            try:
                return check(given)
            except ScaffoldError as exc:
                raise click.BadParameter(str(exc), param_hint=option) from None
        if self.interactive:
            def convert(value):
                try:
                    return check(value)
                except ScaffoldError as exc:
                    raise click.BadParameter(str(exc)) from None
            return click.prompt(prompt, default=default, value_proc=convert, show_default=default not in (None, ""))
        if default is None:
            raise click.UsageError(f"{option} is needed (or answer the questions with --interactive)")
        return check(default)


def _words(value: str | tuple) -> list[str]:
    if isinstance(value, tuple):
        value = ",".join(value)
    return [w for w in re.split(r"[,\s]+", value or "") if w]


@cli.command()
@click.argument("kind", type=click.Choice(["article", "post", "note", "bookmark", "idea", "question", "answer",
                                           "purpose", "contributor"]))
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
@click.option("--interactive/--no-input", default=None,
              help="Ask for missing answers (default: only on a terminal).")
@click.pass_obj
def new(obj: _Context, kind: str, title, purpose, authors, date, tags, summary, slug, url, answers,
        purpose_id, maintainers, handle, name, email, github, bio, interactive) -> None:
    """Create a contribution, a purpose charter or a contributor profile that passes `check`.

    Asks for what the options do not give (with defaults from git and the community), writes
    the file where it belongs, and never overwrites one.

    \b
    Examples:
      rallypoint new article
      rallypoint new note --purpose repair-cafes --title "Bring a spare fuse" --no-input
      rallypoint new contributor --handle carol --name "Carol Díaz"
    """
    import datetime as dt

    from ..model import community as communities

    from ..workflow import new as scaffold

    try:
        loaded = communities.load_community(obj.directory).community
    except communities.NotACommunity as exc:
        raise click.UsageError(str(exc)) from None
    root = Path(loaded.root)
    ask = _Asker(interactive)
    who = scaffold.git_identity(root)
    today = dt.date.today().isoformat()
    if kind == "contributor":
        person_name = ask(name, "Your name", who.name, option="--name")
        handle = ask(handle, "Handle (lowercase letters, digits, hyphens)", scaffold.slugify(person_name),
                     lambda v: scaffold.check_id(v, "handle"), "--handle")
        email = ask(email, "Email that git records for you", who.email or "", option="--email")
        relative = f"contributors/{handle}.yml"
        text = _made(lambda: scaffold.contributor_text(person_name, email, github, bio))
    elif kind == "purpose":
        title = ask(title, "Title of the purpose", option="--title")
        purpose_id = ask(purpose_id, "Id", scaffold.slugify(title), lambda v: scaffold.check_id(v, "id"), "--id")
        summary = ask(summary, "Why it exists, in one sentence", option="--summary")
        mine = scaffold.me(loaded, who)
        keepers = _words(maintainers) or _words(ask((), "Maintainers (handles)", mine, option="--maintainer"))
        relative = f"purposes/{purpose_id}.md"
        text = _made(lambda: scaffold.purpose_text(loaded, title, summary, keepers, date or today))
    else:
        choices = [p for p in loaded.purposes if kind in loaded.purposes[p].accepts]
        if ask.interactive and not purpose and choices:
            click.echo("Purposes: " + ", ".join(choices))
        purpose = ask(purpose, "Purpose", choices[0] if len(choices) == 1 else None, option="--purpose")
        title = ask(title, "Title", option="--title")
        slug = ask(slug, "Slug (file name and URL)", scaffold.slugify(title),
                   lambda v: scaffold.check_id(v, "slug"), "--slug")
        mine = scaffold.me(loaded, who)
        names = _words(authors) or _words(ask((), "Authors (handles)", mine, option="--author"))
        in_use = scaffold.tags_in_use(loaded)
        if ask.interactive and tags is None and in_use:
            click.echo("Tags in use: " + ", ".join(in_use[:20]))
        tag_list = _words(tags) if tags is not None else _words(ask(None, "Tags (comma-separated)", "",
                                                                    option="--tags"))
        if kind == "bookmark":
            url = ask(url, "URL", option="--url")
        if kind == "answer":
            answers = ask(answers, "Slug of the question it answers", option="--answers")
        relative = f"content/{purpose}/{slug}.md"
        text = _made(lambda: scaffold.contribution_text(loaded, kind, purpose, title, names, date or today,
                                                        tag_list, summary, url, answers))
    try:
        scaffold.write_new(root, relative, text)
    except scaffold.ScaffoldError as exc:
        click.echo(f"Not written: {exc}", err=True)
        sys.exit(1)
    click.echo(f"Created {relative}\nNext: edit it, run `rallypoint check`, preview with `rallypoint serve`.")


def _made(make):
    from ..workflow.new import ScaffoldError

    try:
        return make()
    except ScaffoldError as exc:
        raise click.UsageError(str(exc)) from None


class _Progress:
    """A bar on a terminal; a few plain lines in CI or when stderr is not a terminal."""

    def __init__(self) -> None:
        self.interactive = sys.stderr.isatty() and not os.environ.get("CI")
        self.label: str | None = None
        self.bar = None
        self.shown = -1

    def __call__(self, label: str, done: int, total: int) -> None:
        if label != self.label:
            self.close()
            self.label, self.shown = label, -1
            if self.interactive and total > 1:
                self.bar = click.progressbar(length=total, label=label.ljust(14), file=sys.stderr,
                                             show_pos=True, width=30)
                self.bar.__enter__()
            else:
                click.echo(f"{label} ...", err=True)
        if self.bar is not None:
            self.bar.update(done - self.bar.pos)
        elif total > 1:
            quarter = 4 * done // total
            if quarter > self.shown and quarter > 0:
                self.shown = quarter
                click.echo(f"{label}: {done}/{total}", err=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _print_diagnostics(diagnostics, files: int, fmt: str, quiet_when_clean: bool = False) -> None:
    from .. import output as report

    if fmt == "json":
        click.echo(report.as_json(diagnostics, files))
    elif fmt == "github":
        if diagnostics:
            click.echo(report.as_github(diagnostics))
    elif diagnostics or not quiet_when_clean:
        click.echo(report.as_text(diagnostics, files), err=quiet_when_clean)


@cli.command()
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the site (default: site/ in the community root).")
@click.option("--strict", is_flag=True, help="Treat warnings (wanted pages, shallow history) as errors.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="How to print the checks' diagnostics.")
@click.option("-v", "--verbose", is_flag=True, help="Show MkDocs' own log.")
@click.pass_obj
def build(obj: _Context, site_dir: Path | None, strict: bool, fmt: str, verbose: bool) -> None:
    """Check the community, then build its site with mkdocs-material.

    Errors stop the build with the same diagnostics as `check`; the previous site stays as
    it was unless the new one is complete.

    \b
    Example:
      rallypoint build --strict --site-dir public
    """
    from ..model import community
    from ..site import build as site

    progress = _Progress()
    try:
        result = site.build_site(obj.directory, site_dir if site_dir is None or site_dir.is_absolute()
                                 else obj.directory / site_dir, strict=strict, progress=progress,
                                 verbose=verbose)
    except community.NotACommunity as exc:
        raise click.UsageError(str(exc)) from None
    except site.BuildError as exc:
        progress.close()
        click.echo(f"Build failed: {exc}\nThe previous site was left as it was.", err=True)
        sys.exit(1)
    finally:
        progress.close()
    _print_diagnostics(result.diagnostics, result.files_checked, fmt, quiet_when_clean=True)
    if result.site_dir is None:
        click.echo("Build stopped: fix the errors above first.", err=True)
        sys.exit(1)
    index = result.site_dir / "index.html"
    click.echo(f"Built {result.pages:,} pages into {result.site_dir}\nOpen {index.as_uri()} "
               "or preview with `rallypoint serve`.", err=fmt != "text")


@cli.command()
@click.option("-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT",
              help="Address to serve on.")
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.pass_obj
def serve(obj: _Context, dev_addr: str, open_browser: bool) -> None:
    """Preview the site on localhost, rebuilding and reloading when a file changes.

    Watches contributions, charters, profiles, community.yml and site_templates/.

    \b
    Example:
      rallypoint serve -a 127.0.0.1:8080
    """
    from ..model import community
    from ..site import build as site

    try:
        problems = site.serve_site(obj.directory, dev_addr, open_browser=open_browser)
    except community.NotACommunity as exc:
        raise click.UsageError(str(exc)) from None
    if problems:
        _print_diagnostics(problems, 0, "text")
        sys.exit(1)


@cli.command()
@click.option("--check", "verify", is_flag=True, help="Only verify: exit 1 when the file is out of date.")
@click.pass_obj
def codeowners(obj: _Context, verify: bool) -> None:
    """Write .github/CODEOWNERS from the charters, or verify it with --check.

    A purpose's maintainers own its charter and content folder; the community's maintainers
    own community.yml, .mailmap and .github/.

    \b
    Example:
      rallypoint codeowners --check
    """
    from ..model import community
    from ..workflow.codeowners import PATH, codeowners_status

    try:
        result = community.load_community(obj.directory)
    except community.NotACommunity as exc:
        raise click.UsageError(str(exc)) from None
    if result.errors:
        _print_diagnostics(result.diagnostics, result.files_checked, "text")
        sys.exit(1)
    root = Path(result.community.root)
    expected, current = codeowners_status(root, result.community)
    if verify:
        if not current:
            click.echo(f"{PATH} is out of date with the charters; run `rallypoint codeowners`.", err=True)
            sys.exit(1)
        click.echo(f"{PATH} is up to date.")
        return
    if not current:
        (root / PATH).parent.mkdir(parents=True, exist_ok=True)
        (root / PATH).write_text(expected, encoding="utf-8")
    click.echo(f"{PATH} {'written' if not current else 'already up to date'}.")


@cli.command()
@click.argument("directory", metavar="DIR", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", help="The community's name (default: from DIR's name).")
@click.option("--purpose-title", help="The title of its first purpose charter.")
@click.option("--handle", help="Your handle (default: from git's user.name).")
@click.option("--creator-name", "person_name", help="Your name (default: git's user.name).")
@click.option("--email", help="Your email as git records it (default: git's user.email).")
@click.option("--git", "commit", is_flag=True, help="Make DIR a git repository with a first commit by you.")
@click.option("--input/--no-input", "ask", default=None,
              help="Ask for what the options leave out [default: only on a terminal].")
@click.pass_obj
def init(obj: _Context, directory: Path, commit: bool, ask: bool | None, **given: str | None) -> None:
    """Create a new community in DIR, which must be new or empty: nothing is ever overwritten.

    Asks for the community's name, its first purpose and who you are, offering defaults from
    DIR's name and git's user.name and user.email; options answer in advance. Without a
    terminal (as in CI), it takes the defaults without asking.

    \b
    Example:
      rallypoint init eastfield-gardeners --git --handle amara
    """
    from ..workflow import init as starter

    target = directory if directory.is_absolute() else obj.directory / directory
    chosen: dict[str, str] = {}
    try:
        starter.check_target(target)
        for field, question in starter.QUESTIONS:
            if given[field] is None and (sys.stdin.isatty() if ask is None else ask):
                default = getattr(starter.default_answers(target, **chosen), field)
                given[field] = click.prompt(question, default=default, value_proc=_init_answer(field))
            if given[field] is not None:
                chosen[field] = given[field]
        written = starter.create_community(target, starter.default_answers(target, **chosen), git=commit)
    except starter.StarterError as exc:
        raise click.UsageError(str(exc)) from None
    click.echo(f"Created {target}" + (", with a first commit:" if commit else ":"))
    for path in written:
        click.echo(f"  {path.relative_to(target)}")
    click.echo(f"Next:\n  cd {os.path.relpath(target)}\n  rallypoint check\n  rallypoint serve")


def _init_answer(field: str):
    from ..workflow import init as starter

    def check(value: str) -> str:
        try:
            return starter.check_answer(field, value)
        except starter.StarterError as exc:
            raise click.BadParameter(str(exc)) from None
    return check


def main() -> None:
    """Entry point: every failure that is not a usage error still ends in a message, exit 2."""
    try:
        cli.main(prog_name="rallypoint", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        click.echo("interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # the one place that turns a bug into a message instead of a traceback
        click.echo(f"rallypoint: internal error: {type(exc).__name__}: {exc}\n"
                   "Please report this with the command you ran.", err=True)
        sys.exit(2)
