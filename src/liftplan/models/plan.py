"""The plan a solve returns (SPEC section 5): status, objective, score by term, sessions."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainSerializer,
    Tag,
    ValidationInfo,
    field_validator,
    model_validator,
)

from liftplan.models.routines import AsText, Workout
from liftplan.models.season import PhaseName, RunKind
from liftplan.models.status import Status as Status  # re-exported; the solver imports it alone


def _with_offset(moment: dt.datetime) -> dt.datetime:
    """A plan's times carry their UTC offset: without one (a spreadsheet edit dropped it) a
    time is not an instant, and nothing can be checked or re-planned against it."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no UTC offset (e.g. 2026-03-03T17:30:00-05:00)")
    return moment


# A plan's times in whole minutes, as `local_iso` writes them from parts made once each: a
# date's text, a minute of the day's "HH:MM:00", an offset's "+HH:MM" (from isoformat).
_DATE_TEXT: dict[dt.date, str] = {}
_CLOCK_TEXT = ["%02d:%02d:00" % divmod(minute, 60) for minute in range(24 * 60)]  # noqa: UP031
_OFFSET_TEXT: dict[dt.timedelta | None, str] = {}
_DATES_MOST = 4096  # a batch's seasons span a few hundred dates


def local_iso(moment: dt.datetime) -> str:
    """``moment.isoformat()`` (``2026-03-03T17:30:00-05:00``), in a third of its time for a
    time in whole minutes (a 16-week plan's CSV and JSON write ~520; isoformat's formatting
    was a third of their CPU). Compared with isoformat in tests/models/test_local_iso.py."""
    if moment.second or moment.microsecond or type(moment) is not dt.datetime:
        return moment.isoformat()
    day, offset = moment.date(), moment.utcoffset()
    try:
        return (
            f"{_DATE_TEXT[day]}T{_CLOCK_TEXT[moment.hour * 60 + moment.minute]}"
            + (_OFFSET_TEXT[offset])
        )
    except KeyError:
        written = moment.isoformat()  # "YYYY-MM-DDTHH:MM:SS" then the offset, if any
        if len(_DATE_TEXT) >= _DATES_MOST:
            _DATE_TEXT.clear()
        _DATE_TEXT[day], _OFFSET_TEXT[offset] = written[:10], written[19:]
        return written


def iso_date(day: dt.date) -> str:
    """``day.isoformat()`` (``2026-03-03``), from the dates' texts `local_iso` keeps: a plan's
    CSV rows and team-page cells write ~230 dates, where isoformat cost a tenth of their CPU."""
    if type(day) is not dt.date:  # a datetime, or a subclass with an isoformat of its own
        return day.isoformat()
    try:
        return _DATE_TEXT[day]
    except KeyError:
        if len(_DATE_TEXT) >= _DATES_MOST:
            _DATE_TEXT.clear()
        written = _DATE_TEXT[day] = day.isoformat()
        return written


# Always "+00:00", never "Z": every time in a plan reads the same way, with its offset.
LocalTime = Annotated[
    dt.datetime,
    AfterValidator(_with_offset),
    PlainSerializer(local_iso, return_type=str),
]


class LiftKind(StrEnum):
    """What a lift is: the week's strength kind, or a short core-only session."""

    HEAVY = "heavy"
    LIGHT = "light"  # taper, race and recovery phases: intensity kept, volume cut
    DELOAD = "deload"
    CORE = "core"


# How a plan file says a run is hard: the notes column, which predates the `hard` field.
HARD_NOTE = "hard"

# How plan.csv says a session is a re-plan's history, which plan.json says with
# `Plan.replanned_from`: its notes lead with this and the --from date, so the checker holds
# the lifts before it only to the rules that count lifts. Every session before that date
# says it (runs too), so a week lived without a lift still tells it. SPEC's columns stay.
HISTORY_NOTE = "history, re-planned from"
_HISTORY_NOTES = re.compile(rf"{HISTORY_NOTE} (\d{{4}}-\d{{2}}-\d{{2}})(?: \| (.*))?", re.DOTALL)


def history_notes(notes: str, replanned_from: dt.date) -> str:
    """A history session's notes as plan.csv writes them: ``history, re-planned from
    2026-03-09 | routine A, session A ...`` (its own notes after the bar, if it has any)."""
    marker = f"{HISTORY_NOTE} {replanned_from.isoformat()}"
    return f"{marker} | {notes}" if notes else marker


def read_history_notes(notes: str) -> tuple[str, str | None]:
    """A plan.csv's notes as `history_notes` wrote them: (the session's own notes, the
    --from date as written, or None for notes without the mark). The date is the caller's
    to read."""
    found = _HISTORY_NOTES.fullmatch(notes)
    if found is None:
        return notes, None
    return found.group(2) or "", found.group(1)


GROUP_COLUMN = "group"  # a column of its own only in plans with group sessions
CSV_COLUMNS = (
    "athlete",
    "week",
    "phase",
    "date",
    "weekday",
    "activity",
    "kind",
    "start",
    "end",
    "minutes",
    "block",
    "notes",
)


class Session(BaseModel):
    """One run or lift; the CSV columns plus the reasons behind it."""

    model_config = ConfigDict(extra="forbid")

    athlete: str = Field(description="Athlete id.")
    week: int = Field(ge=1, description="Season week, 1-based.")
    phase: str = Field(description="Phase of the week ('' when the season has no phases).")
    date: dt.date = Field(description="Local date of the start.")
    weekday: str = Field(description="mon..sun of the local date.")
    activity: Literal["run", "lift"] = Field(description="run or lift.")
    kind: Annotated[RunKind | LiftKind, AsText()] = Field(
        description="A run's kind (easy, long, tempo ...), or a lift's: heavy, light, deload, core."
    )
    start: LocalTime = Field(description="Local start with its UTC offset.")
    end: LocalTime = Field(description="Local end with its UTC offset.")
    minutes: int = Field(ge=0, description="Elapsed minutes.")
    block: str = Field("", description="Training block of a lift.")
    notes: str = Field("", description="Short human note; 'hard' on a hard run.")
    reasons: list[str] = Field(default_factory=list, description="Why the session is where it is.")
    workout: Workout | None = Field(None, description="What to lift (lifts only).")
    lift_id: str = Field(
        "",
        description=(
            "A lift's identity, kept when a re-plan moves it (plan.ics names its event after "
            "it): 'w003-lift2' for the 2nd lift first planned in week 3, 'w003-core1' for a "
            "core session."
        ),
    )
    group: str | None = Field(
        None, description="The coached group this lift is done with (`batch --joint`), if any."
    )
    # Not a column of its own: plan files say it as notes "hard", so they keep their shape.
    hard: bool = Field(False, exclude=True, description="A hard run (rules.hard_kinds or its own).")

    @field_validator("kind", mode="before")
    @classmethod
    def _a_known_kind(cls, value: object, info: ValidationInfo) -> object:
        """One line naming the kinds of the session's activity, not pydantic's union of both."""
        lift = info.data.get("activity") == "lift"
        known = {str(kind) for kind in (LiftKind if lift else RunKind)}
        if isinstance(value, str) and value not in known:
            what = "a lift's kind is one of" if lift else "a run's kind is one of"
            raise ValueError(f"unknown kind {value!r}: {what} {', '.join(sorted(known))}")
        return value

    @property
    def dates(self) -> list[dt.date]:
        """Every local date the session touches: its start date to the date of (end - 1 min).

        A 22:00 run of 180 minutes touches two dates; a 1860-minute race from 05:00 two."""
        last = max(self.date, (self.end - dt.timedelta(minutes=1)).date())
        return [self.date + dt.timedelta(days=n) for n in range((last - self.date).days + 1)]

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Session:
        """A session takes time: an end at or before the start is a broken row, not a lift
        of negative minutes to check or score."""
        if self.end <= self.start:
            raise ValueError(
                f"end {self.end.isoformat()} is not after start {self.start.isoformat()}"
            )
        return self

    @model_validator(mode="after")
    def _fits_its_activity(self) -> Session:
        """A run has a run kind and a lift a lift kind; only a run is hard.

        A run is hard exactly when its notes say "hard": the builder gives the field and the
        notes follow; a plan file read back gives the notes and the field follows.
        """
        if self.activity == "run":
            if not isinstance(self.kind, RunKind):
                raise ValueError(f"a run's kind is a run kind, not {self.kind}")
            if self.hard:
                self.notes = HARD_NOTE
            self.hard = self.notes == HARD_NOTE
        else:
            if not isinstance(self.kind, LiftKind):
                raise ValueError(f"a lift's kind is heavy, light, deload or core, not {self.kind}")
            if self.hard:
                raise ValueError("only a run is hard")
        return self


class Block(BaseModel):
    """A run of 2-3 weeks on one routine; consecutive blocks use different routines."""

    model_config = ConfigDict(extra="forbid")

    number: int = Field(ge=1, description="1-based block number.")
    routine: str = Field(description="Routine letter; consecutive blocks differ.")
    variation: str = Field(description="How this block varies the moves.")
    first_week: int = Field(ge=1, description="First week of the block.")
    last_week: int = Field(ge=1, description="Last week of the block.")

    @property
    def label(self) -> str:
        return f"{self.number}{self.routine}"


def read_block_label(label: str) -> tuple[int, str] | None:
    """A lift's block label as `Block.label` writes it (``2B``): its number and routine
    letter(s); None for a label that is no such thing."""
    number = label.rstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    return (int(number), label[len(number) :]) if number.isdigit() else None


class ClosedWeek(BaseModel):
    """A race week that plans no lift: every day of it is closed, at least one by a race."""

    model_config = ConfigDict(extra="forbid")

    week: int = Field(ge=1, description="Season week, 1-based.")
    reason: str = Field(description="Which races close the week, and what closes each day.")


class PhaseSpan(BaseModel):
    """One phase of the plan's season: written in the season file, or derived from an A race."""

    model_config = ConfigDict(extra="forbid")

    name: PhaseName = Field(description="base, build, peak, taper, race or recovery.")
    first_week: int = Field(ge=1, description="First week of the phase (1-based).")
    last_week: int = Field(ge=1, description="Last week of the phase.")
    derived: bool = Field(
        False, description="Derived from the A races (the season file writes no phases)."
    )
    from_race: dt.date | None = Field(
        None, description="Date of the A race a derived phase builds towards or recovers from."
    )

    @property
    def label(self) -> str:
        """``build (derived)``, or the bare name of a written phase."""
        return f"{self.name} (derived)" if self.derived else str(self.name)

    @property
    def week_range(self) -> str:
        """``5-8``, or ``10`` for a one-week phase."""
        if self.first_week == self.last_week:
            return str(self.first_week)
        return f"{self.first_week}-{self.last_week}"


class SolverSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    workers: int = Field(description="CP-SAT search workers.")
    seed: int = Field(description="CP-SAT random seed.")
    time_limit: float = Field(description="Time limit in seconds.")


class DatedOverrides(BaseModel):
    """The ``--set`` overrides a re-plan added: in force from its ``--from`` date on."""

    model_config = ConfigDict(extra="forbid")

    since: dt.date = Field(description="The re-plan's --from date: the first day they hold.")
    set: list[str] = Field(min_length=1, description="Its path=value overrides, in order.")

    @field_validator("since", mode="before")
    @classmethod
    def _a_date(cls, value: object) -> object:
        """A calendar date written YYYY-MM-DD: not a time of day, a number or a null, which
        pydantic would read as a timestamp or refuse in words about datetimes."""
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        if isinstance(value, str) and _ISO_DATE.fullmatch(value):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        shown = "null" if value is None else str(value)
        raise ValueError(f"{shown} is not a date (YYYY-MM-DD, a re-plan's --from)")

    @field_validator("set", mode="before")
    @classmethod
    def _some_assignments(cls, value: object) -> object:
        if isinstance(value, str):
            raise ValueError(f"a list of path=value, not one text: {json.dumps([value])}")
        if isinstance(value, list) and not value:
            raise ValueError("empty: an entry holds at least one path=value")
        return value


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _override_kind(value: Any) -> str | None:
    """Which kind of override entry ``value`` is, so an error names its real problem (not
    pydantic's "should be a valid string" for a {since, set} whose date is wrong)."""
    if isinstance(value, str):
        return "plain-override"
    if isinstance(value, dict | DatedOverrides):
        return "dated-override"
    return None


# A plain path=value from the season's start, or a re-plan's {since, set}; the tags are
# in models.season.UNION_TAGS, so error paths leave them out.
OverrideEntry = Annotated[
    Annotated[str, Tag("plain-override")] | Annotated[DatedOverrides, Tag("dated-override")],
    Discriminator(
        _override_kind,
        custom_error_type="override_entry",
        custom_error_message="neither a path=value text nor a {since: DATE, set: [...]} entry",
    ),
]


def _override_path(assignment: str) -> str:
    return assignment.split("=", 1)[0].strip()


def season_week(day: dt.date, first: dt.date) -> int:
    """The season week (1-based) local date ``day`` falls in, week 1 starting on ``first``."""
    return (day - first).days // 7 + 1


def _overlap(first: str, second: str) -> bool:
    """Whether two overrides set the same value: one's path is the other's, or lies in it
    (``lifting.per_week`` and ``lifting.per_week.max``)."""
    a, b = _override_path(first), _override_path(second)
    return a == b or a.startswith(f"{b}.") or b.startswith(f"{a}.")


class Plan(BaseModel):
    """A season plan, or the reason there is none."""

    model_config = ConfigDict(extra="forbid")

    athlete: str = Field(description="Athlete id.")
    timezone: str = Field(description="IANA zone of the local times.")
    season_start: dt.date | None = Field(None, description="First day of week 1.")
    season_end: dt.date | None = Field(None, description="Last day of the season (inclusive).")
    overrides: list[OverrideEntry] = Field(
        default_factory=list,
        description="The --set path=value overrides the plan was made with, in order: a "
        "string holds from the season's start, a {since, set} from a re-plan's --from date; "
        "the strings first, then the entries in date order.",
    )
    replanned_from: dt.date | None = Field(
        None,
        description="A re-plan's --from date, when lifts were done or missed before it: the "
        "lifts before it are history, held only to the rules that count lifts.",
    )
    status: Status = Field(description="OPTIMAL, FEASIBLE, INFEASIBLE or UNKNOWN.")
    objective: int | None = Field(None, description="Weighted sum of penalties of the plan.")
    bound: int | None = Field(None, description="Proven lower bound on the objective.")
    score: dict[str, int] = Field(
        default_factory=dict, description="Each soft term's weighted total; they sum to objective."
    )
    lifts_per_week: list[int] = Field(default_factory=list, description="Lifts in each week.")
    phases: list[PhaseSpan] = Field(
        default_factory=list, description="Phases of the season, in order (written or derived)."
    )
    blocks: list[Block] = Field(default_factory=list, description="Training blocks, in order.")
    closed_weeks: list[ClosedWeek] = Field(
        default_factory=list,
        description="Race weeks with no day open, a race closing one at least: no lift there.",
    )
    sessions: list[Session] = Field(default_factory=list, description="Runs and lifts, in order.")
    diagnosis: list[str] = Field(
        default_factory=list, description="When there is no plan: which rules clash, and where."
    )
    cancelled: list[Session] = Field(
        default_factory=list,
        description=(
            "Lifts of the plans this one re-planned that it no longer holds, where they were: "
            "plan.ics writes them as cancelled events so a calendar removes them."
        ),
    )
    solver: SolverSettings | None = Field(None, description="Settings the plan was solved with.")

    def lift_ids(self, avoiding: Collection[str] = ()) -> dict[int, str]:
        """Each lift's and core session's identity, by its index in ``sessions``: its
        ``lift_id``, or for a lift without one the next free ``w{week:03d}-{lift|core}{n}``
        (the n-th of its week, as plans before identities were recorded named them). Free:
        no other session's, no cancelled lift's, none of ``avoiding`` (the identities of a
        calendar written before, which a new lift must not take over)."""
        ids = {i: s.lift_id for i, s in enumerate(self.sessions) if s.lift_id}
        taken = set(ids.values()) | {s.lift_id for s in self.cancelled} | set(avoiding)
        counters: dict[tuple[str, int], int] = {}
        for index, session in enumerate(self.sessions):
            if session.activity != "lift" or index in ids:
                continue
            kind = "core" if session.kind is LiftKind.CORE else "lift"
            key = (kind, session.week)
            while True:
                counters[key] = counters.get(key, 0) + 1
                candidate = f"w{session.week:03d}-{kind}{counters[key]}"
                if candidate not in taken:
                    break
            ids[index] = candidate
            taken.add(candidate)
        return ids

    def week_of(self, day: dt.date) -> int | None:
        """The season week of local date ``day`` (week 1 starts on ``season_start``), or None
        for a day outside the season."""
        if self.season_start is None or day < self.season_start:
            return None
        if self.season_end is not None and day > self.season_end:
            return None
        return season_week(day, self.season_start)

    @property
    def lifts(self) -> list[Session]:
        """Strength sessions, without the short core-only ones."""
        return [s for s in self.sessions if s.activity == "lift" and s.kind is not LiftKind.CORE]

    def overrides_on(self, day: dt.date | None = None) -> list[tuple[str, str]]:
        """The overrides in force on ``day`` (``None``: the last ones, the plan's end), in
        the order to apply them (a later one wins for its path), each with its place in the
        plan file: (``overrides[2].set[0]``, ``path=value``)."""
        places: list[tuple[str, str]] = []
        for index, entry in enumerate(self.overrides):
            if isinstance(entry, str):
                places.append((f"overrides[{index}]", entry))
            elif day is None or entry.since <= day:
                places += [(f"overrides[{index}].set[{i}]", a) for i, a in enumerate(entry.set)]
        return places

    @property
    def override_dates(self) -> list[dt.date]:
        """The re-plan dates from which other overrides hold, in order (none: one set)."""
        return sorted({e.since for e in self.overrides if isinstance(e, DatedOverrides)})

    @property
    def history_until(self) -> dt.date | None:
        """The day history ends: the later of ``replanned_from`` and the last re-plan's
        overrides' date (the days before it were planned, and lived, under another season).
        None for a plan with neither."""
        dates = [d for d in (self.replanned_from, *self.override_dates[-1:]) if d is not None]
        return max(dates, default=None)

    def overrides_after_replan(
        self, assignments: list[str] | tuple[str, ...], start: dt.date
    ) -> list[str | DatedOverrides]:
        """What a re-plan of this plan from ``start`` with ``assignments`` records: each
        set as it was, but from ``start`` at the latest (the re-plan planned every day
        from ``start`` under all of them), then those not yet in force, from ``start``.

        The re-plan applied the ones in force, then ``assignments``, and `check` applies
        what is recorded: one is left out only where that changes nothing, i.e. the last
        one in force that touches its path (the path, one in it or one around it) is the
        same text, and no other of ``assignments`` touches it (``max=3`` after a dated
        ``per_week={...}`` is not in force, though a plain ``max=3`` came before it)."""
        in_force = [assignment for _, assignment in self.overrides_on()]
        new: list[str] = []
        for a in assignments:
            if any(b != a and _overlap(a, b) for b in assignments):
                new.append(a)  # its order among these decides: kept as given
            elif a not in new and [b for b in in_force if _overlap(a, b)][-1:] != [a]:
                new.append(a)
        kept: list[str | DatedOverrides] = [
            e if isinstance(e, str) else e.model_copy(update={"since": min(e.since, start)})
            for e in self.overrides
        ]
        return [*kept, DatedOverrides(since=start, set=new)] if new else kept

    @property
    def phases_derived(self) -> bool:
        return any(phase.derived for phase in self.phases)

    @property
    def phase_races(self) -> list[dt.date]:
        """Dates of the A races the derived phases come from, in order."""
        return sorted({p.from_race for p in self.phases if p.derived and p.from_race})

    def phase_of_week(self, week: int) -> PhaseSpan | None:
        return next((p for p in self.phases if p.first_week <= week <= p.last_week), None)

    @property
    def core_sessions(self) -> list[Session]:
        return [s for s in self.sessions if s.activity == "lift" and s.kind is LiftKind.CORE]


@dataclass(frozen=True)
class LiftSlot:
    """A lift or core session where it stands, as identities are matched across plans: a
    session of a plan, or an event of a calendar written before. ``week`` is None for one
    outside the season (it keeps an identity only at the same time)."""

    lift_id: str
    start: dt.datetime
    end: dt.datetime
    week: int | None
    core: bool

    @classmethod
    def of(cls, session: Session, lift_id: str = "") -> LiftSlot:
        return cls(lift_id, session.start, session.end, session.week, session.kind is LiftKind.CORE)


def match_identities(new: Sequence[LiftSlot], earlier: Sequence[LiftSlot]) -> dict[int, str]:
    """The identity each of ``new``'s lifts takes from ``earlier`` (distinct identities, in
    time order), by its index in ``new``; one without is a new lift.

    A lift at the same start and end as an earlier one of its category (lift or core)
    keeps that one's identity; then each lift of a week takes the identity of the first
    earlier one of that week and category not taken yet (it moved). So a calendar moves or
    cancels exactly the events that changed (re-plans and solves over a plan.ics share it)."""
    left = dict(enumerate(earlier))
    taken: dict[int, str] = {}
    for index, slot in enumerate(new):  # unmoved
        same = next(
            (
                j
                for j, old in left.items()
                if old.start == slot.start and old.end == slot.end and old.core == slot.core
            ),
            None,
        )
        if same is not None:
            taken[index] = left.pop(same).lift_id
    for index, slot in enumerate(new):  # moved within its week
        if index in taken:
            continue
        moved = next(
            (
                j
                for j, old in left.items()
                if old.week is not None and old.week == slot.week and old.core == slot.core
            ),
            None,
        )
        if moved is not None:
            taken[index] = left.pop(moved).lift_id
    return taken
