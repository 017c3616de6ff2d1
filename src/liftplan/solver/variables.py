"""The decision variables in one place: lifts per slot, and sums over days and weeks."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, NamedTuple, overload

from ortools.sat.python import cp_model
from ortools.util.python.sorted_interval_list import Domain

from liftplan.models.season import Rules
from liftplan.solver.candidates import Slot
from liftplan.solver.memo import remember
from liftplan.solver.patterns import REMEMBERED_PATTERNS, few_patterns, week_patterns
from liftplan.timeline import Timeline, Week

LinearExpr = cp_model.LinearExprT
# A week's patterns depend on where its candidate days fall in it and on three numbers; a
# batch's athletes share a few hundred such weeks. Keyed as `_shapes` says; kept small.
_SHAPES: dict[tuple[object, ...], tuple[tuple[int, ...], ...]] = {}
# ... and those placed in a season's week, with their variables' names: a batch's athletes
# mostly share their weeks' dates too, and a name formats a tuple.
_NAMED: dict[tuple[object, ...], list[tuple[tuple[int, ...], str]]] = {}
_SHAPES_MOST = 4096


def _pattern_name(week: int, days: tuple[int, ...]) -> str:
    return f"week {week} lifts on {days}"


# CpModel.new_bool_var makes a Domain(0, 1) per variable; with_domain copies it into the
# proto, so one serves every boolean (a batch athlete's model has ~220 of them).
_BOOLEAN = Domain(0, 1)
_IntVar = cp_model.IntVar


def new_bool(model: cp_model.CpModel, name: str) -> cp_model.IntVar:
    """``model.new_bool_var(name)``: the same variable, without a Domain made for it."""
    return _new_bool(model.model_proto, name)


def new_bools(model: cp_model.CpModel, names: Iterable[str]) -> list[cp_model.IntVar]:
    """`new_bool` of each name, in order, the model's proto looked up once (a C++ call each
    time; a batch athlete's weeks make ~190 booleans)."""
    proto = model.model_proto
    return [_new_bool(proto, name) for name in names]


def _new_bool(proto: Any, name: str) -> cp_model.IntVar:
    var = _IntVar(proto)
    var.name = name  # the properties: a method returning the variable costs its wrapper
    var.domain = _BOOLEAN
    return var


# The bound CP-SAT writes for a side left open (``x >= 1`` is x in [1, INT64_MAX]).
INT64_MIN, INT64_MAX = -(1 << 63), (1 << 63) - 1


def add_row(rows: Any, indices: Sequence[int], coeffs: Sequence[int], low: int, high: int) -> None:
    """``model.add(low <= sum(c * x) <= high)`` over the variables of index ``indices``
    (distinct and ascending) with nonzero ``coeffs``, written straight into ``rows``, the
    model's ``proto.constraints`` (looked up once by the caller), as CP-SAT writes it (a
    linear row lists its variables merged, by index): no expression made, flattened and
    sorted for it. tests/solver/test_model_build.py holds the two alike."""
    linear = rows.add().linear
    linear.vars.extend(indices)
    linear.coeffs.extend(coeffs)
    linear.domain.extend((low, high))


def total(terms: Sequence[LinearExpr]) -> LinearExpr:
    """``sum(terms)`` in one CP-SAT call (Python's sum makes an expression per term, a
    tenth of a batch athlete's model). Integers only (none, or the lifts of days no
    pattern holds) still sum to an int, as with sum: bounding one states no constraint."""
    if all(isinstance(term, int) for term in terms):
        return sum(terms)
    return cp_model.LinearExpr.sum(terms)


class _HeldLifts(Sequence[LinearExpr]):
    """``lift`` with weekly patterns: slot i's is the sum of the patterns ``holding(i)``,
    made when a rule first reads it (most are read by none: the objective weighs the
    patterns themselves, `Variables.weighted_lifts`)."""

    def __init__(self, count: int, holding: Callable[[int], list[cp_model.IntVar]]) -> None:
        self._count = count
        self._holding = holding
        self._made: dict[int, LinearExpr] = {}

    def __len__(self) -> int:
        return self._count

    @overload
    def __getitem__(self, index: int) -> LinearExpr: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[LinearExpr]: ...
    def __getitem__(self, index: int | slice) -> LinearExpr | Sequence[LinearExpr]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        made = self._made.get(index)
        if made is None:
            made = self._made[index] = total(self._holding(index))
        return made


def _holding_day(
    slots: list[Slot], patterns: dict[int, list[WeekPattern]], week_of: dict[int, int]
) -> Callable[[int], list[cp_model.IntVar]]:
    """With one slot a day, slot i's holding patterns: those of its day's week that lift on
    its day, in order (found for the few slots a rule reads, not listed for every day). Not
    a method: ``lift`` holding its Variables would make a cycle that only the collector
    frees, and a batch worker's models would pile up until it runs."""

    def holding(slot: int) -> list[cp_model.IntVar]:
        day = slots[slot].day
        return [pattern.var for pattern in patterns[week_of[day]] if day in pattern.days]

    return holding


class WeekPattern(NamedTuple):
    """``var`` is true when the week lifts on exactly ``days``. (A NamedTuple: a batch
    athlete makes ~200, and a frozen dataclass costs a setattr call per field.)"""

    days: tuple[int, ...]
    var: cp_model.IntVar


class Variables:
    """``lift[i]`` is 1 when slot ``i`` becomes a lift; the rest is derived from it.

    With one candidate slot a day, the booleans are the weeks' patterns (solver/patterns.py):
    exactly one per week, and ``lift[i]`` is the sum of the patterns holding slot i's day;
    ``patterns`` maps each week to them. With several slots a day and ``day_sets``, each
    day's best sets of 1, 2, ... lifts (slot indices, `model.candidates`), a pattern names a
    day once per lift and ``lift[i]`` sums the patterns lifting in a set that holds slot i.
    Otherwise (or with ``use_patterns=False``: see ModelOptions) each slot has its own
    boolean and ``patterns`` is None. ``past_days`` are the days of lifts that already
    happened (a re-plan's history): the rules that count lifts count them, but never hold
    two of them against each other.
    """

    def __init__(
        self,
        model: cp_model.CpModel,
        slots: list[Slot],
        timeline: Timeline,
        rules: Rules,
        use_patterns: bool = True,
        past_days: frozenset[int] = frozenset(),
        day_sets: dict[int, list[tuple[int, ...]]] | None = None,
    ) -> None:
        self.model = model
        self.past_days = past_days
        self.slots = slots
        self.slots_by_day: dict[int, list[int]] = defaultdict(list)
        for index, slot in enumerate(slots):
            self.slots_by_day[slot.day].append(index)
        self.days_by_week: dict[int, list[int]] = defaultdict(list)
        self._week_of: dict[int, int] = {}  # each candidate day's week
        for day in sorted(self.slots_by_day):
            week = self._week_of[day] = timeline.days[day].week
            self.days_by_week[week].append(day)
        self.patterns: dict[int, list[WeekPattern]] | None = None
        # With patterns: each week's patterns' days as positions in the week (`habit`).
        self.shapes: dict[int, tuple[tuple[int, ...], ...]] = {}
        self.lift: Sequence[LinearExpr]
        # Days of several slots, each day's best sets of 1, 2, ... lifts (slot indices)
        self.day_sets: dict[int, list[tuple[int, ...]]] | None = None
        # With day_sets: each day's patterns (`lift_day`), each pattern's slots (by its var)
        self._day_patterns: dict[int, list[cp_model.IntVar]] = defaultdict(list)
        self._slots_of: dict[int, list[int]] = {}
        # With day_sets: each week's lifts a day may hold, its days in order (`_few_patterns`)
        self._lifts_by_week: dict[int, tuple[int, ...]] = {}
        one_a_day = all(len(ids) == 1 for ids in self.slots_by_day.values())
        if use_patterns and one_a_day:
            self.patterns = {week.number: self._patterns(week, rules) for week in timeline.weeks}
            self.lift = _HeldLifts(len(slots), _holding_day(slots, self.patterns, self._week_of))
        elif use_patterns and day_sets is not None and self._few_patterns(timeline, day_sets):
            self.day_sets = day_sets
            self.patterns = {week.number: self._patterns(week, rules) for week in timeline.weeks}
            self.lift = _HeldLifts(
                len(slots), self._held_by_slot(self.patterns, day_sets).__getitem__
            )
        else:
            self.lift = [
                new_bool(model, f"lift(day {slot.day}, minute {slot.start}+{slot.minutes})")
                for slot in slots
            ]
        self._lift_day: dict[int, LinearExpr] = {}
        # block_start[k] is true when a new training block starts in week k + 1.
        self.block_start = new_bools(
            model, [f"block_start(week {week.number})" for week in timeline.weeks]
        )
        model.add(self.block_start[0] == 1)

    def _few_patterns(self, timeline: Timeline, day_sets: dict[int, list[tuple[int, ...]]]) -> bool:
        """Whether the weeks' lifts per day (their days' best sets) make few patterns; each
        week's are kept for `_named_shapes`."""
        by_week = self.days_by_week
        self._lifts_by_week = {
            week.number: tuple([len(day_sets[day]) for day in by_week.get(week.number, [])])
            for week in timeline.weeks
        }
        return few_patterns(list(self._lifts_by_week.values()), timeline.weeks)

    def _held_by_slot(
        self, patterns: dict[int, list[WeekPattern]], day_sets: dict[int, list[tuple[int, ...]]]
    ) -> list[list[cp_model.IntVar]]:
        """For each slot, the patterns that lift in it: those lifting j times on its day
        when the day's best j-set holds it. Also notes each day's patterns (`lift_day`) and
        each pattern's slots (`weighted_lifts`, `chosen`)."""
        holding: list[list[cp_model.IntVar]] = [[] for _ in self.slots]
        for of_week in patterns.values():
            for pattern in of_week:
                slots = self._slots_of[pattern.var.index] = []
                for day, count in Counter(pattern.days).items():
                    self._day_patterns[day].append(pattern.var)
                    slots.extend(day_sets[day][count - 1])
                for index in slots:
                    holding[index].append(pattern.var)
        return holding

    def _patterns(self, week: Week, rules: Rules) -> list[WeekPattern]:
        model = self.model
        candidates = self.days_by_week.get(week.number, [])
        named = self._named_shapes(candidates, week, rules)
        booleans = new_bools(model, [name for _, name in named])
        model.add_exactly_one(booleans)
        return [WeekPattern(days, var) for (days, _), var in zip(named, booleans, strict=True)]

    def _named_shapes(
        self, days: list[int], week: Week, rules: Rules
    ) -> list[tuple[tuple[int, ...], str]]:
        """`week_patterns` with their variables' names, remembered by the days' places in
        the week, and (names and all) by the week's number and first day too (not with a
        history: its past days are few, and each re-plan's own)."""
        number, first = week.number, week.first_day
        lifts = None if self.day_sets is None else self._lifts_by_week[number]
        if self.past_days:
            chosen = week_patterns(days, week, rules, self.past_days, lifts)
            self.shapes[number] = tuple(tuple(day - first for day in days) for days in chosen)
            return [(days, _pattern_name(number, days)) for days in chosen]
        key = (
            tuple(day - first for day in days),
            week.min_lifts,
            week.max_lifts,
            rules.rest_days_between_lifts,
            lifts,
        )
        shapes = _SHAPES.get(key)
        if shapes is None:
            shapes = tuple(
                [
                    tuple(day - first for day in chosen)
                    for chosen in week_patterns(days, week, rules, lifts=lifts)
                ]
            )
            if len(shapes) <= REMEMBERED_PATTERNS:
                remember(_SHAPES, key, shapes, _SHAPES_MOST)
        self.shapes[number] = shapes
        named = _NAMED.get((key, first, number))
        if named is None:
            placed = [tuple([first + day for day in shape]) for shape in shapes]  # no generator
            named = [(days, _pattern_name(number, days)) for days in placed]
            if len(named) <= REMEMBERED_PATTERNS:
                remember(_NAMED, (key, first, number), named, _SHAPES_MOST)
        return named

    def weighted_lifts(self, weights: Sequence[int]) -> tuple[list[cp_model.IntVar], list[int]]:
        """Booleans and coefficients whose weighted sum is sum(weights[i] * lift[i]). With
        patterns, each pattern's coefficient is its days' slots' weights summed: CP-SAT
        flattens the sum of the slots' sums to the same terms (merged, by variable index)."""
        if self.patterns is None:
            return [self.literal(i) for i in range(len(self.slots))], list(weights)
        if self.day_sets is not None:  # a day lifting j times weighs its best j-set's slots
            booleans, coefficients = [], []
            for of_week in self.patterns.values():
                for pattern in of_week:
                    booleans.append(pattern.var)
                    coefficients.append(sum(weights[i] for i in self._slots_of[pattern.var.index]))
            return booleans, coefficients
        of_day = {day: weights[ids[0]] for day, ids in self.slots_by_day.items()}
        every = [pattern for of_week in self.patterns.values() for pattern in of_week]
        return [p.var for p in every], [sum([of_day[day] for day in p.days]) for p in every]

    def day_lifts(self, day: int) -> LinearExpr:
        """Number of lifts on ``day``."""
        return total([self.lift[i] for i in self.slots_by_day.get(day, ())])

    def week_lifts(self, week: int) -> LinearExpr:
        return total([self.day_lifts(day) for day in self.days_by_week.get(week, ())])

    def lift_day(self, day: int) -> LinearExpr:
        """1 when ``day`` has at least one lift, else 0."""
        if day not in self._lift_day:
            slot_ids = self.slots_by_day[day]
            if len(slot_ids) == 1:
                self._lift_day[day] = self.lift[slot_ids[0]]
            elif self.day_sets is not None:  # a week's patterns are exactly one
                self._lift_day[day] = total(self._day_patterns[day])
            else:
                flag = new_bool(self.model, f"lift_day({day})")
                for i in slot_ids:
                    self.model.add_implication(self.literal(i), flag)
                self.model.add(self.day_lifts(day) >= 1).only_enforce_if(flag)
                self._lift_day[day] = flag
        return self._lift_day[day]

    def literal(self, slot: int) -> cp_model.IntVar:
        """Slot ``slot``'s own boolean, when slots have one (``patterns`` is None)."""
        # (A day held by one pattern also reads as a single IntVar: ask the mode, not the type.)
        assert self.patterns is None, "weekly patterns have no boolean per slot"
        lift = self.lift[slot]
        assert isinstance(lift, cp_model.IntVar)
        return lift

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
        """The slots that became lifts, ascending (those whose ``lift`` is 1)."""
        if self.patterns is None:
            return [i for i, lift in enumerate(self.lift) if solver.value(lift)]
        # Each week holds one pattern: which one is the value of sum(k * pattern k), one
        # call a week (a lift read slot by slot costs a CP-SAT sum and a call each).
        chosen = []
        for of_week in self.patterns.values():
            which = cp_model.LinearExpr.weighted_sum(
                [pattern.var for pattern in of_week], range(len(of_week))
            )
            chosen.append(of_week[solver.value(which)])
        if self.day_sets is not None:
            return sorted(i for pattern in chosen for i in self._slots_of[pattern.var.index])
        lift_days = {day for pattern in chosen for day in pattern.days}
        return [i for i, slot in enumerate(self.slots) if slot.day in lift_days]

    def block_first_weeks(self, solver: cp_model.CpSolver) -> list[int]:
        return [k + 1 for k, var in enumerate(self.block_start) if solver.boolean_value(var)]
