"""The defaults a solve is asked with, where every stage can read them.

They are part of the contract (SPEC section 6: `--time-limit`, `--workers`, `--seed`,
`replan --stability`); the solver, the facade and the command line's options all take them
from here, so the command line can show them without loading the solver.
"""

from __future__ import annotations

import math

DEFAULT_TIME_LIMIT = 60.0  # CP-SAT deterministic seconds (wall clock: a safety net 4x + 10 s above)
DEFAULT_WORKERS = 1  # one worker: the same input gives the same plan, byte for byte
DEFAULT_SEED = 0
# A re-plan's cost for each planned lift moved or dropped: less than an easy-day lift (100),
# more than a habit (10), so a re-plan keeps the plan unless a rule or a real gain says not.
DEFAULT_STABILITY = 40
# replan: the lifts of the next 24 elapsed hours after `--from` stay as planned (the runner
# has already arranged their day around them).
DEFAULT_FREEZE_HOURS = 24.0
# A joint plan of a whole team: the time for its rounds of re-solving, in seconds.
DEFAULT_JOINT_TIME_LIMIT = 30.0
# Building the model (weighing every lift time) may take at most this share of --time-limit;
# the solver has what is left (solver/budget.py).
BUILD_SHARE = 0.5


class NoTimeToWeigh(Exception):
    """The season's lift times would take more than BUILD_SHARE of ``time_limit`` to weigh
    (``seconds``, estimated by arithmetic before building): no plan is sought (exit 4)."""

    def __init__(self, lift_times: int, seconds: float, time_limit: float, grid: int) -> None:
        self.lift_times = lift_times
        self.seconds = seconds
        self.time_limit = time_limit
        self.grid = grid
        super().__init__(self.line())

    def needed_limit(self) -> float:
        """The smallest --time-limit that leaves room to weigh them, rounded up to a value a
        person types: 0.1, 0.2 or 0.5 s, 1, 2 or 5 s, then multiples of 5 s (a small season
        refused at --time-limit 0.02 needs 0.1, not 5)."""
        needed = self.seconds / BUILD_SHARE
        for limit in (0.1, 0.2, 0.5, 1, 2):
            if needed <= limit:
                return limit
        return 5 * math.ceil(needed / 5)

    def line(self) -> str:
        coarser = "use a 5-minute grid" if self.grid < 5 else "use shorter windows"
        took = f"{self.seconds:.1g}" if self.seconds < 1 else f"{math.ceil(self.seconds)}"
        return (
            f"no plan within --time-limit {self.time_limit:g}: its {self.lift_times:,} lift "
            f"times take about {took} s to weigh, more than half of it; raise --time-limit "
            f"to {self.needed_limit():g} or {coarser}"
        )
