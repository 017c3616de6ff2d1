"""Phases a coach derives from the goal races when the season file writes none (SPEC section 2).

Each A race ends a segment of the season: counted back from the race's week, a taper (the
race week included), a peak, and before them the rest of the segment split into base (the
first, larger half) and build. After the race comes a recovery. The lengths come from
``RACE_WINDOWS`` by distance (sources in models/races.py).

When a segment is too short for all of it, the peak gives up weeks first, then the build,
then the base; the taper keeps at least the race week. A recovery is cut where the next
A race's week begins (that race keeps its week) or where the season ends; weeks after the
last recovery are base again (training goes on at the season's own lifting).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from liftplan.models.races import DISTANCE_KM, Race

DerivedName = Literal["base", "build", "peak", "taper", "recovery"]


@dataclass(frozen=True)
class DerivedPhase:
    """One derived phase: ``weeks`` long, building towards or recovering from ``race``."""

    name: DerivedName
    weeks: int
    race: Race


def derive_phases(num_weeks: int, goals: Sequence[tuple[int, Race]]) -> list[DerivedPhase]:
    """The phases of a ``num_weeks`` season whose A races are ``goals`` (1-based week, race).

    Returns phases covering weeks 1..num_weeks in order, or [] without a goal race. Two A
    races in one week count as one; the longer race sets the lengths.
    """
    goal_of_week: dict[int, Race] = {}
    for week, race in goals:
        held = goal_of_week.get(week)
        if held is None or DISTANCE_KM[race.distance] >= DISTANCE_KM[held.distance]:
            goal_of_week[week] = race
    race_weeks = sorted(goal_of_week)
    phases: list[DerivedPhase] = []
    first = 1  # first week of the current segment
    for position, week in enumerate(race_weeks):
        race = goal_of_week[week]
        phases += _build_up(week - first + 1, race)
        # The next A race keeps its own week; the season's end cuts the last recovery.
        after = race_weeks[position + 1] - 1 if position + 1 < len(race_weeks) else num_weeks
        recovery = min(race.windows.recovery_weeks, after - week)
        phases += _phase("recovery", recovery, race)
        first = week + recovery + 1
    if race_weeks and first <= num_weeks:
        phases += _phase("base", num_weeks - first + 1, goal_of_week[race_weeks[-1]])
    return phases


def _build_up(weeks: int, race: Race) -> list[DerivedPhase]:
    """Base, build, peak and taper filling ``weeks`` (>= 1) and ending with the race week."""
    taper = min(race.windows.taper_weeks, weeks)
    before = weeks - taper
    # The peak shrinks first: base and build keep a week each while there is room.
    peak = min(race.windows.peak_weeks, max(0, before - 2))
    base = math.ceil((before - peak) / 2)
    build = before - peak - base
    return [
        *_phase("base", base, race),
        *_phase("build", build, race),
        *_phase("peak", peak, race),
        *_phase("taper", taper, race),
    ]


def _phase(name: DerivedName, weeks: int, race: Race) -> list[DerivedPhase]:
    return [DerivedPhase(name, weeks, race)] if weeks > 0 else []
