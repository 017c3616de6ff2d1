"""Per-process memos of the model's building blocks (a day's legal spans, a week's
patterns), shared by a batch worker's athletes: each is emptied when full, so a long-lived
process never grows without bound."""

from __future__ import annotations

from typing import TypeVar

_Key = TypeVar("_Key")
_Value = TypeVar("_Value")


def remember(cache: dict[_Key, _Value], key: _Key, value: _Value, most: int) -> None:
    """``cache[key] = value``, ``cache`` emptied first when it holds ``most`` entries."""
    if len(cache) >= most:
        cache.clear()
    cache[key] = value
