"""`runs.from_csv`: the running plan as a table a spreadsheet exports.

A header row, then one run per row: ``date,start,minutes,kind`` (``2026-03-03,06:30,60,
track``), and optionally ``distance,priority,hard,title`` in any order. ``kind`` is one of
the run kinds or a word of ``runs.kinds``; left empty, it is read from ``title`` like a
calendar event's (a row with neither is an error: it is not guessed to be easy).
Rows outside the season, or on a date the zone skipped (Samoa's 2011-12-30), are left out
and listed, as a calendar's events are. A bad row is an
error naming the file, the row (as a spreadsheet numbers it, the header being row 1) and
the column.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from liftplan.errors import InputError
from liftplan.io.calendar_events import Skipped
from liftplan.io.reader import read_user_text
from liftplan.io.run_calendar import RunsRead
from liftplan.io.run_kinds import kind_of
from liftplan.models.season import Run, RunKind, no_such_date, skipped_date

REQUIRED = ("date", "start", "minutes", "kind")
OPTIONAL = ("distance", "priority", "hard", "title")
_TRUE, _FALSE = {"true", "yes", "1", "y"}, {"false", "no", "0", "n", ""}


def runs_from_table(
    path: str | Path,
    zone: ZoneInfo,
    first: dt.date,
    last: dt.date,
    own: Mapping[str, RunKind] | None = None,
) -> RunsRead:
    """The runs of CSV file ``path`` on local days ``first..last`` of ``zone``; InputError
    for a bad row."""
    name = str(path)
    text = read_user_text(path)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise InputError(name, "", f"not a readable CSV table: {error}") from None
    if not rows:
        raise InputError(name, "", "the table is empty (expected a header date,start,minutes,kind)")
    header = [cell.strip().lower() for cell in rows[0]]
    for column in header:
        if column not in REQUIRED + OPTIONAL:
            known = ",".join(REQUIRED + OPTIONAL)
            raise InputError(name, "row 1", f"unknown column {column!r} (known: {known})")
    repeated = next((column for column in header if header.count(column) > 1), None)
    if repeated is not None:
        raise InputError(name, "row 1", f"column {repeated!r} appears twice in the header")
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        raise InputError(
            name, "row 1", f"missing column {missing[0]!r} (header: {','.join(REQUIRED)})"
        )
    lowered = {word.lower(): kind for word, kind in (own or {}).items()}
    runs = RunsRead()
    for number, cells in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue  # blank lines spreadsheets leave at the end
        if len(cells) != len(header):
            problem = f"{len(cells)} cells where the header has {len(header)}"
            raise InputError(name, f"row {number}", problem)
        row = {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
        day = _date(row["date"], name, number)
        if not first <= day <= last:
            runs.skipped.append(Skipped(f"row {number} ({day})", "outside the season"))
            continue
        if skipped_date(zone, day):
            problem = f"{no_such_date(zone, day)}: not a run"
            runs.skipped.append(Skipped(f"row {number} ({day})", problem))
            continue
        runs.add(day, _run(row, lowered, own, runs, name, number))
    return runs


def _date(text: str, name: str, number: int) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise InputError(
            name, f"row {number}: date", f"expected YYYY-MM-DD, got {text!r}"
        ) from None


def _run(
    row: dict[str, str],
    lowered: dict[str, RunKind],
    own: Mapping[str, RunKind] | None,
    runs: RunsRead,
    name: str,
    number: int,
) -> Run:
    title = row.get("title", "")
    written = row["kind"]
    if written:
        kind: Any = lowered.get(written.lower(), written.lower())
    elif not title:
        problem = "empty, and no title to read a kind from (write easy for an easy run)"
        raise InputError(name, f"row {number}: kind", problem)
    else:
        kind = kind_of(title, own)
        if kind is None:
            kind = RunKind.EASY
            if title not in runs.unmatched:
                runs.unmatched.append(title)
    fields: dict[str, Any] = {"kind": kind}
    for column in ("start", "minutes", "distance", "priority"):
        if row.get(column):
            fields[column] = row[column]
    hard = row.get("hard", "").lower()
    if hard not in _TRUE | _FALSE:
        raise InputError(name, f"row {number}: hard", f"expected true or false, got {hard!r}")
    if hard:
        fields["hard"] = hard in _TRUE
    try:
        return Run.model_validate(fields)
    except ValidationError as error:
        first = error.errors()[0]
        column = next((str(part) for part in first["loc"] if str(part) in row), "")
        where = f"row {number}: {column}" if column else f"row {number}"
        problem = first["msg"].removeprefix("Value error, ")
        if first["type"] == "enum" and column == "kind":
            problem = (
                f"unknown kind {written!r} (use {' '.join(RunKind)}, or name it in runs.kinds)"
            )
        raise InputError(name, where, problem[:1].lower() + problem[1:]) from None
