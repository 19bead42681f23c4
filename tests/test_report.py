"""`rallypoint report`, /report.json, the dashboard and the purpose pages' goals and health, on
the community of measured_community.py (its numbers worked out by hand)."""

from __future__ import annotations

import json
import re

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

import measured_community
from conftest import BASE
from rallypoint.cli import cli
from rallypoint.site.build import build_site
from rallypoint.workflow.init import StarterAnswers, create_community
from workflow_checks import assert_hardened, assert_valid_github_workflows, assert_zizmor_clean, load_workflow, steps


def run(root, *args):
    return CliRunner().invoke(cli, ["-C", str(root), *args])


@pytest.fixture(scope="module")
def measured(tmp_path_factory):
    root = tmp_path_factory.mktemp("report") / "community"
    shas = measured_community.build(root)
    result = build_site(root, root.parent / "site")
    assert result.site_dir, result.diagnostics
    return root, shas, result.site_dir


def page(site, folder: str) -> BeautifulSoup:
    doc = BeautifulSoup((site / folder / "index.html").read_text("utf-8"), "html.parser")
    return doc.select_one("article.md-content__inner")


def test_json_is_the_report_worked_out_by_hand(measured):
    root, shas, _ = measured
    result = run(root, "report", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == measured_community.expected(shas)


def test_json_since_adds_the_numbers_of_then(measured):
    root, shas, _ = measured
    result = run(root, "report", "--format", "json", "--since", "2026-03-01")
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert {k: v for k, v in document.items() if k != "since"} == measured_community.expected(shas)
    then = document["since"]
    assert then["today"] == "2026-02-28" and then["commit"] == shas["C3"]
    assert then["purposes"]["repair"]["goals"][0] == {
        "id": "pumps",
        "count": 1,
        "target": 5,
        "percent": 20,
        "due": "2026-12-31",
        "state": "on-track",
    }


def test_markdown_says_what_changed(measured):
    root, shas, _ = measured
    result = run(root, "report", "--since", "2026-03-01")
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("## Test Repair Network: measurements\n")
    assert f"Measured on 2026-11-28 at commit `{shas['C12'][:7]}`; changes since 2026-03-01." in text
    assert "**Since 2026-03-01:** 5 new contributions, 1 new person, 1 question answered, 4 goals moved." in text
    rows = [line for line in text.splitlines() if line.startswith("| Repair") or line.startswith("| Seed")]
    # Purposes needing attention first: Repair guides has an overdue and a behind goal.
    assert rows[0] == (
        "| Repair guides | 🔴 1 overdue, 🟠 1 behind, 🟢 1 on track, ⚪ 2 open, ✅ 1 done | 5 | 2 | 2 | 1 | 2026-10-15 |"
    )
    assert rows[1].startswith("| Repair cafés |") and rows[2].startswith("| Seed swaps |")
    assert (
        "Since 2026-03-01: 4 new contributions; 1 new person (Erin Park); 1 question answered; "
        "goal “Five pump guides”: 20% → 40%, on track → behind; goal “Three answers”: 33% → 66%; "
        "goal “Two seal guides”: 0% → 50%; goal “A playbook”: 1 → 1, open → overdue." in text
    )
    assert "| Five pump guides | 2 of 5 (40%) | 2026-12-31 | 🟠 behind (5 needed by now) |" in text
    assert "half of the work by Alice Martin, Carol Díaz" in text
    assert "\n\n\n" not in text


def test_markdown_default_compares_with_30_days_ago(measured):
    root, _, _ = measured
    result = run(root, "report")
    assert result.exit_code == 0
    assert "changes since 2026-10-29." in result.output
    assert "Since 2026-10-29: 1 new contribution; 1 new person (Erin Park)." in result.output


def test_a_day_after_today_is_a_usage_error(measured):
    root, _, _ = measured
    result = run(root, "report", "--since", "2026-11-29")
    assert result.exit_code == 2
    assert "2026-11-29 is after today (2026-11-28, the date of the last commit)" in result.output
    assert run(root, "report", "--since", "yesterday").exit_code == 2


def test_errors_stop_the_report_with_the_diagnostics(community):
    root = community({"content/repair/drain-pump.md": BASE["content/repair/drain-pump.md"].replace("alice", "zed")})
    result = CliRunner().invoke(cli, ["-C", str(root), "report", "--format", "json"])
    assert result.exit_code == 1
    assert "RP" in result.output and "zed" in result.output


def test_report_json_on_the_site_is_the_cli_json(measured):
    root, _, site = measured
    assert (site / "report.json").read_text("utf-8") == run(root, "report", "--format", "json").output


def test_dashboard_lists_purposes_needing_attention_first(measured):
    _, _, site = measured
    main = page(site, "dashboard")
    rows = main.select("table.rp-dashboard tbody tr")
    assert [r["id"] for r in rows] == ["purpose-repair", "purpose-cafes", "purpose-garden"]
    repair = rows[0]
    states = [s.get_text() for s in repair.select("td[data-label=Goals] .rp-state")]
    assert states == ["behind · 40%", "on track · 66%", "done", "open · 50%", "overdue", "open"]
    links = [a["href"] for a in repair.select("td[data-label=Goals] a")]
    assert links[0] == "../purposes/repair/#goal-pumps"
    cells = {td["data-label"]: td.get_text(" ", strip=True) for td in repair.select("td")}
    assert cells["People"].startswith("5 · 2 active")
    assert cells["Absence factor"] == "2" and cells["Open questions"].startswith("1")
    assert cells["Last activity"] == "Oct 15, 2026"
    assert repair.select_one("td[data-label='Last activity'] time")["datetime"] == "2026-10-15"
    assert main.select_one('a[href="../report.json"]') is not None
    spark = repair.select_one("svg.rp-chart")
    assert spark["role"] == "img" and spark.title.get_text() and spark.desc.get_text().startswith("4 changes")
    tabs = [a.get_text(strip=True) for a in page(site, "dashboard").find_parent("html").select(".md-tabs__link")]
    assert "Dashboard" in tabs


def test_purpose_page_shows_goal_states_and_charts(measured):
    _, _, site = measured
    main = page(site, "purposes/repair")
    goals = {li["id"]: li for li in main.select("li.rp-goal")}
    assert [c for c in goals["goal-pumps"]["class"] if c.startswith("rp-goal-")] == ["rp-goal-behind"]
    pumps = goals["goal-pumps"].get_text(" ", strip=True)
    assert "2 of 5 (40%)" in pumps and "due Dec 31, 2026" in pumps and "5 by now keeps it on track" in pumps
    assert "reached on Feb 10, 2026 , before its due date" in goals["goal-first-question"].get_text(" ", strip=True)
    assert "the due date has passed" in goals["goal-playbook"].get_text()
    chart = goals["goal-pumps"].select_one("svg.rp-progress")
    assert chart["id"] == "chart-goal-pumps"
    assert chart["aria-labelledby"] == "chart-goal-pumps-title chart-goal-pumps-desc"
    desc = " ".join(chart.desc.get_text().split())
    assert "Target: 5. Due Dec 31, 2026. 5 needed by now to be on track." in desc, desc
    assert chart.select_one(".rp-target") and chart.select_one(".rp-pace") and chart.select_one(".rp-due")
    numbers = [
        [tr.time["datetime"], tr.select("td")[1].get_text()]
        for tr in goals["goal-pumps"].select("table.rp-numbers tr")[1:]
    ]
    assert numbers == [["2026-01-12", "0"], ["2026-01-19", "1"], ["2026-03-09", "2"], ["2026-11-23", "2"]]
    assert "someday" not in {c["id"] for c in main.select("svg.rp-progress")}  # nothing to draw


def test_purpose_page_health(measured):
    _, _, site = measured
    health = page(site, "purposes/repair").select_one("section.rp-health")
    figures = {div.dt.get_text(): div.dd.get_text(strip=True) for div in health.select(".rp-figures > div")}
    assert figures == {
        "People": "5",
        "Active in the last 90 days": "2",
        "Absence factor": "2",
        "Unanswered questions": "1",
        "Median days to a first answer": "1.5",
        "Last activity": "Oct 15, 2026",
    }
    absence = health.select_one(".rp-absence").get_text(" ", strip=True)
    assert "2 people did half of the work here:" in absence and "Alice Martin (3)" in absence
    new = health.select_one("#chart-new-people")
    assert [r.title.get_text() for r in new.select("rect")] == ["2026-01: 1 new", "2026-02: 3 new", "2026-06: 1 new"]
    assert [a.get_text() for a in health.select("#unanswered + .rp-rows a")] == ["Anyone?"]


def test_home_cards_flag_overdue_and_behind_goals(measured):
    _, _, site = measured
    cards = {c["href"]: c for c in page(site, "").select("a.rp-purpose-card")}
    flags = [s.get_text() for s in cards["purposes/repair/"].select(".rp-card-goals .rp-state")]
    assert flags == ["1 overdue", "1 behind", "1 done"]
    assert not cards["purposes/cafes/"].select(".rp-card-goals")


def test_charts_are_plain_inline_svg(measured):
    _, _, site = measured
    html = (site / "purposes/repair/index.html").read_text("utf-8")
    svgs = re.findall(r'<svg class="rp-chart.*?</svg>', html, re.DOTALL)
    assert len(svgs) == 7  # five goals with something to draw, new people, activity
    for svg in svgs:
        assert "<script" not in svg and "href" not in svg and "style=" not in svg
        assert re.search(r'id="chart-[a-z0-9-]+"', svg)


def test_the_publish_workflow_writes_the_report_into_the_summary(tmp_path):
    root = tmp_path / "new"
    create_community(root, StarterAnswers("Test", "Testing", "tester", "Tess Ter", "tess@example.org"))
    publish = root / ".github/workflows/publish.yml"
    workflow = assert_hardened(publish)
    runs = [s["run"] for s in steps(load_workflow(publish)) if "run" in s]
    assert runs.index('rallypoint report --format markdown >> "$GITHUB_STEP_SUMMARY"') > next(
        i for i, r in enumerate(runs) if r.startswith("rallypoint build")
    )
    assert workflow["jobs"]["build"]["permissions"] == {"contents": "read", "pages": "read"}
    assert_zizmor_clean(publish.parent)
    assert_valid_github_workflows([publish])


def test_outside_a_community_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(cli, ["-C", str(tmp_path), "report"])
    assert result.exit_code == 2
    assert result.output.splitlines()[-1] == f"Error: no community.yml in {tmp_path.resolve()} or any folder above it"
