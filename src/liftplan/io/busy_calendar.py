"""Free windows from the calendar a runner already keeps.

Busy events, recurring ones expanded (recurring-ical-events), Google's X-WR-TIMEZONE
honoured (x-wr-timezone), transparent and cancelled events ignored, all-day events blocking
their days; what is left of each day's envelope becomes that day's windows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from liftplan.errors import InputError
from liftplan.io.calendar_limits import season_occurrences
from liftplan.io.reader import MAX_CALENDAR_BYTES
from liftplan.io.season_file import read_text
from liftplan.models.clock import MINUTES_PER_DAY, Window
from liftplan.models.season import Envelope

Busy = dict[dt.date, list[tuple[int, int]]]


def busy_minutes(text: str, name: str, zone: ZoneInfo, first: dt.date, last: dt.date) -> Busy:
    """Busy spans per local date, in minutes after midnight (wall clock)."""
    import icalendar
    import x_wr_timezone

    try:
        calendar = x_wr_timezone.to_standard(icalendar.Calendar.from_ical(text))
    except ValueError as error:
        raise InputError(name, "", f"not a readable calendar: {error}") from None
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    busy: Busy = {}
    for event in season_occurrences(calendar, name, start, end):
        if str(event.get("TRANSP", "OPAQUE")).upper() == "TRANSPARENT":
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        begin, finish = event.decoded("DTSTART"), event.decoded("DTEND", None)
        if not isinstance(begin, dt.datetime):  # all day: block whole days
            stop = finish if isinstance(finish, dt.date) else begin + dt.timedelta(days=1)
            day = begin
            while day < stop:
                busy.setdefault(day, []).append((0, MINUTES_PER_DAY))
                day += dt.timedelta(days=1)
            continue
        if finish is None:
            finish = begin + event.decoded("DURATION", dt.timedelta(0))
        _add_span(busy, _local(begin, zone), _local(finish, zone))
    return busy


def _local(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """Floating times are the runner's own local time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


def _add_span(busy: Busy, begin: dt.datetime, finish: dt.datetime) -> None:
    day = begin.date()
    while day <= finish.date():
        low = begin.hour * 60 + begin.minute if day == begin.date() else 0
        if day == finish.date():
            high = finish.hour * 60 + finish.minute + (1 if finish.second else 0)
        else:
            high = MINUTES_PER_DAY
        if high > low:
            busy.setdefault(day, []).append((low, high))
        day += dt.timedelta(days=1)


def free_windows(envelope: Window, busy: list[tuple[int, int]]) -> list[Window]:
    """The envelope minus the busy spans."""
    free = [(envelope.start, envelope.end)]
    for low, high in sorted(busy):
        pieces = []
        for start, end in free:
            if high <= start or low >= end:
                pieces.append((start, end))
                continue
            if low > start:
                pieces.append((start, low))
            if high < end:
                pieces.append((high, end))
        free = pieces
    return [Window(start, end) for start, end in free if end > start]


def windows_from_calendar(
    path: str | Path, zone: ZoneInfo, first: dt.date, last: dt.date, envelope: Envelope
) -> dict[dt.date, list[Window]]:
    """Each date's free windows, first..last inclusive."""
    busy = busy_minutes(read_text(Path(path), MAX_CALENDAR_BYTES), str(path), zone, first, last)
    windows = {}
    day = first
    while day <= last:
        hours = envelope.weekends if day.weekday() >= 5 else envelope.weekdays
        windows[day] = free_windows(hours, busy.get(day, []))
        day += dt.timedelta(days=1)
    return windows
