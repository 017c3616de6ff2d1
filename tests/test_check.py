"""The independent checker catches each kind of broken plan, and passes good ones."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import make_season, solve_checked
from liftplan.check import check_plan
from liftplan.models import Plan, Season, Session

UTC = dt.UTC


@pytest.fixture(scope="module")
def solved() -> tuple[Season, Plan]:
    season = make_season()
    return season, solve_checked(season)


def moved(plan: Plan, index: int, start: str, minutes: int = 45) -> Plan:
    """The plan with lift ``index`` moved to ``start`` (UTC, ISO)."""
    copy = plan.model_copy(deep=True)
    lift = copy.lifts[index]
    begin = dt.datetime.fromisoformat(start).replace(tzinfo=UTC)
    lift.start, lift.end, lift.minutes = begin, begin + dt.timedelta(minutes=minutes), minutes
    lift.date, lift.weekday = (
        begin.date(),
        ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[begin.weekday()],
    )
    copy.objective = None  # compare rules only
    return copy


def broken_rules(season: Season, plan: Plan) -> set[str]:
    return {violation.rule for violation in check_plan(season, plan).violations}


def test_a_solved_plan_is_clean(solved: tuple[Season, Plan]) -> None:
    season, plan = solved
    report = check_plan(season, plan)
    assert report.ok and report.objective == plan.objective


@pytest.mark.parametrize(
    ("start", "minutes", "rules"),
    [
        ("2026-03-02T17:30", 45, {"no_lift_day_before_hard", "recovery_hours"}),  # Monday
        ("2026-03-03T21:00", 45, {"availability"}),  # after the window closes
        ("2026-03-03T06:45", 45, {"availability", "no_overlap_with_runs"}),
        ("2026-03-03T17:37", 45, {"granularity"}),
        ("2026-03-03T17:30", 50, {"lift_minutes"}),
        (
            "2026-03-04T17:30",
            45,
            {"no_lift_day_before_hard", "recovery_hours", "rest_days_between_lifts"},
        ),
    ],
)
def test_each_broken_rule_is_named(
    solved: tuple[Season, Plan], start: str, minutes: int, rules: set[str]
) -> None:
    season, plan = solved
    assert broken_rules(season, moved(plan, 0, start, minutes)) == rules


def test_too_few_lifts_in_a_week(solved: tuple[Season, Plan]) -> None:
    season, plan = solved
    fewer = plan.model_copy(deep=True)
    fewer.sessions = [
        s for s in fewer.sessions if not (s.activity == "lift" and s.weekday == "thu")
    ]
    fewer.objective = None
    assert broken_rules(season, fewer) == {"lifts_per_week", "workouts"}  # no hinge that week


def test_two_lifts_on_one_day(solved: tuple[Season, Plan]) -> None:
    season, plan = solved
    doubled = plan.model_copy(deep=True)
    second = doubled.lifts[0].model_copy()
    second.start += dt.timedelta(hours=1)
    second.end += dt.timedelta(hours=1)
    doubled.sessions.append(second)
    doubled.objective = None
    assert broken_rules(season, doubled) == {"max_lifts_per_day"}


def test_a_missing_run_and_an_invented_run(solved: tuple[Season, Plan]) -> None:
    season, plan = solved
    changed = plan.model_copy(deep=True)
    run = next(s for s in changed.sessions if s.kind == "long")
    run.start += dt.timedelta(hours=1)
    run.end += dt.timedelta(hours=1)
    messages = [str(v) for v in check_plan(season, changed).violations]
    assert any("long run is missing" in m for m in messages)
    assert any("long run is not in the season" in m for m in messages)


def test_a_wrong_score_is_caught(solved: tuple[Season, Plan]) -> None:
    season, plan = solved
    lying = plan.model_copy(deep=True)
    lying.score["habit"] = 5
    lying.objective = 5
    assert broken_rules(season, lying) == {"score", "objective"}


def test_race_cutoffs() -> None:
    season = make_season(
        season={"start": "2026-03-02", "weeks": 2, "phases": []},  # no derived taper
        availability={"weekly": {d: ["17:30-21:00"] for d in ("mon", "tue", "wed")}},
        runs={
            "weekly": {},
            "dates": {"2026-03-15": {"kind": "race", "start": "08:00", "minutes": 60}},
        },
        lifting={"per_week": {"min": 0, "max": 2}},
    )
    plan = solve_checked(season)
    late = moved(plan, len(plan.lifts) - 1, "2026-03-13T18:00")
    assert {"no_lift_days_before_race", "no_heavy_lift_days_before_race"} <= broken_rules(
        season, late
    )
    mid = moved(plan, len(plan.lifts) - 1, "2026-03-10T18:00")
    assert "no_heavy_lift_days_before_race" in broken_rules(season, mid)
    assert "no_lift_days_before_race" not in broken_rules(season, mid)


def test_recovery_is_checked_in_elapsed_time_across_daylight_saving() -> None:
    season = make_season(
        timezone="America/New_York",
        season={"start": "2026-03-02", "weeks": 1},
        availability={"weekly": {"sat": ["16:00-20:00"]}},
        runs={"weekly": {"sun": {"kind": "tempo", "start": "19:00", "minutes": 45}}},
        lifting={"per_week": {"min": 1, "max": 1}},
        rules={"no_lift_day_before_hard": False},
    )
    plan = solve_checked(season)
    # Saturday 18:15-19:00 EST is 24 h before Sunday 19:00 on the wall clock but 23 h elapsed.
    late = moved(plan, 0, "2026-03-07T23:15")
    assert broken_rules(season, late) == {"recovery_hours"}


def test_sessions_keep_their_local_offset() -> None:
    plan = solve_checked(make_season(timezone="Europe/Oslo"))
    assert all(
        isinstance(s, Session) and s.start.utcoffset() == dt.timedelta(hours=1)
        for s in plan.sessions
    )
