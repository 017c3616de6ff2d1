"""The season's tables made once (lift slots, windows and runs by date) read what the plain
day-by-day reading gives, on generated seasons."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from liftplan.models.season import WEEKDAYS, Season

START = dt.date(2026, 3, 2)


def window(draw: Any) -> str:
    start = draw(st.integers(min_value=0, max_value=22 * 4)) * 15
    end = min(24 * 60, start + draw(st.integers(min_value=1, max_value=12)) * 15)
    return f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"


@st.composite
def seasons(draw: Any) -> Season:
    start = START + dt.timedelta(days=draw(st.integers(min_value=0, max_value=6)))
    days = draw(st.integers(min_value=1, max_value=30))
    weekly = {
        name: [window(draw) for _ in range(draw(st.integers(min_value=0, max_value=3)))]
        for name in draw(st.sets(st.sampled_from(WEEKDAYS)))
    }
    listed = {
        (start + dt.timedelta(days=index)).isoformat(): [
            window(draw) for _ in range(draw(st.integers(min_value=0, max_value=2)))
        ]
        for index in draw(st.sets(st.integers(min_value=0, max_value=days - 1), max_size=5))
    }
    run = {"kind": "easy", "start": "07:00", "minutes": 40}
    runs_weekly = {name: run for name in draw(st.sets(st.sampled_from(WEEKDAYS)))}
    runs_dates = {
        (start + dt.timedelta(days=index)).isoformat(): draw(st.sampled_from([[], run, [run, run]]))
        for index in draw(st.sets(st.integers(min_value=0, max_value=days - 1), max_size=4))
    }
    low = draw(st.integers(min_value=5, max_value=60))
    data: dict[str, Any] = {
        "timezone": "Europe/Oslo",
        "season": {
            "start": start.isoformat(),
            "end": (start + dt.timedelta(days=days - 1)).isoformat(),
        },
        "availability": {"weekly": weekly, "dates": listed},
        "runs": {"weekly": runs_weekly, "dates": runs_dates},
        "lifting": {
            "minutes": {"min": low, "max": low + draw(st.integers(min_value=0, max_value=60))},
            "granularity_minutes": draw(st.sampled_from([5, 10, 15, 30])),
        },
    }
    if draw(st.booleans()):
        data["availability"]["from_ics"] = "busy.ics"
        data["availability"]["envelope"] = {"weekdays": window(draw), "weekends": window(draw)}
    return Season.model_validate(data)


def plain_lift_slots_a_day(season: Season) -> list[int]:
    """Day by day, each day's windows summed: the reading `lift_slots_a_day` makes faster."""
    counts = []
    span, availability = season.season, season.availability
    for week in range(1, span.num_weeks + 1):
        lifting = season.lifting_for_week(week)
        grid = lifting.granularity_minutes
        lengths = -(-(lifting.max_minutes - lifting.min_minutes) // grid) + 1
        first = span.start + dt.timedelta(days=7 * (week - 1))
        for offset in range(7):
            day = first + dt.timedelta(days=offset)
            if day > span.last_day:
                break
            if availability.from_ics is None or day in availability.dates:
                windows = availability.windows_on(day)
            else:
                envelope = availability.envelope
                windows = [envelope.weekends if day.weekday() >= 5 else envelope.weekdays]
            minutes = sum(w.end - w.start for w in windows)
            counts.append((minutes // grid + 1) * lengths if minutes else 0)
    return counts


@settings(max_examples=150, deadline=None)
@given(season=seasons())
def test_the_tables_read_what_each_day_reads(season: Season) -> None:
    span = season.season
    dates = [span.start + dt.timedelta(days=i) for i in range(span.num_days)]
    assert season.lift_slots_a_day() == plain_lift_slots_a_day(season)
    assert season.availability.windows_by_date(dates) == [
        season.availability.windows_on(day) for day in dates
    ]
    assert season.runs.runs_by_date(dates) == [season.runs.runs_on(day) for day in dates]


@settings(max_examples=150, deadline=None)
@given(
    start=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2090, 1, 1)),
    days=st.integers(min_value=1, max_value=400),
    by_weeks=st.booleans(),
)
def test_the_seasons_dates_are_its_start_plus_each_day(
    start: dt.date, days: int, by_weeks: bool
) -> None:
    """`SeasonSpan.dates` (from day ordinals) lists what adding a day at a time lists."""
    span: dict[str, Any] = {"start": start.isoformat()}
    if by_weeks:
        span["weeks"] = -(-days // 7)
    else:
        span["end"] = (start + dt.timedelta(days=days - 1)).isoformat()
    season = Season.model_validate({"timezone": "UTC", "season": span})
    dates = season.season.dates()
    plain = [season.season.start + dt.timedelta(days=i) for i in range(season.season.num_days)]
    assert dates == plain
    assert dates[-1] == season.season.last_day
