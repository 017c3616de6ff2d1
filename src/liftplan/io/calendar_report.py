"""What the calendars and tables a season names were read as, in lines for the runner.

Commands print these on stderr: `solve` and `replan` the titles read as easy runs, the run
events and rows left out and why (a lost hard run would let a lift land the day before it)
and a file that gave no runs; `explain` and `init` also every busy event skipped, `init` a
count of what it read.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from liftplan.io.busy_calendar import skipped_busy
from liftplan.io.calendar_events import read_events, skipped_lines
from liftplan.io.run_sources import RunSources, read_runs
from liftplan.models.season import Season, skipped_date
from liftplan.models.wording import count


def _runs(season: Season) -> RunSources:
    # The loaded season names its files by absolute path: the folder does not matter.
    return read_runs(season, Path("."))


def unmatched_lines(season: Season) -> list[str]:
    """One line per run file whose events named no kind: their titles, read as easy runs."""
    if season.runs.from_ics is None and season.runs.from_csv is None:
        return []
    lines = []
    for name, titles in _runs(season).unmatched.items():
        if titles:
            listed = ", ".join(repr(title) for title in titles)
            lines.append(
                f"{name}: read as easy runs (no kind in the title; name one in runs.kinds): "
                f"{listed}"
            )
    return lines


def skipped_event_lines(season: Season) -> list[str]:
    """Every event (or row) the readers left out of the season, and why."""
    lines = []
    if season.availability.from_ics is not None:
        busy = read_events(
            season.availability.from_ics, season.zone, season.season.start, season.season.last_day
        )
        lines += skipped_lines(season.availability.from_ics, skipped_busy(busy))
    return lines + skipped_run_lines(season)


def skipped_run_lines(season: Season) -> list[str]:
    """The run events and rows left out, and why (one line each, the first 30, then a
    count), and a note for a run file that gave no runs in the season."""
    if season.runs.from_ics is None and season.runs.from_csv is None:
        return []
    read = _runs(season)
    lines = []
    for name, skipped in read.skipped.items():
        lines += skipped_lines(name, skipped)
    first, last = season.season.start, season.season.last_day
    for name, runs in read.counts.items():
        if runs == 0:
            lines.append(f"{name}: no runs in this file for the season ({first}..{last})")
    return lines


def read_lines(season: Season) -> list[str]:
    """A count of what each file gave: busy events, the lifting windows made from the free
    time, and runs by kind."""
    lines = []
    first, last = season.season.start, season.season.last_day
    if season.availability.from_ics is not None:
        busy = read_events(season.availability.from_ics, season.zone, first, last)
        blocking = sum(event.blocks_time for event in busy.events)
        lines.append(
            f"{season.availability.from_ics}: {count(blocking, 'busy event')} in the season "
            f"({first}..{last})"
        )
        dates = {  # the dates that happen: none of a day the zone skipped is free
            day: found
            for day, found in season.availability.dates.items()
            if not skipped_date(season.zone, day)
        }
        windows = sum(len(found) for found in dates.values())
        closed = sum(1 for found in dates.values() if not found)
        lines.append(
            f"{season.availability.from_ics}: {count(windows, 'free window')} to lift in on "
            f"{count(len(dates), 'day')} ({count(closed, 'day')} with none)"
        )
    if season.runs.from_ics is not None or season.runs.from_csv is not None:
        read = _runs(season)
        for name, runs in read.counts.items():
            lines.append(f"{name}: {count(runs, 'run')} in the season")
        total = Counter(str(run.kind) for runs in read.dates.values() for run in runs)
        if total:
            lines.append("  by kind: " + ", ".join(f"{n} {k}" for k, n in sorted(total.items())))
    return lines
