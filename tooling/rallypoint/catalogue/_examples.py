"""How examples are written in the catalogue."""

from __future__ import annotations

import textwrap


def _example(text: str) -> str:
    """An example as written in the source, without its indentation."""
    return textwrap.dedent(text).strip("\n")
