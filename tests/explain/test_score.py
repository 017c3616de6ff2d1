"""Solved seasons: the score analysis adds up to the objective, term by term, and each lift
shows what it beat."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import make_season, solve_checked
from liftplan import api
from liftplan.models import Season

EXAMPLES = Path(__file__).parents[2] / "examples"
EVENINGS_TUE_WED = {
    "weekly": {
        day: (["17:30-21:00"] if day in ("tue", "wed") else [])
        for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    }
}
TRACK_TUESDAY = {"kind": "track", "start": "06:30", "minutes": 60}


@pytest.mark.parametrize(
    "season",
    [
        api.load_season(EXAMPLES / "marathon-16-weeks.yaml"),
        make_season(
            lifting={
                "per_week": {"min": 1, "max": 3, "target": 3},
                "minutes": {"min": 30, "max": 60},
            }
        ),
    ],
    ids=["marathon", "sample-week"],
)
def test_score_analysis_adds_up_to_the_objective(season: Season) -> None:
    explanation = api.explain(season)
    plan = solve_checked(season)
    assert explanation.objective == plan.objective
    assert sum(term.total for term in explanation.score) == explanation.objective
    for term in explanation.score:
        assert sum(match.penalty for match in term.matches) == term.total == plan.score[term.term]
        assert term.says
    assert len(explanation.lifts) == len(plan.lifts)
    assert all(lift.reasons for lift in explanation.lifts)


def test_runner_ups_show_what_each_lift_beat() -> None:
    season = make_season(
        availability=EVENINGS_TUE_WED,
        runs={"weekly": {"tue": TRACK_TUESDAY}},
        lifting={"per_week": {"min": 1, "max": 1}},
    )
    (lift,) = api.explain(season).lifts
    assert lift.date == dt.date(2026, 3, 3)
    wednesday = [r for r in lift.runner_ups if r.date == dt.date(2026, 3, 4)]
    assert wednesday and wednesday[0].cost_difference == 100  # an easy day
