"""The plan as an RFC 5545 calendar (icalendar), stable across re-exports.

UIDs name what an event *is* (athlete, week and the n-th lift of that week; or athlete,
date and the n-th run of that day), not when it is, so a re-solve that moves a lift updates
its event instead of adding one. SEQUENCE goes up when an event changed since the file
being replaced, and DTSTAMP is derived from the plan, so the same plan gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from zoneinfo import ZoneInfo

from liftplan.models.plan import LiftKind, PhaseSpan, Plan, Session

PRODID = "-//liftplan//liftplan season plan//EN"


def _uid_part(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-") or "athlete"


def event_uids(plan: Plan) -> dict[int, str]:
    """UID of each session (by its index in ``plan.sessions``)."""
    athlete = _uid_part(plan.athlete)
    counters: dict[tuple[object, ...], int] = defaultdict(int)
    uids = {}
    for index, session in enumerate(plan.sessions):
        if session.activity == "run":
            key: tuple[object, ...] = ("run", session.date)
            counters[key] += 1
            uids[index] = f"{athlete}-{session.date}-run{counters[key]}@liftplan"
        else:
            kind = "core" if session.kind is LiftKind.CORE else "lift"
            key = (kind, session.week)
            counters[key] += 1
            uids[index] = f"{athlete}-w{session.week:03d}-{kind}{counters[key]}@liftplan"
    return uids


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
    return f"{label} ({', '.join(patterns)})" if patterns else label


def description(session: Session, phase: PhaseSpan | None = None) -> str:
    """The event's text: a lift's workout (and its week's phase when derived), then why."""
    lines = []
    if session.workout is not None:
        lines.append(session.workout.focus)
        for exercise in session.workout.exercises:
            lines.append(
                f"- {exercise.name}: {exercise.sets} x {exercise.reps}, tempo {exercise.tempo}, "
                f"rest {exercise.rest_s} s, {exercise.load}"
            )
    if session.activity == "lift" and phase is not None and phase.derived:
        source = f" from the A race on {phase.from_race}" if phase.from_race else ""
        lines.append(f"phase: {phase.name} (derived{source})")
    if session.reasons:
        lines.append("Why here:" if session.activity == "lift" else "")
        lines += [f"- {reason}" for reason in session.reasons]
    return "\n".join(line for line in lines if line)


def previous_events(text: str | None) -> dict[str, tuple[int, str]]:
    """UID -> (SEQUENCE, fingerprint) of the events of a calendar written before."""
    if not text:
        return {}
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(text)
    except ValueError:
        return {}
    found = {}
    for event in calendar.walk("VEVENT"):
        sequence = int(event.get("SEQUENCE", 0))
        found[str(event.get("UID"))] = (sequence, str(event.get("X-LIFTPLAN-FINGERPRINT", "")))
    return found


def _fingerprint(session: Session) -> str:
    return f"{session.start.isoformat()}|{session.end.isoformat()}|{summary(session)}"


def render_ics(plan: Plan, *, include_runs: bool = True, previous: str | None = None) -> str:
    import icalendar

    zone = ZoneInfo(plan.timezone)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    # An X- property is not known to be TEXT: say so, so `; , \` and line breaks are escaped.
    calendar.add("x-wr-calname", icalendar.vText(f"liftplan: {plan.athlete}"))
    earlier = previous_events(previous)
    first = min((s.start for s in plan.sessions), default=None)
    stamp_base = (
        dt.datetime.combine(first.date(), dt.time(), tzinfo=dt.UTC)
        if first is not None
        else dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    )
    uids = event_uids(plan)
    for index, session in enumerate(plan.sessions):
        if session.activity == "run" and not include_runs:
            continue
        uid = uids[index]
        fingerprint = _fingerprint(session)
        sequence, old = earlier.get(uid, (0, fingerprint))
        if old != fingerprint:
            sequence += 1
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp_base + dt.timedelta(seconds=sequence))
        event.add("sequence", sequence)
        event.add("dtstart", session.start.astimezone(zone))
        event.add("dtend", session.end.astimezone(zone))
        event.add("summary", summary(session))
        text = description(session, plan.phase_of_week(session.week))
        if text:
            event.add("description", text)
        event.add("categories", ["liftplan", session.activity, session.kind])
        event.add("x-liftplan-fingerprint", fingerprint)
        calendar.add_component(event)
    if plan.sessions:  # VTIMEZONE rules for the season's years only
        first_day = min(s.start for s in plan.sessions).date() - dt.timedelta(days=1)
        last_day = max(s.end for s in plan.sessions).date() + dt.timedelta(days=366)
        calendar.add_missing_timezones(first_day.replace(month=1, day=1), last_day)
    return str(calendar.to_ical().decode("utf-8"))
