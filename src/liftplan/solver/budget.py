"""--time-limit bounds the whole solve: building the model is charged to it by arithmetic.

Weighing a season's lift times (solver/legal.py) takes time proportional to how many there
are, before CP-SAT starts counting. So the build's seconds are estimated from the counts
alone (models/season.py: WEIGH_SECONDS_*), never measured on the clock: the same season and
limit give the same answer at any load. Past BUILD_SHARE of the limit, nothing is built.
"""

from __future__ import annotations

from dataclasses import dataclass

from liftplan.models.season import (
    WEIGH_SECONDS_A_LIFT_TIME,
    WEIGH_SECONDS_A_LIFT_TIME_SEVERAL_A_DAY,
    WEIGH_SECONDS_A_START,
    WEIGH_SECONDS_A_START_SEVERAL_A_DAY,
    Rules,
)
from liftplan.models.settings import BUILD_SHARE, NoTimeToWeigh
from liftplan.solver.candidates import lift_lengths
from liftplan.timeline import Timeline


@dataclass(frozen=True)
class Weighing:
    """What building the model weighs: grid starts and (start, length) lift times."""

    starts: int
    lift_times: int
    finest_grid: int  # minutes

    def seconds(self, several_a_day: bool) -> float:
        """Estimated wall seconds to weigh them all (deterministic: counts times costs)."""
        if several_a_day:
            return (
                self.starts * WEIGH_SECONDS_A_START_SEVERAL_A_DAY
                + self.lift_times * WEIGH_SECONDS_A_LIFT_TIME_SEVERAL_A_DAY
            )
        return self.starts * WEIGH_SECONDS_A_START + self.lift_times * WEIGH_SECONDS_A_LIFT_TIME


def weighing(timeline: Timeline) -> Weighing:
    """Each open day's window minutes over its week's grid, and those times the lengths a
    lift may take (as `Season.lift_slots` counts them, on the timeline's own windows)."""
    starts = lift_times = 0
    finest = 60
    days = timeline.days
    for week in timeline.weeks:
        grid = week.lifting.granularity_minutes
        lengths = len(lift_lengths(week.lifting))
        for index in range(week.first_day, week.first_day + week.num_days):
            minutes = sum([end - start for start, end in days[index].windows])  # no generator
            if minutes:
                finest = min(finest, grid)
                starts += minutes // grid + 1
                lift_times += (minutes // grid + 1) * lengths
    return Weighing(starts, lift_times, finest)


def solver_time_limit(timeline: Timeline, rules: Rules, time_limit: float) -> float:
    """The seconds CP-SAT may take once the model is built: ``time_limit`` less the build's
    estimate. Raises NoTimeToWeigh, before anything is built, when the estimate is more
    than BUILD_SHARE of ``time_limit``."""
    counts = weighing(timeline)
    seconds = counts.seconds(rules.max_lifts_per_day > 1)
    if seconds > BUILD_SHARE * time_limit:
        raise NoTimeToWeigh(counts.lift_times, seconds, time_limit, counts.finest_grid)
    return time_limit - seconds
