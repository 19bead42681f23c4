"""Print the CHANGELOG.md section of one version, for its GitHub release.

    python tooling/release_notes.py 0.2.0 > notes.md

Exits 1, saying why, when the changelog has no section for that version: a tag cannot be
released without telling communities what changed. Standard library only, so that the
release workflow runs it before installing anything.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

CHANGELOG = Path(__file__).resolve().parent.parent / "CHANGELOG.md"
HEADING = re.compile(r"^## \[(?P<version>[^\]]+)\](?: - (?P<date>\d{4}-\d{2}-\d{2}))?[ \t]*$", re.MULTILINE)
# Keep a Changelog ends with the links of the version headings: `[0.1.0]: https://...`.
LINKS = re.compile(r"^\[[^\]]+\]: \S+[ \t]*$", re.MULTILINE)


def release_notes(changelog: str, version: str) -> str | None:
    """The text under ``## [version] - date``, without its heading; None when there is none."""
    headings = list(HEADING.finditer(changelog))
    for i, heading in enumerate(headings):
        if heading["version"] == version and heading["date"]:
            end = headings[i + 1].start() if i + 1 < len(headings) else len(changelog)
            text = changelog[heading.end() : end]
            links = LINKS.search(text)
            return (text[: links.start()] if links else text).strip() + "\n"
    return None


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tooling/release_notes.py VERSION", file=sys.stderr)
        return 2
    version = argv[0].removeprefix("v")
    notes = release_notes(CHANGELOG.read_text(encoding="utf-8"), version)
    if notes is None:
        print(
            f"CHANGELOG.md has no section `## [{version}] - YYYY-MM-DD`; move the Unreleased entries "
            "under it before tagging",
            file=sys.stderr,
        )
        return 1
    sys.stdout.write(notes)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
