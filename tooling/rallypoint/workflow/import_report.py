"""What an import did, for people (aligned text) and for programs (JSON with stable keys).

Nothing an import leaves out goes unsaid: front matter keys the model has no place for, tags it
renamed, links it could not follow, files it did not take, and what ``check`` says about the
files it wrote.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections import Counter
from dataclasses import dataclass, field

import yaml

from ..diagnostics import Diagnostic
from .import_fields import Fields
from .import_links import Relinked
from .import_people import NewProfile

_PLAIN = re.compile(r"[^\W_][\w .@'()&+/-]*")


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar that every YAML reader (1.1 or 1.2) reads back as the same text."""
    if _PLAIN.fullmatch(value) and not value.endswith(" ") and yaml.safe_load(value) == value:
        return value
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


@dataclass
class ImportReport:
    purpose: str
    roots: list[str]
    skipped: list[tuple[str, str]]
    moves: list[tuple[str, str]] = field(default_factory=list)
    """(old, new) from the top of the repository: pages, then images."""
    created: list[str] = field(default_factory=list)
    """New files: profiles and the charter."""
    charter: str | None = None
    profiles: list[NewProfile] = field(default_factory=list)
    namesakes: list[tuple[str, str]] = field(default_factory=list)
    dropped: dict[str, list[str]] = field(default_factory=dict)
    """Front matter key → the pages that had it."""
    renamed_tags: dict[str, str] = field(default_factory=dict)
    notes: list[tuple[str, str]] = field(default_factory=list)
    """(page, what was changed to fit the model)."""
    links_rewritten: int = 0
    links_left: list[tuple[str, int, str]] = field(default_factory=list)
    """(page, line, target) of links that reach nothing imported."""
    wanted: list[tuple[str, int, str]] = field(default_factory=list)
    """(page, line, name) of wiki links to pages nobody wrote: now links to wanted pages."""
    images_left: list[str] = field(default_factory=list)
    stranded: list[str] = field(default_factory=list)
    """Files not imported that stay in the community's content/, where `check` refuses them."""
    copies: list[tuple[str, str]] = field(default_factory=list)
    """(old, new) of images from elsewhere in the repository, copied."""
    commits: list[str] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    """What ``check`` says about the files written."""
    seconds: float = 0.0
    pages: int = 0

    def add_page(self, old: str, new: str, own: Fields, relinked: Relinked) -> None:
        self.pages += 1
        for key in own.dropped:
            self.dropped.setdefault(key, []).append(old)
        self.renamed_tags.update(own.renamed_tags)
        self.notes += [(old, note) for note in own.notes]
        self.links_rewritten += relinked.rewritten
        self.links_left += [(old, line, target) for line, target in relinked.left]
        self.wanted += [(old, line, name) for line, name in relinked.wanted]

    def written_paths(self, community: str) -> set[str]:
        """Every file the import wrote, from the community's root."""
        paths = [new for _, new in self.moves] + self.created + [new for _, new in self.copies]
        return {posixpath.relpath(p, community or ".") for p in paths}

    def as_dict(self) -> dict:
        return {
            "purpose": self.purpose,
            "imported_from": self.roots,
            "pages": self.pages,
            "moved": [{"from": old, "to": new} for old, new in self.moves],
            "created": self.created,
            "profiles": [
                {"handle": p.handle, "name": p.name, "github": p.github, "emails": p.emails, "note": p.note}
                for p in self.profiles
            ],
            "namesakes": [{"new": new, "existing": old} for new, old in self.namesakes],
            "dropped_keys": {key: pages for key, pages in sorted(self.dropped.items())},
            "renamed_tags": dict(sorted(self.renamed_tags.items())),
            "notes": [{"page": page, "note": note} for page, note in self.notes],
            "links": {
                "rewritten": self.links_rewritten,
                "left": [{"page": page, "line": line, "target": target} for page, line, target in self.links_left],
                "wanted": [{"page": page, "line": line, "name": name} for page, line, name in self.wanted],
            },
            "images_left": self.images_left,
            "stranded": self.stranded,
            "images_copied": [{"from": old, "to": new} for old, new in self.copies],
            "skipped": [{"path": path, "why": why} for path, why in self.skipped],
            "commits": self.commits,
            "check": [x.as_dict() for x in self.problems],
            "seconds": round(self.seconds, 2),
        }

    def as_text(self) -> str:
        errors = sum(x.severity == "error" for x in self.problems)
        warnings = len(self.problems) - errors
        images = len(self.moves) - self.pages
        out = [f"Imported {_count(self.pages, 'page')} into content/{self.purpose}/"]
        rows = [
            (
                "moved",
                _count(self.pages, "page") + (f" and {_count(images, 'image')}" if images else "") + ", as git mv does",
            ),
            ("profiles", f"{len(self.profiles)} created in contributors/"),
            *(
                [("copied", f"{_count(len(self.copies), 'image')} that other pages may show too")]
                if self.copies
                else []
            ),
            (
                "links",
                f"{self.links_rewritten} rewritten, {len(self.links_left)} left as written"
                + (f", {len(self.wanted)} to wanted pages" if self.wanted else ""),
            ),
            ("commits", ", ".join(c[:10] for c in self.commits) or "none: review with `git status`, then commit"),
            ("check", f"{errors} errors, {warnings} warnings in the files written"),
        ]
        if self.charter:
            rows.insert(1, ("charter", f"{self.charter} (rewrite its summary and body)"))
        width = max(len(k) for k, _ in rows)
        out += [f"  {k.ljust(width)}  {v}" for k, v in rows]
        out += self._details()
        if not self.commits:
            out.append(
                "Next: commit the moves on their own first (`git commit` now holds only them), then "
                "`git add -A` and commit the rewrites, so that git follows every file."
            )
        return "\n".join(out)

    def _details(self) -> list[str]:
        out: list[str] = []
        if self.dropped:
            out.append(
                "Front matter keys the model has no place for (dropped; the commit before the import keeps them):"
            )
            width = max(len(k) for k in self.dropped)
            out += [f"  {k.ljust(width)}  {_count(len(v), 'page')}" for k, v in sorted(self.dropped.items())]
        if self.renamed_tags:
            shown = ", ".join(f"{k} → {v}" for k, v in sorted(self.renamed_tags.items())[:12])
            more = f" and {len(self.renamed_tags) - 12} more" if len(self.renamed_tags) > 12 else ""
            out.append(f"Tags written as slugs: {shown}{more}")
        for page, note in self.notes[:20]:
            out.append(f"  {page}: {note}")
        if self.links_left:
            out.append("Links left as written (they reach no imported page):")
            out += [f"  {page}:{line}  {target}" for page, line, target in self.links_left[:20]]
            if len(self.links_left) > 20:
                out.append(f"  ... and {len(self.links_left) - 20} more (--format json lists them all)")
        for new, old in self.namesakes:
            out.append(
                f"  contributors/{new}.yml has the name of {old}: if they are one person, add its emails to {old}"
            )
        if self.skipped:
            reasons = Counter(why for _, why in self.skipped)
            out.append("Not imported:")
            out += [f"  {count:>5}  {why}" for why, count in reasons.most_common()]
        if self.stranded:
            out.append("Left in content/, where `check` refuses them: delete them, or move them out with git mv:")
            out += [f"  {path}" for path in self.stranded[:20]]
        for x in self.problems[:20]:
            out.append(f"  {x.path}:{x.line}:{x.column}: {x.severity} {x.rule} {x.message}")
        return out


def _count(n: int, thing: str) -> str:
    return f"{n:,} {thing}{'' if n == 1 else 's'}"
