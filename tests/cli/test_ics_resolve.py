"""`liftplan solve -o plan.ics` over the calendar of an earlier solve (SPEC, plan.ics): its
lifts keep their UIDs, a dropped lift alone is cancelled, and plan.json says the same ids.

The runner edits the season and solves again over the same files, as the README tells; the
phone re-imports plan.ics and should see only what changed.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import icalendar
import yaml

from conftest import invoke

EXAMPLE = Path(__file__).parents[2] / "examples" / "marathon-16-weeks.yaml"
WEEK = 3  # the week whose first days the runner closes


def solved(season: Path, *outputs: Path) -> None:
    """``liftplan solve SEASON -o ...`` (exit 0), the plan.json put through ``check``."""
    code, _, err = invoke("solve", season, *[a for p in outputs for a in ("-o", p)])
    assert code == 0, err
    plan = next(p for p in outputs if p.suffix == ".json")
    code, out, err = invoke("check", season, plan)
    assert code == 0, out + err


def lift_events(ics: Path) -> dict[str, icalendar.Event]:
    """UID -> the calendar's lift and core events (runs left out)."""
    calendar = icalendar.Calendar.from_ical(ics.read_text(encoding="utf-8"))
    return {
        str(e["UID"]): e
        for e in calendar.walk("VEVENT")
        if "-lift" in str(e["UID"]) or "-core" in str(e["UID"])
    }


def slot(event: icalendar.Event) -> tuple[dt.datetime, dt.datetime, bool]:
    """Where an event stands: start, end, and whether it is a core session (its title)."""
    core = str(event["SUMMARY"]).startswith("Core")
    return event.decoded("DTSTART"), event.decoded("DTEND"), core


def sequence(event: icalendar.Event) -> int:
    return int(str(event["SEQUENCE"]))


def live(events: dict[str, icalendar.Event]) -> dict[str, icalendar.Event]:
    return {uid: e for uid, e in events.items() if str(e.get("STATUS", "")) != "CANCELLED"}


def json_lifts(plan: Path) -> list[dict[str, Any]]:
    sessions = json.loads(plan.read_text(encoding="utf-8"))["sessions"]
    return [s for s in sessions if s["activity"] == "lift"]


def test_a_week_losing_a_lift_cancels_that_lift_alone(tmp_path: Path) -> None:
    season = tmp_path / "season.yaml"
    shutil.copy(EXAMPLE, season)
    ics, plan = tmp_path / "plan.ics", tmp_path / "plan.json"
    solved(season, ics, plan)
    before, planned = lift_events(ics), json_lifts(plan)
    # The runner is away from the week's first day to its first lift's: the week has one
    # lift fewer (the solver cannot fit three in what is left).
    first_lift = min(
        dt.date.fromisoformat(s["date"])
        for s in planned
        if s["week"] == WEEK and s["kind"] != "core"
    )
    season_start = dt.date.fromisoformat(json.loads(plan.read_text())["season_start"])
    week_start = season_start + dt.timedelta(weeks=WEEK - 1)
    edited = yaml.safe_load(season.read_text(encoding="utf-8"))
    for n in range((first_lift - week_start).days + 1):
        edited["availability"]["dates"][week_start + dt.timedelta(days=n)] = []
    changed = tmp_path / "changed.yaml"
    changed.write_text(yaml.safe_dump(edited), encoding="utf-8")

    solved(changed, ics, plan)
    after, replanned = lift_events(ics), json_lifts(plan)
    lifts_in = [
        sum(1 for s in sessions if s["week"] == WEEK and s["kind"] != "core")
        for sessions in (planned, replanned)
    ]
    assert lifts_in[1] == lifts_in[0] - 1, lifts_in  # the scenario: the week lost a lift

    old_at = {slot(e): uid for uid, e in before.items()}
    new_live = live(after)
    unchanged = {uid for uid, e in new_live.items() if slot(e) in old_at}
    for uid in unchanged:  # a lift at its old time keeps its UID ...
        assert old_at[slot(new_live[uid])] == uid
        old, new = before[uid], new_live[uid]
        same_text = all(str(old[k]) == str(new[k]) for k in ("SUMMARY", "DESCRIPTION"))
        # ... and its SEQUENCE, unless its workout changed (a week of two lifts does its
        # routine's sessions A and B, not B and C).
        assert sequence(new) == sequence(old) + (0 if same_text else 1), uid
    untouched = [uid for uid in before if f"-w{WEEK:03d}-" not in uid]
    assert untouched and all(sequence(after[uid]) == sequence(before[uid]) for uid in untouched)
    for uid in set(new_live) - unchanged:  # moved within its week: a UID of that week's
        assert uid in before and f"-w{WEEK:03d}-" in uid, uid
        assert slot(new_live[uid])[2] == slot(before[uid])[2]  # a core session stays one
    cancelled = {uid for uid, e in after.items() if str(e.get("STATUS", "")) == "CANCELLED"}
    removed = next(
        uid
        for uid, e in before.items()
        if e.decoded("DTSTART").date() == first_lift and "-lift" in uid
    )
    assert cancelled == {removed}
    assert sequence(after[removed]) == sequence(before[removed]) + 1
    assert set(after) == set(before)  # no new UID: each event moved, kept or cancelled

    by_start = {s["start"]: s["lift_id"] for s in replanned}
    assert len(set(by_start.values())) == len(replanned)
    assert {f"sam-{s['lift_id']}@liftplan" for s in replanned} == set(new_live)
    for uid, event in new_live.items():
        assert f"sam-{by_start[event.decoded('DTSTART').isoformat()]}@liftplan" == uid


def test_a_calendar_not_ours_is_overwritten_and_the_ids_are_fresh(tmp_path: Path) -> None:
    season = tmp_path / "season.yaml"
    shutil.copy(EXAMPLE, season)
    fresh = tmp_path / "fresh.json"
    solved(season, fresh)
    ids = [s["lift_id"] for s in json_lifts(fresh)]
    # Another athlete whose id starts like this one's, her lifts at the very same times;
    # then files that are no calendar at all.
    other = yaml.safe_load(season.read_text(encoding="utf-8"))
    other["id"] = "sam-b"
    other_season = tmp_path / "other.yaml"
    other_season.write_text(yaml.safe_dump(other), encoding="utf-8")
    ics, plan = tmp_path / "plan.ics", tmp_path / "plan.json"
    solved(other_season, ics, tmp_path / "other.json")
    assert all(uid.startswith("sam-b-w") for uid in lift_events(ics))
    for earlier in (ics.read_bytes(), b"BEGIN:VCALENDAR\nnot a calendar\n", b"\xff\xfe\x00"):
        ics.write_bytes(earlier)
        solved(season, ics, plan)
        assert [s["lift_id"] for s in json_lifts(plan)] == ids
        written = live(lift_events(ics))
        assert set(written) == {f"sam-{lift_id}@liftplan" for lift_id in ids}


def test_an_identity_cancelled_before_is_not_given_to_a_new_lift(tmp_path: Path) -> None:
    season = tmp_path / "season.yaml"
    shutil.copy(EXAMPLE, season)
    ics, plan = tmp_path / "plan.ics", tmp_path / "plan.json"
    solved(season, ics, plan)
    first = {s["lift_id"] for s in json_lifts(plan)}
    # The calendar says w003-lift1 was cancelled already (a lift dropped by a re-solve):
    # the new plan's Tuesday lift of week 3 is a new event, not that one brought back.
    text = ics.read_text(encoding="utf-8")
    event = text.index("UID:sam-w003-lift1@liftplan")
    ics.write_text(
        text[:event] + "STATUS:CANCELLED\r\n" + text[event:], encoding="utf-8", newline=""
    )
    solved(season, ics, plan)
    ids = {s["lift_id"] for s in json_lifts(plan)}
    assert "w003-lift1" not in ids and "w003-lift4" in ids
    assert ids - {"w003-lift4"} == first - {"w003-lift1"}
    assert str(lift_events(ics)["sam-w003-lift1@liftplan"]["STATUS"]) == "CANCELLED"
