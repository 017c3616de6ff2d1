"""The command line: thin wrappers that parse, call the API, print and choose the exit code."""

from liftplan.cli import analysis, planning, team, validation  # noqa: F401  (they register the commands)
from liftplan.cli.app import cli, main

__all__ = ["cli", "main"]
