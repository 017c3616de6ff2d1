"""A conflict says a day "has room" only when a lift there keeps every hard rule, and names a
day as closed only when none does (issue 16, case 06).

Each claim is verified apart from the diagnosis: the season is changed so that the claimed
day is the only free day of its week and that week needs one lift (the other weeks none),
then solved; the solved plan goes through the independent checker. A day with room must get
its lift; a closed day must not.
"""

from __future__ import annotations

import copy
import datetime as dt
import random
import re
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from conftest import solve_checked
from liftplan import api
from liftplan.cli.app import cli
from liftplan.models import Season, Status
from liftplan.models.explanation import Explanation

CASE = (
    Path(__file__).parent.parent
    / "cases"
    / "robustness"
    / "06-conflict-claims-room-that-does-not-exist"
)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
SHORT = {day.title(): index for index, day in enumerate(DAYS)}
KINDS = ("easy", "easy", "recovery", "tempo", "track", "long", "rest", "rest")
SEASONS = 14  # infeasible random seasons whose every claim is verified
CLOSED_PER_SEASON = 3  # closed days verified per season (a seeded sample)


def random_season(rng: random.Random) -> dict[str, Any]:
    """1-3 weeks of random windows, runs, rules and sometimes a race, around a clock change
    in two of the three zones."""
    availability: dict[str, list[str]] = {}
    for day in DAYS:
        if rng.random() < 0.45:
            availability[day] = []
            continue
        start = rng.choice([6 * 60, 12 * 60, 17 * 60, 18 * 60 + 30, 20 * 60])
        end = min(24 * 60, start + rng.choice([45, 60, 120, 180]))
        availability[day] = [f"{start // 60:02d}:{start % 60:02d}-{end // 60:02d}:{end % 60:02d}"]
    runs: dict[str, Any] = {}
    for day in DAYS:
        kind = rng.choice(KINDS)
        runs[day] = (
            {"kind": "rest"}
            if kind == "rest"
            else {
                "kind": kind,
                "start": rng.choice(["06:30", "12:00", "18:00", "19:00"]),
                "minutes": rng.choice([40, 60, 90]),
            }
        )
    start = rng.choice([dt.date(2026, 3, 2), dt.date(2026, 10, 19)])
    weeks = rng.choice([1, 2, 3])
    data: dict[str, Any] = {
        "id": "random",
        "timezone": rng.choice(["UTC", "America/New_York", "Europe/Berlin"]),
        "season": {"start": str(start), "weeks": weeks, "phases": []},
        "availability": {"weekly": availability},
        "runs": {"weekly": runs},
        "lifting": {"per_week": {"min": rng.choice([1, 2, 2, 3]), "max": 3}, "minutes": 45},
        "rules": {
            "recovery_hours": rng.choice([24, 36, 48]),
            "rest_days_between_lifts": rng.choice([0, 1, 1, 2]),
            "no_lift_day_before_hard": rng.random() < 0.7,
        },
    }
    if rng.random() < 0.3:
        race = start + dt.timedelta(days=rng.randrange(7 * weeks))
        data["runs"]["dates"] = {
            str(race): {"kind": "race", "start": "09:00", "minutes": 50, "distance": "10k"}
        }
    return data


def room_claims(explanation: Explanation) -> list[dt.date]:
    """Every date a ``lifts_per_week`` conflict says has room: ``only Sun 2026-03-08 has room``
    names dates, ``weeks 1-2 ... only Mon and Wed have room`` weekdays of each listed week."""
    claimed = []
    for conflict in explanation.conflicts:
        if conflict.rule != "lifts_per_week":
            continue
        found = re.search(r"only (.+) (?:has|have) room$", conflict.message)
        if found is None:
            assert conflict.message.endswith("no day has room"), conflict.message
            continue
        for day in re.split(r", | and ", found.group(1)):
            name, _, date = day.partition(" ")
            if date:
                claimed.append(dt.date.fromisoformat(date))
            else:  # a group of weeks: the weekday in each of them (dates = their first days)
                for first in conflict.dates:
                    claimed.append(first + dt.timedelta(days=(SHORT[name] - first.weekday()) % 7))
    return claimed


def closed_claims(explanation: Explanation) -> list[dt.date]:
    """Every date a conflict names as closed by a rule of a day."""
    return sorted(
        {
            date
            for conflict in explanation.conflicts
            if conflict.rule not in ("lifts_per_week", "rest_days_between_lifts")
            for date in conflict.dates
        }
    )


def lift_only_on(data: dict[str, Any], date: dt.date) -> Season:
    """The season where ``date``'s week needs one lift and every other day of that week is
    away; every other week needs none."""
    season = Season.model_validate(data)
    changed = copy.deepcopy(data)
    week = (date - season.season.start).days // 7 + 1
    changed["week_overrides"] = {
        str(number): {
            "lifting": {
                "per_week": {"min": int(number == week), "max": 1, "target": int(number == week)}
            }
        }
        for number in range(1, season.season.num_weeks + 1)
    }
    first = season.season.start + dt.timedelta(days=7 * (week - 1))
    away = {
        str(first + dt.timedelta(days=offset)): []
        for offset in range(7)
        if first + dt.timedelta(days=offset) != date
    }
    changed["availability"]["dates"] = away
    return Season.model_validate(changed)


def lifts_on(data: dict[str, Any], date: dt.date) -> bool:
    """Whether a lift on ``date`` keeps every hard rule: solved, through the checker."""
    plan = solve_checked(lift_only_on(data, date))
    return plan.status.solved and any(lift.date == date for lift in plan.lifts)


def test_every_room_claim_on_random_infeasible_seasons_is_a_legal_lift() -> None:
    rng = random.Random(16)
    seasons = rooms = closed = 0
    for _ in range(400):
        if seasons == SEASONS:
            break
        data = random_season(rng)
        explanation = api.explain(Season.model_validate(data), repairs=False)
        if explanation.status is not Status.INFEASIBLE:
            continue
        seasons += 1
        for date in room_claims(explanation):
            assert lifts_on(data, date), (date, explanation.conflicts, data)
            rooms += 1
        sample = closed_claims(explanation)
        for date in rng.sample(sample, min(CLOSED_PER_SEASON, len(sample))):
            assert not lifts_on(data, date), (date, explanation.conflicts, data)
            closed += 1
    assert seasons == SEASONS
    assert rooms >= 5 and closed >= 10, (rooms, closed)  # the claims were really exercised


def explain_text(name: str, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["explain", str(CASE / name), *extra])
    return result.exit_code, result.stdout


def test_a_season_with_no_free_window_has_no_room_anywhere() -> None:
    code, out = explain_text("no-availability.json")
    assert code == 3
    assert "week 1 (2026-03-02..2026-03-08) needs 2 lifts" in out
    assert "no day has room" in out and "has room" not in out.replace("no day has room", "")


def test_the_day_before_a_tempo_is_not_room() -> None:
    code, out = explain_text("infeasible.yaml")
    assert code == 3
    assert "no day has room" in out
    assert "Wed is the day before Thu tempo" in out
    assert "only Wed" not in out


def test_asking_for_one_lift_stays_infeasible_and_says_why() -> None:
    result = CliRunner().invoke(
        cli, ["solve", str(CASE / "infeasible.yaml"), "--set", "lifting.per_week.min=1"]
    )
    assert result.exit_code == 3
    assert "each need 1 lift (lifting.per_week.min) and no day has room" in result.stderr
