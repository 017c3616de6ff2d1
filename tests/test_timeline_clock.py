"""The clock's shortcut for days without a clock change gives what zoneinfo gives."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from liftplan.timeline import Clock, _steady_utc_midnight

# A spring gap and an autumn repeat each, at 02:00, at midnight (Santiago, Havana) and at
# 00:30 / 02:30 (Lord Howe's half-hour change), and a zone without changes.
ZONES = [
    "Europe/Berlin",
    "America/New_York",
    "America/Santiago",
    "America/Havana",
    "Australia/Lord_Howe",
    "Asia/Kolkata",
]


class _NeverSteady(dict[dt.date, int | None]):
    """A day cache that knows no steady day: every time asked of zoneinfo, as before."""

    def __getitem__(self, day: dt.date) -> int | None:
        return None


@pytest.mark.parametrize("name", ZONES)
def test_every_minute_of_a_year_lands_where_zoneinfo_puts_it(name: str) -> None:
    zone = ZoneInfo(name)
    epoch = dt.datetime(2026, 1, 1, tzinfo=zone).astimezone(dt.UTC)
    clock, reference = Clock(zone, epoch), Clock(zone, epoch)
    reference._steady = _NeverSteady()
    changes = 0
    for offset in range(366):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=offset)
        steady = clock._steady_midnight(day) is not None
        changes += not steady
        minutes = range(0, 24 * 60, 1 if not steady else 7)
        for minute in minutes:
            assert clock.exists(day, minute) == reference.exists(day, minute), (day, minute)
            assert clock.fold0(day, minute) == reference.fold0(day, minute), (day, minute)
            assert clock.clipped(day, minute) == reference.clipped(day, minute), (day, minute)
        assert clock.clipped(day, 24 * 60) == reference.clipped(day, 24 * 60)
    assert changes == (0 if name == "Asia/Kolkata" else 2)  # only the change days go slow


@pytest.mark.parametrize("name", ZONES)
def test_clocks_of_seasons_starting_on_other_dates_share_no_minutes(name: str) -> None:
    # The UTC midnights of steady days are kept for every season in the zone; each clock
    # counts them from its own epoch.
    zone = ZoneInfo(name)
    clocks = []
    for start in (dt.date(2026, 1, 1), dt.date(2026, 3, 30), dt.date(2026, 11, 2)):
        epoch = dt.datetime.combine(start, dt.time(), tzinfo=zone).astimezone(dt.UTC)
        clock, reference = Clock(zone, epoch), Clock(zone, epoch)
        reference._steady = _NeverSteady()
        clocks.append((clock, reference))
    for offset in range(0, 366, 3):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=offset)
        for clock, reference in clocks:
            for minute in (0, 1, 150, 12 * 60, 24 * 60 - 1):
                assert clock.fold0(day, minute) == reference.fold0(day, minute), (day, minute)


# Spring gaps and autumn repeats at 02:00 (Berlin, New York), at midnight (Santiago,
# Havana), Lord Howe's 30-minute change at 02:00 / 02:30, Chatham's at 02:45 / 03:45 on a
# 45-minute offset, and Troll's two-hour change.
CHANGE_ZONES = [*ZONES[:5], "Pacific/Chatham", "Antarctica/Troll"]


def _change_days(zone: ZoneInfo, first_year: int, last_year: int) -> list[dt.date]:
    epoch = dt.datetime(first_year, 1, 1, tzinfo=zone).astimezone(dt.UTC)
    clock = Clock(zone, epoch)
    first, last = dt.date(first_year, 1, 1), dt.date(last_year, 12, 31)
    days = (first + dt.timedelta(days=n) for n in range((last - first).days + 1))
    return [day for day in days if clock._steady_midnight(day) is None]


@pytest.mark.parametrize("name", CHANGE_ZONES)
def test_the_grid_of_a_clock_change_day_is_the_grid_zoneinfo_gives(name: str) -> None:
    zone = ZoneInfo(name)
    days = _change_days(zone, 2005, 2036)
    assert len(days) >= 2 * 30 or name == "Antarctica/Troll"  # Troll's clock changes from 2005
    for day in days:
        # A season starting on another date: its epoch is another minute.
        start = day - dt.timedelta(days=day.toordinal() % 97)
        clock = Clock(zone, dt.datetime.combine(start, dt.time(), tzinfo=zone).astimezone(dt.UTC))
        first = clock.clipped(day, 0)
        next_first = clock.clipped(day + dt.timedelta(days=1), 0)
        # Every minute on the change days of two years; 5 and 15 on all (the plain way is slow).
        for granularity in (1, 5, 15) if day.year in (2026, 2027) else (5, 15):
            fast = clock.change_day_grid(day, first, next_first, granularity)
            assert fast == clock.plain_grid(day, granularity), (day, granularity)


# Zones whose local mean time had a seconds offset (Monrovia -0:43:08, Amsterdam +0:19:32)
# and a few with today's changes: each epoch and midnight an odd number of seconds apart.
SECONDS_ZONES = ["Africa/Monrovia", "Europe/Amsterdam", "Europe/Berlin", "Australia/Lord_Howe"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(SECONDS_ZONES),
    st.dates(dt.date(1880, 1, 1), dt.date(2080, 1, 1)),
    st.integers(-400, 400),
    st.integers(0, 59),
)
def test_a_steady_midnight_is_minutes_of_its_utc_midnight(
    name: str, start: dt.date, days: int, seconds: int
) -> None:
    """`_steady_midnight` subtracts whole seconds after 1970: what `minutes` of the UTC
    midnight gives (its round() then floor), for a season's epoch and for one off by some
    seconds (or microseconds: the plain road), whatever the zone's offset then."""
    zone = ZoneInfo(name)
    day = start + dt.timedelta(days=days)
    midnight = _steady_utc_midnight(zone, day)
    season_epoch = dt.datetime.combine(start, dt.time(), tzinfo=zone).astimezone(dt.UTC)
    shifted = season_epoch + dt.timedelta(seconds=seconds)
    for epoch in (season_epoch, shifted, shifted + dt.timedelta(microseconds=7)):
        clock = Clock(zone, epoch)
        expected = None if midnight is None else clock.minutes(midnight)
        assert clock._steady_midnight(day) == expected
        assert clock._steady_midnight(day) == expected  # remembered
