"""The season file (SPEC section 2): who the runner is, when they are free and when they run.

Field names are part of the public contract. Every model forbids unknown fields, so a typo
is an error naming its path instead of a silently ignored wish.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Literal, TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from liftplan.models.clock import ClockTime, TimeWindow, Window, merge_windows
from liftplan.models.phases import derive_phases
from liftplan.models.races import (
    DISTANCE_KM,
    MAX_RACE_KM,
    MAX_RACE_MINUTES,
    MAX_RUN_MINUTES,
    WINDOW_RULES,
    Race,
    RaceDistance,
    RacePriority,
    distance_class,
    distance_from_minutes,
)
from liftplan.models.text import text_problem

# Limits of a season file (README, "Limits of a season file"): what one solve can take within
# seconds and well under a gigabyte; past them a file is refused up front, naming the field.
MAX_SEASON_WEEKS = 260
FIRST_SEASON_DAY = dt.date(1990, 1, 1)  # a lift watch's FIT clock starts 1989-12-31
LAST_SEASON_DAY = dt.date(2099, 12, 31)
MAX_WINDOWS_A_DAY = 24
MAX_RUNS_A_DAY = 10
# Every weight at its maximum keeps the objective (weights x minutes x lifts, times the
# tie-break's scale) far inside CP-SAT's 64-bit integers; a coach's weights are 0-1000.
MAX_WEIGHT = 10_000
# Each (start, length) a lift could take is one candidate the solver weighs by arithmetic
# (solver/legal.py keeps only each day's best, never all of them): about 0.3 microseconds
# each. Measured on 2 busy cores (load 5), `/usr/bin/time -v liftplan solve --time-limit 5`:
# 1.7 million (1 week, 1-minute grid, all-day windows, lifts of 5-240 minutes) 3.5 s, 22
# million (13 such weeks) 13 s, 88 million (52 weeks) 31 s; under 130 MB each. Building is
# charged to --time-limit (WEIGH_SECONDS_* below); 8 million stays well inside the default.
MAX_LIFT_SLOTS = 8_000_000
# With several lifts a day the solver keeps, per day, the best sets of non-overlapping lift
# times (a dynamic programme over the day's candidates, held in memory): about 6 microseconds
# each. Measured as above with `rules.max_lifts_per_day: 3`: 1.7 million 17 s, 6.8 million
# 39 s, about 200 MB. 1.2 million keeps it near 13 s.
MAX_LIFT_SLOTS_SEVERAL_A_DAY = 1_200_000
# What weighing them costs, charged to --time-limit before the model is built
# (solver/budget.py), as wall seconds on 2 busy cores (load 5-8): a grid start a day costs
# its list and rule checks whatever the lengths, each lift time its arithmetic. Fitted to
# build_model on the benchmarks/limit_shapes seasons (2026-12-01, load 5; CPU time about a
# third of the wall time), then rounded up: 52 weeks all-day 1-minute 5-19 min measured
# 6.8 s, estimated 7.0 s; 208 weeks 5-7 min 11.3 s, estimated 19 s; several a day 3.3-7.2 s,
# estimated 4.4-9.0 s.
WEIGH_SECONDS_A_START = 8e-6
WEIGH_SECONDS_A_LIFT_TIME = 0.35e-6
WEIGH_SECONDS_A_START_SEVERAL_A_DAY = 5e-6
WEIGH_SECONDS_A_LIFT_TIME_SEVERAL_A_DAY = 3.6e-6
Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

# Tags of the "one value or a list" unions below; error paths leave them out.
_T = TypeVar("_T")

UNION_TAGS = frozenset(
    {"one-run", "run-list", "fixed-minutes", "minutes-range"}
    | {"plain-override", "dated-override"}  # a plan's overrides (models/plan.py)
)


def _not_a_yes_or_no(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError(f"expected a number, got {str(value).lower()}")
    return value


# YAML reads `true` as a boolean, which pydantic would take as the number 1 (`weeks: true`
# made a one-week season): a count or an amount is a number, never a yes or a no.
Whole = Annotated[int, BeforeValidator(_not_a_yes_or_no)]
Real = Annotated[float, BeforeValidator(_not_a_yes_or_no)]


class StrictModel(BaseModel):
    # NaN and infinity are no number of hours or kilos: refused where they are written.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)


class RunKind(StrEnum):
    EASY = "easy"
    RECOVERY = "recovery"
    LONG = "long"
    TEMPO = "tempo"
    THRESHOLD = "threshold"
    INTERVALS = "intervals"
    TRACK = "track"
    HILLS = "hills"
    RACE = "race"
    REST = "rest"


class PhaseName(StrEnum):
    BASE = "base"
    BUILD = "build"
    PEAK = "peak"
    TAPER = "taper"
    RACE = "race"
    RECOVERY = "recovery"


# --- lifting --------------------------------------------------------------------------------


class PerWeek(StrictModel):
    min: Whole = Field(2, ge=0, le=21, description="Fewest lifts allowed in a week (hard rule).")
    max: Whole = Field(3, ge=0, le=21, description="Most lifts allowed in a week (hard rule).")
    target: Whole | None = Field(
        None,
        ge=0,
        le=21,
        description="Lifts wished for each week; each one short costs `weights.below_target`. "
        "Defaults to `max`.",
    )

    @model_validator(mode="after")
    def _ordered(self) -> PerWeek:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        if self.target is not None and not self.min <= self.target <= self.max:
            raise ValueError(f"target {self.target} is outside min..max ({self.min}..{self.max})")
        return self

    @property
    def wished(self) -> int:
        return self.max if self.target is None else self.target


class MinutesRange(StrictModel):
    min: Whole = Field(ge=5, le=240, description="Shortest acceptable lift, minutes.")
    max: Whole = Field(ge=5, le=240, description="Longest (and preferred) lift, minutes.")

    @model_validator(mode="after")
    def _ordered(self) -> MinutesRange:
        if self.min > self.max:
            raise ValueError(f"min {self.min} is above max {self.max}")
        return self


def _minutes_tag(value: Any) -> str:
    return "minutes-range" if isinstance(value, dict | MinutesRange) else "fixed-minutes"


LiftMinutes = Annotated[
    Annotated[Whole, Field(ge=5, le=240), Tag("fixed-minutes")]  # the tag last: outermost
    | Annotated[MinutesRange, Tag("minutes-range")],
    Discriminator(_minutes_tag),
]


def _granularity_divides_day(value: int) -> int:
    if (24 * 60) % value:
        raise ValueError(f"{value} does not divide a day into whole steps (try 5, 10, 15, 30)")
    return value


class Lifting(StrictModel):
    per_week: PerWeek = Field(
        default_factory=PerWeek, description="How many lifts a week: min, max, target."
    )
    minutes: LiftMinutes = Field(
        45, description="Length of one lift: a number of minutes, or {min, max} to let it vary."
    )
    gap_hours: Real = Field(
        3,
        ge=0,
        le=24,
        description="Wished-for hours between a run and a lift on the same day.",
    )
    granularity_minutes: Whole = Field(
        15, ge=1, le=240, description="Lift start times lie on this grid from local midnight."
    )

    core_sessions: Whole = Field(
        0,
        ge=0,
        le=3,
        description="Short core-only sessions a week on easy days, as in the guide's Wednesday.",
    )
    core_minutes: Whole = Field(15, ge=5, le=45, description="Length of a core-only session.")

    _check_granularity = field_validator("granularity_minutes")(_granularity_divides_day)

    @property
    def min_minutes(self) -> int:
        return self.minutes.min if isinstance(self.minutes, MinutesRange) else self.minutes

    @property
    def max_minutes(self) -> int:
        return self.minutes.max if isinstance(self.minutes, MinutesRange) else self.minutes

    def capped(self, most: WeeklyCap) -> Lifting:
        """This lifting with the weekly range lowered to a phase's default cap."""
        high = min(self.per_week.max, most.max)
        low = min(self.per_week.min, most.min, high)
        target = min(max(self.per_week.wished, low), high)
        per_week = PerWeek(min=low, max=high, target=target)
        return self.model_copy(update={"per_week": per_week})

    def patched(self, patch: LiftingPatch, wish: int | None = None) -> Lifting:
        """This lifting with a phase's overrides on top.

        Without its own target, the week aims for ``wish`` (default: this lifting's target)
        kept inside the new range.
        """
        fields: dict[str, Any] = self.model_dump(exclude_unset=False)
        fields.update(patch.model_dump(exclude_none=True, exclude={"per_week"}))
        if patch.per_week is not None:
            low = self.per_week.min if patch.per_week.min is None else patch.per_week.min
            high = self.per_week.max if patch.per_week.max is None else patch.per_week.max
            target = patch.per_week.target
            if target is None:
                wanted = self.per_week.wished if wish is None else wish
                target = min(max(wanted, low), high)
            fields["per_week"] = {"min": low, "max": high, "target": target}
        return Lifting.model_validate(fields)


class PerWeekPatch(StrictModel):
    min: Whole | None = Field(None, ge=0, le=21, description="Overrides `lifting.per_week.min`.")
    max: Whole | None = Field(None, ge=0, le=21, description="Overrides `lifting.per_week.max`.")
    target: Whole | None = Field(
        None,
        ge=0,
        le=21,
        description="Overrides the target; by default it is kept within min..max.",
    )


class LiftingPatch(StrictModel):
    per_week: PerWeekPatch | None = Field(None, description="Overrides of the weekly counts.")
    minutes: LiftMinutes | None = Field(None, description="Overrides `lifting.minutes`.")
    gap_hours: Real | None = Field(None, ge=0, le=24, description="Overrides `lifting.gap_hours`.")
    granularity_minutes: Whole | None = Field(
        None, ge=1, le=240, description="Overrides `lifting.granularity_minutes`."
    )
    core_sessions: Whole | None = Field(
        None, ge=0, le=3, description="Overrides the core sessions."
    )
    core_minutes: Whole | None = Field(None, ge=5, le=45, description="Overrides `core_minutes`.")


# --- rules and weights ----------------------------------------------------------------------

DEFAULT_HARD_KINDS = (
    RunKind.TEMPO,
    RunKind.THRESHOLD,
    RunKind.INTERVALS,
    RunKind.TRACK,
    RunKind.HILLS,
    RunKind.LONG,
    RunKind.RACE,
)


class Rules(StrictModel):
    hard_kinds: list[RunKind] = Field(
        default_factory=lambda: list(DEFAULT_HARD_KINDS),
        description="Run kinds that make a run hard (a run's own `hard` overrides this).",
    )
    no_lift_day_before_hard: bool = Field(
        True, description="No lift on a day whose next day has a hard run."
    )
    recovery_hours: Real = Field(
        24,
        ge=0,
        le=96,
        description="A lift ends at least this many elapsed hours before the next hard run "
        "starts (the guide advises 24-48).",
    )
    rest_days_between_lifts: Whole = Field(
        1, ge=0, le=6, description="Lift-free days required between two lift days."
    )
    max_lifts_per_day: Whole = Field(1, ge=1, le=3, description="Most lifts on one day.")
    no_lift_days_before_race: Whole = Field(
        2, ge=0, le=28, description="No lift in this many days before a race, nor on race day."
    )
    no_heavy_lift_days_before_race: Whole | None = Field(
        None,
        ge=0,
        le=42,
        description="A lift in this many days before a race is light: intensity kept, volume "
        "cut; never removed for being heavy (default: by the race's distance).",
    )
    no_lift_days_after_race: Whole | None = Field(
        None,
        ge=0,
        le=42,
        description="No lift in this many days after a race (default: by the race's distance).",
    )
    light_lift_days_after_race: Whole | None = Field(
        None,
        ge=0,
        le=42,
        description="A lift in this many days after a race is light (default: by the race's "
        "distance).",
    )

    def race_days(self, rule: str, race: Race) -> int:
        """Days ``rule`` (one of `WINDOW_RULES`) covers around ``race``: the number written in
        `rules:` for every race, else the race's distance's default (models/races.py)."""
        written: int | None = getattr(self, rule)
        if written is not None:
            return written
        return int(getattr(race.windows, WINDOW_RULES[rule]))


class Weights(StrictModel):
    easy_day_lift: Whole = Field(
        100, ge=0, le=MAX_WEIGHT, description="Per lift on a day with no hard run."
    )
    short_gap_minute: Whole = Field(
        1,
        ge=0,
        le=MAX_WEIGHT,
        description="Per minute a same-day run-to-lift gap falls short of gap_hours.",
    )
    wrong_order: Whole = Field(
        50,
        ge=0,
        le=MAX_WEIGHT,
        description="Per lift done before a same-day run (after it in a base phase).",
    )
    below_target: Whole = Field(
        150,
        ge=0,
        le=MAX_WEIGHT,
        description="Per lift a week falls short of `lifting.per_week.target`.",
    )
    habit: Whole = Field(
        5,
        ge=0,
        le=MAX_WEIGHT,
        description="Per lift on another weekday than the same-numbered lift of the week before.",
    )
    short_lift_minute: Whole = Field(
        1,
        ge=0,
        le=MAX_WEIGHT,
        description="Per minute a lift falls short of `lifting.minutes.max` (when minutes vary).",
    )
    block_rotation: Whole = Field(
        30,
        ge=0,
        le=MAX_WEIGHT,
        description="Per misplaced block change: a phase change or the week after a deload "
        "inside a block, or a new block in a race week.",
    )


class WeightsPatch(StrictModel):
    easy_day_lift: Whole | None = Field(
        None, ge=0, le=MAX_WEIGHT, description="Overrides the weight."
    )
    short_gap_minute: Whole | None = Field(
        None, ge=0, le=MAX_WEIGHT, description="Overrides the weight."
    )
    wrong_order: Whole | None = Field(
        None, ge=0, le=MAX_WEIGHT, description="Overrides the weight."
    )
    below_target: Whole | None = Field(
        None, ge=0, le=MAX_WEIGHT, description="Overrides the weight."
    )
    habit: Whole | None = Field(None, ge=0, le=MAX_WEIGHT, description="Overrides the weight.")
    short_lift_minute: Whole | None = Field(
        None, ge=0, le=MAX_WEIGHT, description="Overrides the weight."
    )
    block_rotation: Whole | None = Field(
        None, ge=0, le=MAX_WEIGHT, description="Overrides the weight."
    )


def patch_weights(weights: Weights, patch: WeightsPatch | None) -> Weights:
    if patch is None:
        return weights
    return weights.model_copy(update=patch.model_dump(exclude_none=True))


# --- calendar -------------------------------------------------------------------------------


@dataclass(frozen=True)
class WeeklyCap:
    min: int
    max: int


# Phase defaults: each lowers the season's weekly range; a phase's own `lifting` wins.
# base/build keep the season's 2-3 (Blagrove 2018: 2-3 a week improves running economy 2-8%).
PHASE_WEEKLY_CAPS: dict[PhaseName, WeeklyCap] = {
    # One or two a week maintain strength in season (Ronnestad 2010/2011).
    PhaseName.PEAK: WeeklyCap(1, 2),
    # Taper: volume down 40-60%, intensity kept (Bosquet 2007); light lifts only.
    PhaseName.TAPER: WeeklyCap(0, 1),
    PhaseName.RACE: WeeklyCap(0, 1),
    # After a race: easy, optional lifting while the legs come back.
    PhaseName.RECOVERY: WeeklyCap(0, 2),
}

# Phases whose lifts are light: same intensity, far fewer sets (never "heavy" for the rules).
LIGHT_PHASES = frozenset({PhaseName.TAPER, PhaseName.RACE, PhaseName.RECOVERY})


class Blocks(StrictModel):
    min_weeks: Whole = Field(2, ge=1, le=12, description="Shortest training block, in weeks.")
    max_weeks: Whole = Field(3, ge=1, le=12, description="Longest training block, in weeks.")

    @model_validator(mode="after")
    def _ordered(self) -> Blocks:
        if self.min_weeks > self.max_weeks:
            raise ValueError(f"min_weeks {self.min_weeks} is above max_weeks {self.max_weeks}")
        return self


class Equipment(StrEnum):
    BODYWEIGHT = "bodyweight"
    LOOP_BAND = "loop_band"
    MEDICINE_BALL = "medicine_ball"
    KETTLEBELL = "kettlebell"
    DUMBBELLS = "dumbbells"
    EXERCISE_BALL = "exercise_ball"
    SLIDERS = "sliders"
    BENCH = "bench"
    BARBELL = "barbell"
    SQUAT_RACK = "squat_rack"
    PULL_UP_BAR = "pull_up_bar"
    CABLE = "cable"
    TRAP_BAR = "trap_bar"
    BOX = "box"


# The guide's home kit, and a full gym.
EQUIPMENT_PRESETS: dict[str, frozenset[Equipment]] = {
    "home": frozenset(
        {
            Equipment.BODYWEIGHT,
            Equipment.LOOP_BAND,
            Equipment.MEDICINE_BALL,
            Equipment.KETTLEBELL,
            Equipment.DUMBBELLS,
            Equipment.EXERCISE_BALL,
            Equipment.SLIDERS,
            Equipment.BENCH,
        }
    ),
    "gym": frozenset(Equipment),
}


def _equipment_item(value: Any) -> Any:
    if isinstance(value, str) and value not in EQUIPMENT_PRESETS:
        try:
            return Equipment(value)
        except ValueError:
            known = ", ".join([*EQUIPMENT_PRESETS, *(e.value for e in Equipment)])
            raise ValueError(f"unknown equipment {value!r} (known: {known})") from None
    return value


EquipmentItem = Annotated[Equipment | Literal["home", "gym"], BeforeValidator(_equipment_item)]


class Phase(StrictModel):
    name: PhaseName = Field(description="Training phase: base, build, peak, taper, race, recovery.")
    weeks: Whole = Field(ge=1, le=MAX_SEASON_WEEKS, description="Length of the phase in weeks.")
    lifting: LiftingPatch | None = Field(None, description="Lifting overrides for these weeks.")
    weights: WeightsPatch | None = Field(None, description="Weight overrides for these weeks.")


class WeekOverride(StrictModel):
    """Changes for one week only, e.g. a travel week with a single lift."""

    lifting: LiftingPatch | None = Field(None, description="Lifting overrides for the week.")
    weights: WeightsPatch | None = Field(None, description="Weight overrides for the week.")


class SeasonSpan(StrictModel):
    start: dt.date = Field(description="First day of the season (any weekday).")
    weeks: Whole | None = Field(
        None, ge=1, le=MAX_SEASON_WEEKS, description="Length in weeks (give this or `end`)."
    )
    end: dt.date | None = Field(None, description="Last day of the season, inclusive.")
    phases: list[Phase] | None = Field(
        None,
        description="Optional phases, in order, covering the whole season. Absent: derived "
        "from the A races (none without one); [] keeps the season without phases.",
    )
    deload_every_weeks: Whole = Field(
        4,
        ge=0,
        le=12,
        description="Every n-th week is a deload week: same lifts, at most 60% of the heavy "
        "week's working sets (Rogerson 2024: every 4-6 weeks). 0 turns deloads off.",
    )
    deload_weeks: list[Whole] | None = Field(
        None, description="Deload weeks listed explicitly (1-based); replaces the rhythm."
    )

    @field_validator("start", "end")
    @classmethod
    def _in_range(cls, day: dt.date | None) -> dt.date | None:
        if day is not None and not FIRST_SEASON_DAY <= day <= LAST_SEASON_DAY:
            raise ValueError(
                f"{day} is outside the dates a season may take "
                f"({FIRST_SEASON_DAY}..{LAST_SEASON_DAY})"
            )
        return day

    @model_validator(mode="after")
    def _length(self) -> SeasonSpan:
        if (self.weeks is None) == (self.end is None):
            raise ValueError("give exactly one of `weeks` or `end`")
        if self.end is not None:
            if self.end < self.start:
                raise ValueError(f"end {self.end} is before start {self.start}")
            if self.num_weeks > MAX_SEASON_WEEKS:
                raise ValueError(f"the season is longer than {MAX_SEASON_WEEKS} weeks")
        if self.last_day > LAST_SEASON_DAY:
            raise ValueError(f"the season ends after {LAST_SEASON_DAY}")
        covered = sum(phase.weeks for phase in self.phases or [])
        if self.phases and covered != self.num_weeks:
            raise ValueError(f"phases cover {covered} weeks but the season has {self.num_weeks}")
        for week in self.deload_weeks or []:
            if not 1 <= week <= self.num_weeks:
                raise ValueError(f"deload week {week} is outside weeks 1..{self.num_weeks}")
        return self

    def is_deload(self, week: int) -> bool:
        if self.deload_weeks is not None:
            return week in self.deload_weeks
        return self.deload_every_weeks > 0 and week % self.deload_every_weeks == 0

    @property
    def num_days(self) -> int:
        if self.end is not None:
            return (self.end - self.start).days + 1
        assert self.weeks is not None
        return 7 * self.weeks

    @property
    def num_weeks(self) -> int:
        return -(-self.num_days // 7)

    @property
    def last_day(self) -> dt.date:
        return self.start + dt.timedelta(days=self.num_days - 1)

    def dates(self) -> list[dt.date]:
        """Every date of the season, in order: a new list each time.

        Made from day ordinals, a third of the time of adding a timedelta a day (the
        timeline, the checker and the races each list them, for every athlete)."""
        first = self.start.toordinal()
        return list(map(dt.date.fromordinal, range(first, first + self.num_days)))


def _one_or_many(value: Any) -> str:
    return "run-list" if isinstance(value, list) else "one-run"


class Run(StrictModel):
    kind: RunKind = Field(description="What the run is; `rest` marks a day without running.")
    start: ClockTime | None = Field(None, description='Local start time, "HH:MM".')
    minutes: Whole | None = Field(
        None,
        ge=1,
        json_schema_extra={"maximum": MAX_RACE_MINUTES},  # checked below, in a runner's words
        description="Duration in minutes (elapsed); a run may cross midnight; at most a day, "
        "a race up to 7 days.",
    )
    hard: bool | None = Field(None, description="Overrides whether the kind counts as hard.")
    distance: RaceDistance | Annotated[Real, Field(gt=0, le=MAX_RACE_KM)] | None = Field(
        None,
        description="A race's distance: km, or one of 1500m mile 5k 10k half marathon 50k 100k "
        "100mi. Missing: judged from the race's minutes.",
    )
    priority: RacePriority | None = Field(
        None,
        description="A race's priority: A (goal), B (important), C (training race). Default: "
        "the season's last race A, the others B.",
    )

    @field_validator("distance", mode="before")
    @classmethod
    def _known_distance(cls, value: Any) -> Any:
        # Said here, in the runner's words, before the union reports one error per member.
        if value is None or (isinstance(value, str) and value in set(RaceDistance)):
            return value
        _not_a_yes_or_no(value)
        try:
            km = float(value)
        except (TypeError, ValueError):
            names = " ".join(RaceDistance)
            raise ValueError(f"unknown distance {value!r} (use km or one of {names})") from None
        if not 0 < km <= MAX_RACE_KM:
            raise ValueError(f"a distance in km is above 0 and at most {MAX_RACE_KM}, not {value}")
        return km

    # The checks below read `kind` (validated first) so the error names the field itself.
    @field_validator("distance", "priority")
    @classmethod
    def _only_a_race(cls, value: Any, info: ValidationInfo) -> Any:
        kind = info.data.get("kind")
        if value is not None and kind is not None and kind is not RunKind.RACE:
            raise ValueError(f"only a race has a {info.field_name} (this run is {kind})")
        return value

    @field_validator("minutes")
    @classmethod
    def _one_day_unless_a_race(cls, value: int | None, info: ValidationInfo) -> int | None:
        kind = info.data.get("kind")
        if value is not None and value > MAX_RACE_MINUTES:
            raise ValueError(f"a race lasts at most 7 days ({MAX_RACE_MINUTES} minutes)")
        if value is not None and value > MAX_RUN_MINUTES and kind is not RunKind.RACE:
            raise ValueError(
                f"a {kind} run lasts at most 24 h ({MAX_RUN_MINUTES} minutes); "
                "only a race may last up to 7 days"
            )
        return value

    @model_validator(mode="after")
    def _timed(self) -> Run:
        if self.kind is not RunKind.REST and (self.start is None or self.minutes is None):
            missing = "start" if self.start is None else "minutes"
            raise ValueError(f"a {self.kind} run needs `{missing}`")
        return self

    @property
    def race_distance(self) -> tuple[RaceDistance, float, bool]:
        """A race's distance class, its km and whether it was judged from the minutes."""
        if isinstance(self.distance, RaceDistance):
            return self.distance, DISTANCE_KM[self.distance], False
        if self.distance is not None:
            return distance_class(self.distance), self.distance, False
        judged = distance_from_minutes(self.minutes or 0)
        return judged, DISTANCE_KM[judged], True


RunEntry = Annotated[
    Annotated[Run, Tag("one-run")]
    | Annotated[list[Run], Tag("run-list"), Field(max_length=MAX_RUNS_A_DAY)],
    Discriminator(_one_or_many),
]


def runs_of(entry: Run | list[Run]) -> list[Run]:
    """The runs of one weekday or date entry, without `rest` markers."""
    runs = entry if isinstance(entry, list) else [entry]
    return [run for run in runs if run.kind is not RunKind.REST]


class Envelope(StrictModel):
    """The hours a runner would lift at all, when free time comes from a busy calendar."""

    weekdays: TimeWindow = Field(
        default_factory=lambda: Window(6 * 60, 21 * 60),
        description='Acceptable hours Monday to Friday, e.g. "06:00-21:00".',
    )
    weekends: TimeWindow = Field(
        default_factory=lambda: Window(7 * 60, 19 * 60),
        description='Acceptable hours on Saturday and Sunday, e.g. "07:00-19:00".',
    )


DayWindows = Annotated[list[TimeWindow], Field(max_length=MAX_WINDOWS_A_DAY)]


class Availability(StrictModel):
    weekly: dict[Weekday, DayWindows] = Field(
        default_factory=dict, description="Windows when the runner can lift, by weekday."
    )
    dates: dict[dt.date, DayWindows] = Field(
        default_factory=dict, description="A listed date's windows replace its weekday's."
    )
    from_ics: str | None = Field(
        None,
        description="A busy calendar (.ics, path): the free time inside `envelope` becomes the "
        "windows of every date not listed in `dates`. Read when the season file is loaded.",
    )
    envelope: Envelope = Field(
        default_factory=Envelope, description="Hours considered with `from_ics`."
    )

    def windows_on(self, day: dt.date) -> list[Window]:
        if day in self.dates:
            return merge_windows(self.dates[day])
        return self.weekday_windows(day.weekday())

    def weekday_windows(self, weekday: int) -> list[Window]:
        """The windows of a date not listed in `dates` on ``weekday`` (0 Monday .. 6 Sunday)."""
        return merge_windows(self.weekly.get(WEEKDAYS[weekday], []))

    def windows_by_date(self, dates: list[dt.date]) -> list[list[Window]]:
        """`windows_on` of each of ``dates``, a weekday's merged once: the dates of one
        weekday share one list, not to be changed."""
        weekly = [self.weekday_windows(weekday) for weekday in range(7)]
        listed = self.dates
        return [self.windows_on(day) if day in listed else weekly[day.weekday()] for day in dates]


class RunningPlan(StrictModel):
    weekly: dict[Weekday, RunEntry] = Field(
        default_factory=dict, description="Runs by weekday: one run or a list."
    )
    dates: dict[dt.date, RunEntry] = Field(
        default_factory=dict, description="A listed date's runs replace its weekday's ([] = none)."
    )
    from_ics: str | None = Field(
        None,
        description="The running plan as a calendar (.ics, path): every event in the season is "
        "a run, its kind read from its title. `weekly` and `dates` win for their days.",
    )
    from_csv: str | None = Field(
        None,
        description="The running plan as a table (.csv, path) with rows date,start,minutes,kind "
        "(and optionally distance,priority,hard,title). `weekly` and `dates` win for their days.",
    )
    kinds: dict[Annotated[str, Field(min_length=1, max_length=100)], RunKind] = Field(
        default_factory=dict,
        description='Words of titles and their run kind, e.g. {"Fartlek": intervals}: extends '
        "the built-in keyword table for `from_ics` (and kinds named in `from_csv`).",
    )

    def runs_on(self, day: dt.date) -> list[Run]:
        if day in self.dates:
            return runs_of(self.dates[day])
        return self._weekday_runs(day.weekday())

    def _weekday_runs(self, weekday: int) -> list[Run]:
        entry = self.weekly.get(WEEKDAYS[weekday])
        return [] if entry is None else runs_of(entry)

    def runs_by_date(self, dates: list[dt.date]) -> list[list[Run]]:
        """`runs_on` of each of ``dates``, a weekday's read once: the dates of one weekday
        share one list, not to be changed."""
        weekly = [self._weekday_runs(weekday) for weekday in range(7)]
        listed = self.dates
        return [self.runs_on(day) if day in listed else weekly[day.weekday()] for day in dates]


class Level(StrEnum):
    """Training age: shapes the first block, the starting load and the rep range."""

    BEGINNER = "beginner"
    INTERMEDIATE = "intermediate"
    ADVANCED = "advanced"


class Athlete(StrictModel):
    """The lifter (SPEC section 2, "The athlete"): level, maxes by catalogue name, units."""

    level: Level = Field(
        Level.INTERMEDIATE,
        description="beginner | intermediate | advanced: a beginner's first block builds "
        "technique; advanced lifters get heavier, lower-rep work.",
    )
    one_rep_max: dict[str, Annotated[Real, Field(gt=0, le=1000)]] = Field(
        default_factory=dict,
        description="One-rep maxes by catalogue exercise name, in `units`; loads then come "
        "out as weights rounded to the kit's steps.",
    )
    units: Literal["kg", "lb"] = Field("kg", description="Units of the maxes and loads.")


class Season(StrictModel):
    """One athlete's season: the whole input of a solve."""

    id: str | None = Field(None, max_length=100, description="Athlete id (defaults to file name).")
    name: str | None = Field(None, max_length=200, description="Athlete's name, for display.")

    @field_validator("id", "name")
    @classmethod
    def _printable(cls, text: str | None) -> str | None:
        problem = None if text is None else text_problem(text)
        if problem:
            raise ValueError(problem)
        return text

    timezone: str = Field(description="IANA time zone of all local times, e.g. Europe/Oslo.")
    season: SeasonSpan = Field(description="Start, length and phases of the season.")
    availability: Availability = Field(
        default_factory=Availability, description="When the runner can lift."
    )
    runs: RunningPlan = Field(default_factory=RunningPlan, description="The running plan.")
    lifting: Lifting = Field(default_factory=Lifting, description="How much to lift.")
    rules: Rules = Field(default_factory=Rules, description="Hard rules, never broken.")
    weights: Weights = Field(default_factory=Weights, description="Weights of the soft objectives.")
    blocks: Blocks = Field(
        default_factory=Blocks, description="Training blocks: the routine changes every 2-3 weeks."
    )
    equipment: list[EquipmentItem] = Field(
        default_factory=lambda: ["gym"],  # type: ignore[arg-type]
        description="What the runner can lift with: items, or the presets `home` and `gym`.",
    )
    routines: str | None = Field(
        None, description="A routine catalogue file replacing the built-in one (path)."
    )
    athlete: Athlete = Field(
        default_factory=Athlete, description="The lifter: level, one-rep maxes, units."
    )
    week_overrides: dict[Whole, WeekOverride] = Field(
        default_factory=dict,
        description="Per-week changes on top of the phase, by week number (1-based).",
    )

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r} (use an IANA name like Europe/Paris)"
            ) from None
        return value

    @model_validator(mode="after")
    def _dates_inside_season(self) -> Season:
        first, last = self.season.start, self.season.last_day
        for section, dates in (
            ("availability", self.availability.dates),
            ("runs", self.runs.dates),
        ):
            for day in dates:
                if not first <= day <= last:
                    raise ValueError(
                        f"{section}.dates.{day}: date is outside the season ({first}..{last})"
                    )
                if skipped_date(self.zone, day):
                    raise ValueError(f"{section}.dates.{day}: {no_such_date(self.zone, day)}")
        for index in range(len(self.effective_phases)):
            self.lifting_in_phase(index)  # raises when a phase override contradicts itself
        for week in self.week_overrides:
            if not 1 <= week <= self.season.num_weeks:
                raise ValueError(
                    f"week_overrides.{week}: no such week (the season has {self.season.num_weeks})"
                )
            self.lifting_for_week(week)
        self._check_lift_slots()
        return self

    def _check_lift_slots(self) -> None:
        fix = "use a coarser grid, a fixed `lifting.minutes`, shorter windows"
        slots = self.lift_slots()
        if slots > MAX_LIFT_SLOTS:
            raise ValueError(
                f"lifting.granularity_minutes: the season offers {slots:,} lift times (start x "
                f"length), more than the {MAX_LIFT_SLOTS:,} one solve takes: {fix} or a "
                "shorter season"
            )
        if self.rules.max_lifts_per_day > 1 and slots > MAX_LIFT_SLOTS_SEVERAL_A_DAY:
            raise ValueError(
                f"lifting.granularity_minutes: with several lifts a day "
                f"(rules.max_lifts_per_day), the season offers {slots:,} lift times (start x "
                f"length), more than the {MAX_LIFT_SLOTS_SEVERAL_A_DAY:,} one solve takes: {fix}"
            )

    def lift_slots(self) -> int:
        """How many (start, length) pairs the solver would weigh, before any rule: each day's
        window minutes over the week's grid, times the lengths a lift may take. With
        `from_ics`, a day not in `dates` counts its whole envelope (its most)."""
        return sum(self.lift_slots_a_day())

    def lift_slots_a_day(self) -> list[int]:
        """`lift_slots` of each day of the season, in order."""
        span = self.season
        # Each day's window minutes: its weekday's, summed once, unless `dates` lists it.
        first_weekday = span.start.weekday()
        weekly = [
            _minutes_of(self._weekday_windows_at_most((first_weekday + offset) % 7))
            for offset in range(7)
        ]
        minutes = [weekly[index % 7] for index in range(span.num_days)]
        for day in self.availability.dates:
            index = (day - span.start).days
            if 0 <= index < len(minutes):
                minutes[index] = _minutes_of(self._windows_at_most(day))
        counts: list[int] = []
        for week in range(1, span.num_weeks + 1):
            lifting = self.lifting_for_week(week)
            grid = lifting.granularity_minutes
            lengths = -(-(lifting.max_minutes - lifting.min_minutes) // grid) + 1
            counts += [
                (m // grid + 1) * lengths if m else 0 for m in minutes[7 * week - 7 : 7 * week]
            ]
        return counts

    def _windows_at_most(self, day: dt.date) -> list[Window]:
        availability = self.availability
        if day in availability.dates:
            return availability.windows_on(day)
        return self._weekday_windows_at_most(day.weekday())

    def _weekday_windows_at_most(self, weekday: int) -> list[Window]:
        """`_windows_at_most` of a date not listed in `availability.dates` on ``weekday``."""
        availability = self.availability
        if availability.from_ics is None:
            return availability.weekday_windows(weekday)
        envelope = availability.envelope
        return [envelope.weekends if weekday >= 5 else envelope.weekdays]

    def _remembered(self, key: tuple[Any, ...], make: Callable[..., _T], *args: Any) -> _T:
        """``make(*args)``, made once under ``key``: an answer made from this season's fields
        (its races, each week's lifting), which the model, frozen, keeps; the validators, the
        timeline and the checker each ask. Kept beside the fields like the phase plan
        (`_phase_plan`), and dropped when model_copy(update=...) gave this copy other fields
        than the ones it was made from. A failure (a contradiction) is not kept: it raises
        each time it is asked."""
        answers = self._memo()
        try:
            answer: _T = answers[key]
        except KeyError:
            answer = answers[key] = make(*args)
        return answer

    def _memo(self) -> dict[Any, Any]:
        held = self.__dict__.get("_memo_cache")
        if not isinstance(held, _Memo) or not held.made_from(self):
            fields = (
                self.season,
                self.runs,
                self.lifting,
                self.weights,
                self.week_overrides,
                self.availability,
            )
            held = self.__dict__["_memo_cache"] = _Memo(fields, {})
        return held.answers

    @property
    def effective_phases(self) -> list[Phase]:
        """The written phases, else those derived from the A races, else none."""
        return self._phase_plan().phases

    @property
    def phases_derived(self) -> bool:
        """Whether ``effective_phases`` were derived from the A races (not written)."""
        return self._phase_plan().derived

    def phase_race(self, index: int) -> Race | None:
        """The A race derived phase ``index`` builds towards or recovers from; None if written."""
        races = self._phase_plan().races
        return races[index] if races else None

    def _phase_plan(self) -> _PhasePlan:
        # Cached beside the fields (the model is frozen, and the validators, the timeline and
        # every week ask). model_copy(update=...) copies the cache too, so it is used only
        # while it was made from these very season and runs objects.
        cached = self.__dict__.get("_phases_cache")
        if isinstance(cached, _PhasePlan) and cached.made_from(self):
            return cached
        if self.season.phases is not None:
            plan = _PhasePlan(self.season, self.runs, self.season.phases, False, [])
        else:
            start = self.season.start
            goals = [((r.date - start).days // 7 + 1, r) for r in self.races() if r.priority == "A"]
            derived = derive_phases(self.season.num_weeks, goals)
            phases = [Phase(name=PhaseName(p.name), weeks=p.weeks) for p in derived]
            races = [p.race for p in derived]
            plan = _PhasePlan(self.season, self.runs, phases, bool(phases), races)
        self.__dict__["_phases_cache"] = plan
        return plan

    def phase_index(self, week: int) -> int | None:
        """Index into ``effective_phases`` of 1-based ``week``, or None without phases."""
        first = 1
        for index, phase in enumerate(self.effective_phases):
            if week < first + phase.weeks:
                return index
            first += phase.weeks
        return None

    def phase_of_week(self, week: int) -> PhaseName | None:
        index = self.phase_index(week)
        return None if index is None else self.effective_phases[index].name

    def lifting_for_week(self, week: int) -> Lifting:
        """The season's lifting, then the phase's defaults and overrides, then the week's."""
        return self._remembered(("lifting", week), self._lifting_for_week, week)

    def _lifting_for_week(self, week: int) -> Lifting:
        index = self.phase_index(week)
        lifting = self.lifting if index is None else self.lifting_in_phase(index)
        override = self.week_overrides.get(week)
        if override is None or override.lifting is None:
            return lifting
        try:
            return lifting.patched(override.lifting, wish=lifting.per_week.wished)
        except ValidationError as error:
            raise ValueError(f"week_overrides.{week}.lifting{_problem(error)}") from None

    def explicit_minimum(self, week: int) -> bool:
        """Whether the season writes ``lifting.per_week.min`` for ``week`` itself: in its
        phase's entry or in its ``week_overrides`` entry (a race week's cap then stays off)."""
        index = self.phase_index(week)
        written = []
        if index is not None:
            written.append(self.effective_phases[index].lifting)
        override = self.week_overrides.get(week)
        if override is not None:
            written.append(override.lifting)
        return any(
            patch is not None and patch.per_week is not None and patch.per_week.min is not None
            for patch in written
        )

    def weights_for_week(self, week: int) -> Weights:
        return self._remembered(("weights", week), self._weights_for_week, week)

    def _weights_for_week(self, week: int) -> Weights:
        index = self.phase_index(week)
        weights = self.weights if index is None else self.weights_in_phase(index)
        override = self.week_overrides.get(week)
        return patch_weights(weights, None if override is None else override.weights)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def races(self) -> list[Race]:
        """The season's races in date order, each with its distance class and priority
        (written, else: the last race A, the others B)."""
        return list(self._remembered(("races",), self._races))

    def _races(self) -> list[Race]:
        found: list[tuple[dt.date, Run]] = []
        days = self.season.dates()
        for day, runs in zip(days, self.runs.runs_by_date(days), strict=True):
            found += [(day, run) for run in runs if run.kind is RunKind.RACE]
        # A weekly race on a date the zone skipped is not run (nor are its other runs).
        found = [(day, run) for day, run in found if not skipped_date(self.zone, day)]
        # A race written in a gap that reaches midnight starts on the next date (fold 0, as
        # the timeline and the checker place it): that date's race, or none after the season.
        starts = [(*lived_start(self.zone, day, run.start or 0), run) for day, run in found]
        starts = [item for item in starts if item[0] <= self.season.last_day]
        starts.sort(key=lambda item: (item[0], item[1]))
        races = []
        for index, (day, start, run) in enumerate(starts):
            distance, km, judged = run.race_distance
            default: RacePriority = "A" if index == len(starts) - 1 else "B"
            races.append(
                Race(
                    day,
                    start,
                    run.minutes or 0,
                    distance,
                    km,
                    run.priority or default,
                    judged,
                )
            )
        return races

    @property
    def equipment_set(self) -> frozenset[Equipment]:
        items: set[Equipment] = set()
        for item in self.equipment:
            items |= EQUIPMENT_PRESETS[item] if item in EQUIPMENT_PRESETS else {Equipment(item)}
        return frozenset(items | {Equipment.BODYWEIGHT})

    def lifting_in_phase(self, index: int) -> Lifting:
        return self._remembered(("phase lifting", index), self._lifting_in_phase, index)

    def _lifting_in_phase(self, index: int) -> Lifting:
        phase = self.effective_phases[index]
        lifting = self.lifting
        if phase.name in PHASE_WEEKLY_CAPS:
            lifting = lifting.capped(PHASE_WEEKLY_CAPS[phase.name])
        if phase.lifting is None:
            return lifting
        try:
            return lifting.patched(phase.lifting, wish=self.lifting.per_week.wished)
        except ValidationError as error:  # the merged values contradict each other
            raise ValueError(f"season.phases[{index}].lifting{_problem(error)}") from None

    def weights_in_phase(self, index: int) -> Weights:
        return patch_weights(self.weights, self.effective_phases[index].weights)


@dataclass(frozen=True, eq=False)
class _PhasePlan:
    """A season's effective phases and where they came from (see ``Season._phase_plan``)."""

    span: SeasonSpan  # the objects they were made from, held so their ids stay theirs
    runs: RunningPlan
    phases: list[Phase]
    derived: bool
    races: list[Race]  # the A race of each derived phase; [] when written

    def made_from(self, season: Season) -> bool:
        return self.span is season.season and self.runs is season.runs


@dataclass(frozen=True, eq=False)
class _Memo:
    fields: tuple[Any, ...]  # the objects the answers were made from, held so ids stay theirs
    answers: dict[Any, Any]

    def made_from(self, season: Season) -> bool:
        """Whether ``season``'s fields are the very objects the answers were made from (in
        `Season._memo`'s order; asked a hundred times a season, so no tuple is made)."""
        season_, runs, lifting, weights, week_overrides, availability = self.fields
        return (
            season_ is season.season
            and runs is season.runs
            and lifting is season.lifting
            and weights is season.weights
            and week_overrides is season.week_overrides
            and availability is season.availability
        )


def _minutes_of(windows: list[Window]) -> int:
    return sum(window.end - window.start for window in windows)


def _problem(error: ValidationError) -> str:
    """``.per_week: min 4 is above max 3`` from a merged lifting that failed validation."""
    first = error.errors()[0]
    path = "".join(f".{part}" for part in first["loc"])
    return f"{path}: {first['msg'].removeprefix('Value error, ')}"


_DAY = dt.timedelta(days=1)


def skipped_date(zone: ZoneInfo, day: dt.date) -> bool:
    """Whether ``zone``'s clocks jumped over the whole of local ``day`` (Pacific/Apia has no
    2011-12-30): neither its first nor its last minute exists. A date has at most one gap, so
    a date with either end existing has some time that happens."""
    return not any(
        _exists(zone, dt.datetime.combine(day, time)) for time in (dt.time(), dt.time(23, 59))
    )


def lived_start(zone: ZoneInfo, day: dt.date, start: int) -> tuple[dt.date, int]:
    """(date, minutes after its midnight) of a start written ``start`` minutes into local
    ``day``: as written, unless the time falls in a clock change's gap that reaches
    midnight (Pyongyang 2018-05-04 23:30 -> 00:00); then moved on by the gap (fold 0) to
    the next date, where it starts."""
    naive = dt.datetime.combine(day, dt.time()) + dt.timedelta(minutes=start)
    if _exists(zone, naive):
        return day, start
    moved = naive.replace(tzinfo=zone, fold=0).astimezone(dt.UTC).astimezone(zone)
    if moved.date() == day:  # a gap inside the day: the instant is the same either way
        return day, start
    return moved.date(), moved.hour * 60 + moved.minute


def no_such_date(zone: ZoneInfo, day: dt.date) -> str:
    """Why a date `skipped_date` found has nothing on it, in a runner's words."""
    jump = f"its clocks went from {day - _DAY} to {day + _DAY}"
    return f"there is no such date in {zone.key} ({jump})"


def _exists(zone: ZoneInfo, naive: dt.datetime) -> bool:
    """Whether a local time happens in ``zone``: one in a gap comes back from UTC moved."""
    return (
        naive.replace(tzinfo=zone).astimezone(dt.UTC).astimezone(zone).replace(tzinfo=None) == naive
    )
