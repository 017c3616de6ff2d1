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
from liftplan.solver.patterns import (
    MOST_PATTERNS,
    MOST_WEEK_PATTERNS,
    REMEMBERED_PATTERNS,
    few_patterns,
    multisets,
    week_patterns,
)
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
    # several slots, and each week's one pattern lifts twice on its Tuesday.
    two_windows = {"weekly": {"tue": ["06:00-08:00", "17:00-20:00"]}}
    season = make_season(
        season={"start": "2026-03-02", "weeks": 2},
        availability=two_windows,
        runs={"weekly": {}},
        lifting={"per_week": {"min": 2, "max": 2, "target": 2}, "minutes": 45},
        rules={"max_lifts_per_day": 2, "rest_days_between_lifts": 1},
    )
    built = season_model.build_model(build_timeline(season), season.rules)
    assert built.variables.patterns is not None
    assert [[p.days for p in of_week] for of_week in built.variables.patterns.values()] == [
        [(1, 1)],
        [(8, 8)],
    ]
    plan = solve_checked(season)
    assert plan.status is Status.OPTIMAL
    assert lift_weekdays(plan) == ["tue"] * 4


@pytest.mark.parametrize(
    ("seed", "per_day", "rest_days", "grid"),
    [(0, 2, 0, 5), (1, 2, 0, 15), (2, 2, 1, 5), (3, 3, 0, 5), (4, 2, 0, 5), (5, 3, 1, 15)],
)
def test_with_several_lifts_a_day_weekly_patterns_reach_the_per_slot_optimum(
    seed: int, per_day: int, rest_days: int, grid: int
) -> None:
    # Each pattern lifts on a day as often as it names it, in the day's best set of that many
    # lifts; one boolean per slot may combine any of the day's candidates: the same optimum.
    data = generate_season(10, seed)
    data["lifting"]["granularity_minutes"] = grid
    data["lifting"]["minutes"] = {"min": 30, "max": 60}
    data["lifting"]["per_week"] = {"min": 1, "max": 4, "target": 3}
    data["rules"] = {"max_lifts_per_day": per_day, "rest_days_between_lifts": rest_days}
    season = Season.model_validate(data)
    with_patterns = optimum(season, patterns=True)
    assert with_patterns is not None
    assert with_patterns == optimum(season, patterns=False)
    plan = solve_checked(season)
    days = [lift.date for lift in plan.lifts]
    assert max(days.count(day) for day in days) > 1  # some day does hold several lifts


def test_a_pattern_names_a_day_once_per_lift_up_to_its_best_sets() -> None:
    season = make_season(lifting={"per_week": {"min": 2, "max": 3}, "minutes": 45})
    week = build_timeline(season).weeks[0]
    rules = season.rules.model_copy(update={"max_lifts_per_day": 2, "rest_days_between_lifts": 1})
    # day 0 holds up to two lifts, day 2 one, day 3 two: rest days part days, never a day
    patterns = week_patterns([0, 2, 3], week, rules, lifts=[2, 1, 2])
    assert patterns == [(0, 0), (0, 2), (0, 3), (3, 3), (0, 0, 2), (0, 0, 3), (0, 3, 3)]


@pytest.mark.parametrize("lifts", [[2] * 7, [3] * 7, [1] * 7, [2, 1, 3, 0, 2], []])
@pytest.mark.parametrize(("low", "high"), [(0, 4), (2, 3), (4, 12), (1, 7), (0, 0)])
def test_a_weeks_patterns_are_counted_before_they_are_made(
    lifts: list[int], low: int, high: int
) -> None:
    days = range(len(lifts))
    made = [
        chosen
        for size in range(low, high + 1)
        for chosen in itertools.combinations_with_replacement(days, size)
        if all(chosen.count(day) <= lifts[day] for day in days)
    ]
    assert multisets(lifts, low, high) == len(made)


def test_a_season_of_too_many_patterns_in_all_is_refused_them() -> None:
    # two lifts a day, 1..7 a week: 1,289 patterns a week, few in one week, too many in 32
    week = build_timeline(make_season(lifting={"per_week": {"min": 1, "max": 7}})).weeks[0]
    assert multisets([2] * 7, 1, 7) == 1289 < MOST_WEEK_PATTERNS
    weeks = MOST_PATTERNS // 1289
    assert few_patterns([[2] * 7] * weeks, [week] * weeks)
    assert not few_patterns([[2] * 7] * (weeks + 1), [week] * (weeks + 1))


def test_a_week_of_too_many_patterns_has_a_boolean_per_slot() -> None:
    # three lifts a day and up to 21 a week: 16,384 patterns in its one week
    day = ["06:00-22:00"]
    week = dict.fromkeys(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], day)
    season = make_season(
        season={"start": "2026-03-02", "weeks": 1, "phases": []},
        availability={"weekly": week},
        runs={"weekly": {}},
        lifting={"per_week": {"min": 0, "max": 21, "target": 21}, "minutes": 30},
        rules={"max_lifts_per_day": 3, "rest_days_between_lifts": 0},
    )
    assert MOST_PATTERNS > multisets([3] * 7, 0, 21) > MOST_WEEK_PATTERNS
    built = season_model.build_model(build_timeline(season), season.rules)
    assert built.variables.patterns is None
    plan = solve_checked(season)
    assert plan.status is Status.OPTIMAL and len(plan.lifts) == 21


def test_a_process_remembers_no_large_week_of_patterns() -> None:
    # two lifts a day and up to 4 a week: hundreds of patterns a week, made anew each time
    from liftplan.solver import objectives, variables

    day = ["06:00-22:00"]
    season = make_season(
        season={"start": "2026-03-02", "weeks": 3, "phases": []},
        availability={"weekly": dict.fromkeys(["mon", "tue", "wed", "thu", "fri", "sat"], day)},
        runs={"weekly": {}},
        lifting={"per_week": {"min": 1, "max": 4, "target": 3}, "minutes": 30},
        rules={"max_lifts_per_day": 2, "rest_days_between_lifts": 0},
    )
    assert multisets([2] * 6, 1, 4) > REMEMBERED_PATTERNS  # six open days of two lifts
    built = season_model.build_model(build_timeline(season), season.rules)
    assert built.variables.patterns is not None
    assert max(len(of_week) for of_week in built.variables.patterns.values()) > REMEMBERED_PATTERNS
    assert all(len(shapes) <= REMEMBERED_PATTERNS for shapes in variables._SHAPES.values())
    assert all(len(named) <= REMEMBERED_PATTERNS for named in variables._NAMED.values())
    assert all(
        max(len(before), len(now)) <= REMEMBERED_PATTERNS for before, now in objectives._HABIT_ROWS
    )
