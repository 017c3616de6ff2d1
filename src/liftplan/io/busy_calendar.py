"""Free windows from the calendar a runner already keeps.

Events are read by `calendar_events` (recurring ones expanded, any client's zone names,
only the season's range of a large export). What blocks time: an event whose Outlook
status is BUSY, TENTATIVE, OOF (out of office) or WORKINGELSEWHERE, or that has none.
What never does: FREE, ``TRANSP:TRANSPARENT`` and cancelled events; those are listed as
skipped, with why. All-day events block their whole days; what is left of each day's
envelope becomes that day's windows.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

from liftplan.io.calendar_events import CalendarRead, Skipped, parse_events, read_events
from liftplan.models.clock import MINUTES_PER_DAY, Window
from liftplan.models.season import Envelope, skipped_date

Busy = dict[dt.date, list[tuple[int, int]]]


def busy_minutes(text: str, name: str, zone: ZoneInfo, first: dt.date, last: dt.date) -> Busy:
    """Busy spans per local date, in minutes after midnight (wall clock)."""
    return busy_spans(parse_events(text, name, zone, first, last))


def busy_spans(read: CalendarRead) -> Busy:
    """The busy spans of events read from a calendar (free and transparent ones left out)."""
    busy: Busy = {}
    for event in read.events:
        if not event.blocks_time:
            continue
        if event.all_day:  # block whole days
            day = event.start.date()
            while day < event.end.date():
                busy.setdefault(day, []).append((0, MINUTES_PER_DAY))
                day += dt.timedelta(days=1)
            continue
        _add_span(busy, event.start, event.end)
    return busy


def skipped_busy(read: CalendarRead) -> list[Skipped]:
    """What the reader skipped, then the events that do not block time, each with why."""
    free = [
        Skipped(
            event.label,
            "shown as free (TRANSP:TRANSPARENT)"
            if event.transparent
            else "shown as free (X-MICROSOFT-CDO-BUSYSTATUS:FREE)",
        )
        for event in read.events
        if not event.blocks_time
    ]
    return [*read.skipped, *free]


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
    """Each date's free windows, first..last inclusive; none on a date ``zone`` skipped
    (Pacific/Apia's 2011-12-30), whose hours never happened."""
    busy = busy_spans(read_events(Path(path), zone, first, last))
    windows = {}
    day = first
    while day <= last:
        hours = envelope.weekends if day.weekday() >= 5 else envelope.weekdays
        lived = not skipped_date(zone, day)
        windows[day] = free_windows(hours, busy.get(day, [])) if lived else []
        day += dt.timedelta(days=1)
    return windows
