"""A team read without checking its athletes (`load_team(..., check_athletes=False)`, as
`batch` reads it, leaving each season to the job that plans it) refuses each athlete in the
same words as a team read with the check (`validate`, and batch before it deferred it)."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import season_data
from liftplan.errors import InputError
from liftplan.io.team_file import Athlete, load_team, member_season

DEFAULTS = {key: value for key, value in season_data().items() if key != "id"}


def outcome(athlete: Athlete) -> str:
    """The athlete's INVALID message, or their validated season as JSON."""
    try:
        return member_season(athlete).model_dump_json()
    except InputError as error:
        return f"INVALID {error}"


def both_ways(path: Path) -> tuple[list[str], list[str]]:
    """Each athlete's outcome, read with the check and without (the team's own error)."""
    try:
        checked = load_team(path).athletes
    except InputError as error:  # the team's own problem (two athletes with one id)
        with pytest.raises(InputError) as deferred_error:
            load_team(path, check_athletes=False)
        assert str(deferred_error.value) == str(error)
        return [str(error)], [str(deferred_error.value)]
    deferred = load_team(path, check_athletes=False).athletes
    assert [a.id for a in checked] == [a.id for a in deferred]
    assert [a.input_hash for a in checked] == [a.input_hash for a in deferred]
    return [outcome(a) for a in checked], [outcome(a) for a in deferred]


ATHLETES: list[dict[str, Any]] = [
    {"id": "fine"},
    {"id": "zone", "timezone": "Mars/Base"},
    {"name": "no id at all"},
    {"id": None},
    {"id": ""},
    {"id": 7},
    {"id": "summary"},
    {"id": "con"},
    {"id": "Cy/O'Neil"},
    {"id": "...", "timezone": "Mars/Base"},  # two problems: the first, and how many more
    {"id": "bell\x07"},
    {"id": "x" * 101},
    {"id": "typo", "lifting": {"minutes": "long"}, "unknown": 1},
    {"id": "name", "name": "n" * 201},
    "not a mapping",
]


def test_each_athlete_is_refused_in_the_same_words_checked_later(tmp_path: Path) -> None:
    path = tmp_path / "team.json"
    path.write_text(json.dumps({"defaults": DEFAULTS, "athletes": ATHLETES}))
    checked, deferred = both_ways(path)
    assert deferred == checked
    assert sum(line.startswith("INVALID") for line in checked) == len(ATHLETES) - 2


def test_a_roster_s_rows_are_refused_in_the_same_words_checked_later(tmp_path: Path) -> None:
    (tmp_path / "base.json").write_text(json.dumps({**DEFAULTS, "name": "Base"}))
    path = tmp_path / "roster.csv"
    path.write_text(
        "id,name,timezone,season_file,lifting.minutes\n"
        "ana,Ana,UTC,base.json,45\n"
        "ben,Ben,Mars/Base,base.json,45\n"
        "summary,Sum,UTC,base.json,45\n"
        "cy,Cy,UTC,missing.json,45\n"
        "dee,Dee,UTC,base.json,long\n"
    )
    checked, deferred = both_ways(path)
    assert deferred == checked
    assert [line.startswith("INVALID") for line in checked] == [False, True, True, True, True]


LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 10**6),
    st.sampled_from(["", "x", "UTC", "Mars/Base", "summary", "con", "a/b", "24:00", "\x00"]),
    st.text(max_size=6),
    st.just([]),
    st.just({}),
)


def places(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``node`` (keys of mappings, indexes of lists)."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += places(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += places(value, (*prefix, index))
    return found


@st.composite
def mutated_athlete(draw: st.DrawFn) -> dict[str, Any]:
    """The sample season with an id, a value replaced or dropped once or twice."""
    data = {**copy.deepcopy(DEFAULTS), "id": "runner"}
    for _ in range(draw(st.integers(1, 2))):
        where = draw(st.sampled_from(places(data)))
        holder: Any = data
        for part in where[:-1]:
            holder = holder[part]
        if draw(st.booleans()) and isinstance(holder, dict):
            del holder[where[-1]]
        else:
            holder[where[-1]] = draw(LEAVES)
        if not places(data):
            break
    return data


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(athletes=st.lists(mutated_athlete(), min_size=1, max_size=3))
def test_mutated_athletes_are_refused_in_the_same_words_checked_later(
    athletes: list[dict[str, Any]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    for number, athlete in enumerate(athletes):  # one id each, where the id is not mutated
        if athlete.get("id") == "runner":
            athlete["id"] = f"runner-{number}"
    path = tmp_path_factory.mktemp("team") / "team.json"
    path.write_text(json.dumps({"athletes": athletes}))
    checked, deferred = both_ways(path)
    assert deferred == checked
