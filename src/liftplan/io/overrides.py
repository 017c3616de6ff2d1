"""``--set path=value`` overrides: change any field of a season without editing its file.

The value is read as YAML 1.2, so ``48``, ``false``, ``["17:00-19:00"]`` and
``{kind: easy, start: "06:30", minutes: 40}`` all mean what they say. The result is
validated like the file itself, so a bad path or value is a one-line error naming it.
"""

from __future__ import annotations

from typing import Any

from liftplan.errors import InputError
from liftplan.io.season_file import parse_document, season_from_data
from liftplan.models import patch
from liftplan.models.patch import merge
from liftplan.models.season import Season

__all__ = ["assign", "merge", "parse_assignment", "with_overrides"]

SOURCE = "--set"


def parse_assignment(text: str) -> tuple[list[str], Any]:
    path, sep, raw = text.partition("=")
    if not sep or not path.strip() or any(not part for part in path.strip().split(".")):
        raise InputError(SOURCE, text, "expected path=value, e.g. rules.recovery_hours=48")
    value = parse_document(raw, f"{SOURCE} {path}") if raw.strip() else ""
    return path.strip().split("."), value


def assign(data: dict[str, Any], path: list[str], value: Any, text: str) -> None:
    """Set ``value`` at ``path`` in ``data``; a path through a non-mapping is an InputError."""
    try:
        patch.assign(data, path, value, text)
    except patch.PatchError as error:
        raise InputError(SOURCE, error.where, error.message) from None


def with_overrides(season: Season, assignments: list[str] | tuple[str, ...]) -> Season:
    """``season`` with every ``path=value`` applied, validated again."""
    if not assignments:
        return season
    data = patch.season_data(season)
    for text in assignments:
        path, value = parse_assignment(text)
        assign(data, path, value, text)
    return season_from_data(data, SOURCE)
