"""Real calendars read right: Windows and custom zone names, Outlook's busy status, the
season's range of a large export, and `init` that takes the zone or refuses to guess."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from liftplan.cli.app import cli
from liftplan.io.busy_calendar import busy_minutes
from liftplan.io.calendar_events import parse_events, season_part
from liftplan.io.calendar_zones import iana_name

BERLIN = ZoneInfo("Europe/Berlin")
CUSTOM_ZONE = """BEGIN:VTIMEZONE
TZID:Customized Time Zone
BEGIN:STANDARD
DTSTART:16010101T030000
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:16010101T020000
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3
END:DAYLIGHT
END:VTIMEZONE
"""


def outlook(events: str, zones: str = "") -> str:
    return (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//Microsoft Corporation//Outlook 16.0 MIMEDIR//EN\n"
        + zones
        + events
        + "END:VCALENDAR\n"
    )


def event(uid: str, start: str, end: str, tzid: str, extra: str = "") -> str:
    where = f";TZID={tzid}" if tzid else ""
    return (
        f"BEGIN:VEVENT\nUID:{uid}\nDTSTART{where}:{start}\nDTEND{where}:{end}\n"
        f"SUMMARY:{uid}\n{extra}END:VEVENT\n"
    )


def test_zone_names_map_to_iana() -> None:
    assert iana_name("W. Europe Standard Time") == "Europe/Berlin"
    assert iana_name("Eastern Standard Time") == "America/New_York"
    assert iana_name("/mozilla.org/20050126_1/Europe/Oslo") == "Europe/Oslo"
    assert iana_name("Europe/Paris") == "Europe/Paris"
    assert iana_name("Customized Time Zone") is None


def test_windows_zone_without_vtimezone_is_read_in_its_zone() -> None:
    text = outlook(
        event("meeting", "20260302T090000", "20260302T100000", "W. Europe Standard Time")
    )
    busy = busy_minutes(
        text, "work.ics", ZoneInfo("Europe/London"), dt.date(2026, 3, 2), dt.date(2026, 3, 2)
    )
    assert busy == {dt.date(2026, 3, 2): [(8 * 60, 9 * 60)]}  # 09:00 Berlin is 08:00 London


def test_custom_zone_with_vtimezone_is_read_by_its_offsets() -> None:
    text = outlook(
        event("summer", "20260602T090000", "20260602T100000", "Customized Time Zone"), CUSTOM_ZONE
    )
    busy = busy_minutes(text, "work.ics", ZoneInfo("UTC"), dt.date(2026, 6, 2), dt.date(2026, 6, 2))
    assert busy == {dt.date(2026, 6, 2): [(7 * 60, 8 * 60)]}  # CEST is UTC+2


def test_unknown_zone_without_definition_is_skipped_and_said() -> None:
    text = outlook(event("odd", "20260302T090000", "20260302T100000", "Mars Standard Time"))
    read = parse_events(text, "work.ics", BERLIN, dt.date(2026, 3, 2), dt.date(2026, 3, 2))
    assert read.events == []
    assert "'Mars Standard Time' is neither defined" in str(read.skipped[0])


def test_outlook_busy_status() -> None:
    statuses = ["FREE", "TENTATIVE", "OOF", "WORKINGELSEWHERE", "BUSY"]
    events = "".join(
        event(
            status.lower(),
            f"202603{2 + i:02d}T090000",
            f"202603{2 + i:02d}T100000",
            "W. Europe Standard Time",
            f"X-MICROSOFT-CDO-BUSYSTATUS:{status}\n",
        )
        for i, status in enumerate(statuses)
    )
    events += event("transparent", "20260307T090000", "20260307T100000", "", "TRANSP:TRANSPARENT\n")
    busy = busy_minutes(
        outlook(events), "work.ics", BERLIN, dt.date(2026, 3, 2), dt.date(2026, 3, 8)
    )
    blocked = sorted(busy)
    # FREE (Mon) and transparent (Sat) never block; the other four do.
    assert blocked == [dt.date(2026, 3, day) for day in (3, 4, 5, 6)]


def test_large_export_keeps_only_what_touches_the_season() -> None:
    old = "".join(
        event(f"old{i}", f"2012{1 + i % 12:02d}10T090000", f"2012{1 + i % 12:02d}10T100000", "")
        for i in range(200)
    )
    weekly = event("weekly", "20120105T180000", "20120105T190000", "", "RRULE:FREQ=WEEKLY\n")
    ended = event(
        "ended", "20120105T180000", "20120105T190000", "", "RRULE:FREQ=WEEKLY;UNTIL=20130101\n"
    )
    counted = event(
        "counted", "20120105T180000", "20120105T190000", "", "RRULE:FREQ=DAILY;COUNT=9\n"
    )
    inside = event("inside", "20260303T090000", "20260303T100000", "")
    text = outlook(old + weekly + ended + counted + inside)
    part = season_part(text, dt.date(2026, 3, 2), dt.date(2026, 3, 8))
    assert "old1" not in part and "UID:weekly" in part and "UID:inside" in part
    assert "UID:ended" not in part and "UID:counted" not in part
    read = parse_events(text, "big.ics", BERLIN, dt.date(2026, 3, 2), dt.date(2026, 3, 8))
    assert [(e.title, e.start.day) for e in read.events] == [("inside", 3), ("weekly", 5)]


def init(tmp_path: Path, text: str, *extra: str) -> tuple[int, str, str]:
    (tmp_path / "busy.ics").write_text(text)
    out = tmp_path / "season.yaml"
    args = ["init", "--from-ics", str(tmp_path / "busy.ics"), "--start", "2026-03-02"]
    result = CliRunner().invoke(cli, [*args, "--weeks", "2", "-o", str(out), *extra])
    return result.exit_code, result.stderr, out.read_text() if out.exists() else ""


def test_init_takes_the_zone_from_a_windows_calendar(tmp_path: Path) -> None:
    text = outlook(event("m", "20260302T090000", "20260302T100000", "W. Europe Standard Time"))
    code, err, season = init(tmp_path, text)
    assert code == 0, err
    assert "timezone: Europe/Berlin" in season


def test_init_reads_a_custom_zone_by_its_offsets(tmp_path: Path) -> None:
    text = outlook(
        event("m", "20260302T090000", "20260302T100000", "Customized Time Zone"), CUSTOM_ZONE
    )
    code, err, season = init(tmp_path, text)
    assert code == 0, err
    assert "timezone: Europe/Berlin" in season


def test_init_refuses_to_guess_a_zone(tmp_path: Path) -> None:
    text = outlook(event("m", "20260302T090000Z", "20260302T100000Z", ""))
    code, err, season = init(tmp_path, text)
    assert code == 2 and season == ""
    assert len(err.strip().splitlines()) == 1 and "--timezone" in err
    code, err, season = init(tmp_path, text, "--timezone", "America/Chicago")
    assert code == 0, err
    assert "timezone: America/Chicago" in season


def test_init_lists_what_it_skipped(tmp_path: Path) -> None:
    events = event("m", "20260302T090000", "20260302T100000", "W. Europe Standard Time")
    events += event(
        "lunch walk",
        "20260303T120000",
        "20260303T130000",
        "W. Europe Standard Time",
        "X-MICROSOFT-CDO-BUSYSTATUS:FREE\n",
    )
    events += event(
        "off", "20260304T120000", "20260304T130000", "W. Europe Standard Time", "STATUS:CANCELLED\n"
    )
    code, err, _ = init(tmp_path, outlook(events))
    assert code == 0, err
    assert "1 busy event in the season" in err
    assert (
        "skipped event 'lunch walk' on 2026-03-03: shown as free (X-MICROSOFT-CDO-BUSYSTATUS:FREE)"
        in err
    )
    assert "skipped event 'off' on 2026-03-04: cancelled" in err


def test_unreadable_calendar_is_one_line(tmp_path: Path) -> None:
    code, err, season = init(tmp_path, "BEGIN:VCALENDAR\nthis is not\n")
    assert code == 2 and season == ""
    assert len(err.strip().splitlines()) == 1 and "busy.ics" in err


def test_an_end_before_the_start_is_skipped_never_swapped(tmp_path: Path) -> None:
    zone = "W. Europe Standard Time"
    events = event("m", "20260302T090000", "20260302T100000", zone)
    events += event(
        "standup", "20260303T100000", "20260303T083000", zone, "RRULE:FREQ=DAILY;COUNT=2\n"
    )
    events += (
        "BEGIN:VEVENT\nUID:minus\nSUMMARY:minus\nDTSTART;TZID=W. Europe Standard Time:"
        "20260305T100000\nDURATION:-PT1H\nEND:VEVENT\n"
    )
    code, err, _ = init(tmp_path, outlook(events))
    assert code == 0, err
    assert "1 busy event in the season" in err  # only 'm': nothing read as 08:30-10:00
    for day in ("2026-03-03", "2026-03-04"):
        assert f"skipped event 'standup' on {day}: it ends before it starts (DTEND" in err
    assert "skipped event 'minus' on 2026-03-05: it ends before it starts (a negative" in err


def test_an_unreadable_busy_event_is_named(tmp_path: Path) -> None:
    events = event("m", "20260302T090000", "20260302T100000", "W. Europe Standard Time")
    events += "BEGIN:VEVENT\nUID:x1\nSUMMARY:Review\nDTSTART:2026-03-03\nEND:VEVENT\n"
    code, err, season = init(tmp_path, outlook(events))
    assert code == 2 and season == ""
    assert len(err.strip().splitlines()) == 1
    assert "busy.ics: event 'Review': DTSTART: '2026-03-03' is not an iCalendar date-time" in err
