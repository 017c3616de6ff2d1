"""One test per hard rule (SPEC section 3), on seasons of one or two weeks.

Each test builds the smallest season where the rule decides the outcome, then shows the
exact status with the rule in force and the plan it forbids once the rule is relaxed.
"""

from __future__ import annotations

from conftest import lift_days, lift_weekdays, make_season, solve_checked
from liftplan.models import Status
from liftplan.solver.rules import HARD_RULES


def only_windows(**windows: list[str]) -> dict[str, object]:
    weekly: dict[str, list[str]] = {
        d: [] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    }
    weekly.update(windows)
    return {"weekly": weekly}


def test_registry_names_every_rule_of_the_spec_once() -> None:
    names = [rule.name for rule in HARD_RULES]
    assert len(names) == len(set(names))
    assert set(names) == {
        "availability",
        "no_overlap_with_runs",
        "no_lift_day_before_hard",
        "recovery_hours",
        "no_lift_days_before_race",
        "no_heavy_lift_days_before_race",
        "no_lift_days_after_race",
        "light_lift_days_after_race",
        "lifts_per_week",
        "max_lifts_per_day",
        "rest_days_between_lifts",
        "block_lengths",
    }
    assert all(rule.says for rule in HARD_RULES)


def test_availability_lifts_only_inside_a_window() -> None:
    season = make_season(
        availability=only_windows(tue=["18:00-18:45"]),
        lifting={"per_week": {"min": 1, "max": 1, "target": 1}},
    )
    plan = solve_checked(season)
    assert plan.status is Status.OPTIMAL
    (lift,) = plan.lifts
    assert (lift.start.hour, lift.start.minute, lift.minutes) == (18, 0, 45)


def test_availability_window_too_short_for_a_lift_is_infeasible() -> None:
    season = make_season(
        availability=only_windows(tue=["18:00-18:30"]),
        lifting={"per_week": {"min": 1, "max": 1, "target": 1}},
    )
    assert solve_checked(season).status is Status.INFEASIBLE


def test_no_overlap_with_runs() -> None:
    # The only window is the hour of Tuesday's track session.
    runs = {"weekly": {"tue": {"kind": "track", "start": "17:30", "minutes": 60}}}
    needs_one = {"per_week": {"min": 1, "max": 1, "target": 1}, "minutes": 30}
    season = make_season(
        availability=only_windows(tue=["17:30-18:45"]), runs=runs, lifting=needs_one
    )
    assert solve_checked(season).status is Status.INFEASIBLE
    wider = make_season(
        availability=only_windows(tue=["17:30-19:00"]), runs=runs, lifting=needs_one
    )
    (lift,) = solve_checked(wider).lifts
    assert (lift.start.hour, lift.start.minute) == (18, 30)


def test_no_lift_day_before_hard() -> None:
    only_monday = {
        "availability": only_windows(mon=["17:30-21:00"]),
        "lifting": {"per_week": {"min": 1, "max": 1, "target": 1}},
    }
    # Monday comes before Tuesday's track session.
    assert solve_checked(make_season(**only_monday)).status is Status.INFEASIBLE
    # Without the rule, only recovery_hours (12 h here) stands between Monday and Tuesday.
    rules = {"no_lift_day_before_hard": False, "recovery_hours": 12}
    assert lift_weekdays(solve_checked(make_season(**only_monday, rules=rules))) == ["mon"]
    assert (
        solve_checked(
            make_season(**only_monday, rules={**rules, "no_lift_day_before_hard": True})
        ).status
        is Status.INFEASIBLE
    )


def test_a_runs_own_hard_flag_overrides_its_kind() -> None:
    only_monday = {
        "availability": only_windows(mon=["17:30-21:00"]),
        "lifting": {"per_week": {"min": 1, "max": 1, "target": 1}},
    }
    easy_track = make_season(
        **only_monday,
        runs={"weekly": {"tue": {"kind": "track", "start": "06:30", "minutes": 60, "hard": False}}},
    )
    assert lift_weekdays(solve_checked(easy_track)) == ["mon"]


def test_recovery_hours_before_the_next_hard_run() -> None:
    # Tuesday evening lift, Wednesday 18:00 intervals: 24 h is too short, 22 h fits.
    base = {
        "availability": only_windows(tue=["17:30-19:00"]),
        "runs": {
            "weekly": {
                "tue": {"kind": "easy", "start": "06:30", "minutes": 30},
                "wed": {"kind": "intervals", "start": "18:00", "minutes": 60},
            }
        },
        "lifting": {"per_week": {"min": 1, "max": 1, "target": 1}},
        "rules": {"no_lift_day_before_hard": False},
    }
    assert solve_checked(make_season(**base)).status is Status.INFEASIBLE
    relaxed = make_season(
        **{**base, "rules": {"no_lift_day_before_hard": False, "recovery_hours": 22}}
    )
    (lift,) = solve_checked(relaxed).lifts
    assert (lift.start.hour, lift.start.minute) == (17, 30)  # ends 18:15, 23 h 45 min before


def test_recovery_hours_at_the_limit_is_allowed() -> None:
    season = make_season(
        availability=only_windows(tue=["17:15-18:00"]),
        runs={"weekly": {"wed": {"kind": "intervals", "start": "18:00", "minutes": 60}}},
        lifting={"per_week": {"min": 1, "max": 1, "target": 1}},
        rules={"no_lift_day_before_hard": False, "recovery_hours": 24},
    )
    (lift,) = solve_checked(season).lifts
    assert (lift.end.hour, lift.end.minute) == (18, 0)  # exactly 24 h before


def test_rest_days_between_lifts() -> None:
    back_to_back = {
        "availability": only_windows(sat=["10:00-12:00"], sun=["10:00-12:00"]),
        "runs": {"weekly": {}},
        "lifting": {"per_week": {"min": 2, "max": 2, "target": 2}},
    }
    assert solve_checked(make_season(**back_to_back)).status is Status.INFEASIBLE
    relaxed = make_season(**back_to_back, rules={"rest_days_between_lifts": 0})
    assert lift_weekdays(solve_checked(relaxed)) == ["sat", "sun"]


def test_rest_days_between_lifts_across_a_week_boundary() -> None:
    # Sunday of week 1 and Monday of week 2 are neighbours even though the weeks differ.
    season = make_season(
        season={"start": "2026-03-02", "weeks": 2},
        availability=only_windows(mon=["10:00-12:00"], sun=["10:00-12:00"]),
        runs={"weekly": {}},
        lifting={"per_week": {"min": 1, "max": 1, "target": 1}},
        rules={"rest_days_between_lifts": 1},
    )
    plan = solve_checked(season)
    assert plan.status is Status.OPTIMAL
    days = lift_days(plan)
    assert days not in (["2026-03-08", "2026-03-09"],)
    assert len(days) == 2


def test_rest_days_two_apart() -> None:
    season = make_season(
        availability=only_windows(mon=["10:00-12:00"], wed=["10:00-12:00"], fri=["10:00-12:00"]),
        runs={"weekly": {}},
        lifting={"per_week": {"min": 2, "max": 3, "target": 3}},
        rules={"rest_days_between_lifts": 2},
    )
    assert lift_weekdays(solve_checked(season)) == ["mon", "fri"]


def test_max_lifts_per_day() -> None:
    one_day = {
        "availability": only_windows(sat=["08:00-20:00"]),
        "runs": {"weekly": {}},
        "lifting": {"per_week": {"min": 2, "max": 2, "target": 2}},
        "rules": {"rest_days_between_lifts": 0},
    }
    assert solve_checked(make_season(**one_day)).status is Status.INFEASIBLE
    two = make_season(
        **{**one_day, "rules": {"rest_days_between_lifts": 0, "max_lifts_per_day": 2}}
    )
    plan = solve_checked(two)
    assert lift_weekdays(plan) == ["sat", "sat"]
    first, second = plan.lifts
    assert first.end <= second.start  # two lifts of one day never overlap


def test_lifts_per_week_min_and_max() -> None:
    every_day = {day: ["10:00-12:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
    free = make_season(
        availability={"weekly": every_day},
        runs={"weekly": {}},
        lifting={"per_week": {"min": 1, "max": 2, "target": 2}},
        rules={"rest_days_between_lifts": 0},
    )
    assert len(solve_checked(free).lifts) == 2
    too_many = make_season(
        availability={"weekly": every_day},
        runs={"weekly": {}},
        lifting={"per_week": {"min": 5, "max": 5, "target": 5}},
        rules={"rest_days_between_lifts": 1},
    )
    assert solve_checked(too_many).status is Status.INFEASIBLE  # 4 spaced days at most


def test_lifts_per_week_zero_target_means_no_lift() -> None:
    season = make_season(lifting={"per_week": {"min": 0, "max": 0}})
    plan = solve_checked(season)
    assert plan.status is Status.OPTIMAL
    assert plan.lifts == []


RACE_WEEK = {
    "season": {"start": "2026-03-02", "weeks": 2, "phases": []},  # no derived taper
    "availability": {
        "weekly": {d: ["17:30-21:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat")}
    },
    "runs": {
        "weekly": {},
        "dates": {"2026-03-15": {"kind": "race", "start": "08:00", "minutes": 60}},
    },
    "lifting": {"per_week": {"min": 0, "max": 3, "target": 3}},
    # The race week's minimum is written, so its dose is not capped at one lift.
    "week_overrides": {2: {"lifting": {"per_week": {"min": 0}}}},
    "rules": {
        "no_heavy_lift_days_before_race": 0,
        "recovery_hours": 0,
        "no_lift_day_before_hard": False,
    },
}


def test_no_lift_days_before_race() -> None:
    rules = {**RACE_WEEK["rules"], "no_lift_days_before_race": 3}
    plan = solve_checked(make_season(**{**RACE_WEEK, "rules": rules}))
    assert all(day <= "2026-03-11" for day in lift_days(plan))
    assert "2026-03-11" in lift_days(plan)


def test_no_lift_on_race_day_even_with_zero_days_before() -> None:
    data = {
        **RACE_WEEK,
        "availability": only_windows(sun=["12:00-20:00"]),
        "lifting": {"per_week": {"min": 0, "max": 1, "target": 1}},
        "rules": {**RACE_WEEK["rules"], "no_lift_days_before_race": 0},
    }
    plan = solve_checked(make_season(**data))
    assert "2026-03-15" not in lift_days(plan)
    assert "2026-03-08" in lift_days(plan)


def test_no_heavy_lift_days_before_race_outside_a_taper() -> None:
    # Lifts in the 10 days before the race stay, light; only those before turn heavy.
    rules = {
        **RACE_WEEK["rules"],
        "no_lift_days_before_race": 0,
        "no_heavy_lift_days_before_race": 10,
    }
    plan = solve_checked(make_season(**{**RACE_WEEK, "rules": rules}))
    assert any(str(lift.date) >= "2026-03-05" for lift in plan.lifts)
    for lift in plan.lifts:
        assert lift.kind == ("heavy" if str(lift.date) < "2026-03-05" else "light"), lift.date


def test_light_taper_lifts_are_allowed_close_to_the_race() -> None:
    rules = {
        **RACE_WEEK["rules"],
        "no_lift_days_before_race": 2,
        "no_heavy_lift_days_before_race": 10,
    }
    phases = [{"name": "build", "weeks": 1}, {"name": "taper", "weeks": 1}]
    season = {"start": "2026-03-02", "weeks": 2, "phases": phases}
    plan = solve_checked(make_season(**{**RACE_WEEK, "season": season, "rules": rules}))
    taper = [lift for lift in plan.lifts if lift.week == 2]
    assert taper and all(lift.kind == "light" for lift in taper)
    assert all(str(lift.date) <= "2026-03-12" for lift in taper)
    # Outside the taper, a lift is light from 10 days before the race (the 5th) on.
    assert all(
        lift.kind == ("heavy" if str(lift.date) < "2026-03-05" else "light")
        for lift in plan.lifts
        if lift.week == 1
    )
