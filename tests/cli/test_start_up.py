"""What each command loads (issue 18): `liftplan --help`/`--version` load no pydantic, CP-SAT or
pandas; a `solve` that finds a plan loads no writer it was not asked for, no diagnosis, team,
re-plan or calendar code. Speed itself is measured in benchmarks/startup.py, not here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "marathon-16-weeks.yaml"

# Third-party packages none of these paths needs (pandas comes with CP-SAT itself).
WRITERS_AND_EXTRAS = {
    "jinja2",
    "icalendar",
    "recurring_ical_events",
    "openpyxl",
    "fit_tool",
    "dask",
}
# Our code that only infeasible seasons, other commands or other inputs need.
NOT_FOR_A_FEASIBLE_SOLVE = (
    "liftplan.explain",
    "liftplan.team",
    "liftplan.replan",
    "liftplan.compare",
    "liftplan.check",
    "liftplan.io.calendar_report",
    "liftplan.io.busy_calendar",
    "liftplan.io.run_sources",
    "liftplan.models.explanation",
    "liftplan.models.team",
)

REPORT = """
import atexit, sys
def report():
    names = sorted(sys.modules)
    print("TOP", *sorted({name.split(".")[0] for name in names}), file=sys.stderr)
    print("OURS", *[name for name in names if name.startswith("liftplan")], file=sys.stderr)
atexit.register(report)
"""


def loaded(code: str) -> tuple[set[str], set[str], subprocess.CompletedProcess[str]]:
    """Top-level packages and liftplan modules loaded by ``code`` when its process ends."""
    done = subprocess.run(
        [sys.executable, "-c", REPORT + code], capture_output=True, text=True, cwd=ROOT
    )
    lines = {line.split()[0]: set(line.split()[1:]) for line in done.stderr.splitlines() if line}
    return lines["TOP"], lines["OURS"], done


def test_the_command_group_loads_no_models_solver_or_writers() -> None:
    top, ours, done = loaded("import liftplan.cli")
    assert done.returncode == 0, done.stderr
    heavy = {"pydantic", "ortools", "pandas", "numpy", "ruamel", *WRITERS_AND_EXTRAS}
    assert top & heavy == set()
    assert "liftplan.api" not in ours


def test_version_loads_no_models_or_solver() -> None:
    top, _, done = loaded("from liftplan.cli import main; main(['--version'])")
    assert done.returncode == 0, done.stderr
    assert "liftplan" in done.stdout
    assert top & {"pydantic", "ortools", "pandas", *WRITERS_AND_EXTRAS} == set()


def test_a_feasible_solve_loads_only_what_it_writes(tmp_path: Path) -> None:
    plan = tmp_path / "plan.json"
    top, ours, done = loaded(
        f"from liftplan.cli import main; main(['solve', {str(EXAMPLE)!r}, '-o', {str(plan)!r}])"
    )
    assert done.returncode == 0, done.stderr
    assert top & WRITERS_AND_EXTRAS == set()
    assert [name for name in ours if name.startswith(NOT_FOR_A_FEASIBLE_SOLVE)] == []
    checked = subprocess.run(
        [sys.executable, "-m", "liftplan.cli", "check", str(EXAMPLE), str(plan)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("suffix", ["json", "csv"])
def test_check_loads_no_solver_cp_sat_or_pandas(tmp_path: Path, suffix: str) -> None:
    """`check` is the independent checker: it needs neither CP-SAT (and the pandas and numpy
    CP-SAT brings) nor pandas to read a plan.csv."""
    plan = tmp_path / f"plan.{suffix}"
    solved = subprocess.run(
        [sys.executable, "-m", "liftplan.cli", "solve", str(EXAMPLE), "-o", str(plan)],
        capture_output=True,
        text=True,
    )
    assert solved.returncode == 0, solved.stderr
    top, ours, done = loaded(
        f"from liftplan.cli import main; main(['check', {str(EXAMPLE)!r}, {str(plan)!r}])"
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert ": OK, 41 lifts and 16 core sessions break no hard rule" in done.stdout
    assert top & {"ortools", "pandas", "numpy", *WRITERS_AND_EXTRAS} == set()
    assert [name for name in ours if name.startswith("liftplan.solver")] == []


def test_an_ics_output_loads_the_calendar_writer_it_needs(tmp_path: Path) -> None:
    """The other side of lazy loading: asking for plan.ics still writes one."""
    calendar = tmp_path / "plan.ics"
    plan = tmp_path / "plan.json"
    top, _, done = loaded(
        f"from liftplan.cli import main; main(['solve', {str(EXAMPLE)!r}, "
        f"'-o', {str(plan)!r}, '-o', {str(calendar)!r}])"
    )
    assert done.returncode == 0, done.stderr
    assert "icalendar" in top
    assert calendar.read_text().startswith("BEGIN:VCALENDAR")
    checked = subprocess.run(
        [sys.executable, "-m", "liftplan.cli", "check", str(EXAMPLE), str(plan)],
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_a_command_process_collects_young_garbage_rarely_and_freezes_what_is_left_at_exit(
    tmp_path: Path,
) -> None:
    plan = tmp_path / "plan.json"
    code = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('GC', *gc.get_threshold(), gc.get_freeze_count(),"
        " file=sys.stderr))\n"
        f"from liftplan.cli import main; main(['solve', {str(EXAMPLE)!r}, '-o', {str(plan)!r}])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert plan.read_bytes().endswith(b"}\n")  # written whole, before the freeze
    line = next(line for line in done.stderr.splitlines() if line.startswith("GC "))
    young, *_, frozen = map(int, line.split()[1:])
    assert young == 50_000
    assert frozen > 50_000  # CP-SAT's and pydantic's objects: no final collection walks them
