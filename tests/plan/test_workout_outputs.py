"""What a user meets of the workouts: `explain` says why each exercise and load, the ICS
description and the HTML page show the warm-up (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import icalendar
from click.testing import CliRunner

from liftplan import api
from liftplan.check import check_plan
from liftplan.cli.app import cli

ROOT = Path(__file__).parents[2]
SEASON = ROOT / "tests/seasons/races/01-beginner-5k.yaml"


def test_explain_says_why_this_exercise_and_this_load() -> None:
    result = CliRunner().invoke(cli, ["explain", str(SEASON)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    warm_ups = [line for line in lines if line.startswith("    * warm-up ")]
    assert warm_ups and all(" min: " in line for line in warm_ups)
    why = [line for line in lines if line.startswith("    * ") and " at " in line]
    assert why
    assert any(
        "block 1" in line and "week 2: one more rep at the same load" in line for line in why
    )
    assert any("block 2" in line and "new block: one chart step heavier" in line for line in why)
    assert any("RIR chart (Zourdos et al. 2016)" in line for line in why)


def test_explain_json_carries_the_workout_lines() -> None:
    result = CliRunner().invoke(cli, ["explain", str(SEASON), "--json"])
    assert result.exit_code == 0, result.output
    lifts = json.loads(result.output)["lifts"]
    assert lifts and all(lift["workout"][0].startswith("warm-up ") for lift in lifts)


def test_ics_and_html_show_the_warm_up(tmp_path: Path) -> None:
    ics, html, out = tmp_path / "plan.ics", tmp_path / "plan.html", tmp_path / "plan.json"
    result = CliRunner().invoke(
        cli, ["solve", str(SEASON), "-o", str(ics), "-o", str(html), "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    season = api.load_season(SEASON)
    plan = api.solve(season)
    assert check_plan(season, plan).ok
    lift = plan.lifts[0]
    assert lift.workout is not None and lift.workout.warm_up is not None
    drills = ", ".join(lift.workout.warm_up.drills)
    calendar = icalendar.Calendar.from_ical(ics.read_text())
    descriptions = [str(event.get("DESCRIPTION", "")) for event in calendar.walk("VEVENT")]
    assert any(
        f"Warm-up {lift.workout.warm_up.minutes} min: {drills}" in text for text in descriptions
    )
    page = html.read_text()
    assert "Warm-up " in page and "easy jog, bike or skipping" in page
