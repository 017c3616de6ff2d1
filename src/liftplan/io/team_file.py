"""Read a team: a team file (`defaults:` + `athletes:`), a roster CSV, or one season file.

Each athlete becomes raw season data and a safe file name. An athlete's own bad input is
not an error here: the batch reports it for that athlete and plans the others.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from liftplan.errors import InputError
from liftplan.io.overrides import assign, merge, parse_assignment
from liftplan.io.season_file import parse_document, plain, read_text

ROSTER_FIELDS = ("id", "name", "timezone", "season_file")
ROSTER_TEMPLATE = (
    "id,name,timezone,season_file,season.start,season.weeks,lifting.per_week.max\n"
    "ana,Ana Runner,Europe/Madrid,ana.yaml,,,\n"
    "ben,Ben Runner,America/Chicago,base.yaml,2026-03-02,16,2\n"
)


@dataclass(frozen=True)
class Athlete:
    id: str
    stem: str  # safe, unique file name
    data: dict[str, Any]
    source: str  # where its fields came from, for error messages
    problem: str | None = None  # input that could not even be read

    @property
    def input_hash(self) -> str:
        text = json.dumps(self.data, sort_keys=True, default=str)
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def safe_stems(ids: list[str]) -> list[str]:
    """File names for athlete ids: no path, no hidden files, no two alike (case-blind)."""
    stems, taken = [], set()
    for athlete_id in ids:
        stem = re.sub(r"[^A-Za-z0-9_-]+", "_", athlete_id).strip("_") or "athlete"
        candidate, n = stem, 1
        while candidate.lower() in taken:
            n += 1
            candidate = f"{stem}-{n}"
        taken.add(candidate.lower())
        stems.append(candidate)
    return stems


def with_absolute_paths(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The files a season names (`routines:`, `availability.from_ics:`), found from ``folder``,
    so that a worker anywhere can read them."""
    data = dict(data)
    if isinstance(data.get("routines"), str):
        data["routines"] = str((folder / data["routines"]).resolve())
    availability = data.get("availability")
    if isinstance(availability, dict) and isinstance(availability.get("from_ics"), str):
        data["availability"] = {
            **availability,
            "from_ics": str((folder / availability["from_ics"]).resolve()),
        }
    return data


def load_team(path: str | Path) -> list[Athlete]:
    path = Path(path)
    if path.suffix.lower() == ".csv":
        entries = _roster(path)
    else:
        document = parse_document(read_text(path), str(path))
        if not isinstance(document, dict):
            raise InputError(str(path), "", "expected a mapping: a season or `athletes:`")
        document = plain(document, str(path))
        entries = _team_entries(document, path)
    ids = [entry[0] for entry in entries]
    return [
        Athlete(id=athlete_id, stem=stem, data=data, source=source, problem=problem)
        for (athlete_id, data, source, problem), stem in zip(entries, safe_stems(ids), strict=True)
    ]


Entry = tuple[str, dict[str, Any], str, str | None]


def _team_entries(document: dict[str, Any], path: Path) -> list[Entry]:
    if "athletes" not in document:  # a season file is a team of one
        athlete_id = str(document.get("id") or path.stem)
        return [(athlete_id, with_absolute_paths(document, path.parent), str(path), None)]
    extra = set(document) - {"athletes", "defaults", "facility", "groups"}
    if extra:
        raise InputError(
            str(path),
            sorted(extra)[0],
            "unknown field (a team has athletes, defaults, facility, groups)",
        )
    athletes, defaults = document["athletes"], document.get("defaults") or {}
    if not isinstance(athletes, list) or not athletes:
        raise InputError(str(path), "athletes", "expected a non-empty list of athletes")
    if not isinstance(defaults, dict):
        raise InputError(str(path), "defaults", "expected a mapping of season fields")
    entries: list[Entry] = []
    for index, entry in enumerate(athletes):
        where = f"{path}: athletes[{index}]"
        if not isinstance(entry, dict) or not entry.get("id"):
            entries.append((f"athlete-{index + 1}", {}, where, "needs a mapping with an `id`"))
            continue
        data = with_absolute_paths(merge(defaults, entry), path.parent)
        entries.append((str(entry["id"]), data, where, None))
    return entries


def _roster(path: Path) -> list[Entry]:
    """Rows of id,name,timezone,season_file plus any `path.to.field` columns as overrides."""
    rows = list(csv.DictReader(io.StringIO(read_text(path))))
    if not rows or "id" not in rows[0]:
        raise InputError(
            str(path), "", f"a roster needs an `id` column ({', '.join(ROSTER_FIELDS)})"
        )
    entries: list[Entry] = []
    for number, row in enumerate(rows, start=2):
        where = f"{path}: row {number}"
        athlete_id = (row.get("id") or "").strip()
        if not athlete_id:
            entries.append((f"row-{number}", {}, where, "id is empty"))
            continue
        try:
            data = _row_data(row, path.parent)
        except InputError as error:
            entries.append((athlete_id, {}, where, str(error)))
            continue
        entries.append((athlete_id, data, where, None))
    return entries


def _row_data(row: dict[str, str], folder: Path) -> dict[str, Any]:
    data: dict[str, Any] = {}
    season_file = (row.get("season_file") or "").strip()
    if season_file:
        source = folder / season_file
        document = parse_document(read_text(source), str(source))
        if not isinstance(document, dict):
            raise InputError(str(source), "", "expected a mapping of season fields")
        data = with_absolute_paths(plain(document, str(source)), source.parent)
    for column in ("id", "name", "timezone"):
        if (row.get(column) or "").strip():
            data[column] = row[column].strip()
    for column, value in row.items():
        if column in ROSTER_FIELDS or not column or not (value or "").strip():
            continue
        keys, parsed = parse_assignment(f"{column}={value.strip()}")
        assign(data, keys, plain(parsed, column), column)
    return data


def load_shared(path: str | Path, key: str) -> Any:
    """A team file's raw `facility:` or `groups:`, or None."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return None
    document = parse_document(read_text(path), str(path))
    return plain(document.get(key), str(path)) if isinstance(document, dict) else None
