"""Every command's --help lists the exit codes; explain and compare take -q like the rest."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from liftplan.cli.app import EXIT_CODES, cli

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_s_help_lists_the_exit_codes(command: str) -> None:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Exit codes:" in result.stdout
    for line in EXIT_CODES.splitlines()[2:]:
        assert line.strip() in result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["explain", "{season}", "--json"],
        ["compare", "{season}", "--scenario", "three=lifting.per_week.max=3", "--format", "json"],
    ],
)
def test_explain_and_compare_take_quiet_and_print_the_same(args: list[str]) -> None:
    season = str(EXAMPLES / "marathon-16-weeks.yaml")
    args = [arg.format(season=season) for arg in args]
    loud = CliRunner().invoke(cli, args)
    quiet = CliRunner().invoke(cli, [*args, "-q"])
    assert loud.exit_code == quiet.exit_code == 0, quiet.stderr
    assert quiet.stdout == loud.stdout and quiet.stderr == ""
