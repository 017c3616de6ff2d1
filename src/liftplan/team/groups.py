"""Coached group sessions: the athletes of a group lift together, at one time.

Each week the group gets ``sessions_per_week`` times that are legal for every member (inside
each one's free windows, clear of each one's runs, allowed by each one's rules), chosen to
cost the members least in total, on days spaced by the strictest rest rule among them (the
last week's sessions included), and never more in a member's week than that week lets them
lift (a taper's ``per_week.max`` of 1 meets once, and the week says why); among times that
cost them the same, the one that crowds out fewest of the other athletes' own best lifts (a
group of 3 in a room of 3 at 18:00 left a non-member who had to start by 18:15 without her
Tuesday lift, when 18:45 cost the group nothing more). The chosen times become fixed lifts
of every member, who are then planned around them. The groups come validated from the team
file (`models.team.Group`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from liftplan.models.season import Rules
from liftplan.models.team import Group
from liftplan.models.wording import listed
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
    # Each member's sessions so far in each of their own weeks (a member whose season starts
    # another day has weeks that straddle the lead's): never above that week's max lifts.
    met: dict[str, Counter[int]] = {a: Counter() for a in group.athletes}

    def week_of(athlete: str, key: tuple[int, int]) -> int:
        return seats[athlete].timeline.days[options[athlete][key].day].week

    def room_to_lift(athlete: str, key: tuple[int, int], counted: Counter[int]) -> bool:
        """Whether ``athlete``'s week at ``key`` lets them lift once more than ``counted``."""
        week = week_of(athlete, key)
        return counted[week] < seats[athlete].timeline.weeks[week - 1].max_lifts

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

    def spaced(key: tuple[int, int], others: list[tuple[int, int]]) -> bool:
        """Whether ``key`` is on a day the rest days keep apart from each of ``others``,
        on every member's own calendar (a member in another time zone may see the group's
        Tuesday evening and Thursday dawn as Wednesday and Thursday)."""
        return all(
            abs(options[a][key].day - options[a][other].day) >= spacing
            for a in group.athletes
            for other in others
        )

    def picked(
        order: list[tuple[int, int]], before: list[tuple[int, int]]
    ) -> list[tuple[int, int]]:
        """The first times in ``order`` on days spaced by the members' rest days, from each
        other and from the times ``before`` (the group's last week's), as many as every
        member's week still lets them lift."""
        chosen: list[tuple[int, int]] = []
        counted = {a: Counter(met[a]) for a in group.athletes}
        for key in order:
            if spaced(key, [*before, *chosen]) and all(
                room_to_lift(a, key, counted[a]) for a in group.athletes
            ):
                chosen.append(key)
                for athlete in group.athletes:
                    counted[athlete][week_of(athlete, key)] += 1
            if len(chosen) == group.sessions_per_week:
                break
        return chosen

    times = GroupTimes(fixed={a: [] for a in group.athletes})
    met_on: list[tuple[int, int]] = []  # the group's times, in order
    for week in lead.weeks:
        legal = by_week.get(week.number, [])
        with_room = [key for key in legal if room.fits(key, people)]
        # A session late last week keeps the first days of this one for the rest days.
        before = [k for k in met_on if options[first][k].day > week.first_day - spacing - 1]
        cheapest = picked(sorted(with_room, key=lambda k: (cost(k), k)), before)
        clear = picked(sorted(with_room, key=lambda k: (cost(k), crowding(k), k)), before)
        # The one with more sessions, then the cheaper for the members, then the one clear
        # of the others (either order, greedy, can block by the rest days what the other
        # fits: the least crowded time first, or the cheapest).
        chosen = min(
            (clear, cheapest),
            key=lambda keys: (-len(keys), sum(map(cost, keys)), keys is not clear),
        )
        if len(chosen) < group.sessions_per_week:
            times.weeks_without.append(week.number)
            touched = {a: {week_of(a, key) for key in legal} for a in group.athletes}
            capped = _capped(group, seats, touched, met, len(chosen))
            if legal and not with_room and capped is None:
                times.room_too_small.append(week.number)
            too_soon = any(not spaced(key, before) for key in with_room)
            times.reasons[week.number] = capped or _why_short(
                group, options, len(chosen), bool(legal), bool(with_room), room, too_soon
            )
        for key in chosen:
            met_on.append(key)
            room.hold(key, people)
            for athlete in group.athletes:
                times.fixed[athlete].append(options[athlete][key])
                met[athlete][week_of(athlete, key)] += 1
    return times


def _capped(
    group: Group,
    seats: dict[str, Seat],
    weeks: dict[str, set[int]],
    met: dict[str, Counter[int]],
    found: int,
) -> str | None:
    """Why a week has only ``found`` group sessions when that is all some member may still
    lift in it (their ``weeks`` it touches: their week's ``per_week.max``, as its phase sets
    it, less the group sessions ``met`` there before), in a coach's words; None when each
    member may lift more (another reason stopped the group)."""
    limits: dict[str, tuple[int, int, str | None]] = {}  # athlete -> (left, max, phase)
    for athlete in group.athletes:
        if not weeks[athlete]:
            return None
        timeline = seats[athlete].timeline
        limits[athlete] = min(
            (
                timeline.weeks[w - 1].max_lifts - met[athlete][w],
                timeline.weeks[w - 1].max_lifts,
                None if timeline.weeks[w - 1].phase is None else str(timeline.weeks[w - 1].phase),
            )
            for w in weeks[athlete]
        )
    least = min(left for left, _, _ in limits.values())
    if least != found or least >= group.sessions_per_week:
        return None
    who = [a for a, (left, _, _) in limits.items() if left == least]
    names = listed(who)
    most = min(limits[a][1] for a in who)
    phases = {limits[a][2] for a in who}
    phase = phases.pop() if len(phases) == 1 else None
    when = f" in the {phase} phase" if phase else ""
    head = "no session" if least == 0 else f"only {least} of {group.sessions_per_week} sessions"
    if most == 0:
        return f"{head}: {names} may not lift that week{when}"
    said = f"{head}: {names} may lift at most {_times(most)} a week{when}"
    if least < most:  # a week of theirs that straddles the lead's, and met in before
        return f"{said}, and the group met in that week of theirs already"
    return said


def _times(number: int) -> str:
    return {1: "once", 2: "twice"}.get(number, f"{number} times")


def _why_short(
    group: Group,
    options: dict[str, dict[tuple[int, int], Slot]],
    found: int,
    legal: bool,
    with_room: bool,
    room: Room,
    too_soon: bool = False,
) -> str:
    """Why a week has fewer group sessions than asked for, in a coach's words (``too_soon``:
    some of its times are too close to the group's session the week before)."""
    wanted = group.sessions_per_week
    if legal and not with_room:
        people = len(group.athletes)
        if people > room.capacity:
            return f"{people} members, but the room has {room.capacity} places"
        return f"no time legal for every member has {people} places left in the room"
    if legal:
        head = "no session" if found == 0 else f"only {found} of {wanted} sessions"
        apart = (
            "too close together, or to the group's session the week before,"
            if too_soon and found
            else "too close to the group's session the week before"
            if too_soon
            else "too close together"
        )
        return f"{head}: the times legal for every member are {apart} for their rest days"
    lengths = {a: {key[1] - key[0] for key in found_keys} for a, found_keys in options.items()}
    if all(lengths.values()) and not set.intersection(*lengths.values()):
        each = ", ".join(
            f"{a} {'/'.join(str(m) for m in sorted(minutes))} min" for a, minutes in lengths.items()
        )
        return f"the members' lifts last different times ({each}): no session fits them all"
    return "no time is free and legal for every member this week"
