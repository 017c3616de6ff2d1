"""How durations, days and times read in everything liftplan writes: one place for the words.

It lives in ``models`` (not ``plan``) because every stage that words a plan may import models
and nothing else is shared by all of them: the writers in ``io/render`` and the checker may
import only models, and ``plan``, ``explain``, ``compare`` and ``cli`` word the same things.

Day names are English on purpose, independent of the process locale (``%a`` in the C locale,
which Python keeps unless told otherwise), so the same plan gives the same bytes anywhere.
"""

from __future__ import annotations

import datetime as dt

DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def day_name(day: dt.date) -> str:
    """``2026-03-02`` -> ``"Monday"``."""
    return DAY_NAMES[day.weekday()]


def short_day_name(day: dt.date) -> str:
    """``2026-03-02`` -> ``"Mon"``, as ``strftime("%a")`` gives it in the C locale."""
    return DAY_NAMES[day.weekday()][:3]


def listed(names: list[str]) -> str:
    """``names`` as a sentence lists them: "ana", "ana and ben", "ana, ben and cy"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def moment(when: dt.datetime) -> str:
    """A session's local start: ``"Mon 2026-03-02 07:00"``."""
    return f"{short_day_name(when)} {when:%Y-%m-%d %H:%M}"


def day_and_time(when: dt.datetime) -> str:
    """A time within a known week: ``"Mon 07:00"``."""
    return f"{short_day_name(when)} {when:%H:%M}"


def duration_text(minutes: int) -> str:
    """A gap in a coach's words, sign dropped.

    ``195`` -> ``"3 h 15 min"``, ``45`` -> ``"45 min"``, ``120`` -> ``"2 h"``.
    """
    hours, rest = divmod(abs(minutes), 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h" if not rest else f"{hours} h {rest} min"


def padded_duration_text(minutes: int) -> str:
    """Hours and zero-padded minutes, as the checker words a gap: ``65`` -> ``"1 h 05 min"``."""
    return f"{minutes // 60} h {minutes % 60:02d} min"


def decimal_hours(minutes: float) -> str:
    """Hours to one decimal, for a table column already headed in hours: ``90`` -> ``"1.5"``."""
    return f"{minutes / 60:.1f}"


MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: dt.date) -> str:
    """A date within a known season, as a coach writes it: ``2026-05-09`` -> ``"Sat 9 May"``."""
    return f"{short_day_name(day)} {day.day} {MONTH_NAMES[day.month - 1]}"


def plural(number: int, noun: str, many: str | None = None) -> str:
    """``noun`` as ``number`` of it reads: ``(1, "week")`` -> ``"week"``, ``(2, "week")`` ->
    ``"weeks"``; ``many`` for a noun whose plural is not ``noun + "s"``."""
    return noun if number == 1 else many or f"{noun}s"


def count(number: int, noun: str, many: str | None = None) -> str:
    """A number and its noun: ``(1, "athlete")`` -> ``"1 athlete"``, ``(0, "lift")`` ->
    ``"0 lifts"``; the one place liftplan words a count."""
    return f"{number} {plural(number, noun, many)}"


def tally(counts: dict[str, int], noun: str, many: str | None = None) -> str:
    """How many of ``noun`` each verb did, in the order given, zeros left out:
    ``({"moved": 1, "shortened": 36}, "lift")`` -> ``"1 lift moved, 36 lifts shortened"``."""
    return ", ".join(f"{count(n, noun, many)} {verb}" for verb, n in counts.items() if n)
