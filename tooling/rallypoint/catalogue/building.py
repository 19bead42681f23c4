"""Building: what only a build finds out."""

from __future__ import annotations

from ..diagnostics import rule
from ._examples import _example

__all__ = ["PAGES_LIMIT", "RENDER_GUARD", "SHALLOW_HISTORY", "SHARDS_NEED_MATERIAL", "SITE_TOO_LARGE"]

PAGES_LIMIT = 10**9
"""GitHub Pages publishes sites of at most 1 GB."""

SHALLOW_HISTORY = rule(
    "RP401",
    "shallow-history",
    "warning",
    "The git clone is shallow: authors and dates come from part of the history.",
    "Clone with the full history (`git fetch --unshallow`, or actions/checkout with fetch-depth: 0).",
    why="Authors, dates and every page's history come from git; with only the latest commits, "
    "early contributors lose their credit and pages show the wrong dates.",
    bad=_example("""
        # .github/workflows/publish.yml  (a step of the build job)
        - uses: actions/checkout@v4
    """),
    good=_example("""
        # .github/workflows/publish.yml
        - uses: actions/checkout@v4
          with:
            fetch-depth: 0
    """),
)
RENDER_GUARD = rule(
    "RP402",
    "page-not-rendered",
    "warning",
    "A page's Markdown was too slow or too deeply nested to render; the page shows it as plain text.",
    "Simplify the Markdown (fewer nested lists, quotes or brackets) so it renders.",
    why="Pathologically nested Markdown could stall or crash the whole build; shown as plain text, "
    "it lets every other page publish and tells its author what to simplify.",
    bad=_example("""
        # content/cafes/checklist.md  (the body: a list nested 800 levels deep)
        1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. 1. …
    """),
    good=_example("""
        # content/cafes/checklist.md  (the body)
        1. Unplug the kettle.
        2. Descale it.
    """),
)
SITE_TOO_LARGE = rule(
    "RP403",
    "site-too-large",
    "warning",
    "The built site is larger than GitHub Pages' 1 GB limit.",
    "Publish elsewhere, or make the site smaller: fewer or smaller images under content/, fewer pages.",
    why="GitHub Pages refuses to publish a site over 1 GB, so the deploy would fail after a "
    "build that looked fine; the build says so first.",
    bad=_example("""
        # content/cafes/img/  (hundreds of photos straight from a camera, 8 MB each)
        ![Counter](img/counter.jpg)
    """),
    good=_example("""
        # content/cafes/img/  (the same photos resized to 1600 px, about 300 KB each)
        ![Counter](img/counter.jpg)
    """),
)
SHARDS_NEED_MATERIAL = rule(
    "RP404",
    "shards-need-material",
    "error",
    "`build.shards` asks for a sharded build, which only the material engine makes.",
    "Remove `shards` (one build job), or build with `engine: material`.",
    why="With `build: {shards: N}` the publish workflow runs N jobs of `rallypoint build --shard K/N`; "
    "Zensical builds every page in one run, so each of those jobs would fail after the pull request "
    "was merged. `check` says so on the pull request instead.",
    bad=_example("""
        # community.yml
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        build: {engine: zensical, shards: 4}
    """),
    good=_example("""
        # community.yml
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        build: {engine: material, shards: 4}
    """),
)
