"""Joint plans for a team that shares one weight room of limited places.

One CP-SAT model of the whole team does not scale (40 athletes x 16 weeks: no solution in
10 s, benchmarks in PERFORMANCE.md); decomposition does. Each athlete is first solved alone:
the sum of those optima is a valid lower bound, and if the gym never overflows the plans
are jointly optimal. Otherwise athletes are planned one by one against the places left,
then improved by neighbourhood search: each athlete in turn is re-solved (to optimality,
with CP-SAT) against everyone else's lifts, keeping the better plan, until a round improves
nothing or time runs out. The report gives the gap to the lower bound.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from liftplan.models.clock import Window, merge_windows
from liftplan.models.plan import Plan, SolverSettings
from liftplan.models.season import Availability, Season
from liftplan.solver.commitments import Commitments
from liftplan.solver.solve import Solution, solve_timeline
from liftplan.timeline import Timeline, build_timeline

BUCKET_MINUTES = 15


@dataclass(frozen=True)
class Facility:
    capacity: int
    hours: tuple[Window, ...] = (Window(0, 24 * 60),)


def parse_facility(data: Any, source: str) -> Facility:
    """``facility: {capacity: 12, hours: ["06:00-22:00"]}`` from a team file."""
    from pydantic import BaseModel, ConfigDict, Field, ValidationError

    from liftplan.errors import InputError
    from liftplan.io.season_file import describe
    from liftplan.models.clock import TimeWindow

    class FacilityModel(BaseModel):
        model_config = ConfigDict(extra="forbid")
        capacity: int = Field(ge=1, le=10_000, description="Places in the weight room.")
        hours: list[TimeWindow] = Field(default_factory=lambda: [Window(0, 24 * 60)])

    try:
        model = FacilityModel.model_validate(data)
    except ValidationError as error:
        problem = describe(error, source)
        raise InputError(source, f"facility.{problem.path}".rstrip("."), problem.problem) from None
    return Facility(model.capacity, tuple(merge_windows(model.hours)))


def within_hours(season: Season, hours: tuple[Window, ...]) -> Season:
    """The season with every free window cut to the facility's opening hours."""

    def cut(windows: list[Window]) -> list[Window]:
        return [
            Window(max(w.start, h.start), min(w.end, h.end))
            for w in merge_windows(windows)
            for h in hours
            if min(w.end, h.end) > max(w.start, h.start)
        ]

    availability = season.availability
    changed = Availability(
        weekly={day: cut(windows) for day, windows in availability.weekly.items()},
        dates={day: cut(windows) for day, windows in availability.dates.items()},
        from_ics=availability.from_ics,
        envelope=availability.envelope,
    )
    return season.model_copy(update={"availability": changed})


@dataclass
class Member:
    id: str
    season: Season
    timeline: Timeline
    epoch_minute: int
    solution: Solution | None = None
    alone: int | None = None  # objective when planned alone


@dataclass
class JointReport:
    plans: dict[str, Plan] = field(default_factory=dict)
    lower_bound: int = 0
    objective: int = 0
    capacity: int = 0
    peak: int = 0
    rounds: int = 0
    seconds: float = 0.0
    infeasible: list[str] = field(default_factory=list)

    @property
    def gap(self) -> float:
        return 0.0 if self.objective == 0 else (self.objective - self.lower_bound) / self.objective

    def summary(self) -> dict[str, object]:
        return {
            "objective": self.objective,
            "lower_bound": self.lower_bound,
            "gap": round(self.gap, 6),
            "capacity": self.capacity,
            "peak_occupancy": self.peak,
            "rounds": self.rounds,
            "infeasible": self.infeasible,
        }


def _buckets(member: Member, solution: Solution) -> Counter[int]:
    used: Counter[int] = Counter()
    probe = Commitments(open_from_day=0, epoch_minute=member.epoch_minute)
    for index in solution.chosen:
        used.update(probe.buckets(solution.model.slots[index]))
    return used


def _solve(member: Member, full: frozenset[int], time_limit: float, seed: int) -> Solution:
    commitments = Commitments(
        open_from_day=0,
        full_buckets=full,
        bucket_minutes=BUCKET_MINUTES,
        epoch_minute=member.epoch_minute,
    )
    return solve_timeline(
        member.timeline,
        member.season.rules,
        seed=seed,
        time_limit=time_limit,
        commitments=commitments if full else None,
    )


def plan_jointly(
    seasons: dict[str, Season], facility: Facility, *, time_limit: float = 30.0, seed: int = 0
) -> JointReport:
    started = time.perf_counter()
    deadline = started + time_limit
    members = []
    for athlete, season in sorted(seasons.items()):
        season = within_hours(season, facility.hours)
        timeline = build_timeline(season)
        epoch = int(timeline.clock.epoch.timestamp()) // 60
        members.append(Member(athlete, season, timeline, epoch))
    report = JointReport(capacity=facility.capacity)

    def left() -> float:
        return max(0.1, deadline - time.perf_counter())

    for member in members:  # alone: the lower bound, and often the answer
        member.solution = _solve(member, frozenset(), left(), seed)
        member.alone = member.solution.objective
    report.infeasible = [m.id for m in members if not m.solution or not m.solution.status.solved]
    active = [m for m in members if m.id not in report.infeasible]
    report.lower_bound = sum(m.alone or 0 for m in active)
    usage: dict[str, Counter[int]] = {m.id: _buckets(m, m.solution) for m in active if m.solution}

    def occupancy(without: str | None = None) -> Counter[int]:
        total: Counter[int] = Counter()
        for athlete, used in usage.items():
            if athlete != without:
                total.update(used)
        return total

    if any(n > facility.capacity for n in occupancy().values()):
        usage.clear()
        for member in active:  # one by one, against the places left
            full = frozenset(b for b, n in occupancy().items() if n >= facility.capacity)
            member.solution = _solve(member, full, left(), seed)
            usage[member.id] = _buckets(member, member.solution)
        improved = True
        while improved and time.perf_counter() < deadline:
            improved = False
            report.rounds += 1
            for member in active:
                assert member.solution is not None
                if member.solution.objective == member.alone or time.perf_counter() >= deadline:
                    continue
                others = occupancy(without=member.id)
                full = frozenset(b for b, n in others.items() if n >= facility.capacity)
                candidate = _solve(member, full, left(), seed)
                if candidate.status.solved and (candidate.objective or 0) < (
                    member.solution.objective or 0
                ):
                    member.solution = candidate
                    usage[member.id] = _buckets(member, candidate)
                    improved = True
    report.peak = max(occupancy().values(), default=0)
    report.objective = sum((m.solution.objective or 0) for m in active if m.solution)
    report.seconds = time.perf_counter() - started
    report.plans = _plans(
        members, seasons, SolverSettings(workers=1, seed=seed, time_limit=time_limit)
    )
    return report


def _plans(
    members: list[Member], seasons: dict[str, Season], settings: SolverSettings
) -> dict[str, Plan]:
    """Each athlete's plan (infeasible ones too, with their status), ready to write."""
    from liftplan.api import workout_builder
    from liftplan.report import build_plan

    return {
        member.id: build_plan(
            seasons[member.id],
            member.timeline,
            member.solution,
            member.id,
            settings,
            workout_builder(seasons[member.id]),
        )
        for member in members
        if member.solution is not None
    }


__all__ = ["Facility", "JointReport", "parse_facility", "plan_jointly"]
