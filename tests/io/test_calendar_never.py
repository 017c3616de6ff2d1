"""A repeat rule whose BYMONTH/BYMONTHDAY name no real date (30 February) never occurs: it is
taken from the event before expansion (dateutil walked it to the year 9999: 10-14 s an
hourly rule, even in `validate`) and the calendar report says why (issue 15)."""

from __future__ import annotations

import shutil
from pathlib import Path

import icalendar
import pytest

from conftest import invoke
from liftplan.io.calendar_limits import never_matches

NEVER = Path(__file__).parents[1] / "cases" / "calendar" / "never-hourly.ics"
SEASON = """\
timezone: America/New_York
season: {start: '2026-03-02', weeks: 2}
availability: {from_ics: never-hourly.ics}
runs:
  weekly:
    tue: {kind: track, start: '06:30', minutes: 60}
lifting: {per_week: {min: 1, max: 2}, minutes: 30, granularity_minutes: 15}
"""


def _rule(text: str) -> icalendar.vRecur:
    return icalendar.vRecur.from_ical(text)


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;BYMONTH=2;BYMONTHDAY=31",
        "FREQ=YEARLY;BYMONTH=4,6,9,11;BYMONTHDAY=31",
        "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=-30",
        "FREQ=MONTHLY;BYMONTHDAY=32",
    ],
)
def test_a_rule_naming_no_real_date_never_occurs(text: str) -> None:
    assert never_matches(_rule(text)) is not None


@pytest.mark.parametrize(
    "text",
    [
        "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",  # leap days
        "FREQ=MONTHLY;BYMONTHDAY=31",  # the months that have one
        "FREQ=MONTHLY;BYMONTHDAY=-1",
        "FREQ=YEARLY;BYMONTH=2,3;BYMONTHDAY=30",  # 30 March
        "FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=-29",  # 1 February of a leap year
        "FREQ=WEEKLY;BYDAY=MO,WE",
        "FREQ=DAILY",
        "FREQ=YEARLY;BYMONTH=5L;BYMONTHDAY=30",  # a leap month: left to the expansion
    ],
)
def test_realistic_rules_are_kept(text: str) -> None:
    assert never_matches(_rule(text)) is None


@pytest.mark.parametrize("command", ["validate", "solve"])
def test_a_season_busy_by_a_rule_that_never_occurs_plans_and_says_why(
    command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copy(NEVER, tmp_path / NEVER.name)
    (tmp_path / "season.yaml").write_text(SEASON, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    extra = ["-o", "plan.json"] if command == "solve" else []
    code, out, err = invoke(command, "season.yaml", *extra)
    assert code == 0, out + err
    if command == "solve":
        checked, check_out, check_err = invoke("check", "season.yaml", "plan.json")
        assert checked == 0, check_out + check_err
    code, out, err = invoke("explain", "season.yaml")
    assert code == 0, out + err
    assert "skipped the repeat rule of event 'x': it never occurs: February has no day 30" in (
        out + err
    )
