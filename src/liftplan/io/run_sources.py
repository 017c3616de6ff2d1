"""The runs a season file's `runs.from_ics` and `runs.from_csv` name, read together."""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from liftplan.io.calendar_events import Skipped
from liftplan.io.reader import naming_who_named
from liftplan.io.run_calendar import runs_from_calendar
from liftplan.io.run_table import runs_from_table
from liftplan.models.season import Run, Season


@dataclass
class RunSources:
    """Runs by date from both files, and per file what to tell the runner."""

    dates: dict[dt.date, list[Run]] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)  # field -> absolute file
    unmatched: dict[str, list[str]] = field(default_factory=dict)  # file -> titles read as easy
    skipped: dict[str, list[Skipped]] = field(default_factory=dict)  # file -> skipped events
    counts: dict[str, int] = field(default_factory=dict)  # file -> runs read
    # date -> the fields (runs.from_ics, runs.from_csv) whose file holds runs that day
    origins: dict[dt.date, list[str]] = field(default_factory=dict)


def read_runs(season: Season, folder: Path, name: str = "") -> RunSources:
    """The runs of the season's run files (paths relative to ``folder``) in its days.

    Raises InputError naming the file and the event or row that cannot be a run; with the
    season's ``name``, naming the season and its field first, as every file a season names
    (``season.yaml: runs.from_csv: runs.csv: row 3: minutes: ...``).
    """
    first, last = season.season.start, season.season.last_day
    found = RunSources()
    reads = []
    if season.runs.from_ics is not None:
        path = (folder / season.runs.from_ics).resolve()
        found.sources["from_ics"] = path
        with _named(name, "runs.from_ics", season.runs.from_ics, path):
            read = runs_from_calendar(path, season.zone, first, last, season.runs.kinds)
        reads.append(("runs.from_ics", path, read))
    if season.runs.from_csv is not None:
        path = (folder / season.runs.from_csv).resolve()
        found.sources["from_csv"] = path
        with _named(name, "runs.from_csv", season.runs.from_csv, path):
            read = runs_from_table(path, season.zone, first, last, season.runs.kinds)
        reads.append(("runs.from_csv", path, read))
    for source, path, read in reads:
        name = str(path)
        found.unmatched[name] = read.unmatched
        found.skipped[name] = read.skipped
        found.counts[name] = sum(len(runs) for runs in read.dates.values())
        for day, runs in read.dates.items():
            found.dates.setdefault(day, []).extend(runs)
            found.origins.setdefault(day, []).append(source)
    for runs in found.dates.values():
        runs.sort(key=lambda run: (run.start or 0, run.minutes or 0))
    return found


def _named(name: str, field: str, written: str, path: Path) -> AbstractContextManager[None]:
    return naming_who_named(path, written, name, field) if name else nullcontext()
