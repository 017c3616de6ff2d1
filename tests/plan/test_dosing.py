"""The main lifts' progression, step by step (plan/dosing.py)."""

from __future__ import annotations

from liftplan.models.season import Level, PhaseName
from liftplan.plan.dosing import Progression, deload_dose, percent_1rm


def test_a_block_adds_a_rep_a_week_at_the_same_load_then_the_next_starts_heavier() -> None:
    progression = Progression(Level.INTERMEDIATE)
    steps = [
        progression.heavy_week(
            week, 0, PhaseName.BASE, load_first=False, heavier_block=False, technique=False
        )
        for week in (1, 2, 3)
    ]
    assert [(s.load, s.reps, s.rir) for s in steps] == [(12, 8, 4), (12, 9, 3), (12, 10, 2)]
    assert (
        progression.heavy_week(
            3, 0, PhaseName.BASE, load_first=False, heavier_block=False, technique=False
        )
        == steps[-1]
    )  # once per week, whichever lift asks
    deload = deload_dose(progression, 3)
    assert (deload.sets, deload.reps, deload.rir) == (2, 10, 3)  # one chart step lighter
    nxt = progression.heavy_week(
        5, 1, PhaseName.BASE, load_first=False, heavier_block=False, technique=False
    )
    assert (nxt.load, nxt.rir) == (11, 4)
    assert percent_1rm(nxt.reps, nxt.rir) > percent_1rm(steps[-1].reps, steps[-1].rir)


def test_a_more_weight_block_adds_load_at_the_same_reps_up_to_the_phase_cap() -> None:
    progression = Progression(Level.INTERMEDIATE)
    kwargs = {"load_first": True, "heavier_block": False, "technique": False}
    first = progression.heavy_week(1, 0, PhaseName.BUILD, **kwargs)
    second = progression.heavy_week(2, 0, PhaseName.BUILD, **kwargs)
    assert second.reps == first.reps and second.load == first.load - 1
    assert "heavier" in second.change
    for week in range(3, 12):  # many blocks: never past the build's 8RM cap, never lighter
        block = week // 3
        step = progression.heavy_week(week, block, PhaseName.BUILD, **kwargs)
        assert step.load >= 8 and step.rir >= 2 and step.reps >= 3
