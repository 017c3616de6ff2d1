"""A batch stopped half-way (robustness case 11): Ctrl-C to the process group, SIGTERM, and
SIGKILL of the batch itself, each as a user or a scheduler would send it to the CLI process.

Ctrl-C and SIGTERM end with one line saying what is on disk, exit 130 / 143, a summary that
lists exactly the plans written (and an earlier run's rows of the others, as they were), no
temporary file and no live worker; after SIGKILL the workers die too, and `--resume` gives
the uninterrupted run's files byte for byte.
"""

from __future__ import annotations

import csv
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from conftest import batch_interrupt_team

HANG_GUARD = 180  # seconds; only so that a hang fails instead of blocking the suite


def command(team: Path, out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "liftplan.cli", "batch", str(team), "-o", str(out), *extra]


def rows(out: Path) -> list[dict[str, str]]:
    try:
        return list(csv.DictReader((out / "summary.csv").open(encoding="utf-8")))
    except (OSError, csv.Error):
        return []


def started(team: Path, out: Path) -> tuple[subprocess.Popen[str], list[psutil.Process]]:
    """The batch in a session of its own, once a few plans are written; and its workers."""
    process = subprocess.Popen(
        command(team, out, "--jobs", "2"),
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    deadline = time.monotonic() + HANG_GUARD
    while len(rows(out)) < 2:
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "no plan written"
        time.sleep(0.05)
    workers = psutil.Process(process.pid).children(recursive=True)
    assert workers, "no pool workers"
    return process, workers


def all_gone(processes: list[psutil.Process], within: float = 30.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = [p for p in processes if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return True
        time.sleep(0.1)
    return False


@pytest.mark.parametrize(
    ("how", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["ctrl-c", "sigterm"]
)
def test_an_interrupted_batch_says_what_it_wrote(
    tmp_path: Path, how: signal.Signals, code: int
) -> None:
    # enough athletes to be still planning when the summary (saved every SAVE_EVERY s while
    # the batch runs) first lists two, on a quiet machine too (~15 ms an athlete on 2 cores)
    size = 200
    team, out = batch_interrupt_team(tmp_path, size), tmp_path / "plans"
    process, workers = started(team, out)
    if how is signal.SIGINT:
        os.killpg(process.pid, how)  # Ctrl-C reaches the whole foreground group
    else:
        process.send_signal(how)
    _, stderr = process.communicate(timeout=HANG_GUARD)
    assert process.returncode == code, stderr
    assert "internal error" not in stderr and "Traceback" not in stderr
    said = [line for line in stderr.splitlines() if line.startswith("liftplan:")]
    done = rows(out)
    assert said == [
        f"liftplan: interrupted by {how.name}: {len(done)} of {size} athletes done "
        f"({len(done)} plans written), listed in {out / 'summary.csv'}; "
        "run again with --resume to plan the rest"
    ]
    assert 2 <= len(done) < size
    listed = {f"{row['file']}.{suffix}" for row in done for suffix in ("json", "csv")}
    own = {"summary.csv", "timings.csv", "team.html"}
    assert {path.name for path in out.iterdir()} == listed | own  # no temp file, no stray plan
    assert all(row["status"] == "OPTIMAL" for row in done)
    assert all_gone(workers), "a pool worker outlived the batch"


def test_a_killed_batch_leaves_no_worker_and_resumes_to_the_same_bytes(tmp_path: Path) -> None:
    # enough athletes to be still planning when the summary first lists two (it is saved
    # every SAVE_EVERY seconds while the batch runs; 40 were all planned by then once faster)
    team = batch_interrupt_team(tmp_path, 150)
    killed, whole = tmp_path / "killed", tmp_path / "whole"
    process, workers = started(team, killed)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=HANG_GUARD)
    assert all_gone(workers), "pool workers outlived a SIGKILLed batch"
    resumed = subprocess.run(
        command(team, killed, "--resume"), capture_output=True, text=True, timeout=HANG_GUARD
    )
    assert resumed.returncode == 0, resumed.stderr
    assert "already up to date" in resumed.stderr
    subprocess.run(command(team, whole), check=True, capture_output=True, timeout=HANG_GUARD)
    names = sorted(path.name for path in whole.iterdir())
    assert names == sorted(path.name for path in killed.iterdir())  # no temp file left
    for name in names:
        if name != "timings.csv":  # how long each solve took is the one thing that differs
            assert (killed / name).read_bytes() == (whole / name).read_bytes(), name


def test_a_re_run_stopped_half_way_keeps_the_earlier_rows_of_those_not_yet_planned(
    tmp_path: Path,
) -> None:
    """Run again without --resume and stopped, a batch rewrote summary.csv with only the
    athletes it had planned so far: the others' plans were still in the folder, unlisted (a
    tester's finding). Outputs are left as they were: those rows stay, as they were."""
    size = 150
    team, out = batch_interrupt_team(tmp_path, size), tmp_path / "plans"
    subprocess.run(command(team, out, "--jobs", "2"), check=True, capture_output=True)
    before = {row["athlete"]: row for row in rows(out)}
    page = (out / "team.html").read_text(encoding="utf-8")
    written = (out / "summary.csv").stat().st_mtime_ns
    process = subprocess.Popen(command(team, out, "--jobs", "2"), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + HANG_GUARD
    while (out / "summary.csv").stat().st_mtime_ns == written:  # its first plans are in
        assert process.poll() is None, process.communicate()[1]
        assert time.monotonic() < deadline, "no plan written"
        time.sleep(0.02)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=HANG_GUARD)
    assert process.returncode == 143, stderr
    after = {row["athlete"]: row for row in rows(out)}
    assert list(after) == list(before)  # every athlete, in the team's order
    assert all(row["status"] == "OPTIMAL" for row in after.values())
    said = re.search(r"interrupted by SIGTERM: (\d+) of 150 athletes done", stderr)
    assert said is not None, stderr
    done = int(said.group(1))
    assert 0 < done < size, "the whole team was planned before the stop: nothing to keep"
    assert f"(with {size - done} as an earlier run left them)" in stderr
    assert (out / "team.html").read_text(encoding="utf-8").count("<tr") == page.count("<tr")


def test_a_plan_that_cannot_be_written_half_way_is_one_line_and_ends_the_batch(
    tmp_path: Path,
) -> None:
    """A folder where an athlete's plan.csv goes (a sync tool's, a slip of mkdir): exit 2 with
    one line naming it, and the command ends (it could hang after its line, joining a pool
    thread that lost its workers); that athlete has no file at all, every plan on disk is
    listed in the summary, and no temporary file is left."""
    from liftplan.io.team_file import load_team

    team, out = batch_interrupt_team(tmp_path, 40), tmp_path / "plans"
    stem = load_team(team).athletes[20].stem
    (out / f"{stem}.csv").mkdir(parents=True)
    done = subprocess.run(
        command(team, out, "--jobs", "2"), capture_output=True, text=True, timeout=HANG_GUARD
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1:] == [
        f"liftplan: {out / stem}.csv: cannot write: Is a directory"
    ]
    assert "Traceback" not in done.stderr
    assert not (out / f"{stem}.json").exists()
    plans = {path.name for path in out.iterdir() if path.is_file()} - {"summary.csv"}
    listed = {f"{row['file']}.{suffix}" for row in rows(out) for suffix in ("json", "csv")}
    assert plans == listed and listed  # the athletes done before it
    assert not [name for name in plans if name.startswith(".")]
