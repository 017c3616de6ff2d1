"""What the README's "Team ids" says, at the command line: an id that is not a file name is
planned under a safe file stem, and two ids with one stem are a bad team file (exit 2)."""

from __future__ import annotations

import csv
from pathlib import Path

from conftest import guide_team, invoke
from liftplan.check import check_plan
from liftplan.io.plan_file import load_plan
from liftplan.io.team_file import load_team, member_season


def test_ids_that_are_not_file_names_are_planned_under_a_safe_stem(tmp_path: Path) -> None:
    path, out = guide_team(tmp_path, "a/b", "Cy/O'Neil"), tmp_path / "plans"
    code, _, err = invoke("batch", path, "-o", out)
    assert code == 0, err
    with (out / "summary.csv").open(encoding="utf-8") as file:
        rows = {row["athlete"]: row["file"] for row in csv.DictReader(file)}
    assert rows == {"a/b": "a_b", "Cy/O'Neil": "Cy_O_Neil"}
    for athlete in load_team(path).athletes:
        season = member_season(athlete)
        plan = load_plan(out / f"{rows[athlete.id]}.json", season.timezone)
        assert check_plan(season, plan).ok


def test_two_ids_with_one_file_stem_are_exit_2_and_nothing_is_written(tmp_path: Path) -> None:
    path, out = guide_team(tmp_path, "a/b", "a_b"), tmp_path / "plans"
    code, _, err = invoke("batch", path, "-o", out)
    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert "'a_b' names the same files (a_b.*) as athletes[0] ('a/b')" in err
    assert not out.exists()
