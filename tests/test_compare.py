"""Compare scenarios: one table whose values match plans solved on their own."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from conftest import solve_checked
from liftplan import api
from liftplan.check import check_plan
from liftplan.cli.app import cli
from liftplan.io.overrides import merge, with_overrides

EXAMPLES = Path(__file__).parent.parent / "examples"
SEASON = EXAMPLES / "marathon-16-weeks.yaml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_three_scenarios_match_plans_solved_separately(tmp_path: Path) -> None:
    (tmp_path / "no-saturday.yaml").write_text("availability:\n  weekly:\n    sat: []\n")
    code, out, err = run(
        "compare",
        str(SEASON),
        "--format",
        "json",
        "--jobs",
        "2",
        "--scenario",
        "two=lifting.per_week.max=2,lifting.per_week.target=2",
        "--scenario",
        "relaxed=rules.recovery_hours=12",
        "--scenario",
        f"weekday={tmp_path / 'no-saturday.yaml'}",
    )
    assert code == 0, err
    table = json.loads(out)
    assert list(table) == ["base", "two", "relaxed", "weekday"]
    base = api.load_season(SEASON)
    seasons = {
        "base": base,
        "two": with_overrides(base, ["lifting.per_week.max=2", "lifting.per_week.target=2"]),
        "relaxed": with_overrides(base, ["rules.recovery_hours=12"]),
        "weekday": with_overrides(base, ["availability.weekly.sat=[]"]),
    }
    for name, season in seasons.items():
        plan = solve_checked(season)
        column = table[name]["metrics"]
        assert column["status"] == "OPTIMAL"
        assert column["objective"] == plan.objective  # numbers as numbers, not text
        for term, total in plan.score.items():
            assert column[term] == total
        counts = plan.lifts_per_week
        assert column["lifts/week min"] == min(counts)
        assert column["lifts/week mean"] == round(sum(counts) / len(counts), 2)
        assert column["lifts/week max"] == max(counts)
        assert column["total lifting minutes"] == sum(lift.minutes for lift in plan.lifts)
        assert table[name]["reason"] == []
    assert table["two"]["metrics"]["lifts/week max"] == 2
    assert table["two"]["changes"] == ["lifting.per_week.max=2", "lifting.per_week.target=2"]
    assert table["weekday"]["changes"] == ["availability.weekly.sat=[] (from no-saturday.yaml)"]
    assert "dropped week 1: Sat 2026-03-07 12:00" in table["two"]["diff"]
    assert table["base"]["diff"] == []


def test_the_text_table_and_an_infeasible_scenario() -> None:
    code, out, _ = run("compare", str(SEASON), "--scenario", "strict=rules.recovery_hours=48")
    assert code == 3
    lines = out.splitlines()
    assert lines[0].split() == ["metric", "base", "strict"]
    assert lines[1].split() == ["status", "OPTIMAL", "INFEASIBLE"]


def test_a_bad_override_is_exit_2_naming_the_path() -> None:
    code, _, err = run("compare", str(SEASON), "--scenario", "x=rules.recovery_hourz=48")
    assert code == 2
    assert err == "liftplan: --scenario x: rules.recovery_hourz: unknown field\n"
    code, _, err = run("compare", str(SEASON), "--scenario", "x=rules.recovery_hours=-1")
    assert code == 2 and "rules.recovery_hours" in err
    code, _, err = run("compare", str(SEASON), "--scenario", "nonsense")
    assert code == 2 and "expected NAME=FILE" in err


def test_a_scenario_s_bad_routines_file_is_exit_2_not_a_broken_pool(tmp_path: Path) -> None:
    """Scenarios are solved in worker processes: the InputError a worker raises must come
    back whole (it did not unpickle: exit 1, BrokenProcessPool)."""
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("routines: nope.yaml\n")
    code, out, err = run("compare", str(SEASON), "--scenario", f"x={scenario}")
    assert (code, out) == (2, "")
    assert err == "liftplan: nope.yaml: no such file\n"
    code, _, err = run("compare", str(SEASON), "--scenario", "x=routines=/dev/zero")
    assert code == 2
    assert err == "liftplan: /dev/zero: is a device, not a regular file\n"


def test_merge_keeps_what_the_scenario_does_not_say() -> None:
    base = {"rules": {"recovery_hours": 24, "rest_days_between_lifts": 1}, "weights": {"habit": 5}}
    merged = merge(base, {"rules": {"recovery_hours": 48}})
    assert merged == {
        "rules": {"recovery_hours": 48, "rest_days_between_lifts": 1},
        "weights": {"habit": 5},
    }


def test_a_run_counts_on_every_date_it_touches() -> None:
    """A hard night run Wed 23:00-01:30 makes Thursday a hard day; Thursday's 18:00 lift is
    16.5 h after it. A lift on Friday has no run on its date."""
    from liftplan.compare import metrics
    from liftplan.models.plan import Plan, Session, Status

    def session(activity: str, kind: str, start: dt.datetime, minutes: int, **more: Any) -> Session:
        return Session(
            athlete="a",
            week=1,
            phase="",
            date=start.date(),
            weekday=f"{start:%a}".lower(),
            activity=activity,  # type: ignore[arg-type]
            kind=kind,  # type: ignore[arg-type]
            start=start,
            end=start + dt.timedelta(minutes=minutes),
            minutes=minutes,
            **more,
        )

    wednesday = dt.datetime(2026, 3, 4, 23, tzinfo=dt.UTC)
    night = session("run", "tempo", wednesday, 150, hard=True)
    thursday = session("lift", "heavy", dt.datetime(2026, 3, 5, 18, tzinfo=dt.UTC), 45)
    friday = session("lift", "heavy", dt.datetime(2026, 3, 6, 18, tzinfo=dt.UTC), 45)
    plan = Plan(
        athlete="a",
        timezone="UTC",
        status=Status.OPTIMAL,
        lifts_per_week=[2],
        sessions=[night, thursday, friday],
    )
    rows = metrics(plan)
    assert rows["% lifts on hard days"] == 50
    assert rows["mean run-to-lift gap (h)"] == 16.5
    only_thursday = plan.model_copy(update={"sessions": [night, thursday]})
    assert metrics(only_thursday)["% lifts on hard days"] == 100


CASES = Path(__file__).parent / "cases" / "robustness"


def test_json_numbers_are_numbers_and_an_infeasible_scenario_says_why() -> None:
    folder = CASES / "14-compare-json-stringly"
    code, out, err = run(
        "compare",
        str(folder / "marathon-16-weeks.yaml"),
        "--scenario",
        "strict=rules.recovery_hours=48",
        "--scenario",
        "weekdays=no-saturday.yaml",
        "--format",
        "json",
    )
    assert code == 3, err
    table = json.loads(out)
    base, strict, weekdays = table["base"], table["strict"], table["weekdays"]
    for column in (base, weekdays):
        numbers = {k: v for k, v in column["metrics"].items() if k != "status"}
        assert all(isinstance(v, int | float) for v in numbers.values()), numbers
    assert strict["metrics"]["objective"] is None and strict["metrics"]["habit"] is None
    assert strict["reason"][0] == "no plan meets every hard rule"
    assert any("recovery_hours is 48 h" in line for line in strict["reason"])
    assert strict["changes"] == ["rules.recovery_hours=48"] and strict["diff"] == []
    assert weekdays["changes"] == ["availability.weekly.sat=[] (from no-saturday.yaml)"]
    assert weekdays["diff"] and weekdays["reason"] == []
    # The plan behind each solved column passes the independent checker.
    season = api.load_season(folder / "marathon-16-weeks.yaml")
    assert solve_checked(season).objective == base["metrics"]["objective"]
    weekday_season = with_overrides(season, ["availability.weekly.sat=[]"])
    assert solve_checked(weekday_season).objective == weekdays["metrics"]["objective"]


def test_every_format_says_what_a_scenario_changes_and_why_it_has_no_plan() -> None:
    season = str(CASES / "14-compare-json-stringly" / "marathon-16-weeks.yaml")
    args = ["compare", season, "--scenario", "strict=rules.recovery_hours=48"]
    args += ["--scenario", "two=lifting.per_week.max=2"]
    code, table, _ = run(*args)
    assert code == 3
    assert "\nstrict: rules.recovery_hours=48\n  no plan: no plan meets every hard rule\n" in table
    assert "\ntwo: lifting.per_week.max=2; lifting.per_week.target 3 is outside the new" in table
    assert "None" not in table
    code, text, _ = run(*args, "--format", "csv")
    rows = {line.split(",")[0]: line for line in text.splitlines()}
    assert rows["objective"].split(",")[2] == "-"
    assert "rules.recovery_hours=48" in rows["changes"]
    assert "no plan meets every hard rule" in rows["reason"]
    code, page, _ = run(*args, "--format", "html")
    assert "None" not in page
    assert "<p>Changes: rules.recovery_hours=48</p>" in page
    no_plan = '<p class="reason">No plan: no plan meets every hard rule.</p><ul class="reason">'
    assert no_plan + "<li>weeks " in page
    assert '<tr class="changes"><th>changes</th><td>the season as written</td>' in page
    assert "Against the base: " in page


def test_an_override_narrowing_per_week_keeps_the_target_inside_and_says_so(
    tmp_path: Path,
) -> None:
    folder = CASES / "15-roster-template-example-fails"
    out = tmp_path / "p.json"
    result = CliRunner().invoke(
        cli,
        ["solve", str(folder / "base.yaml"), "--set", "lifting.per_week.max=2", "-o", str(out)],
    )
    assert result.exit_code == 0, result.stderr
    assert result.stderr.startswith(
        "liftplan: note: --set: lifting.per_week.target 3 is outside the new range 2..2: "
        "aiming for 2"
    )
    season = with_overrides(api.load_season(folder / "base.yaml"), ["lifting.per_week.max=2"])
    assert season.lifting.per_week.target == 2
    plan = solve_checked(season)
    assert (
        max(plan.lifts_per_week) <= 2
        and plan.model_dump(mode="json")["sessions"] == (json.loads(out.read_text())["sessions"])
    )
    # An explicit target outside the range is still the user's mistake.
    result = CliRunner().invoke(
        cli,
        [
            "solve",
            str(folder / "base.yaml"),
            "--set",
            "lifting.per_week.max=2",
            "--set",
            "lifting.per_week.target=3",
        ],
    )
    assert result.exit_code == 2 and "target 3 is outside min..max (2..2)" in result.stderr


def test_the_roster_template_s_own_example_plans(tmp_path: Path) -> None:
    template = CliRunner().invoke(cli, ["init", "--roster-template"]).stdout
    assert "lifting.per_week.max" in template.splitlines()[0]
    base = (CASES / "15-roster-template-example-fails" / "base.yaml").read_text()
    (tmp_path / "base.yaml").write_text(base)
    (tmp_path / "ana.yaml").write_text(base)
    (tmp_path / "roster.csv").write_text(template)
    code, out, err = run("validate", str(tmp_path / "roster.csv"))
    assert code == 0, out
    out_dir = tmp_path / "plans"
    code, _, err = run("batch", str(tmp_path / "roster.csv"), "-o", str(out_dir), "--jobs", "1")
    assert code == 0, err
    from liftplan.io.plan_file import load_plan
    from liftplan.io.team_file import load_team, member_season

    for athlete in load_team(tmp_path / "roster.csv").athletes:
        season = member_season(athlete)
        plan = load_plan(out_dir / f"{athlete.stem}.json", season.timezone)
        assert check_plan(season, plan).ok
    ben = load_plan(out_dir / "ben.json", "America/Chicago")
    assert max(ben.lifts_per_week) <= 2 and len(ben.lifts_per_week) == 16


def test_a_calendar_or_runs_file_from_an_override_is_refused_not_ignored(tmp_path: Path) -> None:
    """Those files are read with the season file; an override naming another was silently
    ignored (the plan stayed the base's). Now it says so, exit 2."""
    (tmp_path / "busy.ics").write_text("BEGIN:VCALENDAR\nEND:VCALENDAR\n")
    scenario = tmp_path / "scenario.yaml"
    scenario.write_text("runs:\n  from_csv: runs.csv\n")
    said = "a calendar or runs file is read with the season file, not from an override"
    code, _, err = run("solve", str(SEASON), "--set", "availability.from_ics=busy.ics", "-o", "-")
    assert code == 2
    assert err.startswith(f"liftplan: --set: availability.from_ics: {said}")
    code, _, err = run("compare", str(SEASON), "--scenario", f"x={scenario}")
    assert code == 2
    assert err.startswith(f"liftplan: {scenario}: runs.from_csv: {said}")
    code, _, err = run("compare", str(SEASON), "--scenario", "x=runs.from_ics=busy.ics")
    assert code == 2 and "--scenario x: runs.from_ics: " in err


def test_a_scenario_file_s_maxes_are_checked_as_an_override_s_are(tmp_path: Path) -> None:
    """A mistyped exercise in a scenario file's 1RMs gave no kg without a word, while the
    same max through `--scenario x=athlete.one_rep_max...` was refused."""
    scenario = tmp_path / "heavier.yaml"
    scenario.write_text("athlete:\n  one_rep_max:\n    Back squatt: 100\n")
    code, out, err = run("compare", str(SEASON), "--scenario", f"x={scenario}")
    assert (code, out) == (2, "")
    assert err.startswith(f"liftplan: {scenario}: athlete.one_rep_max.Back squatt: unknown")
    assert err.count("\n") == 1
    code, _, err = run("compare", str(SEASON), "--scenario", "x=athlete.one_rep_max.Back squatt=1")
    assert code == 2 and "--scenario x: athlete.one_rep_max.Back squatt: unknown" in err
    scenario.write_text("athlete:\n  one_rep_max:\n    Back squat: 100\n")
    code, out, err = run("compare", str(SEASON), "--scenario", f"x={scenario}")
    assert code == 0, err
    assert "x" in out.split()
