"""What a batch's parent imports before its workers fork, they inherit: the team page's
Jinja2 is loaded by the parent while the workers solve (`prepare_page`), not before, and the
page it renders then is the one it renders cold."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from liftplan.io.render import team_html


def test_the_modules_a_worker_inherits_do_not_include_jinja2() -> None:
    code = (
        "import sys, liftplan.cli.team, liftplan.api, liftplan.team.batch as batch\n"
        "batch._import_solving()\n"
        "print('jinja2' in sys.modules)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_a_prepared_page_is_the_same_page(tmp_path: Path) -> None:
    rows = [{"athlete": "a<1>", "file": "a1", "status": "INVALID", "error": "bad", "lifts": ""}]
    cold = team_html.render_team(tmp_path, rows)
    team_html.prepare_page()
    assert team_html.render_team(tmp_path, rows) == cold
    assert "a&lt;1&gt;" in cold and "bad" in cold
