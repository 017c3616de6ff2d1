"""One test per soft term (SPEC section 4): the exact penalty, the zero case, the weight."""

from __future__ import annotations

from conftest import lift_weekdays, make_season, solve_checked
from liftplan.models import Status
from liftplan.solver.objectives import SOFT_TERMS

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ONE_LIFT = {"per_week": {"min": 1, "max": 1, "target": 1}, "minutes": 45}


def windows(**by_day: list[str]) -> dict[str, object]:
    return {"weekly": {day: by_day.get(day, []) for day in DAYS}}


def track_tuesday(start: str = "06:30") -> dict[str, object]:
    return {"weekly": {"tue": {"kind": "track", "start": start, "minutes": 60}}}


def only_term(plan_score: dict[str, int], term: str) -> int:
    others = {name: total for name, total in plan_score.items() if name != term}
    assert all(total == 0 for total in others.values()), others
    return plan_score[term]


def test_every_term_is_reported_even_when_zero() -> None:
    plan = solve_checked(make_season())
    assert list(plan.score) == [term.name for term in SOFT_TERMS]
    assert sum(plan.score.values()) == plan.objective == 0


def test_easy_day_lift_costs_its_weight_per_lift() -> None:
    season = make_season(
        availability=windows(wed=["17:30-21:00"]), runs={"weekly": {}}, lifting=ONE_LIFT
    )
    assert only_term(solve_checked(season).score, "easy_day_lift") == 100
    heavy = make_season(
        availability=windows(wed=["17:30-21:00"]),
        runs={"weekly": {}},
        lifting=ONE_LIFT,
        weights={"easy_day_lift": 7},
    )
    assert only_term(solve_checked(heavy).score, "easy_day_lift") == 7


def test_easy_day_lift_is_zero_on_a_hard_day_and_prefers_it() -> None:
    season = make_season(
        availability=windows(tue=["17:30-21:00"], wed=["17:30-21:00"]),
        runs=track_tuesday(),
        lifting=ONE_LIFT,
    )
    plan = solve_checked(season)
    assert lift_weekdays(plan) == ["tue"]
    assert plan.objective == 0


def test_short_gap_minute_counts_each_minute_short_of_gap_hours() -> None:
    # Track 06:30-07:30, window 08:30-09:15: the 45-minute lift starts 1 h after the run.
    season = make_season(
        availability=windows(tue=["08:30-09:15"]), runs=track_tuesday(), lifting=ONE_LIFT
    )
    assert only_term(solve_checked(season).score, "short_gap_minute") == 120
    tripled = make_season(
        availability=windows(tue=["08:30-09:15"]),
        runs=track_tuesday(),
        lifting=ONE_LIFT,
        weights={"short_gap_minute": 3},
    )
    assert only_term(solve_checked(tripled).score, "short_gap_minute") == 360


def test_short_gap_minute_is_zero_from_gap_hours_on_and_the_lift_waits_for_it() -> None:
    season = make_season(
        availability=windows(tue=["08:00-12:00"]),
        runs=track_tuesday(),
        lifting={**ONE_LIFT, "gap_hours": 2},
    )
    plan = solve_checked(season)
    assert plan.objective == 0
    assert (plan.lifts[0].start.hour, plan.lifts[0].start.minute) == (9, 30)


def easy_tuesday(start: str) -> dict[str, object]:
    # An easy run: lifting hours before a hard one would break recovery_hours.
    return {"weekly": {"tue": {"kind": "easy", "start": start, "minutes": 40}}}


NO_DAY_COST = {"easy_day_lift": 0, "short_gap_minute": 0}


def test_wrong_order_costs_a_lift_before_the_run() -> None:
    season = make_season(
        availability=windows(tue=["06:00-07:00"]),
        runs=easy_tuesday("18:00"),
        lifting=ONE_LIFT,
        weights=NO_DAY_COST,
    )
    assert only_term(solve_checked(season).score, "wrong_order") == 50


def test_wrong_order_is_zero_for_a_lift_after_the_run_and_the_solver_prefers_it() -> None:
    season = make_season(
        availability=windows(tue=["06:00-07:00", "20:00-21:00"]),
        runs=easy_tuesday("12:00"),
        lifting=ONE_LIFT,
        weights=NO_DAY_COST,
    )
    plan = solve_checked(season)
    assert plan.lifts[0].start.hour == 20
    assert plan.objective == 0


def test_wrong_order_in_a_base_phase_prefers_lifting_first() -> None:
    base = {"start": "2026-03-02", "weeks": 1, "phases": [{"name": "base", "weeks": 1}]}
    both = make_season(
        season=base,
        availability=windows(tue=["06:00-07:00", "20:00-21:00"]),
        runs=easy_tuesday("12:00"),
        lifting=ONE_LIFT,
        weights=NO_DAY_COST,
    )
    plan = solve_checked(both)
    assert plan.lifts[0].start.hour == 6
    assert plan.objective == 0
    after = make_season(
        season=base,
        availability=windows(tue=["20:00-21:00"]),
        runs=easy_tuesday("06:30"),
        lifting=ONE_LIFT,
        weights=NO_DAY_COST,
    )
    assert only_term(solve_checked(after).score, "wrong_order") == 50


def test_below_target_costs_each_missing_lift() -> None:
    season = make_season(lifting={"per_week": {"min": 1, "max": 3, "target": 3}})
    plan = solve_checked(season)
    assert len(plan.lifts) == 2  # only Tue and Thu are legal in the sample week
    assert only_term(plan.score, "below_target") == 150


def test_below_target_is_zero_when_the_target_is_met() -> None:
    plan = solve_checked(make_season(lifting={"per_week": {"min": 1, "max": 3, "target": 2}}))
    assert plan.score["below_target"] == 0


def test_below_target_outweighs_an_easy_day_when_it_is_heavier() -> None:
    # A third lift on an easy day (Sunday, no run) costs 100 but saves 150.
    every = windows(tue=["17:30-21:00"], thu=["17:30-21:00"], sun=["17:30-21:00"])
    rules = {"no_lift_day_before_hard": False, "recovery_hours": 12}
    runs = {
        "weekly": {
            "tue": {"kind": "track", "start": "06:30", "minutes": 60},
            "thu": {"kind": "tempo", "start": "06:30", "minutes": 60},
        }
    }
    lifting = {"per_week": {"min": 1, "max": 3, "target": 3}}
    plan = solve_checked(make_season(availability=every, runs=runs, lifting=lifting, rules=rules))
    assert lift_weekdays(plan) == ["tue", "thu", "sun"]
    assert plan.score["easy_day_lift"] == 100 and plan.score["below_target"] == 0
    cheap = solve_checked(
        make_season(
            availability=every,
            runs=runs,
            lifting=lifting,
            rules=rules,
            weights={"below_target": 90},
        )
    )
    assert lift_weekdays(cheap) == ["tue", "thu"]
    assert cheap.score["below_target"] == 90


def two_weeks(second_week_days: dict[str, list[str]]) -> dict[str, object]:
    return {
        "season": {"start": "2026-03-02", "weeks": 2},
        "availability": {"weekly": {"mon": ["10:00-12:00"]}, "dates": second_week_days},
        "runs": {"weekly": {}},
        "lifting": ONE_LIFT,
        "weights": {"easy_day_lift": 0},
    }


def test_habit_costs_a_lift_that_moves_to_another_weekday() -> None:
    moved = two_weeks({"2026-03-09": [], "2026-03-11": ["10:00-12:00"]})
    plan = solve_checked(make_season(**moved))
    assert lift_weekdays(plan) == ["mon", "wed"]
    assert only_term(plan.score, "habit") == 5


def test_habit_keeps_the_weekday_when_it_can() -> None:
    free = two_weeks({"2026-03-11": ["10:00-12:00"], "2026-03-12": ["10:00-12:00"]})
    plan = solve_checked(make_season(**free))
    assert lift_weekdays(plan) == ["mon", "mon"]
    assert plan.objective == 0


def test_habit_compares_the_same_numbered_lift() -> None:
    # Week 1: Mon, Wed. Week 2: Wed, Fri: lift 1 moved (Mon->Wed), lift 2 moved (Wed->Fri).
    data = {
        "season": {"start": "2026-03-02", "weeks": 2},
        "availability": {
            "weekly": {},
            "dates": {
                "2026-03-02": ["10:00-12:00"],
                "2026-03-04": ["10:00-12:00"],
                "2026-03-11": ["10:00-12:00"],
                "2026-03-13": ["10:00-12:00"],
            },
        },
        "runs": {"weekly": {}},
        "lifting": {"per_week": {"min": 2, "max": 2}},
        "weights": {"easy_day_lift": 0, "habit": 4},
    }
    plan = solve_checked(make_season(**data))
    assert lift_weekdays(plan) == ["mon", "wed", "wed", "fri"]
    assert only_term(plan.score, "habit") == 8


def test_short_lift_minute_when_the_length_may_vary() -> None:
    varying = {"per_week": {"min": 1, "max": 1, "target": 1}, "minutes": {"min": 30, "max": 60}}
    tight = make_season(
        availability=windows(tue=["17:30-18:15"]), runs=track_tuesday(), lifting=varying
    )
    plan = solve_checked(tight)
    assert plan.lifts[0].minutes == 45
    assert only_term(plan.score, "short_lift_minute") == 15
    roomy = make_season(
        availability=windows(tue=["17:30-21:00"]), runs=track_tuesday(), lifting=varying
    )
    plan = solve_checked(roomy)
    assert plan.lifts[0].minutes == 60
    assert plan.objective == 0


def test_phase_weights_override_the_season_weights() -> None:
    phases = [{"name": "build", "weeks": 1, "weights": {"easy_day_lift": 3}}]
    season = make_season(
        season={"start": "2026-03-02", "weeks": 1, "phases": phases},
        availability=windows(wed=["17:30-21:00"]),
        runs={"weekly": {}},
        lifting=ONE_LIFT,
    )
    plan = solve_checked(season)
    assert plan.status is Status.OPTIMAL
    assert only_term(plan.score, "easy_day_lift") == 3
