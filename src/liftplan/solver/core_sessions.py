"""Optional core-only sessions (`lifting.core_sessions`), placed after the lifts are chosen.

The guide's Wednesday: an easy run and core work. A core session is short and light, so it
only needs an easy day without a lift: inside a free window, clear of every run, after
the day's run when there is room, and outside the days around a race that allow no lift
(the hard rules with ``binds_core``, solver/rules.py, say which rules hold it and why).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from liftplan.models.season import Rules
from liftplan.solver.rules import CORE_DAY_FILTERS, RuleContext
from liftplan.timeline import Timeline


@dataclass(frozen=True)
class CoreSlot:
    day: int
    start: int
    end: int


def place_core_sessions(
    timeline: Timeline,
    rules: Rules,
    lift_days: set[int],
    lived: Mapping[int, int] | None = None,
    open_from_day: int = 0,
) -> list[CoreSlot]:
    """Each week's ``lifting.core_sessions`` core sessions (fewer where the week has no room),
    on easy days without a lift, in time order; ``lift_days``: the days of the plan's lifts.
    A re-plan's: ``lived``, week -> the core sessions its days before ``open_from_day`` held
    (history, kept as they were), counted in their week; new ones only from that day on."""
    placed: list[CoreSlot] = []
    ctx = RuleContext(timeline, rules)
    lived = lived or {}
    for week in timeline.weeks:
        wanted = week.lifting.core_sessions - lived.get(week.number, 0)
        if wanted <= 0:
            continue
        easy_days = [
            day
            for day in week.days
            if day >= open_from_day
            and day not in lift_days
            and not timeline.days[day].hard
            and not any(rule.blocks_day(day, ctx) for rule in CORE_DAY_FILTERS)
        ]
        # Days with an easy run first, as in the guide; then the rest, in order.
        easy_days.sort(key=lambda day: (not timeline.runs_touching(day), day))
        for day in easy_days:
            slot = _first_fit(
                timeline, day, week.lifting.core_minutes, week.lifting.granularity_minutes
            )
            if slot is not None:
                placed.append(slot)
                if sum(1 for s in placed if timeline.days[s.day].week == week.number) == wanted:
                    break
    return sorted(placed, key=lambda slot: slot.start)


def _first_fit(timeline: Timeline, day: int, minutes: int, granularity: int) -> CoreSlot | None:
    info = timeline.days[day]
    nearby = timeline.runs_touching(day)
    after_runs = max((run.end for run in nearby), default=info.midnight)
    fits = [
        start
        for start in timeline.grid_starts(info, granularity)
        if any(low <= start and start + minutes <= high for low, high in info.windows)
        and not any(start < run.end and run.start < start + minutes for run in nearby)
    ]
    if not fits:
        return None
    start = min(fits, key=lambda s: (s < after_runs, s))
    return CoreSlot(day=day, start=start, end=start + minutes)
