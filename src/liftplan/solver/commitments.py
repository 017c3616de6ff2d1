"""What a re-plan must keep, as the model sees it: fixed slots, slots kept at a price, the
blocks, and the weeks that are history.

Days before ``open_from_day`` are history: only the lifts that happened sit there, fixed,
so a lift done yesterday still counts for rest days, weekly counts and the habit. Which
lifts those are, and how long the freeze lasts, is decided from the plan by
``liftplan.replan``; this module sees only minutes on the timeline and day indexes.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from liftplan.models.season import PerWeek
from liftplan.solver.candidates import Slot, make_slot
from liftplan.timeline import Timeline

MOST_LIFTS_A_WEEK = 21


@dataclass(frozen=True)
class PlacedLift:
    """A lift already on the calendar: ``start``/``end`` in minutes on the timeline, on the
    local day with index ``day``."""

    day: int
    start: int
    end: int


@dataclass(frozen=True)
class Commitments:  # frozen, but cached_property writes to the instance dict directly
    open_from_day: int
    fixed: tuple[Slot, ...] = ()
    keep: tuple[Slot, ...] = ()  # each one moved or dropped costs `stability`
    stability: int = 0
    block_first_weeks: tuple[int, ...] | None = None
    history_weeks: frozenset[int] = field(default_factory=frozenset)
    # A shared gym: time buckets (Unix minutes // bucket_minutes) already full.
    full_buckets: frozenset[int] = field(default_factory=frozenset)
    bucket_minutes: int = 15
    epoch_minute: int = 0  # the timeline's epoch, in Unix minutes

    @property
    def fixed_days(self) -> set[int]:
        return {slot.day for slot in self.fixed}

    @property
    def past_days(self) -> frozenset[int]:
        """The days of the lifts that already happened: fixed lifts before the open day.

        The rules about where a lift may go do not bind them, the rules that count lifts
        count them for the lifts to come (rules.HardRule.binds_past)."""
        return frozenset(slot.day for slot in self.fixed if slot.day < self.open_from_day)

    @cached_property
    def _kept(self) -> set[tuple[int, int]]:
        return {(slot.start, slot.end) for slot in self.keep}

    def bonus(self, slot: Slot) -> int:
        """How much cheaper a slot is for being where a planned lift already was."""
        return self.bonus_at(slot.start, slot.end)

    def bonus_at(self, start: int, end: int) -> int:
        """`bonus` of the slot from ``start`` to ``end`` (minutes on the timeline)."""
        return self.stability if (start, end) in self._kept else 0

    def buckets(self, slot: Slot) -> range:
        """The gym's time buckets a lift occupies."""
        return self.buckets_at(slot.start, slot.end)

    def buckets_at(self, start: int, end: int) -> range:
        size = self.bucket_minutes
        return range((self.epoch_minute + start) // size, (self.epoch_minute + end - 1) // size + 1)

    def gym_full(self, slot: Slot) -> bool:
        return self.gym_full_at(slot.start, slot.end)

    def gym_full_at(self, start: int, end: int) -> bool:
        """Whether a lift from ``start`` to ``end`` needs a gym time bucket already full:
        whether the first full bucket from its first one on is among its own (a search in
        the sorted buckets, not a test of each of its buckets: a re-solve asks it of every
        time it weighs)."""
        buckets = self.buckets_at(start, end)
        full = self._sorted_full
        at = bisect.bisect_left(full, buckets.start)
        return at < len(full) and full[at] < buckets.stop

    @cached_property
    def _sorted_full(self) -> list[int]:
        return sorted(self.full_buckets)


def with_history(timeline: Timeline, commitments: Commitments) -> Timeline:
    """The timeline with the weekly ranges of wholly past weeks lifted, and the max of a
    week that past lifts alone filled beyond it raised to their count (no lift is added to
    it): what happened, happened."""
    past = Counter(timeline.days[day].week for day in commitments.past_days)
    weeks = []
    for week in timeline.weeks:
        wished = week.lifting.per_week.wished
        per_week = None
        if week.number in commitments.history_weeks:
            per_week = PerWeek(min=0, max=MOST_LIFTS_A_WEEK, target=wished)
        elif past[week.number] > week.max_lifts:
            low = week.lifting.per_week.min
            per_week = PerWeek(min=low, max=past[week.number], target=wished)
        if per_week is not None:
            week = replace(week, lifting=week.lifting.model_copy(update={"per_week": per_week}))
        weeks.append(week)
    return replace(timeline, weeks=weeks)


def commitments_for(
    timeline: Timeline,
    *,
    open_from_day: int,
    fixed: Iterable[PlacedLift] = (),
    keep: Iterable[PlacedLift] = (),
    stability: int = 0,
    block_first_weeks: Sequence[int] | None = None,
) -> Commitments:
    """The model's commitments for a re-plan from day ``open_from_day`` on: the ``fixed`` lifts
    happen as placed, each of the ``keep`` lifts moved or dropped costs ``stability``, and the
    weeks wholly before the open day are history."""

    def slot(lift: PlacedLift) -> Slot:
        return make_slot(timeline, timeline.days[lift.day], lift.start, lift.end)

    history = frozenset(week.number for week in timeline.weeks if week.days[-1] < open_from_day)
    return Commitments(
        open_from_day=open_from_day,
        fixed=tuple(slot(lift) for lift in fixed),
        keep=tuple(slot(lift) for lift in keep),
        stability=stability,
        block_first_weeks=None if block_first_weeks is None else tuple(block_first_weeks),
        history_weeks=history,
    )
