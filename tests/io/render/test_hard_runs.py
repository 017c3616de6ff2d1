"""A run's hardness: written by every writer from `Session.hard`, read back from the file."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from conftest import make_season, solve_checked
from liftplan.io.plan_file import load_plan
from liftplan.io.render.html import render_html
from liftplan.io.render.ics import render_ics
from liftplan.io.render.writers import render_csv, render_json
from liftplan.io.render.xlsx import render_xlsx
from liftplan.models.plan import Plan, Session, Status
from liftplan.models.season import RunKind

TUESDAY = dt.datetime(2026, 3, 3, 6, 30, tzinfo=dt.UTC)


def run(kind: RunKind, day: int, *, hard: bool) -> Session:
    start = TUESDAY + dt.timedelta(days=day)
    return Session(
        athlete="a",
        week=1,
        phase="",
        date=start.date(),
        weekday=("tue", "wed")[day],
        activity="run",
        kind=kind,
        start=start,
        end=start + dt.timedelta(minutes=50),
        minutes=50,
        hard=hard,  # and no notes: the writers go by the field
    )


@pytest.fixture
def two_runs() -> Plan:
    sessions = [run(RunKind.TEMPO, 0, hard=True), run(RunKind.EASY, 1, hard=False)]
    return Plan(athlete="a", timezone="UTC", status=Status.FEASIBLE, sessions=sessions)


def test_the_csv_and_the_workbook_note_the_hard_run_only(two_runs: Plan) -> None:
    table = pd.read_csv(io.StringIO(render_csv(two_runs)), dtype=str, keep_default_na=False)
    assert list(table["notes"]) == ["hard", ""]
    assert "hard" not in table.columns
    sheet = pd.read_excel(io.BytesIO(render_xlsx(two_runs)), sheet_name="plan", dtype=str)
    assert list(sheet["notes"].fillna("")) == ["hard", ""]


def test_the_json_notes_the_hard_run_without_a_new_key(two_runs: Plan) -> None:
    text = render_json(two_runs)
    assert text.count('"notes": "hard"') == 1
    assert '"hard":' not in text


def test_the_calendar_and_the_page_mark_the_hard_run_only(two_runs: Plan) -> None:
    calendar = render_ics(two_runs)
    assert "SUMMARY:Run - tempo (hard)" in calendar
    assert "SUMMARY:Run - easy\r\n" in calendar
    page = render_html(two_runs)
    assert 'class="s run hard" title="tempo run"' in page
    assert 'class="s run" title="easy run"' in page


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_a_plan_file_read_back_keeps_which_runs_are_hard(tmp_path: Path, suffix: str) -> None:
    plan = solve_checked(make_season())
    hard_runs = [s.kind for s in plan.sessions if s.hard]
    assert hard_runs == [RunKind.TRACK, RunKind.TEMPO, RunKind.LONG]  # the guide's hard days
    path = tmp_path / f"plan.{suffix}"
    path.write_text((render_json if suffix == "json" else render_csv)(plan), encoding="utf-8")
    back = load_plan(path, "UTC")
    assert [s.hard for s in back.sessions] == [s.hard for s in plan.sessions]
    assert [s.kind for s in back.sessions] == [s.kind for s in plan.sessions]
