"""Properties over generated seasons: the checker finds nothing wrong, or the solver proved
infeasibility; the two formulations of the model agree; and around the races (0-4 a season,
named, in km or judged, of any priority, up to two days long, some across midnight or a
daylight-saving change) lifts are light, absent or kept as a coach expects."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from liftplan import api
from liftplan.check import check_plan
from liftplan.models import Plan, Season, Status
from liftplan.models.plan import LiftKind
from liftplan.models.races import RaceDistance
from liftplan.solver.model import ModelOptions, build_model
from liftplan.solver.solve import configure
from liftplan.timeline import build_timeline

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
KINDS = (
    "easy",
    "recovery",
    "long",
    "tempo",
    "threshold",
    "intervals",
    "track",
    "hills",
    "race",
    "rest",
)
ZONES = ("UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata")


def clock(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


@st.composite
def windows(draw: st.DrawFn) -> list[str]:
    result = []
    for _ in range(draw(st.integers(0, 2))):
        start = draw(st.integers(0, 23 * 60 - 5))
        length = draw(st.integers(5, 24 * 60 - start))
        result.append(f"{clock(start)}-{clock(start + length)}")
    return result


@st.composite
def runs(draw: st.DrawFn) -> Any:
    kind = draw(st.sampled_from(KINDS))
    if kind == "rest":
        return {"kind": "rest"}
    run = {
        "kind": kind,
        "start": clock(draw(st.integers(0, 24 * 60 - 1))),
        "minutes": draw(st.integers(10, 180)),
    }
    if draw(st.booleans()):
        run["hard"] = draw(st.booleans())
    return run


@st.composite
def races(draw: st.DrawFn) -> dict[str, Any]:
    """A race of 10 minutes to two days, its distance named, in km or left to its minutes."""
    race: dict[str, Any] = {
        "kind": "race",
        "start": clock(draw(st.integers(0, 24 * 60 - 1))),
        "minutes": draw(st.one_of(st.integers(10, 300), st.integers(300, 2 * 24 * 60))),
    }
    distance = draw(
        st.one_of(
            st.none(),
            st.sampled_from([str(name) for name in RaceDistance]),
            st.floats(0.8, 250, allow_nan=False).map(lambda km: round(km, 1)),
        )
    )
    if distance is not None:
        race["distance"] = distance
    priority = draw(st.sampled_from([None, "A", "B", "C"]))
    if priority is not None:
        race["priority"] = priority
    return race


def window_rule(draw: st.DrawFn, high: int) -> dict[str, int]:
    """Half the time by distance (absent), else a number written for every race."""
    return {} if draw(st.booleans()) else {"days": draw(st.integers(0, high))}


@st.composite
def seasons(draw: st.DrawFn) -> dict[str, Any]:
    # Around daylight-saving changes in both hemispheres, and across a year end.
    start = draw(
        st.sampled_from([dt.date(2026, 3, 5), dt.date(2026, 10, 1), dt.date(2026, 12, 28)])
    )
    start += dt.timedelta(days=draw(st.integers(0, 6)))
    weeks = draw(st.integers(1, 3))
    dates = [start + dt.timedelta(days=i) for i in range(7 * weeks)]
    low = draw(st.integers(0, 3))
    high = draw(st.integers(low, 4))
    minutes: Any = draw(st.sampled_from([30, 45, 60, {"min": 30, "max": 60}]))
    phase_names = ["base", "build", "peak", "taper", "race", "recovery"]
    phases = [{"name": draw(st.sampled_from(phase_names)), "weeks": 1} for _ in range(weeks)]
    return {
        "timezone": draw(st.sampled_from(ZONES)),
        "season": {
            "start": start.isoformat(),
            "weeks": weeks,
            **({"phases": phases} if draw(st.booleans()) else {}),
        },
        "availability": {
            "weekly": {day: draw(windows()) for day in DAYS},
            "dates": {
                d.isoformat(): draw(windows())
                for d in draw(st.lists(st.sampled_from(dates), max_size=3, unique=True))
            },
        },
        "runs": {
            "weekly": {day: draw(st.lists(runs(), max_size=2)) for day in DAYS},
            "dates": {
                **{
                    d.isoformat(): draw(runs())
                    for d in draw(st.lists(st.sampled_from(dates), max_size=2, unique=True))
                },
                **{
                    d.isoformat(): draw(races())
                    for d in draw(st.lists(st.sampled_from(dates), max_size=4, unique=True))
                },
            },
        },
        "lifting": {
            "per_week": {"min": low, "max": high},
            "minutes": minutes,
            "gap_hours": draw(st.sampled_from([0, 1.5, 3])),
            "granularity_minutes": draw(st.sampled_from([15, 30, 60])),
        },
        "rules": {
            "no_lift_day_before_hard": draw(st.booleans()),
            "recovery_hours": draw(st.sampled_from([0, 12, 24, 36, 48])),
            "rest_days_between_lifts": draw(st.integers(0, 2)),
            "max_lifts_per_day": draw(st.integers(1, 2)),
            "no_lift_days_before_race": draw(st.integers(0, 3)),
            **{
                rule: days
                for rule, high in (
                    ("no_heavy_lift_days_before_race", 10),
                    ("no_lift_days_after_race", 4),
                    ("light_lift_days_after_race", 8),
                )
                for days in window_rule(draw, high).values()
            },
        },
        "weights": {
            "easy_day_lift": draw(st.integers(0, 200)),
            "short_gap_minute": draw(st.integers(0, 3)),
            "wrong_order": draw(st.integers(0, 100)),
            "below_target": draw(st.integers(0, 300)),
            "habit": draw(st.integers(0, 20)),
            "short_lift_minute": draw(st.integers(0, 3)),
        },
    }


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seasons())
def test_checker_finds_nothing_or_the_solver_proved_infeasibility(data: dict[str, Any]) -> None:
    season = Season.model_validate(data)
    plan = api.solve(season, time_limit=20)
    assert plan.status in (Status.OPTIMAL, Status.INFEASIBLE)
    if plan.status is Status.INFEASIBLE:
        assert plan.diagnosis
        return
    report = check_plan(season, plan)
    assert report.ok, [str(v) for v in report.violations]
    assert report.score == plan.score
    assert plan.objective == plan.bound == report.objective


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seasons())
def test_weekly_patterns_and_per_day_booleans_agree(data: dict[str, Any]) -> None:
    """The default formulation (weekly patterns) against the rules stated as constraints
    day by day: the same status and the same optimum (tie-break included: the same plan).
    The checker cannot see a plan wrongly called infeasible or a worse optimum; this can."""
    season = Season.model_validate(data)
    timeline = build_timeline(season)
    answers = []
    for patterns in (True, False):
        built = build_model(timeline, season.rules, options=ModelOptions(patterns=patterns))
        solver = cp_model.CpSolver()
        configure(solver, workers=1, seed=0, time_limit=20)
        status = solver.solve(built.model)
        assert status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
        value = round(solver.objective_value) if status == cp_model.OPTIMAL else None
        answers.append((status, value))
    assert answers[0] == answers[1]


# A race from Sat 22:00 for 25.5 h across New York's spring-forward night (Sun 2026-03-08):
# elapsed, it ends Mon 00:30 EDT, so it touches three dates (wall-clock arithmetic would say
# Sun 23:30, two). Evenings free every day: the windows count from its first and last dates.
ACROSS_DST: dict[str, Any] = {
    "timezone": "America/New_York",
    "season": {"start": "2026-03-02", "weeks": 3},
    "availability": {"weekly": {day: ["17:00-21:00"] for day in DAYS}},
    "runs": {
        "weekly": {"tue": [{"kind": "tempo", "start": "06:30", "minutes": 50}]},
        "dates": {
            "2026-03-07": {
                "kind": "race",
                "start": "22:00",
                "minutes": 1530,
                "distance": "50k",
                "priority": "A",
            },
            "2026-03-19": {"kind": "race", "start": "09:00", "minutes": 25, "priority": "B"},
        },
    },
    "lifting": {"per_week": {"min": 2, "max": 3}, "minutes": 45},
    "rules": {"rest_days_between_lifts": 0},
}


def race_facts(season: Season, plan: Plan) -> list[tuple[str, list[dt.date], int, int, int]]:
    """Each race as (priority, its local dates from the plan's own run, light days before,
    no-lift days after, light days after)."""
    by_start = {s.date: s.dates for s in plan.sessions if s.activity == "run" and s.kind == "race"}
    rules = season.rules
    return [
        (
            race.priority,
            by_start[race.date],
            rules.race_days("no_heavy_lift_days_before_race", race),
            rules.race_days("no_lift_days_after_race", race),
            rules.race_days("light_lift_days_after_race", race),
        )
        for race in season.races()
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seasons())
@example(ACROSS_DST)
def test_around_races_lifts_are_light_absent_or_kept(data: dict[str, Any]) -> None:
    """Counted from the plan's own sessions, not the checker's facts: a lift 1..N days before
    an A or B race (N its light window) is light; no lift in a post-race no-lift window; a
    race week that is not closed keeps its capped minimum."""
    season = Season.model_validate(data)
    plan = api.solve(season, time_limit=20)
    assert plan.status in (Status.OPTIMAL, Status.INFEASIBLE)
    if plan.status is Status.INFEASIBLE:
        return
    assert check_plan(season, plan).ok
    facts = race_facts(season, plan)
    lifts = [s for s in plan.lifts if s.kind is not LiftKind.CORE]
    for priority, dates, light_before, no_lift_after, _ in facts:
        first, last = dates[0], dates[-1]
        for lift in (s for s in plan.sessions if s.activity == "lift"):  # core ones too
            if 0 < (lift.date - last).days <= no_lift_after:
                raise AssertionError(f"{lift.kind} lift on {lift.date}, after the race on {first}")
            if lift.date in dates:
                raise AssertionError(f"{lift.kind} lift on {lift.date}, a day of a race")
        if priority in ("A", "B"):
            for lift in lifts:
                if 0 < (first - lift.date).days <= light_before:
                    assert lift.kind is LiftKind.LIGHT, (lift.date, first, light_before)
    span = season.season
    closed = {week.week for week in plan.closed_weeks}
    race_weeks: set[int] = set()
    for priority, dates, _, no_lift_after, _ in facts:
        if priority == "C":
            continue
        weeks = {(d - span.start).days // 7 + 1 for d in dates}
        if priority == "A":
            weeks.add(max(weeks) + 1)
        # ... and the weeks its days of no lift after it reach into
        after = (dates[-1] + dt.timedelta(days=n) for n in range(1, no_lift_after + 1))
        weeks |= {(d - span.start).days // 7 + 1 for d in after}
        # ... and those its days of no lift before it reach back into
        lead_in = range(1, season.rules.no_lift_days_before_race + 1)
        before = (dates[0] - dt.timedelta(days=n) for n in lead_in)
        weeks |= {(d - span.start).days // 7 + 1 for d in before if d >= span.start}
        race_weeks |= {week for week in weeks if 1 <= week <= span.num_weeks}
    for week in sorted(race_weeks - closed):
        days = min(7, span.num_days - 7 * (week - 1))
        minimum = min(season.lifting_for_week(week).per_week.min, 1) * days // 7
        held = sum(1 for lift in lifts if lift.week == week)
        assert held >= minimum, (week, held, minimum)
    for week in closed:  # a race week, or one asking for lifts that the races close
        asks = season.lifting_for_week(week).per_week.min > 0
        assert week in race_weeks or (asks and not season.explicit_minimum(week)), week
        assert not any(lift.week == week for lift in lifts)


def test_the_race_across_the_dst_night_counts_its_windows_from_both_its_dates() -> None:
    season = Season.model_validate(ACROSS_DST)
    plan = api.solve(season)
    assert plan.status is Status.OPTIMAL
    (priority, dates, light_before, no_lift_after, light_after), _ = race_facts(season, plan)
    assert (priority, light_before, no_lift_after, light_after) == ("A", 12, 8, 14)
    assert dates == [dt.date(2026, 3, 7), dt.date(2026, 3, 8), dt.date(2026, 3, 9)]
    days = {lift.date for lift in plan.lifts}
    assert not days & {dt.date(2026, 3, 9) + dt.timedelta(days=n) for n in range(9)}
    assert days  # the season still lifts: before the race and after the window
    assert all(lift.kind is LiftKind.LIGHT for lift in plan.lifts)
