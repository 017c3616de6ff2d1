"""`liftplan validate FILE` lists every problem; other commands show one and point to it."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest

from conftest import invoke

CASES = Path(__file__).parents[1] / "cases" / "robustness"
EXAMPLES = Path(__file__).parents[2] / "examples"
BUILT_IN_ROUTINES = Path(__file__).parents[2] / "src" / "liftplan" / "data" / "routines.yaml"


def test_solve_shows_one_problem_and_validate_lists_all_three(tmp_path: Path) -> None:
    shutil.copytree(CASES / "16-hidden-extra-problems", tmp_path / "case")
    season = str(tmp_path / "case" / "season.yaml")
    code, out, err = invoke("solve", season)
    assert code == 2 and out == ""
    assert err == (
        f"liftplan: {season}: season: give exactly one of `weeks` or `end` "
        f"(and 2 more problems: run `liftplan validate {season}`)\n"
    )
    code, out, err = invoke("validate", season)
    assert code == 2 and err == ""
    assert out.splitlines() == [
        f"{season}: season: give exactly one of `weeks` or `end`",
        f"{season}: lifting.per_week: min 4 is above max 3",
        f"{season}: foo: unknown field",
    ]


def test_a_sound_season_or_team_is_ok() -> None:
    for path in (
        EXAMPLES / "marathon-16-weeks.yaml",
        CASES / "04-group-over-capacity" / "team.yaml",
    ):
        code, out, err = invoke("validate", str(path))
        assert (code, out, err) == (0, f"{path}: ok\n", "")


def test_a_team_lists_its_own_problems_then_each_athlete_s(tmp_path: Path) -> None:
    team = tmp_path / "team.json"
    good = {"timezone": "UTC", "season": {"start": "2026-03-02", "weeks": 2}}
    athletes = [
        {**good, "id": "ana"},
        {**good, "id": "ben", "runs": {"weekly": {"tue": {"kind": "sprint"}}}, "x": 1},
        {"id": "cy"},
    ]
    team.write_text(json.dumps({"athletes": athletes}))
    code, out, _ = invoke("validate", str(team))
    lines = out.splitlines()
    assert code == 2
    assert f"{team}: athletes[1]: x: unknown field" in lines
    assert any(line.startswith(f"{team}: athletes[1]: runs.weekly.tue") for line in lines)
    assert f"{team}: athletes[2]: timezone: required field is missing" in lines
    assert f"{team}: athletes[2]: season: required field is missing" in lines
    assert not any("athletes[0]" in line for line in lines)
    team.write_text(json.dumps({"athletes": athletes, "facility": {"capacity": 0}, "y": 2}))
    code, out, _ = invoke("validate", str(team))
    assert (
        code == 2
        and len(out.splitlines()) >= 1
        and all(line.startswith(f"{team}: ") for line in out.splitlines())
    )


def test_a_file_that_does_not_parse_is_one_problem(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("timezone: [unclosed\n")
    code, out, _ = invoke("validate", str(bad))
    assert code == 2 and len(out.splitlines()) == 1 and "invalid YAML" in out
    code, out, _ = invoke("validate", str(tmp_path / "missing.yaml"))
    assert code == 2 and out == f"{tmp_path / 'missing.yaml'}: no such file\n"


def test_a_team_lists_every_problem_in_one_run_team_groups_and_athletes(
    tmp_path: Path,
) -> None:
    """Not in rounds: the facility and groups, the groups' unknown members, a duplicate id
    (also a group member) and each athlete's own problems, all at once."""
    team = tmp_path / "team.yaml"
    team.write_text(
        'facility: {capacity: 0, hours: ["06:00-22:00"]}\n'
        "groups: [{name: squad, athletes: [ana, zed], sessions_per_week: 9},"
        " {name: two, athletes: [ben, ghost]}]\n"
        "defaults: {timezone: America/New_York, season: {start: 2026-03-02, weeks: 4}}\n"
        "athletes:\n"
        "  - {id: ana, timezone: Mars/Base}\n"
        "  - {id: ana}\n"
        "  - {id: ben, lifting: {per_week: {min: 9}}}\n"
    )
    code, out, err = invoke("validate", str(team))
    assert code == 2 and err == ""
    lines = out.splitlines()
    assert [line.split(": ")[1] for line in lines] == [
        "facility.capacity",
        "groups[0].sessions_per_week",
        "groups[0].athletes",
        "groups[1].athletes",
        "athletes[1].id",
        "athletes[0]",
        "athletes[2]",
    ]
    assert "no athlete 'zed' in the team" in lines[2] and "'ghost'" in lines[3]
    assert "'ana' is also the id of athletes[0]" in lines[4]
    assert "Mars/Base" in lines[5] and "per_week" in lines[6]


def test_solve_check_and_explain_given_a_team_file_point_to_batch(tmp_path: Path) -> None:
    shutil.copytree(CASES / "04-group-over-capacity", tmp_path / "case")
    team = str(tmp_path / "case" / "team.yaml")
    plan = tmp_path / "plan.json"
    plan.write_text("{}")
    for args in (["solve", team], ["check", team, str(plan)], ["explain", team]):
        code, out, err = invoke(*args)
        assert (code, out) == (2, ""), args
        batch = f"is a team file: use `liftplan batch {team}`, or --athlete ID for one athlete"
        assert err == f"liftplan: {team}: {batch}\n", args


INJECTION = Path(__file__).parents[1] / "cases" / "injection"


def test_validate_lists_every_problem_of_the_season_s_routines_file(tmp_path: Path) -> None:
    for name in ("season-evil-routines.yaml", "routines-evil.json"):
        shutil.copy(INJECTION / name, tmp_path / name)
    season = str(tmp_path / "season-evil-routines.yaml")
    routines = str((tmp_path / "routines-evil.json").resolve())
    code, out, err = invoke("validate", season)
    assert code == 2 and err == ""
    lines = out.splitlines()
    assert [line.split(": ")[:2] for line in lines] == [
        [routines, "exercises[6].name"],
        [routines, "exercises[13].name"],
        [routines, "exercises[18].name"],
    ]
    assert "U+000A" in lines[0] and "U+0000" in lines[1] and "U+000D" in lines[2]
    # The routines file alone lists the same three.
    assert invoke("validate", routines) == (2, out, "")
    # Solving shows the first and points to validate, like a season's line does.
    code, out, err = invoke("solve", season, "-o", str(tmp_path / "plan.json"))
    assert (code, out) == (2, "")
    assert err.startswith(f"liftplan: {routines}: exercises[6].name: ")
    assert err.endswith(f" (and 2 more problems: run `liftplan validate {routines}`)\n")
    assert not (tmp_path / "plan.json").exists()


def test_a_sound_routines_file_is_ok_and_its_season_says_what_solve_says(tmp_path: Path) -> None:
    for name in ("season-evil-routines-printable.yaml", "routines-evil-printable.json"):
        shutil.copy(INJECTION / name, tmp_path / name)
    routines = str(tmp_path / "routines-evil-printable.json")
    assert invoke("validate", routines) == (0, f"{routines}: ok\n", "")
    # Its exercises leave the season's bodyweight and band kit without a jump or a calf raise.
    season = tmp_path / "season-evil-routines-printable.yaml"
    code, _, err = invoke("solve", season, "-o", tmp_path / "plan.json")
    problem = f"{routines}: equipment: no plyometric, calf exercise fits this equipment"
    assert (code, err) == (2, f"liftplan: {problem}\n")
    assert invoke("validate", season) == (2, f"{problem}\n", "")


def two_week_team(tmp_path: Path, *own: dict[str, object]) -> Path:
    """team.json: one 2-week UTC season per athlete, with each athlete's ``own`` fields."""
    good = {"timezone": "UTC", "season": {"start": "2026-03-02", "weeks": 2}}
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"athletes": [{**good, **fields} for fields in own]}))
    return team


def test_a_team_lists_each_athlete_s_routines_file_problems_under_their_place(
    tmp_path: Path,
) -> None:
    # Batch reads each athlete's routines file and calls them INVALID; validate said "ok".
    shutil.copy(INJECTION / "routines-evil.json", tmp_path / "routines-evil.json")
    # A catalogue with an exercise of every pattern for any kit: the built-in one.
    shutil.copy(BUILT_IN_ROUTINES, tmp_path / "routines-good.yaml")
    team = two_week_team(
        tmp_path,
        {"id": "ana", "routines": "routines-good.yaml"},
        {"id": "ben", "routines": "routines-evil.json"},
        {"id": "cy", "routines": "missing.json"},
    )
    code, out, err = invoke("validate", str(team))
    assert code == 2 and err == ""
    evil = str((tmp_path / "routines-evil.json").resolve())
    missing = str((tmp_path / "missing.json").resolve())
    lines = out.splitlines()
    assert [line.split(": ")[:4] for line in lines] == [
        [str(team), "athletes[1]", "routines", evil],
        [str(team), "athletes[1]", "routines", evil],
        [str(team), "athletes[1]", "routines", evil],
        [str(team), "athletes[2]", "routines", missing],
    ]
    assert lines[0].split(": ")[4] == "exercises[6].name"
    assert lines[3].endswith(": no such file")
    # Fixed, the team is ok.
    good = {"routines": "routines-good.yaml"}
    two_week_team(tmp_path, {**good, "id": "ana"}, {**good, "id": "ben"}, {**good, "id": "cy"})
    assert invoke("validate", str(team)) == (0, f"{team}: ok\n", "")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a POSIX system")
def test_a_team_lists_each_athlete_s_calendar_and_runs_files_that_batch_could_not_read(
    tmp_path: Path,
) -> None:
    os.mkfifo(tmp_path / "fifo")
    (tmp_path / "a-folder").mkdir()
    team = two_week_team(
        tmp_path,
        {"id": "ana", "runs": {"from_csv": "fifo"}},
        {"id": "ben", "availability": {"from_ics": "a-folder"}},
        {"id": "cy", "runs": {"from_ics": "nope.ics"}},
    )
    code, out, err = invoke("validate", str(team))
    assert code == 2 and err == ""
    here = tmp_path.resolve()
    assert out.splitlines() == [
        f"{team}: athletes[0]: runs.from_csv: {here / 'fifo'} is a pipe (FIFO), not a regular file",
        f"{team}: athletes[1]: availability.from_ics: {here / 'a-folder'} is a directory, "
        "not a file",
        f"{team}: athletes[2]: runs.from_ics: {here / 'nope.ics'}: no such file",
    ]


def test_a_roster_lists_each_row_s_routines_file_problems(tmp_path: Path) -> None:
    season = tmp_path / "ben.yaml"
    season.write_text("timezone: UTC\nseason: {start: 2026-03-02, weeks: 2}\nroutines: /dev/zero\n")
    roster = tmp_path / "roster.csv"
    roster.write_text("id,season_file\nben,ben.yaml\n")
    code, out, err = invoke("validate", str(roster))
    assert (code, err) == (2, "")
    assert out == f"{roster}: row 2: routines: /dev/zero is a device, not a regular file\n"


def test_a_routines_file_s_number_given_as_true_is_a_problem(tmp_path: Path) -> None:
    """YAML's `true` is a boolean, which pydantic took as the number 1 (`rung: true`)."""
    routines = tmp_path / "routines.yaml"
    catalogue = (Path(__file__).parents[2] / "src/liftplan/data/routines.yaml").read_text()
    routines.write_text(catalogue.replace(", rung: 1}", ", rung: true}", 1))
    code, out, _ = invoke("validate", str(routines))
    assert code == 2
    assert "rung: expected a number, got true" in out


def test_a_team_lists_what_reading_each_athlete_s_calendar_and_runs_finds(
    tmp_path: Path,
) -> None:
    """validate said `ok` for a team whose athlete's calendar batch could not read (only the
    files' kinds were checked): now it lists what batch's INVALID row says, under the place."""
    hostile = Path(__file__).parents[1] / "cases" / "hostile"
    shutil.copy(hostile / "67-ics-text-garbage.ics", tmp_path / "busy.ics")
    (tmp_path / "runs.csv").write_text("date,start,minutes,kind\n2026-03-03,06:30,-5,easy\n")
    team = two_week_team(
        tmp_path,
        {"id": "ana"},
        {"id": "ben", "availability": {"from_ics": "busy.ics"}},
        {"id": "cy", "runs": {"from_csv": "runs.csv"}},
    )
    code, out, err = invoke("validate", str(team))
    assert code == 2 and err == ""
    lines = out.splitlines()
    assert [line.split(": ")[:3] for line in lines] == [
        [str(team), "athletes[1]", "availability.from_ics"],
        [str(team), "athletes[2]", "runs.from_csv"],
    ]
    code, _, _ = invoke("batch", str(team), "-o", str(tmp_path / "plans"), "-q")
    assert code == 2
    with (tmp_path / "plans" / "summary.csv").open() as stream:
        rows = {row["athlete"]: row for row in csv.DictReader(stream)}
    assert rows["ana"]["status"] != "INVALID"  # (no availability given: infeasible)
    for line, who in zip(lines, ("ben", "cy"), strict=True):
        assert rows[who]["status"] == "INVALID"
        assert line == rows[who]["error"]  # the place and field too


def test_validate_given_a_plan_says_so_in_one_line(tmp_path: Path) -> None:
    season = tmp_path / "season.yaml"
    season.write_text((Path(__file__).parents[2] / "examples" / "sample-week.yaml").read_text())
    plan = tmp_path / "plan.json"
    assert invoke("solve", season, "-o", plan)[0] == 0
    code, out, err = invoke("validate", plan)
    assert code == 2
    lines = (out + err).strip().splitlines()
    assert lines == [
        f"{plan}: is a plan file, not a season: `liftplan check SEASON PLAN` checks a plan"
    ], lines


def test_validate_refuses_a_catalogue_without_an_exercise_of_each_pattern_as_solve_does(
    tmp_path: Path,
) -> None:
    """Found by a breaker session: a season whose routines file has no push, pull, ...
    exercise for its equipment was "ok" to validate, and solve then refused it (exit 2)."""
    routines = tmp_path / "r-sq.yaml"
    routines.write_text(
        "exercises:\n"
        "  - {name: Bodyweight squat, pattern: squat, equipment: [bodyweight], rung: 1}\n"
        "  - {name: Glute bridge, pattern: hinge, equipment: [bodyweight], rung: 1}\n"
        "variations:\n"
        '  - {name: progressive_load, label: "more weight each week", tempo: "2-0-1-0", '
        "rest_s: 150}\n"
        '  - {name: short_rest, label: "shorter rest", tempo: "2-0-1-0", rest_s: 90}\n'
    )
    season = tmp_path / "season.yaml"
    season.write_text((EXAMPLES / "sample-week.yaml").read_text() + "routines: r-sq.yaml\n")
    code, out, err = invoke("solve", season, "-o", tmp_path / "plan.json")
    assert code == 2 and out == ""
    (said,) = err.splitlines()
    assert said.startswith(f"liftplan: {routines}: equipment: no ") and "push" in said
    code, out, err = invoke("validate", season)
    assert (code, err) == (2, "")
    assert out.splitlines() == [said.removeprefix("liftplan: ")]
    assert not (tmp_path / "plan.json").exists()


def test_a_team_athlete_whose_catalogue_misses_a_pattern_for_their_kit_is_listed(
    tmp_path: Path,
) -> None:
    """Batch calls such an athlete INVALID (no workout without a jump or a calf raise)."""
    shutil.copy(INJECTION / "routines-evil-printable.json", tmp_path / "r.json")
    team = two_week_team(tmp_path, {"id": "ana", "routines": "r.json"}, {"id": "ben"})
    code, out, err = invoke("validate", str(team))
    assert (code, err) == (2, "")
    assert out.splitlines() == [
        f"{team}: athletes[0]: equipment: no plyometric, calf exercise fits this equipment"
    ]


def test_a_team_athlete_s_one_rep_maxes_are_validated_as_batch_refuses_them(
    tmp_path: Path,
) -> None:
    """`validate` said ok to one-rep maxes that batch and --athlete refuse (an unknown
    exercise, a load below the empty bar); now each is a line naming the athlete's place."""
    team = tmp_path / "team.yaml"
    team.write_text(
        "defaults:\n"
        "  timezone: Europe/Oslo\n"
        "  season: {start: 2026-03-02, weeks: 2}\n"
        '  availability: {weekly: {tue: ["17:00-20:00"], thu: ["17:00-20:00"]}}\n'
        "athletes:\n"
        "  - {id: ana}\n"
        "  - {id: cy, athlete: {one_rep_max: {Bak squat: 100}}}\n"
        "  - {id: dee, athlete: {one_rep_max: {Back squat: 5}}}\n"
    )
    code, out, err = invoke("validate", team)
    assert code == 2
    lines = (out + err).splitlines()
    unknown = "unknown exercise: no 'Bak squat' in the built-in catalogue"
    assert f"{team}: athletes[1]: athlete.one_rep_max.Bak squat: {unknown}" in lines
    low = "5 kg is below an empty 20 kg bar"
    assert f"{team}: athletes[2]: athlete.one_rep_max.Back squat: {low}" in lines
    code, _, err = invoke("batch", team, "-o", tmp_path / "plans", "--quiet")
    assert code == 2
    assert "athletes[1]: athlete.one_rep_max.Bak squat: unknown exercise" in err
