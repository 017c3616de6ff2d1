"""What every command promises about its files: all or nothing, checked before the solve,
and the same bytes for the same input (timings in a file of their own)."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest

from conftest import immutable, invoke, season_data

FORMATS = ("csv", "json", "ics", "html", "xlsx")


def season_file(folder: Path) -> Path:
    path = folder / "season.json"
    path.write_text(json.dumps(season_data()))
    return path


def team_file(folder: Path) -> Path:
    athletes = [{**season_data(), "id": name} for name in ("ana", "ben")]
    athletes.append({**season_data(), "id": "cy", "timezone": "Mars/Base"})
    path = folder / "team.json"
    path.write_text(json.dumps({"athletes": athletes}))
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_a_second_output_that_cannot_be_written_leaves_the_first_untouched(
    tmp_path: Path,
) -> None:
    season = season_file(tmp_path)
    good = tmp_path / "good.csv"
    good.write_text("old\n")
    missing = tmp_path / "missing" / "plan.json"
    code, _, err = invoke("solve", str(season), "-o", str(good), "-o", str(missing))
    assert code == 2
    assert err.strip().splitlines() == [
        f"liftplan: {missing}: cannot write here: the folder {missing.parent} does not exist"
    ]
    assert good.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.csv", "season.json"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into read-only folders")
def test_a_read_only_folder_is_found_before_the_solve(tmp_path: Path) -> None:
    season = season_file(tmp_path)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        code, _, err = invoke("solve", str(season), "-o", str(locked / "plan.csv"))
        assert code == 2 and "is read-only" in err
        code, _, err = invoke("batch", str(team_file(tmp_path)), "-o", str(locked / "plans"))
        assert code == 2 and "read-only" in err and len(err.strip().splitlines()) == 1, err
    finally:
        locked.chmod(stat.S_IRWXU)


def test_a_disk_that_fills_up_mid_way_leaves_every_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The second of two outputs fails as it is written: the first, already staged, is not
    renamed into place, and no temporary file stays."""
    from liftplan.io.render import writers

    season = season_file(tmp_path)
    first, second = tmp_path / "good.csv", tmp_path / "plan.json"
    first.write_text("old csv\n")
    second.write_text("old json\n")
    real_stage = writers._stage

    def stage(path: Path, data: bytes) -> Path:
        if path.name == "plan.json":
            raise OSError(28, "No space left on device")
        return real_stage(path, data)

    monkeypatch.setattr(writers, "_stage", stage)
    code, _, err = invoke("solve", str(season), "-o", str(first), "-o", str(second))
    assert code == 2
    assert err.strip() == f"liftplan: {second}: cannot write: No space left on device"
    assert snapshot(tmp_path) == {
        "good.csv": b"old csv\n",
        "plan.json": b"old json\n",
        "season.json": season.read_bytes(),
    }


@pytest.mark.parametrize("had_first", [True, False])
def test_an_output_that_cannot_be_replaced_puts_back_those_renamed_before_it(
    tmp_path: Path, had_first: bool
) -> None:
    """The second output is an immutable file: found only by its rename, after the first
    output's. The first is put back as it was (or removed, when it was new)."""
    season = season_file(tmp_path)
    first, second = tmp_path / "plan.csv", tmp_path / "plan.json"
    if had_first:
        first.write_text("old csv\n")
    second.write_text("old json\n")
    before = snapshot(tmp_path)
    with immutable(second):
        code, _, err = invoke("solve", str(season), "-o", str(first), "-o", str(second))
    assert code == 2
    refused = f"liftplan: {second}: cannot write: Operation not permitted"
    assert err.strip().splitlines() == [refused]
    assert snapshot(tmp_path) == before  # no half of the outputs, no temporary


def test_a_batch_athlete_whose_file_cannot_be_replaced_keeps_its_old_files(
    tmp_path: Path,
) -> None:
    """Ben's plan table is immutable when the team is planned again (with longer lifts):
    one line, exit 2; ben's plan stays the old one, both files, and so does his summary row
    (it used to get the new plan.json beside the old table, and no row)."""
    team = team_file(tmp_path)
    out = tmp_path / "plans"
    assert invoke("batch", str(team), "-o", str(out))[0] == 2  # cy's time zone
    old = snapshot(out)
    data = json.loads(team.read_text())
    for athlete in data["athletes"]:
        athlete["lifting"]["minutes"] = 60
    team.write_text(json.dumps(data))
    with immutable(out / "ben.csv"):
        code, _, err = invoke("batch", str(team), "-o", str(out))
    assert code == 2
    assert err.strip().splitlines()[-1] == (
        f"liftplan: {out / 'ben.csv'}: cannot write: Operation not permitted"
    ), err
    now = snapshot(out)
    assert now["ben.json"] == old["ben.json"] and now["ben.csv"] == old["ben.csv"]
    assert not [name for name in os.listdir(out) if name.startswith(".")]  # no temporary
    assert summary_row(now, "ben") == summary_row(old, "ben")


def summary_row(files: dict[str, bytes], athlete: str) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(files["summary.csv"].decode()))
    return next(row for row in rows if row["athlete"] == athlete)


def test_batch_into_an_existing_file_is_one_line(tmp_path: Path) -> None:
    """Robustness case 13: `batch team.yaml -o sample-week.yaml`."""
    team, taken = team_file(tmp_path), season_file(tmp_path)
    before = taken.read_bytes()
    code, _, err = invoke("batch", str(team), "-o", str(taken))
    assert code == 2
    assert err.strip().splitlines() == [f"liftplan: {taken}: is a file, not a folder for the plans"]
    assert taken.read_bytes() == before


@pytest.mark.parametrize("own", ["summary.csv", "timings.csv", "team.html", "joint.json"])
def test_a_folder_where_the_batch_writes_its_own_file_is_found_before_any_solve(
    tmp_path: Path, own: str
) -> None:
    """A folder named team.html (say) in the output folder: one line, exit 2, nothing
    written. Found only at the end, it left the plans of a whole run unlisted."""
    out = tmp_path / "plans"
    (out / own).mkdir(parents=True)
    code, _, err = invoke("batch", str(team_file(tmp_path)), "-o", str(out))
    assert code == 2
    assert err.strip().splitlines() == [f"liftplan: {out / own}: is a folder, not the batch's file"]
    assert [path.name for path in out.iterdir()] == [own]


def test_two_solves_give_the_same_bytes_in_every_format(tmp_path: Path) -> None:
    season = season_file(tmp_path)
    runs = []
    for run in ("one", "two"):
        folder = tmp_path / run
        folder.mkdir()
        targets = [arg for suffix in FORMATS for arg in ("-o", str(folder / f"plan.{suffix}"))]
        code, _, err = invoke("solve", str(season), *targets)
        assert code == 0, err
        runs.append(snapshot(folder))
    assert runs[0] == runs[1] and len(runs[0]) == len(FORMATS)
    assert invoke("check", str(season), str(tmp_path / "one" / "plan.json"))[0] == 0


def test_two_batches_give_the_same_bytes_but_their_timings(tmp_path: Path) -> None:
    team = team_file(tmp_path)
    runs = []
    for run in ("one", "two"):
        code, _, _ = invoke("batch", str(team), "-o", str(tmp_path / run), "--format", "xlsx")
        assert code == 2  # cy's time zone
        runs.append(snapshot(tmp_path / run))
    header = runs[0]["summary.csv"].decode().splitlines()[0]
    assert "seconds" not in header.split(",")
    assert runs[0]["timings.csv"].decode().splitlines()[0] == "athlete,status,seconds"
    del runs[0]["timings.csv"], runs[1]["timings.csv"]
    assert runs[0] == runs[1]
    assert sorted(runs[0]) == [
        "ana.json",
        "ana.xlsx",
        "ben.json",
        "ben.xlsx",
        "summary.csv",
        "team.html",
    ]


def test_a_batch_logged_to_a_file_prints_no_progress_line(tmp_path: Path) -> None:
    """stderr not a terminal (a log, a pipe): no progress bar, so no lone "planning" line;
    only the summary and the athletes with no plan, and why."""
    team = team_file(tmp_path)
    code, _, err = invoke("batch", str(team), "-o", str(tmp_path / "plans"))
    assert code == 2  # cy's time zone
    lines = err.splitlines()
    assert lines[0].startswith("3 athletes: 2 optimal, 1 invalid"), err
    assert not any(line.strip().startswith("planning") for line in lines), err


def test_two_comparisons_print_the_same_bytes(tmp_path: Path) -> None:
    season = season_file(tmp_path)
    args = ("compare", str(season), "--scenario", "busy=lifting.per_week.max=2")
    first, second = invoke(*args), invoke(*args)
    assert first[0] == 0, first[2]
    assert first == second


# A process of its own: a signal to the test runner's process could reach any of its threads.
STAGED_THEN_INTERRUPTED = """
import os, signal, sys
from pathlib import Path
from liftplan.io.render import writers

real_stage = writers._stage
def stage(path, data):
    os.kill(os.getpid(), signal.{name})  # as the first file is written
    return real_stage(path, data)
writers._stage = stage
try:
    writers.write_together([(sys.argv[1], "new csv"), (sys.argv[2], "new json")])
except KeyboardInterrupt:
    sys.exit(130)
sys.exit(0)
"""


@pytest.mark.parametrize(("name", "code"), [("SIGINT", 130), ("SIGTERM", -15)])
def test_a_signal_while_the_outputs_are_staged_keeps_every_old_file(
    tmp_path: Path, name: str, code: int
) -> None:
    """The signal is held while files are staged, then delivered: the command ends as
    interrupted, nothing renamed into place and no temporary file left."""
    import subprocess
    import sys

    first, second = tmp_path / "good.csv", tmp_path / "plan.json"
    first.write_text("old csv\n")
    second.write_text("old json\n")
    script = STAGED_THEN_INTERRUPTED.format(name=name)
    ended = subprocess.run(
        [sys.executable, "-c", script, str(first), str(second)], timeout=120, check=False
    )
    assert ended.returncode == code
    assert snapshot(tmp_path) == {"good.csv": b"old csv\n", "plan.json": b"old json\n"}


def test_a_batch_into_a_folder_another_batch_is_writing_is_refused_and_writes_nothing(
    tmp_path: Path,
) -> None:
    """Two batches writing one folder at once each removed the other's staged files (a
    tester saw `out/r08.json: cannot write: No such file or directory`): the folder is held
    by the run writing it, and a second run is refused before any solve, its files intact."""
    import fcntl
    import subprocess
    import sys

    team, out = team_file(tmp_path), tmp_path / "out"
    assert invoke("batch", str(team), "-o", str(out))[0] == 2  # cy's zone is INVALID
    before = snapshot(out)
    holder = (
        "import fcntl, os, sys, time; f = os.open(sys.argv[1], os.O_RDONLY); "
        "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"
    )
    other = subprocess.Popen(
        [sys.executable, "-c", holder, str(out)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other.stdout is not None and other.stdout.readline() == "held\n"
        code, _, err = invoke("batch", str(team), "-o", str(out))
        assert code == 2, err
        assert err.strip() == (  # one line: no progress bar's label before it
            f"liftplan: {out}: another liftplan run is writing this folder (wait for it to end)"
        )
        assert snapshot(out) == before
    finally:
        other.kill()
        other.wait()
    code, _, err = invoke("batch", str(team), "-o", str(out), "--resume")  # free again
    after = snapshot(out)
    del after["timings.csv"], before["timings.csv"]  # kept plans have no seconds this run
    assert code == 2 and after == before, err
    free = os.open(out, os.O_RDONLY)  # no run left it held
    try:
        fcntl.flock(free, fcntl.LOCK_EX | fcntl.LOCK_NB)
    finally:
        os.close(free)
