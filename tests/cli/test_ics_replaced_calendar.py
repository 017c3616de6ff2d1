"""`liftplan solve|replan -o plan.ics` over the calendar file it replaces (SPEC, plan.ics):
what it takes from that file, and what it must never write back.

A calendar app applies an update only when its SEQUENCE is above the one it has: an event
brought back after its cancellation must go up, or the app keeps it cancelled.
"""

from __future__ import annotations

import shutil
from itertools import cycle, pairwise
from pathlib import Path
from typing import Any, NamedTuple

import icalendar
import pytest

from conftest import invoke

EXAMPLE = Path(__file__).parents[2] / "examples" / "marathon-16-weeks.yaml"
THREE_A_WEEK = "lifting.per_week={min: 2, max: 3, target: 3}"  # the example's own


class Seen(NamedTuple):
    status: str
    sequence: int
    stamp: str


def checked(season: Path, plan: Path, *sets: str | Path) -> None:
    """``liftplan check SEASON PLAN --set ...`` finds nothing wrong."""
    code, out, err = invoke("check", season, plan, *[a for s in sets for a in ("--set", s)])
    assert code == 0, out + err


def written(season: Path, command: str, *args: str | Path) -> dict[str, Seen]:
    """``liftplan COMMAND SEASON ARGS -o plan.ics -o plan.json`` beside ``season`` (exit 0),
    plan.json put through ``check`` (with the same ``--set``): plan.ics's events by UID."""
    ics, plan = season.with_name("plan.ics"), season.with_name("plan.json")
    code, _, err = invoke(command, season, *args, "-o", ics, "-o", plan)
    assert code == 0, err
    checked(season, plan, *[a for at, a in enumerate(args) if at and args[at - 1] == "--set"])
    calendar = icalendar.Calendar.from_ical(ics.read_text(encoding="utf-8"))
    return {
        str(e.get("UID", "")): Seen(
            str(e.get("STATUS", "CONFIRMED")), int(str(e["SEQUENCE"])), str(e["DTSTAMP"].dt)
        )
        for e in calendar.walk("VEVENT")
    }


def test_an_event_brought_back_after_its_cancellation_has_a_higher_sequence(
    tmp_path: Path,
) -> None:
    season = tmp_path / "season.yaml"
    shutil.copy(EXAMPLE, season)
    plan = tmp_path / "plan.json"
    steps: list[tuple[str | Path, ...]] = [
        ("solve",),
        ("solve", "--set", "lifting.per_week.max=2"),  # a lift a week cancelled
        # The previous plan's identities: the lifts cancelled above come back, same times.
        ("replan", plan, "--from", "2026-03-02", "--set", THREE_A_WEEK),
        ("solve", "--no-ics-runs"),  # the runs cancelled
        ("solve",),  # and back
        ("solve", "--ics-busy-only"),  # the runs cancelled again
        ("solve",),  # and back again
    ]
    calendars = [written(season, str(command), *args) for command, *args in steps]
    revived: set[str] = set()
    for before, after in pairwise(calendars):
        for uid, was in before.items():
            now = after.get(uid)
            if was.status != "CANCELLED" or now is None or now.status == "CANCELLED":
                continue
            revived.add("run" if "-run" in uid else "lift")
            assert now.sequence > was.sequence, (uid, was, now)
            assert now.stamp != was.stamp, (uid, was, now)
    assert revived == {"run", "lift"}


# Events a calendar file may hold that are not this athlete's plan: the user's own
# appointment, another athlete's liftplan events ("sam-b", whose id starts like "sam"),
# and two events without a UID (invalid, but calendars export them).
FOREIGN = """\
BEGIN:VEVENT
UID:abc123@google.com
DTSTAMP:20260101T000000Z
DTSTART:20260303T150000Z
DTEND:20260303T160000Z
SUMMARY:Dentist
END:VEVENT
BEGIN:VEVENT
UID:sam-b-w001-lift1@liftplan
DTSTAMP:20260101T000000Z
DTSTART:20260303T223000Z
DTEND:20260303T233000Z
SUMMARY:Lift - Block 1A
END:VEVENT
BEGIN:VEVENT
UID:sam-b-2026-03-04-run1@liftplan
DTSTAMP:20260101T000000Z
DTSTART:20260304T113000Z
DTEND:20260304T121500Z
SUMMARY:Run - easy
END:VEVENT
BEGIN:VEVENT
DTSTAMP:20260101T000000Z
DTSTART:20260305T120000Z
DTEND:20260305T130000Z
SUMMARY:Lunch
END:VEVENT
BEGIN:VEVENT
DTSTAMP:20260101T000000Z
DTSTART:20260306T120000Z
DTEND:20260306T130000Z
SUMMARY:Call
END:VEVENT
"""


def test_only_this_athletes_liftplan_events_are_carried_over_and_cancelled(
    tmp_path: Path,
) -> None:
    season = tmp_path / "season.yaml"
    shutil.copy(EXAMPLE, season)
    first = written(season, "solve")
    ics = tmp_path / "plan.ics"
    text = ics.read_bytes().decode("utf-8")  # its CRLF line ends kept
    end = text.rindex("END:VCALENDAR")
    foreign = FOREIGN.replace("\n", "\r\n")
    ics.write_text(text[:end] + foreign + text[end:], encoding="utf-8", newline="")
    again = written(season, "solve")
    # The athlete's events as they were, nothing cancelled; the rest not written back.
    assert again == first
    calendar = icalendar.Calendar.from_ical(ics.read_text(encoding="utf-8"))
    uids = [str(event.get("UID", "")) for event in calendar.walk("VEVENT")]
    assert all(uids) and len(set(uids)) == len(uids)
    assert all(uid.startswith("sam-") and "sam-b-" not in uid for uid in uids)
    # Solved with fewer lifts: the dropped lifts alone are cancelled, still none of the rest.
    ics.write_text(text[:end] + foreign + text[end:], encoding="utf-8", newline="")
    fewer = written(season, "solve", "--set", "lifting.per_week.max=2")
    cancelled = {uid for uid, seen in fewer.items() if seen.status == "CANCELLED"}
    assert cancelled and cancelled < set(first) and set(fewer) == set(first)


def test_a_sequence_out_of_range_or_unreadable_is_no_crash(tmp_path: Path) -> None:
    season = tmp_path / "season.yaml"
    shutil.copy(EXAMPLE, season)
    first = written(season, "solve")
    # Every event of the calendar given one of these, in turn: the largest RFC 5545
    # INTEGER, one past it, one no machine integer holds, a negative one, no number.
    values = ["2147483647", "2147483648", "99999999999999999999", "-3", "abc"]
    ics = tmp_path / "plan.ics"
    events = ics.read_bytes().decode("utf-8").split("BEGIN:VEVENT")
    for at, value in zip(range(1, len(events)), cycle(values), strict=False):
        events[at] = events[at].replace("SEQUENCE:0\r\n", f"SEQUENCE:{value}\r\n")
    ics.write_text("BEGIN:VEVENT".join(events), encoding="utf-8", newline="")
    # Solved with fewer lifts: events moved and cancelled, so SEQUENCE goes up from each.
    fewer = written(season, "solve", "--set", "lifting.per_week.max=2")
    assert set(fewer) == set(first)
    assert all(0 <= seen.sequence <= 2**31 - 1 for seen in fewer.values())
    assert any(seen.sequence == 2**31 - 1 for seen in fewer.values())  # a change at the top


def test_the_replaced_calendar_is_read_and_parsed_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    season = tmp_path / "season.yaml"
    shutil.copy(EXAMPLE, season)
    written(season, "solve")
    parse = icalendar.Calendar.from_ical
    parsed: list[int] = []  # the length of each text parsed

    def counted(text: str | bytes, multiple: bool = False) -> Any:
        parsed.append(len(text))
        return parse(text, multiple)

    monkeypatch.setattr(icalendar.Calendar, "from_ical", counted)
    plan = tmp_path / "plan.json"
    code, _, err = invoke("solve", season, "-o", tmp_path / "plan.ics", "-o", plan)
    assert code == 0, err
    assert len(parsed) == 1  # the identities and the rendering from one parse
    checked(season, plan)


def fresh_calendar(tmp_path: Path) -> tuple[Path, Path]:
    """The bundled season solved to fresh.ics (and fresh.json, checked): (season, calendar)."""
    season = tmp_path / "season.yaml"
    shutil.copy(EXAMPLE, season)
    fresh = tmp_path / "fresh.ics"
    code, _, err = invoke("solve", season, "-o", fresh, "-o", tmp_path / "fresh.json")
    assert code == 0, err
    checked(season, tmp_path / "fresh.json")
    return season, fresh


def test_a_calendar_too_large_to_be_ours_is_overwritten_unread(tmp_path: Path) -> None:
    from liftplan.io.render.writers import MAX_REPLACED_CALENDAR_BYTES

    season, fresh = fresh_calendar(tmp_path)
    # The plan's calendar, its lifts renamed (read, they would keep these ids) and a run
    # added (read, it would be cancelled), then made one byte too large by its description.
    text = fresh.read_bytes().decode("utf-8").replace("-lift1@liftplan", "-lift7@liftplan")
    end = text.rindex("END:VCALENDAR")
    run = "BEGIN:VEVENT\r\nUID:sam-2026-01-01-run1@liftplan\r\nDTSTAMP:20260101T000000Z\r\n"
    run += "DTSTART:20260101T120000Z\r\nDTEND:20260101T130000Z\r\nDESCRIPTION:"
    rest = "\r\nEND:VEVENT\r\n" + text[end:]
    pad = MAX_REPLACED_CALENDAR_BYTES + 1 - len((text[:end] + run + rest).encode("utf-8"))
    ics = tmp_path / "plan.ics"
    ics.write_text(text[:end] + run + "x" * pad + rest, encoding="utf-8", newline="")
    assert ics.stat().st_size == MAX_REPLACED_CALENDAR_BYTES + 1
    plan = tmp_path / "plan.json"
    written(season, "solve")
    assert ics.read_bytes() == fresh.read_bytes()  # fresh ids, nothing cancelled
    assert "lift7" not in plan.read_text(encoding="utf-8")


@pytest.mark.parametrize("beyond", ["events", "cost"])
def test_a_calendar_too_costly_to_be_ours_is_overwritten_unread(
    tmp_path: Path, beyond: str
) -> None:
    """Under the byte cap but beyond the cap on events (5,000; liftplan's own for 260 weeks
    holds 2,435) or on parse cost (`replaced_calendar_cost`, 500,000; liftplan's own for
    260 weeks is 322,000): read, the sam events it holds would be cancelled one by one (a
    7.6 MB file of 69,000 took 48 s and 676 MB); it is replaced unread instead."""
    from liftplan.io.render.writers import (
        MAX_REPLACED_CALENDAR_BYTES,
        MAX_REPLACED_CALENDAR_COST,
        MAX_REPLACED_CALENDAR_EVENTS,
        replaced_calendar_cost,
    )

    season, fresh = fresh_calendar(tmp_path)
    text = fresh.read_bytes().decode("utf-8")
    end = text.rindex("END:VCALENDAR")
    stamp = "DTSTAMP:20260101T000000Z\r\nDTSTART:20260101T120000Z\r\nDTEND:20260101T130000Z"
    if beyond == "events":  # Sam's runs of days long past, each cancelled if read
        count = MAX_REPLACED_CALENDAR_EVENTS + 1 - text.count("BEGIN:VEVENT")
        added = "".join(
            f"BEGIN:VEVENT\r\nUID:sam-1990-01-01-run{n}@liftplan\r\n{stamp}\r\nEND:VEVENT\r\n"
            for n in range(1, count + 1)
        )
    else:  # one run of Sam's, and lines of an X- property, short and many
        lines = (MAX_REPLACED_CALENDAR_COST - replaced_calendar_cost(text)) // 4
        added = f"BEGIN:VEVENT\r\nUID:sam-1990-01-01-run1@liftplan\r\n{stamp}\r\n"
        added += "X-A:\r\n" * lines + "END:VEVENT\r\n"
    ics = tmp_path / "plan.ics"
    ics.write_text(text[:end] + added + text[end:], encoding="utf-8", newline="")
    assert ics.stat().st_size < MAX_REPLACED_CALENDAR_BYTES
    if beyond == "events":
        assert ics.read_text(encoding="utf-8").count("BEGIN:VEVENT") > MAX_REPLACED_CALENDAR_EVENTS
    else:
        cost = replaced_calendar_cost(ics.read_text(encoding="utf-8"))
        assert MAX_REPLACED_CALENDAR_COST < cost < MAX_REPLACED_CALENDAR_COST + 40
    written(season, "solve")
    assert ics.read_bytes() == fresh.read_bytes()  # nothing cancelled: the file was not read
