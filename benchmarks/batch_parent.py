"""The batch's parent process alone: how long it works before the first athlete's job is
submitted, and after the last result comes back (wall and CPU seconds of the parent, not of
its workers), for this code and optionally a baseline checkout, interleaved.

    python -m benchmarks.batch_parent [--athletes 200] [--jobs 2] [--rounds 3]
                                      [--baseline OLD/src]

Each run is `liftplan batch TEAM.yaml -o DIR --jobs N --quiet` in a fresh process, timed
from inside (this module run with ``--trace`` wraps the pool's `submit` and the jobs'
`result`); the serial parts are what idle cores cannot shorten. "to exit" runs on until the
process has ended (exit handlers, the interpreter's teardown); the parent's CPU is counted
with its teardown (all the run's CPU less its workers', reaped when the pool shut down).
"""

from __future__ import annotations

import argparse
import atexit
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

MARKS: dict[str, list[tuple[float, float]]] = {}  # name -> (wall since start, parent CPU)
STARTED = time.perf_counter()


def _mark(name: str) -> None:
    MARKS.setdefault(name, []).append((time.perf_counter() - STARTED, time.process_time()))


def traced(arguments: list[str]) -> None:
    """Run the CLI here with the pool's submit and the jobs' results timed; print one line."""
    import concurrent.futures._base as base
    import concurrent.futures.process as process

    submit = process.ProcessPoolExecutor.submit
    result = base.Future.result

    def timed_submit(self: Any, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        job = getattr(fn, "func", fn)  # a partial: the worker's function, its folder bound
        if getattr(job, "__name__", "") in ("solve_athlete", "solve_and_stage"):
            _mark("submit")
        return submit(self, fn, *args, **kwargs)

    def timed_result(self: Any, timeout: float | None = None) -> Any:
        value = result(self, timeout)
        if type(value).__name__ == "Result":
            _mark("result")
        return value

    process.ProcessPoolExecutor.submit = timed_submit  # type: ignore[method-assign]
    base.Future.result = timed_result  # type: ignore[method-assign]

    def report() -> None:
        wall, cpu = time.perf_counter() - STARTED, time.process_time()
        first, last = MARKS["submit"][0], MARKS["result"][-1]
        # The clock time of the last result, for the caller to time the exit (teardown) too.
        ended = time.time() - (wall - last[0])
        # Its workers' CPU (reaped by now): the rest of the run's is this process's, the
        # interpreter's teardown after this function included.
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        workers = children.ru_utime + children.ru_stime
        numbers = (first[0], first[1], wall - last[0], cpu - last[1], ended, workers, cpu)
        print("TRACE " + " ".join(f"{number:.3f}" for number in numbers), file=sys.stderr)

    atexit.register(report)
    sys.argv = ["liftplan", *arguments]
    from liftplan.cli.app import main

    main()


def one_run(team: Path, out: Path, jobs: int, source: str) -> list[float]:
    """[serial wall before, its CPU, serial wall after (until the last exit handler), its
    CPU, wall after until the process has exited (the interpreter's teardown too), the
    CPU of that teardown, the parent's whole CPU (teardown too), the workers' CPU]."""
    env = {**os.environ, "PYTHONPATH": f"{source}{os.pathsep}{Path(__file__).parents[1]}"}
    command = [sys.executable, "-m", "benchmarks.batch_parent", "--trace", "batch", str(team)]
    command += ["-o", str(out), "--jobs", str(jobs), "--quiet"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    everyone = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    exited = time.time()
    line = next((x for x in done.stderr.splitlines() if x.startswith("TRACE ")), None)
    if line is None:
        raise SystemExit(f"no trace (exit {done.returncode}): {done.stderr[-2000:]}")
    *numbers, ended, workers, cpu = [float(x) for x in line.split()[1:]]
    parent = everyone - workers
    return [*numbers, exited - ended, parent - cpu, parent, workers]


def main() -> None:
    if sys.argv[1:2] == ["--trace"]:
        traced(sys.argv[2:])
        return
    from benchmarks.batch_scale import team_yaml

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--athletes", type=int, default=200)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--baseline", default="", help="another checkout's src, compared")
    args = parser.parse_args()
    here = str(Path(__file__).parents[1] / "src")
    codes = {"this": here, **({"baseline": args.baseline} if args.baseline else {})}
    with tempfile.TemporaryDirectory() as tmp:
        team = team_yaml(Path(tmp), args.athletes)
        runs: dict[str, list[list[float]]] = {code: [] for code in codes}
        for round_ in range(args.rounds):
            for code, source in codes.items():
                out = Path(tmp) / f"{code}-{round_}"
                runs[code].append(one_run(team, out, args.jobs, source))
    columns = ["before 1st job: wall s", "CPU s", "after last result: wall s", "CPU s"]
    columns += ["to exit: wall s", "exit's CPU s", "parent CPU s", "workers' CPU s"]
    print("| code | " + " | ".join(columns) + " |")
    print("|---" * (len(columns) + 1) + "|")
    for code, found in runs.items():
        medians = [statistics.median(column) for column in zip(*found, strict=True)]
        print(f"| {code} | " + " | ".join(f"{value:.2f}" for value in medians) + " |")


if __name__ == "__main__":
    main()
