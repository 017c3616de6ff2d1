"""A plan's local times: `Timeline.to_local`, a day's midnight plus minutes where it can.

A 16-week plan writes ~260 local times (each session's start and end); zoneinfo's
conversion of each was a fifth of the plan build. A day that keeps one UTC offset from
its midnight to its last minute (every day but the few with a clock change) reads its
times as its local midnight plus the minutes since: the same aware datetime, its tzinfo
the zone and its fold 0, as the conversion gives. Any other instant (a clock-change day,
outside the season) is converted by the timeline as before.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from zoneinfo import ZoneInfo

from liftplan.models.clock import MINUTES_PER_DAY
from liftplan.timeline import Timeline

MINUTE = dt.timedelta(minutes=1)
_LAST_MINUTE = (MINUTES_PER_DAY - 1) * MINUTE


@functools.lru_cache(maxsize=8192)  # a few zones' decades: a team's seasons share dates
def steady_midnight(zone: ZoneInfo, day: dt.date) -> dt.datetime | None:
    """``day``'s local midnight (aware, in ``zone``) when the day keeps one UTC offset
    through its first 1440 minutes, else None: 1439 minutes after the instant of its
    midnight, the clock reads 23:59 of the day. (A midnight in a gap reads later; two
    changes that cancel within a day would hide, and the tz database has no zone whose
    offset changes twice within 48 hours.)"""
    midnight = dt.datetime.combine(day, dt.time(), tzinfo=zone)
    last = (midnight.astimezone(dt.UTC) + _LAST_MINUTE).astimezone(zone)
    steady = last.replace(tzinfo=None) == midnight.replace(tzinfo=None) + _LAST_MINUTE
    return midnight if steady else None


class LocalTimes:
    """``LocalTimes(timeline)(minute)`` is ``timeline.to_local(minute)``: the local date
    and time of an instant (minutes after the season's epoch) with its UTC offset."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self._midnights = [day.midnight for day in timeline.days]  # to find an instant's day
        zone = timeline.zone
        # Each day's local midnight when the day keeps one offset (its instant is then the
        # day's `midnight`: the first local time of the day that exists), else None.
        self._steady = [steady_midnight(zone, day.date) for day in timeline.days]

    def __call__(self, minute: int) -> dt.datetime:
        index = bisect.bisect_right(self._midnights, minute) - 1
        if index >= 0:
            midnight = self._steady[index]
            since = minute - self._midnights[index]
            if midnight is not None and since < MINUTES_PER_DAY:  # not past the day
                return midnight + MINUTE * since
        return self.timeline.to_local(minute)
