"""``--set path=value`` overrides: change any field of a season without editing its file.

The value is read as YAML 1.2, so ``48``, ``false``, ``["17:00-19:00"]`` and
``{kind: easy, start: "06:30", minutes: 40}`` all mean what they say. The result is
validated like the file itself, so a bad path or value is a one-line error naming it.
"""

from __future__ import annotations

from typing import Any

from liftplan.errors import InputError
from liftplan.io.season_file import parse_document, season_from_data
from liftplan.models.season import Season

SOURCE = "--set"


def parse_assignment(text: str) -> tuple[list[str], Any]:
    path, sep, raw = text.partition("=")
    if not sep or not path.strip() or any(not part for part in path.strip().split(".")):
        raise InputError(SOURCE, text, "expected path=value, e.g. rules.recovery_hours=48")
    value = parse_document(raw, f"{SOURCE} {path}") if raw.strip() else ""
    return path.strip().split("."), value


def assign(data: dict[str, Any], path: list[str], value: Any, text: str) -> None:
    """Set ``value`` at ``path`` in ``data``, creating mappings on the way."""
    node: Any = data
    for depth, key in enumerate(path[:-1]):
        child = node.get(key) if isinstance(node, dict) else None
        if child is None:
            child = node[key] = {}
        if not isinstance(child, dict):
            where = ".".join(path[: depth + 1])
            raise InputError(SOURCE, where, f"is not a mapping, cannot set {text!r}")
        node = child
    node[path[-1]] = value


def merge(base: dict[str, Any], patch: dict[str, Any]) -> dict[str, Any]:
    """``patch`` over ``base``: mappings merge key by key, anything else replaces."""
    merged = dict(base)
    for key, value in patch.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def with_overrides(season: Season, assignments: list[str] | tuple[str, ...]) -> Season:
    """``season`` with every ``path=value`` applied, validated again."""
    if not assignments:
        return season
    data = season.model_dump(mode="json", exclude_none=True)
    for text in assignments:
        path, value = parse_assignment(text)
        assign(data, path, value, text)
    return season_from_data(data, SOURCE)


def set_text(path: str, value: Any) -> str:
    """The ``path=value`` text of an override, with the value as compact YAML/JSON."""
    import json

    return f"{path}={json.dumps(value, ensure_ascii=False, separators=(', ', ': '))}"
