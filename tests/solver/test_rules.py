"""Each hard rule of `HARD_RULES` alone, at model level (the CP-SAT Primer's style).

A case is a one-week season (four weeks for block_lengths) with two to four candidate slots.
Lifts placed where the rule forbids them make the model INFEASIBLE; lifts at legal slots,
and the very same forbidden lifts once the rule is eased, make it OPTIMAL. Both ways of
stating the weeks (weekly patterns, one boolean per slot) must agree. The whole-season tests
of the same rules are in test_hard_rules.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from fixed_lifts import (
    FORMULATIONS,
    Fix,
    Lifts,
    blocks,
    lifts,
    only,
    solve_fixed,
    under_python_oo,
)
from ortools.sat.python import cp_model

from conftest import make_season
from liftplan.models import Season
from liftplan.solver.candidates import enumerate_slots
from liftplan.solver.objectives import SOFT_TERMS
from liftplan.solver.rules import HARD_RULES, RuleContext
from liftplan.timeline import build_timeline

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
ONE_LIFT = {"per_week": {"min": 1, "max": 1, "target": 1}, "minutes": 45}
# The week of Mon 2026-03-02, at 18:00 (UTC): a 45-minute window holds exactly one slot.
MON, TUE, WED, THU, FRI, SAT, SUN = (f"2026-03-0{day} 18:00" for day in range(2, 9))
EVENING = "18:00-18:45"


def windows(**by_day: list[str]) -> dict[str, object]:
    return {"weekly": {day: by_day.get(day, []) for day in DAYS}}


def at_evening(*days: str) -> dict[str, object]:
    return windows(**{day: [EVENING] for day in days})


RACE_SUNDAY = {
    "weekly": {},
    "dates": {"2026-03-08": {"kind": "race", "start": "08:00", "minutes": 60}},
}
# Around a race only the race rules should decide: the race is a hard run too.
RACE_ONLY = {"recovery_hours": 0, "no_lift_day_before_hard": False}


@dataclass
class RuleCase:
    """``season``, where each of ``breaking`` (sets of fixed lifts or block starts) breaks the
    rule and ``legal`` keeps it; in ``eased`` (the rule relaxed) every breaking set is fine."""

    season: Season
    breaking: list[list[Fix]]
    legal: list[Fix]
    eased: Season


def case(
    breaking: list[list[Fix]], legal: list[Fix], eased: dict[str, Any], **season: Any
) -> RuleCase:
    return RuleCase(make_season(**season), breaking, legal, make_season(**{**season, **eased}))


def availability() -> RuleCase:
    # No window on Wednesday: no slot, so no lift.
    return case(
        [[lifts(WED)]],
        [lifts(TUE)],
        eased={"availability": at_evening("tue", "wed", "thu")},
        availability=at_evening("tue", "thu"),
        runs={"weekly": {}},
        lifting=ONE_LIFT,
    )


def no_overlap_with_runs() -> RuleCase:
    # Tuesday's easy run 18:15-18:45 sits inside the lift's 18:00-18:45.
    return case(
        [[lifts(TUE)]],
        [lifts(THU)],
        eased={"runs": {"weekly": {"tue": {"kind": "easy", "start": "06:30", "minutes": 30}}}},
        availability=at_evening("tue", "thu"),
        runs={"weekly": {"tue": {"kind": "easy", "start": "18:15", "minutes": 30}}},
        lifting=ONE_LIFT,
    )


def no_lift_day_before_hard() -> RuleCase:
    # Monday is the day before Tuesday's track session; recovery_hours 0 keeps it out.
    return case(
        [[lifts(MON)]],
        [lifts(WED)],
        eased={"rules": {"no_lift_day_before_hard": False, "recovery_hours": 0}},
        availability=at_evening("mon", "wed"),
        runs={"weekly": {"tue": {"kind": "track", "start": "06:30", "minutes": 60}}},
        lifting=ONE_LIFT,
        rules={"recovery_hours": 0},
    )


def recovery_hours() -> RuleCase:
    # Lifts end 18:00; Wednesday's intervals start 18:00: Tuesday's lift gives 24 h, not 25.
    rules = {"no_lift_day_before_hard": False, "recovery_hours": 25}
    return case(
        [[lifts("2026-03-03 17:15")]],
        [lifts("2026-03-02 17:15")],
        eased={"rules": {**rules, "recovery_hours": 24}},  # exactly 24 h is enough
        availability=windows(mon=["17:15-18:00"], tue=["17:15-18:00"]),
        runs={"weekly": {"wed": {"kind": "intervals", "start": "18:00", "minutes": 60}}},
        lifting=ONE_LIFT,
        rules=rules,
    )


def no_lift_days_before_race() -> RuleCase:
    # Race on Sunday, two days closed before it: Friday is out, Thursday is not.
    rules = {**RACE_ONLY, "no_heavy_lift_days_before_race": 0, "no_lift_days_before_race": 2}
    return case(
        [[lifts(FRI)]],
        [lifts(THU)],
        eased={"rules": {**rules, "no_lift_days_before_race": 1}},
        availability=at_evening("thu", "fri"),
        runs=RACE_SUNDAY,
        lifting=ONE_LIFT,
        rules=rules,
    )


def no_heavy_lift_days_before_race() -> RuleCase:
    # A heavy lift on Friday is 2 days before Sunday's race; in a taper the lift is light.
    rules = {**RACE_ONLY, "no_lift_days_before_race": 0, "no_heavy_lift_days_before_race": 3}
    taper = {"start": "2026-03-02", "weeks": 1, "phases": [{"name": "taper", "weeks": 1}]}
    return case(
        [[lifts(FRI)]],
        [lifts(WED)],
        eased={"season": taper},
        season={"start": "2026-03-02", "weeks": 1, "phases": []},  # no derived taper
        availability=at_evening("wed", "fri"),
        runs=RACE_SUNDAY,
        lifting=ONE_LIFT,
        rules=rules,
    )


def lifts_per_week() -> RuleCase:
    # Exactly two lifts a week: three break the maximum, one alone breaks the minimum.
    return case(
        [[lifts(MON, WED, FRI)], [only(MON)]],
        [lifts(MON, FRI)],
        eased={"lifting": {"per_week": {"min": 1, "max": 3, "target": 2}, "minutes": 45}},
        availability=at_evening("mon", "wed", "fri"),
        runs={"weekly": {}},
        lifting={"per_week": {"min": 2, "max": 2, "target": 2}, "minutes": 45},
    )


def max_lifts_per_day() -> RuleCase:
    # Two windows on Saturday, one lift a day at most.
    saturday = windows(sat=["08:00-08:45", EVENING])
    return case(
        [[lifts("2026-03-07 08:00", SAT)]],
        [lifts(SAT)],
        eased={"rules": {"rest_days_between_lifts": 0, "max_lifts_per_day": 2}},
        availability=saturday,
        runs={"weekly": {}},
        lifting={"per_week": {"min": 0, "max": 2, "target": 2}, "minutes": 45},
        rules={"rest_days_between_lifts": 0},
    )


def rest_days_between_lifts() -> RuleCase:
    # Saturday and Sunday are neighbours: one rest day between lifts forbids both.
    return case(
        [[lifts(SAT, SUN)]],
        [lifts(SAT)],
        eased={"rules": {"rest_days_between_lifts": 0}},
        availability=at_evening("sat", "sun"),
        runs={"weekly": {}},
        lifting={"per_week": {"min": 0, "max": 2, "target": 2}, "minutes": 45},
        rules={"rest_days_between_lifts": 1},
    )


def block_lengths() -> RuleCase:
    # Four weeks in blocks of exactly two: a new block in week 2, or none after week 1, breaks.
    return case(
        [[blocks(1, 2)], [blocks(1)]],
        [blocks(1, 3)],
        eased={"blocks": {"min_weeks": 1, "max_weeks": 4}},
        season={"start": "2026-03-02", "weeks": 4},
        availability=at_evening("wed"),
        runs={"weekly": {}},
        lifting={"per_week": {"min": 0, "max": 1, "target": 1}, "minutes": 45},
        blocks={"min_weeks": 2, "max_weeks": 2},
    )


CASES: dict[str, Callable[[], RuleCase]] = {
    "availability": availability,
    "no_overlap_with_runs": no_overlap_with_runs,
    "no_lift_day_before_hard": no_lift_day_before_hard,
    "recovery_hours": recovery_hours,
    "no_lift_days_before_race": no_lift_days_before_race,
    "no_heavy_lift_days_before_race": no_heavy_lift_days_before_race,
    "lifts_per_week": lifts_per_week,
    "max_lifts_per_day": max_lifts_per_day,
    "rest_days_between_lifts": rest_days_between_lifts,
    "block_lengths": block_lengths,
}
RULE_NAMES = [rule.name for rule in HARD_RULES]


def test_every_hard_rule_has_a_case_and_every_case_a_rule() -> None:
    assert len(RULE_NAMES) == len(set(RULE_NAMES))
    assert list(CASES) == RULE_NAMES


@pytest.mark.parametrize("formulation", FORMULATIONS)
@pytest.mark.parametrize("name", RULE_NAMES)
def test_hard_rule(name: str, formulation: str) -> None:
    rule_case = CASES[name]()  # a rule without a case fails here
    options = FORMULATIONS[formulation]
    assert solve_fixed(rule_case.season, [], options).status == cp_model.OPTIMAL
    for breaking in rule_case.breaking:
        assert solve_fixed(rule_case.season, breaking, options).status == cp_model.INFEASIBLE
        assert solve_fixed(rule_case.eased, breaking, options).status == cp_model.OPTIMAL
    assert solve_fixed(rule_case.season, rule_case.legal, options).status == cp_model.OPTIMAL


FILTERS = [rule.name for rule in HARD_RULES if rule.forbids or rule.forbids_day]


@pytest.mark.parametrize("name", FILTERS)
def test_a_filter_alone_removes_the_slot_it_forbids(name: str) -> None:
    """Before the rules the forbidden lift has its slot, and only this rule removes it."""
    rule_case = CASES[name]()
    timeline = build_timeline(rule_case.season)
    ctx = RuleContext(timeline, rule_case.season.rules)
    by_start = {
        f"{timeline.to_local(slot.start):%Y-%m-%d %H:%M}": slot
        for slot in enumerate_slots(timeline)
    }
    forbidden = [
        when
        for fixes in rule_case.breaking
        for fix in fixes
        if isinstance(fix, Lifts)
        for when in fix.at
    ]
    assert forbidden
    for when in forbidden:
        assert [rule.name for rule in HARD_RULES if rule.blocks(by_start[when], ctx)] == [name]


@pytest.mark.parametrize("formulation", FORMULATIONS)
def test_max_lifts_per_day_never_two_at_once(formulation: str) -> None:
    # Two lifts a day are allowed, but 08:00-08:45 and 08:15-09:00 share half an hour.
    season = make_season(
        availability=windows(sat=["08:00-09:00"]),
        runs={"weekly": {}},
        lifting={"per_week": {"min": 0, "max": 2, "target": 2}, "minutes": 45},
        rules={"rest_days_between_lifts": 0, "max_lifts_per_day": 2},
    )
    options = FORMULATIONS[formulation]
    both = [lifts("2026-03-07 08:00", "2026-03-07 08:15")]
    assert solve_fixed(season, both, options).status == cp_model.INFEASIBLE
    assert solve_fixed(season, [lifts("2026-03-07 08:15")], options).status == cp_model.OPTIMAL


@pytest.mark.parametrize("formulation", FORMULATIONS)
def test_rest_days_between_lifts_across_a_week_boundary(formulation: str) -> None:
    # Sunday of week 1 and Monday of week 2: the weekly patterns cannot see this pair.
    season = make_season(
        season={"start": "2026-03-02", "weeks": 2},
        availability=at_evening("mon", "sun"),
        runs={"weekly": {}},
        lifting=ONE_LIFT,
    )
    options = FORMULATIONS[formulation]
    neighbours = [lifts("2026-03-08 18:00", "2026-03-09 18:00")]
    assert solve_fixed(season, neighbours, options).status == cp_model.INFEASIBLE
    apart = [lifts("2026-03-02 18:00", "2026-03-09 18:00")]
    assert solve_fixed(season, apart, options).status == cp_model.OPTIMAL


def test_no_lift_on_race_day_even_with_no_days_before() -> None:
    season = make_season(
        availability=windows(sun=["18:00-18:45"]),
        runs=RACE_SUNDAY,
        lifting={"per_week": {"min": 0, "max": 1, "target": 1}, "minutes": 45},
        rules={**RACE_ONLY, "no_lift_days_before_race": 0, "no_heavy_lift_days_before_race": 0},
    )
    options = FORMULATIONS["patterns"]
    assert solve_fixed(season, [lifts(SUN)], options).status == cp_model.INFEASIBLE
    assert solve_fixed(season, [], options).status == cp_model.OPTIMAL


def test_every_rule_and_term_says_what_it_wants_even_under_python_oo() -> None:
    """The wording is data: ``python -OO`` strips docstrings but not the registries."""
    show = (
        "from liftplan.solver.objectives import SOFT_TERMS\n"
        "from liftplan.solver.rules import HARD_RULES\n"
        "for entry in (*HARD_RULES, *SOFT_TERMS): print(entry.says)"
    )
    says = [entry.says for entry in (*HARD_RULES, *SOFT_TERMS)]
    assert all(says)
    assert under_python_oo(show) == says
