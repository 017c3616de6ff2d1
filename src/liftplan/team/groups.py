"""Coached group sessions: the athletes of a group lift together, at one time.

Each week the group gets ``sessions_per_week`` times that are legal for every member (inside
each one's free windows, clear of each one's runs, allowed by each one's rules), chosen to
cost the members least in total, on days spaced by the strictest rest rule among them. The
chosen times become fixed lifts of every member, who are then planned around them. The
groups come validated from the team file (`models.team.Group`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from liftplan.models.season import Rules
from liftplan.models.team import Group
from liftplan.solver.candidates import Slot
from liftplan.solver.objectives import slot_cost
from liftplan.solver.rules import RuleContext, legal_slots
from liftplan.timeline import Timeline


@dataclass
class GroupTimes:
    """Per member, the fixed lifts of the group; and the weeks the group found no time."""

    fixed: dict[str, list[Slot]] = field(default_factory=dict)
    weeks_without: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Seat:
    """One member's view of the team: their timeline, rules and clock offset."""

    timeline: Timeline
    rules: Rules
    epoch_minute: int


def group_times(group: Group, seats: dict[str, Seat]) -> GroupTimes:
    """The group's session times, as each member's own slots."""
    options: dict[str, dict[tuple[int, int], Slot]] = {}
    for athlete in group.athletes:
        seat = seats[athlete]
        options[athlete] = {
            (seat.epoch_minute + slot.start, seat.epoch_minute + slot.end): slot
            for slot in legal_slots(seat.timeline, RuleContext(seat.timeline, seat.rules))
        }
    common = set.intersection(*(set(found) for found in options.values()))
    first = group.athletes[0]
    lead = seats[first].timeline
    by_week: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for key in common:
        by_week[lead.days[options[first][key].day].week].append(key)
    spacing = 1 + max(seats[a].rules.rest_days_between_lifts for a in group.athletes)

    def cost(key: tuple[int, int]) -> int:
        return sum(
            slot_cost(options[a][key], seats[a].timeline.week_of(options[a][key].day).weights)
            for a in group.athletes
        )

    times = GroupTimes(fixed={a: [] for a in group.athletes})
    for week in lead.weeks:
        chosen: list[tuple[int, int]] = []
        for key in sorted(by_week.get(week.number, []), key=lambda k: (cost(k), k)):
            day = options[first][key].day
            if all(abs(day - options[first][other].day) >= spacing for other in chosen):
                chosen.append(key)
            if len(chosen) == group.sessions_per_week:
                break
        if len(chosen) < group.sessions_per_week:
            times.weeks_without.append(week.number)
        for key in chosen:
            for athlete in group.athletes:
                times.fixed[athlete].append(options[athlete][key])
    return times
