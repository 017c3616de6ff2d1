"""`liftplan init --from-ics` given a file that is not a calendar: one short line naming it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import invoke

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_a_plan_given_as_the_busy_calendar_is_one_short_line_naming_it(
    tmp_path: Path, suffix: str
) -> None:
    """Found by a breaker session: a plan.json was echoed whole after "not a readable
    calendar" (one line of 218 KB for the 16-week example), and a plan.csv was left out of
    the calendars as if it were a running plan's table: "liftplan: : cannot tell its time
    zone", naming no file."""
    plan = tmp_path / f"plan{suffix}"
    code, _, err = invoke("solve", EXAMPLES / "marathon-16-weeks.yaml", "-o", plan)
    assert code == 0, err
    out_file = tmp_path / "season.yaml"
    code, out, err = invoke("init", "--from-ics", plan, "-o", out_file)
    assert (code, out) == (2, "")
    (line,) = err.splitlines()
    assert line.startswith(f"liftplan: {plan}: not a readable calendar: ")
    assert len(line) < 300 + len(str(plan))
    assert not out_file.exists()


def test_a_missing_file_or_a_folder_given_to_init_names_its_option(tmp_path: Path) -> None:
    """Found by a breaker session: they were named as fields of the file init was to write
    (`season.yaml: runs.from_ics: ../adir is a directory`), which the user never wrote."""
    (tmp_path / "adir").mkdir()
    out_file = tmp_path / "season.yaml"
    busy = Path(__file__).parents[1] / "cases" / "robustness" / "busy.ics"
    for args, said in (
        (
            ("--from-ics", busy, "--runs-from", tmp_path / "adir"),
            f"--runs-from: {tmp_path / 'adir'} is a directory",
        ),
        (
            ("--from-ics", tmp_path / "nope.ics", "--timezone", "UTC"),
            f"--from-ics: {tmp_path / 'nope.ics'}: no such file",
        ),
    ):
        code, out, err = invoke("init", *args, "-o", out_file)
        assert (code, out) == (2, "")
        (line,) = err.splitlines()
        assert line.startswith(f"liftplan: {said}")
        assert not out_file.exists()
