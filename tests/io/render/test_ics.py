"""plan.ics for any calendar app: the plan's times, stable UIDs, a higher SEQUENCE on a move."""

from __future__ import annotations

from pathlib import Path

import icalendar

from conftest import make_season, solve_checked
from liftplan import api
from liftplan.io.overrides import with_overrides
from liftplan.io.render.ics import render_ics

EXAMPLES = Path(__file__).parents[3] / "examples"


def events(text: str) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}


def test_one_event_per_session_with_the_plans_times_and_a_vtimezone() -> None:
    plan = solve_checked(api.load_season(EXAMPLES / "marathon-16-weeks.yaml"))
    text = render_ics(plan)
    calendar = icalendar.Calendar.from_ical(text)
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    found = list(calendar.walk("VEVENT"))
    assert len(found) == len(plan.sessions)
    starts = sorted((e.decoded("DTSTART"), e.decoded("DTEND")) for e in found)
    assert starts == sorted((s.start, s.end) for s in plan.sessions)
    assert all(e["DTSTART"].params["TZID"] == "America/New_York" for e in found)
    lift = next(e for e in found if str(e["SUMMARY"]).startswith("Lift - Block 1A ("))
    assert "Why here:" in str(lift["DESCRIPTION"]) and "x 8" in str(lift["DESCRIPTION"])
    assert text == render_ics(plan)  # same plan, same bytes


def test_runs_can_be_left_out() -> None:
    plan = solve_checked(make_season())
    assert len(events(render_ics(plan, include_runs=False))) == len(plan.lifts) == 2


def test_a_moved_lift_keeps_its_uid_and_gets_a_higher_sequence() -> None:
    season = make_season()
    before = solve_checked(season)
    first = render_ics(before)
    # Tuesday evening gets shorter: the Tuesday lift moves within the day.
    moved = solve_checked(with_overrides(season, ['availability.weekly.tue=["19:00-21:00"]']))
    second = render_ics(moved, previous=first)
    old, new = events(first), events(second)
    assert old.keys() == new.keys()
    changed = [uid for uid in new if new[uid].decoded("DTSTART") != old[uid].decoded("DTSTART")]
    assert changed == ["test-w001-lift1@liftplan"]
    assert int(new[changed[0]]["SEQUENCE"]) == int(old[changed[0]]["SEQUENCE"]) + 1
    assert all(int(new[u]["SEQUENCE"]) == 0 for u in new if u not in changed)
    assert render_ics(moved, previous=second) == second  # nothing changed since: same bytes
