"""Wall-clock values as users write them: ``"HH:MM"`` times and ``"HH:MM-HH:MM"`` windows.

They are parsed once, at validation, into minutes after local midnight, and written back
in the same text form, so a season round-trips through JSON unchanged.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import BeforeValidator, PlainSerializer, WithJsonSchema

MINUTES_PER_DAY = 24 * 60
_CLOCK = re.compile(r"^([0-9]{1,2}):([0-9]{2})$")
_WINDOW_PATTERN = r"^[0-9]{1,2}:[0-9]{2}-[0-9]{1,2}:[0-9]{2}$"


def format_clock(minute_of_day: int) -> str:
    """``570`` -> ``"09:30"``; ``1440`` -> ``"24:00"``."""
    return f"{minute_of_day // 60:02d}:{minute_of_day % 60:02d}"


def parse_clock(text: Any, *, allow_24: bool = False) -> int:
    """Parse ``"HH:MM"`` into minutes after midnight, or raise ValueError saying why."""
    if not isinstance(text, str):
        # YAML 1.1 readers turn 17:00 into 1020; a number here is almost always that mistake.
        raise ValueError(f'expected a time "HH:MM" as text, got {text!r} (quote it)')
    match = _CLOCK.match(text.strip())
    if not match:
        raise ValueError(f'expected a time "HH:MM", got {text!r}')
    hours, minutes = int(match.group(1)), int(match.group(2))
    if minutes >= 60 or hours > 24 or (hours == 24 and (minutes or not allow_24)):
        raise ValueError(f"{text!r} is not a time of day")
    return hours * 60 + minutes


@dataclass(frozen=True, order=True)
class Window:
    """Part of one local day: ``start`` to ``end`` (exclusive), in minutes after midnight."""

    start: int
    end: int

    def __str__(self) -> str:
        return f"{format_clock(self.start)}-{format_clock(self.end)}"


def parse_window(value: Any) -> Window:
    if isinstance(value, Window):
        return value
    if not isinstance(value, str) or value.count("-") != 1:
        raise ValueError(f'expected a window "HH:MM-HH:MM", got {value!r}')
    start_text, end_text = value.split("-")
    start = parse_clock(start_text)
    end = parse_clock(end_text, allow_24=True)
    if end < start:
        raise ValueError(f"end {end_text.strip()} is before start {start_text.strip()}")
    if end == start:
        raise ValueError(f"window {value!r} is empty (end equals start)")
    return Window(start, end)


# A window's sort key, as its order compares it (start, then end), read in C: a season
# merges each weekday's windows for the validation, the timeline and the checker.
_START_END = operator.attrgetter("start", "end")


def merge_windows(windows: list[Window]) -> list[Window]:
    """Sort and merge overlapping or touching windows of one day."""
    merged: list[Window] = []
    for window in sorted(windows, key=_START_END):
        if merged and window.start <= merged[-1].end:
            last = merged.pop()
            window = Window(last.start, max(last.end, window.end))
        merged.append(window)
    return merged


ClockTime = Annotated[
    int,
    BeforeValidator(parse_clock),
    PlainSerializer(format_clock, return_type=str),
    WithJsonSchema({"type": "string", "pattern": r"^[0-9]{1,2}:[0-9]{2}$", "examples": ["06:30"]}),
]
"""A local time of day, written ``"HH:MM"``, held as minutes after midnight."""

TimeWindow = Annotated[
    Window,
    BeforeValidator(parse_window),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": _WINDOW_PATTERN, "examples": ["17:30-21:00"]}),
]
"""A local window of one day, written ``"HH:MM-HH:MM"`` (``24:00`` allowed as an end)."""
