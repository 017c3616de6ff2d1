"""A coached group meets no more often in a week than every member may lift that week: each
member's week's max lifts (a taper's ``per_week.max``), and no more than their rest days
leave, counted across the turn of the week too. The weeks it meets less are named, with
why, as any short week of a group is (stderr, joint.json, the members' summary notes).

(A group of 2 sessions a week met twice in the taper weeks of members allowed one lift
there: both members INFEASIBLE, "no single set of rules explains it", exit 3, though each
was feasible alone. A group met on a Sunday and the next Monday, one rest day apart.)"""

from __future__ import annotations

import copy
import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import invoke
from liftplan.io.plan_file import load_plan
from liftplan.io.team_file import load_team, member_season
from liftplan.timeline import build_timeline

EXAMPLE = Path(__file__).parents[2] / "examples" / "marathon-16-weeks.yaml"
GROUP = "squat club"


def batch(team: Path) -> tuple[int, str, Path]:
    """``liftplan batch TEAM -o plans --joint``: (exit code, stderr, the folder)."""
    out = team.parent / "plans"
    code, _, err = invoke("batch", team, "-o", out, "--joint")
    return code, err, out


def checked_group_weeks(team: Path, out: Path, group: str) -> dict[str, Counter[int]]:
    """Every athlete's plan through ``liftplan check TEAM PLAN --athlete ID`` (exit 0); per
    member of ``group``, its sessions in each of their weeks, each at most that week's max."""
    met = {}
    for athlete in load_team(team).athletes:
        plan_file = out / f"{athlete.stem}.json"
        code, stdout, err = invoke("check", team, plan_file, "--athlete", athlete.id)
        assert code == 0, stdout + err
        season = member_season(athlete)
        plan = load_plan(plan_file, season.timezone)
        sessions = Counter(lift.week for lift in plan.lifts if lift.group == group)
        timeline = build_timeline(season)
        for week, held in sessions.items():
            assert held <= timeline.weeks[week - 1].max_lifts, (athlete.id, week, held)
        if sessions:
            met[athlete.id] = sessions
    return met


def marathon_team(tmp_path: Path, taper_max: int = 1) -> Path:
    """9 runners of the marathon example (r1..r9), a room of 2 places, r1 and r2 a group of
    2 sessions a week; the taper (weeks 15-16) allows ``taper_max`` lifts a week."""
    season = yaml.safe_load(EXAMPLE.read_text())
    season["season"]["phases"][3]["lifting"]["per_week"] = {"min": 0, "max": taper_max}
    team = {
        "facility": {"capacity": 2, "hours": ["06:00-22:00"]},
        "athletes": [{**season, "id": f"r{n}", "name": f"R {n}"} for n in range(1, 10)],
        "groups": [{"name": GROUP, "athletes": ["r1", "r2"], "sessions_per_week": 2}],
    }
    path = tmp_path / "team.yaml"
    path.write_text(yaml.safe_dump(team, sort_keys=False))
    return path


@pytest.mark.parametrize(
    ("taper_max", "reason", "held"),
    [
        (1, "only 1 of 2 sessions: r1 and r2 may lift at most once a week in the taper phase", 1),
        (0, "no session: r1 and r2 may not lift that week in the taper phase", 0),
    ],
)
def test_a_group_meets_in_a_taper_week_only_as_often_as_its_members_may_lift(
    tmp_path: Path, taper_max: int, reason: str, held: int
) -> None:
    team = marathon_team(tmp_path, taper_max)
    code, err, out = batch(team)
    assert code == 0, err
    line = f"group {GROUP}: weeks 15-16: {reason}"
    assert line in err
    joint = json.loads((out / "joint.json").read_text())
    assert joint["infeasible"] == [] and joint["peak_occupancy"] <= 2
    club = joint["groups"][GROUP]
    assert club["weeks_without"] == [15, 16]
    assert club["reasons"] == {"15": reason, "16": reason}
    assert club["sessions"] == 14 * 2 + 2 * held
    met = checked_group_weeks(team, out, GROUP)
    assert set(met) == {"r1", "r2"}
    for weeks in met.values():
        assert [weeks[w] for w in range(1, 17)] == [2] * 14 + [held] * 2
    rows = {row["athlete"]: row for row in csv.DictReader((out / "summary.csv").open())}
    assert [rows[f"r{n}"]["status"] for n in range(1, 10)] == ["OPTIMAL"] * 9
    assert rows["r1"]["note"].startswith(line) and rows["r2"]["note"].startswith(line)
    assert GROUP not in rows["r3"]["note"]


def pair_team(tmp_path: Path, **dates: list[str]) -> Path:
    """Two runners free only on Monday and Sunday evenings for two weeks, one lift a week,
    the first Monday away (and ``dates`` more), lifting together once a week."""
    season: dict[str, Any] = {
        "timezone": "Europe/London",
        "season": {"start": "2026-03-02", "weeks": 2},
        "availability": {
            "weekly": {"mon": ["18:00-19:00"], "sun": ["18:00-19:00"]},
            "dates": {"2026-03-02": [], **dates},
        },
        "lifting": {"per_week": {"min": 0, "max": 1}, "minutes": 45},
    }
    team = {
        "facility": {"capacity": 2},
        "defaults": season,
        "athletes": [{"id": "a", "name": "A"}, {"id": "b", "name": "B"}],
        "groups": [{"name": "pair", "athletes": ["a", "b"], "sessions_per_week": 1}],
    }
    path = tmp_path / "team.yaml"
    path.write_text(yaml.safe_dump(team, sort_keys=False))
    return path


def test_a_group_keeps_its_members_rest_days_across_the_turn_of_the_week(
    tmp_path: Path,
) -> None:
    """Week 1 can meet only on Sunday: week 2 meets on its Sunday, not the Monday after."""
    team = pair_team(tmp_path)
    code, err, out = batch(team)
    assert code == 0, err
    assert "group pair" not in err
    met = checked_group_weeks(team, out, "pair")
    assert met == {"a": Counter({1: 1, 2: 1}), "b": Counter({1: 1, 2: 1})}
    plan = json.loads((out / "a.json").read_text())
    days = [s["date"] for s in plan["sessions"] if s.get("group") == "pair"]
    assert days == ["2026-03-08", "2026-03-15"]


def test_a_week_whose_only_time_is_too_soon_after_the_last_session_says_so(
    tmp_path: Path,
) -> None:
    team = pair_team(tmp_path, **{"2026-03-15": []})  # week 2: its Monday only
    code, err, out = batch(team)
    assert code == 0, err
    reason = (
        "no session: the times legal for every member are too close to the group's session "
        "the week before for their rest days"
    )
    assert f"group pair: week 2: {reason}" in err
    assert json.loads((out / "joint.json").read_text())["groups"]["pair"]["reasons"] == {
        "2": reason
    }
    met = checked_group_weeks(team, out, "pair")
    assert met == {"a": Counter({1: 1}), "b": Counter({1: 1})}


@pytest.mark.parametrize(
    ("members", "line", "meets"),
    [
        (["r1", "r2", "r3"], "group squat club: meets without r2, whose season is invalid", True),
        (
            ["r1", "r2"],
            "group squat club: no session: r2, whose season is invalid, leave no group",
            False,
        ),
    ],
)
def test_a_group_with_a_member_whose_season_is_invalid_says_so(
    tmp_path: Path, members: list[str], line: str, meets: bool
) -> None:
    """r2's phases do not cover the season: INVALID. The group meets without r2 (or not at
    all, one member left), and says so; before, it vanished from joint.json without a word."""
    path = marathon_team(tmp_path)
    team = yaml.safe_load(path.read_text())
    season = copy.deepcopy(team["athletes"][1]["season"])  # the file shares it (YAML aliases)
    team["athletes"][1]["season"] = {**season, "phases": season["phases"][:3]}
    team["groups"][0]["athletes"] = members
    path.write_text(yaml.safe_dump(team, sort_keys=False))
    code, err, out = batch(path)
    assert code == 2, err  # some input invalid
    assert f"liftplan: {path}: {line}" in err.splitlines()
    with (out / "summary.csv").open(encoding="utf-8") as stream:
        rows = {row["athlete"]: row for row in csv.DictReader(stream)}
    assert rows["r2"]["status"] == "INVALID" and line in rows["r1"]["note"]
    planned = [m for m in members if m != "r2"]
    for name in planned:
        code, stdout, err = invoke("check", path, out / f"{name}.json", "--athlete", name)
        assert code == 0, stdout + err
    groups = json.loads((out / "joint.json").read_text())["groups"]
    assert (GROUP in groups) is meets
    if meets:
        for name in planned:
            plan = json.loads((out / f"{name}.json").read_text())
            assert any(s.get("group") == GROUP for s in plan["sessions"])


def test_a_group_across_time_zones_keeps_every_members_rest_days(tmp_path: Path) -> None:
    """Los Angeles leads; Tuesday 18:00 and Thursday 05:00 there are Wednesday and Thursday
    in Tokyo: one day apart on Tokyo's calendar. The group meets once a week and says why;
    before, it met at both and Tokyo, plannable alone, came out INFEASIBLE (exit 3)."""
    daylong = ["00:00-24:00"]
    team = {
        "facility": {"capacity": 4, "hours": daylong},
        "defaults": {
            "season": {"start": "2026-03-02", "weeks": 3},
            "runs": {"weekly": {"sun": {"kind": "long", "start": "07:00", "minutes": 90}}},
            "lifting": {"per_week": {"min": 1, "max": 3, "target": 3}, "minutes": 45},
        },
        "athletes": [
            {
                "id": "la",
                "timezone": "America/Los_Angeles",
                "availability": {
                    "weekly": {"tue": ["18:00-21:00"], "thu": ["05:00-07:00"]},
                },
            },
            {
                "id": "tokyo",
                "timezone": "Asia/Tokyo",
                "availability": {"weekly": {d: daylong for d in ("mon", "wed", "thu", "fri")}},
            },
        ],
        "groups": [{"name": GROUP, "athletes": ["la", "tokyo"], "sessions_per_week": 2}],
    }
    path = tmp_path / "team.yaml"
    path.write_text(yaml.safe_dump(team, sort_keys=False))
    code, err, out = batch(path)
    assert code == 0, err
    reason = "only 1 of 2 sessions: the times legal for every member are too close together"
    assert f"liftplan: {path}: group {GROUP}: weeks 1-3: {reason} for their rest days" in err
    met = checked_group_weeks(path, out, GROUP)
    assert met == {"la": Counter({1: 1, 2: 1, 3: 1}), "tokyo": Counter({1: 1, 2: 1, 3: 1})}
