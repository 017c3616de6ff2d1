"""A week's lift patterns: the lift days the rules inside one week allow.

When every day has one candidate slot (one lift a day, the day's best slot), the model
chooses one pattern per week instead of one slot at a time. The LP relaxation of each week
is then the convex hull of its legal plans, and CP-SAT proves a season about twice as fast
as with one boolean per day (benchmarks/README.md). A week has at most 7 candidate days, so
at most 128 patterns.

With several lifts a day, a day that lifts j times in an optimal plan lifts in its best set
of j (solver/legal.py: best_day_sets), so a pattern names a day once per lift (a multiset)
and the day's lifts follow from it: with two a day, 52 weeks on a 5-minute grid are proven
about 10x faster than with a boolean per slot, whose LP left the tie-break to the search.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from liftplan.models.season import Rules
from liftplan.timeline import Week


def week_allows(
    days: tuple[int, ...], week: Week, rules: Rules, past: frozenset[int] = frozenset()
) -> bool:
    """Whether lifting on ``days`` (sorted; a day twice for two lifts on it) keeps the rules
    that live inside one week: lifts_per_week, and rest_days_between_lifts between the
    week's own lift days.

    Days in ``past`` hold lifts that already happened: they count, but two of them never
    clash (a week they alone fill past max has its max raised: commitments.with_history)."""
    span = rules.rest_days_between_lifts + 1
    return week.min_lifts <= len(days) <= week.max_lifts and all(
        later - earlier >= span or later == earlier or (earlier in past and later in past)
        for earlier, later in itertools.pairwise(days)
    )


def week_patterns(
    days: list[int],
    week: Week,
    rules: Rules,
    past: frozenset[int] = frozenset(),
    lifts: Sequence[int] | None = None,
) -> list[tuple[int, ...]]:
    """Every multiset of the week's candidate ``days`` it may lift on, smallest first: each
    day at most ``lifts[i]`` times (its best sets' sizes), once when ``lifts`` is None."""
    if lifts is None or all(most == 1 for most in lifts):
        return [
            chosen
            for count in range(min(len(days), week.max_lifts) + 1)
            for chosen in itertools.combinations(days, count)
            if week_allows(chosen, week, rules, past)
        ]
    most = dict(zip(days, lifts, strict=True))
    return [
        chosen
        for count in range(min(sum(lifts), week.max_lifts) + 1)
        for chosen in itertools.combinations_with_replacement(days, count)
        if all(chosen.count(day) <= most[day] for day in set(chosen))
        and week_allows(chosen, week, rules, past)
    ]


# Several lifts a day and a high weekly maximum make many patterns (2 a day and up to 7 a week:
# 1,289 a week; 3 a day and up to 12: 12,118), each ~7 KB of model; they still prove faster
# than one boolean per slot (benchmarks/README.md), so only a season of more than
# MOST_PATTERNS (52 weeks of 1,289: 450 MB), or a week of more than MOST_WEEK_PATTERNS (3 a
# day and up to 21 a week: 16,384, 2 s to list), has a boolean per slot instead.
MOST_PATTERNS = 40_000
MOST_WEEK_PATTERNS = 2_000
# A process remembers a week's patterns (and what is made of them) only up to the 128 that
# one lift a day can make: a batch of several-a-day seasons would otherwise keep thousands of
# large weeks (a review: 1 GB for 36 athletes).
REMEMBERED_PATTERNS = 128


def few_patterns(lifts: Sequence[Sequence[int]], weeks: Sequence[Week]) -> bool:
    """Whether weeks whose days hold up to ``lifts[w][i]`` lifts each (week w's day i) make
    few patterns, each and in all (`multisets`: rest days not counted, a bound)."""
    total = 0
    for of_days, week in zip(lifts, weeks, strict=True):
        patterns = multisets(of_days, week.min_lifts, week.max_lifts)
        total += patterns
        if patterns > MOST_WEEK_PATTERNS or total > MOST_PATTERNS:
            return False
    return True


def multisets(lifts: Sequence[int], low: int, high: int) -> int:
    """How many multisets of ``low``..``high`` days there are, day i named at most
    ``lifts[i]`` times (the coefficients of the product of 1 + x + ... + x^lifts[i])."""
    ways = [1]  # ways[n]: multisets of n over the days so far
    for most in lifts:
        ways = [
            sum(ways[n - k] for k in range(min(most, n) + 1) if n - k < len(ways))
            for n in range(min(len(ways) + most, high + 1))
        ]
    return sum(ways[low : high + 1])
