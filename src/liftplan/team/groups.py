"""Coached group sessions: the athletes of a group lift together, at one time.

Each week the group gets ``sessions_per_week`` times that are legal for every member (inside
each one's free windows, clear of each one's runs, allowed by each one's rules), chosen to
cost the members least in total, on days spaced by the strictest rest rule among them; among
times that cost them the same, the one that crowds out fewest of the other athletes' own best
lifts (a group of 3 in a room of 3 at 18:00 left a non-member who had to start by 18:15
without her Tuesday lift, when 18:45 cost the group nothing more). The chosen times become
fixed lifts of every member, who are then planned around them. The groups come validated
from the team file (`models.team.Group`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from liftplan.models.season import Rules
from liftplan.models.team import Group
from liftplan.solver.candidates import Slot
from liftplan.solver.objectives import slot_cost
from liftplan.solver.rules import RuleContext, legal_slots
from liftplan.timeline import Timeline


@dataclass
class GroupTimes:
    """Per member, the fixed lifts of the group; the weeks the group found no time, each
    with the reason; and whether the room's capacity is what stopped it (a clash, not a
    matter of free time)."""

    fixed: dict[str, list[Slot]] = field(default_factory=dict)
    weeks_without: list[int] = field(default_factory=list)
    reasons: dict[int, str] = field(default_factory=dict)
    room_too_small: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Seat:
    """One member's view of the team: their timeline, rules and clock offset."""

    timeline: Timeline
    rules: Rules
    epoch_minute: int


@dataclass
class Room:
    """The weight room's places, and the places groups already hold in each time bucket
    (Unix minutes // ``bucket_minutes``)."""

    capacity: int
    bucket_minutes: int = 15
    held: Counter[int] = field(default_factory=Counter)

    def buckets(self, key: tuple[int, int]) -> range:
        """The buckets a session from ``key[0]`` to ``key[1]`` (Unix minutes) occupies."""
        size = self.bucket_minutes
        return range(key[0] // size, (key[1] - 1) // size + 1)

    def fits(self, key: tuple[int, int], people: int) -> bool:
        return all(self.held[b] + people <= self.capacity for b in self.buckets(key))

    def hold(self, key: tuple[int, int], people: int) -> None:
        for bucket in self.buckets(key):
            self.held[bucket] += people


def group_times(
    group: Group,
    seats: dict[str, Seat],
    room: Room | None = None,
    wanted: Counter[int] | None = None,
) -> GroupTimes:
    """The group's session times, as each member's own slots: times legal for every member,
    with places for the whole group in the ``room`` (never more than its capacity).
    ``wanted``: the places the other athletes' best plans alone would take in each of the
    room's buckets; of the times that cost the members the same, the one that leaves them
    the most room is taken."""
    room = room or Room(capacity=len(group.athletes))
    wanted = wanted or Counter()
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
    people = len(group.athletes)

    def cost(key: tuple[int, int]) -> int:
        return sum(
            slot_cost(options[a][key], seats[a].timeline.week_of(options[a][key].day).weights)
            for a in group.athletes
        )

    def crowding(key: tuple[int, int]) -> int:
        """The places the others would want at ``key`` that the group leaves them short of."""
        return sum(
            max(0, room.held[b] + people + wanted[b] - room.capacity) for b in room.buckets(key)
        )

    def picked(order: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The first times in ``order`` on days spaced by the members' rest days."""
        chosen: list[tuple[int, int]] = []
        for key in order:
            day = options[first][key].day
            if all(abs(day - options[first][other].day) >= spacing for other in chosen):
                chosen.append(key)
            if len(chosen) == group.sessions_per_week:
                break
        return chosen

    times = GroupTimes(fixed={a: [] for a in group.athletes})
    for week in lead.weeks:
        legal = by_week.get(week.number, [])
        with_room = [key for key in legal if room.fits(key, people)]
        cheapest = picked(sorted(with_room, key=lambda k: (cost(k), k)))
        clear = picked(sorted(with_room, key=lambda k: (cost(k), crowding(k), k)))
        # The one with more sessions, then the cheaper for the members, then the one clear
        # of the others (either order, greedy, can block by the rest days what the other
        # fits: the least crowded time first, or the cheapest).
        chosen = min(
            (clear, cheapest),
            key=lambda keys: (-len(keys), sum(map(cost, keys)), keys is not clear),
        )
        if len(chosen) < group.sessions_per_week:
            times.weeks_without.append(week.number)
            if legal and not with_room:
                times.room_too_small.append(week.number)
            times.reasons[week.number] = _why_short(
                group, options, len(chosen), bool(legal), bool(with_room), room
            )
        for key in chosen:
            room.hold(key, people)
            for athlete in group.athletes:
                times.fixed[athlete].append(options[athlete][key])
    return times


def _why_short(
    group: Group,
    options: dict[str, dict[tuple[int, int], Slot]],
    found: int,
    legal: bool,
    with_room: bool,
    room: Room,
) -> str:
    """Why a week has fewer group sessions than asked for, in a coach's words."""
    wanted = group.sessions_per_week
    if legal and not with_room:
        people = len(group.athletes)
        if people > room.capacity:
            return f"{people} members, but the room has {room.capacity} places"
        return f"no time legal for every member has {people} places left in the room"
    if legal:
        return (
            f"only {found} of {wanted} sessions: the times legal for every member are too "
            "close together for their rest days"
        )
    lengths = {a: {key[1] - key[0] for key in found_keys} for a, found_keys in options.items()}
    if all(lengths.values()) and not set.intersection(*lengths.values()):
        each = ", ".join(
            f"{a} {'/'.join(str(m) for m in sorted(minutes))} min" for a, minutes in lengths.items()
        )
        return f"the members' lifts last different times ({each}): no session fits them all"
    return "no time is free and legal for every member this week"
