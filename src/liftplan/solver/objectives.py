"""The soft objectives (SPEC section 4): named penalties traded off by weights.

Terms that depend on one slot only are a cost per slot (`SLOT_TERMS`); terms that look at a
whole week or at two weeks add variables to the model (`MODEL_TERMS`). A term whose weight
is 0 adds nothing. Every penalty is a weighted integer, so the plan's score is exact.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from liftplan.models.season import Rules, Weights
from liftplan.solver.candidates import Slot
from liftplan.solver.variables import Variables
from liftplan.timeline import Timeline, Week


@dataclass(frozen=True)
class SlotTerm:
    name: str
    says: str
    amount: Callable[[Slot], int]  # the size of the violation, before weighting

    def penalty(self, slot: Slot, weights: Weights) -> int:
        return int(getattr(weights, self.name)) * self.amount(slot)


def easy_day_lift(slot: Slot) -> int:
    """Keep hard days hard and easy days easy: lift on the days with a hard run."""
    return 0 if slot.hard_day else 1


def short_gap_minute(slot: Slot) -> int:
    """Leave about gap_hours between a run and a lift on the same day."""
    return slot.gap_short_minutes


def wrong_order(slot: Slot) -> int:
    """Run first, then lift (lift first in a base phase)."""
    return 1 if slot.wrong_order else 0


def short_lift_minute(slot: Slot) -> int:
    """When the length may vary, a full-length lift is better than a short one."""
    return slot.short_minutes


SLOT_TERMS: tuple[SlotTerm, ...] = tuple(
    SlotTerm(term.__name__, term.__doc__ or "", term)
    for term in (easy_day_lift, short_gap_minute, wrong_order, short_lift_minute)
)


@dataclass(frozen=True)
class Penalty:
    """A model variable whose value, times ``weight``, is part of term ``term``."""

    term: str
    label: str
    var: cp_model.LinearExprT
    weight: int
    week: int


ModelTerm = Callable[[cp_model.CpModel, Variables, Timeline, Rules], list[Penalty]]


def below_target(
    model: cp_model.CpModel, v: Variables, timeline: Timeline, rules: Rules
) -> list[Penalty]:
    """Lift the target number of times each week (three is ideal, two still works)."""
    penalties = []
    for week in timeline.weeks:
        weight = week.weights.below_target
        if weight == 0 or week.target_lifts == 0:
            continue
        short = model.new_int_var(0, week.target_lifts, f"below_target(week {week.number})")
        model.add(short >= week.target_lifts - v.week_lifts(week.number))
        penalties.append(Penalty("below_target", f"week {week.number}", short, weight, week.number))
    return penalties


@dataclass
class NumberedLifts:
    """``at[n][position]``: the week's (n+1)-th lift falls on day ``position`` of the week;
    ``exists[n]``: the week has an (n+1)-th lift, None when the weekly minimum demands it."""

    at: list[dict[int, cp_model.IntVar]]
    exists: list[cp_model.IntVar | None]


def number_lifts(model: cp_model.CpModel, v: Variables, week: Week, rules: Rules) -> NumberedLifts:
    """Number a week's lifts in time order; tied to the day counts, the numbering is unique.

    Stated with exactly-one rows and a strict order when a day holds one lift, the LP
    relaxation of the habit term stays integral in practice (benchmarks/README.md).
    """
    days = v.days_by_week.get(week.number, [])
    most = min(week.max_lifts, sum(len(v.slots_by_day[day]) for day in days))
    spacing = _lift_spacing(v, days, rules)
    at = [
        {
            day - week.first_day: model.new_bool_var(f"lift {n} of week {week.number} day {day}")
            for day in days
            if first <= day <= last
        }
        for n, (first, last) in enumerate(lift_reach(days, most, week.min_lifts, spacing), 1)
    ]
    for day in days:
        model.add(sum(row.get(day - week.first_day, 0) for row in at) == v.day_lifts(day))
    exists: list[cp_model.IntVar | None] = []
    for n, row in enumerate(at, 1):
        if n <= week.min_lifts:
            model.add_exactly_one(row.values())
            exists.append(None)
        else:
            flag = model.new_bool_var(f"lift {n} of week {week.number} exists")
            model.add_exactly_one([~flag, *row.values()])  # the row sums to `flag`
            exists.append(flag)
    for earlier, later in itertools.pairwise(at):
        for cut in later:  # a cut between two positions of `later` adds nothing
            model.add(
                sum(var for pos, var in later.items() if pos <= cut)
                <= sum(var for pos, var in earlier.items() if pos <= cut - spacing)
            )
    return NumberedLifts(at, exists)


def _lift_spacing(v: Variables, days: list[int], rules: Rules) -> int:
    """Fewest days from one lift of the week to the next: the rest days' span when a day
    holds one lift, else 0 (two lifts may share a day)."""
    one_per_day = all(len(v.slots_by_day[day]) == 1 for day in days)
    return rules.rest_days_between_lifts + 1 if one_per_day else 0


def lift_reach(days: list[int], most: int, least: int, spacing: int) -> list[tuple[int, int]]:
    """(first, last) day the week's n-th lift can fall on, for n = 1..most.

    The hard rules decide it: n - 1 lifts ``spacing`` apart come before it and, while the
    weekly minimum ``least`` is not reached, the rest come after it. Leaving the other days
    out is presolve done by hand, since CP-SAT's presolve is off (solver/solve.py).
    """
    if not days or most == 0:
        return []
    first = [days[0]]
    for _ in range(1, most):
        first.append(next((d for d in days if d >= first[-1] + spacing), days[-1] + 1))
    last = [days[-1]] * most
    for n in range(min(least, most) - 1, 0, -1):  # 1-based lift n + 1 -> lift n
        last[n - 1] = max((d for d in days if d <= last[n] - spacing), default=days[0] - 1)
    return list(zip(first, last, strict=True))


def habit(model: cp_model.CpModel, v: Variables, timeline: Timeline, rules: Rules) -> list[Penalty]:
    """Keep the same lifting days from week to week: lift n on the weekday of last week's lift n."""
    if all(week.weights.habit == 0 for week in timeline.weeks):
        return []
    numbered = [number_lifts(model, v, week, rules) for week in timeline.weeks]
    penalties = []
    for week, now, before in zip(timeline.weeks[1:], numbered[1:], numbered, strict=False):
        if week.weights.habit == 0:
            continue
        for n in range(min(len(now.at), len(before.at))):
            moved = model.new_bool_var(f"habit(week {week.number}, lift {n + 1})")
            # Lift n is here this week, last week's lift n exists but not here: moved. As
            # clauses, fast to propagate and still in the LP (linearization_level=2).
            row, previous = now.at[n], before.at[n]
            for position, here in row.items():
                there = previous.get(position)
                model.add_bool_or([moved, ~here, *_negated(before.exists[n]), *_maybe(there)])
            penalties.append(
                Penalty(
                    "habit",
                    f"week {week.number} lift {n + 1}",
                    moved,
                    week.weights.habit,
                    week.number,
                )
            )
    return penalties


def _maybe(literal: cp_model.IntVar | None) -> list[cp_model.LiteralT]:
    return [] if literal is None else [literal]


def _negated(literal: cp_model.IntVar | None) -> list[cp_model.LiteralT]:
    """Not ``literal``; nothing when it is None (always true)."""
    return [] if literal is None else [~literal]


def block_rotation(
    model: cp_model.CpModel, v: Variables, timeline: Timeline, rules: Rules
) -> list[Penalty]:
    """Start a new block with a new phase and after a deload week; keep the race week's routine."""
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


def term_says(name: str) -> str:
    """A term's wish in a coach's words (its function's docstring)."""
    for term in SLOT_TERMS:
        if term.name == name:
            return term.says
    return next((fn.__doc__ or "" for term, fn in MODEL_TERMS if term == name), "")


MODEL_TERMS: tuple[tuple[str, ModelTerm], ...] = (
    ("below_target", below_target),
    ("habit", habit),
    ("block_rotation", block_rotation),
)

# Re-planning only: each previously planned lift moved or dropped. It steers the solver but
# is not a season objective, so it stays out of the plan's score.
STABILITY = "stability"

TERM_NAMES: tuple[str, ...] = (
    "easy_day_lift",
    "short_gap_minute",
    "wrong_order",
    "below_target",
    "habit",
    "short_lift_minute",
    "block_rotation",
)


def slot_cost(slot: Slot, weights: Weights) -> int:
    return sum(term.penalty(slot, weights) for term in SLOT_TERMS)
