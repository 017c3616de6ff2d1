"""Each hard rule of `HARD_RULES` alone, at model level (the CP-SAT Primer's style).

A case is a one-week season (four weeks for block_lengths) with two to four candidate slots.
Lifts placed where the rule forbids them make the model INFEASIBLE; lifts at legal slots,
and the very same forbidden lifts once the rule is eased, make it OPTIMAL. Both ways of
stating the weeks (weekly patterns, one boolean per slot) must agree. The whole-season tests
of the same rules are in test_hard_rules.py.
"""

from __future__ import annotations

import datetime as dt
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

from conftest import make_season, solve_checked
from liftplan.models import Season, Status
from liftplan.solver.candidates import enumerate_slots
from liftplan.solver.objectives import SOFT_TERMS
from liftplan.solver.rules import HARD_RULES, LIGHTENING_RULES, RuleContext
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
RACE_MONDAY = {
    "weekly": {},
    "dates": {"2026-03-02": {"kind": "race", "start": "08:00", "minutes": 30}},
}


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


def no_lift_days_after_race() -> RuleCase:
    # A 5k on Monday morning (30 min: judged a 5k): Tuesday and Wednesday recover, Thursday
    # lifts (5k: no_lift_days_after_race = 2).
    rules = {**RACE_ONLY, "light_lift_days_after_race": 0}
    return case(
        [[lifts(TUE)], [lifts(WED)]],
        [lifts(THU)],
        eased={"rules": {**rules, "no_lift_days_after_race": 0}},
        availability=at_evening("tue", "wed", "thu"),
        runs=RACE_MONDAY,
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
        season={"start": "2026-03-02", "weeks": 4, "phases": []},
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
    "no_lift_days_after_race": no_lift_days_after_race,
    "lifts_per_week": lifts_per_week,
    "max_lifts_per_day": max_lifts_per_day,
    "rest_days_between_lifts": rest_days_between_lifts,
    "block_lengths": block_lengths,
}


@dataclass
class LightCase:
    """A lightening rule: in ``season`` a lift on each of ``light`` is light and on each of
    ``heavy`` heavy, every one of them allowed (never removed for its kind); in ``eased``
    (the rule off) all of them are heavy."""

    season: Season
    light: list[str]
    heavy: list[str]
    eased: Season


def light_case(
    light: list[str], heavy: list[str], eased: dict[str, Any], **season: Any
) -> LightCase:
    return LightCase(make_season(**season), light, heavy, make_season(**{**season, **eased}))


EVERY_DAY = at_evening(*DAYS)
ANY_ONE = {"per_week": {"min": 0, "max": 1, "target": 1}, "minutes": 45}


def no_heavy_lift_days_before_race() -> LightCase:
    # Sunday's race, 3 days written: Thursday to Saturday light, Wednesday heavy.
    rules = {**RACE_ONLY, "no_lift_days_before_race": 0, "no_heavy_lift_days_before_race": 3}
    return light_case(
        [THU, FRI, SAT],
        [MON, TUE, WED],
        eased={"rules": {**rules, "no_heavy_lift_days_before_race": 0}},
        availability=EVERY_DAY,
        runs=RACE_SUNDAY,
        lifting=ANY_ONE,
        rules=rules,
    )


def light_lift_days_after_race() -> LightCase:
    # Monday's 5k: light for 4 days after it (Tuesday to Friday), heavy from Saturday.
    rules = {**RACE_ONLY, "no_lift_days_after_race": 0}
    return light_case(
        [TUE, WED, THU, FRI],
        [SAT, SUN],
        eased={"rules": {**rules, "light_lift_days_after_race": 0}},
        availability=EVERY_DAY,
        runs=RACE_MONDAY,
        lifting=ANY_ONE,
        rules=rules,
    )


LIGHT_CASES: dict[str, Callable[[], LightCase]] = {
    "no_heavy_lift_days_before_race": no_heavy_lift_days_before_race,
    "light_lift_days_after_race": light_lift_days_after_race,
}
RULE_NAMES = [rule.name for rule in HARD_RULES]
LIGHTENING = [rule.name for rule in LIGHTENING_RULES]


def test_every_hard_rule_has_a_case_and_every_case_a_rule() -> None:
    assert len(RULE_NAMES) == len(set(RULE_NAMES))
    assert list(CASES) == [name for name in RULE_NAMES if name not in LIGHTENING]
    assert list(LIGHT_CASES) == LIGHTENING


def kind_on(season: Season, when: str) -> str:
    timeline = build_timeline(season)
    return timeline.lift_kind(timeline.day_index(dt.date.fromisoformat(when[:10])))


@pytest.mark.parametrize("formulation", FORMULATIONS)
@pytest.mark.parametrize("name", LIGHTENING)
def test_lightening_rule(name: str, formulation: str) -> None:
    light = LIGHT_CASES[name]()
    options = FORMULATIONS[formulation]
    for when in [*light.light, *light.heavy]:  # never removed: each lift alone is a plan
        assert solve_fixed(light.season, [only(when)], options).status == cp_model.OPTIMAL
    assert [kind_on(light.season, when) for when in light.light] == ["light"] * len(light.light)
    assert [kind_on(light.season, when) for when in light.heavy] == ["heavy"] * len(light.heavy)
    assert {kind_on(light.eased, when) for when in [*light.light, *light.heavy]} == {"heavy"}
    timeline = build_timeline(light.season)
    ctx = RuleContext(timeline, light.season.rules)
    for when in light.light:
        day = timeline.day_index(dt.date.fromisoformat(when[:10]))
        assert [
            r.name for r in LIGHTENING_RULES if r.lightens_day and r.lightens_day(day, ctx)
        ] == [name]


@pytest.mark.parametrize("formulation", FORMULATIONS)
@pytest.mark.parametrize("name", [name for name in RULE_NAMES if name not in LIGHTENING])
def test_hard_rule(name: str, formulation: str) -> None:
    rule_case = CASES[name]()  # a rule without a case fails here
    options = FORMULATIONS[formulation]
    assert solve_fixed(rule_case.season, [], options).status == cp_model.OPTIMAL
    for breaking in rule_case.breaking:
        assert solve_fixed(rule_case.season, breaking, options).status == cp_model.INFEASIBLE
        assert solve_fixed(rule_case.eased, breaking, options).status == cp_model.OPTIMAL
    assert solve_fixed(rule_case.season, rule_case.legal, options).status == cp_model.OPTIMAL


FILTERS = [rule.name for rule in HARD_RULES if rule.forbids or rule.forbids_day]
# With no lightening rule in force a day lifts heavy; the lift kind is the timeline's.


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
        season={"start": "2026-03-02", "weeks": 2, "phases": []},
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


# --- races that cross midnight, last days, or span a clock change -------------------------


def test_days_after_a_race_count_from_its_last_day_when_it_crosses_midnight() -> None:
    # Saturday 22:00 + 180 min ends Sunday 01:00: Sunday is race day, Monday and Tuesday
    # recover (2 days written), Wednesday lifts. Counted from Saturday, Tuesday would be open.
    season = make_season(
        season={"start": "2026-03-02", "weeks": 2, "phases": []},
        availability=at_evening(*DAYS),
        runs={
            "weekly": {},
            "dates": {
                "2026-03-07": {"kind": "race", "start": "22:00", "minutes": 180, "priority": "C"}
            },
        },
        lifting=ANY_ONE,
        rules={
            **RACE_ONLY,
            "no_lift_days_before_race": 0,
            "no_lift_days_after_race": 2,
            "no_heavy_lift_days_before_race": 0,
            "light_lift_days_after_race": 3,
        },
    )
    options = FORMULATIONS["patterns"]
    status = {
        day: solve_fixed(season, [only(f"2026-03-{day:02d} 18:00")], options).status
        for day in range(6, 13)
    }
    assert status == {
        6: cp_model.OPTIMAL,
        7: cp_model.INFEASIBLE,  # the race's first day
        8: cp_model.INFEASIBLE,  # its last day
        9: cp_model.INFEASIBLE,
        10: cp_model.INFEASIBLE,
        11: cp_model.OPTIMAL,
        12: cp_model.OPTIMAL,
    }
    assert kind_on(season, "2026-03-11") == "light"  # 3 days after Sunday: light
    assert kind_on(season, "2026-03-12") == "heavy"


def test_a_race_across_the_fall_back_night_ends_on_its_elapsed_minutes() -> None:
    # A 100-mile race from Sat 31 Oct 05:00 (New York) for 1860 elapsed minutes: the clocks go
    # back in the night, so it ends Sun 1 Nov 11:00, not 12:00. Sunday is its last day:
    # Monday and Tuesday recover, Wednesday lifts.
    zone_week = {"start": "2026-10-26", "weeks": 2, "phases": []}
    season = make_season(
        timezone="America/New_York",
        season=zone_week,
        availability=at_evening(*DAYS),
        runs={
            "weekly": {},
            "dates": {
                "2026-10-31": {"kind": "race", "start": "05:00", "minutes": 1860, "priority": "C"}
            },
        },
        lifting=ANY_ONE,
        rules={**RACE_ONLY, "no_lift_days_before_race": 0, "no_lift_days_after_race": 2},
    )
    timeline = build_timeline(season)
    (race,) = timeline.races
    end = timeline.to_local(timeline.runs[0].end)
    assert (end.date(), end.hour, end.minute) == (dt.date(2026, 11, 1), 11, 0)
    assert [timeline.days[d].date.day for d in race.days] == [31, 1]
    assert timeline.runs_touching(race.first_day + 1) == timeline.runs
    options = FORMULATIONS["patterns"]
    status = {
        day: solve_fixed(season, [only(f"2026-11-0{day} 18:00")], options).status
        for day in (1, 2, 3, 4)
    }
    assert status == {
        1: cp_model.INFEASIBLE,
        2: cp_model.INFEASIBLE,
        3: cp_model.INFEASIBLE,
        4: cp_model.OPTIMAL,
    }
    # By distance (100 mi: light for 16 days after): Wednesday's lift is light.
    assert kind_on(season, "2026-11-04") == "light"


def test_a_lift_never_overlaps_a_run_that_crossed_midnight_into_its_day() -> None:
    # Monday's night run 23:00-02:00 reaches into Tuesday; a window from 01:00 must not
    # hold a lift before the run ends.
    season = make_season(
        availability=windows(tue=["01:00-03:00"]),
        runs={"weekly": {"mon": {"kind": "easy", "start": "23:00", "minutes": 180}}},
        lifting={"per_week": {"min": 1, "max": 1, "target": 1}, "minutes": 45},
    )
    timeline = build_timeline(season)
    ctx = RuleContext(timeline, season.rules)
    slots = [slot for slot in enumerate_slots(timeline) if timeline.days[slot.day].weekday == "tue"]
    assert slots
    legal = [
        f"{timeline.to_local(s.start):%H:%M}"
        for s in slots
        if not any(rule.blocks(s, ctx) for rule in HARD_RULES)
    ]
    assert legal == ["02:00", "02:15"]
    options = FORMULATIONS["patterns"]
    assert solve_fixed(season, [lifts("2026-03-03 01:00")], options).status == cp_model.INFEASIBLE
    assert solve_fixed(season, [lifts("2026-03-03 02:00")], options).status == cp_model.OPTIMAL


def test_the_light_window_before_a_race_goes_by_its_distance() -> None:
    # No number written: a 10k (60 min) lightens 7 days, a 5k (30 min) 6.
    for minutes, first_light in ((60, "2026-03-08"), (30, "2026-03-09")):
        season = make_season(
            season={"start": "2026-03-02", "weeks": 2, "phases": []},
            availability=at_evening(*DAYS),
            runs={
                "weekly": {},
                "dates": {"2026-03-15": {"kind": "race", "start": "08:00", "minutes": minutes}},
            },
            lifting=ANY_ONE,
        )
        day_before = dt.date.fromisoformat(first_light) - dt.timedelta(days=1)
        assert kind_on(season, first_light) == "light"
        assert kind_on(season, day_before.isoformat()) == "heavy"


# --- race weeks: a capped dose, and a week every day of which is closed -------------------


def race_week_season(priority: str, **extra: Any) -> Season:
    """Two weeks of evenings, two to three lifts a week, a race on the Saturday of week 2."""
    return make_season(
        season={"start": "2026-03-02", "weeks": 2, "phases": []},
        availability=at_evening(*DAYS),
        runs={
            "weekly": {},
            "dates": {
                "2026-03-14": {
                    "kind": "race",
                    "start": "08:00",
                    "minutes": 60,
                    "priority": priority,
                }
            },
        },
        lifting={"per_week": {"min": 2, "max": 3, "target": 3}, "minutes": 45},
        rules=RACE_ONLY,
        **extra,
    )


def test_a_race_week_needs_one_lift_and_wishes_no_more() -> None:
    timeline = build_timeline(race_week_season("B"))
    assert [(w.min_lifts, w.target_lifts) for w in timeline.weeks] == [(2, 3), (1, 1)]
    # A C race is trained through: no cap.
    timeline = build_timeline(race_week_season("C"))
    assert [(w.min_lifts, w.target_lifts) for w in timeline.weeks] == [(2, 3), (2, 3)]
    # A written minimum for the week wins.
    written = race_week_season("B", week_overrides={2: {"lifting": {"per_week": {"min": 2}}}})
    assert [w.min_lifts for w in build_timeline(written).weeks] == [2, 2]


def test_the_week_after_an_a_race_is_capped_and_after_a_b_race_not() -> None:
    # A Thursday 10k: its two days of no lift after it (Fri, Sat) stay in its own week.
    for priority, expected in (("A", [(1, 1), (1, 1)]), ("B", [(1, 1), (2, 3)])):
        season = make_season(
            season={"start": "2026-03-02", "weeks": 2, "phases": []},
            availability=at_evening(*DAYS),
            runs={
                "weekly": {},
                "dates": {
                    "2026-03-05": {
                        "kind": "race",
                        "start": "08:00",
                        "minutes": 60,
                        "priority": priority,
                    },
                    "2026-03-15": {
                        "kind": "race",
                        "start": "08:00",
                        "minutes": 60,
                        "priority": "C",
                    },
                },
            },
            lifting={"per_week": {"min": 2, "max": 3, "target": 3}, "minutes": 45},
        )
        timeline = build_timeline(season)
        assert [(w.min_lifts, w.target_lifts) for w in timeline.weeks] == expected, priority


def doses_around(date: str, priority: str, **rules: int) -> list[tuple[int, int]]:
    """(minimum, target) of each week of a two-week season from Mon 2 Mar, two to three
    lifts a week, with one 10k on ``date``."""
    race = {"kind": "race", "start": "08:00", "minutes": 60, "priority": priority}
    season = make_season(
        season={"start": "2026-03-02", "weeks": 2, "phases": []},
        availability=at_evening(*DAYS),
        runs={"weekly": {}, "dates": {date: race}},
        lifting={"per_week": {"min": 2, "max": 3, "target": 3}, "minutes": 45},
        rules=rules,
    )
    return [(w.min_lifts, w.target_lifts) for w in build_timeline(season).weeks]


def test_a_week_a_b_race_s_days_of_no_lift_reach_into_needs_one_lift_and_keeps_its_wish() -> None:
    # A Saturday 10k: its two days of no lift after it (Sun, Mon) reach into week 2, which
    # then requires one lift and still wishes three (the runner is back to training).
    saturday = "2026-03-07"
    assert doses_around(saturday, "B") == [(1, 1), (1, 3)]
    assert doses_around(saturday, "B", no_lift_days_after_race=1) == [(1, 1), (2, 3)]  # Sun
    assert doses_around(saturday, "C") == [(2, 3), (2, 3)]  # a training race caps nothing


def test_a_week_a_monday_race_s_days_of_no_lift_reach_back_into_needs_one_lift() -> None:
    # A Monday 10k (Mon 9 Mar): its two days of no lift before it (Sat 7, Sun 8) are in week
    # 1, which then requires one lift and still wishes three (the race is days away).
    monday = "2026-03-09"
    assert doses_around(monday, "B") == [(1, 3), (1, 1)]
    assert doses_around(monday, "A") == [(1, 3), (1, 1)]
    assert doses_around(monday, "B", no_lift_days_before_race=0) == [(2, 3), (1, 1)]
    assert doses_around(monday, "C") == [(2, 3), (2, 3)]  # a training race caps nothing


def test_a_race_week_with_every_day_closed_plans_none_and_says_why() -> None:
    # No window on Tuesday; five days before Saturday's race (written) close Mon-Fri except
    # Tuesday, the race itself Saturday, one day after it Sunday.
    season = make_season(
        season={"start": "2026-03-02", "weeks": 2, "phases": []},
        availability=at_evening("mon", "wed", "thu", "fri", "sat", "sun"),
        runs={
            "weekly": {},
            "dates": {"2026-03-14": {"kind": "race", "start": "08:00", "minutes": 60}},
        },
        lifting={"per_week": {"min": 1, "max": 2, "target": 2}, "minutes": 45},
        rules={**RACE_ONLY, "no_lift_days_before_race": 5, "no_lift_days_after_race": 1},
    )
    plan = solve_checked(season)
    assert plan.status is Status.OPTIMAL
    assert [week.week for week in plan.closed_weeks] == [2]
    reason = plan.closed_weeks[0].reason
    assert "the 10k (A) on Sat 14 Mar" in reason
    assert "Mon 9 Mar: no_lift_days_before_race" in reason
    assert "Sun 15 Mar: no_lift_days_after_race" in reason
    assert plan.lifts_per_week[1] == 0
    # The same week closed by the runner's own rules with no race in it stays a conflict: the
    # only window is Friday's, the day before Saturday's tempo.
    bare = make_season(
        availability=at_evening("fri"),
        runs={"weekly": {"sat": {"kind": "tempo", "start": "08:00", "minutes": 60}}},
        lifting={"per_week": {"min": 1, "max": 2, "target": 2}, "minutes": 45},
    )
    assert solve_checked(bare).status is Status.INFEASIBLE
    # A race week whose only free day is closed by the runner's own recovery, counted to the
    # race itself, is closed around the race, not a season-wide conflict.
    recovering = make_season(
        availability=at_evening("fri"),
        runs={
            "weekly": {},
            "dates": {"2026-03-07": {"kind": "race", "start": "08:00", "minutes": 60}},
        },
        lifting={"per_week": {"min": 1, "max": 2, "target": 2}, "minutes": 45},
    )
    closed = solve_checked(recovering)
    assert closed.status is Status.OPTIMAL and [w.week for w in closed.closed_weeks] == [1]
    assert "Fri 6 Mar: no_lift_days_before_race" in closed.closed_weeks[0].reason
