"""Solve a season: build the model, run CP-SAT with parameters that prove optimality fast."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from liftplan.models.season import Rules
from liftplan.models.settings import DEFAULT_SEED, DEFAULT_TIME_LIMIT, DEFAULT_WORKERS
from liftplan.models.status import Status
from liftplan.solver.budget import solver_time_limit
from liftplan.solver.commitments import Commitments
from liftplan.solver.model import SeasonModel, build_model, slot_term_totals
from liftplan.solver.objectives import SOFT_TERMS, STABILITY
from liftplan.solver.stoppable import new_solver, solve
from liftplan.timeline import Timeline

# The wall-clock safety net above the deterministic limit: only a machine many times slower
# than a quiet one (or swapping) reaches it, and only there may the outcome differ.
WALL_FACTOR = 4.0
WALL_SLACK = 10.0

_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
}


@dataclass
class Solution:
    status: Status
    model: SeasonModel
    chosen: list[int] = field(default_factory=list)
    block_first_weeks: list[int] = field(default_factory=list)
    penalty_values: list[int] = field(default_factory=list)  # aligned with model.penalties
    moved: int = 0  # planned lifts moved or dropped by a re-plan
    objective: int | None = None
    bound: int | None = None
    score: dict[str, int] = field(default_factory=dict)
    wall_time: float = 0.0

    @property
    def closed_weeks(self) -> dict[int, str]:
        """Race weeks with every day closed (no lift planned there), and why."""
        return {w.number: w.closed for w in self.model.timeline.weeks if w.closed is not None}


def limit_time(solver: cp_model.CpSolver, time_limit: float) -> None:
    """``time_limit`` seconds as CP-SAT's deterministic time (work counted, about a second
    of one worker on a quiet machine), so the same input stops at the same point of the
    search on any machine under any load, and gives the same status and plan. The wall
    clock stays as a safety net far above (WALL_FACTOR times, plus WALL_SLACK seconds)."""
    solver.parameters.max_deterministic_time = time_limit
    solver.parameters.max_time_in_seconds = time_limit * WALL_FACTOR + WALL_SLACK


def configure(solver: cp_model.CpSolver, workers: int, seed: int, time_limit: float) -> None:
    """CP-SAT settings that close the gap instead of stalling on it (benchmarks/README.md).

    The weeks form a chain whose LP relaxation is nearly integral; CP-SAT's default LP at
    low worker counts leaves the Boolean constraints out of it, and the bound stalls. With
    the full linearisation the bound meets the optimum almost at once.
    """
    params = solver.parameters
    params.num_workers = workers
    params.random_seed = seed
    limit_time(solver, time_limit)
    params.linearization_level = 2
    # The model is small and already tight (one slot per day, weekly patterns): its
    # root LP usually proves the optimum, so presolve, lazy LP rows and symmetry detection
    # cost more than they save (benchmarks/README.md: 52 weeks, 0.05 s -> 0.011 s median).
    params.cp_model_presolve = False
    params.add_lp_constraints_lazily = False
    params.symmetry_level = 0
    # Probing fixes what the model leaves open; weekly patterns hold only what the week's
    # rules allow, so probing finds next to nothing and costs a quarter of the solve
    # (52 weeks: 0.0052 s -> 0.0039 s median).
    params.cp_model_probing_level = 0
    if workers > 1:
        # The default_lp subsolver would silently drop linearization_level=2.
        params.subsolvers.extend(["max_lp", "core", "quick_restart"][:workers])


def fallback(solver: cp_model.CpSolver, workers: int, seed: int, time_limit: float) -> None:
    """Stock CP-SAT settings, for a first plan when the tuned ones found none."""
    params = solver.parameters
    params.num_workers = workers
    params.random_seed = seed
    limit_time(solver, time_limit)


def solve_timeline(
    timeline: Timeline,
    rules: Rules,
    *,
    workers: int = DEFAULT_WORKERS,
    seed: int = DEFAULT_SEED,
    time_limit: float = DEFAULT_TIME_LIMIT,
    commitments: Commitments | None = None,
) -> Solution:
    """The season's best plan within ``time_limit`` (deterministic) seconds, the model's
    building included (charged by its estimate: solver/budget.py); a first plan found by
    CP-SAT's stock search when the tuned one finds none in that time. Raises NoTimeToWeigh,
    before building anything, when building alone would take more than its share."""
    time_limit = solver_time_limit(timeline, rules, time_limit)
    season = build_model(timeline, rules, commitments=commitments)
    solver = new_solver()
    configure(solver, workers, seed, time_limit)
    code = solve(solver, season.model)
    wall = solver.wall_time
    if code == cp_model.UNKNOWN:
        # The tuned settings prove fast but may search long for a first plan on a large
        # model; stock CP-SAT (presolve, its own LP and heuristics) often finds one at once.
        solver = new_solver()
        fallback(solver, workers, seed, time_limit)
        code = solve(solver, season.model)
        wall += solver.wall_time
    status = _STATUS.get(code, Status.UNKNOWN)
    solution = Solution(status=status, model=season, wall_time=wall)
    if not status.solved:
        return solution
    chosen = season.variables.chosen(solver)
    score = {term.name: 0 for term in SOFT_TERMS}
    score.update(slot_term_totals(season, chosen))
    solution.penalty_values = [int(solver.value(p.var)) for p in season.penalties]
    for penalty, value in zip(season.penalties, solution.penalty_values, strict=True):
        if penalty.term == STABILITY:
            solution.moved += value
        else:
            score[penalty.term] += penalty.weight * value
    solution.chosen = chosen
    solution.block_first_weeks = season.variables.block_first_weeks(solver)
    solution.score = score
    solution.objective = sum(score.values())
    # objective = scale * cost + tie-break, with the tie-break always below scale.
    if status is Status.OPTIMAL:
        solution.bound = solution.objective
    elif commitments is None:
        solution.bound = int(solver.best_objective_bound) // season.scale
    # (a re-plan's bound also counts moved lifts, so it bounds no season objective)
    return solution
