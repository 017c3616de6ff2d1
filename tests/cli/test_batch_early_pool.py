"""A local batch makes its pool while a forked process reads the team: a team file or output
folder refused then still ends with one line, exit 2, nothing written and no worker left,
and so does a batch ended meanwhile; an athlete's bad season is still their INVALID row
(checked in the job now), in the words `validate` gives it."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psutil
import pytest

from conftest import season_data

DEFAULTS = {key: value for key, value in season_data().items() if key != "id"}


def ours(mark: str) -> list[psutil.Process]:
    """Live processes started with ``mark`` in their environment (the batch and workers)."""
    found = []
    for process in psutil.process_iter():
        try:
            started_here = process.environ().get("LIFTPLAN_TEST_RUN") == mark
            if started_here and process.status() != psutil.STATUS_ZOMBIE:
                found.append(process)
        except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
            continue
    return found


def batch(*args: str) -> tuple[subprocess.CompletedProcess[str], str]:
    mark = uuid.uuid4().hex
    done = subprocess.run(
        [sys.executable, "-m", "liftplan.cli", "batch", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "LIFTPLAN_TEST_RUN": mark},
        timeout=180,
    )
    return done, mark


def no_worker_left(mark: str, within: float = 20.0) -> bool:
    deadline = time.monotonic() + within
    while ours(mark):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_bad_team_file_is_one_line_and_leaves_no_worker(tmp_path: Path, jobs: str) -> None:
    team = tmp_path / "team.yaml"
    team.write_text("athletes:\n  - id: ana\n    timezone: [unclosed\n")
    out = tmp_path / "plans"
    done, mark = batch(str(team), "-o", str(out), "--jobs", jobs)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"liftplan: {team}: "), done.stderr
    assert not out.exists()
    assert no_worker_left(mark), "a pool worker outlived the refused batch"


def test_an_output_folder_in_a_file_s_place_is_one_line_and_leaves_no_worker(
    tmp_path: Path,
) -> None:
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"defaults": DEFAULTS, "athletes": [{"id": "ana"}]}))
    out = tmp_path / "plans"
    out.write_text("not a folder")
    done, mark = batch(str(team), "-o", str(out), "--jobs", "1")
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == f"liftplan: {out}: is a file, not a folder for the plans"
    assert out.read_text() == "not a folder"
    assert no_worker_left(mark), "a pool worker outlived the refused batch"


def test_a_bad_athlete_is_an_invalid_row_in_validate_s_words(tmp_path: Path) -> None:
    team = tmp_path / "team.json"
    athletes = [{"id": "ana"}, {"id": "ben", "timezone": "Mars/Base"}, {"id": "summary"}]
    team.write_text(json.dumps({"defaults": DEFAULTS, "athletes": athletes}))
    out = tmp_path / "plans"
    done, mark = batch(str(team), "-o", str(out), "--jobs", "2")
    assert done.returncode == 2, done.stderr
    with (out / "summary.csv").open(encoding="utf-8") as stream:
        rows = {row["athlete"]: row for row in csv.DictReader(stream)}
    assert rows["ana"]["status"] == "OPTIMAL"
    validate = subprocess.run(
        [sys.executable, "-m", "liftplan.cli", "validate", str(team)],
        capture_output=True,
        text=True,
    )
    assert validate.returncode == 2, validate.stderr
    problems = validate.stdout.splitlines()
    for athlete, place in (("ben", 1), ("summary", 2)):
        assert rows[athlete]["status"] == "INVALID"
        assert rows[athlete]["error"].startswith(f"{team}: athletes[{place}]: ")
        assert rows[athlete]["error"] in problems, (rows[athlete], problems)
    assert no_worker_left(mark)


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_a_batch_ended_while_its_team_is_read_leaves_no_process(
    tmp_path: Path, how: signal.Signals
) -> None:
    """The team file is read by a forked process while the batch imports the solver: ended
    then, by a signal it cannot catch or by one it has not yet set a handler for, the batch
    left that reader waiting forever (a tester's finding)."""
    athletes = [{**DEFAULTS, "id": f"a{number:03d}"} for number in range(400)]
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"athletes": athletes}))
    mark = uuid.uuid4().hex
    command = [sys.executable, "-m", "liftplan.cli", "batch", str(team), "-o", str(tmp_path / "o")]
    env = {**os.environ, "LIFTPLAN_TEST_RUN": mark}
    with subprocess.Popen([*command, "--jobs", "2", "-q"], env=env) as running:
        deadline = time.monotonic() + 60
        while len(ours(mark)) < 2 and running.poll() is None:  # the reader has started
            assert time.monotonic() < deadline
            time.sleep(0.01)
        running.send_signal(how)
    assert no_worker_left(mark), "a process outlived the batch"
