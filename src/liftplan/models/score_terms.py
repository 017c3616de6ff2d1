"""The soft objectives' wishes in a coach's words, by the name the plan's score uses.

The solver's registry (solver/objectives.py: SOFT_TERMS) takes each term's wording from here,
so the pages can print a plan's score in words without importing the solver. Order is the
score's order (SPEC section 4).
"""

from __future__ import annotations

SOFT_TERM_WORDS: dict[str, str] = {
    "easy_day_lift": "Keep hard days hard and easy days easy: lift on the days with a hard run.",
    "short_gap_minute": "Leave about {gap} between a run and a lift on the same day.",
    "wrong_order": "Run first, then lift (lift first in a base phase).",
    "below_target": "Lift the target number of times each week (three is ideal, two still works).",
    "habit": "Keep the same lifting days from week to week: "
    "lift n on the weekday of last week's lift n.",
    "short_lift_minute": "When the length may vary, a full-length lift is better than a short one; "
    "a light lift (taper, race window) is better short.",
    "block_rotation": "Start a new block with a new phase and after a deload week; "
    "keep the race week's routine.",
}

# Each term as a row of a table of costs (compare): short, in the same words.
SOFT_TERM_LABELS: dict[str, str] = {
    "easy_day_lift": "cost: lifts on easy days",
    "short_gap_minute": "cost: run-to-lift gaps too short",
    "wrong_order": "cost: lifts before the run",
    "below_target": "cost: weeks below the lift target",
    "habit": "cost: lifting days that moved",
    "short_lift_minute": "cost: lift lengths off the wish",
    "block_rotation": "cost: blocks out of step with phases",
}


def term_label(name: str) -> str:
    """A table row's name: a score term's label (SOFT_TERM_LABELS), any other row as it is."""
    return SOFT_TERM_LABELS.get(name, name)


def hours_text(hours: float) -> str:
    """``3`` -> ``"3 hours"``, ``1`` -> ``"1 hour"``, ``1.5`` -> ``"1.5 hours"``."""
    number = f"{hours:g}"
    return f"{number} hour" if number == "1" else f"{number} hours"


def term_wish(name: str, gap_hours: float | list[float] | None = None) -> str:
    """A score term's wish in words, its placeholder filled from the season: ``gap_hours``
    (the run-to-lift gap; several when phases differ, the season's own first). Without it,
    the gap is named in words. An unknown term is returned as it is."""
    words = SOFT_TERM_WORDS.get(name, name)
    gaps = [gap_hours] if isinstance(gap_hours, int | float) else list(gap_hours or [])
    gaps = list(dict.fromkeys(gaps))
    if not gaps:
        gap = "the season's run-to-lift gap"
    elif len(gaps) == 1:
        gap = hours_text(gaps[0])
    else:
        gap = f"{hours_text(gaps[0])} ({', '.join(f'{g:g}' for g in gaps[1:])} in some phases)"
    return words.replace("{gap}", gap)


# Which end of the lift-length range short_lift_minute wishes for, by lift kind: a heavy or
# deload lift is counted in minutes short of the longest length allowed, a light lift (taper,
# race window) in minutes beyond the shortest, so a coach's light lift is booked short.
LIFT_LENGTH_WISH: dict[str, str] = {"heavy": "longest", "deload": "longest", "light": "shortest"}


def minutes_off_wish(kind: str, minutes: int, shortest: int, longest: int) -> int:
    """short_lift_minute's amount for a ``kind`` lift of ``minutes`` allowed
    ``shortest``..``longest`` minutes: minutes away from the wished end (LIFT_LENGTH_WISH),
    never below 0 (a lift outside the range is a lift_minutes violation, not a bonus)."""
    if LIFT_LENGTH_WISH[kind] == "shortest":
        return max(0, minutes - shortest)
    return max(0, longest - minutes)
