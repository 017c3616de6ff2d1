"""Training blocks: 2-3 weeks each, a new routine each time, changed where a coach would."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import make_season, solve_checked
from liftplan.models import Plan, Status
from liftplan.solver.rules import blocks_fit

EVERY_EVENING = {"weekly": {d: ["17:30-21:00"] for d in ("mon", "tue", "wed", "thu", "fri")}}


def season_of(weeks: int, **sections: Any) -> dict[str, Any]:
    season = {"start": "2026-03-02", "weeks": weeks, "deload_every_weeks": 0}
    season.update(sections.pop("season", {}))
    return {"season": season, "availability": EVERY_EVENING, **sections}


def starts(plan: Plan) -> list[int]:
    return [block.first_week for block in plan.blocks]


def test_blocks_cover_the_season_in_2_to_3_weeks_with_a_new_routine_each_time() -> None:
    plan = solve_checked(make_season(**season_of(16)))
    assert plan.status is Status.OPTIMAL
    lengths = [block.last_week - block.first_week + 1 for block in plan.blocks]
    assert sum(lengths) == 16 and all(2 <= n <= 3 for n in lengths)
    for before, after in zip(plan.blocks, plan.blocks[1:], strict=False):
        assert before.routine != after.routine and before.variation != after.variation
    assert all(lift.block == plan.blocks[0].label for lift in plan.lifts if lift.week <= lengths[0])


@pytest.mark.parametrize(
    ("weeks", "low", "high", "fits"),
    [(1, 2, 3, True), (4, 2, 3, True), (5, 2, 3, True), (4, 3, 3, False), (6, 3, 3, True)],
)
def test_blocks_fit(weeks: int, low: int, high: int, fits: bool) -> None:
    assert blocks_fit(weeks, low, high) is fits


def test_a_season_that_cannot_be_cut_exactly_ends_with_a_short_block() -> None:
    plan = solve_checked(make_season(**season_of(4), blocks={"min_weeks": 3, "max_weeks": 3}))
    assert [(b.first_week, b.last_week) for b in plan.blocks] == [(1, 3), (4, 4)]


def test_a_one_week_season_is_one_block() -> None:
    plan = solve_checked(make_season(**season_of(1)))
    assert [(b.first_week, b.last_week) for b in plan.blocks] == [(1, 1)]


def test_block_changes_fall_on_phase_changes() -> None:
    phases = [
        {"name": "base", "weeks": 5},
        {"name": "build", "weeks": 5},
        {"name": "peak", "weeks": 3},
        {"name": "taper", "weeks": 3},
    ]
    plan = solve_checked(make_season(**season_of(16, season={"phases": phases})))
    assert {6, 11, 14} <= set(starts(plan))
    assert plan.score["block_rotation"] == 0


def test_a_new_block_follows_each_deload_week() -> None:
    plan = solve_checked(make_season(**season_of(12, season={"deload_every_weeks": 4})))
    assert {5, 9} <= set(starts(plan))
    deload = [lift for lift in plan.lifts if lift.week in (4, 8, 12)]
    assert deload and all(lift.kind == "deload" for lift in deload)


def test_explicit_deload_weeks_replace_the_rhythm() -> None:
    plan = solve_checked(make_season(**season_of(6, season={"deload_weeks": [3]})))
    assert 4 in starts(plan)
    assert {lift.week for lift in plan.lifts if lift.kind == "deload"} == {3}


def test_no_new_block_in_a_race_week_and_the_cost_when_unavoidable() -> None:
    race = {
        "weekly": {},
        "dates": {"2026-04-05": {"kind": "race", "start": "08:00", "minutes": 60}},
    }
    sections = season_of(
        5, runs=race, lifting={"per_week": {"min": 0, "max": 2}}, season={"phases": []}
    )
    plan = solve_checked(make_season(**sections))
    assert 5 not in starts(plan)
    assert plan.score["block_rotation"] == 0
    # Blocks of exactly 2 weeks over 5 weeks must start in week 5: one misplaced change.
    forced = solve_checked(
        make_season(
            **sections, blocks={"min_weeks": 1, "max_weeks": 2}, weights={"block_rotation": 7}
        )
    )
    assert 5 not in starts(forced)
    exact = solve_checked(
        make_season(
            **{**sections, "season": {**sections["season"], "deload_every_weeks": 0}},
            blocks={"min_weeks": 1, "max_weeks": 1},
            weights={"block_rotation": 7},
        )
    )
    assert 5 in starts(exact)
    assert exact.score["block_rotation"] == 7


def test_a_phase_change_inside_a_block_costs_block_rotation() -> None:
    phases = [{"name": "base", "weeks": 1}, {"name": "build", "weeks": 3}]
    plan = solve_checked(make_season(**season_of(4, season={"phases": phases})))
    assert 2 not in starts(plan)  # a 1-week first block is not allowed
    assert plan.score["block_rotation"] == 30
