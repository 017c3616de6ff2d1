"""The gentlest changes that make an infeasible season plannable, each proven by a solve.

Every member of a minimal conflict suggests fixes (lower one week's minimum, add a window on
one day, relax one run or one rule). A fix that leaves another conflict is extended with the
gentlest fix of the next conflict, a few times at most. Only fixes whose season actually
solves are proposed, sorted by how much they change.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TypeVar

from liftplan.errors import InputError
from liftplan.explain.conflicts import short_day
from liftplan.models.explanation import Repair
from liftplan.models.patch import SeasonPatch, patched
from liftplan.models.plan import Status
from liftplan.models.season import WEEKDAYS, Season
from liftplan.models.wording import DAY_NAMES
from liftplan.solver.infeasibility import AVAILABILITY, DiagnosisModel, Guard, find_core
from liftplan.solver.objectives import slot_cost
from liftplan.solver.solve import solve_timeline
from liftplan.timeline import Timeline, build_timeline

MAX_ROUNDS = 4  # fixes chained after the first one
MAX_FIRST_FIXES = 8
MAX_DIAGNOSES = 12  # conflicts diagnosed again while chaining, over all first fixes


@dataclass(frozen=True)
class Fix:
    patches: tuple[SeasonPatch, ...]
    description: str
    size: int
    cost: int = 0  # among equal sizes, prefer the fix that allows the better lift

    @property
    def sets(self) -> tuple[str, ...]:
        """The fix as ``--set`` texts, as a runner would type them."""
        return tuple(patch.text for patch in self.patches)


def _local(timeline: Timeline, minute: int) -> str:
    return timeline.to_local(minute).strftime("%H:%M")


def fixes_for(
    guard: Guard, season: Season, timeline: Timeline, diagnosis: DiagnosisModel
) -> list[Fix]:
    """Ways to lift one rule instance, gentlest first."""
    rules = season.rules
    fixes: list[Fix] = []
    if guard.rule == "lifts_per_week":
        lowest = timeline.weeks[guard.week - 1].lifting.per_week.min - 1
        if lowest >= 0:
            path = f"week_overrides.{guard.week}.lifting.per_week.min"
            fixes.append(
                Fix(
                    (SeasonPatch(path, lowest),),
                    f"ask for {lowest} lift(s) in week {guard.week}",
                    1,
                )
            )
        if season.lifting.per_week.min > 0:
            lowest = season.lifting.per_week.min - 1
            fixes.append(
                Fix(
                    (SeasonPatch("lifting.per_week.min", lowest),),
                    f"ask for {lowest} lift(s) a week",
                    6,
                )
            )
        return fixes
    if guard.day is None:
        value = getattr(rules, guard.rule)
        if guard.rule == "rest_days_between_lifts" and value > 0:
            fixes.append(
                Fix(
                    (SeasonPatch("rules.rest_days_between_lifts", value - 1),),
                    f"allow {value - 1} rest day(s) between lift days",
                    5,
                )
            )
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
        tomorrow = timeline.days[guard.day + 1].date
        runs = [
            run.model_dump(mode="json", exclude_none=True) | {"hard": False}
            for run in season.runs.runs_on(tomorrow)
        ]
        fixes.append(
            Fix(
                (SeasonPatch(f"runs.dates.{tomorrow}", runs),),
                f"run easy on {short_day(timeline, guard.day + 1)}",
                2,
            )
        )
        fixes.append(
            Fix(
                (SeasonPatch("rules.no_lift_day_before_hard", False),),
                "allow lifting the day before a hard run",
                8,
            )
        )
    elif guard.rule == "recovery_hours":
        best = diagnosis.best_recovery.get(guard.day)
        hours = -1 if best is None else math.floor(best[0] / 60)
        if 0 <= hours < rules.recovery_hours:
            size = 3 if hours >= 24 else 7  # below 24 h goes against the guide
            fixes.append(
                Fix(
                    (SeasonPatch("rules.recovery_hours", hours),),
                    f"need only {hours} h of recovery before a hard run",
                    size,
                )
            )
    elif guard.rule in ("no_lift_days_before_race", "no_heavy_lift_days_before_race"):
        races = [race for race in timeline.race_days if race >= guard.day]
        if races and races[0] - guard.day >= 1:
            limit = races[0] - guard.day - 1
            fixes.append(
                Fix((SeasonPatch(f"rules.{guard.rule}", limit),), f"{guard.rule} = {limit}", 4)
            )
    return fixes


def feasible(season: Season) -> bool:
    timeline = build_timeline(season)
    return solve_timeline(timeline, season.rules, time_limit=10).status is not Status.INFEASIBLE


def season_wide_fixes(season: Season, core: list[Guard]) -> list[Fix]:
    """One change for the whole season per rule in the conflict: the gentlest that solves.

    A conflict that repeats every week is fixed at once, instead of week by week.
    """
    rules = {guard.rule for guard in core}
    fixes = []
    tries: list[tuple[str, str, list[object], int]] = []
    if "lifts_per_week" in rules:
        lowest = season.lifting.per_week.min
        tries.append(
            (
                "lifting.per_week.min",
                "ask for {} lift(s) a week",
                list(range(lowest - 1, -1, -1)),
                6,
            )
        )
    if "rest_days_between_lifts" in rules:
        rest = season.rules.rest_days_between_lifts
        tries.append(
            (
                "rules.rest_days_between_lifts",
                "allow {} rest day(s) between lift days",
                list(range(rest - 1, -1, -1)),
                5,
            )
        )
    for path, words, values, size in tries:
        for step, value in enumerate(values):  # gentlest first; stop at the first that solves
            try:
                if feasible(patched(season, [SeasonPatch(path, value)])):
                    fixes.append(Fix((SeasonPatch(path, value),), words.format(value), size + step))
                    break
            except (InputError, ValueError):  # a value the season refuses ends the search
                break
    return fixes


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


def _kind(sets: tuple[str, ...] | list[str]) -> str:
    """What a fix changes, without the value: ``availability.weekly`` ..."""
    return " ".join(sorted({text.split("=")[0].rsplit(".", 1)[0] for text in sets}))


def _next_fix(season: Season, patches: list[SeasonPatch], kind: str) -> Fix | None:
    """The gentlest fix of the next conflict once ``patches`` apply; one of ``kind`` if any,
    so that a repair stays of a piece (every Tuesday, then every Thursday)."""
    changed = patched(season, patches)
    timeline = build_timeline(changed)
    core, diagnosis = find_core(timeline, changed.rules)
    options = [fix for guard in core for fix in fixes_for(guard, changed, timeline, diagnosis)]
    return min(options, key=lambda fix: (_kind(fix.sets) != kind, fix.size, fix.sets), default=None)


def propose_repairs(
    season: Season, timeline: Timeline, core: list[Guard], diagnosis: DiagnosisModel, limit: int = 5
) -> list[Repair]:
    found: dict[tuple[str, ...], Repair] = {}

    def keep(steps: list[Fix]) -> None:
        sets = [patch.text for patch in _merged(steps)]
        steps = _surviving(steps)
        found.setdefault(
            tuple(sorted(sets)),
            Repair(
                set=sets,
                description="; ".join(step.description for step in steps),
                size=sum(step.size for step in steps),
            ),
        )

    for fix in season_wide_fixes(season, core):
        keep([fix])
    first = [fix for guard in core for fix in fixes_for(guard, season, timeline, diagnosis)]
    first.sort(key=lambda fix: (fix.size, fix.cost, fix.sets))
    rounds_left = MAX_DIAGNOSES  # a fixed budget keeps the search short and deterministic
    for fix in _varied(first, MAX_FIRST_FIXES):
        steps = [fix]
        try:
            while True:
                patches = _merged(steps)
                if feasible(patched(season, patches)):
                    keep(steps)
                    break
                if rounds_left == 0 or len(steps) > MAX_ROUNDS:
                    break
                rounds_left -= 1
                following = _next_fix(season, patches, _kind(fix.sets))
                if following is None or following in steps:
                    break
                steps.append(following)
        except (InputError, ValueError):  # a fix that makes the season invalid is no repair
            continue
    # A repair that contains another one changes more than it needs to.
    minimal = [
        repair for key, repair in found.items() if not any(set(other) < set(key) for other in found)
    ]
    return _varied(sorted(minimal, key=lambda r: (r.size, len(r.set), r.set)), limit)


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
