"""`--athlete ID`: one athlete of a club's team file, for the commands a coach runs on one
runner (solve, check, explain, compare, replan), with the season `batch` planned for them.
Before it, each refused the team file and the coach had to write that season out by hand."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import invoke
from conftest import robustness_case as case


@pytest.fixture
def club(tmp_path: Path) -> tuple[Path, Path]:
    """A four-athlete club (its own availability per athlete, defaults shared) batch-planned:
    (team.yaml, the plans' folder)."""
    team = case(tmp_path, "04-group-over-capacity") / "team.yaml"
    code, _, err = invoke("batch", team, "-o", tmp_path / "plans", "--quiet")
    assert code == 0, err
    return team, tmp_path / "plans"


def lift_times(plan: Path) -> list[tuple[str, str]]:
    sessions = json.loads(plan.read_text())["sessions"]
    return [(s["start"], s["end"]) for s in sessions if s["activity"] == "lift"]


def test_check_and_solve_one_athlete_of_a_team_as_the_batch_planned_them(
    club: tuple[Path, Path],
) -> None:
    team, plans = club
    for athlete, stem in (("ana", "ana"), ("Cy/O'Neil", "Cy_O_Neil")):
        code, out, err = invoke("check", team, plans / f"{stem}.json", "--athlete", athlete)
        assert code == 0, out + err
        assert out.startswith(f"{plans / stem}.json: OK, ")
        own = team.parent / f"{stem}.json"
        code, _, err = invoke("solve", team, "--athlete", athlete, "-o", own)
        assert code == 0, err
        assert lift_times(own) == lift_times(plans / f"{stem}.json")
        assert json.loads(own.read_text())["athlete"] == athlete
        code, out, err = invoke("check", team, own, "--athlete", athlete)
        assert code == 0, out + err


def test_replan_explain_and_compare_one_athlete_of_a_team(club: tuple[Path, Path]) -> None:
    team, plans = club
    new = team.parent / "ben-new.json"
    code, _, err = invoke(
        "replan", team, plans / "ben.json", "--athlete", "ben", "--from", "2026-03-11",
        "--missed", "2026-03-10", "-o", new,
    )  # fmt: skip
    assert code == 0, err
    assert "re-planned from 2026-03-11" in err
    code, out, err = invoke("check", team, new, "--athlete", "ben")
    assert code == 0, out + err
    code, out, err = invoke("explain", team, "--athlete", "ana")
    assert code == 0, err
    assert out.startswith("OPTIMAL")
    code, out, err = invoke(
        "compare", team, "--athlete", "ana", "--scenario", "later=rules.recovery_hours=48"
    )
    assert code in (0, 3), err
    assert "later" in out


def test_an_athlete_the_team_lacks_or_no_athlete_at_all_is_one_line(
    club: tuple[Path, Path],
) -> None:
    team, plans = club
    code, out, err = invoke("solve", team, "--athlete", "zed")
    assert code == 2 and out == ""
    ids = "ana, ben, Cy/O'Neil, dee"
    assert err == f"liftplan: {team}: athletes: no athlete 'zed' (the ids: {ids})\n"
    code, _, err = invoke("check", team, plans / "ana.json")
    assert code == 2
    assert err.strip().endswith("or --athlete ID for one athlete"), err
    assert len(err.splitlines()) == 1
    # Another athlete's plan: named as such, as for a season file with an id.
    code, _, err = invoke("check", team, plans / "ana.json", "--athlete", "ben")
    assert code == 2
    assert "this plan is for athlete 'ana', not 'ben'" in err


def test_a_season_file_is_a_team_of_one(tmp_path: Path) -> None:
    season = Path(__file__).parents[2] / "examples" / "sample-week.yaml"
    plan = tmp_path / "plan.json"
    code, _, err = invoke("solve", season, "--athlete", "sample-week", "-o", plan)
    assert code == 0, err
    code, out, err = invoke("check", season, plan)
    assert code == 0, out + err
    code, _, err = invoke("solve", season, "--athlete", "ana")
    assert code == 2
    assert "no athlete 'ana' (the ids: sample-week)" in err


def test_a_roster_is_a_team_too_and_a_plan_file_is_named_as_such(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    code, out, err = invoke("init", "--roster-template")
    assert code == 0, err
    # A cell that is a mapping: read as YAML, the roster was parser noise, not a roster.
    header, *rows = out.splitlines()
    rows[0] += ',"{min: 1, max: 2}"'
    rows[1] += ","
    roster.write_text("\n".join([f"{header},lifting.per_week", *rows]) + "\n")
    code, _, err = invoke("solve", roster)
    assert code == 2
    assert err == (
        f"liftplan: {roster}: a season is YAML or JSON; a CSV is a roster: "
        f"use `liftplan batch {roster}`, or --athlete ID for one athlete\n"
    )
    plan = tmp_path / "ana.json"
    code, _, err = invoke("solve", roster, "--athlete", "ana", "-o", plan)
    assert code == 0, err
    code, out, err = invoke("check", roster, plan, "--athlete", "ana")
    assert code == 0, out + err
    code, _, err = invoke("solve", roster, "--athlete", "zed")
    assert code == 2
    assert err == f"liftplan: {roster}: id: no athlete 'zed' (the ids: ana, ben)\n"
    code, _, err = invoke("solve", plan, "--athlete", "ana")
    assert code == 2
    assert err == (
        f"liftplan: {plan}: is a plan file, not a season: give the season first (SEASON PLAN)\n"
    )


def test_an_athlete_s_one_rep_max_is_checked_as_a_season_file_s(club: tuple[Path, Path]) -> None:
    """Below an empty bar: a season file said so, a team member was planned at 2.5 kg."""
    team, _ = club
    text = team.read_text().replace(
        "  - {id: ana, name: Ana Alvarez}",
        "  - {id: ana, name: Ana Alvarez, athlete: {one_rep_max: {Back squat: 5}}}",
    )
    assert text != team.read_text()
    team.write_text(text)
    code, out, err = invoke("solve", team, "--athlete", "ana")
    assert (code, out) == (2, "")
    assert err == (
        f"liftplan: {team}: athletes[0]: athlete.one_rep_max.Back squat: "
        "5 kg is below an empty 20 kg bar\n"
    ), err
    # The batch plans the others and lists her as invalid, in the same words.
    out = team.parent / "again"
    code, _, err = invoke("batch", team, "-o", out, "--quiet")
    assert code == 2, err
    rows = {row["athlete"]: row for row in csv.DictReader((out / "summary.csv").open())}
    assert rows["ana"]["status"] == "INVALID"
    assert rows["ana"]["error"].endswith("5 kg is below an empty 20 kg bar")
    assert [rows[a]["status"] for a in ("ben", "dee")] == ["OPTIMAL", "OPTIMAL"]


def test_an_id_that_prints_as_another_is_listed_escaped(tmp_path: Path) -> None:
    team = case(tmp_path, "04-group-over-capacity") / "team.yaml"
    text = team.read_text().replace("groups: [", "# groups: [")  # no group names ben
    text = text.replace("id: ben", 'id: "ana\\u200b"').replace("id: dee", 'id: "dee, ana "')
    team.write_text(text)
    code, _, err = invoke("solve", team, "--athlete", "zed")
    assert code == 2
    assert "(the ids: ana, 'ana\\u200b', Cy/O'Neil, 'dee, ana ')" in err, err


def test_a_team_file_of_defaults_only_is_named_a_team_file(tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text("defaults: {timezone: Europe/Oslo}\n")
    code, _, err = invoke("solve", team)
    assert code == 2
    assert err == (
        f"liftplan: {team}: is a team file: use `liftplan batch {team}`, "
        "or --athlete ID for one athlete\n"
    )


def test_explain_s_repairs_run_as_printed_for_one_athlete_with_sets(tmp_path: Path) -> None:
    """Each repair's `liftplan solve` line, run as printed, solves: it keeps --athlete and
    the --set given (they were left out: the line was refused as a team file's)."""
    import shlex

    from ruamel.yaml import YAML

    infeasible = Path(__file__).parents[2] / "examples" / "infeasible" / "masters-half.yaml"
    team = tmp_path / "team.yaml"
    yaml = YAML(typ="safe", pure=True)
    season = yaml.load(infeasible.read_text())
    with team.open("w") as stream:
        yaml.dump({"athletes": [{**season, "id": "ana"}]}, stream)
    code, out, err = invoke("explain", team, "--athlete", "ana", "--set", "lifting.minutes=50")
    assert code == 3, err
    assert out.startswith(f"INFEASIBLE: {team} (athlete ana) has no plan")
    commands = [line.strip() for line in out.splitlines() if line.strip().startswith("liftplan ")]
    assert commands
    for command in commands:
        args = shlex.split(command)[1:]
        assert args[:5] == ["solve", str(team), "--athlete", "ana", "--set"]
        assert args[5] == "lifting.minutes=50"
        code, _, err = invoke(*args, "-o", tmp_path / "repaired.json")
        assert code == 0, (command, err)
        code, out_check, err = invoke(
            "check", team, tmp_path / "repaired.json", "--athlete", "ana",
            *args[args.index("--set"):],
        )  # fmt: skip
        assert code == 0, out_check + err
