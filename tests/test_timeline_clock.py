"""The clock's shortcut for days without a clock change gives what zoneinfo gives."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from liftplan.timeline import Clock

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
