"""Free time from a busy calendar, and a starter season written from it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from click.testing import CliRunner

from conftest import solve_checked
from liftplan import api
from liftplan.cli.app import cli
from liftplan.models import Window

EXAMPLES = Path(__file__).parents[2] / "examples"


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
