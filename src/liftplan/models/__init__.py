"""What users write (the season file) and what they get back (the plan). Imports nothing of ours.

The names below are imported from their modules when first asked for: building the pydantic
classes costs about 0.1 s, which `liftplan --version` or ``--help`` (which need only
`models.settings` or `models.wording`) should not pay (start-up, issue 18).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers see; at run time __getattr__ imports these
    from liftplan.models.clock import Window
    from liftplan.models.plan import (
        CSV_COLUMNS,
        ClosedWeek,
        LiftKind,
        Plan,
        Session,
        SolverSettings,
    )
    from liftplan.models.season import (
        WEEKDAYS,
        Availability,
        Lifting,
        Phase,
        PhaseName,
        Rules,
        Run,
        RunKind,
        RunningPlan,
        Season,
        SeasonSpan,
        Weights,
    )
    from liftplan.models.status import Status

_HOMES = {
    "Window": "clock",
    **dict.fromkeys(
        ["CSV_COLUMNS", "ClosedWeek", "LiftKind", "Plan", "Session", "SolverSettings"], "plan"
    ),
    **dict.fromkeys(
        [
            "WEEKDAYS",
            "Availability",
            "Lifting",
            "Phase",
            "PhaseName",
            "Rules",
            "Run",
            "RunKind",
            "RunningPlan",
            "Season",
            "SeasonSpan",
            "Weights",
        ],
        "season",
    ),
    "Status": "status",
}

__all__ = [
    "CSV_COLUMNS",
    "WEEKDAYS",
    "Availability",
    "ClosedWeek",
    "LiftKind",
    "Lifting",
    "Phase",
    "PhaseName",
    "Plan",
    "Rules",
    "Run",
    "RunKind",
    "RunningPlan",
    "Season",
    "SeasonSpan",
    "Session",
    "SolverSettings",
    "Status",
    "Weights",
    "Window",
]


def __getattr__(name: str) -> Any:
    """``liftplan.models.Season`` and the like, imported from their module when first used."""
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{_HOMES[name]}"), name)
    globals()[name] = value  # later lookups are plain attribute reads
    return value
