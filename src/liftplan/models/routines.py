"""The routine catalogue (what to lift) and the workout a lift carries (SPEC section 4).

The catalogue is data (`liftplan/data/routines.yaml`, or a user file named by the season's
`routines:`); these models are its contract.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from liftplan.models.season import Equipment


class Pattern(StrEnum):
    """The guide's six movement patterns, plus core."""

    PUSH = "push"
    PULL = "pull"
    SQUAT = "squat"
    HINGE = "hinge"
    CARRY = "carry"
    LUNGE = "lunge"
    CORE = "core"


class Exercise(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Exercise name, unique in the catalogue.")
    pattern: Pattern = Field(description="Movement pattern it trains.")
    equipment: list[Equipment] = Field(description="Everything it needs (bodyweight: nothing).")
    side: Literal["bilateral", "unilateral"] = Field(
        "bilateral", description="Unilateral exercises are done on each side."
    )
    unit: Literal["reps", "seconds", "metres"] = Field(
        "reps", description="How a set is measured: repetitions, a hold, or a carry distance."
    )


class Variation(BaseModel):
    """How a block changes the same moves: the guide's five ways to mix up a routine."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Short name, e.g. eccentric_tempo.")
    label: str = Field(description="What the runner reads, e.g. '5-second lowering'.")
    tempo: str = Field(
        "2-0-1-0", description="Seconds lowering-pause-lifting-top; X is as fast as possible."
    )
    rest_s: int = Field(120, ge=30, le=300, description="Rest between sets, seconds.")
    extra_sets: int = Field(0, ge=-1, le=2, description="Sets added to the phase's sets.")
    rep_change: int = Field(0, ge=-5, le=5, description="Reps added to the phase's reps.")
    load_note: str = Field("", description="Extra load guidance, e.g. '+5% each week'.")


class Catalogue(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    exercises: list[Exercise] = Field(description="Every exercise a workout may use.")
    variations: list[Variation] = Field(description="Block variations, used in turn.")

    @model_validator(mode="after")
    def _usable(self) -> Catalogue:
        names = [exercise.name for exercise in self.exercises]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        if duplicates:
            raise ValueError(f"exercises: duplicate name {duplicates[0]!r}")
        if len({variation.name for variation in self.variations}) < 2:
            raise ValueError("variations: need at least two, so consecutive blocks differ")
        return self

    def choices(self, pattern: Pattern, equipment: frozenset[Equipment]) -> list[Exercise]:
        """Exercises of ``pattern`` that need nothing beyond ``equipment``, in catalogue order."""
        return [
            exercise
            for exercise in self.exercises
            if exercise.pattern is pattern and set(exercise.equipment) <= equipment
        ]


class WorkoutExercise(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(description="Exercise.")
    pattern: Pattern = Field(description="Movement pattern.")
    sets: int = Field(ge=1, description="Working sets.")
    reps: str = Field(description="Per set: reps ('6', '6 each side'), a hold ('30 s'), or metres.")
    tempo: str = Field(description="Seconds lowering-pause-lifting-top.")
    rest_s: int = Field(ge=0, description="Rest between sets, seconds.")
    load: str = Field(description="Load guidance: %1RM and reps in reserve.")


class Workout(BaseModel):
    model_config = ConfigDict(extra="forbid")

    focus: str = Field(description="What the session is about, in a few words.")
    minutes: int = Field(ge=0, description="Estimated length, warm-up included.")
    exercises: list[WorkoutExercise] = Field(description="In order.")
