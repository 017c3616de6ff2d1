"""`runs.from_ics`: the running plan from a calendar (a coach's feed, a platform's export).

Every timed event in the season is a run at its local start, lasting its elapsed minutes;
its kind comes from its title (then its description) by `run_kinds`, a race's distance
from its title. An event that names no kind is an easy run, and listed. All-day events
are not runs (they have no start time) unless they name a rest day, and an event longer
than a day is a run only if it is a race; they are listed as skipped, with cancelled
events, events on a date the zone skipped (Samoa's 2011-12-30) and the rest of what the
calendar reader left out.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from liftplan.errors import InputError
from liftplan.io.calendar_events import CalendarEvent, Skipped, read_events
from liftplan.io.run_kinds import kind_of, race_distance
from liftplan.models.season import Run, RunKind, no_such_date, skipped_date

_DAY_MINUTES = 24 * 60


@dataclass
class RunsRead:
    """Runs by local date, and what a runner should hear about how they were read."""

    dates: dict[dt.date, list[Run]] = field(default_factory=dict)
    unmatched: list[str] = field(default_factory=list)  # titles read as easy, once each
    skipped: list[Skipped] = field(default_factory=list)
    kinds: dict[str, RunKind] = field(default_factory=dict)  # title -> kind, as read

    def add(self, day: dt.date, run: Run) -> None:
        self.dates.setdefault(day, []).append(run)


def runs_from_calendar(
    path: str | Path,
    zone: ZoneInfo,
    first: dt.date,
    last: dt.date,
    own: Mapping[str, RunKind] | None = None,
) -> RunsRead:
    """The runs of calendar ``path`` on local days ``first..last``.

    Raises InputError naming the file and the event when an event cannot be a run (e.g. an
    easy run of 30 hours), or the file cannot be read.
    """
    name = str(path)
    read = read_events(path, zone, first, last)
    runs = RunsRead(skipped=list(read.skipped))
    for event in read.events:
        if event.start.date() < first:
            # It overlaps the season but starts before it (a night run, a two-day race):
            # a run is filed under the day it starts, which is not one of the season's, so
            # it is left out and the runner told, as a table's row of that date is.
            problem = f"outside the season: it starts before {first}"
            runs.skipped.append(Skipped(event.label, problem))
            continue
        if skipped_date(zone, event.start.date()):
            # A weekly run on the Friday Samoa skipped: no run happens on a date that never
            # was (as a weekly run written in the season file), and the runner is told.
            problem = f"{no_such_date(zone, event.start.date())}: not a run"
            runs.skipped.append(Skipped(event.label, problem))
            continue
        kind = kind_of(event.title, own)
        if kind is None:
            kind = kind_of(event.description, own)
        named = kind is not None
        kind = kind or RunKind.EASY
        minutes = math.ceil((event.end - event.start).total_seconds() / 60)
        if kind is RunKind.REST:
            runs.add(event.start.date(), Run(kind=RunKind.REST))
        elif event.all_day:
            runs.skipped.append(Skipped(event.label, "all-day event: not a run (no start time)"))
            continue
        elif minutes <= 0:
            runs.skipped.append(Skipped(event.label, "it has no duration (no DTEND or DURATION)"))
            continue
        elif minutes > _DAY_MINUTES and kind is not RunKind.RACE:
            days = f"{minutes / _DAY_MINUTES:.1f}".removesuffix(".0")
            problem = f"it lasts {days} days: not a run (only a race may last more than a day)"
            runs.skipped.append(Skipped(event.label, problem))
            continue
        else:
            runs.add(event.start.date(), _run(event, kind, minutes, name))
        runs.kinds.setdefault(event.title, kind)
        if not named and event.title not in runs.unmatched:
            runs.unmatched.append(event.title)
    return runs


def _run(event: CalendarEvent, kind: RunKind, minutes: int, name: str) -> Run:
    fields: dict[str, object] = {
        "kind": kind,
        "start": f"{event.start.hour:02d}:{event.start.minute:02d}",
        "minutes": minutes,
    }
    if kind is RunKind.RACE:
        distance = race_distance(event.title) or race_distance(event.description)
        if distance is not None:
            fields["distance"] = distance
    try:
        return Run.model_validate(fields)
    except ValidationError as error:
        problem = error.errors()[0]["msg"].removeprefix("Value error, ")
        raise InputError(name, event.label, problem) from None
