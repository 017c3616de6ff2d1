"""The command line's words: exit codes and help, --quiet, --version, the solve options
everywhere a solve happens, errors that blame the right thing, plurals, one stdout copy."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import click
import openpyxl
import pytest

from conftest import invoke, solve_checked
from liftplan import api
from liftplan.cli.app import cli
from liftplan.models.wording import count, plural

EXAMPLES = Path(__file__).parents[2] / "examples"
SAMPLE = EXAMPLES / "sample-week.yaml"
README = (Path(__file__).parents[2] / "README.md").read_text()
SOLVING = ("solve", "explain", "replan", "compare", "batch")


def test_help_lists_the_exit_codes() -> None:
    code, out, _ = invoke("--help")
    assert code == 0
    for number, meaning in [("0", "solved"), ("1", "bug"), ("2", "invalid"), ("3", "infeasible")]:
        assert any(
            line.strip().startswith(f"{number}  ") and meaning in line for line in out.splitlines()
        ), number
    assert "4  no plan found within --time-limit" in out


def test_every_option_of_every_command_has_help() -> None:
    commands = {"": cli, **cli.commands}
    for name, command in commands.items():
        for param in command.params:
            if isinstance(param, click.Option):
                assert param.help, f"{name or 'liftplan'} {param.opts[0]} has no help"


def test_version() -> None:
    from importlib.metadata import version

    code, out, _ = invoke("--version")
    assert code == 0 and out == f"liftplan, version {version('liftplan')}\n"


def test_workers_and_seed_wherever_a_solve_happens() -> None:
    for name in SOLVING:
        params = {param.name for param in cli.commands[name].params}
        assert {"workers", "seed", "time_limit"} <= params, name


def test_quiet_solve_prints_no_summary_and_the_same_plan(tmp_path: Path) -> None:
    code, _, loud = invoke("solve", str(SAMPLE), "-o", str(tmp_path / "a.csv"))
    assert code == 0 and "week  1" in loud and "objective" in loud
    code, _, quiet = invoke("solve", str(SAMPLE), "-o", str(tmp_path / "b.csv"), "--quiet")
    assert code == 0 and quiet == ""
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()
    solve_checked(api.load_season(SAMPLE))


def test_the_same_stdout_twice_prints_once() -> None:
    code, once, _ = invoke("solve", str(SAMPLE), "-o", "-", "-q")
    code2, twice, _ = invoke("solve", str(SAMPLE), "-o", "-", "-o", "-", "-q")
    assert code == code2 == 0
    assert twice == once and once.count("athlete,week,phase") == 1


def test_plurals_come_from_one_helper() -> None:
    assert [count(n, "athlete") for n in (0, 1, 2)] == ["0 athletes", "1 athlete", "2 athletes"]
    assert plural(1, "week") == "week" and plural(3, "day") == "days"
    assert count(2, "child", "children") == "2 children"


def test_a_summary_of_one_says_one_athlete_and_one_week(tmp_path: Path) -> None:
    season = tmp_path / "one.yaml"
    season.write_text(SAMPLE.read_text())
    code, _, err = invoke("batch", str(season), "-o", str(tmp_path / "plans"), "--jobs", "1")
    assert code == 0, err
    assert "1 athlete: 1 optimal" in err and "1 athletes" not in err
    code, _, err = invoke("solve", str(season), "-o", str(tmp_path / "p.csv"))
    assert " 1 week, " in err and "1 weeks" not in err


BUSY = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
X-WR-TIMEZONE:Europe/Berlin
BEGIN:VEVENT
UID:standup@example.com
DTSTART:20260302T163000Z
DTEND:20260302T173000Z
RRULE:FREQ=WEEKLY;BYDAY=MO,WE
SUMMARY:Team meeting
END:VEVENT
END:VCALENDAR
"""


def test_init_blames_the_option_that_is_wrong(tmp_path: Path) -> None:
    (tmp_path / "busy.ics").write_text(BUSY)
    out = tmp_path / "season.yaml"
    base = ["init", "--from-ics", str(tmp_path / "busy.ics"), "-o", str(out)]
    code, _, err = invoke(*base, "--timezone", "Foo/Bar")
    assert code == 2 and err.startswith("liftplan: --timezone: Foo/Bar: not an IANA time zone")
    code, _, err = invoke(*base, "--start", "2026-02-30")
    assert code == 2 and err == "liftplan: --start: 2026-02-30: expected a date as YYYY-MM-DD\n"
    assert not out.exists()


def test_init_says_what_it_read(tmp_path: Path) -> None:
    (tmp_path / "busy.ics").write_text(BUSY)
    out = tmp_path / "season.yaml"
    ics = str(tmp_path / "busy.ics")
    code, _, err = invoke(
        "init", "--from-ics", ics, "--start", "2026-03-02", "--weeks", "2", "-o", str(out)
    )
    assert code == 0, err
    lines = err.splitlines()
    assert lines[0] == "time zone: Europe/Berlin"
    assert lines[1] == f"{ics}: 4 busy events in the season (2026-03-02..2026-03-15)"
    # Mon and Wed lose 17:30-18:30 (Berlin) from 06:00-21:00: two windows each; 14 days.
    assert lines[2] == f"{ics}: 18 free windows to lift in on 14 days (0 days with none)"
    assert solve_checked(api.load_season(out)).status.solved


def test_the_workbook_has_column_widths_and_a_frozen_header(tmp_path: Path) -> None:
    target = tmp_path / "plan.xlsx"
    code, _, err = invoke("solve", str(SAMPLE), "-o", str(target), "-q")
    assert code == 0, err
    book = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        widths = [sheet.column_dimensions[c[0].column_letter].width for c in sheet.iter_cols()]
        assert all(width and width >= 4 for width in widths), (sheet.title, widths)
    plan = book["plan"]
    header = [cell.value for cell in plan[1]]
    notes = plan.column_dimensions[plan.cell(1, header.index("notes") + 1).column_letter]
    date = plan.column_dimensions[plan.cell(1, header.index("date") + 1).column_letter]
    assert notes.width > date.width  # sized to their contents, not one default


def test_the_readme_documents_shell_completion() -> None:
    assert "_LIFTPLAN_COMPLETE=bash_source liftplan" in README
    assert "validate" in README


@pytest.mark.skipif(sys.platform == "win32", reason="completion is for POSIX shells")
def test_completion_works_as_the_readme_says() -> None:
    import os
    import subprocess

    env = {**os.environ, "_LIFTPLAN_COMPLETE": "bash_source"}
    done = subprocess.run(
        [sys.executable, "-c", "from liftplan.cli import main; main()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert "complete" in done.stdout and "_liftplan_completion" in done.stdout


RACES = Path(__file__).parents[1] / "seasons" / "races" / "09-two-races-no-phases.yaml"
NO_A_RACE = "no A race: phases not derived, so no week is base, build, peak or taper"


@pytest.mark.parametrize(
    ("sets", "said"),
    [
        (("runs.dates.2026-11-22.priority=B",), True),  # the 10K is B already: no A race left
        ((), False),  # the last race is A by default: phases derived from it
        (("runs.dates.2026-11-22.priority=B", "season.phases=[]"), False),  # none, as written
    ],
)
def test_a_season_without_an_a_race_says_its_phases_are_not_derived(
    tmp_path: Path, sets: tuple[str, ...], said: bool
) -> None:
    plan = tmp_path / "plan.json"
    code, out, err = invoke(
        "solve", RACES, *[a for text in sets for a in ("--set", text)], "-o", plan
    )
    assert code == 0, err
    code, out, _ = invoke("check", RACES, plan)  # the plan records its --set
    assert code == 0, out
    assert (NO_A_RACE in err) == said, err
    assert ("phases derived from" in err) == (not sets), err


def test_a_week_with_no_room_says_so_without_a_but() -> None:
    infeasible = Path(__file__).parents[1] / "cases" / "robustness"
    season = infeasible / "06-conflict-claims-room-that-does-not-exist" / "infeasible.yaml"
    code, _, err = invoke("solve", season)
    assert code == 3
    assert "no day has room, but" not in err
    assert "each need 2 lifts (lifting.per_week.min) and no day has room: no free window" in err


RACE_WEEK_CLASH = """\
# Room on Mondays and Sundays only (none on Mon 30 Mar), one rest day between lifts: week 5's
# one lift on Sun 5 Apr and the race week's on Mon 6 Apr cannot both be.
timezone: Europe/London
season: {start: 2026-03-02, weeks: 8, phases: []}
availability:
  weekly: {mon: ["18:00-20:00"], sun: ["15:00-18:00"]}
  dates: {2026-03-30: []}
runs:
  weekly: {wed: {kind: intervals, start: "07:00", minutes: 50}}
  dates:
    2026-04-12: {kind: race, start: "09:00", minutes: 50, distance: 10k, priority: B}
    2026-04-26: {kind: race, start: "09:00", minutes: 110, distance: half}
lifting: {per_week: {min: 2, max: 2}, minutes: 45}
week_overrides: {5: {lifting: {per_week: {min: 1, max: 2}}}}
"""


def test_a_race_week_s_minimum_is_said_as_the_races_cap_not_the_season_s(tmp_path: Path) -> None:
    season = tmp_path / "season.yaml"
    season.write_text(RACE_WEEK_CLASH)
    code, _, err = invoke("solve", season)
    assert code == 3
    # Week 5 writes its own minimum; the race week's 1 is the races' cap of the season's 2.
    assert "week 5 (2026-03-30..2026-04-05) needs 1 lift (lifting.per_week.min);" in err
    race_week = "week 6 (2026-04-06..2026-04-12) needs 1 lift"
    cap = "(lifting.per_week.min, at most 1 in the week of an A or B race);"
    assert f"{race_week} {cap}" in err, err


def test_tally_counts_each_kind_in_words() -> None:
    from liftplan.models.wording import tally

    assert tally({"moved": 1, "shortened": 36, "dropped": 0}, "lift") == (
        "1 lift moved, 36 lifts shortened"
    )
    assert tally({"dropped": 0}, "lift") == ""


LEAD_IN_CLASH = """\
# Room on Mondays and Sundays only, one rest day between lifts: every week's two lifts are
# Monday and Sunday, which touch. Week 5 holds no race, but the days of no lift before the
# B race on Tue 7 Apr reach its Sunday: the races cap its minimum, and say so.
timezone: Europe/London
season: {start: 2026-03-02, weeks: 8, phases: []}
availability:
  weekly: {mon: ["18:00-20:00"], sun: ["15:00-18:00"]}
runs:
  weekly: {wed: {kind: intervals, start: "07:00", minutes: 50}}
  dates:
    2026-04-07: {kind: race, start: "09:00", minutes: 50, distance: 10k, priority: B}
    2026-04-26: {kind: race, start: "09:00", minutes: 110, distance: half}
lifting: {per_week: {min: 2, max: 2}, minutes: 45}
rules: {no_lift_days_before_race: 2}
"""


def test_each_kind_of_race_week_is_named_as_a_coach_calls_it(tmp_path: Path) -> None:
    season = tmp_path / "season.yaml"
    season.write_text(LEAD_IN_CLASH)
    code, _, err = invoke("solve", season)
    assert code == 3
    lead_in = "week 5 (2026-03-30..2026-04-05) needs 1 lift (lifting.per_week.min, at most 1 in"
    assert f"{lead_in} a week the days of no lift before an A or B race reach into)" in err, err
    a_race = "week 8 (2026-04-20..2026-04-26) needs 1 lift (lifting.per_week.min, at most 1 in"
    assert f"{a_race} the week of an A or B race)" in err, err
    assert "in a race week" not in err
