"""Which hard rules hold a core-only session (`lifting.core_sessions`), stated once as data
(solver/rules.py: ``binds_core``), kept by the placer and verified by the independent checker.

The guide's own week has core work on Wednesday, the day before Thursday's tempo: a core
session is light and may come the day before a hard run. The days around a race that allow
no lift allow no core work either (the breaker's case: core two days after a 50K)."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import GUIDE_RUNS, make_season, solve_checked
from liftplan.check import check_plan
from liftplan.models import LiftKind, Plan, Season
from liftplan.solver.rules import CORE_DAY_FILTERS, DAY_FILTERS, HARD_RULES


def test_every_rule_says_whether_it_holds_a_core_session_and_why() -> None:
    for rule in HARD_RULES:
        assert rule.core.strip(), rule.name
    held = {rule.name for rule in HARD_RULES if rule.binds_core}
    # Where a core session may go: in a window, off the runs, never in a race's closed days.
    assert held == {
        "availability",
        "no_overlap_with_runs",
        "no_lift_days_before_race",
        "no_lift_days_after_race",
    }
    assert {rule.name for rule in CORE_DAY_FILTERS} == held & {r.name for r in DAY_FILTERS}


def cores(plan: Plan) -> list[dt.date]:
    return sorted(s.date for s in plan.sessions if s.kind is LiftKind.CORE)


def test_a_core_session_may_come_the_day_before_a_hard_run_as_in_the_guide() -> None:
    """The guide's sample week with a core session and evenings free Tuesday to Thursday:
    lifts on Tuesday and Thursday, core work on Wednesday, the day before the tempo; the
    checker passes it."""
    season = make_season(
        season={"start": "2026-03-02", "weeks": 1, "phases": []},
        availability={"weekly": {day: ["17:30-21:00"] for day in ("tue", "wed", "thu")}},
        runs={"weekly": GUIDE_RUNS},
        lifting={"per_week": {"min": 2, "max": 2, "target": 2}, "core_sessions": 1},
    )
    plan = solve_checked(season)
    lifts = sorted(s.date.isoformat() for s in plan.sessions if s.kind is LiftKind.HEAVY)
    assert lifts == ["2026-03-03", "2026-03-05"]  # Tuesday and Thursday, the hard days
    assert cores(plan) == [dt.date(2026, 3, 4)]  # Wednesday: the day before the tempo


def race_season(core_sessions: int = 3) -> Season:
    """Two weeks of easy runs with a marathon on Sunday of week 1: nine days after it
    allow no lift (a marathon's recovery), and two before it."""
    return make_season(
        season={"start": "2026-03-02", "weeks": 2, "phases": []},
        availability={"weekly": {day: ["06:00-21:00"] for day in GUIDE_RUNS}},
        runs={
            "weekly": {},
            "dates": {
                "2026-03-08": {
                    "kind": "race",
                    "start": "08:00",
                    "minutes": 200,
                    "distance": "marathon",
                }
            },
        },
        lifting={"per_week": {"min": 0, "max": 2, "target": 1}, "core_sessions": core_sessions},
    )


def test_no_core_session_in_a_race_s_no_lift_days() -> None:
    season = race_season()
    plan = solve_checked(season)
    closed_before = {dt.date(2026, 3, 6), dt.date(2026, 3, 7), dt.date(2026, 3, 8)}
    days_after = season.rules.race_days("no_lift_days_after_race", season.races()[0])
    closed_after = {dt.date(2026, 3, 8) + dt.timedelta(days=n) for n in range(1, days_after + 1)}
    placed = set(cores(plan))
    assert placed and not placed & (closed_before | closed_after), placed
    # Week 1 still has its three core sessions, on the days before the closed ones.
    assert len([day for day in placed if day.isocalendar().week == 10]) == 3


@pytest.mark.parametrize(
    ("day", "rule"),
    [
        ("2026-03-07", "no_lift_days_before_race"),
        ("2026-03-08", "no_lift_days_before_race"),
        ("2026-03-10", "no_lift_days_after_race"),
    ],
)
def test_the_checker_flags_a_core_session_moved_into_a_race_s_no_lift_days(
    day: str, rule: str
) -> None:
    """A plan edited by hand: its first core session moved to ``day`` (same hours). The
    checker, which imports no solver code, names the race rule it breaks."""
    season = race_season(core_sessions=1)
    plan = solve_checked(season)
    index, core = next((i, s) for i, s in enumerate(plan.sessions) if s.kind is LiftKind.CORE)
    target = dt.date.fromisoformat(day)
    shift = dt.timedelta(days=(target - core.date).days)
    moved = core.model_copy(
        update={
            "date": target,
            "weekday": ("mon", "tue", "wed", "thu", "fri", "sat", "sun")[target.weekday()],
            "week": (target - dt.date(2026, 3, 2)).days // 7 + 1,
            "start": core.start + shift,
            "end": core.end + shift,
        }
    )
    sessions = [*plan.sessions[:index], moved, *plan.sessions[index + 1 :]]
    sessions.sort(key=lambda s: s.start)
    report = check_plan(season, plan.model_copy(update={"sessions": sessions}))
    assert rule in {v.rule for v in report.violations}, [str(v) for v in report.violations]
    if day == "2026-03-08":  # race day: not "0 days before"
        assert any("on the day of the marathon" in v.message for v in report.violations)


@pytest.mark.parametrize(
    ("minutes", "late", "message"),
    [
        (200, 0, "core session lasts 200 min; lifting.core_minutes is 15"),
        (15, 7, "is not on the 15-minute grid"),
    ],
)
def test_the_checker_holds_a_core_session_to_its_length_and_grid(
    minutes: int, late: int, message: str
) -> None:
    season = race_season(core_sessions=1)
    plan = solve_checked(season)
    index, core = next((i, s) for i, s in enumerate(plan.sessions) if s.kind is LiftKind.CORE)
    start = core.start + dt.timedelta(minutes=late)
    edited = core.model_copy(
        update={"start": start, "end": start + dt.timedelta(minutes=minutes), "minutes": minutes}
    )
    sessions = [*plan.sessions[:index], edited, *plan.sessions[index + 1 :]]
    report = check_plan(season, plan.model_copy(update={"sessions": sessions}))
    assert any(v.rule == "core_sessions" and message in v.message for v in report.violations), [
        str(v) for v in report.violations
    ]


def test_the_checker_compares_a_core_session_s_minutes_with_its_times() -> None:
    season = race_season(core_sessions=1)
    plan = solve_checked(season)
    index, core = next((i, s) for i, s in enumerate(plan.sessions) if s.kind is LiftKind.CORE)
    edited = core.model_copy(update={"minutes": 200})
    sessions = [*plan.sessions[:index], edited, *plan.sessions[index + 1 :]]
    report = check_plan(season, plan.model_copy(update={"sessions": sessions}))
    assert [str(v) for v in report.violations] == [
        f"{core.date} core_sessions: core session says 200 min, lasts 15"
    ]


def test_a_core_session_in_the_repeated_hour_of_a_fall_back_night_is_off_the_grid() -> None:
    """New York, Sunday 1 Nov 2026: 01:00-02:00 happens twice. A core session moved to the
    second 01:00 (05:00 UTC) reads 01:00 but lies off the day's grid, as a lift there does."""
    season = make_season(
        timezone="America/New_York",
        season={"start": "2026-10-26", "weeks": 1, "phases": []},
        availability={"weekly": {"sun": ["00:00-03:00"], "tue": ["17:00-21:00"]}},
        runs={"weekly": {"tue": {"kind": "intervals", "start": "07:00", "minutes": 60}}},
        lifting={"per_week": {"min": 1, "max": 1}, "minutes": 45, "core_sessions": 1},
    )
    plan = solve_checked(season)
    index, core = next((i, s) for i, s in enumerate(plan.sessions) if s.kind is LiftKind.CORE)
    assert core.date == dt.date(2026, 11, 1)
    second = dt.datetime(2026, 11, 1, 1, 0, fold=1, tzinfo=core.start.tzinfo)
    start = second.astimezone(dt.timezone(dt.timedelta(hours=-5)))
    edited = core.model_copy(update={"start": start, "end": start + dt.timedelta(minutes=15)})
    sessions = sorted(
        [*plan.sessions[:index], edited, *plan.sessions[index + 1 :]], key=lambda s: s.start
    )
    report = check_plan(season, plan.model_copy(update={"sessions": sessions}))
    assert any("is not on the 15-minute grid" in v.message for v in report.violations), [
        str(v) for v in report.violations
    ]
