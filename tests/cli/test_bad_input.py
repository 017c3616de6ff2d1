"""Every bad input: exit 2, one line naming the file and the field, no traceback, no file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import season_data
from liftplan.cli.app import cli

GOOD = json.dumps(season_data())


def run_solve(tmp_path: Path, name: str, text: str) -> tuple[int, str, Path]:
    season = tmp_path / name
    season.write_text(text)
    out = tmp_path / "plan.csv"
    result = CliRunner().invoke(cli, ["solve", str(season), "-o", str(out)])
    return result.exit_code, result.stderr, out


def yaml_season(**replace: str) -> str:
    text = f"""timezone: {replace.get("timezone", "Europe/Oslo")}
season: {replace.get("season", "{start: 2026-03-02, weeks: 2}")}
availability:
  weekly:
    tue: [{replace.get("window", '"17:30-21:00"')}]
runs:
  weekly:
    tue: {{kind: track, start: "06:30", minutes: {replace.get("run_minutes", "60")}}}
lifting: {replace.get("lifting", "{per_week: {min: 1, max: 2}}")}
{replace.get("extra", "")}
"""
    return text


BAD_INPUTS = [
    (
        "backwards window",
        {"window": '"07:00-06:00"'},
        "availability.weekly.tue[0]: end 06:00 is before start 07:00",
    ),
    ("unknown zone", {"timezone": "Mars/Olympus_Mons"}, "timezone: unknown time zone"),
    ("unknown field", {"extra": "colour: blue"}, "colour: unknown field"),
    ("unknown nested field", {"lifting": "{per_wek: 2}"}, "lifting.per_wek: unknown field"),
    ("zero weeks", {"season": "{start: 2026-03-02, weeks: 0}"}, "season.weeks:"),
    ("huge weeks", {"season": "{start: 2026-03-02, weeks: 100000}"}, "season.weeks:"),
    ("negative run minutes", {"run_minutes": "-5"}, "runs.weekly.tue.minutes:"),
    ("negative lift minutes", {"lifting": "{minutes: -45}"}, "lifting.minutes:"),
    ("unquoted YAML 1.1 time", {"window": "17:30"}, "availability.weekly.tue[0]:"),
    (
        "min above max",
        {"lifting": "{per_week: {min: 3, max: 2}}"},
        "lifting.per_week: min 3 is above max 2",
    ),
    (
        "phases too short",
        {"season": "{start: 2026-03-02, weeks: 2, phases: [{name: base, weeks: 1}]}"},
        "season: phases cover 1 weeks but the season has 2",
    ),
    (
        "unknown phase",
        {"season": "{start: 2026-03-02, weeks: 1, phases: [{name: bulk, weeks: 1}]}"},
        "season.phases[0].name:",
    ),
    (
        "phase override contradicts itself",
        {
            "season": "{start: 2026-03-02, weeks: 1, "
            "phases: [{name: build, weeks: 1, lifting: {per_week: {min: 4}}}]}"
        },
        "season.phases[0].lifting.per_week: min 4 is above max 2",
    ),
    ("bad granularity", {"lifting": "{granularity_minutes: 7}"}, "lifting.granularity_minutes:"),
    # YAML's `true` is a boolean, which pydantic took as 1: a one-week season, one lift.
    (
        "weeks: true",
        {"season": "{start: 2026-03-02, weeks: true}"},
        "season.weeks: expected a number, got true",
    ),
    ("per_week min: true", {"lifting": "{per_week: {min: true}}"}, "lifting.per_week.min: exp"),
    ("gap_hours: false", {"lifting": "{gap_hours: false}"}, "lifting.gap_hours: expected a"),
    ("lifting.minutes: true", {"lifting": "{minutes: true}"}, "lifting.minutes: expected a num"),
    (
        "week_overrides key true",
        {"extra": "week_overrides: {true: {lifting: {per_week: {min: 0, max: 1}}}}"},
        "week_overrides.1: expected a number, got true",
    ),
    (
        "deload_weeks: [true]",
        {"season": "{start: 2026-03-02, weeks: 2, deload_weeks: [true]}"},
        "season.deload_weeks[0]: expected a number, got true",
    ),
    (
        "both weeks and end",
        {"season": "{start: 2026-03-02, weeks: 2, end: 2026-03-15}"},
        "season: give exactly one of",
    ),
]


@pytest.mark.parametrize(
    ("label", "replace", "expected"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS]
)
def test_bad_season_field_exit_2_with_one_line(
    tmp_path: Path, label: str, replace: dict[str, str], expected: str
) -> None:
    code, err, out = run_solve(tmp_path, "season.yaml", yaml_season(**replace))
    assert code == 2, err
    assert err.count("\n") == 1, err
    assert err.startswith(f"liftplan: {tmp_path / 'season.yaml'}: ")
    assert expected in err
    assert "Traceback" not in err
    assert not out.exists()


def test_the_good_yaml_template_itself_solves(tmp_path: Path) -> None:
    code, err, out = run_solve(tmp_path, "season.yaml", yaml_season())
    assert code == 0, err
    assert out.exists()


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("broken.yaml", "timezone: UTC\nseason: {start: 2026-03-02\n", "invalid YAML"),
        ("empty.yaml", "", "the file is empty"),
        ("list.yaml", "- 1\n- 2\n", "expected a mapping of season fields"),
        ("broken.json", '{"timezone": "UTC",', "line 1"),
        ("dupes.yaml", "timezone: UTC\ntimezone: UTC\n", "invalid YAML"),
    ],
)
def test_unreadable_documents(tmp_path: Path, name: str, text: str, expected: str) -> None:
    code, err, out = run_solve(tmp_path, name, text)
    assert code == 2
    assert expected in err and err.count("\n") == 1
    assert not out.exists()


def test_yaml_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghij":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    code, err, out = run_solve(tmp_path, "bomb.yaml", "\n".join(lines) + "\n")
    assert code == 2
    assert "too large" in err and err.count("\n") == 1
    assert not out.exists()


def test_a_max_of_an_unknown_exercise_names_the_file(tmp_path: Path) -> None:
    extra = "athlete: {one_rep_max: {Back squat: 100, Bak squat: 90}}"
    code, err, out = run_solve(tmp_path, "season.yaml", yaml_season(extra=extra))
    assert code == 2
    assert err.startswith(
        f"liftplan: {tmp_path / 'season.yaml'}: athlete.one_rep_max.Bak squat: unknown exercise"
    )
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_missing_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["solve", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr == f"liftplan: {tmp_path / 'nope.yaml'}: no such file\n"


def test_json_season_with_a_bad_field_names_it(tmp_path: Path) -> None:
    data = season_data()
    data["availability"]["weekly"]["tue"] = ["21:00-17:30"]
    code, err, _ = run_solve(tmp_path, "season.json", json.dumps(data))
    assert code == 2
    assert "availability.weekly.tue[0]: end 17:30 is before start 21:00" in err


def test_date_outside_the_season_is_named(tmp_path: Path) -> None:
    data = season_data()
    data["availability"]["dates"] = {"2027-01-01": []}
    code, err, _ = run_solve(tmp_path, "season.json", json.dumps(data))
    assert code == 2
    assert "availability.dates.2027-01-01: date is outside the season" in err


def test_unknown_output_format_is_a_usage_error_before_solving(tmp_path: Path) -> None:
    season = tmp_path / "season.json"
    season.write_text(GOOD)
    result = CliRunner().invoke(cli, ["solve", str(season), "-o", str(tmp_path / "plan.txt")])
    assert result.exit_code == 2
    assert "cannot write .txt" in result.stderr


def test_bad_option_value_is_one_line(tmp_path: Path) -> None:
    season = tmp_path / "season.json"
    season.write_text(GOOD)
    result = CliRunner().invoke(cli, ["solve", str(season), "--workers", "0"])
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "--workers" in result.stderr


def run_batch(tmp_path: Path, team: dict[str, object], *options: str) -> tuple[int, str, Path]:
    path = tmp_path / "team.json"
    path.write_text(json.dumps(team))
    out = tmp_path / "plans"
    result = CliRunner().invoke(cli, ["batch", str(path), "-o", str(out), *options])
    return result.exit_code, result.stderr, out


TWO_ATHLETES = [{**season_data(), "id": "ana"}, {**season_data(), "id": "ben"}]
BAD_TEAMS = [
    ("unknown field", {"colour": "blue"}, "colour: unknown field (a team has athletes,"),
    ("no athletes", {"athletes": []}, "athletes: list should have at least 1 item"),
    ("defaults not a mapping", {"defaults": [1]}, "defaults: input should be a valid dictionary"),
    ("no places", {"facility": {"capacity": 0}}, "facility.capacity: input should be greater"),
    (
        "backwards opening hours",
        {"facility": {"capacity": 2, "hours": ["22:00-06:00"]}},
        "facility.hours[0]: end 06:00 is before start 22:00",
    ),
    ("group not a mapping", {"groups": ["ana"]}, "groups[0]: expected {name, athletes,"),
    (
        "a stranger in a group",
        {"groups": [{"athletes": ["ana", "zed"]}]},
        "groups[0].athletes: no athlete 'zed' in the team",
    ),
    (
        "too many group sessions",
        {"groups": [{"athletes": ["ana", "ben"], "sessions_per_week": 8}]},
        "groups[0].sessions_per_week: input should be less than or equal to 7",
    ),
]


@pytest.mark.parametrize(("label", "fields", "expected"), BAD_TEAMS, ids=[b[0] for b in BAD_TEAMS])
@pytest.mark.parametrize("joint", [False, True], ids=["batch", "joint"])
def test_bad_team_field_exit_2_with_one_line(
    tmp_path: Path, label: str, fields: dict[str, object], expected: str, joint: bool
) -> None:
    team = {"athletes": TWO_ATHLETES, "facility": {"capacity": 2}, **fields}
    code, err, out = run_batch(tmp_path, team, *(["--joint"] if joint else []))
    assert code == 2, err
    assert err.startswith(f"liftplan: {tmp_path / 'team.json'}: {expected}")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert not out.exists()


def test_joint_without_a_facility_names_it(tmp_path: Path) -> None:
    code, err, out = run_batch(tmp_path, {"athletes": TWO_ATHLETES}, "--joint")
    assert code == 2
    assert err == (
        f"liftplan: {tmp_path / 'team.json'}: facility: --joint needs `facility: {{capacity: N}}`\n"
    )
    assert not out.exists()


def test_a_roster_without_an_id_column_is_one_line(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("name,timezone\nAna,UTC\n")
    out = tmp_path / "plans"
    result = CliRunner().invoke(cli, ["batch", str(roster), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"liftplan: {roster}: a roster needs an `id` column (id, name, timezone, season_file)\n"
    )
    assert not out.exists()


def race_season(race: str, rules: str = "") -> str:
    """A two-week season whose second Sunday holds the race written as ``race`` (YAML flow)."""
    return f"""timezone: Europe/Oslo
season: {{start: 2026-03-02, weeks: 2}}
availability:
  weekly:
    tue: ["17:30-21:00"]
runs:
  weekly:
    tue: {{kind: track, start: "06:30", minutes: 60}}
  dates:
    2026-03-15: {race}
lifting: {{per_week: {{min: 1, max: 2}}}}
{rules}
"""


BAD_RACES = [
    (
        "unknown distance name",
        race_season('{kind: race, start: "09:00", minutes: 300, distance: ultra}'),
        "runs.dates.2026-03-15.distance: unknown distance 'ultra' (use km or one of "
        "1500m mile 5k 10k half marathon 50k 100k 100mi)",
    ),
    (
        "distance of no km",
        race_season('{kind: race, start: "09:00", minutes: 300, distance: 0}'),
        "runs.dates.2026-03-15.distance: a distance in km is above 0 and at most 1000, not 0",
    ),
    (
        "priority D",
        race_season('{kind: race, start: "09:00", minutes: 300, priority: D}'),
        "runs.dates.2026-03-15.priority: input should be 'A', 'B' or 'C'",
    ),
    (
        "lower-case priority",
        race_season('{kind: race, start: "09:00", minutes: 300, priority: a}'),
        "runs.dates.2026-03-15.priority: input should be 'A', 'B' or 'C'",
    ),
    (
        "distance on a long run",
        race_season('{kind: long, start: "09:00", minutes: 120, distance: 25}'),
        "runs.dates.2026-03-15.distance: only a race has a distance (this run is long)",
    ),
    (
        "priority on a tempo run",
        race_season('{kind: tempo, start: "09:00", minutes: 60, priority: A}'),
        "runs.dates.2026-03-15.priority: only a race has a priority (this run is tempo)",
    ),
    (
        "distance on a weekly run",
        race_season('{kind: race, start: "09:00", minutes: 60}').replace(
            "minutes: 60}\n  dates", "minutes: 60, distance: 5k}\n  dates"
        ),
        "runs.weekly.tue.distance: only a race has a distance (this run is track)",
    ),
    (
        "negative no-lift window",
        race_season(
            '{kind: race, start: "09:00", minutes: 60}', "rules: {no_lift_days_after_race: -1}"
        ),
        "rules.no_lift_days_after_race: input should be greater than or equal to 0",
    ),
    (
        "negative light window after",
        race_season(
            '{kind: race, start: "09:00", minutes: 60}', "rules: {light_lift_days_after_race: -2}"
        ),
        "rules.light_lift_days_after_race: input should be greater than or equal to 0",
    ),
    (
        "negative light window before",
        race_season(
            '{kind: race, start: "09:00", minutes: 60}',
            "rules: {no_heavy_lift_days_before_race: -3}",
        ),
        "rules.no_heavy_lift_days_before_race: input should be greater than or equal to 0",
    ),
    (
        "negative no-lift window before",
        race_season(
            '{kind: race, start: "09:00", minutes: 60}', "rules: {no_lift_days_before_race: -1}"
        ),
        "rules.no_lift_days_before_race: input should be greater than or equal to 0",
    ),
    (
        "a long run over a day",
        race_season('{kind: long, start: "09:00", minutes: 1441}'),
        "runs.dates.2026-03-15.minutes: a long run lasts at most 24 h (1440 minutes); "
        "only a race may last up to 7 days",
    ),
    (
        "a race over a week",
        race_season('{kind: race, start: "09:00", minutes: 10081}'),
        "runs.dates.2026-03-15.minutes: a race lasts at most 7 days (10080 minutes)",
    ),
    (
        "a bad race in a list",
        race_season(
            '[{kind: easy, start: "07:00", minutes: 30}, {kind: race, distance: ultra, '
            'start: "09:00", minutes: 60}]'
        ),
        "runs.dates.2026-03-15[1].distance: unknown distance 'ultra' (use km or one of "
        "1500m mile 5k 10k half marathon 50k 100k 100mi)",
    ),
]


@pytest.mark.parametrize(("label", "text", "expected"), BAD_RACES, ids=[b[0] for b in BAD_RACES])
@pytest.mark.parametrize("command", ["solve", "check"])
def test_bad_race_field_exit_2_with_one_line(
    tmp_path: Path, label: str, text: str, expected: str, command: str
) -> None:
    season = tmp_path / "season.yaml"
    season.write_text(text)
    existing = tmp_path / "old.json"
    existing.write_text("{}")
    before = existing.read_bytes()
    fresh = tmp_path / "plan.json"
    if command == "solve":
        arguments = ["solve", str(season), "-o", str(fresh), "-o", str(existing)]
    else:
        arguments = ["check", str(season), str(existing)]
    result = CliRunner().invoke(cli, arguments)
    assert result.exit_code == 2, result.output
    assert result.stderr == f"liftplan: {season}: {expected}\n"
    assert result.stdout == ""
    assert not fresh.exists()
    assert existing.read_bytes() == before


def test_the_good_race_template_itself_solves_and_checks(tmp_path: Path) -> None:
    season = tmp_path / "season.yaml"
    season.write_text(race_season('{kind: race, start: "09:00", minutes: 300, distance: 21.1}'))
    plan = tmp_path / "plan.json"
    solved = CliRunner().invoke(cli, ["solve", str(season), "-o", str(plan)])
    assert solved.exit_code == 0, solved.stderr
    checked = CliRunner().invoke(cli, ["check", str(season), str(plan)])
    assert checked.exit_code == 0, checked.output


@pytest.mark.parametrize(
    ("field", "extra"),
    [
        ("routines", "routines: nope.yaml"),
        ("availability.from_ics", "availability: {from_ics: nope.ics}"),
        ("runs.from_csv", "runs: {from_csv: nope.csv}"),
    ],
)
def test_a_missing_file_a_season_names_is_named_with_the_season_and_field(
    tmp_path: Path, field: str, extra: str
) -> None:
    """It said `nope.yaml: no such file`, not which season or field named it."""
    season = tmp_path / "season.yaml"
    season.write_text(f"timezone: UTC\nseason: {{start: 2026-03-02, weeks: 2}}\n{extra}\n")
    result = CliRunner().invoke(cli, ["solve", str(season), "-o", str(tmp_path / "p.json")])
    assert result.exit_code == 2
    written = extra.split(": ")[-1].strip("}")
    assert result.stderr == f"liftplan: {season}: {field}: {written}: no such file\n"
    assert not (tmp_path / "p.json").exists()


def test_a_race_distance_given_as_true_is_refused_in_the_season_s_words(tmp_path: Path) -> None:
    """It said `... at most 1000, not True` (Python's capital T)."""
    text = (Path(__file__).parents[2] / "examples" / "marathon-16-weeks.yaml").read_text()
    race = "minutes: 240}"
    assert race in text
    code, err, out = run_solve(
        tmp_path, "s.yaml", text.replace(race, "minutes: 240, distance: true}")
    )
    assert code == 2
    assert err.endswith(": runs.dates.2026-06-21.distance: expected a number, got true\n")
    assert err.count("\n") == 1 and not out.exists()


@pytest.mark.parametrize(
    "command", [("check",), ("replan", "--from", "2026-03-04")], ids=["check", "replan"]
)
def test_a_season_given_as_the_plan_is_told_so_in_one_line(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """`liftplan check season.yaml season.yaml`: the second file is a season, not a plan;
    one line says so and what to give, not a plan model's missing fields."""
    season = tmp_path / "season.yaml"
    season.write_text((Path(__file__).parents[2] / "examples" / "sample-week.yaml").read_text())
    name, *options = command
    result = CliRunner().invoke(cli, [name, str(season), str(season), *options])
    assert result.exit_code == 2, result.stderr
    assert result.stderr.splitlines() == [
        f"liftplan: {season}: is a season file, not a plan: give the plan.json (or plan.csv) "
        "that `liftplan solve` wrote"
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["season.yaml"]


def test_a_plan_given_as_the_season_or_a_team_or_nothing_as_the_plan_is_one_line(
    tmp_path: Path,
) -> None:
    season = tmp_path / "season.yaml"
    season.write_text((Path(__file__).parents[2] / "examples" / "sample-week.yaml").read_text())
    plan = tmp_path / "plan.json"
    assert CliRunner().invoke(cli, ["solve", str(season), "-o", str(plan)]).exit_code == 0
    team = tmp_path / "team.yaml"
    team.write_text("athletes: []\n")
    empty = tmp_path / "empty.yaml"
    empty.write_text("# nothing yet\n")
    cases = {
        (str(plan), str(season)): f"{plan}: is a plan file, not a season: give the season first",
        (str(season), str(team)): f"{team}: is a team file, not a plan",
        (str(season), str(empty)): f"{empty}: the file is empty",
    }
    for (first, second), said in cases.items():
        result = CliRunner().invoke(cli, ["check", first, second])
        assert result.exit_code == 2, result.stderr
        (line,) = result.stderr.splitlines()
        assert line.startswith(f"liftplan: {said}"), line
