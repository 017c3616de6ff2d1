"""The checker's shortcut for dates without a clock change (midnight plus the minutes) gives
the instants zoneinfo gives, on the clock-change dates and around them."""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liftplan.check import _Season
from liftplan.models.season import Season

UTC = dt.UTC

# Spring gaps and autumn repeats at 02:00 (Oslo, New York), at midnight (Havana, Santiago),
# a half-hour change (Lord Howe), a two-hour one (Troll), a summer time suspended for
# Ramadan (Casablanca), a whole date skipped (Apia, 2011-12-30), and no change (Kolkata).
ZONES = [
    "Europe/Oslo",
    "America/New_York",
    "America/Havana",
    "America/Santiago",
    "Australia/Lord_Howe",
    "Antarctica/Troll",
    "Africa/Casablanca",
    "Pacific/Apia",
    "Asia/Kolkata",
]


def reference_local(zone: ZoneInfo, date: dt.date, minute: int) -> dt.datetime:
    """The plain reading: the naive wall-clock time, given the zone, to UTC (fold=0)."""
    naive = dt.datetime.combine(date, dt.time()) + dt.timedelta(minutes=minute)
    return naive.replace(tzinfo=zone).astimezone(UTC)


def reference_exists(zone: ZoneInfo, date: dt.date, minute: int) -> bool:
    naive = dt.datetime.combine(date, dt.time()) + dt.timedelta(minutes=minute)
    return reference_local(zone, date, minute).astimezone(zone).replace(tzinfo=None) == naive


def reference_clipped(zone: ZoneInfo, date: dt.date, minute: int) -> dt.datetime:
    while not reference_exists(zone, date, minute):
        minute += 1
    return reference_local(zone, date, minute)


@functools.cache
def facts(name: str) -> _Season:
    """The checker's facts of a one-week season in zone ``name`` (the zone is what counts)."""
    season = Season.model_validate(
        {"timezone": name, "season": {"start": "2026-01-05", "weeks": 1}}
    )
    return _Season(season)


@functools.cache
def change_dates(name: str) -> list[dt.date]:
    """The dates 1990-2060 whose midnight offset differs from the next date's, or whose
    midnight is in a gap or repeated: every clock-change date of the zone in those years."""
    zone = ZoneInfo(name)
    found = []
    date = dt.date(1990, 1, 1)
    midnight = dt.datetime.combine(date, dt.time(), tzinfo=zone)
    while date < dt.date(2060, 1, 1):
        following = midnight + dt.timedelta(days=1)
        if (
            midnight.utcoffset() != following.utcoffset()
            or midnight.utcoffset() != midnight.replace(fold=1).utcoffset()
        ):
            found.append(date)
        date, midnight = date + dt.timedelta(days=1), following
    return found


def assert_same(name: str, date: dt.date, minute: int) -> None:
    zone, season = ZoneInfo(name), facts(name)
    assert season.exists(date, minute) == reference_exists(zone, date, minute), (date, minute)
    assert season.local(date, minute) == reference_local(zone, date, minute), (date, minute)
    assert season.clipped(date, minute) == reference_clipped(zone, date, minute), (date, minute)


@pytest.mark.parametrize("name", ZONES)
def test_every_minute_of_the_change_dates_of_two_years_and_the_dates_around(
    name: str,
) -> None:
    dates = [d for d in change_dates(name) if d.year in (2011, 2025)]
    assert dates or name == "Asia/Kolkata"
    for date in dates:
        # Apia skipped 2011-12-30: clipping walks its whole missing day a minute at a time.
        step = 29 if date == dt.date(2011, 12, 30) else 1
        for minute in range(0, 24 * 60 + 1, step):
            assert_same(name, date, minute)
        for day in (date - dt.timedelta(days=1), date + dt.timedelta(days=1)):
            for minute in (0, 1, 59, 60, 61, 119, 120, 121, 1439, 1440):
                assert_same(name, day, minute)


@st.composite
def near_a_change(draw: st.DrawFn, days: int) -> tuple[str, dt.date]:
    """A zone and a date up to ``days`` from one of its clock changes."""
    name = draw(st.sampled_from(ZONES))
    dates = change_dates(name) or [dt.date(2026, 3, 29)]
    date = dates[draw(st.integers(min_value=0, max_value=len(dates) - 1))]
    return name, date + dt.timedelta(days=draw(st.integers(min_value=-days, max_value=days)))


@settings(max_examples=400, deadline=None)
@given(where=near_a_change(days=2), minute=st.integers(min_value=0, max_value=24 * 60))
def test_any_minute_near_any_clock_change_lands_where_zoneinfo_puts_it(
    where: tuple[str, dt.date], minute: int
) -> None:
    assert_same(*where, minute)


@settings(max_examples=300, deadline=None)
@given(
    name=st.sampled_from(ZONES),
    date=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2099, 12, 31)),
    minute=st.integers(min_value=0, max_value=24 * 60),
)
def test_any_minute_of_any_season_date_lands_where_zoneinfo_puts_it(
    name: str, date: dt.date, minute: int
) -> None:
    assert_same(name, date, minute)


@settings(max_examples=400, deadline=None)
@given(
    where=near_a_change(days=1),
    minute=st.integers(min_value=0, max_value=24 * 60),
    minutes=st.integers(min_value=0, max_value=30 * 60),
)
def test_a_run_or_race_ends_and_ends_on_the_date_zoneinfo_gives(
    where: tuple[str, dt.date], minute: int, minutes: int
) -> None:
    """`_Season.timed` (a run's or race's instants and the date of its last minute) is the
    plain reading: the start, plus the minutes, the local date of the last minute."""
    name, date = where
    zone = ZoneInfo(name)
    start = reference_local(zone, date, minute)
    end = start + dt.timedelta(minutes=minutes)
    last = max(start, end - dt.timedelta(minutes=1)).astimezone(zone).date()
    assert facts(name).timed(date, minute, minutes) == (start, end, last)


@pytest.mark.parametrize("minutes", [0, 1, 59, 60, 61, 24 * 60 - 1, 24 * 60, 24 * 60 + 1])
def test_a_run_up_to_midnight_ends_on_its_date_and_one_past_it_on_the_next(minutes: int) -> None:
    date = dt.date(2026, 6, 10)  # a summer date in Oslo: one offset all day
    for minute in (0, 24 * 60 - 60, 24 * 60 - 1):
        start, end, last = facts("Europe/Oslo").timed(date, minute, minutes)
        assert end - start == dt.timedelta(minutes=minutes)
        past = max(start, end - dt.timedelta(minutes=1)).astimezone(ZoneInfo("Europe/Oslo"))
        assert last == past.date(), (minute, minutes)


@settings(max_examples=400, deadline=None)
@given(
    where=near_a_change(days=1),
    minute=st.integers(min_value=0, max_value=24 * 60 - 1),
    fold=st.integers(min_value=0, max_value=1),
    second=st.sampled_from([0, 0, 0, 30]),
)
def test_a_time_written_in_the_zone_reads_as_zoneinfo_reads_it(
    where: tuple[str, dt.date], minute: int, fold: int, second: int
) -> None:
    """`_Season.read`'s shortcut for a time on the zone's own clock (a plan made in memory):
    where it answers, the instant is zoneinfo's, and the time is its own local time (the
    trip through UTC gives back its wall time and offset), so its offset is the zone's."""
    name, date = where
    zone = ZoneInfo(name)
    naive = dt.datetime.combine(date, dt.time()) + dt.timedelta(minutes=minute, seconds=second)
    moment = naive.replace(tzinfo=zone, fold=fold)
    instant = facts(name)._on_plain_date(moment)
    if instant is None:
        return
    assert instant == moment.astimezone(UTC)
    assert instant.tzinfo is UTC
    back = moment.astimezone(UTC).astimezone(zone)
    assert back.replace(tzinfo=None) == naive
    assert back.utcoffset() == moment.utcoffset()
    assert back.isoformat() == moment.isoformat()


def test_the_shortcut_answers_for_times_on_plain_dates_only() -> None:
    oslo = ZoneInfo("Europe/Oslo")
    season = facts("Europe/Oslo")
    summer = dt.datetime(2026, 6, 10, 18, 30, tzinfo=oslo)
    assert season._on_plain_date(summer) == summer.astimezone(UTC)
    change = dt.datetime(2026, 3, 29, 18, 30, tzinfo=oslo)  # spring forward that night
    assert season._on_plain_date(change) is None
    assert season._on_plain_date(summer.replace(fold=1)) is None
    assert season._on_plain_date(summer.astimezone(dt.timezone(dt.timedelta(hours=2)))) is None


@functools.cache
def evenings(name: str) -> _Season:
    """The checker's facts of a season in zone ``name`` whose every day has windows from
    midnight, across 02:00-03:00 (where clocks change) and up to midnight."""
    every_day = ["00:00-01:30", "01:45-03:15", "17:30-21:00", "22:00-24:00"]
    days = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    season = Season.model_validate(
        {
            "timezone": name,
            "season": {"start": "2026-01-05", "weeks": 1},
            "availability": {"weekly": dict.fromkeys(days, every_day)},
        }
    )
    return _Season(season)


@settings(max_examples=300, deadline=None)
@given(where=near_a_change(days=1))
def test_a_dates_windows_are_their_edges_clipped_as_zoneinfo_clips_them(
    where: tuple[str, dt.date],
) -> None:
    """`_Season.windows` (a date on one offset: midnight plus the minutes) gives each
    window's edges where the plain reading (`reference_clipped`) puts them."""
    name, date = where
    zone, season = ZoneInfo(name), evenings(name)
    written = season.season.availability.windows_on(date)
    assert season.windows(date) == [
        (reference_clipped(zone, date, w.start), reference_clipped(zone, date, w.end))
        for w in written
    ]
