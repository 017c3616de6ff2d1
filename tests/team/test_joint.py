"""Joint plans with a shared gym: never over capacity, every plan checked, the gap reported."""

from __future__ import annotations

import csv
import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
from benchmarks.instances import generate_season
from click.testing import CliRunner

from conftest import EVENINGS, season_data
from liftplan.check import check_plan
from liftplan.cli.app import cli
from liftplan.io.season_file import season_from_data
from liftplan.models import Plan, Season
from liftplan.models.team import Facility
from liftplan.team import joint
from liftplan.team.joint import plan_jointly

START = dt.date(2026, 3, 2)


def club(tmp_path: Path, athletes: int, capacity: int, **extra: object) -> Path:
    team = [
        {**generate_season(8, seed, start=START, timezone="America/New_York"), "id": f"r{seed:02d}"}
        for seed in range(athletes)
    ]
    for athlete in team:  # one lift length for all, so a group can share its times
        athlete["lifting"]["minutes"] = 45
    path = tmp_path / "club.json"
    facility = {"capacity": capacity, "hours": ["06:00-22:00"]}
    path.write_text(json.dumps({"facility": facility, "athletes": team, **extra}))
    return path


def occupancy(plans: list[Plan]) -> Counter[int]:
    """Lifts in the gym per 15-minute bucket of absolute time."""
    used: Counter[int] = Counter()
    for plan in plans:
        for lift in plan.lifts:
            first = int(lift.start.timestamp()) // 900
            last = (int(lift.end.timestamp()) - 1) // 900
            used.update(range(first, last + 1))
    return used


def run(team: Path, out: Path) -> tuple[list[Plan], dict[str, object]]:
    result = CliRunner().invoke(cli, ["batch", str(team), "-o", str(out), "--joint"])
    assert result.exit_code == 0, result.stderr
    assert "joint: objective" in result.stderr and "gap" in result.stderr
    data = json.loads(team.read_text())["athletes"]
    plans = [Plan.model_validate_json((out / f"{a['id']}.json").read_text()) for a in data]
    for plan, athlete in zip(plans, data, strict=True):
        report = check_plan(season_from_data(athlete, "club"), plan)
        assert report.ok, [str(v) for v in report.violations]
    return plans, json.loads((out / "joint.json").read_text())


def test_a_tight_gym_is_never_over_capacity(tmp_path: Path) -> None:
    (tmp_path / "roomy").mkdir()
    alone, _ = run(club(tmp_path / "roomy", 12, capacity=100), tmp_path / "alone")
    assert max(occupancy(alone).values()) > 2  # planned alone, they would crowd the gym
    plans, joint = run(club(tmp_path, 12, capacity=2), tmp_path / "joint")
    assert max(occupancy(plans).values()) <= 2
    assert joint["peak_occupancy"] <= 2 and joint["capacity"] == 2
    objective, bound = int(joint["objective"]), int(joint["lower_bound"])  # type: ignore[call-overload]
    assert 0 <= bound <= objective
    assert joint["gap"] == round((objective - bound) / objective, 6)
    assert 0 <= int(joint["largest_share"]) <= objective - bound  # type: ignore[call-overload]


def test_the_summary_says_what_the_shared_room_cost_an_athlete(tmp_path: Path) -> None:
    """A room of one place and twelve athletes: whoever pays for sharing it is told in their
    summary row's note, by how much against their plan alone; the others' notes stay empty."""
    team = club(tmp_path, 12, capacity=1)
    out = tmp_path / "plans"
    plans, joint = run(team, out)
    with (out / "summary.csv").open(encoding="utf-8") as file:
        rows = {row["athlete"]: row for row in csv.DictReader(file)}
    (tmp_path / "roomy").mkdir()
    roomy = club(tmp_path / "roomy", 12, capacity=100)
    alone = {p.athlete: p.objective for p in run(roomy, tmp_path / "alone")[0]}
    paid = 0
    for plan in plans:
        note, solo = rows[plan.athlete]["note"], alone[plan.athlete]
        assert plan.objective is not None and solo is not None
        if plan.objective > solo:
            paid += 1
            assert note == (
                f"the shared room costs {plan.objective - solo} more than planning alone "
                f"(objective {plan.objective}, {solo} alone)"
            ), note
        else:
            assert note == "", note
    assert paid, "a room of one place costs someone"
    assert int(joint["objective"]) > int(joint["lower_bound"])  # type: ignore[call-overload]


def test_a_roomy_gym_changes_nothing(tmp_path: Path) -> None:
    _plans, joint = run(club(tmp_path, 6, capacity=50), tmp_path / "out")
    assert joint["gap"] == 0.0 and joint["rounds"] == 0


def test_a_group_lifts_together_and_everyone_keeps_every_rule(tmp_path: Path) -> None:
    def athlete(name: str, tuesday: str) -> dict[str, object]:
        data = season_data(season={"start": "2026-03-02", "weeks": 3})
        data["availability"] = {"weekly": {**EVENINGS, "tue": [tuesday], "sat": ["10:00-18:00"]}}
        return {**data, "id": name}

    team = [
        athlete("ana", "17:30-21:00"),
        athlete("ben", "19:00-21:00"),
        athlete("cy", "18:00-20:00"),
        athlete("dee", "17:30-18:30"),
    ]
    groups = [{"name": "squad", "athletes": ["ana", "ben", "cy"], "sessions_per_week": 1}]
    path = tmp_path / "club.json"
    path.write_text(json.dumps({"facility": {"capacity": 3}, "athletes": team, "groups": groups}))
    plans, joint = run(path, tmp_path / "out")
    by_athlete = {plan.athlete: plan for plan in plans}
    together = set.intersection(
        *({(lift.start, lift.end) for lift in by_athlete[a].lifts} for a in ("ana", "ben", "cy"))
    )
    assert joint["groups"] == {"squad": {"sessions": 3, "weeks_without": [], "reasons": {}}}
    assert joint["over_capacity"] == []
    # Each week the squad shares a Tuesday lift, when Ben and Cy are both free.
    tuesdays = sorted(start for start, _ in together if start.weekday() == 1)
    assert [start.isoformat() for start in tuesdays] == [
        f"2026-03-{day:02d}T19:00:00+00:00" for day in (3, 10, 17)
    ]
    assert max(occupancy(plans).values()) <= 3
    # The group's lifts say so in each member's plan; no other lift does.
    for name, plan in by_athlete.items():
        grouped = sorted(lift.start for lift in plan.lifts if lift.group == "squad")
        assert grouped == (tuesdays if name != "dee" else [])
        assert all(lift.group in (None, "squad") for lift in plan.lifts)


def test_a_group_naming_a_stranger_is_exit_2(tmp_path: Path) -> None:
    groups = [{"name": "squad", "athletes": ["r00", "nobody"]}]
    result = CliRunner().invoke(
        cli,
        [
            "batch",
            str(club(tmp_path, 3, capacity=5, groups=groups)),
            "-o",
            str(tmp_path / "out"),
            "--joint",
        ],
    )
    assert result.exit_code == 2
    assert "groups[0].athletes: no athlete 'nobody' in the team" in result.stderr


def club_seasons(size: int) -> dict[str, Season]:
    """``size`` generated 8-week athletes in one zone, ids r00, r01, ..."""
    return {
        f"r{seed:02d}": Season.model_validate(
            generate_season(8, seed, start=START, timezone="America/New_York")
        )
        for seed in range(size)
    }


def test_shaking_a_local_optimum_never_makes_the_team_worse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seasons = club_seasons(12)
    facility = Facility(capacity=1)
    with monkeypatch.context() as patch:
        patch.setattr(joint, "RESHUFFLES", 0)
        local = plan_jointly(seasons, facility, time_limit=60)
    shaken = plan_jointly(seasons, facility, time_limit=60)
    assert shaken.objective <= local.objective
    assert shaken.peak <= 1 and shaken.lower_bound == local.lower_bound
    assert shaken.rounds > local.rounds  # it did shake
    plans = list(shaken.plans.values())
    assert max(occupancy(plans).values()) <= 1
    for athlete, plan in shaken.plans.items():
        report = check_plan(seasons[athlete], plan)
        assert report.ok, [str(v) for v in report.violations]
        assert report.objective == plan.objective


def test_joint_mode_keeps_every_athletes_slots_between_re_solves() -> None:
    from liftplan.solver.legal import CACHED_SEASONS, SEASONS, day_spans
    from liftplan.timeline import build_timeline

    athletes = CACHED_SEASONS + 4
    seasons = [
        season_from_data(generate_season(4, seed, start=START, timezone="UTC"), "club")
        for seed in range(athletes)
    ]
    timelines = [build_timeline(season) for season in seasons]
    with SEASONS.keeping(athletes):
        first = [day_spans(t, s.rules) for t, s in zip(timelines, seasons, strict=True)]
        again = [day_spans(t, s.rules) for t, s in zip(timelines, seasons, strict=True)]
        assert all(a is b for a, b in zip(first, again, strict=True))  # none evicted
    # Outside the block the cache is back to its size: the oldest seasons are gone.
    assert day_spans(timelines[0], seasons[0].rules) is not first[0]
    assert day_spans(timelines[0], seasons[0].rules) == first[0]


def test_a_remembered_re_solve_gives_the_same_plans_for_fewer_charged_solves(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seasons = club_seasons(8)
    facility = Facility(capacity=1)
    with monkeypatch.context() as patch:
        patch.setattr(joint, "REMEMBERED", 0)
        asked = plan_jointly(seasons, facility, time_limit=60)
    remembered = plan_jointly(seasons, facility, time_limit=60)
    assert asked.work < 60  # the budget did not stop either search: the same questions
    assert remembered.objective == asked.objective
    assert remembered.plans == asked.plans
    assert remembered.solves < asked.solves and remembered.work < asked.work
    assert max(occupancy(list(remembered.plans.values())).values()) <= 1
    for athlete, plan in remembered.plans.items():
        report = check_plan(seasons[athlete], plan)
        assert report.ok, [str(v) for v in report.violations]


def test_at_minimum_caps_each_week_at_its_minimum_and_keeps_its_target() -> None:
    """The timeline an athlete is first placed on in a crowded room: each week lifts at most
    its minimum, and every lift short of the target still costs what it costs (the plan's
    objective is the athlete's own)."""
    from liftplan.timeline import build_timeline

    season = season_from_data(generate_season(16, 3), "generated.yaml")
    timeline = build_timeline(season)
    capped = joint.at_minimum(timeline)
    assert [w.max_lifts for w in capped.weeks] == [w.min_lifts for w in timeline.weeks]
    assert [w.target_lifts for w in capped.weeks] == [w.target_lifts for w in timeline.weeks]
    assert [w.min_lifts for w in capped.weeks] == [w.min_lifts for w in timeline.weeks]
    assert any(w.max_lifts > w.min_lifts for w in timeline.weeks)  # the season is capped
    assert capped.days is timeline.days  # its days, runs and slots are the athlete's own
