"""Pages of the site, rendered from Jinja2 templates with ready-made indexes.

Every page is a generated ``<folder>/index.md`` (:class:`~rallypoint.addresses.Page` says
where), and templates get every URL from their ``url(page)`` or ``url(kind, id)`` helper. The
Markdown file only carries the page's meta and a marker; the template's HTML replaces the
marker after MkDocs renders it, so Python-Markdown never re-parses the templates' HTML (it was
most of the build time). Contribution bodies are rendered and sanitised separately and go
where BODY_MARKER stands.
"""

from __future__ import annotations

import functools
import html
import json
import multiprocessing as mp
import os
import re
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from ..addresses import HOME, REPORT_FILE, Page, contribution_key, goal_anchor
from ..history.log import History
from ..measures import STATES
from ..model.records import Community
from .boards import emit_boards, emit_long_lists, numbered
from .charts import purpose_charts
from .contribute import answer_invitation, purpose_invitation
from .forecasts import all_forecasts, probability_chart, shown_scores
from .i18n import ENGLISH, Language
from .indexes import KIND_PLURALS, Indexes
from .pagination import LIST_SIZE, PAGE_SIZE, paginate
from .words import install_language

BODY_MARKER = "<!-- rallypoint:body -->"
PAGE_MARKER = "<!-- rallypoint:page -->"
ANSWER_MARKER = "<!-- rallypoint:answer:{} -->"
"""Where a question's page shows the whole body of its answer with this contribution key."""
NOTE_MARKER = "<!-- rallypoint:note:{} -->"
"""Where a stream shows the whole body of the note or post with this contribution key."""
STREAM_KINDS = ("note", "post")
STREAM_SIZE = 30
"""Notes and posts on /notes/: the newest only, so the page stays small at any size of community."""
PURPOSE_STREAM_SIZE = 10
NOTES_PAGE = Page("notes")
ANSWERS_SHOWN = 10
"""Answers a question's page shows whole (the accepted one first); it links to the others."""


def _default_templates() -> Path:
    from importlib.resources import files

    return Path(str(files("rallypoint.site_templates")))


DEFAULT_TEMPLATES = _default_templates()


_SEARCHED = frozenset({"contribution", "purpose"})
_WITH_BODY = frozenset({"contribution", "purpose"})
"""Pages that show a body of their own."""


@dataclass
class SitePages:
    """Generated Markdown pages, the contribution each page shows, and the feeds to write."""

    pages: dict[str, str] = field(default_factory=dict)  # src path → Markdown stub with the page's meta
    html: dict[str, str] = field(default_factory=dict)
    """src path → the page's HTML, for the pages :meth:`render_html` rendered."""
    jobs: dict[str, _Job] = field(default_factory=dict)
    """src path → what renders the page's HTML (:func:`render_page`)."""
    shared: dict = field(default_factory=dict)
    """The context every page's template is given."""
    bodies: dict[str, Page] = field(default_factory=dict)
    """src path → the page there, when its HTML has bodies to fill in (its own, or others')."""
    shown: dict[str, list[str]] = field(default_factory=dict)
    """src path → the contributions whose whole bodies it shows besides its own (answers, notes)."""

    def render_html(self, srcs=None) -> None:
        """Render the HTML of the pages ``srcs`` (all by default) into :attr:`html`."""
        wanted = [self.jobs[src] for src in (self.jobs if srcs is None else srcs) if src not in self.html]
        for (_, here, _), text in zip(wanted, _render_all(wanted, self.shared), strict=True):
            self.html[here.src] = text

    def showings(self) -> list[tuple[Page, Page]]:
        """Every body to render, as (page of the body, page it is shown on)."""
        out = [(page, page) for page in self.bodies.values() if page.kind in _WITH_BODY]
        for src, keys in self.shown.items():
            here = self.bodies[src]
            out.extend((Page("contribution", key), here) for key in keys)
        return out


def template_environment(community_root: Path, *, language: Language = ENGLISH) -> jinja2.Environment:
    """Templates from the community's own site_templates/ first, then the defaults, with their
    strings, dates and numbers in ``language``."""
    search = [community_root / "site_templates", DEFAULT_TEMPLATES]
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(p) for p in search if p.is_dir()]),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["domain"] = lambda url: urlsplit(url).hostname or url
    install_language(env, language)
    return env


def edit_links(community: Community, path: str) -> tuple[str | None, str | None]:
    """Edit and history URLs on the forge when community.yml has repo_url (GitHub layout)."""
    repo = community.settings.repo_url
    if not repo:
        return None, None
    repo = repo.rstrip("/")
    if repo.endswith(".git"):
        repo = repo[:-4]
    return f"{repo}/edit/HEAD/{path}", f"{repo}/commits/HEAD/{path}"


def render_pages(
    community: Community, indexes: Indexes, history: History, env: jinja2.Environment, *, lazy: bool = False
) -> SitePages:
    """Every page of the site, in a stable order; with ``lazy``, their HTML is rendered only when
    asked for (:meth:`SitePages.render_html`, :func:`render_page`)."""
    out = SitePages()
    items = community.contributions
    lang: Language = env.globals.get("lang", ENGLISH)
    _, word = lang.gettext, env.globals["word"]
    shared = {
        "community": community,
        "settings": community.settings,
        "ix": indexes,
        "items": items,
        "people": indexes.people,
        "purposes": community.purposes,
        "kinds": KIND_PLURALS,
        "history": history,
        "goal_anchor": goal_anchor,
        "goal_states": STATES,
        "report_file": REPORT_FILE,
        "body_marker": BODY_MARKER,
        "answer_marker": ANSWER_MARKER.format,
        "note_marker": NOTE_MARKER.format,
        "work_label": env.globals["work_label"],
        "percent": lang.percent,
        "list_size": LIST_SIZE,
        "answers_shown": ANSWERS_SHOWN,
    }
    today = indexes.measures.today
    charts = {
        pid: purpose_charts(measured, community.purposes[pid].started, today)
        for pid, measured in indexes.measures.purposes.items()
    }

    out.shared = shared

    def emit(template: str, here: Page, **context) -> None:
        _stub(out, here, shared, context)
        out.jobs[here.src] = (env.get_template(template), here, context)

    cloud = _cloud(indexes.tags)
    top = sorted(sorted(cloud, key=lambda t: -t[1])[:PAGE_SIZE])  # the most used, A to Z
    emit("home.html.jinja", HOME, title=community.settings.name or _("Home"), top_tags=top)
    emit("purposes.html.jinja", Page("purposes"), title=_("Purposes"))
    stream, streams = _streams(community)
    for pid, purpose in community.purposes.items():
        page = Page("purpose", pid)
        edit_url, history_url = edit_links(community, purpose.path)
        emit(
            "purpose.html.jinja",
            page,
            title=purpose.title,
            purpose=purpose,
            entry=indexes.purposes[pid],
            edit_url=edit_url,
            history_url=history_url,
            page_history=indexes.histories.get(purpose.path),
            measured=indexes.measures.purposes[pid],
            purpose_charts=charts[pid],
            today=today,
            contribute=purpose_invitation(community, pid, lang),
            stream=streams.get(pid, []),
        )
        out.bodies[page.src] = page
        out.shown[page.src] = streams.get(pid, [])
        for kind, keys in indexes.purposes[pid].by_kind:
            title = _("%(kinds)s in %(purpose)s") % {"kinds": word("kinds", kind), "purpose": purpose.title}
            for here, listed, pager in paginate(Page("listing", f"{pid}/{kind}"), keys):
                emit(
                    "listing.html.jinja",
                    here,
                    title=numbered(lang, title, pager),
                    purpose=purpose,
                    keys=listed,
                    pager=pager,
                )
    emit("dashboard.html.jinja", Page("dashboard"), title=_("Dashboard"), dashboard_charts=charts)
    forecasts = all_forecasts(indexes.measures)

    def contribution(key: str) -> dict:
        """A contribution page's context, made when the page is rendered (in a worker process:
        made up front for 100,000 pages, the contexts held some 300 MB)."""
        item = items[key]
        forecast = forecasts.get(key)
        edit_url, history_url = edit_links(community, item.path)
        question = None
        if item.kind == "answer" and item.answers:
            question = items.get(contribution_key(item.purpose, item.answers))
        return dict(
            title=item.title,
            item=item,
            question=question,
            edit_url=edit_url,
            history_url=history_url,
            page_history=indexes.histories.get(item.path),
            backlinks=indexes.backlinks.get(key, []),
            answers=indexes.answers.get(key, []),
            answer_this=answer_invitation(community, item, lang),
            forecast=forecast,
            forecast_chart=forecast and probability_chart(forecast, item.date, str(today)),
            forecast_scores=forecast and shown_scores(forecast),
        )

    template = env.get_template("contribution.html.jinja")
    for key, item in sorted(items.items()):
        page = Page("contribution", key)
        _stub(out, page, shared, {"title": item.title})
        out.jobs[page.src] = (template, page, functools.partial(contribution, key))
        out.bodies[page.src] = page
        if item.kind == "question":
            out.shown[page.src] = indexes.answers.get(key, [])[:ANSWERS_SHOWN]
    emit("notes.html.jinja", NOTES_PAGE, title=_("Notes and posts"), stream=stream, total=_stream_total(community))
    out.bodies[NOTES_PAGE.src] = NOTES_PAGE
    out.shown[NOTES_PAGE.src] = stream
    for here, listed, pager in paginate(Page("contributors"), list(indexes.people.items())):
        title = numbered(lang, _("Contributors"), pager)
        emit("contributors.html.jinja", here, title=title, listed=listed, pager=pager)
    for person_key, person in indexes.people.items():
        emit("contributor.html.jinja", Page("person", person_key), title=person.name, person=person)
    for here, listed, pager in paginate(Page("tags"), cloud):
        emit("tags.html.jinja", here, title=numbered(lang, _("Tags"), pager), cloud=top, listed=listed, pager=pager)
    for tag, keys in indexes.tags.items():
        for here, listed, pager in paginate(Page("tag", tag), keys):
            title = numbered(lang, _("Tag: %(tag)s") % {"tag": tag}, pager)
            emit("tag.html.jinja", here, title=title, tag=tag, keys=listed, pager=pager)
    emit("changes.html.jinja", Page("changes"), title=_("Recent changes"))
    emit("search.html.jinja", Page("search"), title=_("Search"))
    emit_boards(emit, community, indexes, lang)
    emit_long_lists(emit, community, indexes, lang, LIST_SIZE)
    if not lazy:
        out.render_html()
    return out


def render_page(pages: SitePages, src: str) -> str:
    """The HTML of the page ``src``, rendered here and not kept."""
    return pages.html.get(src) or _render(pages.jobs[src], pages.shared)


@functools.cache
def _path_of(kind: str, id: str) -> str:
    return Page(kind, id).path


_Job = tuple[jinja2.Template, Page, dict | Callable[[], dict]]
"""A page to render: its template, the page, and what it shows besides the shared context (or
what makes that when the page is rendered)."""
PARALLEL_FROM = 400
"""Pages from which render_pages renders in two forked processes (with fewer, forking costs
about what it saves)."""
_CHUNK = 100
_RENDERING: tuple[list[_Job], dict] | None = None


def _render_all(jobs: list[_Job], shared: dict) -> list[str]:
    """Each page's HTML, in the order of ``jobs``: in two forked processes when there are many
    and nothing else runs in this process (``serve``'s server threads would be forked too). The
    pages are the same, byte for byte, either way."""
    alone = threading.active_count() == 1 and (os.cpu_count() or 1) > 1
    if len(jobs) < PARALLEL_FROM or not alone or "fork" not in mp.get_all_start_methods():
        return [_render(job, shared) for job in jobs]
    global _RENDERING
    _RENDERING = (jobs, shared)
    try:
        with ProcessPoolExecutor(2, mp_context=mp.get_context("fork")) as pool:
            chunks = pool.map(_render_chunk, range(0, len(jobs), _CHUNK))
            return [text for chunk in chunks for text in chunk]
    except Exception:
        # A community template's error comes back from a worker without its details (not every
        # exception pickles whole): render here, where it is raised as it is.
        return [_render(job, shared) for job in jobs]
    finally:
        _RENDERING = None


def _render_chunk(start: int) -> list[str]:
    jobs, shared = _RENDERING
    return [_render(job, shared) for job in jobs[start : start + _CHUNK]]


def _render(job: _Job, shared: dict) -> str:
    """One page's HTML."""
    template, here, context = job
    if not isinstance(context, dict):
        context = context()
    here_path, to_root = here.path, here.to_root

    def url(target: Page | str, id: str = "", anchor: str = "") -> str:
        """``target``'s URL on this page: a Page, or a kind and an id (``url('tag', t)``).
        The same as ``Page.url_from(here)``, from each target's path made once per build:
        templates ask for some 40 URLs a page."""
        path = target.path if isinstance(target, Page) else _path_of(target, id)
        link = "./" if path == here_path else f"{to_root}{path}" or "./"
        return f"{link}#{anchor}" if anchor else link

    def asset(path: str) -> str:
        """The URL on this page of a file given by its path from the site root."""
        return here.to_root + path

    return template.render(**shared, url=url, asset=asset, here=here, page_kind=here.kind, **context)


def _stub(out: SitePages, here: Page, shared: dict, context: dict) -> None:
    """The Markdown stub MkDocs turns into the page: its meta and a marker for its HTML."""
    # MkDocs themes print the page title unescaped in places; escape it here, once.
    title = json.dumps(html.escape(context.get("title", "")), ensure_ascii=True)
    search = "" if here.kind in _SEARCHED else "search: {exclude: true}\n"
    # The dashboard's table needs the width the table of contents would take.
    hide = "[navigation, toc]" if here.kind == "dashboard" else "[navigation]"
    # Reader comments (giscus) only under contributions, and only when community.yml asks.
    comments = "comments: true\n" if here.kind == "contribution" and shared["settings"].giscus else ""
    out.pages[here.src] = f"---\ntitle: {title}\nhide: {hide}\n{search}{comments}---\n{PAGE_MARKER}\n"


def _cloud(tags: dict[str, list[str]]) -> list[tuple[str, int, int]]:
    """(tag, count, weight 1–5) in alphabetical order; weight grows with the log of the count."""
    import math

    if not tags:
        return []
    counts = {t: len(k) for t, k in tags.items()}
    low, high = math.log(min(counts.values())), math.log(max(counts.values()))
    span = (high - low) or 1.0
    return [(t, c, 1 + round(4 * (math.log(c) - low) / span)) for t, c in sorted(counts.items())]


def _streams(community: Community) -> tuple[list[str], dict[str, list[str]]]:
    """The newest notes and posts of everyone, and of each purpose, newest first, capped."""
    items = community.contributions
    mine = [k for k, item in items.items() if item.kind in STREAM_KINDS]
    newest = sorted(mine, key=lambda k: (items[k].date, k), reverse=True)
    by_purpose: dict[str, list[str]] = {}
    for key in newest:
        shown = by_purpose.setdefault(items[key].purpose, [])
        if len(shown) < PURPOSE_STREAM_SIZE:
            shown.append(key)
    return newest[:STREAM_SIZE], by_purpose


def _stream_total(community: Community) -> int:
    return sum(1 for item in community.contributions.values() if item.kind in STREAM_KINDS)


def fill_bodies(html: str, shown: Page, bodies) -> str:
    """A page's HTML with its rendered body in place, and each whole body it shows besides
    (a question's answers, a stream's notes), rendered for this page's address.

    One pass over the template's HTML, so that nothing inside a body is ever taken for a
    marker.
    """

    def body(match: re.Match) -> str:
        if match[1] == "body":
            return bodies.get(shown, shown)
        return bodies.get(Page("contribution", match[2]), shown)

    return _MARKERS.sub(body, html)


_MARKERS = re.compile(r"<!-- rallypoint:(body|(?:answer|note):([a-z0-9/-]+)) -->")
BODY_MARKER_PATTERN = _MARKERS
"""Where bodies go in a page's HTML (the build cache reads which ones a page shows)."""
