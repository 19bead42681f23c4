"""Files and paths: where files live, what they are called, how they are encoded."""

from __future__ import annotations

from ..diagnostics import rule
from ._examples import _example

__all__ = [
    "BAD_FILE_NAME",
    "BIDI_CONTROL",
    "BIDI_PATH",
    "BROKEN_TRANSLATION",
    "DUPLICATE_KEY",
    "EMPTY_FILE",
    "FILE_TOO_LARGE",
    "FILE_TYPE",
    "MISPLACED",
    "NESTED_TOO_DEEP",
    "NOT_A_MAPPING",
    "NOT_UTF8",
    "NO_FRONT_MATTER",
    "NUL_BYTE",
    "PATH_COLLISION",
    "SUBMODULE",
    "SYMLINK",
    "UNCLOSED_FRONT_MATTER",
    "UNREADABLE",
    "YAML_ALIAS",
    "YAML_SYNTAX",
    "YAML_TAG",
]

FILE_TOO_LARGE = rule(
    "RP001",
    "file-too-large",
    "error",
    "A file is larger than the community's size cap.",
    "Split the file, or raise `limits.max_file_bytes` in community.yml.",
    why="One huge file (a pasted log, an image written out as text) slows every check and build "
    "for everyone, and nobody can review it in a pull request. The cap keeps the repository "
    "quick to clone and to build.",
    bad="# content/repair/dryer-error.md  (312,000 bytes: the guide and a whole pasted machine log)",
    good="# content/repair/dryer-error.md  (4,000 bytes: the guide, quoting the log's ten useful lines)",
)
NOT_UTF8 = rule(
    "RP002",
    "not-utf8",
    "error",
    "A file is not valid UTF-8.",
    "Save the file as UTF-8 (a BOM and CRLF line ends are fine).",
    why="Text in another encoding turns into garbled characters on the site and in diffs, so what "
    "the reviewer approves is not what readers get.",
    bad=_example(r"""
        # content/cafes/opening-hours.md  (saved as Latin-1: \xe9 is one byte)
        ---
        title: Caf\xe9 opening hours
        kind: note
        authors: [bob]
        date: 2026-03-05
        ---
        Every first Saturday, 10 to 4.
    """),
    good=_example("""
        # content/cafes/opening-hours.md  (saved as UTF-8)
        ---
        title: Café opening hours
        kind: note
        authors: [bob]
        date: 2026-03-05
        ---
        Every first Saturday, 10 to 4.
    """),
)
NUL_BYTE = rule(
    "RP003",
    "nul-byte",
    "error",
    "A text file contains a NUL byte (it is probably binary).",
    "Remove the NUL bytes or replace the file with its text.",
    why="A NUL byte means the file is binary: git shows no diff for it, so a reviewer cannot see "
    "what it holds, and the site cannot show it as a page.",
    bad=_example(r"""
        # content/cafes/poster.md  (an image pasted into the page)
        ---
        title: Our café poster
        kind: post
        authors: [bob]
        date: 2026-03-05
        ---
        \x89PNG\x00\x00\x00IHDR
    """),
    good=_example("""
        # content/cafes/poster.md  (the image saved next to it as poster.png)
        ---
        title: Our café poster
        kind: post
        authors: [bob]
        date: 2026-03-05
        ---
        ![Our café poster](poster.png)
    """),
)
NO_FRONT_MATTER = rule(
    "RP004",
    "no-front-matter",
    "error",
    "A Markdown file does not start with YAML front matter.",
    "Start the file with a line `---`, the front matter, and another `---` line.",
    why="Without front matter nothing says who wrote the page, when, or what kind it is, so the "
    "site could neither credit the author nor list the page anywhere.",
    bad=_example("""
        # content/repair/fan-belt.md
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05

        Unplug the dryer first.
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
        Unplug the dryer first.
    """),
)
UNCLOSED_FRONT_MATTER = rule(
    "RP005",
    "unclosed-front-matter",
    "error",
    "The front matter is opened with `---` but never closed.",
    "Add a line `---` after the last front matter key.",
    why="Without the closing line the whole page would be read as front matter: the body would "
    "vanish, or the YAML would fail somewhere far below the real mistake.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05

        Unplug the dryer first.
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
        Unplug the dryer first.
    """),
)
YAML_SYNTAX = rule(
    "RP006",
    "yaml-syntax",
    "error",
    "The YAML cannot be parsed.",
    "Fix the YAML at the position given; quote values that contain `: ` or start with a special character.",
    why="If the YAML does not parse, none of the file's fields can be read and the page cannot be "
    "built; the diagnostic names the line and column so nobody has to guess.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Fan belts: a guide
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: "Fan belts: a guide"
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
    """),
)
NOT_A_MAPPING = rule(
    "RP007",
    "not-a-mapping",
    "error",
    "The front matter or YAML file is not a mapping of keys to values.",
    "Write `key: value` lines, one per field.",
    why="Every field is looked up by its key; a list or a lone sentence has no keys, so there is "
    "nothing to check and nothing to show.",
    bad=_example("""
        # contributors/carol.yml
        Carol Díaz
    """),
    good=_example("""
        # contributors/carol.yml
        name: Carol Díaz
    """),
)
DUPLICATE_KEY = rule(
    "RP008",
    "duplicate-key",
    "error",
    "A key appears twice in the same mapping.",
    "Keep one of the two keys; YAML would silently drop the first.",
    why="YAML keeps only the last of two equal keys, so part of what the author wrote would "
    "silently disappear, and a reviewer reading the first one would be misled.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        tags: [dryers]
        tags: [belts]
        ---
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        tags: [dryers, belts]
        ---
    """),
)
YAML_ALIAS = rule(
    "RP009",
    "yaml-anchor",
    "error",
    "YAML anchors (`&name`) and aliases (`*name`) are not allowed.",
    "Write the value out in full where it is used.",
    why="An alias makes a value appear where the reader of the diff does not see it, and a few "
    'nested aliases can expand into billions of items that exhaust memory ("billion laughs").',
    bad=_example("""
        # content/repair/parts-library.md
        ---
        title: A shared library of spare parts
        kind: idea
        authors: &us [alice, bob]
        endorsed_by: *us
        date: 2026-03-05
        ---
    """),
    good=_example("""
        # content/repair/parts-library.md
        ---
        title: A shared library of spare parts
        kind: idea
        authors: [alice, bob]
        endorsed_by: [alice, bob]
        date: 2026-03-05
        ---
    """),
)
YAML_TAG = rule(
    "RP010",
    "yaml-tag",
    "error",
    "Explicit YAML tags (`!!python/...`, `!!str`, `!custom`) are not allowed.",
    "Remove the tag; quote the value if it must be text.",
    why="A tag asks the YAML loader to build something other than the text written; some loaders "
    "run code for `!!python/...` tags, and any tag makes a value mean something it does not show.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: !!timestamp 2026-03-05
        ---
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
    """),
)
BIDI_CONTROL = rule(
    "RP011",
    "bidi-control",
    "error",
    "A bidirectional control character (U+202A–U+202E, U+2066–U+2069) hides what the text really says.",
    "Delete the invisible character; retype the value if unsure.",
    why="These invisible characters reorder how text is displayed, so a reviewer can approve a "
    'value that reads one way on screen and means another (the "Trojan Source" trick).',
    bad=_example(r"""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt\u202e
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
    """),
)
BIDI_PATH = rule(
    "RP012",
    "bidi-in-path",
    "error",
    "A file or folder name contains a bidirectional control character.",
    "Rename the file without the invisible character.",
    why="A name with a direction override is displayed as something else (this one shows as "
    "`notesexe.md`), so a reviewer cannot trust the file names a pull request lists.",
    bad=r"# content/repair/notes\u202edm.exe",
    good="# content/repair/notes.md",
)
PATH_COLLISION = rule(
    "RP013",
    "path-collision",
    "error",
    "Two paths are the same after Unicode normalisation and case folding (they collide on macOS and Windows).",
    "Rename one of the two files.",
    why="macOS and Windows see the two names as one file: a contributor there cannot check the "
    "repository out cleanly, and one page silently overwrites the other.",
    bad="# content/repair/Drain-Pump.md  (next to content/repair/drain-pump.md)",
    good="# content/repair/drain-pump-top-loader.md  (next to content/repair/drain-pump.md)",
)
SYMLINK = rule(
    "RP014",
    "symlink",
    "error",
    "A symbolic link under content/, purposes/ or contributors/.",
    "Replace the link with the file itself.",
    why="A link can point outside the repository (at `/etc/passwd`, or a CI runner's secrets) and "
    "publish what it points at; its target does not show in a pull request's diff.",
    bad="# content/repair/manual.md  (a symbolic link to ../../../../etc/passwd)",
    good="# content/repair/manual.md  (a regular file holding the guide)",
)
SUBMODULE = rule(
    "RP015",
    "submodule",
    "error",
    "A git submodule under content/, purposes/ or contributors/.",
    "Remove the submodule and add its files directly.",
    why="A submodule's files live in another repository that the community does not review, so "
    "they would be published without anyone seeing them, and every build needs a second clone.",
    bad="# content/vendor-guides/  (a git submodule of another repository)",
    good="# content/repair/vendor-washer-guide.md  (the guide itself, committed and reviewed here)",
)
FILE_TYPE = rule(
    "RP016",
    "file-type",
    "error",
    "A file type that is not allowed in the community folders.",
    "content/ holds Markdown and png, jpg, jpeg, gif or webp images; purposes/ holds .md; contributors/ holds .yml.",
    why="Only Markdown and a few image types become pages; anything else (a .txt note, a PDF, a "
    "script) would sit in the repository unchecked and never reach the site.",
    bad="# content/repair/fan-belt.txt",
    good="# content/repair/fan-belt.md",
)
MISPLACED = rule(
    "RP017",
    "misplaced-file",
    "error",
    "A file is not where the layout expects it.",
    "Contributions go in content/<purpose-id>/<slug>.md, charters in purposes/<id>.md, people in contributors/<handle>.yml.",
    why="The folder decides what a file is: a contribution's purpose and its address on the site. "
    "A file one folder too deep belongs to no purpose and would get no page.",
    bad="# content/repair/guides/fan-belt.md",
    good="# content/repair/fan-belt.md",
)
BAD_FILE_NAME = rule(
    "RP018",
    "file-name",
    "error",
    "A file name is not a valid id, slug or handle.",
    "Use lowercase letters, digits and hyphens, starting with a letter or digit (at most 64).",
    why="The file name is the page's slug: it becomes the address and what wikilinks name, so it "
    "must be a plain lowercase id that works on every system and in every link.",
    bad="# content/repair/Fan_Belt.md",
    good="# content/repair/fan-belt.md",
)
EMPTY_FILE = rule(
    "RP019",
    "empty-file",
    "error",
    "A file is empty.",
    "Write its content, or delete it.",
    why="An empty file is an accident (a failed save, a forgotten placeholder); with no title or "
    "name it can become no page and no profile.",
    bad="# contributors/carol.yml  (an empty file)",
    good=_example("""
        # contributors/carol.yml
        name: Carol Díaz
    """),
)
NESTED_TOO_DEEP = rule(
    "RP020",
    "nested-too-deep",
    "error",
    "The YAML is nested deeper than any field needs.",
    "Flatten the value; no field nests more than a few levels.",
    why="No field nests more than a few levels, so deeper YAML is a mistake, or an attempt to "
    "exhaust the memory or the stack of whatever reads it.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        tags: [[[[[[[[belts]]]]]]]]
        ---
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        tags: [belts]
        ---
    """),
)
UNREADABLE = rule(
    "RP021",
    "unreadable-file",
    "error",
    "The operating system refused to read a file (permissions, or it vanished while being read).",
    "Make the file readable (`chmod a+r`), or remove it.",
    why="A file that cannot be read cannot be checked; skipping it quietly would let it pass "
    "unvalidated and vanish from the site without anyone noticing.",
    bad="# contributors/carol.yml  (mode 000: nobody may read it)",
    good="# contributors/carol.yml  (mode 644)",
)
BROKEN_TRANSLATION = rule(
    "RP022",
    "broken-translation",
    "error",
    "A translation catalogue under site_templates/locales/ cannot be read, or a translation in it would break its page.",
    "Fix the line named: quote every msgid and msgstr, keep the English's %(name)s placeholders "
    "and markup (add none of your own), and write a percent sign as %%.",
    why="The site shows every one of rallypoint's strings through the community's catalogue; a "
    "catalogue that cannot be read, or a translation with a placeholder the page does not have, "
    "would otherwise fail the build with a traceback or show a broken sentence.",
    bad=_example("""
        # site_templates/locales/es/LC_MESSAGES/rallypoint.po
        msgid ""
        msgstr ""
        "Language: es\\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

        msgid "Linked from"
        msgstr "Enlazado desde %(page)s"
    """),
    good=_example("""
        # site_templates/locales/es/LC_MESSAGES/rallypoint.po
        msgid ""
        msgstr ""
        "Language: es\\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\\n"

        msgid "Linked from"
        msgstr "Enlazado desde"
    """),
)
