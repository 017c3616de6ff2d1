"""Joint plans for a team that shares one weight room of limited places.

One CP-SAT model of the whole team does not scale (40 athletes x 16 weeks: no solution in
10 s, benchmarks in PERFORMANCE.md); decomposition does. Each athlete is first solved alone:
the sum of those optima is a valid lower bound, and if the gym never overflows the plans
are jointly optimal. Otherwise athletes are planned one by one against the places left,
then improved by neighbourhood search: each athlete in turn is re-solved (to optimality,
with CP-SAT) against everyone else's lifts, keeping the better plan, until a round improves
nothing or the budget is spent; and by making room: for each athlete bearing a share of the cost
(the largest first, for fairness), a place is held at their solo times, whoever then lacks
room is re-planned, then the athlete; kept when the team's cost plus the largest share any
one athlete bears goes down; after at most SWEEPS such rounds, by ruin and recreate: an
athlete bearing a share and a few of those in the way of their solo times are taken out and
put back in a random order (seeded), kept when that score drops, until many tries in a row
find nothing; then both again while either improves, until the gap is closed or the budget
is spent. While some athletes find no room, each round first shortens lifts to fit them
(`_Gym.squeeze`): whoever lifts where they could keeps only the week's shortest length (or
moves), they come back, then the shortened lifts grow again where room is left; once the
search settles, the same with fewer lifts (down to each week's minimum). While some still
lack room halfway through the budget, or once the search settles with some, it starts
again from the athletes it moved placed at their weekly minimum first, then grown towards
their wishes where room is left (`_Gym.minimum_first`), and keeps the better end. A re-solve
asked again with the same full buckets within the athlete's reach is answered from memory
(REMEMBERED per athlete) and not charged. Group sessions (`groups.py`) are fixed lifts of
their members.

The budget (``time_limit``) is counted in work, never on the clock: each re-solve is charged
its season's weeks times WEEK_SECONDS, and each CP-SAT call has a deterministic limit, so the
same team gives the same joint.json and plans at any load.

An athlete plannable alone for whom the search finds no room in the weight room the others'
plans leave ends with status NO_ROOM and the first week that lacks room, never INFEASIBLE.
Such an athlete costs the team's objective their `no_room_cost`: what their
season would cost without a single lift (`below_target` for each lift of every week's
target), and always more than their solo optimum, which stays in the lower bound; so the gap
counts them, and the search places an athlete before it lowers anyone's cost.
The report gives the gap to the lower bound.

Measured and not kept (issue 18): one model per athlete built once with each day's 6-12
cheapest slots (per-slot booleans), re-solved with the slots in full buckets switched off
by CP-SAT assumptions. It gave the same objectives, but re-solving it took 24-65 ms against
20 ms for building and solving the pruned model anew (one slot a day, weekly patterns), so
the search rebuilds.

Also measured and not kept (issue 18, 2026-11-30): a Lagrangian bound, each 15-minute bucket
priced and each athlete's solo model re-solved with the day's cheapest priced slot as its
coefficient (exact with one lift a day: every hard rule counts a day's lifts). On the
generated clubs (20/2, 40/3) no price vector found in 30 subgradient rounds beat the sum of
the solo optima: most lifts can move 15 minutes inside their window at no cost, so a price
of one unit on a crowded bucket already sends everyone around it, and the bound falls. The
gap there is the search's plan, not a weak bound; such a bound costs 200 re-solves a round.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from liftplan.io.catalogue import load_catalogue
from liftplan.models.clock import Window, merge_windows
from liftplan.models.plan import Plan, SolverSettings, Status
from liftplan.models.season import Availability, Season
from liftplan.models.settings import DEFAULT_JOINT_TIME_LIMIT, DEFAULT_SEED, NoTimeToWeigh
from liftplan.models.team import Facility, Group
from liftplan.models.wording import listed
from liftplan.plan.build import build_plan
from liftplan.plan.season_plan import refused_plan
from liftplan.plan.workouts import builder_for
from liftplan.solver.candidates import Slot
from liftplan.solver.commitments import Commitments
from liftplan.solver.legal import SEASONS, day_spans
from liftplan.solver.solve import Solution, solve_timeline
from liftplan.team.groups import GroupTimes, Room, Seat, group_times
from liftplan.timeline import Timeline, build_timeline

BUCKET_MINUTES = 15
# The finest buckets: the room's counts (each lift's places, each athlete's reach) grow with
# every bucket a lift spans, and 1-minute buckets made a joint run on a 1-minute grid 8x
# slower than 15-minute ones (4 athletes x 4 weeks: 4.9 s -> 39.8 s); 5 fits the 5-minute
# grids a season may ask for.
FINEST_BUCKET = 5
RESHUFFLES = 50  # ruin-and-recreate tries in a row without a better plan before stopping
SWEEPS = 2  # rounds of re-planning and making room before ruin and recreate takes over
# The share of the budget left that those rounds may spend: making room re-solves everyone in
# the way, and at 200 athletes / 15 places two rounds ate the whole budget (capped: 1.93% ->
# 0.26% at the budget of 60 that is now --time-limit 120; docs/benchmarks.md).
SWEEP_SHARE = 0.5
# The share of the budget left after placing that the first search may spend while athletes
# still lack room, before it starts again from everyone at their minimum (`_Gym.minimum_first`).
RESTART_SHARE = 0.5
RESHUFFLE_SIZE = 5  # athletes taken out at a time (benchmarks: 3-7 tried, 5 best)
# What one re-solve is charged against the budget, per week of the athlete's season: what
# building and solving a week's model costs with every athlete's slots cached (16 weeks:
# 15 ms of CPU), doubled for the work around it that is not charged (the solo pass, placing,
# the plans and workouts), so that --time-limit 60 takes about 60 s: 200 athletes / 15
# places ran 57 s of CPU at 0.001 and a limit of 30 (benchmarks/joint_scale.py).
WEEK_SECONDS = 0.002
# Re-solves remembered per athlete, keyed by the full buckets their legal times reach: the
# search often asks the same question again (a make-room tried twice, a round with nothing
# new around an athlete); the answer is the same, so it is not charged again.
REMEMBERED = 6


def within_hours(season: Season, hours: list[Window]) -> Season:
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
    fixed: tuple[Slot, ...] = ()  # group sessions: lifts at times the group shares
    no_room_cost: int = 0  # what the team's objective counts for them without a plan
    refusal: NoTimeToWeigh | None = None  # a season too large to weigh within the limit
    bucket_minutes: int = BUCKET_MINUTES  # the team's (`room_buckets`)

    def probe(self) -> Commitments:
        """What tells the room's buckets a lift of theirs takes (Unix minutes // size)."""
        return Commitments(
            open_from_day=0, epoch_minute=self.epoch_minute, bucket_minutes=self.bucket_minutes
        )

    @property
    def placed(self) -> bool:
        return self.solution is not None and self.solution.status.solved


def no_room_cost(timeline: Timeline, alone: int) -> int:
    """What a season without a single lift costs: `below_target` for each lift of every
    week's target; never less than one above the solo optimum ``alone``."""
    empty = sum(week.target_lifts * week.weights.below_target for week in timeline.weeks)
    return max(empty, alone + 1)


@dataclass
class JointReport:
    plans: dict[str, Plan] = field(default_factory=dict)
    lower_bound: int = 0
    objective: int = 0
    capacity: int = 0
    peak: int = 0
    rounds: int = 0
    largest_share: int = 0  # the most any one athlete's cost grew for sharing the gym
    seconds: float = 0.0
    infeasible: list[str] = field(default_factory=list)
    # Plannable alone, no room found: athlete -> "no room in the weight room in week N".
    no_room: dict[str, str] = field(default_factory=dict)
    no_room_cost: int = 0  # their share of ``objective`` (Member.no_room_cost, summed)
    alone: dict[str, int] = field(default_factory=dict)  # athlete -> their solo optimum
    work: float = 0.0  # the budget spent (deterministic: re-solves x weeks x WEEK_SECONDS)
    solves: int = 0  # CP-SAT calls of the search
    groups: dict[str, dict[str, object]] = field(default_factory=dict)
    # One line per group week short of sessions: "group squad: week 1: <reason>".
    group_warnings: list[str] = field(default_factory=list)
    # Clashes with the room's capacity (a group larger than it; a bucket over it): exit 3.
    over_capacity: list[str] = field(default_factory=list)

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
            "largest_share": self.largest_share,
            "infeasible": self.infeasible,
            "no_room": self.no_room,
            "no_room_cost": self.no_room_cost,
            "work": round(self.work, 6),
            "solves": self.solves,
            "groups": self.groups,
            "over_capacity": self.over_capacity,
        }


def _buckets(member: Member, solution: Solution, least: bool = False) -> Counter[int]:
    """The room's places ``solution``'s lifts take, by bucket; with ``least``, only those of
    each week's first lifts up to its minimum (what an athlete without room needs at least:
    holding their whole plan alone can leave those in the way below their own minimum)."""
    used: Counter[int] = Counter()
    probe = member.probe()
    timeline = member.timeline
    counted: Counter[int] = Counter()
    for index in sorted(solution.chosen, key=lambda i: solution.model.slots[i].start):
        slot = solution.model.slots[index]
        week = timeline.days[slot.day].week
        if least and counted[week] >= timeline.weeks[week - 1].min_lifts:
            continue
        counted[week] += 1
        used.update(probe.buckets(slot))
    return used


def _tails(member: Member) -> set[int]:
    """The buckets ``member``'s lifts take beyond their week's shortest lift length: what
    they free by lifting short at the same start."""
    assert member.solution is not None
    timeline, solution = member.timeline, member.solution
    probe = member.probe()
    tails: set[int] = set()
    for index in solution.chosen:
        slot = solution.model.slots[index]
        shortest = timeline.weeks[timeline.days[slot.day].week - 1].lifting.min_minutes
        if slot.minutes > shortest:
            short = probe.buckets_at(slot.start, slot.start + shortest)
            tails.update(bucket for bucket in probe.buckets(slot) if bucket not in short)
    return tails


def _spares(member: Member) -> set[int]:
    """The buckets ``member``'s lifts take beyond each week's minimum (`_buckets` with
    ``least``): what they free by lifting fewer times, down to the minimum."""
    assert member.solution is not None
    every = _buckets(member, member.solution)
    return set(every - _buckets(member, member.solution, least=True))


def _held(member: Member) -> Counter[int]:
    """The places the member's group sessions take: fixed, whatever their own lifts do."""
    used: Counter[int] = Counter()
    probe = member.probe()
    for slot in member.fixed:
        used.update(probe.buckets(slot))
    return used


def at_minimum(timeline: Timeline) -> Timeline:
    """``timeline`` with each week lifting at most its minimum (its target kept: every lift
    short of it still costs `below_target`), for placing an athlete where the room is too
    small for everyone's wishes (`_Gym.minimum_first`)."""
    weeks = []
    for week in timeline.weeks:
        per_week = week.lifting.per_week.model_copy(
            update={"max": week.min_lifts, "target": week.lifting.per_week.wished}
        )
        weeks.append(replace(week, lifting=week.lifting.model_copy(update={"per_week": per_week})))
    return replace(timeline, weeks=weeks)


def _solve(
    member: Member,
    full: frozenset[int],
    time_limit: float,
    seed: int,
    timeline: Timeline | None = None,
) -> Solution:
    """``member`` planned around the ``full`` buckets, on their own timeline or
    ``timeline`` (theirs changed: `at_minimum`)."""
    commitments = Commitments(
        open_from_day=0,
        fixed=member.fixed,
        full_buckets=full,
        bucket_minutes=member.bucket_minutes,
        epoch_minute=member.epoch_minute,
    )
    return solve_timeline(
        timeline or member.timeline,
        member.season.rules,
        seed=seed,
        time_limit=time_limit,
        commitments=commitments if full or member.fixed else None,
    )


class _Gym:
    """The team's plans and what they occupy, changed one athlete at a time."""

    def __init__(
        self, members: list[Member], capacity: int, seed: int, budget: float, solve_limit: float
    ) -> None:
        self.members = members
        self.capacity = capacity
        self.seed = seed
        self.budget = budget  # work, not wall time: see WEEK_SECONDS
        self.solve_limit = solve_limit  # CP-SAT deterministic seconds per solve
        self.work = 0.0
        self.sweep_end = budget  # the work at which the current sweep stops
        self.restart_at: float | None = None  # the work at which a search with some still
        # without room stops, to start again (`_plan_jointly`)
        self.solves = 0  # CP-SAT calls of the search (the same for the same input)
        self.usage: dict[str, Counter[int]] = {}
        self.alone: dict[str, Solution] = {}
        self.reach: dict[str, frozenset[int]] = {}  # buckets any legal time of theirs touches
        self.known: dict[str, dict[frozenset[int], Solution]] = defaultdict(dict)

    def sweep_left(self) -> float:
        """What the current sweep may still spend: re-planning and making room stop here."""
        if self.time_left() == 0:
            return 0.0
        return max(0.0, min(self.budget, self.sweep_end) - self.work)

    def time_left(self) -> float:
        """The budget left, in work (deterministic), not on the clock; none once the work
        reaches ``restart_at`` with athletes still without room (the search starts again)."""
        if self.restart_at is not None and self.work >= self.restart_at and self.unplaced():
            return 0.0
        return max(0.0, self.budget - self.work)

    def solve(self, member: Member, full: frozenset[int]) -> Solution:
        """``member`` planned around the ``full`` buckets, charged to the budget unless the
        same full buckets within their reach were asked of them lately (the same answer:
        each solve is deterministic)."""
        key = full & self.reach_of(member)
        known = self.known[member.id]
        if key in known:
            return known[key]
        solution = self.solve_charged(member, key)
        if len(known) >= REMEMBERED > 0:
            del known[next(iter(known))]  # the oldest
        if REMEMBERED > 0:
            known[key] = solution
        return solution

    def solve_charged(
        self, member: Member, full: frozenset[int], timeline: Timeline | None = None
    ) -> Solution:
        """``member`` planned around the ``full`` buckets (on ``timeline``, if given: see
        `_solve`), not remembered, and charged: its season's weeks times WEEK_SECONDS."""
        self.work += WEEK_SECONDS * len(member.timeline.weeks)
        self.solves += 1
        return _solve(member, full, self.solve_limit, self.seed, timeline)

    def occupancy(self, without: str | None = None) -> Counter[int]:
        total: Counter[int] = Counter()
        for athlete, used in self.usage.items():
            if athlete != without:
                total.update(used)
        return total

    def full(self, without: str | None = None, held: Counter[int] | None = None) -> frozenset[int]:
        """Buckets with no place left, counting the places ``held`` for someone else."""
        total = self.occupancy(without)
        if held:
            total.update(held)
        return frozenset(b for b, n in total.items() if n >= self.capacity)

    def peak(self) -> int:
        return max(self.occupancy().values(), default=0)

    def place(self, member: Member, solution: Solution) -> None:
        """``member`` on ``solution``; without a plan they still hold their group's places."""
        member.solution = solution
        solved = solution.status.solved
        self.usage[member.id] = _buckets(member, solution) if solved else _held(member)

    def vacate(self, member: Member) -> None:
        """``member``'s own lifts out of the room; their group sessions keep their places."""
        self.usage[member.id] = _held(member)

    def resolve(self, member: Member, held: Counter[int] | None = None) -> Solution:
        return self.solve(member, self.full(without=member.id, held=held))

    def gap(self) -> int:
        """The team's cost above the sum of its solo optima."""
        return sum(self.extra(m) for m in self.members)

    def snapshot(self) -> dict[str, Solution | None]:
        return {m.id: m.solution for m in self.members}

    def restore(self, saved: dict[str, Solution | None]) -> None:
        """Every athlete back on the plan ``saved`` for them."""
        for member in self.members:
            solution = saved[member.id]
            if solution is not None:
                self.place(member, solution)

    @staticmethod
    def cost(member: Member) -> int:
        """The athlete's objective, or their NO_ROOM cost without a plan."""
        if member.placed:
            assert member.solution is not None
            return member.solution.objective or 0
        return member.no_room_cost

    def extra(self, member: Member) -> int:
        """What sharing the gym costs this athlete, against planning alone."""
        return self.cost(member) - (member.alone or 0)

    def unplaced(self) -> list[Member]:
        return [m for m in self.members if not m.placed]

    def score(self) -> tuple[int, int]:
        """Athletes without room first, then the team's cost plus the largest share any one
        athlete bears (fairness)."""
        extras = [self.extra(m) for m in self.members]
        return len(self.unplaced()), sum(self.cost(m) for m in self.members) + max(
            extras, default=0
        )

    def improve(self) -> bool:
        """Each athlete in turn, the one bearing most first, re-planned against the others."""
        improved = False
        for member in sorted(self.members, key=lambda m: (-self.extra(m), m.id)):
            if self.extra(member) == 0 or self.sweep_left() == 0:
                continue
            candidate = self.resolve(member)
            if candidate.status.solved and (
                not member.placed or (candidate.objective or 0) < self.cost(member)
            ):
                self.place(member, candidate)
                improved = True
        return improved

    def make_room(self, member: Member) -> bool:
        """Hold one place for each of ``member``'s solo times (for one without room, only
        each week's first up to its minimum), re-plan whoever then lacks room, then
        ``member``; keep it when fewer lack room, or the team's cost plus the largest share
        drops."""
        before = self.score()
        saved = self.snapshot()
        held = _buckets(member, self.alone[member.id], least=not member.placed)
        crowded = {
            b for b, n in self.occupancy(without=member.id).items() if n + held[b] > self.capacity
        }
        moved_all = True
        for other in self.members:
            if other is not member and crowded & set(self.usage[other.id]):
                candidate = self.resolve(other, held)
                if not candidate.status.solved:
                    moved_all = False
                    break
                self.place(other, candidate)
        if moved_all:
            candidate = self.resolve(member)
            if candidate.status.solved:
                self.place(member, candidate)
                if self.score() < before and self.peak() <= self.capacity:
                    return True
        self.restore(saved)  # no better: undo
        return False

    def can_start_again(self, order: list[Member]) -> bool:
        """Whether the budget left holds a search from the athletes of ``order`` placed at
        their minimum first: two re-solves of each (`minimum_first`), and half as much again
        to search from there."""
        return self.time_left() >= 3 * WEEK_SECONDS * sum(len(m.timeline.weeks) for m in order)

    def minimum_first(self, order: list[Member]) -> None:
        """Place the athletes of ``order`` again one by one, each at their weekly minimum
        (`at_minimum`), then, in the same order, each grown towards their wishes where room
        is left (a plan at least as good, on their own timeline: the one at the minimum
        still fits)."""
        for member in order:
            self.vacate(member)
        for member in order:
            lowest = at_minimum(member.timeline)
            self.place(member, self.solve_charged(member, self.full(member.id), lowest))
        for member in order:
            candidate = self.resolve(member)
            if candidate.status.solved and (
                not member.placed or (candidate.objective or 0) <= self.cost(member)
            ):
                self.place(member, candidate)

    def reshuffle(self, rng: random.Random, size: int) -> bool:
        """Ruin and recreate: take out an athlete bearing a share of the cost and up to
        ``size - 1`` of those in the way of their solo times, put them back one by one in a
        random order against the places left; keep it when the team's cost plus the largest
        share drops."""
        before = self.score()
        saved = self.snapshot()
        bearing = [m for m in self.members if self.extra(m) > 0]
        pick = rng.choice(bearing) if bearing else rng.choice(self.members)
        wanted = set(_buckets(pick, self.alone[pick.id]))
        in_the_way = [m for m in self.members if m is not pick and wanted & set(self.usage[m.id])]
        chosen = [pick, *rng.sample(in_the_way, min(len(in_the_way), size - 1))]
        rng.shuffle(chosen)
        for member in chosen:
            self.vacate(member)
        for member in chosen:  # one without room stays out, at its NO_ROOM cost
            self.place(member, self.resolve(member))
        if self.score() < before and self.peak() <= self.capacity:
            return True
        self.restore(saved)  # no better: undo
        return False

    def squeeze(self, freeing: Callable[[Member], set[int]] = _tails) -> bool:
        """Make room by shorter lifts, or fewer: whoever lifts where an athlete without room
        could is re-planned with the places ``freeing`` gives held (`_tails`: their lifts
        beyond the week's shortest length, so they shorten in place or move; `_spares`: their
        lifts beyond the week's minimum, so they lift fewer times), then those without room
        come back, then the others grow again where room is left. Kept when fewer athletes lack
        room, or the same number at a lower score. The one-at-a-time moves cannot find this:
        the first athletes placed book full-length lifts, and no single re-plan frees the half
        hours that many short lifts leave (20 runners of one season in 3 places: 8 without
        room before, none after); nor the second lift of a week that one without room needs
        when the athlete in their place has a single lift to give up (10 runners, 2 places, 2
        evenings a week: 2 without room before, none after)."""
        unplaced = self.unplaced()
        if not unplaced:
            return False
        before = self.score()
        saved = self.snapshot()
        wanted = frozenset().union(*(self.reach_of(m) for m in unplaced))
        in_the_way = [m for m in self.members if m.placed and wanted & set(self.usage[m.id])]
        # Every freed place held at once: one by one, each athlete would slide into the place
        # the one before freed and keep their lift.
        freed = Counter(dict.fromkeys(set().union(*map(freeing, in_the_way)), self.capacity))
        squeezed = []
        for other in in_the_way:
            if self.time_left() > 0:
                candidate = self.resolve(other, freed)
                if candidate.status.solved:
                    self.place(other, candidate)
                    squeezed.append(other)
        for member in unplaced:
            if self.time_left() == 0:  # the budget is spent: no half-done squeeze is kept
                self.restore(saved)
                return False
            self.place(member, self.resolve(member))
        for other in sorted(squeezed, key=lambda m: (-self.extra(m), m.id)):  # grow back
            if self.time_left() > 0:
                candidate = self.resolve(other)
                if candidate.status.solved and (candidate.objective or 0) < self.cost(other):
                    self.place(other, candidate)
        if self.score() < before and self.peak() <= self.capacity:
            return True
        self.restore(saved)  # no better: undo
        return False

    def reach_of(self, member: Member) -> frozenset[int]:
        """The buckets any legal time of ``member``'s touches (`_reach`), worked out once."""
        if member.id not in self.reach:
            self.reach[member.id] = _reach(member)
        return self.reach[member.id]

    def share_fairly(self) -> bool:
        """Make room for the athletes bearing most, the largest share first."""
        improved = False
        for member in sorted(self.members, key=lambda m: (-self.extra(m), m.id)):
            if self.extra(member) == 0 or self.sweep_left() == 0:
                break
            improved |= self.make_room(member)
        return improved


def _wanted_alone(
    gym: _Gym, members: list[Member], groups: list[Group] | tuple[Group, ...]
) -> dict[str, Counter[int]]:
    """Athlete -> the room's places, by bucket, that their plan alone and without any group
    would take, so that each group, placed first, keeps clear of everyone else's (the other
    groups' members too) where it costs its members nothing. An athlete in no group is
    solved by the gym (their lower bound's solve, remembered); a member, whose solo solve
    will hold the group's sessions, is solved here without them (charged as one)."""
    if not groups:
        return {}
    in_groups = {athlete for group in groups for athlete in group.athletes}
    wanted: dict[str, Counter[int]] = {}
    for member in members:
        try:
            if member.id in in_groups:  # not remembered: their later solo holds the group
                solution = gym.solve_charged(member, frozenset())
            else:
                solution = gym.solve(member, frozenset())
        except NoTimeToWeigh:  # told when the team is planned
            continue
        if solution.status.solved:
            wanted[member.id] = _buckets(member, solution)
    return wanted


def plan_jointly(
    seasons: dict[str, Season],
    facility: Facility,
    *,
    groups: list[Group] | tuple[Group, ...] = (),
    time_limit: float = DEFAULT_JOINT_TIME_LIMIT,
    seed: int = DEFAULT_SEED,
) -> JointReport:
    """The team's plans in a weight room of ``facility.capacity`` places, within a budget of
    ``time_limit`` seconds of work (deterministic: see WEEK_SECONDS), each CP-SAT solve
    limited to ``time_limit`` deterministic seconds. An athlete infeasible alone is listed in
    ``infeasible``; one without room in ``no_room`` (their plan's status NO_ROOM)."""
    with SEASONS.keeping(len(seasons) + 1):  # every athlete's slots kept between re-solves
        return _plan_jointly(seasons, facility, groups, time_limit, seed)


def _plan_jointly(
    seasons: dict[str, Season],
    facility: Facility,
    groups: list[Group] | tuple[Group, ...],
    time_limit: float,
    seed: int,
) -> JointReport:
    started = time.perf_counter()
    members = []
    for athlete, season in sorted(seasons.items()):
        season = within_hours(season, facility.hours)
        timeline = build_timeline(season)
        epoch = int(timeline.clock.epoch.timestamp()) // 60
        members.append(Member(athlete, season, timeline, epoch))
    bucket = room_buckets([member.timeline for member in members])
    for member in members:
        member.bucket_minutes = bucket
    report = JointReport(capacity=facility.capacity)
    by_id = {member.id: member for member in members}
    seats = {m.id: Seat(m.timeline, m.season.rules, m.epoch_minute) for m in members}
    room = Room(facility.capacity, bucket)
    gym = _Gym([], facility.capacity, seed, time_limit, time_limit)
    wanted = _wanted_alone(gym, members, groups)
    group_of: dict[str, tuple[str, tuple[Slot, ...]]] = {}
    for written in groups:
        group: Group | None = written
        invalid = [athlete for athlete in written.athletes if athlete not in by_id]
        if invalid:  # a member whose season is invalid has no plan to meet in
            group, line = _without(written, invalid)
            report.group_warnings.append(line)
        if group is None:
            continue
        others = sum(
            (used for athlete, used in wanted.items() if athlete not in group.athletes),
            Counter(),
        )
        times = group_times(group, seats, room, others)
        for athlete, slots in times.fixed.items():
            by_id[athlete].fixed = tuple(slots)
            group_of[athlete] = (group.name, tuple(slots))
        _report_group(report, group, times)
    members.sort(key=lambda m: (not m.fixed, m.id))  # group sessions take their places first
    for member in members:  # alone: the lower bound, and often the answer
        try:
            solution = gym.solve(member, frozenset())
        except NoTimeToWeigh as refusal:  # UNKNOWN (exit 4), with the line: not the team's end
            member.refusal = refusal
            continue
        member.solution, member.alone = solution, solution.objective
        if solution.status.solved:
            member.no_room_cost = no_room_cost(member.timeline, solution.objective or 0)
            gym.members.append(member)
            gym.alone[member.id] = solution
            gym.place(member, solution)
        else:
            report.infeasible.append(member.id)
    report.lower_bound = sum(m.alone or 0 for m in gym.members)
    report.alone = {m.id: m.alone or 0 for m in gym.members}
    if gym.peak() > facility.capacity:
        # Whoever lifts alone only where the room has places keeps that plan (nothing beats
        # it); the others leave it (their group sessions keep their places) and come back
        # one by one against the places left: the group's members first, then those with
        # the fewest legal times, who find room hardest when they come late.
        crowded = {b for b, n in gym.occupancy().items() if n > facility.capacity}
        moving = [m for m in gym.members if crowded & set(gym.usage[m.id])]
        alone = gym.snapshot()
        for member in moving:
            gym.vacate(member)
        order = sorted(moving, key=lambda m: (not m.fixed, _choices(m), m.id))
        for member in order:
            gym.place(member, gym.resolve(member))
        # Placed whole one by one, the first athletes' wishes can take the room the last ones
        # need for their minimum, and the search rarely wins it back (200 generated athletes,
        # 3 places, --time-limit 60: 60 without room after placing, 43 at the end). While
        # some still lack room halfway through the budget, or once the search settles with
        # some, it starts again from those athletes placed at their minimum first, then grown
        # (9 without room at the end there); the better end is kept, so it never ends worse
        # than the first search (which is all that runs when everyone finds room in time).
        gym.restart_at = gym.work + RESTART_SHARE * gym.time_left()
        _search(gym, report, seed)
        gym.restart_at = None
        if gym.unplaced() and gym.can_start_again(order):
            first, first_score = gym.snapshot(), gym.score()
            gym.restore(alone)
            gym.minimum_first(order)
            _search(gym, report, seed)
            if gym.score() >= first_score:
                gym.restore(first)
    report.peak = gym.peak()
    report.over_capacity += _over_capacity(gym, members, group_of)
    report.objective = sum(gym.cost(m) for m in gym.members)
    report.no_room = {m.id: no_room_reason(gym, m) for m in gym.unplaced()}
    report.no_room_cost = sum(m.no_room_cost for m in gym.unplaced())
    report.largest_share = max((gym.extra(m) for m in gym.members), default=0)
    report.work, report.solves = gym.work, gym.solves
    report.seconds = time.perf_counter() - started
    settings = SolverSettings(workers=1, seed=seed, time_limit=time_limit)
    report.plans = _plans(members, seasons, settings, group_of, report.no_room)
    return report


def _search(gym: _Gym, report: JointReport, seed: int) -> None:
    """Improve the team's plans until the search settles or the budget is spent: at most
    SWEEPS rounds of re-planning and making room, then ruin and recreate until RESHUFFLES
    tries in a row find nothing better; again while either improves. Ruin and recreate buys
    far more per re-solve once the first sweeps have taken the easy gains (100 athletes / 8
    places, a budget of 30: 1.40% -> 0.07%)."""
    rng, sweeps = random.Random(seed), 0
    while gym.time_left() > 0:
        swept = False
        if sweeps < SWEEPS:
            if sweeps == 0:  # what the sweeps may spend before ruin and recreate
                gym.sweep_end = gym.work + SWEEP_SHARE * gym.time_left()
            sweeps += 1
            report.rounds += 1
            swept = gym.improve() | gym.share_fairly()
            if swept and sweeps < SWEEPS:
                continue
        misses, shaken = 0, gym.squeeze()  # athletes without room: shorten to fit them
        while misses < RESHUFFLES and gym.time_left() > 0 and gym.gap() > 0:
            report.rounds += 1
            hit = gym.reshuffle(rng, RESHUFFLE_SIZE)
            shaken |= hit
            misses = 0 if hit else misses + 1
        # Settled with athletes still without room: those in their way lift fewer times.
        # Only here: tried at every round, it steered the search to worse plans (2 of 180
        # small clubs); here, kept only when the score drops, it cannot end worse than
        # where the search settled.
        if not (swept or shaken or gym.squeeze(_spares)):
            break
        sweeps = 0
    for member in gym.unplaced():  # the others have settled: room now?
        gym.place(member, gym.resolve(member))


def room_buckets(timelines: list[Timeline]) -> int:
    """The minutes of the room's time buckets: BUCKET_MINUTES, or less where a lift may
    start or end between two of its marks (a 5-minute grid, 35-minute lifts), so that two
    lifts one after the other never count as sharing a place (every start is on its day's
    grid and every length on the grid from the shortest, or the longest); never below
    FINEST_BUCKET (finer grids count a lift's few odd minutes as its bucket's: never over
    the room's places, at most a few minutes of room unused)."""
    steps = {
        step
        for timeline in timelines
        for week in timeline.weeks
        for step in (
            week.lifting.granularity_minutes,
            week.lifting.min_minutes,
            week.lifting.max_minutes,
        )
    }
    return max(FINEST_BUCKET, math.gcd(BUCKET_MINUTES, *steps))


def _reach(member: Member) -> frozenset[int]:
    """The room's buckets any legal time of the athlete's touches: full buckets elsewhere
    change nothing for them."""
    probe = member.probe()
    reach: set[int] = set()
    for day in day_spans(member.timeline, member.season.rules):
        for start, last in day.spans:
            reach.update(probe.buckets_at(start, last))
    return frozenset(reach)


def _choices(member: Member) -> int:
    """How many legal (start, end) times the athlete's season has in the facility's hours."""
    rules = member.season.rules
    return sum(len(list(day.pairs())) for day in day_spans(member.timeline, rules))


def no_room_reason(gym: _Gym, member: Member) -> str:
    """ "no room in the weight room in week N": N the first week such that the places the
    others fill in weeks 1..N leave ``member`` no plan (a binary search on N; infeasibility
    only grows with N, and all weeks leave none)."""
    full = gym.full(without=member.id)
    midnights = [day.midnight for day in member.timeline.days]

    def week_of(bucket: int) -> int:
        minute = bucket * member.bucket_minutes - member.epoch_minute
        day = max(0, bisect.bisect_right(midnights, minute) - 1)
        return member.timeline.days[day].week

    weeks = {bucket: week_of(bucket) for bucket in full}
    low, high = 1, max(week.number for week in member.timeline.weeks)
    while low < high:
        middle = (low + high) // 2
        prefix = frozenset(b for b, week in weeks.items() if week <= middle)
        if _solve(member, prefix, gym.solve_limit, gym.seed).status.solved:
            low = middle + 1
        else:
            high = middle
    return f"no room in the weight room in week {low}"


def _without(group: Group, invalid: list[str]) -> tuple[Group | None, str]:
    """The group without its members whose season is invalid (None if fewer than two are
    left), and the line that says so."""
    who = listed(invalid)
    whose = "whose season is" if len(invalid) == 1 else "whose seasons are"
    left = [athlete for athlete in group.athletes if athlete not in invalid]
    if len(left) < 2:
        return None, f"group {group.name}: no session: {who}, {whose} invalid, leave no group"
    line = f"group {group.name}: meets without {who}, {whose} invalid"
    return group.model_copy(update={"athletes": left}), line


def _report_group(report: JointReport, group: Group, times: GroupTimes) -> None:
    """The group's line in joint.json, and a line per week it is short of sessions."""
    report.groups[group.name] = {
        "sessions": len(times.fixed[group.athletes[0]]),
        "weeks_without": times.weeks_without,
        "reasons": {str(week): reason for week, reason in times.reasons.items()},
    }
    by_reason: dict[tuple[bool, str], list[int]] = defaultdict(list)
    for week in times.weeks_without:  # one line for the weeks that share a reason
        by_reason[week in times.room_too_small, times.reasons[week]].append(week)
    for (room, reason), weeks in by_reason.items():
        line = f"group {group.name}: {week_list(weeks)}: {reason}"
        (report.over_capacity if room else report.group_warnings).append(line)


def week_list(weeks: list[int]) -> str:
    """``[1, 2, 3, 5]`` -> ``"weeks 1-3, 5"``; ``[4]`` -> ``"week 4"``."""
    from liftplan.explain.conflicts import week_numbers

    text = week_numbers(weeks)
    return f"week {text}" if len(weeks) == 1 else f"weeks {text}"


def _over_capacity(
    gym: _Gym, members: list[Member], group_of: dict[str, tuple[str, tuple[Slot, ...]]]
) -> list[str]:
    """A line per week whose plans put more people in the room than it has places (none
    when the search kept within it), naming who is there and the groups that meet then."""
    crowded = {b for b, n in gym.occupancy().items() if n > gym.capacity}
    there: dict[int, set[str]] = defaultdict(set)  # bucket -> athletes
    groups_there: dict[int, set[str]] = defaultdict(set)
    week_of: dict[int, int] = {}
    for member in members:
        if member.solution is None or member.id not in gym.usage:
            continue
        probe = member.probe()
        name, group_slots = group_of.get(member.id, ("", ()))
        group_times_at = {(slot.start, slot.end) for slot in group_slots}
        for index in member.solution.chosen:
            slot = member.solution.model.slots[index]
            for bucket in crowded.intersection(probe.buckets(slot)):
                there[bucket].add(member.id)
                week_of.setdefault(bucket, member.timeline.days[slot.day].week)
                if (slot.start, slot.end) in group_times_at:
                    groups_there[bucket].add(name)
    lines: dict[int, str] = {}
    for bucket in sorted(there):
        week = week_of[bucket]
        if week in lines:
            continue
        who = ", ".join(sorted(there[bucket]))
        meeting = ", ".join(f"group {g}" for g in sorted(groups_there[bucket]))
        lines[week] = (
            f"week {week}: {len(there[bucket])} people at once ({who}) in a room of "
            f"{gym.capacity} places" + (f"; {meeting} meets then" if meeting else "")
        )
    return [lines[week] for week in sorted(lines)]


def _plans(
    members: list[Member],
    seasons: dict[str, Season],
    settings: SolverSettings,
    group_of: dict[str, tuple[str, tuple[Slot, ...]]],
    no_room: dict[str, str],
) -> dict[str, Plan]:
    """Each athlete's plan (infeasible ones too, with their status; those without room as
    NO_ROOM with the week), ready to write; a lift done with a coached group says so (its
    ``group``)."""
    plans = {}
    for member in members:
        season = seasons[member.id]
        if member.refusal is not None:
            plans[member.id] = refused_plan(season, member.id, settings, member.refusal)
        if member.solution is None:
            continue
        builder = builder_for(season, load_catalogue(season.routines))
        plan = build_plan(season, member.timeline, member.solution, member.id, settings, builder)
        if member.id in no_room:
            update = {"status": Status.NO_ROOM, "diagnosis": [no_room[member.id]]}
            plan = plan.model_copy(update=update)
        elif member.id in group_of:
            plan = _labelled(plan, member, *group_of[member.id])
        plans[member.id] = plan
    return plans


def _labelled(plan: Plan, member: Member, name: str, slots: tuple[Slot, ...]) -> Plan:
    """``plan`` with each lift at one of the group's times marked as done with ``name``."""
    epoch = member.timeline.clock.epoch
    starts = {epoch + dt.timedelta(minutes=slot.start) for slot in slots}
    sessions = [
        session.model_copy(update={"group": name})
        if session.activity == "lift" and session.start in starts
        else session
        for session in plan.sessions
    ]
    return plan.model_copy(update={"sessions": sessions})


__all__ = ["Facility", "JointReport", "plan_jointly"]
