"""Why a season has no plan: a minimal set of rule instances that cannot all hold.

Every hard-rule instance group gets an assumption literal: a slot rule per date (the
availability of a day, no lift the day before a hard run on a day, ...) and a model rule per
week (that week's minimum, its rest days). The diagnosis model holds, for each day, one
representative slot per combination of rules that forbid it, across the whole day, so
that lifting a rule (or adding availability) is visible to the solver. On INFEASIBLE,
CP-SAT returns a sufficient set of assumptions; a deletion filter shrinks it to a minimal one
(dropping any member makes the rest satisfiable).

Every failing week is named: once a core is found, its weekly minimums are taken out of the
assumptions and the search goes on (the same clash a whole number of weeks away is tried
first: one check instead of a search), within a budget of work (counted, not timed: the
same weeks at any load).

CP-SAT needs one worker and no objective for assumptions (OR-Tools #3943).
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from liftplan.models.clock import MINUTES_PER_DAY
from liftplan.models.season import Rules
from liftplan.solver.candidates import Slot, slot_maker
from liftplan.solver.legal import day_spans, fast_arithmetic
from liftplan.solver.objectives import slot_cost
from liftplan.solver.race_weeks import closed_race_weeks, with_closed_race_weeks
from liftplan.solver.rules import DAY_FILTERS, SLOT_FILTERS, RuleContext
from liftplan.solver.solve import limit_time
from liftplan.solver.stoppable import new_solver, solve
from liftplan.timeline import RunEvent, Timeline

AVAILABILITY = "availability"
NO_OVERLAP = "no_overlap_with_runs"
REST = "rest_days_between_lifts"


@dataclass(frozen=True)
class Guard:
    """One rule instance group: ``rule`` on a ``day`` (index), or in a ``week`` (number)."""

    rule: str
    week: int
    day: int | None = None

    def _key(self) -> tuple[str, int, int]:
        # A rule may hold in a week and on days of it (rest days around a re-plan's lift
        # that stands): the week's guard sorts first.
        return (self.rule, self.week, -1 if self.day is None else self.day)

    def __lt__(self, other: Guard) -> bool:
        return self._key() < other._key()


# Extra availability is only suggested at hours people lift: 06:00-21:00 local.
SUGGESTED_HOURS = (6 * 60, 21 * 60)

# When several explanations exist, prefer the plainest: a conflict is first sought among
# these rules in this order, and a later rule is brought in only when needed.
PLAINNESS = (
    "lifts_per_week",
    AVAILABILITY,
    "no_lift_day_before_hard",
    "no_lift_days_before_race",
    "no_lift_days_after_race",
    "rest_days_between_lifts",
    "recovery_hours",
)


# Every failing week is sought within this many seconds, and at most this many conflicts.
# The seconds are counted as work, not read from a clock, so that the same season names the
# same weeks at any load: each check counts the days of the model it solves (a full solve,
# with presolve, three times), at DAYS_PER_SECOND (a quiet 2-core machine: a 208-week
# season's whole-model check is about 0.1-0.3 s).
CORES_TIME_BUDGET = 10.0
DAYS_PER_SECOND = 5000
MAX_CORES = 60


@dataclass(frozen=True)
class Cores:
    """Every minimal conflict found, each holding at least one week's minimum; ``complete``
    is False when the time budget or the cap ended the search before the rest was feasible."""

    cores: tuple[tuple[Guard, ...], ...]
    complete: bool = True

    def __iter__(self) -> Iterator[Guard]:
        """Every guard of every conflict, once, in order."""
        return iter(sorted({guard for core in self.cores for guard in core}))

    def __bool__(self) -> bool:
        return bool(self.cores)


def closing_rules(diagnosis: DiagnosisModel, day: int) -> frozenset[str]:
    """The rules that close ``day`` inside its free windows: the smallest (then plainest) set
    of rules that forbids its slots there; {availability} when no free window fits a lift; the
    empty set when the day has room: the solver's own legal slots (``open_days``) hold one."""
    if day in diagnosis.open_days:
        return frozenset()
    inside = [
        rules for _, rules in diagnosis.classes.get(day, []) if rules and AVAILABILITY not in rules
    ]
    if not inside:
        return frozenset({AVAILABILITY})
    return min(inside, key=lambda rules: (len(rules), sorted(map(plainness, rules))))


def plainness(rule: str) -> int:
    """How plain a rule is to explain (PLAINNESS order; unknown rules last)."""
    return PLAINNESS.index(rule) if rule in PLAINNESS else len(PLAINNESS)


@dataclass
class DiagnosisModel:
    model: cp_model.CpModel
    guards: dict[Guard, cp_model.IntVar]
    # For each day: its cheapest slot for each set of rules that forbid slots there.
    classes: dict[int, list[tuple[Slot, frozenset[str]]]] = field(default_factory=dict)
    # For each day: the most minutes a lift there can leave before the next hard run, and
    # that run (inside the day's free windows when it has any).
    best_recovery: dict[int, tuple[int, RunEvent]] = field(default_factory=dict)
    # The days with a legal slot, from the very list the solver builds its model on
    # (rules.legal_slots): only these "have room".
    open_days: frozenset[int] = frozenset()
    # What the model was built from (race weeks closed), to rebuild a few weeks of it.
    timeline: Timeline | None = None
    rules: Rules | None = None
    # A re-plan's lifts that stand (done before --from, or frozen): a day index per lift.
    # They count in their week and close the rest days around them to other lifts, as the
    # solver's commitments do; weeks wholly before ``history_before`` (a day) need nothing.
    standing: tuple[int, ...] = ()
    history_before: int = 0


def day_classes(timeline: Timeline, rules: Rules, diagnosis: DiagnosisModel) -> None:
    """Fill ``diagnosis.classes`` and ``best_recovery`` from every slot of every day: by
    integer arithmetic when the slot rules and terms are the ones legal.py states (a `Slot`
    only for each class's winner), else from a `Slot` per start (`day_classes_by_slots`).
    Days alike (the same hours of runs, windows and hard runs ahead, the same week's
    lifting) are worked out once: a long season repeats a few weeks' days."""
    if not fast_arithmetic():
        day_classes_by_slots(timeline, rules, diagnosis)
        return
    ctx = RuleContext(timeline, rules)
    recovery = math.ceil(rules.recovery_hours * 60)
    hard_runs = timeline.hard_runs
    hard_starts = [run.start for run in hard_runs]  # as next_hard_run looks them up
    alike: dict[_DayShape, _DayClasses] = {}
    for day in timeline.days:
        week = timeline.week_of(day.index)
        lifting, weights = week.lifting, week.weights
        starts = timeline.grid_starts(day, lifting.granularity_minutes)
        # Each grid start is the instant the clock shows its grid minute: when the starts are
        # midnight plus those minutes (no clock change today), that is the local time.
        # (Compared as sequences: a range never equals a list.)
        steady = range(day.midnight, day.midnight + MINUTES_PER_DAY, lifting.granularity_minutes)
        plain_clock = starts == steady or list(starts) == list(steady)
        origin = day.midnight if plain_clock else 0  # times relative to it
        first = bisect.bisect_left(hard_starts, starts[0]) if starts else 0
        last = bisect.bisect_left(hard_starts, starts[-1]) if starts else 0
        shape = _DayShape(
            starts=range(0, MINUTES_PER_DAY, lifting.granularity_minutes)
            if plain_clock
            else tuple(starts),
            length=lifting.min_minutes,
            runs=tuple(
                (run.start - origin, run.end - origin) for run in timeline.runs_touching(day.index)
            ),
            windows=tuple((low - origin, high - origin) for low, high in day.windows),
            # Every hard run that is the next one for a start, and whether one follows them.
            hard=tuple(start - origin for start in hard_starts[first : last + 1]),
            more=last + 1 < len(hard_starts),
            day_blockers=frozenset(
                rule.name for rule in DAY_FILTERS if rule.blocks_day(day.index, ctx)
            ),
            gap_wish=round(lifting.gap_hours * 60),
            lift_first=week.phase == "base",
            # The slot terms of `slot_cost`, as legal._day_costs states them.
            fixed=weights.easy_day_lift * (0 if day.hard else 1)
            + weights.short_lift_minute * (lifting.max_minutes - lifting.min_minutes),
            wrong_order=weights.wrong_order,
            short_gap=weights.short_gap_minute,
            recovery=recovery,
        )
        if plain_clock:
            found = alike.get(shape)
            if found is None:
                found = alike[shape] = _classes_of(shape, lambda start: start)
        else:  # local time from the clock itself
            found = _classes_of(shape, timeline.minute_of_day)
        slot_at = slot_maker(timeline, day)
        diagnosis.classes[day.index] = [
            (slot_at(origin + start, origin + start + shape.length), key)
            for key, start in found.best
        ]
        if found.gap is not None:
            gap, nth = found.gap
            diagnosis.best_recovery[day.index] = (gap, hard_runs[first + nth])


@dataclass(frozen=True)
class _DayShape:
    """What a day's classes depend on, in minutes from ``origin`` (the day's midnight)."""

    starts: range | tuple[int, ...]
    length: int
    runs: tuple[tuple[int, int], ...]
    windows: tuple[tuple[int, int], ...]
    hard: tuple[int, ...]
    more: bool
    day_blockers: frozenset[str]
    gap_wish: int
    lift_first: bool
    fixed: int
    wrong_order: int
    short_gap: int
    recovery: int


@dataclass(frozen=True)
class _DayClasses:
    best: tuple[tuple[frozenset[str], int], ...]  # (rules, start) of each class's cheapest
    gap: tuple[int, int] | None  # the best recovery gap, and which of the shape's hard runs


def _classes_of(shape: _DayShape, local_of: Callable[[int], int]) -> _DayClasses:
    """`day_classes_by_slots` for one day, in integers: each slot of the shape's length
    from each start, its blockers and its `slot_cost`."""
    length, hard_starts = shape.length, shape.hard
    best: dict[frozenset[str], tuple[tuple[int, int], int]] = {}
    gaps: dict[bool, tuple[int, int]] = {}  # in a window -> best gap, and its hard run
    index = 0
    for start in shape.starts:
        end = start + length
        if any(start < run_end and run_start < end for run_start, run_end in shape.runs):
            continue  # no_overlap_with_runs, never relaxable
        while index < len(hard_starts) and hard_starts[index] < start:
            index += 1
        blockers = set(shape.day_blockers)
        hard = hard_starts[index] if index < len(hard_starts) else None
        if hard is not None and hard - end < shape.recovery:
            blockers.add("recovery_hours")
        if not any(low <= start and end <= high for low, high in shape.windows):
            if not SUGGESTED_HOURS[0] <= local_of(start) <= SUGGESTED_HOURS[1] - length:
                continue
            blockers.add(AVAILABILITY)
        if "recovery_hours" in blockers and hard is not None:
            inside = AVAILABILITY not in blockers
            if inside not in gaps or hard - end > gaps[inside][0]:
                gaps[inside] = (hard - end, index)
        gap_short = 0
        before = after = False
        for run_start, run_end in shape.runs:
            if end <= run_start:
                gap_short += max(0, shape.gap_wish - (run_start - end))
                before = True
            else:  # start >= run_end: the lift does not overlap the run
                gap_short += max(0, shape.gap_wish - (start - run_end))
                after = True
        wrong = after if shape.lift_first else before
        cost = shape.fixed + shape.wrong_order * wrong + shape.short_gap * gap_short
        key = frozenset(blockers)
        rank = (cost, start)
        if key not in best or rank < best[key][0]:
            best[key] = (rank, start)
    return _DayClasses(
        tuple((key, start) for key, (_, start) in best.items()),
        gaps.get(True) or gaps.get(False),
    )


def day_classes_by_slots(timeline: Timeline, rules: Rules, diagnosis: DiagnosisModel) -> None:
    """`day_classes` from a `Slot` per start and every filter asked (the plain statement)."""
    ctx = RuleContext(timeline, rules)
    for day in timeline.days:
        week = timeline.week_of(day.index)
        # A whole-day rule blocks every slot of the day or none: asked once per day.
        day_blockers = {rule.name for rule in DAY_FILTERS if rule.blocks_day(day.index, ctx)}
        length = week.lifting.min_minutes
        best: dict[frozenset[str], tuple[tuple[int, int], Slot]] = {}
        gaps: dict[bool, tuple[int, RunEvent]] = {}  # in a window -> best gap, and its run
        slot_at = slot_maker(timeline, day)
        for start in timeline.grid_starts(day, week.lifting.granularity_minutes):
            slot = slot_at(start, start + length)
            blockers = day_blockers | {rule.name for rule in SLOT_FILTERS if rule.blocks(slot, ctx)}
            if NO_OVERLAP in blockers:  # never relaxable: a lift cannot share a run's time
                continue
            if not any(low <= slot.start and slot.end <= high for low, high in day.windows):
                local = timeline.minute_of_day(slot.start)  # wall clock, even on a DST day
                if not SUGGESTED_HOURS[0] <= local <= SUGGESTED_HOURS[1] - length:
                    continue
                blockers.add(AVAILABILITY)
            run = timeline.next_hard_run(slot.start)
            if "recovery_hours" in blockers and run is not None:
                inside = AVAILABILITY not in blockers
                gap = run.start - slot.end
                if inside not in gaps or gap > gaps[inside][0]:
                    gaps[inside] = (gap, run)
            key = frozenset(blockers)
            rank = (slot_cost(slot, week.weights), slot.start)
            if key not in best or rank < best[key][0]:
                best[key] = (rank, slot)
        diagnosis.classes[day.index] = [(slot, key) for key, (_, slot) in best.items()]
        if gaps:
            diagnosis.best_recovery[day.index] = gaps.get(True) or gaps[False]


def blockers_at(timeline: Timeline, rules: Rules, day: int, start: int, length: int) -> set[str]:
    """The rules that forbid a ``length`` min lift from ``start`` (minutes) on ``day``:
    availability when it lies outside the day's free windows."""
    ctx = RuleContext(timeline, rules)
    slot = slot_maker(timeline, timeline.days[day])(start, start + length)
    blockers = {rule.name for rule in (*DAY_FILTERS, *SLOT_FILTERS) if rule.blocks(slot, ctx)}
    if not any(low <= slot.start and slot.end <= high for low, high in timeline.days[day].windows):
        blockers.add(AVAILABILITY)
    return blockers


def build_diagnosis_model(
    timeline: Timeline,
    rules: Rules,
    standing: tuple[int, ...] = (),
    history_before: int = 0,
) -> DiagnosisModel:
    """The guarded model of ``timeline``; a re-plan's ``standing`` lifts (a day index per
    lift) and ``history_before`` as in `DiagnosisModel`."""
    ctx = RuleContext(timeline, rules)
    # The days with a legal slot, from the very facts the solver builds its model on
    # (solver/legal.day_spans): only these "have room".
    open_days = frozenset(spans.day for spans in day_spans(timeline, rules))
    timeline = with_closed_race_weeks(timeline, closed_race_weeks(ctx, open_days))
    model = cp_model.CpModel()
    diagnosis = DiagnosisModel(
        model,
        {},
        open_days=open_days,
        timeline=timeline,
        rules=rules,
        standing=tuple(sorted(standing)),
        history_before=history_before,
    )
    day_classes(timeline, rules, diagnosis)
    _add_weeks(model, diagnosis.guards, diagnosis, timeline, rules, None)
    return diagnosis


def _add_weeks(
    model: cp_model.CpModel,
    guards: dict[Guard, cp_model.IntVar],
    diagnosis: DiagnosisModel,
    timeline: Timeline,
    rules: Rules,
    weeks: frozenset[int] | None,
) -> None:
    """The diagnosis constraints of ``weeks`` (numbers; None: the whole season) into
    ``model``, each guard a literal of ``guards`` (made on first use, in a fixed order)."""

    made: dict[tuple[str, int, int | None], cp_model.IntVar] = {}  # by plain tuple: cheaper

    def guard(rule: str, week: int, day: int | None = None) -> cp_model.IntVar:
        literal = made.get((rule, week, day))
        if literal is None:
            key = Guard(rule, week, day)
            if key not in guards:
                guards[key] = model.new_bool_var(f"guard({rule}, week {week}, day {day})")
            literal = made[rule, week, day] = guards[key]
        return literal

    lift_day: dict[int, cp_model.IntVar] = {}
    day_lifts: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    standing = set(diagnosis.standing)
    rest = rules.rest_days_between_lifts
    for day, classes in diagnosis.classes.items():
        week = timeline.days[day].week
        if weeks is not None and week not in weeks:
            continue
        if day in standing:  # a lift stands there (counted below): no other is placed
            continue
        flag = lift_day[day] = model.new_bool_var(f"lift_day({day})")
        for slot, blockers in classes:
            lift = model.new_bool_var(f"lift({day}, {slot.start})")
            day_lifts[day].append(lift)
            model.add_implication(lift, flag)
            for rule in sorted(blockers):
                model.add(lift == 0).only_enforce_if(guard(rule, week, day))
        model.add(sum(day_lifts[day]) >= flag)
        # Always enforced: several slots of one day stand for the same lift, not for more.
        model.add(sum(day_lifts[day]) <= rules.max_lifts_per_day)
        # A lift that stands closes its rest days to the lifts to come (rules.rest_days).
        if any(0 < abs(day - other) <= rest for other in standing):
            model.add(flag == 0).only_enforce_if(guard("rest_days_between_lifts", week, day))

    span = rules.rest_days_between_lifts + 1
    firsts = range(len(timeline.days))
    if weeks is not None and lift_day:  # only the windows that reach these weeks' days
        firsts = range(max(0, min(lift_day) - span + 1), max(lift_day) + 1)
    for first in firsts:
        days = [day for day in range(first, first + span) if day in lift_day]
        if span > 1 and len(days) > 1:
            model.add(sum(lift_day[d] for d in days) <= 1).only_enforce_if(
                guard("rest_days_between_lifts", timeline.days[first].week)
            )
    for season_week in timeline.weeks:
        if weeks is not None and season_week.number not in weeks:
            continue
        count = sum(lift for day in season_week.days for lift in day_lifts[day])
        stood = sum(1 for day in diagnosis.standing if day in season_week.days)
        model.add(count + stood <= max(season_week.max_lifts, stood))
        if season_week.days[-1] < diagnosis.history_before:
            continue  # a week lived: what happened, happened (commitments.with_history)
        if season_week.min_lifts:
            model.add(count + stood >= season_week.min_lifts).only_enforce_if(
                guard("lifts_per_week", season_week.number)
            )


def can_meet_minimums(diagnosis: DiagnosisModel, keys: list[Guard], weeks: frozenset[int]) -> bool:
    """Whether lifts fit ``weeks`` (numbers) with every guard of ``keys`` holding: the answer
    of `_add_weeks`'s model of those weeks with ``keys`` assumed, without building it.

    A day takes up to ``max_lifts_per_day`` lifts, one per slot no assumed guard forbids
    (none on a rest day of a lift that stands, when that guard is assumed); lift days keep
    apart as each assumed rest window asks; a week holds at most its maximum and, when its
    guard is assumed, at least its minimum (lifts that stand count). The days are walked in
    order, keeping each reachable (last lift day, lift days this week, most lifts this week);
    a week's lift days need one lift each and may take up to their room, so the week holds
    iff the room (up to its maximum) reaches its minimum. Needs ``diagnosis.timeline`` and
    ``rules``; ValueError without them."""
    timeline, rules = diagnosis.timeline, diagnosis.rules
    if timeline is None or rules is None:
        raise ValueError("the diagnosis model keeps no timeline or rules")
    # The assumed guards sorted by what they close (a `Guard` made per slot and asked of a
    # set of them would cost more than the whole walk).
    closing: dict[int, set[str]] = defaultdict(set)  # day -> the rules assumed on it
    rest_weeks: set[int] = set()  # weeks whose rest windows are assumed
    minimum_weeks: set[int] = set()  # weeks whose minimum is assumed
    for guard in keys:
        if guard.day is not None:
            if timeline.days[guard.day].week == guard.week:  # else no guard of the model
                closing[guard.day].add(guard.rule)
        elif guard.rule == REST:
            rest_weeks.add(guard.week)
        elif guard.rule == "lifts_per_week":
            minimum_weeks.add(guard.week)
    rest = rules.rest_days_between_lifts
    standing = set(diagnosis.standing)

    def kept_apart(last: int, day: int) -> bool:
        """Whether an assumed rest window holds both lift days (at most one lift day)."""
        return any(
            timeline.days[first].week in rest_weeks for first in range(max(0, day - rest), last + 1)
        )

    states: set[tuple[int | None, int, int]] = {(None, 0, 0)}
    for number in sorted(weeks):
        week = timeline.weeks[number - 1]
        stood = sum(1 for day in standing if day in week.days)
        most = max(week.max_lifts, stood) - stood
        guarded = week.days[-1] >= diagnosis.history_before and week.min_lifts > 0
        need = max(0, week.min_lifts - stood) if guarded and number in minimum_weeks else 0
        states = {(last, 0, 0) for last, _, _ in states}
        for day in week.days:
            if day in standing or day not in diagnosis.classes:
                continue  # no lift of ours there (in the model: no lift_day)
            closed = closing.get(day, set())
            room = sum(1 for _, blockers in diagnosis.classes[day] if closed.isdisjoint(blockers))
            room = min(room, rules.max_lifts_per_day)
            if REST in closed and any(0 < abs(day - other) <= rest for other in standing):
                room = 0
            if not room:
                continue
            states |= {
                (day, days + 1, min(need, lifts + room))
                for last, days, lifts in states
                if days < most and (last is None or day - last > rest or not kept_apart(last, day))
            }
        states = {state for state in states if min(state[2], most) >= need}
        if not states:
            return False
    return True


class CoreFinder:
    """Finds a minimal infeasible set of guards with CP-SAT assumptions."""

    def __init__(self, diagnosis: DiagnosisModel, time_limit: float = 10.0) -> None:
        self.diagnosis = diagnosis
        self.solver = new_solver()
        self.solver.parameters.num_workers = 1  # assumptions need a single worker
        limit_time(self.solver, time_limit)  # deterministic: the same core at any load
        self.solver.parameters.random_seed = 0
        self._by_index = {var.index: key for key, var in diagnosis.guards.items()}
        self.work = 0  # days solved so far: the budget's clock (see DAYS_PER_SECOND)
        # Yes/no checks need no presolve, LP or probing: loading the model is their cost.
        self.lean = new_solver()
        lean = self.lean.parameters
        lean.num_workers = 1
        lean.random_seed = 0
        lean.cp_model_presolve = False
        lean.linearization_level = 0
        lean.cp_model_probing_level = 0
        lean.symmetry_level = 0
        limit_time(self.lean, time_limit)

    def infeasible(self, keys: list[Guard], *, quick: bool = False) -> bool:
        """Whether the guards ``keys`` alone cannot all hold. ``quick``: only the yes/no is
        wanted; otherwise an infeasible answer comes from the full solve (presolve on), whose
        sufficient assumptions the core search starts from.

        The yes/no is exact and cheap: every constraint but a week's minimum holds with no
        lift at all, so without a weekly minimum among ``keys`` the answer is no, and with
        some, only those weeks' lifts matter (a lift elsewhere helps no minimum and may
        always be left out): a few weeks are solved as a model of their own."""
        weeks = frozenset(g.week for g in keys if g.rule == "lifts_per_week")
        if not weeks:
            return False
        answer = self._check(keys, weeks)
        if answer is False or (answer and quick):
            return answer
        model = self.diagnosis.model  # infeasible (or undecided): the full solve, as ever
        self.work += 3 * len(self.diagnosis.classes)
        model.clear_assumptions()
        model.add_assumptions([self.diagnosis.guards[key] for key in keys])
        self.solver.parameters.cp_model_presolve = not quick
        return solve(self.solver, model) == cp_model.INFEASIBLE

    def _check(self, keys: list[Guard], weeks: frozenset[int]) -> bool | None:
        """Whether ``keys`` cannot all hold; None when undecided. The work counted is that of
        a lean solve (no presolve, no LP) of the ``weeks`` alone when they are few, else of
        the whole model (`check_by_solve`); the answer is the same without any solve:
        `can_meet_minimums` walks the weeks' days (so the same weeks are named)."""
        diagnosis = self.diagnosis
        if diagnosis.timeline is None or diagnosis.rules is None:
            self.work += len(diagnosis.classes)
            return self.check_by_solve(keys, weeks)
        if 4 * len(weeks) > len(diagnosis.timeline.weeks):
            self.work += len(diagnosis.classes)
        else:
            self.work += 7 * len(weeks)
        return not can_meet_minimums(diagnosis, keys, weeks)

    def check_by_solve(self, keys: list[Guard], weeks: frozenset[int]) -> bool | None:
        """`_check` by a lean CP-SAT solve (no presolve, no LP) of the ``weeks`` alone when
        they are few, else of the whole model: the plain statement `can_meet_minimums`
        stands for. None when undecided."""
        diagnosis = self.diagnosis
        if (
            diagnosis.timeline is None
            or diagnosis.rules is None
            or 4 * len(weeks) > len(diagnosis.timeline.weeks)
        ):
            model, guards = diagnosis.model, diagnosis.guards
        else:
            model, guards = cp_model.CpModel(), {}
            _add_weeks(model, guards, diagnosis, diagnosis.timeline, diagnosis.rules, weeks)
        model.clear_assumptions()
        model.add_assumptions([guards[key] for key in keys if key in guards])
        status = solve(self.lean, model)
        if status == cp_model.INFEASIBLE:
            return True
        return False if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else None

    def minimal_core(self, explained: frozenset[Guard] = frozenset()) -> list[Guard]:
        """A minimal conflict, among the plainest rules that can explain it, without the
        weekly minimums already ``explained``."""
        every = sorted(
            (g for g in self.diagnosis.guards if g not in explained),
            key=lambda g: (plainness(g.rule), g),
        )
        for last in range(1, len(PLAINNESS) + 1):
            plain = [g for g in every if plainness(g.rule) < last]
            if self.infeasible(plain):
                break
        else:
            return []
        core = sorted(
            self._by_index[index]
            for index in self.solver.sufficient_assumptions_for_infeasibility()
        )
        for key in list(core):  # deletion filter: keep only what the conflict needs
            trial = [other for other in core if other != key]
            if self.infeasible(trial, quick=True):
                core = trial
        return core

    def all_cores(self, budget: float = CORES_TIME_BUDGET, cap: int = MAX_CORES) -> Cores:
        """A minimal conflict for every failing week, as far as ``budget`` seconds of work
        allow (counted, not timed: the same conflicts at any load)."""
        self.work = 0
        allowed = budget * DAYS_PER_SECOND
        cores: list[tuple[Guard, ...]] = []
        explained: set[Guard] = set()
        weeks = sorted({g.week for g in self.diagnosis.guards if g.rule == "lifts_per_week"})
        core = self.minimal_core()
        while core:
            found = [tuple(core)]
            # The same clash whole weeks away (a weekly pattern): one check, not a search.
            for week in weeks:
                if self.work > allowed or len(cores) + len(found) >= cap:
                    break
                moved = self._shifted(core, week - core[0].week)
                if moved and not explained & set(moved) and self.infeasible(moved, quick=True):
                    found.append(tuple(moved))
                    explained |= {g for g in moved if g.rule == "lifts_per_week"}
            cores += found
            explained |= {g for g in core if g.rule == "lifts_per_week"}
            if self.work > allowed or len(cores) >= cap:
                return Cores(tuple(sorted(cores)), complete=False)
            core = self.minimal_core(frozenset(explained))
        return Cores(tuple(sorted(cores)))

    def _shifted(self, core: list[Guard], weeks: int) -> list[Guard] | None:
        """``core`` moved by whole ``weeks`` (7 days each), if every guard exists there."""
        if weeks == 0:
            return None
        moved = [
            Guard(g.rule, g.week + weeks, None if g.day is None else g.day + 7 * weeks)
            for g in core
        ]
        return moved if all(g in self.diagnosis.guards for g in moved) else None


def find_core(timeline: Timeline, rules: Rules) -> tuple[list[Guard], DiagnosisModel]:
    """The plainest minimal conflict (of the first failing week the search meets)."""
    diagnosis = build_diagnosis_model(timeline, rules)
    return CoreFinder(diagnosis).minimal_core(), diagnosis


def find_cores(
    timeline: Timeline,
    rules: Rules,
    budget: float = CORES_TIME_BUDGET,
    standing: tuple[int, ...] = (),
    history_before: int = 0,
) -> tuple[Cores, DiagnosisModel]:
    """A minimal conflict for every failing week (within ``budget`` seconds); a re-plan's
    ``standing`` lifts and ``history_before`` as in `DiagnosisModel`."""
    diagnosis = build_diagnosis_model(timeline, rules, standing, history_before)
    return CoreFinder(diagnosis).all_cores(budget), diagnosis
