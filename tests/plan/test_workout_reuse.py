"""Workouts written once per process (`WorkoutBuilder.lift`): a plan built while the cache is
warm from other athletes is the plan built from nothing, and editing one plan's workouts
changes no other plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from liftplan import api
from liftplan.check import check_plan
from liftplan.io.catalogue import load_catalogue
from liftplan.io.render.writers import render_csv, render_json
from liftplan.models.plan import Plan, SolverSettings
from liftplan.models.routines import Pattern
from liftplan.models.season import Season
from liftplan.plan import workouts
from liftplan.plan.build import build_plan
from liftplan.solver.solve import Solution, solve_timeline
from liftplan.timeline import Timeline, build_timeline

ROOT = Path(__file__).parents[2]
SEASONS = [
    ROOT / "examples/marathon-16-weeks.yaml",
    ROOT / "examples/sample-week.yaml",
    *sorted((ROOT / "tests/seasons/races").glob("*.yaml")),
]

Solved = tuple[Season, Timeline, Solution]


@pytest.fixture(scope="module")
def solved() -> list[Solved]:
    found = []
    for path in SEASONS:
        season = api.load_season(path)
        timeline = build_timeline(season)
        solution = solve_timeline(timeline, season.rules, workers=1)
        if solution.status.solved:
            found.append((season, timeline, solution))
    assert len(found) > 3
    return found


def plan_of(season: Season, timeline: Timeline, solution: Solution) -> Plan:
    settings = SolverSettings(workers=1, seed=0, time_limit=10)
    builder = api.workout_builder(season)
    return build_plan(season, timeline, solution, season.id or "a", settings, builder)


def written(plan: Plan) -> tuple[str, str]:
    return render_json(plan), render_csv(plan)


def test_a_warm_cache_writes_the_plan_a_cold_one_writes(solved: list[Solved]) -> None:
    cold = []
    for season, timeline, solution in solved:
        workouts._WORKOUTS.clear()
        workouts._WRITTEN.clear()
        workouts._BUILDERS.clear()
        plan = plan_of(season, timeline, solution)
        assert check_plan(season, plan).ok
        cold.append(written(plan))
    workouts._WORKOUTS.clear()
    workouts._BUILDERS.clear()
    for season, timeline, solution in [*solved, *solved]:  # warm from every other athlete
        plan_of(season, timeline, solution)
    warm = [written(plan_of(*each)) for each in solved]
    assert warm == cold
    assert any(len(entry) > 1 for _, entry in workouts._WORKOUTS.values())  # it was used


def test_a_shared_builder_writes_the_plan_a_builder_of_its_own_writes(
    solved: list[Solved],
) -> None:
    """Seasons of one catalogue, kit, level, maxes and units share a builder (`builder_for`);
    each plan is the one a builder made for that season alone writes, in any order."""
    settings = SolverSettings(workers=1, seed=0, time_limit=10)
    for season, timeline, solution in [*solved, *reversed(solved)]:
        shared = api.workout_builder(season)
        assert shared is api.workout_builder(season)
        catalogue = load_catalogue(season.routines)
        own = workouts.WorkoutBuilder(catalogue, season.equipment_set, season.athlete)
        plans = [
            build_plan(season, timeline, solution, "a", settings, builder)
            for builder in (shared, own)
        ]
        assert written(plans[0]) == written(plans[1])
    other_kit = solved[0][0].model_copy(update={"equipment": ["gym"]})
    assert api.workout_builder(other_kit) is not api.workout_builder(solved[0][0])


def test_editing_a_plans_workouts_changes_no_other_plan(solved: list[Solved]) -> None:
    season, timeline, solution = solved[0]
    first = plan_of(season, timeline, solution)
    before = written(first)
    for lift in first.lifts:
        assert lift.workout is not None and lift.workout.warm_up is not None
        lift.workout.exercises[0] = lift.workout.exercises[-1]
        lift.workout.exercises = [e for e in lift.workout.exercises if e.pattern != Pattern.HINGE]
        lift.workout.why.append("edited")
        lift.workout.warm_up.drills.append("edited")
        lift.workout.focus = "edited"
    assert written(plan_of(season, timeline, solution)) == before
    # An edited plan's JSON is its own.
    assert render_json(first) == first.model_dump_json(indent=2) + "\n"
