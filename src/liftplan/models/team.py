"""The team file (SPEC section 2, README "A whole team"): athletes, defaults, room and groups.

A team file has `athletes:` (each a season file's fields plus `id` and `name`) and
`defaults:` merged under each athlete's own fields. An athlete is checked on their own, as a
`TeamAthlete`, once the defaults are merged in: one athlete's bad input is reported for that
athlete and stops nobody. The rest of the file (`facility:`, `groups:`) is the whole team's,
so a mistake there stops the team. A roster CSV is the same team, one `RosterRow` a line.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from pydantic import BaseModel, Field, field_validator, model_validator

from liftplan.models.clock import MINUTES_PER_DAY, TimeWindow, Window, merge_windows
from liftplan.models.season import Season, StrictModel, Whole
from liftplan.models.text import text_problem

TEAM_FIELDS = ("athletes", "defaults", "facility", "groups")
MAX_ID_LENGTH = 100  # as `Season.id`: it names the athlete's files

# A team member's files are named after their id (`ana.json`, `ana.csv`, ...): the id as it
# is when it is letters, digits (of any script: José, Zoë), `.`, `_` and `-`; otherwise each
# run of other characters becomes `_` ("Cy/O'Neil" -> `Cy_O_Neil.json`) and leading `.`, `_`
# and `-` go, so no file climbs out of the output folder, hides as a dot file or starts a
# spreadsheet formula; in Unicode NFC, so the two ways to type "José" name one file. Two ids
# whose files would be the same (ignoring case, as on macOS and Windows) are an error, never a
# quiet `-2` suffix.
UNSAFE_IN_FILE_NAME = re.compile(r"[^\w.-]+")  # \w: letters and digits of any script, "_"
# The batch's own files in the output folder (summary.csv, team.html, joint.json, timings.csv).
BATCH_FILES = ("summary", "team", "joint", "timings")
# Names Windows keeps for devices, whatever the suffix: such a file cannot be opened there.
DEVICE_NAMES = frozenset(
    ["con", "prn", "aux", "nul"] + [f"{port}{n}" for port in ("com", "lpt") for n in range(1, 10)]
)


def normal_id(athlete_id: str) -> str:
    """``athlete_id`` as ids are compared and files named: in Unicode NFC, so a "José" typed
    with a combining accent (as macOS may give it) is the "José" typed as one letter."""
    return unicodedata.normalize("NFC", athlete_id)


def file_stem(athlete_id: str) -> str:
    """The name (without suffix) of a team member's plan files: ``"Cy/O'Neil"`` ->
    ``"Cy_O_Neil"``; ``""`` when the id has no letter or digit to name a file by. In NFC:
    a combining accent is no letter, and would be a ``_``."""
    return UNSAFE_IN_FILE_NAME.sub("_", normal_id(athlete_id)).lstrip("._-")


def id_problem(athlete_id: str) -> str | None:
    """Why ``athlete_id`` cannot name a team member's files, or None if it can."""
    problem = text_problem(athlete_id)
    if problem:
        return problem
    stem = file_stem(athlete_id)
    if not stem:
        return f"{athlete_id!r} has no letter or digit to name the athlete's files by"
    if stem.lower() in BATCH_FILES:
        return f"{athlete_id!r} is the name of the batch's own {stem.lower()} file"
    if stem.split(".")[0].lower() in DEVICE_NAMES:
        return f"{athlete_id!r} is a device name on Windows and cannot name a file there"
    return None


def duplicate_ids(ids: list[str | None]) -> tuple[int, int] | None:
    """The places (first, second) of the first two ids that would name the same files
    (the same file stem ignoring case, as on macOS and Windows, and Unicode form: see
    `file_stem`), or None if every id has files of its own."""
    seen: dict[str, int] = {}
    for index, athlete_id in enumerate(ids):
        if athlete_id is None or id_problem(athlete_id):
            continue  # that athlete's own error, reported on its row
        key = file_stem(athlete_id).casefold()
        if key in seen:
            return seen[key], index
        seen[key] = index
    return None


def given_id(entry: Any) -> str | None:
    """The id an athlete entry gives itself, as text, even when the rest of it is bad."""
    if isinstance(entry, dict) and entry.get("id") not in (None, ""):
        return str(entry["id"])
    return None


def _mapping_of(data: Any, fields: str) -> Any:
    """``data`` if a mapping; else the error that names the fields it should have."""
    if not isinstance(data, dict | BaseModel):
        raise ValueError(f"expected {fields}")
    return data


class TeamAthlete(Season):
    """One athlete of a team: a season file's fields, `defaults:` merged under them, and an
    `id` that is required here (a lone season file may leave it to its file name)."""

    id: str = Field(
        min_length=1,
        max_length=MAX_ID_LENGTH,
        description="Athlete id; names the athlete's plan files (characters other than "
        "letters, digits, '.', '_', '-' become '_'; not summary, team, joint or timings; "
        "unique in the team by file name, ignoring case and Unicode form).",
    )

    @field_validator("id")
    @classmethod
    def _names_files(cls, athlete_id: str) -> str:
        problem = id_problem(athlete_id)
        if problem:
            raise ValueError(problem)
        return athlete_id


class Facility(StrictModel):
    """The weight room the team shares (`batch --joint`): its places and opening hours."""

    capacity: Whole = Field(ge=1, le=10_000, description="Places in the weight room at one time.")
    hours: list[TimeWindow] = Field(
        default_factory=lambda: [Window(0, MINUTES_PER_DAY)],
        description='Opening hours, local to each athlete, e.g. ["06:00-22:00"] (all day if '
        "absent); overlapping windows are merged.",
    )

    @model_validator(mode="before")
    @classmethod
    def _a_mapping(cls, data: Any) -> Any:
        return _mapping_of(data, "{capacity, hours}")

    @field_validator("hours")
    @classmethod
    def _merged(cls, hours: list[Window]) -> list[Window]:
        return merge_windows(hours)


class Group(StrictModel):
    """A coached group: its members lift together, at one time, each week."""

    name: str = Field(
        min_length=1,
        max_length=200,
        description='Name of the group in the reports (default "group N", N its place).',
    )
    athletes: list[str] = Field(
        description="Ids of its members, two or more, each in no other group."
    )
    sessions_per_week: Whole = Field(
        1, ge=1, le=7, description="Group lifts a week, each fixed in every member's plan."
    )

    @model_validator(mode="before")
    @classmethod
    def _a_mapping(cls, data: Any) -> Any:
        return _mapping_of(data, "{name, athletes, sessions_per_week}")

    @field_validator("athletes")
    @classmethod
    def _two_or_more(cls, athletes: list[str]) -> list[str]:
        if len(athletes) < 2:
            raise ValueError("a group needs two athletes or more")
        return athletes


class Team(StrictModel):
    """A team file. Athletes stay as written here: each is checked alone (`TeamAthlete`)."""

    athletes: list[Any] = Field(
        min_length=1,
        description="The athletes: each a season file's fields plus `id` and `name`, with "
        "`defaults` merged under them (see TeamAthlete).",
    )
    defaults: dict[str, Any] = Field(
        default_factory=dict,
        description="Season fields merged under every athlete's own (mappings merge key by "
        "key, anything else is replaced).",
    )
    facility: Facility | None = Field(
        None, description="The shared weight room, for `batch --joint`."
    )
    groups: list[Group] = Field(
        default_factory=list,
        description="Coached group sessions, planned with `batch --joint`.",
    )

    @model_validator(mode="before")
    @classmethod
    def _known_fields(cls, data: Any) -> Any:
        """Name the fields a team has, since a typo here is easily a season field."""
        if not isinstance(data, dict):
            return data
        unknown = sorted(str(key) for key in set(data) - set(TEAM_FIELDS))
        if unknown:
            raise ValueError(f"{unknown[0]}: unknown field (a team has {', '.join(TEAM_FIELDS)})")
        data = dict(data)
        if data.get("defaults") is None:  # `defaults:` left empty
            data.pop("defaults", None)
        if data.get("groups") is None:
            data.pop("groups", None)
        elif isinstance(data["groups"], list):  # a group without a name gets its place
            data["groups"] = [
                {**entry, "name": f"group {index + 1}"}
                if isinstance(entry, dict) and entry.get("name") in (None, "")
                else entry
                for index, entry in enumerate(data["groups"])
            ]
        return data

    @field_validator("defaults")
    @classmethod
    def _no_shared_id(cls, defaults: dict[str, Any]) -> dict[str, Any]:
        if "id" in defaults:
            raise ValueError("an id is each athlete's own, not a default")
        return defaults

    @model_validator(mode="after")
    def _groups_of_the_team(self) -> Team:
        """Each group's members are athletes of the team, and in no other group."""
        problems = membership_problems(self.athletes, [g.athletes for g in self.groups])
        if problems:
            raise ValueError(problems[0])
        return self


def membership_problems(athletes: list[Any], groups: list[Any]) -> list[str]:
    """Every group member who is not an athlete of the team, or is in two groups, as
    ``groups[N].athletes: problem`` lines; ``groups`` is each group's list of member ids
    (anything else is skipped: the group's own shape is checked by `Group`)."""
    ids = {given_id(entry) for entry in athletes}
    seen: set[str] = set()
    problems = []
    for index, members in enumerate(groups):
        if not isinstance(members, list):
            continue
        members = [str(m) for m in members]
        where = f"groups[{index}].athletes"
        problems += [f"{where}: no athlete {m!r} in the team" for m in members if m not in ids]
        problems += [f"{where}: {m!r} is in two groups" for m in sorted(seen & set(members))]
        seen |= set(members)
    return problems


class RosterRow(StrictModel):
    """A roster CSV line's own columns; any other column is a `path.to.field` override."""

    id: str = Field(
        min_length=1, max_length=MAX_ID_LENGTH, description="Athlete id; names their plan files."
    )
    name: str | None = Field(None, max_length=200, description="Athlete's name, for display.")
    timezone: str | None = Field(None, description="IANA time zone, over the season file's.")
    season_file: str | None = Field(
        None, description="A season file (path from the roster's folder) the row starts from."
    )


ROSTER_FIELDS = tuple(RosterRow.model_fields)
