"""A local pool's workers write each athlete's files beside their targets and the batch puts
them in place (`stage_files`, `commit_staged`): the same bytes as a batch that carries them
back, all of an athlete's files or none, and no temporary file left when it fails."""

from __future__ import annotations

import csv
import json
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from benchmarks.instances import generate_season

from liftplan.errors import InputError
from liftplan.io.render import writers
from liftplan.io.render.writers import commit_staged
from liftplan.io.team_file import load_team
from liftplan.team.batch import Result, local_executor, run_batch, stage_files


def team_file(tmp_path: Path, size: int, weeks: int) -> Path:
    athletes = [
        {**generate_season(weeks, seed), "id": f"runner-{seed:02d}"} for seed in range(size)
    ]
    path = tmp_path / "team.json"
    path.write_text(json.dumps({"athletes": athletes}))
    return path


def summary(directory: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((directory / "summary.csv").open()))


def a_result(name: str = "runner-00") -> Result:
    files = {"json": b'{"plan": 1}\n', "csv": b"athlete,week\nrunner-00,1\n"}
    return Result(name, name, "OPTIMAL", files=dict(files))


def test_a_local_pool_writes_the_same_files_as_a_pool_that_sends_them_back(
    tmp_path: Path,
) -> None:
    team = load_team(team_file(tmp_path, 4, weeks=4)).athletes
    staged_dir, sent_dir = tmp_path / "staged", tmp_path / "sent"
    staged: list[Result] = []
    sent: list[Result] = []
    pool = local_executor(2)  # its workers stage the files
    try:
        report = run_batch(
            team, staged_dir, pool, formats=("json", "csv", "ics"), on_result=staged.append
        )
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    with ProcessPoolExecutor(2) as plain:  # not ours: the files come back as bytes
        run_batch(team, sent_dir, plain, formats=("json", "csv", "ics"), on_result=sent.append)
    assert all(len(result.staged) == 3 and not result.files for result in staged)
    assert all(len(result.files) == 3 and not result.staged for result in sent)
    assert [row["checked"] for row in report.rows] == ["ok"] * 4  # the independent checker
    names = sorted(path.name for path in staged_dir.iterdir())
    assert names == sorted(path.name for path in sent_dir.iterdir())  # no temporary file
    assert len([name for name in names if name.startswith("runner-")]) == 4 * 3
    for name in names:
        if name != "timings.csv":  # seconds differ from run to run
            assert (staged_dir / name).read_bytes() == (sent_dir / name).read_bytes(), name
    assert summary(staged_dir) == summary(sent_dir)


def test_staged_files_are_put_in_place_together(tmp_path: Path) -> None:
    result = stage_files(a_result(), tmp_path)
    assert result.files == {} and set(result.staged) == {"json", "csv"}
    assert not list(tmp_path.glob("runner-00.*"))  # staged, not in place yet
    pairs = [(temp, tmp_path / f"runner-00.{suffix}") for suffix, temp in result.staged.items()]
    commit_staged(pairs)
    assert (tmp_path / "runner-00.json").read_bytes() == b'{"plan": 1}\n'
    assert (tmp_path / "runner-00.csv").read_bytes() == b"athlete,week\nrunner-00,1\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["runner-00.csv", "runner-00.json"]


def test_staged_files_that_cannot_be_put_in_place_leave_the_old_ones(tmp_path: Path) -> None:
    (tmp_path / "runner-00.json").write_text("old plan")
    (tmp_path / "runner-00.csv").write_text("old table")
    result = stage_files(a_result(), tmp_path)
    gone = Path(result.staged["json"])
    gone.unlink()  # e.g. removed by someone else: the athlete's files stay as they were
    pairs = [(temp, tmp_path / f"runner-00.{suffix}") for suffix, temp in result.staged.items()]
    with pytest.raises(InputError) as error:
        commit_staged(pairs)
    assert str(error.value).startswith(str(tmp_path / "runner-00.json"))  # not the temporary
    assert ".tmp" not in str(error.value)
    assert (tmp_path / "runner-00.json").read_text() == "old plan"
    assert (tmp_path / "runner-00.csv").read_text() == "old table"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["runner-00.csv", "runner-00.json"]


def refuse_replacing(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename onto a file named ``name`` refused, as for an immutable file."""
    real_replace = os.replace

    def replace(source: object, target: object) -> None:
        if str(target).endswith(name):
            raise PermissionError(1, "Operation not permitted")
        real_replace(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("had_json", [True, False])
def test_a_rename_that_fails_after_another_puts_that_one_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, had_json: bool
) -> None:
    """The table's rename is refused (an immutable file) after the plan's was done: the
    plan goes back to its old file, or away when it had none; nothing else is left."""
    if had_json:
        (tmp_path / "runner-00.json").write_text("old plan")
    (tmp_path / "runner-00.csv").write_text("old table")
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    result = stage_files(a_result(), tmp_path)
    pairs = [(temp, tmp_path / f"runner-00.{suffix}") for suffix, temp in result.staged.items()]
    refuse_replacing("runner-00.csv", monkeypatch)
    with pytest.raises(InputError) as error:
        commit_staged(pairs)
    table = tmp_path / "runner-00.csv"
    assert str(error.value) == f"{table}: cannot write: Operation not permitted"
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before


def test_an_old_file_that_cannot_be_linked_is_kept_aside_as_a_copy(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No hard link (a file system without them, a file at its link limit): the old plan
    is copied aside and still put back when the table's rename is refused."""
    (tmp_path / "runner-00.json").write_text("old plan")
    (tmp_path / "runner-00.csv").write_text("old table")
    before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
    result = stage_files(a_result(), tmp_path)
    pairs = [(temp, tmp_path / f"runner-00.{suffix}") for suffix, temp in result.staged.items()]

    def no_link(*args: object, **kwargs: object) -> None:
        raise OSError(31, "Too many links")

    monkeypatch.setattr(os, "link", no_link)
    refuse_replacing("runner-00.csv", monkeypatch)
    with pytest.raises(InputError):
        commit_staged(pairs)
    assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before


def test_staged_files_are_synced_together_and_a_failed_sync_names_its_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both files are synced (on threads, at once) before either is renamed; a sync that
    fails names the target (not the temporary) and leaves the old files."""
    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    result = stage_files(a_result(), tmp_path)
    pairs = [(temp, tmp_path / f"runner-00.{suffix}") for suffix, temp in result.staged.items()]
    assert commit_staged(pairs)
    assert len(synced) == 2

    (tmp_path / "runner-00.csv").write_text("old table")
    result = stage_files(a_result(), tmp_path)
    pairs = [(temp, tmp_path / f"runner-00.{suffix}") for suffix, temp in result.staged.items()]
    csv_temp = result.staged["csv"]

    def fsync(fd: int) -> None:
        if os.readlink(f"/proc/self/fd/{fd}") == csv_temp:
            raise OSError(5, "Input/output error")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(InputError) as error:
        commit_staged(pairs)
    assert str(error.value) == f"{tmp_path / 'runner-00.csv'}: cannot write: Input/output error"
    assert (tmp_path / "runner-00.csv").read_text() == "old table"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["runner-00.csv", "runner-00.json"]


def test_a_worker_that_cannot_write_sends_the_bytes_back(tmp_path: Path) -> None:
    result = stage_files(a_result(), tmp_path / "missing")  # e.g. a cluster's other machine
    assert result.staged == {} and result.files == a_result().files
    assert not (tmp_path / "missing").exists()


def test_a_batch_that_cannot_put_a_plan_in_place_leaves_no_temporary(tmp_path: Path) -> None:
    team = load_team(team_file(tmp_path, 6, weeks=4)).athletes
    out = tmp_path / "plans"
    (out / "runner-01.csv").mkdir(parents=True)  # a folder where a plan goes
    pool = local_executor(2)
    try:
        with pytest.raises(InputError) as error:
            run_batch(team, out, pool)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    assert str(error.value) == f"{out / 'runner-01.csv'}: cannot write: Is a directory"
    assert not list(out.glob(".*"))  # the other workers' staged files are gone too
    assert not (out / "runner-01.json").exists()  # all of an athlete's files or none
    listed = {row["file"] for row in summary(out)} if (out / "summary.csv").exists() else set()
    on_disk = {path.stem for path in out.glob("runner-*.*") if path.is_file()}
    assert on_disk == listed  # every plan written is listed, no other


def test_temporaries_that_cannot_be_removed_do_not_hide_the_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The folder made immutable mid-run: neither the rename nor the clean-up works; the
    error told is the target's (exit 2), not the temporary's PermissionError (exit 1)."""
    result = stage_files(a_result(), tmp_path)
    pairs = [(temp, tmp_path / f"runner-00.{suffix}") for suffix, temp in result.staged.items()]

    def refused(*args: object, **kwargs: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "replace", refused)
    monkeypatch.setattr(Path, "unlink", refused)
    with pytest.raises(InputError) as error:
        commit_staged(pairs)
    assert str(error.value) == (
        f"{tmp_path / 'runner-00.json'}: cannot write: Operation not permitted"
    )


def test_files_a_stopping_signal_kept_from_their_place_are_never_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A signal that will end the command, come while the staged files are held: none is put
    in place, none is left behind, and no athlete whose files are not there is reported
    done (nor is the summary written: the command ends)."""
    monkeypatch.setattr(writers, "_stopping", lambda: True)
    team = load_team(team_file(tmp_path, 4, weeks=4)).athletes
    out = tmp_path / "plans"
    pool = local_executor(2)
    try:
        report = run_batch(team, out, pool)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    assert report.rows == []
    assert sorted(out.iterdir()) == []  # no plan, no summary, no temporary
