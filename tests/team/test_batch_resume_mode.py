"""`batch --resume` keeps a plan only when it was made in the same mode from the same input:
a joint plan is never kept as a solo one (or the reverse), and `--joint --resume` keeps the
team's plans when nothing changed, re-planning everyone, and saying so, when anything did."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from conftest import ROBUSTNESS_CASES, immutable, invoke
from liftplan.check import check_plan
from liftplan.io.plan_file import load_plan
from liftplan.io.team_file import load_team, member_season

CASE = "05-group-zero-sessions-silent"


def team_file(tmp_path: Path) -> Path:
    shutil.copytree(ROBUSTNESS_CASES / CASE, tmp_path / CASE)
    return tmp_path / CASE / "team.yaml"


def batch(team: Path, out: Path, *flags: str) -> tuple[int, str]:
    code, _, err = invoke("batch", team, "-o", out, *flags)
    return code, err


def plans_checked(team: Path, out: Path) -> dict[str, bytes]:
    """Every athlete's plan.json through the independent checker; the files' bytes by id."""
    files = {}
    for athlete in load_team(team).athletes:
        season = member_season(athlete)
        path = out / f"{athlete.stem}.json"
        report = check_plan(season, load_plan(path, season.timezone))
        assert report.ok, [str(v) for v in report.violations]
        files[athlete.id] = path.read_bytes()
    return files


def hashes(out: Path) -> dict[str, str]:
    with (out / "summary.csv").open(encoding="utf-8") as file:
        return {row["athlete"]: row["input_hash"] for row in csv.DictReader(file)}


def test_a_joint_plan_is_not_kept_by_a_solo_resume(tmp_path: Path) -> None:
    team = team_file(tmp_path)
    out, alone = tmp_path / "plans", tmp_path / "alone"
    assert batch(team, out, "--joint")[0] == 0
    joint = plans_checked(team, out)
    assert batch(team, alone)[0] == 0
    solo = plans_checked(team, alone)
    assert joint["ana"] != solo["ana"]  # sharing the room moved ana's lifts

    code, err = batch(team, out, "--resume")
    assert code == 0
    assert "solved 4 now, 0 already up to date" in err
    assert plans_checked(team, out) == solo
    assert hashes(out) == hashes(alone)
    # the folder now holds what a solo run writes: no stale joint report
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in alone.iterdir())


def test_a_solo_plan_is_not_kept_by_a_joint_resume_and_it_says_so(tmp_path: Path) -> None:
    team = team_file(tmp_path)
    out, together = tmp_path / "plans", tmp_path / "together"
    assert batch(team, out)[0] == 0
    assert batch(team, together, "--joint")[0] == 0

    code, err = batch(team, out, "--joint", "--resume")
    assert code == 0
    assert "planning all 4 athletes together again" in err
    assert "solved 4 now" in err
    assert plans_checked(team, out) == plans_checked(team, together)
    assert hashes(out) == hashes(together) != {}


def test_a_joint_resume_with_nothing_changed_keeps_every_plan(tmp_path: Path) -> None:
    team = team_file(tmp_path)
    out = tmp_path / "plans"
    assert batch(team, out, "--joint")[0] == 0
    before = plans_checked(team, out)
    summary = (out / "summary.csv").read_bytes()
    (out / "ana.json").write_bytes(before["ana"] + b" ")  # marks the file: kept, not rewritten

    code, err = batch(team, out, "--joint", "--resume")
    assert code == 0
    assert "solved 0 now, 4 already up to date" in err
    assert "together again" not in err
    assert (out / "ana.json").read_bytes() == before["ana"] + b" "
    assert (out / "summary.csv").read_bytes() == summary


def test_a_joint_resume_after_the_room_changed_plans_everyone_again(tmp_path: Path) -> None:
    team = team_file(tmp_path)
    out = tmp_path / "plans"
    assert batch(team, out, "--joint")[0] == 0
    old = hashes(out)
    team.write_text(team.read_text().replace("capacity: 2", "capacity: 3"))

    code, err = batch(team, out, "--joint", "--resume")
    assert code == 0
    assert "joint: the team, its room or groups changed since the last run" in err
    assert "planning all 4 athletes together again" in err
    assert "solved 4 now, 0 already up to date" in err
    plans_checked(team, out)
    new = hashes(out)
    assert all(new[athlete] != old[athlete] for athlete in old)  # the room is everyone's


def test_a_joint_resume_after_a_plan_file_went_says_whose(tmp_path: Path) -> None:
    """Nothing changed but one athlete's plan.json is gone: the line says that (not that the
    team, its room or groups changed), and everyone is planned together again, as before."""
    team = team_file(tmp_path)
    out = tmp_path / "plans"
    assert batch(team, out, "--joint")[0] == 0
    before = plans_checked(team, out)
    (out / "ana.json").unlink()

    code, err = batch(team, out, "--joint", "--resume")
    assert code == 0
    assert f"joint: ana's plan files are not all in {out}: planning all 4 athletes" in err
    assert "changed since the last run" not in err
    assert plans_checked(team, out) == before  # the same input: the same joint plans


def test_a_joint_resume_without_the_summary_says_so(tmp_path: Path) -> None:
    team = team_file(tmp_path)
    out = tmp_path / "plans"
    assert batch(team, out, "--joint")[0] == 0
    (out / "summary.csv").unlink()
    code, err = batch(team, out, "--joint", "--resume")
    assert code == 0
    assert f"joint: no earlier run's summary.csv in {out}: planning all 4 athletes" in err
    assert "changed since the last run" not in err


def test_a_joint_run_that_cannot_write_a_plan_is_never_kept_by_a_resume(tmp_path: Path) -> None:
    """Ben's plan is immutable when the team is planned together again with shorter lifts:
    exit 2, ana's new plan is in place but the folder holds no one joint plan. Its summary
    says which plans are new, so a --resume of the first team plans everyone again (it used
    to call every plan up to date, ana's 40-minute lifts beside the others' 45)."""
    team = team_file(tmp_path)
    out = tmp_path / "plans"
    original = team.read_text()
    assert batch(team, out, "--joint")[0] == 0
    before = plans_checked(team, out)
    team.write_text(original.replace("minutes: 45", "minutes: 40"))
    with immutable(out / "ben.json"):
        code, err = batch(team, out, "--joint")
    assert code == 2 and f"{out / 'ben.json'}: cannot write" in err, err
    assert (out / "ana.json").read_bytes() != before["ana"]
    assert not (out / "joint.json").exists()

    team.write_text(original)
    code, err = batch(team, out, "--joint", "--resume")
    assert code == 0, err
    assert "planning all 4 athletes together again" in err
    assert plans_checked(team, out) == before
