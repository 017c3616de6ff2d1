"""Read a plan back from plan.json or plan.csv, for the checker."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from pathlib import Path

from pydantic import ValidationError

from liftplan.errors import InputError
from liftplan.io.cells import cell_text
from liftplan.io.reader import MAX_PLAN_BYTES, read_user_text
from liftplan.io.season_file import describe, parse_document, validated
from liftplan.models.plan import CSV_COLUMNS, Plan, Session, Status, read_history_notes
from liftplan.models.season import RunKind, Season
from liftplan.models.wording import count, plural

# The columns `csv_row` (io/render/writers.py) writes as `spreadsheet_text`: read back with
# `cell_text`, so an athlete "@ana", written '@ana lest it be a formula, is "@ana" again.
# The others (numbers, dates, times, kinds) are written as they are.
GUARDED_COLUMNS = frozenset({"athlete", "phase", "weekday", "activity", "block", "notes"})

# The outputs that do not carry the plan, and why: each is made for a person or a device.
NOT_A_PLAN = {
    ".ics": "a calendar holds the sessions' times, not their weeks, blocks or score",
    ".html": "a page is made to be read by a person, not read back",
    ".htm": "a page is made to be read by a person, not read back",
    ".xlsx": "a workbook is made to be read and edited by a person, not read back",
    ".zip": "the watch workouts hold what to lift, not when",
}


def load_plan(path: str | Path, timezone: str) -> Plan:
    """A plan file (.json, or .csv which carries sessions only, and a re-plan's history in
    their notes, so its status and score are unknown). Raises InputError for a plan format
    that cannot be read back, an empty file, and a bad field or row."""
    path = Path(path)
    name = str(path)
    why = NOT_A_PLAN.get(path.suffix.lower())
    if why is not None:
        raise InputError(
            name,
            "",
            f"cannot verify a {path.suffix.lower()} plan: {why}; "
            "use the plan.json (or plan.csv) written with it",
        )
    text = read_user_text(path, MAX_PLAN_BYTES)
    if not text.strip():  # not "missing columns" nor a JSON parser's "Expecting value"
        raise InputError(name, "", EMPTY_PLAN)
    if path.suffix.lower() == ".csv":
        return _plan_from_csv(text, name, timezone)
    document = parse_document(text, name)
    if document is None:  # YAML comments only (a plan.json read as YAML: another suffix)
        raise InputError(name, "", EMPTY_PLAN)
    if isinstance(document, dict) and "sessions" not in document:
        kind = (
            "team" if "athletes" in document else "season" if _SEASON_KEYS & set(document) else ""
        )
        if kind:
            raise InputError(
                name,
                "",
                f"is a {kind} file, not a plan: give the plan.json (or plan.csv) that "
                "`liftplan solve` wrote",
            )
    return _consistent(validated(Plan, document, name), name)


EMPTY_PLAN = "the file is empty: give the plan.json (or plan.csv) to read"


def read_plan(path: str | Path, season: Season) -> Plan:
    """The plan file ``path`` of ``season`` (`load_plan`, in its time zone), as `check` and
    `replan` read a plan (and what was done): InputError naming ``path`` for one without a
    session while the season has runs, which a plan of it always lists (a plan.csv emptied
    down to its header, a spreadsheet saved without its rows). A season with nothing in it
    has a plan of no sessions: that one is read."""
    plan = load_plan(path, season.timezone)
    if not plan.sessions and _has_runs(season):
        header = ", only its header row" if Path(path).suffix.lower() == ".csv" else ""
        raise InputError(
            str(path),
            "",
            f"no sessions{header}: a plan of this season lists its runs; give the plan file "
            "`liftplan solve` wrote",
        )
    span = season.season
    lived = plan.replanned_from
    if lived is not None and not span.start <= lived <= span.last_day:
        # Every lift before it would be history, held to no rule of where a lift goes.
        csv = Path(path).suffix.lower() == ".csv"
        raise InputError(
            str(path),
            "notes" if csv else "replanned_from",
            f"history of a re-plan from {lived}, outside the season ({span.start} to "
            f"{span.last_day}): a re-plan's --from lies inside it",
        )
    return plan


def _has_runs(season: Season) -> bool:
    """Whether any day of the season holds a run (a rest day is none)."""
    days = season.runs.runs_by_date(season.season.dates())
    return any(run.kind is not RunKind.REST for runs in days for run in runs)


# Fields only a season file has: the plan argument given a season is told so in one line.
_SEASON_KEYS = frozenset({"season", "availability", "runs", "lifting", "rules", "weights"})


def records_overrides(path: str | Path) -> bool:
    """Whether a plan file records the overrides its plan was made with: a plan.json does,
    a plan.csv (sessions only) does not."""
    return Path(path).suffix.lower() != ".csv"


def session_places(path: str | Path, sessions: int) -> list[str]:
    """Where plan file ``path`` (read by `load_plan` already) lists each of its first
    ``sessions`` sessions, in `load_plan`'s order, as its other errors name them: ``row 7``
    of a CSV (as a spreadsheet numbers it, blank rows counted), ``sessions[5]`` of a JSON,
    so a runner can find the session a problem is about."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        try:
            rows = _rows(read_user_text(path, MAX_PLAN_BYTES), str(path))[1:]
        except (InputError, OSError):  # not read from a file after all: no row to name
            rows = []
        if len(rows) >= sessions:
            return [f"row {number}" for number, _values in rows[:sessions]]
    return [f"sessions[{index}]" for index in range(sessions)]


def planned_seasons(
    season: Season, plan: Plan, plan_file: str, extra: tuple[str, ...] = ()
) -> tuple[Season, list[tuple[dt.date | None, Season]]]:
    """``season`` under the overrides ``plan`` was made with, then ``extra``: the one in
    force at the plan's end, and the earlier ones of a plan re-planned with other
    overrides, each with the first date it held (``None``: the season's start), in order
    (see `liftplan.check.check_plan`). InputError naming ``plan_file`` for an override it
    records that no longer applies; naming ``--set`` for a bad one of ``extra``."""

    def under(day: dt.date | None) -> Season:
        return with_recorded_overrides(season, plan, plan_file, day, extra)

    dates = plan.override_dates
    if not dates:
        return under(None), []
    starts: list[dt.date | None] = [None, *dates[:-1]]
    earlier = [(since, under(since or dates[0] - dt.timedelta(days=1))) for since in starts]
    return under(None), earlier


def with_recorded_overrides(
    season: Season,
    plan: Plan,
    plan_file: str,
    day: dt.date | None = None,
    extra: list[str] | tuple[str, ...] = (),
    notes: list[str] | None = None,
) -> Season:
    """``season`` under the overrides ``plan`` records as in force on ``day`` (``None``: at
    its end), then ``extra`` (``--set``). The plan was made with the recorded ones, so a bad
    one is the plan file's problem: an InputError naming ``plan_file`` and the entry's place
    (``overrides[2].set[0]``), not ``--set``, which the user did not give.

    ``extra`` go over the season file together with the recorded ones, as one list of
    overrides (`with_overrides`), not over the season those made: what an override implies
    (`models.patch.settle`) is settled from the file's own values, so a target a recorded
    ``per_week.max=2`` moved down to 2 is the file's 3 again under a later ``max=3``. A
    re-plan and `check` read the plan's overrides this one way (the plan records them in
    order, ``extra`` last). ``notes``: what ``extra`` settled that the recorded ones had not."""
    from liftplan.io.overrides import SOURCE, with_overrides

    recorded = plan.overrides_on(day)
    assignments = [assignment for _, assignment in recorded]
    settled: list[str] = []
    try:
        lived = with_overrides(season, assignments, notes=settled)
    except InputError as error:
        if error.file != SOURCE and not error.file.startswith(f"{SOURCE} "):
            raise
        # "--set: lifting.nope: ..." or, for a value that does not parse, "--set PATH: ..."
        field = error.path if error.file == SOURCE else error.file.removeprefix(f"{SOURCE} ")
        what = str(error).removeprefix(SOURCE).removeprefix(":").strip()
        place = _place_of(field, recorded)
        raise InputError(plan_file, place, what) from None
    if not extra:
        return lived
    said: list[str] = []
    season = with_overrides(season, [*assignments, *extra], notes=said)
    if notes is not None:
        notes += [note for note in said if note not in settled]
    return season


def _place_of(field: str, recorded: list[tuple[str, str]]) -> str:
    """The place of the recorded assignment a problem at ``field`` came from: the last one
    that sets it, a field inside it or a mapping around it (a later one wins for its path);
    ``overrides`` when none does (a problem of the overrides together)."""
    for place, text in reversed(recorded):
        path = text.partition("=")[0].strip()
        if (
            text == field
            or path == field
            or field.startswith(f"{path}.")
            or path.startswith(f"{field}.")
        ):
            return place
    return "overrides"


def _consistent(plan: Plan, name: str) -> Plan:
    """A plan file that holds the plan its status says, as solve or replan wrote it.

    A status that says there is no plan comes with no sessions (one with sessions was edited
    into two plans), and such a file has nothing to check. A solved plan has its objective,
    its sessions, and lifts_per_week counting its lifts. Its overrides are the plain ones
    first, then the dated ones in date order: `Plan.overrides_on` applies them in that
    order, so another order (a hand edit) would check the plan under rules it never had."""
    if not plan.status.solved:
        if plan.sessions:
            raise InputError(
                name,
                "status",
                f"{plan.status} says there is no plan, but the file holds "
                f"{count(len(plan.sessions), 'session')} (inconsistent plan file)",
            )
        why = NO_PLAN_BECAUSE.get(plan.status, "there is none")
        raise InputError(
            name, "status", f"{plan.status}: this file holds no plan to check or re-plan ({why})"
        )
    if plan.objective is None:  # a CSV is read by _plan_from_csv
        raise InputError(
            name,
            "objective",
            f"missing, but {plan.status} says there is a plan, and a plan has an objective "
            "(inconsistent plan file)",
        )
    planned = sum(plan.lifts_per_week)
    if not plan.sessions and (planned or not plan.lifts_per_week):
        if planned:
            problem = f"none, but lifts_per_week counts {count(planned, 'lift')}"
        else:
            problem = f"none: this file holds no plan, though {plan.status} says it has one"
        raise InputError(name, "sessions", f"{problem} (inconsistent plan file)")
    _lifts_counted(plan, name)
    _overrides_in_order(plan, name)
    return plan


# Why a plan file whose status is not a solved one holds no plan.
NO_PLAN_BECAUSE = {
    Status.INFEASIBLE: "solve found none",
    Status.UNKNOWN: "solve found none in its time",
    Status.NO_ROOM: "the weight room had no room left for it",
}


def _lifts_counted(plan: Plan, name: str) -> None:
    """lifts_per_week (when the file has it) counts the lifts of each week of the sessions."""
    if not plan.lifts_per_week:
        return
    held = Counter(lift.week for lift in plan.lifts)
    if sum(plan.lifts_per_week) != len(plan.lifts):
        raise InputError(
            name,
            "lifts_per_week",
            f"counts {count(sum(plan.lifts_per_week), 'lift')}, the sessions hold "
            f"{len(plan.lifts)} (inconsistent plan file)",
        )
    weeks = max([len(plan.lifts_per_week), *held])
    for week in range(1, weeks + 1):
        listed = plan.lifts_per_week[week - 1] if week <= len(plan.lifts_per_week) else 0
        if listed != held[week]:
            raise InputError(
                name,
                "lifts_per_week",
                f"week {week} counts {count(listed, 'lift')}, the sessions hold "
                f"{held[week]} (inconsistent plan file)",
            )


def _overrides_in_order(plan: Plan, name: str) -> None:
    """Plain overrides first, then the dated ones in date order, as replan writes them."""
    since: dt.date | None = None
    for index, entry in enumerate(plan.overrides):
        if isinstance(entry, str):
            if since is not None:
                raise InputError(
                    name,
                    f"overrides[{index}]",
                    f"{entry!r} holds from the season's start, but comes after an entry "
                    "with a date; plain overrides come first (a hand edit?)",
                )
            continue
        if since is not None and entry.since < since:
            raise InputError(
                name,
                f"overrides[{index}].since",
                f"{entry.since} comes before the entry above it ({since}); entries are in "
                "date order",
            )
        since = entry.since


def _without_empty_tail(values: list[str]) -> list[str]:
    """``values`` without the empty cells at their end."""
    while values and not values[-1].strip():
        values = values[:-1]
    return values


def _plan_from_csv(text: str, name: str, timezone: str) -> Plan:
    """The sessions of a plan.csv as `render_csv` writes it: a header, then a session a row.
    As a spreadsheet saves it too: blank lines skipped, and empty cells past the last column
    (a trailing comma) ignored. InputError naming the row for one of another width or with a
    bad value, and for missing columns."""
    table = _rows(text, name)
    header = _without_empty_tail(table[0][1]) if table else []
    missing = [column for column in CSV_COLUMNS if column not in header]
    if missing:
        columns = plural(len(missing), "column")
        raise InputError(name, "", f"missing {columns}: {', '.join(missing)}")
    sessions = []
    lived = _History(name)
    for number, written in table[1:]:
        values = written[: len(header)] + _without_empty_tail(written[len(header) :])
        if len(values) != len(header):
            width = f"{count(len(values), 'value')}, but the header names {len(header)}"
            raise InputError(name, f"row {number}", f"invalid CSV: {width}")
        row = dict(zip(header, values, strict=True))
        fields = {
            column: cell_text(row[column]) if column in GUARDED_COLUMNS else row[column]
            for column in CSV_COLUMNS
        }
        fields["notes"] = lived.read(fields["notes"], number)
        try:
            sessions.append(Session.model_validate(fields))
        except ValidationError as error:
            problem = describe(error, name)
            raise InputError(name, f"row {number}.{problem.path}", problem.problem) from None
        lived.holds(sessions[-1], number)
    athlete = sessions[0].athlete if sessions else ""
    return Plan(
        athlete=athlete,
        timezone=timezone,
        status=Status.FEASIBLE,
        sessions=sessions,
        replanned_from=lived.since,
    )


def _rows(text: str, name: str) -> list[tuple[int, list[str]]]:
    """A CSV's rows that hold a value, each with its number as a spreadsheet shows it (the
    first row 1, blank rows counted). InputError naming ``name`` for CSV it cannot read."""
    try:
        return [
            (number, values)
            for number, values in enumerate(csv.reader(io.StringIO(text, newline="")), start=1)
            if any(value.strip() for value in values)
        ]
    except csv.Error as error:
        raise InputError(name, "", f"invalid CSV: {error}") from None


class _History:
    """A re-plan's history as a plan.csv says it: each session before the --from date leads
    its notes with `HISTORY_NOTE` and that date (`history_notes`), which becomes
    `Plan.replanned_from` (plan.json's field), so `check` holds the lifts before it as it
    holds the plan.json's."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.since: dt.date | None = None
        self.marked = False  # whether the row read last carried the mark

    def read(self, notes: str, number: int) -> str:
        """A session's own notes, the mark taken off; InputError naming the row's notes for
        a date that is none, or that differs from an earlier row's."""
        own, written = read_history_notes(notes)
        self.marked = written is not None
        if written is None:
            return notes
        where = f"row {number}.notes"
        try:
            since = dt.date.fromisoformat(written)
        except ValueError:
            raise InputError(self.name, where, f"{written} is not a date") from None
        if self.since is not None and since != self.since:
            problem = f"re-planned from {since}, an earlier row from {self.since}"
            raise InputError(self.name, where, f"{problem} (inconsistent plan file)")
        self.since = since
        return own

    def holds(self, session: Session, number: int) -> None:
        """A session marked as history comes before the date its re-plan started from."""
        if self.marked and self.since is not None and session.date >= self.since:
            problem = f"{session.date} is history of a re-plan from {self.since}, not before it"
            raise InputError(
                self.name, f"row {number}.notes", f"{problem} (inconsistent plan file)"
            )
