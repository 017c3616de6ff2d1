"""A session's shape: which slots a lift keeps, its warm-up, and how long it takes.

Time (the plan's estimate, warm-up and cool-down included): every exercise costs a change-over;
a set costs its reps at the tempo's seconds (X = 1 s, at least 2 s a rep), a ballistic rep 1 s,
a hold its seconds, a carry 1 m/s; a unilateral set is done on each side with 10 s to switch;
rest between sets, not after.

A heavy lift keeps the main lifts, then the other slots in KEEP_ORDER while they fit, then
grows sets and rests back to the block's plan (and a little past it) while short. A short dose
(taper, race and race-window lifts, recovery) keeps the main lifts and calf work, a fourth and
fifth slot only in a long booking, at its fixed sets and the block's rests: never more sets or
longer rests to fill the minutes. What the work leaves of the booking goes to the warm-up (up to
15 min) and then to an easy cool-down, said as such.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from liftplan.models.routines import Dosing, Exercise, Pattern, WorkoutExercise

# The order of a session.
SESSION_ORDER = (
    Pattern.PLYOMETRIC,
    Pattern.SQUAT,
    Pattern.HINGE,
    Pattern.LUNGE,
    Pattern.CALF,
    Pattern.PUSH,
    Pattern.PULL,
    Pattern.CORE,
    Pattern.CARRY,
)
MAIN = (Pattern.SQUAT, Pattern.HINGE)  # never dropped: legs in every session
# The order in which slots are kept when minutes are short.
KEEP_ORDER = (
    *MAIN,
    Pattern.LUNGE,
    Pattern.CALF,
    Pattern.PLYOMETRIC,
    Pattern.PULL,
    Pattern.PUSH,
    Pattern.CORE,
    Pattern.CARRY,
)
# A short dose: the main lifts and calf work, then single-leg and core in a long booking.
SHORT_ORDER = (*MAIN, Pattern.CALF, Pattern.LUNGE, Pattern.CORE)
FILLERS = (Pattern.CARRY, Pattern.CORE)  # may gain sets even on a fixed-set day


def short_slots(minutes: int) -> int:
    """How many slots a short dose keeps: 3 up to 30 min, 4 up to 45, else 5."""
    return 3 if minutes <= 30 else 4 if minutes <= 45 else 5


CHANGE_OVER_S = 60
SWITCH_SIDE_S = 10
BALLISTIC_REP_S = 1
CARRY_M_PER_S = 1.0
WARM_UP_MINUTES = (5, 12)  # fewest and most warm-up minutes; light sessions up to 15
LIGHT_WARM_UP_MAX = 15
WARM_UP_DRILLS = (
    (2, "easy jog, bike or skipping"),
    (5, "leg swings, hip circles, walking lunges with a reach"),
    (8, "glute bridges and lateral band walks"),
    (10, "A-skips and ankle hops"),
    (12, "two ramp-up sets of the first lift"),
    (14, "hip and ankle mobility"),
)
COOL_DOWN = (
    "easy walk or bike",
    "hip flexor, calf and hamstring stretches",
    "foam roll quads, calves and upper back",
)


@dataclass
class Item:
    """An exercise being fitted into the session: its dose can still change."""

    exercise: Exercise
    sets: int
    reps: int
    rir: int
    tempo: str
    rest_s: int
    reps_text: str = ""
    fixed_sets: bool = False  # light and deload doses never gain sets

    def seconds(self) -> int:
        return item_seconds(self)


def item_seconds(item: Item) -> int:
    """One exercise's seconds: change-over, sets of work, rests between sets."""
    return _seconds(
        item.exercise.side == "unilateral",
        item.exercise.dose,
        item.reps,
        item.tempo,
        item.sets,
        item.rest_s,
    )


def _seconds(unilateral: bool, kind: Dosing, amount: int, tempo: str, sets: int, rest: int) -> int:
    if kind is Dosing.HOLD:
        per_side = amount
    elif kind is Dosing.CARRY:
        per_side = round(amount / CARRY_M_PER_S)
    elif kind is Dosing.BALLISTIC:
        per_side = amount * BALLISTIC_REP_S
    else:
        per_side = amount * tempo_seconds(tempo)
    work = per_side * 2 + SWITCH_SIDE_S if unilateral else per_side
    return CHANGE_OVER_S + sets * work + (sets - 1) * rest


@functools.cache
def tempo_seconds(tempo: str) -> int:
    """Seconds a rep takes at ``tempo`` ("2-0-1-0"; X = 1 s), at least 2."""
    parts = tempo.split("-")
    if len(parts) != 4:
        return 2
    return max(2, sum(1 if part.upper() == "X" else int(part) for part in parts))


def written_seconds(exercise: WorkoutExercise) -> int:
    """Seconds of a written exercise, by the same formula as ``item_seconds``."""
    amount = int(exercise.reps.split()[0].split("-")[0])
    return _seconds(
        "each side" in exercise.reps,
        exercise.dosing,
        amount,
        exercise.tempo,
        exercise.sets,
        exercise.rest_s,
    )


def estimate_seconds(exercises: list[WorkoutExercise], warm_up_minutes: int = 0) -> int:
    """The session's seconds: the warm-up, then each exercise's change-over, sets and rests."""
    return warm_up_minutes * 60 + sum(written_seconds(e) for e in exercises)


def estimate_minutes(exercises: list[WorkoutExercise], warm_up_minutes: int = 0) -> int:
    return round(estimate_seconds(exercises, warm_up_minutes) / 60)


FitKey = tuple[object, ...]
_FITTED: dict[FitKey, tuple[set[Pattern], int, dict[Pattern, tuple[int, int]]]] = {}
_FITTED_MOST = 4096  # a season repeats few shapes; the cache stays small


def fit(
    items: dict[Pattern, Item],
    minutes: int,
    light: bool,
    short: bool = False,
    deload: bool = False,
    most_sets: int | None = None,
) -> tuple[set[Pattern], int]:
    """``_fit``, remembered: a season's lifts repeat the same few shapes (same exercises,
    doses and minutes), and fitting is most of the time spent writing a workout."""
    key: FitKey = (
        minutes,
        light,
        short,
        deload,
        most_sets,
        *(_shape(pattern, item) for pattern, item in items.items()),
    )
    known = _FITTED.get(key)
    if known is None:
        kept, warm_up = _fit(items, minutes, light, short, deload, most_sets)
        doses = {p: (item.sets, item.rest_s) for p, item in items.items()}
        if len(_FITTED) >= _FITTED_MOST:
            _FITTED.clear()
        _FITTED[key] = (kept, warm_up, doses)
        return kept, warm_up
    kept, warm_up, doses = known
    for pattern, (sets, rest) in doses.items():
        items[pattern].sets, items[pattern].rest_s = sets, rest
    return set(kept), warm_up


def _shape(pattern: Pattern, item: Item) -> tuple[object, ...]:
    """Everything about ``item`` that ``_fit`` reads."""
    exercise = item.exercise
    return (
        pattern,
        exercise.name,
        exercise.side,
        exercise.dose,
        item.sets,
        item.reps,
        item.tempo,
        item.rest_s,
        item.fixed_sets,
    )


def _fit(
    items: dict[Pattern, Item],
    minutes: int,
    light: bool,
    short: bool,
    deload: bool = False,
    most_sets: int | None = None,
) -> tuple[set[Pattern], int]:
    """Which slots the lift keeps and its warm-up minutes, so that warm-up and work fill
    ``minutes`` (within 90-110% where the slots allow). The main lifts always, at their dose
    (fewer sets and shorter rests only if they alone overrun); then each other slot in
    KEEP_ORDER (SHORT_ORDER, at most ``short_slots``, for a ``short`` dose), at 2 sets and
    60 s rest, while it fits; then the planned sets and rests come back in the same order;
    a heavy dose then gains sets (never rests above the planned ones) while under (a short
    one never does, nor a ``deload``: its volume is cut on purpose, so a core or carry slot
    gaining sets would undo the half sets it promises, and it keeps the slots a heavy lift of
    the same minutes would, not the extra ones its halved main lifts leave time for; the
    spare minutes become warm-up and cool-down); then, given ``most_sets`` (a deload's
    share of the heavy week, models/deload.py), `cut_to` it; the warm-up (5-12 min, light
    up to 15) takes up what is left."""
    low, high = WARM_UP_MINUTES
    if light or short:
        high = LIGHT_WARM_UP_MAX
    if minutes < 40:
        high = min(high, 8)
    budget = minutes * 60 - low * 60
    planned = {p: (item.sets, item.rest_s) for p, item in items.items()}
    kept = [p for p in MAIN if p in items]
    for pattern in kept:
        _shrink(items[pattern], budget // max(1, len(kept)))
    used = sum(items[p].seconds() for p in kept)
    if deload:  # the exercises a heavy lift of these minutes holds: the main lifts' sets doubled
        used += sum(_seconds_at(items[p], 2 * items[p].sets) - items[p].seconds() for p in kept)
    order = SHORT_ORDER if short else KEEP_ORDER
    most = short_slots(minutes) if short else len(order)
    for pattern in order:
        item = items.get(pattern)
        if item is None or pattern in kept or len(kept) >= most:
            continue
        item.sets, item.rest_s = min(item.sets, 2), min(item.rest_s, 60)
        seconds = item.seconds()
        if used + seconds <= budget:
            kept.append(pattern)
            used += seconds
    chosen = {p: items[p] for p in order if p in kept}
    enough = minutes * 60 - high * 60
    grow(
        chosen,
        budget,
        enough,
        {p: planned[p][0] for p in chosen},
        {p: planned[p][1] for p in chosen},
    )
    if not (short or deload):
        more_sets = {
            p: (5 if p in MAIN else 4) if not item.fixed_sets or p in FILLERS else item.sets
            for p, item in chosen.items()
        }
        # Time is filled with sets, never with rests above the dosing's standard rest.
        more_rest = {p: planned[p][1] for p in chosen}
        grow(chosen, budget, enough, more_sets, more_rest)
    if most_sets is not None:
        cut_to(chosen, most_sets)
        kept = list(chosen)
    work = sum(item.seconds() for item in chosen.values())
    # Still short with every slot at its most: a longer warm-up (then a cool-down).
    warm_up = min(LIGHT_WARM_UP_MAX, max(low, round((minutes * 60 - work) / 60)))
    if short or light:
        warm_up = min(warm_up, high)
    return set(kept), warm_up


def cut_to(items: dict[Pattern, Item], most_sets: int) -> None:
    """Fewer working sets until ``items`` hold at most ``most_sets``: the other slots down to
    one set each, the last kept first (carry, core, push ...), then those slots dropped in the
    same order, then the main lifts down to one set each, never fewer. The moves go last: a
    deload keeps the exercises and cuts the sets (Rogerson et al. 2024)."""
    others = [p for p in reversed(KEEP_ORDER) if p in items and p not in MAIN]
    total = sum(item.sets for item in items.values())
    for pattern in others:
        item = items[pattern]
        while total > most_sets and item.sets > 1:
            item.sets -= 1
            total -= 1
    for pattern in others:
        if total <= most_sets:
            break
        total -= items.pop(pattern).sets
    mains = [items[p] for p in reversed(MAIN) if p in items]  # the hinge gives a set first
    while total > most_sets and any(item.sets > 1 for item in mains):
        for item in mains:
            if total > most_sets and item.sets > 1:
                item.sets -= 1
                total -= 1


def _seconds_at(item: Item, sets: int) -> int:
    """``item.seconds()`` with ``sets`` sets."""
    kept, item.sets = item.sets, sets
    try:
        return item.seconds()
    finally:
        item.sets = kept


def _shrink(item: Item, room: int) -> None:
    """Fewer sets (to 2), then shorter rest (to 60 s), until ``item`` takes ``room`` s."""
    while item.seconds() > room and item.sets > 2:
        item.sets -= 1
    while item.seconds() > room and item.rest_s > 60:
        item.rest_s -= 15


def grow(
    items: dict[Pattern, Item],
    most: int,
    enough: int,
    sets: dict[Pattern, int],
    rests: dict[Pattern, int],
) -> None:
    """Raise sets towards ``sets``, then rests towards ``rests`` (15 s at a time), slot by
    slot in order, while the work is short of ``enough`` s and stays within ``most`` s."""
    seconds = {p: item.seconds() for p, item in items.items()}
    total = sum(seconds.values())
    steps = [(p, "sets", sets[p], 1) for p in items] + [(p, "rest_s", rests[p], 15) for p in items]
    changed = True
    while changed:
        changed = False
        for pattern, attribute, cap, step in steps:
            if total >= enough:
                return
            item = items[pattern]
            value = getattr(item, attribute)
            if value >= cap:
                continue
            setattr(item, attribute, min(cap, value + step))
            now = item.seconds()
            if total - seconds[pattern] + now > most:
                setattr(item, attribute, value)
            else:
                total += now - seconds[pattern]
                seconds[pattern] = now
                changed = True


def cool_down_minutes(exercises: list[WorkoutExercise], warm_up: int, minutes: int) -> int:
    """Minutes of cool-down that bring a lift still under 90% of its booking to about 100%:
    a short dose keeps its few exercises and sets (volume cut on purpose), and peak and taper
    weeks add no new exercise, so a long booking can hold more time than work. A coach fills
    it with easy mobility rather than extra sets or long rests; 0 when the work fills it."""
    return cool_down_for(estimate_seconds(exercises, warm_up), minutes)


def cool_down_for(seconds: int, minutes: int) -> int:
    """`cool_down_minutes` of a lift whose warm-up and work take ``seconds``."""
    if round(seconds / 60) >= 0.9 * minutes:  # whole minutes, as the plan states them
        return 0
    return max(1, round((minutes * 60 - seconds) / 60))


def drills(minutes: int) -> list[str]:
    """The warm-up's drills for ``minutes``: general first, then the session's first moves."""
    return [text for start, text in WARM_UP_DRILLS if start <= max(minutes, 2) or start == 2]
