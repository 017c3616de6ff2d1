"""A team through the CLI: `liftplan batch TEAM.yaml -o DIR --jobs N` for 200 16-week athletes
(each with their own availability, runs and trips), as a ratio to one CLI solve of the
16-week example measured in the same run (issue 18: at most 4x on 2 processes).

    python -m benchmarks.batch_scale [--athletes 200] [--jobs 2 1] [--solves 5]
                                     [--json] [--baseline OLD/src [--differs team.html]]

The CPU seconds (user + system of every process) are steadier than walls on a shared
machine: the batch's CPU ratio divided by --jobs is the wall ratio it would reach on idle
cores (a floor: the parent's own serial work comes on top). Every wall includes start-up
(a fresh `python -m liftplan.cli` each time). The team file is YAML in block style, as a
coach would write it (`--json`: the same team as JSON, which skips the pure-Python YAML
parser). `--baseline` also runs the batch with another checkout's `src` first on the path
(e.g. `git archive main src | tar -x -C /tmp/old`), interleaved, so a before/after
comparison comes from one run, and checks that both wrote the same bytes (but for the
files named by `--differs`). A --jobs given more than once runs that batch again (the
table shows the medians). "fastest" divides the fastest batch by the fastest solve: each
run's least-disturbed figure, as `timeit` takes the minimum, for a machine others share
(other processes take a core from the batch, which needs both, more than from one solve,
which needs one).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.instances import generate_season

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "marathon-16-weeks.yaml"


def team_yaml(folder: Path, athletes: int, weeks: int = 16, as_json: bool = False) -> Path:
    """``athletes`` generated seasons (seeds 0..athletes-1) in one team file."""
    from ruamel.yaml import YAML

    team = [{**generate_season(weeks, seed), "id": f"a{seed:03d}"} for seed in range(athletes)]
    if as_json:
        path = folder / f"team-{athletes}.json"
        path.write_text(json.dumps({"athletes": team}))
        return path
    path = folder / f"team-{athletes}.yaml"
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    with path.open("w") as stream:
        yaml.dump({"athletes": team}, stream)
    return path


CPU: list[float] = []  # the CPU seconds (user + system, all processes) of each `cli` call


def cli(*args: str, source: str | None = None) -> float:
    """Wall seconds of one `liftplan` run, start-up included; it must end 0 (or 3: a batch
    with an infeasible athlete among its generated ones, which is an answer)."""
    env = {**os.environ, "PYTHONPATH": source} if source else None
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    command = [sys.executable, "-m", "liftplan.cli", *args]
    done = subprocess.run(command, capture_output=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    if done.returncode not in (0, 3):
        raise SystemExit(f"liftplan {' '.join(args)}: exit {done.returncode}\n{done.stderr!r}")
    return time.perf_counter() - started


def batch(
    team: Path, out: Path, processes: int, source: str | None = None
) -> tuple[float, float, str]:
    """The wall and CPU seconds of one batch, and its planned/checked count as
    "ok/planned"."""
    arguments = ("batch", str(team), "-o", str(out), "--jobs", str(processes), "--quiet")
    wall = cli(*arguments, source=source)
    with (out / "summary.csv").open() as stream:
        rows = list(csv.DictReader(stream))
    planned = sum(row["status"] in ("OPTIMAL", "FEASIBLE") for row in rows)
    return wall, CPU[-1], f"{sum(row['checked'] == 'ok' for row in rows)}/{planned}"


# (code, jobs) -> wall, CPU seconds, "ok/planned" of each run (a --jobs given twice: two)
Walls = dict[tuple[str, int], list[tuple[float, float, str]]]


def measure(
    athletes: int,
    jobs: list[int],
    solves: int,
    as_json: bool = False,
    baseline: str = "",
    skip: tuple[str, ...] = ("timings.csv",),
) -> tuple[list[float], float, Walls]:
    """The wall seconds of each CLI solve and their median CPU seconds, and for each
    ``jobs`` the batch's wall, CPU seconds and how many of its plans the checker passed (with
    ``baseline``, the other code's batch too, whose files must be the same bytes); solves
    and batches interleaved."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        team = team_yaml(folder, athletes, as_json=as_json)
        one: list[float] = []
        one_cpu: list[float] = []
        walls: Walls = {}
        cli("solve", str(EXAMPLE), "-o", str(folder / "warm.json"))  # page cache warm
        for round_ in range(max(solves, len(jobs))):  # interleaved: both meet the same load
            if round_ < solves:
                one.append(cli("solve", str(EXAMPLE), "-o", str(folder / "plan.json")))
                one_cpu.append(CPU[-1])
            if round_ < len(jobs):
                processes = jobs[round_]
                if baseline:
                    old = folder / f"old-{processes}"
                    ran = batch(team, old, processes, baseline)
                    walls.setdefault(("baseline", processes), []).append(ran)
                new = folder / f"out-{processes}"
                walls.setdefault(("this", processes), []).append(batch(team, new, processes))
                if baseline:
                    same_bytes(old, new, skip)
                for made in folder.glob("*-*/"):  # the next round starts from an empty folder
                    shutil.rmtree(made)
        return one, statistics.median(one_cpu), walls


def same_bytes(old: Path, new: Path, skip: tuple[str, ...]) -> None:
    """Every file of the two batches but those in ``skip`` (timings.csv: its seconds) is the
    same bytes."""
    names = sorted(p.name for p in new.iterdir() if p.name not in skip)
    if names != sorted(p.name for p in old.iterdir() if p.name not in skip):
        raise SystemExit(f"{old} and {new} hold different files")
    for name in names:
        if (old / name).read_bytes() != (new / name).read_bytes():
            raise SystemExit(f"{name} differs between the baseline and this code")


def rows(
    athletes: int,
    jobs: list[int],
    solves: int,
    as_json: bool = False,
    baseline: str = "",
    skip: tuple[str, ...] = ("timings.csv",),
) -> list[list[str]]:
    solve_walls, one_cpu, walls = measure(athletes, jobs, solves, as_json, baseline, skip)
    one, fastest_one = statistics.median(solve_walls), min(solve_walls)
    table = [
        [
            "this",
            "1 (`liftplan solve`, median)",
            "",
            f"{one:.2f}",
            "1.00x",
            f"{fastest_one:.2f}",
            f"{one_cpu:.2f}",
            "",
        ]
    ]
    for (code, processes), runs in walls.items():
        wall = statistics.median(run[0] for run in runs)
        fastest = min(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        checked = runs[-1][2]
        table.append(
            [
                code if len(runs) == 1 else f"{code} (median of {len(runs)})",
                f"{athletes}",
                f"{processes}",
                f"{wall:.2f}",
                f"{wall / one:.2f}x",
                f"{fastest:.2f} ({fastest / fastest_one:.2f}x)",
                f"{cpu:.2f} ({cpu / one_cpu:.1f}x; /{processes}: {cpu / one_cpu / processes:.1f}x)",
                checked,
            ]
        )
    return table


HEADER = [
    "code",
    "athletes",
    "--jobs",
    "wall s",
    "/ one CLI solve",
    "fastest s (/ fastest solve)",
    "CPU s (/ one solve's; / jobs: the wall ratio on idle cores)",
    "checked ok / planned",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--jobs", type=int, nargs="+", default=[2, 1])
    parser.add_argument("--solves", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="the team file as JSON")
    parser.add_argument("--baseline", default="", help="another checkout's src, compared")
    parser.add_argument(
        "--differs",
        nargs="*",
        default=[],
        help="files the baseline may write differently (e.g. team.html after a change to it)",
    )
    args = parser.parse_args()
    skip = ("timings.csv", *args.differs)
    result = rows(args.athletes, args.jobs, args.solves, args.json, args.baseline, skip)
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for row in result:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
