"""The independent checker: re-verify every hard rule of a plan and recompute its score.

This is the second opinion that catches the solver's mistakes, so it shares nothing with
the solver or the timeline: it reads the season through the models only and works on
aware datetimes with zoneinfo, a different road to the same instants.

Races (SPEC section 2): a race covers every local date from its start to the date of its
last minute (elapsed, so a race across a daylight-saving change ends when it ends). Days
before a race count back from its first date, days after forward from its last. The lift
kind is a date's: light in a light phase or a race's light window, else deload in a deload
week, else heavy. A race week (models/races.py: RACE_WEEKS: a date of an A or B race, the
week after an A race, a week its days of no lift after it reach into) needs at most one lift
unless the season writes that week's minimum, and wishes at most one unless its kind keeps the
wish; a week the plan lists as closed needs and wishes none, if the checker's own search finds
no legal slot in it. A deload lift holds at most 60% of the working sets of the last heavy
week's lightest lift (models/deload.py).
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import operator
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple
from zoneinfo import ZoneInfo

from liftplan.models.deload import DELOAD_MOST_PERCENT, deload_most_sets, working_sets
from liftplan.models.plan import LiftKind, Plan, Session, read_block_label
from liftplan.models.races import RACE_WEEK_LIFTS, RACE_WEEKS, Race
from liftplan.models.routines import Dosing, Workout, WorkoutExercise
from liftplan.models.score_terms import LIFT_LENGTH_WISH
from liftplan.models.season import (
    LIGHT_PHASES,
    WEEKDAYS,
    Lifting,
    PhaseName,
    RunKind,
    Season,
    Weights,
)
from liftplan.models.wording import count as counted
from liftplan.models.wording import moment, padded_duration_text

UTC = dt.UTC
_DAY_MINUTES = 24 * 60
_MINUTES = [dt.timedelta(minutes=minute) for minute in range(_DAY_MINUTES + 1)]
_ONE_DAY = dt.timedelta(days=1)
_NO_TIME = dt.timedelta(0)

# A re-plan's history (its lifts before ``Plan.replanned_from``) happened where it happened:
# the rules about where and how a lift may go do not bind it. The rules that count lifts
# (per day, rest days, per week) count it for the lifts after it, but two lifts of history
# never break one for each other. The solver states the same in solver/rules.py's
# HardRule.binds_past; this checker states it on its own, and a test holds the two together.
PAST_EXEMPT = frozenset(
    {
        "availability",
        "no_overlap_with_runs",
        "no_lift_day_before_hard",
        "recovery_hours",
        "no_lift_days_before_race",
        "no_heavy_lift_days_before_race",
        "no_lift_days_after_race",
        "light_lift_days_after_race",
        "granularity",
        "lift_minutes",
        "lift_kind",
    }
)


@dataclass(frozen=True)
class Violation:
    """One broken rule; ``race`` names the race it is about (``5k (A) on 2026-05-09``), if any.

    A message about a race names the race too, so the printed line says which one."""

    rule: str
    date: dt.date | None
    message: str
    race: str | None = None

    def __str__(self) -> str:
        where = f"{self.date} " if self.date else ""
        return f"{where}{self.rule}: {self.message}"


@dataclass(frozen=True)
class Mismatch:
    """Why a plan is not this season's at all: ``field`` of the plan file, and the problem."""

    field: str
    problem: str


# The seasons a plan was planned under: the one in force at its end, and the earlier ones of
# its overrides, each with the first date it held (None: the season's start); `check_plan`.
LivedSeasons = tuple[Season, Sequence[tuple[dt.date | None, Season]]]


@dataclass
class CheckReport:
    violations: list[Violation] = field(default_factory=list)
    score: dict[str, int] = field(default_factory=dict)
    # Set when the plan is another athlete's or another season's: then nothing was checked.
    mismatch: Mismatch | None = None
    # The plan carried sessions only (a CSV): its blocks were read from the lifts' labels,
    # and it claims no score, so ``score`` is what the checker computes, not a verdict.
    sessions_only: bool = False

    @property
    def objective(self) -> int:
        return sum(self.score.values())

    @property
    def ok(self) -> bool:
        return not self.violations


class _Run(NamedTuple):  # a tuple: the season's hundred runs are made for every check
    date: dt.date  # local date of the start
    last_date: dt.date  # local date of the last minute (a run ending 01:00 touches that date)
    kind: RunKind
    hard: bool
    start: dt.datetime
    end: dt.datetime


class _Read(NamedTuple):
    """A planned session read once on the season's clock: every rule asks these."""

    session: Session
    start: dt.datetime  # UTC
    end: dt.datetime  # UTC
    local: dt.datetime  # the start on the zone's wall clock
    local_end: dt.datetime
    date: dt.date  # the local date of the start
    week: int  # the season week of that date (out of 1..num_weeks outside the season)


@dataclass(frozen=True)
class _RaceSpan:
    """A race on the local calendar, with the days of each race rule around it."""

    race: Race
    first_date: dt.date
    last_date: dt.date
    no_lift_before: int  # no lift on these dates before first_date, nor on the span
    light_before: int  # a lift on these dates before first_date is light
    no_lift_after: int  # no lift on these dates after last_date
    light_after: int  # a lift on these dates after last_date is light

    @property
    def label(self) -> str:
        return self.race.label

    def dates(self) -> list[dt.date]:
        days = (self.last_date - self.first_date).days
        return [self.first_date + dt.timedelta(days=i) for i in range(days + 1)]


@dataclass(frozen=True)
class _Reason:
    """Why a race rule applies to a date: the rule, the race, and the words for it."""

    rule: str
    race: _RaceSpan
    words: str  # "2 days before the 5k (A) on 2026-05-09"


def _joined(races: list[_RaceSpan]) -> str | None:
    return " and ".join(race.label for race in races) or None


def _minutes(delta: dt.timedelta) -> int:
    return round(delta.total_seconds() / 60)


@functools.lru_cache(maxsize=8192)  # a few zones' decades: seasons of a team share dates
def _plain_midnight(zone: ZoneInfo, date: dt.date) -> dt.datetime | None:
    """The UTC instant of ``date``'s midnight when every local time of the date exists once,
    all on one UTC offset; None on a date with a clock change (or a gap or repeat at its
    midnight or at 23:59).

    Read from the offsets zoneinfo gives 00:00 and 23:59 with either fold: a gap or a
    repeated hour gives a time two offsets, a change between them two ends that differ.
    """
    first = dt.datetime.combine(date, dt.time(), tzinfo=zone)
    last = dt.datetime.combine(date, dt.time(23, 59), tzinfo=zone)
    ends = (first, first.replace(fold=1), last, last.replace(fold=1))
    return first.astimezone(UTC) if len({end.utcoffset() for end in ends}) == 1 else None


class _Season:
    """The season's facts on aware datetimes, computed independently of the solver."""

    def __init__(self, season: Season) -> None:
        self.season = season
        self.zone = ZoneInfo(season.timezone)
        # Per local date: its windows on UTC instants (`windows`), its lift kind (`lift_kind`).
        self._windows: dict[dt.date, list[tuple[dt.datetime, dt.datetime]]] = {}
        self._kinds: dict[dt.date, LiftKind] = {}
        span = season.season
        self.dates = span.dates()
        self.num_weeks = span.num_weeks
        # Each date's windows as written (`windows_on`), a weekday's merged once.
        by_date = season.availability.windows_by_date(self.dates)
        self._written_windows = dict(zip(self.dates, by_date, strict=True))
        weeks = range(1, span.num_weeks + 1)
        self._lifting = [season.lifting_for_week(week) for week in weeks]
        self._weights = [season.weights_for_week(week) for week in weeks]
        self._phases = [season.phase_of_week(week) for week in weeks]
        self.runs = self._timed_runs()
        self.runs.sort(key=operator.attrgetter("start"))
        self.hard_dates = {run.date for run in self.runs if run.hard}
        # Lookups over the sorted runs (`runs_near`, `next_hard`, `runs_touching`), so a
        # lift asks a few runs, not the season's hundred.
        self._starts = [run.start for run in self.runs]
        self._longest = max((run.end - run.start for run in self.runs), default=dt.timedelta(0))
        self._hard = [run for run in self.runs if run.hard]
        self._hard_starts = [run.start for run in self._hard]
        self._touching: dict[dt.date, list[_Run]] = defaultdict(list)
        for event in self.runs:
            self._touching[event.date].append(event)
            if event.last_date != event.date:  # past midnight: the next dates too
                for offset in range(1, (event.last_date - event.date).days + 1):
                    self._touching[event.date + dt.timedelta(days=offset)].append(event)
        self.races = [self._span(race) for race in season.races()]
        # Every week a race touches (block_rotation); race weeks (the weekly cap) are narrower.
        self.race_date_weeks = {
            self.week(date) for race in self.races for date in race.dates() if self.in_season(date)
        }
        # Race weeks (models/races.py: RACE_WEEKS) and the races that make them; a C race, a
        # training race, keeps its windows but not the cap.
        race_weeks: dict[int, list[_RaceSpan]] = defaultdict(list)
        self.wish_capped: set[int] = set()  # race weeks whose wish is capped too
        for race in self.races:
            touched: set[int] = set()
            for kind in RACE_WEEKS:
                if race.race.priority in kind.priorities:
                    made = self._race_weeks_of(kind.name, race)
                    touched |= made
                    self.wish_capped |= made if kind.caps_wish else set()
            for week in sorted(touched):
                if 1 <= week <= self.num_weeks:
                    race_weeks[week].append(race)
        self.race_weeks = dict(race_weeks)

    def _timed_runs(self) -> list[_Run]:
        """The season's runs on UTC instants (`timed`), each dated by its start (`start_date`)
        and its last minute; none on a date the zone skips (`lived`), nor past the season."""
        hard_kinds = set(self.season.rules.hard_kinds)
        found: list[_Run] = []
        by_date = self.season.runs.runs_by_date(self.dates)
        for date, runs in zip(self.dates, by_date, strict=True):
            if not runs:
                continue
            midnight = _plain_midnight(self.zone, date)
            if midnight is None and not self.lived(date):
                continue
            for run in runs:
                assert run.start is not None and run.minutes is not None
                # the date's midnight looked up once for its runs (a hundred a season)
                start, end, last_date = self._timed_from(midnight, date, run.start, run.minutes)
                # `start_date`, whose question `midnight` has answered when it is one
                first_date = date if midnight is not None else self.start_date(date, start)
                if first_date > self.dates[-1]:  # moved past the season's end by a gap
                    continue
                hard = run.kind in hard_kinds if run.hard is None else run.hard
                found.append(_Run(first_date, last_date, run.kind, hard, start, end))
        return found

    def _race_weeks_of(self, kind: str, race: _RaceSpan) -> set[int]:
        """The weeks of one kind of race week (`RACE_WEEKS`) that ``race`` makes."""
        if kind == "holds_race":
            return self._weeks_in_season(race.dates())
        if kind == "after_goal_race":  # the week after the race's last date
            return {self.week(race.last_date) + 1}
        if kind == "recovery_spills":  # the weeks its days of no lift after it reach into
            days = range(1, race.no_lift_after + 1)
            return self._weeks_in_season(race.last_date + dt.timedelta(days=n) for n in days)
        if kind == "lead_in_spills":  # the weeks its days of no lift before it reach into
            days = range(1, race.no_lift_before + 1)
            return self._weeks_in_season(race.first_date - dt.timedelta(days=n) for n in days)
        raise ValueError(f"race week {kind!r} has no rule in the checker")

    def _weeks_in_season(self, dates: Iterable[dt.date]) -> set[int]:
        return {self.week(date) for date in dates if self.in_season(date)}

    def _span(self, race: Race) -> _RaceSpan:
        start, _, last_date = self.timed(race.date, race.start, race.minutes)
        rules = self.season.rules
        return _RaceSpan(
            race=race,
            first_date=self.start_date(race.date, start),
            last_date=last_date,
            no_lift_before=rules.race_days("no_lift_days_before_race", race),
            light_before=rules.race_days("no_heavy_lift_days_before_race", race),
            no_lift_after=rules.race_days("no_lift_days_after_race", race),
            light_after=rules.race_days("light_lift_days_after_race", race),
        )

    def last_date(self, start: dt.datetime, end: dt.datetime) -> dt.date:
        """The local date of the last minute of ``start``..``end`` (UTC instants)."""
        last = max(start, end - dt.timedelta(minutes=1))
        return last.astimezone(self.zone).date()

    def start_date(self, date: dt.date, start: dt.datetime) -> dt.date:
        """The local date a run or race written on ``date`` starts on (``start``, UTC): its
        own, unless its time fell in a gap that reaches midnight, which moves it on by the
        gap into the next date (Pyongyang went from 23:30 to 00:00 on 2018-05-04: a run
        written for 23:45 starts at 00:15 on the 5th, and is the 5th's run)."""
        if _plain_midnight(self.zone, date) is not None:
            return date  # one offset all date long: every time of it exists
        return start.astimezone(self.zone).date()

    def timed(
        self, date: dt.date, minute: int, minutes: int
    ) -> tuple[dt.datetime, dt.datetime, dt.date]:
        """``minutes`` from local ``minute`` of ``date``: its start and end (UTC) and the
        local date of its last minute (`last_date`)."""
        return self._timed_from(_plain_midnight(self.zone, date), date, minute, minutes)

    def _timed_from(
        self, midnight: dt.datetime | None, date: dt.date, minute: int, minutes: int
    ) -> tuple[dt.datetime, dt.datetime, dt.date]:
        """`timed`, ``date``'s `_plain_midnight` given (``midnight``)."""
        if midnight is not None and 0 <= minute < minute + minutes <= _DAY_MINUTES:
            # Inside a date on one offset: its midnight plus the minutes, and that date.
            return midnight + _MINUTES[minute], midnight + _MINUTES[minute + minutes], date
        start = self.local(date, minute)
        end = start + dt.timedelta(minutes=minutes)
        return start, end, self.last_date(start, end)

    def read(self, session: Session) -> _Read:
        """A session's instants, local start and date, and week, read once for every rule."""
        local, local_end = session.start, session.end
        instants = self._on_plain_dates(local, local_end)
        if instants is not None:
            # Written on the zone's own clock (a plan made in memory): each time is its own
            # local time, as a trip through UTC would give it back (`offsets` relies on it).
            start, end = instants
        else:
            start, end = local.astimezone(UTC), local_end.astimezone(UTC)
            local, local_end = start.astimezone(self.zone), end.astimezone(self.zone)
        date = local.date()
        return _Read(session, start, end, local, local_end, date, self.week(date))

    def _on_plain_date(self, moment: dt.datetime) -> dt.datetime | None:
        """The UTC instant of ``moment`` written in the season's own zone, at fold 0, on a
        whole minute of a date with one offset all day: its midnight plus the minutes (what
        zoneinfo gives, two zone lookups fewer; a test compares them). Else None. (`read`
        reads a session's two ends in one call: `_on_plain_dates`.)"""
        instants = self._on_plain_dates(moment, moment)
        return None if instants is None else instants[0]

    def _on_plain_dates(
        self, start: dt.datetime, end: dt.datetime
    ) -> tuple[dt.datetime, dt.datetime] | None:
        """`_on_plain_date` of a session's start and end, or None unless both have one: a
        session's two ends are read in one call, their date's midnight looked up once when
        they share it (a hundred sessions a plan)."""
        zone = self.zone
        if start.tzinfo is not zone or end.tzinfo is not zone:
            return None
        if start.fold or start.second or start.microsecond:
            return None
        if end.fold or end.second or end.microsecond:
            return None
        date, end_date = start.date(), end.date()
        midnight = _plain_midnight(zone, date)
        end_midnight = midnight if end_date == date else _plain_midnight(zone, end_date)
        if midnight is None or end_midnight is None:
            return None
        return (
            midnight + _MINUTES[start.hour * 60 + start.minute],
            end_midnight + _MINUTES[end.hour * 60 + end.minute],
        )

    def in_season(self, date: dt.date) -> bool:
        return self.dates[0] <= date <= self.dates[-1]

    def local(self, date: dt.date, minute: int) -> dt.datetime:
        """The UTC instant of a local wall-clock time, zoneinfo's fold=0 reading."""
        if 0 <= minute < _DAY_MINUTES:
            midnight = _plain_midnight(self.zone, date)
            if midnight is not None:  # one offset all date long: midnight plus the minutes
                return midnight + _MINUTES[minute]
        return self._local(date, minute)

    def _local(self, date: dt.date, minute: int) -> dt.datetime:
        naive = dt.datetime.combine(date, dt.time()) + dt.timedelta(minutes=minute)
        return naive.replace(tzinfo=self.zone).astimezone(UTC)

    def exists(self, date: dt.date, minute: int) -> bool:
        if 0 <= minute < _DAY_MINUTES and _plain_midnight(self.zone, date) is not None:
            return True
        return self._exists(date, minute)

    def _exists(self, date: dt.date, minute: int) -> bool:
        naive = dt.datetime.combine(date, dt.time()) + dt.timedelta(minutes=minute)
        return self._local(date, minute).astimezone(self.zone).replace(tzinfo=None) == naive

    def clipped(self, date: dt.date, minute: int) -> dt.datetime:
        """A window edge: its instant, or the first existing local time after a gap."""
        while not self.exists(date, minute):
            minute += 1
        return self.local(date, minute)

    def lived(self, date: dt.date) -> bool:
        """Whether local ``date`` happens at all: a zone may skip a whole date (Samoa went
        from 2011-12-29 to 2011-12-31), whose weekly runs then cannot be run."""
        if _plain_midnight(self.zone, date) is not None:
            return True
        return self.clipped(date, 0).astimezone(self.zone).date() == date

    def windows(self, date: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        """The date's windows on UTC instants, each edge `clipped` (made once a date)."""
        found = self._windows.get(date)
        if found is None:
            written = self._written_windows.get(date)
            if written is None:  # a date outside the season
                written = self.season.availability.windows_on(date)
            midnight = _plain_midnight(self.zone, date)
            found = self._windows[date] = [
                # A date on one offset has no gap to clip: its midnight plus the minutes.
                (midnight + _MINUTES[w.start], midnight + _MINUTES[w.end])
                if midnight is not None and w.end < _DAY_MINUTES
                else (self.clipped(date, w.start), self.clipped(date, w.end))
                for w in written
            ]
        return found

    def runs_near(self, start: dt.datetime, end: dt.datetime) -> list[_Run]:
        """The runs, in order, that may overlap ``start``..``end``: those starting before
        ``end`` and no longer ago than the longest run lasts."""
        low = bisect.bisect_left(self._starts, start - self._longest)
        return self.runs[low : bisect.bisect_left(self._starts, end)]

    def next_hard(self, at: dt.datetime) -> _Run | None:
        """The first hard run (in run order) starting at or after ``at``."""
        index = bisect.bisect_left(self._hard_starts, at)
        return self._hard[index] if index < len(self._hard) else None

    def runs_touching(self, date: dt.date) -> list[_Run]:
        """The runs, in order, covering any minute of local ``date``."""
        return self._touching.get(date, [])

    def week(self, date: dt.date) -> int:
        return (date - self.dates[0]).days // 7 + 1  # the season's first date starts week 1

    def week_days(self, week: int) -> int:
        return min(7, len(self.dates) - 7 * (week - 1))

    def week_dates(self, week: int) -> list[dt.date]:
        return self.dates[7 * (week - 1) : 7 * week]

    def closed_by_races(self, date: dt.date) -> list[_Reason]:
        """The race rules that allow no lift on ``date``, one per race."""
        reasons = []
        for race in self.races:
            before, after = (race.first_date - date).days, (date - race.last_date).days
            if 0 <= before <= race.no_lift_before:
                words = (
                    f"{counted(before, 'day')} before the {race.label}"
                    if before
                    else f"on the day of the {race.label}"
                )
                reasons.append(_Reason("no_lift_days_before_race", race, words))
            elif before < 0 and after <= 0:
                words = f"on day {1 - before} of the {race.label}"
                reasons.append(_Reason("no_lift_days_before_race", race, words))
            elif 0 < after <= race.no_lift_after:
                words = f"{counted(after, 'day')} after the {race.label}"
                reasons.append(_Reason("no_lift_days_after_race", race, words))
        return reasons

    def on_a_race(self, date: dt.date) -> bool:
        return any(race.first_date <= date <= race.last_date for race in self.races)

    def light_window(self, date: dt.date) -> _Reason | None:
        """The first race whose light window holds ``date``, and the rule that makes it so."""
        for race in self.races:
            before, after = (race.first_date - date).days, (date - race.last_date).days
            if 0 < before <= race.light_before:
                words = f"{counted(before, 'day')} before the {race.label}"
                return _Reason("no_heavy_lift_days_before_race", race, words)
            if 0 < after <= race.light_after:
                words = f"{counted(after, 'day')} after the {race.label}"
                return _Reason("light_lift_days_after_race", race, words)
        return None

    def lift_kind(self, date: dt.date) -> LiftKind:
        """light in a light phase or a race's light window; deload in deload weeks; else heavy."""
        kind = self._kinds.get(date)
        if kind is None:  # each lift asks twice (its kind, its score): found once a date
            kind = self._kinds[date] = self._lift_kind(date)
        return kind

    def _lift_kind(self, date: dt.date) -> LiftKind:
        week = self.week(date)
        if self.phase(week) in LIGHT_PHASES or self.light_window(date) is not None:
            return LiftKind.LIGHT
        return LiftKind.DELOAD if self.season.season.is_deload(week) else LiftKind.HEAVY

    def capped(self, week: int) -> bool:
        """A race week without a written minimum: one lift a week keeps strength in season."""
        # Whether the file writes the week's minimum is what the season says, not a rule.
        return week in self.race_weeks and not self.season.explicit_minimum(week)

    def min_lifts(self, week: int) -> int:
        low = self.lifting(week).per_week.min
        if self.capped(week):
            low = min(low, RACE_WEEK_LIFTS)
        return low * self.week_days(week) // 7

    def target_lifts(self, week: int, closed: bool = False) -> int:
        """Lifts wished for in ``week``: at most RACE_WEEK_LIFTS in a race week whose kind
        caps the wish, none in a ``closed`` one (no lift is missed where the coach wants
        none)."""
        if closed:
            return 0
        target = self.lifting(week).per_week.wished
        if self.capped(week) and week in self.wish_capped:
            target = min(target, RACE_WEEK_LIFTS)
        return target * self.week_days(week) // 7

    def phase(self, week: int) -> PhaseName | None:
        return self._phases[week - 1]

    def lifting(self, week: int) -> Lifting:
        return self._lifting[week - 1]

    def weights(self, week: int) -> Weights:
        return self._weights[week - 1]


def whose_plan(season: Season, plan: Plan, athlete: str | None = None) -> Mismatch | None:
    """Why ``plan`` is not a plan of ``season`` (for ``athlete``), or None when it is.

    A plan names its athlete, zone and season dates; any of them differing means the plan
    was made for someone or something else, and checking its rules would only list noise. A
    season edited since (runs, windows, rules) is still the same season: that is checked.
    A plan that records no season dates (a CSV) must keep its sessions inside the season.
    An override the plan records from a date outside the season (a hand edit) would hold
    for the whole plan or none of it: that plan was not made in this season either.
    """
    span = season.season
    dates = f"{span.start}..{span.last_day}"
    if athlete is not None and plan.athlete and plan.athlete != athlete:
        return Mismatch("athlete", f"this plan is for athlete {plan.athlete!r}, not {athlete!r}")
    if plan.timezone != season.timezone:
        return Mismatch(
            "timezone", f"this plan is in {plan.timezone}, the season in {season.timezone}"
        )
    if plan.season_start not in (None, span.start) or plan.season_end not in (None, span.last_day):
        field_ = "season_start" if plan.season_start != span.start else "season_end"
        planned = f"{plan.season_start or '...'}..{plan.season_end or '...'}"
        return Mismatch(field_, f"this plan is for the season {planned}, not {dates}")
    for index, entry in enumerate(plan.overrides):
        if not isinstance(entry, str) and not span.start <= entry.since <= span.last_day:
            return Mismatch(
                f"overrides[{index}].since", f"{entry.since} is outside the season {dates}"
            )
    zone = ZoneInfo(season.timezone)
    first, last = span.start, span.last_day
    outside = sorted(
        local
        for s in plan.sessions
        if not first <= (local := s.start.astimezone(zone).date()) <= last
    )
    if outside:
        return Mismatch(
            "sessions",
            f"this plan has sessions on {outside[0]}..{outside[-1]}, outside the season {dates}",
        )
    return None


def check_plan(
    season: Season,
    plan: Plan,
    athlete: str | None = None,
    earlier: Sequence[tuple[dt.date | None, Season]] = (),
) -> CheckReport:
    """Every hard-rule violation in ``plan``, and its score recomputed from scratch.

    A plan of another ``athlete`` or another season is not checked: the report's
    ``mismatch`` says why (see `whose_plan`). A plan read from a CSV carries sessions
    only (no blocks, score or closed weeks): what it does not carry is not checked.

    ``season`` is the season under the overrides in force at the plan's end. A plan
    re-planned with other overrides (``Plan.override_dates``) was planned before each
    re-plan's date under the overrides then in force: ``earlier`` gives those seasons,
    each with the first date it held (``None``: the season's start), in order; the lifts
    of each span are held to its rules about where and how a lift may go (PAST_EXEMPT),
    the lifts before the last span only to the final season's rules that count lifts."""
    mismatch = whose_plan(season, plan, athlete)
    if mismatch is not None:
        return CheckReport(mismatch=mismatch)
    spans = plan.override_dates
    history = plan.history_until
    report = _check_in_force(season, plan, history)
    ends = [since for since, _ in earlier[1:]] + [spans[-1] if spans else None]
    ends = ends[: len(earlier)]
    for (since, then), end in zip(earlier, ends, strict=True):
        report.violations += _span_violations(then, plan, since, end)
    return report


def _span_violations(
    season: Season, plan: Plan, since: dt.date | None, end: dt.date | None
) -> list[Violation]:
    """The rules of where and how a lift may go that the lifts from ``since`` until
    ``end`` (excluded) break under ``season``, the one in force then; the lifts lived
    before ``plan.replanned_from`` are history, as they are for the final season."""
    checker = _Checker(_Season(season))
    lived = plan.replanned_from
    for lift in sorted(map(checker.facts.read, plan.lifts), key=lambda lift: lift.start):
        date = lift.date
        if (since and date < since) or (end and date >= end) or (lived and date < lived):
            continue
        checker.lift_alone(lift)
    return [v for v in checker.report.violations if v.rule in PAST_EXEMPT]


def _check_in_force(season: Season, plan: Plan, history: dt.date | None) -> CheckReport:
    """The whole check under ``season``, the lifts before ``history`` held as history."""
    checker = _Checker(_Season(season), history)
    # Each session's instants, local times and date read once; the rules share them.
    sessions = [checker.facts.read(session) for session in plan.sessions]
    # `Plan.lifts` (in time order) and `Plan.core_sessions`, read.
    lifting = [s for s in sessions if s.session.activity == "lift"]
    lifts = sorted(
        (s for s in lifting if s.session.kind is not LiftKind.CORE), key=lambda s: s.start
    )
    cores = [s for s in lifting if s.session.kind is LiftKind.CORE]
    checker.offsets(sessions)
    checker.runs_match([s for s in sessions if s.session.activity == "run"])
    for lift in lifts:
        checker.lift_alone(lift)
    checker.spacing(lifts)
    # A CSV carries no blocks, score or closed weeks: the checker finds the closed weeks
    # itself and reads the blocks from each lift's label.
    sessions_only = plan.objective is None and not plan.blocks
    if sessions_only:
        closed = checker.found_closed(lifts)
        block_starts = checker.block_labels([lift.session for lift in lifts])
    else:
        closed = checker.closed_weeks(plan)
        block_starts = checker.blocks(plan)
    checker.weekly_counts(lifts, closed)
    checker.core_sessions(cores, lifts)
    checker.workouts([lift.session for lift in lifts])
    checker.deload_volume([lift.session for lift in lifts])
    report = checker.report
    report.sessions_only = sessions_only
    report.score = recompute_score(checker.facts, lifts, block_starts, closed)
    if plan.objective is not None:
        for term, total in report.score.items():
            claimed = plan.score.get(term, 0)
            if claimed != total:
                checker.fail("score", None, f"{term}: plan says {claimed}, recomputed {total}")
        if plan.objective != report.objective:
            checker.fail(
                "objective", None, f"plan says {plan.objective}, recomputed {report.objective}"
            )
    return report


def lift_violations(season: Season, lift: Session) -> list[Violation]:
    """The rules a lift breaks where it stands, apart from its window, length and grid:
    runs it overlaps, a hard run the next day, recovery before the next hard run, race days.

    A re-plan keeps a lift that was done; this says whether the lift itself broke a rule."""
    checker = _Checker(_Season(season))
    start, end = lift.start.astimezone(UTC), lift.end.astimezone(UTC)
    date = start.astimezone(checker.facts.zone).date()
    return [v for v in checker.problems(start, end, date) if v.rule != "availability"]


class _Checker:
    def __init__(self, facts: _Season, replanned_from: dt.date | None = None) -> None:
        self.facts = facts
        self.rules = facts.season.rules
        self.report = CheckReport()
        self.replanned_from = replanned_from
        self.recovery = dt.timedelta(hours=self.rules.recovery_hours)

    def past(self, date: dt.date) -> bool:
        """Whether a lift on local ``date`` is a re-plan's history (see PAST_EXEMPT)."""
        return self.replanned_from is not None and date < self.replanned_from

    def fail(self, rule: str, date: dt.date | None, message: str, race: str | None = None) -> None:
        self.report.violations.append(Violation(rule, date, message, race))

    def offsets(self, sessions: list[_Read]) -> None:
        """Every time is written with the zone's own UTC offset at that instant, and the
        session's date is the local date of its start."""
        for read in sessions:
            session, start = read.session, read.local
            # A time that is its own local time (`_Season.read`) has its zone's offset.
            if start is not session.start or read.local_end is not session.end:
                self._offsets(read)
            if session.activity == "run" and session.date != start.date():
                self.fail("dates", session.date, f"the {session.kind} run starts on another date")

    def _offsets(self, read: _Read) -> None:
        session = read.session
        for name, moment_, local in (
            ("start", session.start, read.local),
            ("end", session.end, read.local_end),
        ):
            if moment_.utcoffset() != local.utcoffset():
                self.fail(
                    "offsets",
                    local.date(),
                    f"{session.activity} {name} {moment_.isoformat()} does not have the "
                    f"offset of {self.facts.season.timezone} ({local.isoformat()})",
                )

    def runs_match(self, runs: list[_Read]) -> None:
        """The plan's runs are exactly the season's running plan: each run once, with its kind
        and whether it is hard, as the season defines them."""
        zone = self.facts.zone
        # A plan lists the season's runs in time order, as they are: then one comparison
        # says so (a kind compares as its text, so this is the keys' equality below).
        season_runs = [(r.start, r.end, r.kind, r.hard) for r in self.facts.runs]
        if season_runs == [(r.start, r.end, r.session.kind, r.session.hard) for r in runs]:
            return
        # Keyed with whether the run is hard: two runs alike but for that are two runs.
        expected = Counter((r.start, r.end, str(r.kind), r.hard) for r in self.facts.runs)
        planned = Counter((r.start, r.end, str(r.session.kind), r.session.hard) for r in runs)
        missing, extra = expected - planned, planned - expected
        for start, end, kind, hard in sorted(extra.elements()):
            day = start.astimezone(zone).date()
            if missing[(start, end, kind, not hard)] > 0:  # the run, marked the other way
                missing[(start, end, kind, not hard)] -= 1
                says = "not hard" if hard else "hard"
                self.fail("runs", day, f"the {kind} run is {says} in the season")
            elif expected[(start, end, kind, hard)]:
                self.fail("runs", day, f"{kind} run is there twice")
            else:
                self.fail("runs", day, f"{kind} run is not in the season")
        for start, _end, kind, _hard in sorted(missing.elements()):
            self.fail("runs", start.astimezone(zone).date(), f"the {kind} run is missing")

    def lift_alone(self, lift: _Read) -> None:
        """The rules one lift must meet on its own; a lift of history, only those that do
        not say where or how a lift may go (PAST_EXEMPT)."""
        found = len(self.report.violations)
        self._lift_alone(lift)
        if self.past(lift.date):
            kept = self.report.violations[found:]
            self.report.violations[found:] = [v for v in kept if v.rule not in PAST_EXEMPT]

    def _lift_alone(self, read: _Read) -> None:
        facts, lift = self.facts, read.session
        start, end, local, date = read.start, read.end, read.local, read.date
        if not facts.in_season(date):
            self.fail("season", date, "lift is outside the season")
            return
        if lift.date != date or lift.weekday != WEEKDAYS[date.weekday()]:
            self.fail("dates", date, f"session says {lift.date} {lift.weekday}")
        week = read.week
        if lift.week != week:
            self.fail("dates", date, f"session says week {lift.week}, the date is in week {week}")
        self.kind(lift, date)
        lifting = facts.lifting(week)
        grid = lifting.granularity_minutes
        if self.off_grid(read, grid):
            self.fail("granularity", date, f"start {local:%H:%M} is not on the {grid}-minute grid")
        minutes = _minutes(end - start)
        low, high = lifting.min_minutes, lifting.max_minutes
        if minutes != lift.minutes or not low <= minutes <= high:
            self.fail("lift_minutes", date, f"lift lasts {minutes} min; allowed {low}-{high}")
        self.report.violations += self.problems(start, end, date)

    def off_grid(self, read: _Read, grid: int) -> bool:
        """Whether the session's start is off the day's ``grid`` (minutes from local
        midnight): a second in it, a minute off it, or the repeated hour of a fall-back night,
        whose second 01:00 is not the grid's."""
        local = read.local
        minute = local.hour * 60 + local.minute
        return bool(
            local.second or minute % grid or self.facts.local(read.date, minute) != read.start
        )

    def kind(self, lift: Session, date: dt.date) -> None:
        """The lift's kind is its date's: a race's light window names the race and its rule.

        A race date has no kind: no lift belongs there (`no_lift_days_before_race` says so)."""
        expected = self.facts.lift_kind(date)
        if lift.kind == expected or self.facts.on_a_race(date):
            return
        window = self.facts.light_window(date)
        if window is not None:
            label = window.race.label
            self.fail(window.rule, date, f"{lift.kind} lift {window.words}", label)
        else:
            week = self.facts.week(date)
            self.fail("lift_kind", date, f"a {lift.kind} lift in week {week} of {expected} lifts")

    def problems(self, start: dt.datetime, end: dt.datetime, date: dt.date) -> list[Violation]:
        """What keeps a lift from ``start`` to ``end`` (UTC) on local ``date``, apart from its
        own length, grid and kind: the rules a candidate slot must meet too."""
        facts, rules = self.facts, self.rules
        found = []
        if not any(w_start <= start and end <= w_end for w_start, w_end in facts.windows(date)):
            local = start.astimezone(facts.zone)
            found.append(
                Violation("availability", date, f"lift at {local:%H:%M} is not inside one window")
            )
        for run in facts.runs_near(start, end):
            if start < run.end and run.start < end:
                found.append(
                    Violation("no_overlap_with_runs", date, f"lift overlaps the {run.kind} run")
                )
        tomorrow = date + _ONE_DAY
        if rules.no_lift_day_before_hard and tomorrow in facts.hard_dates:
            found.append(Violation("no_lift_day_before_hard", date, f"{tomorrow} has a hard run"))
        next_hard = facts.next_hard(start)
        if next_hard and next_hard.start - end < self.recovery:
            gap = padded_duration_text(_minutes(next_hard.start - end))
            found.append(
                Violation(
                    "recovery_hours",
                    date,
                    f"only {gap} before the {next_hard.kind} on "
                    f"{next_hard.date} (needs {rules.recovery_hours:g} h)",
                )
            )
        for reason in facts.closed_by_races(date):
            found.append(Violation(reason.rule, date, reason.words, reason.race.label))
        return found

    def legal_slot(self, week: int) -> dt.datetime | None:
        """The first start in ``week`` where a lift breaks none of the rules of `problems`.

        Every grid time of every day, with the shortest allowed length: a longer lift fits
        no window a shorter one misses and ends no further from the next hard run.
        """
        facts = self.facts
        lifting = facts.lifting(week)
        length = dt.timedelta(minutes=lifting.min_minutes)
        for date in facts.week_dates(week):
            windows = facts.windows(date)
            for minute in range(0, 24 * 60, lifting.granularity_minutes):
                if not facts.exists(date, minute):
                    continue
                start = facts.local(date, minute)
                inside = any(low <= start and start + length <= high for low, high in windows)
                if inside and not self.problems(start, start + length, date):
                    return start
        return None

    def closed_weeks(self, plan: Plan) -> set[int]:
        """The weeks the plan lists as closed and the checker finds closed too.

        A closed week is a race week, or a week asking for lifts, whose minimum the season
        does not write (no phase or week_overrides entry), where no slot is legal and a race
        rule closes a day (the week after a B marathon, which its days of recovery cover)."""
        facts, verified = self.facts, set()
        for closed in plan.closed_weeks:
            week = closed.week
            if not 1 <= week <= facts.num_weeks:
                self.fail(
                    "closed_weeks", None, f"week {week} is said closed but is not in the season"
                )
                continue
            first_day = facts.week_dates(week)[0]
            if facts.season.explicit_minimum(week):
                self.fail(
                    "closed_weeks",
                    first_day,
                    f"week {week} is said closed but the season writes its minimum",
                )
                continue
            races = facts.race_weeks.get(week)
            if not races and not facts.lifting(week).per_week.min:
                self.fail(
                    "closed_weeks", first_day, f"week {week} is said closed but asks for no lift"
                )
                continue
            label = _joined(races or self.closing_races(week)) or None
            around = (
                f" (race week of the {label})"
                if races
                else f" (after the {label})"
                if label
                else ""
            )
            slot = self.legal_slot(week)
            if slot is not None:
                local = slot.astimezone(facts.zone)
                self.fail(
                    "closed_weeks",
                    local.date(),
                    f"week {week} is said closed but {moment(local)} is legal{around}",
                    label,
                )
            elif not any(facts.closed_by_races(date) for date in facts.week_dates(week)):
                self.fail(
                    "closed_weeks",
                    first_day,
                    f"week {week} is said closed but no race rule closes any of its days",
                    label,
                )
            else:
                verified.add(week)
        return verified

    def closing_races(self, week: int) -> list[_RaceSpan]:
        """The races whose rules close a day of ``week``, in order."""
        found: dict[int, _RaceSpan] = {}
        for date in self.facts.week_dates(week):
            for reason in self.facts.closed_by_races(date):
                found.setdefault(id(reason.race), reason.race)
        return list(found.values())

    def found_closed(self, lifts: list[_Read]) -> set[int]:
        """The weeks without a written minimum and without a lift where the checker's own
        search finds no legal slot and a race rule closes a day: the closed weeks of a plan
        that does not list them."""
        counts = _lifts_per_week(self.facts, lifts)
        return {
            week
            for week in range(1, self.facts.num_weeks + 1)
            if not counts[week - 1]
            and not self.facts.season.explicit_minimum(week)
            and (week in self.facts.race_weeks or self.facts.lifting(week).per_week.min > 0)
            and any(self.facts.closed_by_races(date) for date in self.facts.week_dates(week))
            and self.legal_slot(week) is None
        }

    def block_labels(self, lifts: list[Session]) -> set[int]:
        """Blocks as the lifts' labels tell them (``1A``, ``2B``...): numbered in order, each
        on another routine than the one before, none spanning more than ``max_weeks``.

        Returns the week of each block's first lift (the start weeks as far as they show)."""
        weeks: dict[int, list[int]] = defaultdict(list)
        routines: dict[int, str] = {}
        last_number = 0
        for lift in lifts:
            read = read_block_label(lift.block)
            if read is None:
                self.fail("block_lengths", lift.date, f"lift says block {lift.block!r}")
                continue
            number, routine = read
            if number < last_number:
                self.fail("block_lengths", lift.date, f"block {number} after block {last_number}")
            last_number = max(last_number, number)
            weeks[number].append(lift.week)
            routines.setdefault(number, routine)
        high = self.facts.season.blocks.max_weeks
        for number, lifted in sorted(weeks.items()):
            if max(lifted) - min(lifted) + 1 > high:
                span = f"weeks {min(lifted)}-{max(lifted)}"
                self.fail("block_lengths", None, f"block {number} has lifts in {span}")
            before = routines.get(number - 1)
            if before is not None and before == routines[number]:
                self.fail(
                    "block_lengths", None, f"blocks {number - 1} and {number} share a routine"
                )
        return {min(lifted) for lifted in weeks.values()} | {1}

    def spacing(self, lifts: list[_Read]) -> None:
        """Lifts per day, lifts that overlap each other, and rest days between lift days."""
        by_date: dict[dt.date, list[_Read]] = defaultdict(list)
        for lift in lifts:
            by_date[lift.date].append(lift)
        for date, todays in by_date.items():
            if self.past(date):
                continue  # only history stands on a past day: two past lifts never clash
            if len(todays) > self.rules.max_lifts_per_day:
                self.fail("max_lifts_per_day", date, f"{len(todays)} lifts on one day")
            for first, second in itertools.pairwise(todays):
                if second.start < first.end:
                    self.fail("max_lifts_per_day", date, "two lifts overlap")
        dates = sorted(by_date)
        rest = self.rules.rest_days_between_lifts
        for before, after in itertools.pairwise(dates):
            free_days = (after - before).days - 1
            if free_days < rest and not self.past(after):
                self.fail(
                    "rest_days_between_lifts",
                    after,
                    f"{counted(free_days, 'lift-free day')} since {before} (needs {rest})",
                )

    def weekly_counts(self, lifts: list[_Read], closed: set[int]) -> None:
        """Each week's lifts within min..max; a race week's minimum is capped, a closed one 0."""
        facts = self.facts
        counts = _lifts_per_week(facts, lifts)
        past = _lifts_per_week(facts, [lift for lift in lifts if self.past(lift.date)])
        for week, count in enumerate(counts, 1):
            lived = self.past(facts.week_dates(week)[-1])  # a week wholly past: as it was
            low = 0 if week in closed or lived else facts.min_lifts(week)
            # History alone may fill a week past max: then no later lift may be added.
            high = max(facts.lifting(week).per_week.max, past[week - 1])
            first_day = facts.week_dates(week)[0]
            if count < low:
                message = f"week {week} has {counted(count, 'lift')}, min {low}"
                label = _joined(facts.race_weeks.get(week, [])) if facts.capped(week) else None
                if label:
                    message += f" (race week of the {label})"
                self.fail("lifts_per_week", first_day, message, label)
            if count > high:
                message = f"week {week} has {counted(count, 'lift')}, max {high}"
                self.fail("lifts_per_week", first_day, message)

    def core_sessions(self, cores: list[_Read], lifts: list[_Read]) -> None:
        """Core-only sessions: inside a window, clear of runs, on an easy day without a lift,
        and outside the days around a race that allow no lift (a core session, light, may
        come the day before a hard run, as in the guide's week: solver/rules.py's
        ``binds_core`` says which rules hold it). A re-plan's history is not held to them:
        where a past session was, and how many a week lived had, are as planned then."""
        facts = self.facts
        lift_dates = {lift.date for lift in lifts}
        per_week: dict[int, int] = defaultdict(int)
        lived: dict[int, int] = defaultdict(int)  # per week, the core sessions of history
        for core in cores:
            start, end, date = core.start, core.end, core.date
            if not facts.dates[0] <= date <= facts.dates[-1]:
                self.fail("core_sessions", date, "core session is outside the season")
                continue
            per_week[core.week] += 1
            if self.past(date):  # history: where it was is not placed again (as for lifts)
                lived[core.week] += 1
                continue
            lifting = facts.lifting(core.week)
            minutes = _minutes(end - start)
            if minutes != lifting.core_minutes:
                message = f"core session lasts {minutes} min; lifting.core_minutes is "
                self.fail("core_sessions", date, f"{message}{lifting.core_minutes}")
            if core.session.minutes != minutes:
                message = f"core session says {core.session.minutes} min, lasts {minutes}"
                self.fail("core_sessions", date, message)
            grid = lifting.granularity_minutes
            if self.off_grid(core, grid):
                message = f"core session at {core.local:%H:%M} is not on the {grid}-minute grid"
                self.fail("core_sessions", date, message)
            if not any(low <= start and end <= high for low, high in facts.windows(date)):
                self.fail("core_sessions", date, "core session is not inside one window")
            if any(start < run.end and run.start < end for run in facts.runs_near(start, end)):
                self.fail("core_sessions", date, "core session overlaps a run")
            if date in facts.hard_dates or date in lift_dates:
                self.fail("core_sessions", date, "core session on a hard day or a lift day")
            for reason in facts.closed_by_races(date):
                words = f"core session {reason.words}"
                self.fail(reason.rule, date, words, reason.race.label)
        for week, count in per_week.items():
            if self.past(facts.week_dates(week)[-1]):  # a week lived: as it was planned then
                continue
            # History alone may hold more than the week now asks (an override from --from)
            allowed = max(facts.lifting(week).core_sessions, lived[week])
            if count > allowed:
                self.fail(
                    "core_sessions",
                    facts.week_dates(week)[0],  # dated as lifts_per_week is: its first day
                    f"week {week} has {counted(count, 'core session')}, {allowed} asked",
                )

    def blocks(self, plan: Plan) -> set[int]:
        """Blocks cover the season in order, last min..max weeks, and change routine each time.

        Returns the weeks where a block starts.
        """
        if not plan.blocks:
            if plan.sessions:
                self.fail("block_lengths", None, "the plan has no training blocks")
            return {1}
        settings = self.facts.season.blocks
        low, high = settings.min_weeks, settings.max_weeks
        weeks = self.facts.num_weeks
        exact = _splits(weeks, low, high)
        expected_first = 1
        for index, block in enumerate(plan.blocks):
            length = block.last_week - block.first_week + 1
            last = index == len(plan.blocks) - 1
            if block.first_week != expected_first or length < 1:
                self.fail("block_lengths", None, f"block {block.number} does not follow on")
            short_ok = last and (weeks <= high or not exact)
            if length > high or (length < low and not short_ok):
                lasts = f"block {block.number} lasts {counted(length, 'week')}"
                self.fail("block_lengths", None, lasts)
            if index and block.routine == plan.blocks[index - 1].routine:
                self.fail("block_lengths", None, f"blocks {index} and {index + 1} share a routine")
            expected_first = block.last_week + 1
        if expected_first != weeks + 1:
            self.fail("block_lengths", None, f"blocks end in week {expected_first - 1} of {weeks}")
        label_of_week = {
            week: block.label
            for block in plan.blocks
            for week in range(block.first_week, block.last_week + 1)
        }
        for session in plan.sessions:
            if session.activity == "lift" and session.block != label_of_week.get(session.week):
                self.fail("block_lengths", session.date, f"lift says block {session.block!r}")
        return {block.first_week for block in plan.blocks}

    def workouts(self, lifts: list[Session]) -> None:
        """If the plan carries workouts: every lift to come has one, its estimated minutes (warm-up
        included) within 90-110% of the booked minutes; every heavy lift of 40+ minutes
        trains the legs (a squat and a hinge); with 2 lifts a week both squat and hinge, with
        3 or more each lift a squat or hinge and each of them twice; no slow lowering or held
        pause in peak, taper, race or recovery weeks; no
        ballistic move with a % of 1RM or a slow tempo; no hold or carry dosed in reps in
        reserve; % of 1RM on barbell lifts only (issue 14)."""
        if not any(lift.workout for lift in lifts):
            return
        weeks: dict[int, list[frozenset[str]]] = defaultdict(list)
        for lift in lifts:
            workout = lift.workout
            if workout is None:
                # A lift of history happened; what was lifted may be unknown (a re-plan of
                # a plan.csv, which records no workouts). A lift to come needs its workout.
                if not self.past(lift.date):
                    self.fail("workouts", lift.date, "lift has no workout")
                continue
            fillable = 0 < lift.minutes <= LONGEST_SESSION
            if fillable and not 0.9 <= workout.minutes / lift.minutes <= 1.1:
                self.fail("workouts", lift.date, f"{workout.minutes} min of work in {lift.minutes}")
            read = _read_workout(workout.exercises)
            week = self.facts.week(lift.date)
            weeks[week].append(read.patterns)
            if lift.kind == "heavy" and lift.minutes >= 40 and not read.patterns >= LEGS:
                self.fail("workouts", lift.date, "a heavy lift without a squat and a hinge")
            calm = self.facts.phase(week) in CALM
            if read.misdosed or (calm and read.slow):
                self._exercise_problems(lift, workout, calm)
        for week, sessions in sorted(weeks.items()):
            self._legs_each_week(week, sessions)

    def _exercise_problems(self, lift: Session, workout: Workout, calm: bool) -> None:
        """Each exercise's problems, in order: how it is dosed, and a slow tempo in a
        ``calm`` week."""
        for exercise in workout.exercises:
            for problem in _dosing_problems(exercise):
                self.fail("workouts", lift.date, problem)
            if calm and _slow(exercise.tempo):
                self.fail(
                    "workouts",
                    lift.date,
                    f"{exercise.name}: tempo {exercise.tempo} in a {lift.kind} lift "
                    f"({lift.phase or 'no phase'})",
                )

    def deload_volume(self, lifts: list[Session]) -> None:
        """Each deload lift to come holds at most DELOAD_MOST_PERCENT of the working sets of
        the lightest heavy lift of the last week before it that held a heavy lift
        (models/deload.py). A deload before any heavy lift, or after a heavy week whose
        workouts the plan does not record (a plan.csv, a re-plan's history), is not judged
        here: there is nothing in the plan to measure it against."""
        heavy: dict[int, list[int | None]] = defaultdict(list)
        for lift in lifts:
            if lift.kind is LiftKind.HEAVY:
                sets = None if lift.workout is None else _read_workout(lift.workout.exercises).sets
                heavy[self.facts.week(lift.date)].append(sets)
        weeks = sorted(heavy)
        for lift in lifts:
            if lift.kind is not LiftKind.DELOAD or lift.workout is None or self.past(lift.date):
                continue
            week = self.facts.week(lift.date)
            earlier = bisect.bisect_left(weeks, week)
            if not earlier:
                continue
            heavy_week = weeks[earlier - 1]
            yardstick = heavy[heavy_week]
            if None in yardstick:
                continue
            lightest = min(s for s in yardstick if s is not None)
            sets, most = _read_workout(lift.workout.exercises).sets, deload_most_sets(lightest)
            if sets > most:
                self.fail(
                    "deload_volume",
                    lift.date,
                    f"a deload of {sets} working sets after week {heavy_week}'s heavy lift of "
                    f"{lightest}: at most {most} ({DELOAD_MOST_PERCENT}%)",
                )

    def _legs_each_week(self, week: int, sessions: list[frozenset[str]]) -> None:
        if len(sessions) == 2 and not all(patterns >= LEGS for patterns in sessions):
            self.fail("workouts", None, f"week {week}: a lift without both a squat and a hinge")
        if len(sessions) >= 3:
            if not all(LEGS & patterns for patterns in sessions):
                self.fail("workouts", None, f"week {week}: a lift without a squat or a hinge")
            for leg in sorted(LEGS):
                if sum(leg in patterns for patterns in sessions) < 2:
                    self.fail("workouts", None, f"week {week}: {leg} fewer than twice")


# Exercises judged so far (`_dosing_problems`) by id, each held so that its id stays its
# own: a season's lifts and a team's seasons share each exercise (frozen; plan/workouts.py
# writes each dose once per process), ~200 a season of ~300 uses. Emptied when full, so
# the exercises of plans read from files do not pile up.
_JUDGED: dict[int, tuple[WorkoutExercise, tuple[str, ...]]] = {}
_JUDGED_MAX = 4096


def _dosing_problems(exercise: WorkoutExercise) -> tuple[str, ...]:
    """What is wrong with how ``exercise`` is dosed, each problem in the words it fails with
    (`_dosing_problems_of`, remembered for the exercise)."""
    found = _JUDGED.get(id(exercise))
    if found is None:
        if len(_JUDGED) >= _JUDGED_MAX:
            _JUDGED.clear()
        found = _JUDGED[id(exercise)] = (exercise, tuple(_dosing_problems_of(exercise)))
    return found[1]


class _WorkoutRead(NamedTuple):
    """What the rules ask of a workout's exercises, the same whoever lifts them."""

    exercises: tuple[WorkoutExercise, ...]  # held, so that the ids of the key stay theirs
    # A pattern is a StrEnum: it hashes and compares as its text (LEGS' words).
    patterns: frozenset[str]
    misdosed: bool  # an exercise has `_dosing_problems`
    slow: bool  # an exercise has a slow tempo (`_slow`)
    sets: int  # the working sets (models/deload.py)


# Workouts read so far, by the ids of their exercises: a team's lifts share their (frozen)
# exercises, and mostly whole lists of them too (~90 lists for ~1500 lifts), so a lift's
# workout is mostly read in one lookup, not exercise by exercise. Emptied when full.
_WORKOUTS: dict[tuple[int, ...], _WorkoutRead] = {}


def _read_workout(exercises: list[WorkoutExercise]) -> _WorkoutRead:
    key = tuple(map(id, exercises))
    found = _WORKOUTS.get(key)
    if found is None:
        if len(_WORKOUTS) >= _JUDGED_MAX:
            _WORKOUTS.clear()
        found = _WORKOUTS[key] = _WorkoutRead(
            tuple(exercises),
            frozenset(exercise.pattern for exercise in exercises),
            any(_dosing_problems(exercise) for exercise in exercises),
            any(_slow(exercise.tempo) for exercise in exercises),
            working_sets(exercises),
        )
    return found


def _dosing_problems_of(exercise: WorkoutExercise) -> list[str]:
    """What is wrong with how ``exercise`` is dosed, each problem in the words it fails with."""
    found = []
    if exercise.dosing is Dosing.BALLISTIC or exercise.tempo == "explosive":
        if exercise.percent_1rm is not None or "1RM" in exercise.load:
            found.append(f"{exercise.name}: ballistic with a % of 1RM")
        if exercise.tempo != "explosive":
            found.append(f"{exercise.name}: ballistic at a slow tempo")
    if exercise.dosing is not Dosing.BARBELL and (
        exercise.percent_1rm is not None or "% of 1RM" in exercise.load
    ):
        found.append(f"{exercise.name}: a {exercise.dosing} at % of 1RM")
    if exercise.dosing in (Dosing.HOLD, Dosing.CARRY) and "reserve" in exercise.load:
        found.append(f"{exercise.name}: a {exercise.dosing} in reps")
    return found


LEGS = frozenset({"squat", "hinge"})
# Weeks where a slow lowering or a held pause does not belong (issue 14).
CALM = frozenset({PhaseName.PEAK, PhaseName.TAPER, PhaseName.RACE, PhaseName.RECOVERY})


@functools.lru_cache(maxsize=256)  # a catalogue's few tempos, asked of every exercise
def _slow(tempo: str) -> bool:
    """A lowering of 4 s or more, or a pause of 2 s or more ("5-0-X-0", "2-3-X-0")."""
    parts = tempo.split("-")
    if len(parts) != 4 or not (parts[0].isdigit() and parts[1].isdigit()):
        return False
    return int(parts[0]) >= 4 or int(parts[1]) >= 2


# Past two hours a booking is more than any session holds (5 sets of the main lifts, 4 of
# the rest, 3-minute rests): the work is not expected to fill it.
LONGEST_SESSION = 120


def _splits(weeks: int, low: int, high: int) -> bool:
    """Whether ``weeks`` can be cut into blocks of ``low``..``high`` weeks exactly."""
    reachable = {0}
    for end in range(1, weeks + 1):
        if any(end - size in reachable for size in range(low, high + 1)):
            reachable.add(end)
    return weeks in reachable


def _lifts_per_week(facts: _Season, lifts: list[_Read]) -> list[int]:
    counts = [0] * facts.num_weeks
    for lift in lifts:
        week = lift.week
        if 1 <= week <= len(counts):
            counts[week - 1] += 1
    return counts


def recompute_score(
    facts: _Season, lifts: list[_Read], block_starts: set[int], closed: set[int]
) -> dict[str, int]:
    """Each soft term's weighted total, straight from the definitions of SPEC section 4;
    ``closed``: the closed race weeks, which wish for no lift."""
    score = dict.fromkeys(
        (
            "easy_day_lift",
            "short_gap_minute",
            "wrong_order",
            "below_target",
            "habit",
            "short_lift_minute",
            "block_rotation",
        ),
        0,
    )
    # Week by week, so what a week's lifts are scored against is looked up once a week.
    by_week: list[list[_Read]] = [[] for _ in range(facts.num_weeks + 1)]  # [0]: unused
    for lift in lifts:
        if 1 <= lift.week <= facts.num_weeks:
            by_week[lift.week].append(lift)
    for week in range(1, facts.num_weeks + 1):
        weights, week_lifts = facts.weights(week), by_week[week]
        _score_lifts(facts, week, week_lifts, score)
        target = facts.target_lifts(week, closed=week in closed)
        score["below_target"] += weights.below_target * max(0, target - len(week_lifts))
        if week > 1:
            earlier = [lift.date.weekday() for lift in by_week[week - 1]]
            now = [lift.date.weekday() for lift in week_lifts]
            moved = sum(1 for a, b in zip(earlier, now, strict=False) if a != b)
            score["habit"] += weights.habit * moved
            starts = week in block_starts
            misses = (facts.phase(week) != facts.phase(week - 1)) + facts.season.season.is_deload(
                week - 1
            )
            score["block_rotation"] += weights.block_rotation * (
                (0 if starts else misses) + (week in facts.race_date_weeks and starts)
            )
    return score


def _score_lifts(facts: _Season, week: int, lifts: list[_Read], score: dict[str, int]) -> None:
    """Add the terms each of ``week``'s lifts scores on its own to ``score``."""
    if not lifts:
        return
    weights, lifting = facts.weights(week), facts.lifting(week)
    wish = dt.timedelta(minutes=round(lifting.gap_hours * 60))
    lift_first = facts.phase(week) is PhaseName.BASE
    shortest, longest = lifting.min_minutes, lifting.max_minutes
    for lift in lifts:
        start, end, date = lift.start, lift.end, lift.date
        if date not in facts.hard_dates:
            score["easy_day_lift"] += weights.easy_day_lift
        before = after = False
        # Every run touching the date counts as the day's: one ending 01:00 today too.
        for run in facts.runs_touching(date):
            if end <= run.start:
                gap, before = run.start - end, True
            elif start >= run.end:
                gap, after = start - run.end, True
            else:
                continue
            short = max(_NO_TIME, wish - gap)
            score["short_gap_minute"] += weights.short_gap_minute * round(
                short.total_seconds() / 60
            )
        if after if lift_first else before:
            score["wrong_order"] += weights.wrong_order
        minutes = round((end - start).total_seconds() / 60)
        # Minutes short of the longest length allowed, or for a light lift beyond the
        # shortest (LIFT_LENGTH_WISH); a lift outside the range is a lift_minutes
        # violation, not a bonus, so it is never below 0. (A LiftKind is its text.)
        if LIFT_LENGTH_WISH[facts.lift_kind(date)] == "shortest":
            short_minutes = max(0, minutes - shortest)
        else:
            short_minutes = max(0, longest - minutes)
        score["short_lift_minute"] += weights.short_lift_minute * short_minutes
