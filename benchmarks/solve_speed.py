"""How fast a season is proven optimal: 4, 16 and 52 weeks, beside the model-build time.

    python -m benchmarks.solve_speed [--seeds 10] [--limit 10]

Every figure comes from this run on this machine; ratios compare with the build time
measured in the same run, since these machines are shared and noisy. Besides the shipped
configuration it measures the alternatives it was chosen over (benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from benchmarks.instances import generate_season
from liftplan.models import Season
from liftplan.solver.model import SHIPPED, ModelOptions, build_model
from liftplan.solver.solve import configure
from liftplan.timeline import build_timeline


@dataclass
class Variant:
    name: str
    setup: Callable[[cp_model.CpSolver, float], None]
    options: ModelOptions = SHIPPED


def shipped(workers: int) -> Callable[[cp_model.CpSolver, float], None]:
    return lambda solver, limit: configure(solver, workers=workers, seed=0, time_limit=limit)


def stock(workers: int) -> Callable[[cp_model.CpSolver, float], None]:
    def setup(solver: cp_model.CpSolver, limit: float) -> None:
        solver.parameters.num_workers = workers
        solver.parameters.max_time_in_seconds = limit

    return setup


ALL_SLOTS = ModelOptions(prune=False)

VARIANTS = (
    Variant("shipped, 1 worker", shipped(1)),
    Variant("no blocks (issue 2), 1 worker", shipped(1), ModelOptions(blocks=False)),
    Variant("per-day booleans, 1 worker", shipped(1), ModelOptions(patterns=False)),
    Variant("shipped, 2 workers", shipped(2)),
    Variant("stock CP-SAT, 2 workers", stock(2)),
    Variant("all slots, shipped 1 worker", shipped(1), ALL_SLOTS),
    Variant("all slots, stock 2 workers", stock(2), ALL_SLOTS),
)


def measure(season: Season, variant: Variant, limit: float) -> tuple[float, float, bool]:
    """(build seconds, solve seconds, proven optimal)."""
    started = time.perf_counter()
    model = build_model(build_timeline(season), season.rules, options=variant.options)
    built = time.perf_counter()
    solver = cp_model.CpSolver()
    variant.setup(solver, limit)
    status = solver.solve(model.model)
    return built - started, time.perf_counter() - built, status == cp_model.OPTIMAL


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--limit", type=float, default=10.0, help="seconds per solve")
    parser.add_argument("--weeks", type=int, nargs="+", default=[4, 16, 52])
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; {args.seeds} seeds per size; limit {args.limit:g} s")
    print(
        f"{'weeks':>5}  {'variant':<31} {'build med':>9} {'solve med':>9} {'solve max':>9} "
        f"{'solve/build':>11} {'proven':>7}"
    )
    for weeks in args.weeks:
        seasons = [
            Season.model_validate(generate_season(weeks, seed)) for seed in range(args.seeds)
        ]
        for variant in VARIANTS:
            runs = [measure(season, variant, args.limit) for season in seasons]
            builds = [r[0] for r in runs]
            solves = [r[1] for r in runs]
            proven = sum(r[2] for r in runs)
            ratio = statistics.median(solves) / statistics.median(builds)
            print(
                f"{weeks:>5}  {variant.name:<31} {statistics.median(builds):>8.3f}s "
                f"{statistics.median(solves):>8.3f}s {max(solves):>8.3f}s {ratio:>10.2f}x "
                f"{proven:>4}/{len(runs)}"
            )


if __name__ == "__main__":
    main()
