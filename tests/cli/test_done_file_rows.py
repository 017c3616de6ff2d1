"""`liftplan replan --done`: a done file's bad session is named by its row (a CSV's, as a
spreadsheet numbers it) or its place in plan.json's sessions, so the runner can find it."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import yaml

from conftest import invoke, season_data, solve_both_checked

FROM = "2026-03-09"  # week 2: week 1's sessions are what was done


@pytest.fixture
def planned(tmp_path: Path) -> tuple[Path, list[dict[str, str]]]:
    """Two weeks of the guide's sample week, with a core session a week, solved and checked:
    (the season file, week 1's plan.csv rows)."""
    data = season_data(
        season={"start": "2026-03-02", "weeks": 2, "phases": []},
        lifting={"per_week": {"min": 2, "max": 2}, "minutes": 45, "core_sessions": 1},
    )
    season = tmp_path / "season.yaml"
    season.write_text(yaml.safe_dump(data), encoding="utf-8")
    _, _, rows = solve_both_checked(season, tmp_path)
    return season, [row for row in rows if row["date"] < FROM]


def _row(rows: list[dict[str, str]], day: str, kind: str) -> dict[str, str]:
    return next(r for r in rows if r["date"] == day and r["kind"] == kind)


def _moved(row: dict[str, str], day: str, weekday: str, start: str, end: str) -> dict[str, str]:
    """``row`` on ``day`` from ``start`` to ``end`` (HH:MM, UTC), as a spreadsheet edit."""
    return {
        **row,
        "date": day,
        "weekday": weekday,
        "start": f"{day}T{start}:00+00:00",
        "end": f"{day}T{end}:00+00:00",
    }


def _replan(season: Path, done: Path) -> tuple[int, str, str, Path]:
    out = season.parent / "replanned.json"
    code, stdout, err = invoke(
        "replan", season, season.parent / "plan.json", "--from", FROM, "--done", done, "-o", out
    )
    return code, stdout, err, out


def test_a_done_csv_as_planned_replans(planned: tuple[Path, list[dict[str, str]]]) -> None:
    """The done file the cases below edit is a good one as it is."""
    season, rows = planned
    done = season.parent / "done.csv"
    _write_csv(done, rows)
    code, _, err, out = _replan(season, done)
    assert code == 0, err
    code, stdout, err = invoke("check", season, out)
    assert code == 0, stdout + err


def _write_csv(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.mark.parametrize(
    ("edit", "field", "problem"),
    [
        (
            "date",
            "row 8.date",
            "a lift dated 2026-03-06 starts 2026-03-05 17:30 (UTC): give the date of its start",
        ),
        (
            "copy",
            "row 11",
            "the lift done at 2026-03-03 17:30 is listed twice (row 5 lists it too)",
        ),
        (
            "overlap",
            "row 11",
            "the lift done at 2026-03-05 17:45 overlaps the lift at 2026-03-05 17:30 (row 8)",
        ),
        (
            "core",
            "row 3",
            "the core session done at 2026-03-03 18:00 overlaps the lift at 2026-03-03 17:30 "
            "(row 5)",
        ),
    ],
)
def test_a_bad_row_of_a_done_csv_is_named_by_its_row(
    planned: tuple[Path, list[dict[str, str]]], edit: str, field: str, problem: str
) -> None:
    """Rows as a spreadsheet numbers them (the header is row 1): the week's runs and lifts,
    Mon core session in row 3, Tue lift in row 5, Thu lift in row 8, edited as a runner might."""
    season, rows = planned
    numbers = {(r["date"], r["kind"]): n for n, r in enumerate(rows, start=2)}
    assert [numbers["2026-03-02", "core"], numbers["2026-03-03", "heavy"]] == [3, 5]
    assert numbers["2026-03-05", "heavy"] == 8 and len(rows) == 9
    thursday = _row(rows, "2026-03-05", "heavy")
    if edit == "date":  # its date moved, not its start
        rows[rows.index(thursday)] = {**thursday, "date": "2026-03-06", "weekday": "fri"}
    elif edit == "copy":
        rows.append(_row(rows, "2026-03-03", "heavy"))
    elif edit == "overlap":
        rows.append(_moved(thursday, "2026-03-05", "thu", "17:45", "18:30"))
    else:  # Monday's core session moved onto Tuesday's lift
        core = _row(rows, "2026-03-02", "core")
        rows[rows.index(core)] = _moved(core, "2026-03-03", "tue", "18:00", "18:15")
    done = season.parent / "done.csv"
    _write_csv(done, rows)
    code, out, err, written = _replan(season, done)
    assert (code, out) == (2, "")
    assert err == f"liftplan: {done}: {field}: {problem}\n"
    assert not written.exists()


@pytest.mark.parametrize(
    ("edit", "field", "problem"),
    [
        (
            "date",
            "sessions[6].date",
            "a lift dated 2026-03-06 starts 2026-03-05 17:30 (UTC): give the date of its start",
        ),
        (
            "copy",
            "sessions[9]",
            "the lift done at 2026-03-03 17:30 is listed twice (sessions[3] lists it too)",
        ),
    ],
)
def test_a_bad_session_of_a_done_json_is_named_by_its_place(
    planned: tuple[Path, list[dict[str, str]]], edit: str, field: str, problem: str
) -> None:
    """plan.json numbers no rows: its sessions list does (from 0), as its other errors say."""
    season, _ = planned
    plan = json.loads((season.parent / "plan.json").read_text(encoding="utf-8"))
    sessions = [s for s in plan["sessions"] if s["date"] < FROM]
    lifts = [i for i, s in enumerate(sessions) if s["kind"] == "heavy"]
    assert lifts == [3, 6]
    if edit == "date":
        sessions[6] = {**sessions[6], "date": "2026-03-06", "weekday": "fri"}
    else:
        sessions.append(sessions[3])
    done = season.parent / "done.json"
    # What was done, not a plan of the season: no count of lifts a week to keep in step.
    done.write_text(json.dumps({**plan, "sessions": sessions, "lifts_per_week": []}))
    code, out, err, written = _replan(season, done)
    assert (code, out) == (2, "")
    assert err == f"liftplan: {done}: {field}: {problem}\n"
    assert not written.exists()


def test_rows_are_numbered_as_a_spreadsheet_shows_them_blank_rows_counted(
    planned: tuple[Path, list[dict[str, str]]],
) -> None:
    """A row emptied in a spreadsheet stays a row there: the copied Tuesday lift, after two
    blank rows, is row 13, and the row it copies is row 5 (before the blanks)."""
    season, rows = planned
    done = season.parent / "done.csv"
    _write_csv(done, [*rows, _row(rows, "2026-03-03", "heavy")])
    lines = done.read_text(encoding="utf-8").splitlines(keepends=True)
    done.write_text("".join([*lines[:-1], ",,,,,,,,,,,\r\n", "\r\n", lines[-1]]), encoding="utf-8")
    code, out, err, written = _replan(season, done)
    assert (code, out) == (2, "")
    problem = "the lift done at 2026-03-03 17:30 is listed twice (row 5 lists it too)"
    assert err == f"liftplan: {done}: row 13: {problem}\n"
    assert not written.exists()
