"""The decision variables in one place: one boolean per slot, and sums over days and weeks."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ortools.sat.python import cp_model

from liftplan.solver.candidates import Slot
from liftplan.timeline import Timeline

LinearExpr = cp_model.LinearExprT


class Variables:
    """``lift[i]`` is true when slot ``i`` becomes a lift; the rest is derived from it."""

    def __init__(self, model: cp_model.CpModel, slots: list[Slot], timeline: Timeline) -> None:
        self.model = model
        self.slots = slots
        self.lift = [
            model.new_bool_var(f"lift(day {slot.day}, minute {slot.start}+{slot.minutes})")
            for slot in slots
        ]
        self.slots_by_day: dict[int, list[int]] = defaultdict(list)
        for index, slot in enumerate(slots):
            self.slots_by_day[slot.day].append(index)
        self.days_by_week: dict[int, list[int]] = defaultdict(list)
        for day in sorted(self.slots_by_day):
            self.days_by_week[timeline.days[day].week].append(day)
        self._lift_day: dict[int, LinearExpr] = {}
        # block_start[k] is true when a new training block starts in week k + 1.
        self.block_start = [
            model.new_bool_var(f"block_start(week {week.number})") for week in timeline.weeks
        ]
        model.add(self.block_start[0] == 1)

    def day_lifts(self, day: int) -> LinearExpr:
        """Number of lifts on ``day``."""
        return sum(self.lift[i] for i in self.slots_by_day.get(day, ()))

    def week_lifts(self, week: int) -> LinearExpr:
        return sum(self.day_lifts(day) for day in self.days_by_week.get(week, ()))

    def lift_day(self, day: int) -> LinearExpr:
        """1 when ``day`` has at least one lift, else 0."""
        if day not in self._lift_day:
            slot_ids = self.slots_by_day[day]
            if len(slot_ids) == 1:
                self._lift_day[day] = self.lift[slot_ids[0]]
            else:
                flag = self.model.new_bool_var(f"lift_day({day})")
                for i in slot_ids:
                    self.model.add_implication(self.lift[i], flag)
                self.model.add(self.day_lifts(day) >= 1).only_enforce_if(flag)
                self._lift_day[day] = flag
        return self._lift_day[day]

    def overlapping_groups(self, slot_ids: list[int]) -> Iterator[list[int]]:
        """Maximal sets of slots (of one day) that all share an instant: at most one of each."""
        ordered = sorted(slot_ids, key=lambda i: self.slots[i].start)
        previous: list[int] = []
        for index in ordered:
            instant = self.slots[index].start
            group = [i for i in ordered if self.slots[i].start <= instant < self.slots[i].end]
            if len(group) > 1 and not set(group) <= set(previous):
                yield group
            previous = group

    def chosen(self, solver: cp_model.CpSolver) -> list[int]:
        return [i for i, var in enumerate(self.lift) if solver.boolean_value(var)]

    def block_first_weeks(self, solver: cp_model.CpSolver) -> list[int]:
        return [k + 1 for k, var in enumerate(self.block_start) if solver.boolean_value(var)]
