"""A minimal conflict, told as sentences with dates a runner can check on a calendar."""

from __future__ import annotations

import shlex
from collections import defaultdict

from liftplan.models.explanation import Conflict
from liftplan.models.season import Rules, Season
from liftplan.models.wording import DAY_NAMES, duration_text
from liftplan.solver.infeasibility import AVAILABILITY, DiagnosisModel, Guard, find_core
from liftplan.timeline import Timeline


def short_day(timeline: Timeline, day: int) -> str:
    date = timeline.days[day].date
    return f"{DAY_NAMES[date.weekday()][:3]} {date}"


def week_span(timeline: Timeline, week: int) -> str:
    days = timeline.weeks[week - 1].days
    return f"{timeline.days[days[0]].date}..{timeline.days[days[-1]].date}"


def _hard_runs_after(timeline: Timeline, day: int) -> str:
    if day + 1 >= len(timeline.days):
        return ""
    nxt = timeline.days[day + 1]
    return ", ".join(
        f"{DAY_NAMES[nxt.date.weekday()][:3]} {run.kind}" for run in nxt.runs if run.hard
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
    return f"{race - day} day(s) before the race on {timeline.days[race].date}"


def describe_core(
    core: list[Guard], diagnosis: DiagnosisModel, timeline: Timeline, rules: Rules
) -> list[Conflict]:
    """One conflict per rule in the core, the weekly minimums first."""
    by_rule: dict[str, list[Guard]] = defaultdict(list)
    for guard in core:
        by_rule[guard.rule].append(guard)
    conflicts = []
    blocked_days = {guard.day for guard in core if guard.day is not None}
    for guard in by_rule.pop("lifts_per_week", []):
        week = timeline.weeks[guard.week - 1]
        room = [short_day(timeline, day) for day in week.days if day not in blocked_days]
        conflicts.append(
            Conflict(
                rule="lifts_per_week",
                dates=[timeline.days[week.first_day].date],
                message=f"week {week.number} ({week_span(timeline, week.number)}) needs "
                f"{week.min_lifts} lift(s) (lifting.per_week.min); "
                + (f"only {', '.join(room)} has room" if room else "no day has room"),
            )
        )
    for rule, guards in sorted(by_rule.items()):
        conflicts.append(_day_or_week_conflict(rule, guards, diagnosis, timeline, rules))
    return conflicts


def _day_or_week_conflict(
    rule: str, guards: list[Guard], diagnosis: DiagnosisModel, timeline: Timeline, rules: Rules
) -> Conflict:
    days = sorted(guard.day for guard in guards if guard.day is not None)
    dates = [timeline.days[day].date for day in days]
    if rule == AVAILABILITY:
        minutes = timeline.week_of(days[0]).lifting.min_minutes
        listed = ", ".join(short_day(timeline, day) for day in days)
        message = f"no free window fits a {minutes} min lift on {listed}"
    elif rule == "no_lift_day_before_hard":
        listed = "; ".join(
            f"{short_day(timeline, day)} is the day before {_hard_runs_after(timeline, day)}"
            for day in days
        )
        message = f"no lift the day before a hard run: {listed}"
    elif rule == "recovery_hours":
        listed = "; ".join(
            f"a lift on {short_day(timeline, day)} {_best_recovery(timeline, diagnosis, day)}"
            for day in days
        )
        message = f"recovery_hours is {rules.recovery_hours:g} h: {listed}"
    elif rule in ("no_lift_days_before_race", "no_heavy_lift_days_before_race"):
        limit = getattr(rules, rule)
        listed = "; ".join(
            f"{short_day(timeline, day)} is {_race_distance(timeline, day)}" for day in days
        )
        kind = "heavy lift" if "heavy" in rule else "lift"
        message = f"no {kind} in the {limit} days before a race: {listed}"
    else:  # week-level rules
        weeks = sorted({guard.week for guard in guards})
        dates = [timeline.days[timeline.weeks[w - 1].first_day].date for w in weeks]
        value = getattr(rules, rule)
        listed = ", ".join(f"week {w} ({week_span(timeline, w)})" for w in weeks)
        message = f"{rule} = {value} leaves too few lift days in {listed}"
    return Conflict(rule=rule, dates=dates, message=message)


def headline(conflicts: list[Conflict]) -> str:
    """All of a conflict in one sentence."""
    if not conflicts:
        return "no single set of rules explains it (try a longer --time-limit)"
    first, *rest = conflicts
    if first.rule != "lifts_per_week" or not rest:
        return "; ".join(conflict.message for conflict in conflicts)
    return f"{first.message}, but " + "; ".join(conflict.message for conflict in rest)


def diagnose(
    timeline: Timeline, rules: Rules
) -> tuple[list[Conflict], DiagnosisModel, list[Guard]]:
    core, diagnosis = find_core(timeline, rules)
    return describe_core(core, diagnosis, timeline, rules), diagnosis, core


def shell_sets(sets: list[str]) -> str:
    """``--set 'a=1' --set 'b=[...]'``, quoted for a POSIX shell."""
    return " ".join(f"--set {shlex.quote(text)}" for text in sets)


def diagnosis_lines(season: Season, timeline: Timeline, *, repairs: int = 0) -> list[str]:
    """A plan's ``diagnosis`` when no plan keeps every hard rule: the clash in one sentence,
    then up to ``repairs`` of the gentlest repairs (each proven by a solve) as ``--set``s."""
    # Repairs are worded with this module's helpers, so they are imported only when asked.
    from liftplan.explain.repairs import propose_repairs

    conflicts, diagnosis, core = diagnose(timeline, season.rules)
    best = propose_repairs(season, timeline, core, diagnosis, limit=repairs) if repairs else []
    return [headline(conflicts)] + [f"repair: {r.description}: {shell_sets(r.set)}" for r in best]
