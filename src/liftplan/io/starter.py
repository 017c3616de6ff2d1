"""`liftplan init --from-ics`: a starter season file around the runner's own calendar."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from liftplan.errors import InputError
from liftplan.io.reader import MAX_CALENDAR_BYTES
from liftplan.io.season_file import load_season, read_text
from liftplan.io.targets import check_target

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
    calendar: str, output: str, *, timezone: str | None, start: str | None, weeks: int
) -> str:
    check_target(output)
    if start is not None:
        try:
            dt.date.fromisoformat(start)
        except ValueError as error:
            raise InputError("--start", start, f"not a date (YYYY-MM-DD): {error}") from None
    text = read_text(Path(calendar), MAX_CALENDAR_BYTES)
    try:
        zone = timezone or calendar_zone(text) or "UTC"
    except ValueError as error:
        raise InputError(calendar, "", f"not a readable calendar: {error}") from None
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
        load_season(probe)
    except InputError as error:
        raise InputError(output, error.path, error.problem) from None
    finally:
        probe.unlink(missing_ok=True)
    return season
