"""`local_iso` and `iso_date` write a plan's times and dates as `isoformat` does, from cached
parts."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from liftplan.models.plan import iso_date, local_iso

# Zones with half-hour, quarter-hour and seconds offsets (Lord Howe moves by 30 minutes;
# Monrovia and Amsterdam kept seconds offsets early in the 20th century).
ZONES = [
    "UTC",
    "Europe/Berlin",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "Africa/Monrovia",
    "Europe/Amsterdam",
    "Pacific/Kiritimati",
]
offsets = st.timedeltas(dt.timedelta(hours=-23, minutes=-59), dt.timedelta(hours=23, minutes=59))
zones = st.sampled_from(ZONES).map(ZoneInfo) | offsets.map(dt.timezone) | st.none()


@settings(max_examples=500, deadline=None)
@given(
    st.datetimes(dt.datetime(1, 1, 2), dt.datetime(9999, 12, 30)),
    zones,
    st.booleans(),
    st.booleans(),
)
def test_local_iso_is_isoformat(
    naive: dt.datetime, zone: dt.tzinfo | None, whole: bool, fold: bool
) -> None:
    moment = naive.replace(tzinfo=zone, fold=int(fold))
    if whole:  # the plans' times: whole minutes, the path through the cached parts
        moment = moment.replace(second=0, microsecond=0)
    assert local_iso(moment) == moment.isoformat()
    assert local_iso(moment) == moment.isoformat()  # again, from the parts made above


def test_a_datetime_subclass_is_written_by_its_own_isoformat() -> None:
    class Stamp(dt.datetime):
        def isoformat(self, sep: str = "T", timespec: str = "auto") -> str:
            return "its own"

    assert local_iso(Stamp(2026, 3, 1, 6, 30, tzinfo=dt.UTC)) == "its own"


@settings(max_examples=200, deadline=None)
@given(st.dates(), st.datetimes())
def test_iso_date_is_isoformat(day: dt.date, moment: dt.datetime) -> None:
    assert iso_date(day) == day.isoformat()
    assert iso_date(day) == day.isoformat()  # again, from the text kept
    assert iso_date(moment) == moment.isoformat()  # a datetime is a date: its own text
    assert iso_date(moment.date()) == moment.date().isoformat()
