"""Session: a typed kind that fits its activity, and a run's hardness as a field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from liftplan.models.plan import LiftKind, Plan, Session, Status
from liftplan.models.season import RunKind

START = dt.datetime(2026, 3, 3, 6, 30, tzinfo=dt.UTC)


def session(**fields: Any) -> Session:
    base: dict[str, Any] = {
        "athlete": "a",
        "week": 1,
        "phase": "",
        "date": START.date(),
        "weekday": "tue",
        "activity": "run",
        "kind": "track",
        "start": START,
        "end": START + dt.timedelta(minutes=60),
        "minutes": 60,
    }
    return Session.model_validate(base | fields)


def test_kinds_read_from_text_become_members_of_their_activitys_kind() -> None:
    assert session(kind="track").kind is RunKind.TRACK
    assert session(activity="lift", kind="heavy").kind is LiftKind.HEAVY
    assert session(activity="lift", kind="core").kind is LiftKind.CORE


@pytest.mark.parametrize(("activity", "kind"), [("run", "heavy"), ("lift", "tempo"), ("lift", "x")])
def test_a_kind_of_the_other_activity_or_no_kind_at_all_is_refused(
    activity: str, kind: str
) -> None:
    with pytest.raises(ValidationError):
        session(activity=activity, kind=kind)


def test_a_hard_run_is_written_as_notes_hard_and_the_field_stays_out_of_the_file() -> None:
    hard = session(hard=True)
    assert hard.notes == "hard"
    dumped = hard.model_dump(mode="json")
    assert "hard" not in dumped and dumped["notes"] == "hard" and dumped["kind"] == "track"


def test_notes_hard_read_back_make_the_run_hard_and_other_notes_do_not() -> None:
    assert session(notes="hard").hard
    assert not session(notes="").hard
    assert not session(activity="lift", kind="heavy", notes="hard").hard  # a lift's own note


def test_only_a_run_is_hard() -> None:
    with pytest.raises(ValidationError, match="only a run is hard"):
        session(activity="lift", kind="heavy", hard=True)


def test_lifts_and_core_sessions_are_told_apart_by_kind() -> None:
    heavy = session(activity="lift", kind="heavy")
    core = session(activity="lift", kind="core")
    plan = Plan(
        athlete="a", timezone="UTC", status=Status.FEASIBLE, sessions=[session(), heavy, core]
    )
    assert plan.lifts == [heavy]
    assert plan.core_sessions == [core]
