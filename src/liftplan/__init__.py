"""liftplan: plan strength training around a runner's running, over a whole season.

>>> import liftplan
>>> season = liftplan.load_season("examples/sample-week.yaml")
>>> plan = liftplan.solve(season)
>>> liftplan.check(season, plan).ok
True
"""

from __future__ import annotations

from typing import Any

from liftplan.models import Plan, Season, Session, Status

__all__ = [
    "Plan",
    "Season",
    "Session",
    "Status",
    "check",
    "explain",
    "load_season",
    "replan",
    "solve",
]
__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    # The solver pulls in OR-Tools (~0.5 s); import it only when asked for.
    if name in {"check", "explain", "load_season", "replan", "solve"}:
        from liftplan import api

        return getattr(api, name)
    raise AttributeError(f"module 'liftplan' has no attribute {name!r}")
