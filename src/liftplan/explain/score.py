"""Score analysis of a solved plan: each term's matches, and the slots each lift beat.

Like Timefold's score analysis: every term with its total and the penalties behind it
(they add up to the objective exactly), and for every lift the best alternatives and what
their own cost would have been.
"""

from __future__ import annotations

from collections import defaultdict

from liftplan.explain.conflicts import short_day
from liftplan.models.explanation import LiftExplanation, Match, RunnerUp, TermScore
from liftplan.models.score_terms import term_wish
from liftplan.models.season import Season
from liftplan.plan.build import lift_reasons
from liftplan.solver.candidates import Slot
from liftplan.solver.legal import cheapest_by_day
from liftplan.solver.objectives import SLOT_TERMS, SOFT_TERMS, slot_cost
from liftplan.solver.solve import Solution
from liftplan.timeline import Timeline

RUNNER_UPS = 3


def _lift_name(timeline: Timeline, slot: Slot) -> str:
    return f"lift {short_day(timeline, slot.day)} {timeline.to_local(slot.start):%H:%M}"


def explain_score(timeline: Timeline, solution: Solution) -> list[TermScore]:
    matches: dict[str, list[Match]] = defaultdict(list)
    for index in solution.chosen:
        slot = solution.model.slots[index]
        weights = timeline.week_of(slot.day).weights
        for term in SLOT_TERMS:
            penalty = term.penalty(slot, weights)
            if penalty:
                matches[term.name].append(
                    Match(
                        date=timeline.days[slot.day].date,
                        session=_lift_name(timeline, slot),
                        amount=term.amount(slot),
                        penalty=penalty,
                    )
                )
    for week_penalty, value in zip(solution.model.penalties, solution.penalty_values, strict=True):
        if value:
            week = timeline.weeks[week_penalty.week - 1]
            matches[week_penalty.term].append(
                Match(
                    date=timeline.days[week.first_day].date,
                    session=week_penalty.label,
                    amount=value,
                    penalty=week_penalty.weight * value,
                )
            )
    # The wish in words, its gap filled from the weeks (a phase may wish another gap).
    gaps = list(dict.fromkeys(week.lifting.gap_hours for week in timeline.weeks))
    return [
        TermScore(
            term=term.name,
            says=term_wish(term.name, gaps),
            total=sum(match.penalty for match in matches[term.name]),
            matches=sorted(matches[term.name], key=lambda m: (m.date, m.session)),
        )
        for term in SOFT_TERMS
    ]


def explain_lifts(season: Season, timeline: Timeline, solution: Solution) -> list[LiftExplanation]:
    """Each lift's reasons and the cheapest slots it beat: on other days of its week first."""
    # Each day's cheapest slot and its cheapest at another start are all the runner-ups
    # need: a 1-minute grid has millions of legal slots, too many to hold.
    cheapest = cheapest_by_day(timeline, season.rules)
    cost = {slot: price for pairs in cheapest.values() for price, slot in pairs}
    best_by_day = {day: [slot for _, slot in pairs] for day, pairs in cheapest.items()}
    chosen = [solution.model.slots[i] for i in solution.chosen]
    lift_days = {slot.day for slot in chosen}
    rest = season.rules.rest_days_between_lifts
    explained = []
    for slot in sorted(chosen, key=lambda s: s.start):
        own = slot_cost(slot, timeline.week_of(slot.day).weights)
        week = timeline.week_of(slot.day)
        options: list[tuple[int, Slot, str]] = []
        for day in week.days:
            if day == slot.day:
                others = [s for s in best_by_day.get(day, []) if s.start != slot.start]
            elif day in lift_days:
                continue
            else:
                others = best_by_day.get(day, [])[:1]
            for other in others[:1]:
                neighbours = [d for d in lift_days if d != slot.day and 0 < abs(d - day) <= rest]
                note = ""
                if neighbours:
                    near = short_day(timeline, neighbours[0])
                    note = f"rest_days_between_lifts: next to the {near} lift"
                options.append((cost[other] - own, other, note))
        options.sort(key=lambda item: (item[2] != "", item[0], item[1].start))
        explained.append(
            LiftExplanation(
                date=timeline.days[slot.day].date,
                start=timeline.to_local(slot.start),
                reasons=lift_reasons(season, timeline, slot),
                runner_ups=[
                    RunnerUp(
                        date=timeline.days[other.day].date,
                        start=timeline.to_local(other.start),
                        cost_difference=difference,
                        note=note,
                    )
                    for difference, other, note in options[:RUNNER_UPS]
                ],
            )
        )
    return explained
