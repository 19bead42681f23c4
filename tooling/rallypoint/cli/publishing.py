"""The commands that make the site: ``build`` and ``serve``."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import click

from ..model.schema import BUILD_ENGINES
from .options import Invocation, format_option, print_diagnostics


class _Progress:
    """A bar on a terminal; a few plain lines in CI or when stderr is not a terminal."""

    def __init__(self) -> None:
        self.interactive = sys.stderr.isatty() and not os.environ.get("CI")
        self.label: str | None = None
        self.bar = None
        self.shown = -1

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __call__(self, label: str, done: int, total: int) -> None:
        if label != self.label:
            self.close()
            self.label, self.shown = label, -1
            if self.interactive and total > 1:
                self.bar = click.progressbar(
                    length=total, label=label.ljust(14), file=sys.stderr, show_pos=True, width=30
                )
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


@click.command()
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where to write the site (default: site/ in the community root).",
)
@click.option(
    "--engine",
    type=click.Choice(BUILD_ENGINES),
    default=None,
    help="What builds the site (default: community.yml's build.engine, else material).",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Treat warnings (shallow history, a page too slow to render) as errors; wanted pages are never errors.",
)
@click.option(
    "--site-url",
    metavar="URL",
    callback=lambda _ctx, _param, value: _site_url(value),
    help="Where the site is published (overrides community.yml's site_url); feeds and the sitemap link with it.",
)
@click.option(
    "--shard",
    metavar="K/N",
    help="Build part K of N (pages split by a hash of their path) for `rallypoint merge`; Material only.",
)
@click.option(
    "--no-cache",
    "no_cache",
    is_flag=True,
    help="Build everything anew, neither reading nor writing .rallypoint-cache/.",
)
@format_option("text", "json", "github", help="How to print the checks' diagnostics.")
@click.option("-v", "--verbose", is_flag=True, help="Show the engine's own log.")
@click.pass_obj
def build(
    obj: Invocation,
    site_dir: Path | None,
    engine: str | None,
    strict: bool,
    site_url: str | None,
    shard: str | None,
    no_cache: bool,
    fmt: str,
    verbose: bool,
) -> None:
    """Check the community, then build its site with mkdocs-material or Zensical.

    Errors stop the build with the same diagnostics as `check`; the previous site stays as
    it was unless the new one is complete. Pages that did not change since the last build come
    from .rallypoint-cache/ (Material). `--engine zensical` needs
    `pip install "rallypoint[zensical]"`.

    \b
    Example:
      rallypoint build --strict --site-dir public
      rallypoint build --site-url https://owner.github.io/repo/
      rallypoint build --engine zensical
      rallypoint build --shard 2/4 --site-dir part-2
    """
    from ..site import build as site

    part = site.Shard.parse(shard) if shard else None
    with _Progress() as progress:  # closed before any message, even when the build fails
        result = site.build_site(
            obj.directory,
            site_dir and obj.path(site_dir),
            engine=engine,
            strict=strict,
            progress=progress,
            verbose=verbose,
            site_url=site_url,
            cache=not no_cache,
            shard=part,
        )
    print_diagnostics(result.diagnostics, result.files_checked, fmt, quiet_when_clean=True)
    if result.site_dir is None:
        click.echo("Build stopped: fix the errors above first.", err=True)
        sys.exit(1)
    if not result.site_url:
        click.echo(
            "Note: no site_url (community.yml or --site-url), so feed links are relative and the "
            "sitemap lists no page.",
            err=True,
        )
    index = result.site_dir / "index.html"
    if part is not None:
        click.echo(f"Built part {part} of the site into {result.site_dir}; join the parts with `rallypoint merge`.")
        return
    cached = f", {result.reused:,} from the cache" if result.reused else ""
    click.echo(
        f"Built {result.pages:,} pages ({result.size / 1e6:,.1f} MB{cached}) into {result.site_dir}\n"
        f"Open {index.as_uri()} or preview with `rallypoint serve`.",
        err=fmt != "text",
    )


@click.command()
@click.argument("parts", nargs=-1, required=True, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--site-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("site"),
    show_default=True,
    help="Where to write the joined site.",
)
@click.pass_obj
def merge(obj: Invocation, parts: tuple[Path, ...], site_dir: Path) -> None:
    """Join the parts that `rallypoint build --shard K/N` made into one site.

    Checks that the parts come from the same commit and options, that all N are there and
    that no file is in two; the joined site is the one a single `build` makes, and replaces
    the previous one only when complete.

    \b
    Example:
      rallypoint merge part-1 part-2 part-3 --site-dir site
    """
    from ..site import build as site

    files = site.merge_sites([obj.path(p) for p in parts], obj.path(site_dir))
    click.echo(f"Merged {len(parts)} parts ({files:,} files) into {obj.path(site_dir)}")


def _site_url(value: str | None) -> str | None:
    if not value:  # empty, as in a workflow where Pages gave no address: community.yml's, if any
        return None
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", value):
        raise click.BadParameter(f"{value!r} is not an http(s) address, like https://owner.github.io/repo/")
    return value if value.endswith("/") else value + "/"


@click.command()
@click.option(
    "-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT", help="Address to serve on."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.pass_obj
def serve(obj: Invocation, dev_addr: str, open_browser: bool) -> None:
    """Preview the site on localhost, rebuilding and reloading when a file changes.

    Watches contributions, charters, profiles, community.yml and site_templates/, and says
    what each rebuild found; while a file has errors, the browser shows them instead.

    \b
    Example:
      rallypoint serve -a 127.0.0.1:8080
    """
    from ..site import build as site

    site.serve_site(obj.directory, dev_addr, open_browser=open_browser, say=_say)


_SAY_COLOURS = {"serving": "green", "rebuilt": "cyan", "failed": "red"}


def _say(kind: str, text: str) -> None:
    """One line per event, coloured on a terminal (click.echo drops the colour elsewhere)."""
    first, _, rest = text.partition("\n")
    click.echo(click.style(first, fg=_SAY_COLOURS[kind], bold=kind == "failed") + (f"\n{rest}" if rest else ""))
