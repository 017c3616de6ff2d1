"""Pick up a season after life happened: the previous plan and the dates become the solver's
commitments, and the freeze is measured in elapsed minutes.

From the ``--from`` date on, the lifts done before it are history (fixed), the planned lifts
of the next ``freeze_hours`` stay as planned (fixed), and each planned lift after that costs
``stability`` to move or drop. The freeze starts at the local start of the ``--from`` day and
lasts ``freeze_hours`` of elapsed time: across a clock change, 24 hours are 24 hours, not a
23- or 25-hour day on the wall clock. The timeline does every local-time conversion; the
solver sees only minutes on the timeline, day indexes and week numbers.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from liftplan.check import LivedSeasons, check_plan, whose_plan
from liftplan.errors import InputError
from liftplan.explain.conflicts import (
    DIAGNOSIS_SHARE,
    alike_weeks,
    diagnose,
    diagnosis_budget,
    headline,
    shell_sets,
)
from liftplan.explain.repairs import (
    STOPPED,
    OutOfBudget,
    RepairBudget,
    one_lift_fewer,
    propose_repairs,
    solve_charge,
)
from liftplan.io.overrides import with_overrides
from liftplan.io.plan_file import session_places
from liftplan.models.patch import SeasonPatch, patched
from liftplan.models.plan import (
    LiftKind,
    LiftSlot,
    Plan,
    Session,
    Status,
    match_identities,
    read_block_label,
    season_week,
)
from liftplan.models.season import Rules, Season, no_such_date, skipped_date
from liftplan.models.settings import DEFAULT_TIME_LIMIT
from liftplan.plan.build import CORE_REASON, core_workout
from liftplan.plan.season_plan import plan_on_timeline
from liftplan.plan.workouts import WorkoutBuilder
from liftplan.solver.commitments import Commitments, PlacedLift, commitments_for
from liftplan.solver.legal import is_legal
from liftplan.solver.solve import Solution
from liftplan.timeline import Timeline, build_timeline

MINUTES_PER_HOUR = 60


@dataclass(frozen=True)
class Freeze:
    """The frozen span ``[begin, end)`` in minutes on the timeline: planned lifts that start
    in it stay as planned; lifts done before ``begin`` are history."""

    begin: int
    end: int

    @classmethod
    def from_date(cls, timeline: Timeline, start: dt.date, hours: float) -> Freeze:
        """From the local start of ``start``, ``hours`` of elapsed time (to the minute)."""
        begin = timeline.start_of(start)
        return cls(begin, begin + round(hours * MINUTES_PER_HOUR))


def placed(timeline: Timeline, lift: Session) -> PlacedLift:
    """A lift of a plan on the timeline: its instants, and the local day it starts on."""
    start = timeline.instant(lift.start)
    return PlacedLift(timeline.day_of(start), start, timeline.instant(lift.end))


@dataclass(frozen=True)
class Standing:
    """What a re-plan holds to: the ``fixed`` lifts happen as they are (those done before
    the freeze, then the frozen ones what was done does not rule out); each of the ``keep``
    lifts moved or dropped costs ``stability`` (the ruled-out frozen ones, then those after
    the freeze)."""

    fixed: list[Session]
    keep: list[Session]


def standing_lifts(
    timeline: Timeline,
    planned: Iterable[Session],
    done: Iterable[Session],
    start: dt.date,
    freeze_hours: float,
    rules: Rules | None = None,
) -> Standing:
    """Done lifts before ``start`` and planned lifts in the next ``freeze_hours`` are fixed;
    the planned lifts after that are kept if the price is right.

    With ``rules``, a frozen lift that what was done now rules out (too soon after a lift
    done, or one too many in its week), or that the season as it now is forbids (an edited
    file or a --set: a new hard run the next day, another grid or window), is not frozen
    but kept at the price: history wins over the plan it changed, and the rules over both."""
    freeze = Freeze.from_date(timeline, start, freeze_hours)
    planned = list(planned)
    fixed = [lift for lift in done if timeline.instant(lift.start) < freeze.begin]
    frozen = [lift for lift in planned if freeze.begin <= timeline.instant(lift.start) < freeze.end]
    released: list[Session] = []
    if rules is not None:
        legal = [_legal(timeline, rules, lift) for lift in frozen]
        allowed = [lift for lift, ok in zip(frozen, legal, strict=True) if ok]
        forbidden = [lift for lift, ok in zip(frozen, legal, strict=True) if not ok]
        released = forbidden + _ruled_out(timeline, fixed, allowed, rules)
    out = {id(lift) for lift in released}
    fixed += [lift for lift in frozen if id(lift) not in out]
    keep = released + [lift for lift in planned if timeline.instant(lift.start) >= freeze.end]
    return Standing(fixed, keep)


def _legal(timeline: Timeline, rules: Rules, lift: Session) -> bool:
    at = placed(timeline, lift)
    return is_legal(timeline, rules, at.day, at.start, at.end)


def commitments_of(
    timeline: Timeline,
    standing: Standing,
    start: dt.date,
    stability: int,
    block_first_weeks: list[int] | None,
) -> Commitments:
    """The solver's commitments for a re-plan from ``start`` that holds to ``standing``."""
    return commitments_for(
        timeline,
        open_from_day=timeline.day_index(start),
        fixed=[placed(timeline, lift) for lift in standing.fixed],
        keep=[placed(timeline, lift) for lift in standing.keep],
        stability=stability,
        block_first_weeks=block_first_weeks,
    )


def _ruled_out(
    timeline: Timeline, past: list[Session], frozen: list[Session], rules: Rules
) -> list[Session]:
    """The frozen lifts (in time order) that the ``past`` lifts, and the frozen ones kept
    before them, rule out, by the rules that count lifts done: the rest days after a lift
    day, and each week's max."""
    past_days = {placed(timeline, lift).day for lift in past}
    rest = rules.rest_days_between_lifts
    per_week: dict[int, int] = defaultdict(int)
    for day in (placed(timeline, lift).day for lift in past):
        per_week[timeline.days[day].week] += 1
    out = []
    for lift, at in sorted(
        ((lift, placed(timeline, lift)) for lift in frozen), key=lambda pair: pair[1].start
    ):
        week = timeline.days[at.day].week
        too_soon = any(0 < at.day - day <= rest for day in past_days)
        if too_soon or per_week[week] >= timeline.week_of(at.day).max_lifts:
            out.append(lift)
        else:  # it stands: the frozen lifts after it are held to it too
            per_week[week] += 1
            past_days.add(at.day)
    return out


def _done_as_written(done: list[tuple[str, Session]], done_file: str, timezone: str) -> None:
    """InputError naming ``done_file`` and the place each session of ``done`` has in it
    (``row 7``; "" when it came from no file) for a lift or core session whose date is not
    its start's (a row's date edited in a spreadsheet, its time not), listed twice (a row
    copied) or overlapping another: the re-plan would hold it on one day and count it on
    another, or make it two sessions at once."""
    zone = ZoneInfo(timezone)
    seen: dict[tuple[dt.datetime, dt.datetime], str] = {}
    for place, lift in done:
        local = lift.start.astimezone(zone)
        if local.date() != lift.date:
            raise InputError(
                done_file,
                f"{place}.date" if place else "date",
                f"a {_noun(lift)} dated {lift.date} starts {local:%Y-%m-%d %H:%M} ({timezone}): "
                "give the date of its start",
            )
        if (lift.start, lift.end) in seen:
            first = seen[lift.start, lift.end]
            raise InputError(
                done_file,
                place,
                f"the {_noun(lift)} done at {local:%Y-%m-%d %H:%M} is listed twice"
                + (f" ({first} lists it too)" if first else ""),
            )
        seen[lift.start, lift.end] = place
    in_time = sorted(done, key=lambda listed: (listed[1].start, listed[1].end))
    for (earlier_place, earlier), (place, later) in itertools.pairwise(in_time):
        if later.start < earlier.end:
            first, second = (f"{s.start.astimezone(zone):%Y-%m-%d %H:%M}" for s in (earlier, later))
            raise InputError(
                done_file,
                place,
                f"the {_noun(later)} done at {second} overlaps the {_noun(earlier)} at {first}"
                + (f" ({earlier_place})" if earlier_place else ""),
            )


def _noun(session: Session) -> str:
    return "core session" if session.kind is LiftKind.CORE else "lift"


def check_dates(
    season: Season,
    previous: Plan,
    start: dt.date,
    missed: tuple[dt.date, ...],
    *,
    done_given: bool = False,
    plan_file: str = "PLAN",
) -> None:
    """The ``--from`` and ``--missed`` dates make sense for ``season`` and ``previous``.

    Raises InputError naming the option: ``--from`` outside the season or on a date its
    zone skipped (`skipped_date`); ``--missed`` with
    ``--done`` (which lists what was done), on or after ``--from`` (not yet missed), or on a
    day the plan has no lift (or only a core session) on."""
    span = season.season
    if not span.start <= start <= span.last_day:
        raise InputError(
            "--from", "", f"{start} is outside the season {span.start}..{span.last_day}"
        )
    if skipped_date(season.zone, start):  # Samoa's 2011-12-30: no day to start the freeze on
        raise InputError("--from", "", no_such_date(season.zone, start))
    if missed and done_given:
        raise InputError(
            "--missed", "", "give --done or --missed, not both: --done lists the lifts done"
        )
    lift_days = {lift.date for lift in previous.lifts}
    core_days = {core.date for core in previous.core_sessions}
    for day in missed:
        if day >= start:
            raise InputError(
                "--missed",
                "",
                f"{day} is not before --from {start}: only a past lift can be missed",
            )
        if day in core_days and day not in lift_days:  # --missed is for lifts
            raise InputError(
                "--missed",
                "",
                f"{plan_file} plans only a core session on {day}: to skip it, give --done "
                "with what was done (the plan's rows before --from, less that one)",
            )
        if day not in lift_days:
            raise InputError("--missed", "", f"{plan_file} plans no lift on {day}")


def replan(
    season: Season,
    previous: Plan,
    start: dt.date,
    *,
    workouts: WorkoutBuilder,
    done: list[Session] | Plan | None,
    missed: tuple[dt.date, ...],
    freeze_hours: float,
    stability: int,
    workers: int,
    seed: int,
    time_limit: float,
    athlete: str | None = None,
    plan_file: str = "PLAN",
    done_file: str = "--done",
    repairs: bool = True,
    season_changed: bool = False,
    lived_under: LivedSeasons | None = None,
) -> tuple[Plan, int]:
    """The stitched plan from ``start`` on, and how many planned lifts it moved or dropped.

    ``done`` defaults to the lifts planned before ``start``, less the ``missed`` dates; the
    blocks of ``previous`` stay as they were. Raises InputError (naming ``plan_file``, or
    ``done_file`` when ``done`` is a plan file's, or the option) for a plan of another
    athlete (``athlete``) or season, and for dates that make
    no sense (see `check_dates`). With no plan, ``diagnosis`` names the clash as `solve`
    does, and (unless ``repairs`` is off) the gentlest repair that a re-plan proves.
    ``season_changed``: ``season`` has overrides ``previous`` was not made with (they apply
    from ``start`` on), so its lifts before ``start`` are history too. ``lived_under``: the
    seasons the days before ``start`` were lived under (the season in force at ``previous``'s
    end, and the earlier ones of its overrides, as `check_plan` takes them; default
    ``season`` alone); lifts before ``start`` that break them are history too (the season file
    was edited since they were planned)."""
    mismatch = whose_plan(season, previous, athlete)
    if mismatch is not None:
        raise InputError(plan_file, mismatch.field, mismatch.problem)
    done_given = done is not None
    done_cores: list[Session] | None = None  # the core sessions a --done file lists, if any
    if isinstance(done, Plan):  # what was done is this athlete's, in this season, too
        mismatch = whose_plan(season, done, athlete)
        if mismatch is not None:
            raise InputError(done_file, mismatch.field, mismatch.problem)
        done_cores = [s for s in done.core_sessions if s.date < start] or None
        # Each with its row, in the file's order: an error names the row to fix.
        places = session_places(done_file, len(done.sessions))
        listed = [
            (place, s)
            for place, s in zip(places, done.sessions, strict=True)
            if s.activity == "lift" and (s.kind is not LiftKind.CORE or s.date < start)
        ]
        _done_as_written(listed, done_file, season.timezone)
        done = done.lifts
    elif done is not None:
        _done_as_written([("", s) for s in done], done_file, season.timezone)
    check_dates(season, previous, start, missed, done_given=done is not None, plan_file=plan_file)
    timeline = build_timeline(season)
    # What was done differs from the plan: its lifts before ``start`` are history that the
    # checker must not hold to the rules about where a lift may go. (Nothing changed: the
    # plan stays byte for byte the same, with the history it already had.) New overrides
    # change the season from ``start`` on: what came before was planned, and done, under
    # the season as it was, so it is history too.
    changed = done is not None or bool(missed) or season_changed
    lived = start if changed else previous.replanned_from
    blocks = [block.first_week for block in previous.blocks] or labelled_blocks(previous)
    if any(lift.workout is None for lift in previous.lifts if lift.kind is not LiftKind.CORE):
        previous = _with_workouts_replayed(previous, season, timeline, workouts, blocks, time_limit)
    if done is None:
        done = [s for s in previous.lifts if s.date < start and s.date not in set(missed)]
    planned = [s for s in previous.lifts if s.date >= start]
    # The core sessions lived: those a --done file lists; one that lists none keeps the
    # planned ones, but on a day it says a lift was done instead; without --done, as planned
    # (an earlier --done may have put one beside a lift).
    done_days = {lift.date for lift in done}
    lived_cores = done_cores
    if lived_cores is None:
        lived_cores = [
            s
            for s in previous.core_sessions
            if s.date < start and not (done_given and s.date in done_days)
        ]
    # A core session counts in the week its date falls in (a --done row's week may be off).
    lived_counts = Counter(season_week(s.date, season.season.start) for s in lived_cores)

    # What the first re-plan holds to; a repaired season (other rules) works out its own.
    standing = standing_lifts(timeline, planned, done, start, freeze_hours, season.rules)

    def attempt(
        season: Season, timeline: Timeline, limit: float = time_limit
    ) -> tuple[Plan, Solution | None]:
        held = standing_lifts(timeline, planned, done, start, freeze_hours, season.rules)
        return solved(season, timeline, held, limit)

    def solved(
        season: Season, timeline: Timeline, held: Standing, limit: float
    ) -> tuple[Plan, Solution | None]:
        return plan_on_timeline(
            season,
            timeline,
            workouts,
            athlete=previous.athlete,
            workers=workers,
            seed=seed,
            time_limit=limit,
            commitments=commitments_of(timeline, held, start, stability, blocks),
            lived_cores=lived_counts,
        )

    plan, solution = solved(season, timeline, standing, time_limit)
    if plan.status is Status.INFEASIBLE and not previous.blocks and blocks is not None:
        # The blocks a plan.csv's labels tell start at a week's first lift, later than the
        # block itself when it opens on a week without one: let the solver place them.
        blocks = None
        plan, solution = solved(season, timeline, standing, time_limit)
    plan.replanned_from = lived
    if plan.status.solved:
        keep_past_core_sessions(lived_cores, plan, start, workouts)
        seasons = lived_under or (season, [])
        if keep_history(previous, plan, start) or _past_breaks(seasons, previous, plan, start):
            plan.replanned_from = start  # the season file changed since: the past is history
        # A plan.csv records no workouts: a lift before ``start`` the season does not build
        # as its notes say (`_as_lived`) stays without one, as history (the checker holds
        # only lifts to come to having a workout).
        if any(s.workout is None for s in plan.lifts if s.date < start):
            plan.replanned_from = start
        carry_identities(previous, plan)
    if plan.status is Status.INFEASIBLE:  # the clash lies in what the lifts that stand leave
        plan.diagnosis = replan_diagnosis(
            season, start, standing.fixed, attempt if repairs else None, time_limit=time_limit
        )
    return plan, 0 if solution is None else solution.moved


def _past_breaks(lived: LivedSeasons, previous: Plan, plan: Plan, start: dt.date) -> bool:
    """Whether a session of ``plan`` before ``start`` breaks the seasons it was ``lived``
    under (with ``previous``'s overrides, each from its date), by the independent checker:
    the season file was edited since it was planned (a lift's minutes, a rule), and what was
    done under the old one is history, not a mistake of the plan."""
    if plan.replanned_from == start:
        return False
    final, earlier = lived
    as_lived = plan.model_copy(update={"overrides": previous.overrides})
    report = check_plan(final, as_lived, earlier=earlier)
    return any(v.date is not None and v.date < start for v in report.violations)


def _with_workouts_replayed(
    previous: Plan,
    season: Season,
    timeline: Timeline,
    workouts: WorkoutBuilder,
    blocks: list[int] | None,
    time_limit: float,
) -> Plan:
    """``previous`` (a plan.csv's: no workouts, no reasons) with the workouts and reasons of
    the plan it was, built again from ``season``: each of its lifts fixed where it is, on
    ``blocks``. A session takes them only where the CSV tells it apart from the rebuilt one
    by nothing (`_as_lived`); the season edited since, or no plan rebuilt, leaves it bare."""
    lifts = [lift for lift in previous.lifts if lift.kind is not LiftKind.CORE]
    commitments = commitments_for(
        timeline,
        open_from_day=len(timeline.days),  # every day lived: only these lifts
        fixed=[placed(timeline, lift) for lift in lifts],
        keep=[],
        stability=0,
        block_first_weeks=blocks,
    )
    replayed, _ = plan_on_timeline(
        season,
        timeline,
        workouts,
        athlete=previous.athlete,
        time_limit=time_limit,
        commitments=commitments,
    )
    if not replayed.status.solved:
        return previous
    built = {_lived_key(s): s for s in replayed.sessions if s.kind is not LiftKind.CORE}
    enriched = previous.model_copy(deep=True)
    enriched.sessions = [_as_lived(s, built.get(_lived_key(s))) for s in previous.sessions]
    enriched.cancelled = [_as_lived(s, built.get(_lived_key(s))) for s in previous.cancelled]
    return enriched


def labelled_blocks(plan: Plan) -> list[int] | None:
    """The first weeks of a plan.csv's blocks (which it records only as its lifts' labels,
    ``1A``, ``2B`` ...), as the checker reads them: block n starts at the week of its first
    lift, block 1 at week 1. None when the labels tell no such order (none, a gap, a block
    back after a later one)."""
    firsts: dict[int, int] = {}
    for lift in sorted(plan.lifts, key=lambda s: s.start):
        read = read_block_label(lift.block)
        if read is None or read[0] < max(firsts, default=0):
            return None
        firsts.setdefault(read[0], lift.week)
    if not firsts or sorted(firsts) != list(range(1, len(firsts) + 1)):
        return None
    starts = [1, *(firsts[number] for number in range(2, len(firsts) + 1))]
    return starts if starts == sorted(set(starts)) else None


def keep_past_core_sessions(
    lived: list[Session], new: Plan, start: dt.date, workouts: WorkoutBuilder
) -> None:
    """``new``'s core sessions before ``start`` are the ``lived`` ones of the plan it re-plans
    (less those on a day the history says a lift was done): placed again for the whole
    season, they moved in weeks already lived (a Wednesday taken away by an override from
    ``start`` on moved every past Wednesday's core session to Friday). The new plan placed
    its own only from ``start`` on, counting these in their weeks."""
    past = [_core_as_lived(session, new, workouts) for session in lived]
    ahead = [s for s in new.sessions if not (s.kind is LiftKind.CORE and s.date < start)]
    new.sessions = sorted([*ahead, *past], key=lambda s: (s.start, s.end, s.activity))


def _core_as_lived(old: Session, new: Plan, workouts: WorkoutBuilder) -> Session:
    """A copy of ``old``, a core session lived, in the week its date falls in with that
    week's phase and block (a --done row moved to another week in a spreadsheet keeps the
    week and block it was written with); read from a plan.csv, it takes the workout its
    block gives (the re-plan keeps the blocks), when that workout is the one its notes spell."""
    if new.season_start is not None:
        week = season_week(old.date, new.season_start)
        that_week = next((s for s in new.sessions if s.week == week), None)
        in_block = next((b for b in new.blocks if b.first_week <= week <= b.last_week), None)
        update: dict[str, object] = {"week": week}
        if that_week is not None:
            update["phase"] = that_week.phase
        if in_block is not None:
            update["block"] = in_block.label
        old = old.model_copy(update=update)
    block = next((b for b in new.blocks if b.label == old.block), None)
    if block is None:
        return old.model_copy(deep=True)
    workout, notes = core_workout(workouts, block, old.minutes)
    built = old.model_copy(update={"workout": workout, "notes": notes, "reasons": [CORE_REASON]})
    return _as_lived(old, built)


def keep_history(previous: Plan, new: Plan, start: dt.date) -> bool:
    """Each session of ``new`` before ``start`` that ``previous`` has at the same time (the
    same activity, start and end) becomes ``previous``'s: kind, workout and notes included.

    Those days are history: the athlete lifted what the plan said. Built again they could
    read otherwise (a week's "session A" label counts the week's lifts, new overrides change
    the week from ``start`` on, and a race added after ``start`` would make a heavy lift done
    the week before light), and a calendar would update a lift already done. Returns whether
    a lift kept differs from what the season now gives (it was edited since): history then."""
    before = {_lived_key(s): s for s in previous.sessions if s.date < start}
    restored = False
    for index, session in enumerate(new.sessions):
        if session.date >= start:
            continue
        old = before.get(_lived_key(session))
        if old is not None:
            kept = new.sessions[index] = _as_lived(old, session)
            restored = restored or kept.kind != session.kind or kept.workout != session.workout
    return restored


def _as_lived(old: Session, built: Session | None) -> Session:
    """A copy of ``old``, a session of the plan re-planned; read from a plan.csv (which
    records neither workouts nor reasons), it takes ``built``'s (the re-plan's session at
    its time) when the CSV tells them apart by nothing: the same kind, block and notes (a
    lift's notes spell its workout out). A calendar written from the re-plan then keeps
    every past event's description as it was."""
    kept = old.model_copy(deep=True)
    if (
        built is not None
        and old.workout is None
        and not old.reasons
        and (old.kind, old.block, old.notes) == (built.kind, built.block, built.notes)
    ):
        kept.workout, kept.reasons = built.workout, list(built.reasons)
    return kept


def _lived_key(session: Session) -> tuple[object, ...]:
    """What matches a session of the plan re-planned: a lift by its time (its kind and
    workout are what was done), a run by its kind too (the season says what runs were)."""
    if session.activity == "lift":
        return (session.activity, session.start, session.end)
    return (session.activity, session.kind, session.start, session.end)


def carry_identities(previous: Plan, new: Plan) -> None:
    """Give ``new``'s lifts the identities of ``previous``'s, so a calendar moves its events.

    A lift at the same time keeps its identity; then each lift of a week takes the identity
    of a lift of that week the re-plan moved (in time order); the rest get new ones
    (`match_identities`). The lifts of ``previous`` left over (dropped or missed), and those
    it had cancelled, are ``new.cancelled``: a calendar removes them."""
    old_ids = previous.lift_ids()
    left = {old_ids[i]: previous.sessions[i] for i in sorted(old_ids)}
    lifts = [s for s in new.sessions if s.activity == "lift"]
    matched = match_identities(
        [LiftSlot.of(session) for session in lifts],
        [LiftSlot.of(old, lift_id) for lift_id, old in left.items()],
    )
    for index, session in enumerate(lifts):
        session.lift_id = matched.get(index, "")
    for lift_id in matched.values():
        del left[lift_id]
    kept = {s.lift_id for s in lifts if s.lift_id}
    new.cancelled = [
        *(c for c in previous.cancelled if c.lift_id not in kept and c.lift_id not in left),
        *(old.model_copy(update={"lift_id": lift_id}) for lift_id, old in left.items()),
    ]
    for index, lift_id in new.lift_ids().items():
        new.sessions[index].lift_id = lift_id


def as_lived(season: Season, start: dt.date, fixed: list[Session]) -> Season:
    """``season`` as a re-plan from ``start`` sees it: each day before ``start`` (and each
    day of a frozen lift) has exactly the windows of the lifts that stand there, or none.

    The diagnosis of `solve` then tells a re-plan's clash in the same words."""
    windows: dict[dt.date, list[str]] = defaultdict(list)
    for lift in fixed:
        end = f"{lift.end:%H:%M}" if lift.end.date() == lift.date else "24:00"
        windows[lift.date].append(f"{lift.start:%H:%M}-{end}")
    days = [d for d in _season_days(season) if d < start] + sorted(windows)
    return patched(
        season,
        [
            SeasonPatch(f"availability.dates.{day}", windows.get(day, []))
            for day in sorted(set(days))
        ],
    )


Attempt = Callable[[Season, Timeline, float], tuple[Plan, Solution | None]]


def replan_diagnosis(
    season: Season,
    start: dt.date,
    fixed: list[Session],
    attempt: Attempt | None,
    *,
    time_limit: float | None = None,
) -> list[str]:
    """What clashes in a re-plan from ``start`` that keeps the ``fixed`` lifts, in `solve`'s
    words; then the first of `solve`'s repairs that ``attempt`` (a re-plan within the given
    seconds) proves. With ``time_limit`` (seconds), the diagnosis and the repairs (their
    search and each re-plan that proves one) take `solve`'s shares of it, counted as work,
    and a last line says when the repairs stopped there."""
    # The fixed lifts are not blamed: the model holds them to no rule about where a lift
    # may go (a lift done, rules.HardRule.binds_past; a frozen one, as the runner was told),
    # so a clash lies in what is left open.
    lived = as_lived(season, start, fixed)
    timeline = build_timeline(lived)
    past = timeline.day_index(start)
    # The lifts that stand count in their weeks and close their rest days, as in the solver.
    standing = tuple(placed(timeline, lift).day for lift in fixed)
    conflicts, diagnosis, cores = diagnose(
        timeline, lived.rules, diagnosis_budget(time_limit), lived_before=past, standing=standing
    )
    lived_from = f"re-planning from {start}, the days before it are history"
    lines = [f"{lived_from}: {headline(conflicts, cores.complete)}"]
    if attempt is None:
        return lines
    # solve's repairs, less those that change the past (a re-plan cannot), then one lift
    # fewer in each failing week: what a coach says when a week's days are used up.
    history = {f"availability.dates.{day}=" for day in _season_days(season) if day < start}
    spend = None if time_limit is None else RepairBudget(DIAGNOSIS_SHARE * time_limit)
    found = propose_repairs(
        lived, timeline, cores, diagnosis, limit=MAX_REPAIRS_TRIED, budget=spend
    )
    candidates = [
        (repair.description, list(repair.set))
        for repair in found
        if not any(text.startswith(tuple(history)) for text in repair.set)
    ]
    weeks = sorted(
        w
        for group in alike_weeks(cores, diagnosis, timeline, lived.rules, lived_before=past)
        for w in group
    )
    fewer = one_lift_fewer(timeline, weeks)
    if fewer is not None:
        candidates.append((fewer.description, list(fewer.sets)))
    # Each proving re-plan is charged to the repairs' budget as a test solve is, and may
    # search for what is left of it; with no limit, for the default.
    limit = DEFAULT_TIME_LIMIT if time_limit is None else DIAGNOSIS_SHARE * time_limit
    for description, sets in candidates:
        try:
            repaired = with_overrides(season, sets)
        except InputError:
            continue
        repaired_timeline = build_timeline(repaired)
        if spend is not None:
            try:
                spend.spend(solve_charge(repaired_timeline, repaired.rules))
            except OutOfBudget:
                break
        plan, _ = attempt(repaired, repaired_timeline, limit)
        if plan.status.solved:
            lines.append(f"repair: {description}: {shell_sets(sets)}")
            break
    if spend is not None and spend.stopped:
        lines.append(STOPPED)
    return lines


# Repairs of the as-lived season are proven again by a re-plan; the first that holds is told.
MAX_REPAIRS_TRIED = 4


def _season_days(season: Season) -> list[dt.date]:
    span = season.season
    return [span.start + dt.timedelta(days=n) for n in range(span.num_days)]
