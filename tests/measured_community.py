"""A community whose measurements were worked out by hand (DESIGN.md section 7), in real git.

Several people, a .mailmap, a co-author, a bot, a rename, a question answered in the same
commit, a goal done before its due date, one with a target and no due date, one overdue, and
a purpose nobody has committed yet. ``EXPECTED`` is the report it must give; the comments
beside it show the arithmetic.
"""

from __future__ import annotations

from pathlib import Path

from conftest import ALICE, BASE, BOB, commit, write_community

CAROL = ("Carol Díaz", "carol@example.org")
DANA = ("Dana Git", "dana@example.org")
OLD_ALICE = ("alice", "alice@old.example")
BOT = ("renovate[bot]", "29139614+renovate[bot]@users.noreply.github.com")

CHARTER = """\
---
title: Repair guides
summary: Guides for fixing appliances.
status: active
maintainers: [alice, bob]
started: 2026-01-15
goals:
  - id: pumps
    title: Five pump guides
    target: {count: 5, kind: article, tag: pumps}
    due: 2026-12-31
  - id: answers
    title: Three answers
    target: {count: 3, kind: answer}
    due: 2027-06-30
  - id: first-question
    title: A first question
    target: {count: 1, kind: question}
    due: 2026-06-30
  - id: seals
    title: Two seal guides
    target: {count: 2, tag: seals}
  - id: playbook
    title: A playbook
    due: 2026-02-28
  - id: someday
    title: Some day
---
Why we repair. See [[drain-pump]].
"""

GARDEN = """\
---
title: Seed swaps
summary: Swap seeds with neighbours.
maintainers: [erin]
started: 2026-10-01
goals:
  - id: swaps
    title: Monthly swaps
---
Bring seeds.
"""


def work(articles=0, *, posts=0, questions=0, answers=0, accepted=0, reviews=0, edits=0) -> dict:
    """A person's ``work`` in the report: every kind of work, zeros included, in its order."""
    return {
        "articles": articles,
        "posts": posts,
        "notes": 0,
        "bookmarks": 0,
        "ideas": 0,
        "questions": questions,
        "answers": answers,
        "forecasts": 0,
        "accepted_answers": accepted,
        "endorsements": 0,
        "reviews": reviews,
        "edits": edits,
    }


def page(title: str, kind: str, authors: str, date: str, extra: str = "", body: str = "Text.") -> str:
    return f"---\ntitle: {title}\nkind: {kind}\nauthors: [{authors}]\ndate: {date}\n{extra}---\n{body}\n"


DRAIN = page("Replacing a drain pump", "article", "alice", "2026-01-20", "tags: [pumps]\ngoals: [pumps, playbook]\n")


def build(root: Path) -> dict[str, str]:
    """Write and commit the community under ``root``; returns the commits' shas by name."""
    shas = {}
    start = {
        **{k: v for k, v in BASE.items() if not k.startswith("content/repair/")},
        "purposes/repair.md": CHARTER,
        "contributors/carol.yml": "name: Carol Díaz\nemails: [carol@example.org]\n",
        "contributors/erin.yml": "name: Erin Park\n",
        "content/repair/drain-pump.md": DRAIN,
        ".mailmap": "Alice Martin <alice@example.org> <alice@old.example>\n",
    }
    shas["C1"] = commit(root, start, author=ALICE, date="2026-01-20T10:00:00")
    shas["C2"] = commit(
        root,
        {
            "content/repair/why-noisy.md": page(
                "Why is my pump noisy?",
                "question",
                "bob",
                "2026-02-10",
                "accepted: noisy-answer\ngoals: [first-question]\n",
            )
        },
        author=BOB,
        coauthors=[CAROL],
        date="2026-02-10T09:00:00",
    )
    shas["C3"] = commit(
        root,
        {
            "content/repair/noisy-answer.md": page(
                "A coin in the impeller", "answer", "alice", "2026-02-13", "answers: why-noisy\ngoals: [answers]\n"
            )
        },
        author=DANA,
        date="2026-02-13T09:00:00",
        message="Answer the noise question\n\nReviewed-by: alice <alice@old.example>",  # Alice, by .mailmap
    )
    shas["C4"] = commit(
        root, {"content/repair/drain-pump.md": DRAIN + "Bumped.\n"}, author=BOT, date="2026-03-05T12:00:00"
    )
    shas["C5"] = commit(
        root,
        {
            "content/repair/pump-seal.md": page(
                "Pump seals", "article", "alice", "2026-03-10", "tags: [pumps, seals]\ngoals: [pumps, seals]\n"
            ),
            "content/repair/stuck-door.md": page("Why is the door stuck?", "question", "carol", "2026-03-10"),
            "content/repair/door-answer.md": page(
                "The latch", "answer", "bob", "2026-03-10", "answers: stuck-door\ngoals: [answers]\n"
            ),
        },
        author=OLD_ALICE,
        date="2026-03-10T08:00:00",
    )
    shas["C6"] = commit(
        root, moves={"content/repair/pump-seal.md": "content/repair/pump-seals.md"}, author=CAROL, date="2026-04-01"
    )
    shas["C7"] = commit(
        root,
        {"content/repair/lonely-question.md": page("Anyone?", "question", "erin", "2026-06-01")},
        message="Ask for Erin\n\nReviewed-by: Carol Díaz <carol@example.org>",
        author=BOB,
        date="2026-06-01T10:00:00",
    )
    edits = [
        ("C9", "content/repair/pump-seals.md", ALICE, "2026-08-30T23:30:00"),
        ("C10", "content/repair/noisy-answer.md", DANA, "2026-08-31T00:30:00"),
        ("C11", "content/repair/drain-pump.md", CAROL, "2026-10-15T10:00:00"),
    ]
    for name, path, author, date in edits:
        text = (root / path).read_text(encoding="utf-8")
        # Nobody reviews their own commit: Alice's Reviewed-by of her own C9 is no review.
        message = "More\n\nReviewed-by: Alice Martin <alice@example.org>" if name == "C9" else "change"
        shas[name] = commit(root, {path: text + "More.\n"}, author=author, date=date, message=message)
    community_yml = (root / "community.yml").read_text(encoding="utf-8")
    shas["C12"] = commit(
        root,
        {"community.yml": community_yml + "repo_url: https://github.com/example/repair\n"},
        date="2026-11-28T12:00",
    )
    # Seed swaps: on disk, never committed; its numbers come from front matter.
    write_community(
        root,
        {
            "purposes/garden.md": GARDEN,
            "content/garden/seed-swap.md": page("First seed swap", "post", "erin", "2026-11-01"),
        },
        base={},
    )
    return shas


def expected(shas: dict[str, str]) -> dict:
    """The report, worked out by hand; today is C12's date, 2026-11-28."""
    return {
        "commit": shas["C12"],
        "today": "2026-11-28",
        "purposes": {
            "cafes": {
                "goals": [],
                # Alice's first commit credits her on the charter and first-cafe; Bob wrote first-cafe.
                "health": {
                    "contributors": 2,
                    "new_contributors": {"2026-01": 2},
                    "active_contributors_90d": 0,
                    "absence_factor": 1,
                    "unanswered_questions": 0,
                    "median_days_to_first_answer": None,
                },
                "ideas": [],
                "forecasts": [],
            },
            "garden": {
                "goals": [{"id": "swaps", "count": 0, "target": None, "percent": None, "due": None, "state": "open"}],
                # No history: Erin's post counts from its date (2026-11-01), one credit.
                "health": {
                    "contributors": 1,
                    "new_contributors": {"2026-11": 1},
                    "active_contributors_90d": 1,
                    "absence_factor": 1,
                    "unanswered_questions": 0,
                    "median_days_to_first_answer": None,
                },
                "ideas": [],
                "forecasts": [],
            },
            "repair": {
                "goals": [
                    # 2 of 5; 317 of 350 days gone since 2026-01-15, so ceil(5 × 317/350) = 5 are due by now.
                    {"id": "pumps", "count": 2, "target": 5, "percent": 40, "due": "2026-12-31", "state": "behind"},
                    # 2 of 3; ceil(3 × 317/531) = 2 by now.
                    {"id": "answers", "count": 2, "target": 3, "percent": 66, "due": "2027-06-30", "state": "on-track"},
                    # why-noisy, 2026-02-10: done months before its due date.
                    {
                        "id": "first-question",
                        "count": 1,
                        "target": 1,
                        "percent": 100,
                        "due": "2026-06-30",
                        "state": "done",
                    },
                    {"id": "seals", "count": 1, "target": 2, "percent": 50, "due": None, "state": "open"},
                    {
                        "id": "playbook",
                        "count": 1,
                        "target": None,
                        "percent": None,
                        "due": "2026-02-28",
                        "state": "overdue",
                    },
                    {"id": "someday", "count": 0, "target": None, "percent": None, "due": None, "state": "open"},
                ],
                "health": {
                    # alice (C1), bob and carol (C2, co-author), dana-git (C3), erin (wrote lonely-question,
                    # committed by Bob in C7); the bot's C4 credits nobody.
                    "contributors": 5,
                    "new_contributors": {"2026-01": 1, "2026-02": 3, "2026-06": 1},
                    # From 2026-08-31 on: Dana (C10, 00:30 that day) and Carol (C11); Alice's C9 came 1 h too early.
                    "active_contributors_90d": 2,
                    # Credits: alice 3 (C1, C5 via .mailmap, C9), carol 3 (C2, C6, C11), bob 2, dana 2: 10 in
                    # all; alice + carol make 6 ≥ 5.
                    "absence_factor": 2,
                    "unanswered_questions": 1,
                    # why-noisy answered 3.0 days later (C2 → C3), stuck-door in the same commit (0.0).
                    "median_days_to_first_answer": 1.5,
                },
                "ideas": [],
                "forecasts": [],
            },
        },
        "people": {
            # work: edits are contributions changed in a commit by someone not among their
            # authors (Alice committed Bob's café post in C1, Carol's question and Bob's answer in
            # C5); reviews are Reviewed-by trailers (C3 Alice after .mailmap, C7 Carol).
            "alice": {
                "contributions": 3,
                "brier": None,
                "forecasts": 0,
                "work": work(2, answers=1, accepted=1, reviews=1, edits=3),
            },
            "bob": {
                "contributions": 3,
                "brier": None,
                "forecasts": 0,
                "work": work(posts=1, questions=1, answers=1, edits=1),
            },
            "carol": {"contributions": 1, "brier": None, "forecasts": 0, "work": work(questions=1, reviews=1, edits=3)},
            "dana-git": {"contributions": 0, "brier": None, "forecasts": 0, "work": work(edits=1)},
            "erin": {"contributions": 2, "brier": None, "forecasts": 0, "work": work(posts=1, questions=1)},
        },
    }
