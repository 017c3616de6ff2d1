"""Which IANA zone a calendar file means, whatever its client called it.

Clients name zones three ways: IANA (``Europe/Berlin``), Windows (``W. Europe Standard
Time``, Exchange and Outlook) and made-up names with a VTIMEZONE that defines them
(``Customized Time Zone``, ``/mozilla.org/20050126_1/Europe/Berlin``). Windows names go
through the Unicode CLDR table that icalendar ships; a made-up name is recognised by a known
name at its end, else by its VTIMEZONE's offsets: the IANA zone with the same UTC offset at
every sampled instant of the years asked for (the CLDR table's zones first, so a "Customized
Time Zone" of Central Europe becomes Europe/Berlin, not Africa/Ceuta).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

if TYPE_CHECKING:
    import icalendar

# Offsets are compared every 5 days over a year: finer than any DST rule's week.
_SAMPLE_DAYS = 5


@functools.cache
def _windows_table() -> dict[str, str]:
    from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

    return {name.lower(): zone for name, zone in WINDOWS_TO_OLSON.items()}


def _is_iana(name: str) -> bool:
    if not name or name.startswith("/") or "\x00" in name or ".." in name:
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def iana_name(tzid: str) -> str | None:
    """``tzid`` as an IANA zone name: itself, its Windows (CLDR) mapping, or a known zone
    name at the end of a path-like id (``/mozilla.org/20050126_1/Europe/Berlin``); None when
    the name alone cannot tell."""
    name = tzid.strip().strip('"')
    if _is_iana(name):
        return name
    windows = _windows_table().get(name.lower())
    if windows is not None:
        return windows
    parts = [part for part in name.split("/") if part]
    for first in range(1, len(parts)):
        tail = "/".join(parts[first:])
        if _is_iana(tail):
            return tail
    return None


@functools.cache
def _candidates() -> tuple[str, ...]:
    """Every IANA zone, the CLDR table's (the zones people mean) first, then by name."""
    preferred = sorted(set(_windows_table().values()))
    others = sorted(available_timezones() - set(preferred))
    return tuple(name for name in [*preferred, *others] if "/" in name or name == "UTC")


def zone_matching_offsets(tz: dt.tzinfo, years: tuple[int, ...]) -> str | None:
    """The first IANA zone whose UTC offset equals ``tz``'s at every sampled instant of
    ``years`` (both DST switches included), or None."""
    instants = [
        dt.datetime(year, 1, 1, 12, tzinfo=dt.UTC) + dt.timedelta(days=day)
        for year in years
        for day in range(0, 366, _SAMPLE_DAYS)
    ]
    wanted = [moment.astimezone(tz).utcoffset() for moment in instants]
    for name in _candidates():
        zone = ZoneInfo(name)
        if all(
            moment.astimezone(zone).utcoffset() == offset
            for moment, offset in zip(instants, wanted, strict=True)
        ):
            return name
    return None


def vtimezone_zones(calendar: icalendar.Calendar, years: tuple[int, ...]) -> dict[str, str]:
    """TZID -> IANA zone for each VTIMEZONE of ``calendar`` that can be told apart."""
    found = {}
    import icalendar

    for component in calendar.walk("VTIMEZONE"):
        if not isinstance(component, icalendar.Timezone):
            continue
        tzid = str(component.get("TZID", ""))
        name = iana_name(tzid)
        if name is None:
            try:
                name = zone_matching_offsets(component.to_tz(), years)
            except (ValueError, TypeError, KeyError, AttributeError):
                name = None  # a VTIMEZONE too broken to compute offsets from
        if name is not None:
            found[tzid] = name
    return found


def calendar_zone(calendar: icalendar.Calendar, years: tuple[int, ...]) -> str | None:
    """The IANA zone a calendar is kept in, or None when it cannot tell.

    In order: Google's ``X-WR-TIMEZONE``; else the zone most of its events' start times
    name (TZID parameters, through its VTIMEZONEs or the name alone); else its only
    VTIMEZONE. A calendar of UTC or floating times alone tells nothing.
    """
    declared = calendar.get("X-WR-TIMEZONE")
    if declared:
        name = iana_name(str(declared))
        if name is not None:
            return name
    defined = vtimezone_zones(calendar, years)
    used: Counter[str] = Counter()
    for event in calendar.walk("VEVENT"):
        start = event.get("DTSTART")
        tzid = getattr(start, "params", {}).get("TZID") if start is not None else None
        if tzid:
            name = defined.get(str(tzid)) or iana_name(str(tzid))
            if name is not None:
                used[name] += 1
    if used:
        return sorted(used.items(), key=lambda item: (-item[1], item[0]))[0][0]
    if len(set(defined.values())) == 1:
        return next(iter(defined.values()))
    return None
