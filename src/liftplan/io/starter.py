"""`liftplan init --from-ics`: a starter season file around the runner's own calendar."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from liftplan.errors import InputError
from liftplan.io.season_file import load_season, read_text
from liftplan.models.season import Season
from liftplan.models.wording import count

TEMPLATE = """\
# Starter season from {calendar_name}: your free time (inside the envelope) is when you
# can lift. Edit the running plan below, then: liftplan solve {output_name}
timezone: {timezone}
season:
  start: {start}
  weeks: {weeks}
availability:
  from_ics: {calendar}
  envelope: {{weekdays: "06:00-21:00", weekends: "07:00-19:00"}}
runs:                      # the guide's sample week: replace with your own
  weekly:
    mon: {{kind: easy,  start: "06:30", minutes: 40}}
    tue: {{kind: track, start: "06:30", minutes: 60}}
    wed: {{kind: easy,  start: "06:30", minutes: 40}}
    thu: {{kind: tempo, start: "06:30", minutes: 50}}
    fri: {{kind: easy,  start: "06:30", minutes: 40}}
    sat: {{kind: long,  start: "07:00", minutes: 120}}
    sun: {{kind: rest}}
lifting:
  per_week: {{min: 2, max: 3, target: 3}}
  minutes: 45
"""


def calendar_zone(text: str) -> str | None:
    """The calendar's own zone: Google's X-WR-TIMEZONE, else its first VTIMEZONE."""
    import icalendar

    calendar = icalendar.Calendar.from_ical(text)
    zone = calendar.get("X-WR-TIMEZONE")
    if zone:
        return str(zone)
    for timezone in calendar.walk("VTIMEZONE"):
        return str(timezone.get("TZID"))
    return None


def starter_season(
    calendar: str,
    output: str,
    *,
    timezone: str | None,
    start: str | None,
    weeks: int,
    read: list[str] | None = None,
) -> str:
    """The starter season's text. A bad ``--timezone`` or ``--start`` is an InputError that
    names the option (a calendar's bad zone names the calendar); ``read`` gets lines saying
    what was read: the zone and where it came from, the busy times, the windows made."""
    text = read_text(Path(calendar))
    try:
        found = calendar_zone(text)
    except ValueError as error:
        raise InputError(calendar, "", f"not a readable calendar: {error}") from None
    zone = timezone or found or "UTC"
    _check_zone(zone, "--timezone" if timezone else calendar)
    if start is not None:
        try:
            dt.date.fromisoformat(start)
        except ValueError:
            raise InputError("--start", start, "expected a date as YYYY-MM-DD") from None
    today = dt.date.today()
    first = start or str(today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7))
    relative = os.path.relpath(Path(calendar).resolve(), Path(output).resolve().parent)
    season = TEMPLATE.format(
        calendar_name=Path(calendar).name,
        output_name=output,
        timezone=zone,
        start=first,
        weeks=weeks,
        calendar=relative,
    )
    # The starter must load as it is: check it before anyone edits it.
    probe = Path(output).resolve().parent / f".{Path(output).name}.check.yaml"
    probe.write_text(season, encoding="utf-8")
    try:
        loaded = load_season(probe)
    except InputError as error:
        if error.file != str(probe):  # the calendar's own problem: it names the calendar
            raise
        raise InputError(output, error.path, error.problem) from None
    finally:
        probe.unlink(missing_ok=True)
    if read is not None:
        origin = "--timezone" if timezone else "the calendar" if found else "no zone in it: UTC"
        read += _what_was_read(calendar, text, loaded, f"{zone} ({origin})")
    return season


def _check_zone(zone: str, source: str) -> None:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError(
            source, zone, "not an IANA time zone (e.g. Europe/Madrid, America/New_York)"
        ) from None


def _what_was_read(calendar: str, text: str, season: Season, zone: str) -> list[str]:
    """What `init` read and made, in three lines: the zone, the busy times, the windows."""
    from liftplan.io.busy_calendar import busy_minutes

    first, last = season.season.start, season.season.last_day
    busy = busy_minutes(text, calendar, season.zone, first, last)
    spans = sum(len(spans) for spans in busy.values())
    dates = season.availability.dates
    windows = sum(len(found) for found in dates.values())
    closed = sum(1 for found in dates.values() if not found)
    return [
        f"zone: {zone}",
        f"busy: {count(spans, 'busy time')} on {count(len(busy), 'day')} from {first} to {last}",
        f"windows: {count(windows, 'free window')} to lift in on {count(len(dates), 'day')} "
        f"({count(closed, 'day')} with none), inside 06:00-21:00 on weekdays and "
        "07:00-19:00 at weekends",
    ]
