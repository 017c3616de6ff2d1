"""Seeded generator of realistic seasons for benchmarks (and property tests).

Each season has 1-3 free windows a day, 5-7 runs a week of which 2-3 are hard (a long run
at the weekend), a few trips with no availability, phases and a race on the last day.
"""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

ZONES = ("America/New_York", "Europe/Berlin", "Australia/Sydney", "America/Los_Angeles", "UTC")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WEEKDAY_WINDOWS = (
    ("05:30-07:30", "06:00-08:00"),
    ("12:00-13:00", "11:30-13:30"),
    ("17:00-20:00", "17:30-21:00", "18:00-21:30"),
)
WEEKEND_WINDOWS = (("08:00-12:00", "09:00-13:00"), ("14:00-18:00", "15:00-19:00"))


def _phases(weeks: int) -> list[dict[str, Any]]:
    taper_lifting = {"per_week": {"min": 0, "max": 1}}
    if weeks < 8:  # still a light taper before the race, or no lift could be legal near it
        taper = min(2, weeks)
        build = [{"name": "build", "weeks": weeks - taper}] if weeks > taper else []
        return [*build, {"name": "taper", "weeks": taper, "lifting": taper_lifting}]
    taper = 2
    peak = 2
    base = (weeks - taper - peak) // 2
    build = weeks - taper - peak - base
    return [
        {"name": "base", "weeks": base},
        {"name": "build", "weeks": build},
        {"name": "peak", "weeks": peak, "lifting": {"per_week": {"min": 1, "max": 2}}},
        {"name": "taper", "weeks": taper, "lifting": taper_lifting},
    ]


def generate_season(
    weeks: int, seed: int, *, start: dt.date | None = None, timezone: str | None = None
) -> dict[str, Any]:
    """A season file (as data) for ``weeks`` weeks; the same seed gives the same season.

    ``start`` and ``timezone`` pin what a club's athletes share (for team benchmarks).
    """
    rng = random.Random(seed * 7919 + weeks)
    offset = dt.timedelta(days=7 * rng.randrange(0, 40))
    start = start or dt.date(2026, 1, 5) + offset
    days = 7 * weeks

    weekly_windows: dict[str, list[str]] = {}
    for index, day in enumerate(WEEKDAYS):
        pool = WEEKEND_WINDOWS if index >= 5 else WEEKDAY_WINDOWS
        chosen = rng.sample(pool, k=rng.randint(1, len(pool)))
        weekly_windows[day] = [rng.choice(options) for options in chosen]

    hard_days = [*rng.sample([1, 2, 3, 4], k=rng.randint(1, 2)), rng.choice([5, 6])]
    run_days = set(hard_days) | set(rng.sample(range(7), k=rng.randint(5, 7)))
    weekly_runs: dict[str, Any] = {}
    for index in sorted(run_days):
        if index in hard_days:
            kind = "long" if index >= 5 else rng.choice(["track", "tempo", "intervals", "hills"])
        else:
            kind = rng.choice(["easy", "easy", "recovery"])
        start_time = rng.choice(["06:00", "06:30", "07:00"]) if index < 5 else "07:30"
        if index < 5 and rng.random() < 0.25:
            start_time = rng.choice(["12:00", "18:00"])
        minutes = 120 if kind == "long" else rng.choice([30, 40, 45, 60])
        weekly_runs[WEEKDAYS[index]] = {"kind": kind, "start": start_time, "minutes": minutes}

    date_windows: dict[str, list[str]] = {}
    for _ in range(max(1, weeks // 6)):  # trips
        first = rng.randrange(0, days - 4)
        for offset in range(rng.randint(2, 4)):
            date_windows[(start + dt.timedelta(days=first + offset)).isoformat()] = []
    end = start + dt.timedelta(days=days - 1)
    date_runs = {end.isoformat(): {"kind": "race", "start": "07:00", "minutes": 180}}

    minutes: Any = rng.choice([45, 60, {"min": 30, "max": 60}])
    return {
        "id": f"generated-{weeks}w-{seed}",
        "timezone": timezone or rng.choice(ZONES),
        "season": {"start": start.isoformat(), "weeks": weeks, "phases": _phases(weeks)},
        "availability": {"weekly": weekly_windows, "dates": date_windows},
        "runs": {"weekly": weekly_runs, "dates": date_runs},
        "lifting": {"per_week": {"min": 1, "max": 3, "target": 3}, "minutes": minutes},
    }
