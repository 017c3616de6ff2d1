"""The words for durations, days and times: each format as its users print it today."""

from __future__ import annotations

import datetime as dt

import pytest

from liftplan.models.wording import (
    day_and_time,
    day_name,
    decimal_hours,
    duration_text,
    listed,
    moment,
    padded_duration_text,
    short_day_name,
)

MONDAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize(
    ("minutes", "text"),
    [
        (0, "0 min"),
        (45, "45 min"),
        (60, "1 h"),
        (120, "2 h"),
        (195, "3 h 15 min"),
        (-75, "1 h 15 min"),
    ],
)
def test_a_gap_reads_in_hours_and_minutes_leaving_out_zeros(minutes: int, text: str) -> None:
    assert duration_text(minutes) == text


@pytest.mark.parametrize(
    ("minutes", "text"), [(0, "0 h 00 min"), (65, "1 h 05 min"), (1425, "23 h 45 min")]
)
def test_the_checkers_duration_always_shows_both_parts_with_padded_minutes(
    minutes: int, text: str
) -> None:
    assert padded_duration_text(minutes) == text


@pytest.mark.parametrize(
    ("minutes", "text"), [(0, "0.0"), (90, "1.5"), (100, "1.7"), (2880.0, "48.0")]
)
def test_a_table_in_hours_shows_one_decimal(minutes: float, text: str) -> None:
    assert decimal_hours(minutes) == text


def test_day_names_run_monday_to_sunday_and_match_strftime() -> None:
    week = [MONDAY + dt.timedelta(days=i) for i in range(7)]
    assert [day_name(day) for day in week] == [
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
    ]
    assert [short_day_name(day) for day in week] == [day.strftime("%a") for day in week]


def test_a_moment_is_the_short_day_then_the_local_date_and_time() -> None:
    zone = dt.timezone(dt.timedelta(hours=-5))
    start = dt.datetime(2026, 3, 8, 23, 30, tzinfo=zone)  # a Sunday where the plan is
    assert moment(start) == "Sun 2026-03-08 23:30"
    assert day_and_time(start) == "Sun 23:30"
    assert moment(start) == f"{start:%a %Y-%m-%d %H:%M}"


@pytest.mark.parametrize(
    ("names", "text"),
    [
        (["ana"], "ana"),
        (["ana", "ben"], "ana and ben"),
        (["ana", "ben", "cy"], "ana, ben and cy"),
        (["Mon", "Wed", "Fri", "Sun"], "Mon, Wed, Fri and Sun"),
    ],
)
def test_a_list_of_names_reads_as_a_sentence_lists_them(names: list[str], text: str) -> None:
    # one wording for the group lines, joint's members, the races of the pages and summary,
    # and the days with room in a conflict
    assert listed(names) == text
