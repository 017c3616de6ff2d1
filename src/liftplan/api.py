"""The public API: load a season, solve it, check a plan."""

from __future__ import annotations

from pathlib import Path

from liftplan.check import CheckReport, check_plan
from liftplan.errors import InputError
from liftplan.io.catalogue import load_catalogue
from liftplan.io.season_file import load_season
from liftplan.models.plan import Plan, SolverSettings, Status
from liftplan.models.season import Season
from liftplan.report import build_plan
from liftplan.solver.diagnose import diagnose
from liftplan.solver.solve import DEFAULT_SEED, DEFAULT_TIME_LIMIT, DEFAULT_WORKERS, solve_timeline
from liftplan.timeline import build_timeline
from liftplan.workouts import WorkoutBuilder

__all__ = ["check", "load_season", "solve"]


def solve(
    season: Season,
    *,
    athlete: str | None = None,
    workers: int = DEFAULT_WORKERS,
    seed: int = DEFAULT_SEED,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> Plan:
    """The best plan the rules allow, or a plan whose status says why there is none."""
    timeline = build_timeline(season)
    solution = solve_timeline(
        timeline, season.rules, workers=workers, seed=seed, time_limit=time_limit
    )
    settings = SolverSettings(workers=workers, seed=seed, time_limit=time_limit)
    builder = workout_builder(season)
    plan = build_plan(
        season, timeline, solution, athlete or season.id or "athlete", settings, builder
    )
    if plan.status is Status.INFEASIBLE:
        plan.diagnosis = diagnose(timeline, season.rules)
    return plan


def workout_builder(season: Season) -> WorkoutBuilder:
    """Workouts from the season's catalogue, limited to the athlete's equipment."""
    catalogue = load_catalogue(season.routines)
    try:
        return WorkoutBuilder(catalogue, season.equipment_set)
    except ValueError as error:
        raise InputError(season.routines or "routines", "equipment", str(error)) from None


def check(season: Season, plan: Plan) -> CheckReport:
    """Re-verify every hard rule of ``plan`` and recompute its score, without the solver."""
    return check_plan(season, plan)


def athlete_id(season: Season, path: str | Path) -> str:
    """The season's own id, else the file name without its suffix."""
    return season.id or Path(path).stem
