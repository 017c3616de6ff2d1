"""``liftplan``: the command group, its error handling and exit codes (SPEC section 6).

The commands live in `planning`, `analysis` and `team`, imported by the package.

Exit codes: 0 solved, 1 unexpected error, 2 invalid input or usage, 3 infeasible,
4 no plan within the time limit. User errors print one line, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from liftplan.errors import InputError

if TYPE_CHECKING:
    pass

EXIT_OK, EXIT_ERROR, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_PLAN = 0, 1, 2, 3, 4

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(command: F) -> F:
    """Turn user errors into one line and exit 2; anything else into exit 1."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except InputError as error:
            click.echo(f"liftplan: {error}", err=True)
            sys.exit(EXIT_INPUT)
        except KeyboardInterrupt:
            click.echo("liftplan: interrupted; no output was changed", err=True)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as error:  # a bug of ours, not the user's: say so briefly
            click.echo(f"liftplan: internal error: {type(error).__name__}: {error}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


class LiftplanGroup(click.Group):
    """A click group whose usage errors are one line and exit 2, like every other input error."""

    def main(  # type: ignore[override]
        self, args: list[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> None:
        extra["standalone_mode"] = False
        try:
            result = super().main(args, prog_name or "liftplan", **extra)
        except click.exceptions.UsageError as error:
            click.echo(f"liftplan: {error.format_message()}", err=True)
            sys.exit(EXIT_INPUT)
        except click.exceptions.Abort:
            click.echo("liftplan: interrupted; no output was changed", err=True)
            sys.exit(130)
        sys.exit(result if isinstance(result, int) else EXIT_OK)


EXIT_CODES = """\b
Exit codes:
  0  solved (optimal or feasible), or nothing wrong
  1  a bug in liftplan (or `check` found a broken rule)
  2  invalid input or usage (one line names the file, field and problem)
  3  infeasible: no plan keeps every hard rule (the rules and dates in conflict are named)
  4  no plan found within --time-limit
"""


@click.group(
    cls=LiftplanGroup,
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=EXIT_CODES,
)
@click.version_option(
    package_name="liftplan", prog_name="liftplan", help="Print the version and exit."
)
def cli() -> None:
    """Plan strength training around your running, over a whole season."""


def main(argv: list[str] | None = None) -> None:
    """Console entry point."""
    cli.main(argv, prog_name="liftplan")
