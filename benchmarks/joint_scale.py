"""Joint mode at scale: 100/200 16-week athletes sharing a tight (3 places) and a loose (15)
weight room, through the CLI (`liftplan batch TEAM --joint`), as ratios against one CLI
solve of a 16-week season measured in the same run.

    python -m benchmarks.joint_scale [--sizes 100 200] [--time-limit 60] [--same-season]

`--same-season`: every athlete follows the bundled marathon example (a club on one coach's
plan), so they all want the same evenings; otherwise each has a generated season of their own.

Columns: athletes, places, wall seconds and wall / one CLI solve, the team's objective, the
reported lower bound and gap, athletes without room (NO_ROOM), the budget spent (work,
deterministic) and the same run's bytes twice (only with --twice). The 200-athlete rows
take minutes on 2 busy cores.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.instances import generate_season

START = dt.date(2026, 3, 2)
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "marathon-16-weeks.yaml"


def _as_text(value: object) -> object:
    """YAML's dates (as keys too) as ISO text, for JSON."""
    if isinstance(value, dict):
        return {str(key): _as_text(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_as_text(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def team_file(folder: Path, athletes: int, places: int, same_season: bool = False) -> Path:
    if same_season:
        from ruamel.yaml import YAML

        example = YAML(typ="safe", pure=True).load(EXAMPLE)
        team = [{**_as_text(example), "id": f"a{seed:03d}"} for seed in range(athletes)]
    else:
        team = [
            {
                **generate_season(16, seed, start=START, timezone="America/New_York"),
                "id": f"a{seed:03d}",
            }
            for seed in range(athletes)
        ]
    path = folder / f"team-{athletes}-{places}{'-same' if same_season else ''}.json"
    facility = {"capacity": places, "hours": ["06:00-22:00"]}
    path.write_text(json.dumps({"facility": facility, "athletes": team}))
    return path


def cli(*args: str) -> float:
    """Wall seconds of one `liftplan` run (exit codes 0, 3 and 4 are answers here)."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "liftplan.cli", *args], capture_output=True)
    if done.returncode not in (0, 3, 4):
        raise SystemExit(done.stderr.decode())
    return time.perf_counter() - started


HEADER = [
    "athletes",
    "places",
    "wall s",
    "wall / one CLI solve",
    "objective",
    "lower bound",
    "gap",
    "no room",
    "work",
    "same bytes",
]


def rows(
    sizes: list[int],
    places: list[int],
    time_limit: float = 60.0,
    twice: bool = False,
    same_season: bool = False,
) -> list[list[str]]:
    """One row per (athletes, places), with HEADER's columns; wall seconds as a ratio to one
    CLI solve of a 16-week season measured in the same run."""
    table = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        one = team_file(folder, 1, 1)
        season = folder / "one.yaml"
        season.write_text(json.dumps(json.loads(one.read_text())["athletes"][0]))
        baseline = min(cli("solve", str(season), "-o", str(folder / "one.json")) for _ in range(3))
        for size in sizes:
            for capacity in places:
                team = team_file(folder, size, capacity, same_season)
                out = folder / f"out-{size}-{capacity}"
                limit = ["--time-limit", str(time_limit), "-q", "--format", "json"]
                wall = cli("batch", str(team), "-o", str(out), "--joint", *limit)
                report = json.loads((out / "joint.json").read_text())
                same = ""
                if twice:
                    again = folder / f"again-{size}-{capacity}"
                    cli("batch", str(team), "-o", str(again), "--joint", *limit)
                    same = str(
                        all(
                            path.read_bytes() == (again / path.name).read_bytes()
                            for path in out.iterdir()
                            # their `seconds` columns are wall time
                            if path.name not in ("summary.csv", "timings.csv")
                        )
                    )
                table.append(
                    [
                        str(size),
                        str(capacity),
                        f"{wall:.1f}",
                        f"{wall / baseline:.1f}x",
                        str(report["objective"]),
                        str(report["lower_bound"]),
                        f"{100 * report['gap']:.2f}%",
                        str(len(report["no_room"])),
                        f"{report['work']:.1f}",
                        same,
                    ]
                )
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 200])
    parser.add_argument("--places", type=int, nargs="+", default=[3, 15])
    parser.add_argument("--time-limit", type=float, default=60.0)
    parser.add_argument("--twice", action="store_true", help="run each twice, compare bytes")
    parser.add_argument("--same-season", action="store_true", help="everyone on the example")
    args = parser.parse_args()
    print(" | ".join(HEADER))
    for row in rows(args.sizes, args.places, args.time_limit, args.twice, args.same_season):
        print(" | ".join(row))


if __name__ == "__main__":
    main()
