"""A whole team: bad athletes stop nobody, an interrupted batch resumes, Dask gives the same."""

from __future__ import annotations

import csv
import json
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from benchmarks.instances import generate_season
from click.testing import CliRunner

from liftplan.check import check_plan
from liftplan.cli.app import cli
from liftplan.io.season_file import season_from_data
from liftplan.io.team_file import load_team
from liftplan.models import Plan
from liftplan.team.batch import run_batch


def team_file(tmp_path: Path, size: int, weeks: int = 16, broken: bool = True) -> Path:
    athletes: list[dict[str, Any]] = []
    for seed in range(size):
        data = generate_season(weeks, seed)
        data["id"] = f"runner-{seed:02d}"
        athletes.append(data)
    if broken:
        athletes[5]["timezone"] = "Mars/Base"  # invalid
        athletes[7]["lifting"]["per_week"] = {"min": 5, "max": 5}  # infeasible
    path = tmp_path / "team.json"
    path.write_text(json.dumps({"athletes": athletes}))
    return path


def summary(directory: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((directory / "summary.csv").open()))


def test_a_30_athlete_team_with_one_invalid_and_one_infeasible(tmp_path: Path) -> None:
    team = team_file(tmp_path, 30)
    out = tmp_path / "plans"
    result = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out), "--jobs", "2"])
    assert result.exit_code == 2  # some input was invalid
    rows = summary(out)
    assert len(rows) == 30
    bad = {row["athlete"]: row for row in rows if row["status"] != "OPTIMAL"}
    assert set(bad) == {"runner-05", "runner-07"}
    assert bad["runner-05"]["status"] == "INVALID" and "timezone" in bad["runner-05"]["error"]
    assert (
        bad["runner-07"]["status"] == "INFEASIBLE" and "needs 5 lifts" in bad["runner-07"]["error"]
    )
    data = json.loads(team.read_text())["athletes"]
    plans = sorted(out.glob("*.json"))
    assert len(plans) == 28
    for path in plans:
        index = int(path.stem.split("-")[1])
        season = season_from_data(data[index], "team")
        report = check_plan(season, Plan.model_validate_json(path.read_text()))
        assert report.ok, (path.name, [str(v) for v in report.violations])
    assert "runner-05" in (out / "team.html").read_text()
    assert "28 optimal, 1 invalid, 1 infeasible" in result.stderr


def test_an_interrupted_batch_resumes_without_solving_again(tmp_path: Path) -> None:
    team = team_file(tmp_path, 30, weeks=52)
    out = tmp_path / "plans"
    command = [
        sys.executable,
        "-m",
        "liftplan.cli",
        "batch",
        str(team),
        "-o",
        str(out),
        "--jobs",
        "1",
    ]
    process = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if (out / "summary.csv").exists() and len(summary(out)) >= 5:
            process.send_signal(signal.SIGTERM)
            break
        time.sleep(0.02)
    process.wait(timeout=60)
    done_before = {row["athlete"] for row in summary(out)}
    assert 5 <= len(done_before) < 30, "the batch was not interrupted half-way"
    result = CliRunner().invoke(
        cli, ["batch", str(team), "-o", str(out), "--resume", "--jobs", "2"]
    )
    # runner-05's input is invalid: re-read, it is not counted as solved
    solved_now = 30 - len(done_before) - ("runner-05" not in done_before)
    assert f"solved {solved_now} now, {len(done_before)} already up to date" in result.stderr
    rows = summary(out)
    assert len(rows) == 30
    solved = {row["file"] for row in rows if row["status"] == "OPTIMAL"}
    assert {path.stem for path in out.glob("*.json")} == solved


def test_resume_solves_again_what_changed(tmp_path: Path) -> None:
    team = team_file(tmp_path, 4, broken=False)
    out = tmp_path / "plans"
    assert CliRunner().invoke(cli, ["batch", str(team), "-o", str(out)]).exit_code == 0
    data = json.loads(team.read_text())
    data["athletes"][2]["lifting"]["per_week"] = {"min": 1, "max": 2}
    team.write_text(json.dumps(data))
    result = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out), "--resume"])
    assert "solved 1 now, 3 already up to date" in result.stderr


def test_resume_solves_again_whose_routines_file_changed(tmp_path: Path) -> None:
    """The input hash covered the season as written, not the files it names: an athlete whose
    routines file was edited kept the old workouts, 'already up to date'."""
    catalogue = Path(__file__).parents[2] / "src" / "liftplan" / "data" / "routines.yaml"
    (tmp_path / "routines.yaml").write_text(catalogue.read_text())
    team = team_file(tmp_path, 2, weeks=4, broken=False)
    data = json.loads(team.read_text())
    data["athletes"][1]["routines"] = "routines.yaml"
    team.write_text(json.dumps(data))
    out = tmp_path / "plans"
    assert CliRunner().invoke(cli, ["batch", str(team), "-o", str(out), "-q"]).exit_code == 0
    renamed = catalogue.read_text().replace("Pogo hops", "Pogo hopz")
    assert renamed != catalogue.read_text()
    (tmp_path / "routines.yaml").write_text(renamed)
    result = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out), "--resume"])
    assert "solved 1 now, 1 already up to date" in result.stderr
    assert "Pogo hopz" in (out / f"{data['athletes'][1]['id']}.json").read_text()
    result = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out), "--resume"])
    assert "solved 0 now, 2 already up to date" in result.stderr


def test_dask_gives_the_same_plans_as_the_local_pool(tmp_path: Path) -> None:
    distributed = pytest.importorskip("distributed")
    team = load_team(team_file(tmp_path, 6, broken=False)).athletes
    local_dir, dask_dir = tmp_path / "local", tmp_path / "dask"
    with ProcessPoolExecutor(2) as pool:
        run_batch(team, local_dir, pool, formats=("json", "ics"))
    with (
        distributed.LocalCluster(
            n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        run_batch(team, dask_dir, client.get_executor(), formats=("json", "ics"))
    local = sorted(p.name for p in local_dir.glob("runner-*"))
    assert local == sorted(p.name for p in dask_dir.glob("runner-*")) and local
    for name in local:
        assert (local_dir / name).read_bytes() == (dask_dir / name).read_bytes(), name


def test_roster_csv_with_season_files_and_inline_columns(tmp_path: Path) -> None:
    (tmp_path / "base.json").write_text(json.dumps(generate_season(4, 1)))
    (tmp_path / "roster.csv").write_text(
        "id,name,timezone,season_file,season.deload_every_weeks,lifting.per_week.max\n"
        "ana,Ana,Europe/Madrid,base.json,,\n"
        "evil,Eve,,base.json,0,3\n"
    )
    team = load_team(tmp_path / "roster.csv").athletes
    assert [a.stem for a in team] == ["ana", "evil"]
    assert team[0].data["timezone"] == "Europe/Madrid" and team[0].data["name"] == "Ana"
    assert team[1].data["season"]["deload_every_weeks"] == 0
    assert team[1].data["lifting"]["per_week"]["max"] == 3
    out = tmp_path / "plans"
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "roster.csv"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "ana.csv",
        "ana.json",
        "evil.csv",
        "evil.json",
        "summary.csv",
        "team.html",
        "timings.csv",
    ]


def test_a_roster_column_s_file_is_found_beside_the_roster(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`routines` given in a column is found from the roster's folder, as a season file's
    own paths are from its folder, whatever folder batch runs in (it was the latter)."""
    from liftplan.io.catalogue import load_catalogue

    club = tmp_path / "club"
    (club / "sub").mkdir(parents=True)
    catalogue = load_catalogue(None).model_dump(mode="json", by_alias=True, exclude_none=True)
    (club / "sub" / "routines.json").write_text(json.dumps(catalogue))
    (club / "base.json").write_text(json.dumps(generate_season(4, 1)))
    (club / "roster.csv").write_text(
        "id,name,timezone,season_file,routines\nana,Ana,Europe/Madrid,base.json,sub/routines.json\n"
    )
    monkeypatch.chdir(tmp_path)  # not the roster's folder
    (ana,) = load_team(Path("club/roster.csv")).athletes
    assert ana.data["routines"] == str((club / "sub" / "routines.json").resolve())
    out = tmp_path / "plans"
    result = CliRunner().invoke(cli, ["batch", "club/roster.csv", "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    plan = Plan.model_validate_json((out / "ana.json").read_text())
    season = season_from_data(ana.data, "roster")
    assert check_plan(season, plan).ok


def test_roster_template_is_a_valid_roster_as_printed(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["init", "--roster-template"])
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0].startswith("id,name,timezone,season_file")
    roster = tmp_path / "roster.csv"
    roster.write_text(result.stdout)  # untouched, alone in its folder
    checked = CliRunner().invoke(cli, ["validate", str(roster)])
    assert (checked.exit_code, checked.stdout) == (0, f"{roster}: ok\n"), checked.stdout


def test_a_team_member_s_busy_calendar_is_read_from_beside_the_team_file(tmp_path: Path) -> None:
    (tmp_path / "cals").mkdir()
    (tmp_path / "cals" / "busy.ics").write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n"
        "BEGIN:VEVENT\nUID:tt@x\nDTSTART;VALUE=DATE:20260303\nDTEND;VALUE=DATE:20260304\n"
        "RRULE:FREQ=WEEKLY;BYDAY=TU,TH\nSUMMARY:Busy all day\nEND:VEVENT\nEND:VCALENDAR\n"
    )
    athlete = {
        "id": "cal",
        "timezone": "UTC",
        "season": {"start": "2026-03-02", "weeks": 2},
        "availability": {"from_ics": "cals/busy.ics"},
        "runs": {"weekly": {}},
        "lifting": {"per_week": {"min": 1, "max": 3}},
    }
    (tmp_path / "team.json").write_text(json.dumps({"athletes": [athlete]}))
    out = tmp_path / "plans"
    result = CliRunner().invoke(cli, ["batch", str(tmp_path / "team.json"), "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    plan = Plan.model_validate_json((out / "cal.json").read_text())
    assert plan.lifts and not any(lift.weekday in ("tue", "thu") for lift in plan.lifts)


def test_an_athlete_s_bad_entry_stops_nobody(tmp_path: Path) -> None:
    good = generate_season(2, 0)
    athletes = [{**good, "id": "ana"}, {"timezone": "UTC"}, "ben", {**good, "id": "cy", "x": 1}]
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"athletes": athletes, "groups": [{"athletes": ["ana", "cy"]}]}))
    read = load_team(team)
    assert [a.id for a in read.athletes] == ["ana", "athlete-2", "athlete-3", "cy"]
    assert [a.problem for a in read.athletes] == [
        None,
        f"id: required field is missing (and 1 more problem: run `liftplan validate {team}`)",
        "expected a mapping of season fields and `id`",
        "x: unknown field",
    ]
    assert read.facility is None and [g.name for g in read.groups] == ["group 1"]
    out = tmp_path / "plans"
    result = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out), "--jobs", "1"])
    assert result.exit_code == 2  # some input was invalid
    rows = {row["athlete"]: row for row in summary(out)}
    assert rows["ana"]["status"] == "OPTIMAL" and (out / "ana.json").is_file()
    assert rows["cy"]["error"] == f"{team}: athletes[3]: x: unknown field"
    not_a_mapping = "athletes[2]: expected a mapping of season fields and `id`"
    assert rows["athlete-3"]["error"] == f"{team}: {not_a_mapping}"


@pytest.mark.parametrize("joint", [[], ["--joint"]])
def test_a_team_file_without_athletes_names_the_missing_field(
    tmp_path: Path, joint: list[str]
) -> None:
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"facility": {"capacity": 2}}))
    out = tmp_path / "plans"
    result = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out), *joint])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"liftplan: {team}: athletes: required field is missing"
    ]
    assert not out.exists()


def test_an_all_invalid_roster_says_nothing_was_solved(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(
        "id,name,timezone,season_file\n"
        + "".join(f"r{n},Runner {n},Mars/Base,\n" for n in range(1, 5))
    )
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(tmp_path / "plans")])
    assert result.exit_code == 2
    assert "4 athletes: 4 invalid; solved 0 now, 0 already up to date" in result.stderr
    assert not list((tmp_path / "plans").glob("r*.json"))


class _Backwards(Executor):
    """Holds its jobs until ``expected`` are in, then runs them on a thread, the last
    submitted first: every result comes back in the reverse of the team's order."""

    def __init__(self, expected: int) -> None:
        self.expected = expected
        self.jobs: list[tuple[Future[Any], Callable[..., Any], tuple[Any, ...]]] = []

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        self.jobs.append((future, fn, args))
        if len(self.jobs) == self.expected:
            threading.Thread(target=self._run).start()
        return future

    def _run(self) -> None:
        for future, fn, args in reversed(self.jobs):
            future.set_result(fn(*args))


def test_results_ending_out_of_order_are_each_recorded_in_the_teams_order(
    tmp_path: Path,
) -> None:
    path = team_file(tmp_path, 4, weeks=4, broken=False)
    team = load_team(path).athletes
    seen: list[str] = []
    out = tmp_path / "plans"
    report = run_batch(
        team, out, _Backwards(len(team)), on_result=lambda result: seen.append(result.athlete)
    )
    ids = [athlete.id for athlete in team]
    assert sorted(seen) == ids  # each result once, taken as it ended (several: in order)
    assert [row["athlete"] for row in summary(out)] == ids == [r["athlete"] for r in report.rows]
    assert report.solved == 4 and not report.interrupted
    seasons = {athlete.id: season_from_data(athlete.data, "team") for athlete in team}
    for row in summary(out):
        plan = Plan.model_validate_json((out / f"{row['file']}.json").read_bytes())
        assert row["status"] == "OPTIMAL" and check_plan(seasons[row["athlete"]], plan).ok
