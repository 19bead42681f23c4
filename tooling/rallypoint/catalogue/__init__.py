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

from ..diagnostics import RULES, Rule
from ..errors import UsageProblem
from .building import *  # noqa: F403
from .fields import *  # noqa: F403
from .files import *  # noqa: F403
from .forecasts import *  # noqa: F403
from .links import *  # noqa: F403
from .pull_requests import *  # noqa: F403
from .references import *  # noqa: F403
from .versions import *  # noqa: F403

__all__ = ["FAMILIES", "RULES", "example_bytes", "example_file", "find_rule"]

FAMILIES = {
    "0": "Files and paths",
    "1": "Fields",
    "2": "Across files",
    "3": "Links",
    "4": "Building",
    "5": "Pull requests",
    "6": "Versions",
}
"""Section titles of the rule families, by the hundreds digit of their ids (RP1xx: fields)."""

# The family modules are imported in alphabetical order; everything that lists rules reads
# them in id order.
for _id in sorted(RULES):
    RULES[_id] = RULES.pop(_id)


def find_rule(name: str) -> Rule:
    """The rule with this id (any case) or name; UsageProblem naming where to look if none."""
    found = RULES.get(name.upper()) or next((r for r in RULES.values() if r.name == name.lower()), None)
    if found is None:
        raise UsageProblem(f"no rule {name}; `rallypoint rules` lists them")
    return found


_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})")


def example_bytes(text: str) -> bytes:
    """The bytes an example stands for: UTF-8, with ``\\xNN`` one raw byte and ``\\uNNNN`` a character."""
    out = bytearray()
    last = 0
    for match in _ESCAPE.finditer(text):
        out += text[last : match.start()].encode("utf-8")
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
