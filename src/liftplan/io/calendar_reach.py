"""Repeat rules that cannot occur in the season, taken out before a calendar is expanded.

dateutil (beneath recurring-ical-events) walks a rule from its DTSTART until it meets an
occurrence past the span asked for. A rule with none left, such as
``FREQ=HOURLY;BYYEARDAY=100;BYMONTH=1`` (the 100th day of a year is in April), is walked
period by period to the year 9999: about 7 s an hourly rule. An UNTIL does not stop it
(dateutil compares UNTIL with an occurrence it found, and it finds none), and neither library
takes a bound on the walk. So each rule's day parts are first tried on the days the season's
expansion can reach, a few thousand at most: a rule that fits none of them has no occurrence
there, and taking it out changes nothing the season reads.

The test is generous: what it does not judge (BYDAY's ordinals, BYSETPOS, times of day,
DTSTART's defaults) lets every day through (BYWEEKNO is judged: dateutil names its days);
a rule it keeps is then asked of dateutil itself on a copy whose walk is short
(`calendar_cycle.occurs_at_all`), and a rule kept whose DTSTART is centuries old is moved
forward whole cycles, its COUNT lowered to match (`move_start_before`). A
rule taken out has no occurrence in reach.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from liftplan.io.calendar_cycle import CYCLE, move_start_before, occurs_at_all

# A rule's days are its DTSTART's wall-clock days: at most a day off the season's zone.
MARGIN = dt.timedelta(days=2)
# A rule that fits no day of a 400-year cycle (see calendar_cycle) fits no day at all.
CYCLE_DAYS = CYCLE.days
_WEEKDAYS = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}

# What a day is, for a rule's day parts: month, day of the month counted from its start
# and from its end (-1 the last), day of the year likewise, weekday (0 Monday).
DayFacts = tuple[int, int, int, int, int, int]
Span = tuple[dt.date, dt.date]


def take_out_rules_out_of_reach(calendar: Any, start: dt.datetime, end: dt.datetime) -> int:
    """Take from each recurring event of ``calendar`` (an icalendar.Calendar) the rules that
    fit no day its expansion from ``start`` to ``end`` (aware datetimes) can reach; its
    DTSTART, RDATEs and other rules stay (see `replace_rules`). Returns how many it took."""
    reach = _reach_by_uid(calendar)
    taken = 0
    for event in calendar.walk("VEVENT"):
        rule = event.get("RRULE")
        if rule is None or "RECURRENCE-ID" in event:  # a moved occurrence: left as it is
            continue
        uid = str(event.get("UID", ""))
        if uid in reach.everywhere:
            continue
        before = reach.before.get(uid, dt.timedelta())
        season = (_moved(start.date(), -before - MARGIN), _moved(end.date(), MARGIN))
        spans = [season, *reach.also.get(uid, [])]
        rules = rule if isinstance(rule, list) else [rule]
        first = _value(event, "DTSTART")
        kept = [r for r in rules if _may_occur(r, first, spans) or not _readable(r, first)]
        if len(kept) < len(rules):
            replace_rules(event, kept, [recur for recur in rules if recur not in kept])
            taken += len(rules) - len(kept)
        else:  # before every span read: a moved occurrence's old day too
            move_start_before(event, rules, min(low for low, _ in spans))
    return taken


def _may_occur(recur: Any, first: Any, spans: list[Span]) -> bool:
    """Whether ``recur`` from DTSTART ``first`` may occur in ``spans``: the cheap test of its
    day parts first, then dateutil's own walk on a late copy (`occurs_at_all`)."""
    return _fits_a_day(recur, spans) and occurs_at_all(recur, first)


# A rule kept in place of one taken out that had an UNTIL: recurring-ical-events reads an
# event's DTSTART as an occurrence only if it is not after the latest UNTIL of its rules, so
# that UNTIL must stay. This rule yields at most DTSTART (already read when not after the
# UNTIL), and dateutil's next yearly step is past the year 9999: it stops at once.
_DEAD_INTERVAL = 10_000


def replace_rules(event: Any, kept: list[Any], taken: list[Any]) -> None:
    """Leave ``event`` with the rules ``kept``, each rule ``taken`` that had an UNTIL standing
    as a rule that keeps that UNTIL and walks no further than DTSTART."""
    import icalendar

    del event["RRULE"]
    for recur in kept:
        event.add("RRULE", recur)
    for recur in taken:
        if recur.get("UNTIL"):
            dead = {"FREQ": ["YEARLY"], "INTERVAL": [_DEAD_INTERVAL], "UNTIL": recur["UNTIL"]}
            event.add("RRULE", icalendar.vRecur(dead))


class _Reach:
    """Per UID: how long before the season an occurrence may start and still reach into it
    (its length, a moved occurrence's move), the days of its moved occurrences, and the
    UIDs whose reach is not judged (THISANDFUTURE moves the rest of the series)."""

    def __init__(self) -> None:
        self.before: dict[str, dt.timedelta] = defaultdict(dt.timedelta)
        self.also: dict[str, list[Span]] = defaultdict(list)
        self.everywhere: set[str] = set()


def _reach_by_uid(calendar: Any) -> _Reach:
    reach = _Reach()
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", ""))
        start = _value(event, "DTSTART")
        reach.before[uid] = max(reach.before[uid], _length(event, start))
        recurrence = event.get("RECURRENCE-ID")
        if recurrence is None:
            continue
        if str(recurrence.params.get("RANGE", "")).upper() == "THISANDFUTURE":
            reach.everywhere.add(uid)
        moved_from = _value(event, "RECURRENCE-ID")
        day = _day(moved_from)
        if day is None:
            reach.everywhere.add(uid)
            continue
        reach.also[uid].append((_moved(day, -MARGIN), _moved(day, MARGIN)))
        reach.before[uid] = max(reach.before[uid], abs(_difference(start, moved_from)))
    return reach


def _value(event: Any, name: str) -> Any:
    return getattr(event.get(name), "dt", None)


def _day(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _difference(later: Any, earlier: Any) -> dt.timedelta:
    """``later - earlier`` by their days (a day's margin covers the hours): any mix of dates,
    naive and aware times; nothing when either is missing."""
    first, second = _day(later), _day(earlier)
    if first is None or second is None:
        return dt.timedelta()
    return first - second + dt.timedelta(days=1)


def _length(event: Any, start: Any) -> dt.timedelta:
    """How long an occurrence lasts, by days, generously (a day more), however it is given."""
    duration = _value(event, "DURATION")
    if isinstance(duration, dt.timedelta):
        return abs(duration) + dt.timedelta(days=1)
    return abs(_difference(_value(event, "DTEND"), start))


def _readable(recur: Any, first: Any) -> bool:
    """Whether dateutil makes a rule of ``recur`` from DTSTART ``first``: one it refuses
    (an hour an INTERVAL never reaches) is left for the expansion to refuse, as ever.
    Its UNTIL is left out here: recurring-ical-events mends an UNTIL dateutil refuses."""
    from dateutil.rrule import rrulestr

    if not isinstance(first, dt.date):
        return False
    if not isinstance(first, dt.datetime):
        first = dt.datetime.combine(first, dt.time())
    try:
        text = recur.__class__({k: v for k, v in recur.items() if k != "UNTIL"}).to_ical()
        rrulestr(text.decode(), dtstart=first.replace(tzinfo=None))
    except (TypeError, ValueError, KeyError, OverflowError):
        return False
    return True


def _fits_a_day(recur: Any, spans: list[Span]) -> bool:
    """Whether the day parts of ``recur`` (an icalendar vRecur) let through a day of
    ``spans``; True whenever a part cannot be read (the expansion judges it)."""
    try:
        parts = _day_parts(recur)
    except (TypeError, ValueError, KeyError):
        return True
    if parts is None and not recur.get("BYWEEKNO"):
        return True
    months, month_days, year_days, weekdays = parts or (None, None, None, None)
    for low, high in spans:
        in_weeks = _in_weeks(recur, low, high)
        for offset, (month, mday, mday_back, yday, yday_back, weekday) in enumerate(
            _days(low, high)
        ):
            if (
                (months is None or month in months)
                and (month_days is None or mday in month_days or mday_back in month_days)
                and (year_days is None or yday in year_days or yday_back in year_days)
                and (weekdays is None or weekday in weekdays)
                and (in_weeks is None or low + dt.timedelta(days=offset) in in_weeks)
            ):
                return True
    return False


def _in_weeks(recur: Any, low: dt.date, high: dt.date) -> frozenset[dt.date] | None:
    """The days of ``low..high`` in the weeks the rule's BYWEEKNO names (None: it names
    none), as dateutil numbers weeks (by WKST; a week 1 or last week across New Year).

    Asked of dateutil itself, on a yearly rule of those weeks alone: it marks the same
    weeks a year for every frequency (RFC 5545 allows BYWEEKNO only in yearly rules,
    dateutil in any), and a few years of days cost nothing, where an hourly rule with a
    week that never falls in its month was walked to the year 9999 (an INTERVAL of 11:
    20 s, too long a cycle to try on a copy, see `calendar_cycle.occurs_at_all`)."""
    from dateutil.rrule import rrulestr

    weeks = recur.get("BYWEEKNO")
    if not weeks:
        return None
    high = min(high, _moved(low, dt.timedelta(days=CYCLE_DAYS - 1)))
    parts = f"FREQ=YEARLY;BYWEEKNO={','.join(str(int(week)) for week in weeks)}"
    for start_of_week in recur.get("WKST") or []:
        parts += f";WKST={str(start_of_week).strip().upper()}"
    years = max(low.year - 1, 1), min(high.year + 1, 9999)
    start, end = dt.datetime(years[0], 1, 1), dt.datetime(years[1], 12, 31)
    try:
        days = rrulestr(parts, dtstart=start).between(start, end, inc=True)
    except (TypeError, ValueError, KeyError, IndexError, OverflowError):
        return None  # the expansion judges it
    return frozenset(day.date() for day in days if low <= day.date() <= high)


def _day_parts(recur: Any) -> tuple[Any, Any, Any, Any] | None:
    """The rule's BYMONTH, BYMONTHDAY, BYYEARDAY and BYDAY's weekdays as sets (None where it
    has none), or None if it has none of them: every day fits."""

    def numbers(key: str) -> frozenset[int] | None:
        values = recur.get(key)
        return frozenset(int(value) for value in values) if values else None

    weekdays = None
    if recur.get("BYDAY"):
        weekdays = frozenset(_WEEKDAYS[str(day).strip()[-2:].upper()] for day in recur["BYDAY"])
    parts = (numbers("BYMONTH"), numbers("BYMONTHDAY"), numbers("BYYEARDAY"), weekdays)
    return None if all(part is None for part in parts) else parts


def _days(low: dt.date, high: dt.date) -> Iterable[DayFacts]:
    """The facts of every day ``low..high``, at most a 400-year cycle of them."""
    high = min(high, _moved(low, dt.timedelta(days=CYCLE_DAYS - 1)))
    return _facts(low, high) if low <= high else ()


def _moved(day: dt.date, by: dt.timedelta) -> dt.date:
    """``day + by``, or the first or last date there is."""
    try:
        return day + by
    except OverflowError:
        return dt.date.max if by > dt.timedelta() else dt.date.min


@functools.lru_cache(maxsize=64)
def _facts(low: dt.date, high: dt.date) -> tuple[DayFacts, ...]:
    """Made once for the many rules of a calendar (their spans are mostly the season's)."""
    import calendar

    found = []
    day = low
    one = dt.timedelta(days=1)
    while day <= high:
        month_length = calendar.monthrange(day.year, day.month)[1]
        year_length = 366 if calendar.isleap(day.year) else 365
        yday = day.timetuple().tm_yday
        found.append(
            (
                day.month,
                day.day,
                day.day - month_length - 1,
                yday,
                yday - year_length - 1,
                day.weekday(),
            )
        )
        if day == high:
            break
        day += one
    return tuple(found)
