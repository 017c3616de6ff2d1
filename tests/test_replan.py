"""Re-planning after life happens: move as little as possible, keep every rule across the
boundary, and change nothing when nothing changed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import seasons

from conftest import make_season, solve_checked
from liftplan import api
from liftplan.check import check_plan
from liftplan.cli.app import cli
from liftplan.compare import lift_changes
from liftplan.models import Plan, Season

EVERY_EVENING = {
    "weekly": {d: ["17:30-21:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
}
TWO_HARD = {
    "weekly": {
        "tue": {"kind": "track", "start": "06:30", "minutes": 60},
        "thu": {"kind": "tempo", "start": "06:30", "minutes": 50},
    }
}
WEDNESDAY = dt.date(2026, 3, 4)
TUESDAY = dt.date(2026, 3, 3)


def season() -> Season:
    return make_season(
        season={"start": "2026-03-02", "weeks": 3, "deload_every_weeks": 0},
        availability=EVERY_EVENING,
        runs=TWO_HARD,
        lifting={"per_week": {"min": 2, "max": 2}},
    )


def checked(season: Season, plan: Plan) -> Plan:
    report = check_plan(season, plan)
    assert report.ok, [str(v) for v in report.violations]
    assert report.objective == plan.objective
    return plan


def test_the_plan_lifts_on_the_hard_days() -> None:
    plan = solve_checked(season())
    assert [lift.weekday for lift in plan.lifts] == ["tue", "thu"] * 3


def test_a_missed_tuesday_adds_one_make_up_lift_and_moves_nothing_else() -> None:
    original = season()
    before = solve_checked(original)
    after, moved = api.replan(original, before, WEDNESDAY, missed=(TUESDAY,))
    checked(original, after)  # the stitched plan keeps every rule, across the boundary too
    assert moved == 0
    changes = lift_changes([lift for lift in before.lifts if lift.date != TUESDAY], after.lifts)
    assert len(changes) == 1 and changes[0].startswith("added   week 1: ")
    make_up = next(lift for lift in after.lifts if lift.week == 1 and lift.weekday != "thu")
    assert make_up.weekday in ("sat", "sun")  # Friday follows Thursday's lift: rest day
    assert [lift.start for lift in after.lifts if lift.week > 1] == [
        lift.start for lift in before.lifts if lift.week > 1
    ]


def test_a_done_lift_counts_for_rest_days_across_the_boundary() -> None:
    original = season()
    before = solve_checked(original)
    # Week 2: the runner lifted on Monday instead of Tuesday. Tuesday's lift would now break
    # the rest day after Monday's, and the week has its two lifts with Thursday: it goes.
    tuesday = next(lift for lift in before.lifts if lift.week == 2 and lift.weekday == "tue")
    monday = tuesday.model_copy(
        update={
            "date": tuesday.date - dt.timedelta(days=1),
            "weekday": "mon",
            "start": tuesday.start - dt.timedelta(days=1),
            "end": tuesday.end - dt.timedelta(days=1),
        }
    )
    done = [lift for lift in before.lifts if lift.week == 1] + [monday]
    after, moved = api.replan(original, before, tuesday.date, done=done, freeze_hours=0)
    assert moved == 1
    assert [lift.weekday for lift in after.lifts if lift.week == 2] == ["mon", "thu"]
    # Only the Monday lift itself (history) breaks a rule; nothing planned after it does.
    violations = check_plan(original, after).violations
    assert violations and {v.date for v in violations} == {monday.date}


def test_nothing_changed_gives_the_same_plan() -> None:
    original = season()
    before = solve_checked(original)
    after, moved = api.replan(original, before, WEDNESDAY)
    assert moved == 0
    assert after.model_dump_json() == before.model_dump_json()


def test_frozen_hours_keep_the_next_lifts_as_planned() -> None:
    original = season()
    before = solve_checked(original)
    thursday = dt.date(2026, 3, 5)
    # Thursday evening is no longer free: without a freeze the lift moves ...
    changed = original.model_copy(deep=True)
    changed.availability.dates[thursday] = []
    free, moved = api.replan(changed, before, thursday, freeze_hours=0)
    assert moved == 1 and not any(lift.date == thursday for lift in free.lifts)
    # ... but within the frozen hours it stays as planned.
    frozen, moved = api.replan(changed, before, thursday, freeze_hours=24)
    assert moved == 0 and any(lift.date == thursday for lift in frozen.lifts)


def test_the_replan_command_prints_the_diff(tmp_path: Path) -> None:
    original = season()
    path = tmp_path / "season.json"
    path.write_text(json.dumps(original.model_dump(mode="json", exclude_none=True)))
    plan = tmp_path / "plan.json"
    runner = CliRunner()
    assert runner.invoke(cli, ["solve", str(path), "-o", str(plan)]).exit_code == 0
    out = tmp_path / "new.json"
    result = runner.invoke(
        cli,
        [
            "replan",
            str(path),
            str(plan),
            "--from",
            "2026-03-04",
            "--missed",
            "2026-03-03",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert (
        "re-planned from 2026-03-04: 1 change(s), 0 planned lift(s) moved or dropped"
        in result.stderr
    )
    assert "moved   week 1: Tue 2026-03-03 17:30 -> S" in result.stderr  # missed, made up
    check = runner.invoke(cli, ["check", str(path), str(out)])
    assert check.exit_code == 0, check.stdout


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seasons(), st.integers(0, 20))
def test_property_nothing_changed_gives_the_same_plan(data: dict[str, object], offset: int) -> None:
    """For any season and any re-plan date: with nothing missed, the same plan, byte for byte."""
    original = Season.model_validate(data)
    before = api.solve(original, repairs=False)
    if not before.status.solved:
        return
    start = original.season.start + dt.timedelta(days=offset % original.season.num_days)
    after, moved = api.replan(original, before, start)
    assert moved == 0
    assert after.model_dump_json() == before.model_dump_json()
