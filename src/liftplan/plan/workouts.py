"""What each lift holds: a warm-up, then the work, filling the lift's booked minutes.

A session, in order where the minutes allow (Blagrove et al. 2018 review of strength training
for distance runners; Vikmoen 2017: four lower-body exercises, 3 x 4-10RM, twice a week;
Beattie 2014: heavy squats plus plyometrics): plyometrics, a knee-dominant (squat) and a
hip-dominant (hinge) main lift, a single-leg exercise, calf/soleus work, an upper push and pull,
core; carries fill spare minutes. Short sessions keep the two main lifts and drop the rest from
the end of that list. The guide: heavy and low-rep (about 75% of max, 5-10 reps, never to
failure: stop with about two reps left), 30-60 minutes, the routine changed every 2-3 weeks.

Loads are in the exercise's language: % of 1RM only on barbell strength lifts, tied to reps and
reps in reserve (RIR) by the RIR-based RPE chart (Zourdos et al. 2016; the %1RM column as in
Helms et al. 2016: 5 reps at 2 RIR = a 7RM = about 81%); ballistic moves are done fast; holds
in seconds; carries in metres; dumbbell, kettlebell, machine and calf work, body weight and
bands by RIR (RPE), from the same chart (kg shown when a one-rep max is given). Loads rise one
chart step (about 2.5%) each heavy week and carry across blocks, capped by the phase; deloads
halve the sets, one chart step lighter than the week before and at a steady tempo (Rogerson
2024); taper and race weeks keep the intensity and cut the volume (Bosquet 2007; Rønnestad &
Mujika 2014: maintenance needs little volume, kept heavy).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from liftplan.errors import InputError
from liftplan.models.routines import (
    Catalogue,
    Dosing,
    Exercise,
    Pattern,
    Variation,
    WarmUp,
    Workout,
    WorkoutExercise,
)
from liftplan.models.season import Athlete, Equipment, Level, PhaseName, Season

# The order of a session; and the order in which slots are kept when minutes are short.
SESSION_ORDER = (
    Pattern.PLYOMETRIC,
    Pattern.SQUAT,
    Pattern.HINGE,
    Pattern.LUNGE,
    Pattern.CALF,
    Pattern.PUSH,
    Pattern.PULL,
    Pattern.CORE,
    Pattern.CARRY,
)
MAIN = (Pattern.SQUAT, Pattern.HINGE)  # never dropped: legs in every session
KEEP_ORDER = (
    *MAIN,
    Pattern.LUNGE,
    Pattern.CALF,
    Pattern.PLYOMETRIC,
    Pattern.PULL,
    Pattern.PUSH,
    Pattern.CORE,
    Pattern.CARRY,
)
ROUTINE_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# RIR-based RPE chart: % of 1RM for a load that could be lifted n times (reps done + RIR).
# 1-12 as charted (Zourdos et al. 2016; Helms et al. 2016); beyond, 2.7% a rep as at 11-12.
PERCENT_OF_REPS_MAX = {
    1: 100.0, 2: 95.5, 3: 92.2, 4: 89.2, 5: 86.3, 6: 83.7, 7: 81.1, 8: 78.6,
    9: 76.2, 10: 73.9, 11: 70.7, 12: 68.0, 13: 65.3, 14: 62.6, 15: 59.9, 16: 57.2,
}  # fmt: skip

# Heavy weeks: reps of the main lifts by phase, and the heaviest load (as a reps-max) the
# phase allows: base about 74%, build about 79%, peak about 81% (guide: ~75%, 5-10 reps;
# Beattie 2014 and Vikmoen 2017: 4-10RM). Advanced lifters go one chart step heavier.
PHASE_REPS: dict[PhaseName | None, int] = {
    None: 6, PhaseName.BASE: 8, PhaseName.BUILD: 6, PhaseName.PEAK: 5,
    PhaseName.TAPER: 3, PhaseName.RACE: 3, PhaseName.RECOVERY: 10,
}  # fmt: skip
PHASE_CEILING: dict[PhaseName | None, int] = {
    None: 8, PhaseName.BASE: 10, PhaseName.BUILD: 8, PhaseName.PEAK: 7,
    PhaseName.TAPER: 7, PhaseName.RACE: 7, PhaseName.RECOVERY: 14,
}  # fmt: skip
# Where the season's load starts (a reps-max) and how many sets a heavy main lift gets.
START_REPS_MAX = {Level.BEGINNER: 13, Level.INTERMEDIATE: 12, Level.ADVANCED: 10}
HEAVY_SETS = {Level.BEGINNER: 3, Level.INTERMEDIATE: 3, Level.ADVANCED: 4}
MIN_RIR, MAX_RIR = 2, 4  # never to failure: about two reps left (the guide: "a couple more")
ACCESSORY_EXTRA_REPS = 2  # single-leg, calf and upper-body work: two more reps, same effort
CALF_EXTRA_REPS = 4
# Where a pattern's progression starts, as the highest rung taken (then one step up every
# STEP_BLOCKS blocks): main lifts and the rest.
START_RUNG_MAIN = {Level.BEGINNER: 3, Level.INTERMEDIATE: 5, Level.ADVANCED: 20}
START_RUNG_OTHER = {Level.BEGINNER: 1, Level.INTERMEDIATE: 2, Level.ADVANCED: 3}
STEP_BLOCKS = 2
# Plate and bell steps for a load in kg or lb.
LOAD_STEP = {
    "kg": {Dosing.BARBELL: 2.5, Dosing.MACHINE: 2.5, Dosing.DUMBBELL: 2.0, Dosing.KETTLEBELL: 4.0},
    "lb": {Dosing.BARBELL: 5.0, Dosing.MACHINE: 5.0, Dosing.DUMBBELL: 5.0, Dosing.KETTLEBELL: 9.0},
}

# Time: every exercise costs a change-over; a set costs its reps at the tempo's seconds
# (X = 1 s, at least 2 s a rep), a ballistic rep 1 s, a hold its seconds, a carry 1 m/s; a
# unilateral set is done on each side with 10 s to switch; rest between sets, not after.
CHANGE_OVER_S = 60
SWITCH_SIDE_S = 10
BALLISTIC_REP_S = 1
CARRY_M_PER_S = 1.0
WARM_UP_MINUTES = (5, 12)  # fewest and most warm-up minutes; light sessions up to 15
LIGHT_WARM_UP_MAX = 15
PLAIN_TEMPO = "2-0-1-0"
CORE_TEMPO = "2-0-2-0"  # slow and controlled, whatever the block's variation
NO_EMPHASIS = frozenset({PhaseName.PEAK, PhaseName.TAPER, PhaseName.RACE, PhaseName.RECOVERY})
NOTHING_NEW = frozenset({PhaseName.PEAK, PhaseName.TAPER, PhaseName.RACE})
NO_PLYOMETRICS = frozenset({PhaseName.TAPER, PhaseName.RACE, PhaseName.RECOVERY})
WARM_UP_DRILLS = (
    (2, "easy jog, bike or skipping"),
    (5, "leg swings, hip circles, walking lunges with a reach"),
    (8, "glute bridges and lateral band walks"),
    (10, "A-skips and ankle hops"),
    (12, "two ramp-up sets of the first lift"),
    (14, "hip and ankle mobility"),
)

COOL_DOWN = (
    "easy walk or bike",
    "hip flexor, calf and hamstring stretches",
    "foam roll quads, calves and upper back",
)


@dataclass(frozen=True)
class LiftContext:
    """Where a lift sits: its week's phase and deload, its block, its place in the week, and
    whether the days around a race make it light (``race_note`` says which, e.g. "5 days
    before the 5k (A) on Sat 9 May"; ``after_race``: recovering from it). ``block`` is the
    0-based block number (the progression's stage), ``load_steps`` the heavy weeks lifted
    before this one (each raises the load one chart step); ``lighter_than``, on a deload, the
    reps-max (reps + RIR) of the main lifts the week before, which the deload stays under."""

    phase: PhaseName | None
    deload: bool
    routine: int  # 0-based routine index of the lift's block
    index_in_week: int
    lifts_in_week: int
    minutes: int
    light: bool = False
    race_note: str = ""
    after_race: bool = False
    block: int | None = None  # None: the routine index
    load_steps: int = 0
    lighter_than: int | None = None  # a deload: the week before's reps-max (see main_dose)


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


@dataclass
class Item:
    """An exercise being fitted into the session: its dose can still change."""

    exercise: Exercise
    sets: int
    reps: int
    rir: int
    tempo: str
    rest_s: int
    reps_text: str = ""
    fixed_sets: bool = False  # light and deload doses never gain sets

    def seconds(self) -> int:
        return item_seconds(self)


def routine_letter(routine: int) -> str:
    return ROUTINE_LETTERS[routine % len(ROUTINE_LETTERS)]


def percent_1rm(reps: int, rir: int) -> int:
    """% of 1RM for ``reps`` with ``rir`` left, from the RIR-based RPE chart (rounded)."""
    reps_max = min(max(reps + rir, 1), max(PERCENT_OF_REPS_MAX))
    return round(PERCENT_OF_REPS_MAX[reps_max])


def plates(weight: float, step: float) -> float:
    """``weight`` rounded to the kit's step (2.5 kg plates, 2 kg dumbbells, 4 kg bells)."""
    return round(weight / step) * step


class WorkoutBuilder:
    """Builds workouts from a catalogue filtered to the athlete's kit, for their level."""

    def __init__(
        self, catalogue: Catalogue, equipment: frozenset[Equipment], athlete: Athlete | None = None
    ) -> None:
        self.catalogue = catalogue
        self.athlete = athlete or Athlete()
        self.choices = {pattern: catalogue.choices(pattern, equipment) for pattern in Pattern}
        missing = [str(p) for p, options in self.choices.items() if not options]
        if missing:
            raise ValueError(f"no {', '.join(missing)} exercise fits this equipment")
        self.maxes = {name.casefold(): kg for name, kg in self.athlete.one_rep_max.items()}

    def variation(self, routine: int) -> Variation:
        return self.catalogue.variations[routine % len(self.catalogue.variations)]

    def routines(self) -> int:
        return len(self.catalogue.variations)

    # -- choosing -----------------------------------------------------------------------

    def pick(
        self, pattern: Pattern, block: int, ctx: LiftContext, done: set[str] | None
    ) -> Exercise | None:
        """The exercise for ``pattern``: along the kit's progression for the level (one step
        up every STEP_BLOCKS blocks, never down), core in turn; in peak, taper and race weeks
        only what was done this season (``done``), else nothing for that slot."""
        options = self.choices[pattern]
        if pattern is Pattern.CORE:
            chosen = options[(block + ctx.index_in_week) % len(options)]
        else:
            level = self.athlete.level
            rung = (START_RUNG_MAIN if pattern in MAIN else START_RUNG_OTHER)[level]
            start = max([i for i, e in enumerate(options) if e.rung <= rung], default=0)
            chosen = options[min(start + block // STEP_BLOCKS, len(options) - 1)]
        if not done or ctx.phase not in NOTHING_NEW or chosen.name in done:
            return chosen
        seen = [e for e in options if e.name in done]
        if not seen:
            return chosen if pattern in MAIN else None
        weaker = [e for e in seen if e.rung <= chosen.rung]
        return (weaker or seen)[-1]

    # -- dosing -------------------------------------------------------------------------

    def first_block(self, block: int) -> bool:
        return self.athlete.level is Level.BEGINNER and block == 0

    def main_reps_max(self, ctx: LiftContext) -> int:
        """The reps-max (reps + RIR, the chart's load) of the main lifts of a lift at ``ctx``."""
        block = ctx.routine if ctx.block is None else ctx.block
        return self.main_dose(ctx, self.variation(ctx.routine), block).reps_max

    def main_dose(self, ctx: LiftContext, variation: Variation, block: int) -> Dose:
        """Sets, reps and RIR of the main lifts (documented in the module and constants); a
        deload at least one chart step lighter than the week before (``ctx.lighter_than``):
        more reps in reserve (up to MAX_RIR + 1), then more reps at that lighter load."""
        dose = self._main_dose(ctx, variation, block)
        if not ctx.deload or ctx.lighter_than is None or dose.reps_max > ctx.lighter_than:
            return dose
        target = ctx.lighter_than + 1
        rir = max(dose.rir, min(MAX_RIR + 1, target - dose.reps))
        reps = target - rir
        return Dose(dose.sets, reps, rir, dose.reps_text if reps == dose.reps else "")

    def _main_dose(self, ctx: LiftContext, variation: Variation, block: int) -> Dose:
        level = self.athlete.level
        ceiling = PHASE_CEILING[ctx.phase] - (1 if level is Level.ADVANCED else 0)
        reps_max = max(ceiling, START_REPS_MAX[level] - ctx.load_steps)
        if self.first_block(block):  # technique: 2 x 10-12 at RPE 6-7
            return Dose(2, 10, 3, "10-12")
        if (ctx.race_note and ctx.after_race) or ctx.phase is PhaseName.RECOVERY:
            return Dose(2, 10, 4)  # recovering: light, moderate reps
        if ctx.race_note or ctx.phase in (PhaseName.TAPER, PhaseName.RACE):
            # Intensity kept, volume cut 40-60% (Bosquet 2007): 2 x 3 at the same load.
            return Dose(2, 3, min(MAX_RIR + 1, max(MIN_RIR, reps_max - 3)))
        reps = max(3, PHASE_REPS[ctx.phase] + (0 if ctx.light else variation.rep_change))
        if level is Level.ADVANCED:
            reps = max(3, reps - 1)
        reps = min(reps, reps_max - MIN_RIR)
        rir = min(MAX_RIR, reps_max - reps)
        sets = HEAVY_SETS[level] + (0 if ctx.light else variation.extra_sets)
        if ctx.light:
            sets = 2
        if ctx.deload:
            sets = math.ceil(sets / 2)
        return Dose(max(1, sets), reps, rir)

    def tempo_of(self, ctx: LiftContext, variation: Variation, block: int) -> str:
        """The block's tempo, plain where a slow lowering or a held pause does not belong."""
        if ctx.light or ctx.deload or ctx.race_note or self.first_block(block):
            return PLAIN_TEMPO  # a deload recovers: no 5-second lowering
        if variation.emphasis != "none" and ctx.phase in NO_EMPHASIS:
            return PLAIN_TEMPO
        return variation.tempo

    def item(self, exercise: Exercise, dose: Dose, tempo: str, rest: int, fixed: bool) -> Item:
        pattern, kind = exercise.pattern, exercise.dose
        if kind is Dosing.BALLISTIC:
            reps = 8 if exercise.rung <= 1 else 5
            return Item(exercise, 3 if not fixed else 2, reps, 0, "explosive", 60, "", fixed)
        if kind is Dosing.HOLD:
            return Item(exercise, dose.sets, 30, 0, "hold", 45, "", fixed)
        if kind is Dosing.CARRY:
            return Item(exercise, dose.sets, 40, 0, "steady", 60, "", fixed)
        if pattern is Pattern.CORE:
            return Item(exercise, dose.sets, 8, 3, CORE_TEMPO, 45, "", fixed)
        if pattern in MAIN:
            return Item(
                exercise, dose.sets, dose.reps, dose.rir, tempo, rest, dose.reps_text, fixed
            )
        extra = CALF_EXTRA_REPS if pattern is Pattern.CALF else ACCESSORY_EXTRA_REPS
        text = "12-15" if dose.reps_text and pattern is Pattern.CALF else dose.reps_text
        # The block's slow lowering or held pause is for the main lifts; accessories stay
        # controlled (a 5 s lowering on every calf raise and push-up only adds minutes).
        return Item(exercise, dose.sets, dose.reps + extra, dose.rir, PLAIN_TEMPO, 90, text, fixed)

    # -- the session --------------------------------------------------------------------

    def lift(self, ctx: LiftContext, done: set[str] | None = None) -> Workout:
        """The lift's workout; ``done`` (the exercises done so far this season) keeps peak,
        taper and race weeks to known moves and learns this lift's."""
        block = ctx.routine if ctx.block is None else ctx.block
        variation = self.variation(ctx.routine)
        dose = self.main_dose(ctx, variation, block)
        tempo = self.tempo_of(ctx, variation, block)
        fixed = ctx.light or ctx.deload or bool(ctx.race_note) or ctx.phase in NO_EMPHASIS
        fixed = fixed or self.first_block(block)
        items: dict[Pattern, Item] = {}
        for pattern in SESSION_ORDER:
            if pattern is Pattern.PLYOMETRIC and (
                self.first_block(block) or ctx.phase in NO_PLYOMETRICS or ctx.race_note
            ):
                continue
            exercise = self.pick(pattern, block, ctx, done)
            if exercise is not None:
                items[pattern] = self.item(exercise, dose, tempo, variation.rest_s, fixed)
        light = fixed and not ctx.deload
        kept, warm_up = fit(items, ctx.minutes, light)
        exercises = [self.prescribe(items[p], variation, ctx) for p in SESSION_ORDER if p in kept]
        cool_down = cool_down_minutes(exercises, warm_up, ctx.minutes)
        if done is not None:
            done.update(e.name for e in exercises)
        names = ", ".join(str(p) for p in SESSION_ORDER if p in kept)
        if ctx.race_note:
            label = f"light ({ctx.race_note})"
        elif ctx.light:
            label = "light, steady tempo"
        elif self.first_block(block):
            label = "technique block: learn the moves"
        elif ctx.deload and variation.emphasis != "none":
            label = "steady tempo"
        elif tempo != PLAIN_TEMPO:
            label = f"{variation.label} on the main lifts"
        else:
            label = variation.label
        focus = f"routine {routine_letter(ctx.routine)}, {label}: {names}"
        if ctx.deload:
            focus += " (deload: half the sets)"
        return Workout(
            focus=focus,
            minutes=estimate_minutes(exercises, warm_up + cool_down),
            exercises=exercises,
            warm_up=WarmUp(minutes=warm_up, drills=drills(warm_up)),
            cool_down=WarmUp(minutes=cool_down, drills=list(COOL_DOWN)) if cool_down else None,
        )

    def core(self, routine: int, minutes: int) -> Workout:
        """A short core-only session, as on the guide's Wednesday: no separate warm-up;
        up to four exercises at 2-4 sets, filling ``minutes`` as a lift does."""
        options = self.choices[Pattern.CORE]
        dose = Dose(2, 8, 3)
        picks = [options[(routine + i) % len(options)] for i in range(min(4, len(options)))]
        budget = minutes * 60
        items: list[Item] = []
        for exercise in picks:
            item = self.item(exercise, dose, CORE_TEMPO, 45, False)
            # compared in whole minutes, as the plan states and the checker reads them
            if (
                round((sum(i.seconds() for i in items) + item.seconds()) / 60) > 1.1 * minutes
                and items
            ):
                break
            items.append(item)
        for _ in range(2):  # up to 4 sets each, in turn, while under the minutes
            for item in items:
                if sum(i.seconds() for i in items) + 45 + item.seconds() // item.sets <= budget:
                    item.sets += 1
        variation = self.variation(routine)
        plain = LiftContext(None, False, routine, 0, 1, minutes)
        written = [self.prescribe(item, variation, plain) for item in items]
        cool_down = cool_down_minutes(written, 0, minutes)  # a long booking: 4 x 4 sets at most
        return Workout(
            focus="core",
            minutes=estimate_minutes(written, cool_down),
            exercises=written,
            cool_down=WarmUp(minutes=cool_down, drills=list(COOL_DOWN)) if cool_down else None,
        )

    def prescribe(self, item: Item, variation: Variation, ctx: LiftContext) -> WorkoutExercise:
        exercise = item.exercise
        each = " each side" if exercise.side == "unilateral" else ""
        kind = exercise.dose
        percent: int | None = None
        weight: float | None = None
        rir = ""
        if kind is Dosing.BALLISTIC:
            reps, load = f"{item.reps}{each}", "fast: stop the set when speed drops"
        elif kind is Dosing.HOLD:
            reps, load = f"{item.reps} s{each}", "RPE 7: stop while the position is perfect"
        elif kind is Dosing.CARRY:
            reps = f"{item.reps} m{each}"
            load = (
                "heavy enough to need good posture"
                if exercise.equipment != ["bodyweight"]
                else "RPE 6-7, smooth and steady"
            )
        else:
            count = item.reps_text or str(item.reps)
            reps = f"{count}{each}"
            rir = f"{item.rir}-{item.rir + 1}" if item.reps_text else str(item.rir)
            rpe = f"{10 - item.rir}" if not item.reps_text else f"{9 - item.rir}-{10 - item.rir}"
            one_rm = self.maxes.get(exercise.name.casefold())
            units = self.athlete.units
            if exercise.by_percent:
                percent = percent_1rm(item.reps, item.rir)
                load = f"about {percent}% of 1RM, {rir} reps in reserve"
                if one_rm is not None:
                    weight = plates(one_rm * percent / 100, LOAD_STEP[units][kind])
                    load = f"{weight:g} {units} (about {percent}% of 1RM), {rir} reps in reserve"
            elif exercise.pattern is Pattern.CORE:
                load = f"{rir} reps in reserve, slow and controlled"
            else:
                load = f"RPE {rpe} ({rir} reps in reserve)"
                if exercise.loaded and one_rm is not None:
                    # the same chart sets the kg; the runner reads effort, not a %
                    share = percent_1rm(item.reps, item.rir) / 100
                    weight = plates(one_rm * share, LOAD_STEP[units][kind])
                    load = f"{weight:g} {units}, {load}"
                if not exercise.loaded:
                    load += "; when it gets easy, a harder version or more reps"
            if exercise.loaded and variation.load_note and not ctx.light and not ctx.race_note:
                load += f"; {variation.load_note}"
        return WorkoutExercise(
            name=exercise.name,
            pattern=exercise.pattern,
            sets=item.sets,
            reps=reps,
            tempo=item.tempo,
            rest_s=item.rest_s,
            load=load,
            dosing=kind,
            percent_1rm=percent,
            reps_in_reserve=rir,
            weight=weight,
        )


def item_seconds(item: Item) -> int:
    """One exercise's seconds: change-over, sets of work, rests between sets."""
    sides = 2 if item.exercise.side == "unilateral" else 1
    kind = item.exercise.dose
    if kind is Dosing.HOLD:
        per_side = item.reps
    elif kind is Dosing.CARRY:
        per_side = round(item.reps / CARRY_M_PER_S)
    elif kind is Dosing.BALLISTIC:
        per_side = item.reps * BALLISTIC_REP_S
    else:
        per_side = item.reps * tempo_seconds(item.tempo)
    work = per_side * sides + (SWITCH_SIDE_S if sides == 2 else 0)
    return CHANGE_OVER_S + item.sets * work + (item.sets - 1) * item.rest_s


def tempo_seconds(tempo: str) -> int:
    """Seconds a rep takes at ``tempo`` ("2-0-1-0"; X = 1 s), at least 2."""
    parts = tempo.split("-")
    if len(parts) != 4:
        return 2
    return max(2, sum(1 if part.upper() == "X" else int(part) for part in parts))


def _written_seconds(exercise: WorkoutExercise) -> int:
    """Seconds of a written exercise, by the same formula as ``item_seconds``."""
    sides = 2 if "each side" in exercise.reps else 1
    amount = int(exercise.reps.split()[0].split("-")[0])
    if exercise.tempo == "hold":
        per_side = amount
    elif exercise.tempo == "steady":
        per_side = round(amount / CARRY_M_PER_S)
    elif exercise.tempo == "explosive":
        per_side = amount * BALLISTIC_REP_S
    else:
        per_side = amount * tempo_seconds(exercise.tempo)
    work = per_side * sides + (SWITCH_SIDE_S if sides == 2 else 0)
    return CHANGE_OVER_S + exercise.sets * work + (exercise.sets - 1) * exercise.rest_s


def estimate_seconds(exercises: list[WorkoutExercise], warm_up_minutes: int = 0) -> int:
    """The session's seconds: the warm-up, then each exercise's change-over, sets and rests."""
    return warm_up_minutes * 60 + sum(_written_seconds(e) for e in exercises)


def estimate_minutes(exercises: list[WorkoutExercise], warm_up_minutes: int = 0) -> int:
    return round(estimate_seconds(exercises, warm_up_minutes) / 60)


def fit(items: dict[Pattern, Item], minutes: int, light: bool) -> tuple[set[Pattern], int]:
    """Which slots the lift keeps and its warm-up minutes, so that warm-up and work fill
    ``minutes`` (within 90-110% where the slots allow). The main lifts always, at their dose
    (fewer sets and shorter rests only if they alone overrun); then each other slot in
    KEEP_ORDER, at 2 sets and 60 s rest, while it fits; then the planned sets and rests come
    back in the same order, then more sets (heavy doses; fillers on light ones) and longer
    rests while under; the warm-up (5-12 min, light up to 15) takes up what is left."""
    low, high = WARM_UP_MINUTES
    if light:
        high = LIGHT_WARM_UP_MAX
    if minutes < 40:
        high = min(high, 8)
    budget = minutes * 60 - low * 60
    planned = {p: (item.sets, item.rest_s) for p, item in items.items()}
    kept = {p for p in MAIN if p in items}
    for pattern in kept:
        _shrink(items[pattern], budget // max(1, len(kept)))
    for pattern in KEEP_ORDER:
        item = items.get(pattern)
        if item is None or pattern in kept:
            continue
        item.sets, item.rest_s = min(item.sets, 2), min(item.rest_s, 60)
        if sum(items[p].seconds() for p in kept) + item.seconds() <= budget:
            kept.add(pattern)
    chosen = {p: items[p] for p in KEEP_ORDER if p in kept}
    enough = minutes * 60 - high * 60
    restore = {p: planned[p] for p in chosen}
    grow(
        chosen,
        budget,
        enough,
        {p: sets for p, (sets, _) in restore.items()},
        {p: rest for p, (_, rest) in restore.items()},
    )
    more_sets = {
        p: (5 if p in MAIN else 4) if not item.fixed_sets or p in FILLERS else item.sets
        for p, item in chosen.items()
    }
    more_rest = {p: 180 if p in MAIN or light else 120 for p in chosen}
    grow(chosen, budget, enough, more_sets, more_rest)
    work = sum(item.seconds() for item in chosen.values())
    # Still short with every slot at its most (a short light lift): a longer warm-up.
    warm_up = min(LIGHT_WARM_UP_MAX, max(low, round((minutes * 60 - work) / 60)))
    return kept, warm_up


FILLERS = (Pattern.CARRY, Pattern.CORE)  # may gain sets even on a light day


def _shrink(item: Item, room: int) -> None:
    """Fewer sets (to 2), then shorter rest (to 60 s), until ``item`` takes ``room`` s."""
    while item.seconds() > room and item.sets > 2:
        item.sets -= 1
    while item.seconds() > room and item.rest_s > 60:
        item.rest_s -= 15


def grow(
    items: dict[Pattern, Item],
    most: int,
    enough: int,
    sets: dict[Pattern, int],
    rests: dict[Pattern, int],
) -> None:
    """Raise sets towards ``sets``, then rests towards ``rests`` (15 s at a time), slot by
    slot in order, while the work is short of ``enough`` s and stays within ``most`` s."""
    steps = [(p, "sets", sets[p], 1) for p in items] + [(p, "rest_s", rests[p], 15) for p in items]
    changed = True
    while changed:
        changed = False
        for pattern, attribute, cap, step in steps:
            if sum(i.seconds() for i in items.values()) >= enough:
                return
            item = items[pattern]
            value = getattr(item, attribute)
            if value >= cap:
                continue
            setattr(item, attribute, min(cap, value + step))
            if sum(i.seconds() for i in items.values()) > most:
                setattr(item, attribute, value)
            else:
                changed = True


def cool_down_minutes(exercises: list[WorkoutExercise], warm_up: int, minutes: int) -> int:
    """Minutes of cool-down that bring a lift still under 90% of its booking to about 100%:
    a light, deload or taper lift keeps its few sets (volume cut on purpose), and peak and
    taper weeks add no new exercise, so a long booking can hold more time than work. A coach
    fills it with easy mobility rather than extra sets; 0 when the work already fills it."""
    seconds = estimate_seconds(exercises, warm_up)
    if round(seconds / 60) >= 0.9 * minutes:  # whole minutes, as the plan states them
        return 0
    return max(1, round((minutes * 60 - seconds) / 60))


def drills(minutes: int) -> list[str]:
    """The warm-up's drills for ``minutes``: general first, then the session's first moves."""
    return [text for start, text in WARM_UP_DRILLS if start <= max(minutes, 2) or start == 2]


def builder_for(season: Season, catalogue: Catalogue) -> WorkoutBuilder:
    """The season's workouts from ``catalogue`` (read from its `routines:`), limited to the
    athlete's equipment; an InputError naming the catalogue when a slot has no exercise,
    and naming `athlete.one_rep_max` for a max of an exercise the catalogue lacks."""
    source = season.routines or "routines"
    for name in season.athlete.one_rep_max:
        if catalogue.named(name) is None:
            raise InputError(
                season.id or "season",
                f"athlete.one_rep_max.{name}",
                f"no exercise {name!r} in the catalogue ({source})",
            )
    try:
        return WorkoutBuilder(catalogue, season.equipment_set, season.athlete)
    except ValueError as error:
        raise InputError(source, "equipment", str(error)) from None


def summary(workout: Workout) -> str:
    """One line: ``Goblet squat 3x6, Push-up 3x6, Plank 3x30 s``."""
    return ", ".join(f"{ex.name} {ex.sets}x{ex.reps}" for ex in workout.exercises)


__all__ = [
    "LiftContext",
    "WorkoutBuilder",
    "builder_for",
    "percent_1rm",
    "routine_letter",
    "summary",
]
