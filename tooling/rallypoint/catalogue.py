"""The rule catalogue: every rule `check`, `build` and `review` apply, declared once.

``rallypoint rules``, ``docs/rules.md`` and the README's table are generated from here, so
they cannot drift from the code. Ids are stable: a retired rule's id is never reused.
"""
from __future__ import annotations

from .diagnostics import RULES, rule

__all__ = ["RULES"]

# Files and paths
FILE_TOO_LARGE = rule("RP001", "file-too-large", "error",
    "A file is larger than the community's size cap.",
    "Split the file, or raise `limits.max_file_bytes` in community.yml.")
NOT_UTF8 = rule("RP002", "not-utf8", "error",
    "A file is not valid UTF-8.",
    "Save the file as UTF-8 (a BOM and CRLF line ends are fine).")
NUL_BYTE = rule("RP003", "nul-byte", "error",
    "A text file contains a NUL byte (it is probably binary).",
    "Remove the NUL bytes or replace the file with its text.")
NO_FRONT_MATTER = rule("RP004", "no-front-matter", "error",
    "A Markdown file does not start with YAML front matter.",
    "Start the file with a line `---`, the front matter, and another `---` line.")
UNCLOSED_FRONT_MATTER = rule("RP005", "unclosed-front-matter", "error",
    "The front matter is opened with `---` but never closed.",
    "Add a line `---` after the last front matter key.")
YAML_SYNTAX = rule("RP006", "yaml-syntax", "error",
    "The YAML cannot be parsed.",
    "Fix the YAML at the position given; quote values that contain `: ` or start with a special character.")
NOT_A_MAPPING = rule("RP007", "not-a-mapping", "error",
    "The front matter or YAML file is not a mapping of keys to values.",
    "Write `key: value` lines, one per field.")
DUPLICATE_KEY = rule("RP008", "duplicate-key", "error",
    "A key appears twice in the same mapping.",
    "Keep one of the two keys; YAML would silently drop the first.")
YAML_ALIAS = rule("RP009", "yaml-anchor", "error",
    "YAML anchors (`&name`) and aliases (`*name`) are not allowed.",
    "Write the value out in full where it is used.")
YAML_TAG = rule("RP010", "yaml-tag", "error",
    "Explicit YAML tags (`!!python/...`, `!!str`, `!custom`) are not allowed.",
    "Remove the tag; quote the value if it must be text.")
BIDI_CONTROL = rule("RP011", "bidi-control", "error",
    "A bidirectional control character (U+202A–U+202E, U+2066–U+2069) hides what the text really says.",
    "Delete the invisible character; retype the value if unsure.")
BIDI_PATH = rule("RP012", "bidi-in-path", "error",
    "A file or folder name contains a bidirectional control character.",
    "Rename the file without the invisible character.")
PATH_COLLISION = rule("RP013", "path-collision", "error",
    "Two paths are the same after Unicode normalisation and case folding (they collide on macOS and Windows).",
    "Rename one of the two files.")
SYMLINK = rule("RP014", "symlink", "error",
    "A symbolic link under content/, purposes/ or contributors/.",
    "Replace the link with the file itself.")
SUBMODULE = rule("RP015", "submodule", "error",
    "A git submodule under content/, purposes/ or contributors/.",
    "Remove the submodule and add its files directly.")
FILE_TYPE = rule("RP016", "file-type", "error",
    "A file type that is not allowed in the community folders.",
    "content/ holds Markdown and png, jpg, jpeg, gif or webp images; purposes/ holds .md; contributors/ holds .yml.")
MISPLACED = rule("RP017", "misplaced-file", "error",
    "A file is not where the layout expects it.",
    "Contributions go in content/<purpose-id>/<slug>.md, charters in purposes/<id>.md, people in contributors/<handle>.yml.")
BAD_FILE_NAME = rule("RP018", "file-name", "error",
    "A file name is not a valid id, slug or handle.",
    "Use lowercase letters, digits and hyphens, starting with a letter or digit (at most 64).")
EMPTY_FILE = rule("RP019", "empty-file", "error",
    "A file is empty.",
    "Write its content, or delete it.")
NESTED_TOO_DEEP = rule("RP020", "nested-too-deep", "error",
    "The YAML is nested deeper than any field needs.",
    "Flatten the value; no field nests more than a few levels.")
UNREADABLE = rule("RP021", "unreadable-file", "error",
    "The operating system refused to read a file (permissions, or it vanished while being read).",
    "Make the file readable (`chmod a+r`), or remove it.")

# Fields
UNKNOWN_KEY = rule("RP101", "unknown-key", "error",
    "A key that this kind of file does not have.",
    "Fix the spelling (see the hint) or remove the key; `rallypoint schema` lists the keys.")
MISSING_KEY = rule("RP102", "missing-key", "error",
    "A required key is missing or empty.",
    "Add the key with a value.")
WRONG_TYPE = rule("RP103", "wrong-type", "error",
    "A value has the wrong shape (text, list or mapping).",
    "Write the value in the shape the message names.")
YAML11_COERCION = rule("RP104", "quote-value", "error",
    "YAML 1.1 would turn this unquoted value into something other than text (`no`, `on`, `0755`, `1:20`).",
    "Put the value in quotes.")
BAD_ID = rule("RP105", "invalid-id", "error",
    "An id, slug or handle does not match `^[a-z0-9][a-z0-9-]{0,63}$`.",
    "Use lowercase letters, digits and hyphens.")
BAD_TAG = rule("RP106", "invalid-tag", "error",
    "A tag does not match `^[a-z0-9][a-z0-9-]{0,49}$`.",
    "Use lowercase letters, digits and hyphens, at most 50.")
TOO_MANY = rule("RP107", "too-many-items", "error",
    "A list has more items than allowed (tags: 10).",
    "Keep the most relevant items.")
BAD_DATE = rule("RP108", "invalid-date", "error",
    "A date is not a real ISO date `YYYY-MM-DD`.",
    "Write the date as YYYY-MM-DD, e.g. 2026-03-01.")
BAD_CHOICE = rule("RP109", "invalid-choice", "error",
    "A value is not one of the allowed choices.",
    "Use one of the values the message lists.")
BAD_URL = rule("RP110", "invalid-url", "error",
    "A URL is not an absolute http or https URL.",
    "Write the full address, starting with https://.")
BAD_EMAIL = rule("RP111", "invalid-email", "error",
    "An email address is not of the form name@domain.",
    "Write the address git records for you (`git config user.email`).")
DUPLICATE_ITEM = rule("RP112", "duplicate-item", "error",
    "A list names the same item twice.",
    "Remove the repeated item.")
WRONG_KIND_KEY = rule("RP113", "key-for-other-kind", "error",
    "A key that belongs to another kind of contribution.",
    "Remove the key, or change `kind` to the kind it belongs to.")
BAD_NUMBER = rule("RP114", "invalid-number", "error",
    "A number is not a positive whole number.",
    "Write a whole number greater than zero, without quotes.")
BAD_TEXT = rule("RP115", "invalid-text", "error",
    "A text value is too long or holds control characters.",
    "Shorten the value and keep it on one line where the field is a title or name.")
INVISIBLE_TEXT = rule("RP116", "invisible-or-mixed-script", "error",
    "Text holds invisible format characters (Unicode Cf: zero-width joiners, direction marks), or a name "
    "mixes scripts in one word (a Greek Alpha in a Latin name): both make it look like something else.",
    "Retype the value with plain characters from one script per word.")

# Across files
UNKNOWN_PURPOSE = rule("RP201", "unknown-purpose", "error",
    "A contribution's folder or a reference names a purpose that has no charter.",
    "Use the id of a charter in purposes/, or write the charter first.")
UNKNOWN_PERSON = rule("RP202", "unknown-contributor", "error",
    "A handle names nobody in contributors/.",
    "Fix the handle, or add contributors/<handle>.yml (`rallypoint new contributor`).")
UNKNOWN_GOAL = rule("RP203", "unknown-goal", "error",
    "A goal id that the purpose's charter does not define.",
    "Use one of the charter's goal ids.")
DUPLICATE_ID = rule("RP204", "duplicate-id", "error",
    "Two things share an id that must be unique (goal ids in a charter, emails or GitHub logins across people).",
    "Give each its own id.")
KIND_NOT_ACCEPTED = rule("RP205", "kind-not-accepted", "error",
    "The purpose's charter does not accept this kind of contribution.",
    "Use a kind the charter lists in `accepts`, or ask its maintainers to accept it.")
UNKNOWN_QUESTION = rule("RP206", "unknown-question", "error",
    "An answer's `answers` names no question.",
    "Use the slug of a question in the same purpose folder.")
QUESTION_ELSEWHERE = rule("RP207", "question-in-other-purpose", "error",
    "An answer names a question that lives in another purpose.",
    "Move the answer to the question's purpose folder.")
BAD_ACCEPTED = rule("RP208", "invalid-accepted-answer", "error",
    "A question's `accepted` names no answer to that question.",
    "Use the slug of an answer whose `answers` is this question.")
TAG_NOT_ALLOWED = rule("RP209", "tag-not-allowed", "error",
    "A tag outside the community's closed vocabulary (`tags.allowed`).",
    "Use an allowed tag, or ask the maintainers to add it to community.yml.")
BAD_ALIAS = rule("RP210", "invalid-tag-alias", "error",
    "A tag alias points to another alias or to a tag outside the vocabulary.",
    "Point each alias at a canonical tag.")
RESERVED_ID = rule("RP211", "reserved-id", "error",
    "A purpose id that the site needs for its own pages (purposes, contributors, tags, ...).",
    "Rename the charter and its content folder.")

# Links
MALFORMED_LINK = rule("RP301", "malformed-wikilink", "error",
    "A wikilink is not `[[slug]]`, `[[slug|text]]` or `[[purpose-id/slug]]`.",
    "Write the target as a slug (lowercase letters, digits and hyphens).")
AMBIGUOUS_LINK = rule("RP302", "ambiguous-wikilink", "error",
    "A bare `[[slug]]` matches contributions in more than one purpose.",
    "Write `[[purpose-id/slug]]` to say which one.")
WANTED_PAGE = rule("RP303", "wanted-page", "warning",
    "A wikilink to a page nobody has written yet (a wanted page).",
    "Write the page, or fix the slug if it is a typo.")


# Building
SHALLOW_HISTORY = rule("RP401", "shallow-history", "warning",
    "The git clone is shallow: authors and dates come from part of the history.",
    "Clone with the full history (`git fetch --unshallow`, or actions/checkout with fetch-depth: 0).")
RENDER_GUARD = rule("RP402", "page-not-rendered", "warning",
    "A page's Markdown was too slow or too deeply nested to render; the page shows it as plain text.",
    "Simplify the Markdown (fewer nested lists, quotes or brackets) so it renders.")

# Pull requests
LINK_BROKEN = rule("RP501", "link-broken-by-change", "error",
    "A link that led to a page before the pull request leads nowhere after it (the page was removed or renamed).",
    "Keep the page, or update the pages that link to it.")
NOT_YOUR_PROFILE = rule("RP502", "not-your-profile", "error",
    "A pull request creates or edits someone else's contributor profile.",
    "Edit only your own profile (its `github` is your login); ask the person or a maintainer.")
AUTHOR_NOT_LISTED = rule("RP503", "author-not-listed", "error",
    "A new contribution does not list the pull request's author among its `authors`.",
    "Add your own handle to `authors`; list others only if they wrote it with you.")
NEEDS_MAINTAINER = rule("RP504", "needs-maintainer", "warning",
    "A change to who is credited or trusted: .mailmap, community.yml, a charter's maintainers, workflows.",
    "A community maintainer must review this change.")
