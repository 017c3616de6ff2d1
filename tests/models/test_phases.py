"""Phases derived from the A races when the season file writes none (SPEC section 2)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import make_season
from liftplan.models import Season
from liftplan.models.phases import derive_phases
from liftplan.models.races import Race, RaceDistance
from liftplan.models.season import PhaseName, RunningPlan

START = dt.date(2026, 8, 31)  # a Monday


def race(day: str, minutes: int, **extra: Any) -> dict[str, Any]:
    return {day: {"kind": "race", "start": "09:00", "minutes": minutes, **extra}}


def season_with(weeks: int, *races: dict[str, Any], **span: Any) -> Season:
    dates: dict[str, Any] = {}
    for entry in races:
        dates.update(entry)
    return make_season(
        season={"start": START.isoformat(), "weeks": weeks, **span},
        runs={"weekly": {}, "dates": dates},
    )


def spans(season: Season) -> str:
    """``base 1-4, build 5-8, ...`` of the season's effective phases."""
    parts, first = [], 1
    for phase in season.effective_phases:
        parts.append(f"{phase.name} {first}-{first + phase.weeks - 1}")
        first += phase.weeks
    return ", ".join(parts)


def day_of_week(week: int, weekday: int = 6) -> str:
    """The date of ``weekday`` (0 = Monday, 6 = Sunday) in 1-based ``week``."""
    return (START + dt.timedelta(days=7 * (week - 1) + weekday)).isoformat()


def test_two_races_no_phases_derive_from_the_half() -> None:
    # Case 09: a 10K (45 min: B) on Sun 4 Oct, week 5; a half (95 min, last: A) on Sun 22 Nov,
    # week 12. Half: taper 2 weeks, peak 2, recovery 2; base and build split weeks 1-8.
    season = season_with(14, race("2026-10-04", 45), race("2026-11-22", 95))
    assert [(r.distance, r.priority) for r in season.races()] == [
        (RaceDistance.K10, "B"),
        (RaceDistance.HALF, "A"),
    ]
    assert spans(season) == "base 1-4, build 5-8, peak 9-10, taper 11-12, recovery 13-14"
    assert season.phases_derived
    half = season.races()[1]
    assert all(season.phase_race(i) == half for i in range(5))
    assert season.phase_of_week(5) is PhaseName.BUILD
    assert season.phase_of_week(12) is PhaseName.TAPER


def test_one_a_race_in_the_last_week_of_a_10_week_season() -> None:
    # A 5K ends week 10: taper 1 (the race week), peak 2, base 4 and build 3; the recovery
    # would fall after the season's end, so there is none.
    season = season_with(10, race(day_of_week(10, 5), 30))
    assert spans(season) == "base 1-4, build 5-7, peak 8-9, taper 10-10"
    marathon = season_with(10, race(day_of_week(10), 240))
    assert spans(marathon) == "base 1-3, build 4-5, peak 6-7, taper 8-10"


def test_derived_phases_bring_their_defaults() -> None:
    # The taper's default cap (0..1 a week) applies to a derived taper as to a written one.
    season = season_with(10, race(day_of_week(10, 5), 30))
    assert season.lifting_for_week(10).per_week.max == 1
    assert season.lifting_for_week(1).per_week.max == season.lifting.per_week.max


def test_two_a_races_each_end_a_segment_and_the_first_recovers_before_the_next() -> None:
    season = season_with(
        20,
        race(day_of_week(8), 95, priority="A"),  # half in week 8
        race(day_of_week(20), 240),  # marathon in week 20 (last: A)
    )
    assert spans(season) == (
        "base 1-2, build 3-4, peak 5-6, taper 7-8, recovery 9-10, "
        "base 11-13, build 14-15, peak 16-17, taper 18-20"
    )
    half, marathon = season.races()
    assert [season.phase_race(i) for i in range(9)] == [half] * 5 + [marathon] * 4


def test_a_recovery_is_cut_where_the_next_a_race_week_begins() -> None:
    # Marathons (recovery 3) in weeks 4 and 6: the second keeps its race week as its taper.
    season = season_with(
        8, race(day_of_week(4), 240, priority="A"), race(day_of_week(6), 240, priority="A")
    )
    assert spans(season) == "base 1-1, taper 2-4, recovery 5-5, taper 6-6, recovery 7-8"


def test_an_a_race_in_week_1() -> None:
    # Only the race week is left before it: the taper keeps it; recovery 2, then base again.
    season = season_with(6, race(day_of_week(1), 95))
    assert spans(season) == "taper 1-1, recovery 2-3, base 4-6"
    assert season.phase_race(2) == season.races()[0]


def test_short_segments_shrink_peak_then_build_then_base() -> None:
    half = Race(START, 540, 95, RaceDistance.HALF, 21.1, "A", judged=True)

    def shape(weeks: int) -> list[tuple[str, int]]:
        return [(p.name, p.weeks) for p in derive_phases(weeks, [(weeks, half)])]

    assert shape(7) == [("base", 2), ("build", 1), ("peak", 2), ("taper", 2)]
    assert shape(6) == [("base", 1), ("build", 1), ("peak", 2), ("taper", 2)]
    assert shape(5) == [("base", 1), ("build", 1), ("peak", 1), ("taper", 2)]
    assert shape(4) == [("base", 1), ("build", 1), ("taper", 2)]
    assert shape(3) == [("base", 1), ("taper", 2)]
    assert shape(2) == [("taper", 2)]
    assert shape(1) == [("taper", 1)]
    assert derive_phases(5, []) == []


def test_two_a_races_in_one_week_count_as_one_sized_by_the_longer() -> None:
    five = Race(START, 540, 30, RaceDistance.K5, 5.0, "A", judged=True)
    marathon = Race(START, 540, 240, RaceDistance.MARATHON, 42.2, "A", judged=True)
    derived = derive_phases(6, [(6, five), (6, marathon)])
    assert [(p.name, p.weeks) for p in derived] == [
        ("base", 1),
        ("build", 1),
        ("peak", 1),
        ("taper", 3),
    ]
    assert {p.race for p in derived} == {marathon}


def test_a_race_in_the_last_week_has_no_recovery() -> None:
    season = season_with(12, race(day_of_week(12), 240))
    assert spans(season).endswith("taper 10-12")
    assert season.phase_of_week(12) is PhaseName.TAPER


def test_empty_phases_keep_the_season_phaseless() -> None:
    season = season_with(14, race("2026-11-22", 95), phases=[])
    assert season.season.phases == []
    assert season.effective_phases == []
    assert not season.phases_derived
    assert season.phase_of_week(12) is None
    assert season.lifting_for_week(12) == season.lifting


def test_written_phases_win() -> None:
    written = [{"name": "base", "weeks": 10}, {"name": "taper", "weeks": 4}]
    season = season_with(14, race("2026-11-22", 95), phases=written)
    assert spans(season) == "base 1-10, taper 11-14"
    assert not season.phases_derived
    assert season.phase_race(0) is None


@pytest.mark.parametrize("priorities", [("B",), ("C",), ("B", "C")])
def test_b_and_c_races_derive_nothing(priorities: tuple[str, ...]) -> None:
    races = [race(day_of_week(3 + 4 * i), 95, priority=p) for i, p in enumerate(priorities)]
    season = season_with(12, *races)
    assert season.races() and all(r.priority != "A" for r in season.races())
    assert season.effective_phases == []
    assert not season.phases_derived
    assert season.phase_of_week(3) is None


def test_no_race_no_phases() -> None:
    season = season_with(4)
    assert season.season.phases is None
    assert season.effective_phases == [] and not season.phases_derived


def test_a_copy_with_other_runs_derives_again() -> None:
    # model_copy copies the cache too; the cache must not answer for the copy's new runs.
    season = season_with(10, race(day_of_week(10, 5), 30))
    assert spans(season) == "base 1-4, build 5-7, peak 8-9, taper 10-10"
    moved = RunningPlan.model_validate({"weekly": {}, "dates": race(day_of_week(6), 30)})
    copy = season.model_copy(update={"runs": moved})
    assert spans(copy) == "base 1-2, build 3-3, peak 4-5, taper 6-6, recovery 7-7, base 8-10"
    assert spans(season) == "base 1-4, build 5-7, peak 8-9, taper 10-10"
    assert copy == copy.model_copy() and season == season_with(10, race(day_of_week(10, 5), 30))


def test_phases_stay_out_of_the_season_dump() -> None:
    season = season_with(10, race(day_of_week(10, 5), 30))
    assert season.effective_phases
    dumped = season.model_dump(mode="json")
    assert dumped["season"]["phases"] is None
    assert Season.model_validate(dumped) == season
