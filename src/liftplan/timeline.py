"""The season laid out on absolute time, before any model is built.

Every instant is an integer number of minutes after the season's epoch (the UTC instant of
the first local midnight), so durations and recovery are elapsed time even across a
daylight-saving change. Local wall-clock time is resolved here and only here (SPEC section 1):
a run at a time that does not exist is placed the way zoneinfo resolves ``fold=0``; a window
is clipped to the local times that exist; ambiguous times take their first occurrence.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from zoneinfo import ZoneInfo

from liftplan.models.clock import MINUTES_PER_DAY, Window
from liftplan.models.season import (
    LIGHT_PHASES,
    WEEKDAYS,
    Blocks,
    Lifting,
    PhaseName,
    RunKind,
    Season,
    Weights,
)

UTC = dt.UTC


@dataclass(frozen=True)
class RunEvent:
    """A run of the running plan, on absolute time."""

    day: int
    kind: RunKind
    hard: bool
    start: int
    end: int

    @property
    def is_race(self) -> bool:
        return self.kind is RunKind.RACE


@dataclass(frozen=True)
class Week:
    """Week ``number`` (1-based) with the rules of its phase resolved."""

    number: int
    first_day: int
    num_days: int
    phase: PhaseName | None
    lifting: Lifting
    weights: Weights
    deload: bool = False

    @property
    def light(self) -> bool:
        """Taper, race and recovery weeks lift light: intensity kept, volume cut."""
        return self.phase in LIGHT_PHASES

    @property
    def lift_kind(self) -> str:
        """heavy, or light in a light phase, or deload in a deload week."""
        if self.light:
            return "light"
        return "deload" if self.deload else "heavy"

    @property
    def days(self) -> range:
        return range(self.first_day, self.first_day + self.num_days)

    @property
    def min_lifts(self) -> int:
        """Weekly minimum; a short last week needs only its share of it."""
        return self.lifting.per_week.min * self.num_days // 7

    @property
    def target_lifts(self) -> int:
        return self.lifting.per_week.wished * self.num_days // 7

    @property
    def max_lifts(self) -> int:
        return self.lifting.per_week.max


@dataclass(frozen=True)
class Day:
    index: int
    date: dt.date
    week: int
    midnight: int
    windows: tuple[tuple[int, int], ...]
    runs: tuple[RunEvent, ...]

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]

    @cached_property
    def hard(self) -> bool:
        return any(run.hard for run in self.runs)

    @cached_property
    def race(self) -> bool:
        return any(run.is_race for run in self.runs)


@dataclass
class Timeline:
    """Days, windows, runs, weeks and phases of one season on absolute minutes."""

    clock: Clock
    days: list[Day]
    weeks: list[Week]
    runs: list[RunEvent] = field(default_factory=list)
    blocks: Blocks = field(default_factory=Blocks)

    @property
    def zone(self) -> ZoneInfo:
        return self.clock.zone

    def to_local(self, minute: int) -> dt.datetime:
        """The local date and time of an instant, with its UTC offset."""
        return (self.clock.epoch + dt.timedelta(minutes=minute)).astimezone(self.zone)

    def instant(self, moment: dt.datetime) -> int:
        """Minutes after the epoch of an aware date and time, whatever its UTC offset."""
        return self.clock.minutes(moment)

    def day_index(self, date: dt.date) -> int:
        """Days from the season's first local date to ``date`` (out of range outside it)."""
        return (date - self.days[0].date).days

    def day_of(self, minute: int) -> int:
        """The index of the local date an instant falls on."""
        return self.day_index(self.to_local(minute).date())

    def start_of(self, date: dt.date) -> int:
        """The instant a local date begins (its first local time that exists)."""
        index = self.day_index(date)
        if 0 <= index < len(self.days):
            return self.days[index].midnight
        return self.clock.clipped(date, 0)

    def minute_of_day(self, minute: int) -> int:
        """What the wall clock shows at an instant, in minutes after local midnight.

        Not ``minute - midnight``: on a clock-change day the two differ by the change."""
        local = self.to_local(minute)
        return local.hour * 60 + local.minute

    def grid_starts(self, day: Day, granularity: int) -> list[int]:
        """Instants of the day's local grid times that exist (first occurrence if twice)."""
        next_midnight = (
            self.days[day.index + 1].midnight
            if day.index + 1 < len(self.days)
            else self.clock.clipped(day.date + dt.timedelta(days=1), 0)
        )
        grid = range(0, MINUTES_PER_DAY, granularity)
        if next_midnight - day.midnight == MINUTES_PER_DAY:  # no clock change today
            return [day.midnight + minute for minute in grid]
        return sorted(
            {self.clock.fold0(day.date, m) for m in grid if self.clock.exists(day.date, m)}
        )

    def week_of(self, day: int) -> Week:
        return self.weeks[self.days[day].week - 1]

    @cached_property
    def hard_runs(self) -> list[RunEvent]:
        return sorted((run for run in self.runs if run.hard), key=lambda run: run.start)

    @cached_property
    def _hard_starts(self) -> list[int]:
        return [run.start for run in self.hard_runs]

    def next_hard_run(self, at: int) -> RunEvent | None:
        """The first hard run that starts at or after ``at``."""
        index = bisect.bisect_left(self._hard_starts, at)
        return self.hard_runs[index] if index < len(self.hard_runs) else None

    def runs_near(self, day: int) -> list[RunEvent]:
        """The runs of ``day`` and of the days either side (a run may cross midnight)."""
        return [
            run
            for other in (day - 1, day, day + 1)
            if 0 <= other < len(self.days)
            for run in self.days[other].runs
        ]

    @cached_property
    def race_days(self) -> list[int]:
        return sorted({run.day for run in self.runs if run.is_race})

    @cached_property
    def race_weeks(self) -> set[int]:
        return {self.days[day].week for day in self.race_days}


class Clock:
    """Turns local dates and wall-clock minutes into absolute minutes after the epoch."""

    def __init__(self, zone: ZoneInfo, epoch: dt.datetime) -> None:
        self.zone = zone
        self.epoch = epoch

    def minutes(self, instant: dt.datetime) -> int:
        """Minutes after the epoch of an aware date and time."""
        return round((instant - self.epoch).total_seconds()) // 60

    def _naive(self, day: dt.date, minute_of_day: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute_of_day)

    def exists(self, day: dt.date, minute_of_day: int) -> bool:
        naive = self._naive(day, minute_of_day)
        aware = naive.replace(tzinfo=self.zone)
        return aware.astimezone(UTC).astimezone(self.zone).replace(tzinfo=None) == naive

    def fold0(self, day: dt.date, minute_of_day: int) -> int:
        """The instant zoneinfo gives a local time with ``fold=0``."""
        naive = self._naive(day, minute_of_day)
        return self.minutes(naive.replace(tzinfo=self.zone, fold=0).astimezone(UTC))

    def clipped(self, day: dt.date, minute_of_day: int) -> int:
        """The instant of a local time, or of the end of the gap it falls in."""
        if self.exists(day, minute_of_day):
            return self.fold0(day, minute_of_day)
        naive = self._naive(day, minute_of_day)
        # Inside a gap, fold=1 lands before the transition and fold=0 after it: bisect.
        low = self.minutes(naive.replace(tzinfo=self.zone, fold=1).astimezone(UTC))
        high = self.fold0(day, minute_of_day)
        before = self.epoch + dt.timedelta(minutes=low)
        offset_before = before.astimezone(self.zone).utcoffset()
        while high - low > 1:
            middle = (low + high) // 2
            instant = self.epoch + dt.timedelta(minutes=middle)
            if instant.astimezone(self.zone).utcoffset() == offset_before:
                low = middle
            else:
                high = middle
        return high


def build_timeline(season: Season) -> Timeline:
    zone = season.zone
    start = season.season.start
    epoch = dt.datetime.combine(start, dt.time(), tzinfo=zone).astimezone(UTC)
    clock = Clock(zone, epoch)
    hard_kinds = set(season.rules.hard_kinds)

    weeks = _weeks(season)
    days: list[Day] = []
    runs: list[RunEvent] = []
    for index in range(season.season.num_days):
        date = start + dt.timedelta(days=index)
        day_runs = tuple(
            sorted(
                (
                    RunEvent(
                        day=index,
                        kind=run.kind,
                        hard=run.kind in hard_kinds if run.hard is None else run.hard,
                        start=(run_start := clock.fold0(date, run.start or 0)),
                        end=run_start + (run.minutes or 0),
                    )
                    for run in season.runs.runs_on(date)
                ),
                key=lambda run: (run.start, run.end),
            )
        )
        runs.extend(day_runs)
        days.append(
            Day(
                index=index,
                date=date,
                week=index // 7 + 1,
                midnight=clock.clipped(date, 0),
                windows=_absolute_windows(clock, date, season.availability.windows_on(date)),
                runs=day_runs,
            )
        )
    return Timeline(clock=clock, days=days, weeks=weeks, runs=runs, blocks=season.blocks)


def _absolute_windows(
    clock: Clock, date: dt.date, windows: list[Window]
) -> tuple[tuple[int, int], ...]:
    spans = []
    for window in windows:
        start = clock.clipped(date, window.start)
        end = (
            clock.clipped(date + dt.timedelta(days=1), 0)
            if window.end == MINUTES_PER_DAY
            else clock.clipped(date, window.end)
        )
        if end > start:  # a window wholly inside a gap disappears
            spans.append((start, end))
    return tuple(spans)


def _weeks(season: Season) -> list[Week]:
    span = season.season
    return [
        Week(
            number=number,
            first_day=7 * (number - 1),
            num_days=min(7, span.num_days - 7 * (number - 1)),
            phase=season.phase_of_week(number),
            lifting=season.lifting_for_week(number),
            weights=season.weights_for_week(number),
            deload=span.is_deload(number),
        )
        for number in range(1, span.num_weeks + 1)
    ]
