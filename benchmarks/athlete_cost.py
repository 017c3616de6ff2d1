"""Where one batch athlete's CPU goes: `solve_athlete` (what each pool worker runs) on
generated 16-week athletes, in-process, with the CPU seconds of each stage.

    python -m benchmarks.athlete_cost [--athletes 50] [--rounds 2] [--baseline OLD/src]

With ``--baseline`` the same athletes run on another checkout's src (a child process each,
this code and the baseline alternately, so both meet the same load) and the two must give
the same bytes (a digest of every athlete's plan.json and plan.csv, its check and its days
on the team page). The CPU of the checker and the JSON writer, which neither side changes,
tells load from code: on a shared machine compare each stage's share, or the totals' ratio
to the checker's.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import importlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# (module, function, stage): each looked up at call time by its callers, so wrappable. A
# name "new|old" is the first the code has (a baseline may be older than a rename).
STAGES = [
    ("liftplan.team.batch", "member_season|season_of", "season validation"),
    ("liftplan.plan.season_plan", "build_timeline", "timeline"),
    ("liftplan.solver.solve", "build_model", "model build"),
    ("liftplan.plan.season_plan", "build_plan", "plan build"),
    ("liftplan.check", "check_plan", "checker"),
    ("liftplan.io.render.team_html", "calendar_of", "team page days"),
    ("liftplan.io.render.writers", "render_csv", "csv"),
    ("liftplan.io.render.writers", "render_json", "json"),
]

# Where a pool worker's collector settings are: solver/pool.py, or team/batch.py in a
# baseline from before 2026-12-02.
WORKER_SETTINGS = [
    ("liftplan.solver.pool", "fewer_collections"),
    ("liftplan.team.batch", "_fewer_collections"),
]


def measure(team_file: Path) -> dict[str, Any]:
    """CPU ms per athlete, in total and by stage, and a digest of every output."""
    from liftplan.io.team_file import load_team
    from liftplan.team.batch import solve_athlete

    spent: collections.Counter[str] = collections.Counter()

    def timed(function: Callable[..., Any], stage: str) -> Callable[..., Any]:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                spent[stage] += time.process_time() - started

        return wrapper

    for module_name, names, stage in STAGES:
        module = importlib.import_module(module_name)
        name = next(name for name in names.split("|") if hasattr(module, name))
        setattr(module, name, timed(getattr(module, name), stage))
    athletes = list(load_team(team_file).athletes)
    solve_athlete(athletes[0], ("json", "csv"), 10.0, 0, 1)  # imports and caches, untimed
    # A pool worker's own collector settings (where left at Python's defaults, a collection
    # lands in whichever stage allocates when it is due, and the stages' shares wander).
    for module_name, name in WORKER_SETTINGS:
        if importlib.util.find_spec(module_name) is not None:
            worker_settings = getattr(importlib.import_module(module_name), name, None)
            if worker_settings is not None:  # a baseline older than them runs as it ran
                worker_settings()
                break
    spent.clear()
    digest = hashlib.sha256()
    started = time.process_time()
    for athlete in athletes:
        result = solve_athlete(athlete, ("json", "csv"), 10.0, 0, 1)
        for suffix in sorted(result.files):
            digest.update(result.files[suffix])
        digest.update(f"{result.status} {result.checked} {result.calendar!r}".encode())
    total = time.process_time() - started
    per = 1000 / len(athletes)
    return {
        "total": total * per,
        "stages": {stage: spent[stage] * per for stage in dict.fromkeys(s for *_, s in STAGES)},
        "digest": digest.hexdigest(),
    }


def run(team_file: Path, source: str, module: str = "benchmarks.athlete_cost") -> dict[str, Any]:
    """``module``'s `measure` (its ``--measure``) in a fresh process with ``source`` first on
    the path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([source, str(ROOT)])}
    command = [sys.executable, "-m", module, "--measure", str(team_file)]
    done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--athletes", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--baseline", help="another checkout's src, compared")
    parser.add_argument("--measure", help=argparse.SUPPRESS)  # the child's part: one team file
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(Path(args.measure))))
        return
    from benchmarks.batch_scale import team_yaml

    codes = [("this", str(ROOT / "src"))]
    if args.baseline:
        codes.insert(0, ("baseline", str(Path(args.baseline).resolve())))
    with tempfile.TemporaryDirectory() as folder:
        team_file = team_yaml(Path(folder), args.athletes, as_json=True)
        digests = set()
        stages = [stage for *_, stage in STAGES]
        print("| code | CPU ms / athlete | / checker | " + " | ".join(stages) + " |")
        print("|---" * (len(stages) + 3) + "|")
        for _ in range(args.rounds):
            for name, source in codes:
                found = run(team_file, source)
                digests.add(found["digest"])
                cells = " | ".join(f"{found['stages'][stage]:.1f}" for stage in stages)
                ratio = found["total"] / found["stages"]["checker"]
                print(f"| {name} | {found['total']:.1f} | {ratio:.2f} | {cells} |", flush=True)
        if len(digests) > 1:
            raise SystemExit("the two codes wrote different plans")


if __name__ == "__main__":
    main()
