"""What is wrong inside a file a season names (`runs.from_csv`, `runs.from_ics`,
`availability.from_ics`) is one line naming the season file, the field, then that file and
its row or event (SPEC: `FILE: field.path: problem`), in every command: `solve`,
`validate`, and `batch`'s INVALID row the same as `validate`'s line for that athlete."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from conftest import invoke

BAD_ROW = "date,start,minutes,kind\n2026-03-03,06:30,60,trak\n"
PROBLEM = "row 2: kind: unknown kind 'trak'"
# A busy event with no start: the calendar cannot be read.
NO_START = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:m1\r\n"
    "SUMMARY:Meeting\r\nDTEND:20260303T100000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
)
SEASON = (
    "timezone: UTC\nseason: {start: 2026-03-02, weeks: 2}\n"
    'availability:\n  weekly: {tue: ["17:00-20:00"], thu: ["17:00-20:00"]}\n'
)


def team_of(folder: Path, *own: dict[str, object]) -> Path:
    """team.json: a 2-week UTC season per athlete, with each athlete's ``own`` fields."""
    good = {
        "timezone": "UTC",
        "season": {"start": "2026-03-02", "weeks": 2},
        "availability": {"weekly": {"tue": ["17:00-20:00"], "thu": ["17:00-20:00"]}},
        "lifting": {"per_week": {"min": 1, "max": 2, "target": 2}, "minutes": 45},
    }
    team = folder / "team.json"
    team.write_text(json.dumps({"athletes": [{**good, **fields} for fields in own]}))
    return team


def summary_errors(folder: Path) -> dict[str, str]:
    with (folder / "summary.csv").open(newline="") as stream:
        return {row["athlete"]: row["error"] for row in csv.DictReader(stream)}


def test_batch_names_the_athlete_s_field_for_a_bad_running_plan_or_calendar(
    tmp_path: Path,
) -> None:
    (tmp_path / "runs.csv").write_text(BAD_ROW)
    (tmp_path / "busy.ics").write_text(NO_START, newline="")
    (tmp_path / "good.csv").write_text("date,start,minutes,kind\n2026-03-03,06:30,40,easy\n")
    team = team_of(
        tmp_path,
        {"id": "ana", "runs": {"from_csv": "runs.csv"}},
        {"id": "ben", "availability": {"from_ics": "busy.ics"}},
        {"id": "cy", "runs": {"from_csv": "nope.csv"}},
        # the table is the bad one, though a calendar is named too (an empty one)
        {"id": "dee", "runs": {"from_ics": "empty.ics", "from_csv": "runs.csv"}},
    )
    (tmp_path / "empty.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nEND:VCALENDAR\r\n"
    )
    here = tmp_path.resolve()
    code, _, _ = invoke("batch", team, "-o", tmp_path / "plans", "-q")
    assert code == 2
    errors = summary_errors(tmp_path / "plans")
    assert errors["ana"].startswith(f"{team}: athletes[0]: runs.from_csv: {here / 'runs.csv'}: ")
    assert PROBLEM in errors["ana"]
    assert errors["ben"] == (
        f"{team}: athletes[1]: availability.from_ics: {here / 'busy.ics'}: event 'Meeting': "
        "DTSTART: missing (an event needs a start)"
    )
    assert errors["cy"] == f"{team}: athletes[2]: runs.from_csv: {here / 'nope.csv'}: no such file"
    assert errors["dee"].startswith(f"{team}: athletes[3]: runs.from_csv: {here / 'runs.csv'}: ")
    # validate says the same of each athlete, word for word
    code, out, err = invoke("validate", team)
    assert (code, err) == (2, "")
    assert out.splitlines() == [errors[who] for who in ("ana", "ben", "cy", "dee")]


def test_solve_and_validate_name_the_season_s_field_and_the_file_as_written(
    tmp_path: Path,
) -> None:
    (tmp_path / "runs.csv").write_text(BAD_ROW)
    (tmp_path / "busy.ics").write_text(NO_START, newline="")
    for field, text in (
        ("runs:\n  from_csv: runs.csv\n", "runs.from_csv: runs.csv: "),
        ("  from_ics: busy.ics\n", "availability.from_ics: busy.ics: "),
    ):
        season = tmp_path / "season.yaml"
        season.write_text(SEASON + field)
        out = tmp_path / "plan.csv"
        code, _, err = invoke("solve", season, "-o", out)
        assert code == 2 and not out.exists()
        assert err.startswith(f"liftplan: {season}: {text}") and err.count("\n") == 1, err
        code, listed, _ = invoke("validate", season)
        assert code == 2
        assert listed == err.removeprefix("liftplan: ")


def test_init_names_the_run_file_it_was_given(tmp_path: Path) -> None:
    """`init --runs-from` writes no season yet: the error is the table's own."""
    (tmp_path / "runs.csv").write_text(BAD_ROW)
    output = tmp_path / "season.yaml"
    code, _, err = invoke(
        "init", "--runs-from", tmp_path / "runs.csv", "--timezone", "UTC",
        "--start", "2026-03-02", "-o", output,
    )  # fmt: skip
    assert code == 2 and not output.exists()
    assert err.startswith(f"liftplan: {tmp_path.resolve() / 'runs.csv'}: {PROBLEM}"), err


def test_a_broken_rule_in_a_google_calendar_is_one_line_not_a_crash(tmp_path: Path) -> None:
    """X-WR-TIMEZONE (Google's) made icalendar's copies of the events, which lost what it
    could not read: a broken RRULE then crashed the expansion (exit 1)."""
    (tmp_path / "busy.ics").write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nX-WR-TIMEZONE:Europe/Madrid\r\n"
        "BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Tempo\r\nDTSTART:20260303T063000Z\r\n"
        "RRULE:FREQ=SOMETIMES\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
        newline="",
    )
    season = tmp_path / "season.yaml"
    season.write_text(SEASON + "  from_ics: busy.ics\n")
    expected = "busy.ics: event 'Tempo': RRULE: FREQ=SOMETIMES is not a frequency"
    code, out, _ = invoke("validate", season)
    assert code == 2 and out.startswith(f"{season}: availability.from_ics: {expected}"), out
    output = tmp_path / "new.yaml"
    code, _, err = invoke("init", "--from-ics", tmp_path / "busy.ics", "-o", output)
    assert code == 2 and not output.exists()
    assert err.startswith(f"liftplan: {tmp_path / expected}"), err


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("FREQ=YEARLY;BYMONTH=3;BYDAY=53FR", "BYDAY=53FR: a month has at most 5 of a weekday"),
        ("FREQ=MONTHLY;BYDAY=-6MO", "BYDAY=-6MO: a month has at most 5 of a weekday"),
        ("FREQ=YEARLY;BYDAY=54TU", "BYDAY=54TU: a year has at most 53 of a weekday"),
    ],
)
def test_a_weekday_ordinal_beyond_its_month_or_year_is_one_line_not_a_crash(
    tmp_path: Path, rule: str, expected: str
) -> None:
    """dateutil's walk failed with an IndexError (exit 1, "internal error") on `53FR` in a
    month; a tester's finding. A month's 5th Friday (there is none some months) is read."""

    def calendar(repeat: str) -> str:
        return (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\n"
            "SUMMARY:Board\r\nDTSTART:20260303T180000Z\r\nDTEND:20260303T190000Z\r\n"
            f"RRULE:{repeat}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        )

    (tmp_path / "busy.ics").write_text(calendar(rule), newline="")
    season = tmp_path / "season.yaml"
    season.write_text(SEASON + "  from_ics: busy.ics\n")
    code, out, _ = invoke("validate", season)
    assert code == 2, out
    assert out.startswith(f"{season}: availability.from_ics: busy.ics: event 'Board': {expected}")
    output = tmp_path / "plan.json"
    code, _, err = invoke("solve", season, "-o", output)
    assert code == 2 and not output.exists() and "internal error" not in err, err
    (tmp_path / "busy.ics").write_text(calendar("FREQ=MONTHLY;BYDAY=5FR"), newline="")
    code, _, err = invoke("solve", season, "-o", output)
    assert code == 0, err
    assert invoke("check", season, output)[0] == 0
