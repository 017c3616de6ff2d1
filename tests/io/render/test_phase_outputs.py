"""Derived phases show as derived in every output (JSON, HTML, ICS, xlsx, the summary);
the CSV keeps the bare phase name. Through the command line, on a three-week season."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import make_season, season_data, solve_checked
from liftplan.cli.app import cli
from liftplan.models import Plan, Status

# A 5K (30 min, the only race: A) on Sunday of week 3: base 1, build 2, taper 3.
RACE_SEASON: dict[str, Any] = {
    "season": {"start": "2026-03-02", "weeks": 3},
    "runs": {
        "weekly": {"tue": {"kind": "intervals", "start": "06:30", "minutes": 60}},
        "dates": {"2026-03-22": {"kind": "race", "start": "09:00", "minutes": 30}},
    },
    "lifting": {"per_week": {"min": 0, "max": 2, "target": 2}, "minutes": 45},
}
WRITTEN = [{"name": "build", "weeks": 2}, {"name": "taper", "weeks": 1}]
SUFFIXES = ("json", "html", "ics", "xlsx", "csv")


def solve_to_files(tmp_path: Path, sections: dict[str, Any]) -> tuple[Plan, str, dict[str, Path]]:
    """The plan solve_checked finds, the command's stderr, and its output files."""
    plan = solve_checked(make_season(**sections))
    assert plan.status is Status.OPTIMAL
    season = tmp_path / "season.json"
    season.write_text(json.dumps(season_data(**sections)))
    files = {suffix: tmp_path / f"plan.{suffix}" for suffix in SUFFIXES}
    args = ["solve", str(season)]
    for path in files.values():
        args += ["-o", str(path)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    written = Plan.model_validate_json(files["json"].read_text())
    assert written == plan  # the command wrote the plan the checker passed
    return plan, result.stderr, files


@pytest.fixture(scope="module")
def derived(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, str, dict[str, Path]]:
    return solve_to_files(tmp_path_factory.mktemp("derived"), RACE_SEASON)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, str, dict[str, Path]]:
    sections = {**RACE_SEASON, "season": {**RACE_SEASON["season"], "phases": WRITTEN}}
    return solve_to_files(tmp_path_factory.mktemp("written"), sections)


def test_json_lists_the_derived_phases(derived: tuple[Plan, str, dict[str, Path]]) -> None:
    _, _, files = derived
    phases = json.loads(files["json"].read_text())["phases"]
    assert phases == [
        {
            "name": "base",
            "first_week": 1,
            "last_week": 1,
            "derived": True,
            "from_race": "2026-03-22",
        },
        {
            "name": "build",
            "first_week": 2,
            "last_week": 2,
            "derived": True,
            "from_race": "2026-03-22",
        },
        {
            "name": "taper",
            "first_week": 3,
            "last_week": 3,
            "derived": True,
            "from_race": "2026-03-22",
        },
    ]


def test_html_marks_each_phase_cell_and_the_legend(
    derived: tuple[Plan, str, dict[str, Path]],
) -> None:
    _, _, files = derived
    page = files["html"].read_text()
    cells = [line for line in page.splitlines() if '<td class="phase">' in line]
    assert [c.split('"phase">')[1].split("<")[0] for c in cells] == [
        "base (derived)",
        "build (derived)",
        "taper (derived)",
    ]
    assert "phase (derived): from the A race on 2026-03-22" in page


def test_ics_lift_descriptions_name_the_derived_phase(
    derived: tuple[Plan, str, dict[str, Path]],
) -> None:
    import icalendar

    plan, _, files = derived
    calendar = icalendar.Calendar.from_ical(files["ics"].read_text())
    lifts = [str(e.get("DESCRIPTION")) for e in calendar.walk("VEVENT") if "Lift" in e["SUMMARY"]]
    assert len(lifts) == len(plan.lifts) > 0
    phase_of = {lift.start.isoformat(): lift.phase for lift in plan.lifts}
    for event in calendar.walk("VEVENT"):
        if str(event["SUMMARY"]).startswith("Lift"):
            start = event.decoded("DTSTART").isoformat()
            assert (
                f"phase: {phase_of[start]} (derived from the A race on 2026-03-22)"
                in event["DESCRIPTION"]
            )
    runs = [e for e in calendar.walk("VEVENT") if str(e["SUMMARY"]).startswith("Run")]
    assert runs and not any("phase:" in str(e.get("DESCRIPTION", "")) for e in runs)


def test_xlsx_has_a_phases_sheet(derived: tuple[Plan, str, dict[str, Path]]) -> None:
    _, _, files = derived
    sheets = pd.read_excel(io.BytesIO(files["xlsx"].read_bytes()), sheet_name=None)
    assert list(sheets) == ["plan", "score", "phases"]
    phases = sheets["phases"]
    assert list(phases["name"]) == ["base", "build", "taper"]
    assert list(phases["first_week"]) == [1, 2, 3] and list(phases["last_week"]) == [1, 2, 3]
    assert list(phases["derived"]) == [True] * 3
    assert set(phases["from_race"].astype(str)) == {"2026-03-22"}


def test_summary_says_the_phases_were_derived(derived: tuple[Plan, str, dict[str, Path]]) -> None:
    _, err, _ = derived
    lines = err.splitlines()
    assert lines[2] == "phases derived from the A race on Sun 22 Mar: base 1, build 2, taper 3"
    assert sum(line.startswith("phases derived") for line in lines) == 1


def test_summary_names_two_a_races_by_their_dates(tmp_path: Path) -> None:
    sections = {
        **RACE_SEASON,
        "season": {"start": "2026-03-02", "weeks": 8},
        "runs": {
            **RACE_SEASON["runs"],
            "dates": {
                day: {"kind": "race", "start": "09:00", "minutes": 30, "priority": "A"}
                for day in ("2026-03-15", "2026-04-19")
            },
        },
    }
    plan, err, _ = solve_to_files(tmp_path, sections)
    assert len(plan.phase_races) == 2
    (line,) = [line for line in err.splitlines() if line.startswith("phases derived")]
    assert line.startswith("phases derived from the A races on Sun 15 Mar and Sun 19 Apr: ")


def test_csv_keeps_the_bare_phase_name(derived: tuple[Plan, str, dict[str, Path]]) -> None:
    _, _, files = derived
    table = pd.read_csv(files["csv"])
    assert set(table["phase"]) == {"base", "build", "taper"}
    assert dict(zip(table["week"], table["phase"], strict=True)) == {
        1: "base",
        2: "build",
        3: "taper",
    }


def test_written_phases_show_as_written(written: tuple[Plan, str, dict[str, Path]]) -> None:
    plan, err, files = written
    assert [(p.name, p.derived, p.from_race) for p in plan.phases] == [
        ("build", False, None),
        ("taper", False, None),
    ]
    assert [(p.first_week, p.last_week) for p in plan.phases] == [(1, 2), (3, 3)]
    page = files["html"].read_text()
    assert '<td class="phase">build</td>' in page and "derived" not in page
    assert "phase:" not in files["ics"].read_text()
    assert "phases derived" not in err
    sheets = pd.read_excel(io.BytesIO(files["xlsx"].read_bytes()), sheet_name=None)
    assert list(sheets["phases"]["derived"]) == [False, False]


def test_a_phaseless_season_has_no_phases_anywhere(tmp_path: Path) -> None:
    sections = {**RACE_SEASON, "season": {**RACE_SEASON["season"], "phases": []}}
    plan, err, files = solve_to_files(tmp_path, sections)
    assert plan.phases == [] and json.loads(files["json"].read_text())["phases"] == []
    sheets = pd.read_excel(io.BytesIO(files["xlsx"].read_bytes()), sheet_name=None)
    assert list(sheets) == ["plan", "score"]
    assert "derived" not in files["html"].read_text() and "phases derived" not in err
    assert set(pd.read_csv(files["csv"], keep_default_na=False)["phase"]) == {""}
