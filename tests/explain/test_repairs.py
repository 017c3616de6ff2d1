"""Infeasible seasons explained as a coach would: every failing week named, no day said to
have room that a rule closes, a coach's repairs before rules relaxed season-wide, never an
easy run on race day, and every repair solves into a plan that passes the checker."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import make_season, solve_checked
from liftplan import api
from liftplan.cli.app import cli
from liftplan.io.overrides import with_overrides
from liftplan.models import Season, Status
from liftplan.solver.solve import solve_timeline
from liftplan.timeline import build_timeline

MASTERS = Path(__file__).parents[1] / "seasons" / "races" / "06-masters-half.yaml"


def invoke(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout


def failing_weeks(season: Season) -> list[int]:
    """The weeks that cannot keep their minimum on their own: every other week asks for none."""
    weeks = season.season.weeks or 0
    failing = []
    for week in range(1, weeks + 1):
        others = [f"week_overrides.{w}.lifting.per_week.min=0" for w in range(1, weeks + 1)]
        del others[week - 1]
        alone = with_overrides(season, others)
        if solve_timeline(build_timeline(alone), alone.rules).status is Status.INFEASIBLE:
            failing.append(week)
    return failing


@pytest.fixture(scope="module")
def masters() -> tuple[Season, dict[str, Any], str]:
    code, out = invoke("explain", str(MASTERS), "--json")
    assert code == 3
    text_code, text = invoke("explain", str(MASTERS))
    assert text_code == 3
    return api.load_season(MASTERS), json.loads(out), text


def test_masters_names_every_failing_week(masters: tuple[Season, dict[str, Any], str]) -> None:
    season, data, text = masters
    assert failing_weeks(season) == list(range(1, 10))
    named = [d for c in data["conflicts"] if c["rule"] == "lifts_per_week" for d in c["dates"]]
    start = dt.date(2026, 1, 5)
    assert named == [str(start + dt.timedelta(weeks=k)) for k in range(9)]
    assert "weeks 1-9 (2026-01-05..2026-03-08) each need 2 lifts" in text


def test_masters_claims_no_false_room(masters: tuple[Season, dict[str, Any], str]) -> None:
    _, data, text = masters
    # Fri 09:00-17:00 is free: its lifts are closed by the 48 h before Sunday's long run.
    assert "no free window" not in text and "availability" not in {
        c["rule"] for c in data["conflicts"]
    }
    assert "only Thu has room" in text
    recovery = next(c for c in data["conflicts"] if c["rule"] == "recovery_hours")
    assert "a lift on Fri ends at best 45 h 15 min before Sunday's long" in recovery["message"]
    day_before = next(c for c in data["conflicts"] if c["rule"] == "no_lift_day_before_hard")
    assert {dt.date.fromisoformat(d).weekday() for d in day_before["dates"]} == {0, 2, 5}


def test_masters_repairs_a_coach_first_and_each_solves(
    masters: tuple[Season, dict[str, Any], str],
) -> None:
    season, data, text = masters
    repairs = data["repairs"]
    assert repairs[0]["set"] == ["lifting.per_week.min=1", "lifting.core_sessions=1"]
    assert repairs[0]["kind"] == "coach"
    kinds = [r["kind"] for r in repairs]
    assert kinds == sorted(kinds, key=lambda kind: kind != "coach")  # coach, then relaxations
    assert ["rules.recovery_hours=45"] in [r["set"] for r in repairs if r["kind"] == "relaxation"]
    assert text.index("core session") < text.index("rules.recovery_hours=45")
    for repair in repairs:
        plan = solve_checked(with_overrides(season, repair["set"]))
        assert plan.status is Status.OPTIMAL, repair
        assert len(plan.lifts) == repair["lifts"]
    lift_and_core = solve_checked(with_overrides(season, repairs[0]["set"]))
    core_weeks = {
        (s.start.date() - dt.date(2026, 1, 5)).days // 7 + 1 for s in lift_and_core.core_sessions
    }
    assert set(range(1, 10)) <= core_weeks


def test_masters_solve_says_it_in_one_sentence() -> None:
    plan = api.solve(api.load_season(MASTERS))
    assert plan.status is Status.INFEASIBLE
    assert plan.diagnosis[0].startswith("weeks 1-9 ")
    assert "but no lift the day before a hard run" in plan.diagnosis[0]
    assert plan.diagnosis[1].startswith("repair: one full lift a week plus a short core session")


def test_a_clash_before_a_race_never_asks_to_run_the_race_easy() -> None:
    # Only the Saturday before a Sunday race is free, and the week still asks for a lift.
    season = make_season(
        season={"start": "2026-03-02", "weeks": 1, "phases": []},
        availability={"weekly": {"sat": ["09:00-12:00"]}},
        runs={
            "weekly": {},
            "dates": {"2026-03-08": {"kind": "race", "start": "08:00", "minutes": 60}},
        },
        lifting={"per_week": {"min": 1, "max": 1}},
        rules={"no_lift_days_before_race": 0},
        week_overrides={1: {"lifting": {"per_week": {"min": 1}}}},
    )
    explanation = api.explain(season)
    assert explanation.status is Status.INFEASIBLE
    day_before = next(c for c in explanation.conflicts if c.rule == "no_lift_day_before_hard")
    assert day_before.dates == [dt.date(2026, 3, 7)]
    assert explanation.repairs
    for repair in explanation.repairs:
        assert "run easy" not in repair.description
        assert not any(text.startswith("runs.") for text in repair.set), repair
        assert solve_checked(with_overrides(season, repair.set)).status is Status.OPTIMAL


def test_one_failing_week_is_mended_in_that_week_not_season_wide() -> None:
    path = Path(__file__).parent / "c-race-week-fails.yaml"
    season = api.load_season(path)
    assert failing_weeks(season) == [3]
    code, out = invoke("explain", str(path), "--json")
    assert code == 3
    first = json.loads(out)["repairs"][0]
    assert first["set"] == [
        "week_overrides.3.lifting.per_week.min=1",
        "week_overrides.3.lifting.core_sessions=1",
    ]
    repaired = with_overrides(season, first["set"])
    plan = solve_checked(repaired)
    assert plan.status is Status.OPTIMAL


INFEASIBLE_FILES = [
    MASTERS,
    Path(__file__).parent / "c-race-week-fails.yaml",
    Path(__file__).parents[2] / "examples" / "infeasible" / "masters-half.yaml",
]


@pytest.mark.parametrize("path", INFEASIBLE_FILES, ids=lambda path: path.stem)
def test_solve_shows_the_repair_explain_ranks_first(path: Path, tmp_path: Path) -> None:
    """`solve` looks for one repair and stops early (no rule relaxed once a coach's repair
    is found): the one it prints is still the first of `explain`'s eight."""
    from liftplan.explain.conflicts import shell_sets

    code, out = invoke("explain", str(path), "--json")
    assert code == 3
    first = json.loads(out)["repairs"][0]
    result = CliRunner().invoke(cli, ["solve", str(path), "-o", str(tmp_path / "plan.json")])
    assert result.exit_code == 3
    shown = [line.strip() for line in result.stderr.splitlines() if "repair:" in line]
    assert shown == [f"repair: {first['description']}: {shell_sets(first['set'])}"]


def test_a_relaxation_is_still_solved_when_it_could_make_the_coachs_repair_needless() -> None:
    from liftplan.explain.repairs import _relaxations_rank_after
    from liftplan.models.explanation import Repair

    def repair(sets: list[str], kind: str = "coach") -> Repair:
        return Repair(set=sets, description="", size=1, kind=kind, lifts=1, objective=0)

    core = ["lifting.per_week.min=1", "lifting.core_sessions=1"]
    assert _relaxations_rank_after([repair(core)])  # one essential change: none is smaller
    assert not _relaxations_rank_after([])  # no coach's repair yet
    # `lifting.per_week.min=1` alone, a relaxation, would have fewer changes than this one.
    assert not _relaxations_rank_after([repair([*core, "availability.weekly.fri=[]"])])


def test_a_test_solve_is_charged_its_build_estimate_when_that_is_more_than_its_days() -> None:
    """A week on a 1-minute grid with all-day windows weighs a million lift times: its charge
    is the build's estimated seconds in days' work, far above its 7 days; the guide's evening
    week costs its days."""
    from liftplan.explain.repairs import (
        REPAIR_DAYS_PER_SECOND,
        OutOfBudget,
        RepairBudget,
        solve_charge,
    )
    from liftplan.solver.budget import weighing

    all_day = ["00:00-24:00"]
    fine = make_season(
        availability={"weekly": {"mon": all_day, "tue": all_day, "wed": all_day}},
        lifting={
            "per_week": {"min": 2, "max": 3},
            "granularity_minutes": 1,
            "minutes": {"min": 5, "max": 240},
        },
    )
    timeline = build_timeline(fine)
    build = weighing(timeline).seconds(fine.rules.max_lifts_per_day > 1)
    charge = solve_charge(timeline, fine.rules)
    assert charge == math.ceil(build * REPAIR_DAYS_PER_SECOND)
    assert charge > 10 * len(timeline.days)
    budget = RepairBudget(seconds=build / 2)
    with pytest.raises(OutOfBudget):
        budget.spend(charge)
    assert budget.stopped

    evenings = make_season()
    assert solve_charge(build_timeline(evenings), evenings.rules) == 7
