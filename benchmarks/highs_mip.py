"""The same season model as a MIP, solved by HiGHS: a baseline from another exact solver.

The CP-SAT model liftplan builds (linear constraints and at-most-one sets over booleans, the
same objective with its tie-break) is copied constraint by constraint into HiGHS, so both
solvers prove the optimum of one and the same problem.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import highspy
from ortools.sat.python import cp_model

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


@dataclass
class MipResult:
    seconds: float
    proven: bool
    objective: float | None


def _literal(index: int) -> tuple[int, float, float]:
    """(column, coefficient, constant) of a CP-SAT literal: ~x is 1 - x."""
    return (index, 1.0, 0.0) if index >= 0 else (-index - 1, -1.0, 1.0)


def _add_sum(highs: highspy.Highs, literals: object, low: float, high: float) -> None:
    """low <= sum of literals <= high, with negated literals as 1 - x."""
    parts = [_literal(index) for index in literals]  # type: ignore[attr-defined]
    constant = sum(part[2] for part in parts)
    highs.addRow(
        low - constant,
        high - constant,
        len(parts),
        [part[0] for part in parts],
        [part[1] for part in parts],
    )


def to_highs(model: cp_model.CpModel) -> highspy.Highs:
    proto = model.proto
    highs = highspy.Highs()
    highs.setOptionValue("output_flag", False)
    inf = highspy.kHighsInf
    for variable in proto.variables:
        domain = list(variable.domain)  # the proto wrapper takes no negative index
        low, high = domain[0], domain[-1]
        highs.addVar(float(low), float(high))
    columns = len(proto.variables)
    highs.changeColsIntegrality(
        columns, list(range(columns)), [highspy.HighsVarType.kInteger] * columns
    )
    for constraint in proto.constraints:
        if constraint.enforcement_literal:
            raise ValueError("the MIP baseline takes unconditional constraints only")
        if constraint.has_linear():
            linear = constraint.linear
            domain = list(linear.domain)
            if len(domain) != 2:
                raise ValueError("the MIP baseline takes linear constraints with one interval")
            low, high = domain
            highs.addRow(
                -inf if low == INT64_MIN else float(low),
                inf if high == INT64_MAX else float(high),
                len(linear.vars),
                list(linear.vars),
                [float(c) for c in linear.coeffs],
            )
        elif constraint.has_at_most_one():
            _add_sum(highs, constraint.at_most_one.literals, -inf, 1.0)
        elif constraint.has_exactly_one():
            _add_sum(highs, constraint.exactly_one.literals, 1.0, 1.0)
        elif constraint.has_bool_or():
            _add_sum(highs, constraint.bool_or.literals, 1.0, inf)
        elif constraint.has_bool_and():
            for literal in constraint.bool_and.literals:
                _add_sum(highs, [literal], 1.0, 1.0)
        else:
            raise ValueError(f"the MIP baseline has no translation for {constraint}")
    objective = proto.objective
    for variable, coefficient in zip(objective.vars, objective.coeffs, strict=True):
        highs.changeColCost(variable, float(coefficient))
    highs.changeObjectiveOffset(float(objective.offset))
    return highs


def solve_with_highs(model: cp_model.CpModel, time_limit: float) -> MipResult:
    highs = to_highs(model)
    highs.setOptionValue("time_limit", time_limit)
    highs.setOptionValue("mip_rel_gap", 0.0)
    highs.setOptionValue("mip_abs_gap", 0.5)  # integer objective: within 0.5 is proven
    started = time.perf_counter()
    highs.run()
    seconds = time.perf_counter() - started
    proven = highs.getModelStatus() == highspy.HighsModelStatus.kOptimal
    value = highs.getInfo().objective_function_value if proven else None
    return MipResult(seconds, proven, value)
