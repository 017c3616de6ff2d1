"""`liftplan init --from-ics [--runs-from]`: a starter season file around the runner's own
calendars (busy time, and the running plan from a calendar or a table).

The season's zone is the one the calendars are kept in (`calendar_zones.calendar_zone`:
Google's X-WR-TIMEZONE, the zone of the events' start times, the only VTIMEZONE; Windows
and custom names mapped to IANA), or ``--timezone``. When neither tells, init refuses: a
guessed zone would put every lift hours off.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path

from liftplan.errors import InputError
from liftplan.io.calendar_events import season_part
from liftplan.io.calendar_limits import unreadable
from liftplan.io.calendar_zones import calendar_zone, iana_name
from liftplan.io.reader import MAX_CALENDAR_BYTES, read_user_text, refuse_unusable_file
from liftplan.io.render.writers import check_writable
from liftplan.io.season_file import load_season
from liftplan.models.season import Season

HEADER = """\
# Starter season from {sources}. Check it, then: liftplan solve {output_name}
timezone: {timezone}
season:
  start: {start}
  weeks: {weeks}
"""
BUSY = """\
availability:              # your free time inside the envelope is when you can lift
  from_ics: {calendar}
  envelope: {{weekdays: "06:00-21:00", weekends: "07:00-19:00"}}
"""
NO_BUSY = """\
availability:              # when you can lift: replace with your own hours
  weekly:
    mon: ["17:30-21:00"]
    tue: ["17:30-21:00"]
    wed: ["17:30-21:00"]
    thu: ["17:30-21:00"]
    fri: ["17:30-21:00"]
    sat: ["09:00-18:00"]
"""
SAMPLE_RUNS = """\
runs:                      # the guide's sample week: replace with your own
  weekly:
    mon: {kind: easy,  start: "06:30", minutes: 40}
    tue: {kind: track, start: "06:30", minutes: 60}
    wed: {kind: easy,  start: "06:30", minutes: 40}
    thu: {kind: tempo, start: "06:30", minutes: 50}
    fri: {kind: easy,  start: "06:30", minutes: 40}
    sat: {kind: long,  start: "07:00", minutes: 120}
    sun: {kind: rest}
"""
RUNS_FROM = """\
runs:                      # every event of this file is a run; `weekly`/`dates` here win
  {field}: {path}
  kinds: {{}}                # e.g. {{"Fartlek": intervals}}: words of your titles
"""
LIFTING = """\
lifting:
  per_week: {min: 2, max: 3, target: 3}
  minutes: 45
"""


def season_zone(calendars: list[str], timezone: str | None, first: dt.date, last: dt.date) -> str:
    """``timezone`` (IANA or Windows name), else the zone the first calendar that tells is
    kept in; InputError when none tells (never a silent UTC)."""
    if timezone is not None:
        name = iana_name(timezone)
        if name is None:
            raise InputError(
                "--timezone",
                timezone,
                "not an IANA time zone (e.g. Europe/Paris, America/New_York) nor a Windows one",
            )
        return name
    import icalendar

    years = tuple(range(first.year, last.year + 1))
    for calendar in calendars:
        text = read_user_text(calendar, MAX_CALENDAR_BYTES)
        try:
            parsed = icalendar.Calendar.from_ical(season_part(text, first, last))
        except ValueError as error:
            raise unreadable(calendar, error) from None
        zone = calendar_zone(parsed, years)
        if zone is not None:
            return zone
    named = " or ".join(calendars)
    raise InputError(
        named,
        "",
        "cannot tell its time zone (no X-WR-TIMEZONE, no VTIMEZONE, no zone on its events): "
        "give --timezone, e.g. --timezone Europe/Paris",
    )


def starter_season(
    calendar: str | None,
    output: str,
    *,
    timezone: str | None,
    start: str | None,
    weeks: int,
    runs: str | None = None,
) -> tuple[str, Season]:
    """The starter file's text, and the season it loads as (checked before anyone edits it).

    Raises InputError for a calendar that cannot be read, a zone that cannot be told, or a
    run file with a bad event or row, and for an ``output`` that cannot be written.
    """
    check_writable([output])  # before any calendar is read
    for option, given in (("--from-ics", calendar), ("--runs-from", runs)):
        if given:  # named as given, not as the starter file would write it
            refuse_unusable_file(given, given, option, "")
    today = dt.date.today()
    first_text = start or str(today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7))
    try:
        first = dt.date.fromisoformat(first_text)
    except ValueError:
        raise InputError("--start", first_text, "expected a date as YYYY-MM-DD") from None
    last = first + dt.timedelta(days=7 * weeks - 1)
    # The busy calendar is read as one whatever its name; the running plan may be a table.
    calendars = [
        path for path in (calendar, runs) if path and not (path == runs and path.endswith(".csv"))
    ]
    zone = season_zone(calendars, timezone, first, last)
    folder = Path(output).resolve().parent

    def relative(path: str) -> str:
        text = os.path.relpath(Path(path).resolve(), folder)
        return text if re.fullmatch(r"[\w./-]+", text) else json.dumps(text)

    sources = " and ".join(Path(p).name for p in (calendar, runs) if p)
    text = HEADER.format(
        sources=sources, output_name=output, timezone=zone, start=first, weeks=weeks
    )
    text += BUSY.format(calendar=relative(calendar)) if calendar else NO_BUSY
    if runs:
        field = "from_csv" if runs.lower().endswith(".csv") else "from_ics"
        text += RUNS_FROM.format(field=field, path=relative(runs))
    else:
        text += SAMPLE_RUNS
    text += LIFTING
    probe = folder / f".{Path(output).name}.check.yaml"
    probe.write_text(text, encoding="utf-8")
    try:
        season = load_season(probe)
    except InputError as error:
        if error.file == str(probe) and isinstance(error.__cause__, InputError):
            raise error.__cause__ from None  # inside a file given on the command line
        if error.file == str(probe):
            raise InputError(output, error.path, error.problem) from None
        raise
    finally:
        probe.unlink(missing_ok=True)
    return text, season
