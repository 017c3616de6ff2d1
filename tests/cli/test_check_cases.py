"""`liftplan check` on what `solve` writes (robustness cases 07, 08, 09, 17), at the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from conftest import invoke, season_data, solve_both_checked
from conftest import robustness_case as case

CASES = Path(__file__).parent.parent / "cases" / "robustness"


def solved(season: Path, *outputs: str, sets: tuple[str, ...] = ()) -> list[Path]:
    paths = [season.parent / output for output in outputs]
    options = [arg for path in paths for arg in ("-o", str(path))]
    options += [arg for text in sets for arg in ("--set", text)]
    code, _, err = invoke("solve", season, *options)
    assert code == 0, err
    return paths


def test_07_a_csv_plan_passes_as_its_json_does(tmp_path: Path) -> None:
    folder = case(tmp_path, "07-check-csv-false-violation")
    season = folder / "sample-week.yaml"
    csv, plan = solved(season, "plan.csv", "plan.json")
    code, out, err = invoke("check", season, plan)
    assert (code, err) == (0, "") and "OK, 2 lifts" in out
    code, out, err = invoke("check", season, csv)
    assert code == 0, out + err
    assert out == f"{csv}: OK, 2 lifts break no hard rule; a CSV records no score to check\n"


def test_07_a_csv_plan_that_breaks_a_rule_still_fails(tmp_path: Path) -> None:
    folder = case(tmp_path, "07-check-csv-false-violation")
    season = folder / "sample-week.yaml"
    (csv,) = solved(season, "plan.csv")
    # The Thursday lift moved to Wednesday: the day before Thursday's tempo.
    text = csv.read_text().replace("2026-03-05,thu,lift", "2026-03-04,wed,lift")
    csv.write_text(
        text.replace("2026-03-05T17:30", "2026-03-04T17:30").replace(
            "2026-03-05T18:15", "2026-03-04T18:15"
        )
    )
    code, out, _ = invoke("check", season, csv)
    assert code == 1
    assert "no_lift_day_before_hard" in out


@pytest.mark.parametrize(
    ("suffix", "why"),
    [(".ics", "a calendar"), (".html", "a page"), (".xlsx", "a workbook")],
)
def test_07_a_format_that_does_not_carry_the_plan_is_refused_in_one_line(
    tmp_path: Path, suffix: str, why: str
) -> None:
    folder = case(tmp_path, "07-check-csv-false-violation")
    season = folder / "sample-week.yaml"
    (written,) = solved(season, f"plan{suffix}")
    code, out, err = invoke("check", season, written)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith(f"liftplan: {written}: cannot verify a {suffix} plan: {why}")
    assert "plan.json" in err


def test_08_a_plan_for_another_athlete_is_one_line_and_exit_2(tmp_path: Path) -> None:
    folder = case(tmp_path, "08-check-wrong-athlete-160-lines")
    (sample_plan,) = solved(folder / "sample-week.yaml", "sample.json")
    code, out, err = invoke("check", folder / "marathon-16-weeks.yaml", sample_plan)
    assert (code, out) == (2, "")
    assert err == (
        f"liftplan: {sample_plan}: athlete: this plan is for athlete 'sample-week', not 'sam'\n"
    )
    code, out, err = invoke(
        "replan", folder / "marathon-16-weeks.yaml", sample_plan, "--from", "2026-03-11"
    )
    assert (code, out) == (2, "")
    assert err.count("\n") == 1 and "this plan is for athlete 'sample-week'" in err


def test_a_season_with_an_empty_id_checks_and_replans_its_own_plan(tmp_path: Path) -> None:
    """Found by the mutation test: `id: ""` names no one, so the plan takes the file's name
    (as with no id); check and replan must not read it as a plan for athlete ''."""
    folder = case(tmp_path, "08-check-wrong-athlete-160-lines")
    season = folder / "sample-week.yaml"
    season.write_text(season.read_text(encoding="utf-8") + '\nid: ""\n', encoding="utf-8")
    (plan,) = solved(season, "plan.json")
    code, out, err = invoke("check", season, plan)
    assert code == 0, out + err
    code, _, err = invoke("replan", season, plan, "--from", "2026-03-04", "-o", plan)
    assert code == 0, err


def test_08_a_plan_for_another_season_is_one_line_and_exit_2(tmp_path: Path) -> None:
    folder = case(tmp_path, "08-check-wrong-athlete-160-lines")
    marathon = folder / "marathon-16-weeks.yaml"
    plan, csv = solved(marathon, "marathon.json", "marathon.csv")
    # The sample week names no athlete: only the season's dates can tell.
    code, out, err = invoke("check", folder / "sample-week.yaml", plan)
    assert (code, out) == (2, "")
    assert err == (
        f"liftplan: {plan}: season_end: this plan is for the season 2026-03-02..2026-06-21, "
        "not 2026-03-02..2026-03-08\n"
    )
    code, out, err = invoke("check", folder / "sample-week.yaml", csv)
    assert (code, out) == (2, "")
    assert err.startswith(f"liftplan: {csv}: sessions: this plan has sessions on 2026-03-09..")
    # The same season moved a week later is another season too.
    later = folder / "later.yaml"
    text = marathon.read_text().replace("start: 2026-03-02", "start: 2026-03-09")
    later.write_text(text.replace("end: 2026-06-21", "end: 2026-06-28"))
    code, _, err = invoke("check", later, plan)
    assert code == 2 and "season_start: this plan is for the season 2026-03-02" in err


def test_09_a_plan_made_with_set_is_verified_with_what_it_records(tmp_path: Path) -> None:
    folder = case(tmp_path, "09-check-cannot-verify-set-plan")
    season = folder / "marathon-16-weeks.yaml"
    plan, csv = solved(season, "plan.json", "plan.csv", sets=("lifting.per_week.target=2",))
    assert json.loads(plan.read_text())["overrides"] == ["lifting.per_week.target=2"]
    code, out, err = invoke("check", season, plan)
    assert code == 0, out + err
    assert "OK, " in out
    code, out, err = invoke("check", season, plan, "--set", "lifting.per_week.target=2")
    assert code == 0, out + err
    # A CSV records no overrides: --set gives them.
    code, out, err = invoke("check", season, csv, "--set", "lifting.per_week.target=2")
    assert code == 0, out + err
    # An override that breaks the plan's rules shows as violations, not as a crash.
    code, out, _ = invoke("check", season, plan, "--set", "rules.recovery_hours=48")
    assert code == 1 and "recovery_hours" in out


def test_17_an_edited_season_is_checked_and_no_penalty_is_negative(tmp_path: Path) -> None:
    folder = case(tmp_path, "17-check-negative-penalty")
    (plan,) = solved(folder / "season.yaml", "plan.json")
    code, out, _ = invoke("check", folder / "season-shorter.yaml", plan)
    assert code == 1
    lines = out.splitlines()
    assert lines == [
        f"{plan}: 2026-03-03 lift_minutes: lift lasts 45 min; allowed 20-30",
        f"{plan}: 2026-03-05 lift_minutes: lift lasts 45 min; allowed 20-30",
    ]
    assert "score" not in out and "recomputed" not in out  # short_lift_minute stays 0


def test_a_duplicated_run_and_a_foreign_offset_are_violations(tmp_path: Path) -> None:
    folder = case(tmp_path, "07-check-csv-false-violation")
    season = folder / "sample-week.yaml"
    (plan,) = solved(season, "plan.json")
    data = json.loads(plan.read_text())
    runs = [s for s in data["sessions"] if s["activity"] == "run"]
    data["sessions"].append(dict(runs[0]))
    lift = next(s for s in data["sessions"] if s["activity"] == "lift")
    # The same instant written with New York's summer offset in March: not the zone's.
    lift["start"] = lift["start"].replace("T17:30:00-05:00", "T18:30:00-04:00")
    lift["end"] = lift["end"].replace("T18:15:00-05:00", "T19:15:00-04:00")
    plan.write_text(json.dumps(data))
    code, out, _ = invoke("check", season, plan)
    assert code == 1
    assert f"{plan}: 2026-03-02 runs: easy run is there twice" in out
    assert "offsets: lift start 2026-03-03T18:30:00-04:00 does not have the offset" in out


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_a_plan_whose_times_lost_their_offset_is_exit_2_naming_the_row(
    tmp_path: Path, suffix: str
) -> None:
    """A spreadsheet edit that drops the UTC offsets: one line naming the file and the field,
    for `check` and for `replan --done` (exit 1 before)."""
    folder = case(tmp_path, "07-check-csv-false-violation")
    season = folder / "sample-week.yaml"
    (plan,) = solved(season, f"plan.{suffix}")
    (json_plan,) = solved(season, "whole.json")
    plan.write_text(plan.read_text().replace("T17:30:00-05:00", "T17:30:00"))
    for args in (
        ("check", season, plan),
        ("replan", season, json_plan, "--from", "2026-03-05", "--done", plan),
    ):
        code, _, err = invoke(*args)
        assert code == 2, err
        (line,) = err.splitlines()
        assert line.startswith(f"liftplan: {plan}: ") and "has no UTC offset" in line, line


@pytest.mark.parametrize("suffix", ["csv", "json"])
def test_a_lift_that_ends_before_it_starts_is_exit_2_naming_the_row(
    tmp_path: Path, suffix: str
) -> None:
    """Not "lift lasts -30 min" with a recomputed positive penalty: the row is broken."""
    folder = case(tmp_path, "07-check-csv-false-violation")
    season = folder / "sample-week.yaml"
    (plan,) = solved(season, f"plan.{suffix}")
    (json_plan,) = solved(season, "whole.json")
    assert invoke("check", season, json_plan)[0] == 0
    text = plan.read_text()
    start = "2026-03-03T17:30:00-05:00"
    assert start in text
    # the Tuesday lift's end, half an hour before its start
    end = next(
        s["end"]
        for s in json.loads(json_plan.read_text())["sessions"]
        if s["activity"] == "lift" and s["start"] == start
    )
    plan.write_text(text.replace(end, "2026-03-03T17:00:00-05:00", 1))
    code, out, err = invoke("check", season, plan)
    assert (code, out) == (2, ""), out + err
    (line,) = err.splitlines()
    assert line.startswith(f"liftplan: {plan}: "), line
    assert ("sessions[" if suffix == "json" else ": row ") in line, line
    assert "is not after start" in line and "lasts" not in line


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        ({"status": "INFEASIBLE"}, "status"),
        ({"status": "UNKNOWN"}, "status"),
        ({"objective": None}, "objective"),
        ({"sessions": []}, "sessions"),
    ],
)  # fmt: skip
def test_a_plan_whose_status_contradicts_its_sessions_is_exit_2(
    tmp_path: Path, edit: dict[str, object], field: str
) -> None:
    folder = case(tmp_path, "07-check-csv-false-violation")
    season = folder / "sample-week.yaml"
    (plan,) = solved(season, "plan.json")
    assert invoke("check", season, plan)[0] == 0
    document = json.loads(plan.read_text())
    document.update(edit)
    plan.write_text(json.dumps(document))
    code, out, err = invoke("check", season, plan)
    assert (code, out) == (2, ""), out + err
    (line,) = err.splitlines()
    assert line.startswith(f"liftplan: {plan}: {field}: ") and "inconsistent plan file" in line


def test_replan_refuses_a_plan_without_its_objective(tmp_path: Path) -> None:
    folder = case(tmp_path, "07-check-csv-false-violation")
    season = folder / "sample-week.yaml"
    (plan,) = solved(season, "plan.json")
    document = json.loads(plan.read_text())
    document["objective"] = None
    plan.write_text(json.dumps(document))
    code, out, err = invoke("replan", season, plan, "--from", "2026-03-04")
    assert (code, out) == (2, ""), out + err
    assert err == (
        f"liftplan: {plan}: objective: missing, but OPTIMAL says there is a plan, and a plan "
        "has an objective (inconsistent plan file)\n"
    )


@pytest.mark.parametrize(("cores", "counted"), [(1, "2 lifts and 1 core session"), (0, "2 lifts")])
def test_check_counts_the_core_sessions_it_checked(
    tmp_path: Path, cores: int, counted: str
) -> None:
    """check verifies core sessions as it does lifts, so its OK line counts them too (and
    says nothing of them in a plan that has none)."""
    data = season_data(
        lifting={"per_week": {"min": 2, "max": 2}, "minutes": 45, "core_sessions": cores}
    )
    season = tmp_path / "season.yaml"
    season.write_text(yaml.safe_dump(data), encoding="utf-8")
    _, sessions, _ = solve_both_checked(season, tmp_path)
    assert sum(s["kind"] == "core" for s in sessions) == cores
    code, out, err = invoke("check", season, tmp_path / "plan.json")
    assert (code, err) == (0, "")
    assert out.startswith(f"{tmp_path / 'plan.json'}: OK, {counted} break no hard rule; ")
