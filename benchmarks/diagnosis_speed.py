"""How long `explain` takes on infeasible 16-week seasons: the conflict, then the repairs.

    python -m benchmarks.diagnosis_speed [--seeds 10]
    python -m benchmarks.diagnosis_speed --baseline OLD/src [--athletes 200] [--weeks 16]


Two ways to break generated seasons: a week-long trip in week 5 (no free window, one lift
still asked for), and four lifts a week with a rest day between lift days. The baseline is
the time to solve the same season made feasible, measured in the same run.

With ``--baseline``: the generated athletes (seeds 0..athletes-1, as `batch_scale`'s team)
that have no plan get their diagnosis row (`diagnosis_lines`, as a batch worker asks it) and
`explain`'s conflicts, this code and another checkout's src alternately (a child process
each), in CPU ms per infeasible athlete; the two must give the same lines and conflicts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.instances import generate_season
from liftplan.explain.conflicts import describe_core
from liftplan.explain.repairs import propose_repairs
from liftplan.models import Season, Status
from liftplan.solver.infeasibility import find_core
from liftplan.solver.solve import solve_timeline
from liftplan.timeline import build_timeline

ROOT = Path(__file__).resolve().parent.parent


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


def diagnosis_cost(athletes: int, weeks: int, rounds: int = 3) -> dict[str, Any]:
    """CPU ms per infeasible generated athlete of `diagnosis_lines` (a batch row) and of
    `diagnose` (explain's conflicts), warm, and a digest of what they said."""
    from liftplan.explain.conflicts import diagnose, diagnosis_lines

    infeasible = []
    for seed in range(athletes):  # the solves are not timed: only the diagnosis is
        season = Season.model_validate(generate_season(weeks, seed))
        timeline = build_timeline(season)
        if solve_timeline(timeline, season.rules).status is Status.INFEASIBLE:
            infeasible.append((seed, season, timeline))
    digest = hashlib.sha256()
    spent = {"row": 0.0, "explain": 0.0}
    for _ in range(rounds):
        for seed, season, timeline in infeasible:
            started = time.process_time()
            lines = diagnosis_lines(season, timeline, time_limit=10.0)
            middle = time.process_time()
            conflicts, _, cores = diagnose(timeline, season.rules)
            spent["row"] += middle - started
            spent["explain"] += time.process_time() - middle
            told = [conflict.model_dump(mode="json") for conflict in conflicts]
            digest.update(json.dumps([seed, lines, told, cores.complete]).encode())
    runs = max(1, rounds * len(infeasible))
    return {
        "seeds": [seed for seed, *_ in infeasible],
        "ms": {name: 1000 * cpu / runs for name, cpu in spent.items()},
        "digest": digest.hexdigest(),
    }


def compare(baseline: str, athletes: int, weeks: int, rounds: int) -> None:
    """`diagnosis_cost` of this code and of ``baseline`` (a src folder), alternately."""
    codes = [("baseline", str(Path(baseline).resolve())), ("this", str(ROOT / "src"))]
    digests = set()
    print(f"| code | infeasible of {athletes} ({weeks} weeks) | row CPU ms | explain CPU ms |")
    print("|---|---|---|---|")
    for _ in range(rounds):
        for name, source in codes:
            env = {**os.environ, "PYTHONPATH": os.pathsep.join([source, str(ROOT)])}
            command = [sys.executable, "-m", "benchmarks.diagnosis_speed", "--measure"]
            command += ["--athletes", str(athletes), "--weeks", str(weeks)]
            done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
            found = json.loads(done.stdout.splitlines()[-1])
            digests.add(found["digest"])
            seeds = ", ".join(map(str, found["seeds"]))
            print(
                f"| {name} | {seeds} | {found['ms']['row']:.1f} | {found['ms']['explain']:.1f} |",
                flush=True,
            )
    if len(digests) > 1:
        raise SystemExit("the two codes diagnosed differently")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--baseline", help="another checkout's src: diagnosis rows compared")
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--weeks", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)  # a child
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(diagnosis_cost(args.athletes, args.weeks)))
        return
    if args.baseline:
        compare(args.baseline, args.athletes, args.weeks, args.rounds)
        return
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
