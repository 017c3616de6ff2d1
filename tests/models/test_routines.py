"""The catalogue as data: dosing, loadability order, a home and a body-weight path per slot;
and the athlete section's bad input, one line naming file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from liftplan import api
from liftplan.errors import InputError
from liftplan.io.catalogue import load_catalogue
from liftplan.models.routines import BODYWEIGHT_KIT, HOME_KIT, Dosing, Pattern
from liftplan.models.season import Equipment


def test_every_slot_has_a_home_and_a_bodyweight_path() -> None:
    catalogue = load_catalogue()
    for pattern in Pattern:
        assert catalogue.choices(pattern, BODYWEIGHT_KIT), pattern
        assert catalogue.choices(pattern, HOME_KIT), pattern


def test_the_squat_progresses_goblet_front_back_in_a_gym() -> None:
    names = [e.name for e in load_catalogue().choices(Pattern.SQUAT, frozenset(Equipment))]
    assert names.index("Goblet squat") < names.index("Front squat") < names.index("Back squat")


def test_dosing_fits_the_exercise() -> None:
    catalogue = load_catalogue()
    dose = {e.name: e.dose for e in catalogue.exercises}
    assert dose["Bounds"] is Dosing.BALLISTIC and dose["Pogo hops"] is Dosing.BALLISTIC
    assert dose["Plank"] is Dosing.HOLD and dose["Farmer carry"] is Dosing.CARRY
    assert dose["Back squat"] is Dosing.BARBELL and dose["Band row"] is Dosing.BAND
    assert dose["Push-up"] is Dosing.BODYWEIGHT
    assert {e.pattern for e in catalogue.exercises} >= {Pattern.PLYOMETRIC, Pattern.CALF}


def season_file(tmp_path: Path, athlete: str) -> Path:
    path = tmp_path / "season.yaml"
    path.write_text(
        "timezone: UTC\nseason: {start: 2026-03-02, weeks: 2, phases: []}\n"
        "availability: {weekly: {tue: ['17:00-20:00'], thu: ['17:00-20:00']}}\n"
        f"athlete: {athlete}\n"
    )
    return path


@pytest.mark.parametrize(
    ("athlete", "field"),
    [
        ("{level: expert}", "athlete.level"),
        ("{one_rep_max: {Back squat: 0}}", "athlete.one_rep_max"),
        ("{one_rep_max: {Back squat: -20}}", "athlete.one_rep_max"),
        ("{units: stone}", "athlete.units"),
    ],
)
def test_bad_athlete_fields_are_one_line_errors(tmp_path: Path, athlete: str, field: str) -> None:
    path = season_file(tmp_path, athlete)
    with pytest.raises(InputError) as caught:
        api.load_season(path)
    message = str(caught.value)
    assert "\n" not in message and str(path) in message and field in message


def test_a_max_for_an_unknown_exercise_names_the_file_and_the_entry(tmp_path: Path) -> None:
    path = season_file(tmp_path, "{one_rep_max: {Back squat: 100, Zercher squat: 90}}")
    with pytest.raises(InputError) as caught:
        api.load_season(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}: athlete.one_rep_max.Zercher squat: unknown exercise")


def test_a_max_set_after_loading_is_still_checked_when_solving(tmp_path: Path) -> None:
    season = api.load_season(season_file(tmp_path, "{level: beginner}"))
    athlete = season.athlete.model_copy(update={"one_rep_max": {"Zercher squat": 90.0}})
    with pytest.raises(InputError) as caught:
        api.solve(season.model_copy(update={"athlete": athlete}))
    assert "athlete.one_rep_max.Zercher squat" in str(caught.value)


def test_a_catalogue_without_calves_for_the_kit_names_the_slot(tmp_path: Path) -> None:
    slots = [p for p in Pattern if p is not Pattern.CALF]
    (tmp_path / "mine.yaml").write_text(
        "exercises:\n"
        + "".join(f"  - {{name: My {p}, pattern: {p}, equipment: [bodyweight]}}\n" for p in slots)
        + "variations:\n  - {name: a, label: a}\n  - {name: b, label: b}\n"
    )
    path = season_file(tmp_path, "{}")
    path.write_text(path.read_text() + "routines: mine.yaml\n")
    with pytest.raises(InputError, match=r"mine\.yaml: equipment: no calf exercise"):
        api.solve(api.load_season(path))
