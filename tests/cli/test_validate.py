"""`liftplan validate FILE` lists every problem; other commands show one and point to it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from liftplan.cli.app import cli

CASES = Path(__file__).parents[1] / "cases" / "robustness"
EXAMPLES = Path(__file__).parents[2] / "examples"


def invoke(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


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
