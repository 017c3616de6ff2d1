"""Build the CP-SAT model of one season: slots -> variables -> hard rules -> soft terms."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from ortools.sat.python import cp_model, cp_model_helper

from liftplan.models.season import Rules
from liftplan.solver.candidates import Slot
from liftplan.solver.commitments import Commitments, with_history
from liftplan.solver.legal import (
    best_day_sets,
    best_slots,
    day_spans,
    legal_slots,
    set_slots,
    weighed_best_slots,
)
from liftplan.solver.objectives import MODEL_TERMS, SLOT_TERMS, STABILITY, Penalty, slot_costs
from liftplan.solver.race_weeks import closed_race_weeks, with_closed_race_weeks
from liftplan.solver.rules import MODEL_RULES, RuleContext
from liftplan.solver.variables import Variables
from liftplan.timeline import Timeline

# Equal-cost plans are told apart by a fixed pseudo-random preference per slot, small enough
# never to outweigh one unit of real cost: the optimum is then (almost surely) unique, so any
# worker count and any search order end on the same plan.
TIE_BREAK_RANGE = 1 << 10


@dataclass(frozen=True)
class ModelOptions:
    """How the season is formulated. The defaults are what ships; the others exist for the
    benchmarks and for the tests that hold two formulations against each other."""

    prune: bool = True  # keep only the slots that dominate their day's others
    blocks: bool = True  # False: no training-block chain (one block), as before blocks
    patterns: bool = True  # False: one boolean per slot instead of choosing weekly patterns


SHIPPED = ModelOptions()


@dataclass
class SeasonModel:
    model: cp_model.CpModel
    variables: Variables
    timeline: Timeline
    slots: list[Slot]
    penalties: list[Penalty] = field(default_factory=list)
    scale: int = 1

    @property
    def slot_costs(self) -> list[int]:
        return slot_costs(self.slots, self.timeline)


def tie_break(slot: Slot) -> int:
    """A deterministic, well-spread integer in [0, TIE_BREAK_RANGE) for a slot."""
    return tie_at(slot.start, slot.end)


def tie_at(start: int, end: int) -> int:
    """`tie_break` of the slot from ``start`` to ``end`` (minutes)."""
    return _spread(start * 0x9E3779B1 + (end - start) * 0x85EBCA77)


def _spread(key: int) -> int:
    key &= 0xFFFFFFFF
    key ^= key >> 15
    key = (key * 0x2C1B3C6D) & 0xFFFFFFFF
    key ^= key >> 12
    return key % TIE_BREAK_RANGE


class Candidates(NamedTuple):
    """The slots the model chooses from, sorted by (start, end), and, when days hold several
    of them and a day's lifts are always its best set, each day's best set of j lifts for
    j = 1, 2, ... as the slots' indices (Variables' weekly patterns choose among them)."""

    slots: list[Slot]
    day_sets: dict[int, list[tuple[int, ...]]] | None = None
    # each slot's cost (`slot_costs`), when choosing them weighed it already
    costs: list[int] | None = None


def candidates(
    timeline: Timeline,
    rules: Rules,
    *,
    prune: bool = True,
    commitments: Commitments | None = None,
) -> Candidates:
    """The slots the model chooses from: the legal ones, less what a re-plan's
    ``commitments`` close, pruned to those that dominate each day's others (its best slot
    with one lift a day, its best sets of 1..max_lifts_per_day lifts otherwise, kept as
    ``day_sets`` but in a re-plan, whose history and fixed lifts stand outside them)."""
    if prune and commitments is None and rules.max_lifts_per_day > 1:
        best = best_day_sets(timeline, rules, per_day=rules.max_lifts_per_day, tie=tie_at)
        slots = set_slots(timeline, best)
        index = {(slot.start, slot.end): i for i, slot in enumerate(slots)}
        day_sets = {
            day.day: [tuple([index[pair] for pair in chosen]) for chosen in day.sets]
            for day in best
        }
        return Candidates(slots, day_sets)
    if prune and commitments is None:  # one lift a day: each day's best slot, and its cost
        slots, costs = weighed_best_slots(timeline, rules)
        return Candidates(slots, costs=costs)
    days: Callable[[int], bool] | None = None
    keep: Callable[[int, int], bool] | None = None
    bonus: Callable[[int, int], int] | None = None
    if commitments is not None:  # history holds only what happened; fixed lifts stand alone
        plan = commitments
        closed = plan.fixed_days
        days = lambda day: day >= plan.open_from_day and day not in closed  # noqa: E731
        keep = None if not plan.full_buckets else lambda s, e: not plan.gym_full_at(s, e)
        bonus = plan.bonus_at
    if prune:
        slots = best_slots(
            timeline,
            rules,
            per_day=rules.max_lifts_per_day,
            days=days,
            keep=keep,
            bonus=bonus,
            tie=tie_at,
        )
    else:
        slots = [
            slot
            for slot in legal_slots(timeline, rules)
            if (days is None or days(slot.day)) and (keep is None or keep(slot.start, slot.end))
        ]
    if commitments is not None:
        slots = sorted([*slots, *commitments.fixed], key=lambda s: (s.start, s.end))
    return Candidates(slots)


class SeasonCpModel(cp_model.CpModel):
    """A CpModel without the camelCase aliases CP-SAT sets on every new model (a loop over
    its dir(), a fifth of a millisecond a batch athlete): liftplan calls snake_case only."""

    def _add_pre_pep8_methods(self) -> None:
        pass


def build_model(
    timeline: Timeline,
    rules: Rules,
    *,
    options: ModelOptions = SHIPPED,
    commitments: Commitments | None = None,
) -> SeasonModel:
    """The season's model; with ``commitments``, a re-plan from a date on."""
    if commitments is not None:
        timeline = with_history(timeline, commitments)
    open_days = {spans.day for spans in day_spans(timeline, rules)}
    timeline = with_closed_race_weeks(
        timeline, closed_race_weeks(RuleContext(timeline, rules), open_days)
    )
    slots, day_sets, costs = candidates(
        timeline, rules, prune=options.prune, commitments=commitments
    )
    model = SeasonCpModel()
    past = commitments.past_days if commitments is not None else frozenset()
    variables = Variables(
        model, slots, timeline, rules, options.patterns, past_days=past, day_sets=day_sets
    )
    for rule in MODEL_RULES:
        assert rule.add is not None
        if options.blocks or rule.name != "block_lengths":
            rule.add(model, variables, timeline, rules)
    if not options.blocks:
        model.add(sum(variables.block_start[1:]) == 0)
    season = SeasonModel(model, variables, timeline, slots)
    for term in MODEL_TERMS:
        if options.blocks or term.name != "block_rotation":
            season.penalties.extend(term.add(model, variables, timeline))
    if commitments is not None:
        season.penalties.extend(_commit(model, variables, timeline, commitments))

    most_lifts = min(len(slots), sum(week.max_lifts for week in timeline.weeks))
    season.scale = TIE_BREAK_RANGE * (most_lifts + len(timeline.weeks)) + 1
    # scale * cost + tie-break, as one weighted sum: each term's coefficient summed first.
    scale = season.scale
    if costs is None:
        costs = season.slot_costs
    slot_weights = [
        scale * cost + tie_at(slot.start, slot.end)  # tie_break(slot), a call less a slot
        for cost, slot in zip(costs, slots, strict=True)
    ]
    lifts, lift_weights = variables.weighted_lifts(slot_weights)
    minimize(
        model,
        cp_model.LinearExpr.weighted_sum(
            [*lifts, *(p.var for p in season.penalties), *variables.block_start[1:]],
            [
                *lift_weights,
                *(scale * p.weight for p in season.penalties),
                *(_spread(week) for week in range(1, len(timeline.weeks))),
            ],
        ),
    )
    return season


def minimize(model: cp_model.CpModel, objective: cp_model.LinearExpr) -> None:
    """``model.minimize(objective)`` for an integer objective, its proto written at once:
    CpModel.minimize asks is_integer of the whole expression, then appends its variables
    to the proto one Python call each (half a millisecond a batch athlete)."""
    flat = cp_model_helper.FlatIntExpr(objective)
    model.proto.clear_objective()
    model.proto.clear_floating_point_objective()
    proto = model.proto.objective
    proto.vars.extend([var.index for var in flat.vars])
    proto.coeffs.extend(flat.coeffs)
    proto.scaling_factor = 1.0
    proto.offset = flat.offset


def _commit(
    model: cp_model.CpModel, v: Variables, timeline: Timeline, commitments: Commitments
) -> list[Penalty]:
    """Fixed lifts happen, the blocks stay, and each planned lift moved or dropped costs."""
    index = {(slot.start, slot.end): i for i, slot in enumerate(v.slots)}
    for slot in commitments.fixed:
        model.add(v.lift[index[(slot.start, slot.end)]] == 1)
    if commitments.block_first_weeks is not None:
        for week, start in enumerate(v.block_start, 1):
            model.add(start == int(week in commitments.block_first_weeks))
    penalties = []
    for slot in commitments.keep:
        i = index.get((slot.start, slot.end))
        moved = 1 - v.lift[i] if i is not None else model.new_constant(1)
        week = timeline.days[slot.day].week
        penalties.append(
            Penalty(STABILITY, f"planned lift week {week}", moved, commitments.stability, week)
        )
    return penalties


def slot_term_totals(season: SeasonModel, chosen: list[int]) -> dict[str, int]:
    totals = {}
    for term in SLOT_TERMS:
        totals[term.name] = sum(
            term.penalty(season.slots[i], season.timeline.week_of(season.slots[i].day).weights)
            for i in chosen
        )
    return totals
