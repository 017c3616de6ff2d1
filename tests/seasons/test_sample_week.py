"""The guide's sample week, end to end: the lifts land where the guide puts them."""

from __future__ import annotations

from pathlib import Path

from conftest import EVENINGS, lift_weekdays, make_season, solve_checked
from liftplan import api
from liftplan.models import Status

EXAMPLES = Path(__file__).parents[2] / "examples"


def test_bundled_sample_week_lifts_tue_and_thu_after_the_run_with_3h_gap() -> None:
    season = api.load_season(EXAMPLES / "sample-week.yaml")
    plan = solve_checked(season)
    assert plan.status is Status.OPTIMAL
    assert lift_weekdays(plan) == ["tue", "thu"]
    for lift in plan.lifts:
        morning_run = next(s for s in plan.sessions if s.activity == "run" and s.date == lift.date)
        assert (lift.start - morning_run.end).total_seconds() >= 3 * 3600
    assert plan.objective == 0


def test_third_lift_goes_on_saturday_after_the_long_run_when_the_weekend_is_open() -> None:
    season = make_season(
        availability={"weekly": {**EVENINGS, "sat": ["06:00-20:00"], "sun": ["06:00-20:00"]}},
        lifting={"per_week": {"min": 2, "max": 3, "target": 3}},
    )
    plan = solve_checked(season)
    assert plan.status is Status.OPTIMAL
    assert lift_weekdays(plan) == ["tue", "thu", "sat"]
    saturday = plan.lifts[2]
    long_run = next(s for s in plan.sessions if s.kind == "long")
    assert saturday.start >= long_run.end
    # Right after the 3-hour gap: no penalty, nothing later is better.
    assert (saturday.start - long_run.end).total_seconds() == 3 * 3600
    assert plan.objective == 0


def test_every_lift_says_why_it_is_there() -> None:
    plan = solve_checked(make_season())
    tuesday = plan.lifts[0]
    assert tuesday.reasons[0].startswith("hard day (track)")
    assert "after track, 10 h gap" in tuesday.reasons[1]
    assert any("before Thursday's tempo" in reason for reason in tuesday.reasons)
