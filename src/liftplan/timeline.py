"""The season laid out on absolute time, before any model is built.

Every instant is an integer number of minutes after the season's epoch (the UTC instant of
the first local midnight), so durations and recovery are elapsed time even across a
daylight-saving change. Local wall-clock time is resolved here and only here (SPEC section 1):
a run at a time that does not exist is placed the way zoneinfo resolves ``fold=0`` (moved on
by the gap) and belongs to the date it then starts on; a window is clipped to the local times
that exist; ambiguous times take their first occurrence.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple
from zoneinfo import ZoneInfo

from liftplan.models.clock import MINUTES_PER_DAY, Window
from liftplan.models.races import RACE_WEEK_LIFTS, RACE_WEEKS, Race, RaceWeek
from liftplan.models.season import (
    LIGHT_PHASES,
    WEEKDAYS,
    Blocks,
    Lifting,
    PerWeek,
    PhaseName,
    Rules,
    RunKind,
    Season,
    Weights,
)

UTC = dt.UTC


class RunEvent(NamedTuple):
    """A run of the running plan, on absolute time: it starts on local ``day`` and ends on
    local ``last_day`` (the day of its last minute; later when it crosses midnight). (A
    NamedTuple, as `Day`: a season makes a hundred.)"""

    day: int
    kind: RunKind
    hard: bool
    start: int
    end: int
    last_day: int

    def touches(self, day: int) -> bool:
        """Whether the run covers any minute of local ``day``."""
        return self.day <= day <= self.last_day

    @property
    def is_race(self) -> bool:
        return self.kind is RunKind.RACE


@dataclass(frozen=True)
class RaceEvent:
    """A race on the timeline: every local day from ``first_day`` to ``last_day`` is race day.

    Days before a race count back from its first day, days after it forward from its last
    (ISSUE 13: a 22:00 race of 3 h covers two dates)."""

    first_day: int
    last_day: int
    race: Race

    @property
    def days(self) -> range:
        return range(self.first_day, self.last_day + 1)

    def days_before(self, day: int) -> int:
        """How many days ``day`` lies before the race (<= 0: on it or after it)."""
        return self.first_day - day

    def days_after(self, day: int) -> int:
        """How many days ``day`` lies after the race (<= 0: on it or before it)."""
        return day - self.last_day


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
    # A race week (models/races.py: RACE_WEEKS) whose minimum the season does not write
    # itself: the races set its dose (race_week_lifting, closed weeks). Its kinds, in
    # RACE_WEEKS' order; none for any other week.
    race_kinds: tuple[RaceWeek, ...] = ()
    # A race week, or a week asking for lifts, whose minimum the season does not write (no
    # phase or week_overrides entry does): when the race rules close every day it can lift
    # on, it plans none (solver/race_weeks.py).
    closable: bool = True
    closed: str | None = None  # why the week plans no lift (solver/race_weeks.py)

    @property
    def light(self) -> bool:
        """Taper, race and recovery weeks lift light: intensity kept, volume cut."""
        return self.phase in LIGHT_PHASES

    @property
    def days(self) -> range:
        return range(self.first_day, self.first_day + self.num_days)

    @property
    def min_lifts(self) -> int:
        """Weekly minimum; a short last week needs only its share of it; a closed race week
        none."""
        if self.closed is not None:
            return 0
        return self.lifting.per_week.min * self.num_days // 7

    @property
    def target_lifts(self) -> int:
        """Lifts wished for; a short last week wishes its share; a closed race week none (a
        coach wants no lift there, so none is missed)."""
        if self.closed is not None:
            return 0
        return self.lifting.per_week.wished * self.num_days // 7

    @property
    def max_lifts(self) -> int:
        return self.lifting.per_week.max


class Day(NamedTuple):
    """A local date of the season. (A NamedTuple: a season makes a hundred, and a frozen
    dataclass costs a setattr call per field, twice the making of a tuple.)"""

    index: int  # type: ignore[assignment]  # hides tuple.index, which no Day is asked
    date: dt.date
    week: int
    midnight: int
    windows: tuple[tuple[int, int], ...]
    runs: tuple[RunEvent, ...]
    hard: bool  # a hard run starts on the day (set with its runs: every model asks it)

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]


@dataclass
class Timeline:
    """Days, windows, runs, races, weeks and phases of one season on absolute minutes.

    ``rules`` are the season's hard rules: the days around each race (by its distance, unless
    a number is written) decide which days lift light (`lift_kind`)."""

    clock: Clock
    days: list[Day]
    weeks: list[Week]
    runs: list[RunEvent] = field(default_factory=list)
    blocks: Blocks = field(default_factory=Blocks)
    races: list[RaceEvent] = field(default_factory=list)
    rules: Rules = field(default_factory=Rules)

    @property
    def zone(self) -> ZoneInfo:
        return self.clock.zone

    def to_local(self, minute: int) -> dt.datetime:
        """The local date and time of an instant, with its UTC offset (aware, in the zone):
        what zoneinfo's conversion gives, read on a steady day as its midnight plus the
        minutes (a 16-week plan asks ~260 of them)."""
        index = bisect.bisect_right(self._midnights, minute) - 1
        if index >= 0:
            local = self._on_steady_day(index, minute)
            if local is not None:
                return local
        return (self.clock.epoch + dt.timedelta(minutes=minute)).astimezone(self.zone)

    def to_local_from(self, day_index: int, minute: int) -> dt.datetime:
        """`to_local` of ``minute``, an instant of day ``day_index`` or later: the day
        known, no search for it when the instant is on it and the day steady."""
        local = self._on_steady_day(day_index, minute)
        return self.to_local(minute) if local is None else local

    def _on_steady_day(self, day_index: int, minute: int) -> dt.datetime | None:
        day = self.days[day_index]
        return self.clock.on_steady_day(day.date, minute - day.midnight)

    @cached_property
    def _midnights(self) -> list[int]:
        return [day.midnight for day in self.days]

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

    def grid_starts(self, day: Day, granularity: int) -> Sequence[int]:
        """Instants of the day's local grid times that exist (first occurrence if twice),
        ascending: a range on a day without a clock change (no list of 288 per day)."""
        next_midnight = (
            self.days[day.index + 1].midnight
            if day.index + 1 < len(self.days)
            else self.clock.clipped(day.date + dt.timedelta(days=1), 0)
        )
        if next_midnight - day.midnight == MINUTES_PER_DAY:  # no clock change today
            return range(day.midnight, day.midnight + MINUTES_PER_DAY, granularity)
        return self.clock.change_day_grid(day.date, day.midnight, next_midnight, granularity)

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

    @cached_property
    def _runs_by_day(self) -> list[list[RunEvent]]:
        by_day: list[list[RunEvent]] = [[] for _ in self.days]
        for run in self.runs:
            for day in range(run.day, min(run.last_day, len(self.days) - 1) + 1):
                by_day[day].append(run)
        return by_day

    def runs_touching(self, day: int) -> list[RunEvent]:
        """The runs covering any minute of local ``day``: its own and those crossing into it
        from the days before (a run may cross midnight, a race last days)."""
        return self._runs_by_day[day] if 0 <= day < len(self.days) else []

    @cached_property
    def race_days(self) -> list[int]:
        """The first day of every race."""
        return sorted({race.first_day for race in self.races})

    @cached_property
    def race_weeks(self) -> set[int]:
        """Weeks holding any day of any race."""
        return {
            self.days[day].week
            for race in self.races
            for day in race.days
            if 0 <= day < len(self.days)
        }

    # --- the days around a race (SPEC section 3; the rules in solver/rules.py) -------------

    def _window(self, rule: str, race: RaceEvent, rules: Rules | None) -> int:
        return (self.rules if rules is None else rules).race_days(rule, race.race)

    def _tabled(self, day: int, rules: Rules | None) -> bool:
        """Whether the answer for ``day`` is in a table of every day (the timeline's rules):
        model build and lift kinds ask the days around races of every day."""
        return (rules is None or rules is self.rules) and 0 <= day < len(self.days)

    def race_closing(self, day: int, rules: Rules | None = None) -> RaceEvent | None:
        """The race ``day`` belongs to, or lies within no_lift_days_before_race days before."""
        if self._tabled(day, rules):
            return self._closing[day]
        days_before = (self.rules if rules is None else rules).no_lift_days_before_race
        return next(
            (
                race
                for race in self.races
                if race.first_day <= day <= race.last_day
                or 0 < race.days_before(day) <= days_before
            ),
            None,
        )

    @cached_property
    def _closing(self) -> list[RaceEvent | None]:
        days_before = max(0, self.rules.no_lift_days_before_race)
        return self._races_by_day(
            lambda race: range(race.first_day - days_before, race.last_day + 1)
        )

    def _race_within(
        self, rule: str, days: Callable[[RaceEvent], int], rules: Rules | None
    ) -> RaceEvent | None:
        """The first race whose ``rule`` window holds a day ``days(race)`` away from it."""
        return next((r for r in self.races if 0 < days(r) <= self._window(rule, r, rules)), None)

    def race_before(self, day: int, rules: Rules | None = None) -> RaceEvent | None:
        """The race ``day`` lies within no_heavy_lift_days_before_race days before."""
        if self._tabled(day, rules):
            return self._light_before[day]
        return self._race_within(
            "no_heavy_lift_days_before_race", lambda race: race.days_before(day), rules
        )

    def race_just_after(self, day: int, rules: Rules | None = None) -> RaceEvent | None:
        """The race ``day`` lies within no_lift_days_after_race days after."""
        if self._tabled(day, rules):
            return self._just_after[day]
        return self._race_within(
            "no_lift_days_after_race", lambda race: race.days_after(day), rules
        )

    @cached_property
    def _light_before(self) -> list[RaceEvent | None]:
        rule = "no_heavy_lift_days_before_race"
        return self._races_by_day(
            lambda race: range(race.first_day - self._window(rule, race, None), race.first_day)
        )

    @cached_property
    def _just_after(self) -> list[RaceEvent | None]:
        return self._races_by_day(self._days_after("no_lift_days_after_race"))

    @cached_property
    def _light_after(self) -> list[RaceEvent | None]:
        return self._races_by_day(self._days_after("light_lift_days_after_race"))

    def _days_after(self, rule: str) -> Callable[[RaceEvent], range]:
        return lambda race: range(
            race.last_day + 1, race.last_day + self._window(rule, race, None) + 1
        )

    def _races_by_day(self, days_of: Callable[[RaceEvent], range]) -> list[RaceEvent | None]:
        """Per day, the first race (in race order) whose ``days_of(race)`` holds the day: a
        race rule's answer for every day, with the timeline's rules (`race_closing`,
        `race_before`, `race_just_after`, `race_after`)."""
        found: list[RaceEvent | None] = [None] * len(self.days)
        for race in self.races:
            for day in days_of(race):
                if 0 <= day < len(found) and found[day] is None:
                    found[day] = race
        return found

    def race_after(self, day: int, rules: Rules | None = None) -> RaceEvent | None:
        """The race ``day`` lies within light_lift_days_after_race days after."""
        if self._tabled(day, rules):
            return self._light_after[day]
        return self._race_within(
            "light_lift_days_after_race", lambda race: race.days_after(day), rules
        )

    @cached_property
    def _lift_kinds(self) -> list[str]:
        kinds = []
        lightened = zip(self.days, self._light_before, self._light_after, strict=True)
        for day, before, after in lightened:
            week = self.weeks[day.week - 1]
            if week.light or before or after:
                kinds.append("light")
            else:
                kinds.append("deload" if week.deload else "heavy")
        return kinds

    def lift_kind(self, day: int) -> str:
        """What a lift on ``day`` is: light in a light phase or in the days around a race
        (the lightening rules), else deload in a deload week, else heavy. Per day, not per
        week: a race week's Monday may lift heavy and its Wednesday light."""
        return self._lift_kinds[day]


class Clock:
    """Turns local dates and wall-clock minutes into absolute minutes after the epoch."""

    def __init__(self, zone: ZoneInfo, epoch: dt.datetime) -> None:
        self.zone = zone
        self.epoch = epoch
        # Per local date: the instant of its midnight when the whole day keeps one UTC
        # offset (every day but the few with a clock change), else None. Such a day's
        # times are its midnight plus the minutes: no zone arithmetic per time asked.
        self._steady: dict[dt.date, int | None] = {}
        # The same days' local midnights (aware, in the zone), for `on_steady_day`.
        self._steady_local: dict[dt.date, dt.datetime | None] = {}
        # The epoch in seconds after 1970 (a zone's offsets are whole seconds): a steady
        # day's midnight is then an integer subtraction from its own (`_steady_midnight`).
        self._epoch_seconds = None if epoch.microsecond else (epoch - _UNIX) // _SECOND

    def minutes(self, instant: dt.datetime) -> int:
        """Minutes after the epoch of an aware date and time."""
        return round((instant - self.epoch).total_seconds()) // 60

    def _steady_midnight(self, day: dt.date) -> int | None:
        if day in self._steady:  # not try/except: the timeline asks each date first (a miss)
            return self._steady[day]
        if self._epoch_seconds is None:  # an epoch with microseconds: none in a season
            utc = _steady_utc_midnight(self.zone, day)
            found = self._steady[day] = None if utc is None else self.minutes(utc)
            return found
        # `minutes` of its UTC midnight: whole seconds both, so round() had nothing to round.
        seconds = _steady_utc_seconds(self.zone, day)
        found = None if seconds is None else (seconds - self._epoch_seconds) // 60
        self._steady[day] = found
        return found

    def on_steady_day(self, day: dt.date, minute_of_day: int) -> dt.datetime | None:
        """The local time ``minute_of_day`` minutes after ``day``'s midnight (aware, fold 0),
        when the day keeps one UTC offset and the time is on it; else None."""
        if not 0 <= minute_of_day < MINUTES_PER_DAY:
            return None
        try:
            midnight = self._steady_local[day]
        except KeyError:
            steady = self._steady_midnight(day) is not None
            midnight = self._steady_local[day] = _local_midnight(self.zone, day) if steady else None
        return None if midnight is None else midnight + _MINUTES[minute_of_day]

    def _naive(self, day: dt.date, minute_of_day: int) -> dt.datetime:
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=minute_of_day)

    def exists(self, day: dt.date, minute_of_day: int) -> bool:
        """Whether a local time happens (not in a clock change's gap)."""
        if 0 <= minute_of_day < MINUTES_PER_DAY and self._steady_midnight(day) is not None:
            return True
        return self._exists(day, minute_of_day)

    def _exists(self, day: dt.date, minute_of_day: int) -> bool:
        naive = self._naive(day, minute_of_day)
        aware = naive.replace(tzinfo=self.zone)
        return aware.astimezone(UTC).astimezone(self.zone).replace(tzinfo=None) == naive

    def fold0(self, day: dt.date, minute_of_day: int) -> int:
        """The instant zoneinfo gives a local time with ``fold=0``."""
        if 0 <= minute_of_day < MINUTES_PER_DAY:
            midnight = self._steady_midnight(day)
            if midnight is not None:
                return midnight + minute_of_day
        return self._fold0(day, minute_of_day)

    def _fold0(self, day: dt.date, minute_of_day: int) -> int:
        naive = self._naive(day, minute_of_day)
        return self.minutes(naive.replace(tzinfo=self.zone, fold=0).astimezone(UTC))

    def change_day_grid(
        self, day: dt.date, first: int, next_first: int, granularity: int
    ) -> list[int]:
        """Instants of ``day``'s local times every ``granularity`` minutes that exist (first
        occurrence if twice), ascending, on a day with a clock change: ``first`` and
        ``next_first`` are the instants the day and the next begin.

        From the steady offsets on either side of the change and its instant, not two zone
        conversions per grid time (`plain_grid`): a time reads with the offset before while
        that lands before the change (a repeated time: its first occurrence), else with the
        offset after while that lands at or after it; neither, it is in the gap.
        """
        before, after = self._offset(first - 1), self._offset(next_first)
        if before is None or after is None or before == after or self.epoch.second:
            return self.plain_grid(day, granularity)  # no single whole-minute change
        low, high = first - 1, next_first  # bisect for the change's first minute
        while high - low > 1:
            middle = (low + high) // 2
            if self._offset(middle) == before:
                low = middle
            else:
                high = middle
        change = high
        if self._offset(change) != after:  # two changes in a day: none known, but exact
            return self.plain_grid(day, granularity)
        # The day's wall-clock midnight read as if UTC: a local time's instant is this plus
        # its minutes less the offset it reads with.
        wall = self.minutes(dt.datetime.combine(day, dt.time(), tzinfo=UTC))
        old_until = min(change - wall + before, MINUTES_PER_DAY)  # first local minute at
        new_from = max(change - wall + after, old_until, 0)  # or after the change, per offset
        new_from = -(-new_from // granularity) * granularity  # the next grid time
        return [
            *range(wall - before, wall - before + old_until, granularity),
            *range(wall - after + new_from, wall - after + MINUTES_PER_DAY, granularity),
        ]

    def plain_grid(self, day: dt.date, granularity: int) -> list[int]:
        """`change_day_grid` the plain way: each grid time asked of zoneinfo."""
        grid = range(0, MINUTES_PER_DAY, granularity)
        return sorted({self.fold0(day, m) for m in grid if self.exists(day, m)})

    def _offset(self, minute: int) -> int | None:
        """The UTC offset at an instant in whole minutes (None for an offset with seconds,
        as some zones' local mean times before 1900 have)."""
        offset = (self.epoch + dt.timedelta(minutes=minute)).astimezone(self.zone).utcoffset()
        assert offset is not None
        minutes, seconds = divmod(offset.total_seconds(), 60)
        return None if seconds else int(minutes)

    def clipped(self, day: dt.date, minute_of_day: int) -> int:
        """The instant of a local time, or of the end of the gap it falls in."""
        if 0 <= minute_of_day < MINUTES_PER_DAY:  # a steady day's time: `fold0`, at once
            midnight = self._steady_midnight(day)
            if midnight is not None:
                return midnight + minute_of_day
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


# Each minute of a day as a timedelta, made once: a plan reads ~260 local times.
_MINUTES = [dt.timedelta(minutes=minute) for minute in range(MINUTES_PER_DAY)]


@functools.lru_cache(maxsize=8192)  # a few zones' decades: a team's seasons share dates
def _local_midnight(zone: ZoneInfo, day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(), tzinfo=zone)


@functools.lru_cache(maxsize=8192)
def _steady_utc_midnight(zone: ZoneInfo, day: dt.date) -> dt.datetime | None:
    """The UTC instant of ``day``'s midnight when the whole day keeps one UTC offset, else
    None (`Clock._steady_midnight`)."""
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    next_midnight = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), tzinfo=zone)
    # fold=0 on both ends: a change inside the day, at its first midnight (a gap or a
    # repeat) or at the end of it as a repeated hour, shows as two offsets; a gap at
    # the next midnight keeps the day itself on one offset, and so is steady.
    if midnight.utcoffset() != next_midnight.utcoffset():
        return None
    utc = midnight.astimezone(UTC)
    exists = utc.astimezone(zone).replace(tzinfo=None) == midnight.replace(tzinfo=None)
    return utc if exists else None


_UNIX = dt.datetime(1970, 1, 1, tzinfo=UTC)
_SECOND = dt.timedelta(seconds=1)


@functools.lru_cache(maxsize=8192)
def _steady_utc_seconds(zone: ZoneInfo, day: dt.date) -> int | None:
    """`_steady_utc_midnight` in seconds after 1970 (a season's dates asked once a worker)."""
    utc = _steady_utc_midnight(zone, day)
    return None if utc is None else (utc - _UNIX) // _SECOND


def build_timeline(season: Season) -> Timeline:
    zone = season.zone
    start = season.season.start
    epoch = dt.datetime.combine(start, dt.time(), tzinfo=zone).astimezone(UTC)
    clock = Clock(zone, epoch)
    hard_kinds = set(season.rules.hard_kinds)

    dates = season.season.dates()
    # Each date's midnight when the whole date keeps one UTC offset (None: a clock change),
    # asked once a date: the runs and windows of such a date need no zone arithmetic.
    steadies = [clock._steady_midnight(date) for date in dates]
    midnights = [
        clock.clipped(date, 0) if steady is None else steady
        for date, steady in zip(dates, steadies, strict=True)
    ]
    # A date whose midnight clips to the next date's never happens on the zone's clock (Samoa
    # skipped 2011-12-30): no run or window of it can be lived, so it gets none.
    after = clock.clipped(dates[-1] + dt.timedelta(days=1), 0)
    lived = [now < then for now, then in zip(midnights, [*midnights[1:], after], strict=True)]

    def last_day(start: int, end: int) -> int:
        return bisect.bisect_right(midnights, max(start, end - 1)) - 1

    def first_day(start: int) -> int:
        """The day a run starts on: its written date, unless its time fell in a gap that
        reaches midnight (Pyongyang went from 23:30 to 00:00 on 2018-05-04): moved on by
        the gap (fold 0), a 23:45 run starts at 00:15 the next day, and is that day's."""
        return bisect.bisect_right(midnights, start) - 1

    runs_on: list[list[RunEvent]] = [[] for _ in dates]
    hard_on = [False] * len(dates)  # whether a hard run starts on the day, noted as placed
    runs_by_date = season.runs.runs_by_date(dates)
    for index, date in enumerate(dates):
        steady = steadies[index]
        for run in runs_by_date[index] if lived[index] else ():
            minute, minutes = run.start or 0, run.minutes or 0
            run_hard = run.kind in hard_kinds if run.hard is None else run.hard
            if steady is not None and 0 <= minute < minute + minutes <= MINUTES_PER_DAY:
                # Inside a day on one offset (the next midnight at least a day later): it
                # starts and ends on its own date, which the bisects below would find.
                run_start = steady + minute
                day = last = index
            else:
                run_start = clock.fold0(date, minute)
                if run_start >= after:  # moved past the season's last date: not in it
                    continue
                day = first_day(run_start)
                last = last_day(run_start, run_start + minutes)
            run_end = run_start + minutes
            runs_on[day].append(RunEvent(day, run.kind, run_hard, run_start, run_end, last))
            hard_on[day] = hard_on[day] or run_hard
    days: list[Day] = []
    runs: list[RunEvent] = []
    windows_by_date = season.availability.windows_by_date(dates)
    for index, date in enumerate(dates):
        day_runs = runs_on[index]
        if len(day_runs) > 1:
            day_runs.sort(key=lambda run: (run.start, run.end))
        runs.extend(day_runs)
        written = windows_by_date[index] if lived[index] else None
        windows = _absolute_windows(clock, date, written, steadies[index]) if written else ()
        week, midnight = index // 7 + 1, midnights[index]
        days.append(Day(index, date, week, midnight, windows, tuple(day_runs), hard_on[index]))
    races = []
    for race in season.races():
        race_start = clock.fold0(race.date, race.start)
        first = first_day(race_start)  # its date, or the next when a gap moved it there
        races.append(RaceEvent(first, last_day(race_start, race_start + race.minutes), race))
    return Timeline(
        clock=clock,
        days=days,
        weeks=_weeks(season, _race_weeks(races, len(days), season.rules)),
        runs=runs,
        blocks=season.blocks,
        races=races,
        rules=season.rules,
    )


def _race_weeks(
    races: list[RaceEvent], num_days: int, rules: Rules
) -> dict[int, tuple[RaceWeek, ...]]:
    """The weeks (1-based) of every kind in `RACE_WEEKS`: those holding a day of an A or B
    race, the week after an A race, and those its days of no lift after or before it reach
    into; each with the kinds it is of, in RACE_WEEKS' order."""
    weeks: dict[int, set[str]] = {}
    for race in races:
        for kind in RACE_WEEKS:
            if race.race.priority in kind.priorities:
                for week in _RACE_WEEK_DAYS[kind.name](race, num_days, rules):
                    weeks.setdefault(week, set()).add(kind.name)
    return {
        week: tuple([kind for kind in RACE_WEEKS if kind.name in names])
        for week, names in weeks.items()
    }


def _weeks_of(days: range, num_days: int) -> set[int]:
    """The season's weeks (1-based) that ``days`` (day indices) fall in."""
    return {day // 7 + 1 for day in days if 0 <= day < num_days}


def _days_of_race(race: RaceEvent, num_days: int, rules: Rules) -> set[int]:
    return _weeks_of(race.days, num_days)


def _week_after_race(race: RaceEvent, num_days: int, rules: Rules) -> set[int]:
    spanned = _days_of_race(race, num_days, rules)
    return {max(spanned) + 1} if spanned else set()


def _recovery_reach(race: RaceEvent, num_days: int, rules: Rules) -> set[int]:
    after = rules.race_days("no_lift_days_after_race", race.race)
    return _weeks_of(range(race.last_day + 1, race.last_day + after + 1), num_days)


def _lead_in_reach(race: RaceEvent, num_days: int, rules: Rules) -> set[int]:
    before = rules.no_lift_days_before_race  # one number for every race
    return _weeks_of(range(race.first_day - before, race.first_day), num_days)


# Each kind of race week (models/races.py: RACE_WEEKS) -> the weeks a race makes of it.
_RACE_WEEK_DAYS: dict[str, Callable[[RaceEvent, int, Rules], set[int]]] = {
    "holds_race": _days_of_race,
    "after_goal_race": _week_after_race,
    "recovery_spills": _recovery_reach,
    "lead_in_spills": _lead_in_reach,
}


def race_week_lifting(lifting: Lifting, caps_wish: bool = True) -> Lifting:
    """A race week's dose: at most `RACE_WEEK_LIFTS` required, and (``caps_wish``) at most
    that wished (models/races.py says why)."""
    per_week = lifting.per_week
    low = min(per_week.min, RACE_WEEK_LIFTS)
    target = min(per_week.wished, RACE_WEEK_LIFTS, per_week.max) if caps_wish else per_week.wished
    capped = PerWeek(min=low, max=per_week.max, target=target)
    return lifting.model_copy(update={"per_week": capped})


def _absolute_windows(
    clock: Clock, date: dt.date, windows: list[Window], midnight: int | None
) -> tuple[tuple[int, int], ...]:
    """``windows`` of ``date`` on absolute minutes; ``midnight``: the date's
    `Clock._steady_midnight`."""
    spans = []
    for window in windows:
        if midnight is not None and window.end < MINUTES_PER_DAY:  # no zone arithmetic
            spans.append((midnight + window.start, midnight + window.end))
            continue
        start = clock.clipped(date, window.start)
        end = (
            clock.clipped(date + dt.timedelta(days=1), 0)
            if window.end == MINUTES_PER_DAY
            else clock.clipped(date, window.end)
        )
        if end > start:  # a window wholly inside a gap disappears
            spans.append((start, end))
    return tuple(spans)


def _caps_wish(kinds: tuple[RaceWeek, ...]) -> bool:
    """Whether a week of these kinds has its wish capped too, not only its minimum."""
    return any(kind.caps_wish for kind in kinds)


def _weeks(season: Season, race_weeks: dict[int, tuple[RaceWeek, ...]]) -> list[Week]:
    """The season's weeks; a race week's minimum (and its wish, where ``race_weeks`` says
    so) capped at one lift unless the season writes the week's minimum itself (a phase or a
    week_overrides entry)."""
    span = season.season
    weeks = []
    for number in range(1, span.num_weeks + 1):
        lifting = season.lifting_for_week(number)
        written = season.explicit_minimum(number)
        capped = number in race_weeks and not written
        weeks.append(
            Week(
                number=number,
                first_day=7 * (number - 1),
                num_days=min(7, span.num_days - 7 * (number - 1)),
                phase=season.phase_of_week(number),
                lifting=race_week_lifting(lifting, _caps_wish(race_weeks[number]))
                if capped
                else lifting,
                weights=season.weights_for_week(number),
                deload=span.is_deload(number),
                race_kinds=race_weeks[number] if capped else (),
                closable=not written and (number in race_weeks or lifting.per_week.min > 0),
            )
        )
    return weeks
