"""`merge_windows` sorts by its key read in C: the windows it gives are those of sorting by
the windows' own order, on generated days."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from liftplan.models.clock import MINUTES_PER_DAY, Window, merge_windows


@st.composite
def windows(draw: st.DrawFn) -> Window:
    start = draw(st.integers(min_value=0, max_value=MINUTES_PER_DAY - 1))
    return Window(start, draw(st.integers(min_value=start + 1, max_value=MINUTES_PER_DAY)))


def merged_plainly(day: list[Window]) -> list[Window]:
    merged: list[Window] = []
    for window in sorted(day):
        if merged and window.start <= merged[-1].end:
            last = merged.pop()
            window = Window(last.start, max(last.end, window.end))
        merged.append(window)
    return merged


@settings(max_examples=300, deadline=None)
@given(day=st.lists(windows(), max_size=6))
def test_windows_merge_as_their_own_order_sorts_them(day: list[Window]) -> None:
    assert merge_windows(day) == merged_plainly(day)
    assert merge_windows(day[::-1]) == merged_plainly(day)
