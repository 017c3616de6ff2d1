"""liftplan: plan strength training around a runner's running, over a whole season.

>>> import liftplan
>>> season = liftplan.load_season("examples/sample-week.yaml")
>>> plan = liftplan.solve(season)
>>> liftplan.check(season, plan).ok
True
"""

from __future__ import annotations

import importlib
import sys
import types
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

# The facade's functions, imported only when asked for: the solver pulls in OR-Tools (~0.5 s).
_FACADE = frozenset({"check", "explain", "load_season", "replan", "solve"})


class _Package(types.ModuleType):
    """The package, whose public names always mean the facade's functions.

    ``check``, ``replan`` (and ``compare``) are also modules at the package root; importing
    one binds the module to the package's attribute of that name, which would hide the
    function (``liftplan.check(season, plan)`` failing with "module is not callable")."""

    def __getattribute__(self, name: str) -> Any:
        if name in _FACADE:
            return getattr(importlib.import_module("liftplan.api"), name)
        return super().__getattribute__(name)


sys.modules[__name__].__class__ = _Package
