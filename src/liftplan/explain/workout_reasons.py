"""Why each lift holds what it holds: its warm-up, and per main lift why this exercise and why
this load (the block, its week, the step from the week before, the chart behind the load)."""

from __future__ import annotations

import datetime as dt

from liftplan.models.plan import SolverSettings
from liftplan.models.routines import Workout
from liftplan.models.season import Season
from liftplan.plan.build import build_plan
from liftplan.plan.workouts import WorkoutBuilder
from liftplan.solver.solve import Solution
from liftplan.timeline import Timeline


def workout_lines(workout: Workout) -> list[str]:
    """``warm-up 12 min: easy jog, ...``, then one line per main lift (``Workout.why``)."""
    lines = []
    if workout.warm_up is not None:
        lines.append(f"warm-up {workout.warm_up.minutes} min: {', '.join(workout.warm_up.drills)}")
    lines += workout.why
    if workout.cool_down is not None:
        lines.append(f"cool-down {workout.cool_down.minutes} min: easy mobility fills the booking")
    return lines


def workout_reasons(
    season: Season, timeline: Timeline, solution: Solution, builder: WorkoutBuilder
) -> dict[dt.datetime, list[str]]:
    """Each lift's workout lines, by the lift's local start (as ``LiftExplanation.start``)."""
    settings = SolverSettings(workers=0, seed=0, time_limit=0)  # not reported: only workouts
    plan = build_plan(season, timeline, solution, "explain", settings, builder)
    return {
        lift.start: workout_lines(lift.workout) for lift in plan.lifts if lift.workout is not None
    }


__all__ = ["workout_lines", "workout_reasons"]
