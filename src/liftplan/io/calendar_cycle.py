"""Repeat rules judged by the 400-year cycle of the Gregorian calendar, so that dateutil's walk
(beneath recurring-ical-events) stays short.

dateutil walks a rule period by period from its DTSTART, and stops only at an occurrence past
the span asked for or at the year 9999. Two walks are long: a rule that never occurs
(``FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6``, a sixth Monday: 2 s; an hourly one with a BYWEEKNO in
a month that week is never in: 12 s), and a rule that started long ago (an event every day
since 0001-01-01: 6 s, every occurrence since then). Neither library takes a bound on the walk.

Both are solved by the same fact: the calendar repeats every 400 years (146,097 days, whole
weeks, the same leap years), so a rule without COUNT, moved by the least common multiple of
400 years and its INTERVAL's periods, has the same occurrences from there on; an hourly,
daily or weekly rule that names no month, day of the month or year, nor week number,
repeats every week times its INTERVAL. A rule
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
    if by_week:
        return WEEK * interval
    # The rule steps INTERVAL periods from DTSTART: it repeats once both its steps and the
    # calendar have come round, the least common multiple of the two (400 years are whole
    # hours, days and weeks, 4,800 months); 400 years times INTERVAL when the period is not
    # known (a rule dateutil refuses later).
    if freq in _PERIODS:
        period = _PERIODS[freq]
        return period * math.lcm(CYCLE // period, interval)
    if freq in _PERIODS_IN_CYCLE:
        periods = _PERIODS_IN_CYCLE[freq]
        return CYCLE * (math.lcm(periods, interval) // periods)
    return CYCLE * interval


_PERIODS = {
    "SECONDLY": dt.timedelta(seconds=1),
    "MINUTELY": dt.timedelta(minutes=1),
    "HOURLY": dt.timedelta(hours=1),
    "DAILY": dt.timedelta(days=1),
    "WEEKLY": WEEK,
}
_PERIODS_IN_CYCLE = {"MONTHLY": 4800, "YEARLY": 400}


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
    first = _wall_clock(first)  # zones do not make a day occur
    try:
        cycles = (_LAST - cycle - first) // cycle  # a whole cycle must fit before the end
        if cycles < 0:
            return True
        text = endless.to_ical().decode()
        late_copy = rrulestr(text, dtstart=first + cycles * cycle)
        return next(iter(late_copy), None) is not None
    except (TypeError, ValueError, KeyError, OverflowError, IndexError):
        return True


def _wall_clock(first: dt.date) -> dt.datetime:
    """A DTSTART as the naive wall-clock time dateutil walks (a date: its midnight)."""
    if not isinstance(first, dt.datetime):
        first = dt.datetime.combine(first, dt.time())
    return first.replace(tzinfo=None)


# The most periods (hours of an hourly rule, ...) one cycle of a counted rule is walked to
# count its occurrences: a week of hours, a 400-year cycle of years or months.
_MOST_PERIODS_COUNTED = 10_000
_SHORTEST_PERIOD = {
    **_PERIODS,
    "MONTHLY": dt.timedelta(days=28),
    "YEARLY": dt.timedelta(days=365),
}


def move_counted_start_before(event: Any, recur: Any, earliest: dt.date) -> None:
    """Move the DTSTART (and DTEND) of ``event``, whose one rule ``recur`` has a COUNT,
    forward by whole cycles of the rule without it, to the last such time before the day
    ``earliest``, and lower the COUNT by the occurrences those cycles hold, so that an
    event repeating a billion times since 1900 is not walked from 1900 (6 s an event).

    Each cycle holds as many occurrences as the first (see `rules_cycle`), so they are
    counted by dateutil on the first cycle alone, when that is a short walk; the rule then
    yields the same occurrences from the new DTSTART on. A rule whose COUNT runs out before
    it is taken out: all its occurrences lie before ``earliest``. recurring-ical-events
    reads DTSTART as an occurrence whether or not the rule yields it, without counting it:
    the new one is before ``earliest``, like the old."""
    from dateutil.rrule import rrulestr

    start = event.get("DTSTART")
    first = getattr(start, "dt", None)
    if recur.get("UNTIL") or not isinstance(first, dt.date):
        return
    endless = recur.__class__({k: v for k, v in recur.items() if k != "COUNT"})
    cycle = rules_cycle([endless])
    if cycle is None:
        return
    day = first.date() if isinstance(first, dt.datetime) else first
    cycles = (earliest - day - dt.timedelta(days=1)) // cycle
    try:
        freq = str(recur["FREQ"][0]).upper()
        interval = int((recur.get("INTERVAL") or [1])[0])
        count = int(recur["COUNT"][0])
        if cycles < 1 or cycle / (_SHORTEST_PERIOD[freq] * interval) > _MOST_PERIODS_COUNTED:
            return
        wall = _wall_clock(first)  # dateutil walks wall-clock times, as for the event
        rule = rrulestr(endless.to_ical().decode(), dtstart=wall)
        per_cycle = sum(
            1 for time in rule.between(wall, wall + cycle, inc=True) if time < wall + cycle
        )
    except (TypeError, ValueError, KeyError, IndexError, OverflowError):
        return  # the expansion judges it, from DTSTART
    left = count - cycles * per_cycle
    if left <= 0:  # its DTSTART alone stays, an occurrence all the same
        del event["RRULE"]
        return
    recur["COUNT"] = [left]
    start.dt = first + cycles * cycle
    end = event.get("DTEND")
    if isinstance(getattr(end, "dt", None), dt.date):
        end.dt = end.dt + cycles * cycle


def move_start_before(event: Any, rules: list[Any], earliest: dt.date) -> None:
    """Move ``event``'s DTSTART (and DTEND) forward by whole cycles of its ``rules``, to the
    last such time before the day ``earliest``, so that its expansion does not walk the
    centuries before. Its occurrences from there on are the same; the ones before (the old
    DTSTART among them) lie before ``earliest``, which the caller puts before every span it
    reads (the season's with the longest occurrence, each moved occurrence's old day)."""
    if len(rules) == 1 and rules[0].get("COUNT"):
        move_counted_start_before(event, rules[0], earliest)
        return
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
