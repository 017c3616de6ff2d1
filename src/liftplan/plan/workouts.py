"""What each lift holds: a warm-up, then the work, filling the lift's booked minutes.

A session, in order where the minutes allow (Blagrove et al. 2018 review of strength training
for distance runners; Vikmoen 2017: four lower-body exercises, 3 x 4-10RM, twice a week;
Beattie 2014: heavy squats plus plyometrics): plyometrics, a knee-dominant (squat) and a
hip-dominant (hinge) main lift, a single-leg exercise, calf/soleus work, an upper push and pull,
core; carries fill spare minutes (plan/session_shape.py fits them to the minutes). The guide:
heavy and low-rep (about 75% of max, 5-10 reps, never to failure: stop with about two reps
left), 30-60 minutes, the routine changed every 2-3 weeks.

The lifts of a week differ (A/B sessions): every lift squats and hinges, but the second lift of
the week (and the fourth) takes the variation one rung below the progression's main lift (front
squat on a back-squat day's partner, a dumbbell Romanian deadlift beside deadlifts), and the
single-leg, calf, plyometric, push and pull slots take the option one, then two, below in turn,
so that two or three lifts a week spread the upper body and core over different moves.

Loads are in the exercise's language: % of 1RM only on barbell strength lifts, tied to reps and
reps in reserve by the RIR chart (plan/dosing.py, which also holds the season's progression);
ballistic moves are done fast; holds in seconds; carries in metres; dumbbell, kettlebell,
machine and calf work, body weight and bands by RIR (RPE), from the same chart (kg shown when a
one-rep max is given, or implied by the catalogue's ratios: a back squat's max gives the front
squat's).
"""

from __future__ import annotations

import copy
import operator
from dataclasses import dataclass, field, fields, replace
from typing import NamedTuple

from liftplan.errors import InputError
from liftplan.models.deload import DELOAD_MOST_PERCENT, deload_most_sets, deload_share, working_sets
from liftplan.models.routines import (
    LOADABILITY,
    LOADED,
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
from liftplan.plan.construct import Constructor
from liftplan.plan.dosing import (
    HEAVY_SETS,
    LOAD_STEP,
    RECOVERY_DOSE,
    Dose,
    Progression,
    Step,
    deload_dose,
    heavy_dose,
    light_dose,
    percent_1rm,
    plates,
)
from liftplan.plan.session_shape import (
    COOL_DOWN,
    MAIN,
    SESSION_ORDER,
    Item,
    cool_down_for,
    cool_down_minutes,
    drills,
    estimate_minutes,
    fit,
    written_seconds,
)

ROUTINE_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
Written = tuple[WorkoutExercise, int]  # an exercise as written, and its seconds
_WRITTEN: dict[tuple[object, ...], Written] = {}
_WRITTEN_MOST = 4096  # a batch writes a few hundred; the cache stays small
# Workouts written, by builder profile (see `WorkoutBuilder.lift`): the catalogue (held, so
# its id names it), kit, level, maxes and units.
Profile = tuple[object, ...]


class WrittenLift(NamedTuple):
    """A workout as written once (`WorkoutBuilder.lift_with_notes`), with what each lift of
    it reads: its exercises' names, its notes (`lift_notes`) and its working sets."""

    workout: Workout
    names: list[str]
    notes: str
    working_sets: int


_WORKOUTS: dict[Profile, tuple[Catalogue, dict[tuple[object, ...], WrittenLift]]] = {}
_PROFILES_MOST = 64
_WORKOUTS_MOST = 4096  # a 16-week season writes ~35; a batch of one profile a few hundred
ACCESSORY_EXTRA_REPS = 2  # single-leg, calf and upper-body work: two more reps, same effort
CALF_EXTRA_REPS = 4
# Where a pattern's progression starts, as the highest rung taken (then one rung up every
# STEP_BLOCKS blocks): main lifts and the rest.
START_RUNG_MAIN = {Level.BEGINNER: 3, Level.INTERMEDIATE: 5, Level.ADVANCED: 20}
START_RUNG_OTHER = {Level.BEGINNER: 1, Level.INTERMEDIATE: 2, Level.ADVANCED: 3}
STEP_BLOCKS = 2
PLAIN_TEMPO = "2-0-1-0"
CORE_TEMPO = "2-0-2-0"  # slow and controlled, whatever the block's variation
NO_EMPHASIS = frozenset({PhaseName.PEAK, PhaseName.TAPER, PhaseName.RACE, PhaseName.RECOVERY})
NOTHING_NEW = frozenset({PhaseName.PEAK, PhaseName.TAPER, PhaseName.RACE})
NO_PLYOMETRICS = frozenset({PhaseName.TAPER, PhaseName.RACE, PhaseName.RECOVERY})
SHORT_DOSE = frozenset({PhaseName.TAPER, PhaseName.RACE, PhaseName.RECOVERY})
SESSION_NAMES = "ABC"
# Built from checked values: constructed, not validated (plan/construct.py).
WORKOUT, WARM_UP = Constructor(Workout), Constructor(WarmUp)
WRITTEN_EXERCISE = Constructor(WorkoutExercise)


@dataclass(frozen=True)
class LiftContext:
    """Where a lift sits: its week's phase and deload, its block, its place in the week, and
    whether the days around a race make it light (``race_note`` says which, e.g. "5 days
    before the 5k (A) on Sat 9 May"; ``after_race``: recovering from it). ``block`` is the
    0-based block number (the progression's stage), ``week`` the season week (the load
    advances once per heavy week)."""

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
    week: int = 0

    @property
    def block_number(self) -> int:
        return self.routine if self.block is None else self.block

    @property
    def but_week(self) -> tuple[object, ...]:
        """All the context but its week (which only the main lifts' step reads)."""
        return _BUT_WEEK(self)

    @property
    def short(self) -> bool:
        """A short dose: the main lifts kept, the extras dropped (taper, race, recovery)."""
        return self.light or bool(self.race_note) or self.phase in SHORT_DOSE

    @property
    def heavy(self) -> bool:
        return not self.deload and not self.short


_BUT_WEEK = operator.attrgetter(*(f.name for f in fields(LiftContext) if f.name != "week"))


@dataclass
class SeasonLog:
    """What the season has lifted so far: the exercises done (peak, taper and race weeks add
    none), the main lifts' progression, and the working sets of each heavy lift of the last
    week that held one (what a deload is cut from: models/deload.py)."""

    progression: Progression
    done: set[str] = field(default_factory=set)
    heavy_week: int | None = None
    heavy_sets: list[int] = field(default_factory=list)

    def note_heavy(self, week: int, sets: int) -> None:
        """A heavy lift of ``week`` holding ``sets`` working sets."""
        if week != self.heavy_week:
            self.heavy_week, self.heavy_sets = week, []
        self.heavy_sets.append(sets)

    def last_heavy_sets(self) -> int | None:
        """The fewest working sets of a heavy lift in the last week that held one (the
        deload's yardstick, as the checker reads it); None before the first heavy lift."""
        return min(self.heavy_sets) if self.heavy_sets else None


def routine_letter(routine: int) -> str:
    return ROUTINE_LETTERS[routine % len(ROUTINE_LETTERS)]


class WorkoutBuilder:
    """Builds workouts from a catalogue filtered to the athlete's kit, for their level."""

    def __init__(
        self, catalogue: Catalogue, equipment: frozenset[Equipment], athlete: Athlete | None = None
    ) -> None:
        self.catalogue = catalogue
        self.athlete = athlete or Athlete()
        problem = catalogue.equipment_problem(equipment)
        if problem is not None:
            raise ValueError(problem)
        self.choices = {pattern: catalogue.choices(pattern, equipment) for pattern in Pattern}
        self.maxes = catalogue.derived_maxes(self.athlete.one_rep_max)
        # Each pattern's distinct rungs in this kit, and the most loadable option at each.
        self.rungs = {
            pattern: sorted({e.rung for e in options}) for pattern, options in self.choices.items()
        }
        self.best_at = {
            pattern: {e.rung: e for e in options} for pattern, options in self.choices.items()
        }
        level = self.athlete.level
        self.start_rung = {
            pattern: max(
                [
                    i
                    for i, rung in enumerate(rungs)
                    if rung <= (START_RUNG_MAIN if pattern in MAIN else START_RUNG_OTHER)[level]
                ],
                default=0,
            )
            for pattern, rungs in self.rungs.items()
        }
        self.position = {
            pattern: {e.name: i for i, e in enumerate(options)}
            for pattern, options in self.choices.items()
        }
        self._derived_from: dict[str, str] = {}  # see `_derived`
        self._workouts = _workouts_of(catalogue, equipment, self.athlete)

    def variation(self, routine: int) -> Variation:
        return self.catalogue.variations[routine % len(self.catalogue.variations)]

    def routines(self) -> int:
        return len(self.catalogue.variations)

    def season_log(self) -> SeasonLog:
        return SeasonLog(Progression(self.athlete.level))

    # -- choosing -----------------------------------------------------------------------

    def progression_rung(self, pattern: Pattern, block: int) -> int:
        """The index (into the kit's distinct rungs) of ``pattern``'s exercise in ``block``:
        the level's start, one rung up every STEP_BLOCKS blocks, never down."""
        return min(self.start_rung[pattern] + block // STEP_BLOCKS, len(self.rungs[pattern]) - 1)

    def pick(
        self, pattern: Pattern, block: int, ctx: LiftContext, done: set[str] | None
    ) -> Exercise | None:
        """The exercise for ``pattern``: along the kit's progression for the level; on the
        week's second (fourth) lift the main lifts take the rung below, the other slots the
        option one (two) below in turn; core in turn; in peak, taper and race weeks only what
        was done this season (``done``), else nothing for that slot."""
        options = self.choices[pattern]
        variant = ctx.index_in_week
        if pattern is Pattern.CORE:
            chosen = options[(block + variant) % len(options)]
        elif pattern in MAIN:
            rungs = self.rungs[pattern]
            chosen = self.best_at[pattern][rungs[self.progression_rung(pattern, block)]]
            if variant % 2:
                chosen = self.second_variation(pattern, chosen)
        else:
            top = self.best_at[pattern][self.rungs[pattern][self.progression_rung(pattern, block)]]
            chosen = options[max(0, self.position[pattern][top.name] - variant % 3)]
        if not done or ctx.phase not in NOTHING_NEW or chosen.name in done:
            return chosen
        seen = [e for e in options if e.name in done]
        if not seen:
            return chosen if pattern in MAIN else None
        weaker = [e for e in seen if e.rung <= chosen.rung] or seen
        return weaker[max(0, len(weaker) - 1 - variant % 2)]

    def second_variation(self, pattern: Pattern, main: Exercise) -> Exercise:
        """The week's second (fourth) lift's squat or hinge: the kit's option one rung below
        ``main``; when ``main`` carries a load, the loaded option nearest below it (else the
        nearest above: a goblet squat's B session is a dumbbell squat), never a band or body
        weight in a kit with bells or a bar. ``main`` itself when the kit has nothing else."""
        options = [e for e in self.choices[pattern] if e.name != main.name]
        if main.dose in LOADED:
            options = [e for e in options if e.dose in LOADED]
        below = [e for e in options if e.rung < main.rung]
        if below:
            return max(below, key=lambda e: (e.rung, LOADABILITY.get(e.dose, 0)))
        above = [e for e in options if e.rung >= main.rung] if main.dose in LOADED else []
        if above:
            return min(above, key=lambda e: (e.rung, -LOADABILITY.get(e.dose, 0)))
        return main

    # -- dosing -------------------------------------------------------------------------

    def first_block(self, block: int) -> bool:
        return self.athlete.level is Level.BEGINNER and block == 0

    def main_dose(
        self, ctx: LiftContext, variation: Variation, progression: Progression
    ) -> tuple[Dose, Step | None]:
        """Sets, reps and RIR of the main lifts (plan/dosing.py), and the heavy week's step."""
        block = ctx.block_number
        sets = HEAVY_SETS[self.athlete.level] + variation.extra_sets
        if (ctx.race_note and ctx.after_race) or ctx.phase is PhaseName.RECOVERY:
            progression.note_light_week(ctx.phase)
            return RECOVERY_DOSE, None
        if ctx.short:
            return light_dose(progression), None
        if ctx.deload:
            return deload_dose(progression, sets), None
        technique = self.first_block(block)
        step = progression.heavy_week(
            ctx.week,
            block,
            ctx.phase,
            load_first=variation.name == "progressive_load",
            heavier_block=variation.rep_change < 0,
            technique=technique,
        )
        return heavy_dose(step, 2 if technique else max(1, sets)), step

    def tempo_of(self, ctx: LiftContext, variation: Variation, block: int) -> str:
        """The block's tempo, plain where a slow lowering or a held pause does not belong."""
        if ctx.short or ctx.deload or self.first_block(block):
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
        # The block's slow lowering or held pause is for the main lifts; accessories stay
        # controlled (a 5 s lowering on every calf raise and push-up only adds minutes).
        return Item(exercise, dose.sets, dose.reps + extra, dose.rir, PLAIN_TEMPO, 90, "", fixed)

    # -- the session --------------------------------------------------------------------

    def lift(self, ctx: LiftContext, log: SeasonLog | None = None) -> Workout:
        """The lift's workout; ``log`` (the season so far) keeps peak, taper and race weeks to
        known moves, carries the main lifts' load on, and learns this lift's.

        Written once per process for the same lift (its context but the week, the main lifts'
        dose and step, and the moves done so far where they limit the choice) by a builder
        of the same catalogue, kit and athlete; each lift gets its own copy (a plan's
        workouts may be edited, as a test or a coach does), sharing only frozen exercises."""
        return self.lift_with_notes(ctx, log)[0]

    def lift_with_notes(
        self, ctx: LiftContext, log: SeasonLog | None = None, units: str | None = None
    ) -> tuple[Workout, str]:
        """`lift`'s workout and its `lift_notes` in ``units`` (None: the athlete's), written
        once with the workout in the athlete's units (a plan's lifts repeat a few workouts)."""
        log = log or self.season_log()
        variation = self.variation(ctx.routine)
        # A deload is cut from the heavy week before it, as it stood (before this lift's
        # `main_dose`, which moves nothing on a deload anyway).
        heavy: tuple[int, bool] | None = None
        if ctx.deload:
            last = log.last_heavy_sets()
            heavy = (last, True) if last is not None else (self._heavy_twin(ctx, log), False)
        dose, step = self.main_dose(ctx, variation, log.progression)  # every lift: advances
        # `pick` reads the moves done only in a week that adds none; the week, only main_dose
        limited = bool(log.done) and ctx.phase in NOTHING_NEW
        key = (ctx.but_week, dose, step, frozenset(log.done) if limited else None, heavy)
        written = self._workouts.get(key)
        if written is None:
            workout = self._lift(ctx, variation, dose, step, log.done, heavy)
            names = [e.name for e in workout.exercises]
            notes = lift_notes(workout, self.athlete.units)
            written = WrittenLift(workout, names, notes, working_sets(workout.exercises))
            if len(self._workouts) >= _WORKOUTS_MOST:
                self._workouts.clear()
            self._workouts[key] = written
        log.done.update(written.names)
        if ctx.heavy:
            log.note_heavy(ctx.week, written.working_sets)
        workout = _copy_of(written.workout)
        if units is not None and units != self.athlete.units:
            return workout, lift_notes(workout, units)
        return workout, written.notes

    def _heavy_twin(self, ctx: LiftContext, log: SeasonLog) -> int:
        """The fewest working sets of the heavy lifts ``ctx``'s week would hold were it no
        deload (each of its sessions at ``ctx``'s minutes): a deload before any heavy lift
        is cut from them, as a later one is from the last heavy week's lightest lift. The
        season's log is left as it was."""
        variation = self.variation(ctx.routine)
        fewest = []
        for index in range(ctx.lifts_in_week):
            twin = replace(ctx, deload=False, index_in_week=index)
            dose, step = self.main_dose(twin, variation, copy.copy(log.progression))
            workout = self._lift(twin, variation, dose, step, set(log.done))
            fewest.append(working_sets(workout.exercises))
        return min(fewest)

    def _lift(
        self,
        ctx: LiftContext,
        variation: Variation,
        dose: Dose,
        step: Step | None,
        done: set[str],
        heavy: tuple[int, bool] | None = None,
    ) -> Workout:
        """The workout; a deload's ``heavy`` is the working sets it is cut from, and whether
        they are the last heavy week's (else the heavy twin's: `_heavy_twin`)."""
        block = ctx.block_number
        tempo = self.tempo_of(ctx, variation, block)
        fixed = not ctx.heavy or ctx.phase in NO_EMPHASIS or self.first_block(block)
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
        most_sets = None if heavy is None else deload_most_sets(heavy[0])
        kept, warm_up = fit(items, ctx.minutes, light, ctx.short, ctx.deload, most_sets)
        looked_up = [self._looked_up(items[p], variation, ctx) for p in SESSION_ORDER if p in kept]
        exercises = [written for written, _ in looked_up]  # shared: frozen
        work = sum(seconds for _, seconds in looked_up)  # estimate_seconds, remembered
        cool_down = cool_down_for(work + warm_up * 60, ctx.minutes)
        names = ", ".join(str(p) for p in SESSION_ORDER if p in kept)
        if ctx.race_note:
            label = f"light ({ctx.race_note})"
        elif ctx.short:
            label = "light, steady tempo, two sets each"  # squat and hinge, then a few slots
        elif self.first_block(block):
            label = "technique block: learn the moves"
        elif ctx.deload and variation.emphasis != "none":
            label = "steady tempo"
        elif tempo != PLAIN_TEMPO:
            label = f"{variation.label} on the main lifts"
        else:
            label = variation.label
        session = SESSION_NAMES[ctx.index_in_week % len(SESSION_NAMES)]
        day = f", session {session}" if ctx.lifts_in_week > 1 else ""
        focus = f"routine {routine_letter(ctx.routine)}{day}, {label}: {names}"
        if heavy is not None:
            focus += f" ({deload_words(working_sets(exercises), *heavy)})"
        return WORKOUT(
            focus=focus,
            minutes=round((work + (warm_up + cool_down) * 60) / 60),  # estimate_minutes
            exercises=exercises,
            warm_up=WARM_UP(minutes=warm_up, drills=drills(warm_up)),
            why=self.why(ctx, variation, step, exercises),
            cool_down=(WARM_UP(minutes=cool_down, drills=list(COOL_DOWN)) if cool_down else None),
        )

    def why(
        self,
        ctx: LiftContext,
        variation: Variation,
        step: Step | None,
        exercises: list[WorkoutExercise],
    ) -> list[str]:
        """One line per main lift: why this exercise and why this load."""
        block = ctx.block_number
        if step is not None:
            stage = (
                f"block {block + 1} ({variation.label}) week {step.week_of_block}: {step.change}"
            )
        elif ctx.deload:
            stage = (
                f"deload week: at most {DELOAD_MOST_PERCENT}% of the heavy week's working sets "
                "(a volume cut of 40% or more: Bosquet et al. 2007; Bell et al. 2022), one "
                "chart step lighter than the week before"
            )
        elif ctx.race_note:
            stage = f"light: {ctx.race_note}; 2 x 3 at the current load, volume cut"
        else:
            phase = ctx.phase or "light"
            stage = f"{phase}: a short dose, the main lifts only at the current load"
        lines = []
        for exercise in exercises:
            if exercise.pattern not in MAIN:
                continue
            rungs = self.rungs[exercise.pattern]
            top = self.best_at[exercise.pattern][
                rungs[self.progression_rung(exercise.pattern, block)]
            ]
            if exercise.name == top.name:
                choice = f"the {exercise.pattern}'s progression in this kit for block {block + 1}"
            else:
                choice = f"the variation beside {top.name} on this day"
            load = exercise.load.split(";")[0]
            chart = ""
            if exercise.reps_in_reserve and exercise.dosing not in (Dosing.BODYWEIGHT, Dosing.BAND):
                reps = exercise.reps.split()[0]
                chart = (
                    f"; {reps} reps + {exercise.reps_in_reserve} in reserve on the RIR chart "
                    "(Zourdos et al. 2016)"
                )
            derived = self._derived(exercise.name) if exercise.weight is not None else ""
            lines.append(
                f"{exercise.name} {exercise.sets}x{exercise.reps} at {load}: {choice}; "
                f"{stage}{chart}{derived}"
            )
        return lines

    def _derived(self, name: str) -> str:
        """How a weighed exercise's 1RM was found, when the athlete did not give it: from
        the catalogue's ratio to another lift ("" otherwise). Once per exercise a season."""
        known = self._derived_from.get(name)
        if known is None:
            ratio = self.catalogue.ratio_for(name)
            given = {n.casefold() for n in self.athlete.one_rep_max}
            known = ""
            if ratio is not None and name.casefold() not in given:
                known = f"; 1RM taken as {ratio.ratio:g} x {ratio.source_lift} ({ratio.source})"
            self._derived_from[name] = known
        return known

    def core(self, routine: int, minutes: int) -> Workout:
        """A short core-only session, as on the guide's Wednesday: no separate warm-up;
        up to four exercises at 2-4 sets, filling ``minutes`` as a lift does."""
        options = self.choices[Pattern.CORE]
        dose = Dose(2, 8, 3)
        picks = [options[(routine + i) % len(options)] for i in range(min(4, len(options)))]
        budget = minutes * 60
        items: list[Item] = []
        used = 0
        for exercise in picks:
            item = self.item(exercise, dose, CORE_TEMPO, 45, False)
            seconds = item.seconds()
            # compared in whole minutes, as the plan states and the checker reads them
            if round((used + seconds) / 60) > 1.1 * minutes and items:
                break
            items.append(item)
            used += seconds
        for _ in range(2):  # up to 4 sets each, in turn, while under the minutes
            for item in items:
                per_set = (item.seconds() - 60) // item.sets
                if used + 45 + per_set <= budget:
                    before = item.seconds()
                    item.sets += 1
                    used += item.seconds() - before
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
        """The exercise as the athlete reads it: reps, load (kg from a max), tempo, rest.
        The one written before for the same item and context (frozen: shared by every lift
        that prescribes it)."""
        return self._looked_up(item, variation, ctx)[0]

    def _looked_up(self, item: Item, variation: Variation, ctx: LiftContext) -> Written:
        """`_prescribe`'s exercise and its seconds. A season prescribes the same few
        exercises at the same doses again and again, and a batch's athletes the same few
        hundred: each is written once per process, keyed by all that the writing reads."""
        heavy_note = variation.load_note if ctx.heavy else ""
        exercise = item.exercise
        key = (
            exercise.name,
            exercise.pattern,
            exercise.side,
            exercise.unit,
            exercise.dose,
            exercise.rung,
            tuple(exercise.equipment),
            item.sets,
            item.reps,
            item.rir,
            item.tempo,
            item.rest_s,
            item.reps_text,
            heavy_note,
            self.maxes.get(exercise.name.casefold()),
            self.athlete.units,
        )
        written = _WRITTEN.get(key)
        if written is None:
            exercise_written = self._prescribe(item, heavy_note)
            written = (exercise_written, written_seconds(exercise_written))
            if len(_WRITTEN) >= _WRITTEN_MOST:
                _WRITTEN.clear()
            _WRITTEN[key] = written
        return written

    def _prescribe(self, item: Item, heavy_note: str) -> WorkoutExercise:
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
            if exercise.loaded and heavy_note:
                load += f"; {heavy_note}"
        # Built from checked values: construct, not validate (a season writes thousands).
        return WRITTEN_EXERCISE(
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


def _copy_of(workout: Workout) -> Workout:
    """A workout as `WorkoutBuilder._lift` builds it, its lists and warm-ups its own."""
    warm_up, cool_down = workout.warm_up, workout.cool_down
    return WORKOUT.copy(
        workout,
        exercises=list(workout.exercises),  # frozen: shared
        warm_up=None if warm_up is None else WARM_UP.copy(warm_up, drills=list(warm_up.drills)),
        why=list(workout.why),
        cool_down=(
            None if cool_down is None else WARM_UP.copy(cool_down, drills=list(cool_down.drills))
        ),
    )


def _workouts_of(
    catalogue: Catalogue, equipment: frozenset[Equipment], athlete: Athlete
) -> dict[tuple[object, ...], WrittenLift]:
    """The workouts written by builders of this catalogue, kit and athlete: all a builder
    reads besides the lift (a batch's athletes often share them)."""
    profile = _profile(catalogue, equipment, athlete)
    entry = _WORKOUTS.get(profile)
    if entry is None or entry[0] is not catalogue:  # an id is a name only while it lives
        if len(_WORKOUTS) >= _PROFILES_MOST:
            _WORKOUTS.clear()
        entry = _WORKOUTS[profile] = (catalogue, {})
    return entry[1]


def _profile(catalogue: Catalogue, equipment: frozenset[Equipment], athlete: Athlete) -> Profile:
    """All a builder reads besides the lift: the catalogue (by id: hold it to keep the id
    its own), kit, level, maxes and units."""
    maxes = tuple(athlete.one_rep_max.items())
    return (id(catalogue), equipment, athlete.level, maxes, athlete.units)


# Builders by profile: a batch's athletes of one kit, level, maxes and units share one (its
# kit's choices, rungs and starts made once per worker; ~0.2 ms an athlete). A builder keeps
# nothing of one season: its caches hold what the profile alone decides.
_BUILDERS: dict[Profile, WorkoutBuilder] = {}


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
    profile = _profile(catalogue, season.equipment_set, season.athlete)
    builder = _BUILDERS.get(profile)
    if builder is not None and builder.catalogue is catalogue:
        return builder
    try:
        builder = WorkoutBuilder(catalogue, season.equipment_set, season.athlete)
    except ValueError as error:
        raise InputError(source, "equipment", str(error)) from None
    if len(_BUILDERS) >= _PROFILES_MOST:
        _BUILDERS.clear()
    _BUILDERS[profile] = builder
    return builder


def deload_words(sets: int, heavy_sets: int, last_week: bool) -> str:
    """A deload in a coach's words: ``deload: 9 working sets, 56% of last heavy week's 16``
    (``last_week`` False: of the heavy week it stands for, before any heavy week)."""
    whose = "last heavy week's" if last_week else "a heavy week's"
    return f"deload: {sets} working sets, {deload_share(sets, heavy_sets)}% of {whose} {heavy_sets}"


def summary(workout: Workout, units: str = "kg") -> str:
    """One line: ``Back squat 3x5 @ 80 kg, Push-up 3x6, Plank 3x30 s`` (a load where a
    one-rep max gives one, in ``units``)."""
    return ", ".join(
        f"{ex.name} {ex.sets}x{ex.reps}"
        + ("" if ex.weight is None else f" @ {ex.weight:g} {units}")
        for ex in workout.exercises
    )


def lift_notes(workout: Workout, units: str) -> str:
    """A lift's notes: ``focus | warm-up 10 min | Back squat 3x5 @ 80 kg, ... | est. 45 min``."""
    warm_up = f"warm-up {workout.warm_up.minutes} min | " if workout.warm_up else ""
    cool = workout.cool_down
    cool_down = f" | cool-down {cool.minutes} min" if cool else ""
    work = summary(workout, units)
    return f"{workout.focus} | {warm_up}{work}{cool_down} | est. {workout.minutes} min"


__all__ = [
    "LiftContext",
    "SeasonLog",
    "WorkoutBuilder",
    "builder_for",
    "lift_notes",
    "percent_1rm",
    "routine_letter",
    "summary",
]
