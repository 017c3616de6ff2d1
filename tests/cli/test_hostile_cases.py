"""Every hostile or odd season file (tests/cases/hostile/README.md), run through the CLI.

Each ends in one of two ways: exit 2 with exactly one line on stderr naming the file, no
traceback and nothing written; or a plan (exit 0, or 3 with a diagnosis) that the
independent `check` command accepts. Never exit 1, never a hang, never a second line.
Things git cannot hold (a FIFO, a folder, /dev/zero, a symlink to it) are made here.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import invoke, run_liftplan
from liftplan.cli import cli

CASES = Path(__file__).parents[1] / "cases" / "hostile"
SEASONS = sorted(
    path.name
    for path in CASES.iterdir()
    if path.suffix in {".yaml", ".json"} and not path.name.startswith("README")
)
# Seasons a subprocess runs, with a timeout: they point at things that hang a naive reader.
SPECIAL = {"61-routines-dev-zero.yaml", "62-ics-dev-zero.yaml", "63-ics-fifo.yaml"}
SOURCE = str(Path(__file__).parents[2] / "src")


@pytest.fixture
def cases(tmp_path: Path) -> Path:
    """A writable copy of the cases, with the FIFO and folder they name made in it."""
    folder = tmp_path / "cases"
    shutil.copytree(CASES, folder)
    (folder / "60-routines-dir.d").mkdir()
    if hasattr(os, "mkfifo"):
        os.mkfifo(folder / "63-fifo.ics")
    return folder


def assert_contract(code: int, stderr: str, season: Path, out: Path) -> None:
    """Exit 2 and one line, nothing written; or a plan `check` accepts (exit 0), or exit 3."""
    assert "Traceback" not in stderr, stderr
    assert code in (0, 2, 3), (code, stderr)
    if code == 2:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1, stderr
        assert lines[0].startswith("liftplan: "), lines[0]
        assert not out.exists(), "nothing is written on bad input"
        return
    if code == 3:
        assert "infeasible" in stderr, stderr
        assert not out.exists()
        return
    checked = CliRunner().invoke(cli, ["check", str(season), str(out)])
    assert checked.exit_code == 0, checked.output + checked.stderr


@pytest.mark.parametrize("name", sorted(set(SEASONS) - SPECIAL))
def test_a_hostile_season_is_refused_in_one_line_or_planned(
    name: str, cases: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(cases)  # a YAML tag that ran code would leave its marker here
    out = cases / "out" / "plan.json"
    out.parent.mkdir()
    result = CliRunner().invoke(cli, ["solve", name, "-o", str(out), "--time-limit", "20"])
    assert_contract(result.exit_code, result.stderr, cases / name, out)
    assert not (cases / "liftplan-pwned-marker").exists()


# The one line names the season, the field and the file it names, and what that file is.
SPECIAL_LINES = {
    "61-routines-dev-zero.yaml": "routines: /dev/zero is a device, not a regular file",
    "62-ics-dev-zero.yaml": "availability.from_ics: /dev/zero is a device, not a regular file",
    "63-ics-fifo.yaml": "availability.from_ics: 63-fifo.ics is a pipe (FIFO), not a regular file",
}


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("name", sorted(SPECIAL))
@pytest.mark.parametrize("command", ["solve", "validate"])
def test_a_fifo_or_a_device_named_by_a_season_is_refused_at_once(
    name: str, command: str, cases: Path
) -> None:
    if name == "63-ics-fifo.yaml" and not hasattr(os, "mkfifo"):
        pytest.skip("needs mkfifo")
    out = cases / "out" / "plan.json"
    out.parent.mkdir()
    if command == "solve":
        done = run_liftplan("solve", name, "-o", str(out), "--time-limit", "5", cwd=cases)
        assert_contract(done.returncode, done.stderr, cases / name, out)
        assert done.stderr == f"liftplan: {name}: {SPECIAL_LINES[name]}\n"
    else:  # validate lists it on stdout, the same line
        done = run_liftplan("validate", name, cwd=cases, timeout=20)
        assert done.stdout == f"{name}: {SPECIAL_LINES[name]}\n", done.stderr
    assert done.returncode == 2


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("60-routines-is-dir.yaml", "routines: 60-routines-dir.d is a directory, not a file"),
        ("64-ics-dir.yaml", "availability.from_ics: 60-routines-dir.d is a directory, not a file"),
    ],
)
def test_a_folder_named_by_a_season_is_refused_naming_the_field(
    name: str, line: str, cases: Path
) -> None:
    out = cases / "out" / "plan.json"
    out.parent.mkdir()
    code, stdout, stderr = invoke("solve", str(cases / name), "-o", str(out))
    assert (code, stdout, stderr) == (2, "", f"liftplan: {cases / name}: {line}\n")
    assert not out.exists()


def _special_season(kind: str, folder: Path) -> Path:
    season = folder / f"season-{kind}.yaml"
    if kind == "fifo":
        os.mkfifo(season)
    elif kind == "dir":
        season.mkdir()
    elif kind == "dev-zero":
        season.symlink_to("/dev/zero")
    return season


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a POSIX system")
@pytest.mark.parametrize("kind", ["fifo", "dir", "dev-zero"])
@pytest.mark.parametrize("command", ["solve", "explain"])
def test_a_season_that_is_no_regular_file_is_refused_before_reading(
    kind: str, command: str, tmp_path: Path
) -> None:
    season = _special_season(kind, tmp_path)
    done = run_liftplan(command, str(season), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and str(season) in lines[0], done.stderr
    assert "directory" in lines[0] or "not a regular file" in lines[0] or "device" in lines[0]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a POSIX system")
@pytest.mark.parametrize("kind", ["fifo", "dir", "dev-zero"])
def test_a_routines_file_that_is_no_regular_file_is_refused(kind: str, tmp_path: Path) -> None:
    routines = _special_season(kind, tmp_path)
    season = tmp_path / "season.yaml"
    text = (CASES / "60-routines-is-dir.yaml").read_text(encoding="utf-8")
    season.write_text(text.replace("60-routines-dir.d", routines.name), encoding="utf-8")
    done = run_liftplan("solve", str(season), cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1, done.stderr
    # the season, its field and the file as the season names it
    assert done.stderr.startswith(f"liftplan: {season}: routines: {routines.name} is a ")


ROBUSTNESS = Path(__file__).parents[1] / "cases" / "robustness"
SAMPLE_WEEK = ROBUSTNESS / "13-small-crashes-exit1" / "sample-week.yaml"


def test_output_into_a_missing_folder_is_refused_before_the_solve(tmp_path: Path) -> None:
    target = tmp_path / "nonexistent" / "dir" / "plan.csv"
    result = CliRunner().invoke(cli, ["solve", str(SAMPLE_WEEK), "-o", str(target)])
    assert result.exit_code == 2, result.stderr
    assert result.stderr.count("\n") == 1
    assert f"folder {target.parent} does not exist" in result.stderr
    assert "OPTIMAL" not in result.stderr  # refused before solving, not after


def test_init_with_a_start_date_that_does_not_exist_is_exit_2(tmp_path: Path) -> None:
    output = tmp_path / "x.yaml"
    result = CliRunner().invoke(
        cli,
        [
            "init",
            "--from-ics",
            str(ROBUSTNESS / "busy.ics"),
            "--start",
            "2026-13-01",
            "-o",
            str(output),
        ],
    )
    assert result.exit_code == 2, result.stderr
    assert result.stderr.strip() == ("liftplan: --start: 2026-13-01: expected a date as YYYY-MM-DD")
    assert not output.exists()


@pytest.mark.parametrize(
    ("assignment", "field"),
    [
        ("season.start=2026-02-29", "season.start"),
        ("availability.dates={2026-02-30: []}", "availability.dates.2026-02-30"),
        ("weights.habit=1000000000000000000000000000000", "weights.habit"),
        ("season.start=9999-12-20", "season.start"),
    ],
)
def test_a_bad_value_through_set_is_one_line_naming_the_field(
    assignment: str, field: str, tmp_path: Path
) -> None:
    out = tmp_path / "plan.json"
    result = CliRunner().invoke(
        cli, ["solve", str(SAMPLE_WEEK), "--set", assignment, "-o", str(out)]
    )
    assert result.exit_code == 2, result.stderr
    assert result.stderr.startswith(f"liftplan: --set: {field}: "), result.stderr
    assert result.stderr.count("\n") == 1
    assert not out.exists()


def test_python_dash_m_liftplan_runs_the_command_line(tmp_path: Path) -> None:
    done = run_liftplan("--version", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("liftplan")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a POSIX pipe")
def test_explain_into_a_closed_pipe_stops_quietly(tmp_path: Path) -> None:
    season = ROBUSTNESS / "19-broken-pipe" / "marathon-16-weeks.yaml"
    env = {**os.environ, "PYTHONPATH": SOURCE}
    explain = subprocess.Popen(
        [sys.executable, "-m", "liftplan", "explain", str(season)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    assert explain.stdout is not None and explain.stderr is not None
    explain.stdout.readline()  # what `head -1` reads, then it goes away
    explain.stdout.close()
    stderr = explain.stderr.read().decode()
    code = explain.wait(timeout=120)
    assert "Traceback" not in stderr and "internal error" not in stderr, stderr
    assert "BrokenPipe" not in stderr, stderr
    # 141 (SIGPIPE's code, as a Unix tool cut off by a pipe) when the reader left first; 0 when
    # the whole explanation already sat in the pipe's buffer before `head` went away.
    assert code in (0, 141), (code, stderr)


@pytest.mark.parametrize("name", sorted(set(SEASONS) - SPECIAL))
def test_a_hostile_season_in_a_batch_is_its_athlete_s_row_never_a_crash(
    name: str, cases: Path
) -> None:
    """What a batch does with each case before solving it: read it as a team of one, hash
    its input (for --resume) and validate it; only InputError may come out (exit 2, or an
    INVALID row). A key that is no text (`? [a, b]`, `~`, `1`) once broke the hash: exit 1."""
    from liftplan.errors import InputError
    from liftplan.io.team_file import load_team, member_season

    try:
        athletes = load_team(cases / name).athletes
    except InputError:
        return
    for athlete in athletes:
        assert len(athlete.input_hash) == 16
        try:
            member_season(athlete)
        except InputError as error:
            assert "\n" not in str(error)


@pytest.mark.parametrize(
    "name", ["79-complex-key.yaml", "80-null-key.yaml", "81-int-weekday-key.yaml"]
)
def test_a_batch_of_a_season_with_keys_that_are_no_text_is_exit_2(name: str, cases: Path) -> None:
    done = run_liftplan("batch", name, "-o", "out", "--jobs", "1", "--quiet", cwd=cases)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "internal error" not in done.stderr
    assert f"{Path(name).stem}: INVALID: {name}: " in done.stderr
    assert (cases / "out" / "summary.csv").read_text().count("INVALID") == 1


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a POSIX system")
@pytest.mark.parametrize(
    ("name", "field"),
    [
        ("61-routines-dev-zero.yaml", "routines"),
        ("62-ics-dev-zero.yaml", "availability.from_ics"),
        ("63-ics-fifo.yaml", "availability.from_ics"),
    ],
)
def test_a_special_file_named_by_a_batch_athlete_is_their_row_naming_the_field(
    name: str, field: str, cases: Path
) -> None:
    done = run_liftplan("batch", name, "-o", "out", "--jobs", "1", "--quiet", cwd=cases, timeout=60)
    assert done.returncode == 2, done.stderr
    (row,) = list(csv.DictReader((cases / "out" / "summary.csv").open()))
    assert row["status"] == "INVALID"
    assert row["error"].startswith(f"{name}: {field}: ")
    assert row["error"].endswith("not a regular file")
