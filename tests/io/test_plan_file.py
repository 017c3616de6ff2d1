"""plan.json: the plain JSON a reader expects, read back to the same plan."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from conftest import make_season, solve_checked
from liftplan.io.plan_file import load_plan
from liftplan.io.render.writers import render_json
from liftplan.models.plan import CSV_COLUMNS, Plan


def test_plan_json_is_indented_utf8_json_that_reads_back(tmp_path: Path) -> None:
    plan = solve_checked(make_season(id="zoë-ñ"))
    text = render_json(plan)
    assert text == json.dumps(plan.model_dump(mode="json"), indent=2, ensure_ascii=False) + "\n"
    assert '"athlete": "zoë-ñ"' in text  # not escaped
    path = tmp_path / "plan.json"
    path.write_text(text, encoding="utf-8")
    assert load_plan(path, "UTC") == plan


def test_a_lift_of_an_unknown_kind_is_one_line_naming_the_kinds(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from liftplan.cli.app import cli

    examples = Path(__file__).parents[2] / "examples"
    runner = CliRunner()
    plan = tmp_path / "plan.json"
    assert (
        runner.invoke(cli, ["solve", str(examples / "sample-week.yaml"), "-o", str(plan)]).exit_code
        == 0
    )
    data = json.loads(plan.read_text())
    next(s for s in data["sessions"] if s["activity"] == "lift")["kind"] = "moderate"
    plan.write_text(json.dumps(data))
    result = runner.invoke(cli, ["check", str(examples / "sample-week.yaml"), str(plan)])
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"liftplan: {plan}: sessions[2].kind: unknown kind 'moderate': "
        "a lift's kind is one of core, deload, heavy, light"
    ]


def test_plan_csv_reads_back_to_the_plan_s_sessions(tmp_path: Path) -> None:
    from liftplan.io.render.writers import render_csv

    plan = solve_checked(make_season(id='zoë, "quoted"'))
    path = tmp_path / "plan.csv"
    path.write_text(render_csv(plan) + "\n\n", encoding="utf-8")  # blank lines at the end
    read = load_plan(path, plan.timezone)

    def written(plan: Plan) -> list[tuple[object, ...]]:  # what a CSV row holds
        return [
            (s.athlete, s.week, s.date, s.activity, s.kind, s.start, s.end, s.minutes, s.notes)
            for s in plan.sessions
        ]

    assert written(read) == written(plan) and len(plan.lifts) > 0
    assert read.athlete == plan.athlete


def _csv_problem(tmp_path: Path, edit: Callable[[list[str]], list[str]]) -> list[str]:
    """`check`'s stderr for the example's plan.csv with its lines edited."""
    from click.testing import CliRunner

    from liftplan.cli.app import cli

    season = Path(__file__).parents[2] / "examples" / "sample-week.yaml"
    plan = tmp_path / "plan.csv"
    runner = CliRunner()
    assert runner.invoke(cli, ["solve", str(season), "-o", str(plan)]).exit_code == 0
    plan.write_text("\n".join(edit(plan.read_text().splitlines())) + "\n")
    result = runner.invoke(cli, ["check", str(season), str(plan)])
    assert result.exit_code == 2, result.output
    return result.stderr.strip().splitlines()


def test_a_csv_row_of_another_width_is_named_by_its_row(tmp_path: Path) -> None:
    said = _csv_problem(tmp_path, lambda lines: [*lines[:2], lines[2] + ",extra", *lines[3:]])
    assert said == [
        f"liftplan: {tmp_path / 'plan.csv'}: row 3: invalid CSV: 13 values, but the header names 12"
    ]


def test_a_csv_without_its_columns_says_which_are_missing(tmp_path: Path) -> None:
    said = _csv_problem(tmp_path, lambda lines: [lines[0].replace("weekday,", ""), *lines[1:2]])
    assert said == [f"liftplan: {tmp_path / 'plan.csv'}: missing column: weekday"]
    assert _csv_problem(tmp_path, lambda lines: ["time,what"])[0].endswith(
        "missing columns: " + ", ".join(CSV_COLUMNS)
    )


def test_a_csv_value_that_is_no_session_field_is_named_by_row_and_field(tmp_path: Path) -> None:
    said = _csv_problem(
        tmp_path, lambda lines: [*lines[:1], lines[1].replace(",run,", ",swim,"), *lines[2:]]
    )
    assert len(said) == 1 and said[0].startswith(
        f"liftplan: {tmp_path / 'plan.csv'}: row 2.activity: "
    )


def test_a_csv_as_a_spreadsheet_saves_it_is_read(tmp_path: Path) -> None:
    """Blank and whitespace lines, and a trailing comma on every line (an empty last
    column), as spreadsheet programs write them: the same plan, `check` passes."""
    from click.testing import CliRunner

    from liftplan.cli.app import cli

    season = Path(__file__).parents[2] / "examples" / "sample-week.yaml"
    plan = tmp_path / "plan.csv"
    runner = CliRunner()
    assert runner.invoke(cli, ["solve", str(season), "-o", str(plan)]).exit_code == 0
    lines = plan.read_text().splitlines()
    plan.write_text("   \r\n" + "\r\n".join(f"{line}," for line in lines) + "\r\n\r\n")
    result = runner.invoke(cli, ["check", str(season), str(plan)])
    assert result.exit_code == 0, result.output + result.stderr
    assert "OK" in result.output
