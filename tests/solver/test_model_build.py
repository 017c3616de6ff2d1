"""The shortcuts the model build takes through CP-SAT's Python API state the same model as
the plain calls: `variables.total` as Python's sum, `model.minimize` as CpModel.minimize
(the proto of each, as text, compared on generated expressions)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from liftplan.solver.model import minimize
from liftplan.solver.variables import total

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
