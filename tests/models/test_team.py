"""The team models: a valid team file, and each bad field named in one line."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import season_data
from liftplan.errors import InputError
from liftplan.io.season_file import validated
from liftplan.models import Window
from liftplan.models.team import Facility, Group, RosterRow, Team, TeamAthlete


def team_data(**fields: Any) -> dict[str, Any]:
    """Ana, Ben and Cy on the guide's sample week; each given field replaces its default."""
    athletes = [{**season_data(), "id": name} for name in ("ana", "ben", "cy")]
    for athlete in athletes:
        del athlete["lifting"]  # from the defaults
    base = {
        "athletes": athletes,
        "defaults": {"lifting": {"per_week": {"min": 1, "max": 2}}},
        "facility": {"capacity": 2, "hours": ["17:00-19:00", "06:00-08:00", "18:30-21:00"]},
        "groups": [{"name": "squad", "athletes": ["ana", "ben"], "sessions_per_week": 2}],
    }
    return {**base, **fields}


def problem(model: type[Team | TeamAthlete | RosterRow], data: Any) -> str:
    """The one line a user reads for ``data``."""
    with pytest.raises(InputError) as raised:
        validated(model, data, "team.yaml")
    assert "\n" not in str(raised.value)
    return str(raised.value)


def test_a_valid_team() -> None:
    team = validated(Team, team_data(), "team.yaml")
    assert len(team.athletes) == 3
    assert team.defaults == {"lifting": {"per_week": {"min": 1, "max": 2}}}
    assert team.facility == Facility(
        capacity=2, hours=[Window(6 * 60, 8 * 60), Window(17 * 60, 21 * 60)]
    )  # opening hours merged, earliest first
    assert team.groups == [Group(name="squad", athletes=["ana", "ben"], sessions_per_week=2)]


def test_a_team_needs_only_its_athletes() -> None:
    team = validated(Team, {"athletes": [{"id": "ana"}], "defaults": None}, "team.yaml")
    assert team.defaults == {} and team.facility is None and team.groups == []
    assert Facility(capacity=3).hours == [Window(0, 24 * 60)]  # open all day


def test_a_group_without_a_name_is_named_by_its_place() -> None:
    groups = [{"athletes": ["ana", "ben"]}, {"name": "", "athletes": ["cy", "dee"]}]
    athletes = [*team_data()["athletes"], {"id": "dee"}]
    team = validated(Team, team_data(athletes=athletes, groups=groups), "team.yaml")
    assert [group.name for group in team.groups] == ["group 1", "group 2"]
    assert team.groups[0].sessions_per_week == 1


BAD_TEAMS = [
    ("unknown field", {"colour": "blue"}, "colour: unknown field (a team has athletes"),
    ("no athletes", {"athletes": []}, "athletes: list should have at least 1 item"),
    ("athletes not a list", {"athletes": {"id": "ana"}}, "athletes: input should be a valid list"),
    ("defaults not a mapping", {"defaults": [1]}, "defaults: input should be a valid dictionary"),
    ("a shared id", {"defaults": {"id": "x"}}, "defaults: an id is each athlete's own"),
    ("no places", {"facility": {"capacity": 0}}, "facility.capacity: input should be greater"),
    (
        "backwards hours",
        {"facility": {"capacity": 2, "hours": ["22:00-06:00"]}},
        "facility.hours[0]: end 06:00 is before start 22:00",
    ),
    ("facility not a mapping", {"facility": 12}, "facility: expected {capacity, hours}"),
    ("unknown facility field", {"facility": {"capacity": 2, "doors": 1}}, "facility.doors:"),
    ("groups not a list", {"groups": {"a": 1}}, "groups: input should be a valid list"),
    ("group not a mapping", {"groups": ["ana"]}, "groups[0]: expected {name, athletes,"),
    (
        "unknown group field",
        {"groups": [{"athletes": ["ana", "ben"], "colour": "red"}]},
        "groups[0].colour: unknown field",
    ),
    (
        "a group of one",
        {"groups": [{"athletes": ["ana"]}]},
        "groups[0].athletes: a group needs two athletes or more",
    ),
    (
        "a stranger in a group",
        {"groups": [{"athletes": ["ana", "zed"]}]},
        "groups[0].athletes: no athlete 'zed' in the team",
    ),
    (
        "an athlete in two groups",
        {"groups": [{"athletes": ["ana", "ben"]}, {"athletes": ["cy", "ana"]}]},
        "groups[1].athletes: 'ana' is in two groups",
    ),
    (
        "too many group sessions",
        {"groups": [{"athletes": ["ana", "ben"], "sessions_per_week": 8}]},
        "groups[0].sessions_per_week: input should be less than or equal to 7",
    ),
]


@pytest.mark.parametrize(("label", "fields", "expected"), BAD_TEAMS, ids=[b[0] for b in BAD_TEAMS])
def test_a_bad_team_field_is_named(label: str, fields: dict[str, Any], expected: str) -> None:
    assert problem(Team, team_data(**fields)).startswith(f"team.yaml: {expected}")


def test_an_athlete_is_a_season_with_an_id() -> None:
    athlete = validated(TeamAthlete, {**season_data(), "id": "ana", "name": "Ana"}, "team.yaml")
    assert (athlete.id, athlete.name, athlete.timezone) == ("ana", "Ana", "UTC")
    no_id = {key: value for key, value in season_data().items() if key != "id"}
    assert problem(TeamAthlete, no_id) == "team.yaml: id: required field is missing"
    assert problem(TeamAthlete, {**season_data(), "id": ""}).startswith("team.yaml: id: string")
    assert problem(TeamAthlete, {**season_data(), "colour": "blue"}) == (
        "team.yaml: colour: unknown field"
    )
    bad_zone = {**season_data(), "timezone": "Mars/Base"}
    assert problem(TeamAthlete, bad_zone).startswith("team.yaml: timezone: unknown time zone")


def test_a_roster_row_needs_an_id() -> None:
    row = validated(RosterRow, {"id": "ana", "season_file": "ana.yaml"}, "roster.csv: row 2")
    assert (row.id, row.name, row.season_file) == ("ana", None, "ana.yaml")
    assert problem(RosterRow, {"name": "Ana"}) == "team.yaml: id: required field is missing"
    assert problem(RosterRow, {"id": "ana", "colour": "red"}) == "team.yaml: colour: unknown field"


def test_every_field_is_described() -> None:
    for model in (Team, TeamAthlete, Facility, Group, RosterRow):
        for name, info in model.model_fields.items():
            assert info.description, f"{model.__name__}.{name}"
