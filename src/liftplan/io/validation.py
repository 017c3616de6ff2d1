"""Every problem of a season, team or routines file at once (`liftplan validate FILE`).

Other commands stop at the first problem and say how many more there are; this reads the
file the same way (the same readers and models) and keeps going, so a user fixes them all
in one pass. A file that cannot be read or parsed has one problem: that.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from liftplan.errors import InputError
from liftplan.io.catalogue import CATALOGUE_FIELDS, catalogue_problems, load_catalogue
from liftplan.io.reader import read_user_text, refuse_unusable_file
from liftplan.io.season_file import (
    TEAM_FIELDS,
    check_maxes,
    is_plan_table,
    load_season,
    named_in_data,
    plain,
    problems_of,
    read_document,
    refuse_unusable_files,
    season_from_data,
    with_calendar,
    with_running_plan,
)
from liftplan.io.team_file import (
    Athlete,
    load_team,
    named,
    refuse_duplicates,
    team_entries,
)
from liftplan.models.season import Season
from liftplan.models.team import Team, TeamAthlete, given_id, membership_problems

# A plan file (plan.json or plan.csv) given to `liftplan validate`: what reads one.
PLAN_NOT_VALIDATED = "is a plan file, not a season: `liftplan check SEASON PLAN` checks a plan"


def every_problem(path: str | Path) -> list[InputError]:
    """The problems of the season, team or routines file at ``path``, in file order; ``[]``
    if none. A season's `routines:` file is read too: its problems name that file.

    A team file (or roster CSV) gives the team's own problems, then each athlete's, each
    named by the athlete's place (``team.yaml: athletes[1]: runs.weekly.tue.kind: ...``)."""
    path = Path(path)
    name = str(path)
    try:
        if path.suffix.lower() == ".csv":
            if is_plan_table(read_user_text(path)):  # not a roster: say so, not its columns
                return [InputError(name, "", PLAN_NOT_VALIDATED)]
            return _athletes_problems(path)
        document = read_document(path, PLAN_NOT_VALIDATED)
        if isinstance(document, dict) and TEAM_FIELDS & set(document):
            return _team_problems(path, plain(document, name))
        if isinstance(document, dict) and set(document) and set(document) <= CATALOGUE_FIELDS:
            return catalogue_problems(path)
        if not isinstance(document, dict):
            season_from_data(document, name)  # the one line for an empty or odd file
        season = Season.model_validate(plain(document, name))
    except ValidationError as error:
        return problems_of(error, name)
    except InputError as error:
        return [error]
    try:  # a device or FIFO it names: one line naming the field, and never read
        refuse_unusable_files(season, path.parent, name)
    except InputError as error:
        return [error]
    if season.routines is not None:  # its problems too, each naming the routines file
        found = catalogue_problems((path.parent / season.routines).resolve())
        if found:
            return found
    try:
        loaded = load_season(path)  # what only loading finds: the calendar, the maxes
    except InputError as error:
        return [error]
    return _equipment_problems(loaded)


def _maxes_problems(season: Season, athlete: str) -> list[InputError]:
    """A team athlete's one-rep maxes, checked as a season file's are (`check_maxes`: what
    batch and --athlete refuse them for)."""
    try:
        check_maxes(season, athlete)
    except InputError as error:
        return [error]
    return []


def _equipment_problems(season: Season, athlete: str | None = None) -> list[InputError]:
    """The season's catalogue without an exercise of some pattern for its equipment (what
    `solve` refuses, naming the routines file and `equipment`, as plan/workouts.py does; a
    team's ``athlete``, by their place, as batch would)."""
    problem = load_catalogue(season.routines).equipment_problem(season.equipment_set)
    if problem is None:
        return []
    return [InputError(athlete or season.routines or "routines", "equipment", problem)]


def _team_problems(path: Path, document: dict[str, object]) -> list[InputError]:
    """The team's own problems (its fields, then its groups' members), then each athlete's:
    all of them in one run, whatever else is wrong."""
    name = str(path)
    raw_groups = document.get("groups")
    members = [
        group.get("athletes") if isinstance(group, dict) else None
        for group in (raw_groups if isinstance(raw_groups, list) else [])
    ]
    raw_athletes = document.get("athletes")
    athletes = raw_athletes if isinstance(raw_athletes, list) else []
    membership = membership_problems(athletes, members)
    found: list[InputError] = []
    try:
        Team.model_validate(document)
    except ValidationError as error:  # the first membership problem is in it: listed below
        found += [p for p in problems_of(error, name) if p.problem not in membership]
    found += [InputError(name, "", problem) for problem in membership]
    if not athletes:
        return found
    defaults = document.get("defaults")
    team = Team.model_construct(
        athletes=athletes, defaults=defaults if isinstance(defaults, dict) else {}
    )
    entries = team_entries(team, path)
    try:
        refuse_duplicates(path, entries, [given_id(entry) for entry in athletes])
    except InputError as error:
        found.append(error)
    return found + _athletes_problems(path, named(entries).athletes)


def _athletes_problems(path: Path, athletes: list[Athlete] | None = None) -> list[InputError]:
    """Each athlete's problems (those of ``athletes``, else of the team read from ``path``)."""
    found: list[InputError] = []
    for athlete in load_team(path).athletes if athletes is None else athletes:
        files = _files_problems(athlete)
        found += files
        if athlete.problem is None:
            if not files:  # what only reading them finds, as batch would meet it
                found += _calendar_and_runs_problems(athlete)
                season = season_from_data(athlete.data, athlete.source)
                found += _maxes_problems(season, athlete.source)
                found += _equipment_problems(season, athlete.source)
            continue
        if not athlete.data:  # nothing read to check field by field (its file is missing)
            found.append(InputError(athlete.source, "", athlete.problem))
            continue
        try:
            TeamAthlete.model_validate(plain(athlete.data, athlete.source))
        except ValidationError as error:
            found += problems_of(error, athlete.source)
            continue
        # Not a field of the season (the row's season file, a roster column): one line.
        found.append(InputError(athlete.source, "", athlete.problem))
    return found


def _calendar_and_runs_problems(athlete: Athlete) -> list[InputError]:
    """What reading the athlete's busy calendar and running plan finds (a broken event, a
    bad row), each under the athlete's place and field: ``team.yaml: athletes[2]:
    availability.from_ics: /abs/busy.ics: event 'x': ...``."""
    season = season_from_data(athlete.data, athlete.source)
    found: list[InputError] = []
    folder = Path(".")  # its paths are absolute
    if season.availability.from_ics is not None:
        try:
            with_calendar(season, folder, athlete.source)
        except InputError as error:
            found.append(error)
    if season.runs.from_ics is not None or season.runs.from_csv is not None:
        try:
            with_running_plan(season, folder, athlete.source)
        except InputError as error:
            found.append(error)
    return found


def _files_problems(athlete: Athlete) -> list[InputError]:
    """The problems of the files the athlete's season names (paths the team file's folder
    made absolute), each under the athlete's place, as batch would meet them: one missing
    or not a regular file (``team.yaml: athletes[1]: runs.from_csv: /abs/fifo is a pipe
    (FIFO), not a regular file``), and what is wrong inside a routines file."""
    found: list[InputError] = []
    for field, written in named_in_data(athlete.data):
        try:
            refuse_unusable_file(written, written, athlete.source, field)
        except InputError as error:
            found.append(error)
            continue
        if field == "routines":
            found += [
                InputError(athlete.source, "routines", str(p)) for p in catalogue_problems(written)
            ]
    return found
