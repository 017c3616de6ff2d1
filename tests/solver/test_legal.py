"""solver/legal.py finds the same slots as building every slot and asking every filter.

The reference below is the enumeration the model used before (one `Slot` per start and
length inside the windows, each slot filter asked, then the day's cheapest kept); it lives
here, not in src, as the specification the fast path is held to on generated seasons:
grids of 1-60 minutes, fixed lengths and ranges, one to three windows, busy dates with
short windows, runs that cross midnight, and two or three lifts a day.
"""

from __future__ import annotations

import bisect
import datetime as dt
import random
from typing import Any

from benchmarks.instances import generate_season
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from liftplan.check import check_plan
from liftplan.models import Season
from liftplan.solver import legal
from liftplan.solver.candidates import Slot, lift_lengths, slot_maker
from liftplan.solver.commitments import commitments_for
from liftplan.solver.legal import (
    _day_costs,
    _start_mins,
    best_among,
    best_slots,
    cheapest_by_day,
    day_bests,
    day_spans,
    legal_slots,
)
from liftplan.solver.model import ModelOptions, build_model, candidates, tie_at
from liftplan.solver.objectives import slot_cost
from liftplan.solver.rules import DAY_FILTERS, SLOT_FILTERS, RuleContext
from liftplan.solver.solve import configure
from liftplan.timeline import Timeline, build_timeline


def reference_slots(timeline: Timeline, ctx: RuleContext) -> list[Slot]:
    """Every slot inside the windows of the open days, each filter asked of each slot."""
    slots: list[Slot] = []
    for day in timeline.days:
        if not day.windows or any(rule.blocks_day(day.index, ctx) for rule in DAY_FILTERS):
            continue
        lifting = timeline.week_of(day.index).lifting
        lengths = lift_lengths(lifting)
        starts = timeline.grid_starts(day, lifting.granularity_minutes)
        slot_at = slot_maker(timeline, day)
        for window_start, window_end in day.windows:
            for start in starts[bisect.bisect_left(starts, window_start) :]:
                if start + lengths[0] > window_end:
                    break
                for length in lengths:
                    if start + length > window_end:
                        break
                    slot = slot_at(start, start + length)
                    if not any(rule.blocks(slot, ctx) for rule in SLOT_FILTERS):
                        slots.append(slot)
    slots.sort(key=lambda slot: (slot.start, slot.end))
    return slots


def reference_best(slots: list[Slot], timeline: Timeline, bonus: Any = None) -> list[Slot]:
    """Each day's cheapest slot; ties to the earlier start, then the longer lift."""
    best: dict[int, tuple[tuple[int, int, int], Slot]] = {}
    for slot in slots:
        cost = slot_cost(slot, timeline.week_of(slot.day).weights)
        cost -= bonus(slot) if bonus is not None else 0
        key = (cost, slot.start, -slot.minutes)
        if slot.day not in best or key < best[slot.day][0]:
            best[slot.day] = (key, slot)
    return sorted((slot for _, slot in best.values()), key=lambda slot: slot.start)


def varied_season(seed: int, weeks: int, per_day: int = 1, crowded: bool = False) -> Season:
    """A generated season, varied where slots are made: grid, lengths, windows, runs.
    ``crowded``: some days also have one long window and two or three runs in it."""
    rng = random.Random(seed)
    data = generate_season(weeks, seed)
    grid = rng.choice([1, 5, 10, 15, 20, 30, 60])
    data["lifting"]["granularity_minutes"] = grid
    low = rng.choice([20, 30, 45])
    data["lifting"]["minutes"] = rng.choice(
        [low, {"min": low, "max": low + rng.choice([5, 17, 30])}]
    )
    if grid == 1 and (weeks > 1 or per_day > 1 or isinstance(data["lifting"]["minutes"], dict)):
        # Past the season file's limits on lift times (README, "Limits of a season file"):
        # such a season is refused before any slot is made. One week of 1-minute starts.
        data["lifting"]["granularity_minutes"] = 5
    data["lifting"]["gap_hours"] = rng.choice([0, 1.5, 3, 6])
    start = dt.date.fromisoformat(data["season"]["start"])
    for _ in range(rng.randint(0, 6)):  # busy dates: a short window left, at an odd minute
        date = start + dt.timedelta(days=rng.randrange(7 * weeks))
        hour, minute = rng.randint(5, 20), rng.choice([0, 7, 13, 45])
        data["availability"]["dates"][date.isoformat()] = [
            f"{hour:02d}:{minute:02d}-{hour + rng.randint(1, 3):02d}:{minute:02d}"
        ]
    if rng.random() < 0.5:  # a run crossing midnight into the next day's windows
        date = start + dt.timedelta(days=rng.randrange(7 * weeks - 1))
        data["runs"]["dates"][date.isoformat()] = {"kind": "easy", "start": "23:30", "minutes": 450}
    for _ in range(rng.randint(2, 8) if crowded else 0):
        date = (start + dt.timedelta(days=rng.randrange(7 * weeks))).isoformat()
        data["availability"]["dates"][date] = [
            f"{rng.randint(4, 9):02d}:00-22:{rng.randint(10, 59)}"
        ]
        data["runs"]["dates"][date] = [
            {"kind": rng.choice(["easy", "tempo"]), "start": f"{hour:02d}:{rng.randint(0, 59):02d}"}
            | {"minutes": rng.choice([20, 45, 90])}
            for hour in sorted(rng.sample(range(5, 21), k=rng.randint(2, 3)))
        ]
    rules: dict[str, Any] = {"recovery_hours": rng.choice([24, 30, 48])}
    if per_day > 1:
        rules |= {"max_lifts_per_day": per_day, "rest_days_between_lifts": 0}
    data["rules"] = rules
    return Season.model_validate(data)


SEEDS = st.integers(min_value=0, max_value=100_000)
FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FEW
@given(seed=SEEDS, weeks=st.integers(min_value=1, max_value=5))
def test_legal_slots_are_the_enumerated_slots_every_filter_keeps(seed: int, weeks: int) -> None:
    season = varied_season(seed, weeks)
    timeline = build_timeline(season)
    expected = reference_slots(timeline, RuleContext(timeline, season.rules))
    assert legal_slots(timeline, season.rules) == expected


@FEW
@given(seed=SEEDS, weeks=st.integers(min_value=1, max_value=3))
def test_a_lift_is_legal_exactly_when_it_is_one_of_the_legal_slots(seed: int, weeks: int) -> None:
    """`is_legal` (a re-plan asks it of each frozen lift) against the enumeration: every
    legal slot is legal, and every slot a grid step or a minute off one, or of another
    length, is legal only if it too is a legal slot."""
    season = varied_season(seed, weeks)
    timeline = build_timeline(season)
    slots = legal_slots(timeline, season.rules)
    known = {(slot.day, slot.start, slot.end) for slot in slots}
    for slot in slots[:: max(1, len(slots) // 200)]:
        assert legal.is_legal(timeline, season.rules, slot.day, slot.start, slot.end)
        for shift, longer in ((1, 0), (-1, 0), (60, 0), (0, 1), (0, -5), (0, 120)):
            start, end = slot.start + shift, slot.end + shift + longer
            expected = (slot.day, start, end) in known
            assert legal.is_legal(timeline, season.rules, slot.day, start, end) is expected


@FEW
@given(seed=SEEDS, weeks=st.integers(min_value=1, max_value=5))
def test_each_days_best_slot_is_the_cheapest_enumerated_one(seed: int, weeks: int) -> None:
    season = varied_season(seed, weeks)
    timeline = build_timeline(season)
    legal = reference_slots(timeline, RuleContext(timeline, season.rules))
    assert best_slots(timeline, season.rules) == reference_best(legal, timeline)


@FEW
@given(seed=SEEDS, weeks=st.integers(min_value=1, max_value=5))
def test_each_days_two_cheapest_starts_are_the_enumerated_ones(seed: int, weeks: int) -> None:
    """explain's runner-ups: sorting every legal slot by (cost, start, end) puts first the
    day's cheapest, and first at another start its second."""
    season = varied_season(seed, weeks)
    timeline = build_timeline(season)
    weighed: dict[int, list[tuple[int, Slot]]] = {}
    for slot in reference_slots(timeline, RuleContext(timeline, season.rules)):
        weighed.setdefault(slot.day, []).append(
            (slot_cost(slot, timeline.week_of(slot.day).weights), slot)
        )
    expected = {}
    for day, costs in weighed.items():
        costs.sort(key=lambda pair: (pair[0], pair[1].start, pair[1].end))
        first = costs[0]
        others = [pair for pair in costs if pair[1].start != first[1].start]
        expected[day] = [first, *others[:1]]
    assert cheapest_by_day(timeline, season.rules) == expected


@FEW
@given(seed=SEEDS, weeks=st.integers(min_value=1, max_value=3))
def test_weighing_by_stretches_picks_what_weighing_every_lift_time_picks(
    seed: int, weeks: int
) -> None:
    """`_start_mins` skips the starts a start just before it outweighs: each day's picks
    are the same as among every legal lift time of the day (`_day_costs`), on days with
    long windows and up to three runs in them."""
    season = varied_season(seed, weeks, crowded=True)
    timeline = build_timeline(season)
    for spans in day_spans(timeline, season.rules):
        every = best_among(spans.day, _day_costs(timeline, spans, None, None))
        assert best_among(spans.day, _start_mins(timeline, spans)) == every


# Mondays a week before a clock change (Europe and the US, spring and autumn).
CLOCK_CHANGES = [dt.date(2026, 3, 23), dt.date(2026, 3, 2), dt.date(2026, 10, 19)]


WEIGHED_BY_SLOT = ("easy_day_lift", "short_gap_minute", "wrong_order", "short_lift_minute")


def shape_sharing_seasons(seed: int) -> list[Season]:
    """A generated season starting before a clock change, and copies that each change one
    thing a day's spans or picks read while its days keep their shapes or nearly: the gap
    wish, a phase (lift first), the runs' hardness, the grid, each weight of a lift time,
    the zone, the date."""

    def generated(start: dt.date) -> dict[str, Any]:
        data = generate_season(3, seed, start=start, timezone="Europe/Berlin")
        weekly = data["availability"]["weekly"]  # a window across the clock change (Sunday)
        data["availability"]["weekly"] = weekly | {"sun": ["00:30-04:30", *weekly["sun"]]}
        return data

    data = generated(CLOCK_CHANGES[seed % 3])
    runs = data["runs"]["weekly"]
    flipped = [  # one weekday's run hard if it was easy, easy if it was hard
        runs | {day: runs[day] | {"kind": "easy" if runs[day]["kind"] == "tempo" else "tempo"}}
        for day in ("tue", "thu", "sat")
        if day in runs
    ]
    variants = [
        data,
        data | {"lifting": data["lifting"] | {"gap_hours": 5}},
        data | {"season": data["season"] | {"phases": [{"name": "base", "weeks": 3}]}},
        *(data | {"runs": data["runs"] | {"weekly": weekly}} for weekly in flipped),
        *(  # where no cost tells a hard day from an easy one, its slot's hard_day does
            data | {"runs": data["runs"] | {"weekly": weekly}, "weights": {"easy_day_lift": 0}}
            for weekly in flipped
        ),
        data | {"lifting": data["lifting"] | {"granularity_minutes": 10}},
        *(data | {"weights": {name: 7}} for name in WEIGHED_BY_SLOT),
        data | {"timezone": "America/New_York"},
        data | {"timezone": "Europe/London"},  # its clock changes an hour earlier, same day
    ]
    variants.append(generated(CLOCK_CHANGES[(seed + 1) % 3]))
    return [Season.model_validate(variant) for variant in variants]


def test_days_of_one_shape_get_what_each_day_computed_afresh_gets() -> None:
    """legal.py computes a day's spans and picks once per shape (relative to its midnight)
    and per set of terms, and shares them with every later day, of any season, keyed alike.
    Over seasons that share many shapes and differ in runs, hard runs, recovery, grids,
    clock changes, zones and terms, each day's slots are the enumerated ones and its picks
    those of weighing its every lift time, and its best slot the cheapest enumerated one."""
    for cache in (legal._SHAPES, legal._WEIGHED, legal._GRIDS):
        cache.clear()
    seasons = [varied_season(seed, 2, crowded=seed % 3 == 0) for seed in range(16)]
    for seed in range(6):
        seasons.extend(shape_sharing_seasons(seed))
    days = 0
    for number, season in enumerate(seasons):
        timeline = build_timeline(season)
        every = reference_slots(timeline, RuleContext(timeline, season.rules))
        enumerated: dict[int, list[tuple[int, int]]] = {}
        for slot in every:
            enumerated.setdefault(slot.day, []).append((slot.start, slot.end))
        spans = day_spans(timeline, season.rules)
        assert {s.day: sorted(s.pairs()) for s in spans} == enumerated, number
        weighed = [best_among(s.day, _day_costs(timeline, s, None, None)) for s in spans]
        made = [best._replace(slot=None) for best in day_bests(timeline, season.rules)]
        assert made == weighed, number  # (the best's Slot is made along, not weighed)
        assert best_slots(timeline, season.rules) == reference_best(every, timeline), number
        days += len(spans)
    assert len(legal._SHAPES) <= days // 2  # shapes were shared: the caches were read
    assert len(legal._WEIGHED) <= days * 2 // 3


def test_a_days_best_sets_found_among_its_shapes_members_are_those_of_every_slot() -> None:
    """With several lifts a day, legal.py keeps per day shape and terms only the slots in
    some least-cost set, and finds each day's best sets (least cost, then least summed
    tie-break) among them: the very sets the same search finds among every slot of the day,
    over seasons that share shapes, with two and three lifts a day."""
    legal._MEMBERS.clear()
    seasons = [varied_season(seed, 2, per_day=2 + seed % 2) for seed in range(12)]
    for seed in range(3):
        seasons.extend(
            season.model_copy(
                update={"rules": season.rules.model_copy(update={"max_lifts_per_day": 2})}
            )
            for season in shape_sharing_seasons(seed)
        )
    days = several = 0
    for number, season in enumerate(seasons):
        timeline = build_timeline(season)
        most = season.rules.max_lifts_per_day
        found = legal.best_day_sets(timeline, season.rules, per_day=most, tie=tie_at)
        expected = []
        for spans in day_spans(timeline, season.rules):
            every = list(_day_costs(timeline, spans, None, None))
            sets = legal._best_sets(every, most, tie_at)
            if sets:
                expected.append(legal.DaySets(spans.day, sets))
        assert found == expected, number
        days += len(found)
        several += sum(len(day.sets) > 1 for day in found)
    assert several > days // 2  # most days did hold a set of several lifts
    assert len(legal._MEMBERS) <= days * 2 // 3  # shapes were shared: the members were read


@FEW
@given(seed=SEEDS)
def test_a_replans_best_slots_count_its_bonus_history_and_full_gym(seed: int) -> None:
    season = varied_season(seed, 3)
    timeline = build_timeline(season)
    legal = reference_slots(timeline, RuleContext(timeline, season.rules))
    rng = random.Random(seed)
    kept = rng.sample(legal, k=min(len(legal), 6))
    plan = commitments_for(timeline, open_from_day=rng.randrange(8), keep=[], stability=40)
    plan = type(plan)(
        open_from_day=plan.open_from_day,
        keep=tuple(kept),
        stability=40,
        full_buckets=frozenset(rng.sample(range(0, 30_000_000 // 15), k=0))
        | frozenset((s.start // 15) for s in rng.sample(legal, k=min(len(legal), 5))),
    )
    open_slots = [s for s in legal if s.day >= plan.open_from_day and not plan.gym_full(s)]
    expected = reference_best(open_slots, timeline, plan.bonus)
    assert candidates(timeline, season.rules, commitments=plan).slots == expected


def optimum(season: Season, *, prune: bool) -> tuple[int, list[tuple[int, int]]]:
    model = build_model(build_timeline(season), season.rules, options=ModelOptions(prune=prune))
    solver = cp_model.CpSolver()
    configure(solver, workers=1, seed=0, time_limit=60)
    assert solver.solve(model.model) == cp_model.OPTIMAL
    chosen = model.variables.chosen(solver)
    return round(solver.objective_value), [
        (model.slots[i].start, model.slots[i].end) for i in chosen
    ]


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=SEEDS, per_day=st.sampled_from([2, 3]))
def test_with_several_lifts_a_day_the_best_sets_keep_the_optimum(seed: int, per_day: int) -> None:
    """The pruned model's optimum (cost and tie-break) is the full model's."""
    season = varied_season(seed, 1, per_day)
    season = season.model_copy(
        update={"lifting": season.lifting.model_copy(update={"granularity_minutes": 30})}
    )
    full, full_plan = optimum(season, prune=False)
    pruned, pruned_plan = optimum(season, prune=True)
    assert pruned == full
    assert pruned_plan == full_plan


def test_two_lifts_a_day_keep_each_days_best_pair() -> None:
    """A day's best pair does not overlap and no other pair is cheaper."""
    season = varied_season(7, 2, per_day=2)
    timeline = build_timeline(season)
    legal = reference_slots(timeline, RuleContext(timeline, season.rules))
    kept = best_slots(timeline, season.rules, per_day=2, tie=lambda s, e: 0)
    for day in {slot.day for slot in legal}:
        ours = [s for s in kept if s.day == day]
        theirs = [s for s in legal if s.day == day]
        weights = timeline.week_of(day).weights
        pairs = [
            slot_cost(a, weights) + slot_cost(b, weights)
            for a in theirs
            for b in theirs
            if a.end <= b.start
        ]
        ours_pairs = [
            slot_cost(a, weights) + slot_cost(b, weights)
            for a in ours
            for b in ours
            if a.end <= b.start
        ]
        assert min(pairs, default=None) == min(ours_pairs, default=None)
        assert min(slot_cost(s, weights) for s in theirs) == min(
            slot_cost(s, weights) for s in ours
        )


def test_a_pruned_two_a_day_plan_passes_the_checker(tmp_path: Any) -> None:
    from liftplan.api import solve

    season = varied_season(11, 2, per_day=2)
    plan = solve(season)
    assert plan.status.solved
    assert check_plan(season, plan).ok
