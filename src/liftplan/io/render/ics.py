"""The plan as an RFC 5545 calendar (icalendar), stable across re-exports.

UIDs name what an event *is* (athlete and the lift's identity, which a re-plan keeps when
it moves the lift; or athlete, date and the n-th run of that day), not when it is, so a
re-plan that moves a lift updates its event instead of adding one. SEQUENCE goes up when an
event changed since the file being replaced; a lift the plan dropped is written
STATUS:CANCELLED, so a calendar removes it, and an event brought back later goes up again
(a cancelled event's fingerprint says so). DTSTAMP is derived from the plan, so the same
plan gives the same bytes. A solve over a calendar written before takes its lifts'
identities first (`keep_calendar_identities`), as a re-plan takes the previous plan's.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from liftplan.models.plan import LiftKind, LiftSlot, PhaseSpan, Plan, Session, match_identities

PRODID = "-//liftplan//liftplan season plan//EN"
CANCELLED = "CANCELLED"
FINGERPRINT = "X-LIFTPLAN-FINGERPRINT"
MAX_SEQUENCE = 2**31 - 1  # RFC 5545 3.3.8: SEQUENCE is an INTEGER, at most this


_UID_SAFE = re.compile(r"[A-Za-z0-9._-]*")


def _uid_part(text: str) -> str:
    """``text`` (an athlete's id, or a lift's) as it stands in a UID, one per id: an id made
    only of ASCII letters, digits, `.`, `_` and `-` as it always was (so calendars imported
    before keep updating): as written, less leading and trailing `-` ("athlete" if that
    leaves nothing); any other id percent-encoded from its UTF-8 in NFC, every character
    but ASCII letters, digits, `.`, `_` and `-` (`李雷` -> `%E6%9D%8E%E9%9B%B7`, `x/y` ->
    `x%2Fy`), which no id of the first kind can give (none holds a `%`). Replacing such
    characters by `-`, as liftplan did before, gave `李雷` and `王芳` one UID ("athlete-..."),
    and `x/y` the UIDs of `x-y`: their events overwrote each other in a calendar."""
    if _UID_SAFE.fullmatch(text):
        return text.strip("-") or "athlete"
    from urllib.parse import quote

    return quote(unicodedata.normalize("NFC", text), safe="").replace("~", "%7E")


def event_uids(plan: Plan) -> dict[int, str]:
    """UID of each session (by its index in ``plan.sessions``): a lift's from its identity
    (kept across re-plans), a run's from its date and its place in that day."""
    athlete = _uid_part(plan.athlete)
    lift_ids = plan.lift_ids()
    counters: dict[object, int] = defaultdict(int)
    uids = {}
    for index, session in enumerate(plan.sessions):
        if session.activity == "run":
            counters[session.date] += 1
            uids[index] = f"{athlete}-{session.date}-run{counters[session.date]}@liftplan"
        else:
            uids[index] = lift_uid(athlete, lift_ids[index])
    return uids


def lift_uid(athlete: str, lift_id: str) -> str:
    return f"{athlete}-{_uid_part(lift_id)}@liftplan"


def summary(session: Session) -> str:
    if session.activity == "run":
        return f"Run - {session.kind}" + (" (hard)" if session.hard else "")
    if session.kind is LiftKind.CORE:
        return f"Core - Block {session.block}"
    patterns: list[str] = []
    for exercise in session.workout.exercises if session.workout else []:
        if str(exercise.pattern) not in patterns:
            patterns.append(str(exercise.pattern))
    label = f"Lift - Block {session.block}" if session.block else "Lift"
    label = f"{label} ({', '.join(patterns)})" if patterns else label
    return f"{label} with {session.group}" if session.group else label


def description(session: Session, phase: PhaseSpan | None = None) -> str:
    """The event's text: a lift's workout (and its week's phase when derived), then why."""
    lines = []
    if session.workout is not None:
        workout = session.workout
        lines.append(workout.focus)
        lines.append(f"est. {workout.minutes} min")
        if workout.warm_up is not None:
            drills = ", ".join(workout.warm_up.drills)
            lines.append(f"Warm-up {workout.warm_up.minutes} min: {drills}")
        for exercise in workout.exercises:
            lines.append(
                f"- {exercise.name}: {exercise.sets} x {exercise.reps}, tempo {exercise.tempo}, "
                f"rest {exercise.rest_s} s, {exercise.load}"
            )
        if workout.cool_down is not None:
            drills = ", ".join(workout.cool_down.drills)
            lines.append(f"Cool-down {workout.cool_down.minutes} min: {drills}")
    if session.activity == "lift" and phase is not None and phase.derived:
        source = f" from the A race on {phase.from_race}" if phase.from_race else ""
        lines.append(f"phase: {phase.name} (derived{source})")
    if session.reasons:
        lines.append("Why here:" if session.activity == "lift" else "")
        lines += [f"- {reason}" for reason in session.reasons]
    return "\n".join(line for line in lines if line)


@dataclass(frozen=True)
class Earlier:
    """An event of the calendar written before: its SEQUENCE and fingerprint (saying so if
    it was cancelled: `_said_cancelled`), whether it was cancelled, and the event itself
    (to cancel it when the new plan no longer holds it)."""

    sequence: int
    fingerprint: str
    event: Any
    cancelled: bool


def previous_events(text: str | None, athlete: str) -> dict[str, Earlier]:
    """UID -> the event of a calendar written before, for the events that are ``athlete``'s
    (its `_uid_part`) liftplan events (`_own_event`): anything else a file holds, a dentist
    appointment, another athlete's plan or an event without a UID, is not the plan's to
    carry over, let alone cancel. Of two events under one UID, the later (higher SEQUENCE).
    A calendar that cannot be read, or an event whose SEQUENCE is not a number, counts from
    0 (one too large is clamped: `_sequence`): the plan is regenerated all the same.

    Parsed once per text: a solve reads the calendar it replaces for its lifts'
    identities (`keep_calendar_identities`), then renders over it. The events are shared:
    not to be changed (`_cancelled` changes a copy)."""
    return dict(_parsed_events(text, athlete)) if text else {}


# Room for the .ics outputs of one command, each parsed for its identities, then rendered.
@functools.lru_cache(maxsize=4)
def _parsed_events(text: str, athlete: str) -> dict[str, Earlier]:
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError:
        return {}
    found: dict[str, Earlier] = {}
    for event in calendar.walk("VEVENT"):
        value = event.get("UID")  # none, or a list of several, is no event of ours
        uid = str(value) if isinstance(value, str) else ""
        if _own_event(uid, athlete) is None:
            continue
        sequence = _sequence(event)
        fingerprint = str(event.get(FINGERPRINT, ""))
        # A cancelled event's fingerprint says so, whoever wrote it (liftplan before this
        # rule kept the fingerprint of the event it cancelled): one brought back differs.
        cancelled = str(event.get("STATUS", "")).upper() == CANCELLED
        if cancelled:
            fingerprint = _said_cancelled(fingerprint)
        if uid not in found or found[uid].sequence < sequence:
            found[uid] = Earlier(sequence, fingerprint, event, cancelled)
    return found


def _sequence(event: Any) -> int:
    """An earlier event's SEQUENCE: from 0 if it is no number (or a negative one), and at
    most one below the largest RFC 5545 INTEGER (a larger one clamped), so that the next
    one, when the event changed, is still an INTEGER."""
    try:
        number = int(str(event.get("SEQUENCE", 0)))
    except ValueError:  # not a number (or one of thousands of digits)
        return 0
    return min(max(0, number), MAX_SEQUENCE - 1)


# What follows the athlete's part in a UID `event_uids` writes: a lift's identity as plans
# give them (`Plan.lift_ids`), or a run's date and place in its day.
_OWN_ID = re.compile(r"(?P<lift>w\d{3,}-(?P<kind>lift|core)\d+)|\d{4}-\d{2}-\d{2}-run\d+")


def _own_event(uid: str, athlete: str) -> re.Match[str] | None:
    """What ``uid`` names (`_OWN_ID`) if it is the UID of one of ``athlete``'s (its
    `_uid_part`) liftplan events, else None: another calendar's event, or another
    athlete's whose id starts like this one's ("sam" and "sam-b-w001-lift1@liftplan")."""
    prefix, suffix = f"{athlete}-", "@liftplan"
    if not (uid.startswith(prefix) and uid.endswith(suffix)):
        return None
    return _OWN_ID.fullmatch(uid[len(prefix) : -len(suffix)])


def keep_calendar_identities(plan: Plan, calendars: Iterable[str]) -> None:
    """Give ``plan``'s lifts the identities of the lift events of ``calendars`` (written
    before, to be replaced), matched as a re-plan matches (`match_identities`): a lift at
    an event's time keeps its UID, one moved within its week takes one of that week's, the
    rest get identities no event had. So re-importing a re-solved season moves and cancels
    only the events that changed. Set on the plan before anything is rendered, so plan.json
    and plan.ics agree. Cancelled events, runs, other athletes' events and calendars that
    cannot be read are left out; with no event to keep, the plan keeps its ids."""
    zone = ZoneInfo(plan.timezone)
    athlete = _uid_part(plan.athlete)
    earlier: dict[str, LiftSlot] = {}
    named: set[str] = set()  # every identity the calendars hold, cancelled ones too
    for text in calendars:
        for uid, before in previous_events(text, athlete).items():
            found = _own_event(uid, athlete)
            if found is None or found.group("lift") is None:
                continue  # a run's
            named.add(found.group("lift"))
            slot = _event_slot(plan, zone, found, before)
            if slot is not None:
                earlier.setdefault(uid, slot)
    if not named:
        return
    lifts = [session for session in plan.sessions if session.activity == "lift"]
    matched = match_identities(
        [LiftSlot.of(session) for session in lifts],
        sorted(earlier.values(), key=lambda slot: (slot.start, slot.lift_id)),
    )
    for index, session in enumerate(lifts):
        session.lift_id = matched.get(index, "")
    for index, lift_id in plan.lift_ids(avoiding=named).items():
        plan.sessions[index].lift_id = lift_id


def _event_slot(
    plan: Plan, zone: ZoneInfo, found: re.Match[str], before: Earlier
) -> LiftSlot | None:
    """Where a lift event of a calendar written before stands, or None for one to leave out:
    cancelled, a run (its CATEGORIES), or without a start and end in time."""
    event = before.event
    if before.cancelled:
        return None
    words = {str(word).lower() for word in _categories(event)}
    if "run" in words:
        return None
    try:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
    except (KeyError, ValueError, TypeError):
        return None
    if not (isinstance(start, dt.datetime) and isinstance(end, dt.datetime)):
        return None  # an all-day event is no lift of ours
    if start.utcoffset() is None or end.utcoffset() is None:
        return None  # a floating time is no instant to compare
    core = "core" in words if words & {"lift", "core"} else found.group("kind") == "core"
    week = plan.week_of(start.astimezone(zone).date())
    return LiftSlot(found.group("lift"), start, end, week, core)


def _categories(event: Any) -> list[str]:
    """An event's CATEGORIES, however many the lines that hold them."""
    value = event.get("CATEGORIES")
    lines = value if isinstance(value, list) else [] if value is None else [value]
    return [str(word) for line in lines for word in getattr(line, "cats", [line])]


def _fingerprint(session: Session, text: str = "") -> str:
    """What a calendar shows of the event: its times and title, and a digest of its ``text``
    (the workout, which a re-plan may change at the same time: B -> A)."""
    moved = f"{session.start.isoformat()}|{session.end.isoformat()}|{summary(session)}"
    return f"{moved}|{_digest(text)}" if text else moved


def _said_cancelled(fingerprint: str) -> str:
    """A cancelled event's fingerprint: it says so, so an event brought back at the same
    time and with the same text differs from its cancellation and gets a higher SEQUENCE
    (a calendar that applied the cancellation ignores an update whose SEQUENCE is not)."""
    marker = f"{CANCELLED}|"
    return fingerprint if fingerprint.startswith(marker) else marker + fingerprint


def _digest(text: str) -> str:
    import hashlib

    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _cancelled(before: Earlier, stamp_base: dt.datetime) -> Any:
    """The event written before, cancelled (SEQUENCE up, unless it was cancelled already),
    its fingerprint saying so. A copy: the events read are shared (`previous_events`)."""
    event = copy.copy(before.event)
    sequence = before.sequence if before.cancelled else before.sequence + 1
    for name in ("SEQUENCE", "DTSTAMP", "STATUS", FINGERPRINT):
        event.pop(name, None)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp_base + dt.timedelta(seconds=sequence))
    event.add("status", CANCELLED)
    event.add(FINGERPRINT, _said_cancelled(before.fingerprint))
    return event


def _hidden(fingerprint: str) -> str:
    """A busy-only calendar's fingerprint: it must not show what the lift is."""
    return "sha256:" + _digest(fingerprint)


def render_ics(
    plan: Plan,
    *,
    include_runs: bool = True,
    previous: str | None = None,
    alarm_minutes: int | None = None,
    busy_only: bool = False,
) -> str:
    """The plan as an iCalendar text.

    ``previous``: the calendar this one replaces, whose events keep their UIDs with SEQUENCE
    up when they changed, and whose events this plan no longer holds are written cancelled
    (as are the plan's ``cancelled`` lifts).
    ``alarm_minutes``: a reminder (VALARM, display) that many minutes before each event.
    ``busy_only``: for a work calendar others see: the lifts alone, each a "Busy" block
    at its time with no details (no workout, no reasons), under the same UIDs.
    """
    import icalendar

    zone = ZoneInfo(plan.timezone)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property is not known to be TEXT: say so, so `; , \` and line breaks are escaped.
    calendar.add("x-wr-calname", icalendar.vText(f"liftplan: {plan.athlete}"))
    athlete = _uid_part(plan.athlete)
    earlier = previous_events(previous, athlete)
    first = min((s.start for s in plan.sessions), default=None)
    stamp_base = (
        dt.datetime.combine(first.date(), dt.time(), tzinfo=dt.UTC)
        if first is not None
        else dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )
    uids = event_uids(plan)
    written: set[str] = set()

    def add(uid: str, session: Session, status: str = "CONFIRMED") -> None:
        # A busy block shows no workout: only its time and status can change for its viewers.
        text = "" if busy_only else description(session, plan.phase_of_week(session.week))
        fingerprint = _fingerprint(session, text)
        if busy_only:
            fingerprint = _hidden(fingerprint)
        if status == CANCELLED:
            fingerprint = _said_cancelled(fingerprint)
        before = earlier.get(uid)
        sequence = 0 if before is None else before.sequence
        if before is not None and before.fingerprint != fingerprint:
            sequence += 1
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp_base + dt.timedelta(seconds=sequence))
        event.add("sequence", sequence)
        event.add("dtstart", session.start.astimezone(zone))
        event.add("dtend", session.end.astimezone(zone))
        title = "Busy" if busy_only else summary(session)
        event.add("summary", title)
        if status != "CONFIRMED":  # a calendar that re-imports or subscribes removes it
            event.add("status", status)
        if busy_only:
            event.add("transp", "OPAQUE")
            event.add("class", "PRIVATE")
        else:
            if text:
                event.add("description", text)
            event.add("categories", ["liftplan", session.activity, session.kind])
        event.add(FINGERPRINT, fingerprint)
        if alarm_minutes is not None:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", title)
            alarm.add("trigger", dt.timedelta(minutes=-alarm_minutes))
            event.add_component(alarm)
        calendar.add_component(event)
        written.add(uid)

    for index, session in enumerate(plan.sessions):
        if session.activity == "run" and (busy_only or not include_runs):
            continue
        add(uids[index], session)
    for session in plan.cancelled:
        uid = lift_uid(athlete, session.lift_id)
        if uid not in written:
            add(uid, session, CANCELLED)
    # What the calendar written before holds of this athlete's and this plan does not:
    # cancelled, so that re-importing the file removes it instead of leaving it where it was.
    # Its other events (not liftplan's, another athlete's) are not carried over.
    for uid, before in sorted(earlier.items()):
        if uid not in written:
            calendar.add_component(_cancelled(before, stamp_base))
    if plan.sessions:  # VTIMEZONE rules for the season's years only
        first_day = min(s.start for s in plan.sessions).date() - dt.timedelta(days=1)
        last_day = max(s.end for s in plan.sessions).date() + dt.timedelta(days=366)
        calendar.add_missing_timezones(first_day.replace(month=1, day=1), last_day)
    return str(calendar.to_ical().decode("utf-8"))
