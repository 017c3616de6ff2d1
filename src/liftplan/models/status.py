"""How a solve ended: the status a plan, an explanation and the solver's result share."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    OPTIMAL = "OPTIMAL"
    FEASIBLE = "FEASIBLE"
    INFEASIBLE = "INFEASIBLE"
    UNKNOWN = "UNKNOWN"
    # Joint mode only: plannable alone, but the search found no room for this athlete in the
    # weight room the others' plans leave (not a proof that none exists; batch exit 4).
    NO_ROOM = "NO_ROOM"

    @property
    def solved(self) -> bool:
        return self in (Status.OPTIMAL, Status.FEASIBLE)
