"""`liftplan batch TEAM -o DIR` never writes a plan over a file it reads: a roster
`roster.csv` with an athlete `roster` planned into its own folder (`-o .`) was replaced by
that athlete's plan.csv (or deleted, with no plan for them this run); so were a team.json
whose name is an athlete's, and a calendar or running plan a season reads that sits in DIR
under a plan's name. Refused before any solve: exit 2, one line naming the file and the
athlete, nothing written."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from conftest import guide_team, invoke
from liftplan.io.team_file import ROSTER_TEMPLATE


def refused(team: Path, out: Path, read: Path, athlete: str, plan: str) -> None:
    """The batch of ``team`` into ``out`` exits 2 with one line: ``read`` would be replaced
    by ``athlete``'s ``plan``; every file of ``out`` as it was."""
    before = {path.name: path.read_bytes() for path in out.iterdir()}
    code, stdout, err = invoke("batch", team, "-o", out)
    assert (code, stdout) == (2, ""), err
    assert err == (
        f"liftplan: {read}: is read by this batch, and the plan of athlete {athlete} "
        f"({out / plan}) would replace it: write the plans to another folder (-o)\n"
    )
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def test_a_roster_is_not_replaced_by_the_plan_of_an_athlete_of_its_name(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER_TEMPLATE.replace("\nben,", "\nroster,"), encoding="utf-8")
    refused(roster, tmp_path, roster, "roster", "roster.csv")


def test_a_team_file_is_not_replaced_by_the_plan_of_an_athlete_of_its_name(
    tmp_path: Path,
) -> None:
    document = yaml.safe_load(guide_team(tmp_path, "ana", "squad").read_text(encoding="utf-8"))
    (tmp_path / "team.yaml").unlink()
    squad = tmp_path / "squad.json"
    squad.write_text(json.dumps(document), encoding="utf-8")
    refused(squad, tmp_path, squad, "squad", "squad.json")


def test_a_running_plan_a_season_reads_is_not_replaced_by_a_plan(tmp_path: Path) -> None:
    """Ana's runs come from `ben.csv` in the plans' folder: Ben's plan.csv would be it."""
    (tmp_path / "plans").mkdir()
    team = guide_team(tmp_path, "ana")
    document = yaml.safe_load(team.read_text(encoding="utf-8"))
    runs = tmp_path / "plans" / "ben.csv"
    runs.write_text("date,start,minutes,kind\n2026-03-03,06:30,60,track\n", encoding="utf-8")
    document["athletes"][0]["runs"] = {"from_csv": str(runs)}
    document["athletes"].append({"id": "ben", "name": "Ben"})
    team.write_text(yaml.safe_dump(document), encoding="utf-8")
    refused(team, tmp_path / "plans", runs, "ben", "ben.csv")


def test_a_batch_into_the_team_files_own_folder_plans_as_ever(tmp_path: Path) -> None:
    team = guide_team(tmp_path, "ana", "ben")
    text = team.read_bytes()
    code, _, err = invoke("batch", team, "-o", tmp_path, "--quiet")
    assert code == 0, err
    assert team.read_bytes() == text
    for athlete in ("ana", "ben"):
        plan = tmp_path / f"{athlete}.json"
        code, stdout, err = invoke("check", team, plan, "--athlete", athlete)
        assert code == 0, stdout + err


def test_a_team_file_of_one_of_the_batchs_own_names_is_not_replaced(tmp_path: Path) -> None:
    """A roster saved as summary.csv, a team file as joint.json, run with `-o .`: the
    batch's summary overwrote the roster, and a solo batch deleted the joint.json it found
    (the team file); refused the same way."""
    roster = tmp_path / "summary.csv"
    roster.write_text(ROSTER_TEMPLATE, encoding="utf-8")
    joint = tmp_path / "joint.json"
    document = yaml.safe_load(guide_team(tmp_path, "ana").read_text(encoding="utf-8"))
    joint.write_text(json.dumps(document), encoding="utf-8")
    for team, name in ((roster, "summary.csv"), (joint, "joint.json")):
        before = {path.name: path.read_bytes() for path in tmp_path.iterdir()}
        code, stdout, err = invoke("batch", team, "-o", tmp_path)
        assert (code, stdout) == (2, ""), err
        assert err == (
            f"liftplan: {team}: is read by this batch, and its {name} ({tmp_path / name}) "
            "would replace it: write the plans to another folder (-o)\n"
        )
        assert {path.name: path.read_bytes() for path in tmp_path.iterdir()} == before
