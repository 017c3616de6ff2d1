"""`--set` given to solve, then to replan (and to a replan of a replan): the re-plan plans
under the same season `check` reads back from the overrides the plan records, so every
plan replan writes passes check.

Both read the overrides over the season file, in the order recorded: what one implies (a
narrowed per_week moves the file's target inside it) is settled from the file's own
values. A solve with ``per_week.max=2`` aims at 2 (the file's target 3 moved down); a
re-plan with ``max=3`` aims at the file's 3 again, from ``--from`` on. (The re-plan read the
target 2 the first override had moved as if the file said it: "no change", and check,
reading target 3, exited 1 on below_target.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import invoke

EXAMPLE = Path(__file__).parents[2] / "examples" / "marathon-16-weeks.yaml"
FROM = "2026-03-16"  # week 3
LATER = "2026-04-20"  # week 8


def sets(*assignments: str) -> list[str]:
    return [arg for assignment in assignments for arg in ("--set", assignment)]


def checked(season: Path, plan: Path) -> dict[str, Any]:
    """``plan`` after `liftplan check` passed it (exit 0, OK)."""
    code, out, err = invoke("check", season, plan)
    assert code == 0, out + err
    assert out.startswith(f"{plan}: OK, "), out
    document: dict[str, Any] = json.loads(plan.read_text())
    return document


def solved(season: Path, plan: Path, *assignments: str) -> dict[str, Any]:
    code, _, err = invoke("solve", season, *sets(*assignments), "-o", plan, "-q")
    assert code == 0, err
    return checked(season, plan)


def replanned(
    season: Path, previous: Path, plan: Path, start: str, *assignments: str
) -> tuple[dict[str, Any], str]:
    """The re-plan of ``previous`` from ``start`` with ``assignments``, checked; its stderr."""
    code, _, err = invoke(
        "replan", season, previous, "--from", start, *sets(*assignments), "-o", plan
    )
    assert code == 0, err
    return checked(season, plan), err


@pytest.fixture
def season(tmp_path: Path) -> Path:
    path = tmp_path / "m.yaml"
    shutil.copy(EXAMPLE, path)
    return path


def test_raising_max_back_aims_at_the_files_target_again(season: Path) -> None:
    """The tester's case: after ``max=2`` then ``max=3`` from week 3, the weekly target is
    the file's 3 again from week 3 on (lifts added back), and the plan passes check."""
    folder = season.parent
    first = solved(season, folder / "c1.json", "lifting.per_week.max=2")
    assert max(first["lifts_per_week"]) == 2
    second, err = replanned(
        season, folder / "c1.json", folder / "c2.json", FROM, "lifting.per_week.max=3"
    )
    assert "no change" not in err
    assert "lifts added" in err, err
    weeks = second["lifts_per_week"]
    assert weeks[:2] == first["lifts_per_week"][:2]  # history
    assert 3 in weeks[2:12]  # base and build (per_week 2..3) aim at 3 again
    assert second["overrides"] == [
        "lifting.per_week.max=2",
        {"since": FROM, "set": ["lifting.per_week.max=3"]},
    ]


@pytest.mark.parametrize(
    ("at_solve", "at_replan", "at_second_replan"),
    [
        # A whole per_week without a target: it defaults to the max, the later max's.
        (
            ["lifting.per_week={min: 1, max: 2}"],
            ["lifting.per_week.max=3"],
            ["lifting.per_week.min=2"],
        ),
        # The min raised, then the max lowered and raised again.
        (["lifting.per_week.max=2"], ["lifting.per_week.min=1"], ["lifting.per_week.max=3"]),
        # A target set by hand stays, whatever the range does after it.
        (["lifting.per_week.target=2"], ["lifting.per_week.max=2"], ["lifting.per_week.max=3"]),
        (
            ["lifting.per_week.max=2"],
            ["lifting.per_week.target=2", "lifting.per_week.max=3"],
            ["lifting.per_week.target=3"],
        ),
        # Minutes and weights stack as they are.
        (
            ["lifting.minutes=45", "weights.habit=0"],
            ["lifting.minutes={min: 30, max: 45}", "weights.wrong_order=10"],
            ["lifting.per_week.max=2", "weights.below_target=400"],
        ),
    ],
)
def test_stacked_sets_on_solve_replan_and_replan_of_a_replan_pass_check(
    season: Path, at_solve: list[str], at_replan: list[str], at_second_replan: list[str]
) -> None:
    folder = season.parent
    solved(season, folder / "p1.json", *at_solve)
    replanned(season, folder / "p1.json", folder / "p2.json", FROM, *at_replan)
    replanned(season, folder / "p2.json", folder / "p3.json", LATER, *at_second_replan)


def test_a_set_already_given_but_since_overridden_is_recorded_again(season: Path) -> None:
    """``max=3`` given to solve, a whole per_week with max 2 from a re-plan, then ``max=3``
    again: the last is not in force (the per_week is), so the plan records it (it was left
    out as a repeat, and check refused the plan: target 3 outside 1..2)."""
    folder = season.parent
    solved(season, folder / "p1.json", "lifting.per_week.max=3")
    narrowed = "lifting.per_week={min: 1, max: 2, target: 2}"
    replanned(season, folder / "p1.json", folder / "p2.json", FROM, narrowed)
    again = ("lifting.per_week.max=3", "lifting.per_week.target=3")
    plan, _ = replanned(season, folder / "p2.json", folder / "p3.json", LATER, *again)
    assert plan["overrides"][-1] == {"since": LATER, "set": list(again)}
    assert 3 in plan["lifts_per_week"][7:12]


def test_the_same_set_again_records_nothing_new(season: Path) -> None:
    """A --set equal to the one in force changes nothing: no new entry, the same plan."""
    folder = season.parent
    first = solved(season, folder / "p1.json", "lifting.per_week.max=2")
    again, err = replanned(
        season, folder / "p1.json", folder / "p2.json", FROM, "lifting.per_week.max=2"
    )
    assert "no change" in err
    assert again["overrides"] == first["overrides"] == ["lifting.per_week.max=2"]
