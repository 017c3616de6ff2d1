"""Whole seasons: the bundled examples and generated seasons, every plan through the checker."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from benchmarks.instances import generate_season

from conftest import solve_checked
from liftplan import api
from liftplan.models import Season, Status

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.name)
def test_every_example_solves_to_a_proven_optimum(path: Path) -> None:
    plan = solve_checked(api.load_season(path))
    assert plan.status is Status.OPTIMAL


def test_marathon_season_respects_phases_and_the_race() -> None:
    season = api.load_season(EXAMPLES / "marathon-16-weeks.yaml")
    plan = solve_checked(season)
    race = dt.date(2026, 6, 21)
    assert plan.athlete == "sam"
    assert len(plan.lifts_per_week) == 16
    assert all(2 <= count <= 3 for count in plan.lifts_per_week[:12])
    assert all(count <= 1 for count in plan.lifts_per_week[14:])
    for lift in plan.lifts:
        days_before = (race - lift.date).days
        assert days_before > 2
        if days_before <= 10:
            assert lift.kind == "light" and lift.phase == "taper"
    taper = [lift for lift in plan.lifts if lift.phase == "taper"]
    assert taper and all(lift.minutes == 30 for lift in taper)
    # Sessions are in time order and every lift has its reasons.
    starts = [session.start for session in plan.sessions]
    assert starts == sorted(starts)
    assert all(lift.reasons for lift in plan.lifts)


@pytest.mark.parametrize("seed", range(3))
def test_generated_year_long_seasons_are_proven_optimal(seed: int) -> None:
    season = Season.model_validate(generate_season(52, seed))
    plan = solve_checked(season)
    assert plan.status is Status.OPTIMAL
    assert len(plan.lifts_per_week) == 52


def test_two_workers_reach_the_same_optimum_as_one() -> None:
    season = Season.model_validate(generate_season(16, 7))
    one = solve_checked(season, workers=1)
    two = solve_checked(season, workers=2)
    assert one.objective == two.objective
