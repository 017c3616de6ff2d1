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

from liftplan.models.season import Season


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
