"""plan.csv without pandas: the same bytes pandas' ``to_csv`` wrote, awkward cells included."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd
from hypothesis import assume, given, settings
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
    # Rows ended "\r\n" so that pandas (the csv module) quotes a cell holding a bare CR, as
    # liftplan does lest the CR end the row when read; then each row ended "\n".
    text = pd.DataFrame(rows, columns=columns).to_csv(index=False, lineterminator="\r\n")
    return str(text).replace("\r\n", "\n")


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
    lines = [csv_line(columns)]
    for row in plan.model_dump(mode="json", include={"sessions": {"__all__": set(columns)}})[
        "sessions"
    ]:
        cells = spreadsheet_row(row)
        lines.append(
            csv_line(["" if cells[column] is None else cells[column] for column in columns])
        )
    return "".join(lines)


def csv_line(cells: list[Any]) -> str:
    """A row as the csv module writes it with CR and LF both quoted (a line end of "\r\n"),
    ended "\n"."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(cells)
    return buffer.getvalue().removesuffix("\r\n") + "\n"


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


# What a CSV row holds of a session, as `load_plan` reads it back.
CSV_FIELDS = ("athlete", "week", "phase", "date", "weekday", "activity", "kind", "start", "end")
CSV_FIELDS += ("minutes", "block", "notes")


@settings(max_examples=200, deadline=None)
@given(st.lists(sessions(), min_size=1, max_size=6))
def test_plan_csv_reads_back_every_text_as_it_was(
    tmp_path_factory: Any, drawn: list[Session]
) -> None:
    """A text guarded against formulas ('@ana', '=1') or starting with a quote ('x) reads
    back as it was written: the guard's quote, and only it, comes off."""
    from liftplan.io.plan_file import load_plan

    plan = plan_of(drawn)
    text = render_csv(plan)
    assume("\x00" not in text)  # no text file holds a NUL (ids and names refuse control codes)
    path = tmp_path_factory.mktemp("csv") / "plan.csv"
    path.write_text(text, encoding="utf-8", newline="")
    read = load_plan(path, plan.timezone)
    fields = set(CSV_FIELDS)
    assert [s.model_dump(include=fields) for s in read.sessions] == [
        s.model_dump(include=fields) for s in plan.sessions
    ]
