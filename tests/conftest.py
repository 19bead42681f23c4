from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Mapping

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "benchmarks"))

BASE: dict[str, str] = {
    "community.yml": (
        "name: Test Repair Network\n"
        "description: People who fix things together.\n"
        "maintainers: [alice]\n"
        "tags:\n"
        "  aliases: {diy: do-it-yourself}\n"
    ),
    "purposes/repair.md": (
        "---\n"
        "title: Repair guides\n"
        "summary: Guides for fixing appliances.\n"
        "status: active\n"
        "maintainers: [alice, bob]\n"
        "started: 2026-01-15\n"
        "goals:\n"
        "  - id: pumps\n"
        "    title: Every pump\n"
        "    target: {count: 5, kind: article, tag: pumps}\n"
        "---\n"
        "Why we repair. See [[drain-pump]].\n"
    ),
    "purposes/cafes.md": (
        "---\n"
        "title: Repair cafés\n"
        "summary: Run monthly repair cafés.\n"
        "maintainers: [bob]\n"
        "started: 2026-02-01\n"
        "accepts: [post, note]\n"
        "---\n"
        "Meet up.\n"
    ),
    "contributors/alice.yml": "name: Alice Martin\nemails: [alice@example.org]\n",
    "contributors/bob.yml": "name: Bob Ng\ngithub: bobng\nemails: [bob@example.org]\n",
    "content/repair/drain-pump.md": (
        "---\n"
        "title: Replacing a drain pump\n"
        "kind: article\n"
        "authors: [alice]\n"
        "date: 2026-03-01\n"
        "tags: [pumps, diy]\n"
        "goals: [pumps]\n"
        "---\n"
        "Unplug first. Then read [[why-noisy]].\n"
    ),
    "content/repair/why-noisy.md": (
        "---\n"
        "title: Why is my pump noisy?\n"
        "kind: question\n"
        "authors: [bob]\n"
        "date: 2026-03-02\n"
        "accepted: noisy-answer\n"
        "---\n"
        "It hums.\n"
    ),
    "content/repair/noisy-answer.md": (
        "---\n"
        "title: A coin in the impeller\n"
        "kind: answer\n"
        "authors: [alice]\n"
        "date: 2026-03-03\n"
        "answers: why-noisy\n"
        "---\n"
        "Look for coins.\n"
    ),
    "content/cafes/first-cafe.md": (
        "---\n"
        "title: Our first café\n"
        "kind: post\n"
        "authors: [bob]\n"
        "date: 2026-02-10\n"
        "---\n"
        "It went well.\n"
    ),
}


def write_community(root: Path, changes: Mapping[str, str | bytes | None] = (), base: Mapping = BASE) -> Path:
    """Write the base community with ``changes`` applied (None deletes a file)."""
    files = dict(base)
    files.update(changes)
    for rel, content in files.items():
        if content is None:
            continue
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8", newline="")
    return root


@pytest.fixture
def community(tmp_path: Path):
    """A factory: community(changes) writes a small valid community and returns its root."""
    def make(changes: Mapping[str, str | bytes | None] = ()) -> Path:
        return write_community(tmp_path / "community", changes)
    return make


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch):
    monkeypatch.setenv("GIT_AUTHOR_NAME", "Test Runner")
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "runner@example.org")
    monkeypatch.setenv("GIT_COMMITTER_NAME", "Test Runner")
    monkeypatch.setenv("GIT_COMMITTER_EMAIL", "runner@example.org")
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.delenv("NO_COLOR", raising=False)
