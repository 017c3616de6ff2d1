"""`liftplan batch --scheduler`, as a club runs it: the CLI as a process, against a real Dask
scheduler and workers on 127.0.0.1 that the test starts and tears down (robustness case 01).

A good cluster gives the local pool's exit code and summary; a wrong address is exit 2 and
one line naming it, soon (the subprocess timeout guards against a hang), never exit 1.
"""

from __future__ import annotations

import csv
import json
import shutil
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from benchmarks.instances import generate_season

from liftplan.check import check_plan
from liftplan.io.season_file import season_from_data
from liftplan.models import Plan

CASES = Path(__file__).parents[1] / "cases" / "robustness"
HANG_GUARD = 120  # seconds: far above the promised 15 s, only so that a hang fails the test


def liftplan(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "liftplan.cli", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=HANG_GUARD)


@pytest.fixture(scope="module")
def scheduler() -> Iterator[str]:
    """A real scheduler with two worker processes, listening on 127.0.0.1 only."""
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        protocol="tcp://",
        host="127.0.0.1",
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    ) as cluster:
        assert cluster.scheduler_address.startswith("tcp://127.0.0.1:")
        yield cluster.scheduler_address


def team_file(folder: Path, broken: bool) -> Path:
    athletes: list[dict[str, Any]] = []
    for seed in range(4):
        data = generate_season(4, seed)
        data["id"] = f"runner-{seed}"
        athletes.append(data)
    if broken:
        athletes[1]["timezone"] = "Mars/Base"  # invalid
        athletes[2]["lifting"]["per_week"] = {"min": 5, "max": 5}  # infeasible
    path = folder / "team.json"
    path.write_text(json.dumps({"athletes": athletes}))
    return path


def summary_rows(directory: Path) -> list[dict[str, str]]:
    return list(csv.DictReader((directory / "summary.csv").open(encoding="utf-8")))


def test_an_all_valid_team_on_the_cluster_is_the_local_pool_s(
    tmp_path: Path, scheduler: str
) -> None:
    team = team_file(tmp_path, broken=False)
    dask = liftplan("batch", str(team), "-o", str(tmp_path / "dask"), "--scheduler", scheduler)
    local = liftplan("batch", str(team), "-o", str(tmp_path / "local"), "--jobs", "2")
    assert dask.returncode == 0, dask.stderr
    assert local.returncode == 0, local.stderr
    assert dask.stderr.splitlines()[-1] == local.stderr.splitlines()[-1]
    assert "4 athletes: 4 optimal" in dask.stderr
    for name in sorted(p.name for p in (tmp_path / "local").iterdir()):
        if name != "timings.csv":  # seconds differ; every other file is the same bytes
            assert (tmp_path / "dask" / name).read_bytes() == (
                tmp_path / "local" / name
            ).read_bytes(), name
    athletes = json.loads(team.read_text())["athletes"]
    for row, data in zip(summary_rows(tmp_path / "dask"), athletes, strict=True):
        plan = Plan.model_validate_json((tmp_path / "dask" / f"{row['file']}.json").read_text())
        assert check_plan(season_from_data(data, "team"), plan).ok


def test_a_team_with_bad_athletes_exits_as_locally(tmp_path: Path, scheduler: str) -> None:
    team = team_file(tmp_path, broken=True)
    dask = liftplan("batch", str(team), "-o", str(tmp_path / "dask"), "--scheduler", scheduler)
    local = liftplan("batch", str(team), "-o", str(tmp_path / "local"))
    assert dask.returncode == local.returncode == 2  # invalid input outranks infeasible
    assert dask.stderr == local.stderr
    assert (tmp_path / "dask" / "summary.csv").read_bytes() == (
        tmp_path / "local" / "summary.csv"
    ).read_bytes()
    statuses = [row["status"] for row in summary_rows(tmp_path / "dask")]
    assert statuses == ["OPTIMAL", "INVALID", "INFEASIBLE", "OPTIMAL"]


def test_the_club_s_own_team_file(tmp_path: Path, scheduler: str) -> None:
    """Case 01 as the club wrote it: every athlete planned on the cluster, exit 0; the id
    `Cy/O'Neil` names its files `Cy_O_Neil.*`."""
    shutil.copytree(CASES / "01-dask-scheduler-crash", tmp_path / "case")
    team = tmp_path / "case" / "team.yaml"
    result = liftplan("batch", str(team), "-o", str(tmp_path / "plans"), "--scheduler", scheduler)
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr
    rows = {row["athlete"]: row["status"] for row in summary_rows(tmp_path / "plans")}
    assert rows == {"ana": "OPTIMAL", "ben": "OPTIMAL", "Cy/O'Neil": "OPTIMAL", "dee": "OPTIMAL"}
    assert (tmp_path / "plans" / "Cy_O_Neil.json").is_file()
    assert (tmp_path / "plans" / "team.html").is_file()


class _Service:
    """A TCP service on 127.0.0.1 that is not Dask: it greets with a banner, or says nothing."""

    def __init__(self, banner: bytes) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.banner = banner
        self.connections: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:  # closed
                return
            self.connections.append(connection)
            if self.banner:
                connection.sendall(self.banner)

    def close(self) -> None:
        for connection in self.connections:
            connection.close()
        self.socket.close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.mark.parametrize(
    ("kind", "problem"),
    [
        ("empty", "not a Dask scheduler address"),
        ("garbage", "not a Dask scheduler address"),
        ("http", "not a Dask scheduler address"),
        ("port-out-of-range", "not a Dask scheduler address"),
        ("closed-port", "cannot reach a Dask scheduler"),
        ("banner", "answers, but is not a Dask scheduler"),
        ("silent", "no Dask answer within"),
    ],
)
def test_a_wrong_scheduler_address_is_one_line_naming_it(
    tmp_path: Path, kind: str, problem: str
) -> None:
    pytest.importorskip("distributed")
    team = team_file(tmp_path, broken=False)
    service = None
    if kind in ("banner", "silent"):
        service = _Service(b"SSH-2.0-OpenSSH_9.6\r\n" * 3 if kind == "banner" else b"")
        address = f"tcp://127.0.0.1:{service.port}"
    else:
        address = {
            "empty": "",
            "garbage": "garbage",
            "http": "http://127.0.0.1:8786",
            "port-out-of-range": "tcp://127.0.0.1:99999",
            "closed-port": f"tcp://127.0.0.1:{_closed_port()}",
        }[kind]
    try:
        result = liftplan("batch", str(team), "-o", str(tmp_path / "plans"), "--scheduler", address)
    finally:
        if service is not None:
            service.close()
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"liftplan: --scheduler {address!r}: ")
    assert problem in lines[0]
    assert not (tmp_path / "plans").exists()


def test_calendars_kept_across_runs_on_the_cluster_are_the_local_pool_s(
    tmp_path: Path, scheduler: str
) -> None:
    """`--format ics` run twice into one folder, the second time with every athlete lifting
    at most twice a week: the batch reads each athlete's earlier calendar and the job carries
    it to the worker (a cluster's may not see the folder), so the cluster writes the local
    pool's very calendars, the lifts kept under their UIDs and the dropped ones cancelled."""
    team = team_file(tmp_path, broken=False)
    fewer = json.loads(team.read_text())
    for athlete in fewer["athletes"]:
        athlete["lifting"]["per_week"] = {"min": 1, "max": 2, "target": 2}
    changed = tmp_path / "fewer.json"
    changed.write_text(json.dumps(fewer))
    where = {"dask": ["--scheduler", scheduler], "local": ["--jobs", "2"]}
    for name, options in where.items():
        out = ["-o", str(tmp_path / name), "--format", "ics", *options]
        for run in (team, changed):
            done = liftplan("batch", str(run), *out)
            assert done.returncode == 0, done.stderr
    calendars = sorted(path.name for path in (tmp_path / "local").glob("*.ics"))
    assert len(calendars) == 4
    for name in calendars:
        ics = (tmp_path / "dask" / name).read_text(encoding="utf-8")
        assert ics == (tmp_path / "local" / name).read_text(encoding="utf-8"), name
    texts = [(tmp_path / "dask" / name).read_text(encoding="utf-8") for name in calendars]
    assert any("STATUS:CANCELLED" in text for text in texts)
    for index, athlete in enumerate(fewer["athletes"]):
        plan = Plan.model_validate_json((tmp_path / "dask" / f"runner-{index}.json").read_text())
        report = check_plan(season_from_data(athlete, "team"), plan)
        assert report.ok, [str(v) for v in report.violations]
