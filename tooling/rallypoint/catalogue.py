"""The rule catalogue: every rule `check`, `build` and `review` apply, declared once.

``rallypoint rules``, ``docs/rules.md`` and the README's table are generated from here, so
they cannot drift from the code. Ids are stable: a retired rule's id is never reused.

Each rule teaches: ``why`` it exists, a ``bad`` example that trips it and a ``good`` one, the
same example fixed. An example that starts with a comment line naming a file, such as
``# content/repair/fan-belt.md``, is that file: what follows the comment is its whole content,
and a comment alone means only the file's name matters. Words after the path on that line are
a note for the reader. Invisible or undecodable characters are written as escapes, so that the
documentation shows them: ``\\u202e`` is the character U+202E, ``\\xe9`` the single byte 0xE9.
``tests/test_catalogue.py`` places every such example in a small community and checks that the
bad one trips its rule and the good one leaves the community clean.
"""
from __future__ import annotations

import re
import textwrap

from .diagnostics import RULES, rule

__all__ = ["RULES", "FAMILIES", "example_file", "example_bytes"]

FAMILIES = {"0": "Files and paths", "1": "Fields", "2": "Across files", "3": "Links",
            "4": "Building", "5": "Pull requests"}
"""Section titles of the rule families, by the hundreds digit of their ids (RP1xx: fields)."""


def _example(text: str) -> str:
    return textwrap.dedent(text).strip("\n")


# Files and paths
FILE_TOO_LARGE = rule("RP001", "file-too-large", "error",
    "A file is larger than the community's size cap.",
    "Split the file, or raise `limits.max_file_bytes` in community.yml.",
    why="One huge file (a pasted log, an image written out as text) slows every check and build "
        "for everyone, and nobody can review it in a pull request. The cap keeps the repository "
        "quick to clone and to build.",
    bad="# content/repair/dryer-error.md  (312,000 bytes: the guide and a whole pasted machine log)",
    good="# content/repair/dryer-error.md  (4,000 bytes: the guide, quoting the log's ten useful lines)")
NOT_UTF8 = rule("RP002", "not-utf8", "error",
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
    """))
NUL_BYTE = rule("RP003", "nul-byte", "error",
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
    """))
NO_FRONT_MATTER = rule("RP004", "no-front-matter", "error",
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
    """))
UNCLOSED_FRONT_MATTER = rule("RP005", "unclosed-front-matter", "error",
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
    """))
YAML_SYNTAX = rule("RP006", "yaml-syntax", "error",
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
    """))
NOT_A_MAPPING = rule("RP007", "not-a-mapping", "error",
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
    """))
DUPLICATE_KEY = rule("RP008", "duplicate-key", "error",
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
    """))
YAML_ALIAS = rule("RP009", "yaml-anchor", "error",
    "YAML anchors (`&name`) and aliases (`*name`) are not allowed.",
    "Write the value out in full where it is used.",
    why="An alias makes a value appear where the reader of the diff does not see it, and a few "
        "nested aliases can expand into billions of items that exhaust memory (\"billion laughs\").",
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
    """))
YAML_TAG = rule("RP010", "yaml-tag", "error",
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
    """))
BIDI_CONTROL = rule("RP011", "bidi-control", "error",
    "A bidirectional control character (U+202A–U+202E, U+2066–U+2069) hides what the text really says.",
    "Delete the invisible character; retype the value if unsure.",
    why="These invisible characters reorder how text is displayed, so a reviewer can approve a "
        "value that reads one way on screen and means another (the \"Trojan Source\" trick).",
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
    """))
BIDI_PATH = rule("RP012", "bidi-in-path", "error",
    "A file or folder name contains a bidirectional control character.",
    "Rename the file without the invisible character.",
    why="A name with a direction override is displayed as something else (this one shows as "
        "`notesexe.md`), so a reviewer cannot trust the file names a pull request lists.",
    bad=r"# content/repair/notes\u202edm.exe",
    good="# content/repair/notes.md")
PATH_COLLISION = rule("RP013", "path-collision", "error",
    "Two paths are the same after Unicode normalisation and case folding (they collide on macOS and Windows).",
    "Rename one of the two files.",
    why="macOS and Windows see the two names as one file: a contributor there cannot check the "
        "repository out cleanly, and one page silently overwrites the other.",
    bad="# content/repair/Drain-Pump.md  (next to content/repair/drain-pump.md)",
    good="# content/repair/drain-pump-top-loader.md  (next to content/repair/drain-pump.md)")
SYMLINK = rule("RP014", "symlink", "error",
    "A symbolic link under content/, purposes/ or contributors/.",
    "Replace the link with the file itself.",
    why="A link can point outside the repository (at `/etc/passwd`, or a CI runner's secrets) and "
        "publish what it points at; its target does not show in a pull request's diff.",
    bad="# content/repair/manual.md  (a symbolic link to ../../../../etc/passwd)",
    good="# content/repair/manual.md  (a regular file holding the guide)")
SUBMODULE = rule("RP015", "submodule", "error",
    "A git submodule under content/, purposes/ or contributors/.",
    "Remove the submodule and add its files directly.",
    why="A submodule's files live in another repository that the community does not review, so "
        "they would be published without anyone seeing them, and every build needs a second clone.",
    bad="# content/vendor-guides/  (a git submodule of another repository)",
    good="# content/repair/vendor-washer-guide.md  (the guide itself, committed and reviewed here)")
FILE_TYPE = rule("RP016", "file-type", "error",
    "A file type that is not allowed in the community folders.",
    "content/ holds Markdown and png, jpg, jpeg, gif or webp images; purposes/ holds .md; contributors/ holds .yml.",
    why="Only Markdown and a few image types become pages; anything else (a .txt note, a PDF, a "
        "script) would sit in the repository unchecked and never reach the site.",
    bad="# content/repair/fan-belt.txt",
    good="# content/repair/fan-belt.md")
MISPLACED = rule("RP017", "misplaced-file", "error",
    "A file is not where the layout expects it.",
    "Contributions go in content/<purpose-id>/<slug>.md, charters in purposes/<id>.md, people in contributors/<handle>.yml.",
    why="The folder decides what a file is: a contribution's purpose and its address on the site. "
        "A file one folder too deep belongs to no purpose and would get no page.",
    bad="# content/repair/guides/fan-belt.md",
    good="# content/repair/fan-belt.md")
BAD_FILE_NAME = rule("RP018", "file-name", "error",
    "A file name is not a valid id, slug or handle.",
    "Use lowercase letters, digits and hyphens, starting with a letter or digit (at most 64).",
    why="The file name is the page's slug: it becomes the address and what wikilinks name, so it "
        "must be a plain lowercase id that works on every system and in every link.",
    bad="# content/repair/Fan_Belt.md",
    good="# content/repair/fan-belt.md")
EMPTY_FILE = rule("RP019", "empty-file", "error",
    "A file is empty.",
    "Write its content, or delete it.",
    why="An empty file is an accident (a failed save, a forgotten placeholder); with no title or "
        "name it can become no page and no profile.",
    bad="# contributors/carol.yml  (an empty file)",
    good=_example("""
        # contributors/carol.yml
        name: Carol Díaz
    """))
NESTED_TOO_DEEP = rule("RP020", "nested-too-deep", "error",
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
    """))
UNREADABLE = rule("RP021", "unreadable-file", "error",
    "The operating system refused to read a file (permissions, or it vanished while being read).",
    "Make the file readable (`chmod a+r`), or remove it.",
    why="A file that cannot be read cannot be checked; skipping it quietly would let it pass "
        "unvalidated and vanish from the site without anyone noticing.",
    bad="# contributors/carol.yml  (mode 000: nobody may read it)",
    good="# contributors/carol.yml  (mode 644)")

# Fields
UNKNOWN_KEY = rule("RP101", "unknown-key", "error",
    "A key that this kind of file does not have.",
    "Fix the spelling (see the hint) or remove the key; `rallypoint schema` lists the keys.",
    why="A misspelt key (`titel`, `tag`) would otherwise be ignored without a word, and the author "
        "would wonder why the value never shows on the site.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        titel: Replacing a fan belt
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
    """))
MISSING_KEY = rule("RP102", "missing-key", "error",
    "A required key is missing or empty.",
    "Add the key with a value.",
    why="Required keys are what the site needs to show a page: without a title, an author or a "
        "date it could not list, credit or order it.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
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
    """))
WRONG_TYPE = rule("RP103", "wrong-type", "error",
    "A value has the wrong shape (text, list or mapping).",
    "Write the value in the shape the message names.",
    why="A value of the wrong shape, one handle where a list is expected, would be misread or "
        "dropped, and the page would credit the wrong people or nobody.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: alice
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
    """))
YAML11_COERCION = rule("RP104", "quote-value", "error",
    "YAML 1.1 would turn this unquoted value into something other than text (`no`, `on`, `0755`, `1:20`).",
    "Put the value in quotes.",
    why="Tools that read YAML 1.1 (PyYAML, many editors and CI scripts) would see `false` where the "
        "author wrote the tag `off`; rather than guess, rallypoint asks for quotes, so that every "
        "tool reads the same text.",
    bad=_example("""
        # content/repair/kettle-switch.md
        ---
        title: A kettle that will not switch off
        kind: question
        authors: [bob]
        date: 2026-03-05
        tags: [kettles, off]
        ---
    """),
    good=_example("""
        # content/repair/kettle-switch.md
        ---
        title: A kettle that will not switch off
        kind: question
        authors: [bob]
        date: 2026-03-05
        tags: [kettles, "off"]
        ---
    """))
BAD_ID = rule("RP105", "invalid-id", "error",
    "An id, slug or handle does not match `^[a-z0-9][a-z0-9-]{0,63}$`.",
    "Use lowercase letters, digits and hyphens.",
    why="Ids, slugs and handles become addresses and are matched exactly across files: `Alice` and "
        "`alice` would be two different people, and a space breaks every link.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [Alice]
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
    """))
BAD_TAG = rule("RP106", "invalid-tag", "error",
    "A tag does not match `^[a-z0-9][a-z0-9-]{0,49}$`.",
    "Use lowercase letters, digits and hyphens, at most 50.",
    why="Tags become addresses (`/tags/fan-belts/`) and are compared exactly, so `Fan Belts`, "
        "`fan_belts` and `fan-belts` would split one topic over three pages.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        tags: [Dryers, Fan Belts]
        ---
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        tags: [dryers, fan-belts]
        ---
    """))
TOO_MANY = rule("RP107", "too-many-items", "error",
    "A list has more items than allowed (tags: 10).",
    "Keep the most relevant items.",
    why="A page tagged with everything clutters every tag page and makes the tag cloud "
        "meaningless; ten tags are plenty to say what a page is about.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        tags: [dryers, belts, motors, pulleys, tools, safety, laundry, noise, spares, diy, home]
        ---
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        tags: [dryers, belts, pulleys]
        ---
    """))
BAD_DATE = rule("RP108", "invalid-date", "error",
    "A date is not a real ISO date `YYYY-MM-DD`.",
    "Write the date as YYYY-MM-DD, e.g. 2026-03-01.",
    why="A date that does not exist (`2026-02-30`) or is written another way (`05/03/2026`) cannot "
        "be ordered, so the page would land in the wrong place in recent changes and feeds.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-02-30
        ---
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-02-28
        ---
    """))
BAD_CHOICE = rule("RP109", "invalid-choice", "error",
    "A value is not one of the allowed choices.",
    "Use one of the values the message lists.",
    why="Fields like `kind` and `status` decide how a page is shown and counted; a value outside "
        "the list (`tutorial`, `complete`) would fit no index and silently count for nothing.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: tutorial
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
    """))
BAD_URL = rule("RP110", "invalid-url", "error",
    "A URL is not an absolute http or https URL.",
    "Write the full address, starting with https://.",
    why="An address without its scheme becomes a link inside the site that leads nowhere, and "
        "other schemes (`javascript:`) could run code in a reader's browser.",
    bad=_example("""
        # content/repair/parts-finder.md
        ---
        title: Where to find spare parts
        kind: bookmark
        url: www.ifixit.com/Parts
        authors: [alice]
        date: 2026-03-05
        ---
    """),
    good=_example("""
        # content/repair/parts-finder.md
        ---
        title: Where to find spare parts
        kind: bookmark
        url: https://www.ifixit.com/Parts
        authors: [alice]
        date: 2026-03-05
        ---
    """))
BAD_EMAIL = rule("RP111", "invalid-email", "error",
    "An email address is not of the form name@domain.",
    "Write the address git records for you (`git config user.email`).",
    why="Emails are how commits are matched to a person; an address that is not one matches no "
        "commit, and its owner loses the credit for their work.",
    bad=_example("""
        # contributors/carol.yml
        name: Carol Díaz
        emails: [carol at example.org]
    """),
    good=_example("""
        # contributors/carol.yml
        name: Carol Díaz
        emails: [carol@example.org]
    """))
DUPLICATE_ITEM = rule("RP112", "duplicate-item", "error",
    "A list names the same item twice.",
    "Remove the repeated item.",
    why="A repeated author or tag would count twice: double credit on a profile, or a page listed "
        "twice under its tag.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice, bob, alice]
        date: 2026-03-05
        ---
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice, bob]
        date: 2026-03-05
        ---
    """))
WRONG_KIND_KEY = rule("RP113", "key-for-other-kind", "error",
    "A key that belongs to another kind of contribution.",
    "Remove the key, or change `kind` to the kind it belongs to.",
    why="A key meant for another kind (`url` on an article) has no effect on this page, so what the "
        "author meant is lost; usually it means the `kind` is wrong.",
    bad=_example("""
        # content/repair/fan-belt-video.md
        ---
        title: A video on replacing fan belts
        kind: article
        url: https://video.example.org/fan-belts
        authors: [alice]
        date: 2026-03-05
        ---
    """),
    good=_example("""
        # content/repair/fan-belt-video.md
        ---
        title: A video on replacing fan belts
        kind: bookmark
        url: https://video.example.org/fan-belts
        authors: [alice]
        date: 2026-03-05
        ---
    """))
BAD_NUMBER = rule("RP114", "invalid-number", "error",
    "A number is not a positive whole number.",
    "Write a whole number greater than zero, without quotes.",
    why="A goal's progress is counted against its target; a target of `ten`, `\"10\"` or `0` "
        "cannot be measured, so the goal could never show how far it has come.",
    bad=_example("""
        # purposes/tool-library.md
        ---
        title: A tool library
        summary: Lend tools instead of buying them.
        maintainers: [alice]
        started: 2026-04-01
        goals:
          - id: drills
            title: A guide for each drill we lend
            target: {count: "10", kind: article}
        ---
    """),
    good=_example("""
        # purposes/tool-library.md
        ---
        title: A tool library
        summary: Lend tools instead of buying them.
        maintainers: [alice]
        started: 2026-04-01
        goals:
          - id: drills
            title: A guide for each drill we lend
            target: {count: 10, kind: article}
        ---
    """))
BAD_TEXT = rule("RP115", "invalid-text", "error",
    "A text value is too long or holds control characters.",
    "Shorten the value and keep it on one line where the field is a title or name.",
    why="A title with a line break or a control character breaks headings, feeds and tables, and a "
        "summary of two thousand characters buries the page it should sum up.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: |
          Replacing a fan belt
          (and the idler pulley)
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt (and the idler pulley)
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
    """))
INVISIBLE_TEXT = rule("RP116", "invisible-or-mixed-script", "error",
    "Text holds invisible format characters (Unicode Cf: zero-width joiners, direction marks), or a name "
    "mixes scripts in one word (a Greek Alpha in a Latin name): both make it look like something else.",
    "Retype the value with plain characters from one script per word.",
    why="Zero-width characters and look-alike letters from another script make two different values "
        "look the same: a profile named with a Cyrillic `і` passes for someone else in a review.",
    bad=_example(r"""
        # contributors/carol.yml  (\u0456 is the Cyrillic letter і)
        name: Carol D\u0456az
    """),
    good=_example("""
        # contributors/carol.yml
        name: Carol Díaz
    """))

# Across files
UNKNOWN_PURPOSE = rule("RP201", "unknown-purpose", "error",
    "A contribution's folder or a reference names a purpose that has no charter.",
    "Use the id of a charter in purposes/, or write the charter first.",
    why="A contribution serves the purpose its folder names; without a charter of that id it "
        "serves nothing, has no maintainers to review it and no purpose page to list it.",
    bad="# content/repairs/fan-belt.md  (there is no purposes/repairs.md)",
    good="# content/repair/fan-belt.md")
UNKNOWN_PERSON = rule("RP202", "unknown-contributor", "error",
    "A handle names nobody in contributors/.",
    "Fix the handle, or add contributors/<handle>.yml (`rallypoint new contributor`).",
    why="Credit goes to people the community knows: an author, maintainer or endorser with no "
        "profile is usually a typo, and the credit would go to nobody.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alcie]
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
    """))
UNKNOWN_GOAL = rule("RP203", "unknown-goal", "error",
    "A goal id that the purpose's charter does not define.",
    "Use one of the charter's goal ids.",
    why="Goals count the contributions that name them; a goal id the charter does not define "
        "counts towards nothing, while the author believes they have helped.",
    bad=_example("""
        # content/repair/pump-seal.md  (purposes/repair.md has the goal `pumps`)
        ---
        title: Replacing a pump seal
        kind: article
        authors: [alice]
        date: 2026-03-05
        goals: [pump]
        ---
    """),
    good=_example("""
        # content/repair/pump-seal.md
        ---
        title: Replacing a pump seal
        kind: article
        authors: [alice]
        date: 2026-03-05
        goals: [pumps]
        ---
    """))
DUPLICATE_ID = rule("RP204", "duplicate-id", "error",
    "Two things share an id that must be unique (goal ids in a charter, emails or GitHub logins across people).",
    "Give each its own id.",
    why="Goal ids are how contributions name goals, and emails and GitHub logins are how commits and "
        "pull requests are matched to people; shared by two, they credit or trust the wrong one.",
    bad=_example("""
        # contributors/carol.yml  (contributors/alice.yml lists alice@example.org)
        name: Carol Díaz
        emails: [alice@example.org]
    """),
    good=_example("""
        # contributors/carol.yml
        name: Carol Díaz
        emails: [carol@example.org]
    """))
KIND_NOT_ACCEPTED = rule("RP205", "kind-not-accepted", "error",
    "The purpose's charter does not accept this kind of contribution.",
    "Use a kind the charter lists in `accepts`, or ask its maintainers to accept it.",
    why="A charter says what its purpose collects; a contribution of another kind would be "
        "published where its maintainers never agreed to review or host it.",
    bad=_example("""
        # content/cafes/belt-demo.md  (purposes/cafes.md accepts posts and notes)
        ---
        title: Fan belts at the March café
        kind: article
        authors: [bob]
        date: 2026-03-05
        ---
    """),
    good=_example("""
        # content/cafes/belt-demo.md
        ---
        title: Fan belts at the March café
        kind: post
        authors: [bob]
        date: 2026-03-05
        ---
    """))
UNKNOWN_QUESTION = rule("RP206", "unknown-question", "error",
    "An answer's `answers` names no question.",
    "Use the slug of a question in the same purpose folder.",
    why="An answer to no question would float on its own: it would show under no question and "
        "count towards none being answered.",
    bad=_example("""
        # content/repair/worn-bearing.md  (the question is content/repair/why-noisy.md)
        ---
        title: A worn drum bearing
        kind: answer
        authors: [alice]
        date: 2026-03-05
        answers: why-noisey
        ---
    """),
    good=_example("""
        # content/repair/worn-bearing.md
        ---
        title: A worn drum bearing
        kind: answer
        authors: [alice]
        date: 2026-03-05
        answers: why-noisy
        ---
    """))
QUESTION_ELSEWHERE = rule("RP207", "question-in-other-purpose", "error",
    "An answer names a question that lives in another purpose.",
    "Move the answer to the question's purpose folder.",
    why="A question and its answers are shown, counted and reviewed together, within one purpose; "
        "an answer filed elsewhere is missed by the question's readers and maintainers.",
    bad=_example("""
        # content/cafes/worn-bearing.md  (why-noisy is a question in content/repair/)
        ---
        title: A worn drum bearing
        kind: answer
        authors: [alice]
        date: 2026-03-05
        answers: why-noisy
        ---
    """),
    good=_example("""
        # content/repair/worn-bearing.md
        ---
        title: A worn drum bearing
        kind: answer
        authors: [alice]
        date: 2026-03-05
        answers: why-noisy
        ---
    """))
BAD_ACCEPTED = rule("RP208", "invalid-accepted-answer", "error",
    "A question's `accepted` names no answer to that question.",
    "Use the slug of an answer whose `answers` is this question.",
    why="The accepted answer is shown first and marks the question answered; naming anything but "
        "one of its answers would send readers to the wrong page.",
    bad=_example("""
        # content/repair/why-noisy.md  (drain-pump is an article; noisy-answer answers this)
        ---
        title: Why is my pump noisy?
        kind: question
        authors: [bob]
        date: 2026-03-02
        accepted: drain-pump
        ---
    """),
    good=_example("""
        # content/repair/why-noisy.md
        ---
        title: Why is my pump noisy?
        kind: question
        authors: [bob]
        date: 2026-03-02
        accepted: noisy-answer
        ---
    """))
TAG_NOT_ALLOWED = rule("RP209", "tag-not-allowed", "error",
    "A tag outside the community's closed vocabulary (`tags.allowed`).",
    "Use an allowed tag, or ask the maintainers to add it to community.yml.",
    why="A community that closes its vocabulary wants its topics gathered; every tag outside it "
        "would start a new, nearly empty tag page and scatter them again.",
    bad=_example("""
        # community.yml  (content/repair/drain-pump.md has tags: [pumps, diy])
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        tags:
          allowed: [pumps, washers]
    """),
    good=_example("""
        # community.yml
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        tags:
          allowed: [pumps, washers, diy]
    """))
BAD_ALIAS = rule("RP210", "invalid-tag-alias", "error",
    "A tag alias points to another alias or to a tag outside the vocabulary.",
    "Point each alias at a canonical tag.",
    why="An alias is resolved once; an alias of an alias, or one that leads outside the "
        "vocabulary, would file contributions under a tag nobody meant to have.",
    bad=_example("""
        # community.yml
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        tags:
          aliases: {diy: do-it-yourself, fix-it: diy}
    """),
    good=_example("""
        # community.yml
        name: Repair Network
        description: People who fix things together.
        maintainers: [alice]
        tags:
          aliases: {diy: do-it-yourself, fix-it: do-it-yourself}
    """))
RESERVED_ID = rule("RP211", "reserved-id", "error",
    "A purpose id that the site needs for its own pages (purposes, contributors, tags, ...).",
    "Rename the charter and its content folder.",
    why="The site's own sections live at these addresses (`/changes/`, `/tags/`); a purpose of the "
        "same id would collide with one of them and one of the two pages would be lost.",
    bad="# purposes/changes.md  (the site's recent changes live at /changes/)",
    good="# purposes/policy-changes.md")

# Links
MALFORMED_LINK = rule("RP301", "malformed-wikilink", "error",
    "A wikilink is not `[[slug]]`, `[[slug|text]]` or `[[purpose-id/slug]]`.",
    "Write the target as a slug (lowercase letters, digits and hyphens).",
    why="A wikilink whose target is not a slug can never lead anywhere; readers would find a "
        "broken link where the author meant a page.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
        Drain the drum first, as in [[Drain Pump]].
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
        Drain the drum first, as in [[drain-pump]].
    """))
AMBIGUOUS_LINK = rule("RP302", "ambiguous-wikilink", "error",
    "A bare `[[slug]]` matches contributions in more than one purpose.",
    "Write `[[purpose-id/slug]]` to say which one.",
    why="The link cannot know which page the author meant; picking one silently would send readers "
        "to the wrong page, and the choice could change when someone adds another.",
    bad=_example("""
        # content/repair/first-cafe.md  (content/cafes/first-cafe.md exists too)
        ---
        title: What we mended at our first café
        kind: article
        authors: [bob]
        date: 2026-02-11
        ---
        Written the day after [[first-cafe]].
    """),
    good=_example("""
        # content/repair/first-cafe.md
        ---
        title: What we mended at our first café
        kind: article
        authors: [bob]
        date: 2026-02-11
        ---
        Written the day after [[cafes/first-cafe]].
    """))
WANTED_PAGE = rule("RP303", "wanted-page", "warning",
    "A wikilink to a page nobody has written yet (a wanted page).",
    "Write the page, or fix the slug if it is a typo.",
    why="Wanted pages are how a wiki grows, so this is only a warning; it is also how a typo in a "
        "link shows up before a reader lands on an empty page.",
    bad=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
        Drain the drum first, as in [[drain-pmup]].
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        ---
        Drain the drum first, as in [[drain-pump]].
    """))


# Building
SHALLOW_HISTORY = rule("RP401", "shallow-history", "warning",
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
    """))
RENDER_GUARD = rule("RP402", "page-not-rendered", "warning",
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
    """))

# Pull requests
LINK_BROKEN = rule("RP501", "link-broken-by-change", "error",
    "A link that led to a page before the pull request leads nowhere after it (the page was removed or renamed).",
    "Keep the page, or update the pages that link to it.",
    why="Other pages link to the page a pull request removes or renames; merged as it is, their "
        "links would break without the author or the reviewers noticing.",
    bad="A pull request renames content/repair/drain-pump.md to pump-swap.md; purposes/repair.md "
        "still links to [[drain-pump]].",
    good="The same pull request also changes the link in purposes/repair.md to [[pump-swap]].")
NOT_YOUR_PROFILE = rule("RP502", "not-your-profile", "error",
    "A pull request creates or edits someone else's contributor profile.",
    "Edit only your own profile (its `github` is your login); ask the person or a maintainer.",
    why="A profile's emails and GitHub login decide whose commits are whose; editing someone else's "
        "would let a pull request take their credit or act in their name.",
    bad="@bobng opens a pull request that adds an email to contributors/alice.yml.",
    good="@alice, whose profile it is, opens that pull request herself.")
AUTHOR_NOT_LISTED = rule("RP503", "author-not-listed", "error",
    "A new contribution does not list the pull request's author among its `authors`.",
    "Add your own handle to `authors`; list others only if they wrote it with you.",
    why="The site credits each contribution to its `authors`; a pull request that adds a page under "
        "other people's names alone would put words in their mouths.",
    bad="@bobng (handle bob) adds content/repair/fan-belt.md with `authors: [alice]`.",
    good="@bobng adds content/repair/fan-belt.md with `authors: [bob, alice]`, written together.")
NEEDS_MAINTAINER = rule("RP504", "needs-maintainer", "warning",
    "A change to who is credited or trusted: .mailmap, community.yml, a charter's maintainers, workflows.",
    "A community maintainer must review this change.",
    why="These files decide who is credited and who is trusted: a pull request that changes them "
        "could make its author a maintainer or re-attribute others' work.",
    bad="@bobng, who is not a community maintainer, opens a pull request whose .mailmap credits "
        "alice's early commits to bob.",
    good="The same change, opened by alice, a community maintainer, or reviewed and approved by one.")


_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})")


def example_bytes(text: str) -> bytes:
    """The bytes an example stands for: UTF-8, with ``\\xNN`` one raw byte and ``\\uNNNN`` a character."""
    out = bytearray()
    last = 0
    for match in _ESCAPE.finditer(text):
        out += text[last:match.start()].encode("utf-8")
        out += bytes([int(match[1], 16)]) if match[1] else chr(int(match[2], 16)).encode("utf-8")
        last = match.end()
    return bytes(out + text[last:].encode("utf-8"))


def example_file(text: str) -> tuple[str, bytes] | None:
    """The file an example is, as (path, content), or None when the example is a description.

    The content is empty when the example is only the comment line naming the file.
    """
    if not text.startswith("# "):
        return None
    header, _, content = text.partition("\n")
    path = example_bytes(header[2:].split()[0]).decode("utf-8")
    return path, example_bytes(content + "\n") if content else b""
