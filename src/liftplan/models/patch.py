"""A change to a season at a dotted path, applied and validated again (SPEC: ``--set path=value``).

The command line's ``--set`` (io/overrides.py) reads its values as YAML text; the repairs
(explain/repairs.py) make their changes typed. Both end here, so a change means the same
wherever it comes from, and a season is never changed without being validated again.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from liftplan.models.season import PerWeek, Season


class PatchError(ValueError):
    """A path that runs through a value that is not a mapping (``where``: the dotted prefix)."""

    def __init__(self, where: str, message: str) -> None:
        super().__init__(f"{where}: {message}")
        self.where = where
        self.message = message


@dataclass(frozen=True)
class SeasonPatch:
    """``value`` (plain JSON-like data) set at the dotted ``path`` of a season file."""

    path: str
    value: Any

    @property
    def text(self) -> str:
        """``path=value``, the value as compact JSON (which YAML 1.2 reads back unchanged)."""
        return f"{self.path}={json.dumps(self.value, ensure_ascii=False, separators=(', ', ': '))}"


def assign(data: dict[str, Any], path: list[str], value: Any, text: str) -> None:
    """Set ``value`` at ``path`` in ``data``, creating mappings on the way.

    Raises ``PatchError`` when a step of the path holds something other than a mapping."""
    node: Any = data
    for depth, key in enumerate(path[:-1]):
        child = node.get(key) if isinstance(node, dict) else None
        if child is None:
            child = node[key] = {}
        if not isinstance(child, dict):
            where = ".".join(path[: depth + 1])
            raise PatchError(where, f"is not a mapping, cannot set {text!r}")
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


def flat_changes(patch: dict[str, Any], prefix: str = "") -> list[str]:
    """A partial season as ``path=value`` lines, one per value it sets (mappings walked):
    ``{"availability": {"weekly": {"sat": []}}}`` -> ``["availability.weekly.sat=[]"]``."""
    lines = []
    for key, value in patch.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and value:
            lines += flat_changes(value, f"{path}.")
        else:
            lines.append(SeasonPatch(path, value).text)
    return lines


_PER_WEEK = ("lifting", "per_week")


def settle(data: dict[str, Any], changed: dict[str, Any] | list[str]) -> list[str]:
    """After a change wrote ``changed`` (a partial season, or its dotted paths) into
    ``data``: what the change implies for what it did not write, as a phase would read it.

    A new ``season.weeks`` replaces the file's ``season.end`` (and the other way round), and
    a narrowed ``per_week`` keeps the file's target inside it (`keep_target_inside`).
    Returns a note for each thing it moved; ``data`` is changed in place."""
    paths = flat_paths(changed) if isinstance(changed, dict) else list(changed)
    notes = []
    season = data.get("season")
    for given, other in (("weeks", "end"), ("end", "weeks")):
        if (
            f"season.{given}" in paths
            and f"season.{other}" not in paths
            and isinstance(season, dict)
            and season.pop(other, None) is not None
        ):
            notes.append(f"season.{given} replaces the file's season.{other}")
    note = keep_target_inside(data, paths)
    return notes + ([note] if note else [])


def keep_target_inside(data: dict[str, Any], changed: dict[str, Any] | list[str]) -> str | None:
    """Keep an inherited ``lifting.per_week.target`` inside a range a change narrowed.

    ``changed`` is what the change wrote: a partial season, or its dotted paths. When it set
    ``lifting.per_week.min`` or ``.max`` but not the target, and the target ``data`` still
    holds from before lies outside the new range, the target moves to the nearest end of it,
    as a phase narrowing the range does (``Lifting.patched``). Returns the note that says so,
    or None when nothing moved. ``data`` is changed in place."""
    paths = flat_paths(changed) if isinstance(changed, dict) else changed
    narrowed = {f"{'.'.join(_PER_WEEK)}.{end}" for end in ("min", "max")} & set(paths)
    if not narrowed or any(p.startswith(f"{'.'.join(_PER_WEEK)}.target") for p in paths):
        return None
    lifting = data.get(_PER_WEEK[0])
    per_week = lifting.get(_PER_WEEK[1]) if isinstance(lifting, dict) else None
    if not isinstance(per_week, dict) or not isinstance(per_week.get("target"), int):
        return None
    defaults = PerWeek.model_fields
    low, high = (
        per_week.get("min", defaults["min"].default),
        per_week.get("max", defaults["max"].default),
    )
    target = per_week["target"]
    if not (isinstance(low, int) and isinstance(high, int)) or low > high or low <= target <= high:
        return None  # a range the season refuses anyway, or a target already inside it
    per_week["target"] = min(max(target, low), high)
    return (
        f"lifting.per_week.target {target} is outside the new range {low}..{high}: aiming for "
        f"{per_week['target']} (set lifting.per_week.target to choose)"
    )


def flat_paths(patch: dict[str, Any], prefix: str = "") -> list[str]:
    """The dotted paths of every value a partial season sets."""
    paths = []
    for key, value in patch.items():
        path = f"{prefix}{key}"
        paths += flat_paths(value, f"{path}.") if isinstance(value, dict) and value else [path]
    return paths


def season_data(season: Season) -> dict[str, Any]:
    """The season as the plain data of a season file, ready to be patched."""
    return season.model_dump(mode="json", exclude_none=True)


def patched(season: Season, patches: Iterable[SeasonPatch]) -> Season:
    """``season`` with every patch applied in order, validated again.

    Raises ``PatchError`` for a path through a non-mapping and pydantic's ``ValidationError``
    (a ``ValueError``) for a value the season does not accept."""
    data = season_data(season)
    for patch in patches:
        assign(data, patch.path.split("."), patch.value, patch.text)
    return Season.model_validate(data)
