"""A first, plain diagnosis of an infeasible season: which weeks lack room, and why.

For every week that cannot reach its minimum on its own, it names each day's obstacle: no
free window, windows too short, or the first hard rule that removed the day's slots.
"""

from __future__ import annotations

from collections import Counter

from liftplan.models.season import Rules
from liftplan.solver.candidates import Slot, enumerate_slots
from liftplan.solver.rules import RuleContext, first_broken_rule
from liftplan.timeline import Timeline, Week


def _room_in_week(legal_days: list[int], rules: Rules) -> int:
    """Most lift days a week can hold alone: earliest-first keeps the rest-day spacing."""
    taken: list[int] = []
    for day in legal_days:
        if not taken or day - taken[-1] > rules.rest_days_between_lifts:
            taken.append(day)
    return len(taken) * rules.max_lifts_per_day


def _day_obstacle(timeline: Timeline, day: int, blocked: Counter[str]) -> str:
    info = timeline.days[day]
    if not info.windows:
        return "no free window"
    if not blocked:
        minutes = timeline.week_of(day).lifting.min_minutes
        return f"no free window fits a {minutes} min lift"
    return ", ".join(rule for rule, _ in blocked.most_common())


def diagnose(timeline: Timeline, rules: Rules) -> list[str]:
    ctx = RuleContext(timeline, rules)
    legal: dict[int, list[Slot]] = {}
    blocked: dict[int, Counter[str]] = {day.index: Counter() for day in timeline.days}
    for slot in enumerate_slots(timeline):
        broken = first_broken_rule(slot, ctx)
        if broken is None:
            legal.setdefault(slot.day, []).append(slot)
        else:
            blocked[slot.day][broken] += 1

    findings = []
    for week in timeline.weeks:
        legal_days = [day for day in week.days if day in legal]
        room = _room_in_week(legal_days, rules)
        if room >= week.min_lifts:
            continue
        findings.append(_week_finding(timeline, week, legal_days, room, blocked))
    if not findings:
        findings.append(
            "every week has room for its minimum on its own, but not all together: "
            f"rest_days_between_lifts={rules.rest_days_between_lifts} joins neighbouring weeks "
            "(lower lifting.per_week.min or rules.rest_days_between_lifts)"
        )
    return findings


def _week_finding(
    timeline: Timeline,
    week: Week,
    legal_days: list[int],
    room: int,
    blocked: dict[int, Counter[str]],
) -> str:
    first = timeline.days[week.first_day].date
    last = timeline.days[week.days[-1]].date
    free = ", ".join(timeline.days[day].weekday.capitalize() for day in legal_days) or "no day"
    obstacles = "; ".join(
        f"{timeline.days[day].weekday.capitalize()}: {_day_obstacle(timeline, day, blocked[day])}"
        for day in week.days
        if day not in legal_days
    )
    return (
        f"week {week.number} ({first}..{last}) needs {week.min_lifts} lift(s) but has room for "
        f"{room} ({free} legal); {obstacles}"
    )
