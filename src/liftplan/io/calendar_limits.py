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
from typing import Any

from liftplan.errors import InputError

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
                    f"repeats every {_TOO_FINE[freq]}: a busy calendar's events repeat at most "
                    "hourly",
                )
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
                    f"{MAX_BUSY_EVENTS:,} busy events a calendar may bring",
                )


def season_occurrences(calendar: Any, name: str, start: dt.datetime, end: dt.datetime) -> list[Any]:
    """The events of ``calendar`` (an icalendar.Calendar) from ``start`` to ``end``, recurring
    ones expanded: at most `MAX_BUSY_EVENTS`, else an InputError naming the file ``name``.
    A calendar that cannot be read (a bad date, a broken rule) is an InputError too."""
    import recurring_ical_events

    _refuse_runaway_rules(calendar, name, start, end)
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
                    f"more than {MAX_BUSY_EVENTS:,} busy events in the season (recurring ones "
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


def unreadable(name: str, error: Exception) -> InputError:
    """The one error for a calendar file a library cannot read: its message on one line."""
    text = " ".join(str(error).split()) or type(error).__name__
    return InputError(name, "", f"not a readable calendar: {text}")
