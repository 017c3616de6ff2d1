"""``--set path=value`` overrides: change any field of a season without editing its file.

The value is read as YAML 1.2, so ``48``, ``false``, ``["17:00-19:00"]`` and
``{kind: easy, start: "06:30", minutes: 40}`` all mean what they say. The result is
validated like the file itself, so a bad path or value is a one-line error naming it.
"""

from __future__ import annotations

from typing import Any

from liftplan.errors import InputError
from liftplan.io.season_file import (
    check_maxes,
    parse_document,
    refuse_rereading,
    season_from_data,
)
from liftplan.models import patch
from liftplan.models.patch import merge
from liftplan.models.season import Season

__all__ = ["assign", "merge", "parse_assignment", "with_overrides"]

SOURCE = "--set"


def parse_assignment(text: str, source: str = SOURCE) -> tuple[list[str], Any]:
    path, sep, raw = text.partition("=")
    if not sep or not path.strip() or any(not part for part in path.strip().split(".")):
        raise InputError(source, text, "expected path=value, e.g. rules.recovery_hours=48")
    value = parse_document(raw, f"{source} {path}") if raw.strip() else ""
    return path.strip().split("."), value


def assign(
    data: dict[str, Any], path: list[str], value: Any, text: str, source: str = SOURCE
) -> None:
    """Set ``value`` at ``path`` in ``data``; a path through a non-mapping is an InputError."""
    try:
        patch.assign(data, path, value, text)
    except patch.PatchError as error:
        raise InputError(source, error.where, error.message) from None


def with_overrides(
    season: Season,
    assignments: list[str] | tuple[str, ...],
    *,
    source: str = SOURCE,
    notes: list[str] | None = None,
) -> Season:
    """``season`` with every ``path=value`` applied, validated again.

    A bad path or value is an InputError naming ``source`` (``--set``, or ``--scenario
    NAME``). What an override implies is settled as `models.patch.settle` says (a narrowed
    ``per_week`` moves the file's target inside it, as a phase does); notes go to ``notes``."""
    if not assignments:
        return season
    data = patch.season_data(season)
    paths = []
    for text in assignments:
        path, value = parse_assignment(text, source)
        assign(data, path, value, text, source)
        paths.append(".".join(path))
    settled = patch.settle(data, paths)
    if notes is not None:
        notes += settled
    season, before = season_from_data(data, source), season
    refuse_rereading(before, season, source)
    if any(path == "athlete" or path.startswith("athlete.") for path in paths):
        check_maxes(season, source)  # a max given here is this option's mistake, not the file's
    return season
