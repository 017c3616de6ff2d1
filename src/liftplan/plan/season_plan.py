"""A season's plan in one call: its timeline, the CP-SAT solve, then the plan users read."""

from __future__ import annotations

from collections.abc import Mapping

from liftplan.models.plan import Plan, SolverSettings
from liftplan.models.season import Season
from liftplan.models.settings import (
    DEFAULT_SEED,
    DEFAULT_TIME_LIMIT,
    DEFAULT_WORKERS,
    NoTimeToWeigh,
)
from liftplan.models.status import Status
from liftplan.plan.build import build_plan, phase_spans
from liftplan.plan.workouts import WorkoutBuilder
from liftplan.solver.commitments import Commitments
from liftplan.solver.solve import Solution, solve_timeline
from liftplan.timeline import Timeline, build_timeline


def plan_season(
    season: Season,
    builder: WorkoutBuilder,
    *,
    athlete: str,
    workers: int = DEFAULT_WORKERS,
    seed: int = DEFAULT_SEED,
    time_limit: float = DEFAULT_TIME_LIMIT,
) -> tuple[Plan, Timeline]:
    """The best plan the rules allow (``time_limit`` in seconds), or one whose status says
    there is none; and the timeline it was planned on, where a clash can be diagnosed."""
    timeline = build_timeline(season)
    plan, _ = plan_on_timeline(
        season,
        timeline,
        builder,
        athlete=athlete,
        workers=workers,
        seed=seed,
        time_limit=time_limit,
    )
    return plan, timeline


def plan_on_timeline(
    season: Season,
    timeline: Timeline,
    builder: WorkoutBuilder,
    *,
    athlete: str,
    workers: int = DEFAULT_WORKERS,
    seed: int = DEFAULT_SEED,
    time_limit: float = DEFAULT_TIME_LIMIT,
    commitments: Commitments | None = None,
    lived_cores: Mapping[int, int] | None = None,
) -> tuple[Plan, Solution | None]:
    """``season``'s plan on an already built ``timeline`` (with a re-plan's ``commitments``
    and the core sessions its weeks lived held, ``lived_cores``: see `build_plan`), and the
    solver's solution behind it (a re-plan reads how many lifts it moved).

    When building the model would take more than its share of ``time_limit``, nothing is
    built: the plan's status is UNKNOWN (exit 4), its ``diagnosis`` the one line that says
    what limit would do, and the solution None."""
    settings = SolverSettings(workers=workers, seed=seed, time_limit=time_limit)
    try:
        solution = solve_timeline(
            timeline,
            season.rules,
            workers=workers,
            seed=seed,
            time_limit=time_limit,
            commitments=commitments,
        )
    except NoTimeToWeigh as refusal:
        return refused_plan(season, athlete, settings, refusal), None
    open_from_day = 0 if commitments is None else commitments.open_from_day
    plan = build_plan(
        season, timeline, solution, athlete, settings, builder, lived_cores, open_from_day
    )
    return plan, solution


def refused_plan(
    season: Season, athlete: str, settings: SolverSettings, refusal: NoTimeToWeigh
) -> Plan:
    """The plan of a season too large to weigh within the time limit: nothing was built, its
    status is UNKNOWN (exit 4) and its ``diagnosis`` the line that says what limit would do."""
    return Plan(
        athlete=athlete,
        timezone=season.timezone,
        season_start=season.season.start,
        season_end=season.season.last_day,
        status=Status.UNKNOWN,
        phases=phase_spans(season),
        solver=settings,
        diagnosis=[str(refusal)],
    )


__all__ = ["plan_on_timeline", "plan_season", "refused_plan"]
