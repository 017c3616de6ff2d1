"""Large-but-valid seasons and the command line's start-up, as ratios within one run (issue 18).

Each shape runs in a fresh process (slot cache and imports cold, peak memory its own):
two lifts a day, a 5-minute grid with a range of lengths, 104-208 weeks, a long infeasible
season (its first repair); and the start-up (benchmarks/startup.py).
``python -m benchmarks.shapes`` prints the table; `python -m benchmarks` adds it to
docs/benchmarks.md. ``python -m benchmarks.shapes --repairs-against BASE_SRC [RUNS]`` times
only the long infeasible season's `solve` and `explain` against another checkout's src
(``git archive REF src | tar -x -C /tmp/base`` gives /tmp/base/src), interleaved in one run.
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A child's own peak resident memory, in KiB. Linux keeps ru_maxrss across exec, so a child
# of a large benchmark process (`python -m benchmarks` after its 1000-athlete batch) would
# report its parent's peak; /proc/self/status's VmHWM is the child's own.
OWN_PEAK = """
def own_peak_kib():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

SHAPE_SCRIPT = (
    OWN_PEAK
    + """
import sys, time
sys.path[:0] = [{root!r}]
from benchmarks.shapes import shaped
from liftplan.timeline import build_timeline
from liftplan.solver.solve import solve_timeline
season = shaped({weeks}, {seed}, grid={grid}, per_day={per_day})
started = time.perf_counter()
solution = solve_timeline(build_timeline(season), season.rules)
wall = time.perf_counter() - started
print(wall, solution.status.value, own_peak_kib())
"""
)


def shaped(weeks: int, seed: int, *, grid: int = 15, per_day: int = 1) -> object:
    """A generated season with ``grid``-minute starts, 30-60 minute lifts and, with
    ``per_day`` 2, two lifts a day and no rest days between lifts."""
    from benchmarks.instances import generate_season
    from liftplan.models import Season

    data = generate_season(weeks, seed)
    data["lifting"]["granularity_minutes"] = grid
    data["lifting"]["minutes"] = {"min": 30, "max": 60}
    if per_day > 1:
        data["rules"] = {"max_lifts_per_day": per_day, "rest_days_between_lifts": 0}
    return Season.model_validate(data)


def _run(script: str) -> tuple[float, str, float]:
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    return float(out[0]), out[1], int(out[2]) / 1024


def shapes(seeds: int = 3) -> list[list[str]]:
    """Build + solve wall and peak memory per shape, against the one-a-day 15-minute twin."""
    cases = [
        (52, 15, 1, "one a day, 15-min grid (the twin)"),
        (52, 5, 1, "one a day, 5-min grid"),
        (52, 5, 2, "two a day, 5-min grid"),
        (104, 5, 2, "two a day, 5-min grid"),
        (208, 5, 1, "one a day, 5-min grid"),
        (208, 5, 2, "two a day, 5-min grid"),
    ]
    walls: dict[tuple[int, int, int], list[float]] = {}
    rows = []
    for weeks, grid, per_day, label in cases:
        times, peaks, statuses = [], [], []
        for seed in range(seeds):
            script = SHAPE_SCRIPT.format(
                root=str(ROOT), weeks=weeks, seed=seed, grid=grid, per_day=per_day
            )
            wall, status, peak = _run(script)
            times.append(wall)
            peaks.append(peak)
            statuses.append(status)
        walls[(weeks, grid, per_day)] = times
        twin = statistics.median(walls[(52, 15, 1)])
        rows.append(
            [
                f"{weeks}",
                label,
                f"{statistics.median(times):.2f}",
                f"{statistics.median(times) / twin:.1f}x",
                f"{max(peaks):.0f} MB",
                ", ".join(f"{statuses.count(s)} {s}" for s in dict.fromkeys(statuses)),
            ]
        )
    return rows


def _long_season(folder: str, weeks: int) -> Path:
    """examples/infeasible/masters-half.yaml stretched to ``weeks``, written in ``folder``."""
    from ruamel.yaml import YAML

    data = YAML(typ="safe", pure=True).load(ROOT / "examples" / "infeasible" / "masters-half.yaml")
    data["season"]["weeks"] = weeks
    data["season"]["phases"] = [
        {"name": "base", "weeks": weeks // 2 - 4},
        {"name": "build", "weeks": weeks - weeks // 2},
        {"name": "peak", "weeks": 3},
        {"name": "taper", "weeks": 1},
    ]
    data["runs"]["dates"] = {}
    season = Path(folder) / "long.yaml"
    season.write_text(json.dumps(data, default=str))
    return season


def _cli(args: list[str], src: Path | None = None) -> tuple[float, float, int, str]:
    """Wall and CPU seconds (the child's own), exit code and output (stdout then stderr) of
    `python -m liftplan.cli ARGS`, with ``src`` first on the path when given."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(src), env.get("PYTHONPATH", "")])
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "liftplan.cli", *args], capture_output=True, text=True, env=env
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return wall, cpu, done.returncode, done.stdout + done.stderr


def _first_repair(output: str) -> str:
    """The first repair an output shows: `solve`'s ``repair:`` line or `explain`'s 1."""
    for line in output.splitlines():
        text = line.strip()
        if text.startswith("repair:") or text.startswith("1. "):
            return text.removeprefix("repair:").removeprefix("1.").strip().split(": --set")[0]
    return ""


def long_infeasible(weeks: int = 208) -> list[str]:
    """`liftplan solve` of a long infeasible season (examples/infeasible/masters-half.yaml
    stretched to ``weeks``): its wall, start-up included, up to the first verified repair."""
    with tempfile.TemporaryDirectory() as folder:
        season = _long_season(folder, weeks)
        wall, _, code, output = _cli(["solve", str(season), "-o", f"{folder}/p.json"])
    repaired = any(line.strip().startswith("repair:") for line in output.splitlines())
    return [f"{weeks}", f"exit {code}", f"{wall:.1f}", "yes" if repaired else "no"]


REPAIR_HEADER = [
    "command",
    "baseline wall s",
    "baseline CPU s",
    "now wall s",
    "now CPU s",
    "now / baseline (CPU)",
    "now / baseline (wall)",
    "first repair",
]


def repairs_against(baseline: Path, weeks: int = 208, runs: int = 1) -> list[list[str]]:
    """`solve` (one repair) and `explain` (up to eight) of the long infeasible season with
    this checkout's src and with ``baseline`` (another checkout's src, e.g. `git archive`d),
    interleaved in one run: medians of ``runs``, and whether the first repair is the same."""
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        season = str(_long_season(folder, weeks))
        for command in (["solve", season, "-o", f"{folder}/p.json"], ["explain", season]):
            then: list[tuple[float, float, int, str]] = []
            now: list[tuple[float, float, int, str]] = []
            for _ in range(runs):
                then.append(_cli(command, baseline))
                now.append(_cli(command, ROOT / "src"))
            walls = [statistics.median(r[0] for r in side) for side in (then, now)]
            cpus = [statistics.median(r[1] for r in side) for side in (then, now)]
            same = _first_repair(then[0][3]) == _first_repair(now[0][3]) != ""
            rows.append(
                [
                    command[0],
                    f"{walls[0]:.1f}",
                    f"{cpus[0]:.1f}",
                    f"{walls[1]:.1f}",
                    f"{cpus[1]:.1f}",
                    f"{cpus[1] / cpus[0]:.2f}x",
                    f"{walls[1] / walls[0]:.2f}x",
                    "same" if same else f"now: {_first_repair(now[0][3])}",
                ]
            )
    return rows


HEADER = ["weeks", "shape", "build + solve s (med)", "/ twin", "peak memory", "status"]


def main() -> None:
    if sys.argv[1:2] == ["--repairs-against"]:  # only the long infeasible season, vs a baseline
        print("| " + " | ".join(REPAIR_HEADER) + " |")
        for row in repairs_against(Path(sys.argv[2]), runs=int(sys.argv[3]) if sys.argv[3:] else 1):
            print("| " + " | ".join(row) + " |")
        return
    rows = shapes()
    print("| " + " | ".join(HEADER) + " |")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print(long_infeasible())
    from benchmarks.startup import report, start_up

    for line in report(start_up()):
        print(line)


if __name__ == "__main__":
    main()
