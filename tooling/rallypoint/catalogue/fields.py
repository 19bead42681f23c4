"""Fields: the front matter of one file, key by key."""

from __future__ import annotations

from ..diagnostics import rule
from ._examples import _example

__all__ = [
    "BAD_CHOICE",
    "BAD_DATE",
    "BAD_EMAIL",
    "BAD_ID",
    "BAD_NUMBER",
    "BAD_TAG",
    "BAD_TEXT",
    "BAD_URL",
    "DUPLICATE_ITEM",
    "EMAIL_WITHOUT_AT",
    "INVISIBLE_IN_PROSE",
    "INVISIBLE_TEXT",
    "MISSING_KEY",
    "TOO_MANY",
    "UNKNOWN_KEY",
    "WRONG_KIND_KEY",
    "WRONG_TYPE",
    "YAML11_COERCION",
]

UNKNOWN_KEY = rule(
    "RP101",
    "unknown-key",
    "error",
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
    """),
)
MISSING_KEY = rule(
    "RP102",
    "missing-key",
    "error",
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
    """),
)
WRONG_TYPE = rule(
    "RP103",
    "wrong-type",
    "error",
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
    """),
)
YAML11_COERCION = rule(
    "RP104",
    "quote-value",
    "error",
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
    """),
)
BAD_ID = rule(
    "RP105",
    "invalid-id",
    "error",
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
    """),
)
BAD_TAG = rule(
    "RP106",
    "invalid-tag",
    "error",
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
    """),
)
TOO_MANY = rule(
    "RP107",
    "too-many-items",
    "error",
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
    """),
)
BAD_DATE = rule(
    "RP108",
    "invalid-date",
    "error",
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
    """),
)
BAD_CHOICE = rule(
    "RP109",
    "invalid-choice",
    "error",
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
    """),
)
BAD_URL = rule(
    "RP110",
    "invalid-url",
    "error",
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
    """),
)
BAD_EMAIL = rule(
    "RP111",
    "invalid-email",
    "error",
    "An email is not one git could record: it holds `<`, `>`, a line break or a control character.",
    "Write the email git records for you (`git log --format=%ae` shows it), on one line.",
    why="Emails are how commits are matched to a person; a value git could never record as an "
    "author's email matches no commit, and its owner loses the credit for their work.",
    bad=_example("""
        # contributors/carol.yml
        name: Carol Díaz
        emails: ["Carol <carol@example.org>"]
    """),
    good=_example("""
        # contributors/carol.yml
        name: Carol Díaz
        emails: [carol@example.org]
    """),
)
DUPLICATE_ITEM = rule(
    "RP112",
    "duplicate-item",
    "error",
    "A list names the same item twice.",
    "Remove the repeated item.",
    why="A repeated author or tag would count twice: double credit on a profile, or a page listed twice under its tag.",
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
    """),
)
WRONG_KIND_KEY = rule(
    "RP113",
    "key-for-other-kind",
    "error",
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
    """),
)
BAD_NUMBER = rule(
    "RP114",
    "invalid-number",
    "error",
    "A number is not a positive whole number.",
    "Write a whole number greater than zero, without quotes.",
    why='A goal\'s progress is counted against its target; a target of `ten`, `"10"` or `0` '
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
    """),
)
BAD_TEXT = rule(
    "RP115",
    "invalid-text",
    "error",
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
    """),
)
INVISIBLE_TEXT = rule(
    "RP116",
    "invisible-or-mixed-script",
    "error",
    "A handle, name, title or email holds an invisible format character (Unicode Cf: zero-width "
    "spaces and joiners, direction marks), any text holds a bidirectional control, or a name mixes "
    "scripts in one word beyond UTS #39's Highly Restrictive level (a Greek Alpha in a Latin name): "
    "each makes it look like something else.",
    "Retype the value with plain characters; one script per word, or Latin with Han, Kana, Bopomofo or Hangul.",
    why="Zero-width characters and look-alike letters from another script make two different values "
    "look the same: a profile named with a Cyrillic `і` passes for someone else in a review. Names "
    "like `山田Taro` mix scripts the way Unicode's confusable guidance allows, and pass.",
    bad=_example(r"""
        # contributors/carol.yml  (\u0456 is the Cyrillic letter і)
        name: Carol D\u0456az
    """),
    good=_example("""
        # contributors/carol.yml
        name: Carol Díaz
    """),
)
INVISIBLE_IN_PROSE = rule(
    "RP117",
    "invisible-character",
    "warning",
    "A summary, description, bio or body holds an invisible format character (a zero-width space, "
    "a soft hyphen, a direction mark), usually pasted from the web.",
    "Delete the character the message names, at the line and column it gives, unless you put it there on purpose.",
    why="In prose an invisible character disguises nothing, so it does not stop the site; but it "
    "breaks searching and copying (a search for the words on either side of it finds "
    "nothing), so the author should know where it is. The joiners that Persian, Indic scripts and emoji need are not counted.",
    bad=_example(r"""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        summary: How to fit a new\u200b belt.
        ---
    """),
    good=_example("""
        # content/repair/fan-belt.md
        ---
        title: Replacing a fan belt
        kind: article
        authors: [alice]
        date: 2026-03-05
        summary: How to fit a new belt.
        ---
    """),
)
EMAIL_WITHOUT_AT = rule(
    "RP118",
    "email-without-at",
    "warning",
    "An email in a profile has no `@`: git accepts any text as an email, so this may be right, or a typo.",
    "Check it against `git log --format=%ae`: keep it if that is how your commits are recorded.",
    why="Some commits carry an email without `@` (a machine's default such as `carol@localhost` "
    "misconfigured to `carol`, or an old tool's placeholder); listing it is the only way those "
    "commits can be credited to their author, so it is allowed, but a real typo would match nothing.",
    bad=_example("""
        # contributors/carol.yml
        name: Carol Díaz
        emails: [carol.example.org]
    """),
    good=_example("""
        # contributors/carol.yml
        name: Carol Díaz
        emails: [carol@example.org]
    """),
)
