"""How heavy the main lifts are, week by week: the chart, the season's progression, the doses.

The load is said as a reps-max (RM): the heaviest weight that could be lifted that many times.
Reps done plus reps in reserve (RIR) give the RM, and the RIR-based RPE chart (Zourdos et al.
2016; the %1RM column as in Helms et al. 2016) turns it into a % of 1RM: 5 reps at 2 RIR = a 7RM
= about 81%. One step along the chart (one RM fewer) is about 2.5-3% heavier.

Progression (double progression by reps in reserve, as Helms et al. 2016 write RIR-based
blocks): a block's first heavy week starts at 4 reps in reserve; each heavy week after it takes
one step: one more rep at the same load (RIR 4 -> 3 -> 2), or, in a "more weight each week"
block, one chart step heavier at the same reps. At 2 in reserve (never to failure, the guide's
"a couple more") the next step is a heavier load with a rep fewer. The next block starts one
chart step heavier than the last one's load (two in a "fewer reps, one more set" block), back at
4 in reserve: it starts where the last ended, never from a phase default. Each phase caps how
heavy it gets (base 10RM ~74%, build 8RM ~79%, peak 7RM ~81%; the guide's ~75%, 5-10 reps;
Beattie 2014 and Vikmoen 2017: 4-10RM); at the cap the reps still rise within the block, and a
new block holds the load. Only a new base after a race's recovery starts lighter (a new season
within the season). Deloads: half the main lifts' sets, one chart step lighter than the week
before (Rogerson 2024), and at most 60% of the heavy week's working sets in all
(models/deload.py; plan/session_shape.py cuts them). Taper, race and race-window lifts: 2 x 3
at the current load (intensity kept, volume cut: Bosquet 2007; Rønnestad & Mujika 2014).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from liftplan.models.routines import Dosing
from liftplan.models.season import Level, PhaseName

# RIR-based RPE chart: % of 1RM for a load that could be lifted n times (reps done + RIR).
# 1-12 as charted (Zourdos et al. 2016; Helms et al. 2016); beyond, 2.7% a rep as at 11-12.
PERCENT_OF_REPS_MAX = {
    1: 100.0, 2: 95.5, 3: 92.2, 4: 89.2, 5: 86.3, 6: 83.7, 7: 81.1, 8: 78.6,
    9: 76.2, 10: 73.9, 11: 70.7, 12: 68.0, 13: 65.3, 14: 62.6, 15: 59.9, 16: 57.2,
}  # fmt: skip
# The heaviest load (as a reps-max) a phase allows; advanced lifters one step heavier.
PHASE_CEILING: dict[PhaseName | None, int] = {
    None: 8, PhaseName.BASE: 10, PhaseName.BUILD: 8, PhaseName.PEAK: 7,
    PhaseName.TAPER: 7, PhaseName.RACE: 7, PhaseName.RECOVERY: 14,
}  # fmt: skip
# Where the season's load starts (a reps-max) and how many sets a heavy main lift gets.
START_REPS_MAX = {Level.BEGINNER: 13, Level.INTERMEDIATE: 12, Level.ADVANCED: 10}
HEAVY_SETS = {Level.BEGINNER: 3, Level.INTERMEDIATE: 3, Level.ADVANCED: 4}
# A beginner's technique block: 2 sets of 10-11 at a 14RM load (about 63%), RPE 6-7; its third
# week one chart step heavier at 10 reps (RPE 7).
TECHNIQUE_REPS_MAX = 14
TECHNIQUE_START_RIR = 4
TECHNIQUE_MIN_RIR = 3
MIN_RIR, MAX_RIR = 2, 4  # never to failure: about two reps left (the guide: "a couple more")
START_RIR = 4  # a block's first week
MIN_REPS = 3
LIGHT_REPS = 3  # taper and race-window lifts: 2 x 3 at the current load
# Plate and bell steps for a load in kg or lb.
LOAD_STEP = {
    "kg": {Dosing.BARBELL: 2.5, Dosing.MACHINE: 2.5, Dosing.DUMBBELL: 2.0, Dosing.KETTLEBELL: 4.0},
    "lb": {Dosing.BARBELL: 5.0, Dosing.MACHINE: 5.0, Dosing.DUMBBELL: 5.0, Dosing.KETTLEBELL: 9.0},
}
NEW_CYCLE = frozenset({PhaseName.RECOVERY})  # after it, a base starts lighter again


def percent_1rm(reps: int, rir: int) -> int:
    """% of 1RM for ``reps`` with ``rir`` left, from the RIR-based RPE chart (rounded)."""
    reps_max = min(max(reps + rir, 1), max(PERCENT_OF_REPS_MAX))
    return round(PERCENT_OF_REPS_MAX[reps_max])


def plates(weight: float, step: float) -> float:
    """``weight`` rounded to the kit's step (2.5 kg plates, 2 kg dumbbells, 4 kg bells)."""
    return round(weight / step) * step


@dataclass(frozen=True)
class Dose:
    """A main lift's sets, reps and reps in reserve; ``reps_max`` = reps + RIR sets the load."""

    sets: int
    reps: int
    rir: int
    reps_text: str = ""

    @property
    def reps_max(self) -> int:
        return self.reps + self.rir


@dataclass(frozen=True)
class Step:
    """The main lifts in one heavy week: the chart load (a reps-max) and reps in reserve, the
    week's place in its block (1-based) and what changed from the heavy week before."""

    load: int
    rir: int
    week_of_block: int
    change: str

    @property
    def reps(self) -> int:
        return self.load - self.rir


class Progression:
    """The season's main-lift load, advanced once per heavy week (see the module)."""

    def __init__(self, level: Level) -> None:
        self.level = level
        self.current: Step | None = None
        self.block: int | None = None
        self.week: int | None = None
        self.phase: PhaseName | None = None
        self.after_cycle = False  # a recovery phase came since the last heavy week

    def ceiling(self, phase: PhaseName | None) -> int:
        return PHASE_CEILING[phase] - (1 if self.level is Level.ADVANCED else 0)

    def note_light_week(self, phase: PhaseName | None) -> None:
        if phase in NEW_CYCLE:
            self.after_cycle = True

    def heavy_week(
        self,
        week: int,
        block: int,
        phase: PhaseName | None,
        *,
        load_first: bool,
        heavier_block: bool,
        technique: bool,
    ) -> Step:
        """The step of heavy ``week`` (the same for every lift of that week)."""
        if self.week == week and self.current is not None:
            return self.current
        ceiling = self.ceiling(phase)
        previous = self.current
        if technique:
            step = self._technique(previous, block)
        elif previous is None or self.after_cycle:
            load = max(ceiling, START_REPS_MAX[self.level])
            first = "the season's first heavy week" if previous is None else "a new cycle"
            step = Step(load, self._start_rir(load), 1, f"{first}: a {load}RM load")
        elif block != self.block:
            step = self._new_block(previous, ceiling, heavier_block)
        else:
            step = self._next_week(previous, ceiling, load_first)
        self.current, self.block, self.week, self.phase = step, block, week, phase
        self.after_cycle = False
        return step

    @staticmethod
    def _start_rir(load: int) -> int:
        return max(0, min(START_RIR, load - MIN_REPS))

    def _technique(self, previous: Step | None, block: int) -> Step:
        if previous is None or self.block != block:
            return Step(TECHNIQUE_REPS_MAX, TECHNIQUE_START_RIR, 1, "technique block: light")
        week = previous.week_of_block + 1
        if previous.rir > TECHNIQUE_MIN_RIR:
            return Step(previous.load, previous.rir - 1, week, "one more rep at the same load")
        change = "one chart step heavier (about +2.5%), a rep fewer"
        return Step(previous.load - 1, previous.rir, week, change)

    def _new_block(self, previous: Step, ceiling: int, heavier_block: bool) -> Step:
        steps = 2 if heavier_block else 1
        load = max(ceiling, previous.load - steps)
        gained = previous.load - load
        if gained:
            words = "one chart step" if gained == 1 else f"{gained} chart steps"
            change = f"new block: {words} heavier than the last block's load"
        else:
            change = "new block: the phase's heaviest load held"
        return Step(load, self._start_rir(load), 1, change)

    def _next_week(self, previous: Step, ceiling: int, load_first: bool) -> Step:
        week = previous.week_of_block + 1
        reps = previous.reps
        can_rep = previous.rir > MIN_RIR
        can_load = previous.load - 1 >= ceiling
        if load_first and can_rep and can_load:
            change = "one chart step heavier (about +2.5%), same reps"
            return Step(previous.load - 1, previous.rir - 1, week, change)
        if can_rep:
            return Step(previous.load, previous.rir - 1, week, "one more rep at the same load")
        if can_load and reps - 1 >= MIN_REPS:
            change = "one chart step heavier (about +2.5%), a rep fewer"
            return Step(previous.load - 1, previous.rir, week, change)
        return Step(previous.load, previous.rir, week, "held: the phase's heaviest load")

    def last_load(self) -> int:
        """The chart load of the last heavy week, or where the season would start."""
        return self.current.load if self.current else START_REPS_MAX[self.level]


def heavy_dose(step: Step, sets: int) -> Dose:
    return Dose(sets, max(1, step.reps), step.rir)


def deload_dose(progression: Progression, sets: int) -> Dose:
    """Half the sets, one chart step lighter than the last heavy week (one more in reserve)."""
    step = progression.current
    if step is None:
        load = START_REPS_MAX[progression.level]
        return Dose(math.ceil(sets / 2), load - START_RIR - 1, START_RIR + 1)
    return Dose(math.ceil(sets / 2), max(1, step.reps), step.rir + 1)


def light_dose(progression: Progression) -> Dose:
    """Taper and race-window lifts: 2 x 3 at about the current load."""
    load = progression.last_load()
    return Dose(2, LIGHT_REPS, min(MAX_RIR + 1, max(MIN_RIR, load - LIGHT_REPS)))


RECOVERY_DOSE = Dose(2, 10, 4)  # recovering from a race: light, moderate reps
