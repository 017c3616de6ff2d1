"""What a plan file records, as `check` and `replan` read it (issue 16, scope 1): its
overrides in one order and inside the season, override entries whose problems are named,
a file that holds a plan at all, lifts_per_week that counts its lifts, and the hint that a
CSV records no --set."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from conftest import invoke
from conftest import robustness_case as case

WEEK = "07-check-csv-false-violation"  # the guide's sample week, 2026-03-02..2026-03-08


@pytest.fixture(scope="module")
def solved_week(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample week solved once, and re-planned twice with --set: a plan whose
    overrides are two dated entries, checked whole."""
    folder = case(tmp_path_factory.mktemp("week"), WEEK)
    season = folder / "sample-week.yaml"
    plan, first, second = (folder / name for name in ("plan.json", "first.json", "second.json"))
    assert invoke("solve", season, "-o", plan)[0] == 0
    code, out, err = invoke("check", season, plan)
    assert code == 0, out + err
    limits = ("--set", "lifting.per_week.min=1", "--set", "lifting.per_week.max=1")
    code, _, err = invoke("replan", season, plan, "--from", "2026-03-02", *limits, "-o", first)
    assert code == 0, err
    code, _, err = invoke(
        "replan", season, first, "--from", "2026-03-04", "--set", "rules.recovery_hours=12",
        "-o", second, "-o", folder / "second.csv",
    )  # fmt: skip
    assert code == 0, err
    assert [entry["since"] for entry in json.loads(second.read_text())["overrides"]] == [
        "2026-03-02",
        "2026-03-04",
    ]
    code, out, err = invoke("check", season, second)
    assert code == 0, out + err
    return folder


def edited(folder: Path, tmp_path: Path, source: str, **fields: Any) -> tuple[Path, Path]:
    """A copy of the season and of plan ``source`` with ``fields`` replaced: (season, plan)."""
    season = tmp_path / "sample-week.yaml"
    shutil.copy(folder / "sample-week.yaml", season)
    document = json.loads((folder / source).read_text())
    document.update(fields)
    plan = tmp_path / "plan.json"
    plan.write_text(json.dumps(document))
    return season, plan


def refused(season: Path, plan: Path) -> list[str]:
    """`check` and `replan` of ``plan``: both exit 2 with the same one line, nothing on
    stdout; the line without its ``liftplan: PLAN: `` prefix, once for each command."""
    problems = []
    written = plan.parent / "new.json"
    for command, *rest in (("check",), ("replan", "--from", "2026-03-05", "-o", str(written))):
        code, out, err = invoke(command, season, plan, *rest)
        assert (code, out) == (2, ""), out + err
        (line,) = err.splitlines()
        assert line.startswith(f"liftplan: {plan}: "), line
        problems.append(line.removeprefix(f"liftplan: {plan}: "))
    assert not written.exists()
    return problems


def test_overrides_in_date_order_are_checked_and_any_other_order_is_refused(
    solved_week: Path, tmp_path: Path
) -> None:
    """`Plan.overrides_on` applies the entries in list order, the checker's spans go by
    date: a hand-edited order checked the lifts under rules they never had."""
    entries = json.loads((solved_week / "second.json").read_text())["overrides"]
    season, plan = edited(solved_week, tmp_path, "second.json", overrides=entries[::-1])
    assert (
        refused(season, plan)
        == [
            "overrides[1].since: 2026-03-02 comes before the entry above it (2026-03-04); entries "
            "are in date order"
        ]
        * 2
    )


def test_a_plain_override_after_a_dated_one_is_refused(solved_week: Path, tmp_path: Path) -> None:
    entries = json.loads((solved_week / "second.json").read_text())["overrides"]
    season, plan = edited(
        solved_week, tmp_path, "second.json", overrides=[entries[1], "rules.recovery_hours=24"]
    )
    (check, replan) = refused(season, plan)
    assert check == replan
    assert check.startswith("overrides[1]: 'rules.recovery_hours=24' holds from the season's start")
    assert "plain overrides come first" in check
    # The same two, plain first, are a plan to check (its rules then decide).
    season, plan = edited(
        solved_week, tmp_path, "second.json", overrides=["rules.recovery_hours=24", entries[1]]
    )
    code, out, err = invoke("check", season, plan)
    assert code in (0, 1), out + err


@pytest.mark.parametrize("since", ["2030-01-01", "2025-01-01", "2026-03-09", "2026-03-01"])
def test_an_override_dated_outside_the_season_is_refused(
    solved_week: Path, tmp_path: Path, since: str
) -> None:
    """Not its weights used for the whole score, nor rewritten to --from by a re-plan."""
    entries = json.loads((solved_week / "second.json").read_text())["overrides"]
    late = {"since": since, "set": ["weights.habit=0"]}
    overrides = [entries[0], late] if since > "2026-03-02" else [late, entries[1]]
    season, plan = edited(solved_week, tmp_path, "second.json", overrides=overrides)
    index = overrides.index(late)
    assert (
        refused(season, plan)
        == [f"overrides[{index}].since: {since} is outside the season 2026-03-02..2026-03-08"] * 2
    )


@pytest.mark.parametrize("since", ["2026-03-02", "2026-03-08"])
def test_an_override_on_the_first_or_last_day_is_checked(
    solved_week: Path, tmp_path: Path, since: str
) -> None:
    overrides = [{"since": since, "set": ["rules.recovery_hours=12"]}]
    season, plan = edited(solved_week, tmp_path, "plan.json", overrides=overrides)
    code, out, err = invoke("check", season, plan)
    assert code == 0, out + err


DATED = {"since": "2026-03-04", "set": ["weights.habit=0"]}


@pytest.mark.parametrize(
    ("entry", "problem"),
    [
        ({**DATED, "since": "2026-13-01"}, "overrides[0].since: 2026-13-01 is not a date"),
        ({**DATED, "since": None}, "overrides[0].since: null is not a date"),
        ({**DATED, "since": 20260304}, "overrides[0].since: 20260304 is not a date"),
        (
            {**DATED, "since": "2026-03-04T10:00:00"},
            "overrides[0].since: 2026-03-04T10:00:00 is not a date",
        ),
        ({"set": DATED["set"]}, "overrides[0].since: required field is missing"),
        ({**DATED, "why": "x"}, "overrides[0].why: unknown field"),
        ({**DATED, "set": []}, "overrides[0].set: empty"),
        (
            {**DATED, "set": "weights.habit=0"},
            'overrides[0].set: a list of path=value, not one text: ["weights.habit=0"]',
        ),
        ({**DATED, "set": [["weights.habit=0"]]}, "overrides[0].set[0]: input should be a valid"),
        (3, "overrides[0]: neither a path=value text nor a {since: DATE, set: [...]} entry"),
    ],
)  # fmt: skip
def test_a_malformed_override_entry_names_its_own_problem(
    solved_week: Path, tmp_path: Path, entry: object, problem: str
) -> None:
    """Not ``overrides[0].str: input should be a valid string (and 1 more problem)``."""
    season, plan = edited(solved_week, tmp_path, "plan.json", overrides=[entry])
    for line in refused(season, plan):
        assert line.startswith(problem), line
        assert ".str" not in line and "more problem" not in line and "override" in line


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        (
            {"status": "INFEASIBLE", "sessions": []},
            "status: INFEASIBLE: this file holds no plan to check or re-plan (solve found none)",
        ),
        (
            {"status": "UNKNOWN", "sessions": [], "objective": None},
            "status: UNKNOWN: this file holds no plan to check or re-plan (solve found none "
            "in its time)",
        ),
        (
            {"sessions": [], "lifts_per_week": []},
            "sessions: none: this file holds no plan, though OPTIMAL says it has one "
            "(inconsistent plan file)",
        ),
        (
            {"lifts_per_week": [9]},
            "lifts_per_week: counts 9 lifts, the sessions hold 2 (inconsistent plan file)",
        ),
        (
            {"lifts_per_week": [2, 1]},
            "lifts_per_week: counts 3 lifts, the sessions hold 2 (inconsistent plan file)",
        ),
        (
            {"lifts_per_week": [0, 2]},
            "lifts_per_week: week 1 counts 0 lifts, the sessions hold 2 (inconsistent plan file)",
        ),
    ],
)  # fmt: skip
def test_a_file_that_holds_no_plan_or_miscounts_its_lifts_is_refused(
    solved_week: Path, tmp_path: Path, edit: dict[str, object], problem: str
) -> None:
    """Not 115 "run is missing" lines (exit 1), a re-plan of it (exit 0), or an OK for
    lifts_per_week that disagrees with the sessions."""
    season, plan = edited(solved_week, tmp_path, "plan.json", **edit)
    assert refused(season, plan) == [problem] * 2


def test_a_csv_with_violations_says_it_records_no_set(solved_week: Path) -> None:
    """A re-planned plan with --set, checked from its CSV against the bare season, breaks
    the season's rules (1 lift a week, where the season asks 2): the last line says why."""
    season, csv = solved_week / "sample-week.yaml", solved_week / "second.csv"
    code, out, err = invoke("check", season, csv)
    assert code == 1
    assert f"{csv}: 2026-03-02 lifts_per_week: week 1 has 1 lift, min 2\n" in out
    *_, count, note = err.splitlines()
    assert count.endswith("violation") or count.endswith("violations")
    assert note == (
        f"liftplan: note: {csv} records no --set; a plan made with --set is checked whole "
        "from its plan.json (or give the same --set here)"
    )
    # Given --set here (not the plan's), the violations stand, and no note repeats it.
    code, out, err = invoke("check", season, csv, "--set", "rules.recovery_hours=30")
    assert code == 1 and "lifts_per_week" in out
    assert "note:" not in err
    # Its plan.json records them: checked whole, it passes, without the note.
    code, out, err = invoke("check", season, solved_week / "second.json")
    assert (code, err) == (0, "") and "OK, 1 lift breaks no hard rule" in out


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        (
            [DATED, DATED, {**DATED, "set": ["lifting.nope=3"]}],
            "overrides[2].set[0]: lifting.nope: unknown field",
        ),
        (["lifting.nope=3"], "overrides[0]: lifting.nope: unknown field"),
        (
            ["weights.habit=0", {**DATED, "set": ["weights.habit=1", "rules.recovery_hours=-5"]}],
            "overrides[1].set[1]: rules.recovery_hours: ",
        ),
        (["lifting=3"], "overrides[0]: lifting: "),
        (["weights.habit=[1"], "overrides[0]: weights.habit: "),
    ],
)  # fmt: skip
def test_a_bad_recorded_override_names_its_place_in_the_plan_not_set(
    solved_week: Path, tmp_path: Path, overrides: list[object], problem: str
) -> None:
    """The user passed no --set: the line names the entry of the plan file that is bad."""
    season, plan = edited(solved_week, tmp_path, "plan.json", overrides=overrides)
    for line in refused(season, plan):
        assert line.startswith(problem), line
        assert "--set" not in line, line
