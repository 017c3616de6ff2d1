"""plan.json: the plain JSON a reader expects, read back to the same plan."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import make_season, solve_checked
from liftplan.io.plan_file import load_plan
from liftplan.io.render.writers import render_json


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
