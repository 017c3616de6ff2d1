"""`--time-limit` bounds the whole command, diagnosis and repairs included (issue 15).

An infeasible season stretched to 208 weeks took 19 s (`solve`) and 24 s (`explain`) with
`--time-limit 5`: the diagnosis and each repair's test solve ran on their own budgets. Now
they take a share of the limit, counted as work (so the output stays the same at any load),
and say so in one line when the repair search stopped there.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run_liftplan
from liftplan.cli import cli  # noqa: F401  (the package must import before the subprocess)

ROOT = Path(__file__).parents[2]
STOPPED = "repairs: search stopped at the time limit; raise --time-limit"


def _long_infeasible(folder: Path) -> Path:
    """examples/infeasible/masters-half.yaml over 208 weeks (its base phase stretched)."""
    text = (ROOT / "examples" / "infeasible" / "masters-half.yaml").read_text(encoding="utf-8")
    text = text.replace("weeks: 14\n", "weeks: 208\n").replace(
        "{name: base,     weeks: 4}", "{name: base,     weeks: 198}"
    )
    season = folder / "season.yaml"
    season.write_text(text, encoding="utf-8")
    return season


@pytest.mark.parametrize("command", ["solve", "explain"])
def test_a_tiny_time_limit_stops_the_repair_search_with_one_honest_line(
    command: str, tmp_path: Path
) -> None:
    season = _long_infeasible(tmp_path)
    extra = ["-o", str(tmp_path / "plan.json")] if command == "solve" else []
    done = run_liftplan(command, str(season), "--time-limit", "1", *extra, cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert (done.stdout + done.stderr).count(STOPPED) == 1, done.stdout + done.stderr
    assert not (tmp_path / "plan.json").exists()


def test_the_stopped_search_says_the_same_on_every_run(tmp_path: Path) -> None:
    season = _long_infeasible(tmp_path)
    first = run_liftplan("explain", str(season), "--time-limit", "1", cwd=tmp_path)
    again = run_liftplan("explain", str(season), "--time-limit", "1", cwd=tmp_path)
    assert first.returncode == again.returncode == 3
    assert first.stdout == again.stdout


def _solve_headline(season: Path, limit: str, cwd: Path) -> str:
    """`solve`'s first diagnosis line for ``season`` under ``--time-limit limit``."""
    done = run_liftplan("solve", str(season), "--time-limit", limit, "-o", "plan.json", cwd=cwd)
    assert done.returncode == 3, done.stderr
    return done.stderr.splitlines()[1].strip()


def test_batch_diagnoses_an_infeasible_athlete_within_the_time_limit(tmp_path: Path) -> None:
    """The clash in summary.csv is found on solve's share of --time-limit: the same words."""
    season = _long_infeasible(tmp_path)
    body = "".join(
        f"    {line}\n"
        for line in season.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith(("#", "id:"))
    )
    team = tmp_path / "team.yaml"
    team.write_text(f"athletes:\n  - id: masters\n{body}", encoding="utf-8")
    summaries = []
    for run in ("one", "two"):
        done = run_liftplan(
            "batch", str(team), "-o", run, "--time-limit", "1", "--quiet", cwd=tmp_path
        )
        assert done.returncode == 3, done.stderr
        summaries.append((tmp_path / run / "summary.csv").read_bytes())
    assert summaries[0] == summaries[1]
    headline = _solve_headline(season, "1", tmp_path)
    assert headline in summaries[0].decode("utf-8")


def test_compare_diagnoses_an_infeasible_scenario_within_the_time_limit(tmp_path: Path) -> None:
    season = _long_infeasible(tmp_path)
    args = ("compare", str(season), "--scenario", "shorter=lifting.minutes=40")
    first = run_liftplan(*args, "--time-limit", "1", cwd=tmp_path)
    again = run_liftplan(*args, "--time-limit", "1", cwd=tmp_path)
    assert first.returncode == again.returncode == 3, first.stderr
    assert first.stdout == again.stdout
    headline = _solve_headline(season, "1", tmp_path)
    assert first.stdout.count(headline) == 1, first.stdout  # the base, as solve words it


def test_replan_diagnosis_and_repairs_stop_at_the_time_limit(tmp_path: Path) -> None:
    """An infeasible re-plan of a 208-week season took 18 s with --time-limit 5: its
    diagnosis, repair search and proving re-plans ran on budgets of their own."""
    season = _long_infeasible(tmp_path)
    relaxed = ("--set", "rules.recovery_hours=24", "--set", "rules.rest_days_between_lifts=1")
    solved = run_liftplan("solve", str(season), *relaxed, "-o", "plan.json", "-q", cwd=tmp_path)
    assert solved.returncode == 0, solved.stderr
    checked = run_liftplan("check", str(season), "plan.json", *relaxed, cwd=tmp_path)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    strict = ("--set", "rules.recovery_hours=48", "--set", "rules.rest_days_between_lifts=2")
    args = ("replan", str(season), "plan.json", "--from", "2026-02-02", *strict)
    first = run_liftplan(*args, "--time-limit", "1", "-o", "re.json", cwd=tmp_path)
    again = run_liftplan(*args, "--time-limit", "1", "-o", "re.json", cwd=tmp_path)
    assert first.returncode == again.returncode == 3, first.stderr
    assert "Traceback" not in first.stderr
    assert first.stderr.count(STOPPED) == 1, first.stderr
    assert first.stderr == again.stderr
    assert not (tmp_path / "re.json").exists()


MINUTE_GRID = (
    Path(__file__).parents[1] / "cases" / "time_limit" / "minute-grid-week-infeasible.yaml"
)


@pytest.mark.parametrize("command", ["solve", "explain"])
def test_a_minute_grid_season_stops_the_repair_search_by_its_build_cost(
    command: str, tmp_path: Path
) -> None:
    """One week on a 1-minute grid, all-day windows, lifts of 5-240 min: a million lift times
    to weigh per test solve, for 7 days. Charged by its days alone the repair search ran far
    past the limit (6 weeks: 10 s `solve`, 17 s `explain` at --time-limit 5); charged by its
    build estimate it stops, and says so the same way on every run."""
    extra = ["-o", str(tmp_path / "plan.json")] if command == "solve" else []
    runs = [
        run_liftplan(command, str(MINUTE_GRID), "--time-limit", "1", *extra, cwd=tmp_path)
        for _ in range(2)
    ]
    for done in runs:
        assert done.returncode == 3, done.stderr
        assert "Traceback" not in done.stderr
        assert (done.stdout + done.stderr).count(STOPPED) == 1, done.stdout + done.stderr
    assert runs[0].stdout == runs[1].stdout
    assert runs[0].stderr == runs[1].stderr
    assert not (tmp_path / "plan.json").exists()
