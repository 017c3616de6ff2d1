"""A race of two days and a run past midnight in every output: one row or event per session
with its true start and end (across the spring-forward night), and on the HTML page on every
day it touches; the legend shows heavy, light and deload lifts; closed race weeks are listed."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from html import escape
from pathlib import Path
from typing import Any

import icalendar
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import make_season, season_data, solve_checked
from liftplan.cli.app import cli
from liftplan.io.render.html import render_html
from liftplan.models import Plan, Status
from liftplan.models.plan import ClosedWeek

OSLO = "Europe/Oslo"
# A 100-mile race from Sat 05:00 for 1860 min (31 h): Oslo springs forward that night, so it
# ends Sun 13:00 CEST. A 90-minute easy run from Wed 23:00 ends Thu 00:30.
RACE_START = "2026-03-28T05:00:00+01:00"
RACE_END = "2026-03-29T13:00:00+02:00"
NIGHT_START = "2026-03-18T23:00:00+01:00"
NIGHT_END = "2026-03-19T00:30:00+01:00"
SECTIONS: dict[str, Any] = {
    "id": "ultra",
    "timezone": OSLO,
    "season": {"start": "2026-03-16", "weeks": 2, "phases": []},
    "runs": {
        "weekly": {"tue": {"kind": "tempo", "start": "06:30", "minutes": 50}},
        "dates": {
            "2026-03-18": {"kind": "easy", "start": "23:00", "minutes": 90},
            "2026-03-28": {"kind": "race", "start": "05:00", "minutes": 1860},
        },
    },
    "lifting": {"per_week": {"min": 0, "max": 2, "target": 2}, "minutes": 45},
}
SUFFIXES = ("json", "csv", "ics", "html", "xlsx")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Plan, dict[str, Path]]:
    plan = solve_checked(make_season(**SECTIONS))
    assert plan.status is Status.OPTIMAL
    folder = tmp_path_factory.mktemp("race")
    season = folder / "season.json"
    season.write_text(json.dumps(season_data(**SECTIONS)))
    files = {suffix: folder / f"plan.{suffix}" for suffix in SUFFIXES}
    args = ["solve", str(season)] + [arg for path in files.values() for arg in ("-o", str(path))]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    assert Plan.model_validate_json(files["json"].read_text()) == plan
    return plan, files


def spans(plan: Plan) -> dict[str, tuple[str, str]]:
    return {
        str(s.kind): (s.start.isoformat(), s.end.isoformat())
        for s in plan.sessions
        if str(s.kind) in ("race", "easy")
    }


def test_the_plan_holds_the_race_and_the_night_run_once_each(
    outputs: tuple[Plan, dict[str, Path]],
) -> None:
    plan, _ = outputs
    assert spans(plan) == {"race": (RACE_START, RACE_END), "easy": (NIGHT_START, NIGHT_END)}
    race = next(s for s in plan.sessions if s.kind == "race")
    assert race.dates == [dt.date(2026, 3, 28), dt.date(2026, 3, 29)]
    assert race.minutes == 1860


def test_the_csv_has_one_row_each_with_its_true_end(outputs: tuple[Plan, dict[str, Path]]) -> None:
    _, files = outputs
    table = pd.read_csv(files["csv"], dtype=str)
    rows = table[table["kind"].isin(["race", "easy"])]
    assert list(zip(rows["kind"], rows["start"], rows["end"], strict=True)) == [
        ("easy", NIGHT_START, NIGHT_END),
        ("race", RACE_START, RACE_END),
    ]
    assert list(rows["date"]) == ["2026-03-18", "2026-03-28"]


def test_the_workbook_has_one_row_each_in_wall_clock_time(
    outputs: tuple[Plan, dict[str, Path]],
) -> None:
    _, files = outputs
    sheet = pd.read_excel(io.BytesIO(files["xlsx"].read_bytes()), sheet_name="plan")
    rows = sheet[sheet["kind"].isin(["race", "easy"])]
    assert [(str(a), str(b)) for a, b in zip(rows["start"], rows["end"], strict=True)] == [
        ("2026-03-18 23:00:00", "2026-03-19 00:30:00"),
        ("2026-03-28 05:00:00", "2026-03-29 13:00:00"),
    ]
    assert list(rows["utc_offset"]) == ["+01:00", "+01:00"]  # the start's offset


def test_the_calendar_has_one_event_each_lasting_its_elapsed_minutes(
    outputs: tuple[Plan, dict[str, Path]],
) -> None:
    _, files = outputs
    calendar = icalendar.Calendar.from_ical(files["ics"].read_text())
    events = {
        str(e["summary"]): (e.decoded("dtstart"), e.decoded("dtend"))
        for e in calendar.walk("VEVENT")
        if str(e["summary"]).startswith(("Run - race", "Run - easy"))
    }
    assert set(events) == {"Run - race (hard)", "Run - easy"}
    start, end = events["Run - race (hard)"]
    assert (start.isoformat(), end.isoformat()) == (RACE_START, RACE_END)
    elapsed = end.astimezone(dt.UTC) - start.astimezone(dt.UTC)
    assert elapsed == dt.timedelta(minutes=1860)  # elapsed, across the lost hour
    start, end = events["Run - easy"]
    assert (start.isoformat(), end.isoformat()) == (NIGHT_START, NIGHT_END)
    text = files["ics"].read_text()
    assert "DTEND;TZID=Europe/Oslo:20260329T130000" in text


def cells(page: str) -> dict[str, str]:
    """Each day cell's text by its date label (``Mar 29``)."""
    found = re.findall(
        r'<td class="day[^"]*"><div class="date">(?:<span class="wd">\w+ </span>)?([^<]+)</div>'
        r"(.*?)</td>",
        page,
    )
    return {label: re.sub(r"<[^>]+>", " ", body) for label, body in found}


def test_the_page_shows_the_race_and_the_night_run_on_each_day_they_touch(
    outputs: tuple[Plan, dict[str, Path]],
) -> None:
    _, files = outputs
    page = files["html"].read_text()
    days = cells(page)
    assert "05:00 race 1860 min, day 1 of 2" in days["Mar 28"]
    assert "race, day 2 of 2, until 13:00" in days["Mar 29"]
    assert "23:00 easy 90 min, day 1 of 2" in days["Mar 18"]
    assert "easy, day 2 of 2, until 00:30" in days["Mar 19"]
    assert page.count("race 1860 min") == 1 and page.count("day 2 of 2") == 2
    # The race's second day is a hard day too (the red edge).
    assert '<td class="day hard"><div class="date"><span class="wd">Sun </span>Mar 29</div>' in page


def test_the_legend_shows_heavy_light_and_deload_lifts(
    outputs: tuple[Plan, dict[str, Path]],
) -> None:
    plan, files = outputs
    page = files["html"].read_text()
    for kind in ("heavy", "light", "deload"):
        assert f'<span class="s lift {kind}" style="background:#4e79a7">{kind} lift</span>' in page
    # Every lift around the 100-mile race is light (14 days before it), and says so in its box.
    assert {str(lift.kind) for lift in plan.lifts} == {"light"}
    assert page.count("light lift · 1A 45 min") == len(plan.lifts)
    assert "heavy lift · " not in page


def test_a_closed_race_week_is_listed_and_marked_on_the_page() -> None:
    plan = solve_checked(make_season(**SECTIONS))
    reason = (
        "no lift: every day is closed, around the 100mi (A) on Sat 28 Mar or by the runner's "
        "own rules (Mon 23 Mar: availability; Tue 24 Mar: no_lift_days_before_race; ...)"
    )
    closed = plan.model_copy(update={"closed_weeks": [ClosedWeek(week=2, reason=reason)]})
    page = render_html(closed)
    assert "<h2>Closed race weeks</h2>" in page
    assert f"<li>Week 2: {escape(reason)}</li>" in page
    assert f'title="{escape(reason)}">' in page
    assert page.count('<div class="date">closed</div>') == 1
    assert "Closed race weeks" not in render_html(plan)
