"""Every lift says what to lift: patterns each week, lighter deloads and tapers, equipment."""

from __future__ import annotations

import datetime as dt
import itertools
from pathlib import Path

import pytest

from conftest import make_season, solve_checked
from liftplan import api
from liftplan.errors import InputError
from liftplan.io.catalogue import load_catalogue
from liftplan.models import Plan, Session
from liftplan.models.routines import Pattern
from liftplan.models.season import Equipment
from liftplan.plan.workouts import LiftContext, WorkoutBuilder

EXAMPLES = Path(__file__).parents[2] / "examples"
ALL = {str(pattern) for pattern in Pattern}


@pytest.fixture(scope="module")
def marathon() -> Plan:
    return solve_checked(api.load_season(EXAMPLES / "marathon-16-weeks.yaml"))


def total_sets(lift: Session) -> int:
    """Sets of the main lifts (squat and hinge): fillers may grow to fill a light day."""
    assert lift.workout is not None
    main = [e for e in lift.workout.exercises if e.pattern in (Pattern.SQUAT, Pattern.HINGE)]
    return sum(exercise.sets for exercise in main)


def test_taper_and_deload_weeks_have_fewer_sets(marathon: Plan) -> None:
    by_kind: dict[str, list[float]] = {}
    for lift in marathon.lifts:
        assert lift.workout is not None
        by_kind.setdefault(lift.kind, []).append(total_sets(lift))
    assert {"heavy", "deload", "light"} <= set(by_kind)
    assert max(by_kind["deload"]) < min(by_kind["heavy"])
    assert max(by_kind["light"]) < min(by_kind["heavy"])


def test_nothing_heavy_within_10_days_of_the_race(marathon: Plan) -> None:
    race = dt.date(2026, 6, 21)
    for lift in marathon.lifts:
        if (race - lift.date).days <= 10:
            assert lift.kind == "light"


def test_consecutive_blocks_use_different_routines(marathon: Plan) -> None:
    routines = [block.routine for block in marathon.blocks]
    assert all(a != b for a, b in itertools.pairwise(routines))
    exercises_by_block: dict[str, set[str]] = {}
    for lift in marathon.lifts:
        assert lift.workout is not None
        exercises_by_block.setdefault(lift.block, set()).update(
            e.name for e in lift.workout.exercises
        )
    blocks = [block.label for block in marathon.blocks if block.label in exercises_by_block]
    assert any(
        exercises_by_block[a] != exercises_by_block[b] for a, b in itertools.pairwise(blocks)
    )


def test_bodyweight_and_band_only_need_nothing_else() -> None:
    season = make_season(
        equipment=["bodyweight", "loop_band"], season={"start": "2026-03-02", "weeks": 6}
    )
    plan = solve_checked(season)
    catalogue = {exercise.name: exercise for exercise in load_catalogue().exercises}
    used = {e.name for lift in plan.lifts if lift.workout for e in lift.workout.exercises}
    assert used
    allowed = {Equipment.BODYWEIGHT, Equipment.LOOP_BAND}
    assert all(set(catalogue[name].equipment) <= allowed for name in used)
    assert any(Equipment.LOOP_BAND in catalogue[name].equipment for name in used)


def test_the_home_preset_keeps_barbells_out() -> None:
    plan = solve_checked(make_season(equipment=["home"]))
    catalogue = {exercise.name: exercise for exercise in load_catalogue().exercises}
    used = {e.name for lift in plan.lifts if lift.workout for e in lift.workout.exercises}
    assert not any(Equipment.BARBELL in catalogue[name].equipment for name in used)


def test_a_deload_halves_the_sets() -> None:
    builder = WorkoutBuilder(load_catalogue(), frozenset(Equipment))
    normal = LiftContext(
        phase=None, deload=False, routine=0, index_in_week=0, lifts_in_week=3, minutes=60
    )
    deload = LiftContext(
        phase=None, deload=True, routine=0, index_in_week=0, lifts_in_week=3, minutes=60
    )
    main = (Pattern.SQUAT, Pattern.HINGE)
    sets = [e.sets for e in builder.lift(normal).exercises if e.pattern in main]
    halved = [e.sets for e in builder.lift(deload).exercises if e.pattern in main]
    assert sets == [3, 3] and halved == [2, 2]
    log = builder.season_log()
    heavy = [e.percent_1rm or 0 for e in builder.lift(normal, log).exercises if e.pattern in main]
    light = [e.percent_1rm or 0 for e in builder.lift(deload, log).exercises if e.pattern in main]
    assert max(light) < min(heavy)  # and one chart step lighter


def test_core_sessions_go_on_easy_days_after_the_run() -> None:
    season = make_season(
        lifting={"per_week": {"min": 2, "max": 3, "target": 2}, "core_sessions": 1}
    )
    plan = solve_checked(season)
    (core,) = plan.core_sessions
    assert core.weekday in {"mon", "wed", "fri"} and core.minutes == 15
    assert core.workout is not None and {e.pattern for e in core.workout.exercises} == {
        Pattern.CORE
    }
    assert [lift.weekday for lift in plan.lifts] == ["tue", "thu"]


def test_a_user_catalogue_replaces_the_built_in_one(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(
        "exercises:\n"
        + "".join(
            f"  - {{name: My {p}, pattern: {p}, equipment: [bodyweight]}}\n" for p in sorted(ALL)
        )
        + "variations:\n  - {name: slow, label: slow}\n  - {name: fast, label: fast}\n"
    )
    (tmp_path / "season.yaml").write_text(
        "timezone: UTC\nseason: {start: 2026-03-02, weeks: 6, deload_every_weeks: 0}\n"
        "routines: mine.yaml\n"
        "availability: {weekly: {tue: ['17:00-20:00'], thu: ['17:00-20:00']}}\n"
    )
    season = api.load_season(tmp_path / "season.yaml")
    plan = solve_checked(season)
    routines = [block.routine for block in plan.blocks]
    assert len(routines) >= 2 and routines == ["AB"[i % 2] for i in range(len(routines))]
    names = {e.name for lift in plan.lifts if lift.workout for e in lift.workout.exercises}
    assert names <= {f"My {p}" for p in ALL}


def test_a_catalogue_without_a_pattern_for_the_equipment_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "thin.yaml").write_text(
        "exercises:\n  - {name: Push-up, pattern: push, equipment: [bodyweight]}\n"
        "variations:\n  - {name: a, label: a}\n  - {name: b, label: b}\n"
    )
    season = make_season(routines=str(tmp_path / "thin.yaml"))
    with pytest.raises(InputError, match="equipment: no pull, squat"):
        api.solve(season)


def test_marathon_blocks_last_2_to_3_weeks_and_change_with_the_phases(marathon: Plan) -> None:
    lengths = [block.last_week - block.first_week + 1 for block in marathon.blocks]
    assert all(2 <= n <= 3 for n in lengths) and sum(lengths) == 16
    firsts = {block.first_week for block in marathon.blocks}
    assert {7, 13, 15} <= firsts  # build, peak and taper each start a block
    assert {5, 9, 13} <= firsts  # and so does the week after each deload
    assert marathon.score["block_rotation"] == 0
