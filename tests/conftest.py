"""Tiny seasons for tests, the helper every solving test goes through, and the CLI runner."""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from liftplan import api
from liftplan.check import check_plan
from liftplan.cli.app import cli
from liftplan.models import Plan, Season, Status

ROBUSTNESS_CASES = Path(__file__).parent / "cases" / "robustness"
SOURCE = Path(__file__).parents[1] / "src"


def run_liftplan(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """``python -m liftplan ARGS`` in a process of its own, from this checkout's source, as a
    user runs it; ``timeout`` (seconds) only turns a hang into a failure."""
    return subprocess.run(
        [sys.executable, "-m", "liftplan", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(SOURCE)},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def invoke(*args: str | Path) -> tuple[int, str, str]:
    """``liftplan ARGS`` through click's runner, as a user runs it: (exit code, stdout, stderr)."""
    result = CliRunner().invoke(cli, [str(arg) for arg in args])
    return result.exit_code, result.stdout, result.stderr


def solve_both_checked(
    season: Path, folder: Path
) -> tuple[str, list[dict[str, Any]], list[dict[str, str]]]:
    """``liftplan solve SEASON`` to ``folder``/plan.json and plan.csv (exit 0), each put
    through ``liftplan check`` (exit 0, OK): (solve's stderr, the JSON's sessions, the CSV's
    rows)."""
    import csv
    import json

    plan_json, plan_csv = folder / "plan.json", folder / "plan.csv"
    code, _, err = invoke("solve", season, "-o", plan_json, "-o", plan_csv)
    assert code == 0, err
    for written in (plan_json, plan_csv):
        code, out, check_err = invoke("check", season, written)
        assert code == 0, out + check_err
        assert out.startswith(f"{written}: OK, ")
    with plan_csv.open(newline="") as rows:
        table = list(csv.DictReader(rows))
    return err, json.loads(plan_json.read_text())["sessions"], table


def batch_interrupt_team(tmp_path: Path, size: int) -> Path:
    """The first ``size`` athletes of robustness case 11's team (its 300 take minutes to
    plan), as ``tmp_path/team.yaml``."""
    import yaml

    case = ROBUSTNESS_CASES / "11-batch-interrupt" / "team-300.yaml"
    team = yaml.safe_load(case.read_text(encoding="utf-8"))
    team["athletes"] = team["athletes"][:size]
    path = tmp_path / "team.yaml"
    path.write_text(yaml.safe_dump(team), encoding="utf-8")
    return path


def robustness_case(tmp_path: Path, name: str) -> Path:
    """A copy of ``tests/cases/robustness/NAME``: tests write plans beside its season files."""
    folder = tmp_path / name
    shutil.copytree(ROBUSTNESS_CASES / name, folder)
    return folder


EVENINGS = {day: ["17:30-21:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
GUIDE_RUNS = {
    "mon": {"kind": "easy", "start": "06:30", "minutes": 40},
    "tue": {"kind": "track", "start": "06:30", "minutes": 60},
    "wed": {"kind": "easy", "start": "06:30", "minutes": 40},
    "thu": {"kind": "tempo", "start": "06:30", "minutes": 50},
    "fri": {"kind": "easy", "start": "06:30", "minutes": 40},
    "sat": {"kind": "long", "start": "07:00", "minutes": 120},
    "sun": {"kind": "rest"},
}


def guide_team(folder: Path, *ids: str) -> Path:
    """``folder``/team.yaml: the guide's week for two weeks, one athlete of each of ``ids``
    (written as given: UTF-8, any script)."""
    import yaml

    defaults = {
        "timezone": "Europe/Madrid",
        "season": {"start": "2026-03-02", "weeks": 2},
        "availability": {"weekly": EVENINGS},
        "runs": {"weekly": GUIDE_RUNS},
        "lifting": {"per_week": {"min": 2, "max": 3, "target": 2}, "minutes": 45},
    }
    athletes = [{"id": athlete, "name": f"Name {n}"} for n, athlete in enumerate(ids)]
    path = folder / "team.yaml"
    document = {"defaults": defaults, "athletes": athletes}
    path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
    return path


def season_data(**sections: Any) -> dict[str, Any]:
    """The guide's sample week (Mon 2026-03-02, UTC); each given section replaces its default."""
    base = {
        "id": "test",
        "timezone": "UTC",
        "season": {"start": "2026-03-02", "weeks": 1, "phases": []},  # no phases derived
        "availability": {"weekly": EVENINGS},
        "runs": {"weekly": GUIDE_RUNS},
        "lifting": {"per_week": {"min": 2, "max": 3, "target": 2}, "minutes": 45},
    }
    return copy.deepcopy({**base, **sections})


def make_season(**sections: Any) -> Season:
    return Season.model_validate(season_data(**sections))


def solve_checked(season: Season, **options: Any) -> Plan:
    """Solve, and put every solved plan through the independent checker."""
    plan = api.solve(season, **options)
    if plan.status.solved:
        report = check_plan(season, plan)
        assert report.ok, [str(v) for v in report.violations]
        assert report.score == plan.score
        assert report.objective == plan.objective
    if plan.status is Status.OPTIMAL:
        assert plan.bound == plan.objective
    return plan


def lift_days(plan: Plan) -> list[str]:
    return [f"{lift.date}" for lift in plan.lifts]


def lift_weekdays(plan: Plan) -> list[str]:
    return [lift.weekday for lift in plan.lifts]


@pytest.fixture
def sample_week() -> Season:
    return make_season()


@contextmanager
def immutable(path: Path) -> Iterator[None]:
    """``path`` made immutable (chattr +i: no rename onto it, even by root) meanwhile."""
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("chattr +i needs root on a file system that has the flag")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)
