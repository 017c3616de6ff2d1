"""A year with three races and no phases, on this code and on the code before issue 13.

    python -m benchmarks.race_season [--base /work/wt/base-13] [--repeats 5]

52 weeks from Mon 2026-01-05: a 10k B race (week 14), a half marathon B (week 30) and a
marathon A (week 48), the guide's running week, evenings and weekends free, 2-3 lifts a
week, no phases. Before issue 13 every lift outside a taper phase was heavy and heavy
lifting was banned 10 days before any race, so the race weeks had no legal day: the season
was INFEASIBLE and the figure is the time to prove it. Now the lifts around a race are light
and the race weeks need one lift: the season is proven OPTIMAL.

Both runs are in this process's run: the old code in a subprocess with ``--base``'s src on
PYTHONPATH, the same season, seed and workers; times are medians of ``--repeats`` solves
(solver wall time) and compared as a ratio, since these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

# This code's proven optima: a change here is a change of plan. Without `season.phases` the
# phases are now derived from the marathon A (base, build, peak, taper, recovery); `phases: []`
# keeps the season phaseless, as the code before issue 13 read it. The weeks after the B races
# (15 and 31), which their days of no lift reach into, require one lift (and keep their wish),
# and the closed week 49 wishes no lift: 2465 and 155 before.
EXPECTED_OBJECTIVE = {"derived": 2315, "phaseless": 5}

EVENINGS = ["17:30-21:00"]


def season_data(phaseless: bool = False) -> dict[str, Any]:
    """The season as a season file's data; ``phaseless`` writes `phases: []`."""
    weekly_runs = {
        "mon": {"kind": "easy", "start": "06:30", "minutes": 40},
        "tue": {"kind": "intervals", "start": "06:30", "minutes": 60},
        "wed": {"kind": "easy", "start": "06:30", "minutes": 40},
        "thu": {"kind": "tempo", "start": "06:30", "minutes": 50},
        "fri": {"kind": "easy", "start": "06:30", "minutes": 40},
        "sat": {"kind": "rest"},
        "sun": {"kind": "long", "start": "08:00", "minutes": 120},
    }
    races = {
        "2026-04-11": {"kind": "race", "start": "09:00", "minutes": 50, "distance": "10k"},
        "2026-08-02": {"kind": "race", "start": "08:00", "minutes": 100, "distance": "half"},
        "2026-12-06": {"kind": "race", "start": "08:00", "minutes": 220, "distance": "marathon"},
    }
    priorities = {"2026-04-11": "B", "2026-08-02": "B", "2026-12-06": "A"}
    for date, race in races.items():
        race["priority"] = priorities[date]
    return {
        "id": "race-year",
        "timezone": "Europe/London",
        "season": {"start": "2026-01-05", "weeks": 52, **({"phases": []} if phaseless else {})},
        "availability": {
            "weekly": {
                **{day: EVENINGS for day in ("mon", "tue", "wed", "thu", "fri")},
                "sat": ["09:00-17:00"],
                "sun": ["12:00-17:00"],
            }
        },
        "runs": {"weekly": weekly_runs, "dates": races},
        "lifting": {"per_week": {"min": 2, "max": 3, "target": 2}, "minutes": 45},
    }


def solve_here(repeats: int, phaseless: bool = False) -> dict[str, Any]:
    """Status, objective and median solver time of the season on the code on sys.path."""
    from ortools.sat.python import cp_model

    from liftplan.models import Season
    from liftplan.solver.model import build_model
    from liftplan.solver.solve import configure
    from liftplan.timeline import build_timeline

    season = Season.model_validate(season_data(phaseless))
    times, status, objective = [], "", None
    for _ in range(repeats):
        built = build_model(build_timeline(season), season.rules)
        solver = cp_model.CpSolver()
        configure(solver, workers=1, seed=0, time_limit=60)
        code = solver.solve(built.model)
        status = solver.status_name(code)
        times.append(solver.wall_time)
        if code == cp_model.OPTIMAL:
            objective = int(solver.objective_value) // built.scale
    return {"status": status, "objective": objective, "seconds": statistics.median(times)}


def solve_there(base: Path, repeats: int) -> dict[str, Any]:
    """The same, in a subprocess on the code in ``base``/src."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(base / "src"), str(Path.cwd())])}
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.race_season", "--json", "--repeats", str(repeats)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
    )
    result: dict[str, Any] = json.loads(done.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, default=Path("/work/wt/base-13"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="solve here, print JSON (internal)")
    args = parser.parse_args()
    if args.json:
        print(json.dumps(solve_here(args.repeats)))
        return
    now = {kind: solve_here(args.repeats, kind == "phaseless") for kind in EXPECTED_OBJECTIVE}
    before = solve_there(args.base, args.repeats)
    for kind, row in now.items():
        assert row["status"] == "OPTIMAL" and row["objective"] == EXPECTED_OBJECTIVE[kind], row
    print("52 weeks, races 10k B (wk 14), half B (wk 30), marathon A (wk 48), no phases written")
    print(f"{'code':<34}{'status':<12}{'objective':>10}{'median s':>10}")
    rows = (
        ("before (6df7601)", before),
        ("issue 13, phases derived", now["derived"]),
        ("issue 13, phases: []", now["phaseless"]),
    )
    for name, row in rows:
        objective = "-" if row["objective"] is None else str(row["objective"])
        print(f"{name:<34}{row['status']:<12}{objective:>10}{row['seconds']:>10.4f}")
    for kind, row in now.items():
        ratio = row["seconds"] / before["seconds"] if before["seconds"] else float("inf")
        print(f"time ratio {kind} / before: {ratio:.1f}")


if __name__ == "__main__":
    main()
