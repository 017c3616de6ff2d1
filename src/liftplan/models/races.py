"""What a coach needs to know of a race: its distance, its priority, and the days around it.

The contract (SPEC section 2, "Races"): a race's `distance` is km or one of the names below;
without one it is judged from the race's minutes (the runner's blocked time, warm-up
included) by `DISTANCE_FROM_MINUTES`. Its `priority` is A (goal), B (important) or C
(training race); by default the season's last race is A and the others B.

`RACE_WINDOWS` holds, by distance, the days around a race that change the lifting: a lift
in the `light_before` days before the race or the `light_after` days after it is light
(intensity kept, volume cut); no lift in the `no_lift_after` days after it. A number
written in `rules:` applies to every race instead. Sources:

- Light before: Bosquet et al. 2007 (Med Sci Sports Exerc 39:1358, meta-analysis): the best
  taper lasts about two weeks (8-14 days) and cuts volume 41-60% while keeping intensity
  and frequency -> light, not none, 8-14 days for a half marathon and longer. Mujika &
  Padilla 2003 (Med Sci Sports Exerc 35:1182): tapers of 4 to over 28 days -> short races
  take the short end. 10 days for a marathon keeps liftplan's earlier default. 1500 m to
  10 km (6-7 days): coaching judgement, bounded by Assumpcao et al. 2013 (ScientificWorld
  Journal, muscle damage impairs running economy at race pace for days).
- No lift after / light after: Takayama et al. 2017 (novice marathoners: knee-extensor
  strength down for 2 days, back by day 3) and Millet et al. 2011 (PLoS ONE 6:e17059, a
  166 km ultra: most neuromuscular recovery within 9 days, force at baseline by day 16) ->
  marathon 7 / 14, 100 km and 100 mi 9-10 / 16. 1500 m to half marathon (1-3 / 3-7 days):
  coaching judgement, scaled from the same studies (soreness peaks at 24-48 h).
- Taper, peak and recovery weeks of derived phases: Pfitzinger & Douglas, Advanced Marathoning
  (a three-week marathon taper); the rest coaching judgement.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal


class RaceDistance(StrEnum):
    """The race distances a coach names; a distance in km falls into one of them."""

    M1500 = "1500m"
    MILE = "mile"
    K5 = "5k"
    K10 = "10k"
    HALF = "half"
    MARATHON = "marathon"
    K50 = "50k"
    K100 = "100k"
    MI100 = "100mi"


RacePriority = Literal["A", "B", "C"]

DISTANCE_KM: dict[RaceDistance, float] = {
    RaceDistance.M1500: 1.5,
    RaceDistance.MILE: 1.609,
    RaceDistance.K5: 5.0,
    RaceDistance.K10: 10.0,
    RaceDistance.HALF: 21.1,
    RaceDistance.MARATHON: 42.2,
    RaceDistance.K50: 50.0,
    RaceDistance.K100: 100.0,
    RaceDistance.MI100: 160.9,
}

# A distance in km belongs to the first class whose upper bound (exclusive) it is under.
_KM_CLASSES: tuple[tuple[float, RaceDistance], ...] = (
    (3.0, RaceDistance.M1500),
    (7.5, RaceDistance.K5),
    (15.0, RaceDistance.K10),
    (30.0, RaceDistance.HALF),
    (45.0, RaceDistance.MARATHON),
    (75.0, RaceDistance.K50),
    (130.0, RaceDistance.K100),
)

# Without a distance, the race's minutes (warm-up included) judge it: under 15 min a 1500 m,
# under 40 a 5 km, under 75 a 10 km, under 150 a half, under 330 a marathon, under 480 a
# 50 km, under 960 a 100 km, longer a 100 mile race. Times of club runners, warm-up included.
DISTANCE_FROM_MINUTES: tuple[tuple[int, RaceDistance], ...] = (
    (15, RaceDistance.M1500),
    (40, RaceDistance.K5),
    (75, RaceDistance.K10),
    (150, RaceDistance.HALF),
    (330, RaceDistance.MARATHON),
    (480, RaceDistance.K50),
    (960, RaceDistance.K100),
)


@dataclass(frozen=True)
class RaceWindows:
    """Days around a race of one distance (see the module docstring for the sources)."""

    light_before: int  # no_heavy_lift_days_before_race: lifts light this many days before
    no_lift_after: int  # no_lift_days_after_race
    light_after: int  # light_lift_days_after_race: lifts light until this many days after
    taper_weeks: int  # derived phases: the taper, the race week included
    peak_weeks: int
    recovery_weeks: int


RACE_WINDOWS: dict[RaceDistance, RaceWindows] = {
    RaceDistance.M1500: RaceWindows(6, 1, 3, 1, 2, 1),
    RaceDistance.MILE: RaceWindows(6, 1, 3, 1, 2, 1),
    RaceDistance.K5: RaceWindows(6, 2, 4, 1, 2, 1),
    RaceDistance.K10: RaceWindows(7, 2, 5, 1, 2, 1),
    RaceDistance.HALF: RaceWindows(8, 3, 7, 2, 2, 2),
    RaceDistance.MARATHON: RaceWindows(10, 7, 14, 3, 2, 3),
    RaceDistance.K50: RaceWindows(12, 8, 14, 3, 2, 3),
    RaceDistance.K100: RaceWindows(14, 9, 16, 3, 2, 3),
    RaceDistance.MI100: RaceWindows(14, 10, 16, 3, 2, 3),
}

# The rules whose default depends on the race's distance, and the table column of each.
WINDOW_RULES: dict[str, str] = {
    "no_heavy_lift_days_before_race": "light_before",
    "no_lift_days_after_race": "no_lift_after",
    "light_lift_days_after_race": "light_after",
}

# The most lifts a race week asks for, as its minimum and as its target: one session a week
# maintains strength in season (Ronnestad et al. 2010, Eur J Appl Physiol 110:1269; 2011,
# J Strength Cond Res 25:2653); a second would only be squeezed into the days around a race.
RACE_WEEK_LIFTS = 1


@dataclass(frozen=True)
class RaceWeek:
    """A kind of week the races cap at `RACE_WEEK_LIFTS` (unless the season writes the
    week's minimum itself): its ``name``, the race ``priorities`` that make it, ``why`` in a
    coach's words, and whether it ``caps_wish`` (the target) or only the minimum. The solver
    (timeline.py) and the checker (check.py) each find the weeks of every kind on their own."""

    name: str
    priorities: str
    why: str
    called: str  # the week in a few words, as `explain` names where a minimum comes from
    caps_wish: bool = True  # the week's target too, not only its minimum


RACE_WEEKS: tuple[RaceWeek, ...] = (
    RaceWeek(
        "holds_race",
        "AB",
        "the week of an A or B race: the days before and after it leave room for one lift",
        "the week of an A or B race",
    ),
    RaceWeek(
        "after_goal_race",
        "A",
        "the week after an A race: the runner recovers from the goal of the season",
        "the week after an A race",
    ),
    RaceWeek(
        "recovery_spills",
        "AB",
        "a week the days of no lift after an A or B race reach into: what the recovery "
        "leaves of it may hold one lift only, so one is all it requires; it keeps its wish, "
        "as the runner is back to training once the recovery is over",
        "a week the days of no lift after an A or B race reach into",
        caps_wish=False,
    ),
    RaceWeek(
        "lead_in_spills",
        "AB",
        "a week the days of no lift before an A or B race reach into (a race early in the "
        "next week, a bank-holiday Monday 10 km): what they leave of it may hold one lift only, "
        "so one is all it requires; it keeps its wish, as the race is still days away",
        "a week the days of no lift before an A or B race reach into",
        caps_wish=False,
    ),
)

MAX_RACE_MINUTES = 7 * 24 * 60  # a race may last up to 7 days (a 200-mile race)
MAX_RUN_MINUTES = 24 * 60  # any other run at most a day
MAX_RACE_KM = 1000  # a written distance in km is above 0 and at most this


def distance_class(km: float) -> RaceDistance:
    """The named distance a race of ``km`` kilometres counts as (12 km -> 10k)."""
    return next((name for bound, name in _KM_CLASSES if km < bound), RaceDistance.MI100)


def distance_from_minutes(minutes: int) -> RaceDistance:
    """The distance a race blocking ``minutes`` (warm-up included) is judged to be."""
    return next(
        (name for bound, name in DISTANCE_FROM_MINUTES if minutes < bound), RaceDistance.MI100
    )


@dataclass(frozen=True)
class Race:
    """One race of a season, with what the coach needs of it.

    ``date`` and ``start`` (minutes after local midnight) say when it starts; ``minutes`` how
    long it lasts (elapsed);
    ``distance`` the named class it counts as; ``km`` what was written (or the class's km);
    ``judged`` whether the distance was judged from the minutes."""

    date: dt.date
    start: int
    minutes: int
    distance: RaceDistance
    km: float
    priority: RacePriority
    judged: bool

    @property
    def windows(self) -> RaceWindows:
        return RACE_WINDOWS[self.distance]

    @property
    def label(self) -> str:
        """``5k (A) on 2026-05-09``: how a plan, a check or a diagnosis names the race."""
        return f"{self.distance} ({self.priority}) on {self.date.isoformat()}"
