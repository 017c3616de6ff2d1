"""The lifts as FIT strength workouts for the watch (``-o lifts.zip``), written with fit-tool.

One ``.fit`` file per lift, named by its local date and time (``2026-03-03_1730_lift.fit``):
``file_id.type`` workout; the workout's sport ``training``, sub-sport ``strength_training``;
then its steps: the warm-up (a timed warm-up step), and for each exercise a work step
(``duration_type`` reps, or time for a hold, or distance for a carry; the exercise's FIT
category and name from data/fit_exercises.yaml, its pattern's category when it has none
there; the weight in kg when the plan has one), a rest step, and a repeat step looping
back over both for its sets; a cool-down when the workout has one. A range of reps
("6-8") is written as its top, a unilateral set ("6 each side") as 6 with "each side" in
the step's notes.
"""

from __future__ import annotations

import functools
import io
import re
import zipfile
from dataclasses import dataclass
from importlib import resources
from typing import Any

from liftplan.models.plan import Plan, Session
from liftplan.models.routines import WarmUp, WorkoutExercise

KG_PER_LB = 0.45359237
_AMOUNT = re.compile(r"^(\d+)(?:-(\d+))?(?: (s|m))?( each side)?$")
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # fixed member times: the same plan gives the same bytes


class FitError(ValueError):
    """A lift that cannot be written as a FIT workout; the message names it."""


@dataclass(frozen=True)
class FitExercise:
    category: int
    name: int | None


@functools.cache
def _table() -> dict[str, Any]:
    from ruamel.yaml import YAML

    text = resources.files("liftplan.data").joinpath("fit_exercises.yaml").read_text("utf-8")
    table: dict[str, Any] = YAML(typ="safe", pure=True).load(text)
    return table


def fit_exercise(name: str, pattern: str) -> FitExercise:
    """The FIT category and name of catalogue exercise ``name``, else of its ``pattern``."""
    from fit_tool.profile import profile_type

    table = _table()
    entry = table["exercises"].get(name) or {"category": table["by_pattern"].get(pattern)}
    if entry.get("category") is None:
        return FitExercise(profile_type.ExerciseCategory.TOTAL_BODY.value, None)
    try:
        category = profile_type.ExerciseCategory[str(entry["category"]).upper()]
        if entry.get("name") is None:
            return FitExercise(category.value, None)
        enum = "".join(part.title() for part in str(entry["category"]).split("_")) + "ExerciseName"
        names = getattr(profile_type, enum)
        return FitExercise(category.value, names[str(entry["name"]).upper()].value)
    except (KeyError, AttributeError):
        raise FitError(
            f"exercise {name!r}: FIT has no exercise {entry.get('category')}/{entry.get('name')}"
        ) from None


def file_name(session: Session) -> str:
    kind = "core" if str(session.kind) == "core" else "lift"
    return f"{session.start:%Y-%m-%d_%H%M}_{kind}.fit"


def render_fit_zip(plan: Plan) -> bytes:
    """A zip of one FIT workout per lift; FitError naming the lift when one cannot be."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for session in plan.sessions:
            if session.activity != "lift":
                continue
            info = zipfile.ZipInfo(file_name(session), date_time=_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, render_fit(session))
    return buffer.getvalue()


def render_fit(session: Session) -> bytes:
    """One lift as the bytes of a FIT workout file."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.workout_message import WorkoutMessage
    from fit_tool.profile.profile_type import FileType, Manufacturer, Sport, SubSport

    file_id = FileIdMessage()
    file_id.type = FileType.WORKOUT
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.time_created = round(session.start.timestamp() * 1000)  # the plan's, not now
    file_id.serial_number = int(session.start.timestamp()) & 0xFFFFFFFF
    steps = _steps(session)
    workout = WorkoutMessage()
    workout.workout_name = f"Lift {session.start:%Y-%m-%d %H:%M}"
    workout.sport = Sport.TRAINING
    workout.sub_sport = SubSport.STRENGTH_TRAINING
    workout.num_valid_steps = len(steps)
    builder = FitFileBuilder(auto_define=True, min_string_size=50)
    builder.add(file_id)
    builder.add(workout)
    builder.add_all(steps)
    data: bytes = builder.build().to_bytes()
    return data


def _steps(session: Session) -> list[Any]:
    from fit_tool.profile.profile_type import ExerciseCategory, Intensity

    steps: list[Any] = []
    workout = session.workout
    if workout is None:
        return steps
    if workout.warm_up is not None and workout.warm_up.minutes:
        steps.append(_timed(workout.warm_up, "Warm-up", Intensity.WARMUP, ExerciseCategory.WARM_UP))
    for exercise in workout.exercises:
        steps += _exercise_steps(exercise, len(steps), session)
    if workout.cool_down is not None and workout.cool_down.minutes:
        steps.append(
            _timed(workout.cool_down, "Cool-down", Intensity.COOLDOWN, ExerciseCategory.WARM_UP)
        )
    for index, step in enumerate(steps):
        step.message_index = index
    return steps


def _timed(part: WarmUp, name: str, intensity: Any, category: Any) -> Any:
    from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
    from fit_tool.profile.profile_type import WorkoutStepDuration

    step = WorkoutStepMessage()
    step.workout_step_name = name
    step.intensity = intensity
    step.duration_type = WorkoutStepDuration.TIME
    step.duration_time = float(part.minutes * 60)
    step.exercise_category = category.value
    step.notes = ", ".join(part.drills)[:200]
    return step


def _exercise_steps(exercise: WorkoutExercise, first: int, session: Session) -> list[Any]:
    from fit_tool.profile.messages.workout_step_message import WorkoutStepMessage
    from fit_tool.profile.profile_type import Intensity, WorkoutStepDuration

    match = _AMOUNT.match(exercise.reps.strip())
    if match is None:
        raise FitError(
            f"lift on {session.start:%Y-%m-%d %H:%M}: exercise {exercise.name!r}: "
            f"{exercise.reps!r} is neither reps, seconds nor metres"
        )
    amount = int(match.group(2) or match.group(1))
    unit = match.group(3)
    try:
        known = fit_exercise(exercise.name, str(exercise.pattern))
    except FitError as error:
        raise FitError(f"lift on {session.start:%Y-%m-%d %H:%M}: {error}") from None
    work = WorkoutStepMessage()
    work.workout_step_name = exercise.name
    work.intensity = Intensity.ACTIVE
    if unit == "s":
        work.duration_type = WorkoutStepDuration.TIME
        work.duration_time = float(amount)
    elif unit == "m":
        work.duration_type = WorkoutStepDuration.DISTANCE
        work.duration_distance = float(amount)
    else:
        work.duration_type = WorkoutStepDuration.REPS
        work.duration_reps = amount
    work.exercise_category = known.category
    if known.name is not None:
        work.exercise_name = known.name
    kg = _kilograms(exercise)
    if kg is not None:
        work.exercise_weight = kg
    notes = f"tempo {exercise.tempo}; {exercise.load}"
    work.notes = (("each side; " if match.group(4) else "") + notes)[:200]
    rest = WorkoutStepMessage()
    rest.workout_step_name = "Rest"
    rest.intensity = Intensity.REST
    rest.duration_type = WorkoutStepDuration.TIME
    rest.duration_time = float(exercise.rest_s)
    steps = [work, rest]
    if exercise.sets > 1:
        repeat = WorkoutStepMessage()
        repeat.duration_type = WorkoutStepDuration.REPEAT_UNTIL_STEPS_CMPLT
        repeat.duration_step = first
        repeat.target_repeat_steps = exercise.sets
        steps.append(repeat)
    return steps


def _kilograms(exercise: WorkoutExercise) -> float | None:
    """The set's load in kg: the plan's weight, converted when the athlete counts in lb."""
    if exercise.weight is None:
        return None
    if f"{exercise.weight:g} lb" in exercise.load:
        return round(exercise.weight * KG_PER_LB, 2)
    return float(exercise.weight)
