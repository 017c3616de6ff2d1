"""The changes that make an infeasible season plannable, a coach's first, each proven by a solve.

A coach's repairs come first (size 1-3): one full lift fewer plus a short core session in the
weeks that fail, a shorter lift where a shorter one fits a closed day, a lift straight after
the day's session, a free window where only the window is missing, an easy run instead of a
hard one (never a race), one lift fewer. A local fix that leaves another conflict is extended
with the gentlest local fix of the next one, a few times at most. Then the rules relaxed for
the whole season (size 5 and up), each by the smallest step from today's value that solves
(48 h -> 47 h before 48 h -> 44 h). Every repair is test-solved; one whose plan is worse for
the runner (fewer lifts, or as many and a higher objective) than a repair listed before it is
dropped.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from dataclasses import dataclass, field, replace
from typing import TypeVar

from liftplan.errors import InputError
from liftplan.explain.conflicts import alike_weeks, short_day, week_numbers
from liftplan.models.explanation import Repair
from liftplan.models.patch import SeasonPatch, patched
from liftplan.models.plan import Status
from liftplan.models.season import WEEKDAYS, Rules, Season
from liftplan.models.settings import NoTimeToWeigh
from liftplan.models.wording import DAY_NAMES, count, plural
from liftplan.solver.budget import weighing
from liftplan.solver.core_sessions import place_core_sessions
from liftplan.solver.infeasibility import (
    AVAILABILITY,
    Cores,
    DiagnosisModel,
    Guard,
    blockers_at,
    closing_rules,
    find_core,
)
from liftplan.solver.objectives import slot_cost
from liftplan.solver.solve import solve_timeline
from liftplan.timeline import Timeline, build_timeline

MAX_ROUNDS = 4  # fixes chained after the first one
MAX_FIRST_FIXES = 8
MAX_DIAGNOSES = 12  # conflicts diagnosed again while chaining, over all first fixes
# ... and at most this many week-diagnoses in all: a long season's diagnosis takes seconds.
DIAGNOSED_WEEKS = 60
SHORTEST_LIFT = 20  # minutes: a shorter lift is no longer a strength session
RELAXATION = 5  # the size of a season-wide relaxation by one step; a coach's repairs are below


@dataclass(frozen=True)
class Fix:
    patches: tuple[SeasonPatch, ...]
    description: str
    size: int
    cost: int = 0  # among equal sizes, prefer the fix that allows the better lift
    coach: bool = True  # a coach's repair; False: a rule relaxed for the whole season
    # (week, core sessions) it promises: a repair whose plan has fewer there (no easy day
    # outside a race's no-lift days, or a week or phase that asks for none) does not do what
    # it says.
    core_weeks: tuple[tuple[int, int], ...] = ()

    @property
    def sets(self) -> tuple[str, ...]:
        """The fix as ``--set`` texts, as a runner would type them."""
        return tuple(patch.text for patch in self.patches)


@dataclass(frozen=True)
class Outcome:
    """What a test solve of a repaired season gives the runner."""

    lifts: int
    objective: int
    cores: dict[int, int] = field(default_factory=dict)  # week -> core sessions placed


def _local(timeline: Timeline, minute: int) -> str:
    return timeline.to_local(minute).strftime("%H:%M")


# The repair search's budget is counted as work, not read from a clock, so the same season
# gets the same repairs at any load: each test solve counts the days of the season it builds
# and solves, at REPAIR_DAYS_PER_SECOND (a 208-week season, 1,456 days, takes about 1.5-2.5 s
# on 2 busy cores) -- or, when more, the build's own estimate (solver/budget.py) in days: a
# 6-week season on a 1-minute grid weighs millions of lift times, seconds for 42 days.
REPAIR_DAYS_PER_SECOND = 700
STOPPED = "repairs: search stopped at the time limit; raise --time-limit"


@dataclass
class RepairBudget:
    """Seconds of work the repair search may spend; ``stopped`` once it ran out."""

    seconds: float
    days: int = 0
    stopped: bool = False

    def spend(self, days: int) -> None:
        """Count one test solve of ``days`` days; raises `OutOfBudget` past the budget."""
        if self.days + days > self.seconds * REPAIR_DAYS_PER_SECOND:
            self.stopped = True
            raise OutOfBudget
        self.days += days


class OutOfBudget(Exception):
    """The repair search's budget ran out: the repairs found so far are all there is."""


_BUDGET: ContextVar[RepairBudget | None] = ContextVar("repair_budget", default=None)


@contextmanager
def _spending(budget: RepairBudget | None) -> Iterator[None]:
    token = _BUDGET.set(budget)
    try:
        yield
    finally:
        _BUDGET.reset(token)


def solve_charge(timeline: Timeline, rules: Rules) -> int:
    """What one test solve of ``timeline`` costs the repair budget, in days' work: its days,
    or the seconds building its model is estimated to take (solver/budget.py) when that is
    more, at REPAIR_DAYS_PER_SECOND. Counts only, so the same season costs the same."""
    build = weighing(timeline).seconds(rules.max_lifts_per_day > 1)
    return max(len(timeline.days), math.ceil(build * REPAIR_DAYS_PER_SECOND))


def test_solve(season: Season) -> Outcome | None:
    """The repaired season's plan in numbers, or None when it still has no plan.

    Raises `OutOfBudget` when the running repair search's budget has no room for it."""
    budget = _BUDGET.get()
    timeline = build_timeline(season)
    if budget is not None:
        budget.spend(solve_charge(timeline, season.rules))
    try:
        solution = solve_timeline(timeline, season.rules, time_limit=10)
    except NoTimeToWeigh:  # too large to weigh in a repair's solve: the search stops here
        if budget is not None:
            budget.stopped = True
        raise OutOfBudget from None
    if solution.status is Status.INFEASIBLE or solution.objective is None:
        return None
    lift_days = {solution.model.slots[index].day for index in solution.chosen}
    placed = Counter(
        timeline.days[core.day].week
        for core in place_core_sessions(timeline, season.rules, lift_days)
    )
    return Outcome(len(solution.chosen), solution.objective, dict(placed))


def feasible(season: Season) -> bool:
    return test_solve(season) is not None


# --- a coach's repairs ----------------------------------------------------------------------


def lift_and_core(season: Season, timeline: Timeline, groups: list[list[int]]) -> Fix | None:
    """One full lift fewer plus a short core session in every failing week: season-wide when
    several weeks fail alike at the season's own minimum, else written for each week (one
    failing week is mended in that week, not in every week of the season)."""
    weeks = sorted(week for group in groups for week in group)
    lifting = season.lifting
    minimums = {timeline.weeks[w - 1].min_lifts for w in weeks}
    cores = {timeline.weeks[w - 1].lifting.core_sessions for w in weeks}
    if not weeks or 0 in minimums or max(cores) >= 3:
        return None
    minutes = timeline.weeks[weeks[0] - 1].lifting.core_minutes
    several = len(weeks) > 1 or len(timeline.weeks) == 1
    if len(groups) == 1 and several and minimums == {lifting.per_week.min}:
        low = lifting.per_week.min - 1
        patches: tuple[SeasonPatch, ...] = (
            SeasonPatch("lifting.per_week.min", low),
            SeasonPatch("lifting.core_sessions", lifting.core_sessions + 1),
        )
        where = "a week"
    else:
        patches = tuple(
            patch
            for w in weeks
            for patch in (
                SeasonPatch(
                    f"week_overrides.{w}.lifting.per_week.min", timeline.weeks[w - 1].min_lifts - 1
                ),
                SeasonPatch(
                    f"week_overrides.{w}.lifting.core_sessions",
                    timeline.weeks[w - 1].lifting.core_sessions + 1,
                ),
            )
        )
        low = min(minimums) - 1
        where = f"in {plural(len(weeks), 'week')} {week_numbers(weeks)}"
    full = "one full lift" if low == 1 else count(low, "full lift")
    core = f"a short core session ({minutes} min, on an easy day)"
    if len(minimums) > 1:  # weeks asking for different numbers: say it per week, not as one
        words = f"one full lift fewer {where} plus {core}"
    else:
        words = f"{full} {where} plus {core} instead of {max(minimums)} lifts"
    # one core session more than the week has now, in each failing week
    promised = tuple((w, timeline.weeks[w - 1].lifting.core_sessions + 1) for w in weeks)
    return Fix(patches, words, 1, core_weeks=promised)


def shorter_lift(
    season: Season, timeline: Timeline, weeks: list[int], diagnosis: DiagnosisModel
) -> Fix | None:
    """A shorter lift in the failing weeks, when that alone ends a closed day's lift in time
    for the next hard run."""
    rules = season.rules
    best: int | None = None
    for week in weeks:
        length = timeline.weeks[week - 1].lifting.min_minutes
        for day in timeline.weeks[week - 1].days:
            if closing_rules(diagnosis, day) != {"recovery_hours"}:
                continue
            if day not in diagnosis.best_recovery:
                continue
            short = math.ceil(rules.recovery_hours * 60) - diagnosis.best_recovery[day][0]
            minutes = (length - short) // 5 * 5
            if SHORTEST_LIFT <= minutes < length and (best is None or minutes > best):
                best = minutes
    if best is None:
        return None
    patches = tuple(SeasonPatch(f"week_overrides.{w}.lifting.minutes", best) for w in weeks)
    where = f"{plural(len(weeks), 'week')} {week_numbers(weeks)}"
    return Fix(patches, f"a short lift ({best} min) in {where}", 1)


def straight_after(season: Season, timeline: Timeline, groups: list[list[int]]) -> list[Fix]:
    """A lift straight after a closed day's hard session, where only the free window is
    missing then: the same window every week when the weeks fail alike."""
    fixes = []
    for group in groups:
        first = timeline.weeks[group[0] - 1]
        for day in first.days:
            info = timeline.days[day]
            length = first.lifting.min_minutes
            for run in (r for r in timeline.runs_touching(day) if r.hard and r.last_day == day):
                starts = [
                    s
                    for s in timeline.grid_starts(info, first.lifting.granularity_minutes)
                    if s >= run.end
                ]
                if not starts or blockers_at(timeline, season.rules, day, starts[0], length) != {
                    AVAILABILITY
                }:
                    continue
                window = f"{_local(timeline, starts[0])}-{_local(timeline, starts[0] + length)}"
                name = DAY_NAMES[info.date.weekday()]
                if len(group) > 1:
                    key = WEEKDAYS[info.date.weekday()]
                    weekly = [str(w) for w in season.availability.weekly.get(key, [])]
                    patch = SeasonPatch(f"availability.weekly.{info.weekday}", [*weekly, window])
                    where = f"every {name}"
                else:
                    dated = [str(w) for w in season.availability.windows_on(info.date)]
                    patch = SeasonPatch(f"availability.dates.{info.date}", [*dated, window])
                    where = f"on {short_day(timeline, day)}"
                fixes.append(
                    Fix(
                        (patch,),
                        f"lift straight after {name}'s {run.kind}: be free {window} {where}",
                        1,
                    )
                )
    return fixes


def one_lift_fewer(timeline: Timeline, weeks: list[int]) -> Fix | None:
    """One lift fewer in each failing week, written for each week."""
    lows = {w: timeline.weeks[w - 1].min_lifts - 1 for w in weeks}
    if min(lows.values(), default=-1) < 0:
        return None
    patches = tuple(
        SeasonPatch(f"week_overrides.{w}.lifting.per_week.min", low) for w, low in lows.items()
    )
    where = f"{plural(len(weeks), 'week')} {week_numbers(weeks)}"
    return Fix(patches, f"one lift fewer in {where}", 2)


def lifts_fewer(week: int, before: int, after: int) -> str:
    """A week's minimum lowered from ``before`` to ``after`` lifts, in words: ``one lift
    fewer in week 3 (1)``, ``2 lifts fewer in week 3 (1)``, ``no lifts asked in week 3``."""
    if after == 0:
        return f"no lifts asked in week {week}"
    fewer = "one lift" if before - after == 1 else count(before - after, "lift")
    return f"{fewer} fewer in week {week} ({after})"


WEEK_MINIMUM = re.compile(r"week_overrides\.(\d+)\.lifting\.per_week\.min")


def _restated(step: Fix, timeline: Timeline) -> Fix:
    """A chained week-minimum step says the whole change from the season's minimum: two
    steps of one lift fewer on one week are told as 2 lifts fewer, not as the last one."""
    if len(step.patches) != 1 or not isinstance(step.patches[0].value, int):
        return step
    patch = step.patches[0]
    match = WEEK_MINIMUM.fullmatch(patch.path)
    if match is None:
        return step
    week = int(match.group(1))
    before = timeline.weeks[week - 1].lifting.per_week.min
    if before - patch.value == 1:
        return step
    return replace(step, description=lifts_fewer(week, before, patch.value))


def fixes_for(
    guard: Guard, season: Season, timeline: Timeline, diagnosis: DiagnosisModel
) -> list[Fix]:
    """A coach's local ways to lift one rule instance, gentlest first."""
    fixes: list[Fix] = []
    if guard.rule == "lifts_per_week":
        lowest = timeline.weeks[guard.week - 1].lifting.per_week.min - 1
        if lowest >= 0:
            path = f"week_overrides.{guard.week}.lifting.per_week.min"
            fixes.append(
                Fix(
                    (SeasonPatch(path, lowest),),
                    lifts_fewer(guard.week, lowest + 1, lowest),
                    2,
                )
            )
        return fixes
    if guard.day is None:
        return fixes
    day = timeline.days[guard.day]
    date = day.date.isoformat()
    if guard.rule == AVAILABILITY:
        weights = timeline.week_of(guard.day).weights
        only_availability = [
            s for s, b in diagnosis.classes.get(guard.day, []) if b == {AVAILABILITY}
        ]
        if only_availability:
            slot = min(only_availability, key=lambda s: (slot_cost(s, weights), s.start))
            cost = slot_cost(slot, weights)
            window = f"{_local(timeline, slot.start)}-{_local(timeline, slot.end)}"
            windows = [str(w) for w in season.availability.windows_on(day.date)] + [window]
            fixes.append(
                Fix(
                    (SeasonPatch(f"availability.dates.{date}", windows),),
                    f"be free {window} on {short_day(timeline, guard.day)}",
                    1,
                    cost,
                )
            )
            if len(timeline.weeks) > 1:  # the same window every week, when weeks repeat
                weekday = WEEKDAYS[day.date.weekday()]
                weekly = [str(w) for w in season.availability.weekly.get(weekday, [])]
                fixes.append(
                    Fix(
                        (SeasonPatch(f"availability.weekly.{day.weekday}", [*weekly, window]),),
                        f"be free {window} every {DAY_NAMES[day.date.weekday()]}",
                        1,  # one change for the runner, however many weeks it mends
                        cost,
                    )
                )
    elif guard.rule == "no_lift_day_before_hard" and guard.day + 1 < len(timeline.days):
        tomorrow = timeline.days[guard.day + 1]
        # A race stays hard: "run easy" is never said of a race day.
        if not any(run.is_race for run in timeline.runs_touching(tomorrow.index)):
            runs = [
                run.model_dump(mode="json", exclude_none=True) | {"hard": False}
                for run in season.runs.runs_on(tomorrow.date)
            ]
            fixes.append(
                Fix(
                    (SeasonPatch(f"runs.dates.{tomorrow.date}", runs),),
                    f"run easy on {short_day(timeline, guard.day + 1)}",
                    2,
                )
            )
    return fixes


# --- rules relaxed for the whole season -----------------------------------------------------


def _steps(start: int, stop: int = 0) -> list[int]:
    """``start - 1`` down to ``stop``: the smallest change first."""
    return list(range(start - 1, stop - 1, -1))


def relaxations(
    season: Season,
    timeline: Timeline,
    rules_in_play: set[str],
    diagnosis: DiagnosisModel,
    weeks: list[int],
) -> list[Fix]:
    """For each rule in the conflicts, the smallest season-wide change from today's value
    that solves (one step at a time; a step that opens no day is skipped without a solve)."""
    rules = season.rules
    fixes = []
    tries: list[tuple[str, str, list[int], int]] = []
    if "recovery_hours" in rules_in_play:
        # A value opens a day only when it reaches that day's best gap: higher ones open none.
        gaps = [
            diagnosis.best_recovery[day][0] // 60
            for week in weeks
            for day in timeline.weeks[week - 1].days
            if day in diagnosis.best_recovery
        ]
        today = math.ceil(rules.recovery_hours)
        values = [v for v in _steps(today) if gaps and v <= max(gaps)]
        tries.append(
            (
                "rules.recovery_hours",
                f"need {{}} h of recovery before a hard run instead of {rules.recovery_hours:g} h",
                values,
                0,
            )
        )
    if "rest_days_between_lifts" in rules_in_play:
        rest = rules.rest_days_between_lifts
        tries.append(
            (
                "rules.rest_days_between_lifts",
                f"leave {{}} rest day{{s}} between lift days instead of {rest}",
                _steps(rest),
                0,
            )
        )
    for rule in ("no_lift_days_before_race", "no_lift_days_after_race"):
        if rule in rules_in_play and timeline.races:
            today = max(rules.race_days(rule, race.race) for race in timeline.races)
            words = f"{rule} = {{}} instead of {today}"
            tries.append((f"rules.{rule}", words, _steps(today), 0))
    if "lifts_per_week" in rules_in_play and season.lifting.per_week.min > 0:
        low = season.lifting.per_week.min
        tries.append(
            (
                "lifting.per_week.min",
                f"ask for {{}} lift{{s}} a week instead of {low}",
                _steps(low),
                1,
            )
        )
    for path, words, values, extra in tries:
        for value in values:  # the smallest change first; stop at the first that solves
            try:
                if feasible(patched(season, [SeasonPatch(path, value)])):
                    steps = _steps_between(path, rules, season, value)
                    guide = 4 if path == "rules.recovery_hours" and value < 24 else 0
                    fixes.append(
                        Fix(
                            (SeasonPatch(path, value),),
                            words.format(value, s="" if value == 1 else "s"),
                            RELAXATION + steps - 1 + extra + guide,
                            coach=False,
                        )
                    )
                    break
            except (InputError, ValueError):  # a value the season refuses ends the search
                break
    if "no_lift_day_before_hard" in rules_in_play and rules.no_lift_day_before_hard:
        patch = SeasonPatch("rules.no_lift_day_before_hard", False)
        if feasible(patched(season, [patch])):
            fixes.append(
                Fix(
                    (patch,), "allow lifting the day before a hard run", RELAXATION + 3, coach=False
                )
            )
    return fixes


def _steps_between(path: str, rules: Rules, season: Season, value: int) -> int:
    """How many unit steps ``value`` lies from today's value at ``path``."""
    if path == "lifting.per_week.min":
        return season.lifting.per_week.min - value
    today = getattr(rules, path.removeprefix("rules."))
    return max(1, math.ceil(today) - value) if today is not None else 1


# --- chaining, testing and choosing ---------------------------------------------------------


def _merged(steps: list[Fix]) -> list[SeasonPatch]:
    """The patches of chained fixes; a later value for the same path replaces the earlier."""
    by_path: dict[str, SeasonPatch] = {}
    for step in steps:
        for patch in step.patches:
            by_path[patch.path] = patch
    return list(by_path.values())


def _surviving(steps: list[Fix]) -> list[Fix]:
    """The steps not wholly replaced by a later step on the same paths."""
    later: set[str] = set()
    kept = []
    for step in reversed(steps):
        paths = {patch.path for patch in step.patches}
        if not paths <= later:
            kept.append(step)
        later |= paths
    return kept[::-1]


def _kind(sets: Iterable[str]) -> str:
    """What a fix changes, without the value: ``availability.weekly`` ..."""
    return " ".join(sorted({text.split("=")[0].rsplit(".", 1)[0] for text in sets}))


def _next_fix(season: Season, patches: list[SeasonPatch], kind: str) -> Fix | None:
    """The gentlest local fix of the next conflict once ``patches`` apply; one of ``kind`` if
    any, so that a repair stays of a piece (every Tuesday, then every Thursday)."""
    changed = patched(season, patches)
    timeline = build_timeline(changed)
    core, diagnosis = find_core(timeline, changed.rules)
    options = [fix for guard in core for fix in fixes_for(guard, changed, timeline, diagnosis)]
    return min(options, key=lambda fix: (_kind(fix.sets) != kind, fix.size, fix.sets), default=None)


def _essential(sets: Iterable[str]) -> frozenset[str]:
    """A repair's changes less its core sessions, which make up for a lift, not for a rule."""
    return frozenset(text for text in sets if ".core_sessions=" not in text)


def propose_repairs(
    season: Season,
    timeline: Timeline,
    core: Cores | list[Guard],
    diagnosis: DiagnosisModel,
    limit: int = 5,
    budget: RepairBudget | None = None,
) -> list[Repair]:
    """Up to ``limit`` repairs, a coach's first, each test-solved and none worse for the
    runner than one before it. With ``budget``, the search stops when it runs out (its
    ``stopped`` says so) and returns the repairs found by then."""
    found: dict[frozenset[str], tuple[Repair, bool]] = {}
    with _spending(budget), suppress(OutOfBudget):
        _search(season, timeline, core, diagnosis, limit, found)
    return _varied(_chosen([repair for repair, _ in found.values()]), limit)


def _search(
    season: Season,
    timeline: Timeline,
    core: Cores | list[Guard],
    diagnosis: DiagnosisModel,
    limit: int,
    found: dict[frozenset[str], tuple[Repair, bool]],
) -> None:
    cores = core if isinstance(core, Cores) else Cores((tuple(core),))
    groups = alike_weeks(cores, diagnosis, timeline, season.rules)
    weeks = sorted(w for group in groups for w in group)
    in_play = {guard.rule for guard in cores} | {
        rule
        for week in weeks
        for day in timeline.weeks[week - 1].days
        for rule in closing_rules(diagnosis, day)
    }

    def keep(steps: list[Fix], outcome: Outcome) -> None:
        sets = [patch.text for patch in _merged(steps)]
        steps = [_restated(step, timeline) for step in _surviving(steps)]
        found.setdefault(
            frozenset(sets),
            (
                Repair(
                    set=sets,
                    description="; ".join(step.description for step in steps),
                    size=sum(step.size for step in steps),
                    kind="coach" if all(step.coach for step in steps) else "relaxation",
                    lifts=outcome.lifts,
                    objective=outcome.objective,
                ),
                True,
            ),
        )

    with_core = lift_and_core(season, timeline, groups)
    whole = [
        with_core,
        shorter_lift(season, timeline, weeks, diagnosis),
        # The same lift fewer with a core session is the better repair, when there is one.
        one_lift_fewer(timeline, weeks) if with_core is None and len(weeks) > 1 else None,
    ]
    for fix in [f for f in whole if f is not None] + straight_after(season, timeline, groups)[:2]:
        _try([fix], season, keep)
    # One week's fixes (a date, that week's minimum) mend one failing week of many: with
    # several, only the fixes that hold every week (a weekly window) are chained.
    first = [
        fix
        for guard in cores
        for fix in fixes_for(guard, season, timeline, diagnosis)
        if len(weeks) == 1 or all(".weekly." in text for text in fix.sets)
    ]
    first.sort(key=lambda fix: (fix.size, fix.cost, fix.sets))
    # A fixed budget keeps the search short and deterministic.
    rounds_left = min(MAX_DIAGNOSES, DIAGNOSED_WEEKS // len(timeline.weeks))
    for fix in _varied(first, MAX_FIRST_FIXES):
        steps = [fix]
        try:
            while True:
                outcome = test_solve(patched(season, _merged(steps)))
                if outcome is not None:
                    keep(steps, outcome)
                    break
                if rounds_left == 0 or len(steps) > MAX_ROUNDS:
                    break
                rounds_left -= 1
                following = _next_fix(season, _merged(steps), _kind(fix.sets))
                if following is None or following in steps:
                    break
                steps.append(following)
        except (InputError, ValueError):  # a fix that makes the season invalid is no repair
            continue
    if not (limit == 1 and _relaxations_rank_after([repair for repair, _ in found.values()])):
        for fix in relaxations(season, timeline, in_play, diagnosis, weeks):
            _try([fix], season, keep)


# The paths a season-wide relaxation patches (one patch each); a coach's repairs patch these
# only as `lift_and_core` does (lifting.per_week.min with a core session).
RELAXED_PATHS = ("rules.", "lifting.per_week.min=")


def _relaxations_rank_after(coach: list[Repair]) -> bool:
    """Whether no relaxation can come first in `_chosen` once these repairs are found: one
    of them is a coach's (relaxations sort after every coach's repair), and none could be
    made needless by a one-patch relaxation (its changes, core sessions aside, would have to
    hold that patch and more). Then `solve`'s one repair needs no relaxation solved."""
    if not any(repair.kind == "coach" for repair in coach):
        return False
    return not any(
        len(_essential(repair.set)) > 1
        and any(text.startswith(RELAXED_PATHS) for text in repair.set)
        for repair in coach
    )


def _try(steps: list[Fix], season: Season, keep: object) -> None:
    try:
        outcome = test_solve(patched(season, _merged(steps)))
    except (InputError, ValueError):  # a fix that makes the season invalid is no repair
        return
    if outcome is None or any(
        outcome.cores.get(week, 0) < promised for s in steps for week, promised in s.core_weeks
    ):
        return  # no plan, or not the core sessions it promises
    if callable(keep):
        keep(steps, outcome)


def _chosen(repairs: list[Repair]) -> list[Repair]:
    """A coach's repairs first, smallest first; without one that changes more than another
    (a core session added to a lift fewer is the better of the two, not more change), nor
    one whose plan is worse for the runner than one listed before it."""
    essentials = {id(r): _essential(r.set) for r in repairs}

    def needless(repair: Repair) -> bool:
        mine = essentials[id(repair)]
        return any(
            essentials[id(other)] < mine
            or (essentials[id(other)] == mine and len(other.set) > len(repair.set))
            for other in repairs
            if other is not repair
        )

    ordered = sorted(
        (r for r in repairs if not needless(r)),
        key=lambda r: (r.kind != "coach", r.size, len(r.set), r.set),
    )
    listed: list[Repair] = []
    for repair in ordered:
        if any(_worse(repair, before) for before in listed if before.size <= repair.size):
            continue
        listed.append(repair)
    return listed


def _worse(repair: Repair, than: Repair) -> bool:
    """Fewer lifts for the runner, or as many and a higher objective."""
    assert repair.lifts is not None and than.lifts is not None
    if repair.lifts != than.lifts:
        return repair.lifts < than.lifts
    return (repair.objective or 0) > (than.objective or 0)


T = TypeVar("T", Fix, Repair)


def _varied(options: list[T], limit: int, per_kind: int = 2) -> list[T]:
    """The first ``limit`` options, at most ``per_kind`` of each kind, so the choice is real."""
    chosen: list[T] = []
    seen: dict[str, int] = {}
    for option in options:
        kind = _kind(option.set if isinstance(option, Repair) else option.sets)
        if seen.get(kind, 0) < per_kind:
            seen[kind] = seen.get(kind, 0) + 1
            chosen.append(option)
    return chosen[:limit]
