"""What a user meets of the workouts: `explain` says why each exercise and load, the ICS
description and the HTML page show the warm-up, the estimate and the loads (issue 14)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from liftplan import api
from liftplan.check import check_plan
from liftplan.cli.app import cli
from liftplan.models import CSV_COLUMNS

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


def test_csv_ics_and_html_show_the_estimate_and_the_kilograms(tmp_path: Path) -> None:
    """The CSV notes and the ICS description carry `est. N min` and the kg a one-rep max
    gives (as the JSON's `weight`); the HTML shows the estimate and each week's sets per
    pattern. The CSV columns stay as SPEC fixes them."""
    marathon = ROOT / "tests/seasons/races/03-marathon-18wk.yaml"
    maxes = "athlete.one_rep_max={Back squat: 100, Deadlift: 120}"
    paths = [tmp_path / f"plan.{suffix}" for suffix in ("csv", "ics", "html", "json")]
    outputs = [arg for path in paths for arg in ("-o", str(path))]
    result = CliRunner().invoke(cli, ["solve", str(marathon), "--set", maxes, *outputs])
    assert result.exit_code == 0, result.output
    csv_path, ics, html, out = paths
    checked = CliRunner().invoke(cli, ["check", str(marathon), "--set", maxes, str(out)])
    assert checked.exit_code == 0, checked.output
    plan = json.loads(out.read_text())
    lifts = [s for s in plan["sessions"] if s["activity"] == "lift"]
    loaded = [
        (lift, e) for lift in lifts for e in lift["workout"]["exercises"] if e["weight"] is not None
    ]
    assert loaded
    rows = list(csv.DictReader(csv_path.open()))
    assert list(rows[0]) == list(CSV_COLUMNS)
    notes = {row["start"]: row["notes"] for row in rows if row["activity"] == "lift"}
    for lift in lifts:
        assert notes[lift["start"]].endswith(f" | est. {lift['workout']['minutes']} min")
    for lift, exercise in loaded:
        said = (
            f"{exercise['name']} {exercise['sets']}x{exercise['reps']} @ {exercise['weight']:g} kg"
        )
        assert said in notes[lift["start"]]
    calendar = icalendar.Calendar.from_ical(ics.read_text())
    descriptions = [str(event.get("DESCRIPTION", "")) for event in calendar.walk("VEVENT")]
    for lift in lifts:
        assert any(
            f"est. {lift['workout']['minutes']} min" in text and lift["workout"]["focus"] in text
            for text in descriptions
        )
    assert sum(" kg (about " in text for text in descriptions) >= 1
    page = html.read_text()
    first = lifts[0]["workout"]
    assert f"est. {first['minutes']} min of {lifts[0]['minutes']} booked" in page
    week_one = [e for lift in lifts if lift["week"] == 1 for e in lift["workout"]["exercises"]]
    squat_sets = sum(e["sets"] for e in week_one if e["pattern"] == "squat")
    assert f"squat {squat_sets} · " in page and " sets</div>" in page


@pytest.mark.parametrize(
    ("maxes", "problem"),
    [
        ("{Back squat: 0.5}", "athlete.one_rep_max.Back squat: 0.5 kg is below an empty 20 kg bar"),
        (
            "{Back squat: 100, back squat: 90}",
            "athlete.one_rep_max.back squat: given twice (also as 'Back squat')",
        ),
        ("{Push-up: 50}", "athlete.one_rep_max.Push-up: Push-up is dosed by body weight: no 1RM"),
        ("{Back sqaut: 100}", "athlete.one_rep_max.Back sqaut: unknown exercise"),
    ],
)
def test_a_bad_one_rep_max_is_one_line_naming_where_it_came_from(
    tmp_path: Path, maxes: str, problem: str
) -> None:
    out = tmp_path / "plan.json"
    given = CliRunner().invoke(
        cli, ["solve", str(SEASON), "--set", f"athlete={{one_rep_max: {maxes}}}", "-o", str(out)]
    )
    assert given.exit_code == 2 and not out.exists()
    assert given.stderr.startswith(f"liftplan: --set: {problem}"), given.stderr
    assert len(given.stderr.splitlines()) == 1
    season = tmp_path / "season.yaml"
    season.write_text(SEASON.read_text() + f"\nathlete: {{one_rep_max: {maxes}}}\n")
    written = CliRunner().invoke(cli, ["solve", str(season), "-o", str(out)])
    assert written.exit_code == 2 and not out.exists()
    assert written.stderr.startswith(f"liftplan: {season}: {problem}"), written.stderr
    assert len(written.stderr.splitlines()) == 1
