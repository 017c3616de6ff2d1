"""Every lift slot that could be legal, with the facts the rules and the objective need.

A slot is one start on the day's grid and one length. It is generated only inside an
availability window; the slot rules of `rules.py` then remove the ones a coach forbids.
The facts (gap to the day's runs, order, next hard run) are computed once here, so the
model only states rules over booleans.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from typing import NamedTuple

from liftplan.models.score_terms import LIFT_LENGTH_WISH, minutes_off_wish
from liftplan.models.season import Lifting
from liftplan.timeline import Day, RunEvent, Timeline


class Slot(NamedTuple):
    """A possible lift: ``start``/``end`` in absolute minutes, on local ``day``. (A
    NamedTuple: a batch athlete makes ~80, and a frozen dataclass costs a setattr call per
    field, four times the making of a tuple.)"""

    day: int
    start: int
    end: int
    hard_day: bool
    lift_first: bool
    gap_short_minutes: int
    before_run: bool
    after_run: bool
    short_minutes: int  # minutes off the wished length (short_lift_minute; LIFT_LENGTH_WISH)
    light: bool = False  # a light lift (taper, race window): wished short, not long

    @property
    def minutes(self) -> int:
        return self.end - self.start

    @property
    def wrong_order(self) -> bool:
        """Run first, then lift; the other way round in a phase where lifting goes first."""
        return self.after_run if self.lift_first else self.before_run


def lift_lengths(lifting: Lifting) -> list[int]:
    """Lengths a lift may take: the range on the start grid, always including both ends."""
    low, high = lifting.min_minutes, lifting.max_minutes
    lengths = set(range(low, high + 1, lifting.granularity_minutes))
    lengths.add(high)
    return sorted(lengths)


def enumerate_slots(timeline: Timeline, days: list[int] | None = None) -> list[Slot]:
    """All slots inside availability windows (of ``days``, default all), sorted by start,
    before any rule is applied."""
    slots: list[Slot] = []
    for day in timeline.days if days is None else [timeline.days[i] for i in days]:
        if not day.windows:
            continue
        lifting = timeline.week_of(day.index).lifting
        lengths = lift_lengths(lifting)
        starts = timeline.grid_starts(day, lifting.granularity_minutes)
        slot_at = slot_maker(timeline, day)
        for window_start, window_end in day.windows:
            first = bisect.bisect_left(starts, window_start)
            for start in starts[first:]:
                if start + lengths[0] > window_end:
                    break
                for length in lengths:
                    end = start + length
                    if end > window_end:
                        break
                    slots.append(slot_at(start, end))
    slots.sort(key=lambda slot: (slot.start, slot.end))
    return slots


def make_slot(timeline: Timeline, day: Day, start: int, end: int) -> Slot:
    """A lift from ``start`` to ``end`` on ``day``, with its facts."""
    return slot_maker(timeline, day)(start, end)


def slot_maker(timeline: Timeline, day: Day) -> Callable[[int, int], Slot]:
    """Makes ``day``'s slots from (start, end); what the day's slots share is looked up once."""
    week = timeline.week_of(day.index)
    lifting = week.lifting
    gap_wish = round(lifting.gap_hours * 60)
    lift_first = week.phase == "base"
    shortest, longest = lifting.min_minutes, lifting.max_minutes
    kind = timeline.lift_kind(day.index)
    # A run that crossed midnight into this day is one of its runs for gaps and order.
    runs = timeline.runs_touching(day.index)

    def slot_at(start: int, end: int) -> Slot:
        gap_short = 0
        before_run = after_run = False
        for run in runs:
            gap = _gap(run, start, end)
            if gap is None:
                continue
            gap_short += max(0, gap_wish - gap)
            before_run |= end <= run.start
            after_run |= start >= run.end
        return Slot(
            day=day.index,
            start=start,
            end=end,
            hard_day=day.hard,
            lift_first=lift_first,
            gap_short_minutes=gap_short,
            before_run=before_run,
            after_run=after_run,
            short_minutes=minutes_off_wish(kind, end - start, shortest, longest),
            light=LIFT_LENGTH_WISH[kind] == "shortest",
        )

    return slot_at


def _gap(run: RunEvent, start: int, end: int) -> int | None:
    """Elapsed minutes between a run and a lift that do not overlap; None when they do."""
    if end <= run.start:
        return run.start - end
    if start >= run.end:
        return start - run.end
    return None
