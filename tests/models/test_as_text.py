"""`AsText` writes a StrEnum field by pydantic-core's string serializer: the same JSON, the
same plain strings in a JSON-mode dump and the same members in a Python dump as the enum's
own serializer; validation unchanged. Checked for every kind, pattern and dosing a plan
writes, alone and inside the models that carry them."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any

import pytest
from pydantic import TypeAdapter, ValidationError

from liftplan.models.plan import LiftKind, Session
from liftplan.models.routines import AsText, Dosing, Pattern, WorkoutExercise
from liftplan.models.season import RunKind

ENUMS: list[Any] = [Pattern, Dosing, RunKind, LiftKind, RunKind | LiftKind]


def _dumps(adapter: TypeAdapter[Any], value: object) -> tuple[object, ...]:
    json_mode = adapter.dump_python(value, mode="json")
    python_mode = adapter.dump_python(value)
    return (
        adapter.dump_json(value),
        adapter.dump_json(value, indent=2),
        json_mode,
        type(json_mode),
        python_mode,
        type(python_mode),
    )


@pytest.mark.parametrize("kind", ENUMS, ids=str)
def test_every_member_dumps_as_the_enum_itself_dumps(kind: Any) -> None:
    written, plain = TypeAdapter(Annotated[kind, AsText()]), TypeAdapter(kind)
    members: list[StrEnum] = [m for enum in getattr(kind, "__args__", (kind,)) for m in enum]
    for member in members:
        assert _dumps(written, member) == _dumps(plain, member), member
        assert written.validate_python(member.value) is plain.validate_python(member.value)
    with pytest.raises(ValidationError):
        written.validate_python("no such member")


def test_sessions_and_exercises_read_back_what_they_wrote() -> None:
    start = dt.datetime(2026, 3, 8, 7, 30, tzinfo=dt.UTC)
    exercise = WorkoutExercise(
        name="Back squat", pattern="squat", sets=3, reps="5", tempo="2-0-1-0", rest_s=120,
        load="80% 1RM", dosing="barbell",
    )  # fmt: skip
    assert exercise.model_dump(mode="json")["pattern"] == "squat"
    assert WorkoutExercise.model_validate_json(exercise.model_dump_json()) == exercise
    run = Session(
        athlete="a", week=1, phase="", date=start.date(), weekday="sun", activity="run",
        kind="long", start=start, end=start + dt.timedelta(hours=2), minutes=120,
    )  # fmt: skip
    assert '"kind":"long"' in run.model_dump_json()
    assert Session.model_validate_json(run.model_dump_json()) == run
    assert run.model_dump()["kind"] is RunKind.LONG
