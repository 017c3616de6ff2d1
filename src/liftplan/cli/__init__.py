"""The command line: thin wrappers that parse, call the API, print and choose the exit code."""

from liftplan.cli import interrupts

# Before the commands' imports: a Ctrl-C or SIGTERM among them is reported as at any time.
interrupts.install()

from liftplan.cli import analysis, planning, team, validation  # noqa: E402, F401  (they register the commands)
from liftplan.cli.app import cli, main  # noqa: E402

__all__ = ["cli", "main"]
