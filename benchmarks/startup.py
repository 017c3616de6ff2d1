"""The command line's start-up against importing CP-SAT alone, as ratios within one run (issue 18).

``python -m benchmarks.startup [RUNS]`` prints the medians (interleaved runs) of
`python -c "from ortools.sat.python import cp_model"` (the floor: any solve needs it),
`liftplan --version` and `liftplan solve examples/marathon-16-weeks.yaml -o plan.json`, and
the ratios of the last two to the first. ``--against BASE_SRC`` adds the same two commands
run with another checkout's src first on the path (``git archive REF src | tar -x -C /tmp/base``
gives /tmp/base/src), interleaved in the same run, so a change is measured against its base.

Each command runs once before timing, with bytecode caching allowed, so every run reads
compiled modules as an installed liftplan would.
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "marathon-16-weeks.yaml"
FLOOR = "from ortools.sat.python import cp_model"


def _env(src: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its .pyc files
    env["PYTHONPATH"] = os.pathsep.join(p for p in [str(src), env.get("PYTHONPATH", "")] if p)
    return env


def _wall(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall and CPU seconds (the child's user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


def start_up(runs: int = 11, against: Path | None = None) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of each command, keyed by its label, from interleaved runs.

    Labels: ``cp_model import``, ``liftplan --version``, ``liftplan solve (16 weeks)``, and
    with ``against`` the last two again suffixed `` [base]``."""
    python = sys.executable
    with tempfile.TemporaryDirectory() as folder:
        solve = ["solve", str(EXAMPLE), "-o", f"{folder}/plan.json"]
        commands: dict[str, tuple[list[str], dict[str, str]]] = {
            "cp_model import": ([python, "-c", FLOOR], _env(ROOT / "src")),
        }
        sources = [("", ROOT / "src")] + ([(" [base]", against)] if against else [])
        for suffix, src in sources:
            env = _env(src)
            commands[f"liftplan --version{suffix}"] = (
                [python, "-m", "liftplan.cli", "--version"],
                env,
            )
            commands[f"liftplan solve (16 weeks){suffix}"] = (
                [python, "-m", "liftplan.cli", *solve],
                env,
            )
        for argv, env in commands.values():  # warm the disk cache and write the .pyc files
            _wall(argv, env)
        times: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
        for _ in range(runs):
            for label, (argv, env) in commands.items():
                times[label].append(_wall(argv, env))
    return {
        label: (statistics.median(t[0] for t in runs_), statistics.median(t[1] for t in runs_))
        for label, runs_ in times.items()
    }


def report(medians: dict[str, tuple[float, float]]) -> list[str]:
    """One line per command: its medians and their ratios to importing cp_model's."""
    wall0, cpu0 = medians["cp_model import"]
    return [
        f"{label}: wall {wall:.3f} s ({wall / wall0:.2f}x), CPU {cpu:.3f} s ({cpu / cpu0:.2f}x)"
        for label, (wall, cpu) in medians.items()
    ]


def main() -> None:
    args = sys.argv[1:]
    against = None
    if args[:1] == ["--against"]:
        against, args = Path(args[1]).resolve(), args[2:]
    runs = int(args[0]) if args else 11
    print(f"medians of {runs} interleaved runs")
    for line in report(start_up(runs, against)):
        print(line)


if __name__ == "__main__":
    main()
