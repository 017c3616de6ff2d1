"""The plan users read: each session typed (hard or not, which kind) and worded at the end."""

from __future__ import annotations

import copy
from pathlib import Path

from conftest import GUIDE_RUNS, make_season, solve_checked
from liftplan import api
from liftplan.models.plan import LiftKind
from liftplan.models.season import RunKind

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_a_runs_own_hard_overrides_its_kind_and_the_session_says_so() -> None:
    runs = copy.deepcopy(GUIDE_RUNS)
    runs["mon"]["hard"] = True  # an easy run made hard
    runs["sat"]["hard"] = False  # a long run made easy
    plan = solve_checked(make_season(runs={"weekly": runs}))
    hard = {s.weekday: s.hard for s in plan.sessions if s.activity == "run"}
    assert hard == {"mon": True, "tue": True, "wed": False, "thu": True, "fri": False, "sat": False}
    assert all(not lift.hard for lift in plan.lifts)
    assert [run.notes for run in plan.sessions if run.activity == "run"] == [
        "hard" if hard[weekday] else "" for weekday in hard
    ]


def test_the_next_hard_run_is_named_by_its_day_and_the_gap_in_hours_and_minutes() -> None:
    runs = copy.deepcopy(GUIDE_RUNS)
    runs["mon"]["hard"], runs["sat"]["hard"] = True, False
    plan = solve_checked(make_season(runs={"weekly": runs}))
    tuesday = plan.lifts[0]
    assert tuesday.weekday == "tue"
    assert tuesday.reasons[1:] == [
        "after track, 10 h gap",
        "36 h 15 min before Thursday's tempo (needs 24 h)",
    ]


def test_runs_carry_run_kinds_and_lifts_the_weeks_lift_kind() -> None:
    plan = solve_checked(api.load_season(EXAMPLES / "marathon-16-weeks.yaml"))
    assert all(isinstance(s.kind, RunKind) for s in plan.sessions if s.activity == "run")
    lift_kinds = {(s.phase, s.kind) for s in plan.sessions if s.activity == "lift"}
    assert {kind for _, kind in lift_kinds} == set(LiftKind)
    assert {phase for phase, kind in lift_kinds if kind is LiftKind.LIGHT} == {"taper"}
    assert all(s.kind is LiftKind.CORE for s in plan.core_sessions)
