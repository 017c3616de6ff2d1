"""The plan users read: each session typed (hard or not, which kind) and worded at the end."""

from __future__ import annotations

import copy
from pathlib import Path

from conftest import GUIDE_RUNS, make_season, solve_checked
from liftplan import api
from liftplan.models.plan import LiftKind, Session
from liftplan.models.season import RunKind
from liftplan.plan.build import LIFT_GIVEN, RUN_GIVEN

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


def test_each_session_is_what_model_construct_makes_of_the_fields_its_builder_gives() -> None:
    """`_Common.session` writes a session's ``__dict__`` whole, in field order, and names the
    fields a run or a lift gives: the instance `model_construct` makes of those values."""
    plan = solve_checked(api.load_season(EXAMPLES / "marathon-16-weeks.yaml"))
    assert {s.activity for s in plan.sessions} == {"run", "lift"}
    for session in plan.sessions:
        given = set(session.__pydantic_fields_set__) - {"lift_id"}  # a lift's is set after
        values = {name: session.__dict__[name] for name in session.__pydantic_fields_set__}
        made = Session.model_construct(**values)
        assert list(session.__dict__.items()) == list(made.__dict__.items())
        assert session.__pydantic_fields_set__ == made.__pydantic_fields_set__
        if session.activity == "run":
            assert given == RUN_GIVEN
        else:
            assert given == LIFT_GIVEN
