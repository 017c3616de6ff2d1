"""Repeat rules judged by the 400-year cycle of the Gregorian calendar, so that dateutil's walk
(beneath recurring-ical-events) stays short.

dateutil walks a rule period by period from its DTSTART, and stops only at an occurrence past
the span asked for or at the year 9999. Two walks are long: a rule that never occurs
(``FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6``, a sixth Monday: 2 s; an hourly one with a BYWEEKNO in
a month that week is never in: 12 s), and a rule that started long ago (an event every day
since 0001-01-01: 6 s, every occurrence since then). Neither library takes a bound on the walk.

Both are solved by the same fact: the calendar repeats every 400 years (146,097 days, whole
weeks, the same leap years), so a rule without COUNT, moved by 400 years times its INTERVAL,
has the same occurrences from there on; an hourly, daily or weekly rule that names no month,
day of the month or year, nor week number, repeats every week times its INTERVAL. A rule
started long ago is moved, whole cycles at a time, to just before the span read; a rule is
asked for its first occurrence in a copy moved close to the year 9999, where dateutil's
walk ends after one or two cycles.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

# 400 Gregorian years: whole weeks (20,871), the same weekdays and leap years.
CYCLE = dt.timedelta(days=146_097)
WEEK = dt.timedelta(days=7)
_LAST = dt.datetime(9999, 12, 31, 23, 59, 59)


def rules_cycle(rules: list[Any]) -> dt.timedelta | None:
    """The shortest shift in time found that leaves every rule of ``rules`` (icalendar vRecurs
    of one event) with the same occurrences, in whole days (see `_rule_cycle`). None when a
    rule has a COUNT (counted from its own DTSTART) or parts that cannot be read."""
    try:
        cycles = [_rule_cycle(recur) for recur in rules]
        if not cycles or None in cycles:
            return None
        return dt.timedelta(days=math.lcm(*(cycle.days for cycle in cycles if cycle)))
    except (TypeError, ValueError, IndexError, OverflowError):  # past 2.7 million years
        return None


# Parts that tie a rule to months and years; without them (and without BYDAY ordinals) an
# hourly, daily or weekly rule repeats every week times its INTERVAL.
_CALENDAR_PARTS = ("BYMONTH", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")
_WEEK_FREQS = ("HOURLY", "DAILY", "WEEKLY")


def _rule_cycle(recur: Any) -> dt.timedelta | None:
    if recur.get("COUNT"):
        return None
    interval = int((recur.get("INTERVAL") or [1])[0])
    if interval < 1:
        return None
    freq = str((recur.get("FREQ") or [""])[0]).upper()
    weekdays = [str(day).strip() for day in recur.get("BYDAY") or []]
    by_week = (
        freq in _WEEK_FREQS
        and not any(recur.get(part) for part in _CALENDAR_PARTS)
        and all(len(day) == 2 for day in weekdays)  # "MO", not "1MO"
    )
    return (WEEK if by_week else CYCLE) * interval


def occurs_at_all(recur: Any, first: Any) -> bool:
    """Whether the rule ``recur`` (an icalendar vRecur) from DTSTART ``first`` (a date or
    datetime) has any occurrence, as dateutil finds them. Its COUNT and UNTIL are left out
    (they end a rule, they never make one occur). True whenever this cannot be judged: a
    rule dateutil refuses, or one whose cycle is too long to try before the year 9999."""
    from dateutil.rrule import rrulestr

    endless = recur.__class__({k: v for k, v in recur.items() if k not in ("COUNT", "UNTIL")})
    cycle = rules_cycle([endless])
    if cycle is None or not isinstance(first, dt.date):
        return True
    if not isinstance(first, dt.datetime):
        first = dt.datetime.combine(first, dt.time())
    first = first.replace(tzinfo=None)  # wall-clock times: zones do not make a day occur
    try:
        cycles = (_LAST - cycle - first) // cycle  # a whole cycle must fit before the end
        if cycles < 0:
            return True
        text = endless.to_ical().decode()
        late_copy = rrulestr(text, dtstart=first + cycles * cycle)
        return next(iter(late_copy), None) is not None
    except (TypeError, ValueError, KeyError, OverflowError, IndexError):
        return True


def move_start_before(event: Any, rules: list[Any], earliest: dt.date) -> None:
    """Move ``event``'s DTSTART (and DTEND) forward by whole cycles of its ``rules``, to the
    last such time before the day ``earliest``, so that its expansion does not walk the
    centuries before. Its occurrences from there on are the same; the ones before (the old
    DTSTART among them) lie before ``earliest``, which the caller puts before every span it
    reads (the season's with the longest occurrence, each moved occurrence's old day)."""
    cycle = rules_cycle(rules)
    start = event.get("DTSTART")
    first = getattr(start, "dt", None)
    if cycle is None or not isinstance(first, dt.date):
        return
    day = first.date() if isinstance(first, dt.datetime) else first
    cycles = (earliest - day - dt.timedelta(days=1)) // cycle
    if cycles < 1:
        return
    start.dt = first + cycles * cycle
    end = event.get("DTEND")
    if isinstance(getattr(end, "dt", None), dt.date):
        end.dt = end.dt + cycles * cycle
