"""The commands that make the site: ``build`` and ``serve``."""

from __future__ import annotations

import os
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
@format_option("text", "json", "github", help="How to print the checks' diagnostics.")
@click.option("-v", "--verbose", is_flag=True, help="Show the engine's own log.")
@click.pass_obj
def build(obj: Invocation, site_dir: Path | None, engine: str | None, strict: bool, fmt: str, verbose: bool) -> None:
    """Check the community, then build its site with mkdocs-material or Zensical.

    Errors stop the build with the same diagnostics as `check`; the previous site stays as
    it was unless the new one is complete. `--engine zensical` needs
    `pip install "rallypoint[zensical]"`.

    \b
    Example:
      rallypoint build --strict --site-dir public
      rallypoint build --engine zensical
    """
    from ..site import build as site

    with _Progress() as progress:  # closed before any message, even when the build fails
        result = site.build_site(
            obj.directory,
            site_dir and obj.path(site_dir),
            engine=engine,
            strict=strict,
            progress=progress,
            verbose=verbose,
        )
    print_diagnostics(result.diagnostics, result.files_checked, fmt, quiet_when_clean=True)
    if result.site_dir is None:
        click.echo("Build stopped: fix the errors above first.", err=True)
        sys.exit(1)
    index = result.site_dir / "index.html"
    click.echo(
        f"Built {result.pages:,} pages into {result.site_dir}\nOpen {index.as_uri()} "
        "or preview with `rallypoint serve`.",
        err=fmt != "text",
    )


@click.command()
@click.option(
    "-a", "--dev-addr", default="127.0.0.1:8000", show_default=True, metavar="IP:PORT", help="Address to serve on."
)
@click.option("--open", "open_browser", is_flag=True, help="Open the site in a browser.")
@click.pass_obj
def serve(obj: Invocation, dev_addr: str, open_browser: bool) -> None:
    """Preview the site on localhost, rebuilding and reloading when a file changes.

    Watches contributions, charters, profiles, community.yml and site_templates/.

    \b
    Example:
      rallypoint serve -a 127.0.0.1:8080
    """
    from ..site import build as site

    problems = site.serve_site(obj.directory, dev_addr, open_browser=open_browser)
    if problems:
        print_diagnostics(problems, 0, "text")
        sys.exit(1)
