"""The commands and their exit codes (SPEC section 6), through click's test runner."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import invoke, season_data
from liftplan import api
from liftplan.cli.app import cli
from liftplan.models import Plan, Status

EXAMPLES = Path(__file__).parent.parent.parent / "examples"


def write_season(tmp_path: Path, **sections: object) -> Path:
    path = tmp_path / "season.json"
    path.write_text(json.dumps(season_data(**sections)))
    return path


def test_solve_writes_csv_and_json_and_a_summary(tmp_path: Path) -> None:
    season = write_season(tmp_path)
    csv, plan = tmp_path / "plan.csv", tmp_path / "plan.json"
    code, out, err = invoke("solve", str(season), "-o", str(csv), "-o", str(plan))
    assert code == 0, err
    assert out == ""
    assert err.splitlines()[0].startswith("OPTIMAL  objective 0 (bound 0)")
    assert "week  1" in err and "Tue 17:30, Thu 17:30" in err
    header = csv.read_text().splitlines()[0]
    assert header == "athlete,week,phase,date,weekday,activity,kind,start,end,minutes,block,notes"
    assert "2026-03-03T17:30:00+00:00" in csv.read_text()
    data = json.loads(plan.read_text())
    assert {"status", "objective", "bound", "score", "sessions"} <= set(data)
    lifts = [s for s in data["sessions"] if s["activity"] == "lift"]
    assert lifts and all(s["reasons"] for s in lifts)


def test_solve_without_output_prints_csv_and_dash_prints_json(tmp_path: Path) -> None:
    season = write_season(tmp_path)
    code, out, _ = invoke("solve", str(season))
    assert code == 0 and out.startswith("athlete,week,")
    code, out, _ = invoke("solve", str(season), "-o", "-", "--stdout-format", "json")
    assert code == 0 and json.loads(out)["status"] == "OPTIMAL"


def test_check_passes_a_solved_plan_and_fails_a_tampered_one(tmp_path: Path) -> None:
    season = write_season(tmp_path)
    plan = tmp_path / "plan.json"
    assert invoke("solve", str(season), "-o", str(plan))[0] == 0
    code, out, _ = invoke("check", str(season), str(plan))
    assert code == 0 and "OK" in out
    data = json.loads(plan.read_text())
    lift = next(s for s in data["sessions"] if s["activity"] == "lift")
    lift["start"], lift["end"] = "2026-03-02T17:30:00+00:00", "2026-03-02T18:15:00+00:00"
    plan.write_text(json.dumps(data))
    code, out, err = invoke("check", str(season), str(plan))
    assert code == 1
    lines = out.splitlines()
    assert all(line.startswith(f"{plan}: ") for line in lines)
    rules = " ".join(lines)
    for rule in ("no_lift_day_before_hard", "recovery_hours", "dates", "score", "objective"):
        assert rule in rules
    assert f"{len(lines)} violations" in err


def test_check_names_the_race_a_violation_is_about(tmp_path: Path) -> None:
    season = write_season(
        tmp_path,
        season={"start": "2026-04-20", "weeks": 4, "phases": [], "deload_every_weeks": 0},
        runs={
            "weekly": {},
            "dates": {
                "2026-05-09": {"kind": "race", "start": "08:00", "minutes": 30, "distance": "5k"}
            },
        },
        lifting={"per_week": {"min": 0, "max": 2, "target": 1}, "minutes": 45},
    )
    plan = tmp_path / "plan.json"
    assert invoke("solve", str(season), "-o", str(plan))[0] == 0
    data = json.loads(plan.read_text())
    runs = [s for s in data["sessions"] if s["activity"] == "run"]
    lift = next(s for s in data["sessions"] if s["activity"] == "lift")
    week_4 = next(b for b in data["blocks"] if b["first_week"] <= 4 <= b["last_week"])
    lift.update(  # Monday 11 May, 2 days after the 5k: no lift yet
        start="2026-05-11T17:30:00+00:00",
        end="2026-05-11T18:15:00+00:00",
        date="2026-05-11",
        weekday="mon",
        week=4,
        kind="light",
        block=f"{week_4['number']}{week_4['routine']}",
    )
    data["sessions"] = [*runs, lift]
    data["lifts_per_week"] = [0, 0, 0, 1]  # as the one lift left, or the file is refused
    plan.write_text(json.dumps(data))
    code, out, _ = invoke("check", str(season), str(plan))
    assert code == 1
    dated = [line for line in out.splitlines() if not line.startswith(f"{plan}: score:")]
    dated = [line for line in dated if not line.startswith(f"{plan}: objective:")]
    assert dated == [
        f"{plan}: 2026-05-11 no_lift_days_after_race: 2 days after the 5k (A) on 2026-05-09"
    ]


def test_check_a_bad_plan_file_is_exit_2(tmp_path: Path) -> None:
    season = write_season(tmp_path)
    plan = tmp_path / "plan.json"
    plan.write_text('{"status": "OPTIMAL"}')
    code, _, err = invoke("check", str(season), str(plan))
    assert code == 2 and err.startswith(f"liftplan: {plan}: ") and err.count("\n") == 1


def test_infeasible_exits_3_naming_the_rule_and_leaves_outputs_untouched(tmp_path: Path) -> None:
    # Monday and Wednesday are free, but each is the day before a hard run.
    season = write_season(
        tmp_path, availability={"weekly": {"mon": ["17:30-21:00"], "wed": ["17:30-21:00"]}}
    )
    plan = tmp_path / "plan.csv"
    plan.write_text("old plan\n")
    code, _, err = invoke("solve", str(season), "-o", str(plan))
    assert code == 3
    assert "infeasible" in err
    assert "week 1 (2026-03-02..2026-03-08) needs 2 lifts" in err
    assert "Mon 2026-03-02 is the day before Tue track" in err
    assert "repair: " in err and "--set " in err
    assert plan.read_text() == "old plan\n"


def test_no_plan_within_the_time_limit_exits_4(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    season = write_season(tmp_path)
    out = tmp_path / "plan.csv"
    real_solve = api.solve

    def timed_out(*args: object, **kwargs: object) -> Plan:
        plan = real_solve(*args, **kwargs)  # type: ignore[arg-type]
        return Plan(athlete=plan.athlete, timezone=plan.timezone, status=Status.UNKNOWN)

    monkeypatch.setattr(api, "solve", timed_out)
    code, _, err = invoke("solve", str(season), "-o", str(out), "--time-limit", "0.5")
    assert code == 4
    assert "no plan found within 0.5 s" in err
    assert not out.exists()


def test_an_internal_error_is_exit_1_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> Plan:
        raise RuntimeError("boom")

    monkeypatch.setattr(api, "solve", broken)
    code, _, err = invoke("solve", str(write_season(tmp_path)))
    assert code == 1
    assert err == "liftplan: internal error: RuntimeError: boom\n"


def test_a_failed_write_leaves_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from liftplan.io.render import writers

    season = write_season(tmp_path)
    plan = tmp_path / "plan.json"
    plan.write_text("old\n")

    def failing_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers.os, "fsync", failing_fsync)
    code, _, err = invoke("solve", str(season), "-o", str(plan))
    assert code == 2  # a full disk is the user's to fix: one line naming the file
    assert err.strip() == f"liftplan: {plan}: cannot write: No space left on device"
    assert plan.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.json", "season.json"]  # no temp


def test_schema_describes_every_field() -> None:
    code, out, _ = invoke("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["additionalProperties"] is False
    assert {"timezone", "season", "availability", "runs", "lifting", "rules", "weights"} <= set(
        schema["properties"]
    )
    for definition in schema["$defs"].values():
        for name, prop in definition.get("properties", {}).items():
            assert prop.get("description"), f"{definition['title']}.{name} has no description"


def test_same_input_seed_and_workers_give_identical_bytes(tmp_path: Path) -> None:
    season = EXAMPLES / "marathon-16-weeks.yaml"
    for workers in ("1", "2"):
        outputs = []
        for attempt in range(2):
            csv, plan = (
                tmp_path / f"{workers}-{attempt}.csv",
                tmp_path / f"{workers}-{attempt}.json",
            )
            code, _, err = invoke(
                "solve", str(season), "--workers", workers, "-o", str(csv), "-o", str(plan)
            )
            assert code == 0, err
            outputs.append((csv.read_bytes(), plan.read_bytes()))
        assert outputs[0] == outputs[1]


def test_explain_prints_the_score_analysis_and_json(tmp_path: Path) -> None:
    season = write_season(tmp_path, lifting={"per_week": {"min": 1, "max": 3, "target": 3}})
    code, out, _ = invoke("explain", str(season))
    assert code == 0
    assert out.startswith("OPTIMAL  objective 150")
    assert "below_target" in out and "Lifts" in out and "hard day (track)" in out
    code, out, _ = invoke("explain", str(season), "--json")
    data = json.loads(out)
    assert code == 0 and data["status"] == "OPTIMAL"
    assert sum(term["total"] for term in data["score"]) == data["objective"] == 150
    assert data["conflicts"] == [] and data["repairs"] == []


def test_explain_an_infeasible_season_exits_3_with_conflicts_and_repairs(tmp_path: Path) -> None:
    season = write_season(
        tmp_path, availability={"weekly": {"mon": ["17:30-21:00"], "wed": ["17:30-21:00"]}}
    )
    code, out, _ = invoke("explain", str(season), "--json")
    assert code == 3
    data = json.loads(out)
    assert data["status"] == "INFEASIBLE"
    assert {c["rule"] for c in data["conflicts"]} >= {"lifts_per_week", "no_lift_day_before_hard"}
    assert data["repairs"] and all(r["set"] for r in data["repairs"])
    code, out, _ = invoke("explain", str(season))
    assert code == 3 and "Repairs (smallest change first" in out
    # The first repair, pasted back as --set options, solves.
    first = data["repairs"][0]["set"]
    args = [arg for text in first for arg in ("--set", text)]
    code, _, err = invoke("solve", str(season), *args, "-o", str(tmp_path / "plan.json"))
    assert code == 0, err


def test_set_overrides_a_field_and_a_bad_path_is_exit_2(tmp_path: Path) -> None:
    season = write_season(tmp_path)
    code, out, _ = invoke(
        "solve",
        str(season),
        "--set",
        "lifting.per_week={min: 1, max: 1}",
        "--stdout-format",
        "json",
        "-o",
        "-",
    )
    assert code == 0
    assert json.loads(out)["lifts_per_week"] == [1]
    code, _, err = invoke("solve", str(season), "--set", "rules.recovery_hourz=48")
    assert code == 2
    assert err == "liftplan: --set: rules.recovery_hourz: unknown field\n"
    code, _, err = invoke("solve", str(season), "--set", "rules.recovery_hours=400")
    assert code == 2 and "rules.recovery_hours" in err


def test_shared_options_default_to_the_facade_s_constants() -> None:
    defaults: dict[str, dict[str, object]] = {}
    for name, command in cli.commands.items():
        defaults[name] = {param.name or "": param.default for param in command.params}
    with_time_limit = {name for name, params in defaults.items() if "time_limit" in params}
    assert with_time_limit == {"solve", "replan", "explain", "compare", "batch"}
    assert {defaults[name]["time_limit"] for name in with_time_limit} == {api.DEFAULT_TIME_LIMIT}
    assert defaults["solve"]["seed"] == defaults["batch"]["seed"] == api.DEFAULT_SEED
    assert defaults["solve"]["workers"] == api.DEFAULT_WORKERS
    assert defaults["replan"]["stability"] == api.DEFAULT_STABILITY


def test_compare_refuses_a_scenario_name_used_twice() -> None:
    season = str(EXAMPLES / "sample-week.yaml")
    code, _, err = invoke(
        "compare",
        season,
        "--scenario",
        "a=rules.recovery_hours=48",
        "--scenario",
        "a=season.weeks=2",
    )
    assert code == 2
    assert err == "liftplan: --scenario: a=season.weeks=2: the name 'a' is used twice\n"


def test_a_joint_batch_needs_the_team_file_s_facility(tmp_path: Path) -> None:
    team = tmp_path / "team.json"
    team.write_text(json.dumps({"athletes": [season_data()]}))
    code, _, err = invoke("batch", str(team), "-o", str(tmp_path / "plans"), "--joint")
    assert code == 2
    assert err == f"liftplan: {team}: facility: --joint needs `facility: {{capacity: N}}`\n"
