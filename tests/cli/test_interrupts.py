"""Ctrl-C and SIGTERM at any point of solve, replan and batch (SPEC sections 5 and 6): one line,
exit 130 or 143, no traceback, the existing outputs byte for byte as they were.

Each signal is sent by the process to itself at a fixed point of the run (an import starting,
CP-SAT's search logging its first line, the first output being staged), so no test waits on
a clock: the real command runs, only the moment of the signal is chosen.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import batch_interrupt_team

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "marathon-16-weeks.yaml"
OLD = b"an earlier run's file\n"

# Runs `liftplan ARGS...` and sends SIGNAL to itself once, at WHEN.
HARNESS = r"""
import os, signal, sys
when, name, *args = sys.argv[1:]
sys.argv = ["liftplan", *args]
sent = []

def send(*_):
    if not sent:
        sent.append(True)
        os.kill(os.getpid(), signal.Signals[name])

if when.startswith("import:"):
    module = when.partition(":")[2]

    class Finder:
        @staticmethod
        def find_spec(fullname, path=None, target=None):
            if fullname == module:
                send()

    sys.meta_path.insert(0, Finder)
elif when == "search":
    from ortools.sat.python import cp_model

    solve = cp_model.CpSolver.solve

    def searching(self, model, *more, **options):
        self.parameters.log_search_progress = True
        self.parameters.log_to_stdout = False
        self.log_callback = send
        return solve(self, model, *more, **options)

    cp_model.CpSolver.solve = searching
elif when == "write":
    from liftplan.io.render import writers

    stage = writers._stage

    def staging(*more, **options):
        send()
        return stage(*more, **options)

    writers._stage = staging
from liftplan.cli import main
main()
"""


def run(when: str, how: signal.Signals, *args: object) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", HARNESS, when, how.name, *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, timeout=120)


def interrupted_once(done: subprocess.CompletedProcess[str], how: signal.Signals) -> str:
    """The one line a stopped command says; asserts its exit code and no traceback."""
    assert done.returncode == 128 + how, (done.returncode, done.stderr)
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    return lines[0]


def earlier_outputs(tmp_path: Path) -> list[Path]:
    outputs = [tmp_path / "plan.csv", tmp_path / "plan.json"]
    for path in outputs:
        path.write_bytes(OLD)
    return outputs


def untouched(tmp_path: Path, outputs: list[Path]) -> None:
    assert all(path.read_bytes() == OLD for path in outputs)
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []


SIGNALS = pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])


@SIGNALS
@pytest.mark.parametrize(
    "when",
    ["import:liftplan.cli.planning", "import:liftplan.api", "search", "write"],
    ids=["start-up", "command-imports", "search", "writing"],
)
def test_a_stopped_solve_says_so_and_leaves_the_outputs(
    tmp_path: Path, how: signal.Signals, when: str
) -> None:
    """Old: a traceback during start-up; Ctrl-C in the search was swallowed by CP-SAT (the
    plan written, exit 0) and the next one killed the process silently; SIGTERM always
    ended it without a word (143)."""
    outputs = earlier_outputs(tmp_path)
    done = run(when, how, "solve", EXAMPLE, "-o", outputs[0], "-o", outputs[1])
    line = interrupted_once(done, how)
    assert line == f"liftplan: interrupted by {how.name}; no output was changed"
    untouched(tmp_path, outputs)


@SIGNALS
@pytest.mark.parametrize("when", ["search", "write"])
def test_a_stopped_replan_says_so_and_leaves_the_outputs(
    tmp_path: Path, how: signal.Signals, when: str
) -> None:
    plan = tmp_path / "first.json"
    subprocess.run(
        [sys.executable, "-m", "liftplan", "solve", EXAMPLE, "-o", plan, "-q"],
        check=True,
        capture_output=True,
    )
    outputs = earlier_outputs(tmp_path)
    done = run(
        when, how, "replan", EXAMPLE, plan, "--from", "2026-03-20", "--missed", "2026-03-17",
        "-o", outputs[0], "-o", outputs[1], "--quiet",
    )  # fmt: skip
    line = interrupted_once(done, how)
    assert line == f"liftplan: interrupted by {how.name}; no output was changed"
    untouched(tmp_path, outputs)


@SIGNALS
@pytest.mark.parametrize(
    "when",
    ["import:liftplan.team.batch", "import:liftplan.plan.season_plan"],
    ids=["reading-the-team", "starting-the-pool"],
)
def test_a_batch_stopped_while_it_starts_says_so_as_later(
    tmp_path: Path, how: signal.Signals, when: str
) -> None:
    """Old: SIGTERM ended the batch silently (143) while it read its team and started its
    pool, and a Ctrl-C there was reported as by another command, or lost in an import.
    Now as a batch stopped later: its line, its code, no plan and no temporary written."""
    team, out = batch_interrupt_team(tmp_path, 20), tmp_path / "plans"
    done = run(when, how, "batch", team, "-o", out, "--jobs", "2", "--quiet")
    line = interrupted_once(done, how)
    assert line == (
        f"liftplan: interrupted by {how.name}: 0 of 20 athletes done (0 plans written), "
        f"listed in {out / 'summary.csv'}; run again with --resume to plan the rest"
    )
    assert sorted(path.name for path in out.iterdir()) == [
        "summary.csv",
        "team.html",
        "timings.csv",
    ]
