"""The measurements of DESIGN.md section 7 on git fixtures whose answers were worked out by hand."""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import pytest

import measured_community
from conftest import commit, community_files, write_community
from rallypoint.history.log import History, read_history
from rallypoint.measures import compare, measure_community, report_dict, today_of
from rallypoint.measures.goals import goal_state, weekly_count
from rallypoint.measures.health import _absence
from rallypoint.model.community import load_community
from rallypoint.model.records import Goal


def measure(root: Path, **options):
    result = load_community(root)
    assert not result.errors, result.diagnostics
    history = read_history(root, result.community.settings.bots)
    return result.community, history, measure_community(result.community, history, **options)


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    root = tmp_path_factory.mktemp("measures") / "community"
    shas = measured_community.build(root)
    return root, shas


def test_the_report_is_the_one_worked_out_by_hand(measured):
    root, shas = measured
    _, _, measures = measure(root)
    assert report_dict(measures) == measured_community.expected(shas)


def test_goal_details_behind_the_numbers(measured):
    root, _ = measured
    _, _, measures = measure(root)
    goals = {g.id: g for g in measures.purposes["repair"].goals}
    assert goals["pumps"].expected == 5 and goals["answers"].expected == 2
    assert goals["first-question"].reached == "2026-02-10"
    assert goals["playbook"].contributions == ("repair/drain-pump",)
    # Weeks from the Monday before the start (2026-01-15) to the week of today (2026-11-28).
    progress = goals["pumps"].progress
    assert progress[0] == ("2026-01-12", 0) and progress[1] == ("2026-01-19", 1)
    assert progress[-1] == ("2026-11-23", 2) and len(progress) == 46
    assert dict(progress)["2026-03-02"] == 1 and dict(progress)["2026-03-09"] == 2  # pump-seal, before its rename


def test_health_details_behind_the_numbers(measured):
    root, _ = measured
    _, _, measures = measure(root)
    health = measures.purposes["repair"].health
    assert health.people == ("alice", "bob", "carol", "dana-git", "erin")
    assert health.active == ("carol", "dana-git")
    assert health.absence == (("alice", 3), ("carol", 3)) and health.credits == 10
    assert health.answered == ("repair/why-noisy", "repair/stuck-door")
    assert health.unanswered == ("repair/lonely-question",)
    assert health.last_activity == "2026-10-15"
    weeks = dict(health.activity_by_week)
    assert health.activity_by_week[0][0] == "2026-06-01" and len(weeks) == 26
    # C9 on Sunday 2026-08-30 and C10 on Monday 2026-08-31 fall in two weeks.
    assert {w: n for w, n in weeks.items() if n} == {"2026-06-01": 1, "2026-08-24": 1, "2026-08-31": 1, "2026-10-12": 1}
    assert measures.purposes["garden"].health.last_activity == "2026-11-01"


def test_the_past_and_what_changed_since(measured):
    """As it was at the end of 2026-02-28, and what changed from 2026-03-01 to today."""
    root, shas = measured
    community, history, now = measure(root)
    then = measure_community(community, history, today=dt.date(2026, 2, 28), past=True)
    assert then.commit == shas["C3"] and then.today == "2026-02-28"  # the bot's C4 credits nobody
    before = {g.id: (g.count, g.percent, g.state) for g in then.purposes["repair"].goals}
    # 44 of 350 days gone: ceil(5 × 44/350) = 1 pump guide was due, and there was one.
    assert before["pumps"] == (1, 20, "on-track")
    assert before["answers"] == (1, 33, "on-track")
    assert before["playbook"] == (1, None, "open")  # due that very day: not passed yet
    assert then.purposes["garden"].contributions == 0
    changes = {c.id: c for c in compare(then, now)}
    repair = changes["repair"]
    assert repair.new_people == ("erin",) and repair.new_contributions == 4
    assert repair.answered == ("repair/stuck-door",)
    moved = {c.after.id: (c.before.state, c.after.state, c.before.percent, c.after.percent) for c in repair.goals}
    assert moved == {
        "pumps": ("on-track", "behind", 20, 40),
        "answers": ("on-track", "on-track", 33, 66),
        "seals": ("open", "open", 0, 50),
        "playbook": ("open", "overdue", None, None),
    }
    assert not changes["cafes"] and changes["garden"].new_people == ("erin",)


def test_a_shallow_clone_measures_from_the_history_it_has(measured, tmp_path):
    """Depth 1: the last commit (Alice's) seems to add every file, so she is credited on all of them."""
    root, _ = measured
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", root.as_uri(), str(clone)], check=True)
    write_community(clone, {"purposes/garden.md": measured_community.GARDEN}, base={})
    write_community(
        clone,
        {"content/garden/seed-swap.md": measured_community.page("First seed swap", "post", "erin", "2026-11-01")},
        base={},
    )
    _, history, measures = measure(clone)
    assert history.shallow
    repair = report_dict(measures)["purposes"]["repair"]
    assert repair["goals"] == measured_community.expected({"C12": ""})["purposes"]["repair"]["goals"]
    # alice (credited on everything) and the authors bob, carol, erin; Dana's commits are cut off.
    assert repair["health"] == {
        "contributors": 4,
        "new_contributors": {"2026-11": 4},
        "active_contributors_90d": 4,
        "absence_factor": 1,
        "unanswered_questions": 1,
        "median_days_to_first_answer": 0.0,
    }


def test_without_git_front_matter_dates_count(community, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 3, 20, 12, tzinfo=dt.UTC).timestamp())))
    root = community()
    _, history, measures = measure(root)
    assert history == History.empty() and measures.commit is None and measures.today == "2026-03-20"
    repair = report_dict(measures)["purposes"]["repair"]
    # drain-pump 2026-03-01 (alice), why-noisy 03-02 (bob), noisy-answer 03-03 (alice): one day to an answer.
    assert repair["health"] == {
        "contributors": 2,
        "new_contributors": {"2026-03": 2},
        "active_contributors_90d": 2,
        "absence_factor": 1,
        "unanswered_questions": 0,
        "median_days_to_first_answer": 1.0,
    }
    assert repair["goals"] == [{"id": "pumps", "count": 1, "target": 5, "percent": 20, "due": None, "state": "open"}]


def test_today_is_the_head_commit_date_then_source_date_epoch(git_community):
    root = git_community(date="2026-05-04T23:59:00")
    history = read_history(root)
    assert today_of(history, {"SOURCE_DATE_EPOCH": "0"}) == dt.date(2026, 5, 4)
    assert today_of(History.empty(), {"SOURCE_DATE_EPOCH": "86400"}) == dt.date(1970, 1, 2)
    assert today_of(History.empty(), {}) == dt.datetime.now(dt.UTC).date()


def test_a_purpose_with_no_contributions_and_no_history(community):
    root = community({"content/cafes/first-cafe.md": None})
    _, _, measures = measure(root, today=dt.date(2026, 6, 1))
    cafes = measures.purposes["cafes"]
    assert cafes.contributions == 0 and cafes.health.people == () and cafes.health.absence_factor == 0
    assert cafes.health.last_activity is None and cafes.health.median_days_to_first_answer is None
    assert cafes.health.new_by_month[0] == ("2026-02", 0) and cafes.health.new_by_month[-1] == ("2026-06", 0)


def _goal(target: int | None = None, due: str | None = None) -> Goal:
    return Goal("g", "G", target, None, None, due)


@pytest.mark.parametrize(
    "count, goal, today, state, expected",
    [
        (5, _goal(5, "2026-12-31"), "2026-01-01", "done", None),
        (6, _goal(5), "2026-01-01", "done", None),  # done without a due date
        (5, _goal(5, "2026-01-31"), "2027-01-01", "done", None),  # done stays done after its due date
        (4, _goal(5, "2026-12-31"), "2027-01-01", "overdue", None),
        (4, _goal(5, "2026-12-31"), "2026-12-31", "behind", 5),  # due today: not overdue yet, all of it is due
        (0, _goal(None, "2026-12-31"), "2027-01-01", "overdue", None),  # no target, but the date has passed
        (3, _goal(None, "2026-12-31"), "2026-06-01", "open", None),
        (3, _goal(5), "2026-06-01", "open", None),
        (0, _goal(5, "2026-12-31"), "2025-12-01", "on-track", 0),  # before the purpose started
        (0, _goal(5, "2026-12-31"), "2026-01-01", "on-track", 0),  # on its first day
        (1, _goal(5, "2026-12-31"), "2026-01-02", "on-track", 1),  # ceil(5 × 1/364)
        (0, _goal(5, "2026-01-01"), "2026-01-01", "behind", 5),  # due the day it started: all of it is due
        (2, _goal(4, "2026-12-31"), "2026-07-02", "on-track", 2),  # 182 of 364 days: exactly half
    ],
)
def test_goal_states(count, goal, today, state, expected):
    assert goal_state(count, goal, "2026-01-01", dt.date.fromisoformat(today)) == (state, expected)


def test_weekly_count_runs_from_the_start_week_to_today():
    days = [dt.date(2026, 1, 5), dt.date(2026, 1, 11), dt.date(2026, 1, 12)]
    assert weekly_count(days, dt.date(2026, 1, 7), dt.date(2026, 1, 13)) == (("2026-01-05", 2), ("2026-01-12", 3))
    assert weekly_count([], dt.date(2026, 2, 1), dt.date(2026, 1, 14)) == (("2026-01-12", 0),)


@pytest.mark.parametrize(
    "credits, fewest",
    [
        ({}, ()),
        ({"a": 1}, ("a",)),
        ({"a": 1, "b": 1}, ("a",)),  # one of two makes half
        ({"a": 1, "b": 1, "c": 1}, ("a", "b")),
        ({"b": 5, "a": 2, "c": 2, "d": 1}, ("b",)),
        ({"a": 3, "b": 3, "c": 2, "d": 2}, ("a", "b")),
    ],
)
def test_absence_factor(credits, fewest):
    from collections import Counter

    assert tuple(p for p, _ in _absence(Counter(credits))) == fewest


def test_goal_count_follows_kind_and_tag(community):
    root = community(
        {
            "content/repair/pump-video.md": measured_community.page(
                "Pump video",
                "bookmark",
                "bob",
                "2026-03-04",
                "url: https://example.org/v\ntags: [pumps]\ngoals: [pumps]\n",
            ),
            "content/repair/pump-fan.md": measured_community.page(
                "Fans", "article", "bob", "2026-03-04", "goals: [pumps]\n"
            ),
        }
    )
    _, _, measures = measure(root, today=dt.date(2026, 4, 1))
    (pumps,) = measures.purposes["repair"].goals
    # Three contributions serve the goal; only drain-pump is an article tagged pumps.
    assert pumps.count == 1 and set(pumps.contributions) == {
        "repair/drain-pump",
        "repair/pump-video",
        "repair/pump-fan",
    }


def test_commits_on_files_of_two_purposes_count_once_for_each(tmp_path):
    root = tmp_path / "c"
    commit(root, community_files(), author=("Bob Ng", "bob@example.org"), date="2026-03-05T10:00:00")
    _, _, measures = measure(root)
    for pid in ("repair", "cafes"):
        assert measures.purposes[pid].health.credits == 1


def test_a_purpose_that_starts_after_today(community, tmp_path):
    from rallypoint.site.build import build_site

    root = community({"purposes/repair.md": measured_community.CHARTER.replace("2026-01-15", "2026-12-01")})
    _, _, measures = measure(root, today=dt.date(2026, 6, 1))
    repair = measures.purposes["repair"]
    pumps = repair.goals[0]
    assert (pumps.state, pumps.expected) == ("on-track", 0)
    assert pumps.progress == (("2026-06-01", 1),)
    assert repair.health.new_by_month == (("2026-03", 2), ("2026-04", 0), ("2026-05", 0), ("2026-06", 0))
    result = build_site(root, tmp_path / "site")
    assert result.site_dir, result.diagnostics
