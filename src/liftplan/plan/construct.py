"""Models built from values already checked, at a fraction of `model_construct`'s cost.

A 16-week season's plan holds ~130 sessions and ~100 workouts, warm-ups and cool-downs, all
made from the validated season and the solver's legal slots: constructed, never validated.
pydantic's `model_construct` walks every field's aliases and default on each call (a tenth of
a batch athlete's plan build); `Constructor` looks the model's fields up once and then
makes the very instance `model_construct` would: the same ``__dict__`` (in field order, which
the serializer follows), the given names as its fields set.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

M = TypeVar("M", bound=BaseModel)

# Defaults shared by every instance, as model_construct shares them (it copies only
# mutable ones): a model with a mutable plain default is refused.
_IMMUTABLE = (str, int, float, bool, type(None), enum.Enum, tuple, frozenset)
_MISSING = object()
_set = object.__setattr__  # as model_construct sets them, past BaseModel.__setattr__


class Constructor(Generic[M]):
    """``Constructor(Model)(**values)`` is ``Model.model_construct(**values)`` for a model
    without aliases, private attributes, post-init or extra fields: every required field
    must be given (TypeError otherwise, where model_construct would leave it out) and
    only fields (TypeError for another name, which model_construct would drop)."""

    def __init__(self, model: type[M]) -> None:
        fields = model.model_fields
        if (
            model.__pydantic_post_init__
            or model.__private_attributes__
            or model.model_config.get("extra") == "allow"
            or any(f.alias or f.validation_alias for f in fields.values())
        ):
            raise TypeError(f"{model.__name__}: model_construct does more than Constructor")
        self.model = model
        self.template: dict[str, Any] = {}  # every field, in order: its default or a marker
        self.factories: dict[str, Any] = {}
        for name, field in fields.items():
            if field.default_factory_takes_validated_data:
                raise TypeError(f"{model.__name__}.{name}: a factory that reads the data")
            if field.default_factory is not None:
                self.factories[name] = field.default_factory
                self.template[name] = _MISSING
            elif field.default is PydanticUndefined:
                self.template[name] = _MISSING
            elif isinstance(field.default, _IMMUTABLE):
                self.template[name] = field.default
            else:
                raise TypeError(f"{model.__name__}.{name}: a mutable default")
        self.names = frozenset(fields)
        self.required = frozenset(n for n, f in fields.items() if f.is_required())

    def __call__(self, **values: Any) -> M:
        return self.made(values)

    def made(self, values: dict[str, Any]) -> M:
        """``self(**values)`` from a dict the caller already holds (read, not kept): no
        second dict to unpack it into (a plan build makes ~130 sessions this way)."""
        state = self.template.copy()
        state.update(values)  # keeps each field's place
        if len(state) != len(self.template) or not self.required <= values.keys():
            missing = sorted(self.required - values.keys()) or sorted(values.keys() - self.names)
            raise TypeError(f"{self.model.__name__}: {', '.join(missing)}")
        for name, factory in self.factories.items():
            if name not in values:
                state[name] = factory()
        return self._instance(state, values.keys())

    def whole(self, state: dict[str, Any], given: frozenset[str]) -> M:
        """The instance whose ``__dict__`` is ``state`` (kept): every field, in field order,
        as the caller wrote it, ``given`` the names that caller gives, the fields set.
        What `made` makes of those names' values, without a template to copy and update
        nor names to check (a plan build makes ~130 sessions this way); a dict of another
        size is a TypeError, and the order is the caller's word."""
        if len(state) != len(self.template):
            raise TypeError(f"{self.model.__name__}: {len(state)} fields, not {len(self.template)}")
        return self._instance(state, given)

    def _instance(self, state: dict[str, Any], given: Iterable[str]) -> M:
        """The model's instance whose ``__dict__`` is ``state``, ``given`` its fields set."""
        instance = self.model.__new__(self.model)
        _set(instance, "__dict__", state)
        _set(instance, "__pydantic_fields_set__", set(given))
        _set(instance, "__pydantic_extra__", None)
        _set(instance, "__pydantic_private__", None)
        return instance

    def copy(self, instance: M, **changes: Any) -> M:
        """``instance.model_copy(update=changes)``: a new instance with its own ``__dict__``
        (each change in its field's place) and fields set, the other values shared; without
        model_copy's generic steps (extra fields, private attributes), which this model
        has not. TypeError for a name that is not a field."""
        state = instance.__dict__.copy()  # every field, in order
        state.update(changes)
        if len(state) != len(self.template):  # a name that is no field came in as a new key
            raise TypeError(
                f"{self.model.__name__}: {', '.join(sorted(changes.keys() - self.names))}"
            )
        made = self.model.__new__(self.model)
        _set(made, "__dict__", state)
        _set(made, "__pydantic_fields_set__", instance.__pydantic_fields_set__.union(changes))
        _set(made, "__pydantic_extra__", None)
        _set(made, "__pydantic_private__", None)
        return made
