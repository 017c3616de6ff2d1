"""A season changed at a dotted path: the same change from `--set` text or from a repair."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from conftest import make_season
from liftplan.io.overrides import with_overrides
from liftplan.models.patch import PatchError, SeasonPatch, merge, patched


def test_a_patch_reads_as_the_set_text_a_runner_would_type() -> None:
    assert SeasonPatch("rules.recovery_hours", 48).text == "rules.recovery_hours=48"
    assert SeasonPatch("rules.no_lift_day_before_hard", False).text == (
        "rules.no_lift_day_before_hard=false"
    )
    assert SeasonPatch("availability.weekly.sat", ["08:00-09:00"]).text == (
        'availability.weekly.sat=["08:00-09:00"]'
    )


def test_a_typed_patch_and_its_text_through_set_give_the_same_season() -> None:
    season = make_season()
    patch = SeasonPatch("availability.weekly.sat", ["08:00-09:30"])
    assert patched(season, [patch]) == with_overrides(season, [patch.text])
    assert patched(season, [patch]) != season


def test_later_patches_win_and_the_season_is_validated_again() -> None:
    season = make_season()
    changed = patched(
        season, [SeasonPatch("rules.recovery_hours", 30), SeasonPatch("rules.recovery_hours", 36)]
    )
    assert changed.rules.recovery_hours == 36
    with pytest.raises(ValidationError):
        patched(season, [SeasonPatch("rules.recovery_hours", -1)])


def test_a_path_through_a_value_that_is_not_a_mapping_names_where() -> None:
    with pytest.raises(PatchError) as error:
        patched(make_season(), [SeasonPatch("rules.recovery_hours.extra", 1)])
    assert error.value.where == "rules.recovery_hours"


def test_merge_joins_mappings_and_replaces_the_rest() -> None:
    base = {"rules": {"recovery_hours": 24, "hard_kinds": ["tempo"]}, "id": "a"}
    assert merge(base, {"rules": {"hard_kinds": ["long"]}}) == {
        "rules": {"recovery_hours": 24, "hard_kinds": ["long"]},
        "id": "a",
    }
