"""Re-planning after life happens: move as little as possible, keep every rule across the
boundary, and change nothing when nothing changed."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import make_season, solve_checked
from liftplan import api
from liftplan.check import check_plan
from liftplan.cli.app import cli
from liftplan.io.plan_file import load_plan
from liftplan.models import Plan, Season, Session
from liftplan.plan.changes import lift_changes
from liftplan.replan import Freeze, commitments_of, standing_lifts
from liftplan.timeline import build_timeline
from seasons.test_properties import seasons

EVERY_EVENING = {
    "weekly": {d: ["17:30-21:00"] for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
}
TWO_HARD = {
    "weekly": {
        "tue": {"kind": "track", "start": "06:30", "minutes": 60},
        "thu": {"kind": "tempo", "start": "06:30", "minutes": 50},
    }
}
WEDNESDAY = dt.date(2026, 3, 4)
TUESDAY = dt.date(2026, 3, 3)


def season() -> Season:
    return make_season(
        season={"start": "2026-03-02", "weeks": 3, "deload_every_weeks": 0},
        availability=EVERY_EVENING,
        runs=TWO_HARD,
        lifting={"per_week": {"min": 2, "max": 2}},
    )


def checked(season: Season, plan: Plan) -> Plan:
    report = check_plan(season, plan)
    assert report.ok, [str(v) for v in report.violations]
    assert report.objective == plan.objective
    return plan


def test_the_plan_lifts_on_the_hard_days() -> None:
    plan = solve_checked(season())
    assert [lift.weekday for lift in plan.lifts] == ["tue", "thu"] * 3


def test_a_missed_tuesday_adds_one_make_up_lift_and_moves_nothing_else() -> None:
    original = season()
    before = solve_checked(original)
    after, moved = api.replan(original, before, WEDNESDAY, missed=(TUESDAY,))
    checked(original, after)  # the stitched plan keeps every rule, across the boundary too
    assert moved == 0
    changes = lift_changes([lift for lift in before.lifts if lift.date != TUESDAY], after.lifts)
    assert len(changes) == 1 and changes[0].line.startswith("added week 1: ")
    make_up = next(lift for lift in after.lifts if lift.week == 1 and lift.weekday != "thu")
    assert make_up.weekday in ("sat", "sun")  # Friday follows Thursday's lift: rest day
    assert [lift.start for lift in after.lifts if lift.week > 1] == [
        lift.start for lift in before.lifts if lift.week > 1
    ]


def test_a_done_lift_counts_for_rest_days_across_the_boundary() -> None:
    original = season()
    before = solve_checked(original)
    # Week 2: the runner lifted on Monday instead of Tuesday. Tuesday's lift would now break
    # the rest day after Monday's, and the week has its two lifts with Thursday: it goes.
    tuesday = next(lift for lift in before.lifts if lift.week == 2 and lift.weekday == "tue")
    monday = tuesday.model_copy(
        update={
            "date": tuesday.date - dt.timedelta(days=1),
            "weekday": "mon",
            "start": tuesday.start - dt.timedelta(days=1),
            "end": tuesday.end - dt.timedelta(days=1),
        }
    )
    done = [lift for lift in before.lifts if lift.week == 1] + [monday]
    after, moved = api.replan(original, before, tuesday.date, done=done, freeze_hours=0)
    assert moved == 1
    assert [lift.weekday for lift in after.lifts if lift.week == 2] == ["mon", "thu"]
    # The Monday lift (the day before Tuesday's track) is history: the plan records from
    # when, and the checker holds it to no rule about where a lift may go.
    assert after.replanned_from == tuesday.date
    checked(original, after)
    # Read as a plan without history, only that Monday lift breaks a rule.
    bare = after.model_copy(update={"replanned_from": None})
    violations = check_plan(original, bare).violations
    assert violations and {v.date for v in violations} == {monday.date}


def test_nothing_changed_gives_the_same_plan() -> None:
    original = season()
    before = solve_checked(original)
    after, moved = api.replan(original, before, WEDNESDAY)
    assert moved == 0
    assert after.model_dump_json() == before.model_dump_json()


def test_frozen_hours_keep_the_next_lifts_as_planned_unless_the_season_now_forbids_them() -> None:
    original = season()
    before = solve_checked(original)
    thursday = dt.date(2026, 3, 5)
    # Thursday evening is no longer free: without a freeze the lift moves ...
    changed = original.model_copy(deep=True)
    changed.availability.dates[thursday] = []
    free, moved = api.replan(changed, before, thursday, freeze_hours=0)
    checked(changed, free)
    assert moved == 1 and not any(lift.date == thursday for lift in free.lifts)
    # ... and within the frozen hours too: the runner is now busy, and a plan keeping the
    # lift there would break the rules (check refused replan's own plan).
    frozen, moved = api.replan(changed, before, thursday, freeze_hours=24)
    assert moved == 1 and not any(lift.date == thursday for lift in frozen.lifts)
    checked(changed, frozen)
    # A frozen lift the season still allows stays as planned, at no price.
    kept, moved = api.replan(original, before, thursday, freeze_hours=24)
    assert moved == 0 and any(lift.date == thursday for lift in kept.lifts)


def test_the_replan_command_prints_the_diff(tmp_path: Path) -> None:
    original = season()
    path = tmp_path / "season.json"
    path.write_text(json.dumps(original.model_dump(mode="json", exclude_none=True)))
    plan = tmp_path / "plan.json"
    runner = CliRunner()
    assert runner.invoke(cli, ["solve", str(path), "-o", str(plan)]).exit_code == 0
    out = tmp_path / "new.json"
    result = runner.invoke(
        cli,
        [
            "replan",
            str(path),
            str(plan),
            "--from",
            "2026-03-04",
            "--missed",
            "2026-03-03",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "re-planned from 2026-03-04: 1 change: 1 lift moved" in result.stderr
    assert "moved week 1: Tue 2026-03-03 17:30 -> S" in result.stderr  # missed, made up
    check = runner.invoke(cli, ["check", str(path), str(out)])
    assert check.exit_code == 0, check.stdout


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seasons(), st.integers(0, 20))
def test_property_nothing_changed_gives_the_same_plan(data: dict[str, object], offset: int) -> None:
    """For any season and any re-plan date: with nothing missed, the same plan, byte for byte."""
    original = Season.model_validate(data)
    before = api.solve(original, repairs=False)
    if not before.status.solved:
        return
    start = original.season.start + dt.timedelta(days=offset % original.season.num_days)
    after, moved = api.replan(original, before, start)
    assert moved == 0
    assert after.model_dump_json() == before.model_dump_json()


# --- the freeze is elapsed time, across daylight-saving changes ----------------------------

NEW_YORK = "America/New_York"
SPRING_FORWARD = dt.date(2026, 3, 8)  # Sunday: 02:00 EST -> 03:00 EDT, a 23-hour day
FALL_BACK = dt.date(2026, 11, 1)  # Sunday: 02:00 EDT -> 01:00 EST, a 25-hour day


@dataclass(frozen=True)
class FreezeCase:
    """A lift planned ``elapsed`` hours after the local start of ``start`` (the --from day)."""

    start: dt.date
    lift_date: dt.date
    window: str  # the one window of the first plan: the lift fills it
    elapsed: float
    frozen: bool

    @property
    def hard_day(self) -> dt.date:
        return self.start + dt.timedelta(days=3)  # Wednesday: a hard run, a cheaper lift


FREEZE_CASES = {
    # 23 h 30 elapsed after Sun 00:00 EST is Mon 00:30 EDT: 24 wall-clock hours would stop
    # at Mon 00:00 EDT (23 elapsed hours) and let it move.
    "spring_forward_23h30_frozen": FreezeCase(
        SPRING_FORWARD, dt.date(2026, 3, 9), "00:30-01:00", 23.5, True
    ),
    "spring_forward_24h30_free": FreezeCase(
        SPRING_FORWARD, dt.date(2026, 3, 9), "01:30-02:00", 24.5, False
    ),
    "fall_back_23h30_frozen": FreezeCase(FALL_BACK, FALL_BACK, "22:30-23:00", 23.5, True),
    # 24 h 30 elapsed after Sun 00:00 EDT is Sun 23:30 EST: 24 wall-clock hours would reach
    # Mon 00:00 EST (25 elapsed hours) and keep it frozen.
    "fall_back_24h30_free": FreezeCase(FALL_BACK, FALL_BACK, "23:30-24:00", 24.5, False),
}


def freeze_seasons(case: FreezeCase) -> tuple[Season, Season]:
    """One week from the --from day: first free only in ``window``; later also free on the
    evening of a hard-run Wednesday, where a lift saves the 100 an easy-day lift costs,
    more than the 40 a moved lift costs."""
    first = make_season(
        timezone=NEW_YORK,
        season={"start": str(case.start), "weeks": 1, "deload_every_weeks": 0},
        availability={"weekly": {}, "dates": {str(case.lift_date): [case.window]}},
        runs={
            "weekly": {},
            "dates": {str(case.hard_day): [{"kind": "track", "start": "06:30", "minutes": 60}]},
        },
        lifting={"per_week": {"min": 1, "max": 1, "target": 1}, "minutes": 30},
    )
    data = first.model_dump(mode="json", exclude_none=True)
    data["availability"]["dates"][str(case.hard_day)] = ["17:30-19:00"]
    return first, Season.model_validate(data)


def elapsed_hours(start: dt.date, lift: Session) -> float:
    """Hours of elapsed time from the local start of ``start`` to the lift, by zoneinfo."""
    midnight = dt.datetime.combine(start, dt.time(), tzinfo=ZoneInfo(NEW_YORK))
    # In UTC: Python subtracts two times of one zone on the wall clock, not in elapsed time.
    return (lift.start.astimezone(dt.UTC) - midnight.astimezone(dt.UTC)).total_seconds() / 3600


def assert_freeze_kept(case: FreezeCase, before: Plan, after: Plan, moved: int) -> None:
    (planned,) = before.lifts
    assert planned.date == case.lift_date
    assert elapsed_hours(case.start, planned) == case.elapsed  # the premise, by zoneinfo
    (lift,) = after.lifts
    if case.frozen:
        assert moved == 0
        assert lift.start == planned.start  # kept, though moving it to Wednesday saves 60
    else:
        assert moved == 1
        assert lift.date == case.hard_day
        assert lift.start.strftime("%H:%M") == "17:30"


@pytest.mark.parametrize("case", FREEZE_CASES.values(), ids=FREEZE_CASES.keys())
def test_the_freeze_counts_elapsed_hours_across_a_clock_change(case: FreezeCase) -> None:
    first, later = freeze_seasons(case)
    before = solve_checked(first)
    after, moved = api.replan(later, before, case.start, freeze_hours=24)
    checked(later, after)
    assert_freeze_kept(case, before, after, moved)


@pytest.mark.parametrize("case", FREEZE_CASES.values(), ids=FREEZE_CASES.keys())
def test_the_replan_command_freezes_elapsed_hours(case: FreezeCase, tmp_path: Path) -> None:
    first, later = freeze_seasons(case)
    for name, season_ in (("first", first), ("later", later)):
        text = json.dumps(season_.model_dump(mode="json", exclude_none=True))
        (tmp_path / f"{name}.json").write_text(text)
    runner = CliRunner()
    solved = runner.invoke(
        cli, ["solve", str(tmp_path / "first.json"), "-o", str(tmp_path / "plan.json")]
    )
    assert solved.exit_code == 0, solved.stderr
    args = ["replan", str(tmp_path / "later.json"), str(tmp_path / "plan.json")]
    args += ["--from", str(case.start), "--freeze-hours", "24", "-o", str(tmp_path / "new.json")]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    told = "no change" if case.frozen else "1 change: 1 lift moved"
    assert f"re-planned from {case.start}: {told}\n" in result.stderr
    before = load_plan(tmp_path / "plan.json", NEW_YORK)
    after = load_plan(tmp_path / "new.json", NEW_YORK)
    checked(first, before)
    checked(later, after)
    assert_freeze_kept(case, before, after, int(not case.frozen))
    check = runner.invoke(cli, ["check", str(tmp_path / "later.json"), str(tmp_path / "new.json")])
    assert check.exit_code == 0, check.stdout


def test_the_freeze_starts_at_the_local_start_of_the_day_and_lasts_elapsed_hours() -> None:
    first, _ = freeze_seasons(FREEZE_CASES["spring_forward_23h30_frozen"])
    timeline = build_timeline(first)
    freeze = Freeze.from_date(timeline, SPRING_FORWARD, 24)
    assert timeline.to_local(freeze.begin).isoformat() == "2026-03-08T00:00:00-05:00"
    assert freeze.end - freeze.begin == 24 * 60
    assert timeline.to_local(freeze.end).isoformat() == "2026-03-09T01:00:00-04:00"
    assert Freeze.from_date(timeline, SPRING_FORWARD, 0.25).end == freeze.begin + 15


def test_the_commitments_hold_minutes_and_days_of_the_timeline() -> None:
    case = FREEZE_CASES["spring_forward_24h30_free"]
    first, later = freeze_seasons(case)
    before = solve_checked(first)
    timeline = build_timeline(later)
    (planned,) = before.lifts
    standing = standing_lifts(timeline, before.lifts, [], case.start, 24)
    kept = commitments_of(timeline, standing, case.start, 40, None)
    assert kept.fixed == () and kept.stability == 40
    (slot,) = kept.keep
    assert slot.day == timeline.day_index(case.lift_date) == 1
    assert slot.start == timeline.instant(planned.start) == 24 * 60 + 30  # Mon 01:30 EDT
    standing = standing_lifts(timeline, before.lifts, [], case.start, 25)
    frozen = commitments_of(timeline, standing, case.start, 40, None)
    assert frozen.keep == () and frozen.fixed == kept.keep


CORE_SEASON = """timezone: Europe/London
season: {start: 2026-04-06, weeks: 3, phases: []}
availability:
  weekly: {mon: ["17:00-21:00"], tue: ["17:00-21:00"], wed: ["17:00-21:00"],
           thu: ["17:00-21:00"], fri: ["17:00-21:00"]}
runs:
  weekly:
    mon: {kind: easy, start: "07:00", minutes: 40}
    tue: {kind: intervals, start: "07:00", minutes: 60}
    wed: {kind: easy, start: "07:00", minutes: 40}
    thu: {kind: tempo, start: "07:00", minutes: 50}
    fri: {kind: easy, start: "07:00", minutes: 30}
    sat: {kind: long, start: "08:00", minutes: 100}
lifting: {per_week: {min: 1, max: 2}, minutes: 45, core_sessions: 2}
"""


@pytest.mark.parametrize("change", ["availability.weekly.wed=[]", "lifting.core_sessions=0"])
def test_a_replan_keeps_the_core_sessions_already_lived(tmp_path: Path, change: str) -> None:
    """Core sessions before --from are history, as lifts are: an override from --from on
    (no more Wednesdays, or no core work) changes the weeks to come only; placed again for
    the whole season, they moved (or vanished) in weeks lived (a breaker session's case),
    and `check` of the plan.json passes."""
    season = tmp_path / "season.yaml"
    season.write_text(CORE_SEASON)
    plan, replanned = tmp_path / "plan.json", tmp_path / "replanned.json"
    runner = CliRunner()
    done = runner.invoke(cli, ["solve", str(season), "-o", str(plan)])
    assert done.exit_code == 0, done.stderr
    args = ["replan", str(season), str(plan), "--from", "2026-04-20", "--set", change]
    done = runner.invoke(cli, [*args, "-o", str(replanned)])
    assert done.exit_code == 0, done.stderr

    def cores(path: Path) -> list[tuple[str, str]]:
        sessions = json.loads(path.read_text())["sessions"]
        return [(s["date"], s["start"]) for s in sessions if s["kind"] == "core"]

    lived = [core for core in cores(plan) if core[0] < "2026-04-20"]
    assert lived and [c for c in cores(replanned) if c[0] < "2026-04-20"] == lived
    after = [date for date, _ in cores(replanned) if date >= "2026-04-20"]
    weekday = {dt.date.fromisoformat(date).weekday() for date in after}
    assert (2 not in weekday) if "wed" in change else after == []
    checked = runner.invoke(cli, ["check", str(season), str(replanned)])
    assert checked.exit_code == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize(
    ("change", "week_2"),
    [
        ("availability.weekly.mon=[]", ["2026-04-13", "2026-04-15"]),  # one kept, one new
        ("lifting.core_sessions=0", ["2026-04-13"]),  # history stays, none added
    ],
)
def test_a_replan_from_mid_week_counts_the_core_sessions_lived_that_week(
    tmp_path: Path, change: str, week_2: list[str]
) -> None:
    """--from a Wednesday: Monday's core session of that week is history and counts in the
    week (2 asked: one more, not two more; 0 asked from then: none added, and the one lived
    is no violation); `check` passes the re-plan (breaker session cases)."""
    season = tmp_path / "season.yaml"
    season.write_text(CORE_SEASON)
    plan, replanned = tmp_path / "plan.json", tmp_path / "replanned.json"
    runner = CliRunner()
    assert runner.invoke(cli, ["solve", str(season), "-o", str(plan)]).exit_code == 0
    args = ["replan", str(season), str(plan), "--from", "2026-04-15", "--set", change]
    done = runner.invoke(cli, [*args, "-o", str(replanned)])
    assert done.exit_code == 0, done.stderr
    sessions = json.loads(replanned.read_text())["sessions"]
    cores = [s["date"] for s in sessions if s["kind"] == "core" and s["week"] == 2]
    assert cores == week_2
    checked = runner.invoke(cli, ["check", str(season), str(replanned)])
    assert checked.exit_code == 0, checked.stdout + checked.stderr


def test_a_race_added_from_mid_week_leaves_the_lifts_done_as_they_were(tmp_path: Path) -> None:
    """--set adds a 10k on Thursday from Wednesday on: Tuesday's heavy lift, done, stays heavy
    (it did not turn light for a race no one had planned), the week is not said to have "no
    lift", and `check` passes the re-plan (a breaker session's case)."""
    season = tmp_path / "season.yaml"
    season.write_text(CORE_SEASON)
    plan, replanned = tmp_path / "plan.json", tmp_path / "replanned.json"
    runner = CliRunner()
    assert runner.invoke(cli, ["solve", str(season), "-o", str(plan)]).exit_code == 0
    race = 'runs.dates.2026-04-16={kind: race, start: "09:00", minutes: 50, distance: 10k}'
    args = ["replan", str(season), str(plan), "--from", "2026-04-15", "--set", race]
    done = runner.invoke(cli, [*args, "-o", str(replanned)])
    assert done.exit_code == 0, done.stderr
    assert "no lift:" not in done.stderr

    def lived(path: Path) -> list[tuple[str, str]]:
        sessions = json.loads(path.read_text())["sessions"]
        return [(s["date"], s["kind"]) for s in sessions if s["date"] < "2026-04-15"]

    assert lived(replanned) == lived(plan)
    # The week the race now closes holds Tuesday's lift: never said to have "no lift"
    closed = json.loads(replanned.read_text())["closed_weeks"]
    assert all(week["reason"].startswith("no lift beyond the 1 done:") for week in closed)
    checked = runner.invoke(cli, ["check", str(season), str(replanned)])
    assert checked.exit_code == 0, checked.stdout + checked.stderr


def test_a_replan_after_the_season_file_changed_keeps_what_was_done(tmp_path: Path) -> None:
    """The runner edits the season file (a B marathon added on Sunday 19 Apr; Monday's easy
    run of week 1 made intervals), then re-plans from Wednesday 15 Apr: the lifts done stay
    as they were (heavy, not light for a race no one had planned), the runs are the file's,
    and `check` passes the re-plan against the edited file (breaker session cases)."""
    season = tmp_path / "season.yaml"
    season.write_text(CORE_SEASON)
    plan, replanned = tmp_path / "plan.json", tmp_path / "replanned.json"
    runner = CliRunner()
    assert runner.invoke(cli, ["solve", str(season), "-o", str(plan)]).exit_code == 0
    edited = yaml.safe_load(CORE_SEASON)
    edited["runs"]["dates"] = {
        "2026-04-06": {"kind": "intervals", "start": "07:00", "minutes": 40},
        "2026-04-19": {"kind": "race", "start": "09:00", "minutes": 200, "priority": "B"},
    }
    season.write_text(yaml.safe_dump(edited))
    args = ["replan", str(season), str(plan), "--from", "2026-04-15", "-o", str(replanned)]
    done = runner.invoke(cli, args)
    assert done.exit_code == 0, done.stderr

    def lifts_before(path: Path) -> list[tuple[str, str]]:
        sessions = json.loads(path.read_text())["sessions"]
        lived = [s for s in sessions if s["date"] < "2026-04-15" and s["activity"] == "lift"]
        return [(s["date"], s["kind"]) for s in lived]

    assert lifts_before(replanned) == lifts_before(plan)
    runs = json.loads(replanned.read_text())["sessions"]
    assert [s["kind"] for s in runs if s["date"] == "2026-04-06" and s["activity"] == "run"] == [
        "intervals"
    ]
    checked = runner.invoke(cli, ["check", str(season), str(replanned)])
    assert checked.exit_code == 0, checked.stdout + checked.stderr
