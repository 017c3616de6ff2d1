"""`--time-limit` bounds the whole command, diagnosis and repairs included (issue 15).

An infeasible season stretched to 208 weeks took 19 s (`solve`) and 24 s (`explain`) with
`--time-limit 5`: the diagnosis and each repair's test solve ran on their own budgets. Now
they take a share of the limit, counted as work (so the output stays the same at any load),
and say so in one line when the repair search stopped there.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from liftplan.cli import cli  # noqa: F401  (the package must import before the subprocess)

ROOT = Path(__file__).parents[2]
STOPPED = "repairs: search stopped at the time limit; raise --time-limit"


def _long_infeasible(folder: Path) -> Path:
    """examples/infeasible/masters-half.yaml over 208 weeks (its base phase stretched)."""
    text = (ROOT / "examples" / "infeasible" / "masters-half.yaml").read_text(encoding="utf-8")
    text = text.replace("weeks: 14\n", "weeks: 208\n").replace(
        "{name: base,     weeks: 4}", "{name: base,     weeks: 198}"
    )
    season = folder / "season.yaml"
    season.write_text(text, encoding="utf-8")
    return season


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "liftplan", *args],
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        capture_output=True,
        text=True,
        timeout=60,  # generous: with --time-limit 1 it ends in a few seconds
        check=False,
    )


@pytest.mark.parametrize("command", ["solve", "explain"])
def test_a_tiny_time_limit_stops_the_repair_search_with_one_honest_line(
    command: str, tmp_path: Path
) -> None:
    season = _long_infeasible(tmp_path)
    extra = ["-o", str(tmp_path / "plan.json")] if command == "solve" else []
    done = _run(command, str(season), "--time-limit", "1", *extra, cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert "Traceback" not in done.stderr
    assert (done.stdout + done.stderr).count(STOPPED) == 1, done.stdout + done.stderr
    assert not (tmp_path / "plan.json").exists()


def test_the_stopped_search_says_the_same_on_every_run(tmp_path: Path) -> None:
    season = _long_infeasible(tmp_path)
    first = _run("explain", str(season), "--time-limit", "1", cwd=tmp_path)
    again = _run("explain", str(season), "--time-limit", "1", cwd=tmp_path)
    assert first.returncode == again.returncode == 3
    assert first.stdout == again.stdout
