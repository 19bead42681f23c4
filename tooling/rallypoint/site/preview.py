"""``rallypoint serve``: MkDocs' live-reload server, rebuilding with the checks first and
saying what it does.

Each rebuild loads the community once (as ``build`` does) and hands it to the plugin, with the
build cache (:mod:`.cache`): only the pages an edit changed go through MkDocs again. When the
checks or the engine fail, every page of the preview is an error page listing the
diagnostics; it carries the live-reload script, so the browser shows the site again as soon
as a fixed file is saved.
"""

from __future__ import annotations

import html
import logging
import os
import re
import signal
import threading
import time
from collections.abc import Callable
from pathlib import Path

import watchdog.events
from mkdocs.livereload import LiveReloadServer

from .. import output
from ..addresses import COMMUNITY_FILE, FOLDERS
from ..errors import UsageProblem
from ..model.community import load_community
from .cache import PageCache
from .cache_stages import cached_history
from .selection import Selection

Say = Callable[[str, str], None]
"""How the preview reports: ``say(kind, text)``, kind one of serving, rebuilt, failed."""

_ERROR_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Build failed · rallypoint serve</title>
<style>body{{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.5}}
pre{{background:#f6f6f6;padding:1rem;overflow-x:auto;white-space:pre-wrap}}h1{{color:#b00020}}</style></head>
<body><h1>The site could not be built</h1>
<p>Fix the problems below and save: this page turns back into the site by itself.</p>
<pre id="rallypoint-diagnostics">{diagnostics}</pre></body></html>
"""


class PreviewServer(LiveReloadServer):
    """MkDocs' server that remembers which files changed, and shows a failed build's error page."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.failure: bytes | None = None
        self.changed: set[str] = set()
        self._changed_lock = threading.Lock()
        self._bound = False

    def server_bind(self) -> None:
        """Bind once: :func:`serve` binds before the first build, so a taken port fails at once."""
        if not self._bound:
            super().server_bind()
            self._bound = True

    def watch(self, path: str, func: None = None, *, recursive: bool = True) -> None:
        new = os.path.abspath(path) not in self._watched_paths
        super().watch(path, func, recursive=recursive)
        if new:
            recorder = watchdog.events.FileSystemEventHandler()
            recorder.on_any_event = self._record  # type: ignore[method-assign]
            self.observer.schedule(recorder, os.path.abspath(path), recursive=recursive)

    def _record(self, event: watchdog.events.FileSystemEvent) -> None:
        if not event.is_directory:
            with self._changed_lock:
                self.changed.add(os.fsdecode(event.src_path))

    def take_changed(self) -> list[str]:
        with self._changed_lock:
            changed, self.changed = sorted(self.changed), set()
        return changed

    def _serve_request(self, environ, start_response):
        path = environ["PATH_INFO"]
        failure = self.failure
        if failure is None or path.startswith("/livereload/") or not (path.endswith("/") or path.endswith(".html")):
            return super()._serve_request(environ, start_response)
        with self._epoch_cond:
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
            page = self._inject_js_into_html(self.failure or failure, self._visible_epoch)
        start_response("500 Build failed", [("Content-Type", "text/html; charset=utf-8")])
        return [page]


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_ADDRESS = re.compile(r"(?P<host>[\w.-]+|\[[0-9a-fA-F:]+\]):(?P<port>\d{1,5})")


def plain(text: str) -> str:
    """``text`` without the colour codes of diagnostics printed for a terminal."""
    return _ANSI.sub("", text)


def error_page(text: str) -> bytes:
    return _ERROR_PAGE.format(diagnostics=html.escape(plain(text))).encode()


def _what_changed(root: Path, changed: list[str]) -> str | None:
    """The changed files by their path in the community (the first three); None before the first build."""
    names = []
    for path in changed:
        try:
            names.append(Path(path).resolve().relative_to(root).as_posix())
        except ValueError:
            names.append(path)
    if not names:
        return None
    shown = ", ".join(names[:3])
    return shown + (f" and {len(names) - 3} more" if len(names) > 3 else "")


def serve(root: Path, config_file: Path, dev_addr: str, open_browser: bool, say: Say) -> None:
    """Serve the site built from ``config_file`` (rallypoint's mkdocs.yml) until interrupted."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site_dir = config_file.parent / "site"
    address = _ADDRESS.fullmatch(dev_addr)
    if address is None or not 0 < int(address["port"]) < 65536:
        raise UsageProblem(f"`{dev_addr}` is not an address to serve on; give IP:PORT, like 127.0.0.1:8000")
    host = address["host"].strip("[]")
    server = PreviewServer(builder=lambda: None, host=host, port=int(address["port"]), root=str(site_dir))

    def config():
        loaded = load_config(str(config_file), site_dir=str(site_dir))
        loaded.site_url = server.url
        return loaded

    def builder() -> None:
        changed = _what_changed(root, server.take_changed())
        started = time.monotonic()
        try:
            result = load_community(root, cache=True)
            if result.errors:
                raise _Failed(output.as_text(result.diagnostics, result.files_checked))
            loaded = config()
            plugin = loaded.plugins["rallypoint"]
            plugin.preload(result, cached_history(root, result.community.settings.bots))
            plugin.selection = Selection(PageCache(root))
            build(loaded, serve_url=server.url)
            plugin.selection.cache.commit()
        except (Exception, SystemExit) as exc:  # MkDocs aborts with SystemExit; the server keeps running
            text = exc.text if isinstance(exc, _Failed) else f"{type(exc).__name__}: {exc}"
            server.failure = error_page(text)
            after = f" after {changed} changed" if changed else ""
            say("failed", f"Build failed{after}; the browser shows why:\n{plain(text).rstrip()}")
            return
        server.failure = None
        took = f"{time.monotonic() - started:.1f} s"
        say("rebuilt", f"Rebuilt in {took} after {changed} changed" if changed else f"Built the site in {took}")

    server.builder = builder
    try:
        server.server_bind()
    except OSError as error:  # the port is taken, or the address is not this machine's
        server.server_close()
        raise UsageProblem(f"cannot serve on {dev_addr}: {error.strerror or error}; choose another with -a") from None
    builder()
    for watched in (*FOLDERS, COMMUNITY_FILE, "site_templates", ".mailmap"):
        if (root / watched).exists():
            server.watch(str(root / watched))
    say("serving", f"Serving on {server.url} (Ctrl+C to stop)")
    quiet = logging.getLogger("mkdocs.livereload")  # its "Browser connected" and 404 lines
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    stop = signal.signal(signal.SIGTERM, _interrupt)  # a terminated preview cleans up as after Ctrl+C
    try:
        server.serve(open_in_browser=open_browser)
    except KeyboardInterrupt:
        pass
    finally:
        signal.signal(signal.SIGTERM, stop)
        quiet.setLevel(level)
        server.shutdown()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


class _Failed(Exception):
    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text
