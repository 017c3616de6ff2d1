"""The build's share of --time-limit is arithmetic on the season's counts (solver/budget.py)."""

from __future__ import annotations

import pytest

from liftplan.models.season import (
    WEIGH_SECONDS_A_LIFT_TIME,
    WEIGH_SECONDS_A_LIFT_TIME_SEVERAL_A_DAY,
    WEIGH_SECONDS_A_START,
    WEIGH_SECONDS_A_START_SEVERAL_A_DAY,
    Season,
)
from liftplan.models.settings import NoTimeToWeigh
from liftplan.solver.budget import Weighing, solver_time_limit, weighing
from liftplan.timeline import build_timeline


def _season(lifts_a_day: int = 1) -> Season:
    return Season.model_validate(
        {
            "timezone": "UTC",
            "season": {"start": "2026-03-02", "weeks": 2},
            "availability": {
                "weekly": {"mon": ["06:00-08:00"], "wed": ["18:00-19:00", "20:00-20:30"]}
            },
            "runs": {"weekly": {"tue": {"kind": "easy", "start": "07:00", "minutes": 40}}},
            "lifting": {
                "per_week": {"min": 1, "max": 2},
                "granularity_minutes": 15,
                "minutes": {"min": 30, "max": 60},
            },
            "rules": {"max_lifts_per_day": lifts_a_day},
        }
    )


def test_the_counts_are_the_seasons_lift_times() -> None:
    season = _season()
    counts = weighing(build_timeline(season))
    # a week: mon 120 min -> 9 starts, wed 90 min -> 7 starts; lengths 30, 45, 60 -> 3
    assert counts == Weighing(starts=2 * (9 + 7), lift_times=2 * (9 + 7) * 3, finest_grid=15)
    assert counts.lift_times == season.lift_slots()


def test_the_estimate_is_counts_times_costs() -> None:
    counts = Weighing(starts=1_000_000, lift_times=4_000_000, finest_grid=1)
    one = 1_000_000 * WEIGH_SECONDS_A_START + 4_000_000 * WEIGH_SECONDS_A_LIFT_TIME
    several = (
        1_000_000 * WEIGH_SECONDS_A_START_SEVERAL_A_DAY
        + 4_000_000 * WEIGH_SECONDS_A_LIFT_TIME_SEVERAL_A_DAY
    )
    assert counts.seconds(several_a_day=False) == pytest.approx(one)
    assert counts.seconds(several_a_day=True) == pytest.approx(several)
    assert several > one  # several a day keeps every day's candidates for its sets


@pytest.mark.parametrize("lifts_a_day", [1, 2])
def test_the_solver_gets_the_limit_less_the_estimate(lifts_a_day: int) -> None:
    season = _season(lifts_a_day)
    timeline = build_timeline(season)
    estimate = weighing(timeline).seconds(lifts_a_day > 1)
    assert 0 < estimate < 0.01
    assert solver_time_limit(timeline, season.rules, 5) == pytest.approx(5 - estimate)
    with pytest.raises(NoTimeToWeigh) as refused:
        solver_time_limit(timeline, season.rules, estimate * 1.9)  # more than half of it
    assert refused.value.lift_times == season.lift_slots()
    assert solver_time_limit(timeline, season.rules, estimate * 2.1) > 0


def test_the_refusal_names_a_limit_that_leaves_room() -> None:
    refusal = NoTimeToWeigh(8_000_000, 9.2, 5, grid=1)
    assert str(refusal) == (
        "no plan within --time-limit 5: its 8,000,000 lift times take about 10 s to weigh, "
        "more than half of it; "
        "raise --time-limit to 20 or use a 5-minute grid"
    )
    assert refusal.needed_limit() * 0.5 >= 9.2
    assert NoTimeToWeigh(10, 2.5, 2, grid=15).needed_limit() == 5
    assert "shorter windows" in str(NoTimeToWeigh(10, 2.5, 2, grid=15))
