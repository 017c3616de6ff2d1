"""Read a season file (YAML 1.2 or JSON) into a validated `Season`, or a one-line error."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from liftplan.errors import InputError
from liftplan.models.season import UNION_TAGS, Season

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000  # far above any real season; stops YAML alias "billion laughs" bombs


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """The file as text, refused past ``limit`` bytes (calendars pass a larger one)."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError(name, "", "no such file") from None
    except IsADirectoryError:
        raise InputError(name, "", "is a directory, not a file") from None
    except OSError as error:
        raise InputError(name, "", f"cannot read: {error.strerror}") from None
    if len(raw) > limit:
        raise InputError(name, "", f"file is larger than {limit // 1024 // 1024} MB")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(name, "", "is not UTF-8 text") from None


def parse_document(text: str, name: str) -> Any:
    """Parse YAML 1.2 (so ``17:00`` stays text) or JSON, by the file's suffix."""
    if name.endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise InputError(name, f"line {error.lineno}", error.msg) from None
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError

    yaml = YAML(typ="safe", pure=True)
    try:
        return yaml.load(text)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f"line {mark.line + 1}" if mark is not None else ""
        problem = error.problem or error.context or "invalid YAML"
        raise InputError(name, where, f"invalid YAML: {problem}") from None
    except YAMLError as error:
        raise InputError(name, "", f"invalid YAML: {error}") from None


def plain(data: Any, name: str) -> Any:
    """A copy with dates as ISO text (keys included), refusing absurdly large documents."""
    budget = [MAX_NODES]

    def walk(node: Any) -> Any:
        budget[0] -= 1
        if budget[0] < 0:
            raise InputError(name, "", f"document is too large (over {MAX_NODES} values)")
        if isinstance(node, dict):
            return {walk(key): walk(value) for key, value in node.items()}
        if isinstance(node, list):
            return [walk(item) for item in node]
        if isinstance(node, dt.date):
            return node.isoformat()
        return node

    return walk(data)


def field_path(loc: tuple[int | str, ...]) -> str:
    """Pydantic's ``('availability', 'weekly', 'tue', 0)`` -> ``availability.weekly.tue[0]``."""
    text = ""
    for part in loc:
        if part in UNION_TAGS or part == "[key]":
            continue
        if isinstance(part, int):
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
    """Whether `liftplan validate` reads files of this model: seasons and teams."""
    from liftplan.models.team import RosterRow, Team

    return issubclass(model, Season | Team | RosterRow)


def season_from_data(data: Any, name: str) -> Season:
    if data is None:
        raise InputError(name, "", "the file is empty")
    if not isinstance(data, dict):
        raise InputError(name, "", "expected a mapping of season fields at the top level")
    return validated(Season, data, name)


def load_season(path: str | Path) -> Season:
    """A validated season; files it names (`routines:`, `availability.from_ics:`) are found
    next to the season file, and a busy calendar becomes dated windows here."""
    path = Path(path)
    text = read_text(path)
    season = season_from_data(parse_document(text, str(path)), str(path))
    if season.routines is not None:
        routines = (path.parent / season.routines).resolve()
        season = season.model_copy(update={"routines": str(routines)})
    if season.availability.from_ics is not None:
        season = with_calendar(season, path.parent / season.availability.from_ics)
    if season.runs.from_ics is not None or season.runs.from_csv is not None:
        season = with_running_plan(season, path.parent, str(path))
    check_maxes(season, str(path))
    return season


def check_maxes(season: Season, name: str) -> None:
    """Every `athlete.one_rep_max` entry names an exercise of the season's catalogue; else an
    InputError naming the file ``name`` and the entry (a typo would silently give no kg)."""
    if not season.athlete.one_rep_max:
        return
    from liftplan.io.catalogue import load_catalogue  # the catalogue reader uses this module

    catalogue = load_catalogue(season.routines)
    source = season.routines or "the built-in catalogue"
    for exercise in season.athlete.one_rep_max:
        if catalogue.named(exercise) is None:
            raise InputError(
                name,
                f"athlete.one_rep_max.{exercise}",
                f"unknown exercise: no {exercise!r} in {source}",
            )


def with_calendar(season: Season, calendar: Path) -> Season:
    """The season with every date not listed in `availability.dates` taken from the calendar."""
    from liftplan.io.busy_calendar import windows_from_calendar

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
    races they bring may derive the phases. InputError names the file and event or row."""
    from liftplan.io.run_sources import read_runs

    read = read_runs(season, folder)
    written_days = set(season.runs.weekly)
    weekdays = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    dates: dict[dt.date, Any] = {
        day: runs
        for day, runs in read.dates.items()
        if day not in season.runs.dates and weekdays[day.weekday()] not in written_days
    }
    dates.update(season.runs.dates)
    data = season.model_dump(mode="json", exclude_unset=True)
    data["runs"] = {
        **data["runs"],
        "dates": {str(day): _dumped(runs) for day, runs in sorted(dates.items())},
        **{key: str(value) for key, value in read.sources.items()},
    }
    return validated(Season, data, name)


def _dumped(runs: Any) -> Any:
    if isinstance(runs, list):
        return [run.model_dump(mode="json", exclude_none=True) for run in runs]
    return runs.model_dump(mode="json", exclude_none=True)
