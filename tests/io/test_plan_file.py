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
