"""A calendar's recurring events, expanded over the season only, and only so far.

A recurring event is a rule, and a rule can mean millions of occurrences: ``FREQ=SECONDLY``
over a week is 604,800 (78 s and 1.3 GB before this module). Expanding one occurrence costs
about half a millisecond, so a calendar may bring at most `MAX_BUSY_EVENTS` occurrences into
the season; rules that repeat every second or minute are refused before any expansion, and
an hourly or daily rule whose plain count over the season is past the limit is refused
without expanding it. Every refusal is one InputError naming the calendar file.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from liftplan.errors import InputError
from liftplan.io.calendar_reach import replace_rules, take_out_rules_out_of_reach

# A year of a busy work calendar is 1,000-3,000 events; a 5-year season with several daily
# meetings about 10,000. 20,000 occurrences take about 10 s to expand.
MAX_BUSY_EVENTS = 20_000
_TOO_FINE = {"SECONDLY": "second", "MINUTELY": "minute"}
_PERIOD = {"HOURLY": dt.timedelta(hours=1), "DAILY": dt.timedelta(days=1)}


def _refuse_runaway_rules(calendar: Any, name: str, start: dt.datetime, end: dt.datetime) -> None:
    """Refuse what cannot be a busy calendar, before anything is expanded."""
    for event in calendar.walk("VEVENT"):
        rule = event.get("RRULE")
        if rule is None:
            continue
        rules = rule if isinstance(rule, list) else [rule]
        for recur in rules:
            freq = str((recur.get("FREQ") or [""])[0]).upper()
            title = " ".join(str(event.get("SUMMARY", event.get("UID", ""))).split())
            if freq in _TOO_FINE:
                raise InputError(
                    name,
                    f"event {title!r}",
                    f"repeats every {_TOO_FINE[freq]}: a calendar's events (busy times or runs) "
                    "may repeat at most hourly",
                )
            beyond = _ordinal_beyond_its_period(recur, freq)
            if beyond is not None:
                raise InputError(name, f"event {title!r}", beyond)
            period = _PERIOD.get(freq)
            expands = any(key.startswith("BY") for key in recur)
            if period is None or expands or recur.get("COUNT") or recur.get("UNTIL"):
                continue  # bounded by the expansion's count below
            interval = int((recur.get("INTERVAL") or [1])[0]) or 1
            plain_count = (end - start) / (period * interval)
            if plain_count > MAX_BUSY_EVENTS:
                raise InputError(
                    name,
                    f"event {title!r}",
                    f"repeats about {int(plain_count):,} times in the season, more than the "
                    f"{MAX_BUSY_EVENTS:,} events a calendar may bring",
                )


# The longest each month can be (February in a leap year): a day-of-month a rule's months
# never reach is a date that does not exist.
_MONTH_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_NAMES = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def never_matches(recur: Any) -> str | None:
    """Why the rule ``recur`` (an icalendar vRecur) can never occur, in words, or None.

    Its BYMONTH and BYMONTHDAY parts may name no real date (30 February, 31 April,
    BYMONTHDAY=32): dateutil would then walk every period to the year 9999 looking for one
    (an hourly rule: 10 s), and it offers no cheaper test of an empty rule."""
    try:
        days = [int(day) for day in recur.get("BYMONTHDAY") or []]
        months = [int(month) for month in recur.get("BYMONTH") or []] or list(range(1, 13))
    except (TypeError, ValueError):  # a leap month (RFC 7529 "5L"): the expansion judges it
        return None
    if not days:
        return None
    for month in months:
        if not 1 <= month <= 12:
            continue
        if any(0 < abs(day) <= _MONTH_DAYS[month - 1] for day in days):
            return None
    listed = " or ".join(str(day) for day in days)
    if recur.get("BYMONTH"):
        named = " or ".join(_MONTH_NAMES[m - 1] for m in months if 1 <= m <= 12)
        return f"it never occurs: {named or 'no month'} has no day {listed}"
    return f"it never occurs: no month has a day {listed}"


def drop_rules_that_never_occur(calendar: Any) -> list[tuple[Any, str]]:
    """Take from each event of ``calendar`` the repeat rules that can never occur (see
    `never_matches`), before anything is expanded; the event keeps its first time (DTSTART,
    which RFC 5545 counts as the first instance, unless after the rule's UNTIL, as
    recurring-ical-events reads every rule), its RDATEs and its other rules.
    Returns (event, why) for each rule taken, in file order."""
    dropped = []
    for event in calendar.walk("VEVENT"):
        rule = event.get("RRULE")
        if rule is None:
            continue
        rules = rule if isinstance(rule, list) else [rule]
        kept = []
        for recur in rules:
            why = never_matches(recur)
            if why is None:
                kept.append(recur)
            else:
                dropped.append((event, why))
        if len(kept) < len(rules):  # an UNTIL taken keeps its word on DTSTART
            replace_rules(event, kept, [recur for recur in rules if recur not in kept])
    return dropped


_ORDINAL = re.compile(r"([+-]?\d+)[A-Za-z]{2}$")


def _ordinal_beyond_its_period(recur: Any, freq: str) -> str | None:
    """Why a BYDAY ordinal cannot occur (``53FR`` in a month: a month has at most 5 of a
    weekday, a year 53; RFC 5545 3.3.10), or None. dateutil fails on one with an IndexError
    deep in its walk."""
    if freq not in ("MONTHLY", "YEARLY"):  # where an ordinal counts (elsewhere: ignored)
        return None
    in_month = freq == "MONTHLY" or bool(recur.get("BYMONTH"))
    most = 5 if in_month else 53
    for day in recur.get("BYDAY") or []:
        text = str(day).strip()
        ordinal = _ORDINAL.match(text)  # "+53FR", "-6MO", "FR" (no ordinal: every one)
        if ordinal and not 1 <= abs(int(ordinal[1])) <= most:
            period = "a month" if in_month else "a year"
            return f"BYDAY={text}: {period} has at most {most} of a weekday"
    return None


def season_occurrences(calendar: Any, name: str, start: dt.datetime, end: dt.datetime) -> list[Any]:
    """The events of ``calendar`` (an icalendar.Calendar) from ``start`` to ``end``, recurring
    ones expanded: at most `MAX_BUSY_EVENTS`, else an InputError naming the file ``name``.
    A calendar that cannot be read (a bad date, a broken rule) is an InputError too."""
    import recurring_ical_events

    _refuse_runaway_rules(calendar, name, start, end)
    drop_rules_that_never_occur(calendar)  # their walk to the year 9999 finds nothing
    take_out_rules_out_of_reach(calendar, start, end)  # nor does that of others, generically
    query = recurring_ical_events.of(calendar)
    found: list[Any] = []
    seen: set[tuple[str, str, str]] = set()
    try:
        for low, high in _spans(start, end):
            for event in query.between(low, high):
                begin, finish = _when(event)
                key = (str(event.get("UID", "")), str(begin), str(finish))
                if key not in seen:  # an event across two spans comes back twice
                    seen.add(key)
                    found.append(event)
            if len(found) > MAX_BUSY_EVENTS:
                raise InputError(
                    name,
                    "",
                    f"more than {MAX_BUSY_EVENTS:,} events in the season (recurring ones "
                    "counted once a time): export the season's months only",
                )
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError) as error:
        raise unreadable(name, error) from None
    return found


def _spans(start: dt.datetime, end: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    """``start..end`` cut into spans of 1, 2, 4, ... days.

    Each query walks a rule from its first occurrence, so asking span by span costs the
    occurrences so far each time: doubling spans keep the whole walk about twice the
    season's occurrences (the library's own ``after`` halves its span after every find,
    one query per occurrence: an hourly event over two years took minutes), while a
    rule past the limit (one that BY... parts make dense) is stopped at most one span,
    about as many days again as were read, beyond the limit."""
    spans = []
    low, days = start, 1
    while low < end:
        high = min(low + dt.timedelta(days=days), end)
        spans.append((low, high))
        low, days = high, days * 2
    return spans


def _when(event: Any) -> tuple[Any, Any]:
    """An occurrence's start and end (or duration) as read, to tell occurrences apart."""
    return event.get("DTSTART").dt, getattr(event.get("DTEND") or event.get("DURATION"), "dt", None)


# The most of a library's message an error line quotes: icalendar's quotes the content line
# it could not parse, which for another kind of file (a plan.json) is the whole file.
UNREADABLE_QUOTE = 160


def unreadable(name: str, error: Exception) -> InputError:
    """The one error for a calendar file a library cannot read: its message on one line, cut
    to UNREADABLE_QUOTE characters."""
    text = " ".join(str(error).split()) or type(error).__name__
    if len(text) > UNREADABLE_QUOTE:
        text = text[: UNREADABLE_QUOTE - 3].rstrip() + "..."
    return InputError(name, "", f"not a readable calendar: {text}")
