"""`--ics-alarm` and `--ics-busy-only`: the same stable UIDs, reminders, and no details."""

from __future__ import annotations

from pathlib import Path

import icalendar
from click.testing import CliRunner

from liftplan.cli.app import cli

SAMPLE = Path(__file__).parents[2] / "examples" / "sample-week.yaml"


def solve(out: Path, *extra: str) -> icalendar.Calendar:
    result = CliRunner().invoke(cli, ["solve", str(SAMPLE), "-o", str(out), *extra])
    assert result.exit_code == 0, result.stderr
    return icalendar.Calendar.from_ical(out.read_text())


def lift_events(calendar: icalendar.Calendar) -> dict[str, icalendar.Event]:
    return {
        str(e["UID"]): e
        for e in calendar.walk("VEVENT")
        if "-lift" in str(e["UID"]) or "-core" in str(e["UID"])
    }


def test_alarm_and_busy_only_keep_the_uids(tmp_path: Path) -> None:
    plain = lift_events(solve(tmp_path / "plain.ics"))
    alarmed = solve(tmp_path / "alarm.ics", "--ics-alarm", "30")
    busy = solve(tmp_path / "busy.ics", "--ics-busy-only")
    assert plain and set(lift_events(alarmed)) == set(plain) == set(lift_events(busy))
    for uid, event in lift_events(alarmed).items():
        (alarm,) = event.walk("VALARM")
        assert str(alarm["ACTION"]) == "DISPLAY"
        assert alarm.decoded("TRIGGER").total_seconds() == -30 * 60
        assert event.decoded("DTSTART") == plain[uid].decoded("DTSTART")
    text = (tmp_path / "busy.ics").read_text()
    events = busy.walk("VEVENT")
    assert len(events) == len(plain)  # no runs in a busy-only calendar
    for event in events:
        assert str(event["SUMMARY"]) == "Busy" and "DESCRIPTION" not in event
        assert event.decoded("DTSTART") == plain[str(event["UID"])].decoded("DTSTART")
    for word in ("Block", "squat", "Why here", "Lift -"):
        assert word not in text


def test_busy_only_again_keeps_sequence(tmp_path: Path) -> None:
    out = tmp_path / "busy.ics"
    first = solve(out, "--ics-busy-only")
    again = solve(out, "--ics-busy-only")
    assert [int(e["SEQUENCE"]) for e in first.walk("VEVENT")] == [
        int(e["SEQUENCE"]) for e in again.walk("VEVENT")
    ]


def test_negative_alarm_is_a_usage_error(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    result = CliRunner().invoke(cli, ["solve", str(SAMPLE), "-o", str(out), "--ics-alarm", "-5"])
    assert result.exit_code == 2 and not out.exists()
    assert len(result.stderr.strip().splitlines()) == 1
