"""Calendars in and out: plan.ics for any calendar app, free time from a busy calendar."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
from click.testing import CliRunner

from conftest import make_season, solve_checked
from liftplan import api
from liftplan.cli.app import cli
from liftplan.io.overrides import with_overrides
from liftplan.io.render.ics import render_ics
from liftplan.models import Window

EXAMPLES = Path(__file__).parent.parent.parent / "examples"


def events(text: str) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}


def test_one_event_per_session_with_the_plans_times_and_a_vtimezone() -> None:
    plan = solve_checked(api.load_season(EXAMPLES / "marathon-16-weeks.yaml"))
    text = render_ics(plan)
    calendar = icalendar.Calendar.from_ical(text)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    found = list(calendar.walk("VEVENT"))
    assert len(found) == len(plan.sessions)
    starts = sorted((e.decoded("DTSTART"), e.decoded("DTEND")) for e in found)
    assert starts == sorted((s.start, s.end) for s in plan.sessions)
    assert all(e["DTSTART"].params["TZID"] == "America/New_York" for e in found)
    lift = next(e for e in found if str(e["SUMMARY"]).startswith("Lift - Block 1A ("))
    assert "Why here:" in str(lift["DESCRIPTION"]) and "x 8" in str(lift["DESCRIPTION"])
    assert text == render_ics(plan)  # same plan, same bytes


def test_runs_can_be_left_out() -> None:
    plan = solve_checked(make_season())
    assert len(events(render_ics(plan, include_runs=False))) == len(plan.lifts) == 2


def test_a_moved_lift_keeps_its_uid_and_gets_a_higher_sequence() -> None:
    season = make_season()
    before = solve_checked(season)
    first = render_ics(before)
    # Tuesday evening gets shorter: the Tuesday lift moves within the day.
    moved = solve_checked(with_overrides(season, ['availability.weekly.tue=["19:00-21:00"]']))
    second = render_ics(moved, previous=first)
    old, new = events(first), events(second)
    assert old.keys() == new.keys()
    changed = [uid for uid in new if new[uid].decoded("DTSTART") != old[uid].decoded("DTSTART")]
    assert changed == ["test-w001-lift1@liftplan"]
    assert int(new[changed[0]]["SEQUENCE"]) == int(old[changed[0]]["SEQUENCE"]) + 1
    assert all(int(new[u]["SEQUENCE"]) == 0 for u in new if u not in changed)
    assert render_ics(moved, previous=second) == second  # nothing changed since: same bytes


BUSY = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Google Inc//Google Calendar 70.9054//EN
X-WR-TIMEZONE:Europe/Berlin
BEGIN:VEVENT
UID:standup@example.com
DTSTART:20260302T163000Z
DTEND:20260302T173000Z
RRULE:FREQ=WEEKLY;BYDAY=MO,WE
SUMMARY:Team meeting 17:30-18:30 Berlin
END:VEVENT
BEGIN:VEVENT
UID:trip@example.com
DTSTART;VALUE=DATE:20260305
DTEND;VALUE=DATE:20260307
SUMMARY:Trip (all day Thu and Fri)
END:VEVENT
BEGIN:VEVENT
UID:free@example.com
DTSTART:20260303T060000Z
DTEND:20260303T200000Z
TRANSP:TRANSPARENT
SUMMARY:Shown as free
END:VEVENT
BEGIN:VEVENT
UID:cancelled@example.com
DTSTART:20260303T100000Z
DTEND:20260303T110000Z
STATUS:CANCELLED
SUMMARY:Cancelled
END:VEVENT
BEGIN:VEVENT
UID:dentist@example.com
DTSTART:20260307T090000Z
DTEND:20260307T100000Z
SUMMARY:Dentist 10:00-11:00 Berlin
END:VEVENT
END:VCALENDAR
"""


def test_free_windows_from_a_busy_calendar(tmp_path: Path) -> None:
    (tmp_path / "busy.ics").write_text(BUSY)
    (tmp_path / "season.yaml").write_text(
        "timezone: Europe/Berlin\n"
        "season: {start: 2026-03-02, weeks: 2}\n"
        "availability:\n"
        "  from_ics: busy.ics\n"
        '  envelope: {weekdays: "06:00-21:00", weekends: "07:00-19:00"}\n'
        '  dates: {2026-03-15: ["08:00-09:00"]}\n'
    )
    season = api.load_season(tmp_path / "season.yaml")
    windows = {
        day: season.availability.windows_on(day)
        for day in map(lambda i: dt.date(2026, 3, 2) + dt.timedelta(days=i), range(14))
    }

    def w(text: str) -> Window:
        start, end = text.split("-")
        return Window(int(start[:2]) * 60 + int(start[3:]), int(end[:2]) * 60 + int(end[3:]))

    meeting_day = [w("06:00-17:30"), w("18:30-21:00")]
    assert windows[dt.date(2026, 3, 2)] == meeting_day  # Monday: recurring meeting
    assert windows[dt.date(2026, 3, 3)] == [w("06:00-21:00")]  # transparent, cancelled ignored
    assert windows[dt.date(2026, 3, 4)] == meeting_day  # Wednesday: recurring meeting
    assert windows[dt.date(2026, 3, 5)] == [] == windows[dt.date(2026, 3, 6)]  # the trip
    assert windows[dt.date(2026, 3, 7)] == [w("07:00-10:00"), w("11:00-19:00")]  # dentist
    assert windows[dt.date(2026, 3, 8)] == [w("07:00-19:00")]  # Sunday
    assert windows[dt.date(2026, 3, 9)] == meeting_day  # the rule repeats in week 2
    assert windows[dt.date(2026, 3, 15)] == [w("08:00-09:00")]  # listed dates win
    plan = solve_checked(season)
    assert plan.status.solved


def test_init_writes_a_starter_season_that_solves(tmp_path: Path) -> None:
    (tmp_path / "busy.ics").write_text(BUSY)
    out = tmp_path / "season.yaml"
    result = CliRunner().invoke(
        cli,
        [
            "init",
            "--from-ics",
            str(tmp_path / "busy.ics"),
            "--start",
            "2026-03-02",
            "--weeks",
            "2",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.stderr
    text = out.read_text()
    assert "timezone: Europe/Berlin" in text and "from_ics: busy.ics" in text
    assert solve_checked(api.load_season(out)).status.solved
    again = CliRunner().invoke(
        cli, ["init", "--from-ics", str(tmp_path / "busy.ics"), "-o", str(out)]
    )
    assert again.exit_code == 2 and "exists already" in again.stderr
