"""What `liftplan explain` reports: why each lift is where it is, or why no plan exists."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from liftplan.models.plan import ClosedWeek, Status


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Conflict(_Model):
    rule: str = Field(description="The hard rule (SPEC section 3) taking part in the clash.")
    dates: list[dt.date] = Field(description="The dates (or the weeks' first days) it covers.")
    message: str = Field(description="The clash in words.")
    says: str = Field("", description="The rule itself, in a coach's words.")


class Repair(_Model):
    set: list[str] = Field(description="`--set path=value` overrides that make a plan possible.")
    description: str = Field(description="The change in words.")
    size: int = Field(
        description="How much it changes; smaller is gentler. Repairs are sorted by it."
    )
    kind: Literal["coach", "relaxation"] = Field(
        "coach",
        description="`coach`: what a coach would change first (this week's dose, the "
        "runner's windows); `relaxation`: a rule relaxed for the whole season. Coach first.",
    )
    lifts: int | None = Field(None, description="Lifts in the test-solved repaired plan.")
    objective: int | None = Field(None, description="Objective of the test-solved plan.")


class Match(_Model):
    date: dt.date = Field(description="Date of the session, or first day of the week.")
    session: str = Field(description="The lift or week the penalty belongs to.")
    amount: int = Field(description="Size of the violation before weighting (minutes, lifts...).")
    penalty: int = Field(description="Weighted penalty.")


class TermScore(_Model):
    term: str = Field(description="Soft objective (SPEC section 4).")
    says: str = Field(description="The wish in a coach's words.")
    total: int = Field(description="Weighted total; the terms add up to the objective.")
    matches: list[Match] = Field(description="Where the penalty comes from.")


class RunnerUp(_Model):
    date: dt.date
    start: dt.datetime
    cost_difference: int = Field(description="Its own cost minus the chosen lift's own cost.")
    note: str = Field("", description="What else stood in its way.")


class LiftExplanation(_Model):
    date: dt.date
    start: dt.datetime
    reasons: list[str]
    runner_ups: list[RunnerUp] = Field(description="The best slots it beat.")
    workout: list[str] = Field(
        default_factory=list,
        description="Its warm-up, then why each main lift and its load (block, week, step).",
    )


class Explanation(_Model):
    status: Status
    objective: int | None = None
    conflicts: list[Conflict] = Field(default_factory=list)
    repairs: list[Repair] = Field(default_factory=list)
    repairs_stopped: bool = Field(
        False, description="The repair search ran out of its share of --time-limit."
    )
    score: list[TermScore] = Field(default_factory=list)
    lifts: list[LiftExplanation] = Field(default_factory=list)
    closed_weeks: list[ClosedWeek] = Field(
        default_factory=list, description="Race weeks with every day closed: no lift planned."
    )
