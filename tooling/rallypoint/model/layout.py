"""Find a community's files and check the layout: where files may live, what they may be called.

Nothing here reads file contents; it only walks the three community folders without following
links, so a symlink or submodule can never lead outside the repository.
"""

from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .. import catalogue as rp
from ..addresses import COMMUNITY_FILE, CONTENT, FOLDERS, IMAGE_SUFFIXES, MARKDOWN_SUFFIX, PROFILE_SUFFIX, PURPOSES
from ..diagnostics import Diagnostic, Rule
from .schema import ID, slugify
from .source import BIDI

IGNORED_NAMES = frozenset({".gitkeep"})


@dataclass(frozen=True)
class SourceFile:
    """One file of the community: its path relative to the root and what it is."""

    path: str
    role: str  # purpose | contribution | contributor | image
    stem: str = ""
    purpose: str = ""


def find_root(start: Path) -> Path | None:
    """The nearest folder from ``start`` upward that holds community.yml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / COMMUNITY_FILE).is_file():
            return folder
    return None


def _submodule_paths(root: Path) -> set[str]:
    try:
        text = (root / ".gitmodules").read_text("utf-8", "replace")
    except OSError:
        return set()
    return {m.strip().strip('"').strip("/") for m in re.findall(r"^\s*path\s*=\s*(.+)$", text, re.M)}


def discover(root: Path) -> tuple[list[SourceFile], list[Diagnostic]]:
    """Walk purposes/, content/ and contributors/; return the files to read and layout problems."""
    files: list[SourceFile] = []
    problems: list[Diagnostic] = []
    submodules = _submodule_paths(root)
    seen: dict[str, str] = {}

    def problem(rule: Rule, rel: str, message: str) -> None:
        problems.append(rule.at(rel, 1, 1, message))

    def walk(folder: str) -> None:
        try:
            entries = sorted(os.scandir(root / folder), key=lambda e: e.name)
        except OSError:
            return
        for entry in entries:
            rel = f"{folder}/{entry.name}"
            if BIDI.search(entry.name):
                problem(
                    rp.BIDI_PATH,
                    rel,
                    "the name holds an invisible bidirectional control character that disguises it; rename it",
                )
                continue
            folded = unicodedata.normalize("NFC", rel).casefold()
            if folded in seen:
                problem(
                    rp.PATH_COLLISION,
                    rel,
                    f"`{rel}` and `{seen[folded]}` are the same name on "
                    "macOS and Windows (case and Unicode normalisation); rename one",
                )
                continue
            seen[folded] = rel
            if entry.is_symlink():
                problem(rp.SYMLINK, rel, "symbolic links are not allowed here; replace the link with the file itself")
            elif rel in submodules or (
                entry.is_dir(follow_symlinks=False) and os.path.lexists(os.path.join(entry.path, ".git"))
            ):
                problem(
                    rp.SUBMODULE,
                    rel,
                    "git submodules and nested repositories are not allowed here; add the files directly",
                )
            elif entry.is_dir(follow_symlinks=False):
                walk(rel)
            elif not entry.is_file(follow_symlinks=False):
                problem(rp.FILE_TYPE, rel, "only regular files are allowed here")
            elif entry.name not in IGNORED_NAMES:
                _classify(rel, files, problem)

    for folder in FOLDERS:
        if (root / folder).is_symlink():
            problem(rp.SYMLINK, folder, f"`{folder}/` is a symbolic link; it must be a real folder")
        elif folder in submodules:
            problem(rp.SUBMODULE, folder, f"`{folder}/` is a submodule; it must be a real folder")
        else:
            walk(folder)
    return files, problems


def _classify(rel: str, files: list[SourceFile], problem) -> None:
    parts = rel.split("/")
    name = parts[-1]
    stem, dot, suffix = name.rpartition(".")
    suffix = f".{suffix.lower()}" if dot else ""
    stem = stem if dot else name
    top = parts[0]
    if top == CONTENT:
        if suffix in IMAGE_SUFFIXES and len(parts) >= 3:
            files.append(SourceFile(rel, "image", stem, parts[1]))
            return
        if suffix != MARKDOWN_SUFFIX:
            problem(
                rp.FILE_TYPE,
                rel,
                f"`{suffix or name}` files are not allowed in content/; only "
                "Markdown (.md) and png, jpg, jpeg, gif or webp images",
            )
            return
        if len(parts) != 3:
            problem(
                rp.MISPLACED,
                rel,
                "a contribution goes directly in its purpose's folder: content/<purpose-id>/<slug>.md",
            )
            return
        if not ID.fullmatch(parts[1]):
            problem(
                rp.BAD_FILE_NAME,
                rel,
                f"folder `{parts[1]}` is not a purpose id; use lowercase letters, digits and hyphens",
            )
            return
        role = "contribution"
    elif top == PURPOSES:
        if suffix != MARKDOWN_SUFFIX:
            problem(rp.FILE_TYPE, rel, "purposes/ holds only charters, purposes/<id>.md")
            return
        if len(parts) != 2:
            problem(rp.MISPLACED, rel, "a charter goes directly in purposes/: purposes/<id>.md")
            return
        role = "purpose"
    else:
        if suffix != PROFILE_SUFFIX:
            hint = f"; rename it to {stem}.yml" if suffix == ".yaml" else ""
            problem(rp.FILE_TYPE, rel, f"contributors/ holds only profiles, contributors/<handle>.yml{hint}")
            return
        if len(parts) != 2:
            problem(rp.MISPLACED, rel, "a profile goes directly in contributors/: contributors/<handle>.yml")
            return
        role = "contributor"
    if not ID.fullmatch(stem):
        slug = slugify(stem)
        hint = f"; rename it to `{slug}{suffix}`" if slug and ID.fullmatch(slug) else ""
        problem(
            rp.BAD_FILE_NAME,
            rel,
            f"`{stem}` is not a valid {'handle' if role == 'contributor' else 'slug'}: "
            f"use lowercase letters, digits and hyphens, at most 64{hint}",
        )
        return
    files.append(SourceFile(rel, role, stem, parts[1] if role == "contribution" else ""))
