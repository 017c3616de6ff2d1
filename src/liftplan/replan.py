"""Pick up a season after life happened: the previous plan and the dates become the solver's
commitments, and the freeze is measured in elapsed minutes.

From the ``--from`` date on, the lifts done before it are history (fixed), the planned lifts
of the next ``freeze_hours`` stay as planned (fixed), and each planned lift after that costs
``stability`` to move or drop. The freeze starts at the local start of the ``--from`` day and
lasts ``freeze_hours`` of elapsed time: across a clock change, 24 hours are 24 hours, not a
23- or 25-hour day on the wall clock. The timeline does every local-time conversion; the
solver sees only minutes on the timeline, day indexes and week numbers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from liftplan.models.plan import Plan, Session
from liftplan.models.season import Season
from liftplan.plan.season_plan import plan_on_timeline
from liftplan.plan.workouts import WorkoutBuilder
from liftplan.solver.commitments import Commitments, PlacedLift, commitments_for
from liftplan.timeline import Timeline, build_timeline

MINUTES_PER_HOUR = 60


@dataclass(frozen=True)
class Freeze:
    """The frozen span ``[begin, end)`` in minutes on the timeline: planned lifts that start
    in it stay as planned; lifts done before ``begin`` are history."""

    begin: int
    end: int

    @classmethod
    def from_date(cls, timeline: Timeline, start: dt.date, hours: float) -> Freeze:
        """From the local start of ``start``, ``hours`` of elapsed time (to the minute)."""
        begin = timeline.start_of(start)
        return cls(begin, begin + round(hours * MINUTES_PER_HOUR))


def placed(timeline: Timeline, lift: Session) -> PlacedLift:
    """A lift of a plan on the timeline: its instants, and the local day it starts on."""
    start = timeline.instant(lift.start)
    return PlacedLift(timeline.day_of(start), start, timeline.instant(lift.end))


def replan_commitments(
    timeline: Timeline,
    planned: Iterable[Session],
    done: Iterable[Session],
    start: dt.date,
    freeze_hours: float,
    stability: int,
    block_first_weeks: list[int] | None,
) -> Commitments:
    """Done lifts before ``start`` and planned lifts in the next ``freeze_hours`` are fixed;
    the planned lifts after that are kept if the price (``stability`` each) is right."""
    freeze = Freeze.from_date(timeline, start, freeze_hours)
    done_lifts = [placed(timeline, lift) for lift in done]
    planned_lifts = [placed(timeline, lift) for lift in planned]
    fixed = [lift for lift in done_lifts if lift.start < freeze.begin]
    fixed += [lift for lift in planned_lifts if freeze.begin <= lift.start < freeze.end]
    keep = [lift for lift in planned_lifts if lift.start >= freeze.end]
    return commitments_for(
        timeline,
        open_from_day=timeline.day_index(start),
        fixed=fixed,
        keep=keep,
        stability=stability,
        block_first_weeks=block_first_weeks,
    )


def replan(
    season: Season,
    previous: Plan,
    start: dt.date,
    *,
    workouts: WorkoutBuilder,
    done: list[Session] | None,
    missed: tuple[dt.date, ...],
    freeze_hours: float,
    stability: int,
    workers: int,
    seed: int,
    time_limit: float,
) -> tuple[Plan, int]:
    """The stitched plan from ``start`` on, and how many planned lifts it moved or dropped.

    ``done`` defaults to the lifts planned before ``start``, less the ``missed`` dates; the
    blocks of ``previous`` stay as they were."""
    timeline = build_timeline(season)
    if done is None:
        done = [s for s in previous.lifts if s.date < start and s.date not in set(missed)]
    planned = [s for s in previous.lifts if s.date >= start]
    blocks = [block.first_week for block in previous.blocks] or None
    commitments = replan_commitments(
        timeline, planned, done, start, freeze_hours, stability, blocks
    )
    plan, solution = plan_on_timeline(
        season,
        timeline,
        workouts,
        athlete=previous.athlete,
        workers=workers,
        seed=seed,
        time_limit=time_limit,
        commitments=commitments,
    )
    return plan, solution.moved
