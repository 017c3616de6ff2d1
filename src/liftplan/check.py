"""The independent checker: re-verify every hard rule of a plan and recompute its score.

This is the second opinion that catches the solver's mistakes, so it shares nothing with
the solver or the timeline: it reads the season through the models only and works on
aware datetimes with zoneinfo, a different road to the same instants.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from liftplan.models.plan import LiftKind, Plan, Session
from liftplan.models.races import Race
from liftplan.models.routines import Pattern
from liftplan.models.season import (
    LIGHT_PHASES,
    WEEKDAYS,
    Lifting,
    PhaseName,
    RunKind,
    Season,
    Weights,
)
from liftplan.models.wording import padded_duration_text

UTC = dt.UTC


@dataclass(frozen=True)
class Violation:
    rule: str
    date: dt.date | None
    message: str

    def __str__(self) -> str:
        where = f"{self.date} " if self.date else ""
        return f"{where}{self.rule}: {self.message}"


@dataclass
class CheckReport:
    violations: list[Violation] = field(default_factory=list)
    score: dict[str, int] = field(default_factory=dict)

    @property
    def objective(self) -> int:
        return sum(self.score.values())

    @property
    def ok(self) -> bool:
        return not self.violations


@dataclass(frozen=True)
class _Run:
    date: dt.date
    kind: RunKind
    hard: bool
    start: dt.datetime
    end: dt.datetime
    last_date: dt.date  # local date of its last minute (later when it crosses midnight)

    def touches(self, date: dt.date) -> bool:
        return self.date <= date <= self.last_date


# --- issue 13 compatibility (i13-core; replaced by the i13-check verification at merge) ---


@dataclass(frozen=True)
class _RaceSpan:
    first: dt.date
    last: dt.date
    race: Race


def _minutes(delta: dt.timedelta) -> int:
    return round(delta.total_seconds() / 60)


class _Season:
    """The season's facts on aware datetimes, computed independently of the solver."""

    def __init__(self, season: Season) -> None:
        self.season = season
        self.zone = ZoneInfo(season.timezone)
        span = season.season
        self.dates = [span.start + dt.timedelta(days=i) for i in range(span.num_days)]
        self.num_weeks = span.num_weeks
        weeks = range(1, span.num_weeks + 1)
        self._lifting = [season.lifting_for_week(week) for week in weeks]
        self._weights = [season.weights_for_week(week) for week in weeks]
        self._phases = [season.phase_of_week(week) for week in weeks]
        hard_kinds = set(season.rules.hard_kinds)
        self.runs: list[_Run] = []
        self.races: list[_RaceSpan] = []
        for date in self.dates:
            for run in season.runs.runs_on(date):
                assert run.start is not None and run.minutes is not None
                start = self.local(date, run.start)
                end = start + dt.timedelta(minutes=run.minutes)
                self.runs.append(
                    _Run(
                        date=date,
                        kind=run.kind,
                        hard=run.kind in hard_kinds if run.hard is None else run.hard,
                        start=start,
                        end=end,
                        last_date=self.last_date(start, end),
                    )
                )
        self.runs.sort(key=lambda run: run.start)
        self.hard_dates = {run.date for run in self.runs if run.hard}
        for info in season.races():
            start = self.local(info.date, info.start)
            end = start + dt.timedelta(minutes=info.minutes)
            self.races.append(_RaceSpan(info.date, self.last_date(start, end), info))
        self.race_weeks = {
            self.week(entry.first + dt.timedelta(days=i))
            for entry in self.races
            for i in range((entry.last - entry.first).days + 1)
        }
        self.capped_weeks: set[int] = set()
        for entry in self.races:
            if entry.race.priority == "C":
                continue
            spanned = {
                self.week(entry.first + dt.timedelta(days=i))
                for i in range((entry.last - entry.first).days + 1)
            }
            self.capped_weeks |= spanned
            if entry.race.priority == "A":
                self.capped_weeks.add(max(spanned) + 1)

    def last_date(self, start: dt.datetime, end: dt.datetime) -> dt.date:
        last = max(start, end - dt.timedelta(minutes=1))
        return last.astimezone(self.zone).date()

    def local(self, date: dt.date, minute: int) -> dt.datetime:
        """The UTC instant of a local wall-clock time, zoneinfo's fold=0 reading."""
        naive = dt.datetime.combine(date, dt.time()) + dt.timedelta(minutes=minute)
        return naive.replace(tzinfo=self.zone).astimezone(UTC)

    def exists(self, date: dt.date, minute: int) -> bool:
        naive = dt.datetime.combine(date, dt.time()) + dt.timedelta(minutes=minute)
        return self.local(date, minute).astimezone(self.zone).replace(tzinfo=None) == naive

    def clipped(self, date: dt.date, minute: int) -> dt.datetime:
        """A window edge: its instant, or the first existing local time after a gap."""
        while not self.exists(date, minute):
            minute += 1
        return self.local(date, minute)

    def windows(self, date: dt.date) -> list[tuple[dt.datetime, dt.datetime]]:
        return [
            (self.clipped(date, w.start), self.clipped(date, w.end))
            for w in self.season.availability.windows_on(date)
        ]

    def week(self, date: dt.date) -> int:
        return (date - self.season.season.start).days // 7 + 1

    def week_days(self, week: int) -> int:
        return min(7, len(self.dates) - 7 * (week - 1))

    def lift_kind(self, date: dt.date) -> LiftKind:
        """light in taper, race and recovery phases and in the days around a race; deload in
        deload weeks; else heavy."""
        week, rules = self.week(date), self.season.rules
        around = any(
            0
            < (race.first - date).days
            <= rules.race_days("no_heavy_lift_days_before_race", race.race)
            or 0
            < (date - race.last).days
            <= rules.race_days("light_lift_days_after_race", race.race)
            for race in self.races
        )
        if self.phase(week) in LIGHT_PHASES or around:
            return LiftKind.LIGHT
        return LiftKind.DELOAD if self.season.season.is_deload(week) else LiftKind.HEAVY

    def per_week(self, week: int) -> tuple[int, int]:
        """A week's (min, wished) lifts: a race week's capped at one unless written."""
        per_week = self.lifting(week).per_week
        low, wished = per_week.min, per_week.wished
        if week in self.capped_weeks and not self.season.explicit_minimum(week):
            low = min(low, 1)
            wished = min(wished, max(low, 1), per_week.max)
        return low, wished

    def phase(self, week: int) -> PhaseName | None:
        return self._phases[week - 1]

    def lifting(self, week: int) -> Lifting:
        return self._lifting[week - 1]

    def weights(self, week: int) -> Weights:
        return self._weights[week - 1]


def check_plan(season: Season, plan: Plan) -> CheckReport:
    """Every hard-rule violation in ``plan``, and its score recomputed from scratch."""
    checker = _Checker(_Season(season))
    lifts = sorted(plan.lifts, key=lambda s: s.start)
    checker.runs_match(plan)
    for lift in lifts:
        checker.lift_alone(lift)
    checker.spacing(lifts)
    checker.weekly_counts(lifts, {closed.week for closed in plan.closed_weeks})
    checker.core_sessions(plan.core_sessions, lifts)
    block_starts = checker.blocks(plan)
    checker.workouts(lifts)
    report = checker.report
    report.score = recompute_score(checker.facts, lifts, block_starts)
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


class _Checker:
    def __init__(self, facts: _Season) -> None:
        self.facts = facts
        self.rules = facts.season.rules
        self.report = CheckReport()

    def fail(self, rule: str, date: dt.date | None, message: str) -> None:
        self.report.violations.append(Violation(rule, date, message))

    def runs_match(self, plan: Plan) -> None:
        """The plan's runs are exactly the season's running plan."""
        zone = self.facts.zone
        expected = {(run.start, run.end, str(run.kind)) for run in self.facts.runs}
        planned = {
            (s.start.astimezone(UTC), s.end.astimezone(UTC), s.kind)
            for s in plan.sessions
            if s.activity == "run"
        }
        for start, _end, kind in sorted(expected - planned):
            self.fail("runs", start.astimezone(zone).date(), f"the {kind} run is missing")
        for start, _end, kind in sorted(planned - expected):
            self.fail("runs", start.astimezone(zone).date(), f"{kind} run is not in the season")

    def lift_alone(self, lift: Session) -> None:
        """The rules one lift must meet on its own."""
        facts, rules = self.facts, self.rules
        start, end = lift.start.astimezone(UTC), lift.end.astimezone(UTC)
        local = start.astimezone(facts.zone)
        date = local.date()
        if not facts.dates[0] <= date <= facts.dates[-1]:
            self.fail("season", date, "lift is outside the season")
            return
        if lift.date != date or lift.weekday != WEEKDAYS[date.weekday()]:
            self.fail("dates", date, f"session says {lift.date} {lift.weekday}")
        week = facts.week(date)
        if lift.week != week:
            self.fail("dates", date, f"session says week {lift.week}, the date is in week {week}")
        expected_kind = facts.lift_kind(date)
        if lift.kind != expected_kind:
            self.fail("lift_kind", date, f"a {lift.kind} lift on a day of {expected_kind} lifts")
        lifting = facts.lifting(week)
        minute = local.hour * 60 + local.minute
        grid = lifting.granularity_minutes
        if local.second or minute % grid or facts.local(date, minute) != start:
            self.fail("granularity", date, f"start {local:%H:%M} is not on the {grid}-minute grid")
        minutes = round((end - start).total_seconds() / 60)
        low, high = lifting.min_minutes, lifting.max_minutes
        if minutes != lift.minutes or not low <= minutes <= high:
            self.fail("lift_minutes", date, f"lift lasts {minutes} min; allowed {low}-{high}")
        if not any(w_start <= start and end <= w_end for w_start, w_end in facts.windows(date)):
            self.fail("availability", date, f"lift at {local:%H:%M} is not inside one window")
        for run in facts.runs:
            if start < run.end and run.start < end:
                self.fail("no_overlap_with_runs", date, f"lift overlaps the {run.kind} run")
        tomorrow = date + dt.timedelta(days=1)
        if rules.no_lift_day_before_hard and tomorrow in facts.hard_dates:
            self.fail("no_lift_day_before_hard", date, f"{tomorrow} has a hard run")
        next_hard = next((r for r in facts.runs if r.hard and r.start >= start), None)
        if next_hard and next_hard.start - end < dt.timedelta(hours=rules.recovery_hours):
            gap = padded_duration_text(_minutes(next_hard.start - end))
            self.fail(
                "recovery_hours",
                date,
                f"only {gap} before the {next_hard.kind} on "
                f"{next_hard.date} (needs {rules.recovery_hours:g} h)",
            )
        for span in facts.races:
            days_before = (span.first - date).days
            if span.first <= date <= span.last or 0 < days_before <= rules.no_lift_days_before_race:
                self.fail(
                    "no_lift_days_before_race",
                    date,
                    f"{max(days_before, 0)} day(s) before the {span.race.label}",
                )
            days_after = (date - span.last).days
            if 0 < days_after <= rules.race_days("no_lift_days_after_race", span.race):
                after = f"{days_after} day(s) after the {span.race.label}"
                self.fail("no_lift_days_after_race", date, after)

    def spacing(self, lifts: list[Session]) -> None:
        """Lifts per day, lifts that overlap each other, and rest days between lift days."""
        by_date: dict[dt.date, list[Session]] = defaultdict(list)
        for lift in lifts:
            by_date[lift.start.astimezone(self.facts.zone).date()].append(lift)
        for date, todays in by_date.items():
            if len(todays) > self.rules.max_lifts_per_day:
                self.fail("max_lifts_per_day", date, f"{len(todays)} lifts on one day")
            for first, second in itertools.pairwise(todays):
                if second.start < first.end:
                    self.fail("max_lifts_per_day", date, "two lifts overlap")
        dates = sorted(by_date)
        rest = self.rules.rest_days_between_lifts
        for before, after in itertools.pairwise(dates):
            free_days = (after - before).days - 1
            if free_days < rest:
                self.fail(
                    "rest_days_between_lifts",
                    after,
                    f"{free_days} lift-free day(s) since {before} (needs {rest})",
                )

    def weekly_counts(self, lifts: list[Session], closed: set[int]) -> None:
        counts = _lifts_per_week(self.facts, lifts)
        for week, count in enumerate(counts, 1):
            per_week = self.facts.lifting(week).per_week
            low = self.facts.per_week(week)[0] * self.facts.week_days(week) // 7
            if week in closed:
                low = 0  # i13-core compat: the plan's claim, proven by the i13-check helper
            first_day = self.facts.dates[7 * (week - 1)]
            if count < low:
                self.fail("lifts_per_week", first_day, f"week {week} has {count} lifts, min {low}")
            if count > per_week.max:
                self.fail(
                    "lifts_per_week",
                    first_day,
                    f"week {week} has {count} lifts, max {per_week.max}",
                )

    def core_sessions(self, cores: list[Session], lifts: list[Session]) -> None:
        """Core-only sessions: inside a window, clear of runs, on an easy day without a lift."""
        facts = self.facts
        lift_dates = {lift.start.astimezone(facts.zone).date() for lift in lifts}
        per_week: dict[int, int] = defaultdict(int)
        for core in cores:
            start, end = core.start.astimezone(UTC), core.end.astimezone(UTC)
            date = start.astimezone(facts.zone).date()
            if not facts.dates[0] <= date <= facts.dates[-1]:
                self.fail("core_sessions", date, "core session is outside the season")
                continue
            per_week[facts.week(date)] += 1
            if not any(low <= start and end <= high for low, high in facts.windows(date)):
                self.fail("core_sessions", date, "core session is not inside one window")
            if any(start < run.end and run.start < end for run in facts.runs):
                self.fail("core_sessions", date, "core session overlaps a run")
            if date in facts.hard_dates or date in lift_dates:
                self.fail("core_sessions", date, "core session on a hard day or a lift day")
        for week, count in per_week.items():
            allowed = facts.lifting(week).core_sessions
            if count > allowed:
                self.fail(
                    "core_sessions", None, f"week {week} has {count} core sessions, {allowed} asked"
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
                self.fail("block_lengths", None, f"block {block.number} lasts {length} weeks")
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
        """If the plan carries workouts: every lift has one; each week covers every pattern."""
        if not any(lift.workout for lift in lifts):
            return
        patterns: dict[int, set[str]] = defaultdict(set)
        for lift in lifts:
            if lift.workout is None:
                self.fail("workouts", lift.date, "lift has no workout")
                continue
            patterns[lift.week] |= {str(exercise.pattern) for exercise in lift.workout.exercises}
        for week, seen in sorted(patterns.items()):
            missing = sorted(ALL_PATTERNS - seen)
            if missing:
                self.fail("workouts", None, f"week {week} misses {', '.join(missing)}")


ALL_PATTERNS = frozenset(str(pattern) for pattern in Pattern)


def _splits(weeks: int, low: int, high: int) -> bool:
    """Whether ``weeks`` can be cut into blocks of ``low``..``high`` weeks exactly."""
    reachable = {0}
    for end in range(1, weeks + 1):
        if any(end - size in reachable for size in range(low, high + 1)):
            reachable.add(end)
    return weeks in reachable


def _lifts_per_week(facts: _Season, lifts: list[Session]) -> list[int]:
    counts = [0] * facts.num_weeks
    for lift in lifts:
        week = facts.week(lift.start.astimezone(facts.zone).date())
        if 1 <= week <= len(counts):
            counts[week - 1] += 1
    return counts


def recompute_score(facts: _Season, lifts: list[Session], block_starts: set[int]) -> dict[str, int]:
    """Each soft term's weighted total, straight from the definitions of SPEC section 4."""
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
    weekdays_by_week: dict[int, list[int]] = defaultdict(list)
    for lift in lifts:
        start, end = lift.start.astimezone(UTC), lift.end.astimezone(UTC)
        date = start.astimezone(facts.zone).date()
        week = facts.week(date)
        if not 1 <= week <= facts.num_weeks:
            continue
        weights, lifting = facts.weights(week), facts.lifting(week)
        weekdays_by_week[week].append(date.weekday())
        if date not in facts.hard_dates:
            score["easy_day_lift"] += weights.easy_day_lift
        wish = dt.timedelta(minutes=round(lifting.gap_hours * 60))
        before = after = False
        for run in (r for r in facts.runs if r.touches(date)):
            if end <= run.start:
                gap, before = run.start - end, True
            elif start >= run.end:
                gap, after = start - run.end, True
            else:
                continue
            short = max(dt.timedelta(0), wish - gap)
            score["short_gap_minute"] += weights.short_gap_minute * round(
                short.total_seconds() / 60
            )
        lift_first = facts.phase(week) is PhaseName.BASE
        if after if lift_first else before:
            score["wrong_order"] += weights.wrong_order
        minutes = round((end - start).total_seconds() / 60)
        score["short_lift_minute"] += weights.short_lift_minute * (lifting.max_minutes - minutes)
    for week, count in enumerate(_lifts_per_week(facts, lifts), 1):
        target = facts.per_week(week)[1] * facts.week_days(week) // 7
        score["below_target"] += facts.weights(week).below_target * max(0, target - count)
        if week > 1:
            earlier, now = weekdays_by_week[week - 1], weekdays_by_week[week]
            moved = sum(1 for a, b in zip(earlier, now, strict=False) if a != b)
            score["habit"] += facts.weights(week).habit * moved
    race_weeks = facts.race_weeks
    for week in range(2, facts.num_weeks + 1):
        weight = facts.weights(week).block_rotation
        starts = week in block_starts
        misses = (facts.phase(week) != facts.phase(week - 1)) + facts.season.season.is_deload(
            week - 1
        )
        score["block_rotation"] += weight * (
            (0 if starts else misses) + (week in race_weeks and starts)
        )
    return score
