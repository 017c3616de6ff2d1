"""A race week with no open day plans no lift, and every output says why in words that hold:
"closed around" the race only when race rules close every day of it."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest
import yaml

from conftest import invoke, season_data

EVERY_EVENING = {day: ["17:30-21:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")}
RACE = {
    "weekly": {},
    "dates": {
        "2026-03-07": {
            "kind": "race",
            "start": "08:00",
            "minutes": 60,
            "distance": "10k",
            "priority": "B",
        }
    },
}
LIFTING = {"per_week": {"min": 1, "max": 2, "target": 2}, "minutes": 45}
RACE_DAYS = (
    "Thu 5 Mar: no_lift_days_before_race; Fri 6 Mar: no_lift_days_before_race; "
    "Sat 7 Mar: no_lift_days_before_race; Sun 8 Mar: no_lift_days_after_race)"
)


@pytest.mark.parametrize(
    ("sections", "reason"),
    [
        (  # the race rules close every day: five days before it, the race, the day after
            {
                "availability": {"weekly": EVERY_EVENING},
                "rules": {"no_lift_days_before_race": 5, "no_lift_days_after_race": 1},
            },
            "no lift: every day is closed around the 10k (B) on Sat 7 Mar (Mon 2 Mar: "
            "no_lift_days_before_race; Tue 3 Mar: no_lift_days_before_race; Wed 4 Mar: "
            f"no_lift_days_before_race; {RACE_DAYS}",
        ),
        (  # the runner is free on Friday only: Mon-Wed are closed by their availability
            {"availability": {"weekly": {"fri": ["17:30-21:00"]}}},
            "no lift: every day is closed, around the 10k (B) on Sat 7 Mar or by the runner's "
            "own rules (Mon 2 Mar: availability; Tue 3 Mar: availability; Wed 4 Mar: "
            f"availability; {RACE_DAYS}",
        ),
    ],
    ids=["race-rules", "own-availability"],
)
def test_a_closed_race_week_says_what_closes_its_days(
    tmp_path: Path, sections: dict[str, object], reason: str
) -> None:
    season = tmp_path / "season.yaml"
    season.write_text(yaml.safe_dump(season_data(runs=RACE, lifting=LIFTING, **sections)))
    plan, page = tmp_path / "plan.json", tmp_path / "plan.html"
    code, _, err = invoke("solve", season, "-o", plan, "-o", page)
    assert code == 0, err
    code, out, check_err = invoke("check", season, plan)
    assert code == 0, out + check_err
    assert json.loads(plan.read_text())["closed_weeks"] == [{"week": 1, "reason": reason}]
    assert f"week 1: {reason}\n" in err  # solve's summary
    code, out, _ = invoke("explain", season)
    assert code == 0 and f"  week 1: {reason}\n" in out
    assert f"<li>Week 1: {escape(reason)}</li>" in page.read_text()
