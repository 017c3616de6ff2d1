"""Read a team: a team file (`defaults:` + `athletes:`), a roster CSV, or one season file.

The file goes through the team models (`models/team.py`): a mistake in its shape, its
`facility:` or its `groups:` is a one-line InputError. Each athlete becomes raw season data,
checked as a `TeamAthlete`, and a safe file name. An athlete's own bad input is not an
error here: the batch reports it for that athlete and plans the others.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liftplan.errors import InputError
from liftplan.io.overrides import assign, merge, parse_assignment
from liftplan.io.reader import MAX_CALENDAR_BYTES, read_user_bytes, read_user_text
from liftplan.io.season_file import (
    EMPTY_SEASON,
    PLAN_NOT_SEASON,
    TEAM_FIELDS,
    check_maxes,
    is_plan_table,
    named_in_data,
    plain,
    read_document,
    season_from_data,
    validated,
    with_named_files,
)
from liftplan.models.patch import settle
from liftplan.models.season import Season
from liftplan.models.team import (
    ROSTER_FIELDS,
    Facility,
    Group,
    RosterRow,
    Team,
    TeamAthlete,
    duplicate_ids,
    file_stem,
    given_id,
    id_problem,
    normal_id,
)

# Valid as printed (no season file to ship): each row's columns are a whole season; a row's
# `season_file` (a season YAML beside the roster) would start it, its columns over it.
ROSTER_TEMPLATE = (
    "id,name,timezone,season_file,season.start,season.weeks,lifting.per_week.max,"
    "availability.weekly.tue,availability.weekly.thu,availability.weekly.sat\n"
    "ana,Ana Runner,Europe/Madrid,,2026-03-02,16,3,[17:30-20:30],[17:30-20:30],[09:00-12:00]\n"
    "ben,Ben Runner,America/Chicago,,2026-03-02,16,2,[06:00-08:00],[18:00-21:00],[08:00-11:00]\n"
)


@dataclass(frozen=True)
class Athlete:
    id: str
    stem: str  # the name of their files: the id if it can name files, else "" (none written)
    data: dict[str, Any]
    source: str  # where its fields came from, for error messages
    problem: str | None = None  # what is wrong with the athlete's input, if anything
    # Whether ``problem`` covers the season in ``data`` too: False when the team was read
    # with ``check_athletes=False``, which leaves that to `season_of_member` (in the job).
    checked: bool = True

    @property
    def input_hash(self) -> str:
        """16 hex digits of the athlete's season as read and of the bytes of each file it
        names (routines, calendar, running plan): an edit to one of those files makes the
        plan stale for `batch --resume` too."""
        text = json.dumps(_text_keys(self.data), sort_keys=True, default=str)
        digest = hashlib.sha256(text.encode())
        for field_name, path in named_in_data(self.data):
            digest.update(f"\0{field_name}\0".encode() + _file_digest(path))
        return digest.hexdigest()[:16]


def _file_digest(path: str) -> bytes:
    """The SHA-256 of a file's bytes, read as its reader reads it (a FIFO never opened); a
    marker for one it refuses (missing, not a regular file, too large)."""
    try:
        return hashlib.sha256(read_user_bytes(path, MAX_CALENDAR_BYTES)).digest()
    except InputError:
        return b"unreadable"


def _text_keys(data: Any) -> Any:
    """``data`` with every key text, so keys sort for the hash: a YAML key may be a number,
    null or a list (`? [a, b]`), which the season then refuses; text keys stay as they are."""
    if isinstance(data, dict):
        return {
            key if isinstance(key, str) else f"{type(key).__name__} {key!r}": _text_keys(value)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [_text_keys(value) for value in data]
    return data


@dataclass(frozen=True)
class TeamInput:
    """A team as read: its athletes, and (from a team file) the room and groups it shares."""

    athletes: list[Athlete]
    facility: Facility | None = None
    groups: list[Group] = field(default_factory=list)


def refuse_duplicates(path: Path, entries: list[Entry], given: list[str | None]) -> None:
    """Two athletes with one id (ignoring case and Unicode form) would share files and a
    summary row: the team file is ambiguous, so it is refused as a whole, naming both places."""
    twice = duplicate_ids(given)
    if twice is None:
        return
    first, second = twice
    places = [entries[index][2].removeprefix(f"{path}: ") for index in twice]
    field_path = f"{places[1]}.id" if places[1].startswith("athletes[") else f"{places[1]}: id"
    if given[first] == given[second]:
        problem = f"{given[second]!r} is also the id of {places[0]}"
    elif normal_id(given[first] or "") == normal_id(given[second] or ""):
        problem = (
            f"{given[second]!r} is also the id of {places[0]}, its letters in another Unicode "
            f"form ({given[second]!a}, {given[first]!a})"
        )
    elif (given[first] or "").casefold() == (given[second] or "").casefold():
        problem = f"{given[second]!r} is also the id (ignoring case) of {places[0]}"
    else:
        stem = file_stem(given[second] or "")
        problem = (
            f"{given[second]!r} names the same files ({stem}.*) as {places[0]} ({given[first]!r})"
        )
    raise InputError(str(path), field_path, f"{problem}: each athlete needs an id of their own")


def with_absolute_paths(data: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The files a season names (`NAMED_FILE_FIELDS`), found from ``folder``, so that a
    worker anywhere can read them. ``data`` is not changed: a copy is."""
    for named, written in named_in_data(data):
        data = _with_field(data, named.split("."), str((folder / written).resolve()))
    return data


def _with_field(data: dict[str, Any], path: list[str], value: str) -> dict[str, Any]:
    """A copy of ``data`` with ``value`` at ``path`` (the mappings on the way copied)."""
    key, *rest = path
    return {**data, key: _with_field(data[key], rest, value) if rest else value}


# A plan file (plan.json or plan.csv) given to `liftplan batch`, and an empty team file.
PLAN_NOT_TEAM = (
    "is a plan file, not a team: `liftplan batch` plans a team file, a roster CSV or a season"
)
EMPTY_TEAM = (
    "the file is empty: a team file needs `athletes:`; a season file at least `timezone` "
    "and `season`"
)
_ROSTER_COLUMNS = ", ".join(ROSTER_FIELDS)


def load_team(path: str | Path, *, check_athletes: bool = True) -> TeamInput:
    """The team in ``path``; InputError (one line) if the team file itself is bad.

    Each athlete's season is checked here (their ``problem``), unless ``check_athletes`` is
    False: then `season_of_member` checks it, with the same words, where it is planned (a
    batch's job), and is not validated twice."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        entries, given = _roster(path, check_athletes)
        refuse_duplicates(path, entries, given)
        return named(entries, checked=check_athletes)
    document = read_document(path, PLAN_NOT_TEAM)
    if document is None:
        raise InputError(str(path), "", EMPTY_TEAM)
    if not isinstance(document, dict):
        raise InputError(str(path), "", "expected a mapping: a season or `athletes:`")
    if not TEAM_FIELDS & set(document):  # a season file is a team of one
        document = plain(document, str(path))
        athlete_id = str(document.get("id") or path.stem)
        problem = id_problem(athlete_id)
        data = with_absolute_paths(document, path.parent)
        return named([(athlete_id, data, str(path), f"id: {problem}" if problem else None)])
    team = validated(Team, document, str(path))  # the document made plain (once) there
    entries = team_entries(team, path, check_athletes)
    refuse_duplicates(path, entries, [given_id(entry) for entry in team.athletes])
    return named(entries, team.facility, team.groups, checked=check_athletes)


Entry = tuple[str, dict[str, Any], str, str | None]  # id, season data, source, problem


def named(
    entries: list[Entry],
    facility: Facility | None = None,
    groups: list[Group] | None = None,
    *,
    checked: bool = True,
) -> TeamInput:
    """The team of ``entries``; ``checked``: whether their seasons were (`load_team`)."""
    athletes = [
        Athlete(
            id=athlete_id,
            stem="" if id_problem(athlete_id) else file_stem(athlete_id),
            data=data,
            source=source,
            problem=problem,
            checked=checked or problem is not None,
        )
        for athlete_id, data, source, problem in entries
    ]
    return TeamInput(athletes, facility, groups or [])


def _problem(error: InputError) -> str:
    """An athlete's InputError without the file, which `Athlete.source` names."""
    return f"{error.path}: {error.problem}" if error.path else error.problem


def _athlete(athlete_id: str, data: dict[str, Any], where: str, check: bool = True) -> Entry:
    """One athlete's entry, checked alone (unless not ``check``): its problem is theirs."""
    return athlete_id, data, where, _member_problem(data, where) if check else None


def _member_problem(data: dict[str, Any], where: str) -> str | None:
    """What is wrong with a team member's season ``data`` (from ``where``), or None."""
    try:
        validated(TeamAthlete, data, where)
    except InputError as error:
        return _problem(error)
    return None


def season_of_member(athlete: Athlete) -> Season:
    """The athlete's validated season (their files not read yet); InputError if their input
    is bad, in the words `load_team` gives their ``problem``.

    Validated once, as a `Season`: a `TeamAthlete` is a Season whose id names files, so only
    a season that fails, or whose id is missing or cannot name files, is validated again as
    a TeamAthlete, for the words of its first problem."""
    if athlete.problem is not None:
        raise InputError(athlete.source, "", athlete.problem)
    try:
        season = season_from_data(athlete.data, athlete.source)
    except InputError:
        if not athlete.checked:
            _refuse_member(athlete)
        raise
    if not athlete.checked and (season.id is None or id_problem(season.id)):
        _refuse_member(athlete)
    return season


def member_season(athlete: Athlete) -> Season:
    """The athlete's season as `batch` plans it: validated (`season_of_member`), the files
    it names read (their paths are absolute), their one-rep maxes checked against its
    catalogue as a season file's are (`check_maxes`); InputError if their input is bad."""
    season = with_named_files(season_of_member(athlete), Path("."), athlete.source)
    check_maxes(season, athlete.source)
    return season


# How many of a team's ids an unknown --athlete is told, before "and N more".
IDS_SHOWN = 8


def season_in_team(path: str | Path, athlete_id: str) -> Season:
    """The season of athlete ``athlete_id`` in the team file or roster ``path`` (a season
    file is a team of one), as `batch` plans it: for `solve`, `check`, `explain`, `compare`
    and `replan` of one athlete of a club; ids compared in NFC (`normal_id`). InputError
    naming ``path`` for a bad team file, or one with no athlete of that id (the ids it has
    are said), or as `member_season`."""
    try:
        team = load_team(path, check_athletes=False)
    except InputError as error:  # a plan file: given where a season (of a team) was asked
        if error.problem == PLAN_NOT_TEAM:
            raise InputError(str(path), "", PLAN_NOT_SEASON) from None
        raise
    for athlete in team.athletes:
        if normal_id(athlete.id) == normal_id(athlete_id):  # José typed either way
            return member_season(athlete)
    ids = [_shown(athlete.id) for athlete in team.athletes]
    listed = ", ".join(ids[:IDS_SHOWN])
    if len(ids) > IDS_SHOWN:
        listed += f" and {len(ids) - IDS_SHOWN} more"
    # Where the ids are written: a team file's `athletes`; a roster's column, a season's field.
    in_list = any(athlete.source != str(path) for athlete in team.athletes)
    field = "athletes" if in_list and Path(path).suffix.lower() != ".csv" else "id"
    raise InputError(str(path), field, f"no athlete {athlete_id!r} (the ids: {listed})")


def _shown(athlete_id: str) -> str:
    """An id as a message lists it: quoted, with escapes, when it could be misread (a
    character that prints as nothing, a space at an end, a comma that splits it in two)."""
    plain = athlete_id.isprintable() and athlete_id == athlete_id.strip() and "," not in athlete_id
    return athlete_id if plain else ascii(athlete_id)


def _refuse_member(athlete: Athlete) -> None:
    """InputError with the first problem of the athlete's season as a team member's."""
    problem = _member_problem(athlete.data, athlete.source)
    if problem is not None:
        raise InputError(athlete.source, "", problem)


def team_entries(team: Team, path: Path, check_athletes: bool = True) -> list[Entry]:
    entries: list[Entry] = []
    for index, entry in enumerate(team.athletes):
        where = f"{path}: athletes[{index}]"
        athlete_id = given_id(entry) or f"athlete-{index + 1}"
        if not isinstance(entry, dict):
            entries.append((athlete_id, {}, where, "expected a mapping of season fields and `id`"))
            continue
        data = with_absolute_paths(merge(team.defaults, entry), path.parent)
        entries.append(_athlete(athlete_id, data, where, check_athletes))
    return entries


def _roster(path: Path, check_athletes: bool = True) -> tuple[list[Entry], list[str | None]]:
    """Rows of id,name,timezone,season_file plus any `path.to.field` columns as overrides;
    and the id each row gives (None if none)."""
    text = read_user_text(path)
    if is_plan_table(text):
        raise InputError(str(path), "", PLAN_NOT_TEAM)
    if not text.strip():
        raise InputError(
            str(path), "", f"the file is empty: a roster needs a header row ({_ROSTER_COLUMNS})"
        )
    table = csv.DictReader(io.StringIO(text))
    rows = list(table)
    if "id" not in (table.fieldnames or []):
        raise InputError(str(path), "", f"a roster needs an `id` column ({_ROSTER_COLUMNS})")
    if not rows:
        raise InputError(str(path), "", "no athletes: the roster has its header row only")
    entries: list[Entry] = []
    given: list[str | None] = []
    for number, row in enumerate(rows, start=2):
        where = f"{path}: row {number}"
        own = {
            column: value.strip()
            for column in ROSTER_FIELDS
            if isinstance(value := row.get(column), str) and value.strip()
        }
        athlete_id = own.get("id") or f"row-{number}"
        given.append(own.get("id"))
        try:
            columns = validated(RosterRow, own, where)
        except InputError as error:
            entries.append((athlete_id, {}, where, _problem(error)))
            continue
        try:
            data = _row_data(columns, row, path.parent)
        except InputError as error:  # it names the season file or the column
            entries.append((athlete_id, {}, where, str(error)))
            continue
        entries.append(_athlete(athlete_id, data, where, check_athletes))
    return entries, given


def _row_data(columns: RosterRow, row: dict[str, Any], folder: Path) -> dict[str, Any]:
    """The row's season file, its own columns over it, then its `path.to.field` columns."""
    data: dict[str, Any] = {}
    if columns.season_file is not None:
        source = folder / columns.season_file
        document = read_document(source, PLAN_NOT_SEASON)
        if document is None:
            raise InputError(str(source), "", EMPTY_SEASON)
        if not isinstance(document, dict):
            raise InputError(str(source), "", "expected a mapping of season fields")
        data = with_absolute_paths(plain(document, str(source)), source.parent)
    data.update(columns.model_dump(exclude={"season_file"}, exclude_none=True))
    written = []
    for column, value in row.items():
        if column in ROSTER_FIELDS or not column or not isinstance(value, str) or not value.strip():
            continue
        keys, parsed = parse_assignment(f"{column}={value.strip()}")
        assign(data, keys, plain(parsed, column), column)
        written.append(column)
    settle(data, written)  # e.g. a narrowed per_week keeps the file's target inside
    # A path a column gives (`routines`, `runs.from_csv`) is found from the roster's folder,
    # as the season file's own are from its folder (absolute already: kept).
    return with_absolute_paths(data, folder)


# The files a batch writes beside the plans (team/batch.py: SUMMARY, TIMINGS, OVERVIEW,
# JOINT; a solo batch deletes a joint.json it finds): never one the batch reads.
BATCH_OUTPUTS = ("summary.csv", "timings.csv", "team.html", "joint.json")


def refuse_replaced_inputs(team: str | Path, athletes: list[Athlete], directory: Path) -> None:
    """InputError (one line) if a plan of the batch of ``team`` into ``directory`` would
    be written over (or, the athlete left without a plan, delete) a file the batch reads:
    the team file or roster itself, a roster's `season_file`, or a file a season names
    (`named_in_data`: runs.from_ics, runs.from_csv, availability.from_ics, routines). A
    roster `roster.csv` with an athlete `roster`, run with `-o .`, would be replaced by
    that athlete's plan. Called before anything is solved or written; files compared as
    `os.path.samefile` compares them (an existing input and an existing plan's name)."""
    import os

    from liftplan.io.render.writers import SUFFIXES

    read: dict[tuple[int, int], str] = {}
    for path in _files_read(Path(team), athletes):
        try:
            found = os.stat(path)
        except (OSError, ValueError):
            continue  # missing (its reader says so) or no name a file can have
        read.setdefault((found.st_dev, found.st_ino), path)
    try:  # the folder listed once (its entries' inodes come free): not a stat a plan name
        device = os.stat(directory).st_dev
        with os.scandir(directory) as listing:
            there = {entry.name: entry.inode() for entry in listing}
    except (OSError, ValueError):
        return  # no folder yet: nothing in it to replace
    # Each name the batch may write there, and whose file it would be.
    written = [(name, f"its {name}") for name in BATCH_OUTPUTS] + [
        (f"{athlete.stem}{suffix}", f"the plan of athlete {_shown(athlete.id)}")
        for athlete in athletes
        if athlete.stem
        for suffix in SUFFIXES
    ]
    for name, whose in written:
        clash = read.get((device, there[name])) if name in there else None
        if clash is not None:
            raise InputError(
                clash,
                "",
                f"is read by this batch, and {whose} ({directory / name}) would replace it: "
                "write the plans to another folder (-o)",
            )


def _files_read(team: Path, athletes: list[Athlete]) -> list[str]:
    """The files a batch of ``team`` reads: the team file, a roster's season files, and
    every file an athlete's season names."""
    read = [str(team)]
    if team.suffix.lower() == ".csv":
        with suppress(InputError, csv.Error):
            for row in csv.DictReader(io.StringIO(read_user_text(team))):
                season_file = row.get("season_file")
                if isinstance(season_file, str) and season_file.strip():
                    read.append(str(team.parent / season_file.strip()))
    for athlete in athletes:
        read += [path for _, path in named_in_data(athlete.data)]
    return read
