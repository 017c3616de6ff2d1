"""The diagnosis's fast paths answer as its plain statements do (issue 18, long seasons).

`day_classes` by arithmetic gives the classes and best recoveries of a `Slot` per start with
every filter asked (`day_classes_by_slots`), on generated seasons with clock changes, busy
dates and runs across midnight; the core search's yes/no checks (a few weeks solved as a
model of their own, no presolve) give the whole model's answer.
"""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path
from typing import Any

import pytest
from benchmarks.instances import generate_season
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from liftplan import api
from liftplan.models import Season
from liftplan.solver.infeasibility import (
    CoreFinder,
    DiagnosisModel,
    Guard,
    build_diagnosis_model,
    can_meet_minimums,
    day_classes,
    day_classes_by_slots,
)
from liftplan.timeline import build_timeline

TESTS = Path(__file__).parents[1]
INFEASIBLE = [
    TESTS / "seasons" / "races" / "06-masters-half.yaml",
    TESTS / "explain" / "c-race-week-fails.yaml",
]


def varied_season(seed: int, weeks: int) -> Season:
    """A generated season varied where the diagnosis looks: grid, lengths, windows, runs
    across midnight, recovery, and clock changes (a zone and a start near one)."""
    rng = random.Random(seed)
    start = rng.choice([dt.date(2026, 3, 23), dt.date(2026, 10, 19), dt.date(2026, 3, 30)])
    zone = rng.choice(["Europe/Berlin", "Australia/Sydney", "America/New_York", "UTC"])
    data = generate_season(weeks, seed, start=start, timezone=zone)
    data["lifting"]["granularity_minutes"] = rng.choice([5, 10, 15, 30, 60])
    low = rng.choice([20, 30, 45])
    data["lifting"]["minutes"] = rng.choice([low, {"min": low, "max": low + 15}])
    data["lifting"]["gap_hours"] = rng.choice([0, 1.5, 3, 6])
    for _ in range(rng.randint(0, 6)):  # busy dates: a short window left, at an odd minute
        date = start + dt.timedelta(days=rng.randrange(7 * weeks))
        hour, minute = rng.randint(1, 20), rng.choice([0, 7, 13, 45])
        data["availability"]["dates"][date.isoformat()] = [
            f"{hour:02d}:{minute:02d}-{hour + rng.randint(1, 3):02d}:{minute:02d}"
        ]
    if rng.random() < 0.5:  # a run crossing midnight into the next day
        date = start + dt.timedelta(days=rng.randrange(7 * weeks - 1))
        data["runs"]["dates"][date.isoformat()] = {"kind": "easy", "start": "23:30", "minutes": 450}
    rules: dict[str, Any] = {"recovery_hours": rng.choice([12, 24, 30, 48, 60])}
    rules["no_lift_day_before_hard"] = rng.random() < 0.5
    data["rules"] = rules
    return Season.model_validate(data)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(min_value=0, max_value=100_000), weeks=st.integers(1, 3))
def test_day_classes_by_arithmetic_are_those_of_every_slot(seed: int, weeks: int) -> None:
    assert_classes_are_those_of_every_slot(varied_season(seed, weeks))


def assert_classes_are_those_of_every_slot(season: Season) -> None:
    timeline = build_timeline(season)
    fast = DiagnosisModel(cp_model.CpModel(), {})
    plain = DiagnosisModel(cp_model.CpModel(), {})
    day_classes(timeline, season.rules, fast)
    day_classes_by_slots(timeline, season.rules, plain)
    assert fast.classes == plain.classes
    assert fast.best_recovery == plain.best_recovery


@pytest.mark.parametrize("path", INFEASIBLE, ids=lambda path: path.stem)
def test_each_yes_no_check_is_the_whole_models_answer(path: Path) -> None:
    season = api.load_season(path)
    diagnosis = build_diagnosis_model(build_timeline(season), season.rules)
    finder = CoreFinder(diagnosis)
    whole = cp_model.CpSolver()
    whole.parameters.num_workers = 1

    def whole_model_says(keys: list[Guard]) -> bool:
        diagnosis.model.clear_assumptions()
        diagnosis.model.add_assumptions([diagnosis.guards[key] for key in keys])
        return whole.solve(diagnosis.model) == cp_model.INFEASIBLE

    rng = random.Random(0)
    guards = sorted(diagnosis.guards)
    weeks = sorted({guard.week for guard in guards})
    answers = []
    for _ in range(30):
        # A week's guards or two, less a few: both answers occur.
        around = set(rng.sample(weeks, k=min(len(weeks), rng.randint(1, 2))))
        keys = [g for g in guards if g.week in around]
        keys = [g for g in keys if rng.random() < 0.9] + rng.sample(guards, k=3)
        expected = whole_model_says(keys)
        answers.append(expected)
        assert finder.infeasible(keys, quick=True) == expected, keys
        assert finder.infeasible(keys) == expected, keys
    assert True in answers and False in answers


def test_the_search_budget_is_counted_work_so_it_ends_at_the_same_conflict() -> None:
    season = api.load_season(INFEASIBLE[0])
    timeline = build_timeline(season)
    complete = CoreFinder(build_diagnosis_model(timeline, season.rules)).all_cores()
    assert complete.complete and len(complete.cores) == 9  # weeks 1-9, as the README says
    # A budget of a few checks' work: cut short, and cut at the same place every time.
    short = [
        CoreFinder(build_diagnosis_model(timeline, season.rules)).all_cores(budget=0.1)
        for _ in range(2)
    ]
    assert not short[0].complete
    assert short[0] == short[1]
    assert 0 < len(short[0].cores) < len(complete.cores)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(min_value=0, max_value=100_000),
    weeks=st.integers(1, 6),
    replanned=st.booleans(),
)
def test_the_walk_over_days_answers_as_a_solve_of_the_weeks(
    seed: int, weeks: int, replanned: bool
) -> None:
    """`can_meet_minimums` (the core search's yes/no) against the lean CP-SAT solve it stands
    for, on guard sets near a week's (both answers occur), with a re-plan's standing lifts
    and lived weeks, per week and over the whole model."""
    rng = random.Random(seed)
    # Weekly minimums, rest days and lifts a day that bind: both answers, for each reason.
    data = varied_season(seed, weeks).model_dump(mode="json", exclude_unset=True)
    low = rng.randint(1, 5)
    data["lifting"]["per_week"] = {"min": low, "max": rng.randint(low, 6)}
    # One phase (a taper asks no minimum): the race week is still closed, as the race asks.
    data["season"]["phases"] = [{"name": "build", "weeks": weeks}]
    data["rules"]["rest_days_between_lifts"] = rng.randint(0, 2)
    data["rules"]["max_lifts_per_day"] = rng.randint(1, 2)
    season = Season.model_validate(data)
    timeline = build_timeline(season)
    standing: tuple[int, ...] = ()
    history_before = 0
    if replanned:
        # A lift standing in most weeks (its rest days closed), the first days lived or not.
        standing = tuple(rng.choice(week.days) for week in timeline.weeks if rng.random() < 0.7)
        history_before = rng.choice([0, rng.randrange(len(timeline.days))])
    diagnosis = build_diagnosis_model(timeline, season.rules, standing, history_before)
    finder = CoreFinder(diagnosis)
    guards = sorted(diagnosis.guards)
    numbers = [week.number for week in diagnosis.timeline.weeks] if diagnosis.timeline else []
    for _ in range(12):
        around = set(rng.sample(numbers, k=rng.randint(1, len(numbers))))
        keys = [g for g in guards if g.week in around and rng.random() < 0.85]
        keys += rng.sample(guards, k=min(len(guards), 3))
        asked = frozenset(g.week for g in keys if g.rule == "lifts_per_week")
        if not asked:
            continue
        plain = finder.check_by_solve(keys, asked)
        assert plain is not None
        assert (not can_meet_minimums(diagnosis, keys, asked)) == plain, keys


@pytest.mark.parametrize("path", INFEASIBLE, ids=lambda path: path.stem)
def test_the_walk_over_days_answers_every_check_of_a_real_search(path: Path) -> None:
    """Every yes/no the core search asks on an infeasible season, answered both ways."""
    season = api.load_season(path)
    diagnosis = build_diagnosis_model(build_timeline(season), season.rules)
    asked: list[tuple[list[Guard], frozenset[int]]] = []

    class Recording(CoreFinder):
        def _check(self, keys: list[Guard], weeks: frozenset[int]) -> bool | None:
            asked.append((list(keys), weeks))
            return super()._check(keys, weeks)

    finder = Recording(diagnosis)
    finder.all_cores()
    assert len(asked) > 10
    for keys, weeks in asked:
        assert (not can_meet_minimums(diagnosis, keys, weeks)) == finder.check_by_solve(keys, weeks)


@pytest.mark.parametrize("seed", [50, 284])
def test_day_classes_of_a_long_season_reuse_alike_days_as_every_slot_says(seed: int) -> None:
    """Infeasible generated 16-week seasons (a team benchmark's athletes, a clock change in
    each): days alike are worked out once, and still give every slot's classes."""
    assert_classes_are_those_of_every_slot(Season.model_validate(generate_season(16, seed)))
