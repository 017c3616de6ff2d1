"""`Constructor` makes the instance pydantic's `model_construct` makes, at a fraction of the
cost: compared on the models the plan builds, with generated values."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

from liftplan.models.plan import LiftKind, Session
from liftplan.models.routines import Dosing, Pattern, WarmUp, Workout, WorkoutExercise
from liftplan.models.season import RunKind
from liftplan.plan.construct import Constructor

UTC = dt.UTC
START = dt.datetime(2026, 3, 2, 17, 30, tzinfo=UTC)
texts = st.text(max_size=8)
warm_ups = st.builds(
    lambda minutes, drills: WarmUp.model_construct(minutes=minutes, drills=drills),
    st.integers(0, 15),
    st.lists(texts, max_size=3),
)
exercises = st.builds(
    lambda name, sets, dosing: WorkoutExercise.model_construct(
        name=name, pattern=Pattern.SQUAT, sets=sets, reps="5", tempo="2-0-1-0", rest_s=90,
        load="RPE 8", dosing=dosing,
    ),
    texts,
    st.integers(1, 5),
    st.sampled_from(Dosing),
)  # fmt: skip
workouts = st.builds(
    lambda focus, minutes, written: Workout.model_construct(
        focus=focus, minutes=minutes, exercises=written
    ),
    texts,
    st.integers(0, 90),
    st.lists(exercises, max_size=3),
)
SESSION_REQUIRED: dict[str, st.SearchStrategy[Any]] = {
    "athlete": texts,
    "week": st.integers(1, 30),
    "phase": st.sampled_from(["", "base", "taper"]),
    "date": st.just(START.date()),
    "weekday": st.just("mon"),
    "activity": st.sampled_from(["run", "lift"]),
    "kind": st.sampled_from([*RunKind, *LiftKind]),
    "start": st.just(START),
    "end": st.just(START + dt.timedelta(minutes=45)),
    "minutes": st.integers(0, 200),
}
SESSION_OPTIONAL: dict[str, st.SearchStrategy[Any]] = {
    "block": texts,
    "notes": texts,
    "reasons": st.lists(texts, max_size=3),
    "workout": st.none() | workouts,
    "lift_id": texts,
    "group": st.none() | texts,
    "hard": st.booleans(),
}
# Each model the plan builds, with strategies for its required fields and its optional ones.
MODELS: dict[type[BaseModel], tuple[dict[str, Any], dict[str, Any]]] = {
    Session: (SESSION_REQUIRED, SESSION_OPTIONAL),
    Workout: (
        {"focus": texts, "minutes": st.integers(0, 90), "exercises": st.lists(exercises)},
        {
            "warm_up": st.none() | warm_ups, "why": st.lists(texts),
            "cool_down": st.none() | warm_ups,
        },
    ),
    WarmUp: ({"minutes": st.integers(0, 15)}, {"drills": st.lists(texts, max_size=3)}),
    WorkoutExercise: (
        {
            "name": texts, "pattern": st.sampled_from(Pattern), "sets": st.integers(1, 6),
            "reps": texts, "tempo": texts, "rest_s": st.integers(0, 180), "load": texts,
        },
        {
            "dosing": st.sampled_from(Dosing), "percent_1rm": st.none() | st.integers(50, 95),
            "reps_in_reserve": texts, "weight": st.none() | st.floats(1, 300),
        },
    ),
}  # fmt: skip


@st.composite
def model_values(draw: st.DrawFn) -> tuple[type[BaseModel], dict[str, Any]]:
    """A model and values for it: every required field, some optional ones, in any order."""
    model = draw(st.sampled_from(list(MODELS)))
    required, optional = MODELS[model]
    names = draw(st.lists(st.sampled_from(list(optional)), unique=True))
    chosen = {**{n: required[n] for n in required}, **{n: optional[n] for n in names}}
    order = draw(st.permutations(list(chosen)))
    return model, {name: draw(chosen[name]) for name in order}


def state(instance: BaseModel) -> tuple[object, ...]:
    """All an instance holds, its fields' order included (the serializer follows it)."""
    return (
        type(instance),
        list(instance.__dict__.items()),
        instance.__pydantic_fields_set__,
        instance.__pydantic_extra__,
        instance.__pydantic_private__,
    )


@given(model_values())
def test_it_makes_what_model_construct_makes(drawn: tuple[type[BaseModel], dict[str, Any]]) -> None:
    model, values = drawn
    made = Constructor(model)(**values)
    assert state(made) == state(model.model_construct(**values))
    assert made.model_dump_json() == model.model_construct(**values).model_dump_json()


@given(model_values())
def test_a_whole_state_in_field_order_makes_what_model_construct_makes(
    drawn: tuple[type[BaseModel], dict[str, Any]],
) -> None:
    model, values = drawn
    expected = model.model_construct(**values)
    made = Constructor(model).whole(dict(expected.__dict__), frozenset(values))
    assert state(made) == state(expected)
    assert made.model_dump_json() == expected.model_dump_json()


def test_a_whole_state_lacking_a_field_is_refused() -> None:
    with pytest.raises(TypeError, match="WarmUp: 1 fields, not 2"):
        Constructor(WarmUp).whole({"minutes": 5}, frozenset({"minutes"}))


def test_a_default_made_by_a_factory_is_new_for_each_instance() -> None:
    make = Constructor(WarmUp)
    one, two = make(minutes=5), make(minutes=5)
    assert one.drills == [] and one.drills is not two.drills


def test_a_missing_required_field_or_an_unknown_name_is_refused() -> None:
    make = Constructor(WarmUp)
    with pytest.raises(TypeError, match="minutes"):
        make(drills=[])
    with pytest.raises(TypeError, match="seconds"):
        make(minutes=5, seconds=3)


def test_a_model_it_would_build_wrongly_is_refused() -> None:
    class Mutable(BaseModel):
        tags: list[str] = ["shared"]

    with pytest.raises(TypeError, match="mutable default"):
        Constructor(Mutable)


@given(model_values(), model_values())
def test_a_copy_is_what_model_copy_makes(
    drawn: tuple[type[BaseModel], dict[str, Any]], changed: tuple[type[BaseModel], dict[str, Any]]
) -> None:
    model, values = drawn
    made = Constructor(model)(**values)
    changes = changed[1] if changed[0] is model else {}
    copied = Constructor(model).copy(made, **changes)
    assert state(copied) == state(made.model_copy(update=changes))
    assert copied.model_dump_json() == made.model_copy(update=changes).model_dump_json()
    assert copied.__dict__ is not made.__dict__
    assert copied.__pydantic_fields_set__ is not made.__pydantic_fields_set__


def test_a_copy_refuses_a_name_that_is_not_a_field() -> None:
    made = Constructor(WarmUp)(minutes=5)
    with pytest.raises(TypeError, match="seconds"):
        Constructor(WarmUp).copy(made, seconds=3)
