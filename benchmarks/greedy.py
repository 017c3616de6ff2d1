"""A careful coach's plan by hand, as a baseline: hard days first, then the rest, week by week.

For each week in order: take the legal slots of the hard days (the cheapest slot of each day),
then the easy days, each time keeping the rest days from the lifts already placed (this week's
and last week's), until the week's target is reached. Blocks change every three weeks. A week
left below its minimum means no plan. The plan is scored by the independent checker, so the
gap to the optimum is measured the same way for both.
"""

from __future__ import annotations

from dataclasses import dataclass

from liftplan.api import workout_builder
from liftplan.check import check_plan
from liftplan.models import Plan, Season, SolverSettings, Status
from liftplan.plan.build import build_plan
from liftplan.solver.candidates import Slot
from liftplan.solver.model import SeasonModel, candidates
from liftplan.solver.objectives import slot_cost
from liftplan.solver.solve import Solution
from liftplan.timeline import Timeline, build_timeline


@dataclass
class GreedyResult:
    plan: Plan | None  # None: some week could not reach its minimum
    objective: int | None
    violations: int


def _choose(timeline: Timeline, season: Season) -> list[Slot] | None:
    best_by_day = {slot.day: slot for slot in candidates(timeline, season.rules).slots}
    rest = season.rules.rest_days_between_lifts
    chosen: list[Slot] = []
    for week in timeline.weeks:
        days = [day for day in week.days if day in best_by_day]
        order = sorted(
            days,
            key=lambda d: (
                not timeline.days[d].hard,
                slot_cost(best_by_day[d], week.weights),
                d,
            ),
        )
        taken = 0
        for day in order:
            if taken >= max(week.target_lifts, week.min_lifts):
                break
            if all(abs(day - slot.day) > rest for slot in chosen):
                chosen.append(best_by_day[day])
                taken += 1
        if taken < week.min_lifts:
            return None
    return sorted(chosen, key=lambda slot: slot.start)


def _block_starts(weeks: int) -> list[int]:
    """Every three weeks; a short tail joins the last block or makes a 2-week block."""
    starts = list(range(1, weeks + 1, 3))
    if len(starts) > 1 and weeks - starts[-1] + 1 == 1:
        starts[-1] -= 1  # ... 3, 3, 1 -> ... 3, 2, 2
    return starts


def greedy_plan(season: Season) -> GreedyResult:
    timeline = build_timeline(season)
    chosen = _choose(timeline, season)
    if chosen is None:
        return GreedyResult(None, None, 0)
    model = SeasonModel(model=None, variables=None, timeline=timeline, slots=chosen)  # type: ignore[arg-type]
    solution = Solution(
        status=Status.FEASIBLE,
        model=model,
        chosen=list(range(len(chosen))),
        block_first_weeks=_block_starts(len(timeline.weeks)),
    )
    settings = SolverSettings(workers=0, seed=0, time_limit=0)
    plan = build_plan(season, timeline, solution, "greedy", settings, workout_builder(season))
    report = check_plan(season, plan)
    return GreedyResult(plan, report.objective, len(report.violations))
