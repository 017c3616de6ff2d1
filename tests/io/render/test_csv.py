"""plan.csv without pandas: the same bytes pandas' ``to_csv`` wrote, awkward cells included."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import solve_checked
from liftplan.io.render.writers import plan_columns, render_csv, spreadsheet_row
from liftplan.io.season_file import load_season
from liftplan.models.plan import LiftKind, Plan, Session, Status
from liftplan.models.season import RunKind

EXAMPLES = Path(__file__).parents[3] / "examples"
AWKWARD = ["a, b", 'said "go"', "two\nlines", "=1+2", "-3", "", " padded ", "café ✓", "\r"]


def pandas_csv(plan: Plan) -> str:
    """plan.csv as liftplan wrote it through pandas before (the reference bytes)."""
    columns = plan_columns(plan)
    rows = [
        spreadsheet_row(session.model_dump(mode="json", include=set(columns)))
        for session in plan.sessions
    ]
    return str(pd.DataFrame(rows, columns=columns).to_csv(index=False, lineterminator="\n"))


def session(n: int, **fields: Any) -> Session:
    start = dt.datetime(2026, 3, 2, 6, tzinfo=dt.UTC) + dt.timedelta(days=n)
    values: dict[str, Any] = {
        "athlete": "a",
        "week": 1 + n // 7,
        "phase": "",
        "date": start.date(),
        "weekday": start.strftime("%a").lower(),
        "activity": "lift",
        "kind": "heavy",
        "start": start,
        "end": start + dt.timedelta(minutes=45),
        "minutes": 45,
    }
    return Session.model_validate(values | fields)


def plan_of(sessions: list[Session]) -> Plan:
    return Plan(
        athlete="a",
        timezone="UTC",
        season_start=dt.date(2026, 3, 2),
        status=Status.OPTIMAL,
        objective=0,
        score={},
        lifts_per_week=[1],
        sessions=sessions,
    )


def test_awkward_cells_are_quoted_and_escaped_as_pandas_did() -> None:
    sessions = [
        session(n, athlete=text, phase=text, block=text, notes=text)
        for n, text in enumerate(AWKWARD)
    ]
    text = render_csv(plan_of(sessions))
    assert text == pandas_csv(plan_of(sessions))
    assert "'=1+2" in text and '"said ""go"""' in text
    assert text.count("\n") > len(sessions) + 1  # "two\nlines" quoted, ends "\n" only


def test_a_group_column_leaves_ungrouped_lifts_empty_as_pandas_did() -> None:
    plan = plan_of([session(0, group="early crew"), session(1), session(2, group="x,y")])
    text = render_csv(plan)
    assert text == pandas_csv(plan)
    rows = list(pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)["group"])
    assert rows == ["early crew", "", "x,y"]


def test_a_solved_example_is_written_as_pandas_did() -> None:
    season = load_season(EXAMPLES / "marathon-16-weeks.yaml")
    plan = solve_checked(season)
    assert plan.sessions and render_csv(plan) == pandas_csv(plan)


def dumped_csv(plan: Plan) -> str:
    """plan.csv as the writer made it from pydantic's JSON dump of each session (before it
    read the cells from the sessions: `csv_cells`)."""
    columns = plan_columns(plan)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    for row in plan.model_dump(mode="json", include={"sessions": {"__all__": set(columns)}})[
        "sessions"
    ]:
        cells = spreadsheet_row(row)
        writer.writerow(["" if cells[column] is None else cells[column] for column in columns])
    return buffer.getvalue()


ZONES = ["UTC", "Europe/Berlin", "America/St_Johns", "Australia/Lord_Howe", "Asia/Kathmandu"]
cell_texts = st.text(st.characters(codec="utf-8"), max_size=6) | st.sampled_from(AWKWARD)


@st.composite
def sessions(draw: st.DrawFn) -> Session:
    zone = ZoneInfo(draw(st.sampled_from(ZONES)))
    start = draw(st.datetimes(dt.datetime(1990, 1, 1), dt.datetime(2090, 1, 1)))
    start = start.replace(tzinfo=dt.UTC).astimezone(zone)
    minutes = draw(st.integers(1, 2000))
    activity = draw(st.sampled_from(["run", "lift"]))
    kinds = list(RunKind) if activity == "run" else list(LiftKind)
    values: dict[str, Any] = {
        "athlete": draw(cell_texts),
        "week": draw(st.integers(1, 60)),
        "phase": draw(cell_texts),
        "date": start.date(),
        "weekday": draw(cell_texts),
        "activity": activity,
        "kind": draw(st.sampled_from(kinds)),
        "start": start,
        "end": start + dt.timedelta(minutes=minutes),
        "minutes": minutes,
        "block": draw(cell_texts),
        "notes": draw(cell_texts),
        "group": draw(st.none() | cell_texts),
    }
    return Session.model_validate(values)


@settings(max_examples=200, deadline=None)
@given(st.lists(sessions(), max_size=6))
def test_cells_read_from_the_sessions_are_those_of_the_json_dump(drawn: list[Session]) -> None:
    plan = plan_of(drawn)
    assert render_csv(plan) == dumped_csv(plan)
