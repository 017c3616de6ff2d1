"""A busy calendar's recurring events, expanded span by span (io/calendar_limits.py).

The library's own ``after`` asked once per occurrence and walked each rule from its first
occurrence every time: an hourly event over two years never finished. The spans must find
exactly the occurrences one plain query over the season finds, and a calendar near the
limit must solve through the CLI.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from liftplan.cli.app import cli
from liftplan.io.calendar_limits import MAX_BUSY_EVENTS, season_occurrences

ZONE = ZoneInfo("America/New_York")
SEASON_START = dt.datetime(2026, 3, 2, tzinfo=ZONE)

event = st.fixed_dictionaries(
    {
        "offset_hours": st.integers(-24 * 20, 24 * 30),  # some begin before the season
        "minutes": st.integers(0, 60 * 50),  # some cross a span's edge, some last no time
        "freq": st.sampled_from(["", "HOURLY", "DAILY", "WEEKLY"]),
        "interval": st.integers(1, 9),
        "count": st.one_of(st.none(), st.integers(1, 60)),
    }
)


def calendar_text(events: list[dict[str, int | str | None]]) -> str:
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    for number, item in enumerate(events):
        start = dt.datetime(2026, 3, 2, 5, tzinfo=dt.UTC) + dt.timedelta(
            hours=int(item["offset_hours"] or 0)
        )
        end = start + dt.timedelta(minutes=int(item["minutes"] or 0))
        lines += [
            "BEGIN:VEVENT",
            f"UID:e{number}",
            f"DTSTART:{start:%Y%m%dT%H%M%SZ}",
            f"DTEND:{end:%Y%m%dT%H%M%SZ}",
        ]
        if item["freq"]:
            count = f";COUNT={item['count']}" if item["count"] else ""
            lines.append(f"RRULE:FREQ={item['freq']};INTERVAL={item['interval']}{count}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"


def occurrences(found: list[icalendar.Event]) -> list[tuple[str, dt.datetime, dt.datetime]]:
    return sorted(
        (str(item["UID"]), item.decoded("DTSTART"), item.decoded("DTEND")) for item in found
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(events=st.lists(event, min_size=1, max_size=4), days=st.integers(1, 40))
def test_spans_find_what_one_query_over_the_season_finds(
    events: list[dict[str, int | str | None]], days: int
) -> None:
    calendar = icalendar.Calendar.from_ical(calendar_text(events))
    end = SEASON_START + dt.timedelta(days=days)
    plain = recurring_ical_events.of(calendar).between(SEASON_START, end)
    spans = season_occurrences(calendar, "busy.ics", SEASON_START, end)
    assert occurrences(spans) == occurrences(plain)


def busy_season(folder: Path, weeks: int) -> Path:
    """One half-hour event every hour through ``weeks``; 30 min lifts in the free halves."""
    (folder / "busy.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
        "UID:busy\r\nDTSTART:20260302T050000Z\r\nDTEND:20260302T053000Z\r\n"
        "RRULE:FREQ=HOURLY\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        encoding="utf-8",
    )
    season = {
        "timezone": "America/New_York",
        "season": {"start": "2026-03-02", "weeks": weeks},
        "availability": {"from_ics": "busy.ics"},
        "runs": {"weekly": {"tue": {"kind": "track", "start": "06:30", "minutes": 60}}},
        "lifting": {"per_week": {"min": 2, "max": 3}, "granularity_minutes": 15, "minutes": 30},
    }
    path = folder / "season.yaml"
    path.write_text(yaml.safe_dump(season, sort_keys=False), encoding="utf-8")
    return path


def test_a_calendar_near_the_event_limit_solves_and_the_plan_passes_check(
    tmp_path: Path,
) -> None:
    weeks = 113  # 113 * 7 * 24 = 18,984 hourly occurrences
    assert 0.9 * MAX_BUSY_EVENTS < weeks * 7 * 24 <= MAX_BUSY_EVENTS
    season = busy_season(tmp_path, weeks)
    plan = tmp_path / "plan.json"
    runner = CliRunner()
    solved = runner.invoke(cli, ["solve", str(season), "-o", str(plan)])
    assert solved.exit_code == 0, solved.output
    sessions = json.loads(plan.read_text(encoding="utf-8"))["sessions"]
    lifts = [item for item in sessions if item["activity"] == "lift"]
    assert len(lifts) >= 2 * weeks
    # every lift fills a free half hour: it starts on the half hour, local time
    assert {lift["start"][14:16] for lift in lifts} == {"30"}, lifts[:3]
    checked = runner.invoke(cli, ["check", str(season), str(plan)])
    assert checked.exit_code == 0, checked.output
