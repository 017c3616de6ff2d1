"""A season across a date its zone skipped (Samoa went from 2011-12-29 to 2011-12-31): the
weekly run of that date cannot be run, so the plan has none, and `liftplan check` passes
both plan files `solve` writes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml

from conftest import GUIDE_RUNS, invoke, solve_both_checked

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Every date since 1990 that a zone's clocks jumped over, west to east across the date line.
SKIPPED = [
    ("Pacific/Apia", dt.date(2011, 12, 30)),  # a Friday
    ("Pacific/Fakaofo", dt.date(2011, 12, 30)),
    ("Pacific/Kwajalein", dt.date(1993, 8, 21)),  # a Saturday
    ("Pacific/Kiritimati", dt.date(1994, 12, 31)),
    ("Pacific/Kanton", dt.date(1994, 12, 31)),
]


def season_across(tmp_path: Path, zone: str, skipped: dt.date) -> Path:
    """Three weeks of the guide's runs around ``skipped``, a tempo run on its weekday and
    lifting time every day: the week of the skipped date has room for its lifts."""
    weekday = WEEKDAYS[skipped.weekday()]
    runs = {**GUIDE_RUNS, weekday: {"kind": "tempo", "start": "06:30", "minutes": 40}}
    monday = skipped - dt.timedelta(days=skipped.weekday() + 7)
    season = {
        "id": "skip",
        "timezone": zone,
        "season": {"start": monday.isoformat(), "weeks": 3, "phases": []},
        "availability": {"weekly": {day: ["17:30-21:00"] for day in WEEKDAYS}},
        "runs": {"weekly": runs},
        "lifting": {"per_week": {"min": 1, "max": 3, "target": 2}, "minutes": 45},
    }
    path = tmp_path / "season.yaml"
    path.write_text(yaml.safe_dump(season))
    return path


@pytest.mark.parametrize(("zone", "skipped"), SKIPPED, ids=[zone for zone, _ in SKIPPED])
def test_a_plan_across_a_skipped_date_passes_its_own_check(
    tmp_path: Path, zone: str, skipped: dt.date
) -> None:
    season = season_across(tmp_path, zone, skipped)
    _, sessions, table = solve_both_checked(season, tmp_path)
    # No session on a date that never was; the same weekday's run a week before and after.
    for listed in (sessions, table):
        dates = {session["date"] for session in listed}
        assert skipped.isoformat() not in dates
        assert not any(session["start"].startswith(skipped.isoformat()) for session in listed)
        runs = {s["date"] for s in listed if s["activity"] == "run" and s["kind"] == "tempo"}
        week = dt.timedelta(days=7)
        assert {(skipped - week).isoformat(), (skipped + week).isoformat()} <= runs


@pytest.mark.parametrize("section", ["runs", "availability"])
def test_a_listed_date_the_zone_skipped_is_one_line_and_exit_2(
    tmp_path: Path, section: str
) -> None:
    season = season_across(tmp_path, "Pacific/Apia", dt.date(2011, 12, 30))
    data = yaml.safe_load(season.read_text())
    entry = {"kind": "race", "start": "07:00", "minutes": 50} if section == "runs" else []
    data[section]["dates"] = {dt.date(2011, 12, 30): entry}
    season.write_text(yaml.safe_dump(data))
    plan = tmp_path / "plan.json"
    code, out, err = invoke("solve", season, "-o", plan)
    assert (code, out, plan.exists()) == (2, "", False)
    assert err == (
        f"liftplan: {season}: {section}.dates.2011-12-30: there is no such date in "
        "Pacific/Apia (its clocks went from 2011-12-29 to 2011-12-31)\n"
    )


# A Samoa runner's calendar: a weekly Friday track session (its second Friday is the one
# Samoa skipped), a tempo run timed on that date, one in floating time, and a night run
# that starts on the day before and ends in the skipped date.
SAMOA_CALENDAR = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//skipped//EN
BEGIN:VEVENT
UID:weekly
DTSTART;TZID=Pacific/Apia:20111223T063000
DTEND;TZID=Pacific/Apia:20111223T073000
RRULE:FREQ=WEEKLY;COUNT=3
SUMMARY:Track session
END:VEVENT
BEGIN:VEVENT
UID:timed
DTSTART;TZID=Pacific/Apia:20111230T060000
DTEND;TZID=Pacific/Apia:20111230T070000
SUMMARY:Tempo run
END:VEVENT
BEGIN:VEVENT
UID:floating
DTSTART:20111230T120000
DTEND:20111230T130000
SUMMARY:Intervals
END:VEVENT
BEGIN:VEVENT
UID:night
DTSTART;TZID=Pacific/Apia:20111229T230000
DTEND;TZID=Pacific/Apia:20111230T003000
SUMMARY:Night easy run
END:VEVENT
END:VCALENDAR
"""
NO_SUCH_DAY = (
    "there is no such date in Pacific/Apia (its clocks went from 2011-12-29 to 2011-12-31): "
    "not a run"
)


def samoa_season(tmp_path: Path, runs: dict[str, str]) -> Path:
    """Three weeks around Samoa's skipped Friday; Wednesdays to Fridays are left to the
    run file ``runs`` names (`from_ics` or `from_csv`)."""
    season = season_across(tmp_path, "Pacific/Apia", dt.date(2011, 12, 30))
    data = yaml.safe_load(season.read_text())
    weekly = {day: run for day, run in GUIDE_RUNS.items() if day not in ("wed", "thu", "fri")}
    data["runs"] = {"weekly": weekly, **runs}
    season.write_text(yaml.safe_dump(data))
    return season


def solved_and_checked(tmp_path: Path, season: Path) -> tuple[str, list[dict[str, str]]]:
    """``solve`` to JSON and CSV, both put through ``check``: (stderr of solve, sessions)."""
    err, sessions, table = solve_both_checked(season, tmp_path)
    assert {row["start"] for row in table} == {s["start"] for s in sessions}
    assert not any(s["date"] == "2011-12-30" for s in sessions)
    return err, sessions


def test_calendar_runs_on_a_date_the_zone_skipped_are_listed_and_left_out(
    tmp_path: Path,
) -> None:
    (tmp_path / "runs.ics").write_text(SAMOA_CALENDAR)
    season = samoa_season(tmp_path, {"from_ics": "runs.ics"})
    err, sessions = solved_and_checked(tmp_path, season)
    calendar = tmp_path / "runs.ics"
    for title in ("Track session", "Tempo run", "Intervals"):
        line = f"{calendar}: skipped event {title!r} on 2011-12-30: {NO_SUCH_DAY}"
        assert line in err.splitlines()
    assert "runs.dates" not in err
    runs = {(s["date"], s["kind"]) for s in sessions if s["activity"] == "run"}
    # The weekly session runs on the Fridays that were; the night run keeps its start.
    assert {("2011-12-23", "track"), ("2012-01-06", "track"), ("2011-12-29", "easy")} <= runs
    night = next(s for s in sessions if s["start"].startswith("2011-12-29T23:00"))
    assert (night["start"], night["minutes"]) == ("2011-12-29T23:00:00-10:00", 90)


def test_a_table_row_on_a_date_the_zone_skipped_is_listed_and_left_out(tmp_path: Path) -> None:
    table = tmp_path / "runs.csv"
    table.write_text(
        "date,start,minutes,kind\n2011-12-30,06:00,40,tempo\n2011-12-28,07:00,60,hills\n"
    )
    season = samoa_season(tmp_path, {"from_csv": "runs.csv"})
    err, sessions = solved_and_checked(tmp_path, season)
    assert f"{table}: skipped row 2 (2011-12-30): {NO_SUCH_DAY}" in err.splitlines()
    assert "runs.dates" not in err
    assert ("2011-12-28", "hills") in {(s["date"], s["kind"]) for s in sessions}


def test_replan_from_a_date_the_zone_skipped_is_one_line_and_exit_2(tmp_path: Path) -> None:
    """There is no 2011-12-30 in Samoa to start a re-plan on: said, nothing written (the day
    after, which exists, re-plans as usual)."""
    season = season_across(tmp_path, "Pacific/Apia", dt.date(2011, 12, 30))
    solve_both_checked(season, tmp_path)
    plan, new = tmp_path / "plan.json", tmp_path / "replanned.json"
    code, out, err = invoke("replan", season, plan, "--from", "2011-12-30", "-o", new)
    assert (code, out, new.exists()) == (2, "", False)
    assert err == (
        "liftplan: --from: there is no such date in Pacific/Apia "
        "(its clocks went from 2011-12-29 to 2011-12-31)\n"
    )
    code, _, err = invoke("replan", season, plan, "--from", "2011-12-31", "-o", new)
    assert code == 0, err
    assert invoke("check", season, new)[0] == 0


def test_init_counts_only_the_dates_that_happen(tmp_path: Path) -> None:
    """`init` from a Samoa busy calendar over the week Samoa skipped a Friday: its counts are
    of the six dates that happen (the skipped one has no free window, not the envelope's
    06:00-21:00), and the starter season solves to a checked plan with nothing that Friday."""
    busy = tmp_path / "busy.ics"
    busy.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:work\r\n"
        "DTSTART;TZID=Pacific/Apia:20111228T120000\r\n"
        "DTEND;TZID=Pacific/Apia:20111228T130000\r\nSUMMARY:Work\r\nEND:VEVENT\r\n"
        "END:VCALENDAR\r\n"
    )
    season = tmp_path / "season.yaml"
    code, _, err = invoke(
        "init", "--from-ics", busy, "--start", "2011-12-26", "--weeks", "1", "-o", season
    )
    assert code == 0, err
    # Mon-Thu 06:00-21:00 (Wednesday cut by the noon meeting), Sat-Sun 07:00-19:00.
    assert f"{busy}: 7 free windows to lift in on 6 days (0 days with none)" in err, err
    _, sessions, table = solve_both_checked(season, tmp_path)
    for listed in (sessions, table):
        assert not any(s["date"] == "2011-12-30" for s in listed)
