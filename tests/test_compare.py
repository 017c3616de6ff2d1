"""Compare scenarios: one table whose values match plans solved on their own."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from conftest import solve_checked
from liftplan import api
from liftplan.cli.app import cli
from liftplan.io.overrides import merge, with_overrides

EXAMPLES = Path(__file__).parent.parent / "examples"
SEASON = EXAMPLES / "marathon-16-weeks.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_three_scenarios_match_plans_solved_separately(tmp_path: Path) -> None:
    (tmp_path / "no-saturday.yaml").write_text("availability:\n  weekly:\n    sat: []\n")
    code, out, err = run(
        "compare",
        str(SEASON),
        "--format",
        "json",
        "--jobs",
        "2",
        "--scenario",
        "two=lifting.per_week.max=2,lifting.per_week.target=2",
        "--scenario",
        "relaxed=rules.recovery_hours=12",
        "--scenario",
        f"weekday={tmp_path / 'no-saturday.yaml'}",
    )
    assert code == 0, err
    table = json.loads(out)
    assert list(table) == ["base", "two", "relaxed", "weekday"]
    base = api.load_season(SEASON)
    seasons = {
        "base": base,
        "two": with_overrides(base, ["lifting.per_week.max=2", "lifting.per_week.target=2"]),
        "relaxed": with_overrides(base, ["rules.recovery_hours=12"]),
        "weekday": with_overrides(base, ["availability.weekly.sat=[]"]),
    }
    for name, season in seasons.items():
        plan = solve_checked(season)
        column = table[name]["metrics"]
        assert column["status"] == "OPTIMAL"
        assert column["objective"] == plan.objective  # numbers as numbers, not text
        for term, total in plan.score.items():
            assert column[term] == total
        counts = plan.lifts_per_week
        assert column["lifts/week min"] == min(counts)
        assert column["lifts/week mean"] == round(sum(counts) / len(counts), 2)
        assert column["lifts/week max"] == max(counts)
        assert column["total lifting minutes"] == sum(lift.minutes for lift in plan.lifts)
        assert table[name]["reason"] == []
    assert table["two"]["metrics"]["lifts/week max"] == 2
    assert table["two"]["changes"] == ["lifting.per_week.max=2", "lifting.per_week.target=2"]
    assert table["weekday"]["changes"] == ["availability.weekly.sat=[] (from no-saturday.yaml)"]
    assert "removed week 1: Sat 2026-03-07 12:00" in table["two"]["diff"]
    assert table["base"]["diff"] == []


def test_the_text_table_and_an_infeasible_scenario() -> None:
    code, out, _ = run("compare", str(SEASON), "--scenario", "strict=rules.recovery_hours=48")
    assert code == 3
    lines = out.splitlines()
    assert lines[0].split() == ["metric", "base", "strict"]
    assert lines[1].split() == ["status", "OPTIMAL", "INFEASIBLE"]


def test_a_bad_override_is_exit_2_naming_the_path() -> None:
    code, _, err = run("compare", str(SEASON), "--scenario", "x=rules.recovery_hourz=48")
    assert code == 2
    assert err == "liftplan: --scenario x: rules.recovery_hourz: unknown field\n"
    code, _, err = run("compare", str(SEASON), "--scenario", "x=rules.recovery_hours=-1")
    assert code == 2 and "rules.recovery_hours" in err
    code, _, err = run("compare", str(SEASON), "--scenario", "nonsense")
    assert code == 2 and "expected NAME=FILE" in err


def test_merge_keeps_what_the_scenario_does_not_say() -> None:
    base = {"rules": {"recovery_hours": 24, "rest_days_between_lifts": 1}, "weights": {"habit": 5}}
    merged = merge(base, {"rules": {"recovery_hours": 48}})
    assert merged == {
        "rules": {"recovery_hours": 48, "rest_days_between_lifts": 1},
        "weights": {"habit": 5},
    }


def test_a_run_counts_on_every_date_it_touches() -> None:
    """A hard night run Wed 23:00-01:30 makes Thursday a hard day; Thursday's 18:00 lift is
    16.5 h after it. A lift on Friday has no run on its date."""
    from liftplan.compare import metrics
    from liftplan.models.plan import Plan, Session, Status

    def session(activity: str, kind: str, start: dt.datetime, minutes: int, **more: Any) -> Session:
        return Session(
            athlete="a",
            week=1,
            phase="",
            date=start.date(),
            weekday=f"{start:%a}".lower(),
            activity=activity,  # type: ignore[arg-type]
            kind=kind,  # type: ignore[arg-type]
            start=start,
            end=start + dt.timedelta(minutes=minutes),
            minutes=minutes,
            **more,
        )

    wednesday = dt.datetime(2026, 3, 4, 23, tzinfo=dt.UTC)
    night = session("run", "tempo", wednesday, 150, hard=True)
    thursday = session("lift", "heavy", dt.datetime(2026, 3, 5, 18, tzinfo=dt.UTC), 45)
    friday = session("lift", "heavy", dt.datetime(2026, 3, 6, 18, tzinfo=dt.UTC), 45)
    plan = Plan(
        athlete="a",
        timezone="UTC",
        status=Status.OPTIMAL,
        lifts_per_week=[2],
        sessions=[night, thursday, friday],
    )
    rows = metrics(plan)
    assert rows["% lifts on hard days"] == 50
    assert rows["mean run-to-lift gap (h)"] == 16.5
    only_thursday = plan.model_copy(update={"sessions": [night, thursday]})
    assert metrics(only_thursday)["% lifts on hard days"] == 100
