"""How long `explain` takes on infeasible 16-week seasons: the conflict, then the repairs.

    python -m benchmarks.diagnosis_speed [--seeds 10]

Two ways to break generated seasons: a week-long trip in week 5 (no free window, one lift
still asked for), and four lifts a week with a rest day between lift days. The baseline is
the time to solve the same season made feasible, measured in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import time
from typing import Any

from benchmarks.instances import generate_season
from liftplan.explain.conflicts import describe_core
from liftplan.explain.repairs import propose_repairs
from liftplan.models import Season, Status
from liftplan.solver.infeasibility import find_core
from liftplan.solver.solve import solve_timeline
from liftplan.timeline import build_timeline


def trip(data: dict[str, Any]) -> dict[str, Any]:
    start = dt.date.fromisoformat(data["season"]["start"]) + dt.timedelta(weeks=4)
    for offset in range(7):
        data["availability"]["dates"][(start + dt.timedelta(days=offset)).isoformat()] = []
    data["week_overrides"] = {5: {"lifting": {"per_week": {"min": 1}}}}
    return data


def four_a_week(data: dict[str, Any]) -> dict[str, Any]:
    data["lifting"]["per_week"] = {"min": 4, "max": 4}
    return data


def measure(data: dict[str, Any]) -> tuple[float, float, float, int, bool]:
    season = Season.model_validate(data)
    timeline = build_timeline(season)
    started = time.perf_counter()
    status = solve_timeline(timeline, season.rules).status
    solved = time.perf_counter()
    core, diagnosis = find_core(timeline, season.rules)
    describe_core(core, diagnosis, timeline, season.rules)
    diagnosed = time.perf_counter()
    repairs = propose_repairs(season, timeline, core, diagnosis, limit=8)
    repaired = time.perf_counter()
    return (
        solved - started,
        diagnosed - solved,
        repaired - diagnosed,
        len(repairs),
        status is Status.INFEASIBLE and bool(core),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores; 16 weeks; {args.seeds} seeds per case")
    print(
        f"{'case':<12} {'solve med':>9} {'conflict med':>12} {'conflict max':>12} "
        f"{'repairs med':>11} {'repairs max':>11} {'diagnosed':>9}"
    )
    for name, breaker in (("trip", trip), ("4 a week", four_a_week)):
        runs = [measure(breaker(generate_season(16, seed))) for seed in range(args.seeds)]
        solve, conflict, repair = ([r[i] for r in runs] for i in range(3))
        diagnosed = sum(r[4] and r[3] > 0 for r in runs)
        print(
            f"{name:<12} {statistics.median(solve):>8.3f}s {statistics.median(conflict):>11.3f}s "
            f"{max(conflict):>11.3f}s {statistics.median(repair):>10.3f}s {max(repair):>10.3f}s "
            f"{diagnosed:>6}/{len(runs)}"
        )


if __name__ == "__main__":
    main()
