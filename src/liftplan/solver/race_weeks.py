"""Weeks the race rules close: they plan no lift, and the plan says why.

A race week (models/races.py: RACE_WEEKS: a week holding a day of an A or B race, the week
after an A race, a week its days of no lift after it reach into) keeps a minimum of one lift
(timeline.py: race_week_lifting). When no day of a week has a legal slot
left and at least one of them would be open but for a race rule, demanding its lifts would
make the whole season infeasible for the race's sake: the week's minimum becomes 0 instead.
That holds for a race week and for any other week whose minimum the season does not write
itself (the week after a B marathon, whose seven days of recovery close it: a coach plans no
lift there either, as after an A race).
The runner's own rules (availability, recovery, day-before-hard) are never relaxed; they only
count towards "every day closed" (case 10's championship week: Mon, Tue, Thu and Sat are
days before hard runs, Wed, Fri and Sun closed around the races). A race week with no legal
slot counts as closed when a race rule covers at least one of its days, even where the
runner's own rules close that day too (the race is often the very hard run their recovery
and day-before rules count to); its reason says "closed around" the race only when race rules
close every day, and names the runner's own rules when they close the others.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from liftplan.models.wording import short_date
from liftplan.solver.candidates import enumerate_slots
from liftplan.solver.rules import DAY_FILTERS, SLOT_FILTERS, RuleContext
from liftplan.timeline import Timeline

RACE_RULES = frozenset({"no_lift_days_before_race", "no_lift_days_after_race"})


def why_closed(day: int, ctx: RuleContext) -> str:
    """The rule that closes every slot of ``day``: a race rule when one covers the day (the
    runner sees the race's window), else the runner's own rule that closes it."""
    race = next(
        (r.name for r in DAY_FILTERS if r.name in RACE_RULES and r.blocks_day(day, ctx)), None
    )
    if race is not None:
        return race
    own = next(
        (r.name for r in DAY_FILTERS if r.name not in RACE_RULES and r.blocks_day(day, ctx)), None
    )
    if own is None:
        slots = enumerate_slots(ctx.timeline, [day])
        if not slots:
            own = "availability"
        elif all(any(r.blocks(slot, ctx) for r in SLOT_FILTERS) for slot in slots):
            first = slots[0]
            own = next(r.name for r in SLOT_FILTERS if r.blocks(first, ctx))
    return own or "availability"


def closed_race_weeks(ctx: RuleContext, open_days: Collection[int]) -> dict[int, str]:
    """Week number -> why it plans no lift, for the weeks without a written minimum where
    none of ``open_days`` (the days with a legal slot) lies and a race rule closes a day."""
    timeline = ctx.timeline
    closed: dict[int, str] = {}
    for week in timeline.weeks:
        if not week.closable or any(day in open_days for day in week.days):
            continue
        rules = {day: why_closed(day, ctx) for day in week.days}
        if not RACE_RULES & set(rules.values()):
            continue  # the runner's own rules alone close it: a conflict to explain
        closed[week.number] = _reason(timeline, week.days, rules)
    return closed


def _reason(timeline: Timeline, days: range, rules: dict[int, str]) -> str:
    """``no lift: every day is closed around the 10k (B) on Fri 17 Jul (Mon 13 Jul:
    no_lift_days_before_race; ...)``; when the runner's own rules close some of the days,
    ``every day is closed, around the 10k (B) on Fri 17 Jul or by the runner's own rules
    (Mon 13 Jul: availability; ...)``: a day the runner closed is not closed around the race."""
    races = [
        race
        for race in timeline.races
        if any(
            race.first_day - 7 <= day <= race.last_day + 7 and rules[day] in RACE_RULES
            for day in days
        )
    ]
    named = " and ".join(
        f"the {race.race.distance} ({race.race.priority}) on {short_date(race.race.date)}"
        for race in races
    )
    each = "; ".join(f"{short_date(timeline.days[day].date)}: {rules[day]}" for day in days)
    if all(rules[day] in RACE_RULES for day in days):
        return f"no lift: every day is closed around {named} ({each})"
    return f"no lift: every day is closed, around {named} or by the runner's own rules ({each})"


def with_closed_race_weeks(timeline: Timeline, closed: dict[int, str]) -> Timeline:
    """The timeline with each closed race week's minimum and target at 0 and its reason kept."""
    if not closed:
        return timeline
    weeks = [replace(week, closed=closed.get(week.number)) for week in timeline.weeks]
    return replace(timeline, weeks=weeks)
