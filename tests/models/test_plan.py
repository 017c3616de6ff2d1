"""Session: a typed kind that fits its activity, and a run's hardness as a field."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from pydantic import ValidationError

from liftplan.models.plan import LiftKind, LiftSlot, Plan, Session, Status, match_identities
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


def test_the_week_of_a_date_counts_from_the_season_start_and_none_outside() -> None:
    plan = Plan(
        athlete="a",
        timezone="UTC",
        status=Status.FEASIBLE,
        season_start=dt.date(2026, 3, 3),
        season_end=dt.date(2026, 3, 20),
    )
    assert [plan.week_of(dt.date(2026, 3, d)) for d in (2, 3, 9, 10, 20, 21)] == [
        None,
        1,
        1,
        2,
        3,
        None,
    ]


def test_identities_go_to_the_same_time_first_then_to_a_lift_moved_in_its_week() -> None:
    hour = dt.timedelta(hours=1)

    def at(lift_id: str, day: int, week: int | None, core: bool = False) -> LiftSlot:
        start = START + dt.timedelta(days=day)
        return LiftSlot(lift_id, start, start + hour, week, core)

    earlier = [at("w001-lift1", 0, 1), at("w001-core1", 1, 1, True), at("w001-lift2", 2, 1)]
    earlier.append(at("w009-lift1", 60, None))  # outside the season: by its time alone
    new = [at("", 1, 1), at("", 2, 1), at("", 3, 1, True), at("", 4, 1), at("", 60, 9)]
    assert match_identities(new, earlier) == {
        1: "w001-lift2",  # unmoved
        4: "w009-lift1",
        0: "w001-lift1",  # moved, the week's first left over
        2: "w001-core1",  # a core session takes a core session's
    }
    assert match_identities([at("", 61, 9)], [at("w009-lift1", 60, None)]) == {}
