"""Forecasts: the kind's rules, verified predictions on real git histories, and scores worked out by hand.

The hand-worked cases (DESIGN.md section 7): each prediction stands from its day until the
person's next one, and the window runs from their first verified prediction to ``closes``.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import ALICE, BASE, BOB, commit, community_files
from rallypoint.cli import cli
from rallypoint.history.claims import verify_claims
from rallypoint.history.log import read_history
from rallypoint.measures import measure_community
from rallypoint.measures.forecasts import scores
from rallypoint.measures.report import report_dict
from rallypoint.model.community import load_community

FORECAST = "content/repair/twenty-pumps.md"
BASE_GOALS = BASE["purposes/repair.md"]


def forecast(predictions: str = "", extra: str = "criteria: Yes when the pumps goal is done.\n") -> str:
    return (
        "---\ntitle: Will we have five pump guides by March?\nkind: forecast\nauthors: [alice]\n"
        f"date: 2026-03-01\ncloses: 2026-03-11\n{extra}"
        + (f"predictions:\n{predictions}" if predictions else "")
        + "---\nCounted on the purpose page.\n"
    )


def line(by: str, p: float, date: str) -> str:
    return f"  - {{by: {by}, p: {p}, date: {date}}}\n"


def codes(root: Path) -> dict[str, str]:
    return {d.rule: d.message for d in load_community(root).diagnostics}


def report_of(root: Path) -> dict:
    community = load_community(root).community
    return report_dict(measure_community(community, read_history(root)))


# Scores by hand -------------------------------------------------------------------------------


def test_one_person_predicting_0_8_then_0_6_over_ten_days_resolved_yes():
    # 5 days at 0.8, then 5 days at 0.6: (5·0.04 + 5·0.16) / 10 = 0.10
    brier, log = scores([("2026-03-01", 0.8), ("2026-03-06", 0.6)], "2026-03-11", "yes")
    assert brier == pytest.approx(0.10)
    assert log == pytest.approx((5 * -math.log(0.8) + 5 * -math.log(0.6)) / 10)
    # Resolved no: (5·0.64 + 5·0.36) / 10 = 0.50
    assert scores([("2026-03-01", 0.8), ("2026-03-06", 0.6)], "2026-03-11", "no")[0] == pytest.approx(0.50)


def test_the_last_prediction_of_a_day_stands_and_one_made_on_closes_counts_one_day():
    assert scores([("2026-03-01", 0.9), ("2026-03-01", 0.5)], "2026-03-11", "yes")[0] == pytest.approx(0.25)
    assert scores([("2026-03-11", 0.7)], "2026-03-11", "no")[0] == pytest.approx(0.49)


# On real git histories ---------------------------------------------------------------------------


@pytest.fixture
def market(tmp_path: Path) -> Path:
    return make_market(tmp_path / "community")


def make_market(root: Path) -> Path:
    """Alice asks; she predicts 0.8 then 0.6; Bob joins late with 0.3; Alice writes in one for Bob."""
    commit(root, community_files({FORECAST: forecast()}), author=ALICE, date="2026-03-01T09:00:00")
    a1 = line("alice", 0.8, "2026-03-01")
    commit(root, {FORECAST: forecast(a1)}, author=ALICE, date="2026-03-01T10:00:00")
    b1 = line("bob", 0.3, "2026-03-03")
    commit(root, {FORECAST: forecast(a1 + b1)}, author=BOB, date="2026-03-03T10:00:00")
    a2 = line("alice", 0.6, "2026-03-06")
    commit(root, {FORECAST: forecast(a1 + b1 + a2)}, author=ALICE, date="2026-03-06T10:00:00")
    forged = line("bob", 0.99, "2026-03-07")  # Alice puts words in Bob's mouth: a claim
    commit(root, {FORECAST: forecast(a1 + b1 + a2 + forged)}, author=ALICE, date="2026-03-07T10:00:00")
    return root


def resolve(root: Path, outcome: str) -> None:
    text = (
        (root / FORECAST)
        .read_text()
        .replace("---\nCounted", f'resolution: {{outcome: "{outcome}", date: 2026-03-12, by: alice}}\n---\nCounted')
    )
    commit(root, {FORECAST: text}, author=ALICE, date="2026-03-12T10:00:00")


def test_each_prediction_is_verified_by_the_commit_that_added_it(market):
    community = load_community(market).community
    claims = verify_claims(community, read_history(market))
    assert claims.predicted("repair/twenty-pumps", 4) == (True, True, True, False)
    assert claims.rewritten["repair/twenty-pumps"] == ()


def test_two_people_one_joining_late_scored_by_hand(market):
    resolve(market, "yes")
    report = report_of(market)
    # Alice 0.10 (above); Bob from his first verified prediction (Mar 3) to closes: 8 days at 0.3,
    # resolved yes: 0.49. Alice's 0.99 for Bob is a claim and changes nothing.
    assert report["purposes"]["repair"]["forecasts"] == [
        {"slug": "twenty-pumps", "outcome": "yes", "brier": {"alice": 0.1, "bob": 0.49}}
    ]
    alice = report["people"]["alice"]
    assert (alice["contributions"], alice["brier"], alice["forecasts"]) == (3, 0.1, 1)
    assert report["people"]["bob"]["brier"] == 0.49 and report["people"]["bob"]["forecasts"] == 1


def test_the_aggregate_is_the_mean_of_everyones_standing_prediction(market):
    community = load_community(market).community
    measured = measure_community(community, read_history(market)).purposes["repair"].forecasts[0]
    assert measured.outcome is None and measured.brier == {}
    assert measured.series == (
        ("2026-03-01", 0.8),
        ("2026-03-03", pytest.approx(0.55)),
        ("2026-03-06", pytest.approx(0.45)),
    )
    assert measured.aggregate == pytest.approx(0.45)
    assert measured.latest["bob"].p == 0.99 and not measured.latest["bob"].verified


def test_a_question_resolved_from_its_goals_history(tmp_path):
    """The pumps goal (5 articles tagged pumps) is reached on Mar 9, before one question closes
    (yes) and after the other (no)."""
    root = tmp_path / "community"
    early = forecast(extra="resolves: goal:pumps\n").replace("closes: 2026-03-11", "closes: 2026-03-05")
    files = community_files({FORECAST: forecast(extra="resolves: goal:pumps\n"), "content/repair/early.md": early})
    commit(root, files, author=ALICE, date="2026-03-01T09:00:00")
    for name, p in (("twenty-pumps.md", 0.7), ("early.md", 0.7)):
        path = f"content/repair/{name}"
        text = (
            (root / path)
            .read_text()
            .replace("---\nCounted", f"predictions:\n{line('bob', p, '2026-03-01')}---\nCounted")
        )
        commit(root, {path: text}, author=BOB, date="2026-03-01T10:00:00")
    for day in range(2, 10, 2):  # four more pump articles, the fifth on Mar 8
        article = (
            f"---\ntitle: Pump guide {day}\nkind: article\nauthors: [alice]\ndate: 2026-03-0{day}\n"
            "tags: [pumps]\ngoals: [pumps]\n---\nText.\n"
        )
        commit(root, {f"content/repair/pump-{day}.md": article}, author=ALICE, date=f"2026-03-0{day}T10:00:00")
    commit(
        root,
        {"content/repair/later.md": "---\ntitle: Later\nkind: note\nauthors: [alice]\ndate: 2026-03-20\n---\nx\n"},
        author=ALICE,
        date="2026-03-20T10:00:00",
    )
    assert codes(root) == {}
    forecasts = {f["slug"]: f for f in report_of(root)["purposes"]["repair"]["forecasts"]}
    # Mar 1 to Mar 11, 10 days at 0.7, yes: 0.09; Mar 1 to Mar 5 at 0.7, no: 0.49.
    assert forecasts["twenty-pumps"] == {"slug": "twenty-pumps", "outcome": "yes", "brier": {"bob": 0.09}}
    assert forecasts["early"] == {"slug": "early", "outcome": "no", "brier": {"bob": 0.49}}
    community = load_community(root).community
    measured = {f.slug: f for f in measure_community(community, read_history(root)).purposes["repair"].forecasts}
    assert (measured["twenty-pumps"].how, measured["twenty-pumps"].resolved_on) == ("goal", "2026-03-08")


# The kind's rules -------------------------------------------------------------------------------


def test_the_kinds_rules(community):
    bad = forecast(line("alice", 1, "2026-03-02") + line("alice", 0.5, "2026-03-12") + line("zed", 0.5, "2026-03-02"))
    found = codes(community({FORECAST: bad}))
    assert set(found) == {"RP119", "RP212", "RP202"}, found
    assert "above 0 and below 1" in found["RP119"]
    unquoted = forecast(extra="criteria: x\nresolution: {outcome: yes, date: 2026-03-12}\n")
    assert "quote it" in codes(community({FORECAST: unquoted})).get("RP104", ""), codes(community({FORECAST: unquoted}))


def test_each_rule_points_at_the_value(community):
    # Lines: 1 ---, 2 title, 3 kind, 4 authors, 5 date, 6 closes, 7 extra, 8 predictions, 9 first item
    def located(text: str) -> set[tuple[str, int, int]]:
        root = community({FORECAST: text})
        return {(d.rule, d.line, d.column) for d in load_community(root).diagnostics}

    assert located(forecast(line("alice", 0, "2026-03-02"))) == {("RP119", 9, 20)}
    assert located(forecast(line("alice", 0.5, "2026-03-12"))) == {("RP212", 9, 31)}
    assert located(forecast(extra="resolves: goal:pump\n")) == {("RP213", 7, 11)}
    assert located(forecast(extra="tags: [pumps]\n")) == {("RP214", 3, 7)}
    no_target = BASE_GOALS.replace("    target: {count: 5, kind: article, tag: pumps}\n", "")
    root = community({FORECAST: forecast(extra="resolves: goal:pumps\n"), "purposes/repair.md": no_target})
    assert "has no target count" in codes(root)["RP213"]


def test_schema_knows_the_forecast_kind():
    result = CliRunner().invoke(cli, ["schema", "contribution"])
    schema = json.loads(result.output)
    assert "forecast" in schema["properties"]["kind"]["enum"]
    p = schema["properties"]["predictions"]
    assert p["items"]["properties"]["p"]["exclusiveMaximum"] == 1


# Append-only, on real git histories --------------------------------------------------------------


def _review(root: Path, login: str, expect: int) -> dict:
    result = CliRunner().invoke(
        cli, ["-C", str(root), "review", "--base", "main", "--pr-author", login, "--format", "json"]
    )
    assert result.exit_code == expect, result.output
    return json.loads(result.output)


@pytest.fixture
def main_branch(tmp_path: Path):
    import git

    root = tmp_path / "community"
    commit(root, community_files({FORECAST: forecast(line("alice", 0.8, "2026-03-01"))}), author=ALICE)
    return git.Repo(root)


def test_review_passes_a_prediction_appended_by_its_own_author(main_branch):
    main_branch.git.checkout("-q", "-b", "bob-predicts")
    text = forecast(line("alice", 0.8, "2026-03-01") + line("bob", 0.4, "2026-03-02"))
    commit(main_branch, {FORECAST: text}, author=BOB, date="2026-03-02T10:00:00")
    report = _review(Path(main_branch.working_tree_dir), "bobng", expect=0)
    assert report["diagnostics"] == []


def test_review_blocks_a_rewritten_prediction_and_one_made_for_someone_else(main_branch):
    main_branch.git.checkout("-q", "-b", "bob-rewrites")
    text = forecast(line("alice", 0.2, "2026-03-01") + line("alice", 0.1, "2026-03-02"))
    commit(main_branch, {FORECAST: text}, author=BOB, date="2026-03-02T10:00:00")
    report = _review(Path(main_branch.working_tree_dir), "bobng", expect=1)
    rules = sorted(d["rule"] for d in report["diagnostics"])
    assert rules == ["RP505", "RP505", "RP507"], report["diagnostics"]
    # And once merged, the history itself keeps the evidence: check reports it too.
    main_branch.git.checkout("-q", "main")
    main_branch.git.merge("-q", "bob-rewrites")
    claims = verify_claims(
        load_community(Path(main_branch.working_tree_dir)).community, read_history(Path(main_branch.working_tree_dir))
    )
    assert claims.rewritten["repair/twenty-pumps"] == ("alice 0.8 2026-03-01",)
    assert claims.predicted("repair/twenty-pumps", 2) == (False, False)


# new forecast, predict, resolve ----------------------------------------------------------------


def _run(root: Path, *args: str, expect: int = 0):
    result = CliRunner().invoke(cli, ["-C", str(root), *args])
    assert result.exit_code == expect, result.output
    return result


def test_new_forecast_then_predict_and_resolve_commit_as_you(git_community, monkeypatch):
    import git

    for variable in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(variable)
    root = git_community()
    repo = git.Repo(root)
    _run(
        root,
        "new",
        "forecast",
        "--purpose",
        "repair",
        "--title",
        "Five pump guides by June?",
        "--author",
        "alice",
        "--closes",
        "2099-06-30",
        "--criteria",
        "Yes when the pumps goal is done.",
        "--no-input",
    )
    made = "content/repair/five-pump-guides-by-june.md"
    tied = _run(
        root,
        "new",
        "forecast",
        "--purpose",
        "repair",
        "--title",
        "Tied",
        "--author",
        "alice",
        "--closes",
        "2099-06-30",
        "--criteria",
        "goal:pumps",
        "--no-input",
    )
    assert "resolves: goal:pumps" in (root / "content/repair/tied.md").read_text(), tied.output
    assert codes(root) == {}
    commit(
        repo, {made: (root / made).read_text(), "content/repair/tied.md": (root / "content/repair/tied.md").read_text()}
    )
    with repo.config_writer() as config:
        config.set_value("user", "name", "Bob Ng")
        config.set_value("user", "email", "bob@example.org")
    _run(root, "predict", "five-pump-guides-by-june", "0.7")
    _run(root, "predict", "five-pump-guides-by-june", "0.65")
    _run(root, "predict", "five-pump-guides-by-june", "1", expect=2)
    text = (root / made).read_text()
    assert text.count("- {by: bob, p: 0.7, date: ") == 1 and "p: 0.65" in text
    assert repo.head.commit.author.email == "bob@example.org" and not repo.is_dirty()
    claims = verify_claims(load_community(root).community, read_history(root))
    assert claims.predicted("repair/five-pump-guides-by-june", 2) == (True, True)
    # Bob does not maintain... he does: repair's maintainers are alice and bob. A tied question resolves itself.
    assert "resolves itself" in _run(root, "resolve", "tied", "yes", expect=2).output
    _run(root, "resolve", "five-pump-guides-by-june", "no")
    assert 'resolution: {outcome: "no", date: ' in (root / made).read_text()
    assert codes(root) == {}
    forecasts = report_of(root)["purposes"]["repair"]["forecasts"]
    assert {f["slug"]: f["outcome"] for f in forecasts} == {"five-pump-guides-by-june": "no", "tied": None}


# The site ----------------------------------------------------------------------------------------


def test_the_site_shows_the_forecast_its_chart_the_board_and_the_leaderboard(market, tmp_path):
    from bs4 import BeautifulSoup

    from rallypoint.site.build import build_site

    resolve(market, "yes")
    for n, (alice, bob, outcome) in enumerate(((0.9, 0.2, "yes"), (0.3, 0.6, "no")), start=2):
        path = f"content/repair/question-{n}.md"
        text = forecast().replace("Will we have five pump guides by March?", f"Question {n}?")
        commit(market, {path: text}, author=ALICE, date="2026-03-12T11:00:00")
        text = text.replace("---\nCounted", f"predictions:\n{line('alice', alice, '2026-03-02')}---\nCounted")
        commit(market, {path: text}, author=ALICE, date="2026-03-12T12:00:00")
        text = text.replace("---\nCounted", f"{line('bob', bob, '2026-03-02')}---\nCounted")
        commit(market, {path: text}, author=BOB, date="2026-03-12T13:00:00")
        text = text.replace("---\nCounted", f'resolution: {{outcome: "{outcome}", date: 2026-03-12}}\n---\nCounted')
        commit(market, {path: text}, author=ALICE, date="2026-03-12T14:00:00")
    open_one = "content/repair/open-one.md"
    text = forecast(line("bob", 0.25, "2026-03-12")).replace("closes: 2026-03-11", "closes: 2026-09-01")
    commit(
        market,
        {open_one: text.replace("five pump guides by March", "a café in May")},
        author=BOB,
        date="2026-03-12T15:00:00",
    )
    result = build_site(market, tmp_path / "site")
    assert result.site_dir, result.diagnostics

    def page(path: str):
        html = (tmp_path / "site" / path / "index.html").read_text(encoding="utf-8")
        return BeautifulSoup(html, "html.parser").select_one("article.md-content__inner")

    question = page("repair/twenty-pumps")
    outcome = question.select_one(".rp-forecast-outcome").get_text(" ", strip=True)
    assert outcome.startswith("Resolved yes on Mar 12, 2026 by Alice Martin")
    assert question.select_one(".rp-forecast-outcome time")["datetime"] == "2026-03-12"
    assert question.select_one(".rp-probability").get_text() == "45%"
    chart = question.select_one("svg.rp-chart")
    assert chart is not None and "0.8" in chart.select_one("desc").get_text()
    rows = {
        r.select("td")[0].get_text(" ", strip=True): [td.get_text() for td in r.select("td")[1:]]
        for r in question.select(".rp-predictions tbody tr")
    }
    assert rows["Alice Martin"] == ["60%", "Mar 6, 2026", "0.100", "0.367"]
    assert rows["Bob Ng (unverified)"][:2] == ["99%", "Mar 7, 2026"]  # his standing claim, written by Alice

    board = page("forecasts")
    assert [a.get_text() for a in board.select("#open + ul a")] == ["Will we have a café in May?"]
    assert len(board.select("#resolved + ul li")) == 3
    leaders = [
        [td.get_text(" ", strip=True) for td in r.select("td")] for r in board.select(".rp-leaderboard tbody tr")
    ]
    # Alice: 0.10, 0.01, 0.09 → 0.0667; Bob: 0.49, 0.64, 0.36 → 0.4967
    assert leaders == [["1", "Alice Martin", "0.0667", "3"], ["2", "Bob Ng", "0.4967", "3"]]
    profile = page("contributors/bob").select_one(".rp-forecaster").get_text(" ", strip=True)
    assert profile.startswith("Forecasting: mean Brier score 0.4967 over 3 resolved forecasts")


def test_check_reports_a_prediction_edited_since_the_last_commit(main_branch):
    root = Path(main_branch.working_tree_dir)
    assert _run(root, "check").exit_code == 0
    (root / FORECAST).write_text(forecast(line("alice", 0.9, "2026-03-01")))
    result = _run(root, "check", "--format", "json", expect=1)
    found = [d for d in json.loads(result.output)["diagnostics"] if d["rule"] == "RP507"]
    assert len(found) == 1 and "alice's prediction of 0.8 on 2026-03-01" in found[0]["message"]
    # Appending is fine.
    (root / FORECAST).write_text(forecast(line("alice", 0.8, "2026-03-01") + line("alice", 0.9, "2026-03-02")))
    _run(root, "check")
