"""What each lift holds: exercises, sets x reps, tempo, rest and load, from its block and phase.

The guide: heavy and low-rep (about 75-85% of max, 2-3 sets of 5-10, never to failure),
30-60 minutes, the six movement patterns plus core every week, and the routine changed
every 2-3 weeks. Deload weeks keep the load and halve the sets (Rogerson 2024); taper weeks
keep the intensity and cut the volume by 40-60% (Bosquet 2007).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from liftplan.errors import InputError
from liftplan.models.routines import (
    Catalogue,
    Exercise,
    Pattern,
    Variation,
    Workout,
    WorkoutExercise,
)
from liftplan.models.season import Equipment, PhaseName, Season

# Big compound moves first, core last.
MAIN_PATTERNS = (
    Pattern.SQUAT,
    Pattern.HINGE,
    Pattern.PUSH,
    Pattern.PULL,
    Pattern.LUNGE,
    Pattern.CARRY,
)
WARM_UP_S = 5 * 60
CHANGE_OVER_S = 60  # setting up the next exercise
CORE_REST_S = 45
CORE_TEMPO = "2-0-2-0"  # slow and controlled, whatever the block's variation
ROUTINE_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Loads that have a one-rep max; bands, balls and body weight are dosed by reps in reserve.
WEIGHTS = frozenset(
    {
        Equipment.BARBELL,
        Equipment.DUMBBELLS,
        Equipment.KETTLEBELL,
        Equipment.TRAP_BAR,
        Equipment.CABLE,
    }
)


@dataclass(frozen=True)
class Prescription:
    sets: int
    reps: int
    percent: str
    in_reserve: str


# Heavy, low-rep, never to failure; heavier and fewer reps as the race nears.
PHASE_PRESCRIPTION: dict[PhaseName | None, Prescription] = {
    None: Prescription(3, 6, "80", "2"),
    PhaseName.BASE: Prescription(3, 8, "75", "2-3"),
    PhaseName.BUILD: Prescription(3, 6, "80", "2"),
    PhaseName.PEAK: Prescription(3, 5, "85", "2"),
    # Taper and race weeks: intensity kept, volume cut 40-60% (2 x 3 against 3 x 5).
    PhaseName.TAPER: Prescription(2, 3, "85", "3"),
    PhaseName.RACE: Prescription(2, 3, "85", "3"),
    PhaseName.RECOVERY: Prescription(2, 10, "60", "4+"),
}
# A light lift outside a light phase: before a race the taper's dose (intensity kept, volume
# cut: Bosquet 2007), after a race the recovery dose while the legs come back.
LIGHT_BEFORE_RACE = PHASE_PRESCRIPTION[PhaseName.TAPER]
LIGHT_AFTER_RACE = PHASE_PRESCRIPTION[PhaseName.RECOVERY]
# Every light lift moves at a steady tempo: no slow lowering, no held pause, no extra sets
# and no load increase, whatever the block's variation (muscle damage from eccentric work
# costs running economy for days: Assumpcao et al. 2013).
PLAIN_TEMPO = "2-0-1-0"


@dataclass(frozen=True)
class LiftContext:
    """Where a lift sits: its week's phase and deload, its block, its place in the week, and
    whether the days around a race make it light (``race_note`` says which, e.g. "5 days
    before the 5k (A) on Sat 9 May"; ``after_race``: recovering from it)."""

    phase: PhaseName | None
    deload: bool
    routine: int  # 0-based routine index of the lift's block
    index_in_week: int
    lifts_in_week: int
    minutes: int
    light: bool = False
    race_note: str = ""
    after_race: bool = False


def routine_letter(routine: int) -> str:
    return ROUTINE_LETTERS[routine % len(ROUTINE_LETTERS)]


def patterns_for(index_in_week: int, lifts_in_week: int) -> list[Pattern]:
    """The week's patterns shared out over its lifts; core in every lift."""
    count = max(1, lifts_in_week)
    main = [p for i, p in enumerate(MAIN_PATTERNS) if i % count == index_in_week % count]
    return [*main, Pattern.CORE]


class WorkoutBuilder:
    """Builds workouts from a catalogue filtered to the athlete's equipment."""

    def __init__(self, catalogue: Catalogue, equipment: frozenset[Equipment]) -> None:
        self.catalogue = catalogue
        self.choices = {pattern: catalogue.choices(pattern, equipment) for pattern in Pattern}
        missing = [str(p) for p, options in self.choices.items() if not options]
        if missing:
            raise ValueError(f"no {', '.join(missing)} exercise fits this equipment")

    def variation(self, routine: int) -> Variation:
        return self.catalogue.variations[routine % len(self.catalogue.variations)]

    def routines(self) -> int:
        return len(self.catalogue.variations)

    def lift(self, ctx: LiftContext) -> Workout:
        variation = self.variation(ctx.routine)
        base = PHASE_PRESCRIPTION[ctx.phase]
        if ctx.race_note:  # light for a race outside a light phase
            base = LIGHT_AFTER_RACE if ctx.after_race else LIGHT_BEFORE_RACE
        if ctx.light:  # same moves as the block, plainly done
            variation = variation.model_copy(
                update={"tempo": PLAIN_TEMPO, "extra_sets": 0, "rep_change": 0, "load_note": ""}
            )
        sets = max(1, base.sets + variation.extra_sets)
        if ctx.deload:
            sets = math.ceil(sets / 2)
        reps = max(3, base.reps + variation.rep_change)
        exercises = []
        for pattern in patterns_for(ctx.index_in_week, ctx.lifts_in_week):
            # Core comes back in every lift of the week: a different exercise each time.
            turn = ctx.index_in_week if pattern is Pattern.CORE else 0
            options = self.choices[pattern]
            exercise = options[(ctx.routine + turn) % len(options)]
            exercises.append(_prescribe(exercise, sets, reps, base, variation))
        exercises = fit(exercises, ctx.minutes)
        names = ", ".join(str(p) for p in patterns_for(ctx.index_in_week, ctx.lifts_in_week))
        if ctx.race_note:
            label = f"light ({ctx.race_note})"
        elif ctx.light:
            label = "light, steady tempo"
        else:
            label = variation.label
        focus = f"routine {routine_letter(ctx.routine)}, {label}: {names}"
        if ctx.deload:
            focus += " (deload: half the sets)"
        return Workout(focus=focus, minutes=estimate_minutes(exercises), exercises=exercises)

    def core(self, routine: int, minutes: int) -> Workout:
        """A short core-only session, as on the guide's Wednesday."""
        options = self.choices[Pattern.CORE]
        picks = [options[(routine + i) % len(options)] for i in range(min(3, len(options)))]
        light = Prescription(2, 8, "", "3")
        exercises = [_prescribe(e, 2, 8, light, self.variation(routine)) for e in picks]
        # Short and light, often straight after an easy run: no separate warm-up.
        exercises = fit(exercises, minutes, warm_up_s=0)
        return Workout(
            focus="core", minutes=estimate_minutes(exercises, warm_up_s=0), exercises=exercises
        )


def builder_for(season: Season, catalogue: Catalogue) -> WorkoutBuilder:
    """The season's workouts from ``catalogue`` (read from its `routines:`), limited to the
    athlete's equipment; an InputError naming the catalogue when a pattern has no exercise."""
    try:
        return WorkoutBuilder(catalogue, season.equipment_set)
    except ValueError as error:
        raise InputError(season.routines or "routines", "equipment", str(error)) from None


def _prescribe(
    exercise: Exercise, sets: int, reps: int, base: Prescription, variation: Variation
) -> WorkoutExercise:
    each = " each side" if exercise.side == "unilateral" else ""
    weighted = bool(set(exercise.equipment) & WEIGHTS)
    if exercise.unit == "seconds":
        dose, tempo, rest = f"30 s{each}", "hold", CORE_REST_S
    elif exercise.unit == "metres":
        dose, tempo, rest = f"30 m{each}", "steady", 90
    elif exercise.pattern is Pattern.CORE:
        dose, tempo, rest = f"8{each}", CORE_TEMPO, CORE_REST_S
    else:
        dose, tempo, rest = f"{reps}{each}", variation.tempo, variation.rest_s
    if exercise.unit == "metres":
        load = "heavy enough to need good posture" if weighted else "steady, good posture"
    elif weighted and base.percent and exercise.pattern is not Pattern.CORE:
        load = f"about {base.percent}% of 1RM, {base.in_reserve} reps in reserve"
    else:
        load = f"{base.in_reserve} reps in reserve"
    if variation.load_note and exercise.pattern is not Pattern.CORE:
        load += f"; {variation.load_note}"
    return WorkoutExercise(
        name=exercise.name,
        pattern=exercise.pattern,
        sets=sets,
        reps=dose,
        tempo=tempo,
        rest_s=rest,
        load=load,
    )


def _work_seconds(exercise: WorkoutExercise) -> int:
    sides = 2 if "each side" in exercise.reps else 1
    amount = int(exercise.reps.split()[0])
    if exercise.tempo == "hold":
        return amount * sides
    if exercise.tempo == "steady":
        return 45 * sides
    per_rep = sum(1 if part == "X" else int(part) for part in exercise.tempo.split("-"))
    return amount * max(per_rep, 2) * sides


def estimate_seconds(exercises: list[WorkoutExercise], warm_up_s: int = WARM_UP_S) -> int:
    total = warm_up_s
    for exercise in exercises:
        total += CHANGE_OVER_S + exercise.sets * _work_seconds(exercise)
        total += (exercise.sets - 1) * exercise.rest_s
    return total


def estimate_minutes(exercises: list[WorkoutExercise], warm_up_s: int = WARM_UP_S) -> int:
    return math.ceil(estimate_seconds(exercises, warm_up_s) / 60)


def fit(
    exercises: list[WorkoutExercise], minutes: int, warm_up_s: int = WARM_UP_S
) -> list[WorkoutExercise]:
    """Shorten rests, then drop sets, until the workout fits the lift's minutes."""
    budget = minutes * 60 - warm_up_s
    for longest_rest in (None, 90, 60):
        trimmed = [
            ex if longest_rest is None else replace_rest(ex, longest_rest) for ex in exercises
        ]
        if estimate_seconds(trimmed, 0) <= budget:
            return trimmed
    exercises = trimmed
    while estimate_seconds(exercises, 0) > budget and any(ex.sets > 1 for ex in exercises):
        most = max(ex.sets for ex in exercises)
        exercises = [
            ex.model_copy(update={"sets": ex.sets - 1}) if ex.sets == most else ex
            for ex in exercises
        ]
    return exercises


def replace_rest(exercise: WorkoutExercise, longest: int) -> WorkoutExercise:
    return exercise.model_copy(update={"rest_s": min(exercise.rest_s, longest)})


def summary(workout: Workout) -> str:
    """One line: ``Goblet squat 3x6, Push-up 3x6, Plank 3x30 s``."""
    return ", ".join(f"{ex.name} {ex.sets}x{ex.reps}" for ex in workout.exercises)


__all__ = ["LiftContext", "WorkoutBuilder", "builder_for", "routine_letter", "summary"]
