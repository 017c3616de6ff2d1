"""A deload is clearly lighter than the heavy week it follows (models/deload.py): at most 60%
of the working sets of that week's lightest heavy lift, through `liftplan solve` and `check`.

Before, a deload only halved the main lifts' sets down to a floor of two a slot: a beginner's
technique block (two sets everywhere) deloaded into the very same session, and a 45-minute
lift's deload kept 14 of the heavy week's 18 sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from conftest import invoke, season_data, solve_both_checked

TUE_THU = {"tue": ["17:00-21:00"], "thu": ["17:00-21:00"]}
HARD_TUE_THU = {
    "tue": {"kind": "intervals", "start": "07:00", "minutes": 60},
    "thu": {"kind": "tempo", "start": "07:00", "minutes": 50},
    "sat": {"kind": "long", "start": "08:00", "minutes": 100},
}


def write_season(folder: Path, level: str, minutes: Any, weeks: int = 3, every: int = 3) -> Path:
    """Lifts on Tuesday and Thursday (the hard days), every ``every``-th week a deload."""
    data = season_data(
        season={"start": "2026-04-06", "weeks": weeks, "deload_every_weeks": every, "phases": []},
        availability={"weekly": TUE_THU},
        runs={"weekly": HARD_TUE_THU},
        lifting={"per_week": {"min": 2, "max": 2}, "minutes": minutes},
        athlete={"level": level},
    )
    path = folder / "season.json"
    path.write_text(json.dumps(data))
    return path


def working_sets(lift: dict[str, Any]) -> int:
    return sum(exercise["sets"] for exercise in lift["workout"]["exercises"])


def lifts_by_week(sessions: list[dict[str, Any]]) -> dict[int, list[dict[str, Any]]]:
    weeks: dict[int, list[dict[str, Any]]] = {}
    for session in sessions:
        if session["activity"] == "lift":
            weeks.setdefault(session["week"], []).append(session)
    return weeks


@pytest.mark.parametrize(
    ("level", "minutes", "weeks", "every"),
    [
        ("beginner", 45, 3, 3),  # the technique block: two sets a slot, heavy and deload alike
        ("beginner", 45, 8, 4),  # deloads after the technique block and after later ones
        ("beginner", 30, 3, 3),
        ("intermediate", 30, 3, 3),
        ("intermediate", 45, 3, 3),
        ("intermediate", {"min": 30, "max": 60}, 3, 3),
        ("advanced", 45, 3, 3),
        ("advanced", 90, 3, 3),
    ],
)
def test_a_deload_holds_at_most_60_percent_of_the_heavy_weeks_sets(
    tmp_path: Path, level: str, minutes: Any, weeks: int, every: int
) -> None:
    season = write_season(tmp_path, level, minutes, weeks, every)
    _, sessions, rows = solve_both_checked(season, tmp_path)  # and `liftplan check` says OK
    by_week = lifts_by_week(sessions)
    deload_weeks = [w for w, lifts in by_week.items() if {s["kind"] for s in lifts} == {"deload"}]
    assert deload_weeks == list(range(every, weeks + 1, every))
    for week in deload_weeks:
        heavy = [s for s in by_week[week - 1] if s["kind"] == "heavy"]
        assert heavy, week
        lightest = min(working_sets(s) for s in heavy)
        for lift in by_week[week]:
            sets = working_sets(lift)
            assert sets <= 0.6 * lightest, (lift["date"], sets, lightest)
            patterns = {e["pattern"]: e["sets"] for e in lift["workout"]["exercises"]}
            assert patterns["squat"] >= 1 and patterns["hinge"] >= 1, lift["date"]
            # said as a coach says it, in the notes the CSV and the calendar carry
            share = round(100 * sets / lightest)
            words = f"deload: {sets} working sets, {share}% of last heavy week's {lightest}"
            assert words in lift["notes"], lift["notes"]
            assert any(words in row["notes"] for row in rows if row["date"] == lift["date"])


def test_a_deload_before_any_heavy_week_is_cut_from_the_heavy_week_it_stands_for(
    tmp_path: Path,
) -> None:
    """Week 1 a deload (``deload_weeks: [1]``): no heavy week to measure it against in the
    plan (the checker has nothing to measure it against), so it is cut from the lightest
    lift of the heavy week it would have been, and says so."""
    season = write_season(tmp_path, "advanced", 60)
    data = json.loads(season.read_text())
    data["season"]["deload_weeks"] = [1]
    season.write_text(json.dumps(data))
    _, sessions, _ = solve_both_checked(season, tmp_path)
    by_week = lifts_by_week(sessions)
    assert {s["kind"] for s in by_week[1]} == {"deload"}
    assert {s["kind"] for s in by_week[2]} == {"heavy"}
    for lift in by_week[1]:
        sets = working_sets(lift)
        stated = int(lift["notes"].split("of a heavy week's ")[1].split(")")[0])
        assert f"deload: {sets} working sets, {round(100 * sets / stated)}%" in lift["notes"]
        assert sets <= 0.6 * stated, (lift["date"], sets, stated)


def test_check_rejects_a_deload_as_big_as_the_heavy_week(tmp_path: Path) -> None:
    """A plan whose deload lift is the heavy lift of the week before, copied: every other
    rule still holds (same minutes, same kind of work), only the deload's volume is wrong."""
    season = write_season(tmp_path, "beginner", 45)
    plan = tmp_path / "plan.json"
    code, _, err = invoke("solve", season, "-o", plan)
    assert code == 0, err
    data = json.loads(plan.read_text())
    by_week = lifts_by_week(data["sessions"])
    deload, heavy = by_week[3][0], by_week[2][0]
    assert (deload["kind"], heavy["kind"]) == ("deload", "heavy")
    deload["workout"] = heavy["workout"]
    plan.write_text(json.dumps(data))
    code, out, check_err = invoke("check", season, plan)
    assert code == 1, out + check_err
    sets = working_sets(heavy)
    lightest = min(working_sets(s) for s in by_week[2])
    assert out.splitlines() == [
        f"{plan}: {deload['date']} deload_volume: a deload of {sets} working sets after week "
        f"2's heavy lift of {lightest}: at most {lightest * 60 // 100} (60%)"
    ]
    assert "1 violation" in check_err
