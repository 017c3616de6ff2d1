"""The soft objectives (SPEC section 4): named penalties traded off by weights.

Every term sits once in one ordered registry, `SOFT_TERMS`, with its name and its wish in a
coach's words (kept in models/score_terms.py, so the pages can print them); the plan's score,
the score analysis and the tests all read the names and their order from it. Terms that
depend on one slot only are a cost per slot (`SLOT_TERMS`); terms that look at a whole week
or at two weeks are stated on the model (`MODEL_TERMS`). A term whose weight is 0 adds
nothing. Every penalty is a weighted integer, so the plan's score is exact.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Generic, NamedTuple, TypeVar

from ortools.sat.python import cp_model

from liftplan.models.score_terms import SOFT_TERM_WORDS as WORDS
from liftplan.models.season import Weights
from liftplan.solver.candidates import Slot
from liftplan.solver.memo import remember
from liftplan.solver.patterns import REMEMBERED_PATTERNS
from liftplan.solver.variables import INT64_MAX, Variables, add_row, new_bool
from liftplan.timeline import Timeline, Week


class Penalty(NamedTuple):
    """A model variable whose value, times ``weight``, is part of term ``term``. (A
    NamedTuple, as WeekPattern: a batch athlete makes ~55, and a frozen dataclass costs a
    setattr call per field.)"""

    term: str
    label: str
    var: cp_model.LinearExprT
    weight: int
    week: int


AddPenalties = Callable[[cp_model.CpModel, Variables, Timeline], list[Penalty]]


@dataclass(frozen=True)
class SlotTerm:
    """A term that costs each lift on its own: ``amount`` (minutes short, or 0/1) times the
    week's weight of the same name. ``says`` is the wish in a coach's words, as data (not a
    docstring: ``python -OO`` strips those)."""

    name: str
    says: str
    amount: Callable[[Slot], int]  # the size of the violation, before weighting

    def penalty(self, slot: Slot, weights: Weights) -> int:
        return int(getattr(weights, self.name)) * self.amount(slot)


@dataclass(frozen=True)
class ModelTerm:
    """A term that looks at a whole week or two weeks: ``add`` states its penalties on the
    model. ``says`` as for SlotTerm."""

    name: str
    says: str
    add: AddPenalties


def easy_day_lift(slot: Slot) -> int:
    """1 for a lift on a day without a hard run, else 0."""
    return 0 if slot.hard_day else 1


def short_gap_minute(slot: Slot) -> int:
    """Minutes the gap to each same-day run falls short of gap_hours, summed."""
    return slot.gap_short_minutes


def wrong_order(slot: Slot) -> int:
    """1 for a lift on the wrong side of a same-day run, else 0."""
    return 1 if slot.wrong_order else 0


def short_lift_minute(slot: Slot) -> int:
    """Minutes the lift falls short of the longest length allowed; for a light lift, minutes
    beyond the shortest (models/score_terms.py: LIFT_LENGTH_WISH)."""
    return slot.short_minutes


def below_target(model: cp_model.CpModel, v: Variables, timeline: Timeline) -> list[Penalty]:
    """Per week, the number of lifts short of the week's target."""
    penalties = []
    for week in timeline.weeks:
        weight, target = week.weights.below_target, week.target_lifts
        if weight == 0 or target == 0:
            continue
        short: cp_model.LinearExprT
        if v.patterns is not None:  # each pattern knows how short of the target it falls
            patterns = v.patterns[week.number]
            short = cp_model.LinearExpr.weighted_sum(
                [p.var for p in patterns], [max(0, target - len(p.days)) for p in patterns]
            )
        else:
            short = model.new_int_var(0, target, f"below_target(week {week.number})")
            model.add(short >= target - v.week_lifts(week.number))
        penalties.append(Penalty("below_target", f"week {week.number}", short, weight, week.number))
    return penalties


Term = TypeVar("Term")


@dataclass
class NumberedLifts(Generic[Term]):
    """``at[n][position]``: terms that sum to 1 when the week's (n+1)-th lift falls on day
    ``position`` of the week, else 0; ``missing[n]``: terms that sum to 1 when the week has
    no (n+1)-th lift. Terms, not their sums: `habit` adds them into each of its rows, and a
    sum made per term and position would cost a CP-SAT expression it flattens at once.
    With weekly patterns each term is a pattern's place among the week's (ascending)."""

    at: list[dict[int, list[Term]]]
    missing: list[list[Term]]


def number_patterns(shapes: Sequence[tuple[int, ...]]) -> NumberedLifts[int]:
    """A week's lifts numbered in time order, read off its patterns (no new variables):
    ``shapes`` are their days as positions in the week, each term a pattern's place among
    them."""
    most = max((len(days) for days in shapes), default=0)
    at: list[dict[int, list[int]]] = [{} for _ in range(most)]
    missing: list[list[int]] = [[] for _ in range(most)]
    for index, days in enumerate(shapes):
        for n, position in enumerate(days):
            row = at[n]
            if position in row:
                row[position].append(index)
            else:
                row[position] = [index]
        for n in range(len(days), most):
            missing[n].append(index)
    return NumberedLifts(at, missing)


# A `habit` row between two weeks' patterns: its variables but ``moved`` (counted from the
# earlier week's first boolean), and its coefficients, ``moved``'s last.
HabitRow = tuple[list[int], list[int]]
# The rows of each pair of weeks' patterns, per lift number (`habit_rows`): a batch's
# athletes share most pairs, and numbering both weeks and sorting each row cost more than
# shifting the rows to a season's booleans.
_HABIT_ROWS: dict[tuple[object, ...], list[list[HabitRow]]] = {}
_HABIT_ROWS_MOST = 4096


def habit_rows(
    before: tuple[tuple[int, ...], ...], now: tuple[tuple[int, ...], ...]
) -> list[list[HabitRow]]:
    """Per lift number n, `habit`'s rows between a week of patterns ``now`` and the week
    ``before`` (their days as positions in the week: Variables.shapes). A row's variables
    count from the first boolean of ``before``; those of ``now`` follow them (the weeks'
    booleans are made in a row). Lift n on this weekday now, last week's lift n on another
    or none: moved. As CP-SAT orders a row: last week's booleans, this week's, ``moved``."""
    key = (before, now)
    rows = _HABIT_ROWS.get(key)
    if rows is None:
        last, this, after = number_patterns(before), number_patterns(now), len(before)
        rows = []
        for n in range(min(len(this.at), len(last.at))):
            rows.append([])
            for position, here in this.at[n].items():  # never empty
                above = sorted([*last.at[n].get(position, ()), *last.missing[n]])
                variables = above + [after + index for index in here]
                rows[-1].append((variables, [1] * len(above) + [-1] * len(here) + [1]))
        if max(len(before), len(now)) <= REMEMBERED_PATTERNS:
            remember(_HABIT_ROWS, key, rows, _HABIT_ROWS_MOST)
    return rows


def number_lifts(
    model: cp_model.CpModel, v: Variables, week: Week
) -> NumberedLifts[cp_model.LinearExprT]:
    """Number a week's lifts in time order with one boolean per lift and day; tied to the day
    counts, the numbering is unique. (For days with several slots; see number_patterns.)

    Stated with exactly-one rows and a strict order when a day holds one lift, the LP
    relaxation of the habit term stays integral in practice (benchmarks/README.md).
    """
    days = v.days_by_week.get(week.number, [])
    most = min(week.max_lifts, sum(len(v.slots_by_day[day]) for day in days))
    at = [
        {
            day - week.first_day: new_bool(model, f"lift {n} of week {week.number} day {day}")
            for day in days
        }
        for n in range(1, most + 1)
    ]
    for day in days:
        model.add(sum(row[day - week.first_day] for row in at) == v.day_lifts(day))
    missing: list[list[cp_model.LinearExprT]] = []
    for n, row in enumerate(at, 1):
        if n <= week.min_lifts:  # the weekly minimum (a hard rule) demands this lift
            model.add_exactly_one(row.values())
            missing.append([])
        else:
            flag = new_bool(model, f"lift {n} of week {week.number} exists")
            model.add_exactly_one([~flag, *row.values()])  # the row sums to `flag`
            missing.append([1 - flag])
    one_per_day = all(len(v.slots_by_day[day]) == 1 for day in days)
    for earlier, later in itertools.pairwise(at):
        for cut in later:  # a cut between two positions of `later` adds nothing
            reach = cut - 1 if one_per_day else cut
            model.add(
                sum(var for pos, var in later.items() if pos <= cut)
                <= sum(var for pos, var in earlier.items() if pos <= reach)
            )
    rows: list[dict[int, list[cp_model.LinearExprT]]] = [
        {position: [var] for position, var in row.items()} for row in at
    ]
    return NumberedLifts(rows, missing)


def habit(model: cp_model.CpModel, v: Variables, timeline: Timeline) -> list[Penalty]:
    """Per week after the first and per lift number n, 1 when lift n is on another weekday
    than last week's lift n."""
    if all(week.weights.habit == 0 for week in timeline.weeks):
        return []
    if v.patterns is None:
        return _habit_of_slots(model, v, timeline)
    penalties = []  # ~100 rows a batch athlete
    patterns, rows = v.patterns, model.proto.constraints
    for week, previous in zip(timeline.weeks[1:], timeline.weeks, strict=False):
        if week.weights.habit == 0:
            continue
        before = patterns[previous.number]
        of_lifts = habit_rows(v.shapes[previous.number], v.shapes[week.number])
        first = before[0].var.index if of_lifts else 0
        assert not of_lifts or patterns[week.number][0].var.index == first + len(before)
        for n, of_lift in enumerate(of_lifts):
            moved = new_bool(model, f"habit(week {week.number}, lift {n + 1})")
            last = moved.index  # a C++ call: once a lift, not once a row
            for variables, coeffs in of_lift:
                indices = [first + index for index in variables]
                indices.append(last)
                add_row(rows, indices, coeffs, 0, INT64_MAX)
            penalties.append(_habit_penalty(week, n, moved))
    return penalties


def _habit_of_slots(model: cp_model.CpModel, v: Variables, timeline: Timeline) -> list[Penalty]:
    """`habit` with one boolean per slot: its lifts numbered by new booleans."""
    numbered = [number_lifts(model, v, week) for week in timeline.weeks]
    add, linear_sum = model.add, cp_model.LinearExpr.sum
    penalties = []
    for week, now, before in zip(timeline.weeks[1:], numbered[1:], numbered, strict=False):
        if week.weights.habit == 0:
            continue
        for n in range(min(len(now.at), len(before.at))):
            moved = new_bool(model, f"habit(week {week.number}, lift {n + 1})")
            before_at, missing = before.at[n], before.missing[n]
            # Lift n is on this weekday now, and last week's lift n was on another: moved.
            for position, here in now.at[n].items():
                seen = before_at.get(position, ())
                add(linear_sum([moved, *seen, *missing]) >= linear_sum(here))
            penalties.append(_habit_penalty(week, n, moved))
    return penalties


def _habit_penalty(week: Week, n: int, moved: cp_model.IntVar) -> Penalty:
    label = f"week {week.number} lift {n + 1}"
    return Penalty("habit", label, moved, week.weights.habit, week.number)


def block_rotation(model: cp_model.CpModel, v: Variables, timeline: Timeline) -> list[Penalty]:
    """1 for each phase change or week after a deload without a new block, and for a new
    block in a race week."""
    penalties = []
    for index in range(1, len(timeline.weeks)):
        week, previous, start = (
            timeline.weeks[index],
            timeline.weeks[index - 1],
            v.block_start[index],
        )
        weight = week.weights.block_rotation
        if weight == 0:
            continue
        if week.phase != previous.phase:
            penalties.append(
                Penalty(
                    "block_rotation",
                    f"phase change in week {week.number}",
                    1 - start,
                    weight,
                    week.number,
                )
            )
        if previous.deload:
            penalties.append(
                Penalty(
                    "block_rotation",
                    f"week {week.number} after a deload",
                    1 - start,
                    weight,
                    week.number,
                )
            )
        if week.number in timeline.race_weeks:
            penalties.append(
                Penalty(
                    "block_rotation",
                    f"new block in race week {week.number}",
                    start,
                    weight,
                    week.number,
                )
            )
    return penalties


# Each soft term once, in the order the plan's score lists them (SPEC section 4).
SOFT_TERMS: tuple[SlotTerm | ModelTerm, ...] = (
    SlotTerm("easy_day_lift", WORDS["easy_day_lift"], easy_day_lift),
    SlotTerm("short_gap_minute", WORDS["short_gap_minute"], short_gap_minute),
    SlotTerm("wrong_order", WORDS["wrong_order"], wrong_order),
    ModelTerm("below_target", WORDS["below_target"], below_target),
    ModelTerm("habit", WORDS["habit"], habit),
    SlotTerm("short_lift_minute", WORDS["short_lift_minute"], short_lift_minute),
    ModelTerm("block_rotation", WORDS["block_rotation"], block_rotation),
)

SLOT_TERMS = tuple(term for term in SOFT_TERMS if isinstance(term, SlotTerm))
MODEL_TERMS = tuple(term for term in SOFT_TERMS if isinstance(term, ModelTerm))

# Re-planning only: each previously planned lift moved or dropped. It steers the solver but
# is not a season objective, so it stays out of the plan's score.
STABILITY = "stability"


def slot_cost(slot: Slot, weights: Weights) -> int:
    return sum(term.penalty(slot, weights) for term in SLOT_TERMS)


def slot_costs(slots: list[Slot], timeline: Timeline) -> list[int]:
    """`slot_cost` of each slot under its week's weights, each week's weights read once (a
    batch athlete's model weighs ~80 slots)."""
    weighed: dict[int, list[tuple[int, Callable[[Slot], int]]]] = {}
    costs = []
    for slot in slots:
        week = timeline.days[slot.day].week
        terms = weighed.get(week)
        if terms is None:
            weights = timeline.weeks[week - 1].weights
            terms = weighed[week] = [
                (int(getattr(weights, term.name)), term.amount) for term in SLOT_TERMS
            ]
        costs.append(sum([weight * amount(slot) for weight, amount in terms]))
    return costs
