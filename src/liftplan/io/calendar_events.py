"""Read the events of a real calendar export over a season: the one reader for busy time
(`availability.from_ics`) and for runs (`runs.from_ics`).

What clients put in files is read as RFC 5545 allows: recurring events expanded with their
exceptions and moved occurrences (recurring-ical-events), Google's X-WR-TIMEZONE
(x-wr-timezone), Windows and custom zone names (icalendar, see `calendar_zones`), floating
times as the runner's own local time, Outlook's busy status.

Large exports: a file up to `MAX_CALENDAR_BYTES` is read, and only the season's range is
parsed. Before icalendar sees the text, one pass over it keeps the events that can touch the
season (by their start and end dates, with two days of margin for zone offsets) and every
recurring event or moved occurrence; a 15-year personal export (6 MB) is read in about a
second (benchmarks/calendar_speed.py).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from liftplan.errors import InputError
from liftplan.io.calendar_limits import (
    drop_rules_that_never_occur,
    season_occurrences,
    unreadable,
)
from liftplan.io.reader import MAX_CALENDAR_BYTES, read_user_text

_MARGIN = dt.timedelta(days=2)  # zone offsets move a date by at most a day either way
_LIST_AT_MOST = 30  # skipped events printed one by one; the rest as a count


class BusyStatus(StrEnum):
    """Outlook's ``X-MICROSOFT-CDO-BUSYSTATUS`` ("Show as"), and what it means for lifting.

    FREE never blocks time; TENTATIVE blocks it (you may be there: a lift is not put on top
    of a maybe); BUSY, OOF (out of office) and WORKINGELSEWHERE block it. Without the
    property an event is BUSY, and ``TRANSP:TRANSPARENT`` (any client's "free") never blocks.
    """

    FREE = "FREE"
    TENTATIVE = "TENTATIVE"
    BUSY = "BUSY"
    OOF = "OOF"
    WORKINGELSEWHERE = "WORKINGELSEWHERE"


@dataclass(frozen=True)
class CalendarEvent:
    """One occurrence inside the season, its times in the runner's zone (aware datetimes;
    an all-day event runs from local midnight of its first day to that after its last)."""

    uid: str
    title: str
    description: str
    start: dt.datetime
    end: dt.datetime
    all_day: bool
    busy: BusyStatus
    transparent: bool

    @property
    def label(self) -> str:
        return f"event {self.title or self.uid!r} on {self.start.date()}"

    @property
    def blocks_time(self) -> bool:
        return not self.transparent and self.busy is not BusyStatus.FREE


@dataclass(frozen=True)
class Skipped:
    """An event the reader left out, and why, in a runner's words."""

    label: str
    reason: str

    def __str__(self) -> str:
        return f"{self.label}: {self.reason}"


@dataclass(frozen=True)
class CalendarRead:
    events: list[CalendarEvent] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def skipped_lines(name: str, skipped: list[Skipped]) -> list[str]:
    """One line per skipped event (the first `_LIST_AT_MOST`), then a count of the rest."""
    lines = [f"{name}: skipped {item}" for item in skipped[:_LIST_AT_MOST]]
    if len(skipped) > _LIST_AT_MOST:
        lines.append(f"{name}: ... and {len(skipped) - _LIST_AT_MOST} more skipped events")
    return lines


def read_events(path: str | Path, zone: ZoneInfo, first: dt.date, last: dt.date) -> CalendarRead:
    """The events of the calendar file ``path`` on local days ``first..last``.

    Raises InputError (file and problem) for a file that cannot be read or parsed. Reading
    is cached by file, size and modification time, so `explain` asking again is free.
    """
    path = Path(path)
    try:
        stat = path.stat()
        key = (stat.st_size, stat.st_mtime_ns)
    except OSError:
        key = (-1, -1)  # read_user_text says what is wrong
    return _read_cached(str(path), key, zone.key, first, last)


@functools.lru_cache(maxsize=8)
def _read_cached(
    name: str, key: tuple[int, int], zone: str, first: dt.date, last: dt.date
) -> CalendarRead:
    return parse_events(read_user_text(name, MAX_CALENDAR_BYTES), name, ZoneInfo(zone), first, last)


def parse_events(
    text: str, name: str, zone: ZoneInfo, first: dt.date, last: dt.date
) -> CalendarRead:
    """The events of calendar ``text`` (from file ``name``) on local days ``first..last``."""
    import icalendar
    import x_wr_timezone

    try:
        calendar = icalendar.Calendar.from_ical(season_part(text, first, last))
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise unreadable(name, error) from None
    # Before X-WR-TIMEZONE is applied: its copies of the events lose what icalendar could
    # not read (their `errors`), and a broken rule then crashed the expansion.
    unreadable_events(calendar, name)
    try:
        calendar = x_wr_timezone.to_standard(calendar)
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise unreadable(name, error) from None
    start = dt.datetime.combine(first, dt.time(), tzinfo=zone)
    end = dt.datetime.combine(last + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    problems = _event_problems(calendar)  # read before expanding: that swaps a reversed end
    # Recurring events expanded over the season only, and only so far (calendar_limits).
    read = CalendarRead()
    for event, why in drop_rules_that_never_occur(calendar):
        first_time = getattr(event.get("DTSTART"), "dt", "")
        read.skipped.append(
            Skipped(
                f"the repeat rule of {event_name(event)}",
                f"{why}; at most its first time ({first_time}) is read",
            )
        )
    occurrences = season_occurrences(calendar, name, start, end)
    for event in occurrences:
        _add(read, event, zone, first, last, problems)
    read.events.sort(key=lambda event: (event.start, event.end, event.title, event.uid))
    return read


# The properties that place an event in time: one that cannot be read is an error naming
# the event (guessing its time would put a run or a busy hour on the wrong day).
_WHEN = ("DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "RECURRENCE-ID")


def event_name(event: Any) -> str:
    """``event 'Tempo'``: its title, else its UID, as messages name an event."""
    title = " ".join(str(event.get("SUMMARY", "")).split())
    return f"event {title or str(event.get('UID', ''))!r}"


def unreadable_events(calendar: Any, name: str) -> None:
    """Raise InputError ``FILE: event 'Tempo': DTSTART: problem`` for the first event whose
    start is missing or whose start, end or rule cannot be read."""
    for event in calendar.walk("VEVENT"):
        for prop, message in event.errors:
            if prop in _WHEN:
                raw = str(event.get(prop, ""))
                raise InputError(
                    name, f"{event_name(event)}: {prop}", _in_words(prop, raw, message)
                )
        if "DTSTART" not in event:
            raise InputError(
                name, f"{event_name(event)}: DTSTART", "missing (an event needs a start)"
            )


def _in_words(prop: str, raw: str, message: str) -> str:
    if prop == "RRULE":
        freq = re.search(r"Expected frequency, got: (\S+)", message)
        if freq:
            return f"FREQ={freq.group(1)} is not a frequency (DAILY, WEEKLY, MONTHLY, ...)"
        return f"{raw!r} is not a repeat rule ({message})"
    if prop == "DURATION":
        return f"{raw!r} is not an iCalendar duration (like PT1H30M)"
    return f"{raw!r} is not an iCalendar date-time (like 20260303T063000)"


def _event_problems(calendar: Any) -> dict[str, str]:
    """UID -> why its occurrences are skipped: a start in a zone neither the file defines nor
    anyone knows (icalendar reads those as floating; reading them so would be a guess), or an
    end before the start (the expansion would quietly swap them)."""
    problems = {}
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        start = event.get("DTSTART")
        tzid = getattr(start, "params", {}).get("TZID")
        moment = getattr(start, "dt", None)
        finish = getattr(event.get("DTEND"), "dt", None)
        if tzid and isinstance(moment, dt.datetime) and moment.tzinfo is None:
            problems[uid] = (
                f"its time zone {str(tzid)!r} is neither defined in the file nor a known name"
            )
        elif _timed(moment) == _timed(finish) and _before(finish, moment):
            problems[uid] = "it ends before it starts (DTEND before DTSTART)"
        elif getattr(event.get("DURATION"), "dt", dt.timedelta()) < dt.timedelta():
            problems[uid] = "it ends before it starts (a negative DURATION)"
    return problems


def _before(finish: Any, moment: Any) -> bool:
    try:
        return bool(finish is not None and moment is not None and finish < moment)
    except TypeError:  # one floating, one with a zone: the reader judges them later
        return False


def _add(
    read: CalendarRead,
    event: object,
    zone: ZoneInfo,
    first: dt.date,
    last: dt.date,
    problems: dict[str, str],
) -> None:
    import icalendar

    assert isinstance(event, icalendar.Event)
    title = " ".join(str(event.get("SUMMARY", "")).split())
    uid = str(event.get("UID", ""))
    try:
        begin = event.decoded("DTSTART")
    except KeyError:
        read.skipped.append(Skipped(f"event {title or uid!r}", "it has no start (DTSTART)"))
        return
    label = f"event {title or uid!r} on {begin.date() if isinstance(begin, dt.datetime) else begin}"
    if uid in problems:
        read.skipped.append(Skipped(label, problems[uid]))
        return
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        read.skipped.append(Skipped(label, "cancelled (STATUS:CANCELLED)"))
        return
    finish = event.decoded("DTEND", None)
    if finish is None:
        finish = begin + event.decoded("DURATION", dt.timedelta(days=0 if _timed(begin) else 1))
    if _timed(begin) != _timed(finish):
        read.skipped.append(Skipped(label, "its start and end are not both dates or both times"))
        return
    if _timed(begin):
        start, end, all_day = _local(begin, zone), _local(finish, zone), False
    else:
        start = dt.datetime.combine(begin, dt.time(), tzinfo=zone)
        end = dt.datetime.combine(finish, dt.time(), tzinfo=zone)
        all_day = True
    if end < start:
        read.skipped.append(Skipped(label, "it ends before it starts"))
        return
    if end.date() < first or start.date() > last:
        return  # near the season, not in it (kept by the margin)
    status = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "BUSY")).strip().upper()
    read.events.append(
        CalendarEvent(
            uid=uid,
            title=title,
            description=str(event.get("DESCRIPTION", "")),
            start=start,
            end=end,
            all_day=all_day,
            busy=BusyStatus(status) if status in BusyStatus.__members__ else BusyStatus.BUSY,
            transparent=str(event.get("TRANSP", "OPAQUE")).strip().upper() == "TRANSPARENT",
        )
    )


def _timed(moment: object) -> bool:
    return isinstance(moment, dt.datetime)


def _local(moment: dt.datetime, zone: ZoneInfo) -> dt.datetime:
    """Floating times are the runner's own local time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=zone)
    return moment.astimezone(zone)


# --- the season's part of a large export ----------------------------------------------------

_UNFOLD = re.compile(r"\r?\n[ \t]")
_EVENT = re.compile(r"^BEGIN:VEVENT\r?$.*?^END:VEVENT\r?$\n?", re.MULTILINE | re.DOTALL)
_DATE_LINE = re.compile(r"^(DTSTART|DTEND|DURATION|RECURRENCE-ID)[;:][^\r\n]*", re.MULTILINE)
_REPEATS = re.compile(r"^(RRULE|RDATE)[;:]", re.MULTILINE)
_DURATION = re.compile(r"P(?:(\d+)W)?(?:(\d+)D)?")


def season_part(text: str, first: dt.date, last: dt.date) -> str:
    """``text`` without the events that cannot touch ``first..last``.

    Kept: events whose start..end meets the range (with a margin), every recurring event
    (RRULE or RDATE), every moved occurrence whose old or new date meets the range, and any
    event whose dates this quick look cannot read (icalendar then judges it).
    """
    unfolded = _UNFOLD.sub("", text)
    low, high = first - _MARGIN, last + _MARGIN
    pieces, end = [], 0
    for match in _EVENT.finditer(unfolded):
        pieces.append(unfolded[end : match.start()])
        end = match.end()
        if _may_touch(match.group(), low, high):
            pieces.append(match.group())
    pieces.append(unfolded[end:])
    return "".join(pieces)


_RULE = re.compile(r"^RRULE[;:]([^\r\n]*)", re.MULTILINE)
_PERIOD_DAYS = {"DAILY": 1, "WEEKLY": 7, "MONTHLY": 31, "YEARLY": 366}


def _repeats_until(block: str, start: dt.date) -> dt.date | None:
    """The last day a repeating event can reach, when its RRULE says (UNTIL, or COUNT
    periods, four times over for rules that skip periods); None for open-ended ones."""
    if re.search(r"^RDATE[;:]", block, re.MULTILINE):
        return None
    rule = _RULE.search(block)
    if rule is None:
        return None
    parts = dict(part.split("=", 1) for part in rule.group(1).split(";") if "=" in part)
    if "UNTIL" in parts:
        return _date_of(parts["UNTIL"])
    if "COUNT" in parts and parts.get("FREQ") in _PERIOD_DAYS:
        days = int(parts["COUNT"]) * int(parts.get("INTERVAL", "1")) * _PERIOD_DAYS[parts["FREQ"]]
        return start + dt.timedelta(days=4 * days + 1)
    return None


def _may_touch(block: str, low: dt.date, high: dt.date) -> bool:
    if _REPEATS.search(block):
        try:
            start = _date_of(_value_of(block, "DTSTART"))
            last = _repeats_until(block, start)
        except (KeyError, ValueError, OverflowError):
            return True
        return start <= high and (last is None or last >= low)
    dates: dict[str, str] = {}
    for line in _DATE_LINE.finditer(block):
        text = line.group()
        dates.setdefault(line.group(1), text[text.rindex(":") + 1 :].strip())
    try:
        start = _date_of(dates["DTSTART"])
        if "RECURRENCE-ID" in dates:
            moved_from = _date_of(dates["RECURRENCE-ID"])
            return low <= moved_from <= high or low <= start <= high
        if "DTEND" in dates:
            end = _date_of(dates["DTEND"])
        else:
            span = _DURATION.search(dates.get("DURATION", ""))
            weeks, days = (int(x or 0) for x in span.groups()) if span else (0, 0)
            end = start + dt.timedelta(days=7 * weeks + days + 1)
    except (KeyError, ValueError):
        return True
    return start <= high and end >= low


def _value_of(block: str, name: str) -> str:
    for line in _DATE_LINE.finditer(block):
        if line.group(1) == name:
            text = line.group()
            return text[text.rindex(":") + 1 :].strip()
    raise KeyError(name)


def _date_of(value: str) -> dt.date:
    return dt.date(int(value[:4]), int(value[4:6]), int(value[6:8]))
