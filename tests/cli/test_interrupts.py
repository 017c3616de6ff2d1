"""Ctrl-C and SIGTERM at any point of solve, replan and batch (SPEC sections 5 and 6): one line,
exit 130 or 143, no traceback, the existing outputs byte for byte as they were.

Each signal is sent by the process to itself at a fixed point of the run (an import starting,
CP-SAT's search logging its first line, the first output being staged), so no test waits on
a clock: the real command runs, only the moment of the signal is chosen.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
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
elif when == "group-search":  # a worker's search: Ctrl-C to the group, as a terminal sends
    from ortools.sat.python import cp_model

    solve = cp_model.CpSolver.solve
    once = os.path.join(os.environ["LIFTPLAN_TEST_ONCE"], "sent")

    def to_group(*_):
        try:
            os.close(os.open(once, os.O_CREAT | os.O_EXCL))  # the first worker only
        except FileExistsError:
            return
        os.killpg(os.getpgid(0), signal.Signals[name])

    def searching(self, model, *more, **options):
        self.parameters.log_search_progress = True
        self.parameters.log_to_stdout = False
        self.log_callback = to_group
        return solve(self, model, *more, **options)

    cp_model.CpSolver.solve = searching
elif when == "exit":  # the command is done; the interpreter is exiting
    import atexit

    atexit.register(send)
elif when == "write":
    from liftplan.io.render import writers

    stage = writers._stage

    def staging(*more, **options):
        send()
        return stage(*more, **options)

    writers._stage = staging
elif when == "xlsx":  # openpyxl has written a sheet to its scratch file
    from openpyxl.worksheet import _writer

    scratch = _writer.create_temporary_file

    def created(*more, **options):
        made = scratch(*more, **options)
        send()
        return made

    _writer.create_temporary_file = created
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
        when,
        how,
        "replan",
        EXAMPLE,
        plan,
        "--from",
        "2026-03-20",
        "--missed",
        "2026-03-17",
        "-o",
        outputs[0],
        "-o",
        outputs[1],
    )  # fmt: skip  (not --quiet: what it re-planned is said once the files are written)
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


def session_processes(session: int) -> list[psutil.Process]:
    """The live processes of a session (the command and anything it started)."""
    alive = []
    for process in psutil.process_iter():
        try:
            if os.getsid(process.pid) == session and process.status() != psutil.STATUS_ZOMBIE:
                alive.append(process)
        except (OSError, psutil.Error):
            pass
    return alive


@SIGNALS
def test_a_compare_stopped_by_a_signal_to_its_group_ends_its_workers_and_says_so(
    tmp_path: Path, how: signal.Signals
) -> None:
    """Ctrl-C in a terminal reaches every process of the group, the pool's workers too (and
    a scheduler may SIGTERM the group). Old: each worker inherited the command's handler and
    raised in the middle of its solve (a traceback per worker, 'Process ForkProcess-1: ...
    Interrupted'), and the pool could hang for good. Now: the workers leave the signal to
    the command, which ends them and says its one line; nothing of the session is left."""
    command = [
        sys.executable, "-c", HARNESS, "group-search", how.name,
        "compare", str(EXAMPLE), "--scenario", "a=rules.recovery_hours=48",
        "--scenario", "b=lifting.per_week.max=2", "--jobs", "2",
    ]  # fmt: skip
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own group: the signal reaches no one else
        env={**os.environ, "LIFTPLAN_TEST_ONCE": str(tmp_path)},
    )
    try:
        stdout, stderr = process.communicate(timeout=120)
    finally:
        stray = session_processes(process.pid)
        for leftover in stray:
            leftover.kill()
    assert (tmp_path / "sent").exists(), "no worker searched"
    done = subprocess.CompletedProcess(command, process.returncode, stdout, stderr)
    line = interrupted_once(done, how)
    assert line == f"liftplan: interrupted by {how.name}; no output was changed"
    assert stdout == ""
    assert stray == [], "a worker outlived the command"


def test_a_solve_stopped_while_its_plan_goes_to_a_stalled_pipe_says_what_it_wrote(
    tmp_path: Path,
) -> None:
    """`solve -o plan.json -o -` piped into a pager that stopped reading: the files are in
    place before the plan goes to stdout. Old: a Ctrl-C then said 'no output was changed'
    (plan.json had been replaced). Now the one line names the files written and says that
    stdout is incomplete; exit 130, no temporary file, no hang on the unread pipe."""
    outputs = earlier_outputs(tmp_path)
    command = [
        sys.executable, "-m", "liftplan", "solve", str(EXAMPLE),
        "-o", str(outputs[1]), "-o", "-", "--stdout-format", "json",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.read(1)  # the plan (300 kB) is going out: the pipe (64 kB) fills
    assert first == b"{"
    process.send_signal(signal.SIGINT)  # as the pager's terminal would; nobody reads on
    try:
        process.wait(timeout=60)
    finally:
        process.kill()
    stderr = process.stderr.read().decode()
    done = subprocess.CompletedProcess(command, process.returncode, "", stderr)
    line = interrupted_once(done, signal.SIGINT)
    assert line == (
        f"liftplan: interrupted by SIGINT after writing {outputs[1]}; standard output is incomplete"
    )
    assert outputs[0].read_bytes() == OLD  # not an output of this run
    plan = outputs[1].read_bytes()
    assert plan != OLD and plan.startswith(b"{")
    untouched(tmp_path, [outputs[0]])  # and no temporary file
    checked = subprocess.run(
        [sys.executable, "-m", "liftplan", "check", str(EXAMPLE), str(outputs[1])],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


@SIGNALS
def test_a_signal_while_a_finished_solve_exits_changes_nothing(
    tmp_path: Path, how: signal.Signals
) -> None:
    """Every output written, the interpreter exiting: the command is done. Old: the handler
    raised in Python's exit ('Exception ignored in atexit callback ... Interrupted'), and a
    signal a moment later killed the process silently (-2, -15). Now it ends with its own
    code and says nothing more."""
    outputs = earlier_outputs(tmp_path)
    done = run("exit", how, "solve", EXAMPLE, "-o", outputs[1], "--quiet")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert outputs[1].read_bytes() != OLD


def test_a_solve_stopped_while_it_writes_a_workbook_leaves_no_scratch_file(
    tmp_path: Path,
) -> None:
    """openpyxl writes each sheet to a scratch file first and removes it at exit; a stopped
    command ends at once (os._exit), so the scratch files must go with the stop."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    outputs = earlier_outputs(tmp_path)
    command = [sys.executable, "-c", HARNESS, "xlsx", "SIGINT", "solve", str(EXAMPLE)]
    command += ["-o", str(tmp_path / "plan.xlsx"), *(f"-o{path}" for path in outputs)]
    done = subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "TMPDIR": str(scratch)},
    )
    assert interrupted_once(done, signal.SIGINT).endswith("no output was changed")
    untouched(tmp_path, outputs)
    assert not (tmp_path / "plan.xlsx").exists()
    assert list(scratch.iterdir()) == []
