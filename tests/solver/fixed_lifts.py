"""Tiny season models with lifts placed by hand: the CP-SAT Primer's way to test one rule.

A test names lifts by their local start ("2026-03-03 18:00"); `solve_fixed` builds the
season's model, fixes those lifts (and block starts), and solves. A lift no candidate slot
starts at cannot be fixed, so the model is then infeasible: that is how a rule that removes
slots before the model (a filter) shows at model level.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from ortools.sat.python import cp_model

import liftplan
from liftplan.models import Season
from liftplan.solver.model import ModelOptions, SeasonModel, build_model, slot_term_totals
from liftplan.solver.objectives import SOFT_TERMS, SlotTerm
from liftplan.solver.solve import configure
from liftplan.timeline import build_timeline

# Every slot stays (a legal slot the pruning drops could not be fixed), and both ways of
# stating the weeks are tried: weekly patterns (used when each day has one slot) and one
# boolean per slot.
FORMULATIONS = {
    "patterns": ModelOptions(prune=False),
    "per-slot": ModelOptions(prune=False, patterns=False),
}


@dataclass(frozen=True)
class Lifts:
    """Lifts start at these local times (see starts_at); with ``only``, no lift elsewhere."""

    at: tuple[str, ...]
    only: bool = False


@dataclass(frozen=True)
class Blocks:
    """Training blocks start in exactly these weeks (1-based; week 1 always does)."""

    first_weeks: tuple[int, ...]


Fix = Lifts | Blocks


def lifts(*at: str) -> Lifts:
    return Lifts(at)


def only(*at: str) -> Lifts:
    """The week's whole plan: lifts at ``at`` and nowhere else."""
    return Lifts(at, only=True)


def blocks(*first_weeks: int) -> Blocks:
    return Blocks(first_weeks)


def local_start(built: SeasonModel, slot_index: int) -> str:
    return f"{built.timeline.to_local(built.slots[slot_index].start):%Y-%m-%d %H:%M}"


def starts_at(built: SeasonModel, slot_index: int, when: str) -> bool:
    """Whether the slot starts at local ``when``: "2026-03-03 18:00", or with its length in
    minutes, "2026-03-03 18:00+45"."""
    start = local_start(built, slot_index)
    return when in (start, f"{start}+{built.slots[slot_index].minutes}")


def fix(built: SeasonModel, fixes: list[Fix]) -> None:
    model, v = built.model, built.variables
    for item in fixes:
        if isinstance(item, Blocks):
            for week, start in enumerate(v.block_start, 1):
                model.add(start == int(week in item.first_weeks))
            continue
        slots = range(len(built.slots))
        for when in item.at:
            at = [v.lift[i] for i in slots if starts_at(built, i, when)]
            model.add(cp_model.LinearExpr.sum(at) == 1)  # 0 == 1 when no slot starts then
        if item.only:
            elsewhere = [
                v.lift[i] for i in slots if not any(starts_at(built, i, w) for w in item.at)
            ]
            model.add(cp_model.LinearExpr.sum(elsewhere) == 0)


@dataclass
class Solved:
    status: int  # cp_model.OPTIMAL, cp_model.INFEASIBLE, ...
    built: SeasonModel
    solver: cp_model.CpSolver

    def term_total(self, name: str) -> int:
        """Soft term ``name``'s weighted total in the solution found."""
        term = next(term for term in SOFT_TERMS if term.name == name)
        if isinstance(term, SlotTerm):
            return slot_term_totals(self.built, self.built.variables.chosen(self.solver))[name]
        return sum(
            penalty.weight * int(self.solver.value(penalty.var))
            for penalty in self.built.penalties
            if penalty.term == name
        )

    @property
    def lifts(self) -> list[str]:
        return [local_start(self.built, i) for i in self.built.variables.chosen(self.solver)]


def solve_fixed(season: Season, fixes: list[Fix], options: ModelOptions) -> Solved:
    """``season``'s model with ``fixes`` in force, solved by the shipped solver settings."""
    built = build_model(build_timeline(season), season.rules, options=options)
    fix(built, fixes)
    solver = cp_model.CpSolver()
    configure(solver, workers=1, seed=0, time_limit=10)
    return Solved(solver.solve(built.model), built, solver)


def under_python_oo(code: str) -> list[str]:
    """The lines ``code`` prints in a fresh ``python -OO`` (docstrings stripped), importing
    the liftplan under test."""
    source = str(Path(liftplan.__file__).parents[1])
    path = os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))
    done = subprocess.run(
        [sys.executable, "-OO", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": path},
    )
    return done.stdout.splitlines()
