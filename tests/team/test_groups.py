"""Coached groups in a joint batch, at the command line: never over the room's capacity,
a week without a group session says why, and every plan file labels the group's lifts."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import icalendar
import pandas as pd
from click.testing import CliRunner

from liftplan.check import check_plan
from liftplan.cli.app import cli
from liftplan.io.plan_file import load_plan
from liftplan.io.team_file import load_team, member_season

CASES = Path(__file__).parents[1] / "cases" / "robustness"
JOINT_CASES = Path(__file__).parents[1] / "cases" / "joint"


def batch(team: Path, *formats: str) -> tuple[int, str, Path]:
    out = team.parent / "plans"
    args = ["batch", str(team), "-o", str(out), "--joint"]
    for fmt in formats:
        args += ["--format", fmt]
    result = CliRunner().invoke(cli, args)
    return result.exit_code, result.stderr, out


def case(tmp_path: Path, name: str) -> Path:
    shutil.copytree(CASES / name, tmp_path / name)
    return tmp_path / name / "team.yaml"


def checked(team: Path, out: Path) -> dict[str, object]:
    """Every athlete's plan.json through the independent checker; the plans by athlete."""
    plans = {}
    for athlete in load_team(team).athletes:
        season = member_season(athlete)
        plan = load_plan(out / f"{athlete.stem}.json", season.timezone)
        report = check_plan(season, plan)
        assert report.ok, [str(v) for v in report.violations]
        plans[athlete.id] = plan
    return plans


def test_a_group_larger_than_the_room_is_exit_3_naming_the_group_and_weeks(
    tmp_path: Path,
) -> None:
    code, err, out = batch(case(tmp_path, "04-group-over-capacity"))
    assert code == 3
    assert "group squad: weeks 1-4: 3 members, but the room has 2 places" in err
    assert "joint: objective" not in err  # the figures of a plan it does not write
    joint = json.loads((out / "joint.json").read_text())
    assert joint["peak_occupancy"] <= joint["capacity"] == 2
    assert joint["over_capacity"] == [
        "group squad: weeks 1-4: 3 members, but the room has 2 places"
    ]
    # All or nothing: no plan that crowds the room is written.
    assert sorted(p.name for p in out.iterdir()) == ["joint.json"]


def test_a_group_larger_than_the_room_leaves_an_earlier_run_as_it_was(tmp_path: Path) -> None:
    """The same club with a room of 3 first, then of 2 into the same folder: the failed run
    changes no file (its joint.json would have stood for the earlier plans), and --resume
    with the room of 3 keeps that run's report."""
    team = case(tmp_path, "04-group-over-capacity")
    roomy = team.read_text().replace("capacity: 2,", "capacity: 3,")
    team.write_text(roomy)
    code, err, out = batch(team)
    assert code == 0, err
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    assert json.loads(before["joint.json"])["capacity"] == 3
    team.write_text(roomy.replace("capacity: 3,", "capacity: 2,"))
    code, err, _ = batch(team)
    assert code == 3
    assert "group squad: weeks 1-4: 3 members, but the room has 2 places" in err
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    # A summary of no row (a run stopped at once) or not ours (no `athlete` column): the
    # folder is not an earlier run's; the second crashed the batch (KeyError, exit 1).
    for name, text in (("header", "athlete,file,status\n"), ("foreign", "x,y\n1,2\n")):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "summary.csv").write_text(text)
        team.write_text(roomy.replace("capacity: 3,", "capacity: 2,"))
        result = CliRunner().invoke(cli, ["batch", str(team), "-o", str(folder), "--joint"])
        assert result.exit_code == 3, result.stderr
        assert sorted(p.name for p in folder.iterdir()) == ["summary.csv"]
        team.write_text(roomy)
        result = CliRunner().invoke(cli, ["batch", str(team), "-o", str(folder)])
        assert result.exit_code == 0, result.stderr
        checked(team, folder)
    # Into a folder of a failed run alone, the newer report replaces the older one.
    failed = tmp_path / "failed"
    for name in ("squad", "crew"):
        team.write_text(roomy.replace("capacity: 3,", "capacity: 2,").replace("squad", name))
        result = CliRunner().invoke(cli, ["batch", str(team), "-o", str(failed), "--joint"])
        assert result.exit_code == 3, result.stderr
        assert sorted(p.name for p in failed.iterdir()) == ["joint.json"]
        assert f"group {name}:" in (failed / "joint.json").read_text()
    team.write_text(roomy)
    result = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out), "--joint", "--resume"])
    assert result.exit_code == 0, result.stderr
    assert "already up to date" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    checked(team, out)


TWO_GROUPS = (
    "groups: [{name: squad, athletes: [ana, ben], sessions_per_week: 2}, "
    '{name: pair, athletes: [dee, "Cy/O\'Neil"], sessions_per_week: 1}]'
)


def test_two_groups_leave_the_others_solo_lifts_the_places_still_free(tmp_path: Path) -> None:
    """A group's fixed session and other athletes' own lifts clash alone (4 people in a room
    of 3); the solo lifts move to the places the groups leave, never over capacity."""
    team = case(tmp_path, "04-group-over-capacity")
    text = team.read_text().replace("capacity: 2", "capacity: 3")
    text = text.replace(
        "groups: [{name: squad, athletes: [ana, ben, dee], sessions_per_week: 1}]", TWO_GROUPS
    )
    team.write_text(text)
    code, err, out = batch(team)
    assert code == 0, err
    joint = json.loads((out / "joint.json").read_text())
    assert joint["peak_occupancy"] <= joint["capacity"] == 3 and joint["over_capacity"] == []
    assert joint["groups"]["squad"]["sessions"] == 8 and joint["groups"]["pair"]["sessions"] == 4
    plans = checked(team, out)
    assert all(plan.status.solved for plan in plans.values())


def test_a_group_without_a_common_time_says_why_on_stderr_and_in_joint_json(
    tmp_path: Path,
) -> None:
    team = case(tmp_path, "05-group-zero-sessions-silent")
    code, err, out = batch(team)
    assert code == 0, err
    why = "the members' lifts last different times (ana 45 min, ben 60 min, dee 45 min)"
    assert f"group squad: weeks 1-4: {why}" in err
    squad = json.loads((out / "joint.json").read_text())["groups"]["squad"]
    assert squad["sessions"] == 0 and squad["weeks_without"] == [1, 2, 3, 4]
    assert all(reason.startswith(why) for reason in squad["reasons"].values())
    checked(team, out)


def test_a_group_without_a_common_time_is_noted_in_each_member_s_summary_row(
    tmp_path: Path,
) -> None:
    team = case(tmp_path, "05-group-zero-sessions-silent")
    code, err, out = batch(team)
    assert code == 0, err
    rows = {row["athlete"]: row for row in csv.DictReader((out / "summary.csv").open())}
    why = "the members' lifts last different times (ana 45 min, ben 60 min, dee 45 min)"
    for member in ("ana", "ben", "dee"):
        assert rows[member]["note"].startswith(f"group squad: weeks 1-4: {why}")
    assert rows["Cy/O'Neil"]["note"] == ""  # not in the group
    checked(team, out)


def test_resume_reads_a_summary_written_before_the_note_column(tmp_path: Path) -> None:
    team = case(tmp_path, "05-group-zero-sessions-silent")
    out = tmp_path / "plans"
    first = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out)])
    assert first.exit_code == 0, first.stderr
    old = [
        {key: value for key, value in row.items() if key != "note"}
        for row in csv.DictReader((out / "summary.csv").open())
    ]
    with (out / "summary.csv").open("w", newline="") as file:  # as an older liftplan wrote it
        writer = csv.DictWriter(file, fieldnames=list(old[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(old)
    again = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out), "--resume"])
    assert again.exit_code == 0, again.stderr
    assert "solved 0 now, 4 already up to date" in again.stderr
    rows = list(csv.DictReader((out / "summary.csv").open()))
    assert [row["status"] for row in rows] == [row["status"] for row in old]
    assert all(row["note"] == "" for row in rows)


def test_every_plan_file_labels_the_group_s_lifts(tmp_path: Path) -> None:
    team = case(tmp_path, "04-group-over-capacity")
    team.write_text(team.read_text().replace("capacity: 2", "capacity: 3"))
    code, err, out = batch(team, "json", "csv", "ics", "html", "xlsx")
    assert code == 0, err
    joint = json.loads((out / "joint.json").read_text())
    assert joint["groups"]["squad"]["sessions"] == 4 and joint["peak_occupancy"] <= 3
    plans = checked(team, out)
    for athlete in ("ana", "ben", "dee", "Cy/O'Neil"):
        stem = "Cy_O_Neil" if athlete.startswith("Cy") else athlete
        grouped = [lift.start for lift in plans[athlete].lifts if lift.group == "squad"]
        assert len(grouped) == (0 if stem == "Cy_O_Neil" else 4)
        sheet = pd.read_excel(out / f"{stem}.xlsx", sheet_name="plan")
        calendar = icalendar.Calendar.from_ical((out / f"{stem}.ics").read_bytes())
        summaries = [str(e.get("SUMMARY")) for e in calendar.walk("VEVENT")]
        page = (out / f"{stem}.html").read_text()
        if grouped:
            assert list(sheet["group"].fillna("")).count("squad") == 4
            assert sum(s.endswith(" with squad") for s in summaries) == 4
            assert page.count("with squad") == 4
        else:
            assert "group" not in sheet.columns and "squad" not in page
    # The same labels in the CSV the batch writes by default.
    code, err, out = batch(team)
    assert code == 0, err
    rows = pd.read_csv(io.StringIO((out / "ana.csv").read_text()), dtype=str).fillna("")
    lifts = rows[rows["activity"] == "lift"]
    assert list(lifts["group"]).count("squad") == 4


def test_the_team_page_labels_group_sessions_and_says_when_a_group_cannot_meet(
    tmp_path: Path,
) -> None:
    team = case(tmp_path, "04-group-over-capacity")
    team.write_text(team.read_text().replace("capacity: 2", "capacity: 3"))
    code, err, out = batch(team)
    assert code == 0, err
    checked(team, out)
    page = (out / "team.html").read_text()
    assert page.count('<td class="L G') == 4 * 3  # 4 weeks, 3 members
    assert "17:30 squad" in page or "18:00 squad" in page
    assert "<h2>Groups</h2>" not in page
    apart = case(tmp_path, "05-group-zero-sessions-silent")
    code, err, out = batch(apart)
    assert code == 0, err
    checked(apart, out)
    page = (out / "team.html").read_text()
    assert "<h2>Groups</h2>" in page and "group squad: weeks 1-4: the members" in page
    assert '<td class="L G' not in page


def test_an_infeasible_athlete_in_a_joint_batch_gets_the_week_by_week_diagnosis(
    tmp_path: Path,
) -> None:
    team = case(tmp_path, "04-group-over-capacity")
    text = team.read_text().replace("capacity: 2", "capacity: 3")
    text = text.replace(
        "lifting: {per_week: {min: 2, max: 3, target: 3}, minutes: 45}",
        "lifting: {per_week: {min: 7, max: 7, target: 7}, minutes: 45}",
    )
    team.write_text(text)
    code, err, out = batch(team)
    assert code == 3, err
    joint_row = {r["athlete"]: r for r in csv.DictReader((out / "summary.csv").open())}["ben"]
    alone = CliRunner().invoke(cli, ["batch", str(team), "-o", str(tmp_path / "alone")])
    solo_row = {r["athlete"]: r for r in csv.DictReader((tmp_path / "alone/summary.csv").open())}
    assert joint_row["status"] == solo_row["ben"]["status"] == "INFEASIBLE", alone.stderr
    assert joint_row["error"] == solo_row["ben"]["error"]
    assert joint_row["error"].startswith("week") or "week" in joint_row["error"]
    assert "see explain" not in joint_row["error"]
    assert joint_row["error"] in (out / "team.html").read_text().replace("&#x27;", "'")
    plans = {a: p for a, p in checked_solved(team, out).items()}
    assert set(plans) == {"ana", "dee", "Cy/O'Neil"}


def checked_solved(team: Path, out: Path) -> dict[str, object]:
    """The solved athletes' plans through the independent checker."""
    plans = {}
    for athlete in load_team(team).athletes:
        path = out / f"{athlete.stem}.json"
        if not path.exists():
            continue
        season = member_season(athlete)
        plan = load_plan(path, season.timezone)
        report = check_plan(season, plan)
        assert report.ok, [str(v) for v in report.violations]
        plans[athlete.id] = plan
    return plans


def joint_case(tmp_path: Path, name: str) -> tuple[str, dict[str, Any], dict[str, object]]:
    """The joint batch of case ``name`` (tests/cases/joint): stderr, joint.json and every
    plan, checked; the batch must succeed."""
    team = tmp_path / "team.yaml"
    shutil.copy(JOINT_CASES / name, team)
    code, err, out = batch(team)
    assert code == 0, err
    return err, json.loads((out / "joint.json").read_text()), checked(team, out)


def test_a_group_that_fills_the_room_keeps_clear_of_the_others_best_times(
    tmp_path: Path,
) -> None:
    """Of the group's times that cost its members the same, the one that leaves the other
    athletes their best lifts: the team plans as each athlete alone (gap 0), not 57% above."""
    _, joint, plans = joint_case(tmp_path, "group-fills-the-room.yaml")
    assert joint["peak_occupancy"] <= joint["capacity"] == 3
    assert joint["objective"] == joint["lower_bound"], joint
    assert all(plan.status.solved for plan in plans.values())  # type: ignore[attr-defined]
    # dee lifts every Tuesday (her intervals' day), by 18:15 for her 36 h before Thursday
    tuesdays = [s for s in plans["dee"].lifts if s.weekday == "tue"]  # type: ignore[attr-defined]
    assert len(tuesdays) == 8 and all(s.start.strftime("%H:%M") <= "18:15" for s in tuesdays)


def test_keeping_clear_of_the_others_never_costs_a_group_a_session(tmp_path: Path) -> None:
    err, joint, _ = joint_case(tmp_path, "group-spacing-over-crowding.yaml")
    assert joint["groups"]["duo"]["sessions"] == 4, joint["groups"]  # Mon and Wed, 2 weeks
    assert "only 1 of 2 sessions" not in err


def test_a_group_keeps_clear_of_the_next_group_s_only_time(tmp_path: Path) -> None:
    _, joint, _ = joint_case(tmp_path, "two-groups-one-time.yaml")
    assert joint["over_capacity"] == [] and joint["objective"] == joint["lower_bound"]
    assert joint["groups"]["first"]["sessions"] == 2 and joint["groups"]["second"]["sessions"] == 2


def test_a_group_takes_the_pick_with_more_sessions_whichever_order_finds_it(
    tmp_path: Path,
) -> None:
    _, joint, _ = joint_case(tmp_path, "group-cheapest-blocks-its-second-time.yaml")
    assert joint["objective"] == joint["lower_bound"]
    assert all(int(g["sessions"]) == 4 for g in joint["groups"].values()), joint["groups"]
