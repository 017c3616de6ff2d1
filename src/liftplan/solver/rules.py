"""The hard rules (SPEC section 3), each stated once, in the coach's words.

Rules about a single slot remove it before the model is built (cheap, and the model never
sees an illegal start). Rules that tie slots together are constraints on the model; when the
model chooses weekly patterns, the part of them inside one week is kept by the patterns
themselves (solver/patterns.py: week_allows) and only the rest is stated here. Both
kinds sit in one ordered registry, `HARD_RULES`, so the diagnosis, the docs and the tests
all name a rule the same way.
"""

from __future__ import annotations

import bisect
import math
from collections.abc import Callable
from dataclasses import dataclass

from ortools.sat.python import cp_model

from liftplan.models.season import Rules
from liftplan.solver.candidates import Slot
from liftplan.solver.variables import INT64_MAX, INT64_MIN, Variables, add_row, total
from liftplan.timeline import Timeline


@dataclass
class RuleContext:
    """What slot rules look up: the timeline and the rules."""

    timeline: Timeline
    rules: Rules


SlotCheck = Callable[[Slot, RuleContext], bool]
DayCheck = Callable[[int, RuleContext], bool]
ModelCheck = Callable[[cp_model.CpModel, Variables, Timeline, Rules], None]


@dataclass(frozen=True)
class HardRule:
    """A named hard rule: a filter of slots or of whole days, model constraints (``add``), or
    a rule that makes a day's lift light (``lightens_day``) without removing it.

    ``says`` is the rule in a coach's words, written here as data: docstrings would not do,
    since ``python -OO`` strips them. ``binds_past`` says whether the rule holds a lift that
    already happened (a re-plan's history: its fixed lifts before ``--from``), and ``past``
    why, in one line: a rule about where a lift may go does not move a lift that was done; a
    rule that counts lifts counts it for the lifts still to come, but two past lifts never
    make each other infeasible. ``binds_core`` says whether a core-only session
    (``lifting.core_sessions``: a few light minutes of core work on an easy day) is held to
    the rule as a lift is, and ``core`` why, in one line.
    """

    name: str
    says: str
    binds_past: bool
    past: str
    binds_core: bool
    core: str
    forbids: SlotCheck | None = None
    forbids_day: DayCheck | None = None
    add: ModelCheck | None = None
    lightens_day: DayCheck | None = None

    def blocks(self, slot: Slot, ctx: RuleContext) -> bool:
        """Whether this filter removes ``slot``."""
        if self.forbids_day is not None:
            return self.blocks_day(slot.day, ctx)
        return self.forbids is not None and self.forbids(slot, ctx)

    def blocks_day(self, day: int, ctx: RuleContext) -> bool:
        """Whether this whole-day filter removes every slot of ``day``."""
        return self.forbids_day is not None and self.forbids_day(day, ctx)


# --- rules on one slot --------------------------------------------------------------------


def overlaps_a_run(slot: Slot, ctx: RuleContext) -> bool:
    """Whether ``slot`` shares an instant with a run (of its day, or crossing into it)."""
    return any(
        slot.start < run.end and run.start < slot.end
        for run in ctx.timeline.runs_touching(slot.day)
    )


def day_before_hard(day: int, ctx: RuleContext) -> bool:
    """Whether ``day`` is the day before a hard run, when the rule is on."""
    days = ctx.timeline.days
    return ctx.rules.no_lift_day_before_hard and day + 1 < len(days) and days[day + 1].hard


def too_close_to_next_hard_run(slot: Slot, ctx: RuleContext) -> bool:
    """Whether ``slot`` ends less than recovery_hours (elapsed minutes) before the next hard
    run starts."""
    run = ctx.timeline.next_hard_run(slot.start)
    return run is not None and run.start - slot.end < math.ceil(ctx.rules.recovery_hours * 60)


def too_close_to_race(day: int, ctx: RuleContext) -> bool:
    """Whether ``day`` is a day of a race (any of a multi-day race's) or one of the
    no_lift_days_before_race days before its first day."""
    return ctx.timeline.race_closing(day, ctx.rules) is not None


def too_soon_after_race(day: int, ctx: RuleContext) -> bool:
    """Whether ``day`` is one of the no_lift_days_after_race days after a race's last day."""
    return ctx.timeline.race_just_after(day, ctx.rules) is not None


# --- rules that make a day's lift light ---------------------------------------------------


def light_before_race(day: int, ctx: RuleContext) -> bool:
    """Whether ``day`` is within no_heavy_lift_days_before_race days before a race."""
    return ctx.timeline.race_before(day, ctx.rules) is not None


def light_after_race(day: int, ctx: RuleContext) -> bool:
    """Whether ``day`` is within light_lift_days_after_race days after a race."""
    return ctx.timeline.race_after(day, ctx.rules) is not None


# --- rules across slots -------------------------------------------------------------------


def lifts_per_week(model: cp_model.CpModel, v: Variables, timeline: Timeline, rules: Rules) -> None:
    """Each week's lift count within min_lifts..max_lifts (the patterns keep it, if any)."""
    if v.patterns is not None:  # every pattern of a week holds min..max lifts
        return
    for week in timeline.weeks:
        count = v.week_lifts(week.number)
        model.add(count >= week.min_lifts).with_name(f"min_lifts(week {week.number})")
        model.add(count <= week.max_lifts).with_name(f"max_lifts(week {week.number})")


def lifts_per_day(model: cp_model.CpModel, v: Variables, timeline: Timeline, rules: Rules) -> None:
    """A cap on each day's lifts, and at most one of any slots that overlap (a week's
    patterns, if any, lift in a day's best sets only: the cap and no overlap kept)."""
    if v.patterns is not None:
        return
    for day, slot_ids in v.slots_by_day.items():
        # A past day holds only the lifts that happened there (fixed): none is added to it.
        if len(slot_ids) > 1 and day not in v.past_days:
            model.add(v.day_lifts(day) <= rules.max_lifts_per_day)
            for clique in v.overlapping_groups(slot_ids):
                model.add_at_most_one(v.literal(i) for i in clique)


def rest_days(model: cp_model.CpModel, v: Variables, timeline: Timeline, rules: Rules) -> None:
    """At most one lift day in any rest_days_between_lifts + 1 days in a row (inside one
    week the patterns keep this, if any)."""
    span = rules.rest_days_between_lifts + 1
    if span == 1:
        return
    days = sorted(v.slots_by_day)
    week_of = {day: timeline.days[day].week for day in days}
    for index, first in enumerate(days):
        end = bisect.bisect_left(days, first + span, index)
        if v.patterns is not None and week_of[first] == week_of[days[end - 1]]:
            continue  # inside one week, the week's patterns keep the rest days
        window = days[index:end]
        if len(window) < 2:
            continue
        # Past lift days (fixed) close the window to later lifts but never clash together.
        past = sum(1 for day in window if day in v.past_days)
        later = [v.lift_day(day) for day in window if day not in v.past_days]
        if past == 0:
            model.add(total(later) <= 1)
        elif later:
            model.add(total(later) == 0)


def block_lengths(model: cp_model.CpModel, v: Variables, timeline: Timeline, rules: Rules) -> None:
    """Block starts spaced so that every block lasts min_weeks..max_weeks weeks."""
    low, high = timeline.blocks.min_weeks, timeline.blocks.max_weeks
    weeks = len(timeline.weeks)
    # starts[0] is week 1, always a block start; rows by index (ascending: made in a row)
    starts = [start.index for start in v.block_start]
    rows = model.proto.constraints
    # Interval windows over a chain: the LP relaxation of these sums is integral.
    for first in range(weeks - low + 1):
        add_row(rows, starts[first : first + low], [1] * low, INT64_MIN, 1)
    for first in range(1, weeks - high + 1):
        add_row(rows, starts[first : first + high], [1] * high, 1, INT64_MAX)
    if blocks_fit(weeks, low, high):  # else the last block may be short: nothing else fits
        for week in range(max(1, weeks - low + 1), weeks):
            add_row(rows, [starts[week]], [1], 0, 0)


def blocks_fit(weeks: int, low: int, high: int) -> bool:
    """Whether ``weeks`` splits into blocks of ``low``..``high`` weeks (a short season is one)."""
    if weeks <= high:
        return True
    fits = [True] + [False] * weeks
    for end in range(1, weeks + 1):
        fits[end] = any(fits[end - size] for size in range(low, high + 1) if size <= end)
    return fits[weeks]


HARD_RULES: tuple[HardRule, ...] = (
    # Slots are generated inside availability windows only, so this rule filters nothing.
    HardRule(
        "availability",
        "A lift lies inside one of the runner's free windows.",
        binds_past=False,
        past="The windows are for lifts still to place; a lift done was done when it was.",
        binds_core=True,
        core="A core session too lies inside a free window.",
    ),
    HardRule(
        "no_overlap_with_runs",
        "A lift never overlaps a run.",
        binds_past=False,
        past="A placement rule: no later choice moves a lift that already happened.",
        binds_core=True,
        core="A core session too is done apart from the runs.",
        forbids=overlaps_a_run,
    ),
    HardRule(
        "no_lift_day_before_hard",
        "Never lift the day before a hard running workout.",
        binds_past=False,
        past="A placement rule: the hard run comes anyway; the lift done the day before stays.",
        binds_core=False,
        core="Core work is light: the guide's own week has it on Wednesday, before Thursday's "
        "tempo.",
        forbids_day=day_before_hard,
    ),
    HardRule(
        "recovery_hours",
        "Give the legs recovery_hours (24-48 h) after lifting before the next hard run.",
        binds_past=False,
        past="A placement rule: it tells where a lift may go, not whether a done one counts.",
        binds_core=False,
        core="A few minutes of core work do not tire the legs as a lift does (the guide's "
        "Wednesday core, then Thursday's tempo).",
        forbids=too_close_to_next_hard_run,
    ),
    HardRule(
        "no_lift_days_before_race",
        "No lift in the last days before a race, nor on race day.",
        binds_past=False,
        past="A placement rule about race windows: history is not re-placed.",
        binds_core=True,
        core="The last days before a race are for resting: no core work either.",
        forbids_day=too_close_to_race,
    ),
    HardRule(
        "no_heavy_lift_days_before_race",
        "In the days before a race a lift is light: intensity kept, volume cut, no slow "
        "lowering or holds. It is never removed for being heavy.",
        binds_past=False,
        past="A lift done is as heavy as it was; only lifts to come are made light.",
        binds_core=False,
        core="A core session is light already.",
        lightens_day=light_before_race,
    ),
    HardRule(
        "no_lift_days_after_race",
        "Recovery first: no lift in the days right after a race.",
        binds_past=False,
        past="A placement rule about race windows: history is not re-placed.",
        binds_core=True,
        core="Recovery first: no core work either in the days right after a race.",
        forbids_day=too_soon_after_race,
    ),
    HardRule(
        "light_lift_days_after_race",
        "Lifting comes back light after a race: intensity and volume down until the legs "
        "have recovered.",
        binds_past=False,
        past="A lift done is as heavy as it was; only lifts to come are made light.",
        binds_core=False,
        core="A core session is light already.",
        lightens_day=light_after_race,
    ),
    HardRule(
        "lifts_per_week",
        "Lift between per_week.min and per_week.max times each week.",
        binds_past=True,
        past="A lift done counts in its week: later lifts fill only what is left up to max.",
        binds_core=False,
        core="Core sessions are counted on their own (lifting.core_sessions), not as lifts.",
        add=lifts_per_week,
    ),
    HardRule(
        "max_lifts_per_day",
        "At most max_lifts_per_day lifts on a day, and never two at once.",
        binds_past=True,
        past="It counts for a later lift on the same day; past lifts alone never break it.",
        binds_core=False,
        core="A core session goes only on a day without a lift (and without a hard run).",
        add=lifts_per_day,
    ),
    HardRule(
        "rest_days_between_lifts",
        "Leave rest_days_between_lifts lift-free days between two lift days.",
        binds_past=True,
        past="A later lift leaves the rest days after a lift done; two past lifts never clash.",
        binds_core=False,
        core="Core work is not a lift: it needs no rest days around it.",
        add=rest_days,
    ),
    HardRule(
        "block_lengths",
        "Change the routine every few weeks: blocks last blocks.min_weeks to max_weeks weeks.",
        binds_past=True,
        past="Blocks are counted in weeks: the weeks lived belong to their block as planned.",
        binds_core=False,
        core="Core sessions follow no routine, so no block.",
        add=block_lengths,
    ),
)

DAY_FILTERS = tuple(rule for rule in HARD_RULES if rule.forbids_day is not None)
SLOT_FILTERS = tuple(rule for rule in HARD_RULES if rule.forbids is not None)
MODEL_RULES = tuple(rule for rule in HARD_RULES if rule.add is not None)
# They remove nothing: the timeline's lift_kind reads the same windows (Timeline.race_before,
# Timeline.race_after) and names a lightened day's lift light before any model is built.
LIGHTENING_RULES = tuple(rule for rule in HARD_RULES if rule.lightens_day is not None)
# The rules a lift that already happened is not held to (see HardRule.binds_past).
PAST_EXEMPT = frozenset(rule.name for rule in HARD_RULES if not rule.binds_past)
# The whole-day rules a core-only session is held to, as a lift is (HardRule.binds_core).
CORE_DAY_FILTERS = tuple(rule for rule in DAY_FILTERS if rule.binds_core)


def legal_slots(timeline: Timeline, ctx: RuleContext) -> list[Slot]:
    """Every slot no filter forbids, sorted by (start, end); cached per season
    (solver/legal.py, which states these filters as limits on each start's end)."""
    from liftplan.solver.legal import legal_slots as computed  # it builds on this registry

    return computed(timeline, ctx.rules)
