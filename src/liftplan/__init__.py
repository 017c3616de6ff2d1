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
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers see; at run time _Package answers these names
    from liftplan.api import check, compare, explain, load_season, replan, solve
    from liftplan.models import Plan, Season, Session, Status

__all__ = [
    "Plan",
    "Season",
    "Session",
    "Status",
    "check",
    "compare",
    "explain",
    "load_season",
    "replan",
    "solve",
]
__version__ = "0.1.0"

# The facade's functions, imported only when asked for: the solver pulls in OR-Tools (~0.5 s);
# so are the models (pydantic, ~0.1 s), which `liftplan --version` does not need.
_FACADE = frozenset({"check", "compare", "explain", "load_season", "replan", "solve"})
_MODELS = frozenset({"Plan", "Season", "Session", "Status"})


class _Package(types.ModuleType):
    """The package, whose public names always mean the facade's functions.

    ``check``, ``replan`` and ``compare`` are also modules at the package root; importing
    one binds the module to the package's attribute of that name, which would hide the
    function (``liftplan.check(season, plan)`` failing with "module is not callable"). So
    ``liftplan.check`` is always the function; reach the module with ``from liftplan.check
    import check_plan`` (``import liftplan.check as m`` reads the attribute: the function)."""

    def __getattribute__(self, name: str) -> Any:
        if name in _FACADE:
            return getattr(importlib.import_module("liftplan.api"), name)
        if name in _MODELS:
            return getattr(importlib.import_module("liftplan.models"), name)
        return super().__getattribute__(name)


sys.modules[__name__].__class__ = _Package
