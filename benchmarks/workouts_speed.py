"""How long the workouts take beside the solve: a 52-week season, same run, as a ratio.

    python -m benchmarks.workouts_speed [--seeds 5] [--weeks 52]

For each generated season (benchmarks/instances.py) it times the timeline, the CP-SAT solve
(shipped settings) and the plan built from the solution, and inside that build the time
spent writing workouts (every lift and core session through the WorkoutBuilder). Figures
are medians of this run on this machine; the ratio workouts/solve is what to compare.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

from benchmarks.instances import generate_season
from liftplan.io.catalogue import built_in_catalogue
from liftplan.models import Season
from liftplan.models.plan import SolverSettings
from liftplan.models.routines import Workout
from liftplan.models.settings import DEFAULT_SEED, DEFAULT_TIME_LIMIT, DEFAULT_WORKERS
from liftplan.plan.build import build_plan
from liftplan.plan.workouts import LiftContext, SeasonLog, WorkoutBuilder, builder_for
from liftplan.solver.solve import solve_timeline
from liftplan.timeline import build_timeline


class TimedBuilder(WorkoutBuilder):
    """A WorkoutBuilder that adds up the seconds spent in ``lift`` and ``core``."""

    seconds = 0.0

    def lift(self, ctx: LiftContext, log: SeasonLog | None = None) -> Workout:
        started = time.perf_counter()
        workout = super().lift(ctx, log)
        self.seconds += time.perf_counter() - started
        return workout

    def core(self, routine: int, minutes: int) -> Workout:
        started = time.perf_counter()
        workout = super().core(routine, minutes)
        self.seconds += time.perf_counter() - started
        return workout


def measure(season: Season) -> tuple[float, float, float, int]:
    """(solve s, plan build s, workouts s, workouts written) for one season."""
    plain = builder_for(season, built_in_catalogue())
    builder = TimedBuilder(plain.catalogue, season.equipment_set, season.athlete)
    timeline = build_timeline(season)
    started = time.perf_counter()
    solution = solve_timeline(
        timeline,
        season.rules,
        workers=DEFAULT_WORKERS,
        seed=DEFAULT_SEED,
        time_limit=DEFAULT_TIME_LIMIT,
    )
    solved = time.perf_counter()
    settings = SolverSettings(
        workers=DEFAULT_WORKERS, seed=DEFAULT_SEED, time_limit=DEFAULT_TIME_LIMIT
    )
    plan = build_plan(season, timeline, solution, "bench", settings, builder)
    built = time.perf_counter()
    written = sum(1 for s in plan.sessions if s.workout is not None)
    return solved - started, built - solved, builder.seconds, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--weeks", type=int, default=52)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; {args.seeds} seeds; {args.weeks} weeks")
    rows = [
        measure(Season.model_validate(generate_season(args.weeks, seed)))
        for seed in range(args.seeds)
    ]
    solve, build, workouts, written = (
        statistics.median(column) for column in zip(*rows, strict=True)
    )
    ratio = statistics.median(row[2] / row[0] for row in rows)
    print(f"{'solve med':>9} {'plan build med':>14} {'workouts med':>12} {'workouts':>8}")
    print(f"{solve:8.3f}s {build:13.3f}s {workouts:11.3f}s {written:8.0f}")
    print(f"workouts / solve: {ratio:.2f}x (median of each season's ratio)")


if __name__ == "__main__":
    main()
