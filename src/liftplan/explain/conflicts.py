"""Minimal conflicts, told as sentences with dates a runner can check on a calendar.

Each failing week is named. Weeks that fail alike (the same days closed by the same rules)
are told in one sentence, with weekday names ("weeks 1-9 each need 2 lifts; only Thu has
room"); a week that fails on its own is told with dates. A day "has room" only when it has a
legal slot; every other day of a failing week is named with the rule that closes its free
windows (not a rule that only closes the hours outside them).
"""

from __future__ import annotations

import shlex
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial

from liftplan.models.explanation import Conflict
from liftplan.models.races import RACE_WEEK_LIFTS
from liftplan.models.season import Rules, Season
from liftplan.models.wording import DAY_NAMES, count, duration_text, listed
from liftplan.solver.infeasibility import (
    AVAILABILITY,
    CORES_TIME_BUDGET,
    Cores,
    DiagnosisModel,
    Guard,
    closing_rules,
    find_cores,
    plainness,
)
from liftplan.solver.rules import HARD_RULES
from liftplan.timeline import Timeline

RULE_WORDING = {rule.name: rule.says for rule in HARD_RULES}

# A re-plan's days before --from: closed by no rule but by time, told apart from the rules.
HISTORY = "history"


def short_day(timeline: Timeline, day: int) -> str:
    date = timeline.days[day].date
    return f"{DAY_NAMES[date.weekday()][:3]} {date}"


def weekday(timeline: Timeline, day: int) -> str:
    return DAY_NAMES[timeline.days[day].date.weekday()][:3]


def week_span(timeline: Timeline, week: int) -> str:
    days = timeline.weeks[week - 1].days
    return f"{timeline.days[days[0]].date}..{timeline.days[days[-1]].date}"


def week_numbers(weeks: list[int]) -> str:
    """``[1, 2, 3, 5, 7, 8]`` -> ``1-3, 5, 7-8``."""
    runs: list[list[int]] = []
    for week in sorted(weeks):
        if runs and week == runs[-1][-1] + 1:
            runs[-1].append(week)
        else:
            runs.append([week])
    return ", ".join(f"{r[0]}-{r[-1]}" if len(r) > 1 else f"{r[0]}" for r in runs)


def _hard_runs_after(timeline: Timeline, day: int, rules: Rules) -> str:
    """The next day's hard runs, ``Tue track``; one hard only by its own ``hard: true`` says
    so (``Tue easy (marked hard)``), or the runner cannot tell why the day counts."""
    if day + 1 >= len(timeline.days):
        return ""
    nxt = timeline.days[day + 1]
    weekday = DAY_NAMES[nxt.date.weekday()][:3]
    return ", ".join(
        f"{weekday} {run.kind}" + ("" if run.kind in rules.hard_kinds else " (marked hard)")
        for run in nxt.runs
        if run.hard
    )


def _best_recovery(timeline: Timeline, diagnosis: DiagnosisModel, day: int) -> str:
    """How close the day's best possible lift ends to the next hard run."""
    if day not in diagnosis.best_recovery:
        return ""
    gap, run = diagnosis.best_recovery[day]
    when = DAY_NAMES[timeline.days[run.day].date.weekday()]
    return f"ends at best {duration_text(gap)} before {when}'s {run.kind}"


def _race_distance(timeline: Timeline, day: int) -> str:
    races = [race for race in timeline.race_days if race >= day]
    if not races:
        return ""
    race = races[0]
    if race == day:
        return "race day"
    return f"{count(race - day, 'day')} before the race on {timeline.days[race].date}"


NO_ROOM = "no day has room"


def room_words(days: list[str]) -> str:
    """``; only Sun has room``, ``; only Mon and Wed have room``, `` and no day has room``:
    the end of a week's sentence."""
    if not days:
        return f" and {NO_ROOM}"
    if len(days) == 1:
        return f"; only {days[0]} has room"
    return f"; only {listed(days)} have room"


@dataclass(frozen=True)
class _Clash:
    """One minimal conflict, read as a coach reads it: the weeks whose minimum fails, the
    days with room, and each closed day under the plainest rule that closes it."""

    weeks: tuple[int, ...]
    room: tuple[int, ...]
    closed: tuple[tuple[str, tuple[int, ...]], ...]  # rule -> days, rules in plainness order
    week_rules: tuple[tuple[str, tuple[int, ...]], ...]  # week-level rule -> weeks
    standing: tuple[int, ...] = ()  # a re-plan's lifts that stand in these weeks (days)


def _rest_after(diagnosis: DiagnosisModel, day: int) -> int | None:
    """The standing lift (its day) whose rest days close ``day``, if one does."""
    rest = diagnosis.rules.rest_days_between_lifts if diagnosis.rules is not None else 0
    near = [other for other in diagnosis.standing if 0 < abs(day - other) <= rest]
    return min(near, key=lambda other: abs(day - other)) if near else None


def _clash(
    core: tuple[Guard, ...], diagnosis: DiagnosisModel, timeline: Timeline, lived_before: int = 0
) -> _Clash:
    weeks = sorted(g.week for g in core if g.rule == "lifts_per_week")
    days = {day for week in weeks for day in timeline.weeks[week - 1].days}
    days |= {g.day for g in core if g.day is not None}
    # A re-plan's lifts that stand count in their week; their rest days are closed to others.
    standing = tuple(day for day in diagnosis.standing if day in days)
    days -= set(standing)
    after = {day: _rest_after(diagnosis, day) for day in days}
    # Room is where the solver itself has a legal slot (the same list its model is built on),
    # less the rest days of a lift that stands.
    room = tuple(sorted(day for day in days & diagnosis.open_days if after[day] is None))
    by_rule: dict[str, list[int]] = defaultdict(list)
    for day in sorted(set(days) - set(room)):
        if day < lived_before:  # a re-plan's past: no rule closes it, it was lived
            by_rule[HISTORY].append(day)
            continue
        if day in diagnosis.open_days:  # only the rest days after (or before) a lift standing
            by_rule["rest_days_between_lifts"].append(day)
            continue
        # Never empty for a day without a legal slot; several rules: named under the plainest.
        by_rule[min(closing_rules(diagnosis, day), key=plainness)].append(day)
    week_rules: dict[str, list[int]] = defaultdict(list)
    for g in core:
        if g.day is None and g.rule != "lifts_per_week":
            week_rules[g.rule].append(g.week)
    return _Clash(
        tuple(weeks),
        room,
        tuple((rule, tuple(by_rule[rule])) for rule in sorted(by_rule, key=plainness)),
        tuple((rule, tuple(sorted(set(w)))) for rule, w in sorted(week_rules.items())),
        standing,
    )


Label = Callable[[int], str]


def _stood(label: Label, day: int, lived_before: int) -> str:
    """``the lift done on Wed 2026-03-04`` (before --from), or ``kept on`` (frozen)."""
    return f"the lift {'done' if day < lived_before else 'kept'} on {label(day)}"


def _messages(
    clash: _Clash,
    diagnosis: DiagnosisModel,
    timeline: Timeline,
    rules: Rules,
    label: Label,
    lived_before: int = 0,
) -> list[tuple[str, str]]:
    """(rule, message) for each closing rule of ``clash``, days told by ``label``."""
    told = []
    for rule, days in clash.closed:
        if rule == AVAILABILITY:
            minutes = timeline.week_of(days[0]).lifting.min_minutes
            listed = ", ".join(label(day) for day in days)
            message = f"no free window fits a {minutes} min lift on {listed}"
        elif rule == HISTORY:
            listed = ", ".join(label(day) for day in days)
            message = f"{listed} {'is' if len(days) == 1 else 'are'} before --from: already lived"
        elif rule == "no_lift_day_before_hard":
            listed = "; ".join(
                f"{label(day)} is the day before {_hard_runs_after(timeline, day, rules)}"
                for day in days
            )
            message = f"no lift the day before a hard run: {listed}"
        elif rule == "recovery_hours":
            listed = "; ".join(
                f"a lift on {label(day)} {_best_recovery(timeline, diagnosis, day)}" for day in days
            )
            message = f"recovery_hours is {rules.recovery_hours:g} h: {listed}"
        elif rule == "no_lift_days_before_race":
            listed = "; ".join(f"{label(day)} is {_race_distance(timeline, day)}" for day in days)
            message = f"no lift on race day nor in the days just before it: {listed}"
        elif rule == "rest_days_between_lifts":  # the rest days of a lift that stands
            listed = "; ".join(
                f"{label(day)} is {_apart(day, stood)} {_stood(label, stood, lived_before)}"
                for day in days
                if (stood := _rest_after(diagnosis, day)) is not None
            )
            message = f"rest_days_between_lifts is {rules.rest_days_between_lifts}: {listed}"
        elif rule == "no_lift_days_after_race":
            listed = ", ".join(label(day) for day in days)
            message = f"no lift in the days right after a race: {listed}"
        else:
            listed = ", ".join(label(day) for day in days)
            message = f"{rule} closes {listed}"
        told.append((rule, message))
    return told


def _apart(day: int, other: int) -> str:
    """``the day after``, ``2 days before``: ``day`` as seen from ``other``."""
    gap = abs(day - other)
    side = "after" if day > other else "before"
    return f"the day {side}" if gap == 1 else f"{count(gap, 'day')} {side}"


def _week_rule_message(rule: str, weeks: str, rules: Rules) -> str:
    return f"{rule} = {getattr(rules, rule)} leaves too few lift days in {weeks}"


def _grouped(
    cores: Cores,
    diagnosis: DiagnosisModel,
    timeline: Timeline,
    alike: Callable[[_Clash, Callable[[int], str]], tuple[object, ...]],
    lived_before: int = 0,
) -> list[list[_Clash]]:
    """The conflicts, those of one week with equal ``alike`` keys (dates read as weekday
    names) together, in week order; a conflict over several weeks stays alone."""
    groups: dict[tuple[object, ...], list[_Clash]] = defaultdict(list)
    day_name = partial(weekday, timeline)
    for core in cores.cores:
        clash = _clash(core, diagnosis, timeline, lived_before)
        key = (
            (timeline.weeks[clash.weeks[0] - 1].min_lifts, *alike(clash, day_name))
            if len(clash.weeks) == 1
            else (clash,)
        )
        groups[key].append(clash)
    return sorted(groups.values(), key=lambda group: group[0].weeks)


def _groups(
    cores: Cores,
    diagnosis: DiagnosisModel,
    timeline: Timeline,
    rules: Rules,
    lived_before: int = 0,
) -> list[list[_Clash]]:
    """The conflicts told alike (the same words once dates become weekday names) together."""
    return _grouped(
        cores,
        diagnosis,
        timeline,
        lambda clash, day_name: (
            tuple(day_name(day) for day in clash.room),
            tuple(_messages(clash, diagnosis, timeline, rules, day_name, lived_before)),
            tuple(rule for rule, _ in clash.week_rules),
            tuple(map(day_name, clash.standing)),
        ),
        lived_before,
    )


def alike_weeks(
    cores: Cores,
    diagnosis: DiagnosisModel,
    timeline: Timeline,
    rules: Rules,
    lived_before: int = 0,
) -> list[list[int]]:
    """The failing weeks, those with the same days closed by the same rules in one list (a
    clock change may move the hours, not the days): ``[[1, 2, ..., 9]]`` for 06. Days
    before ``lived_before`` (a day index) are a re-plan's history."""
    groups = _grouped(
        cores,
        diagnosis,
        timeline,
        lambda clash, day_name: (
            tuple(map(day_name, clash.room)),
            tuple((rule, tuple(map(day_name, days))) for rule, days in clash.closed),
            tuple(rule for rule, _ in clash.week_rules),
            tuple(map(day_name, clash.standing)),
        ),
        lived_before,
    )
    weeks = [sorted({week for clash in group for week in clash.weeks}) for group in groups]
    return sorted(weeks, key=lambda numbers: numbers[0])


def describe_cores(
    cores: Cores,
    diagnosis: DiagnosisModel,
    timeline: Timeline,
    rules: Rules,
    lived_before: int = 0,
) -> list[Conflict]:
    """Every failing week; weeks that fail alike in one group of conflicts, the weekly
    minimum first, then one conflict per rule that closes days. The days before
    ``lived_before`` (a day index: a re-plan's --from) are told as lived, not closed."""
    conflicts: list[Conflict] = []
    for group in _groups(cores, diagnosis, timeline, rules, lived_before):
        conflicts += _describe_group(group, diagnosis, timeline, rules, lived_before)
    for conflict in conflicts:  # each rule as the registry words it (the data, not a docstring)
        conflict.says = RULE_WORDING.get(conflict.rule, "")
    return conflicts


def _needs(week: int, timeline: Timeline, standing: list[int], label: Label, lived: int) -> str:
    """``needs 2 lifts (lifting.per_week.min)``; with lifts that stand in the week,
    ``needs 1 more lift (lifting.per_week.min 2, counting the lift done on Wed ...)``; in a
    race week, whose minimum the races cap, ``(lifting.per_week.min, at most 1 in the week of
    an A or B race)``, the week named by its first kind (models/races.py: RACE_WEEKS)."""
    said = timeline.weeks[week - 1]
    low = said.min_lifts
    if said.race_kinds:  # its minimum is the races' cap, not the number the season writes
        called = said.race_kinds[0].called
        source = f"lifting.per_week.min, at most {RACE_WEEK_LIFTS} in {called}"
    elif standing:
        source = f"lifting.per_week.min {low}"
    else:
        source = "lifting.per_week.min"
    if not standing:
        return f"{count(low, 'lift')} ({source})"
    counted = " and ".join(_stood(label, day, lived) for day in standing)
    more = count(max(0, low - len(standing)), "more lift")
    return f"{more} ({source}, counting {counted})"


def _describe_group(
    group: list[_Clash],
    diagnosis: DiagnosisModel,
    timeline: Timeline,
    rules: Rules,
    lived_before: int = 0,
) -> list[Conflict]:
    first = group[0]
    conflicts = []
    if len(group) == 1:
        label: Label = partial(short_day, timeline)
        for number in first.weeks:
            week = timeline.weeks[number - 1]
            # A conflict over several weeks: each week names only its own days with room.
            room = [label(day) for day in first.room if day in week.days]
            stood = [day for day in first.standing if day in week.days]
            conflicts.append(
                Conflict(
                    rule="lifts_per_week",
                    dates=[timeline.days[week.first_day].date],
                    message=f"week {number} ({week_span(timeline, number)}) needs "
                    + _needs(number, timeline, stood, label, lived_before)
                    + room_words(room),
                )
            )
    else:
        label = partial(weekday, timeline)
        numbers = [clash.weeks[0] for clash in group]
        week = timeline.weeks[numbers[0] - 1]
        room = [label(day) for day in first.room]
        conflicts.append(
            Conflict(
                rule="lifts_per_week",
                dates=[timeline.days[timeline.weeks[n - 1].first_day].date for n in numbers],
                message=f"weeks {week_numbers(numbers)} ({timeline.days[week.first_day].date}.."
                f"{timeline.days[timeline.weeks[numbers[-1] - 1].days[-1]].date}) "
                "each need "
                + _needs(numbers[0], timeline, list(first.standing), label, lived_before)
                + room_words(room),
            )
        )
    told = _messages(first, diagnosis, timeline, rules, label, lived_before)
    for index, (rule, message) in enumerate(told):
        days = [day for clash in group for day in clash.closed[index][1]]
        conflicts.append(
            Conflict(rule=rule, dates=[timeline.days[day].date for day in days], message=message)
        )
    for rule, _ in first.week_rules:
        weeks = sorted(
            {w for clash in group for r, ws in clash.week_rules if r == rule for w in ws}
        )
        listed = (
            ", ".join(f"week {w} ({week_span(timeline, w)})" for w in weeks)
            if len(group) == 1
            else f"each of weeks {week_numbers(weeks)}"
        )
        conflicts.append(
            Conflict(
                rule=rule,
                dates=[timeline.days[timeline.weeks[w - 1].first_day].date for w in weeks],
                message=_week_rule_message(rule, listed, rules),
            )
        )
    return conflicts


def describe_core(
    core: list[Guard], diagnosis: DiagnosisModel, timeline: Timeline, rules: Rules
) -> list[Conflict]:
    """One minimal conflict in words (see ``describe_cores``)."""
    return describe_cores(Cores((tuple(core),)), diagnosis, timeline, rules)


def headline(conflicts: list[Conflict], complete: bool = True) -> str:
    """Every conflict in one sentence per group of weeks that fail alike."""
    if not conflicts:
        return "no single set of rules explains it (try a longer --time-limit)"
    sentences: list[list[Conflict]] = []
    for conflict in conflicts:
        if conflict.rule == "lifts_per_week" or not sentences:
            if sentences and sentences[-1][-1].rule == "lifts_per_week":
                sentences[-1].append(conflict)  # several weeks of one conflict
                continue
            sentences.append([conflict])
        else:
            sentences[-1].append(conflict)
    told = []
    for sentence in sentences:
        weeks = [c.message for c in sentence if c.rule == "lifts_per_week"]
        rest = [c.message for c in sentence if c.rule != "lifts_per_week"]
        if weeks and rest:  # "... and no day has room: why", "... only Thu has room, but why"
            joint = ": " if weeks[-1].endswith(NO_ROOM) else ", but "
            told.append("; ".join(weeks) + joint + "; ".join(rest))
        else:
            told.append("; ".join(weeks + rest))
    more = "" if complete else " (more weeks may fail: the search ran out of time)"
    return ". ".join(told) + more


def diagnose(
    timeline: Timeline,
    rules: Rules,
    budget: float = CORES_TIME_BUDGET,
    lived_before: int = 0,
    standing: tuple[int, ...] = (),
) -> tuple[list[Conflict], DiagnosisModel, Cores]:
    """Every failing week's conflict in words, the diagnosis model, and the conflicts; the
    days before ``lived_before`` (a day index) told as a re-plan's history, and its
    ``standing`` lifts (a day index per lift done or frozen) counted in their weeks with
    their rest days closed, as the re-plan's solver counts them."""
    cores, diagnosis = find_cores(timeline, rules, budget, standing, lived_before)
    conflicts = describe_cores(cores, diagnosis, timeline, rules, lived_before)
    return conflicts, diagnosis, cores


def shell_sets(sets: list[str]) -> str:
    """``--set 'a=1' --set 'b=[...]'``, quoted for a POSIX shell."""
    return " ".join(f"--set {shlex.quote(text)}" for text in sets)


# Of a command's --time-limit, the share (in seconds of work, counted not timed) the
# diagnosis and the repair search may each take after the solve: with --time-limit 5, about
# 1.5 s each, so the whole command ends near the limit.
DIAGNOSIS_SHARE = 0.3


def diagnosis_budget(time_limit: float | None) -> float:
    """Seconds of work the diagnosis may take under ``time_limit`` (None: no limit)."""
    if time_limit is None:
        return CORES_TIME_BUDGET
    return min(CORES_TIME_BUDGET, DIAGNOSIS_SHARE * time_limit)


def diagnosis_lines(
    season: Season,
    timeline: Timeline,
    *,
    repairs: int = 0,
    budget: float = CORES_TIME_BUDGET,
    time_limit: float | None = None,
) -> list[str]:
    """A plan's ``diagnosis`` when no plan keeps every hard rule: the clash of every failing
    week, then up to ``repairs`` of the gentlest repairs (each proven by a solve) as ``--set``s.
    With ``time_limit`` (seconds), the diagnosis and the repair search each take a share of
    it, and a last line says when the repair search stopped there."""
    # Repairs are worded with this module's helpers, so they are imported only when asked.
    from liftplan.explain.repairs import STOPPED, RepairBudget, propose_repairs

    if time_limit is not None:
        budget = diagnosis_budget(time_limit)
    spend = None if time_limit is None else RepairBudget(DIAGNOSIS_SHARE * time_limit)
    conflicts, diagnosis, cores = diagnose(timeline, season.rules, budget)
    best = (
        propose_repairs(season, timeline, cores, diagnosis, limit=repairs, budget=spend)
        if repairs
        else []
    )
    stopped = [STOPPED] if spend is not None and spend.stopped else []
    return (
        [headline(conflicts, cores.complete)]
        + [f"repair: {r.description}: {shell_sets(r.set)}" for r in best]
        + stopped
    )
