"""The routine catalogue (what to lift) and the workout a lift carries (SPEC section 4).

The catalogue is data (`liftplan/data/routines.yaml`, or a user file named by the season's
`routines:`); these models are its contract. Each exercise names the session slot it fills
(its pattern), how it is dosed, and how loadable it is within its pattern (its rung).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Any, Literal, cast

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    field_validator,
    model_validator,
)
from pydantic_core import CoreSchema, core_schema

from liftplan.models.season import EQUIPMENT_PRESETS, Equipment, Real, Whole
from liftplan.models.text import text_problem


class AsText:
    """``Annotated[SomeStrEnum, AsText()]``: the field is written as its text by
    pydantic-core's own string serializer (a StrEnum member is that text), instead of a
    Python call to the member's ``.value`` each time: a 16-week plan writes ~730 kinds,
    patterns and dosings, which were a sixth of its JSON's CPU. Same bytes, the same
    plain strings from ``model_dump(mode="json")``; validation and Python dumps unchanged."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        # A copy: the enum's own schema serves its other fields (the catalogue, the season).
        written = {**handler(source), "serialization": core_schema.simple_ser_schema("str")}
        return cast(CoreSchema, written)


class Pattern(StrEnum):
    """The guide's six movement patterns, plus core, calf/soleus work and plyometrics.

    In a session: squat is the knee-dominant main lift, hinge the hip-dominant one, lunge the
    single-leg exercise; carries are fillers."""

    PUSH = "push"
    PULL = "pull"
    SQUAT = "squat"
    HINGE = "hinge"
    CARRY = "carry"
    LUNGE = "lunge"
    CORE = "core"
    PLYOMETRIC = "plyometric"
    CALF = "calf"


class Dosing(StrEnum):
    """How an exercise's effort is said: the language that fits it."""

    BARBELL = "barbell"
    DUMBBELL = "dumbbell"
    KETTLEBELL = "kettlebell"
    MACHINE = "machine"
    BODYWEIGHT = "bodyweight"
    BAND = "band"
    BALLISTIC = "ballistic"
    HOLD = "hold"
    CARRY = "carry"


# Carry an external load (kg may be shown when a one-rep max is given); of these only barbell
# strength lifts, whose 1RM a runner can know, are dosed by % of 1RM; dumbbell, kettlebell,
# machine and calf work are dosed by reps in reserve (RPE), as body weight and bands are.
LOADED = frozenset({Dosing.BARBELL, Dosing.DUMBBELL, Dosing.KETTLEBELL, Dosing.MACHINE})
BY_PERCENT = frozenset({Dosing.BARBELL})
# At the same rung, which exercise a kit prefers: the most loadable (a bar before bells, bells
# before a band or body weight), so a full gym squats with the bar, a home kit with bells.
LOADABILITY = {
    Dosing.BARBELL: 5,
    Dosing.MACHINE: 4,
    Dosing.DUMBBELL: 3,
    Dosing.KETTLEBELL: 2,
    Dosing.BAND: 1,
}
# A body-weight path and the guide's home kit: every slot must have an option in each.
BODYWEIGHT_KIT = frozenset({Equipment.BODYWEIGHT})
HOME_KIT = EQUIPMENT_PRESETS["home"]


def implied_dosing(pattern: Pattern, unit: str, equipment: list[Equipment]) -> Dosing:
    """The dosing an exercise gets when its catalogue entry says none."""
    if unit == "seconds":
        return Dosing.HOLD
    if unit == "metres":
        return Dosing.CARRY
    if pattern is Pattern.PLYOMETRIC:
        return Dosing.BALLISTIC
    kit = set(equipment)
    for needs, dosing in (
        ({Equipment.BARBELL, Equipment.TRAP_BAR}, Dosing.BARBELL),
        ({Equipment.DUMBBELLS}, Dosing.DUMBBELL),
        ({Equipment.KETTLEBELL}, Dosing.KETTLEBELL),
        ({Equipment.CABLE}, Dosing.MACHINE),
        ({Equipment.LOOP_BAND}, Dosing.BAND),
    ):
        if kit & needs:
            return dosing
    return Dosing.BODYWEIGHT


class Exercise(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Exercise name, unique in the catalogue.")
    pattern: Pattern = Field(description="Session slot (movement pattern) it fills.")
    equipment: list[Equipment] = Field(description="Everything it needs (bodyweight: nothing).")
    side: Literal["bilateral", "unilateral"] = Field(
        "bilateral", description="Unilateral exercises are done on each side."
    )
    unit: Literal["reps", "seconds", "metres"] = Field(
        "reps", description="How a set is measured: repetitions, a hold, or a carry distance."
    )
    dosing: Dosing | None = Field(
        None, description="How it is dosed; left out, it follows from unit and equipment."
    )
    rung: Whole = Field(
        1, ge=1, le=20, description="How loadable it is within its pattern (1 = least)."
    )

    @field_validator("name")
    @classmethod
    def _printable(cls, name: str) -> str:  # it goes into calendars, workbooks and watches
        problem = text_problem(name)
        if problem:
            raise ValueError(problem)
        return name

    @model_validator(mode="after")
    def _dosed(self) -> Exercise:
        if self.dosing is None:
            implied = implied_dosing(self.pattern, self.unit, self.equipment)
            object.__setattr__(self, "dosing", implied)
        timed = {"seconds": Dosing.HOLD, "metres": Dosing.CARRY}.get(self.unit)
        if timed is not None and self.dosing is not timed:
            raise ValueError(f"dosing: an exercise measured in {self.unit} is dosed as {timed}")
        if timed is None and self.dosing in (Dosing.HOLD, Dosing.CARRY):
            raise ValueError(f"unit: a {self.dosing} is measured in seconds or metres")
        return self

    @property
    def dose(self) -> Dosing:
        assert self.dosing is not None  # set by the validator
        return self.dosing

    @property
    def loaded(self) -> bool:
        """Lifted with an external load (a bar, bells, a machine)."""
        return self.dose in LOADED

    @property
    def by_percent(self) -> bool:
        """Dosed by % of 1RM: a barbell strength lift (not calf or core work)."""
        return self.dose in BY_PERCENT and self.pattern not in (Pattern.CALF, Pattern.CORE)


class Variation(BaseModel):
    """How a block changes the same moves: the guide's five ways to mix up a routine."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Short name, e.g. eccentric_tempo.")
    label: str = Field(description="What the runner reads, e.g. '5-second lowering'.")
    tempo: str = Field(
        "2-0-1-0", description="Seconds lowering-pause-lifting-top; X is as fast as possible."
    )
    rest_s: Whole = Field(120, ge=30, le=300, description="Rest between sets, seconds.")
    extra_sets: Whole = Field(0, ge=-1, le=2, description="Sets added to the phase's sets.")
    rep_change: Whole = Field(0, ge=-5, le=5, description="Reps added to the phase's reps.")
    load_note: str = Field("", description="Extra load guidance for loaded lifts.")
    emphasis: Literal["none", "eccentric", "isometric"] = Field(
        "none",
        description="A slow lowering or a held pause: never in peak, taper, race or "
        "recovery weeks, nor in a beginner's first block.",
    )


class MaxRatio(BaseModel):
    """A one-rep max another implies: ``lift``'s max is about ``ratio`` x ``from``'s."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    lift: str = Field(description="The exercise whose max is derived.")
    source_lift: str = Field(alias="from", description="The exercise whose max is given.")
    ratio: Real = Field(gt=0, le=2, description="lift's 1RM / from's 1RM.")
    source: str = Field("", description="Where the ratio comes from.")


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    exercises: list[Exercise] = Field(description="Every exercise a workout may use.")
    variations: list[Variation] = Field(description="Block variations, used in turn.")
    ratios: list[MaxRatio] = Field(
        default_factory=list,
        description="Maxes a given max implies (e.g. front squat ~0.80 x back squat).",
    )

    @model_validator(mode="after")
    def _usable(self) -> Catalogue:
        names = [exercise.name for exercise in self.exercises]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"exercises: duplicate name {duplicates[0]!r}")
        if len({variation.name for variation in self.variations}) < 2:
            raise ValueError("variations: need at least two, so consecutive blocks differ")
        known = {name.casefold() for name in names}
        for index, ratio in enumerate(self.ratios):
            for field, name in (("lift", ratio.lift), ("from", ratio.source_lift)):
                if name.casefold() not in known:
                    raise ValueError(f"ratios[{index}].{field}: no exercise {name!r}")
        return self

    def choices(self, pattern: Pattern, equipment: frozenset[Equipment]) -> list[Exercise]:
        """Exercises of ``pattern`` that need nothing beyond ``equipment``, least loadable
        first (by rung; at the same rung body weight and bands before bells before a bar,
        then catalogue order): the pattern's progression in this kit."""
        fits = [
            exercise
            for exercise in self.exercises
            if exercise.pattern is pattern and set(exercise.equipment) <= equipment
        ]
        return sorted(fits, key=lambda e: (e.rung, LOADABILITY.get(e.dose, 0)))

    def equipment_problem(self, equipment: frozenset[Equipment]) -> str | None:
        """What keeps this catalogue from a workout with only ``equipment``: the patterns no
        exercise of which fits it (a lift needs one of each), or None."""
        missing = [str(pattern) for pattern in Pattern if not self.choices(pattern, equipment)]
        return f"no {', '.join(missing)} exercise fits this equipment" if missing else None

    def derived_maxes(self, given: dict[str, float]) -> dict[str, float]:
        """``given`` maxes (by name, any case) plus those its ratios imply, keyed by the
        casefolded name; a given max always wins over a derived one."""
        maxes = {name.casefold(): value for name, value in given.items()}
        for ratio in self.ratios:
            lift, source = ratio.lift.casefold(), ratio.source_lift.casefold()
            if source in maxes and lift not in maxes:
                maxes[lift] = maxes[source] * ratio.ratio
        return maxes

    def ratio_for(self, name: str) -> MaxRatio | None:
        return next((r for r in self.ratios if r.lift.casefold() == name.casefold()), None)

    def named(self, name: str) -> Exercise | None:
        return next((e for e in self.exercises if e.name.casefold() == name.casefold()), None)


class WorkoutExercise(BaseModel):
    # Frozen: a season's lifts share each exercise as written (plan/workouts.py writes each
    # dose once per process), so none may change under another lift.
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Exercise.")
    pattern: Annotated[Pattern, AsText()] = Field(description="Movement pattern (session slot).")
    sets: int = Field(ge=1, description="Working sets.")
    reps: str = Field(description="Per set: reps ('6', '6 each side'), a hold ('30 s'), or metres.")
    tempo: str = Field(
        description="Seconds lowering-pause-lifting-top, or 'explosive', 'hold', 'steady'."
    )
    rest_s: int = Field(ge=0, description="Rest between sets, seconds.")
    load: str = Field(description="Effort in the exercise's language: %1RM, RIR/RPE, intent.")
    dosing: Annotated[Dosing, AsText()] = Field(
        Dosing.BODYWEIGHT, description="How the exercise is dosed."
    )
    percent_1rm: int | None = Field(
        None, description="% of one-rep max, on barbell strength lifts only."
    )
    reps_in_reserve: str = Field("", description="Reps in reserve, on strength sets ('2', '3-4').")
    weight: float | None = Field(
        None, description="The load in the athlete's units, when a one-rep max is given."
    )


class WarmUp(BaseModel):
    model_config = ConfigDict(extra="forbid")

    minutes: int = Field(ge=0, description="Minutes of warm-up, counted in the workout's minutes.")
    drills: list[str] = Field(default_factory=list, description="What to do, in order.")


class Workout(BaseModel):
    model_config = ConfigDict(extra="forbid")

    focus: str = Field(description="What the session is about, in a few words.")
    minutes: int = Field(ge=0, description="Estimated length, warm-up and cool-down included.")
    exercises: list[WorkoutExercise] = Field(description="In order.")
    warm_up: WarmUp | None = Field(None, description="The warm-up before the work.")
    why: list[str] = Field(
        default_factory=list,
        description="Why these main lifts and this load: block, week of the block, the step "
        "from last week, the chart that sets it.",
    )
    cool_down: WarmUp | None = Field(
        None,
        description="Easy mobility after the work, only where a light or short-listed lift "
        "(fixed sets, few known exercises) would otherwise leave its booking under 90% full.",
    )
