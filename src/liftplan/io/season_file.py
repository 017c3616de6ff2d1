"""Read a season file (YAML 1.2 or JSON) into a validated `Season`, or a one-line error."""

from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import operator
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from liftplan.errors import InputError
from liftplan.io.reader import naming_who_named, read_user_text, refuse_unusable_file
from liftplan.models.routines import Dosing
from liftplan.models.season import MAX_RUNS_A_DAY, UNION_TAGS, RunKind, Season

if TYPE_CHECKING:
    from liftplan.io.run_sources import RunSources

M = TypeVar("M", bound=BaseModel)

MAX_NODES = 200_000  # far above any real season; stops YAML alias "billion laughs" bombs
# A season nests about 5 levels deep; deeper is a mistake or an attack (a recursive alias,
# thousands of brackets), refused before anything recurses through it.
MAX_DEPTH = 64


@functools.cache
def _dates_as_text() -> type:
    """YAML's safe constructor, with dates left as text: the models read them, so a date that
    does not exist (``2026-02-29``) is a field error there, not a crash in the YAML library.
    (Made on first use: ruamel is imported only when a YAML file is read.)"""
    from ruamel.yaml.constructor import SafeConstructor

    class DatesAsText(SafeConstructor):
        pass

    DatesAsText.add_constructor("tag:yaml.org,2002:timestamp", SafeConstructor.construct_yaml_str)
    return DatesAsText


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object, refusing a key written twice (JSON would silently keep the last)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


# Quoted text and comments (skipped), and flow brackets (counted), for `_check_flow_depth`.
_FLOW_TOKENS = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'|#[^\n]*|[\[\]{}]')


def _check_flow_depth(text: str, name: str) -> None:
    """Refuse thousands of nested ``[`` or ``{`` before the YAML parser meets them: it takes
    tens of seconds to fail on them, one recursion at a time."""
    depth = 0
    for token in _FLOW_TOKENS.finditer(text):
        mark = token.group()
        if mark in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                line = text.count("\n", 0, token.start()) + 1
                raise InputError(name, f"line {line}", f"nesting is deeper than {MAX_DEPTH} levels")
        elif mark in "]}":
            depth = max(0, depth - 1)


def parse_document(text: str, name: str) -> Any:
    """Parse YAML 1.2 (so ``17:00`` stays text, dates too) or JSON, by the file's suffix.

    Raises InputError (one line) for a syntax error, a duplicate key, or nesting too deep.
    """
    if name.endswith(".json"):
        try:
            return json.loads(text, object_pairs_hook=_unique_keys)
        except json.JSONDecodeError as error:
            raise InputError(name, f"line {error.lineno}", error.msg) from None
        except _DuplicateKey as error:
            raise InputError(name, error.key, "duplicate key (write each key once)") from None
        except RecursionError:
            raise InputError(name, "", f"nesting is deeper than {MAX_DEPTH} levels") from None
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    _check_flow_depth(text, name)
    if _libyaml_may_read(text):
        try:
            return _yaml_parser(pure=False).load(text)
        except Exception:  # YAML 1.2 only, or a mistake: the pure parser decides and words it
            pass
    try:
        return _yaml_parser(pure=True).load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = error.problem or error.context or "invalid YAML"
        raise InputError(name, where, f"invalid YAML: {problem}") from None
    except YAMLError as error:
        raise InputError(name, "", f"invalid YAML: {error}") from None
    except RecursionError:
        raise InputError(name, "", f"nesting is deeper than {MAX_DEPTH} levels") from None
    except (ValueError, TypeError, OverflowError) as error:  # `!!int x`: a tag its text fails
        raise InputError(name, "", f"invalid YAML: a value does not fit its tag: {error}") from None


# libyaml's parser (ruamel.yaml.clib) reads a team file 5x faster than ruamel's pure-Python
# one and gives the same values: ruamel's YAML 1.2 resolver and our constructor decide every
# type either way. But it is YAML 1.1 underneath, so a text goes to it only where the two
# cannot differ. Not where 1.1 reads differently: a `%YAML` directive (the pure parser honours
# it), tabs, and NEL, LS, PS or a lone CR as line breaks (1.2's are LF and CRLF: a "comment"
# could end early), nor other control characters. Not where it could crash: it recurses in C,
# so nesting thousands deep kills the process. Block nesting takes a column a level (lines of
# at most LIBYAML_MAX_LINE characters) and flow nesting a bracket (at most
# LIBYAML_MAX_BRACKETS `[` and `{` in all, counted raw: quotes or `#` cannot hide one), which
# keeps a text's depth far below what crashes it (30,000). The rest is the pure parser's: it
# also refuses what only YAML 1.2 allows (`[17:30-21:00]`), and words every error.
LIBYAML_MAX_LINE = 1_000  # characters
LIBYAML_MAX_BRACKETS = 10_000
_LIBYAML_READS_OTHERWISE = re.compile(
    "^%|[\t\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff]|\r(?!\n)", re.MULTILINE
)


def _libyaml_may_read(text: str) -> bool:
    """Whether libyaml reads ``text`` as the pure YAML 1.2 parser does, and safely."""
    if _LIBYAML_READS_OTHERWISE.search(text):
        return False
    if text.count("[") + text.count("{") > LIBYAML_MAX_BRACKETS:
        return False
    return all(len(line) <= LIBYAML_MAX_LINE for line in text.split("\n"))


@functools.cache
def _libyaml_installed() -> bool:
    from ruamel.yaml import main

    return getattr(main, "CParser", None) is not None  # None when the C part is missing


def _yaml_parser(*, pure: bool) -> Any:
    """ruamel's safe YAML 1.2 loader with dates as text; libyaml's parser beneath unless
    ``pure`` (or it is not installed)."""
    from ruamel.yaml import YAML

    yaml = YAML(typ="safe", pure=pure or not _libyaml_installed())
    yaml.Constructor = _dates_as_text()
    if not pure and _libyaml_installed():
        yaml.Resolver = _version_asked_once()
    return yaml


@functools.cache
def _version_asked_once() -> type:
    """ruamel's resolver, asking which YAML version it reads once a document, not once a
    value. Under libyaml each asking fails twice (AttributeError) before it settles on the
    default, YAML 1.2, whatever the text: a third of the time libyaml takes to read a team.
    Only for libyaml: ruamel's own parser changes its answer at a `%YAML` directive."""
    from ruamel.yaml.resolver import VersionedResolver

    class VersionAskedOnce(VersionedResolver):
        @functools.cached_property
        def processing_version(self) -> Any:
            return VersionedResolver.processing_version.fget(self)  # type: ignore[attr-defined]

    return VersionAskedOnce


def plain(data: Any, name: str) -> Any:
    """A copy with dates as ISO text (keys included), refusing absurdly large documents."""
    budget = [MAX_NODES]
    inside: list[int] = []  # ids of the mappings and lists being walked: a cycle is an alias

    def walk(node: Any) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise InputError(name, "", f"document is too large (over {MAX_NODES} values)")
        if isinstance(node, str):
            return _unicode(node, name)
        if not isinstance(node, dict | list):
            return node.isoformat() if isinstance(node, dt.date) else node
        if id(node) in inside:
            raise InputError(name, "", "a value contains itself (a recursive YAML alias)")
        if len(inside) >= MAX_DEPTH:
            raise InputError(name, "", f"nesting is deeper than {MAX_DEPTH} levels")
        inside.append(id(node))
        if isinstance(node, dict):
            copy: Any = {walk(key): walk(value) for key, value in node.items()}
        else:
            copy = [walk(item) for item in node]
        inside.pop()
        return copy

    return walk(data)


def _unicode(text: str, name: str) -> str:
    """``text``, unless it holds half of a UTF-16 surrogate pair (YAML's ``"\\ud800"``): no
    file, terminal or calendar can hold that."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        shown = text.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
        raise InputError(name, "", f"text {shown[:40]} is not valid Unicode") from None
    return text


def field_path(loc: tuple[int | str, ...]) -> str:
    """Pydantic's ``('availability', 'weekly', 'tue', 0)`` -> ``availability.weekly.tue[0]``."""
    text = ""
    for index, part in enumerate(loc):
        if part in UNION_TAGS or part == "[key]":
            continue
        is_key = loc[index + 1 : index + 2] == ("[key]",)  # a mapping's key: `week_overrides.3`
        if isinstance(part, int) and not is_key:
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


_MESSAGES = {
    "extra_forbidden": "unknown field",
    "missing": "required field is missing",
}


def problems_of(error: ValidationError, name: str) -> list[InputError]:
    """Every problem pydantic found, one InputError each, in the order it found them."""
    found = []
    for detail in error.errors():
        message = _MESSAGES.get(detail["type"], detail["msg"])
        message = message.removeprefix("Value error, ").removeprefix("Assertion failed, ")
        message = message[:1].lower() + message[1:]
        found.append(InputError(name, field_path(tuple(detail["loc"])), message))
    return found


def validate_hint(name: str) -> str:
    """How to see every problem of the file ``name`` (``"season.yaml: athletes[1]"`` names
    ``season.yaml``); nothing for a source that is not a file, such as ``--set``."""
    file = name.split(": ")[0]
    return "" if not file or file.startswith("-") else f": run `liftplan validate {file}`"


def describe(error: ValidationError, name: str, *, hint: bool = False) -> InputError:
    """The first problem as one line, saying how many more there are (and, with ``hint``,
    the command that lists them all)."""
    first = problems_of(error, name)[0]
    more = error.error_count() - 1
    if more:
        plural = "problem" if more == 1 else "problems"
        tail = validate_hint(name) if hint else ""
        first = InputError(
            first.file, first.path, f"{first.problem} (and {more} more {plural}{tail})"
        )
    return first


def validated(model: type[M], data: Any, name: str) -> M:
    """``data`` as a ``model``, or the one-line InputError naming the first bad field (for a
    season or a team, pointing to `liftplan validate` when there are more)."""
    try:
        return model.model_validate(plain(data, name))
    except ValidationError as error:
        raise describe(error, name, hint=_validatable(model)) from None


def _validatable(model: type[BaseModel]) -> bool:
    """Whether `liftplan validate` reads files of this model: seasons, teams and routines
    catalogues."""
    from liftplan.models.routines import Catalogue
    from liftplan.models.team import RosterRow, Team

    return issubclass(model, Season | Team | RosterRow | Catalogue)


# What an empty season file is told: the fields SPEC's season cannot do without.
EMPTY_SEASON = (
    "the file is empty: a season needs at least `timezone` and `season` (its `start`, and "
    "`weeks` or `end`)"
)


def season_from_data(data: Any, name: str) -> Season:
    """``data`` (a parsed season file, None for an empty one) as a validated Season;
    InputError naming ``name`` for an empty file, one that is no mapping, or a bad field."""
    if data is None:
        raise InputError(name, "", EMPTY_SEASON)
    if not isinstance(data, dict):
        raise InputError(name, "", "expected a mapping of season fields at the top level")
    return validated(Season, data, name)


# A document with any of these is a team file: a team's own fields (models/team.py's Team),
# none of them a season's (so `athletes:` missing is named as missing).
TEAM_FIELDS = frozenset({"athletes", "defaults", "facility", "groups"})
# What a team file or roster given as SEASON is told.
_ONE_OR_ALL = "use `liftplan batch {path}`, or --athlete ID for one athlete"


def load_season(path: str | Path) -> Season:
    """A validated season; files it names (`routines:`, `availability.from_ics:`) are found
    next to the season file, and a busy calendar becomes dated windows here."""
    path = Path(path)
    if path.suffix.lower() == ".csv":  # a plan table or a roster (as `validate` reads one):
        # not parsed as YAML, where a roster's cells can be noise ("{min: 1, max: 2}")
        roster = f"a season is YAML or JSON; a CSV is a roster: {_ONE_OR_ALL.format(path=path)}"
        raise InputError(
            str(path), "", PLAN_NOT_SEASON if is_plan_table(read_user_text(path)) else roster
        )
    document = read_document(path, PLAN_NOT_SEASON)
    if isinstance(document, dict) and TEAM_FIELDS & set(document):
        raise InputError(str(path), "", f"is a team file: {_ONE_OR_ALL.format(path=path)}")
    season = with_named_files(season_from_data(document, str(path)), path.parent, str(path))
    check_maxes(season, str(path))
    return season


# A plan file (plan.json or plan.csv) given where a season was asked for.
PLAN_NOT_SEASON = "is a plan file, not a season: give the season first (SEASON PLAN)"


def read_document(path: Path, plan_problem: str) -> Any:
    """The parsed season, team or scenario file ``path`` (YAML or JSON): None when it holds
    nothing (no bytes, only blank lines or comments), for the caller to say what it needs.

    Raises InputError naming ``path``: ``plan_problem`` for a plan file (a plan.json, or a
    plan.csv whatever its name: read as YAML it is parser noise), and as `read_user_text`
    and `parse_document` do."""
    name = str(path)
    text = read_user_text(path)
    if is_plan_table(text):
        raise InputError(name, "", plan_problem)
    document = parse_document(text, name) if text.strip() else None  # JSON has no "nothing"
    if is_plan_document(document):
        raise InputError(name, "", plan_problem)
    return document


def is_plan_document(document: object) -> bool:
    """Whether a parsed file is a plan (plan.json's ``sessions`` and ``status``), given where
    a season was asked for."""
    return isinstance(document, dict) and {"sessions", "status"} <= set(document)


def is_plan_table(text: str) -> bool:
    """Whether a file's text is a plan.csv: its first line names every column of one."""
    from liftplan.models.plan import CSV_COLUMNS  # the plan's model: only when a file is read

    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        header = next(csv.reader([first]), [])
    except csv.Error:
        return False
    return set(CSV_COLUMNS) <= {cell.strip() for cell in header}


def with_named_files(season: Season, folder: Path, name: str) -> Season:
    """``season`` with the files it names found from ``folder`` and read in: its routines
    path made absolute, a busy calendar's dated windows, a running plan's runs. InputError
    naming the season ``name`` and the field for a missing file, a device, FIFO or folder
    (never read), and for what is wrong inside a calendar or table (`with_calendar`,
    `with_running_plan`)."""
    refuse_unusable_files(season, folder, name)
    if season.routines is not None:
        routines = (folder / season.routines).resolve()
        season = season.model_copy(update={"routines": str(routines)})
    if season.availability.from_ics is not None:
        season = with_calendar(season, folder, name)
    if season.runs.from_ics is not None or season.runs.from_csv is not None:
        season = with_running_plan(season, folder, name)
    return season


# The files a season names, by field, each found from the season file's folder.
NAMED_FILE_FIELDS = ("routines", "availability.from_ics", "runs.from_ics", "runs.from_csv")


def named_files(season: Season) -> list[tuple[str, str]]:
    """The files the season names, as (field, the path as written), in NAMED_FILE_FIELDS'
    order."""
    found = ((field, operator.attrgetter(field)(season)) for field in NAMED_FILE_FIELDS)
    return [(field, written) for field, written in found if written is not None]


def named_in_data(data: dict[str, Any]) -> list[tuple[str, str]]:
    """`named_files` of a season's fields as read, before validation: each text at its
    field (anything else there is the validation's to refuse)."""
    found = []
    for field in NAMED_FILE_FIELDS:
        *outer, last = field.split(".")
        holder: Any = data
        for key in outer:
            holder = holder.get(key) if isinstance(holder, dict) else None
        if isinstance(holder, dict) and isinstance(holder.get(last), str):
            found.append((field, holder[last]))
    return found


def refuse_unusable_files(season: Season, folder: Path, name: str) -> None:
    """InputError naming the season file ``name`` and the field, if a file the season names
    (from ``folder``) is missing or a device, FIFO or folder: ``season.yaml: routines:
    /dev/zero is a device, not a regular file``. Only stats them: a device is never read, a
    FIFO never opened."""
    for field, written in named_files(season):
        refuse_unusable_file(folder / written, written, name, field)


# The files read when the season is loaded (`load_season`): their days are merged into the
# season then, so an override or scenario that names another cannot be honoured later.
READ_WITH_THE_SEASON = tuple(field for field in NAMED_FILE_FIELDS if field != "routines")


def refuse_rereading(before: Season, after: Season, source: str) -> None:
    """InputError naming ``source`` (``--set``, ``--scenario NAME``) when ``after`` names
    another calendar or runs file than ``before``: it would be silently ignored."""
    was, now = dict(named_files(before)), dict(named_files(after))
    for field in READ_WITH_THE_SEASON:
        if now.get(field) != was.get(field):
            raise InputError(
                source,
                field,
                "a calendar or runs file is read with the season file, not from an override: "
                "name it in (a copy of) the season file",
            )


# The least a barbell lift's one-rep max can be: the empty bar (20 kg, 45 lb).
EMPTY_BAR = {"kg": 20.0, "lb": 45.0}


def check_maxes(season: Season, name: str) -> None:
    """Every `athlete.one_rep_max` entry names, once (whatever the case), an exercise of the
    season's catalogue that a load doses, at no less than the kit can load (a barbell lift's
    empty bar); else an InputError naming ``name`` (the file, or ``--set``) and the entry: a
    typo would silently give no kg, a body-weight max or a sub-bar max nonsense kg."""
    if not season.athlete.one_rep_max:
        return
    from liftplan.io.catalogue import load_catalogue  # the catalogue reader uses this module

    catalogue = load_catalogue(season.routines)
    source = season.routines or "the built-in catalogue"
    units = season.athlete.units
    seen: dict[str, str] = {}
    for exercise, value in season.athlete.one_rep_max.items():
        where = f"athlete.one_rep_max.{exercise}"
        known = catalogue.named(exercise)
        if known is None:
            raise InputError(name, where, f"unknown exercise: no {exercise!r} in {source}")
        if known.name in seen:
            raise InputError(name, where, f"given twice (also as {seen[known.name]!r})")
        seen[known.name] = exercise
        if not known.loaded:
            how = "body weight" if known.dose is Dosing.BODYWEIGHT else f"{known.dose} effort"
            raise InputError(name, where, f"{known.name} is dosed by {how}: no 1RM")
        if known.dose is Dosing.BARBELL and value < EMPTY_BAR[units]:
            raise InputError(
                name,
                where,
                f"{value:g} {units} is below an empty {EMPTY_BAR[units]:g} {units} bar",
            )


def with_calendar(season: Season, folder: Path, name: str) -> Season:
    """The season with every date not listed in `availability.dates` taken from its busy
    calendar `availability.from_ics` (found from ``folder``). InputError naming the season
    ``name``, the field, then the calendar and its event: ``season.yaml:
    availability.from_ics: busy.ics: event 'x': DTSTART: missing``."""
    from liftplan.io.busy_calendar import windows_from_calendar

    written = season.availability.from_ics
    assert written is not None, "only for a season with a busy calendar"
    calendar = folder / written
    with naming_who_named(calendar, written, name, "availability.from_ics"):
        derived = windows_from_calendar(
            calendar,
            season.zone,
            season.season.start,
            season.season.last_day,
            season.availability.envelope,
        )
    dates = {**derived, **season.availability.dates}
    availability = season.availability.model_copy(
        update={"dates": dates, "from_ics": str(calendar.resolve())}
    )
    return season.model_copy(update={"availability": availability})


def with_running_plan(season: Season, folder: Path, name: str) -> Season:
    """The season with the runs of `runs.from_ics` / `runs.from_csv` (paths from ``folder``)
    on every day the file's own `dates` and `weekly` leave open; validated again, as the
    races they bring may derive the phases. InputError names the season ``name``, the field,
    then the file and its event or row: ``season.yaml: runs.from_csv: runs.csv: row 3:
    minutes: ...``."""
    from liftplan.io.run_sources import read_runs

    read = read_runs(season, folder, name)
    written_days = set(season.runs.weekly)
    weekdays = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    dates: dict[dt.date, Any] = {
        day: runs
        for day, runs in read.dates.items()
        if day not in season.runs.dates and weekdays[day.weekday()] not in written_days
    }
    _refuse_crowded_days(season, dates, read, name)
    dates.update(season.runs.dates)
    data = season.model_dump(mode="json", exclude_unset=True)
    data["runs"] = {
        **data["runs"],
        "dates": {str(day): _dumped(runs) for day, runs in sorted(dates.items())},
        **{key: str(value) for key, value in read.sources.items()},
    }
    return validated(Season, data, name)


def _refuse_crowded_days(
    season: Season, dates: dict[dt.date, Any], read: RunSources, name: str
) -> None:
    """InputError naming the run file(s) of the first day they fill with more runs than a
    day holds (MAX_RUNS_A_DAY), rather than the ``runs.dates`` they are merged into, which
    the runner never wrote. Its cause names the (first) file alone, as `init` reports an
    error inside a file given on its command line."""
    written = {"runs.from_ics": season.runs.from_ics, "runs.from_csv": season.runs.from_csv}
    for day in sorted(dates):
        runs = dates[day]
        if len(runs) <= MAX_RUNS_A_DAY:
            continue
        fields = read.origins.get(day, [])
        files = " and ".join(f"{written[field]}" for field in fields)
        # A rest day is an entry of the day's list too (as in runs.dates)
        rests = any(run.kind is RunKind.REST for run in runs)
        entries = "runs and rest days" if rests else "runs"
        problem = f"{len(runs)} {entries} on one day; a day holds at most {MAX_RUNS_A_DAY}"
        inside = InputError(str(read.sources[fields[0].removeprefix("runs.")]), str(day), problem)
        raise InputError(name, ", ".join(fields), f"{files}: {day}: {problem}") from inside


def _dumped(runs: Any) -> Any:
    if isinstance(runs, list):
        return [run.model_dump(mode="json", exclude_none=True) for run in runs]
    return runs.model_dump(mode="json", exclude_none=True)
