"""team.html's days come from the workers (beside each plan) or, for a plan kept by --resume,
from its JSON file: both give the same page, byte for byte."""

from __future__ import annotations

import json
import re
from pathlib import Path

from benchmarks.instances import generate_season
from click.testing import CliRunner

from liftplan.check import check_plan
from liftplan.cli.app import cli
from liftplan.io.render.team_html import calendar_of, render_team
from liftplan.io.season_file import season_from_data
from liftplan.models import Plan
from liftplan.team.batch import read_summary


def test_the_team_page_is_the_same_bytes_made_in_the_workers_or_read_back(
    tmp_path: Path,
) -> None:
    athletes = [{**generate_season(16, seed), "id": f"r{seed}"} for seed in range(4)]
    athletes[2]["lifting"]["per_week"] = {"min": 5, "max": 5}  # infeasible: a row, no days
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"athletes": athletes}))
    out = tmp_path / "plans"
    first = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out), "--jobs", "2"])
    assert first.exit_code == 3, first.output  # the infeasible athlete
    page = (out / "team.html").read_bytes()
    for data in athletes[:2] + athletes[3:]:
        plan = Plan.model_validate_json((out / f"{data['id']}.json").read_bytes())
        assert plan.lifts and check_plan(season_from_data(data, "team"), plan).ok
    weeks = page.decode()[page.decode().index("Week 1") :]
    assert '<th class="name">r1</th>' in weeks and '<th class="name">r2</th>' not in weeks

    # Everything up to date: no worker runs, every plan's days are read from its file.
    again = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out), "--resume"])
    assert again.exit_code == 3, again.output
    assert "4 already up to date" in again.output
    assert (out / "team.html").read_bytes() == page

    # And the page from calendars given for some rows and read for the others is the same.
    rows = list(read_summary(out).values())
    given = [
        calendar_of(Plan.model_validate_json((out / f"{row['file']}.json").read_bytes()))
        if row["status"] == "OPTIMAL" and index % 2 == 0
        else None
        for index, row in enumerate(rows)
    ]
    assert render_team(out, rows, (), given).encode() == page


def test_each_week_of_the_team_page_lists_the_athletes_whose_plan_spans_it(
    tmp_path: Path,
) -> None:
    """A club's seasons end at different races: spring's runners are not rows of seven empty
    days in autumn's weeks, and a week between the two that no plan spans is left out."""
    from conftest import season_data

    def athlete(name: str, start: str, weeks: int) -> dict[str, object]:
        return season_data(id=name, season={"start": start, "weeks": weeks, "phases": []})

    squad = [athlete("spring", "2026-03-02", 2), athlete("autumn", "2026-03-23", 2)]
    squad.append(athlete("all", "2026-03-02", 5))
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"athletes": squad}))
    out = tmp_path / "plans"
    done = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out), "--jobs", "2"])
    assert done.exit_code == 0, done.output
    for data in squad:
        plan = Plan.model_validate_json((out / f"{data['id']}.json").read_bytes())
        assert plan.lifts and check_plan(season_from_data(data, "team"), plan).ok
    assert listed_by_week(out / "team.html") == {
        "Week 1": ["spring", "all"],
        "Week 2": ["spring", "all"],
        "Week 3": ["all"],
        "Week 4": ["autumn", "all"],
        "Week 5": ["autumn", "all"],
    }

    # Without the all-season athlete, week 3 is nobody's: left out, the numbers kept.
    team.write_text(json.dumps({"athletes": squad[:2]}))
    done = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert list(listed_by_week(out / "team.html")) == ["Week 1", "Week 2", "Week 4", "Week 5"]


def listed_by_week(page: Path) -> dict[str, list[str]]:
    """Each week's heading ("Week 3") -> the athletes with a row in its table."""
    weeks = {}
    for section in page.read_text().split("<section>")[1:]:
        heading = section.removeprefix("<h2>").split(" · ")[0]
        body = section.split("<tbody>")[1]
        weeks[heading] = re.findall(r'<tr><th class="name">([^<]*)</th>', body)
    return weeks
