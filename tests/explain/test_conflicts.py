"""Infeasible seasons: the diagnosis names the right rules and dates, its conflict is
minimal, and every proposed repair solves."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import make_season, solve_checked
from liftplan import api
from liftplan.explain.repairs import relaxations
from liftplan.io.overrides import with_overrides
from liftplan.io.season_file import season_from_data
from liftplan.models import Season, Status
from liftplan.models.explanation import Explanation
from liftplan.solver.infeasibility import CoreFinder, build_diagnosis_model, find_cores
from liftplan.timeline import build_timeline

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
HARD_WEEK = {
    "tue": {"kind": "track", "start": "06:30", "minutes": 60},
    "thu": {"kind": "tempo", "start": "06:30", "minutes": 50},
    "sat": {"kind": "long", "start": "07:00", "minutes": 120},
}


def only(**windows: list[str]) -> dict[str, Any]:
    return {"weekly": {day: windows.get(day, []) for day in DAYS}}


def dates(explanation: Explanation, rule: str) -> list[str]:
    return [str(d) for c in explanation.conflicts if c.rule == rule for d in c.dates]


def assert_minimal_and_repairable(season: Season, explanation: Explanation) -> None:
    assert explanation.status is Status.INFEASIBLE
    timeline = build_timeline(season)
    diagnosis = build_diagnosis_model(timeline, season.rules)
    finder = CoreFinder(diagnosis)
    core = finder.minimal_core()
    assert core and finder.infeasible(core)
    for member in core:  # minimal: without any one member the rest can hold
        assert not finder.infeasible([g for g in core if g != member]), member
    assert explanation.repairs
    for repair in explanation.repairs:
        repaired = with_overrides(season, repair.set)
        plan = solve_checked(repaired)
        assert plan.status is Status.OPTIMAL, repair
        if "core session" in repair.description:  # the plan has the core work it promises
            cores = Counter(s.week for s in plan.sessions if s.kind == "core")
            weeks = {
                int(text.split(".")[1])
                for text in repair.set
                if text.startswith("week_overrides.") and ".core_sessions" in text
            }
            start = season.season.start
            failing = {
                (d - start).days // 7 + 1
                for c in explanation.conflicts
                if c.rule == "lifts_per_week"
                for d in c.dates
            }
            for week in weeks or failing:  # one more than the season asked for there
                asked = season.lifting_for_week(week).core_sessions
                assert cores[week] >= asked + 1, (repair, week, cores)


SEASONS: dict[str, dict[str, Any]] = {
    # The only free evenings are each the day before a hard run.
    "day before": {
        "availability": only(mon=["17:30-21:00"], wed=["17:30-21:00"], fri=["17:30-21:00"]),
        "runs": {"weekly": HARD_WEEK},
        "lifting": {"per_week": {"min": 1, "max": 2}},
    },
    # Week 1 can lift only on Sunday evening, 22 h before Monday's intervals.
    "recovery across weeks": {
        "season": {"start": "2026-03-02", "weeks": 2},
        "availability": {"weekly": {}, "dates": {"2026-03-08": ["18:00-20:00"]}},
        "runs": {"weekly": {"mon": {"kind": "intervals", "start": "17:00", "minutes": 60}}},
        "lifting": {"per_week": {"min": 1, "max": 1}},
        "week_overrides": {2: {"lifting": {"per_week": {"min": 0}}}},
        "rules": {"no_lift_day_before_hard": False},
    },
    # Three lifts wanted, two free evenings.
    "availability": {
        "availability": only(tue=["17:30-21:00"], thu=["17:30-21:00"]),
        "runs": {"weekly": {}},
        "lifting": {"per_week": {"min": 3, "max": 3}},
    },
    # Week 2 lies wholly inside the race cutoffs.
    "race cutoff": {
        "season": {"start": "2026-03-02", "weeks": 2, "phases": []},  # no derived taper
        "availability": {"weekly": {d: ["17:30-21:00"] for d in DAYS}},
        "runs": {
            "weekly": {},
            "dates": {"2026-03-15": {"kind": "race", "start": "08:00", "minutes": 60}},
        },
        "lifting": {"per_week": {"min": 1, "max": 2}},
        # Six days closed before the race close all of week 2; its minimum is written, so
        # the race does not close the week for the runner (issue 13: closed race weeks).
        "rules": {"no_lift_days_before_race": 6},
        "week_overrides": {2: {"lifting": {"per_week": {"min": 1}}}},
    },
    # Four lifts in a week with two rest days after each.
    "rest days": {
        "availability": {"weekly": {d: ["00:00-24:00"] for d in DAYS}},
        "runs": {"weekly": {}},
        "lifting": {"per_week": {"min": 4, "max": 4}},
        "rules": {"rest_days_between_lifts": 2},
    },
}


@pytest.fixture(scope="module")
def explained() -> dict[str, tuple[Season, Explanation]]:
    result = {}
    for name, sections in SEASONS.items():
        season = make_season(**sections)
        result[name] = (season, api.explain(season))
    return result


def test_day_before_clash(explained: dict[str, tuple[Season, Explanation]]) -> None:
    season, explanation = explained["day before"]
    assert {c.rule for c in explanation.conflicts} == {
        "lifts_per_week",
        "no_lift_day_before_hard",
        "availability",
    }
    assert dates(explanation, "no_lift_day_before_hard") == [
        "2026-03-02",
        "2026-03-04",
        "2026-03-06",
    ]
    assert dates(explanation, "availability") == [
        "2026-03-03",
        "2026-03-05",
        "2026-03-07",
        "2026-03-08",
    ]
    message = next(c.message for c in explanation.conflicts if c.rule == "no_lift_day_before_hard")
    assert "Mon 2026-03-02 is the day before Tue track" in message
    assert_minimal_and_repairable(season, explanation)


def test_recovery_clash_across_a_week_boundary(
    explained: dict[str, tuple[Season, Explanation]],
) -> None:
    season, explanation = explained["recovery across weeks"]
    assert dates(explanation, "recovery_hours") == ["2026-03-08"]
    assert dates(explanation, "lifts_per_week") == ["2026-03-02"]
    message = next(c.message for c in explanation.conflicts if c.rule == "recovery_hours")
    assert "22 h 15 min before Monday's intervals" in message
    # The season-wide relaxation steps down from 24 h to the first value that solves (23 h
    # opens nothing). It is not listed: a coach's repair of no larger size (a free window on
    # Monday evening) gives as many lifts at a lower objective, so it is the worse offer.
    timeline = build_timeline(season)
    _, diagnosis = find_cores(timeline, season.rules)
    relaxed = relaxations(season, timeline, {"recovery_hours"}, diagnosis, [1])
    assert [fix.sets for fix in relaxed] == [("rules.recovery_hours=22",)]
    assert not any(r.kind == "relaxation" for r in explanation.repairs)
    assert_minimal_and_repairable(season, explanation)


def test_availability_too_small_for_the_minimum(
    explained: dict[str, tuple[Season, Explanation]],
) -> None:
    season, explanation = explained["availability"]
    assert {c.rule for c in explanation.conflicts} == {"lifts_per_week", "availability"}
    assert dates(explanation, "availability") == [
        "2026-03-02",
        "2026-03-04",
        "2026-03-06",
        "2026-03-07",
        "2026-03-08",
    ]
    # Both free evenings hold the lifts left: one lift fewer, with no core session promised
    # (none would find an easy day without a lift), or a free window more.
    assert explanation.repairs[0].set == ["week_overrides.1.lifting.per_week.min=2"]
    assert not any("core" in repair.description for repair in explanation.repairs)
    assert_minimal_and_repairable(season, explanation)


def test_race_cutoff_against_the_minimum(explained: dict[str, tuple[Season, Explanation]]) -> None:
    season, explanation = explained["race cutoff"]
    rules = {c.rule for c in explanation.conflicts}
    assert "no_lift_days_before_race" in rules and "lifts_per_week" in rules
    assert dates(explanation, "lifts_per_week") == ["2026-03-09"]  # week 2
    blocked = [
        date
        for rule in (
            "no_lift_days_before_race",
            "no_lift_day_before_hard",
        )
        for date in dates(explanation, rule)
    ]
    assert sorted(blocked) == [f"2026-03-{d:02d}" for d in range(9, 16)]  # all of week 2
    assert_minimal_and_repairable(season, explanation)


def test_rest_days_against_the_count(explained: dict[str, tuple[Season, Explanation]]) -> None:
    season, explanation = explained["rest days"]
    assert {c.rule for c in explanation.conflicts} == {"lifts_per_week", "rest_days_between_lifts"}
    # A coach's repair first (issue 13): one lift fewer, made up by a core session.
    assert explanation.repairs[0].set == ["lifting.per_week.min=3", "lifting.core_sessions=1"]
    assert ["rules.rest_days_between_lifts=1"] in [r.set for r in explanation.repairs[1:]]
    assert_minimal_and_repairable(season, explanation)


def test_each_conflict_carries_its_rule_in_words_even_under_python_oo() -> None:
    """The wording is data in the registry: `python -OO` (no docstrings) keeps it."""
    import json
    import subprocess
    import sys

    season = Path(__file__).parents[2] / "examples" / "infeasible" / "masters-half.yaml"
    command = [sys.executable, "-OO", "-m", "liftplan.cli", "explain", str(season), "--json"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 3, result.stderr
    conflicts = json.loads(result.stdout)["conflicts"]
    says = {conflict["rule"]: conflict["says"] for conflict in conflicts}
    assert says["no_lift_day_before_hard"] == "Never lift the day before a hard running workout."
    assert all(says.values())


def test_a_conflict_over_two_weeks_names_only_each_week_s_own_room() -> None:
    # Week 1 is free only on Sunday, week 2 only on Monday: one rest day between lifts makes
    # the two weeks one conflict; each week still names only its own day.
    season = make_season(
        season={"start": "2026-03-02", "weeks": 2, "phases": []},
        availability={
            "weekly": {},
            "dates": {"2026-03-08": ["17:30-21:00"], "2026-03-09": ["17:30-21:00"]},
        },
        runs={"weekly": {}},
        lifting={"per_week": {"min": 1, "max": 1}, "minutes": 45},
        rules={"rest_days_between_lifts": 1},
    )
    messages = [c.message for c in api.explain(season, repairs=False).conflicts]
    assert any(
        m.startswith("week 1 ") and m.endswith("only Sun 2026-03-08 has room") for m in messages
    )
    assert any(
        m.startswith("week 2 ") and m.endswith("only Mon 2026-03-09 has room") for m in messages
    )


def test_a_run_hard_only_by_its_own_flag_is_named_so() -> None:
    """An easy run marked `hard: true` closes the day before it: the conflict says it is
    marked hard, else "the day before Tue easy" reads as a mistake."""
    season = make_season(
        availability=only(mon=["17:30-21:00"]),
        runs={"weekly": {"tue": {"kind": "easy", "start": "07:00", "minutes": 40, "hard": True}}},
        lifting={"per_week": {"min": 1, "max": 1}},
    )
    explanation = api.explain(season)
    message = next(c.message for c in explanation.conflicts if c.rule == "no_lift_day_before_hard")
    assert "is the day before Tue easy (marked hard)" in message, message
    assert_minimal_and_repairable(season, explanation)


def test_a_core_repair_is_not_offered_where_a_week_asks_for_no_core_work() -> None:
    """masters-half with week 3 writing core_sessions 0: the season-wide "one lift plus a
    core session" would leave week 3, a failing week, with one lift and no core session; it
    is not offered, and every repair offered keeps its word."""
    path = Path(__file__).parents[2] / "examples" / "infeasible" / "masters-half.yaml"
    data = yaml.safe_load(path.read_text())
    data["week_overrides"] = {3: {"lifting": {"core_sessions": 0}}}
    season = season_from_data(data, "masters-half")
    explanation = api.explain(season)
    assert explanation.repairs
    assert not any("core" in repair.description for repair in explanation.repairs)
    assert_minimal_and_repairable(season, explanation)
