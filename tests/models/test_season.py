"""The season model: parsing, merging and the phase defaults a coach would expect."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from conftest import make_season
from liftplan.models import Window
from liftplan.models.season import PerWeek, PhaseName


def phased(*phases: dict[str, object], **lifting: object) -> object:
    weeks = sum(int(p["weeks"]) for p in phases)  # type: ignore[call-overload]
    return make_season(
        season={"start": "2026-03-02", "weeks": weeks, "phases": list(phases)},
        lifting={"per_week": {"min": 2, "max": 3, "target": 3}, **lifting},
    )


def test_overlapping_and_touching_windows_merge() -> None:
    season = make_season(
        availability={
            "weekly": {"mon": ["17:00-18:00", "06:00-07:00", "17:30-19:00", "19:00-24:00"]}
        }
    )
    assert season.availability.windows_on(season.season.start) == [
        Window(6 * 60, 7 * 60),
        Window(17 * 60, 24 * 60),
    ]


def test_dates_replace_the_weekday() -> None:
    season = make_season(
        availability={"weekly": {"mon": ["17:00-18:00"]}, "dates": {"2026-03-02": []}},
        runs={
            "weekly": {"mon": {"kind": "easy", "start": "06:30", "minutes": 30}},
            "dates": {"2026-03-02": []},
        },
    )
    assert season.availability.windows_on(season.season.start) == []
    assert season.runs.runs_on(season.season.start) == []


def test_rest_entries_are_not_runs() -> None:
    season = make_season(runs={"weekly": {"mon": [{"kind": "rest"}]}})
    assert season.runs.runs_on(season.season.start) == []


@pytest.mark.parametrize(
    ("phase", "expected"),
    [
        ("base", (2, 3, 3)),
        ("build", (2, 3, 3)),
        ("peak", (1, 2, 2)),
        ("taper", (0, 1, 1)),
        ("race", (0, 1, 1)),
        ("recovery", (0, 2, 2)),
    ],
)
def test_phase_defaults_lower_the_weekly_range(phase: str, expected: tuple[int, int, int]) -> None:
    season = phased({"name": phase, "weeks": 1})
    per_week = season.lifting_in_phase(0).per_week
    assert (per_week.min, per_week.max, per_week.wished) == expected


def test_phase_defaults_never_raise_a_smaller_season_range() -> None:
    season = make_season(
        season={"start": "2026-03-02", "weeks": 1, "phases": [{"name": "peak", "weeks": 1}]},
        lifting={"per_week": {"min": 0, "max": 1}},
    )
    per_week = season.lifting_in_phase(0).per_week
    assert (per_week.min, per_week.max) == (0, 1)


def test_a_phase_override_wins_over_the_phase_default() -> None:
    season = phased(
        {"name": "taper", "weeks": 1, "lifting": {"per_week": {"max": 2}, "minutes": 30}}
    )
    lifting = season.lifting_in_phase(0)
    assert (lifting.per_week.min, lifting.per_week.max, lifting.per_week.wished) == (0, 2, 2)
    assert lifting.minutes == 30


def test_deload_rhythm_and_explicit_weeks() -> None:
    season = make_season(season={"start": "2026-03-02", "weeks": 9})
    assert [w for w in range(1, 10) if season.season.is_deload(w)] == [4, 8]
    listed = make_season(season={"start": "2026-03-02", "weeks": 9, "deload_weeks": [3, 9]})
    assert [w for w in range(1, 10) if listed.season.is_deload(w)] == [3, 9]
    none = make_season(season={"start": "2026-03-02", "weeks": 9, "deload_every_weeks": 0})
    assert not any(none.season.is_deload(w) for w in range(1, 10))
    with pytest.raises(ValidationError, match=r"deload week 12 is outside weeks 1\.\.9"):
        make_season(season={"start": "2026-03-02", "weeks": 9, "deload_weeks": [12]})


def test_end_date_gives_a_partial_last_week() -> None:
    season = make_season(season={"start": "2026-03-02", "end": "2026-03-11"})
    assert (season.season.num_days, season.season.num_weeks) == (10, 2)


def test_equipment_presets_expand_and_unknown_items_are_named() -> None:
    home = make_season(equipment=["home"]).equipment_set
    assert "barbell" not in home and "kettlebell" in home and "bodyweight" in home
    with pytest.raises(ValidationError, match="unknown equipment 'kettlebel'"):
        make_season(equipment=["kettlebel"])


def test_phase_names_are_the_specs() -> None:
    assert {p.value for p in PhaseName} == {"base", "build", "peak", "taper", "race", "recovery"}


def test_a_copy_with_other_fields_answers_from_its_own_fields() -> None:
    # The season keeps its races and each week's lifting beside its fields; model_copy
    # copies them too, and they must not answer for a copy's new runs or lifting.
    season = make_season(
        season={"start": "2026-03-02", "weeks": 4},
        runs={"dates": {"2026-03-21": {"kind": "race", "start": "09:00", "minutes": 30}}},
    )
    assert [race.date.isoformat() for race in season.races()] == ["2026-03-21"]
    assert season.lifting_for_week(1).per_week.max == 3
    assert season.lift_slots_a_day() == season.lift_slots_a_day()
    moved = season.runs.model_validate(
        {"dates": {"2026-03-28": {"kind": "race", "start": "09:00", "minutes": 30}}}
    )
    lighter = season.lifting.model_copy(update={"per_week": PerWeek(min=1, max=1)})
    copy = season.model_copy(update={"runs": moved, "lifting": lighter})
    assert [race.date.isoformat() for race in copy.races()] == ["2026-03-28"]
    assert copy.lifting_for_week(1).per_week.max == 1
    assert [race.date.isoformat() for race in season.races()] == ["2026-03-21"]
    assert season.lifting_for_week(1).per_week.max == 3
    season.races().clear()  # a caller's list is its own
    assert len(season.races()) == 1


def test_lift_slots_a_day_counts_each_date_by_its_own_windows() -> None:
    season = make_season(
        season={"start": "2026-03-02", "weeks": 2},
        availability={
            "weekly": {"mon": ["06:00-07:00"], "tue": ["06:00-06:30", "18:00-19:00"]},
            "dates": {"2026-03-09": ["06:00-08:00"], "2026-03-10": []},
        },
        lifting={"minutes": 45, "granularity_minutes": 15},
    )
    # 60 window minutes on a 15-minute grid: 5 starts; 90: 7; 120: 9; none: 0.
    assert season.lift_slots_a_day() == [5, 7, 0, 0, 0, 0, 0, 9, 0, 0, 0, 0, 0, 0]
    # The first date listed: the Mondays after it keep their weekday's windows.
    first_listed = make_season(
        season={"start": "2026-03-02", "weeks": 2},
        availability={"weekly": {"mon": ["06:00-07:00"]}, "dates": {"2026-03-02": []}},
        lifting={"minutes": 45, "granularity_minutes": 15},
    )
    assert first_listed.lift_slots_a_day() == [0, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0]


def test_lift_slots_a_day_counts_a_busy_calendars_envelope() -> None:
    season = make_season(
        season={"start": "2026-03-06", "weeks": 1},
        availability={
            "from_ics": "busy.ics",
            "envelope": {"weekdays": "06:00-07:00", "weekends": "07:00-09:00"},
            "dates": {"2026-03-09": ["06:00-06:30"]},
        },
        lifting={"minutes": 45, "granularity_minutes": 15},
    )
    # Friday and Thursday the weekday envelope (5 starts), the weekend 9, Monday its date's 3.
    assert season.lift_slots_a_day() == [5, 9, 9, 3, 5, 5, 5]


def test_the_tables_by_date_read_what_each_date_reads() -> None:
    season = make_season(
        season={"start": "2026-03-04", "weeks": 3},
        availability={
            "weekly": {"mon": ["17:00-18:00", "06:00-07:00"], "sat": ["08:00-12:00"]},
            "dates": {"2026-03-09": ["05:00-06:00", "05:30-07:00"], "2026-03-14": []},
        },
        runs={
            "weekly": {
                "tue": {"kind": "easy", "start": "07:00", "minutes": 40},
                "sun": [
                    {"kind": "long", "start": "08:00", "minutes": 120},
                    {"kind": "rest"},
                ],
            },
            "dates": {
                "2026-03-10": [],
                "2026-03-15": {"kind": "tempo", "start": "18:00", "minutes": 50},
            },
        },
    )
    dates = [season.season.start + dt.timedelta(days=i) for i in range(season.season.num_days)]
    assert season.availability.windows_by_date(dates) == [
        season.availability.windows_on(day) for day in dates
    ]
    assert season.runs.runs_by_date(dates) == [season.runs.runs_on(day) for day in dates]
    assert any(season.runs.runs_by_date(dates)) and any(season.availability.windows_by_date(dates))
