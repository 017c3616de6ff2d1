"""`-o lifts.zip`: one FIT strength workout per lift, decoded by Garmin's own SDK."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from conftest import solve_checked
from liftplan import api
from liftplan.cli.app import cli
from liftplan.io.render.fit import fit_exercise, render_fit_zip
from liftplan.models.plan import Plan
from liftplan.models.routines import WorkoutExercise

EXAMPLE = Path(__file__).parents[3] / "examples" / "marathon-16-weeks.yaml"


@pytest.fixture(scope="module")
def marathon() -> Plan:
    plan = solve_checked(api.load_season(EXAMPLE))
    assert plan.status.solved
    return plan


def decode(data: bytes) -> dict[str, Any]:
    from garmin_fit_sdk import Decoder, Stream

    assert Decoder(Stream.from_byte_array(bytearray(data))).check_integrity()
    messages, errors = Decoder(Stream.from_byte_array(bytearray(data))).read()
    assert errors == []
    return dict(messages)


def work_steps(messages: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in messages["workout_step_mesgs"] if s.get("intensity") == "active"]


def test_every_lift_of_the_16_week_example_decodes_with_its_sets_and_reps(marathon: Plan) -> None:
    archive = zipfile.ZipFile(io.BytesIO(render_fit_zip(marathon)))
    lifts = [s for s in marathon.sessions if s.activity == "lift"]
    assert len(archive.namelist()) == len(lifts) > 30
    for lift in lifts:
        name = f"{lift.start:%Y-%m-%d_%H%M}_{'core' if lift.kind == 'core' else 'lift'}.fit"
        messages = decode(archive.read(name))
        (file_id,) = messages["file_id_mesgs"]
        assert file_id["type"] == "workout"
        (workout,) = messages["workout_mesgs"]
        assert (workout["sport"], workout["sub_sport"]) == ("training", "strength_training")
        assert workout["num_valid_steps"] == len(messages["workout_step_mesgs"])
        assert lift.workout is not None
        steps = work_steps(messages)
        assert [s["wkt_step_name"] for s in steps] == [e.name for e in lift.workout.exercises]
        repeats = {
            s["duration_step"]: s["repeat_steps"]
            for s in messages["workout_step_mesgs"]
            if s["duration_type"] == "repeat_until_steps_cmplt"
        }
        for step, exercise in zip(steps, lift.workout.exercises, strict=True):
            amount = int(exercise.reps.split()[0].split("-")[-1])
            if exercise.reps.split()[1:2] == ["s"]:
                assert step["duration_time"] == amount
            elif exercise.reps.split()[1:2] == ["m"]:
                assert step["duration_distance"] == amount
            else:
                assert (step["duration_type"], step["duration_reps"]) == ("reps", amount)
            assert repeats.get(step["message_index"], 1) == exercise.sets
            known = fit_exercise(exercise.name, str(exercise.pattern))
            assert step["exercise_category"] is not None and known.category >= 0


def test_one_lift_pinned(marathon: Plan) -> None:
    lift = next(s for s in marathon.sessions if s.activity == "lift" and s.kind != "core")
    archive = zipfile.ZipFile(io.BytesIO(render_fit_zip(marathon)))
    messages = decode(archive.read(f"{lift.start:%Y-%m-%d_%H%M}_lift.fit"))
    steps = [
        (
            s.get("wkt_step_name"),
            s["duration_type"],
            s.get("duration_reps") or s.get("duration_time") or s.get("duration_distance"),
            s.get("exercise_category"),
            s.get("repeat_steps"),
        )
        for s in messages["workout_step_mesgs"]
    ]
    assert lift.start.isoformat() == "2026-03-03T17:30:00-05:00"
    # the 12-minute warm-up, then each exercise: work, rest, repeat for its sets
    assert steps == [
        ("Warm-up", "time", 720.0, "warm_up", None),
        ("Squat jump", "reps", 5, "plyo", None),
        ("Rest", "time", 60.0, None, None),
        (None, "repeat_until_steps_cmplt", None, None, 3),
        ("Front squat", "reps", 8, "squat", None),
        ("Rest", "time", 120.0, None, None),
        (None, "repeat_until_steps_cmplt", None, None, 3),
        ("Dumbbell Romanian deadlift", "reps", 8, "deadlift", None),
        ("Rest", "time", 120.0, None, None),
        (None, "repeat_until_steps_cmplt", None, None, 3),
        ("Bulgarian split squat", "reps", 10, "lunge", None),
        ("Rest", "time", 60.0, None, None),
        (None, "repeat_until_steps_cmplt", None, None, 3),
        ("Dumbbell calf raise", "reps", 12, "calf_raise", None),
        ("Rest", "time", 60.0, None, None),
        (None, "repeat_until_steps_cmplt", None, None, 3),
        ("Push-up", "reps", 10, "push_up", None),
        ("Rest", "time", 60.0, None, None),
        (None, "repeat_until_steps_cmplt", None, None, 2),
        ("Band row", "reps", 10, "row", None),
        ("Rest", "time", 60.0, None, None),
        (None, "repeat_until_steps_cmplt", None, None, 3),
        ("Dead bug", "reps", 8, "hip_stability", None),
        ("Rest", "time", 45.0, None, None),
        (None, "repeat_until_steps_cmplt", None, None, 2),
        ("Suitcase carry", "distance", 40.0, "carry", None),
        ("Rest", "time", 60.0, None, None),
        (None, "repeat_until_steps_cmplt", None, None, 2),
    ]


def test_a_known_weight_is_written_in_kg() -> None:
    from liftplan.io.render.fit import _kilograms

    def exercise(weight: float, load: str) -> WorkoutExercise:
        return WorkoutExercise(
            name="Back squat",
            pattern="squat",
            sets=3,
            reps="5",
            tempo="3-0-1-0",
            rest_s=120,
            load=load,
            weight=weight,
        )

    assert _kilograms(exercise(80, "80 kg (about 80% of 1RM)")) == 80
    assert _kilograms(exercise(100, "100 lb (about 80% of 1RM)")) == pytest.approx(45.36)


def test_solve_writes_lifts_zip(tmp_path: Path) -> None:
    out = tmp_path / "lifts.zip"
    result = CliRunner().invoke(
        cli, ["solve", str(EXAMPLE.parent / "sample-week.yaml"), "-o", str(out)]
    )
    assert result.exit_code == 0, result.stderr
    archive = zipfile.ZipFile(out)
    assert archive.namelist() and all(name.endswith(".fit") for name in archive.namelist())
    for name in archive.namelist():
        decode(archive.read(name))


def test_an_exercise_the_watch_cannot_take_is_one_line_and_nothing_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liftplan.io.render import fit

    table = fit._table()
    broken = {**table["exercises"], "Push-up": {"category": "push_up", "name": "moon_push_up"}}
    monkeypatch.setattr(fit, "_table", lambda: {**table, "exercises": broken})
    out, csv = tmp_path / "lifts.zip", tmp_path / "plan.csv"
    result = CliRunner().invoke(
        cli,
        ["solve", str(EXAMPLE.parent / "sample-week.yaml"), "-o", str(csv), "-o", str(out)],
    )
    assert result.exit_code == 2
    assert not out.exists() and not csv.exists()
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"liftplan: {out}: lift on 2026-03-03 17:30: exercise 'Push-up'"), line
    assert "FIT has no exercise push_up/moon_push_up" in line


def test_reps_the_watch_cannot_count_are_refused() -> None:
    from liftplan.io.render.fit import FitError, _exercise_steps

    plan = solve_checked(api.load_season(EXAMPLE.parent / "sample-week.yaml"))
    lift = next(s for s in plan.sessions if s.activity == "lift")
    odd = WorkoutExercise(
        name="Push-up",
        pattern="push",
        sets=2,
        reps="as many as you can",
        tempo="2-0-1-0",
        rest_s=60,
        load="RPE 8",
    )
    with pytest.raises(FitError, match="'as many as you can' is neither reps, seconds nor metres"):
        _exercise_steps(odd, 0, lift)


def test_every_built_in_exercise_has_its_own_fit_entry() -> None:
    """The watch shows the built-in catalogue's exercises by their FIT names: a new exercise
    in routines.yaml without an entry in fit_exercises.yaml would fall back to its pattern."""
    import yaml

    from liftplan.io.catalogue import built_in_catalogue

    table = yaml.safe_load(
        (Path(__file__).parents[3] / "src/liftplan/data/fit_exercises.yaml").read_text()
    )
    names = {exercise.name for exercise in built_in_catalogue().exercises}
    assert sorted(names - set(table["exercises"])) == []
    assert sorted(set(table["exercises"]) - names) == []
    for exercise in built_in_catalogue().exercises:
        assert fit_exercise(exercise.name, str(exercise.pattern)).category >= 0
