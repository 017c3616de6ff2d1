"""A busy calendar's repeat rule that never occurs in the season is not walked to the year
9999 (dateutil's walk, about 7 s an hourly rule, UNTIL or not): rules whose day parts fit
no day the season's expansion can reach are taken out first, and every rule that occurs
in the season gives the same occurrences as the unbounded expansion."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import dateutil.rrule
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import EVENINGS, invoke, season_data, solve_both_checked
from liftplan.io.calendar_events import CalendarRead, parse_events

CASES = Path(__file__).parents[1] / "cases"
ZONE = ZoneInfo("Europe/Madrid")


def calendar(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\r\n{event}END:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{body}END:VCALENDAR\r\n"


def event(uid: str, start: str, *lines: str, minutes: int = 60) -> str:
    begin = dt.datetime.strptime(start, "%Y%m%dT%H%M%S")
    end = begin + dt.timedelta(minutes=minutes)
    head = [
        f"UID:{uid}",
        f"SUMMARY:{uid}",
        f"DTSTART;TZID=Europe/Madrid:{start}",
        f"DTEND;TZID=Europe/Madrid:{end.year:04}{end:%m%dT%H%M%S}",  # %Y: "1" for 0001
    ]
    return "".join(f"{line}\r\n" for line in (*head, *lines))


@contextmanager
def periods_walked() -> Iterator[list[int]]:
    """Counts the periods (months, years) dateutil's expansion builds its days for."""
    calls = [0]
    rebuild = dateutil.rrule._iterinfo.rebuild

    def counted(self: object, year: int, month: int) -> None:
        calls[0] += 1
        rebuild(self, year, month)  # type: ignore[arg-type]

    with mock.patch.object(dateutil.rrule._iterinfo, "rebuild", counted):
        yield calls


@contextmanager
def unbounded() -> Iterator[None]:
    """The expansion as it was: every rule walked by dateutil, however far."""
    with mock.patch("liftplan.io.calendar_limits.take_out_rules_out_of_reach", lambda *_: 0):
        yield


NEVER_IN_A_SEASON = [
    "FREQ=HOURLY;BYYEARDAY=100;BYMONTH=1",  # the 100th day is in April
    "FREQ=HOURLY;BYYEARDAY=100;BYMONTH=1;UNTIL=20260401T000000Z",  # UNTIL does not stop it
    "FREQ=DAILY;BYYEARDAY=-1;BYMONTH=6",  # the last day of the year is in December
    "FREQ=HOURLY;BYMONTHDAY=31;BYYEARDAY=60,61",  # 1 or 2 March, never the 31st
]


def test_validate_reads_a_calendar_of_rules_that_never_occur_without_walking_them(
    tmp_path: Path,
) -> None:
    rules = [
        event(f"r{n}", "20260302T090000", f"RRULE:{rule}")
        for n, rule in enumerate(NEVER_IN_A_SEASON)
    ]
    (tmp_path / "busy.ics").write_text(calendar(*rules), newline="")
    season = tmp_path / "season.yaml"
    season.write_text(
        "timezone: Europe/Madrid\nseason: {start: 2026-03-02, weeks: 4}\n"
        "availability: {from_ics: busy.ics}\n"
    )
    with periods_walked() as walked:
        code, out, err = invoke("validate", season)
    assert (code, out, err) == (0, f"{season}: ok\n", "")
    # Each rule to the year 9999 was 95,000 months; now no more than the season's.
    assert walked[0] < 200, walked[0]


def test_the_first_time_of_a_rule_taken_out_is_read_as_before() -> None:
    """recurring-ical-events reads DTSTART as an occurrence unless it is after the latest
    UNTIL: taking out a rule keeps that UNTIL's word on it."""
    first, last = dt.date(2026, 3, 2), dt.date(2026, 3, 29)
    for until, expected in (("20260301T000000Z", 0), ("20270101T000000Z", 1), ("", 1)):
        rule = f"RRULE:FREQ=HOURLY;BYYEARDAY=100;BYMONTH=1{';UNTIL=' + until if until else ''}"
        text = calendar(event("a", "20260303T090000", rule))
        read = parse_events(text, "busy.ics", ZONE, first, last)
        assert len(read.events) == expected, until


def test_a_moved_occurrence_of_a_rule_out_of_the_season_is_still_read() -> None:
    core = event("a", "20260105T090000", "RRULE:FREQ=WEEKLY;BYMONTH=1")
    moved = event("a", "20260310T180000", "RECURRENCE-ID;TZID=Europe/Madrid:20260112T090000")
    read = parse_events(
        calendar(core, moved), "busy.ics", ZONE, dt.date(2026, 3, 2), dt.date(2026, 3, 29)
    )
    assert [(e.start.date(), e.start.hour) for e in read.events] == [(dt.date(2026, 3, 10), 18)]


def occurrences(read: CalendarRead) -> list[tuple[str, dt.datetime, dt.datetime]]:
    return [(e.uid, e.start, e.end) for e in read.events]


@pytest.mark.parametrize(
    "path", sorted(p for p in CASES.rglob("*.ics") if "RRULE" in p.read_text(errors="replace"))
)
def test_the_calendars_of_the_tests_read_as_the_unbounded_expansion_reads_them(
    path: Path,
) -> None:
    text = path.read_text(encoding="utf-8", errors="replace")
    for first in (dt.date(2026, 3, 2), dt.date(2025, 12, 29)):
        last = first + dt.timedelta(days=7 * 16 - 1)
        outcomes = []
        for bound in (False, True):
            with unbounded() if not bound else nullcontext():
                try:
                    outcomes.append(occurrences(parse_events(text, path.name, ZONE, first, last)))
                except Exception as error:  # the same refusal either way
                    outcomes.append([("error", str(error))])  # type: ignore[list-item]
        assert outcomes[0] == outcomes[1], path


# Rules as a calendar holds them, in the years before 9999, where the unbounded walk ends
# soon: the Gregorian calendar repeats every 400 years, so these years are any years.
WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
FIRST, LAST = dt.date(9980, 3, 2), dt.date(9980, 3, 22)


@st.composite
def rules(draw: st.DrawFn) -> str:
    freq = draw(st.sampled_from(["YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY"]))
    parts = [f"FREQ={freq}"]
    if draw(st.booleans()):
        parts.append(f"INTERVAL={draw(st.integers(1, 3))}")
    numbers = {
        "BYMONTH": st.integers(1, 12),
        "BYMONTHDAY": st.integers(1, 31) | st.integers(-31, -1),
        "BYYEARDAY": st.integers(1, 366) | st.integers(-366, -1),
    }
    for key, values in numbers.items():
        if draw(st.booleans()):
            chosen = draw(st.lists(values, min_size=1, max_size=3, unique=True))
            parts.append(f"{key}={','.join(map(str, chosen))}")
    if draw(st.booleans()):
        ordinal = (
            st.sampled_from(["", "1", "2", "-1"]) if freq in ("MONTHLY", "YEARLY") else st.just("")
        )
        days = draw(
            st.lists(
                st.tuples(ordinal, st.sampled_from(WEEKDAYS)), min_size=1, max_size=3, unique=True
            )
        )
        parts.append("BYDAY=" + ",".join(n + day for n, day in days))
    if draw(st.booleans()):  # RFC 5545: yearly rules only; dateutil reads it in any
        weeks = st.integers(1, 53) | st.integers(-53, -1)
        chosen = draw(st.lists(weeks, min_size=1, max_size=2, unique=True))
        parts.append(f"BYWEEKNO={','.join(map(str, chosen))}")
        if draw(st.booleans()):
            parts.append(f"WKST={draw(st.sampled_from(WEEKDAYS))}")
    if freq == "HOURLY" and draw(st.booleans()):
        parts.append(f"BYHOUR={draw(st.integers(0, 23))}")
    end = draw(st.sampled_from(["", "count", "until"]))
    if end == "count":
        parts.append(f"COUNT={draw(st.integers(1, 40))}")
    elif end == "until":
        until = dt.date(9979, 6, 1) + dt.timedelta(days=draw(st.integers(0, 700)))
        parts.append(f"UNTIL={until:%Y%m%d}T000000Z")
    return ";".join(parts)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(rules(), min_size=1, max_size=2),
    st.integers(-400, 60),
    st.integers(0, 23),
    st.sampled_from([30, 60, 60 * 24 * 3]),
    st.booleans(),
)
def test_every_rule_reads_as_the_unbounded_expansion_reads_it(
    rule_texts: list[str], start_day: int, hour: int, minutes: int, moved: bool
) -> None:
    start = dt.datetime.combine(FIRST + dt.timedelta(days=start_day), dt.time(hour))
    lines = [f"RRULE:{rule}" for rule in rule_texts]
    events = [event("a", f"{start:%Y%m%dT%H%M%S}", *lines, minutes=minutes)]
    if moved:  # its first time moved into the season
        events.append(
            event(
                "a",
                "99800310T120000",
                f"RECURRENCE-ID;TZID=Europe/Madrid:{start:%Y%m%dT%H%M%S}",
            )
        )
    text = calendar(*events)
    outcomes = []
    for bound in (False, True):
        with unbounded() if not bound else nullcontext():
            try:
                outcomes.append(occurrences(parse_events(text, "busy.ics", ZONE, FIRST, LAST)))
            except Exception as error:  # the same refusal either way
                outcomes.append([("error", str(error))])  # type: ignore[list-item]
    # A walk that runs past the year 9999 is this test's artefact (in 2026 it finds its
    # next occurrence first): nothing to compare.
    assume("is out of range" not in str(outcomes[0]))
    assert outcomes[0] == outcomes[1], text


# --- rules that fit a day but never occur, and rules started centuries ago -----------------

# Each fits days of any season (so the day test keeps it) and never occurs: dateutil walked
# it to the year 9999 (2 s a monthly rule, 12 s the hourly one), now a copy of it near 9999.
FIT_A_DAY_BUT_NEVER = [
    "FREQ=MONTHLY;BYDAY=MO;BYSETPOS=6",  # no month has a sixth Monday
    "FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=8,9,10",  # the first Monday is on the 1st-7th
    "FREQ=YEARLY;BYMONTH=2",  # on DTSTART's day, the 30th: no 30 February
    "FREQ=YEARLY;BYWEEKNO=1;BYMONTH=6",  # week 1 is never in June
    "FREQ=HOURLY;BYWEEKNO=1;BYMONTH=6",
]


def init(tmp_path: Path, *events: str) -> tuple[int, str, str, int]:
    """``liftplan init --from-ics`` on a 16-week season from 2026-03-02, as a runner runs it:
    (exit code, stdout, stderr, the periods dateutil built its days for)."""
    busy = tmp_path / "busy.ics"
    busy.write_text(calendar(*events), newline="")
    with periods_walked() as walked:
        code, out, err = invoke(
            "init", "--from-ics", busy, "--timezone", "Europe/Madrid", "--start", "2026-03-02",
            "-o", tmp_path / "season.yaml",
        )  # fmt: skip
    return code, out, err, walked[0]


def test_init_reads_rules_that_fit_a_day_but_never_occur_without_walking_them(
    tmp_path: Path,
) -> None:
    weekly = event("standup", "20260302T090000", "RRULE:FREQ=WEEKLY;BYDAY=MO,WE,FR")
    never = [
        event(f"never{n}", "20260130T090000", f"RRULE:{rule}")
        for n, rule in enumerate(FIT_A_DAY_BUT_NEVER)
    ]
    code, out, err, walked = init(tmp_path, weekly, *never)
    assert code == 0, out + err
    assert "48 busy events in the season" in out + err  # the standup's, no other
    # At most two 400-year cycles of months a rule (9,600), where each went to the year 9999.
    assert walked < 5 * 9_600, walked


@pytest.mark.parametrize(
    ("start", "rule"),
    [
        ("00010101T090000", "FREQ=DAILY"),  # 6 s: 740,000 days walked
        ("19000101T090000", "FREQ=DAILY"),
        ("15820101T090000", "FREQ=HOURLY;BYHOUR=9"),
        ("00010101T090000", "FREQ=DAILY;INTERVAL=3;UNTIL=20991231T000000Z"),
    ],
)
def test_init_reads_a_rule_started_centuries_ago_from_near_the_season(
    start: str, rule: str, tmp_path: Path
) -> None:
    code, out, err, walked = init(tmp_path, event("old", start, f"RRULE:{rule}"))
    assert code == 0, out + err
    # Every third day from 0001-01-01: 2026-03-02 is day 739,676 after it, 2 past a third day.
    days = 37 if "INTERVAL=3" in rule else 112
    assert f"{days} busy events in the season" in out + err
    assert walked < 200, walked  # the season's months, not every month since DTSTART


def test_a_moved_occurrence_of_a_rule_started_centuries_ago_is_still_read() -> None:
    core = event("a", "16000103T090000", "RRULE:FREQ=WEEKLY")  # a Monday
    moved = event("a", "20260310T180000", "RECURRENCE-ID;TZID=Europe/Madrid:17000104T090000")
    with periods_walked() as walked:
        read = parse_events(
            calendar(core, moved), "busy.ics", ZONE, dt.date(2026, 3, 2), dt.date(2026, 3, 15)
        )
    assert [(e.start.date(), e.start.hour) for e in read.events] == [
        (dt.date(2026, 3, 2), 9),
        (dt.date(2026, 3, 9), 9),
        (dt.date(2026, 3, 10), 18),
    ]
    assert walked[0] < 4_000, walked[0]  # from 1700 (3,900 months), not from 1600


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rules().filter(lambda rule: "HOURLY" not in rule and "DAILY" not in rule),
    st.integers(0, 700),
    st.integers(0, 366),
    st.booleans(),
)
def test_a_rule_started_centuries_ago_reads_as_the_unbounded_expansion_reads_it(
    rule: str, years_before: int, day: int, moved: bool
) -> None:
    """In 2026, where the unbounded walk from a DTSTART of 1326-2026 ends soon enough."""
    first, last = dt.date(2026, 3, 2), dt.date(2026, 4, 12)
    rule = rule.replace("UNTIL=997", "UNTIL=202").replace("UNTIL=998", "UNTIL=203")
    start = dt.datetime(2026 - years_before, 1, 1, 9) + dt.timedelta(days=day)
    events = [event("a", f"{start:%Y%m%dT%H%M%S}", f"RRULE:{rule}")]
    if moved:  # an occurrence of its first year moved into the season
        events.append(
            event("a", "20260310T120000", f"RECURRENCE-ID;TZID=Europe/Madrid:{start:%Y%m%dT%H%M%S}")
        )
    text = calendar(*events)
    outcomes = []
    for bound in (False, True):
        with unbounded() if not bound else nullcontext():
            try:
                outcomes.append(occurrences(parse_events(text, "busy.ics", ZONE, first, last)))
            except Exception as error:  # the same refusal either way
                outcomes.append([("error", str(error))])  # type: ignore[list-item]
    assert outcomes[0] == outcomes[1], text


def test_a_rule_naming_no_real_date_keeps_its_until_word_on_the_first_time() -> None:
    """As for every rule taken out: a DTSTART after the rule's UNTIL is not read, the way
    recurring-ical-events reads a rule that does occur (old code: read as busy)."""
    first, last = dt.date(2026, 3, 2), dt.date(2026, 3, 29)
    for rule in ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=YEARLY;BYMONTH=1"):
        text = calendar(event("a", "20260303T090000", f"RRULE:{rule};UNTIL=20260301T000000Z"))
        assert parse_events(text, "busy.ics", ZONE, first, last).events == [], rule


# --- counted rules started long ago ----------------------------------------------------------


@st.composite
def counted_rules(draw: st.DrawFn) -> tuple[dt.datetime, str]:
    """(DTSTART, rule) of a rule with a COUNT that started up to 16 years before the season
    of `test_a_counted_rule_started_long_ago_reads_as_the_unbounded_expansion_reads_it`,
    its COUNT running out a little before, in or after that season."""
    freq = draw(st.sampled_from(["HOURLY", "DAILY", "WEEKLY", "MONTHLY", "YEARLY"]))
    low = 6 if freq == "HOURLY" else 1  # an hourly walk of 16 years compared: kept short
    parts = [f"FREQ={freq}", f"INTERVAL={draw(st.integers(low, 30))}"]
    if draw(st.booleans()):
        days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3, unique=True))
        parts.append("BYDAY=" + ",".join(days))
    if freq == "HOURLY" and draw(st.booleans()):
        parts.append(f"BYHOUR={draw(st.integers(0, 23))}")
    if draw(st.integers(0, 4)) == 0:
        parts.append(f"BYMONTH={draw(st.integers(1, 12))}")
    start = dt.datetime.combine(
        COUNTED_FIRST - dt.timedelta(days=draw(st.integers(0, 6000))),
        dt.time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 30]))),
    )
    rule = ";".join(parts)
    try:
        walk = dateutil.rrule.rrulestr(rule, dtstart=start)
    except ValueError:  # an hour the INTERVAL never reaches: refused either way
        assume(False)
    before = walk.between(start, dt.datetime.combine(COUNTED_FIRST, dt.time()), inc=True)
    count = max(1, len(before) + draw(st.integers(-3, 40)))
    return start, f"{rule};COUNT={count}"


COUNTED_FIRST, COUNTED_LAST = dt.date(2026, 3, 2), dt.date(2026, 3, 29)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(counted_rules())
def test_a_counted_rule_started_long_ago_reads_as_the_unbounded_expansion_reads_it(
    counted: tuple[dt.datetime, str],
) -> None:
    start, rule = counted
    text = calendar(event("a", f"{start:%Y%m%dT%H%M%S}", f"RRULE:{rule}"))
    outcomes = []
    for bound in (False, True):
        with unbounded() if not bound else nullcontext():
            read = parse_events(text, "busy.ics", ZONE, COUNTED_FIRST, COUNTED_LAST)
            outcomes.append(occurrences(read))
    assert outcomes[0] == outcomes[1], text


# --- a week's season, as a runner plans it, busy by rules that were slow to read ------------

# The guide's sample week (tests/conftest.py), in New York, from Monday 2026-06-01.
GUIDE_WEEK = season_data(
    timezone="America/New_York",
    season={"start": "2026-06-01", "weeks": 1},
    availability={"from_ics": "busy.ics", "weekly": EVENINGS},
)


def berlin_event(uid: str, start: str, rule: str) -> str:
    return (
        f"UID:{uid}\r\nSUMMARY:{uid}\r\nDTSTART;TZID=Europe/Berlin:{start}\r\n"
        f"DURATION:PT1H\r\nRRULE:{rule}\r\n"
    )


def solve_week(folder: Path, *events: str) -> tuple[list[dict[str, object]], int]:
    """``solve`` the guide's week busy by ``events``, both plan files through ``check``:
    (the plan's sessions, the periods dateutil built its days for in both)."""
    folder.mkdir()
    (folder / "busy.ics").write_text(calendar(*events), newline="")
    season = folder / "season.json"
    season.write_text(json.dumps(GUIDE_WEEK))
    with periods_walked() as walked:
        _, sessions, _ = solve_both_checked(season, folder)
    return [{k: v for k, v in s.items() if k != "athlete"} for s in sessions], walked[0]


@pytest.mark.parametrize("interval", [1, 11, 20])
def test_an_hourly_rule_whose_week_is_never_in_its_month_is_not_walked(
    tmp_path: Path, interval: int
) -> None:
    """Week 1 is never in June: each of these rules was walked hour by hour to the year 9999
    (23 s for one at INTERVAL=11; its 4,400-year cycle is too long to try on a copy)."""
    rule = f"FREQ=HOURLY;INTERVAL={interval};BYWEEKNO=1;BYMONTH=6"
    events = [berlin_event(f"w{n}", "20200101T090000", rule) for n in range(4)]
    sessions, walked = solve_week(tmp_path / "busy", *events)
    free, _ = solve_week(
        tmp_path / "free", berlin_event("x", "20200101T090000", "FREQ=YEARLY;COUNT=1")
    )
    assert sessions == free  # nothing busy in the season
    assert walked < 200, walked  # the season's months: the four were 383,040 (37,440 at 1)


def test_a_counted_rule_started_in_1900_is_read_from_near_the_season(tmp_path: Path) -> None:
    """An hour a day since 1900, a billion times: walked from 1900 (6.6 s an event), it is
    now moved to just before the season with its COUNT lowered, and it blocks the same hours
    as the same hour a day started in May 2026."""
    old = [
        berlin_event(f"c{n}", f"19000101T{n:02d}0000", "FREQ=HOURLY;INTERVAL=24;COUNT=1000000000")
        for n in range(4)
    ]
    new = [berlin_event(f"c{n}", f"20260501T{n:02d}0000", "FREQ=DAILY") for n in range(4)]
    sessions, walked = solve_week(tmp_path / "old", *old)
    recent, _ = solve_week(tmp_path / "new", *new)
    assert sessions == recent
    assert walked < 200, walked  # the four were 6,076 months: from 1900


def test_an_hourly_rule_from_the_year_1_is_moved_by_whole_400_year_cycles(
    tmp_path: Path,
) -> None:
    """400 years are whole 7-hour steps: a 7-hourly rule with a month part started in the
    year 1 is moved to just before the season, as one started five cycles later (2001) reads
    it; not walked from the year 1 (18 s), as a cycle of 400 years times 7 was."""
    every_month = ",".join(str(month) for month in range(1, 13))
    rule = f"RRULE:FREQ=HOURLY;INTERVAL=7;BYMONTH={every_month}"
    code, out, said, walked = init(tmp_path, event("old", "00010101T090000", rule))
    assert code == 0, out + said
    assert walked < 400, walked  # from 2001, five cycles on: not 24,300 months from the year 1
    later = tmp_path / "later"
    later.mkdir()
    code, out, same, _ = init(later, event("old", "20010101T090000", rule))
    assert code == 0, out + same
    assert "busy events in the season" in said
    assert said == same.replace(str(later), str(tmp_path))
