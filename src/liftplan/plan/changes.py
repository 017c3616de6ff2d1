"""What changed between two plans, lift by lift, in a runner's words: a re-plan's changes
and a compared scenario's diff (moved, shortened, lengthened, dropped, added)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from liftplan.models.plan import Session
from liftplan.models.wording import count, moment, tally

# Each kind of change, in the order the summary counts them.
CHANGE_KINDS = ("moved", "shortened", "lengthened", "dropped", "added")


@dataclass(frozen=True)
class LiftChange:
    """One lift a re-plan (or a scenario) changed: ``kind`` (one of CHANGE_KINDS) and the
    ``line`` that tells it, e.g. ``shortened week 2: Tue 2026-03-10 17:30, 60 -> 45 min``."""

    kind: str
    line: str


def lift_changes(before: list[Session], after: list[Session]) -> list[LiftChange]:
    """The lifts of ``after`` against ``before``, in week order.

    A lift at the same start and end is unchanged; one at the same start but another length
    was shortened or lengthened; within a week, the lifts that left and those that arrived
    are paired in time order as moves; the rest were dropped or added."""
    same = {(s.start, s.end) for s in before} & {(s.start, s.end) for s in after}
    left = [s for s in before if (s.start, s.end) not in same]
    arrived = [s for s in after if (s.start, s.end) not in same]
    changes: list[tuple[int, dt.datetime, LiftChange]] = []
    for old in list(left):
        fresh = next((s for s in arrived if s.start == old.start), None)
        if fresh is None:
            continue
        left.remove(old)
        arrived.remove(fresh)
        kind = "shortened" if fresh.minutes < old.minutes else "lengthened"
        line = f"{kind} week {fresh.week}: {moment(old.start)}, {_lengths(old, fresh)}"
        changes.append((fresh.week, old.start, LiftChange(kind, line)))
    gone: dict[int, list[Session]] = defaultdict(list)
    new: dict[int, list[Session]] = defaultdict(list)
    for old in sorted(left, key=lambda s: s.start):
        gone[old.week].append(old)
    for fresh in sorted(arrived, key=lambda s: s.start):
        new[fresh.week].append(fresh)
    for week in gone.keys() | new.keys():
        olds, fresh_ones = gone[week], new[week]
        for old, fresh in zip(olds, fresh_ones, strict=False):
            length = "" if old.minutes == fresh.minutes else f", {_lengths(old, fresh)}"
            line = f"moved week {week}: {moment(old.start)} -> {moment(fresh.start)}{length}"
            changes.append((week, old.start, LiftChange("moved", line)))
        for old in olds[len(fresh_ones) :]:
            line = f"dropped week {week}: {moment(old.start)}"
            changes.append((week, old.start, LiftChange("dropped", line)))
        for fresh in fresh_ones[len(olds) :]:
            line = f"added week {week}: {moment(fresh.start)}"
            changes.append((week, fresh.start, LiftChange("added", line)))
    return [change for _, _, change in sorted(changes, key=lambda c: (c[0], c[1]))]


def _lengths(old: Session, new: Session) -> str:
    return f"{old.minutes} -> {new.minutes} min"


def changes_summary(changes: list[LiftChange], cores: list[LiftChange] | None = None) -> str:
    """``36 changes: 36 lifts shortened``, ``2 changes: 1 lift moved, 1 lift dropped``
    (then the ``cores``' changes, ``1 core session added``), or ``no change``."""
    cores = cores or []
    if not changes and not cores:
        return "no change"
    told = [
        tally(_by_kind(found), noun)
        for found, noun in ((changes, "lift"), (cores, "core session"))
        if found
    ]
    return f"{count(len(changes) + len(cores), 'change')}: {', '.join(told)}"


def _by_kind(changes: list[LiftChange]) -> dict[str, int]:
    return {kind: sum(1 for c in changes if c.kind == kind) for kind in CHANGE_KINDS}


__all__ = ["CHANGE_KINDS", "LiftChange", "changes_summary", "lift_changes"]
