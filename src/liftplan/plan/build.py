"""Turn a solution into the plan users read: local-time sessions, blocks, workouts, reasons."""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from liftplan.models.plan import (
    HARD_NOTE,
    Block,
    ClosedWeek,
    LiftKind,
    PhaseSpan,
    Plan,
    Session,
    SolverSettings,
)
from liftplan.models.routines import Workout
from liftplan.models.season import RunKind, Season
from liftplan.models.wording import day_name, duration_text, short_date
from liftplan.plan.construct import Constructor
from liftplan.plan.workouts import LiftContext, WorkoutBuilder, routine_letter, summary
from liftplan.solver.candidates import Slot
from liftplan.solver.core_sessions import place_core_sessions
from liftplan.solver.solve import Solution
from liftplan.timeline import RaceEvent, RunEvent, Timeline


def blocks_of(timeline: Timeline, first_weeks: list[int], builder: WorkoutBuilder) -> list[Block]:
    """The blocks the solver chose, each with its routine (used in turn) and variation."""
    blocks = []
    ends = [*first_weeks[1:], len(timeline.weeks) + 1]
    for number, (first, after) in enumerate(zip(first_weeks, ends, strict=True), 1):
        routine = (number - 1) % builder.routines()
        blocks.append(
            Block(
                number=number,
                routine=routine_letter(routine),
                variation=builder.variation(routine).label,
                first_week=first,
                last_week=after - 1,
            )
        )
    return blocks


def phase_spans(season: Season) -> list[PhaseSpan]:
    """The season's phases as week ranges, each marked derived (with its A race) or not."""
    spans = []
    first = 1
    for index, phase in enumerate(season.effective_phases):
        race = season.phase_race(index)
        spans.append(
            PhaseSpan(
                name=phase.name,
                first_week=first,
                last_week=first + phase.weeks - 1,
                derived=season.phases_derived,
                from_race=None if race is None else race.date,
            )
        )
        first += phase.weeks
    return spans


CORE_REASON = "core work on an easy day without a lift, as in the guide's Wednesday"


def core_workout(builder: WorkoutBuilder, block: Block, minutes: int) -> tuple[Workout, str]:
    """The workout of a core session of ``minutes`` in ``block`` (the block's routine), and
    its notes as plan files write them."""
    workout = builder.core((block.number - 1) % builder.routines(), minutes)
    return workout, f"core | {summary(workout)} | est. {workout.minutes} min"


def build_plan(
    season: Season,
    timeline: Timeline,
    solution: Solution,
    athlete: str,
    settings: SolverSettings,
    builder: WorkoutBuilder,
    lived_cores: Mapping[int, int] | None = None,
    open_from_day: int = 0,
) -> Plan:
    """The plan of ``solution``; a re-plan's ``lived_cores`` (week -> core sessions held
    before ``open_from_day``, kept as history by the re-plan) count in their weeks, and new
    core sessions go from that day on (solver/core_sessions.py)."""
    plan = Plan(
        athlete=athlete,
        timezone=season.timezone,
        season_start=season.season.start,
        season_end=season.season.last_day,
        status=solution.status,
        objective=solution.objective,
        bound=solution.bound,
        score=solution.score,
        phases=phase_spans(season),
        solver=settings,
    )
    if not solution.status.solved:
        return plan
    plan.blocks = blocks_of(timeline, solution.block_first_weeks, builder)
    block_of_week = {
        week: block
        for block in plan.blocks
        for week in range(block.first_week, block.last_week + 1)
    }
    slots = sorted((solution.model.slots[i] for i in solution.chosen), key=lambda s: s.start)
    by_week: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        by_week[timeline.days[slot.day].week].append(slot)

    common = _Common(timeline, athlete)
    sessions = [_run_session(common, run) for run in timeline.runs]
    log = builder.season_log()  # exercises done and the main lifts' load, carried on
    units = season.athlete.units
    for week_number, week_slots in sorted(by_week.items()):
        block = block_of_week[week_number]
        routine, label = (block.number - 1) % builder.routines(), block.label
        week = timeline.weeks[week_number - 1]
        for index, slot in enumerate(week_slots):
            kind = LIFT_KINDS[timeline.lift_kind(slot.day)]
            window = race_window(timeline, slot.day)
            context = LiftContext(
                phase=week.phase,
                deload=kind is LiftKind.DELOAD,
                routine=routine,
                index_in_week=index,
                lifts_in_week=len(week_slots),
                minutes=slot.minutes,
                light=kind is LiftKind.LIGHT,
                race_note="" if week.light or window is None else window.note,
                after_race=window is not None and window.after,
                block=block.number - 1,
                week=week_number,
            )
            workout, notes = builder.lift_with_notes(context, log, units)
            reasons = _lift_reasons(season, timeline, slot, window)
            sessions.append(
                common.session(
                    slot.day,
                    slot.start,
                    slot.end,
                    "lift",
                    kind,
                    block=label,
                    notes=notes,
                    reasons=reasons,
                    workout=workout,
                )
            )
    lift_days = {slot.day for slot in slots}
    placed = place_core_sessions(timeline, season.rules, lift_days, lived_cores, open_from_day)
    for core in placed:
        block = block_of_week[timeline.days[core.day].week]
        workout, notes = core_workout(builder, block, core.end - core.start)
        sessions.append(
            common.session(
                core.day,
                core.start,
                core.end,
                "lift",
                LiftKind.CORE,
                block=block.label,
                notes=notes,
                reasons=[CORE_REASON],
                workout=workout,
            )
        )
    sessions.sort(key=SESSION_ORDER)
    plan.sessions = sessions
    for index, lift_id in plan.lift_ids().items():  # identities that re-plans keep
        sessions[index].lift_id = lift_id
    plan.lifts_per_week = [len(by_week.get(week.number, [])) for week in timeline.weeks]
    plan.closed_weeks = [
        ClosedWeek(week=week, reason=_closed_reason(reason, plan.lifts_per_week[week - 1]))
        for week, reason in solution.closed_weeks.items()
    ]
    return plan


def _closed_reason(reason: str, lifts: int) -> str:
    """A closed week's reason (``no lift: every day is closed ...``), or, when it holds lifts
    already (a re-plan's history, done before the race was added), ``no lift beyond the 1
    done: ...``: not "no lift" beside a lift."""
    if not lifts:
        return reason
    return f"no lift beyond the {lifts} done:" + reason.removeprefix("no lift:")


@dataclass(frozen=True)
class RaceWindow:
    """The race whose window makes a day's lift light: the lightening ``rule`` and how many
    ``days`` the day lies before (or after) the race."""

    rule: str
    event: RaceEvent
    days: int

    @property
    def after(self) -> bool:
        return self.rule == "light_lift_days_after_race"

    @property
    def note(self) -> str:
        """``5 days before the 5k (A) on Sat 9 May``."""
        side = "after" if self.after else "before"
        return f"{_days(self.days)} {side} {_race_name(self.event)}"


def race_window(timeline: Timeline, day: int) -> RaceWindow | None:
    """Why the days around a race make ``day``'s lift light; None when none does."""
    before = timeline.race_before(day)
    if before is not None:
        return RaceWindow("no_heavy_lift_days_before_race", before, before.days_before(day))
    after = timeline.race_after(day)
    if after is not None:
        return RaceWindow("light_lift_days_after_race", after, after.days_after(day))
    return None


def _days(count: int) -> str:
    return "1 day" if count == 1 else f"{count} days"


def _race_name(event: RaceEvent) -> str:
    race = event.race
    return f"the {race.distance} ({race.priority}) on {short_date(race.date)}"


class _Common:
    """A session's fields in `Session`'s order, made here whole (no model defaults to copy
    and update, no field names to check: a 16-week plan makes ~130 sessions, the dict
    juggling was most of a run session's cost). A day's own fields (athlete, week, phase,
    date, weekday) are made once per day, on ~100 days; its local times are read from the
    day (`Timeline.to_local_from`), without the search for it."""

    def __init__(self, timeline: Timeline, athlete: str) -> None:
        self.timeline = timeline
        self.athlete = athlete
        self.of_day: dict[int, dict[str, Any]] = {}

    def _day(self, day: int) -> dict[str, Any]:
        """The day's own fields."""
        fields = self.of_day.get(day)
        if fields is None:
            info = self.timeline.days[day]
            week = self.timeline.weeks[info.week - 1]
            fields = self.of_day[day] = {
                "athlete": self.athlete,
                "week": info.week,
                "phase": "" if week.phase is None else str(week.phase),
                "date": info.date,
                "weekday": info.weekday,
            }
        return fields

    def session(
        self,
        day: int,
        start: int,
        end: int,
        activity: str,
        kind: RunKind | LiftKind,
        *,
        block: str = "",
        notes: str = "",
        reasons: list[str],
        workout: Workout | None = None,
        hard: bool = False,
    ) -> Session:
        """The session of ``activity`` on ``day`` from ``start`` to ``end`` (instants); its
        fields set those `SESSION` would set from what a run, or a lift, gives."""
        local = self.timeline.to_local_from
        state = {
            **self._day(day),
            "activity": activity,
            "kind": kind,
            "start": local(day, start),
            "end": local(day, end),
            "minutes": end - start,
            "block": block,
            "notes": notes,
            "reasons": reasons,
            "workout": workout,
            "lift_id": "",
            "group": None,
            "hard": hard,
        }
        return SESSION.whole(state, RUN_GIVEN if activity == "run" else LIFT_GIVEN)


# Sessions are built from the validated season and the solver's legal slots: constructed,
# not re-validated (a 16-week season makes ~130 of them; validation was a tenth of a batch
# athlete's plan build). The independent checker still reads every one.
SESSION = Constructor(Session)
SESSION_ORDER = operator.attrgetter("start", "end", "activity")
LIFT_KINDS = {str(kind): kind for kind in LiftKind}  # the timeline's lift kinds, looked up
# The fields a run and a lift give (the others keep their defaults): as model_construct
# would set them from those (tests/plan/test_build.py compares them).
_DAY_AND_TIMES = ("athlete", "week", "phase", "date", "weekday", "start", "end", "minutes")
RUN_GIVEN = frozenset({*_DAY_AND_TIMES, "activity", "kind", "hard", "notes", "reasons"})
LIFT_GIVEN = frozenset(
    {*_DAY_AND_TIMES, "activity", "kind", "block", "notes", "reasons", "workout"}
)


def _run_session(common: _Common, run: RunEvent) -> Session:
    return common.session(
        run.day,
        run.start,
        run.end,
        "run",
        run.kind,
        hard=run.hard,
        notes=HARD_NOTE if run.hard else "",  # what Session's validator would derive
        reasons=[f"running plan: {'hard' if run.hard else 'easy'} {run.kind}"],
    )


def lift_reasons(season: Season, timeline: Timeline, slot: Slot) -> list[str]:
    """Why this lift sits where it does, in the order a coach would give them."""
    return _lift_reasons(season, timeline, slot, race_window(timeline, slot.day))


def _lift_reasons(
    season: Season, timeline: Timeline, slot: Slot, window: RaceWindow | None
) -> list[str]:
    day = timeline.days[slot.day]
    runs = timeline.runs_touching(slot.day)
    week = timeline.week_of(slot.day)
    weights, gap_wish = week.weights, round(week.lifting.gap_hours * 60)
    reasons = []
    if day.hard:
        kinds = ", ".join(str(run.kind) for run in day.runs if run.hard)
        reasons.append(f"hard day ({kinds}): keeps hard days hard and easy days easy")
    else:
        reasons.append(f"easy day: costs {weights.easy_day_lift} (hard days hard, easy days easy)")
    for run in runs:
        if slot.start >= run.end:
            gap, where = slot.start - run.end, f"after {run.kind}"
        else:
            gap, where = run.start - slot.end, f"before {run.kind}"
        text = f"{where}, {duration_text(gap)} gap"
        if gap < gap_wish:
            text += f" ({duration_text(gap_wish - gap)} short of {duration_text(gap_wish)})"
        if slot.wrong_order:
            order = "lift first in a base phase" if slot.lift_first else "run first, then lift"
            text += f"; costs {weights.wrong_order} (the wish: {order})"
        reasons.append(text)
    if not runs:
        reasons.append("no run that day")
    next_hard = timeline.next_hard_run(slot.start)
    if next_hard is not None:
        when = day_name(timeline.days[next_hard.day].date)
        reasons.append(
            f"{duration_text(next_hard.start - slot.end)} before "
            f"{when}'s {next_hard.kind} (needs {season.rules.recovery_hours:g} h)"
        )
    if window is not None:
        rule, race = window.rule, window.event.race
        written = getattr(season.rules, rule) is not None
        source = "" if written else f" for a {race.distance}"
        reasons.append(
            f"light: {window.note} ({rule} = {season.rules.race_days(rule, race)}{source})"
        )
    if slot.short_minutes and slot.light:
        reasons.append(
            f"{slot.minutes} min, {slot.short_minutes} min over the shortest light lift "
            f"{slot.minutes - slot.short_minutes} (short_lift_minute)"
        )
    elif slot.short_minutes:
        reasons.append(
            f"{slot.minutes} min, {slot.short_minutes} min short of "
            f"{slot.minutes + slot.short_minutes} (short_lift_minute)"
        )
    return reasons
