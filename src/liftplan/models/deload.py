"""How much lighter a deload lift is than the heavy week it follows: a rule of the contract.

The workout builder (plan/workouts.py) keeps it and the checker (check.py) verifies it on
every plan, each on its own road; this module only states it, so both read the same number.

A deload cuts volume and keeps the lifts: at most 60% of the heavy week's working sets, that
is a volume cut of 40% or more, the range of the tapering meta-analysis (Bosquet et al. 2007:
volume cut 41-60%, intensity kept) that coaches apply to a deload week too. Coaches and lifters
make that cut with fewer sets per session and the same exercises and sessions a week (Bell et
al. 2022, coaches' deloading practices; Rogerson et al. 2024, a survey of 246 athletes).
"""

from __future__ import annotations

from collections.abc import Iterable

from liftplan.models.routines import WorkoutExercise

# A deload lift's working sets, at most this share (percent) of the heavy week's.
DELOAD_MOST_PERCENT = 60


def working_sets(exercises: Iterable[WorkoutExercise]) -> int:
    """A lift's working sets: every exercise's sets (warm-up and cool-down hold none)."""
    return sum(exercise.sets for exercise in exercises)


def deload_most_sets(heavy_sets: int) -> int:
    """The most working sets a deload lift may hold after a heavy lift of ``heavy_sets``
    working sets: DELOAD_MOST_PERCENT of them, rounded down, so always fewer (0 for 0)."""
    return heavy_sets * DELOAD_MOST_PERCENT // 100


def deload_share(sets: int, heavy_sets: int) -> int:
    """``sets`` as a whole percentage of ``heavy_sets`` (rounded; 0 when there are none)."""
    return round(100 * sets / heavy_sets) if heavy_sets > 0 else 0
