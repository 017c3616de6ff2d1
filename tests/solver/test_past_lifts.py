"""A re-plan's history at model level: a lift that already happened (a fixed lift before the
open day) is held to no rule about where a lift may go, and counts for the lifts to come.

Each season is the guide's sample week (UTC; Tue track, Thu tempo, Sat long are hard) or a
variant; the lift done is placed by hand where one rule forbids it, and the model must still
have a plan, with that lift in it, in both formulations (weekly patterns, one boolean per
slot)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from ortools.sat.python import cp_model

from conftest import make_season
from liftplan.check import PAST_EXEMPT as CHECKER_PAST_EXEMPT
from liftplan.check import _Checker, _Season
from liftplan.models import Season
from liftplan.solver.commitments import PlacedLift, commitments_for
from liftplan.solver.model import ModelOptions, build_model
from liftplan.solver.rules import HARD_RULES, PAST_EXEMPT
from liftplan.solver.solve import configure
from liftplan.timeline import build_timeline

MONDAY = dt.date(2026, 3, 2)
FORMULATIONS = {"patterns": ModelOptions(), "per-slot": ModelOptions(patterns=False)}


def lift_at(season: Season, date: str, start: str, minutes: int = 45) -> PlacedLift:
    """The lift from local ``start`` on ``date`` (the seasons here are in UTC)."""
    timeline = build_timeline(season)
    day = (dt.date.fromisoformat(date) - MONDAY).days
    hour, minute = map(int, start.split(":"))
    begin = timeline.start_of(dt.date.fromisoformat(date)) + 60 * hour + minute
    return PlacedLift(day, begin, begin + minutes)


def replanned(season: Season, open_day: int, *done: PlacedLift) -> list[tuple[int, int]] | None:
    """The lifts (day, start minute) of the optimum of each formulation when ``done`` already
    happened and the days from ``open_day`` on are open; None when infeasible. Both
    formulations must agree."""
    found = []
    for options in FORMULATIONS.values():
        timeline = build_timeline(season)
        commitments = commitments_for(timeline, open_from_day=open_day, fixed=done)
        built = build_model(timeline, season.rules, options=options, commitments=commitments)
        solver = cp_model.CpSolver()
        configure(solver, workers=1, seed=0, time_limit=30)
        status = solver.solve(built.model)
        assert status in (cp_model.OPTIMAL, cp_model.INFEASIBLE)
        chosen = (
            None
            if status == cp_model.INFEASIBLE
            else [
                (built.slots[i].day, built.slots[i].start) for i in built.variables.chosen(solver)
            ]
        )
        found.append(chosen)
    assert found[0] == found[1]
    return found[0]


ONE_TO_THREE = {"per_week": {"min": 1, "max": 3, "target": 2}, "minutes": 45}
ONLY_THE_RULE = {"no_lift_day_before_hard": False, "recovery_hours": 0}


def sample(**sections: Any) -> Season:
    """Two sample weeks, 1..3 lifts a week (so a week with its one lift done is complete)."""
    sections = {"lifting": ONE_TO_THREE, **sections}
    return make_season(season={"start": "2026-03-02", "weeks": 2, "phases": []}, **sections)


EVERY_DAY = {"weekly": {d: ["06:00-21:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat")}}

# Per exempt rule: a season, the lift done (date, start, minutes) that breaks only that rule
# (as the independent checker says), and the open day (re-plan from) after it.
EXEMPT_CASES: dict[str, tuple[dict[str, Any], tuple[str, str, int], int]] = {
    # 12:00 on Wednesday is no window of the sample week (evenings only); the rules about
    # hard runs are off in this case and the next, so that the lift breaks this rule alone.
    "availability": ({"rules": ONLY_THE_RULE}, ("2026-03-04", "12:00", 45), 3),
    # Wednesday's easy run is 06:30-07:10.
    "no_overlap_with_runs": (
        {"availability": EVERY_DAY, "rules": ONLY_THE_RULE},
        ("2026-03-04", "06:45", 45),
        3,
    ),
    # Wednesday evening is the day before Thursday's tempo (recovery relaxed to isolate it).
    "no_lift_day_before_hard": (
        {"rules": {"recovery_hours": 12}},
        ("2026-03-04", "17:30", 45),
        3,
    ),
    # Tuesday 17:30-18:15 is 12 h 15 min before Wednesday's hard run (rule off the day before).
    "recovery_hours": (
        {
            "runs": {
                "weekly": {
                    "wed": {"kind": "tempo", "start": "06:30", "minutes": 50},
                    "sat": {"kind": "long", "start": "07:00", "minutes": 120},
                }
            },
            "rules": {"no_lift_day_before_hard": False},
        },
        ("2026-03-03", "17:30", 45),
        3,
    ),
    # A C race on Friday: no lift in the 2 days before it (Wednesday is one of them).
    "no_lift_days_before_race": (
        {
            "runs": {
                "weekly": {},
                "dates": {"2026-03-06": {"kind": "race", "start": "08:00", "minutes": 60}},
            },
            "rules": {"no_lift_days_before_race": 2, "no_lift_days_after_race": 0},
        },
        ("2026-03-04", "17:30", 45),
        3,
    ),
    # A C race on Monday: no lift in the 2 days after it (Tuesday is one of them).
    "no_lift_days_after_race": (
        {
            "runs": {
                "weekly": {},
                "dates": {"2026-03-02": {"kind": "race", "start": "08:00", "minutes": 60}},
            },
            "rules": {"no_lift_days_before_race": 0, "no_lift_days_after_race": 2},
        },
        ("2026-03-03", "17:30", 45),
        3,
    ),
}


def test_every_rule_says_whether_it_binds_a_past_lift_and_why() -> None:
    for rule in HARD_RULES:
        assert rule.past.strip(), rule.name
    # The rules about where a lift may go (filters, light days) never bind what happened;
    # the rules that count lifts do.
    for rule in HARD_RULES:
        places = any(f is not None for f in (rule.forbids, rule.forbids_day, rule.lightens_day))
        assert rule.binds_past == (rule.add is not None), rule.name
        assert not (places and rule.binds_past), rule.name
    assert {rule.name for rule in HARD_RULES if not rule.binds_past} == PAST_EXEMPT
    # The independent checker states the same exemption on its own (and more: grid, length).
    assert CHECKER_PAST_EXEMPT >= PAST_EXEMPT
    assert not CHECKER_PAST_EXEMPT & {rule.name for rule in HARD_RULES if rule.binds_past}
    # A placement rule with no model case here would be untested.
    filters = {r.name for r in HARD_RULES if r.lightens_day is None and not r.binds_past}
    assert filters == set(EXEMPT_CASES)


@pytest.mark.parametrize("rule", sorted(EXEMPT_CASES))
def test_a_lift_done_against_a_placement_rule_stays_in_the_plan(rule: str) -> None:
    sections, (date, start, minutes), open_day = EXEMPT_CASES[rule]
    season = sample(**sections)
    done = lift_at(season, date, start, minutes)
    # The lift breaks exactly this rule, as the independent checker sees it.
    broken = {
        v.rule
        for v in _Checker(_Season(season)).problems(
            *_instants(season, date, start, minutes), dt.date.fromisoformat(date)
        )
    }
    assert broken == {rule}
    lifts = replanned(season, open_day, done)
    assert lifts is not None, f"a lift done that breaks {rule} made the re-plan infeasible"
    assert (done.day, done.start) in lifts


def _instants(season: Season, date: str, start: str, minutes: int) -> tuple[dt.datetime, ...]:
    begin = dt.datetime.fromisoformat(f"{date}T{start}:00+00:00")
    return begin, begin + dt.timedelta(minutes=minutes)


def test_two_past_lifts_on_following_days_never_clash() -> None:
    # Monday and Tuesday lifts (rest days: 1) were both done: the re-plan from Wednesday has
    # a plan; Wednesday is the rest day after Tuesday's lift, so week 1's next lift is later.
    season = sample(availability=EVERY_DAY, rules={"no_lift_day_before_hard": False})
    monday, tuesday = lift_at(season, "2026-03-02", "18:00"), lift_at(season, "2026-03-03", "18:00")
    lifts = replanned(season, 2, monday, tuesday)
    assert lifts is not None
    assert (0, monday.start) in lifts and (1, tuesday.start) in lifts
    assert 2 not in {day for day, _ in lifts}


def test_past_lifts_past_the_weekly_max_leave_no_room_for_more() -> None:
    # Three lifts done (max 2, rest days 0): the week stands as it was, and no lift is added.
    season = sample(
        availability=EVERY_DAY,
        lifting={"per_week": {"min": 1, "max": 2, "target": 2}, "minutes": 45},
        rules={"no_lift_day_before_hard": False, "rest_days_between_lifts": 0},
    )
    done = [lift_at(season, f"2026-03-0{n}", "18:00") for n in (2, 3, 4)]
    lifts = replanned(season, 3, *done)
    assert lifts is not None
    assert sorted(day for day, _ in lifts if day < 7) == [0, 1, 2]


def test_a_lift_done_still_needs_its_rest_days_from_the_next_lift() -> None:
    # Wednesday's lift was done; Thursday is its rest day, so week 1's second lift comes
    # later; with 2 lifts a week and Friday and Saturday closed, week 1 has no room for its
    # second lift: infeasible (the weekly minimum still binds the week history began).
    season = sample(rules={"no_lift_day_before_hard": False, "recovery_hours": 0})
    wednesday = lift_at(season, "2026-03-04", "17:30")
    lifts = replanned(season, 3, wednesday)
    assert lifts is not None and 3 not in {day for day, _ in lifts}
    closed = sample(
        lifting={"per_week": {"min": 2, "max": 3, "target": 2}, "minutes": 45},
        rules={"no_lift_day_before_hard": False, "recovery_hours": 0},
        availability={"weekly": {d: ["17:30-21:00"] for d in ("mon", "tue", "wed", "thu")}},
    )
    assert replanned(closed, 3, lift_at(closed, "2026-03-04", "17:30")) is None
