"""`--time-limit` charges building the model too (issue 15): a season whose lift times
would take more than half the limit to weigh is refused before anything is built (exit 4,
one line saying what limit would do, nothing written); with that limit it solves."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
import yaml

from conftest import run_liftplan
from liftplan.cli import cli  # noqa: F401  (the package must import before the subprocess)

RUNS = {
    "mon": {"kind": "easy", "start": "06:30", "minutes": 40},
    "tue": {"kind": "track", "start": "06:30", "minutes": 60},
    "thu": {"kind": "tempo", "start": "06:30", "minutes": 50},
    "sat": {"kind": "long", "start": "07:00", "minutes": 120},
}
# 4 weeks of all-day weekdays, 1-minute grid, lifts of 5-240 minutes: 6,801,520 lift times,
# about 2.6 s to weigh by models/season.py's costs: just over half of --time-limit 5.
REFUSED = (
    "no plan within --time-limit 5: its 6,801,520 lift times take about 3 s to weigh, "
    "more than half of it; "
    "raise --time-limit to 10 or use a 5-minute grid"
)


def _season(folder: Path) -> Path:
    data = {
        "timezone": "America/New_York",
        "season": {"start": "2026-03-02", "weeks": 4},
        "availability": {
            "weekly": {day: ["00:00-24:00"] for day in ("mon", "tue", "wed", "thu", "fri")}
        },
        "runs": {"weekly": RUNS},
        "lifting": {
            "per_week": {"min": 2, "max": 3},
            "granularity_minutes": 1,
            "minutes": {"min": 5, "max": 240},
        },
    }
    path = folder / "season.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


@pytest.mark.parametrize("command", ["solve", "explain"])
def test_a_season_too_large_to_weigh_in_the_limit_is_refused_before_building(
    command: str, tmp_path: Path
) -> None:
    season = _season(tmp_path)
    extra = ["-o", str(tmp_path / "plan.json")] if command == "solve" else []
    done = run_liftplan(
        command, str(season), "--time-limit", "5", *extra, cwd=tmp_path, timeout=300
    )
    assert done.returncode == 4, done.stderr
    assert done.stderr.strip().splitlines() == [f"liftplan: {season}: {REFUSED}"]
    assert done.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["season.yaml"]  # nothing written


def test_the_limit_it_names_solves_it_and_the_plan_passes_check(tmp_path: Path) -> None:
    season = _season(tmp_path)
    plan = tmp_path / "plan.json"
    done = run_liftplan(
        "solve", str(season), "--time-limit", "10", "-o", str(plan), cwd=tmp_path, timeout=300
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(plan.read_text(encoding="utf-8"))["status"] in ("OPTIMAL", "FEASIBLE")
    checked = run_liftplan("check", str(season), str(plan), cwd=tmp_path, timeout=300)
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_joint_batch_gives_the_too_large_athlete_its_line_and_plans_the_others(
    tmp_path: Path,
) -> None:
    huge = yaml.safe_load(_season(tmp_path).read_text(encoding="utf-8"))
    small = yaml.safe_load(_season(tmp_path).read_text(encoding="utf-8"))
    small["availability"]["weekly"] = {day: ["17:00-21:00"] for day in ("tue", "thu", "sat")}
    small["lifting"] = {"per_week": {"min": 2, "max": 3}, "minutes": 45}
    team = tmp_path / "team.json"
    athletes = [{"id": "huge", **huge}, {"id": "small", **small}]
    team.write_text(json.dumps({"facility": {"capacity": 2}, "athletes": athletes}))
    out = tmp_path / "plans"
    done = run_liftplan(
        "batch",
        str(team),
        "-o",
        str(out),
        "--joint",
        "--time-limit",
        "5",
        cwd=tmp_path,
        timeout=300,
    )
    assert done.returncode == 4, done.stderr  # a plan not found in time, never exit 1
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr
    rows = {
        row["athlete"]: row
        for row in csv.DictReader(io.StringIO((out / "summary.csv").read_text()))
    }
    assert rows["huge"]["status"] == "UNKNOWN" and REFUSED in rows["huge"]["error"]
    assert rows["small"]["status"] == "OPTIMAL"
    (tmp_path / "small.json").write_text(json.dumps(small))
    checked = run_liftplan(
        "check", str(tmp_path / "small.json"), str(out / "small.json"), cwd=tmp_path, timeout=300
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_small_season_refused_at_a_tiny_limit_is_told_a_small_one_that_solves(
    tmp_path: Path,
) -> None:
    """The 16-week example at --time-limit 0.01 (the least accepted): its lift times take a
    few hundredths of a second to weigh, and the line says so and names a limit a person
    types (0.1 s, not 1 s and 5 s); the command with that limit solves and checks."""
    season = Path(__file__).parents[2] / "examples" / "marathon-16-weeks.yaml"
    plan = tmp_path / "plan.json"
    done = run_liftplan(
        "solve", str(season), "--time-limit", "0.01", "-o", str(plan), cwd=tmp_path, timeout=300
    )
    assert done.returncode == 4 and not plan.exists(), done.stderr
    (line,) = done.stderr.strip().splitlines()
    said = re.search(
        r"take about ([0-9.]+) s to weigh, more than half of it; raise --time-limit to ([0-9.]+) ",
        line,
    )
    assert said is not None, line
    weighed, limit = float(said.group(1)), float(said.group(2))
    assert weighed < 0.1 and limit <= 0.2, line
    done = run_liftplan(
        "solve", str(season), "--time-limit", said.group(2), "-o", str(plan), cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr
    checked = run_liftplan("check", str(season), str(plan), cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
