"""The short human summary printed on stderr after a solve."""

from __future__ import annotations

from collections import defaultdict

from liftplan.models.plan import LiftKind, Plan, Session
from liftplan.models.season import Season
from liftplan.models.wording import count, day_and_time, listed, plural, short_date


def _a_races(plan: Plan) -> str:
    """``the A race on Sun 31 May`` or ``the A races on Sun 3 May and Sun 25 Oct``: the races
    the derived phases build towards, by their dates (a plan keeps no race names)."""
    days = [short_date(day) for day in plan.phase_races]
    if not days:
        return "the A race"
    return f"the A {plural(len(days), 'race')} on {listed(days)}"


# Said when a season has races, none of them A, and writes no phases: none are derived.
NO_A_RACE = (
    "no A race: phases not derived, so no week is base, build, peak or taper "
    "(give a race priority A, or write season.phases)"
)


def phase_note(season: Season) -> str | None:
    """`NO_A_RACE` when ``season`` has races, no A race and no written phases, else None."""
    if season.season.phases is not None or season.phases_derived:
        return None
    races = season.races()
    if not races or any(race.priority == "A" for race in races):
        return None
    return NO_A_RACE


def summary_lines(plan: Plan, season: Season | None = None) -> list[str]:
    """The plan in a few lines: status and score, phases (derived, or why not), each week."""
    lines = [
        f"{plan.status}  objective {plan.objective} (bound {plan.bound})  "
        f"{count(len(plan.lifts_per_week), 'week')}, {count(len(plan.lifts), 'lift')}",
        "score: " + ", ".join(f"{term} {total}" for term, total in plan.score.items()),
    ]
    if plan.phases_derived:
        phases = ", ".join(f"{phase.name} {phase.week_range}" for phase in plan.phases)
        lines.append(f"phases derived from {_a_races(plan)}: {phases}")
    note = None if season is None else phase_note(season)
    if note is not None:
        lines.append(note)
    lifts_by_week: dict[int, list[Session]] = defaultdict(list)
    first_day: dict[int, Session] = {}
    for session in plan.sessions:
        first_day.setdefault(session.week, session)
        if session.activity == "lift":
            lifts_by_week[session.week].append(session)
    block_of_week = {
        week: block.label
        for block in plan.blocks
        for week in range(block.first_week, block.last_week + 1)
    }
    for week, lifts in enumerate(plan.lifts_per_week, 1):
        days = ", ".join(
            day_and_time(lift.start) + (" core" if lift.kind is LiftKind.CORE else "")
            for lift in lifts_by_week[week]
        )
        phase = first_day[week].phase if week in first_day else ""
        block = block_of_week.get(week, "")
        lines.append(
            f"week {week:>2} {phase:<8} block {block:<4} {count(lifts, 'lift'):<7}  {days}"
        )
    lines += [f"week {closed.week}: {closed.reason}" for closed in plan.closed_weeks]
    return lines


def infeasible_lines(source: str, plan: Plan) -> list[str]:
    lines = [f"liftplan: {source}: infeasible: no plan meets every hard rule"]
    lines += [f"  {finding}" for finding in plan.diagnosis]
    return lines
