"""A week's lift patterns: the sets of lift days the rules inside one week allow.

When every day has one candidate slot (one lift a day, the day's best slot), the model
chooses one pattern per week instead of one slot at a time. The LP relaxation of each week
is then the convex hull of its legal plans, and CP-SAT proves a season about twice as fast
as with one boolean per day (benchmarks/README.md). A week has at most 7 candidate days, so
at most 128 patterns.
"""

from __future__ import annotations

import itertools

from liftplan.models.season import Rules
from liftplan.timeline import Week


def week_allows(
    days: tuple[int, ...], week: Week, rules: Rules, past: frozenset[int] = frozenset()
) -> bool:
    """Whether lifting on ``days`` (sorted) keeps the rules that live inside one week:
    lifts_per_week, and rest_days_between_lifts between the week's own lift days.

    Days in ``past`` hold lifts that already happened: they count, but two of them never
    clash (a week they alone fill past max has its max raised: commitments.with_history)."""
    span = rules.rest_days_between_lifts + 1
    return week.min_lifts <= len(days) <= week.max_lifts and all(
        later - earlier >= span or (earlier in past and later in past)
        for earlier, later in itertools.pairwise(days)
    )


def week_patterns(
    days: list[int], week: Week, rules: Rules, past: frozenset[int] = frozenset()
) -> list[tuple[int, ...]]:
    """Every set of the week's candidate ``days`` it may lift on, smallest first."""
    return [
        chosen
        for count in range(len(days) + 1)
        for chosen in itertools.combinations(days, count)
        if week_allows(chosen, week, rules, past)
    ]
