"""Two formulations, one optimum: weekly patterns (the default with one lift a day) and one
boolean per day; the habit's numbering in both."""

from __future__ import annotations

import itertools

import pytest
from benchmarks.instances import generate_season
from ortools.sat.python import cp_model

from conftest import lift_weekdays, make_season, solve_checked
from liftplan.models import Season, Status
from liftplan.solver import model as season_model
from liftplan.solver.model import ModelOptions, build_model
from liftplan.solver.patterns import week_patterns
from liftplan.solver.solve import configure
from liftplan.timeline import build_timeline


def optimum(season: Season, *, patterns: bool) -> float | None:
    built = build_model(
        build_timeline(season), season.rules, options=ModelOptions(patterns=patterns)
    )
    assert (built.variables.patterns is not None) == patterns
    solver = cp_model.CpSolver()
    configure(solver, workers=1, seed=0, time_limit=30)
    status = solver.solve(built.model)
    assert status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
    return solver.objective_value if status == cp_model.OPTIMAL else None


@pytest.mark.parametrize(
    ("seed", "rest_days", "least"),
    [(0, 0, 1), (1, 1, 2), (2, 2, 1), (3, 1, 1), (4, 0, 3), (5, 1, 0)],
)
def test_weekly_patterns_reach_the_per_day_optimum(seed: int, rest_days: int, least: int) -> None:
    data = generate_season(12, seed)
    data["rules"] = {"rest_days_between_lifts": rest_days}
    data["lifting"]["per_week"]["min"] = least
    season = Season.model_validate(data)
    # The objective includes the tie-break, so equal optima mean the very same plan.
    assert optimum(season, patterns=True) == optimum(season, patterns=False)
    plan = solve_checked(season)
    if plan.status.solved:
        assert plan.score["habit"] > 0 or plan.score["below_target"] > 0


def test_a_week_pattern_keeps_the_weekly_range_and_the_rest_days() -> None:
    season = make_season(lifting={"per_week": {"min": 2, "max": 3}, "minutes": 45})
    timeline = build_timeline(season)
    week = timeline.weeks[0]
    days = [0, 1, 2, 3, 4]
    patterns = week_patterns(days, week, season.rules)  # one rest day between lifts
    expected = [
        chosen
        for count in (2, 3)
        for chosen in itertools.combinations(days, count)
        if all(b - a >= 2 for a, b in itertools.pairwise(chosen))
    ]
    assert patterns == expected == [(0, 2), (0, 3), (0, 4), (1, 3), (1, 4), (2, 4), (0, 2, 4)]


def test_two_lifts_may_share_a_day_when_the_rules_allow_it() -> None:
    # Only Tuesdays are free, in two windows; two lifts a week are required. Days then hold
    # several slots, and the model falls back to one boolean per slot.
    two_windows = {"weekly": {"tue": ["06:00-08:00", "17:00-20:00"]}}
    season = make_season(
        season={"start": "2026-03-02", "weeks": 2},
        availability=two_windows,
        runs={"weekly": {}},
        lifting={"per_week": {"min": 2, "max": 2, "target": 2}, "minutes": 45},
        rules={"max_lifts_per_day": 2, "rest_days_between_lifts": 1},
    )
    built = season_model.build_model(build_timeline(season), season.rules)
    assert built.variables.patterns is None
    plan = solve_checked(season)
    assert plan.status is Status.OPTIMAL
    assert lift_weekdays(plan) == ["tue"] * 4
