"""A team through the CLI: `liftplan batch TEAM.yaml -o DIR --jobs N` for 200 16-week athletes
(each with their own availability, runs and trips), as a ratio to one CLI solve of the
16-week example measured in the same run (issue 18: at most 4x on 2 processes).

    python -m benchmarks.batch_scale [--athletes 200] [--jobs 1 2] [--solves 5]

Every wall includes start-up (a fresh `python -m liftplan.cli` each time). The team file is
YAML in block style, as a coach would write it.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.instances import generate_season

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "marathon-16-weeks.yaml"


def team_yaml(folder: Path, athletes: int, weeks: int = 16) -> Path:
    """``athletes`` generated seasons (seeds 0..athletes-1) in one team file."""
    from ruamel.yaml import YAML

    team = [{**generate_season(weeks, seed), "id": f"a{seed:03d}"} for seed in range(athletes)]
    path = folder / f"team-{athletes}.yaml"
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    with path.open("w") as stream:
        yaml.dump({"athletes": team}, stream)
    return path


def cli(*args: str) -> float:
    """Wall seconds of one `liftplan` run, start-up included; it must end 0 (or 3: a batch
    with an infeasible athlete among its generated ones, which is an answer)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "liftplan.cli", *args], capture_output=True)
    if done.returncode not in (0, 3):
        raise SystemExit(f"liftplan {' '.join(args)}: exit {done.returncode}\n{done.stderr!r}")
    return time.perf_counter() - started


def batch(team: Path, out: Path, processes: int) -> tuple[float, str]:
    """The wall of one batch, and its planned/checked count as "ok/planned"."""
    wall = cli("batch", str(team), "-o", str(out), "--jobs", str(processes), "--quiet")
    with (out / "summary.csv").open() as stream:
        rows = list(csv.DictReader(stream))
    planned = sum(row["status"] in ("OPTIMAL", "FEASIBLE") for row in rows)
    return wall, f"{sum(row['checked'] == 'ok' for row in rows)}/{planned}"


def measure(
    athletes: int, jobs: list[int], solves: int
) -> tuple[float, dict[int, tuple[float, str]]]:
    """The median wall of one CLI solve, and for each ``jobs`` the batch's wall and how many
    of its plans the independent checker passed; solves and batches interleaved."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        team = team_yaml(folder, athletes)
        one: list[float] = []
        walls: dict[int, tuple[float, str]] = {}
        cli("solve", str(EXAMPLE), "-o", str(folder / "warm.json"))  # page cache warm
        for round_ in range(max(solves, len(jobs))):  # interleaved: both meet the same load
            if round_ < solves:
                one.append(cli("solve", str(EXAMPLE), "-o", str(folder / "plan.json")))
            if round_ < len(jobs):
                processes = jobs[round_]
                walls[processes] = batch(team, folder / f"out-{processes}", processes)
        return statistics.median(one), walls


def rows(athletes: int, jobs: list[int], solves: int) -> list[list[str]]:
    one, walls = measure(athletes, jobs, solves)
    table = [["1 (`liftplan solve`, median)", "", f"{one:.2f}", "1.00x", ""]]
    for processes, (wall, checked) in walls.items():
        table.append(
            [
                f"{athletes}",
                f"{processes}",
                f"{wall:.2f}",
                f"{wall / one:.2f}x",
                checked,
            ]
        )
    return table


HEADER = ["athletes", "--jobs", "wall s", "/ one CLI solve", "checked ok / planned"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--jobs", type=int, nargs="+", default=[2, 1])
    parser.add_argument("--solves", type=int, default=5)
    args = parser.parse_args()
    result = rows(args.athletes, args.jobs, args.solves)
    print("| " + " | ".join(HEADER) + " |")
    print("|" + "---|" * len(HEADER))
    for row in result:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
