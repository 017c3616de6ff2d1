"""A run or race written at a time a clock change skips just before midnight.

Pyongyang's clocks went from 23:30 (+08:30) to 00:00 (+09:00) on Friday 2018-05-04, so a
Friday run written for 23:45 is moved on by the gap, as zoneinfo's fold=0 (and RFC 5545)
resolve a time that does not exist: it starts at 00:15 on Saturday, and the plan lists it on
Saturday, the date of its start (as a 02:30 run on a spring-forward day starts at 03:30 that
day). `liftplan check` passes both plan files `solve` writes, and its rules around the run
count from the date it is run on.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import solve_both_checked

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Gaps that begin before midnight and end at it: every one from 1990 (a season's first year)
# to 2029 in zoneinfo's data, but the whole dates skipped (tests/cli/test_skipped_dates.py).
GAPS = [
    ("Asia/Pyongyang", dt.date(2018, 5, 4)),  # Fri 23:30 -> Sat 00:00, +08:30 -> +09:00
    ("America/Nuuk", dt.date(2026, 3, 28)),  # Sat 23:00 -> Sun 00:00, -02 -> -01
    ("America/Godthab", dt.date(2024, 3, 30)),  # its old name, the first such year
    ("America/Scoresbysund", dt.date(2026, 3, 28)),  # Sat 23:00
    ("Asia/Dhaka", dt.date(2009, 6, 19)),  # Fri 23:00
]


def season_file(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "season.yaml"
    path.write_text(yaml.safe_dump(data))
    return path


def solved_and_checked(season: Path) -> tuple[list[dict[str, Any]], list[dict[str, str]]]:
    """Solve to plan.json and plan.csv, check both (exit 0, OK), and give their sessions,
    each dated on the local date of its start, with that date's weekday."""
    _, sessions, table = solve_both_checked(season, season.parent)
    for listed in (sessions, table):
        for session in listed:
            date = dt.date.fromisoformat(session["date"])
            assert session["start"][:10] == session["date"], session
            assert session["weekday"] == WEEKDAYS[date.weekday()], session
    return sessions, table


def test_a_friday_run_in_pyongyang_s_gap_is_saturday_s_run_and_passes_check(
    tmp_path: Path,
) -> None:
    season = season_file(
        tmp_path,
        {
            "timezone": "Asia/Pyongyang",
            "season": {"start": "2018-04-30", "weeks": 1},
            "availability": {"weekly": {"mon": ["17:30-21:00"], "wed": ["17:30-21:00"]}},
            "runs": {"weekly": {"fri": {"kind": "easy", "start": "23:45", "minutes": 30}}},
            "lifting": {"per_week": {"min": 1, "max": 2, "target": 2}, "minutes": 45},
        },
    )
    sessions, table = solved_and_checked(season)
    for listed in (sessions, table):
        runs = [s for s in listed if s["activity"] == "run"]
        assert [(r["date"], r["weekday"], r["start"], r["end"]) for r in runs] == [
            ("2018-05-05", "sat", "2018-05-05T00:15:00+09:00", "2018-05-05T00:45:00+09:00")
        ]


def test_a_hard_run_moved_into_saturday_makes_friday_the_day_before_it(tmp_path: Path) -> None:
    """A tempo moved into Saturday makes Saturday its hard day: Friday is the day before it
    (no lift, no_lift_day_before_hard) and Thursday is free, for the solver and the checker
    alike. Read as Friday's run, Thursday would be the day before it and the week would
    have no room for its lift."""
    season = season_file(
        tmp_path,
        {
            "timezone": "Asia/Pyongyang",
            "season": {"start": "2018-04-30", "weeks": 1},
            "availability": {"weekly": {day: ["17:30-21:00"] for day in ("thu", "fri")}},
            "runs": {"weekly": {"fri": {"kind": "tempo", "start": "23:45", "minutes": 40}}},
            "lifting": {"per_week": {"min": 1, "max": 1, "target": 1}, "minutes": 45},
        },
    )
    sessions, _ = solved_and_checked(season)
    assert [(s["date"], s["activity"], s["notes"][:4]) for s in sessions] == [
        ("2018-05-03", "lift", "rout"),
        ("2018-05-05", "run", "hard"),
    ]


def test_a_run_moved_past_the_season_s_last_date_is_not_in_the_plan(tmp_path: Path) -> None:
    """A season ending on that Friday: its 23:45 run starts on Saturday, after the season."""
    season = season_file(
        tmp_path,
        {
            "timezone": "Asia/Pyongyang",
            "season": {"start": "2018-04-28", "end": "2018-05-04"},
            "availability": {"weekly": {"mon": ["17:30-21:00"], "wed": ["17:30-21:00"]}},
            "runs": {
                "weekly": {
                    "thu": {"kind": "easy", "start": "23:45", "minutes": 30},
                    "fri": {"kind": "easy", "start": "23:45", "minutes": 30},
                }
            },
            "lifting": {"per_week": {"min": 1, "max": 2, "target": 2}, "minutes": 45},
        },
    )
    sessions, _ = solved_and_checked(season)
    assert [s["date"] for s in sessions if s["activity"] == "run"] == ["2018-05-03"]


@pytest.mark.parametrize(("zone", "evening"), GAPS, ids=[zone for zone, _ in GAPS])
@pytest.mark.parametrize("race", [False, True], ids=["runs", "race"])
def test_runs_windows_and_races_around_a_midnight_gap_pass_their_own_check(
    tmp_path: Path, zone: str, evening: dt.date, race: bool
) -> None:
    """Runs just before and after midnight on the evening of the change and the days around
    it, windows up to and from midnight on every day, and (one case in two) a race at 23:40
    that evening (in place of the tempo: a listed date's runs are its own): `solve` plans, and
    `check` passes plan.json and plan.csv."""
    day = evening.weekday()
    runs: dict[str, Any] = {
        "weekly": {
            WEEKDAYS[day - 1]: {"kind": "easy", "start": "23:30", "minutes": 60},
            WEEKDAYS[day]: {"kind": "tempo", "start": "23:45", "minutes": 30},
            WEEKDAYS[(day + 1) % 7]: {"kind": "easy", "start": "00:15", "minutes": 45},
        }
    }
    if race:
        runs["dates"] = {evening: {"kind": "race", "start": "23:40", "minutes": 50}}
    windows = ["17:00-19:00", "21:30-24:00", "00:00-01:30"]
    season = season_file(
        tmp_path,
        {
            "timezone": zone,
            "season": {"start": (evening - dt.timedelta(days=day + 7)).isoformat(), "weeks": 3},
            "availability": {"weekly": {weekday: windows for weekday in WEEKDAYS}},
            "runs": runs,
            "lifting": {"per_week": {"min": 1, "max": 3, "target": 2}, "minutes": 45},
        },
    )
    sessions, _ = solved_and_checked(season)
    # The evening's 23:45 run (or race) starts that evening, or just after the jump.
    evening_runs = [
        s
        for s in sessions
        if s["activity"] == "run"
        and s["kind"] in ("tempo", "race")
        and evening <= dt.date.fromisoformat(s["date"]) <= evening + dt.timedelta(days=1)
    ]
    assert [s["kind"] for s in evening_runs] == ["race" if race else "tempo"]  # a date's own


@pytest.mark.parametrize("phases", ["derived", "none"])
def test_a_race_moved_past_the_season_s_last_date_is_not_its_race(
    tmp_path: Path, phases: str
) -> None:
    """A season ending on that Friday with a 5k at 23:45: the race starts on Saturday, after
    the season, so it is not the season's race: no phases derived from it, no race week.
    (Old: the timeline and check dropped it, the solver still planned around it, and check
    rejected the plan: a light lift in week 1, or below_target and the objective recounted.)"""
    data: dict[str, Any] = {
        "timezone": "Asia/Pyongyang",
        "season": {"start": "2018-04-23", "end": "2018-05-04"},
        "availability": {
            "weekly": {day: ["17:30-21:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
        },
        "runs": {
            "weekly": {"mon": {"kind": "easy", "start": "06:30", "minutes": 40}},
            "dates": {"2018-05-04": {"kind": "race", "start": "23:45", "minutes": 30}},
        },
        "lifting": {"per_week": {"min": 1, "max": 3, "target": 3}, "minutes": 45},
        "rules": {"rest_days_between_lifts": 0},
    }
    if phases == "none":
        data["season"]["phases"] = []
    err, sessions, _ = solve_both_checked(season_file(tmp_path, data), tmp_path)
    assert "race" not in err
    assert not any(s["kind"] == "race" for s in sessions)
    # The same plan as the season without it.
    del data["runs"]["dates"]
    without = tmp_path / "without"
    without.mkdir()
    _, alone, _ = solve_both_checked(season_file(without, data), without)
    assert [s for s in sessions if s["activity"] == "lift"] == [
        s for s in alone if s["activity"] == "lift"
    ]
