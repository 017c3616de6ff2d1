"""Turn a solution into the plan users read: local-time sessions, each lift with its reasons."""

from __future__ import annotations

from liftplan.models.plan import Plan, Session, SolverSettings
from liftplan.models.season import PhaseName, Season
from liftplan.solver.candidates import Slot
from liftplan.solver.solve import Solution
from liftplan.timeline import RunEvent, Timeline

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def duration_text(minutes: int) -> str:
    """``195`` -> ``"3 h 15 min"``."""
    hours, rest = divmod(abs(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


def lift_kind(phase: PhaseName | None) -> str:
    """Taper lifts are light (volume down, intensity kept); every other lift is heavy."""
    return "light" if phase is PhaseName.TAPER else "heavy"


def build_plan(
    season: Season, timeline: Timeline, solution: Solution, athlete: str, settings: SolverSettings
) -> Plan:
    plan = Plan(
        athlete=athlete,
        timezone=season.timezone,
        status=solution.status,
        objective=solution.objective,
        bound=solution.bound,
        score=solution.score,
        solver=settings,
    )
    if not solution.status.solved:
        return plan
    sessions = [_run_session(timeline, run, athlete) for run in timeline.runs]
    slots = [solution.model.slots[i] for i in solution.chosen]
    sessions += [_lift_session(season, timeline, slot, athlete) for slot in slots]
    sessions.sort(key=lambda s: (s.start, s.end, s.activity))
    plan.sessions = sessions
    counts = [0] * len(timeline.weeks)
    for slot in slots:
        counts[timeline.days[slot.day].week - 1] += 1
    plan.lifts_per_week = counts
    return plan


def _common(timeline: Timeline, day: int, start: int, end: int) -> dict[str, object]:
    info = timeline.days[day]
    week = timeline.weeks[info.week - 1]
    return {
        "week": info.week,
        "phase": "" if week.phase is None else str(week.phase),
        "date": info.date,
        "weekday": info.weekday,
        "start": timeline.to_local(start),
        "end": timeline.to_local(end),
        "minutes": end - start,
    }


def _run_session(timeline: Timeline, run: RunEvent, athlete: str) -> Session:
    return Session(
        athlete=athlete,
        activity="run",
        kind=str(run.kind),
        notes="hard" if run.hard else "",
        reasons=[f"running plan: {'hard' if run.hard else 'easy'} {run.kind}"],
        **_common(timeline, run.day, run.start, run.end),
    )


def _lift_session(season: Season, timeline: Timeline, slot: Slot, athlete: str) -> Session:
    week = timeline.week_of(slot.day)
    reasons = lift_reasons(season, timeline, slot)
    return Session(
        athlete=athlete,
        activity="lift",
        kind=lift_kind(week.phase),
        notes=reasons[1] if len(reasons) > 1 else reasons[0],
        reasons=reasons,
        **_common(timeline, slot.day, slot.start, slot.end),
    )


def lift_reasons(season: Season, timeline: Timeline, slot: Slot) -> list[str]:
    """Why this lift sits where it does, in the order a coach would give them."""
    day = timeline.days[slot.day]
    weights = timeline.week_of(slot.day).weights
    gap_wish = round(timeline.week_of(slot.day).lifting.gap_hours * 60)
    reasons = []
    if day.hard:
        kinds = ", ".join(str(run.kind) for run in day.runs if run.hard)
        reasons.append(f"hard day ({kinds}): keeps hard days hard and easy days easy")
    else:
        reasons.append(f"easy day: costs {weights.easy_day_lift} (easy_day_lift)")
    for run in day.runs:
        if slot.start >= run.end:
            gap, where = slot.start - run.end, f"after {run.kind}"
        else:
            gap, where = run.start - slot.end, f"before {run.kind}"
        text = f"{where}, {duration_text(gap)} gap"
        if gap < gap_wish:
            text += f" ({duration_text(gap_wish - gap)} short of {duration_text(gap_wish)})"
        if slot.wrong_order:
            order = "lift first in a base phase" if slot.lift_first else "run first, then lift"
            text += f"; costs {weights.wrong_order} (wrong_order: {order})"
        reasons.append(text)
    if not day.runs:
        reasons.append("no run that day")
    next_hard = next((run for run in timeline.hard_runs if run.start >= slot.start), None)
    if next_hard is not None:
        when = DAY_NAMES[timeline.days[next_hard.day].date.weekday()]
        reasons.append(
            f"{duration_text(next_hard.start - slot.end)} before "
            f"{when}'s {next_hard.kind} (needs {season.rules.recovery_hours:g} h)"
        )
    if slot.short_minutes:
        reasons.append(
            f"{slot.minutes} min, {slot.short_minutes} min short of "
            f"{slot.minutes + slot.short_minutes} (short_lift_minute)"
        )
    return reasons
