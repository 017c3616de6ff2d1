"""The defaults a solve is asked with, where every stage can read them.

They are part of the contract (SPEC section 6: `--time-limit`, `--workers`, `--seed`,
`replan --stability`); the solver, the facade and the command line's options all take them
from here, so the command line can show them without loading the solver.
"""

from __future__ import annotations

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
