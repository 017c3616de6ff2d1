"""`liftplan replan` (robustness cases 02, 03, 10), at the CLI; every plan goes through check."""

from __future__ import annotations

import csv
import datetime as dt
import importlib
import json
import shlex
import shutil
from pathlib import Path
from typing import Any

import icalendar
import pytest

from conftest import invoke
from conftest import robustness_case as case

CASES = Path(__file__).parent.parent / "cases" / "robustness"


def checked(season: Path, plan: Path) -> None:
    code, out, err = invoke("check", season, plan)
    assert code == 0, out + err


def solved(season: Path, *outputs: str) -> list[Path]:
    paths = [season.parent / output for output in outputs]
    code, _, err = invoke("solve", season, *[a for p in paths for a in ("-o", str(p))])
    assert code == 0, err
    checked(season, paths[0])
    return paths


def apply(calendar: dict[str, dict[str, Any]], ics: Path) -> None:
    """Import ``ics`` over ``calendar`` (UID -> event) as a calendar client does: a known UID
    is replaced when its SEQUENCE is not lower, a cancelled event is removed."""
    for event in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT"):
        uid, sequence = str(event["UID"]), int(event.get("SEQUENCE", 0))
        known = calendar.get(uid)
        if known is not None and known["sequence"] > sequence:
            continue
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            calendar.pop(uid, None)
            continue
        calendar[uid] = {"sequence": sequence, "start": event["DTSTART"].dt.isoformat()}


def lift_starts(calendar: dict[str, dict[str, Any]]) -> list[str]:
    return sorted(e["start"] for uid, e in calendar.items() if "-run" not in uid)


def plan_lift_starts(plan: Path) -> list[str]:
    sessions = json.loads(plan.read_text())["sessions"]
    return sorted(s["start"] for s in sessions if s["activity"] == "lift")


def test_02_a_calendar_that_reimports_the_replan_holds_exactly_its_lifts(tmp_path: Path) -> None:
    folder = case(tmp_path, "02-ics-uid-duplicates-after-replan")
    season = folder / "sample-week.yaml"
    plan, ics = solved(season, "plan.json", "plan.ics")
    calendar: dict[str, dict[str, Any]] = {}
    apply(calendar, ics)
    assert lift_starts(calendar) == ["2026-03-03T17:30:00-05:00", "2026-03-05T17:30:00-05:00"]
    thursday_before = next(
        str(e["SUMMARY"])
        for e in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
        if str(e["UID"]) == "sample-week-w001-lift2@liftplan"
    )
    new = folder / "replanned.json"
    code, _, err = invoke(
        "replan", season, plan, "--from", "2026-03-04", "--missed", "2026-03-03",
        "--set", "lifting.per_week.min=1", "-o", new, "-o", ics,
    )  # fmt: skip
    assert code == 0, err
    checked(season, new)  # the plan records the --set it was made with
    apply(calendar, ics)
    assert lift_starts(calendar) == plan_lift_starts(new) == ["2026-03-05T17:30:00-05:00"]
    # The Thursday lift kept its event; the missed Tuesday one is cancelled, SEQUENCE up.
    events = {
        str(e["UID"]): e for e in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    }
    thursday, tuesday = (
        events["sample-week-w001-lift2@liftplan"],
        events["sample-week-w001-lift1@liftplan"],
    )
    # Kept, under its UID; its SEQUENCE rises only if its content changed (as the week's only
    # lift it may now hold the week's first session).
    assert str(thursday.get("STATUS", "")) == ""
    assert int(thursday["SEQUENCE"]) == int(str(thursday["SUMMARY"]) != thursday_before)
    assert (str(tuesday["STATUS"]), int(tuesday["SEQUENCE"])) == ("CANCELLED", 1)
    # The re-plan written to a new file cancels the dropped lift too: a subscriber of the
    # new file, or a calendar that imports it, loses the Tuesday lift as well.
    fresh = folder / "fresh.ics"
    code, _, err = invoke(
        "replan", season, plan, "--from", "2026-03-04", "--missed", "2026-03-03",
        "--set", "lifting.per_week.min=1", "-o", fresh,
    )  # fmt: skip
    assert code == 0, err
    solved(season, "first.json", "first.ics")
    first: dict[str, dict[str, Any]] = {}
    apply(first, folder / "first.ics")
    apply(first, fresh)
    assert lift_starts(first) == ["2026-03-05T17:30:00-05:00"]


@pytest.fixture
def wednesday_done(tmp_path: Path) -> Path:
    done = tmp_path / "done.csv"
    done.write_text(
        "athlete,week,phase,date,weekday,activity,kind,start,end,minutes,block,notes\n"
        "sample-week,1,,2026-03-04,wed,lift,heavy,2026-03-04T17:30:00-05:00,"
        "2026-03-04T18:15:00-05:00,45,1A,\n"
    )
    return done


def test_02_a_lift_done_on_another_day_moves_its_event(
    tmp_path: Path, wednesday_done: Path
) -> None:
    folder = case(tmp_path, "02-ics-uid-duplicates-after-replan")
    season = folder / "sample-week.yaml"
    plan, ics = solved(season, "plan.json", "plan.ics")
    calendar: dict[str, dict[str, Any]] = {}
    apply(calendar, ics)
    new = folder / "replanned.json"
    code, _, err = invoke(
        "replan", season, plan, "--from", "2026-03-05", "--done", wednesday_done,
        "--set", "rules.no_lift_day_before_hard=false", "--set", "rules.recovery_hours=12",
        "--set", "rules.rest_days_between_lifts=0", "-o", new, "-o", ics,
    )  # fmt: skip
    assert code == 0, err
    checked(season, new)
    apply(calendar, ics)
    assert lift_starts(calendar) == plan_lift_starts(new)
    lifts = {
        str(e["UID"]): e
        for e in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
        if "-lift" in str(e["UID"])
    }
    moved = lifts["sample-week-w001-lift1@liftplan"]
    assert moved["DTSTART"].dt.isoformat() == "2026-03-04T17:30:00-05:00"
    assert int(moved["SEQUENCE"]) == 1 and "STATUS" not in moved


def test_a_non_numeric_sequence_in_an_existing_calendar_does_not_stop_regeneration(
    tmp_path: Path,
) -> None:
    folder = case(tmp_path, "02-ics-uid-duplicates-after-replan")
    season = folder / "sample-week.yaml"
    ics = folder / "plan.ics"
    code, _, err = invoke("solve", season, "-o", ics)
    assert code == 0, err
    ics.write_text(ics.read_text().replace("SEQUENCE:0", "SEQUENCE:first", 1))
    code, _, err = invoke("solve", season, "-o", ics)
    assert code == 0, err
    events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    assert all(int(str(e["SEQUENCE"])) >= 0 for e in events)
    assert "SEQUENCE:first" not in ics.read_text()


def test_03_an_infeasible_replan_names_the_clash_and_a_proven_repair(tmp_path: Path) -> None:
    folder = case(tmp_path, "03-replan-infeasible-no-diagnosis")
    season = folder / "sample-week.yaml"
    (plan,) = solved(season, "plan.json")
    code, out, err = invoke(
        "replan", season, plan, "--from", "2026-03-04", "--missed", "2026-03-03"
    )
    assert (code, out) == (3, "")
    lines = err.splitlines()
    assert lines[0] == f"liftplan: {season}: infeasible: no plan meets every hard rule"
    assert "week 1 (2026-03-02..2026-03-08) needs 2 lifts" in lines[1]
    assert "only Thu 2026-03-05 has room" in lines[1]
    assert lines[2].startswith("  repair: one lift fewer in week 1: --set ")
    repair = lines[2].split(": --set ", 1)[1].split(" --set ")
    new = folder / "repaired.json"
    sets = [arg for text in repair for arg in ("--set", text)]
    code, _, err = invoke(
        "replan", season, plan, "--from", "2026-03-04", "--missed", "2026-03-03", *sets, "-o", new
    )
    assert code == 0, err  # the repair holds, as told
    checked(season, new)


def lifts_of(plan: Path) -> list[str]:
    sessions = json.loads(plan.read_text())["sessions"]
    return [f"{s['weekday']} {s['date']}" for s in sessions if s["activity"] == "lift"]


def test_03_a_lift_done_on_the_day_before_a_hard_run_is_history_not_a_clash(
    tmp_path: Path,
) -> None:
    # The Tuesday lift was done on Wednesday, the day before Thursday's tempo and 12 h 15 min
    # before it: what happened, happened. Thursday's frozen lift now breaks the rest day after
    # it and goes; week 1 keeps the Wednesday lift as its one lift.
    folder = case(tmp_path, "03-replan-infeasible-no-diagnosis")
    season = folder / "s2.yaml"
    (plan,) = solved(season, "plan2.json")
    new = folder / "replanned.json"
    replan = ("replan", season, plan, "--from", "2026-03-05", "--done", folder / "done.csv")
    code, _, err = invoke(*replan, "--set", "lifting.per_week.min=1", "-o", new)
    assert code == 0, err
    checked(season, new)  # the checker reads the plan's replanned_from: Wednesday is history
    assert json.loads(new.read_text())["replanned_from"] == "2026-03-05"
    assert lifts_of(new) == ["wed 2026-03-04", "tue 2026-03-10", "thu 2026-03-12"]
    # The same plan without its history date breaks the rules about where a lift may go.
    data = json.loads(new.read_text())
    data["replanned_from"] = None
    bare = folder / "bare.json"
    bare.write_text(json.dumps(data))
    code, out, _ = invoke("check", season, bare)
    assert code != 0
    assert "2026-03-04 no_lift_day_before_hard" in out and "2026-03-04 recovery_hours" in out


def test_03_a_week_history_left_short_is_named_with_a_repair_that_holds(tmp_path: Path) -> None:
    # With the season's minimum of 2, week 1 has room for no lift besides Wednesday's
    # (Thursday: rest day; Friday: the day before the long run). The clash is the week,
    # not the lift that was done, and the repair told is proven by a re-plan.
    folder = case(tmp_path, "03-replan-infeasible-no-diagnosis")
    season = folder / "s2.yaml"
    (plan,) = solved(season, "plan2.json")
    replan = ("replan", season, plan, "--from", "2026-03-05", "--done", folder / "done.csv")
    code, out, err = invoke(*replan)
    assert (code, out) == (3, "")
    assert "breaks" not in err and "2026-03-04 at 17:30" not in err
    lines = err.splitlines()
    # Wednesday's lift counts in the week, and its rest day closes Thursday: no room is left.
    assert (
        "week 1 (2026-03-02..2026-03-08) needs 1 more lift (lifting.per_week.min 2, counting "
        "the lift done on Wed 2026-03-04) and no day has room: " in lines[1]
    )
    assert (
        "rest_days_between_lifts is 1: Thu 2026-03-05 is the day after the lift done on "
        "Wed 2026-03-04" in lines[1]
    )
    assert "has room," not in lines[1] and "Thu 2026-03-05 has room" not in lines[1]
    assert "Mon 2026-03-02, Tue 2026-03-03 are before --from: already lived" in lines[1]
    assert lines[2].startswith("  repair: ")
    sets = shlex.split("--set " + lines[2].split(": --set ", 1)[1])  # as a shell reads it
    new = folder / "repaired.json"
    code, _, err = invoke(*replan, *sets, "-o", new)
    assert code == 0, err
    checked(season, new)
    assert "wed 2026-03-04" in lifts_of(new) and "thu 2026-03-05" not in lifts_of(new)


@pytest.fixture(scope="module")
def marathon(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("case10") / "10"
    shutil.copytree(CASES / "10-replan-silently-accepts-nonsense", folder)
    season = folder / "marathon-16-weeks.yaml"
    (plan,) = solved(season, "plan.json")
    return season, plan


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (
            ("--from", "2026-03-11", "--missed", "2026-03-12"),
            "--missed: 2026-03-12 is not before --from 2026-03-11: only a past lift can be missed",
        ),
        (("--from", "2026-03-11", "--missed", "2026-03-04"), "--missed: {plan} plans no lift on"),
        (
            ("--from", "2026-03-11", "--missed", "2026-03-09"),
            "--missed: {plan} plans only a core session on 2026-03-09: to skip it, give --done",
        ),
        (
            ("--from", "2025-01-01"),
            "--from: 2025-01-01 is outside the season 2026-03-02..2026-06-21",
        ),
        (
            ("--from", "2027-01-01"),
            "--from: 2027-01-01 is outside the season 2026-03-02..2026-06-21",
        ),
    ],
)
def test_10_replan_refuses_dates_that_make_no_sense(
    marathon: tuple[Path, Path], args: tuple[str, ...], expected: str
) -> None:
    season, plan = marathon
    code, out, err = invoke("replan", season, plan, *args)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith("liftplan: " + expected.format(plan=plan))


def test_10_a_sensible_replan_still_works_and_checks(marathon: tuple[Path, Path]) -> None:
    season, plan = marathon
    new = plan.parent / "new.json"
    lifts = json.loads(plan.read_text())["sessions"]
    missed = next(s["date"] for s in lifts if s["activity"] == "lift" and s["kind"] != "core")
    code, _, err = invoke("replan", season, plan, "--from", "2026-03-11", "--missed", missed)
    assert code == 0, err
    code, _, err = invoke(
        "replan", season, plan, "--from", "2026-03-11", "--missed", missed, "-o", new
    )
    assert code == 0, err
    checked(season, new)


EXAMPLES = Path(__file__).parent.parent.parent / "examples"
SATURDAY_MORNING = 'availability.weekly.sat=["09:00-10:00"]'


@pytest.fixture(scope="module")
def marathon_example(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("marathon")
    season = folder / "marathon-16-weeks.yaml"
    shutil.copy(EXAMPLES / "marathon-16-weeks.yaml", season)
    (plan,) = solved(season, "m.json")
    return season, plan


def test_a_replan_with_set_keeps_its_history_legal_and_records_each_override_once(
    marathon_example: tuple[Path, Path],
) -> None:
    season, plan = marathon_example
    first, second = plan.parent / "r1.json", plan.parent / "r2.json"
    replan = ("replan", season, plan, "--from", "2026-04-08", "--set", SATURDAY_MORNING)
    code, _, err = invoke(*replan, "-o", first)
    assert code == 0, err
    checked(season, first)  # the Saturday noon lifts before --from were legal then
    recorded = json.loads(first.read_text())
    assert recorded["replanned_from"] is None  # nothing lived otherwise than planned
    assert recorded["overrides"] == [{"since": "2026-04-08", "set": [SATURDAY_MORNING]}]
    saturdays = [
        s["start"][11:16]
        for s in recorded["sessions"]
        if s["activity"] == "lift" and s["weekday"] == "sat" and s["date"] >= "2026-04-08"
    ]
    assert all(start == "09:00" for start in saturdays)
    code, _, err = invoke(
        "replan", season, first, "--from", "2026-04-15", "--set", SATURDAY_MORNING, "-o", second
    )
    assert code == 0, err
    checked(season, second)
    assert json.loads(second.read_text())["overrides"] == recorded["overrides"]


SATURDAY_LUNCH = 'availability.weekly.sat=["13:00-14:00"]'
SATURDAY_LATE = 'availability.weekly.sat=["16:00-18:00"]'


def saturday_lifts(plan: Path) -> dict[str, str]:
    """Date -> start time of each Saturday lift (core sessions aside)."""
    return {
        s["date"]: s["start"][11:16]
        for s in json.loads(plan.read_text())["sessions"]
        if s["activity"] == "lift" and s["kind"] != "core" and s["weekday"] == "sat"
    }


def test_two_replans_with_other_overrides_are_each_checked_from_their_date(
    marathon_example: tuple[Path, Path],
) -> None:
    """Saturday 13:00-14:00 from 8 Apr, 16:00-18:00 from 29 Apr: the final plan keeps
    both, each with its date, and `check` holds each span of lifts to its own."""
    season, plan = marathon_example
    first, second = plan.parent / "twice-1.json", plan.parent / "twice-2.json"
    code, _, err = invoke(
        "replan", season, plan, "--from", "2026-04-08", "--set", SATURDAY_LUNCH, "-o", first
    )
    assert code == 0, err
    code, _, err = invoke(
        "replan", season, first, "--from", "2026-04-29", "--set", SATURDAY_LATE, "-o", second
    )
    assert code == 0, err
    recorded = json.loads(second.read_text())
    assert recorded["overrides"] == [
        {"since": "2026-04-08", "set": [SATURDAY_LUNCH]},
        {"since": "2026-04-29", "set": [SATURDAY_LATE]},
    ]
    lifts = saturday_lifts(second)
    middle = sorted(day for day in lifts if "2026-04-08" <= day < "2026-04-29")
    late = [day for day in lifts if day >= "2026-04-29"]
    assert middle and late
    assert all("13:00" <= lifts[day] < "14:00" for day in middle)
    assert all("16:00" <= lifts[day] < "18:00" for day in late)
    checked(season, second)  # 13:00 before 29 Apr is legal: the lunch override held then
    # --set goes on top of every span's own: the late window alone, the middle breaks it.
    code, out, _ = invoke("check", season, second, "--set", SATURDAY_LATE)
    assert code == 1 and f"{middle[0]} availability:" in out

    # A lift of the middle span moved 3 hours later keeps the final overrides, not its own.
    day = middle[0]
    for session in recorded["sessions"]:
        if session["activity"] == "lift" and session["date"] == day:
            for end in ("start", "end"):  # 13:xx -> 16:xx, the same day and length
                moved = dt.datetime.fromisoformat(session[end]) + dt.timedelta(hours=3)
                session[end] = moved.isoformat()
    edited = plan.parent / "twice-edited.json"
    edited.write_text(json.dumps(recorded))
    code, out, _ = invoke("check", season, edited)
    assert code == 1
    assert f"{day} availability:" in out


def test_done_from_another_athletes_plan_is_refused_in_one_line(
    marathon_example: tuple[Path, Path],
) -> None:
    season, plan = marathon_example
    week = plan.parent / "sample-week.yaml"
    shutil.copy(EXAMPLES / "sample-week.yaml", week)
    (other,) = solved(week, "sw.csv")
    out_file = plan.parent / "never.json"
    code, out, err = invoke(
        "replan", season, plan, "--from", "2026-04-08", "--done", other, "-o", out_file
    )
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"liftplan: {other}: ")
    assert "this plan is for athlete 'sample-week'" in err
    assert not out_file.exists()


def events(ics: Path) -> dict[str, Any]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}


@pytest.mark.parametrize("busy_only", [False, True])
def test_a_lift_whose_workout_changed_in_place_is_updated_in_the_calendar(
    marathon_example: tuple[Path, Path], busy_only: bool
) -> None:
    season, plan = marathon_example
    folder = plan.parent / f"workout-{busy_only}"
    folder.mkdir()
    busy = ["--ics-busy-only"] if busy_only else []
    before, after = folder / "before.ics", folder / "plan.ics"
    code, _, err = invoke("solve", season, "-o", folder / "m.json", "-o", before, *busy)
    assert code == 0, err
    shutil.copy(before, after)
    new = folder / "r.json"
    code, _, err = invoke(
        "replan", season, folder / "m.json", "--from", "2026-04-08", "--missed", "2026-04-07",
        "-o", new, "-o", after, *busy,
    )  # fmt: skip
    assert code == 0, err
    checked(season, new)
    old, now = events(before), events(after)
    same_time = [
        u
        for u in old
        if u in now
        and old[u]["DTSTART"].dt == now[u]["DTSTART"].dt
        and str(now[u].get("STATUS", "")) != "CANCELLED"
    ]

    def workouts(plan: Path) -> dict[str, Any]:
        sessions = json.loads(plan.read_text())["sessions"]
        return {s["start"]: s["workout"] for s in sessions if s["activity"] == "lift"}

    was, is_ = workouts(folder / "m.json"), workouts(new)
    moved_workout = [
        u
        for u in same_time
        if "-run" not in u and was[(start := now[u]["DTSTART"].dt.isoformat())] != is_[start]
    ]
    assert moved_workout  # week 6's Thursday lift: session B -> A
    for uid in same_time:
        changed = str(old[uid].get("DESCRIPTION")) != str(now[uid].get("DESCRIPTION"))
        assert changed == (uid in moved_workout and not busy_only)
        raised = int(now[uid]["SEQUENCE"]) > int(old[uid]["SEQUENCE"])
        assert raised == changed, uid
        assert (now[uid]["DTSTAMP"].dt != old[uid]["DTSTAMP"].dt) == changed
        if busy_only:
            assert str(now[uid]["X-LIFTPLAN-FINGERPRINT"]).startswith("sha256:")


def test_an_infeasible_replan_tells_the_days_before_from_as_lived_not_closed(
    marathon_example: tuple[Path, Path],
) -> None:
    season, plan = marathon_example
    code, out, err = invoke(
        "replan", season, plan, "--from", "2026-04-08", "--missed", "2026-04-07",
        "--set", "week_overrides.6.lifting.per_week.min=3",
    )  # fmt: skip
    assert (code, out) == (3, "")
    assert "Mon 2026-04-06, Tue 2026-04-07 are before --from: already lived" in err
    assert "no free window" not in err  # the only days without one are history
    repair = next(line for line in err.splitlines() if line.strip().startswith("repair:"))
    repaired = plan.parent / "repaired-6.json"
    sets = shlex.split(repair.split(": ", 2)[2])
    code, _, err = invoke(
        "replan", season, plan, "--from", "2026-04-08", "--missed", "2026-04-07",
        "--set", "week_overrides.6.lifting.per_week.min=3", *sets, "-o", repaired,
    )  # fmt: skip
    assert code == 0, err
    checked(season, repaired)


def test_a_repair_that_lowers_a_week_by_two_says_so(tmp_path: Path) -> None:
    season = tmp_path / "sample-week.yaml"
    shutil.copy(EXAMPLES / "sample-week.yaml", season)
    closed = [f"availability.weekly.{d}=[]" for d in ("mon", "tue", "wed", "thu", "fri")]
    sets = [arg for text in closed for arg in ("--set", text)]
    code, out, _ = invoke("explain", season, *sets)
    assert code == 3
    assert "one lift fewer in week 1 (0)" not in out  # its minimum is 2: two fewer, not one
    assert "  1. no lifts asked in week 1\n" in out
    plan = tmp_path / "repaired.json"
    repaired = [*sets, "--set", "week_overrides.1.lifting.per_week.min=0"]
    code, _, err = invoke("solve", season, *repaired, "-o", plan)
    assert code == 0, err
    checked(season, plan)  # check applies the overrides the plan records


def test_a_replan_that_only_shortens_lifts_says_shortened_not_moved(
    marathon_example: tuple[Path, Path],
) -> None:
    season, plan = marathon_example
    new = plan.parent / "shorter.json"
    replan = ("replan", season, plan, "--from", "2026-03-09", "--set", "lifting.minutes=45")
    code, _, err = invoke(*replan, "-o", new)
    assert code == 0, err
    checked(season, new)
    lines = err.splitlines()
    changes = [line.strip() for line in lines[1:] if line.startswith("  ")]
    shortened = [line for line in changes if line.startswith("shortened ")]
    assert "shortened week 2: Tue 2026-03-10 17:30, 60 -> 45 min" in shortened
    # A lift at the same start with the same length is no change; a new start is a move.
    assert not any(line.startswith("moved ") and " -> " not in line for line in changes)
    for line in changes:
        if line.startswith("moved "):
            before, after = line.split(": ", 1)[1].split(" -> ", 1)
            assert not after.startswith(before), line
    moved = sum(line.startswith("moved ") for line in changes)
    told = ", ".join(
        part
        for part in (
            f"{moved} lift{'s' * (moved != 1)} moved" if moved else "",
            f"{len(shortened)} lifts shortened",
        )
        if part
    )
    assert lines[0] == f"re-planned from 2026-03-09: {len(changes)} changes: {told}"


def test_a_replan_keeps_every_session_before_from_as_it_was_json_and_calendar(
    marathon_example: tuple[Path, Path],
) -> None:
    """A re-plan with fewer lifts a week from 1 Apr: the lift of Tue 31 Mar (history, in a
    week the override changes) kept its "session A" focus, and its event its SEQUENCE."""
    season, _ = marathon_example
    folder = season.parent / "history"
    folder.mkdir()
    q0, q1, q2, ics = (folder / name for name in ("q0.json", "q1.json", "q2.json", "plan.ics"))
    code, _, err = invoke("solve", season, "-o", q0, "-o", ics)
    assert code == 0, err
    one_a_week = ("--set", "lifting.per_week.max=1", "--set", "lifting.per_week.min=1")
    steps = [
        (q0, q1, "2026-03-11", ("--missed", "2026-03-10")),
        (q1, q2, "2026-04-01", one_a_week),
    ]
    for before, after, start, more in steps:
        old_events = events(ics)
        code, _, err = invoke(
            "replan", season, before, "--from", start, *more, "-o", after, "-o", ics
        )
        assert code == 0, err
        checked(season, after)
        missed = more[1] if more[0] == "--missed" else ""

        def history(plan: Path, start: str = start, missed: str = missed) -> list[str]:
            sessions = json.loads(plan.read_text())["sessions"]
            kept = [s for s in sessions if s["date"] < start and s["date"] != missed]
            return [json.dumps(s) for s in kept]

        assert history(after) == history(before) and history(before)
        new_events = events(ics)
        past = [u for u, e in old_events.items() if str(e["DTSTART"].dt)[:10] < start]
        assert past
        for uid in past:
            if missed and str(old_events[uid]["DTSTART"].dt).startswith(missed):
                continue  # the missed lift is cancelled
            for field in ("SEQUENCE", "DESCRIPTION", "DTSTART"):
                assert str(new_events[uid].get(field)) == str(old_events[uid].get(field)), uid
    tuesday = [
        s
        for s in json.loads(q2.read_text())["sessions"]
        if s["date"] == "2026-03-31" and s["activity"] == "lift"
    ]
    assert tuesday and "session A" in tuesday[0]["workout"]["focus"]


def test_an_infeasible_replan_s_diagnosis_takes_the_lifts_its_commitments_ruled_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # What was done rules Thursday's frozen lift out once, for the re-plan's commitments; the
    # diagnosis holds to that same ruling, not one worked out again. (Each proving re-plan of
    # a repaired season, with rules of its own, rules on its own timeline.)
    replan_module = importlib.import_module(
        "liftplan.replan"
    )  # the package's `replan` is a function
    rulings: list[object] = []  # the timelines ruled on, held so that no id is reused
    ruled_out = replan_module._ruled_out

    def counted(timeline: Any, *args: Any) -> Any:
        rulings.append(timeline)
        return ruled_out(timeline, *args)

    folder = case(tmp_path, "03-replan-infeasible-no-diagnosis")
    season = folder / "s2.yaml"
    (plan,) = solved(season, "plan2.json")
    monkeypatch.setattr(replan_module, "_ruled_out", counted)
    code, out, err = invoke(
        "replan", season, plan, "--from", "2026-03-05", "--done", folder / "done.csv"
    )
    assert (code, out) == (3, "")
    assert "rest_days_between_lifts is 1: Thu 2026-03-05 is the day after" in err
    assert err.splitlines()[2].startswith("  repair: ")
    assert rulings and len({id(timeline) for timeline in rulings}) == len(rulings)


@pytest.mark.parametrize(
    ("edit", "said"),
    [
        ("date", "a lift dated 2026-04-01 starts 2026-03-31 17:30 (America/New_York): "),
        ("copy", "the lift done at 2026-03-31 17:30 is listed twice"),
    ],
)
def test_a_done_file_with_a_row_edited_out_of_true_is_exit_2_in_one_line(
    marathon_example: tuple[Path, Path], edit: str, said: str
) -> None:
    """A spreadsheet edit that moves a row's date but not its start, or copies a row: the
    re-plan held the lift on one day and counted it on another, or made it two lifts at the
    same time (and `check` passed that plan)."""
    season, plan = marathon_example
    (done,) = solved(season, "done.csv")
    lines = done.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if ",2026-03-31,tue,lift," in line)
    if edit == "date":
        lines[at] = lines[at].replace(",2026-03-31,", ",2026-04-01,", 1)
    else:
        lines.insert(at, lines[at])
    done.write_text("\n".join(lines) + "\n")
    out_file = plan.parent / "never.json"
    code, out, err = invoke(
        "replan", season, plan, "--from", "2026-04-08", "--done", done, "-o", out_file
    )
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and err.startswith(f"liftplan: {done}: ")
    assert said in err
    assert not out_file.exists()


def test_a_replan_of_a_plan_csv_passes_check_though_its_history_records_no_workout(
    marathon_example: tuple[Path, Path],
) -> None:
    """A plan.csv records no workouts: a lift before --from whose notes are not what the
    season builds (the runner wrote what they did) keeps none, which is what is known of
    it, as history; every lift to come still needs its workout."""
    season, _ = marathon_example
    (csv_plan,) = solved(season, "plan.csv")
    rows = list(csv.reader(csv_plan.open(newline="")))
    own = next(r for r in rows[1:] if r[5] == "lift" and r[6] == "heavy" and r[3] < "2026-04-20")
    own[-1] = "my own session: hill sprints and a circuit"
    with csv_plan.open("w", newline="") as stream:
        csv.writer(stream).writerows(rows)
    replanned = csv_plan.parent / "from-csv.json"
    code, _, err = invoke(
        "replan",
        season,
        csv_plan,
        "--from",
        "2026-04-20",
        "--missed",
        "2026-04-16",
        "-o",
        replanned,
    )
    assert code == 0, err
    checked(season, replanned)
    data = json.loads(replanned.read_text())
    lifts = [s for s in data["sessions"] if s["activity"] == "lift"]
    assert any(s["workout"] is None for s in lifts if s["date"] < "2026-04-20")
    assert all(s["workout"] is not None for s in lifts if s["date"] >= "2026-04-20")
    # A lift to come without its workout is still a violation.
    future = next(s for s in lifts if s["date"] >= "2026-04-20" and s["kind"] != "core")
    future["workout"] = None
    replanned.write_text(json.dumps(data))
    code, out, _ = invoke("check", season, replanned)
    assert code == 1
    assert f"{replanned}: {future['date']} workouts: lift has no workout" in out


def _past_events(ics: Path, before: str) -> dict[str, tuple[str, str]]:
    """UID -> (SUMMARY, DESCRIPTION) of the events of ``ics`` starting before ``before``."""
    events = icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")
    return {
        str(e["UID"]): (str(e.get("SUMMARY")), str(e.get("DESCRIPTION")))
        for e in events
        if e["DTSTART"].dt.date().isoformat() < before
    }


@pytest.mark.parametrize("missed", [(), ("--missed", "2026-04-16")])
def test_a_replan_of_a_plan_csv_leaves_the_calendar_s_past_events_as_they_were(
    marathon_example: tuple[Path, Path], missed: tuple[str, ...]
) -> None:
    """A plan.csv records neither workouts nor reasons: a re-plan of it wrote every past
    event of plan.ics again without its description (50 of 50 before 2026-04-06), and a
    calendar app updated lifts long done. The plan the CSV was is built again (its lifts
    fixed, its blocks as its labels say): where its kind, block and notes are the CSV's, the
    workouts and reasons are its own, in the week of a missed lift too."""
    season, _ = marathon_example
    csv_plan, ics = solved(season, "plan.csv", "plan.ics")
    before = _past_events(ics, "2026-04-20")
    replanned = csv_plan.parent / "from-csv.json"
    code, _, err = invoke(
        "replan", season, csv_plan, "--from", "2026-04-20", *missed, "-o", replanned, "-o", ics
    )
    assert code == 0, err
    checked(season, replanned)
    after = _past_events(ics, "2026-04-20")
    changed = {uid for uid in before if after.get(uid) != before[uid]}
    assert len(before) > 40
    assert not changed, changed
    lifts = json.loads(replanned.read_text())["sessions"]
    past_lifts = [s for s in lifts if s["activity"] == "lift" and s["date"] < "2026-04-20"]
    assert past_lifts and all(s["workout"] is not None for s in past_lifts)


@pytest.mark.parametrize(
    ("written", "edited"),
    [
        ("  minutes: {min: 30, max: 60}", "  minutes: 45"),  # the lifts done took 60 min
        (
            "  minutes: {min: 30, max: 60}",
            "  minutes: {min: 30, max: 60}\n  granularity_minutes: 20",
        ),
        # core sessions done, none asked now (check: "week 1 has 1 core session, 0 asked")
        ("  core_sessions: 1 ", "  core_sessions: 0 "),
    ],
    ids=["lift-minutes", "grid", "no-core-sessions"],
)
def test_a_replan_after_the_season_file_was_edited_keeps_the_lifts_done_as_history(
    tmp_path: Path, written: str, edited: str
) -> None:
    """The runner plans, lifts for eight weeks, then edits the season file (shorter lifts, or
    a 20-minute grid) and re-plans from week 9: the lifts done stay as they were, and check
    accepted none of them (`lift_minutes` or `grid` on every lift before --from), as the
    plan did not say they were history."""
    season = tmp_path / "season.yaml"
    text = (EXAMPLES / "marathon-16-weeks.yaml").read_text()
    assert written in text
    season.write_text(text)
    (plan,) = solved(season, "plan.json")
    season.write_text(text.replace(written, edited))
    replanned = tmp_path / "replanned.json"
    code, _, err = invoke("replan", season, plan, "--from", "2026-04-27", "-o", replanned)
    assert code == 0, err
    checked(season, replanned)
    data = json.loads(replanned.read_text())
    assert data["replanned_from"] == "2026-04-27"
    old = {s["start"] for s in json.loads(plan.read_text())["sessions"] if s["activity"] == "lift"}
    past = {
        s["start"] for s in data["sessions"] if s["activity"] == "lift" and s["date"] < "2026-04-27"
    }
    assert past and past <= old


@pytest.mark.parametrize(
    ("edit", "overrides"),
    [
        (("  minutes: {min: 30, max: 60}", "  minutes: 45"), ()),
        (("  gap_hours: 3", "  gap_hours: 3\n  granularity_minutes: 60"), ()),
        (('    tue: ["17:30-21:00"]', '    tue: ["19:00-21:00"]'), ()),
        (
            None,
            ('runs.dates.2026-05-06={kind: intervals, start: "06:30", minutes: 50}',),
        ),
    ],
    ids=["lift-minutes", "grid", "window", "set-hard-run-next-day"],
)
def test_a_frozen_lift_the_season_now_forbids_is_moved_not_kept(
    tmp_path: Path, edit: tuple[str, str] | None, overrides: tuple[str, ...]
) -> None:
    """Found by a breaker session: the Tuesday 17:30 lift on --from lies inside the default
    24-hour freeze and stayed as planned although the season, edited since (or --set),
    forbids it: replan exited 0 with a plan that broke a hard rule, and check exit 1. A
    frozen lift the rules forbid now is released, at the price of a moved lift."""
    text = (EXAMPLES / "marathon-16-weeks.yaml").read_text()
    season = tmp_path / "season.yaml"
    season.write_text(text)
    (plan,) = solved(season, "plan.json")
    frozen = [
        s
        for s in json.loads(plan.read_text())["sessions"]
        if s["activity"] == "lift" and s["date"] == "2026-05-05"
    ]
    assert frozen  # the lift the freeze holds
    if edit is not None:
        assert edit[0] in text
        season.write_text(text.replace(edit[0], edit[1]))
    replanned = tmp_path / "replanned.json"
    sets = [a for o in overrides for a in ("--set", o)]
    code, _, err = invoke("replan", season, plan, "--from", "2026-05-05", *sets, "-o", replanned)
    assert code == 0, err
    code, out, err = invoke("check", season, replanned)
    assert code == 0, out + err


def test_a_replan_of_an_unchanged_season_is_the_same_from_plan_csv_as_from_plan_json(
    tmp_path: Path,
) -> None:
    """Found by a breaker session: from plan.csv the same re-plan called the past history
    (replanned_from set, every row before --from marked so in a CSV) though nothing changed,
    because a CSV records no workouts; the season rebuilds them as the CSV's notes say."""
    season = tmp_path / "season.yaml"
    shutil.copy(EXAMPLES / "marathon-16-weeks.yaml", season)
    _, plan_json = solved(season, "plan.csv", "plan.json")
    outputs = [out.read_bytes() for out in replanned_from_each(season, "2026-04-06")]
    assert outputs[0] == outputs[1] == plan_json.read_bytes()


def replanned_from_each(season: Path, start: str) -> list[Path]:
    """`replan` of the plan.csv, then of the plan.json, next to ``season`` from ``start``,
    each to its own JSON (exit 0, checked)."""
    outs = []
    for given in (season.parent / "plan.csv", season.parent / "plan.json"):
        out = season.parent / f"from-{given.suffix[1:]}.json"
        code, _, err = invoke("replan", season, given, "--from", start, "-o", out)
        assert code == 0, err
        checked(season, out)
        outs.append(out)
    return outs


def test_a_replan_of_a_plan_csv_keeps_the_blocks_its_labels_tell(tmp_path: Path) -> None:
    """Found by a breaker session: a plan.csv records its blocks only as its lifts' labels;
    re-planned after an edit (deloads every 3 weeks), the blocks were placed anew, the past
    lifts kept their old labels, and check refused the plan.json ("lift says block '2B'")."""
    text = (EXAMPLES / "marathon-16-weeks.yaml").read_text()
    season = tmp_path / "season.yaml"
    season.write_text(text)
    _, plan_json = solved(season, "plan.csv", "plan.json")
    season.write_text(text.replace("season:\n", "season:\n  deload_every_weeks: 3\n", 1))
    blocks = [
        json.loads(out.read_text())["blocks"] for out in replanned_from_each(season, "2026-03-17")
    ]
    assert blocks[0] == blocks[1] == json.loads(plan_json.read_text())["blocks"]


def test_a_replan_with_set_written_as_csv_checks_with_the_same_set(tmp_path: Path) -> None:
    """Found by a breaker session: a plan.csv records no --set, and its lifts before --from
    were not marked as history, so neither `check` (the later lifts break the season) nor
    `check --set` as the hint says (the earlier ones break the override) could accept it."""
    season = tmp_path / "season.yaml"
    shutil.copy(EXAMPLES / "marathon-16-weeks.yaml", season)
    (plan,) = solved(season, "plan.json")
    new_csv = tmp_path / "new.csv"
    longer = "lifting.minutes=75"
    code, _, err = invoke(
        "replan", season, plan, "--from", "2026-03-17", "--set", longer, "-o", new_csv
    )
    assert code == 0, err
    code, out, err = invoke("check", season, new_csv, "--set", longer)
    assert code == 0, out + err
    code, out, err = invoke("check", season, new_csv)  # the later lifts last 75 min
    assert code == 1 and "lift_minutes" in out and "give the same --set here" in err


@pytest.mark.parametrize("freeze", ["0", "72", "336"])
def test_frozen_lifts_too_close_for_new_rest_days_keep_one_and_move_the_other(
    tmp_path: Path, freeze: str
) -> None:
    """Found by a breaker session: with two rest days between lifts written in since, the
    frozen Tuesday and Thursday lifts were each legal but not together: a freeze of 72 h or
    more held both, and the re-plan was infeasible with no rule named (exit 3)."""
    text = (EXAMPLES / "marathon-16-weeks.yaml").read_text()
    season = tmp_path / "season.yaml"
    season.write_text(text)
    (plan,) = solved(season, "plan.json")
    edit = ("  recovery_hours: 24", "  recovery_hours: 24\n  rest_days_between_lifts: 2")
    assert edit[0] in text
    season.write_text(text.replace(*edit))
    out = tmp_path / "replanned.json"
    code, _, err = invoke(
        "replan", season, plan, "--from", "2026-03-17", "--freeze-hours", freeze, "-o", out
    )
    assert code == 0, err
    checked(season, out)


def marathon_solved(folder: Path) -> tuple[Path, Path, Path, list[dict[str, str]]]:
    """The marathon example (it has core sessions) solved in ``folder``: (season, plan.csv,
    plan.json, the CSV's rows)."""
    season = folder / "season.yaml"
    shutil.copy(Path(__file__).parents[2] / "examples" / "marathon-16-weeks.yaml", season)
    plan_csv, plan_json = solved(season, "plan.csv", "plan.json")
    with plan_csv.open(newline="") as stream:
        return season, plan_csv, plan_json, list(csv.DictReader(stream))


def test_a_core_session_listed_in_done_stays_beside_a_lift_moved_to_its_day(
    tmp_path: Path,
) -> None:
    """The marathon season's Monday core session done, and Tuesday's lift done on Monday
    evening: --done lists both. The core session was dropped (a day with a lift done was
    taken to hold no core session) and a new one placed on Wednesday."""
    season, plan_csv, plan_json, rows = marathon_solved(tmp_path)
    core = next(r for r in rows if r["date"] == "2026-03-02" and r["kind"] == "core")
    lift = next(r for r in rows if r["date"] == "2026-03-03" and r["activity"] == "lift")
    hours, minutes = divmod(18 * 60 + int(lift["minutes"]), 60)
    lift.update(
        date="2026-03-02",
        weekday="mon",
        start="2026-03-02T18:00:00-05:00",
        end=f"2026-03-02T{hours:02d}:{minutes:02d}:00-05:00",
    )
    done = tmp_path / "done.csv"
    with done.open("w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([r for r in rows if r["date"] < "2026-03-04" and r["activity"] == "run"])
        writer.writerows([core, lift])
    new = tmp_path / "new.json"
    code, _, err = invoke(
        "replan", season, plan_json, "--from", "2026-03-04", "--done", done, "-o", new
    )
    assert code == 0, err
    checked(season, new)
    sessions = json.loads(new.read_text())["sessions"]
    cores = [s for s in sessions if s["kind"] == "core" and s["week"] == 1]
    assert [s["start"] for s in cores] == [core["start"]]
    lifts = [s for s in sessions if s["date"] == "2026-03-02" and s["activity"] == "lift"]
    assert sorted(s["start"] for s in lifts) == sorted([core["start"], lift["start"]])
    # Re-planned again with nothing changed: the same plan, the core session beside the
    # lift still history (it was dropped, and a new one placed on Wednesday).
    again = tmp_path / "again.json"
    code, _, err = invoke("replan", season, new, "--from", "2026-03-04", "-o", again)
    assert code == 0, err
    assert "no change" in err
    assert again.read_bytes() == new.read_bytes()
    # A done file that lists no core session keeps the planned ones (the Monday one here,
    # Tuesday's lift done as planned); one listed twice is refused like a lift.
    with plan_csv.open(newline="") as stream:
        planned_lift = next(
            r
            for r in csv.DictReader(stream)
            if r["date"] == "2026-03-03" and r["activity"] == "lift"
        )
    for listed, name in (([planned_lift], "lifts.csv"), ([core, core, lift], "twice.csv")):
        with (tmp_path / name).open("w", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(listed)
    kept = tmp_path / "kept.json"
    code, _, err = invoke(
        "replan", season, plan_json, "--from", "2026-03-04", "--done", tmp_path / "lifts.csv",
        "-o", kept,
    )  # fmt: skip
    assert code == 0, err
    checked(season, kept)
    cores = [s for s in json.loads(kept.read_text())["sessions"] if s["kind"] == "core"]
    assert [s["start"] for s in cores if s["week"] == 1] == [core["start"]]
    code, _, err = invoke(
        "replan", season, plan_json, "--from", "2026-03-04", "--done", tmp_path / "twice.csv"
    )
    assert code == 2
    assert "2026-03-02 07:15 is listed twice" in err, err


def test_core_rows_of_done_count_in_the_week_of_their_date_and_are_told(tmp_path: Path) -> None:
    """A core row moved in a spreadsheet from Mon 13 Apr (week 7) to Sun 12 Apr (week 6),
    its week and block columns left as they were: it counted in week 7 (no core session
    there, two in week 6) with week 7's block, and the re-plan said "no change"."""
    season, _, plan_json, rows = marathon_solved(tmp_path)
    core = next(r for r in rows if r["date"] == "2026-04-13" and r["kind"] == "core")
    block = core["block"]
    core.update(
        date="2026-04-12",
        weekday="sun",
        start=core["start"].replace("2026-04-13T07:15", "2026-04-12T10:00"),
        end=core["end"].replace("2026-04-13T07:30", "2026-04-12T10:15"),
    )
    done = tmp_path / "done.csv"
    with done.open("w", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows([r for r in rows if r["date"] < "2026-04-15" and r is not core])
        writer.writerow(core)
    new = tmp_path / "new.json"
    code, _, err = invoke(
        "replan", season, plan_json, "--from", "2026-04-15", "--done", done, "-o", new
    )
    assert code == 0, err
    checked(season, new)
    assert "2 changes: 1 core session moved, 1 core session added" in err, err
    assert "core session added week 6: Sun 2026-04-12 10:00" in err, err
    cores = [s for s in json.loads(new.read_text())["sessions"] if s["kind"] == "core"]
    moved = next(s for s in cores if s["date"] == "2026-04-12")
    assert moved["week"] == 6 and moved["block"] != block
    assert [s["date"] for s in cores if s["week"] == 7] == ["2026-04-15"]  # placed anew
    # Two sessions done at once: refused in one line, nothing written.
    with done.open("a", newline="") as stream:
        overlapping = {**core, "end": core["end"].replace("10:15", "10:30")}
        csv.DictWriter(stream, fieldnames=list(rows[0])).writerow(overlapping)
    before = new.read_bytes()
    code, _, err = invoke(
        "replan", season, plan_json, "--from", "2026-04-15", "--done", done, "-o", new
    )
    assert code == 2
    with done.open(newline="") as stream:
        last = len(list(csv.reader(stream)))  # the overlapping row's, the header row 1
    assert err == (
        f"liftplan: {done}: row {last}: the core session done at 2026-04-12 10:00 overlaps "
        f"the core session at 2026-04-12 10:00 (row {last - 1})\n"
    )
    assert new.read_bytes() == before
