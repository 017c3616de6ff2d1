"""Each day's legal slots without a Python object per slot, cached per season.

A 5-minute grid with a range of lengths gives a day hundreds of (start, length) slots; the
model keeps only each day's best (one lift a day) or best few (several a day). The slot
rules (no overlap with a run, recovery before the next hard run) each end a start's legal
lengths at one minute, so a day is stored as ``(start, latest end)`` pairs ("spans"), and the
best slots are found by integer arithmetic over them; only the winners become `Slot`s.
Both depend only on the day's shape around its midnight (windows, runs, hard runs, grid:
`DayShape`) and the terms that weigh it, so each is made once per shape in a process and
shifted to every day of that shape (a batch's athletes share most of their days' shapes).
tests/solver/test_legal.py holds this against the plain enumeration (every slot built, every
filter asked) on generated seasons.
"""

from __future__ import annotations

import bisect
import functools
import math
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from operator import attrgetter
from typing import Any, NamedTuple

from liftplan.models.clock import MINUTES_PER_DAY
from liftplan.models.score_terms import minutes_off_wish
from liftplan.models.season import Lifting, Rules
from liftplan.solver.candidates import Slot, lift_lengths, slot_maker
from liftplan.solver.memo import remember
from liftplan.solver.objectives import SLOT_TERMS, slot_cost
from liftplan.solver.rules import DAY_FILTERS, SLOT_FILTERS, RuleContext
from liftplan.timeline import Day, Timeline

# The slot filters and slot terms the arithmetic below states; any other one added to the
# registries sends the affected step back to building Slot objects (correct, slower).
KNOWN_FILTERS = ("no_overlap_with_runs", "recovery_hours")
KNOWN_TERMS = ("easy_day_lift", "short_gap_minute", "wrong_order", "short_lift_minute")
CACHED_SEASONS = 8

Span = tuple[int, int]  # (start, latest legal end), minutes on the timeline
# A slot's (start, end), what slots are sorted by (read in C, not by a lambda a slot)
_BY_TIME = attrgetter("start", "end")
Between = Callable[[int, int], bool]  # (start, end) -> keep the slot
Bonus = Callable[[int, int], int]  # (start, end) -> how much cheaper it is


class DayShape(NamedTuple):
    """Everything a day's spans are made of, in minutes after its midnight (`_day_shape`)."""

    lengths: tuple[int, ...]  # the week's lift lengths, ascending
    grid: int | tuple[int, ...]  # the granularity, or the starts of a day the clock changes
    windows: tuple[tuple[int, int], ...]
    runs: tuple[tuple[int, int], ...]  # (start, end) of the runs touching the day
    hards: tuple[int, ...]  # starts of the hard runs that may end a lift's recovery
    recovery: int  # minutes


class DaySpans(NamedTuple):
    """One open day's legal slots: every length of ``lengths`` from each span's start that
    ends by the span's latest end, window by window (as `enumerate_slots` makes them).

    Kept as ``relative`` spans, minutes after the day's ``midnight`` on the timeline, and
    the ``shape`` they were computed from (`_day_shape`): days of one shape share them.
    (A NamedTuple, as `DayBest`: a batch athlete makes ~65 of each, and a frozen dataclass
    costs a setattr call per field.)"""

    day: int
    lengths: tuple[int, ...]
    midnight: int
    relative: tuple[Span, ...]
    shape: DayShape

    @property
    def spans(self) -> tuple[Span, ...]:
        """The spans on the timeline, (start, latest end) in minutes (made when asked: most
        days' picks are shared, `_weigh_day`, and never ask)."""
        midnight = self.midnight
        return tuple((start + midnight, last + midnight) for start, last in self.relative)

    def pairs(self) -> Iterator[tuple[int, int]]:
        """Every legal (start, end), in window order."""
        for start, last in self.spans:
            for length in self.lengths:
                if start + length > last:
                    break
                yield start, start + length


class _SeasonCache:
    """The spans of the last few seasons, keyed by what they depend on. The key holds the
    timeline's lists themselves (not their ids), so a freed list's id cannot alias."""

    def __init__(self) -> None:
        self._entries: OrderedDict[tuple[object, ...], list[DaySpans]] = OrderedDict()
        self._anchors: dict[tuple[object, ...], tuple[object, ...]] = {}  # keeps the ids alive
        self._lock = threading.Lock()
        self.capacity = CACHED_SEASONS

    @staticmethod
    def key(timeline: Timeline, rules: Rules) -> tuple[object, ...]:
        lifting = tuple(
            (w.lifting.granularity_minutes, w.lifting.min_minutes, w.lifting.max_minutes)
            for w in timeline.weeks
        )
        return (
            id(timeline.days),
            id(timeline.runs),
            id(timeline.races),
            rules.model_dump_json(),
            lifting,
        )

    def spans(
        self, timeline: Timeline, rules: Rules, key: tuple[object, ...] | None = None
    ) -> list[DaySpans]:
        """The season's spans; ``key``: its `key`, when the caller has made it already."""
        key = self.key(timeline, rules) if key is None else key
        anchors = (timeline.days, timeline.runs, timeline.races)
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
                return hit
        spans = _day_spans(timeline, rules)
        with self._lock:
            self._entries[key] = spans
            self._anchors[key] = anchors
            self._trim()
        return spans

    def _trim(self) -> None:
        while len(self._entries) > self.capacity:
            old, _ = self._entries.popitem(last=False)
            self._anchors.pop(old, None)

    @contextmanager
    def keeping(self, seasons: int) -> Iterator[None]:
        """At least ``seasons`` seasons cached inside the block: joint mode re-solves each of
        its athletes many times, and with CACHED_SEASONS they would evict each other."""
        with self._lock:
            before, self.capacity = self.capacity, max(self.capacity, seasons)
        try:
            yield
        finally:
            with self._lock:
                self.capacity = before
                self._trim()


SEASONS = _SeasonCache()

Weighed = tuple[int, int, int]  # (cost, start, end)


class DayBest(NamedTuple):
    """One day's lift times weighed once: the model's pick (cheapest, then earlier, then
    longer) and explain's two cheapest at different starts (cheapest, earlier, shorter)."""

    day: int
    best: Weighed | None
    cheapest: tuple[Weighed, ...]
    slot: Slot | None = None  # best's, when made with it


_BEST: OrderedDict[tuple[object, ...], list[DayBest]] = OrderedDict()
_BEST_LOCK = threading.Lock()


def day_bests(timeline: Timeline, rules: Rules) -> list[DayBest]:
    """`DayBest` of every day of `day_spans`, cached like them: `solve` and `explain` of the
    same season weigh its lift times once (charged once to --time-limit, solver/budget.py)."""
    key = SEASONS.key(timeline, rules)
    with _BEST_LOCK:
        hit = _BEST.get(key)
        if hit is not None:
            return hit
    weeks: dict[int, tuple[object, ...]] | None = {} if fast_arithmetic() else None
    bests = [_weigh_day(timeline, spans, weeks) for spans in SEASONS.spans(timeline, rules, key)]
    with _BEST_LOCK:
        _BEST[key] = bests
        while len(_BEST) > CACHED_SEASONS:
            _BEST.popitem(last=False)
    return bests


def _weigh_day(
    timeline: Timeline, spans: DaySpans, weeks: dict[int, tuple[object, ...]] | None
) -> DayBest:
    """``weeks``: the weeks' part of the terms (`_terms_key`), None without `fast_arithmetic`."""
    if weeks is None:
        return best_among(spans.day, _day_costs(timeline, spans, None, None))
    # Costs are differences of minutes of the day and the picks' order survives a shift:
    # days of one shape and the same terms weigh alike, relative to their midnights, and
    # their best slots have the same facts (gaps, order, length, kind).
    key = (spans.shape, _terms_key(timeline, spans.day, weeks))
    picks = _WEIGHED.get(key)
    if picks is None:
        weighed = best_among(spans.day, _start_mins(timeline, spans))
        facts = None
        if weighed.best is not None:
            _, start, end = weighed.best
            made = slot_maker(timeline, timeline.days[spans.day])(start, end)
            facts = tuple(getattr(made, name) for name in _SLOT_FACTS)
        picks = (*_shifted(weighed.best, weighed.cheapest, -spans.midnight), facts)
        remember(_WEIGHED, key, picks, _SHAPES_MOST)
    best, cheapest = _shifted(picks[0], picks[1], spans.midnight)
    facts = picks[2]
    slot = None if best is None or facts is None else Slot(spans.day, best[1], best[2], *facts)
    return DayBest(spans.day, best, cheapest, slot)


# A Slot's fields after its day, start and end: what days of one shape and terms share.
_SLOT_FACTS = Slot._fields[3:]
assert Slot._fields[:3] == ("day", "start", "end")
# A DayBest's best and cheapest, and the facts of the best's Slot
Picks = tuple[Weighed | None, tuple[Weighed, ...], tuple[Any, ...] | None]
# Each shape's spans, and its picks under each set of terms, relative to the day's midnight:
# a batch's 16-week athletes have about 200 shapes of 3,000 open days. Kept small.
_SHAPES: dict[DayShape, tuple[Span, ...]] = {}
_WEIGHED: dict[tuple[object, ...], Picks] = {}
_GRIDS: dict[tuple[object, ...], tuple[int, ...]] = {}
_SHAPES_MOST = 8192


def _shifted(
    best: Weighed | None, cheapest: tuple[Weighed, ...], by: int
) -> tuple[Weighed | None, tuple[Weighed, ...]]:
    moved = None if best is None else (best[0], best[1] + by, best[2] + by)
    return moved, tuple([(cost, start + by, end + by) for cost, start, end in cheapest])


def _terms_key(
    timeline: Timeline, day_index: int, weeks: dict[int, tuple[object, ...]]
) -> tuple[object, ...]:
    """What `_start_mins` and `slot_maker` read of a day besides its shape: `_day_terms`
    less its runs; its week's part made once in ``weeks``."""
    day = timeline.days[day_index]
    of_week = weeks.get(day.week)
    if of_week is None:
        week = timeline.week_of(day_index)
        lifting, weights = week.lifting, week.weights
        of_week = weeks[day.week] = (
            lifting.min_minutes,
            lifting.max_minutes,
            round(lifting.gap_hours * 60),
            week.phase == "base",
            weights.easy_day_lift,
            weights.short_gap_minute,
            weights.wrong_order,
            weights.short_lift_minute,
        )
    return (of_week, timeline.lift_kind(day_index), day.hard)


def best_among(day: int, costs: Iterable[Weighed]) -> DayBest:
    """The `DayBest` of ``day`` among ``costs``, (cost, start, end) of its lift times: all
    of them, or at least, at each start, its cheapest shortest and its cheapest longest."""
    best: Weighed | None = None
    first: Weighed | None = None
    second: Weighed | None = None
    for key in costs:
        cost, start, end = key
        if best is None or (cost, start, start - end) < (best[0], best[1], best[1] - best[2]):
            best = key
        if first is None or key < first:
            if first is not None and first[1] != start:
                second = first
            first = key
        elif start != first[1] and (second is None or key < second):
            second = key
    return DayBest(day, best, tuple(k for k in (first, second) if k is not None))


class _DayTerms(NamedTuple):
    """What weighs each lift time of one day, read once: the week's lifting wishes, the
    gap wish in minutes, whether the week lifts before its runs (base), the lift's kind,
    the easy-day term, the weights of the gap, order and length terms, and the day's runs
    (start, end) in minutes."""

    lifting: Lifting
    gap_wish: int
    lift_first: bool
    kind: str
    easy: int
    w_gap: int
    w_order: int
    w_short: int
    runs: list[tuple[int, int]]


def _day_terms(timeline: Timeline, day_index: int) -> _DayTerms:
    day = timeline.days[day_index]
    week = timeline.week_of(day_index)
    lifting, weights = week.lifting, week.weights
    return _DayTerms(
        lifting=lifting,
        gap_wish=round(lifting.gap_hours * 60),
        lift_first=week.phase == "base",
        kind=timeline.lift_kind(day_index),
        easy=weights.easy_day_lift * (0 if day.hard else 1),
        w_gap=weights.short_gap_minute,
        w_order=weights.wrong_order,
        w_short=weights.short_lift_minute,
        runs=[(run.start, run.end) for run in timeline.runs_touching(day_index)],
    )


def _start_mins(timeline: Timeline, spans: DaySpans) -> Iterator[Weighed]:
    """For each start that may hold one of `_weigh_day`'s picks, the two of its slots it
    could keep: the cheapest shortest (what ordering by (cost, start, end) puts first) and
    the cheapest longest (the model's tie-break); the arithmetic of `_day_costs`, without a
    tuple or a generator per slot.

    Starts are weighed by stretches: starts in a row with the same latest end and the same
    runs on each side share the order term and the runs soon after. Once every run before
    is gap_wish behind, they share their whole base cost too, and each later start fits
    only lengths an earlier one fits and ends nearer the runs after: it costs as much or
    more (weights are >= 0). The first two such starts hold the stretch's cheapest and, at
    another start, its runner-up; the rest of the stretch is skipped."""
    lifting, gap_wish, lift_first, kind, easy, w_gap, w_order, w_short, runs = _day_terms(
        timeline, spans.day
    )
    lengths = spans.lengths
    off, prefix = _length_costs(kind, lengths, lifting.min_minutes, lifting.max_minutes, w_short)
    run_ends = sorted(end for _, end in runs)
    run_starts = sorted(start for start, _ in runs)
    stretch: tuple[int, int, int] | None = None
    settled = 0  # starts weighed in this stretch with every run before gap_wish behind
    flat = easy  # the base cost of the stretch, gaps to the runs before left out
    near: list[int] = []
    for start, last in spans.spans:
        before = bisect.bisect_right(run_ends, start)  # run_ends[:before] ended by `start`
        after = bisect.bisect_right(run_starts, start)  # run_starts[after:] start later
        if (last, before, after) != stretch:
            stretch, settled = (last, before, after), 0
            wrong = before > 0 if lift_first else after < len(run_starts)
            flat = easy + w_order * wrong
            near = [run - gap_wish for run in run_starts[after:] if run - gap_wish < last]
        elif settled == 2:
            continue
        base = flat
        if before and start - run_ends[before - 1] < gap_wish:
            for run_end in run_ends[:before]:
                base += w_gap * max(0, gap_wish - (start - run_end))
        else:
            settled += 1
        if not near:
            fitting = bisect.bisect_right(lengths, last - start)
            if fitting:
                low, low_at, long, long_at = prefix[fitting - 1]
                yield base + low, start, start + lengths[low_at]
                if long_at != low_at:
                    yield base + long, start, start + lengths[long_at]
            continue
        low_cost = long_cost = low_end = long_end = 0
        found = False
        for index in range(len(lengths)):
            end = start + lengths[index]
            if end > last:
                break
            cost = base + off[index]
            for reach in near:  # the gap to each run soon after, short of the wish
                if reach < end:
                    cost += w_gap * (end - reach)
            if not found or cost < low_cost:  # lengths ascend: ties keep the shorter
                low_cost, low_end = cost, end
            if not found or cost <= long_cost:  # ... and here the longer
                long_cost, long_end = cost, end
            found = True
        if found:
            yield low_cost, start, low_end
            if long_end != low_end:
                yield long_cost, start, long_end


LengthCosts = tuple[tuple[int, ...], tuple[tuple[int, int, int, int], ...]]


@functools.lru_cache(maxsize=1024)
def _length_costs(
    kind: str, lengths: tuple[int, ...], shortest: int, longest: int, weight: int
) -> LengthCosts:
    """short_lift_minute of each length, and, for each k, the best of the first k lengths:
    (cheapest, its index first, cheapest, its index last). Without a run soon after, a
    start's cost is its base plus its length's: its best lengths are looked up, not
    searched. Shared by the days (and seasons) of one kind of lift and range of lengths."""
    off = [weight * minutes_off_wish(kind, length, shortest, longest) for length in lengths]
    prefix: list[tuple[int, int, int, int]] = []
    for index, cost in enumerate(off):
        if not prefix:
            prefix.append((cost, index, cost, index))
            continue
        low, low_at, long, long_at = prefix[-1]
        if cost < low:
            low, low_at = cost, index
        if cost <= long:
            long, long_at = cost, index
        prefix.append((low, low_at, long, long_at))
    return tuple(off), tuple(prefix)  # shared: read only


def day_spans(timeline: Timeline, rules: Rules) -> list[DaySpans]:
    """The legal spans of every open day with at least one legal slot (cached per season)."""
    return SEASONS.spans(timeline, rules)


def _day_spans(timeline: Timeline, rules: Rules) -> list[DaySpans]:
    ctx = RuleContext(timeline, rules)
    recovery = math.ceil(rules.recovery_hours * 60)
    hard_starts = [run.start for run in timeline.hard_runs]  # ascending
    # each whole-day filter's own check (HardRule.blocks_day asks it, a frame more a day)
    closes = [rule.forbids_day for rule in DAY_FILTERS if rule.forbids_day is not None]
    weeks = timeline.weeks
    of_weeks: dict[int, tuple[tuple[int, ...], int]] = {}
    result = []
    open_days = [day for day in timeline.days if day.windows]
    # each filter asks only the days the ones before it left open (a comprehension each,
    # not a list of answers made per day)
    for close in closes:
        open_days = [day for day in open_days if not close(day.index, ctx)]
    for day in open_days:
        index = day.index
        of_week = of_weeks.get(day.week)
        if of_week is None:  # a week's lengths, not a day's: one range each
            lifting = weeks[day.week - 1].lifting
            of_week = of_weeks[day.week] = (
                tuple(lift_lengths(lifting)),
                lifting.granularity_minutes,
            )
        lengths, granularity = of_week
        shape = _day_shape(timeline, day, granularity, lengths, hard_starts, recovery)
        relative = _SHAPES.get(shape)
        if relative is None:
            relative = _shape_spans(shape)
            remember(_SHAPES, shape, relative, _SHAPES_MOST)
        if relative:
            result.append(DaySpans(index, lengths, day.midnight, relative, shape))
    return result


def _day_shape(
    timeline: Timeline,
    day: Day,
    granularity: int,
    lengths: tuple[int, ...],
    hard_starts: list[int],
    recovery: int,
) -> DayShape:
    """Everything a day's spans are made of, in minutes after its midnight: the lengths,
    the grid of starts, the windows, the runs touching the day, and the hard runs that may
    end a lift's recovery (those starting from its first window's start until recovery
    after its last window's end: a later one ends no span)."""
    midnight = day.midnight
    following = day.index + 1
    days = timeline.days
    # a day without a clock change has the grid range(0, 1440, granularity)
    grid: int | tuple[int, ...] = granularity
    if following >= len(days) or days[following].midnight - midnight != MINUTES_PER_DAY:
        grid = _uneven_grid(timeline, day, granularity)
    # (lists made into tuples: a comprehension is cheaper than a generator's frames)
    windows = tuple([(start - midnight, end - midnight) for start, end in day.windows])
    runs = tuple(
        [(run.start - midnight, run.end - midnight) for run in timeline.runs_touching(day.index)]
    )
    # a day's windows are merged and ascending (Availability.windows_on): its first starts
    # first and its last ends last
    first = bisect.bisect_left(hard_starts, day.windows[0][0])
    last = bisect.bisect_left(hard_starts, day.windows[-1][1] + recovery, first)
    hards = () if first == last else tuple([start - midnight for start in hard_starts[first:last]])
    return DayShape(lengths, grid, windows, runs, hards, recovery)


def _uneven_grid(timeline: Timeline, day: Day, granularity: int) -> tuple[int, ...]:
    """`Timeline.grid_starts` of a day with a clock change (or the season's last), after
    its midnight: the zone's, the date's and the grid's alone, and hundreds of zone look-ups
    to make, so made once for the athletes of a process that share them."""
    key = (timeline.zone, day.date, granularity)
    grid = _GRIDS.get(key)
    if grid is None:
        grid = tuple(start - day.midnight for start in timeline.grid_starts(day, granularity))
        remember(_GRIDS, key, grid, _SHAPES_MOST)
    return grid


def _shape_spans(shape: DayShape) -> tuple[Span, ...]:
    """The spans of a day of ``shape`` (`_day_shape`), relative to its midnight: each
    grid start inside a window that fits the shortest lift before the window's end, the
    next run and the recovery before the next hard run."""
    lengths, grid, windows, runs, hards, recovery = shape
    starts: Sequence[int] = range(0, MINUTES_PER_DAY, grid) if isinstance(grid, int) else grid
    shortest = lengths[0]
    hard_ends = [hard - recovery for hard in hards]  # the latest end each hard run allows
    spans: list[Span] = []
    for window_start, window_end in windows:
        first = bisect.bisect_left(starts, window_start)
        hard = bisect.bisect_left(hards, window_start)  # timeline.next_hard_run
        if not runs:
            # No run touches the day, so none starts inside the window: every start has
            # the same latest end, and the starts that fit are a run of the grid.
            last = window_end
            if hard < len(hards) and hard_ends[hard] < last:
                last = hard_ends[hard]
            fitting = bisect.bisect_right(starts, last - shortest, first)
            spans.extend((start, last) for start in starts[first:fitting])
            continue
        for start in starts[first:]:
            if start + shortest > window_end:
                break
            last = window_end
            inside_a_run = False
            for run_start, run_end in runs:  # no_overlap_with_runs
                if run_start <= start < run_end:
                    inside_a_run = True
                    break
                if start < run_start < last:
                    last = run_start
            if inside_a_run:
                continue
            while hard < len(hards) and hards[hard] < start:
                hard += 1
            if hard < len(hard_ends) and hard_ends[hard] < last:  # recovery_hours before it
                last = hard_ends[hard]
            if start + shortest <= last:
                spans.append((start, last))
    return tuple(spans)


def fast_arithmetic() -> bool:
    """Whether the slot filters and terms are the ones this module states in arithmetic."""
    return (
        tuple(rule.name for rule in SLOT_FILTERS) == KNOWN_FILTERS
        and tuple(term.name for term in SLOT_TERMS) == KNOWN_TERMS
    )


def legal_slots(timeline: Timeline, rules: Rules) -> list[Slot]:
    """Every slot no filter forbids, sorted by (start, end): one `Slot` each (for the callers
    that need them all; the model needs only `best_slots`)."""
    slots: list[Slot] = []
    for spans in day_spans(timeline, rules):
        slot_at = slot_maker(timeline, timeline.days[spans.day])
        slots.extend(slot_at(start, end) for start, end in spans.pairs())
    slots = _kept_by_other_filters(slots, RuleContext(timeline, rules))
    slots.sort(key=_BY_TIME)
    return slots


def _kept_by_other_filters(slots: list[Slot], ctx: RuleContext) -> list[Slot]:
    """``slots`` less those a slot filter the day spans do not state (KNOWN_FILTERS) forbids:
    all of them while the registry holds only the known ones."""
    if tuple(rule.name for rule in SLOT_FILTERS) == KNOWN_FILTERS:
        return slots
    return [s for s in slots if not any(rule.blocks(s, ctx) for rule in SLOT_FILTERS)]


def is_legal(timeline: Timeline, rules: Rules, day: int, start: int, end: int) -> bool:
    """Whether a lift on ``day`` from ``start`` to ``end`` (minutes on the timeline) is a slot
    no rule forbids: one of `legal_slots`, found among the day's spans (cached per season)."""
    spans = next((s for s in day_spans(timeline, rules) if s.day == day), None)
    if spans is None or (start, end) not in set(spans.pairs()):
        return False
    slot = slot_maker(timeline, timeline.days[day])(start, end)
    return bool(_kept_by_other_filters([slot], RuleContext(timeline, rules)))


def _day_costs(
    timeline: Timeline, spans: DaySpans, keep: Between | None, bonus: Bonus | None
) -> Iterator[tuple[int, int, int]]:
    """(cost - bonus, start, end) of each legal slot of the day that ``keep`` keeps, in
    integer arithmetic: what `slot_cost` gives the `Slot` of the same start and end."""
    if not fast_arithmetic():
        weights = timeline.week_of(spans.day).weights
        slot_at = slot_maker(timeline, timeline.days[spans.day])
        for start, end in spans.pairs():
            if keep is None or keep(start, end):
                slot = slot_at(start, end)
                cost = slot_cost(slot, weights)
                yield cost - (bonus(start, end) if bonus else 0), start, end
        return
    lifting, gap_wish, lift_first, kind, easy, w_gap, w_order, w_short, runs = _day_terms(
        timeline, spans.day
    )
    shortest, longest = lifting.min_minutes, lifting.max_minutes
    # short_lift_minute depends on the length only: weighed once a day, not once a slot
    off = [w_short * minutes_off_wish(kind, length, shortest, longest) for length in spans.lengths]
    for start, last in spans.spans:
        # Every legal length ends before the runs that start after `start`: the runs on
        # each side of the lift, and so its order, are the same for all of them.
        before = [run_end for run_start, run_end in runs if run_end <= start]
        after = [run_start for run_start, _ in runs if run_start > start]
        fixed_gap = sum(max(0, gap_wish - (start - run_end)) for run_end in before)
        wrong = bool(before) if lift_first else bool(after)
        base = easy + w_order * wrong + w_gap * fixed_gap
        # only the runs near enough after the longest lift can shorten its gap
        near = [run_start for run_start in after if run_start - gap_wish < last]
        for length, short in zip(spans.lengths, off, strict=True):
            end = start + length
            if end > last:
                break
            if keep is not None and not keep(start, end):
                continue
            cost = base + short
            if near:
                cost += w_gap * sum(max(0, gap_wish - (run_start - end)) for run_start in near)
            yield cost - (bonus(start, end) if bonus else 0), start, end


def best_slots(
    timeline: Timeline,
    rules: Rules,
    *,
    per_day: int = 1,
    days: Callable[[int], bool] | None = None,
    keep: Between | None = None,
    bonus: Bonus | None = None,
    tie: Callable[[int, int], int] | None = None,
) -> list[Slot]:
    """The slots that dominate each day's others, sorted by start.

    With one lift a day (``per_day`` 1): the day's cheapest legal slot (cost less ``bonus``),
    ties to the earlier start, then the longer lift: `model.best_slot_per_day` on every
    legal slot. With ``per_day`` k > 1: the union, for j = 1..k, of the day's j
    non-overlapping slots of least summed (cost, ``tie``): every rule that ties slots
    together counts only a day's lifts, so any plan's day can be swapped for the best set of
    as many lifts, and the model's optimum is the same. ``days`` and ``keep`` filter days and
    (start, end) first (a re-plan's history and full gym).
    """
    chosen: list[Slot] = []
    if per_day == 1 and keep is None and bonus is None:  # weighed once, kept for explain
        return weighed_best_slots(timeline, rules, days)[0]
    if per_day > 1:
        return set_slots(
            timeline,
            best_day_sets(
                timeline, rules, per_day=per_day, days=days, keep=keep, bonus=bonus, tie=tie
            ),
        )
    for spans in day_spans(timeline, rules):
        if days is not None and not days(spans.day):
            continue
        costs = _day_costs(timeline, spans, keep, bonus)
        best = min(costs, key=lambda c: (c[0], c[1], c[1] - c[2]), default=None)
        if best is not None:
            chosen.append(slot_maker(timeline, timeline.days[spans.day])(best[1], best[2]))
    chosen.sort(key=_BY_TIME)
    return chosen


def weighed_best_slots(
    timeline: Timeline, rules: Rules, days: Callable[[int], bool] | None = None
) -> tuple[list[Slot], list[int]]:
    """`best_slots` with one lift a day (of ``days``) and none of a re-plan's filters, and
    each slot's cost, `slot_cost` under its week's weights: weighing the day found it, so
    the model need not weigh its slots again (tests/solver/test_model_build.py)."""
    chosen: list[Slot] = []
    cost_of: dict[int, int] = {}  # by day: a day has one best slot
    for weighed in day_bests(timeline, rules):
        if weighed.best is None or (days is not None and not days(weighed.day)):
            continue
        cost, start, end = weighed.best
        cost_of[weighed.day] = cost
        if weighed.slot is None:
            chosen.append(slot_maker(timeline, timeline.days[weighed.day])(start, end))
        else:
            chosen.append(weighed.slot)
    chosen.sort(key=_BY_TIME)
    return chosen, [cost_of[slot.day] for slot in chosen]


class DaySets(NamedTuple):
    """One day's best set of j non-overlapping lifts for j = 1..len(``sets``): each its
    (start, end) pairs, ascending (fewer than asked when no more fit in the day)."""

    day: int
    sets: list[list[tuple[int, int]]]

    def slots(self) -> list[tuple[int, int]]:
        """Every (start, end) some set holds, ascending."""
        return sorted({pair for chosen in self.sets for pair in chosen})


def set_slots(timeline: Timeline, best: list[DaySets]) -> list[Slot]:
    """Every slot of the days' ``best`` sets, sorted by (start, end)."""
    slots: list[Slot] = []
    for day in best:
        slot_at = slot_maker(timeline, timeline.days[day.day])
        slots.extend(slot_at(start, end) for start, end in day.slots())
    slots.sort(key=_BY_TIME)
    return slots


def best_day_sets(
    timeline: Timeline,
    rules: Rules,
    *,
    per_day: int,
    days: Callable[[int], bool] | None = None,
    keep: Between | None = None,
    bonus: Bonus | None = None,
    tie: Callable[[int, int], int] | None = None,
) -> list[DaySets]:
    """Each open day's best sets of 1..``per_day`` lifts (`best_slots`' arguments), by day:
    with several lifts a day, a day of j lifts in an optimal plan is its best j-set."""
    # Without a re-plan's filters, days of one shape and terms share the slots that can be in
    # a best set (their costs relative to midnight are alike; only the tie-break is the day's):
    # found once for a shape met twice or more; a day of its own shape is searched whole.
    open_days = [s for s in day_spans(timeline, rules) if days is None or days(s.day)]
    keys: list[tuple[object, ...] | None] = [None] * len(open_days)
    if keep is None and bonus is None and fast_arithmetic():
        weeks: dict[int, tuple[object, ...]] = {}
        keys = [(s.shape, _terms_key(timeline, s.day, weeks), per_day) for s in open_days]
    met = Counter(keys)
    chosen = []
    for spans, key in zip(open_days, keys, strict=True):
        if key is not None and (met[key] > 1 or key in _MEMBERS):
            costs = _set_members(timeline, spans, per_day, key)
        else:
            costs = list(_day_costs(timeline, spans, keep, bonus))
        sets = _best_sets(costs, per_day, tie)
        if sets:
            chosen.append(DaySets(spans.day, sets))
    return chosen


# Per day shape, terms and lifts a day: the slots in some least-cost set, relative to midnight
_MEMBERS: dict[tuple[object, ...], list[Weighed]] = {}


def _set_members(
    timeline: Timeline, spans: DaySpans, most: int, key: tuple[object, ...]
) -> list[Weighed]:
    """(cost, start, end) of the day's slots that belong to a set of j non-overlapping
    slots of least summed cost, for some j in 1..``most`` (``key``: the day's shape, terms
    and ``most``, as `best_day_sets` makes it): the best sets of `_best_sets` (least cost,
    then least summed tie-break) are among them, and `_best_sets` picks the same ones among
    them as among every slot (tests/solver/test_legal.py)."""
    members = _MEMBERS.get(key)
    midnight = spans.midnight
    if members is None:
        every = list(_day_costs(timeline, spans, None, None))
        members = [(c, s - midnight, e - midnight) for c, s, e in _in_best(every, most)]
        remember(_MEMBERS, key, members, _SHAPES_MOST)
    return [(cost, start + midnight, end + midnight) for cost, start, end in members]


def _in_best(costs: list[Weighed], most: int) -> list[Weighed]:
    """The (cost, start, end) of ``costs`` in some set of j non-overlapping slots of least
    summed cost, j = 1..``most``: for each slot, the best a slots ending before it and the
    best b starting after it (a + b = j - 1), by dynamic programming from each side."""
    if not costs:
        return []
    by_end = sorted(costs, key=lambda c: c[2])
    by_start = sorted(costs, key=lambda c: -c[1])
    ends = [end for _, _, end in by_end]
    starts = [-start for _, start, _ in by_start]
    # before[a][i]: least cost of a slots among by_end[:i]; after[b][i]: among by_start[:i]
    before = _least_sums([cost for cost, _, _ in by_end], ends, [s for _, s, _ in by_end], most)
    after = _least_sums(
        [cost for cost, _, _ in by_start], starts, [-e for _, _, e in by_start], most
    )
    best = [before[j][-1] for j in range(most + 1)]
    kept = []
    for cost, start, end in costs:
        ended = bisect.bisect_right(ends, start)  # slots ending by this one's start
        begun = bisect.bisect_right(starts, -end)  # slots starting at its end or later
        if any(
            before[a][ended] + cost + after[j - 1 - a][begun] == best[j]
            for j in range(1, most + 1)
            if best[j] < _NONE
            for a in range(j)
        ):
            kept.append((cost, start, end))
    return kept


_NONE = 1 << 62  # no such set


def _least_sums(costs: list[int], keys: list[int], limits: list[int], most: int) -> list[list[int]]:
    """``sums[a][i]``: the least summed cost of a non-overlapping items among the first i,
    items sorted by ``keys`` (their far end), item i fitting after those whose key is at
    most ``limits[i]`` (its near end); _NONE when no such a items exist."""
    sums = [[0] * (len(costs) + 1)]
    fits = [bisect.bisect_right(keys, limit) for limit in limits]
    for _ in range(most):
        below, layer = sums[-1], [_NONE]
        for i, cost in enumerate(costs):
            layer.append(min(layer[-1], below[fits[i]] + cost))
        sums.append(layer)
    return sums


def cheapest_by_day(timeline: Timeline, rules: Rules) -> dict[int, list[tuple[int, Slot]]]:
    """Each day's cheapest legal slot and its cheapest at another start, as (cost, slot) in
    order of (cost, start, end): what sorting every legal slot would put first, without
    materialising them (explain's runner-ups need no more)."""
    cheapest: dict[int, list[tuple[int, Slot]]] = {}
    for weighed in day_bests(timeline, rules):
        if weighed.cheapest:
            slot_at = slot_maker(timeline, timeline.days[weighed.day])
            cheapest[weighed.day] = [(c, slot_at(start, end)) for c, start, end in weighed.cheapest]
    return cheapest


def _best_sets(
    costs: list[tuple[int, int, int]], most: int, tie: Callable[[int, int], int] | None
) -> list[list[tuple[int, int]]]:
    """The best j non-overlapping slots for j = 1..``most`` (as many as fit), each set's
    (start, end) ascending (weighted interval choice by dynamic programming over slots
    sorted by end; ties to the earlier slots)."""
    if not costs:
        return []
    scale = (most + 1) << 20  # summed tie-breaks stay below one unit of cost
    items = sorted(
        (end, start, cost * scale + (tie(start, end) if tie else 0)) for cost, start, end in costs
    )
    ends = [end for end, _, _ in items]
    # fits[i]: how many items end by the time item i starts (they may precede it)
    fits = [bisect.bisect_right(ends, start) for _, start, _ in items]
    unset = None
    # layer[j][i]: (value, last item) of the best j items among items[:i]
    layers: list[list[tuple[int, int] | None]] = [[(0, -1)] * (len(items) + 1)]
    for _ in range(most):
        below = layers[-1]
        layer: list[tuple[int, int] | None] = [unset]
        best = unset
        for i, (_, _, value) in enumerate(items):
            before = below[fits[i]]
            if before is not None and (best is None or before[0] + value < best[0]):
                best = (before[0] + value, i)
            layer.append(best)
        if best is None:
            break
        layers.append(layer)
    sets = []
    for j in range(1, len(layers)):
        chosen = []
        at = len(items)
        for k in range(j, 0, -1):  # walk back through the layers
            entry = layers[k][at]
            assert entry is not None
            end, start, _ = items[entry[1]]
            chosen.append((start, end))
            at = fits[entry[1]]
        sets.append(sorted(chosen))
    return sets
