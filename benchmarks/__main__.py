"""``python -m benchmarks``: where liftplan stands against the alternatives, in one run.

Prints the tables and writes docs/benchmarks.md with the date and the machine. Every
figure comes from this run: the alternatives are solved on the same instances, and times
are compared as ratios (these machines are shared and noisy).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from ortools.sat.python import cp_model

from benchmarks.greedy import greedy_plan
from benchmarks.highs_mip import solve_with_highs
from benchmarks.instances import generate_season
from benchmarks.shapes import OWN_PEAK
from liftplan.models import Season
from liftplan.models.settings import DEFAULT_WORKERS
from liftplan.solver.model import build_model
from liftplan.solver.solve import configure
from liftplan.timeline import build_timeline

ROOT = Path(__file__).resolve().parent.parent
TIME_LIMIT = 60.0
REPEATS = 3  # each solver solves each instance this many times; the median counts

Answer = tuple[float, bool, float | None]  # seconds, proven optimal, objective


@dataclass
class Row:
    cells: list[str] = field(default_factory=list)


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = ""
    try:
        kib = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    from importlib.metadata import version

    return (
        f"{cpu}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}, "
        f"OR-Tools {version('ortools')}, highspy {version('highspy')}"
    )


def solve_cp_sat(model: cp_model.CpModel) -> Answer:
    """liftplan's shipped solve (1 worker)."""
    solver = cp_model.CpSolver()
    configure(solver, workers=DEFAULT_WORKERS, seed=0, time_limit=TIME_LIMIT)
    started = time.perf_counter()  # timed like HiGHS's run(), from Python
    status = solver.solve(model)
    return time.perf_counter() - started, status == cp_model.OPTIMAL, solver.objective_value


def median_of_runs(solve: Callable[[cp_model.CpModel], Answer], model: cp_model.CpModel) -> Answer:
    """A solve repeated REPEATS times: the median time, and the last run's answer."""
    runs = [solve(model) for _ in range(REPEATS)]
    return median([run[0] for run in runs]), runs[-1][1], runs[-1][2]


def highs_run(model: cp_model.CpModel) -> Answer:
    mip = solve_with_highs(model, TIME_LIMIT)
    return mip.seconds, mip.proven, mip.objective


def alternatives(weeks_list: list[int], seeds: int) -> list[list[str]]:
    """liftplan against HiGHS on the same model, the build alone, and a coach's greedy plan."""
    rows = []
    for weeks in weeks_list:
        builds, ours, highs, ratios, gaps = [], [], [], [], []
        proven = highs_proven = greedy_failed = same_optimum = 0
        for seed in range(seeds):
            season = Season.model_validate(generate_season(weeks, seed))
            started = time.perf_counter()
            model = build_model(build_timeline(season), season.rules)
            builds.append(time.perf_counter() - started)
            seconds, optimal, value = median_of_runs(solve_cp_sat, model.model)
            ours.append(seconds)
            proven += optimal
            mip_seconds, mip_proven, mip_value = median_of_runs(highs_run, model.model)
            highs.append(mip_seconds)
            highs_proven += mip_proven
            same_optimum += mip_proven and optimal and abs((mip_value or 0) - (value or 0)) < 0.5
            ratios.append(mip_seconds / seconds)
            optimum = round(value or 0) // model.scale  # scale * cost + tie-break below scale
            greedy = greedy_plan(season)
            if greedy.objective is None or greedy.violations:
                greedy_failed += 1
            elif optimum:
                gaps.append(100 * (greedy.objective - optimum) / optimum)
            else:
                gaps.append(0.0 if greedy.objective == 0 else float("inf"))
        rows.append(
            [
                f"{weeks}",
                f"{median(builds):.3f}",
                f"{median(ours):.3f} ({max(ours):.3f})",
                f"{proven}/{seeds}",
                f"{median(highs):.3f} ({max(highs):.3f})",
                f"{highs_proven}/{seeds}, same {same_optimum}",
                f"{median(highs) / median(ours):.1f}x / {median(ratios):.1f}x",
                f"{median(ours) / median(builds):.2f}x",
                f"{median(gaps):.1f}% ({max(gaps, default=float('nan')):.1f}%)",
                f"{greedy_failed}/{seeds}",
            ]
        )
    return rows


PEAK_SCRIPT = (
    OWN_PEAK
    + """
import sys, time
sys.path[:0] = [{root!r}]
from benchmarks.instances import generate_season
from liftplan.models import Season
from liftplan.solver.model import build_model
from liftplan.timeline import build_timeline
from ortools.sat.python import cp_model
from liftplan.models.settings import DEFAULT_WORKERS
from liftplan.solver.solve import configure
season = Season.model_validate(generate_season({weeks}, {seed}))
model = build_model(build_timeline(season), season.rules)
solver = cp_model.CpSolver()
configure(solver, workers={workers}, seed=0, time_limit=60)
status = solver.solve(model.model)
print(solver.wall_time, status == cp_model.OPTIMAL, own_peak_kib())
"""
)


def scaling(weeks_list: list[int], seeds: int) -> list[list[str]]:
    """Solve time and peak memory against the season's length, with 1 and 2 workers."""
    rows = []
    for weeks in weeks_list:
        for workers in (1, 2):
            times, peaks, proven = [], [], 0
            for seed in range(seeds):
                script = PEAK_SCRIPT.format(root=str(ROOT), weeks=weeks, seed=seed, workers=workers)
                out = subprocess.run(
                    [sys.executable, "-c", script], capture_output=True, text=True, check=True
                ).stdout.split()
                times.append(float(out[0]))
                proven += out[1] == "True"
                peaks.append(int(out[2]) / 1024)
            rows.append(
                [
                    f"{weeks}",
                    f"{workers}",
                    f"{median(times):.3f}",
                    f"{max(times):.3f}",
                    f"{proven}/{seeds}",
                    f"{max(peaks):.0f} MB",
                ]
            )
    return rows


def athletes(counts: tuple[int, ...]) -> list[list[str]]:
    """Plans per second for teams of 16-week athletes through `liftplan batch`'s own path
    (validate, solve, check, render JSON and CSV, write), on 1 and 2 processes."""
    import tempfile

    from liftplan.io.team_file import Athlete
    from liftplan.team.batch import local_executor, run_batch

    rows = []
    for count in counts:
        team = [
            Athlete(id=f"a{seed}", stem=f"a{seed}", data=generate_season(16, seed), source="bench")
            for seed in range(count)
        ]
        for processes in (1, 2):
            with tempfile.TemporaryDirectory() as folder, local_executor(processes) as pool:
                started = time.perf_counter()
                report = run_batch(team, Path(folder), pool)
                seconds = time.perf_counter() - started
            solved = report.count("OPTIMAL")
            rows.append(
                [
                    f"{count}",
                    f"{processes}",
                    f"{seconds:.1f}",
                    f"{count / seconds:.1f}",
                    f"{solved}/{count}",
                ]
            )
    return rows


def joint(sizes: tuple[int, ...], shares: tuple[float, ...]) -> list[list[str]]:
    """A club sharing one gym: objective against the lower bound, and time, for each team
    size and a gym that holds that share of the team at once."""
    import datetime as dt

    from liftplan.team.joint import Facility, plan_jointly

    start = dt.date(2026, 3, 2)
    rows = []
    for size in sizes:
        seasons = {
            f"a{seed:02d}": Season.model_validate(
                generate_season(16, seed, start=start, timezone="America/New_York")
            )
            for seed in range(size)
        }
        for share in shares:
            capacity = max(1, round(size * share))
            report = plan_jointly(seasons, Facility(capacity=capacity), time_limit=30)
            rows.append(
                [
                    f"{size}",
                    f"{capacity}",
                    f"{report.peak}",
                    f"{report.objective}",
                    f"{report.lower_bound}",
                    f"{100 * report.gap:.2f}%",
                    f"{report.rounds}",
                    f"{report.seconds:.1f}",
                ]
            )
    return rows


def cli_wall(runs: int = 5) -> tuple[float, float]:
    """Wall time of `liftplan solve` on the 16-week example, start-up included; and of
    `python -c pass`, the floor of any Python command, in the same run."""
    example = ROOT / "examples" / "marathon-16-weeks.yaml"
    out = ROOT / "build" / "bench-plan.json"
    out.parent.mkdir(exist_ok=True)
    liftplan = Path(sys.executable).with_name("liftplan")
    walls, floors = [], []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(
            [str(liftplan), "solve", str(example), "-o", str(out)], check=True, capture_output=True
        )
        walls.append(time.perf_counter() - started)
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        floors.append(time.perf_counter() - started)
    return median(walls), median(floors)


def table(header: list[str], rows: list[list[str]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--athletes", type=int, default=1000)
    parser.add_argument("--quick", action="store_true", help="3 seeds, fewer sizes")
    args = parser.parse_args()
    seeds = 3 if args.quick else args.seeds
    started = time.perf_counter()
    sections = []

    header = [
        "weeks",
        "build s (med)",
        "liftplan solve s (med, max)",
        "proven",
        "HiGHS s (med, max)",
        "HiGHS proven",
        "HiGHS/liftplan (of medians / median)",
        "liftplan/build",
        "greedy gap (med, max)",
        "greedy no plan",
    ]
    rows = alternatives([4, 16, 52], seeds)
    sections.append(("Against the alternatives, on the same generated seasons", header, rows))
    print(table(header, rows), flush=True)

    header = ["weeks", "workers", "solve s (med)", "solve s (max)", "proven", "peak memory"]
    rows = scaling([4, 16, 52, 104], 3)
    sections.append(("Scaling with the season's length (a fresh process per solve)", header, rows))
    print(table(header, rows), flush=True)

    header = ["athletes", "processes", "seconds", "plans/s", "solved"]
    rows = athletes(
        (args.athletes // 10, args.athletes) if not args.quick else (args.athletes // 10,)
    )
    sections.append(("Teams of 16-week athletes, through the batch path", header, rows))
    print(table(header, rows), flush=True)

    header = [
        "athletes",
        "capacity",
        "peak",
        "objective",
        "lower bound",
        "gap",
        "rounds",
        "seconds",
    ]
    rows = joint((10, 20) if args.quick else (10, 20, 40), (0.3, 0.15, 0.075))
    sections.append(("Joint plans: a club of 16-week athletes sharing one gym", header, rows))
    print(table(header, rows), flush=True)

    from benchmarks import joint_scale

    rows = joint_scale.rows([100] if args.quick else [100, 200], [3, 15])
    sections.append(
        (
            "Joint mode at scale (issue 18): `liftplan batch --joint --time-limit 60`, wall as "
            "a ratio to one CLI solve of the same run",
            joint_scale.HEADER,
            rows,
        )
    )
    print(table(joint_scale.HEADER, rows), flush=True)

    from benchmarks.shapes import HEADER, long_infeasible, shapes

    rows = shapes(3 if args.quick else 5)
    sections.append(
        (
            "Large-but-valid shapes (issue 18): build + solve in a fresh process, as a ratio "
            "to the one-a-day 15-minute twin of the same run",
            HEADER,
            rows,
        )
    )
    print(table(HEADER, rows), flush=True)
    header = ["weeks", "exit", "wall s (start-up to first verified repair)", "repair shown"]
    rows = [long_infeasible(208)]
    sections.append(("A long infeasible season: `liftplan solve` up to its repair", header, rows))
    print(table(header, rows), flush=True)
    from benchmarks.startup import report, start_up

    startup = "Start-up (medians of 11 interleaved runs; ratios to importing cp_model):\n\n" + (
        "\n".join(f"- {line}" for line in report(start_up()))
    )
    print(startup)

    from benchmarks.batch_scale import HEADER as BATCH_HEADER
    from benchmarks.batch_scale import rows as batch_rows

    rows = batch_rows(200, [2, 2, 2, 1], 5)
    sections.append(
        (
            "A team through the command line (issue 18): `liftplan batch TEAM.yaml --jobs N`, "
            "200 16-week athletes, against one `liftplan solve` of the 16-week example in the "
            "same run (goal: at most 4x on 2 processes)",
            BATCH_HEADER,
            rows,
        )
    )
    print(table(BATCH_HEADER, rows), flush=True)

    wall, floor = cli_wall()
    cli = (
        f"`liftplan solve examples/marathon-16-weeks.yaml -o plan.json`: {wall:.2f} s wall, "
        f"start-up included; `python -c pass` in the same run: {floor:.2f} s."
    )
    print(cli)

    doc = [
        "# Benchmarks",
        "",
        f"Regenerated by `python -m benchmarks` on {dt.date.today()} "
        f"in {time.perf_counter() - started:.0f} s.",
        "",
        f"Machine: {machine()}.",
        "",
        "Seasons from `benchmarks/instances.py` (seeded): 1-3 free windows a day, 5-7 runs a",
        "week of which 2-3 are hard, trips, phases with a light taper and a race on the last day.",
        "liftplan runs with its shipped defaults (1 CP-SAT worker). HiGHS solves the very same",
        "model (copied constraint by constraint, `benchmarks/highs_mip.py`) to a proven optimum;",
        "the greedy baseline plans like a careful coach by hand (`benchmarks/greedy.py`) and is",
        "scored by the independent checker. Times are solve times; ratios come from this run.",
    ]
    for title, header, rows in sections:
        doc += ["", f"## {title}", "", table(header, rows)]
    doc += ["", "## The command line", "", cli, "", startup, ""]
    (ROOT / "docs").mkdir(exist_ok=True)
    (ROOT / "docs" / "benchmarks.md").write_text("\n".join(doc))
    print(f"wrote docs/benchmarks.md in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
