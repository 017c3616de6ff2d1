"""Runs from a calendar or a table (SPEC section 2): the same season written in YAML gives
the same plan; kinds read by the documented keyword table; bad rows and events are one line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import solve_checked
from liftplan import api
from liftplan.cli.app import cli
from liftplan.io.render.writers import render_csv
from liftplan.io.run_kinds import kind_of, race_distance
from liftplan.models.races import RaceDistance
from liftplan.models.season import RunKind

CASES = Path(__file__).parents[1] / "cases" / "calendars"
HEAD = """timezone: Europe/Berlin
season: {start: 2026-03-02, weeks: 4}
availability:
  weekly: {mon: ["17:00-21:00"], tue: ["17:00-21:00"], wed: ["12:00-14:00"],
           thu: ["17:00-21:00"], fri: ["17:00-21:00"], sun: ["09:00-12:00"]}
"""
# coach-plan.ics written out by hand: the weekly sessions, the track session moved from
# Tuesday 10th to Wednesday 11th at 18:00, an unnamed event read as easy, the 10K race.
AS_YAML = """runs:
  weekly:
    mon: {kind: easy, start: "06:30", minutes: 40}
    tue: {kind: track, start: "06:30", minutes: 60}
    wed: {kind: easy, start: "06:30", minutes: 40}
    thu: {kind: tempo, start: "06:30", minutes: 50}
    fri: {kind: easy, start: "06:30", minutes: 40}
    sat: {kind: long, start: "07:00", minutes: 120}
  dates:
    2026-03-10: []
    2026-03-11: [{kind: easy, start: "06:30", minutes: 40},
                 {kind: track, start: "18:00", minutes: 60}]
    2026-03-15: {kind: easy, start: "10:00", minutes: 60}
    2026-03-28: {kind: race, start: "09:00", minutes: 50, distance: 10k}
"""
CSV_ROWS = [
    "date,start,minutes,kind,distance,title",
    *[
        f"2026-03-{day:02d},06:30,{minutes},{kind},,"
        for week in range(4)
        for day, minutes, kind in [
            (2 + 7 * week, 40, "easy"),
            (3 + 7 * week, 60, "track"),
            (4 + 7 * week, 40, "easy"),
            (5 + 7 * week, 50, "tempo"),
            (6 + 7 * week, 40, "easy"),
        ]
        if (day, kind) != (10, "track")
    ],
    "2026-03-11,18:00,60,Fartlek,,Track moved",
    "2026-03-07,07:00,120,long,,",
    "2026-03-14,07:00,120,long,,",
    "2026-03-21,07:00,120,long,,",
    "2026-03-15,10:00,60,,,Club social",
    "2026-03-28,09:00,50,race,10k,Spring 10K Race",
    "2026-05-01,09:00,50,easy,,after the season",
]


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    return path


def plan_text(season_path: Path) -> str:
    plan = solve_checked(api.load_season(season_path))
    assert plan.status.solved
    return render_csv(plan)


def test_runs_from_a_calendar_give_the_plan_of_the_same_runs_in_yaml(tmp_path: Path) -> None:
    shutil.copy(CASES / "coach-plan.ics", tmp_path / "coach.ics")
    from_ics = write(tmp_path, "ics.yaml", HEAD + "runs:\n  from_ics: coach.ics\n")
    in_yaml = write(tmp_path, "yaml.yaml", HEAD + AS_YAML)
    assert api.load_season(from_ics).races() == api.load_season(in_yaml).races()
    assert plan_text(from_ics) == plan_text(in_yaml)


def test_runs_from_a_table_give_the_plan_of_the_same_runs_in_yaml(tmp_path: Path) -> None:
    write(tmp_path, "runs.csv", "\n".join(CSV_ROWS) + "\n")
    from_csv = write(
        tmp_path, "csv.yaml", HEAD + 'runs:\n  from_csv: runs.csv\n  kinds: {"Fartlek": track}\n'
    )
    in_yaml = write(tmp_path, "yaml.yaml", HEAD + AS_YAML)
    assert plan_text(from_csv) == plan_text(in_yaml)


def test_solve_lists_unnamed_events_once_and_written_runs_win(tmp_path: Path) -> None:
    shutil.copy(CASES / "coach-plan.ics", tmp_path / "coach.ics")
    season = write(
        tmp_path,
        "season.yaml",
        HEAD
        + "runs:\n  from_ics: coach.ics\n"
        + "  weekly: {sun: {kind: rest}}\n"
        + '  dates: {2026-03-28: {kind: easy, start: "08:00", minutes: 30}}\n',
    )
    loaded = api.load_season(season)
    import datetime as dt

    assert loaded.runs.runs_on(dt.date(2026, 3, 15)) == []  # Sunday is written: rest
    (race_day,) = loaded.runs.runs_on(dt.date(2026, 3, 28))
    assert race_day.kind is RunKind.EASY and race_day.minutes == 30
    assert loaded.races() == []
    result = CliRunner().invoke(
        cli, ["explain", str(write(tmp_path, "b.yaml", HEAD + "runs:\n  from_ics: coach.ics\n"))]
    )
    assert result.stderr.count("read as easy runs") == 1
    assert "'Club social'" in result.stderr


@pytest.mark.parametrize(
    ("title", "kind"),
    [
        ("Easy run", RunKind.EASY),
        ("Tempo 3x10 min", RunKind.TEMPO),
        ("Threshold @ LT", RunKind.THRESHOLD),
        ("VO2max: 5x1000m", RunKind.INTERVALS),
        ("6x800 at 5K pace", RunKind.INTERVALS),
        ("Track session", RunKind.TRACK),
        ("Hill repeats", RunKind.HILLS),
        ("Long run with tempo finish", RunKind.LONG),
        ("Marathon pace long run", RunKind.TEMPO),
        ("Berlin Marathon", RunKind.RACE),
        ("Parkrun", RunKind.RACE),
        ("Pre-race shake-out", RunKind.RECOVERY),
        ("Recovery jog after intervals", RunKind.RECOVERY),
        ("Rest day", RunKind.REST),
        # must not match a hard kind
        ("no intervals today", None),
        ("Easy, no hard intervals", RunKind.EASY),
        ("Racecourse walk", None),
        ("Contemporary dance", None),
        ("Skip the tempo: easy jog instead", RunKind.EASY),
        ("Hilly trail, not tempo", None),
    ],
)
def test_keyword_table(title: str, kind: RunKind | None) -> None:
    assert kind_of(title) is kind


def test_own_kinds_extend_the_table() -> None:
    assert kind_of("Fartlek in the park") is None
    assert kind_of("Fartlek in the park", {"Fartlek": RunKind.INTERVALS}) is RunKind.INTERVALS
    assert kind_of("Sunday club run", {"club run": RunKind.LONG}) is RunKind.LONG


@pytest.mark.parametrize(
    ("title", "distance"),
    [
        ("Spring 10K", RaceDistance.K10),
        ("City Half Marathon", RaceDistance.HALF),
        ("Berlin Marathon", RaceDistance.MARATHON),
        ("Parkrun 5 km", RaceDistance.K5),
        ("Trail 25K", 25.0),
        ("Western States 100 miles", RaceDistance.MI100),
        ("Club champs", None),
    ],
)
def test_race_distance_from_the_title(title: str, distance: object) -> None:
    assert race_distance(title) == distance


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stderr


@pytest.mark.parametrize(
    ("row", "where"),
    [
        ("2026-03-02,06:30,forty,easy", "runs.csv: row 3: minutes:"),
        ("2026-03-32,06:30,40,easy", "runs.csv: row 3: date: expected YYYY-MM-DD"),
        ("2026-03-02,06:30,40,jogging", "runs.csv: row 3: kind: unknown kind 'jogging'"),
        ("2026-03-02,6.30,40,easy", "runs.csv: row 3: start:"),
        ("2026-03-02,06:30,40", "runs.csv: row 3: 3 cells where the header has 4"),
    ],
)
def test_bad_csv_row_is_one_line_and_nothing_is_written(
    tmp_path: Path, row: str, where: str
) -> None:
    write(tmp_path, "runs.csv", f"date,start,minutes,kind\n2026-03-03,06:30,40,easy\n{row}\n")
    season = write(tmp_path, "season.yaml", HEAD + "runs:\n  from_csv: runs.csv\n")
    out = tmp_path / "plan.csv"
    code, err = run_cli("solve", str(season), "-o", str(out))
    assert code == 2 and not out.exists()
    assert len(err.strip().splitlines()) == 1 and where in err, err


def test_an_event_that_cannot_be_a_run_is_one_line(tmp_path: Path) -> None:
    text = (
        (CASES / "coach-plan.ics")
        .read_text()
        .replace(
            "DTEND;TZID=W. Europe Standard Time:20260328T095000",
            "DTEND;TZID=W. Europe Standard Time:20260406T095000",
        )
    )
    write(tmp_path, "coach.ics", text)
    season = write(tmp_path, "season.yaml", HEAD + "runs:\n  from_ics: coach.ics\n")
    out = tmp_path / "plan.csv"
    code, err = run_cli("solve", str(season), "-o", str(out))
    assert code == 2 and not out.exists()
    assert len(err.strip().splitlines()) == 1
    assert "coach.ics: event 'Spring 10K Race' on 2026-03-28: a race lasts at most 7 days" in err


def _runs_at(hours: range) -> tuple[str, str]:
    """A calendar and a table of 30-minute easy runs on Tuesday 2026-03-03 at ``hours``."""
    calendar = ics(
        *(
            event(f"r{hour}", "Easy", f"DTSTART:20260303T{hour:02d}0000", "DURATION:PT30M")
            for hour in hours
        )
    )
    table = "date,start,minutes,kind\n" + "".join(
        f"2026-03-03,{hour:02d}:00,30,easy\n" for hour in hours
    )
    return calendar, table


@pytest.mark.parametrize(
    ("files", "where"),
    [
        ({"runs.ics": range(6, 18)}, "runs.from_ics: runs.ics: 2026-03-03: 12 runs on one day"),
        ({"runs.csv": range(6, 17)}, "runs.from_csv: runs.csv: 2026-03-03: 11 runs on one day"),
        (
            {"runs.ics": range(5, 11), "runs.csv": range(12, 18)},
            "runs.from_ics, runs.from_csv: runs.ics and runs.csv: 2026-03-03: 12 runs on one day",
        ),
    ],
)
def test_a_day_crowded_by_run_files_names_the_files_not_runs_dates(
    tmp_path: Path, files: dict[str, range], where: str
) -> None:
    """The runner wrote no runs.dates: the line names the calendar or table that fills the
    day past what a day holds (10 runs), and nothing is written."""
    fields = []
    for name, hours in files.items():
        calendar, table = _runs_at(hours)
        write(tmp_path, name, calendar if name.endswith(".ics") else table)
        fields.append(f"  {'from_ics' if name.endswith('.ics') else 'from_csv'}: {name}\n")
    season = write(tmp_path, "season.yaml", HEAD + "runs:\n" + "".join(fields))
    out = tmp_path / "plan.csv"
    code, err = run_cli("solve", str(season), "-o", str(out))
    assert code == 2 and not out.exists(), err
    assert err.strip().splitlines() == [f"liftplan: {season}: {where}; a day holds at most 10"], err


def test_init_names_the_crowded_run_file_it_was_given(tmp_path: Path) -> None:
    """`init` has written no season yet: the line names the file on its command line, not
    the season it would have written, and nothing is written."""
    calendar, _ = _runs_at(range(6, 17))
    runs = write(tmp_path, "RUNS.ics", calendar)
    busy = write(tmp_path, "BUSY.ics", ics())
    output = tmp_path / "sub" / "season.yaml"
    output.parent.mkdir()
    code, err = run_cli(
        *("init", "--from-ics", str(busy), "--runs-from", str(runs), "--timezone", "UTC"),
        *("--start", "2026-03-02", "-o", str(output)),
    )
    assert code == 2 and not list(output.parent.iterdir()), err
    assert err.strip().splitlines() == [
        f"liftplan: {runs}: 2026-03-03: 11 runs on one day; a day holds at most 10"
    ], err


def test_rest_days_in_a_crowded_day_are_called_so(tmp_path: Path) -> None:
    calendar = ics(
        *(
            event(f"r{hour}", "Easy", f"DTSTART:20260303T{hour:02d}0000", "DURATION:PT30M")
            for hour in range(6, 16)
        ),
        event("rest", "Rest day", "DTSTART;VALUE=DATE:20260303"),
    )
    season = runs_season(tmp_path, calendar)
    code, err = run_cli("solve", str(season), "-o", str(tmp_path / "plan.csv"))
    assert code == 2, err
    assert "runs.ics: 2026-03-03: 11 runs and rest days on one day" in err, err


def test_a_run_starting_before_the_season_is_left_out_as_a_table_row_is(tmp_path: Path) -> None:
    """A night run from the eve of the season, and a two-day race from that day: each is
    listed as left out (outside the season), as a table's row of that date is, and the
    season solves; not an error about a runs.dates the runner never wrote."""
    calendar = ics(
        event("night", "Easy", "DTSTART:20260301T233000", "DURATION:PT60M"),
        event("ultra", "Ultra race", "DTSTART:20260301T060000", "DURATION:P1DT2H"),
        event("tue", "Tempo", "DTSTART:20260303T063000", "DURATION:PT50M"),
    )
    season = runs_season(tmp_path, calendar)
    out = tmp_path / "plan.csv"
    code, err = run_cli("solve", str(season), "-o", str(out))
    assert code == 0, err
    for title in ("Easy", "Ultra race"):
        line = f"skipped event '{title}' on 2026-03-01: outside the season: it starts before"
        assert line in err, err
    plan = solve_checked(api.load_season(season))
    assert [str(s.date) for s in plan.sessions if s.activity == "run"] == ["2026-03-03"]


def test_a_written_date_wins_over_a_crowded_calendar_day(tmp_path: Path) -> None:
    """`dates` written in the file win for their days (SPEC section 2): a calendar's crowded
    day that the file rewrites is not the runner's mistake."""
    calendar, _ = _runs_at(range(6, 18))
    write(tmp_path, "runs.ics", calendar)
    season = write(
        tmp_path,
        "season.yaml",
        HEAD + "runs:\n  from_ics: runs.ics\n"
        '  dates: {2026-03-03: {kind: tempo, start: "06:30", minutes: 50}}\n',
    )
    code, err = run_cli("solve", str(season), "-o", str(tmp_path / "plan.csv"))
    assert code == 0, err
    plan = solve_checked(api.load_season(season))
    day = [s for s in plan.sessions if s.activity == "run" and str(s.date) == "2026-03-03"]
    assert [str(run.kind) for run in day] == ["tempo"]


def ics(*events: str) -> str:
    """A calendar of ``events``, each given as its property lines."""
    body = "".join(f"BEGIN:VEVENT\r\n{event}END:VEVENT\r\n" for event in events)
    return f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n{body}END:VCALENDAR\r\n"


def event(uid: str, title: str, *lines: str) -> str:
    return "".join(f"{line}\r\n" for line in (f"UID:{uid}", f"SUMMARY:{title}", *lines))


LEFT_OUT = ics(
    event(
        "a",
        "Tempo",
        "DTSTART;TZID=Narnia/Cair:20260303T063000",
        "DTEND;TZID=Narnia/Cair:20260303T073000",
    ),
    event("b", "Easy", "DTSTART:20260304T063000"),
    event("c", "Team photo", "DTSTART;VALUE=DATE:20260305"),
    event("d", "Track", "DTSTART:20260306T063000", "DTEND:20260306T053000"),
    event("e", "Conference", "DTSTART:20260309T090000", "DTEND:20260313T170000"),
    event("f", "Long run", "DTSTART:20260307T070000", "DTEND:20260307T090000"),
)


def runs_season(folder: Path, text: str, name: str = "runs.ics") -> Path:
    write(folder, name, text)
    field = "from_ics" if name.endswith(".ics") else "from_csv"
    return write(folder, "season.yaml", HEAD + f"runs:\n  {field}: {name}\n")


@pytest.mark.parametrize("freq", ["MINUTELY", "SECONDLY"])
def test_a_run_calendar_repeating_every_minute_is_refused_as_a_run_calendar(
    tmp_path: Path, freq: str
) -> None:
    """The same limit as a busy calendar's (README's limits), in words that fit a calendar
    of runs: no "busy" events in a file of runs."""
    season = runs_season(
        tmp_path,
        ics(event("x", "Easy", "DTSTART:20260303T063000", "DURATION:PT30M", f"RRULE:FREQ={freq}")),
    )
    out = tmp_path / "plan.csv"
    code, err = run_cli("solve", str(season), "-o", str(out))
    assert code == 2 and not out.exists(), err
    assert err.strip().splitlines() == [
        f"liftplan: {season}: runs.from_ics: runs.ics: event 'Easy': repeats every "
        f"{'minute' if freq == 'MINUTELY' else 'second'}: a calendar's events (busy times or "
        "runs) may repeat at most hourly"
    ], err


def test_solve_and_replan_list_every_run_event_left_out(tmp_path: Path) -> None:
    season = runs_season(tmp_path, LEFT_OUT)
    out = tmp_path / "plan.csv"
    code, err = run_cli("solve", str(season), "-o", str(out))
    assert code == 0, err
    lines = [line for line in err.splitlines() if "skipped" in line]
    expected = {
        "'Tempo' on 2026-03-03: its time zone 'Narnia/Cair' is neither defined",
        "'Easy' on 2026-03-04: it has no duration",
        "'Team photo' on 2026-03-05: all-day event: not a run",
        "'Track' on 2026-03-06: it ends before it starts",
        "'Conference' on 2026-03-09: it lasts 4.3 days: not a run",
    }
    assert len(lines) == len(expected), err
    for text in expected:
        assert any(text in line and line.startswith(str(tmp_path)) for line in lines), text
    # nothing left out is called an easy run, and the one run there is made it in
    assert "read as easy" not in err
    check = CliRunner().invoke(cli, ["check", str(season), str(out)])
    assert check.exit_code == 0, check.output
    runs = [line for line in out.read_text().splitlines() if ",run," in line]
    assert len(runs) == 1 and "2026-03-07,sat,run,long,2026-03-07T07:00:00+01:00" in runs[0]
    code, err = run_cli(
        "replan", str(season), str(out), "--from", "2026-03-09", "-o", str(tmp_path / "new.csv")
    )
    assert code == 0, err
    assert sum("skipped" in line for line in err.splitlines()) == len(expected)


def test_past_thirty_left_out_runs_are_counted(tmp_path: Path) -> None:
    events = [
        event(f"u{n}", f"Run {n}", f"DTSTART:202603{3 + n % 10:02d}T{6 + n // 10:02d}0000")
        for n in range(35)
    ]
    season = runs_season(tmp_path, ics(*events))
    code, err = run_cli("solve", str(season), "-o", str(tmp_path / "plan.csv"))
    assert code == 0, err
    assert sum(": skipped event" in line for line in err.splitlines()) == 30
    assert "... and 5 more skipped events" in err


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["DTEND:20260303T073000"], "runs.ics: event 'Tempo': DTSTART: missing"),
        (
            ["DTSTART:20260303T063000", "DTEND:20260303T073000", "RRULE:FREQ=SOMETIMES"],
            "runs.ics: event 'Tempo': RRULE: FREQ=SOMETIMES is not a frequency",
        ),
        (
            ["DTSTART:2026-03-03", "DTEND:20260303T073000"],
            "runs.ics: event 'Tempo': DTSTART: '2026-03-03' is not an iCalendar date-time",
        ),
    ],
)
def test_an_unreadable_event_is_named_in_words(
    tmp_path: Path, lines: list[str], expected: str
) -> None:
    season = runs_season(tmp_path, ics(event("t1", "Tempo", *lines)))
    out = tmp_path / "plan.csv"
    code, err = run_cli("solve", str(season), "-o", str(out))
    assert code == 2 and not out.exists(), err
    assert len(err.strip().splitlines()) == 1 and expected in err, err


def test_a_cut_off_calendar_is_one_line(tmp_path: Path) -> None:
    season = runs_season(tmp_path, "BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n")
    code, err = run_cli("solve", str(season), "-o", str(tmp_path / "plan.csv"))
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "runs.ics: not a readable calendar" in err


@pytest.mark.parametrize(
    ("table", "expected"),
    [
        ("date,start,minutes,kind\n2026-03-03,06:30,40,\n", "runs.csv: row 2: kind: empty"),
        (
            "date,start,minutes,kind,kind\n2026-03-03,06:30,40,easy,easy\n",
            "runs.csv: row 1: column 'kind' appears twice",
        ),
    ],
)
def test_a_table_that_cannot_be_read_right_is_refused(
    tmp_path: Path, table: str, expected: str
) -> None:
    season = runs_season(tmp_path, table, "runs.csv")
    out = tmp_path / "plan.csv"
    code, err = run_cli("solve", str(season), "-o", str(out))
    assert code == 2 and not out.exists()
    assert len(err.strip().splitlines()) == 1 and expected in err, err


def test_a_table_with_no_runs_is_noted(tmp_path: Path) -> None:
    season = runs_season(tmp_path, "date,start,minutes,kind\n", "runs.csv")
    code, err = run_cli("solve", str(season), "-o", str(tmp_path / "plan.csv"))
    assert code == 0, err
    assert "runs.csv: no runs in this file for the season (2026-03-02..2026-03-29)" in err


def test_ics_busy_only_needs_an_ics_output(tmp_path: Path) -> None:
    season = runs_season(
        tmp_path, "date,start,minutes,kind\n2026-03-03,06:30,40,easy\n", "runs.csv"
    )
    out = tmp_path / "plan.csv"
    code, err = run_cli("solve", str(season), "-o", str(out), "--ics-busy-only")
    assert code == 2 and not out.exists()
    assert err.strip() == "liftplan: --ics-busy-only: needs an -o FILE.ics"


def test_init_writes_a_season_around_both_calendars(tmp_path: Path) -> None:
    shutil.copy(CASES / "coach-plan.ics", tmp_path / "coach.ics")
    busy = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nX-WR-TIMEZONE:Europe/Berlin\nEND:VCALENDAR\n"
    write(tmp_path, "busy.ics", busy)
    out = tmp_path / "season.yaml"
    code, err = run_cli(
        "init",
        "--from-ics",
        str(tmp_path / "busy.ics"),
        "--runs-from",
        str(tmp_path / "coach.ics"),
        "--start",
        "2026-03-02",
        "--weeks",
        "4",
        "-o",
        str(out),
    )
    assert code == 0, err
    text = out.read_text()
    assert "from_ics: busy.ics" in text and "from_ics: coach.ics" in text
    assert "coach.ics: 25 runs in the season" in err
    assert "1 race" in err and "'Club social'" in err
    plan = solve_checked(api.load_season(out))
    assert plan.status.solved


def test_a_team_athlete_runs_from_a_calendar_and_gets_fit_files(tmp_path: Path) -> None:
    import json
    import zipfile

    shutil.copy(CASES / "coach-plan.ics", tmp_path / "coach.ics")
    write(
        tmp_path,
        "team.yaml",
        "defaults:\n  timezone: Europe/Berlin\n  season: {start: 2026-03-02, weeks: 4}\n"
        '  availability: {weekly: {tue: ["17:00-21:00"], thu: ["17:00-21:00"],\n'
        '                          fri: ["17:00-21:00"]}}\n'
        "  lifting: {per_week: {min: 1, max: 2, target: 2}}\n"
        "athletes:\n  - {id: ann, runs: {from_ics: coach.ics}}\n",
    )
    out = tmp_path / "out"
    code, err = run_cli("batch", str(tmp_path / "team.yaml"), "-o", str(out), "--format", "zip")
    assert code == 0, err
    plan = json.loads((out / "ann.json").read_text())
    assert sum(s["activity"] == "run" for s in plan["sessions"]) == 25
    lifts = sum(s["activity"] == "lift" for s in plan["sessions"])
    assert len(zipfile.ZipFile(out / "ann.zip").namelist()) == lifts > 0
