"""Each soft term of `SOFT_TERMS` alone: its exact penalty on a plan placed by hand.

Like Timefold's constraint tests: for every term a few hand-built plans of a one- or
two-week season, the penalty each must cost, zero cases included, in both ways of stating
the weeks. The whole-season tests of the same terms are in test_soft_terms.py; that the
wording survives ``python -OO`` is tested with the hard rules' in test_rules.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from fixed_lifts import FORMULATIONS, Fix, blocks, only, solve_fixed
from ortools.sat.python import cp_model

from conftest import make_season, solve_checked
from liftplan.check import check_plan
from liftplan.models import Season
from liftplan.solver.objectives import SOFT_TERMS

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ONE_LIFT = {"per_week": {"min": 1, "max": 1, "target": 1}, "minutes": 45}
EVENING = "18:00-18:45"
MON, TUE, WED, FRI = (f"2026-03-0{day} 18:00" for day in (2, 3, 4, 6))


def windows(**by_day: list[str]) -> dict[str, object]:
    return {"weekly": {day: by_day.get(day, []) for day in DAYS}}


def at_evening(*days: str) -> dict[str, object]:
    return windows(**{day: [EVENING] for day in days})


@dataclass
class Priced:
    """The plan ``fixes`` in ``season`` costs ``penalty`` in the term under test."""

    season: Season
    fixes: list[Fix]
    penalty: int


def easy_day_lift() -> list[Priced]:
    week = {
        "availability": at_evening("tue", "wed"),
        "runs": {"weekly": {"tue": {"kind": "track", "start": "06:30", "minutes": 60}}},
        "lifting": ONE_LIFT,
    }
    return [
        Priced(make_season(**week), [only(WED)], 100),  # Wednesday has no hard run
        Priced(make_season(**week), [only(TUE)], 0),
        Priced(make_season(**week, weights={"easy_day_lift": 7}), [only(WED)], 7),
    ]


def short_gap_minute() -> list[Priced]:
    # Track 06:30-07:30 and gap_hours 3: a lift from 08:30 is 120 minutes short, from 10:30 none.
    week = {
        "availability": windows(tue=["08:30-09:15", "10:30-11:15"]),
        "runs": {"weekly": {"tue": {"kind": "track", "start": "06:30", "minutes": 60}}},
        "lifting": ONE_LIFT,
    }
    return [
        Priced(make_season(**week), [only("2026-03-03 08:30")], 120),
        Priced(make_season(**week), [only("2026-03-03 10:30")], 0),
        Priced(
            make_season(**week, weights={"short_gap_minute": 3}), [only("2026-03-03 08:30")], 360
        ),
    ]


def wrong_order() -> list[Priced]:
    # An easy run at noon, a lift at 06:00 or at 20:00; in a base phase lifting goes first.
    week = {
        "availability": windows(tue=["06:00-06:45", "20:00-20:45"]),
        "runs": {"weekly": {"tue": {"kind": "easy", "start": "12:00", "minutes": 40}}},
        "lifting": ONE_LIFT,
    }
    base = {"start": "2026-03-02", "weeks": 1, "phases": [{"name": "base", "weeks": 1}]}
    morning, evening = only("2026-03-03 06:00"), only("2026-03-03 20:00")
    return [
        Priced(make_season(**week), [morning], 50),
        Priced(make_season(**week), [evening], 0),
        Priced(make_season(**week, season=base), [morning], 0),
        Priced(make_season(**week, season=base), [evening], 50),
    ]


def short_lift_minute() -> list[Priced]:
    # Lifts of 30 to 60 minutes; "+45" picks the 45-minute slot starting then.
    week = {
        "availability": windows(tue=["18:00-19:00"]),
        "runs": {"weekly": {}},
        "lifting": {
            "per_week": {"min": 1, "max": 1, "target": 1},
            "minutes": {"min": 30, "max": 60},
        },
    }
    return [
        Priced(make_season(**week), [only(f"{TUE}+60")], 0),
        Priced(make_season(**week), [only(f"{TUE}+45")], 15),
        Priced(make_season(**week), [only("2026-03-03 18:15+30")], 30),
        Priced(make_season(**week, weights={"short_lift_minute": 2}), [only(f"{TUE}+45")], 30),
    ]


def below_target() -> list[Priced]:
    week = {
        "availability": at_evening("mon", "wed", "fri"),
        "runs": {"weekly": {}},
        "lifting": {"per_week": {"min": 1, "max": 3, "target": 3}, "minutes": 45},
    }
    return [
        Priced(make_season(**week), [only(MON)], 300),  # two short of three
        Priced(make_season(**week), [only(MON, FRI)], 150),
        Priced(make_season(**week), [only(MON, WED, FRI)], 0),
        Priced(make_season(**week, weights={"below_target": 90}), [only(MON, FRI)], 90),
    ]


def habit() -> list[Priced]:
    # Two weeks; lift n of week 2 is compared with lift n of week 1.
    dates = ("2026-03-02", "2026-03-04", "2026-03-09", "2026-03-11", "2026-03-13")
    season = make_season(
        season={"start": "2026-03-02", "weeks": 2},
        availability={"weekly": {}, "dates": {date: [EVENING] for date in dates}},
        runs={"weekly": {}},
        lifting={"per_week": {"min": 1, "max": 2, "target": 1}, "minutes": 45},
    )
    mon, wed, mon2, wed2, fri2 = (f"{date} 18:00" for date in dates)
    return [
        Priced(season, [only(mon, wed2)], 5),  # Monday's lift moved to Wednesday
        Priced(season, [only(mon, mon2)], 0),
        Priced(season, [only(mon, wed, wed2, fri2)], 10),  # Mon->Wed and Wed->Fri
        Priced(season, [only(mon, wed, mon2)], 0),  # no second lift in week 2: nothing moved
    ]


def block_rotation() -> list[Priced]:
    # Two weeks in blocks of one or two weeks; no lifts needed.
    weeks = {
        "availability": at_evening("wed"),
        "runs": {"weekly": {}},
        "lifting": {"per_week": {"min": 0, "max": 1, "target": 0}, "minutes": 45},
        "blocks": {"min_weeks": 1, "max_weeks": 2},
    }
    two_phases = {
        "start": "2026-03-02",
        "weeks": 2,
        "phases": [{"name": "build", "weeks": 1}, {"name": "peak", "weeks": 1}],
    }
    deload_first = {"start": "2026-03-02", "weeks": 2, "deload_weeks": [1]}
    race_in_week_2 = {
        "weekly": {},
        "dates": {"2026-03-15": {"kind": "race", "start": "08:00", "minutes": 60}},
    }
    plain = {"start": "2026-03-02", "weeks": 2, "phases": []}  # no phases derived from the race
    phases = make_season(**weeks, season=two_phases)
    deload = make_season(**weeks, season=deload_first)
    race = make_season(**{**weeks, "runs": race_in_week_2}, season=plain)
    return [
        Priced(phases, [only(), blocks(1)], 30),  # the phase changes inside a block
        Priced(phases, [only(), blocks(1, 2)], 0),
        Priced(deload, [only(), blocks(1)], 30),  # the week after a deload inside a block
        Priced(deload, [only(), blocks(1, 2)], 0),
        Priced(race, [only(), blocks(1, 2)], 30),  # a new routine in the race week
        Priced(race, [only(), blocks(1)], 0),
    ]


CASES: dict[str, Callable[[], list[Priced]]] = {
    "easy_day_lift": easy_day_lift,
    "short_gap_minute": short_gap_minute,
    "wrong_order": wrong_order,
    "below_target": below_target,
    "habit": habit,
    "short_lift_minute": short_lift_minute,
    "block_rotation": block_rotation,
}
TERM_NAMES = [term.name for term in SOFT_TERMS]


def test_every_soft_term_has_cases_and_every_case_a_term() -> None:
    assert len(TERM_NAMES) == len(set(TERM_NAMES))
    assert list(CASES) == TERM_NAMES


@pytest.mark.parametrize("formulation", FORMULATIONS)
@pytest.mark.parametrize("name", TERM_NAMES)
def test_soft_term_penalty(name: str, formulation: str) -> None:
    cases = CASES[name]()  # a term without cases fails here
    assert any(case.penalty == 0 for case in cases)
    assert any(case.penalty > 0 for case in cases)
    for case in cases:
        solved = solve_fixed(case.season, case.fixes, FORMULATIONS[formulation])
        assert solved.status == cp_model.OPTIMAL
        assert solved.term_total(name) == case.penalty, case.fixes


def test_the_checker_scores_the_same_terms_in_the_same_order() -> None:
    """check.py keeps its own list (it never imports the solver): it must match the registry."""
    season = make_season()
    plan = solve_checked(season)
    assert list(plan.score) == TERM_NAMES
    assert list(check_plan(season, plan).score) == TERM_NAMES
