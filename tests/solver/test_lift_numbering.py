"""The habit's lift numbering leaves out what the hard rules forbid, and nothing more."""

from __future__ import annotations

import itertools
import random

import pytest
from benchmarks.instances import generate_season

from conftest import lift_weekdays, make_season, solve_checked
from liftplan.models import Season, Status
from liftplan.solver import objectives
from liftplan.solver.objectives import lift_reach


def possible_days(days: list[int], most: int, least: int, spacing: int) -> list[set[int]]:
    """By brute force: the days each week's n-th lift can fall on."""
    reach: list[set[int]] = [set() for _ in range(most)]
    for count in range(least, most + 1):
        for chosen in itertools.combinations(days, count):
            if all(b - a >= spacing for a, b in itertools.pairwise(chosen)):
                for n, day in enumerate(chosen):
                    reach[n].add(day)
    return reach


@pytest.mark.parametrize("seed", range(200))
def test_reach_is_exactly_the_days_a_lift_can_take(seed: int) -> None:
    rng = random.Random(seed)
    days = sorted(rng.sample(range(7), rng.randint(1, 7)))
    most, spacing = rng.randint(1, 4), rng.randint(1, 3)
    least = rng.randint(0, most)
    truth = possible_days(days, most, least, spacing)
    for n, (first, last) in enumerate(lift_reach(days, most, least, spacing)):
        kept = {day for day in days if first <= day <= last}
        assert truth[n] <= kept  # never leaves out a day a lift can take
        if truth[n]:  # and the ends are days it can take
            assert {min(kept), max(kept)} <= truth[n]


def loosest_numbering(
    days: list[int], most: int, least: int, spacing: int
) -> list[tuple[int, int]]:
    return [(days[0], days[-1])] * most if days and most else []


@pytest.mark.parametrize(
    ("seed", "rest_days", "least"), [(0, 0, 1), (1, 1, 2), (2, 2, 1), (3, 1, 1)]
)
def test_trimmed_numbering_keeps_the_optimum(
    seed: int, rest_days: int, least: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = generate_season(12, seed)
    data["rules"] = {"rest_days_between_lifts": rest_days}
    data["lifting"]["per_week"]["min"] = least
    season = Season.model_validate(data)
    trimmed = solve_checked(season)
    with monkeypatch.context() as patch:  # every day for every lift, a non-strict order
        patch.setattr(objectives, "lift_reach", loosest_numbering)
        patch.setattr(objectives, "_lift_spacing", lambda v, days, rules: 0)
        loose = solve_checked(season)
    assert trimmed.status is loose.status
    assert trimmed.objective == loose.objective
    assert trimmed.status.solved and trimmed.score["habit"] > 0  # the habit is in play


def test_two_lifts_may_share_a_day_when_the_rules_allow_it() -> None:
    # Only Tuesdays are free, in two windows; two lifts a week are required.
    two_windows = {"weekly": {"tue": ["06:00-08:00", "17:00-20:00"]}}
    season = make_season(
        season={"start": "2026-03-02", "weeks": 2},
        availability=two_windows,
        runs={"weekly": {}},
        lifting={"per_week": {"min": 2, "max": 2, "target": 2}, "minutes": 45},
        rules={"max_lifts_per_day": 2, "rest_days_between_lifts": 1},
    )
    plan = solve_checked(season)
    assert plan.status is Status.OPTIMAL
    assert lift_weekdays(plan) == ["tue"] * 4
