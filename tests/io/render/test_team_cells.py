"""The team page's cells, made in one pass per day (`calendar_of`), hold what the plain
reading below gives: the marks, text and title of each day's sessions, escaped, and the
plan's span, on generated days (lifts, core sessions, runs, races, hard runs, groups with
awkward names, sessions past midnight, in any order); a calendar pickled (as a batch's
worker sends it) reads back the same."""

from __future__ import annotations

import datetime as dt
import html
import pickle
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from liftplan.io.render.team_html import Calendar, calendar_of
from liftplan.models.plan import LiftKind, Plan, Session, Status
from liftplan.models.season import RunKind

START = dt.date(2026, 3, 2)
GROUPS = [None, "", "squad", "a&b <c>", 'say "hi"', "=1"]


def plain_calendar(plan: Plan) -> dict[dt.date, tuple[str, str, str]]:
    """Each day's (css, text, title), read the plain way: every session's dates, then each
    kind of session filtered out of the day's list."""
    by_day: dict[dt.date, list[Session]] = {}
    for session in plan.sessions:
        for day in session.dates:
            by_day.setdefault(day, []).append(session)
    cells = {}
    for day, sessions in by_day.items():
        lifts = [s for s in sessions if s.activity == "lift" and s.kind is not LiftKind.CORE]
        cores = [s for s in sessions if s.activity == "lift" and s.kind is LiftKind.CORE]
        runs = [s for s in sessions if s.activity == "run"]
        race = any(s.kind == "race" for s in runs)
        marks = ["L"] * bool(lifts) + ["G"] * any(s.group for s in lifts + cores)
        marks += ["C"] * bool(cores) + ["R"] * race + ["H"] * any(s.hard for s in runs)
        text = " ".join(
            s.start.strftime("%H:%M") + (f" {s.group}" if s.group else "") for s in lifts
        )
        text = text or ("core" if cores else "") or ("race" if race else "")
        title = "; ".join(
            f"{s.kind.value} {s.activity} {s.start:%H:%M}-{s.end:%H:%M}"
            + (f" with {s.group}" if s.group else "")
            for s in sorted(sessions, key=lambda s: s.start)
        )
        cells[day] = (" ".join(marks), text, f"{day}: {title}")
    return cells


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    lift = draw(st.booleans())
    kind = draw(st.sampled_from(list(LiftKind) if lift else list(RunKind)))
    zone = ZoneInfo(draw(st.sampled_from(["UTC", "Europe/Madrid", "Australia/Lord_Howe"])))
    day = START + dt.timedelta(days=draw(st.integers(0, 20)))
    start = dt.datetime.combine(
        day, dt.time(draw(st.integers(0, 23)), 15 * draw(st.integers(0, 3)))
    )
    minutes = draw(st.sampled_from([30, 45, 90, 180, 1500]))  # some past midnight
    start = start.replace(tzinfo=zone)
    return Session.model_validate(
        {
            "athlete": "a",
            "week": 1 + (day - START).days // 7,
            "phase": "",
            "date": day,
            "weekday": day.strftime("%a").lower(),
            "activity": "lift" if lift else "run",
            "kind": kind,
            "start": start,
            "end": start + dt.timedelta(minutes=minutes),
            "minutes": minutes,
            "group": draw(st.sampled_from(GROUPS)) if lift else None,
            "hard": draw(st.booleans()) if not lift else False,
        }
    )


def plan_of(found: list[Session], season_start: dt.date | None) -> Plan:
    return Plan(
        athlete="a",
        timezone="UTC",
        season_start=season_start,
        status=Status.OPTIMAL,
        objective=0,
        score={},
        lifts_per_week=[1, 1],
        sessions=found,
    )


@settings(max_examples=150, deadline=None)
@given(st.lists(sessions(), max_size=12), st.sampled_from([None, START]))
def test_each_days_cell_is_the_plain_reading_escaped(
    found: list[Session], season_start: dt.date | None
) -> None:
    plan = plan_of(found, season_start)
    calendar = calendar_of(plan)
    expected = plain_calendar(plan)
    assert list(calendar.cells) == list(expected)  # the days in the plan's order
    for day, (css, text, title) in expected.items():
        cell = calendar.cells[day]
        assert (cell.day, cell.css, cell.text, cell.title) == (day, css, text, title)
        escaped = [html.escape(value) for value in (css, title, text)]
        assert cell.html == '<td class="{}" title="{}">{}</td>\n'.format(*escaped)
    assert calendar.span == plain_span(plan, expected)
    back = pickle.loads(pickle.dumps(calendar))  # as a batch's worker sends it
    assert back == calendar and repr(back) == repr(calendar)
    assert [cell.html for cell in back.cells.values()] == [
        cell.html for cell in calendar.cells.values()
    ]


def plain_span(plan: Plan, days: dict[dt.date, object]) -> tuple[dt.date, dt.date] | None:
    first = plan.season_start or min(days, default=None)
    if first is None:
        return None
    weeks = max([len(plan.lifts_per_week), *(s.week for s in plan.sessions)])
    return first, max([first + dt.timedelta(days=7 * weeks - 1), *days])


def test_an_empty_plan_has_no_span() -> None:
    assert calendar_of(plan_of([], None)) == Calendar(None, {})


def test_a_time_of_day_reads_as_strftime_writes_it_at_every_minute() -> None:
    from liftplan.io.render.team_html import _hhmm

    midnight = dt.datetime(2026, 3, 29, tzinfo=ZoneInfo("Europe/Madrid"))
    for minute in range(24 * 60):
        moment = midnight + dt.timedelta(minutes=minute)
        assert _hhmm(moment) == moment.strftime("%H:%M")
