"""The shortcuts the model build takes through CP-SAT's Python API state the same model as
the plain calls: `variables.total` as Python's sum, `model.minimize` as CpModel.minimize,
`variables.add_row` as model.add and the habit's rows by index as sums of booleans (the proto
of each, as text, compared on generated expressions and seasons), `variables.new_bool` as
CpModel.new_bool_var, the objective's pattern coefficients as the weighted sum of each slot's
lift, the remembered weekly patterns as `week_patterns`, `slot_costs` as `slot_cost`, and
`Variables.chosen` as each slot's lift read after a solve."""

from __future__ import annotations

import gc
import weakref

from benchmarks.instances import generate_season
from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model, cp_model_helper

from liftplan.models import Season
from liftplan.solver.legal import legal_slots
from liftplan.solver.model import ModelOptions, build_model, candidates, minimize
from liftplan.solver.objectives import habit, slot_cost, slot_costs
from liftplan.solver.patterns import week_patterns
from liftplan.solver.solve import configure
from liftplan.solver.variables import (
    INT64_MAX,
    INT64_MIN,
    Variables,
    add_row,
    new_bool,
    total,
)
from liftplan.timeline import Timeline, build_timeline

# A term: a variable of five (by index), or an integer.
TERMS = st.lists(st.one_of(st.integers(0, 4), st.integers(-3, 3).map(str)), max_size=6)
CASES = settings(max_examples=60, deadline=None)


def model_with(terms: list[int | str]) -> tuple[cp_model.CpModel, list[cp_model.LinearExprT]]:
    """A model of five booleans, and ``terms`` as its variables (ints) and constants (str)."""
    model = cp_model.CpModel()
    booleans = [model.new_bool_var(f"b{i}") for i in range(5)]
    return model, [int(term) if isinstance(term, str) else booleans[term] for term in terms]


@CASES
@given(terms=TERMS, bound=st.integers(-2, 3))
def test_total_states_what_sum_states(terms: list[int | str], bound: int) -> None:
    summed, plain = model_with(terms)
    summed.add(sum(plain) <= bound)
    summed.add(sum(plain) == bound)
    totalled, ours = model_with(terms)
    totalled.add(total(ours) <= bound)
    totalled.add(total(ours) == bound)
    assert str(totalled.proto) == str(summed.proto)


@CASES
@given(names=st.lists(st.text(max_size=8), max_size=6), bound=st.integers(-2, 3))
def test_new_bool_makes_what_new_bool_var_makes(names: list[str], bound: int) -> None:
    """Each boolean 0..1 with its name, its own index, and usable in a constraint (the
    shared domain is copied, never shared by two variables)."""
    protos = []
    for make in (cp_model.CpModel.new_bool_var, new_bool):
        model = cp_model.CpModel()
        booleans = [make(model, name) for name in names]
        model.add(total(booleans) >= bound)
        model.new_int_var(-5, 9, "after")
        protos.append(str(model.proto))
    assert protos[0] == protos[1]


@CASES
@given(terms=TERMS, weights=st.lists(st.integers(-50, 10**9), min_size=7, max_size=7))
def test_minimize_writes_what_cp_model_writes(terms: list[int | str], weights: list[int]) -> None:
    """Terms merged by variable, zero coefficients dropped, constants to the offset, and an
    objective set before replaced."""
    protos = []
    for ours in (False, True):
        model, expressions = model_with(terms)
        model.minimize(model.new_bool_var("replaced"))
        objective = cp_model.LinearExpr.weighted_sum([*expressions, 1], weights[: len(terms) + 1])
        objective += sum(weight * term for weight, term in zip(weights, expressions, strict=False))
        if ours:
            minimize(model, objective)
        else:
            model.minimize(objective)
        protos.append(str(model.proto))
    assert protos[0] == protos[1]


@settings(max_examples=12, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    patterns=st.booleans(),
    weights=st.lists(st.integers(0, 10**6), min_size=1, max_size=50),
)
def test_weighted_lifts_state_the_weighted_sum_of_the_slots_lifts(
    seed: int, patterns: bool, weights: list[int]
) -> None:
    """`Variables.weighted_lifts` (each pattern's coefficient summed first) writes the
    objective that weighing each slot's lift, the sum of the patterns holding its day,
    writes; and each lift, made when first read, is that sum."""
    season = Season.model_validate(generate_season(3, seed))
    timeline = build_timeline(season)
    slots = candidates(timeline, season.rules).slots
    slot_weights = [weights[i % len(weights)] for i in range(len(slots))]
    protos = []
    for ours in (False, True):
        model = cp_model.CpModel()
        v = Variables(model, slots, timeline, season.rules, use_patterns=patterns)
        if ours:
            booleans, coefficients = v.weighted_lifts(slot_weights)
            minimize(model, cp_model.LinearExpr.weighted_sum(booleans, coefficients))
        else:
            lifts = [_plain_lift(v, slot.day) for slot in slots]
            minimize(model, cp_model.LinearExpr.weighted_sum(lifts, slot_weights))
            for lift, plain in zip(v.lift, lifts, strict=True):
                assert str(cp_model_helper.FlatIntExpr(lift)) == str(
                    cp_model_helper.FlatIntExpr(plain)
                )
        protos.append(str(model.proto))
    assert protos[0] == protos[1]


def _plain_lift(v: Variables, day: int) -> cp_model.LinearExprT:
    """A slot's lift as stated before lifts were made on demand."""
    if v.patterns is None:
        return v.lift[v.slots_by_day[day][0]]
    return sum(p.var for week in v.patterns.values() for p in week if day in p.days)


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000), rest_days=st.integers(0, 2))
def test_remembered_patterns_are_each_weeks_own(seed: int, rest_days: int) -> None:
    """The patterns `Variables` remembers by a week's shape, number and first day (made
    twice, the second time from memory) are `week_patterns` of that week's candidate days,
    each boolean named after its week and days."""
    data = generate_season(4, seed)
    data["rules"] = {"rest_days_between_lifts": rest_days}
    season = Season.model_validate(data)
    timeline = build_timeline(season)
    slots = candidates(timeline, season.rules).slots
    for _ in range(2):
        v = Variables(cp_model.CpModel(), slots, timeline, season.rules)
        assert v.patterns is not None
        for week in timeline.weeks:
            days = v.days_by_week.get(week.number, [])
            plain = week_patterns(days, week, season.rules)
            assert [p.days for p in v.patterns[week.number]] == plain
            names = [p.var.name for p in v.patterns[week.number]]
            assert names == [f"week {week.number} lifts on {chosen}" for chosen in plain]


@CASES
@given(
    terms=st.dictionaries(st.integers(0, 4), st.integers(-3, 3).filter(bool), max_size=5),
    low=st.integers(-4, 4),
    width=st.integers(0, 5),
)
def test_add_row_writes_what_add_writes(terms: dict[int, int], low: int, width: int) -> None:
    """A row at least, at most, equal to and between bounds, as `model.add` states it."""
    indices = sorted(terms)
    coeffs = [terms[i] for i in indices]
    bounds = [(low, INT64_MAX), (INT64_MIN, low), (low, low), (low, low + width)]
    protos = []
    for ours in (False, True):
        model, booleans = model_with(indices)
        expression = cp_model.LinearExpr.weighted_sum(booleans, coeffs)
        for least, most in bounds:
            if ours:
                add_row(model.proto.constraints, indices, coeffs, least, most)
            elif most == INT64_MAX:
                model.add(expression >= least)
            elif least == INT64_MIN:
                model.add(expression <= most)
            elif least == most:
                model.add(expression == least)
            else:
                model.add_linear_constraint(expression, least, most)
        protos.append(str(model.proto))
    assert protos[0] == protos[1]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_habit_rows_by_index_are_the_plain_sums(seed: int) -> None:
    """`habit` over weekly patterns (rows written by index) states the model that summing
    each row's pattern booleans states."""
    season = Season.model_validate(generate_season(4, seed))
    timeline = build_timeline(season)
    slots = candidates(timeline, season.rules).slots
    protos = []
    for ours in (False, True):
        model = cp_model.CpModel()
        v = Variables(model, slots, timeline, season.rules)
        assert v.patterns is not None
        if ours:
            habit(model, v, timeline)
        else:
            _plain_habit(model, v, timeline)
        protos.append(str(model.proto))
    assert protos[0] == protos[1]


def _plain_habit(model: cp_model.CpModel, v: Variables, timeline: Timeline) -> None:
    """The habit's rows over weekly patterns as first stated: sums of booleans."""
    assert v.patterns is not None
    weeks = timeline.weeks
    numbered = []
    for week in weeks:
        at: list[dict[int, list[cp_model.IntVar]]] = [{} for _ in range(week.max_lifts)]
        missing: list[list[cp_model.IntVar]] = [[] for _ in range(week.max_lifts)]
        most = max((len(p.days) for p in v.patterns[week.number]), default=0)
        for pattern in v.patterns[week.number]:
            for n, day in enumerate(pattern.days):
                at[n].setdefault(day - week.first_day, []).append(pattern.var)
            for n in range(len(pattern.days), most):
                missing[n].append(pattern.var)
        numbered.append((at[:most], missing[:most]))
    for week, (now, _), (before, gone) in zip(weeks[1:], numbered[1:], numbered, strict=False):
        if week.weights.habit == 0:
            continue
        for n in range(min(len(now), len(before))):
            moved = model.new_bool_var(f"habit(week {week.number}, lift {n + 1})")
            for position, here in now[n].items():
                above = [moved, *before[n].get(position, ()), *gone[n]]
                model.add(sum(above) >= sum(here))


@settings(max_examples=8, deadline=None)
@given(seed=st.integers(0, 10_000), patterns=st.booleans())
def test_chosen_reads_each_slots_lift(seed: int, patterns: bool) -> None:
    """`Variables.chosen` (one read a week with patterns) is the slots whose lift is 1."""
    season = Season.model_validate(generate_season(4, seed))
    built = build_model(
        build_timeline(season), season.rules, options=ModelOptions(patterns=patterns)
    )
    solver = cp_model.CpSolver()
    configure(solver, workers=1, seed=0, time_limit=10)
    if solver.solve(built.model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return
    v = built.variables
    assert v.chosen(solver) == [i for i, lift in enumerate(v.lift) if solver.value(lift)]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_slot_costs_weigh_each_slot_as_slot_cost(seed: int) -> None:
    """`slot_costs` (each week's weights read once) is `slot_cost` slot by slot, on every
    legal slot of a generated season."""
    season = Season.model_validate(generate_season(3, seed))
    timeline = build_timeline(season)
    slots = legal_slots(timeline, season.rules)
    plain = [slot_cost(slot, timeline.week_of(slot.day).weights) for slot in slots]
    assert slot_costs(slots, timeline) == plain


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_candidates_costs_are_slot_costs(seed: int) -> None:
    """With one lift a day, the costs `candidates` keeps from weighing each day are
    `slot_costs` of its slots, which the objective would otherwise weigh again."""
    season = Season.model_validate(generate_season(3, seed))
    timeline = build_timeline(season)
    chosen = candidates(timeline, season.rules)
    assert season.rules.max_lifts_per_day == 1 and chosen.costs is not None
    assert chosen.costs == slot_costs(chosen.slots, timeline)


def test_a_built_model_is_freed_without_the_collector() -> None:
    """No reference cycle holds a built model's variables: a batch worker frees each
    athlete's at once (a cycle kept them until the collector ran, at the next stage's
    cost)."""
    season = Season.model_validate(generate_season(3, 7))
    built = build_model(build_timeline(season), season.rules)
    variables = weakref.ref(built.variables)
    enabled = gc.isenabled()
    gc.disable()
    try:
        del built
        assert variables() is None
    finally:
        if enabled:
            gc.enable()
