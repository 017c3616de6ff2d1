"""How fast a large calendar export is read for one season: a figure, not a timed test.

    python -m benchmarks.calendar_speed [--megabytes 6] [--weeks 16]

It writes a 15-year Outlook export (Windows zone with its VTIMEZONE, busy statuses, weekly
recurring meetings, long descriptions) of the given size, then times, in the same run:
the shipped reader (`busy_calendar.windows_from_calendar`: only the season's part parsed)
against parsing the whole file with icalendar and expanding it with recurring-ical-events
(the reader before issue 17). The goal is a 6 MB export under 5 s.

Then a calendar of ``--never`` repeat rules that never occur in the season
(``FREQ=HOURLY;BYYEARDAY=100;BYMONTH=1``, with and without UNTIL): the shipped reader, which
takes them out before expanding (io/calendar_reach.py), against the expansion that walks
each of them to the year 9999 (about 7 s a rule).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

from liftplan.io.busy_calendar import windows_from_calendar
from liftplan.models.season import Envelope

ZONE = """BEGIN:VTIMEZONE\r
TZID:W. Europe Standard Time\r
BEGIN:STANDARD\r
DTSTART:16010101T030000\r
TZOFFSETFROM:+0200\r
TZOFFSETTO:+0100\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10\r
END:STANDARD\r
BEGIN:DAYLIGHT\r
DTSTART:16010101T020000\r
TZOFFSETFROM:+0100\r
TZOFFSETTO:+0200\r
RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3\r
END:DAYLIGHT\r
END:VTIMEZONE\r
"""


def export(megabytes: float, first: dt.date, years: int = 15, seed: int = 0) -> str:
    """An Outlook export of about ``megabytes``, its events spread over ``years`` from
    ``first``: one-off meetings, and every 200th a weekly series of 20."""
    rng = random.Random(seed)
    size = int(megabytes * 1024 * 1024)
    parts = [
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Microsoft Corporation//Outlook 16.0//EN\r\n"
    ]
    parts.append(ZONE)
    written, index = sum(map(len, parts)), 0
    per_event = 560
    days = years * 365
    count = size // per_event
    while written < size:
        day = first + dt.timedelta(days=index * days // count)
        start = dt.datetime.combine(day, dt.time(rng.randint(7, 18), rng.choice([0, 30])))
        end = start + dt.timedelta(minutes=rng.choice([30, 60, 90]))
        status = rng.choice(["BUSY", "BUSY", "BUSY", "FREE", "TENTATIVE", "OOF"])
        lines = [
            "BEGIN:VEVENT",
            f"UID:{index:08d}-{seed}@example.com",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=W. Europe Standard Time:{start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=W. Europe Standard Time:{end:%Y%m%dT%H%M%S}",
            f"SUMMARY:Meeting {index} with the project team about the quarterly planning",
            "DESCRIPTION:Agenda: review of last week\\, next steps\\, any other business. "
            "Dial-in details follow in the invitation.",
            "LOCATION:Room 4.12",
            f"X-MICROSOFT-CDO-BUSYSTATUS:{status}",
            "END:VEVENT",
        ]
        if index % 200 == 0:
            lines.insert(5, "RRULE:FREQ=WEEKLY;COUNT=20")
        text = "\r\n".join(lines) + "\r\n"
        parts.append(text)
        written += len(text)
        index += 1
    parts.append("END:VCALENDAR\r\n")
    return "".join(parts)


def whole_file(path: Path, zone: ZoneInfo, first: dt.date, last: dt.date) -> int:
    """The reader before issue 17: parse everything, then expand the season's range."""
    import icalendar
    import recurring_ical_events

    calendar = icalendar.Calendar.from_ical(path.read_text())
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    return len(list(recurring_ical_events.of(calendar).between(start, end)))


NEVER_RULES = (
    "FREQ=HOURLY;BYYEARDAY=100;BYMONTH=1",
    "FREQ=DAILY;BYYEARDAY=-1;BYMONTH=6;UNTIL=20270101T000000Z",
)


def never_calendar(rules: int) -> str:
    """A calendar of ``rules`` events, each repeating by a rule that never occurs."""
    events = "".join(
        "BEGIN:VEVENT\r\n"
        f"UID:never-{index}\r\nSUMMARY:never {index}\r\n"
        "DTSTART;TZID=Europe/Berlin:20260302T090000\r\n"
        "DTEND;TZID=Europe/Berlin:20260302T100000\r\n"
        f"RRULE:{NEVER_RULES[index % len(NEVER_RULES)]}\r\nEND:VEVENT\r\n"
        for index in range(rules)
    )
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{events}END:VCALENDAR\r\n"


def never_ratio(rules: int, zone: ZoneInfo, first: dt.date, last: dt.date) -> None:
    """Reads the never-occurring rules with and without taking them out first."""
    from unittest import mock

    from liftplan.io.calendar_events import parse_events

    text = never_calendar(rules)
    cpu = time.process_time()
    parse_events(text, "never.ics", zone, first, last)
    ours = time.process_time() - cpu
    cpu = time.process_time()
    with mock.patch("liftplan.io.calendar_limits.take_out_rules_out_of_reach", lambda *_: 0):
        parse_events(text, "never.ics", zone, first, last)
    walked = time.process_time() - cpu
    print(f"{rules} rules that never occur, taken out: {ours:6.3f} s CPU")
    print(f"walked to the year 9999:               {walked:6.2f} s CPU")
    print(f"ratio walked/taken out (CPU):          {walked / max(ours, 1e-6):6.0f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megabytes", type=float, default=6.0)
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--never", type=int, default=2, help="rules that never occur")
    args = parser.parse_args()
    zone = ZoneInfo("Europe/Berlin")
    first = dt.date(2026, 3, 2)
    last = first + dt.timedelta(days=7 * args.weeks - 1)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.ics"
        path.write_text(export(args.megabytes, dt.date(2012, 1, 1)), newline="")
        size = path.stat().st_size / 1024 / 1024
        started, cpu = time.perf_counter(), time.process_time()
        windows = windows_from_calendar(path, zone, first, last, Envelope())
        ours, ours_cpu = time.perf_counter() - started, time.process_time() - cpu
        started, cpu = time.perf_counter(), time.process_time()
        occurrences = whole_file(path, zone, first, last)
        whole, whole_cpu = time.perf_counter() - started, time.process_time() - cpu
    busy_days = sum(1 for day in windows.values() if len(day) != 1)
    print(f"export: {size:.1f} MB, 15 years; season: {args.weeks} weeks from {first}")
    print(
        f"liftplan reader (season's part): {ours:6.2f} s wall, {ours_cpu:6.2f} s CPU "
        f"({busy_days} days with busy time)"
    )
    print(
        f"whole file parsed and expanded:  {whole:6.2f} s wall, {whole_cpu:6.2f} s CPU "
        f"({occurrences} occurrences)"
    )
    print(f"ratio whole/liftplan (CPU):      {whole_cpu / ours_cpu:6.1f}x")
    if args.never:
        never_ratio(args.never, zone, first, last)


if __name__ == "__main__":
    main()
