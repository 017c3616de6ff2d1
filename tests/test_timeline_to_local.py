"""`Timeline.to_local` (a steady day's midnight plus minutes) is exactly zoneinfo's conversion:
the same wall time, UTC offset, fold and zone, on clock-change days too, for the examples, a
year in zones with odd changes, and generated seasons."""

from __future__ import annotations

import datetime as dt
import itertools
import zoneinfo
from collections.abc import Iterable
from pathlib import Path

import pytest
from benchmarks.instances import generate_season
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import make_season
from liftplan.io.season_file import load_season
from liftplan.models.season import Season
from liftplan.timeline import Timeline, build_timeline

ROOT = Path(__file__).parents[1]
SEASON_FILES = sorted(  # whole seasons (a scenario is a patch to one)
    path
    for path in [*ROOT.glob("examples/**/*.yaml"), *ROOT.glob("tests/seasons/**/*.yaml")]
    if "timezone:" in path.read_text()
)


def _as_written(moment: dt.datetime) -> tuple[object, ...]:
    """Everything of an aware datetime a plan can show or compute with."""
    return (moment.replace(tzinfo=None), moment.utcoffset(), moment.fold, moment.tzinfo)


def _plain(timeline: Timeline, minute: int) -> dt.datetime:
    """zoneinfo's conversion of an instant, with no shortcut."""
    return (timeline.clock.epoch + dt.timedelta(minutes=minute)).astimezone(timeline.zone)


def _assert_same(timeline: Timeline, minutes: Iterable[int]) -> int:
    count = 0
    for minute in minutes:
        fast, plain = timeline.to_local(minute), _plain(timeline, minute)
        assert _as_written(fast) == _as_written(plain), minute
        count += 1
    return count


def _change_days(timeline: Timeline) -> list[int]:
    """Days whose length is not 24 hours (or whose next day's midnight is missing)."""
    return [
        day.index
        for day, after in itertools.pairwise(timeline.days)
        if after.midnight - day.midnight != 24 * 60
    ]


def _around_every_day(timeline: Timeline, step: int) -> Iterable[int]:
    """Every ``step``-th minute of the season and the minutes just outside it, a minute a
    day for 250 days after it; every minute of the days around a clock change."""
    first, last = timeline.days[0].midnight, timeline.days[-1].midnight + 24 * 60
    yield from range(first - 90, last + 90, step)
    yield from range(last, last + 250 * 24 * 60, 24 * 60 - 7)
    for index in _change_days(timeline):
        start = timeline.days[max(0, index - 1)].midnight
        yield from range(start, start + 3 * 24 * 60)


@pytest.mark.parametrize("path", SEASON_FILES, ids=lambda p: p.stem)
def test_every_session_time_of_the_examples_reads_as_the_plain_conversion(path: Path) -> None:
    timeline = build_timeline(load_season(path))
    runs = [minute for run in timeline.runs for minute in (run.start, run.end)]
    windows = [m for day in timeline.days for span in day.windows for m in span]
    assert _assert_same(timeline, [*runs, *windows, *_around_every_day(timeline, 13)])


# A spring gap and an autumn repeat at 02:00 (Berlin, New York, Dublin's winter "DST"), at
# midnight (Santiago, Havana, Sao Paulo in 2018), half an hour (Lord Howe), none (Kolkata),
# and a date that never happened (Apia skipped 30 December 2011).
ZONES_AND_STARTS = [
    ("Europe/Berlin", "2026-01-05"),
    ("America/New_York", "2026-01-05"),
    ("Europe/Dublin", "2026-01-05"),
    ("America/Santiago", "2026-01-05"),
    ("America/Havana", "2026-01-05"),
    ("America/Sao_Paulo", "2018-01-01"),
    ("Australia/Lord_Howe", "2026-01-05"),
    ("Asia/Kolkata", "2026-01-05"),
    ("Pacific/Apia", "2011-06-06"),
]


@pytest.mark.parametrize(("zone", "start"), ZONES_AND_STARTS)
def test_a_year_of_minutes_reads_as_the_plain_conversion(zone: str, start: str) -> None:
    season = make_season(timezone=zone, season={"start": start, "weeks": 52, "phases": []})
    timeline = build_timeline(season)
    changes = _change_days(timeline)
    assert len(changes) == {"Asia/Kolkata": 0, "Pacific/Apia": 3}.get(zone, 2)
    _assert_same(timeline, _around_every_day(timeline, 7))


@pytest.mark.parametrize(("zone", "start"), ZONES_AND_STARTS)
def test_a_time_read_from_its_day_is_the_plain_conversion(zone: str, start: str) -> None:
    """`to_local_from`, the day given: each minute of that day and of the two after it
    (a session crossing midnight), around every clock change and on a steady day."""
    season = make_season(timezone=zone, season={"start": start, "weeks": 52, "phases": []})
    timeline = build_timeline(season)
    for index in [*_change_days(timeline), 3]:
        for day in range(max(0, index - 1), min(len(timeline.days), index + 2)):
            first = timeline.days[day].midnight
            for minute in range(first, first + 3 * 24 * 60, 5):
                fast, plain = timeline.to_local_from(day, minute), _plain(timeline, minute)
                assert _as_written(fast) == _as_written(plain), (day, minute)


ZONES = sorted(zoneinfo.available_timezones())


@settings(max_examples=40, deadline=None)
@given(
    zone=st.sampled_from(ZONES),
    start=st.dates(dt.date(1990, 1, 1), dt.date(2037, 12, 31)),
    weeks=st.integers(1, 30),
    seed=st.integers(0, 10_000),
    minutes=st.lists(st.integers(-2 * 24 * 60, 31 * 7 * 24 * 60), max_size=50),
)
def test_generated_seasons_read_their_times_as_the_plain_conversion(
    zone: str, start: dt.date, weeks: int, seed: int, minutes: list[int]
) -> None:
    season = Season.model_validate(generate_season(weeks, seed, start=start, timezone=zone))
    timeline = build_timeline(season)
    runs = [minute for run in timeline.runs for minute in (run.start, run.end)]
    midnights = [day.midnight + shift for day in timeline.days for shift in (-1, 0, 1)]
    _assert_same(timeline, [*runs, *midnights, *minutes])
    _assert_same(timeline, _around_every_day(timeline, 60))
