"""Properties over generated seasons: the checker finds nothing wrong, or the solver proved
infeasibility; and the two formulations of the model agree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from liftplan import api
from liftplan.check import check_plan
from liftplan.models import Season, Status
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
                d.isoformat(): draw(runs())
                for d in draw(st.lists(st.sampled_from(dates), max_size=2, unique=True))
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
            "no_heavy_lift_days_before_race": draw(st.integers(0, 10)),
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
