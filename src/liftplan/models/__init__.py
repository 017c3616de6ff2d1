"""What users write (the season file) and what they get back (the plan). Imports nothing of ours."""

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
