"""``liftplan``: the command group, its error handling and exit codes (SPEC section 6).

The commands live in `planning`, `analysis` and `team`, imported by the package.

Exit codes: 0 solved, 1 unexpected error, 2 invalid input or usage, 3 infeasible,
4 no plan within the time limit, 130/143 interrupted (Ctrl-C/SIGTERM), 141 the reader of
stdout went away (``liftplan explain | head``: as any Unix tool killed by SIGPIPE, silently).
User errors print one line, never a traceback.

`reports_errors` is the one place a user's mistake becomes exit 2: every reader turns what
it refuses into an `InputError` (file, field path, problem), and only that is reported so.
"""

from __future__ import annotations

import functools
import gc
import os
import signal
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from liftplan.cli import interrupts
from liftplan.errors import InputError

if TYPE_CHECKING:
    pass

EXIT_OK, EXIT_ERROR, EXIT_INPUT, EXIT_INFEASIBLE, EXIT_NO_PLAN = 0, 1, 2, 3, 4
EXIT_INTERRUPTED, EXIT_BROKEN_PIPE = 130, 141


def reader_gone() -> None:
    """stdout's reader closed the pipe: stop quietly, as ``yes | head`` does.

    Later writes (and Python's own flush at exit) go to /dev/null instead of raising again.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real stdout (a test runner's): nothing to silence
        pass
    interrupts.outputs_complete()  # nobody reads on: a later signal changes nothing
    sys.exit(EXIT_BROKEN_PIPE)


def interrupted(stop: BaseException | None) -> NoReturn:
    """Ctrl-C or SIGTERM: one line, exit 130 or 143 (128+N), as a batch stopped later says
    and ends. The line says no output was changed, or which files were (`stop_line`).

    In the command line's process it ends at once (`os._exit`): nothing is left to write, and
    Python's exit could wait for good on standard output (a pager that stopped reading) or
    on a process pool's thread that lost a worker mid-result, and its last milliseconds
    put back the default action of a second signal, which killed the process silently."""
    signum = getattr(stop, "signum", 0) or interrupts.received() or signal.SIGINT
    click.echo(f"liftplan: {interrupts.stop_line(signum)}", err=True)
    if interrupts.installed():
        sys.stderr.flush()
        os._exit(128 + signum)
    sys.exit(128 + signum)


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
        except BrokenPipeError:
            reader_gone()
        except KeyboardInterrupt as stop:
            interrupted(stop)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as error:  # a bug of ours, not the user's: say so briefly
            cause = interrupts.interrupt_in(error)
            if cause is not None:  # e.g. an import stopped by Ctrl-C (ImportError from it)
                interrupted(cause)
            if interrupts.received():  # e.g. a pool whose workers the signal ended first
                interrupted(None)
            click.echo(f"liftplan: internal error: {type(error).__name__}: {error}", err=True)
            sys.exit(EXIT_ERROR)

    return wrapper  # type: ignore[return-value]


class LiftplanGroup(click.Group):
    """A click group whose usage errors are one line and exit 2, like every other input error."""

    def main(  # type: ignore[override]
        self, args: list[str] | None = None, prog_name: str | None = None, **extra: Any
    ) -> None:
        extra["standalone_mode"] = False
        code: int | str | None
        try:
            try:
                interrupts.start_raising()
                result = super().main(args, prog_name or "liftplan", **extra)
                code = result if isinstance(result, int) else EXIT_OK
            except SystemExit as chosen:  # the command's own code (sys.exit)
                code = chosen.code
            sys.stdout.flush()  # here, where a closed pipe or a signal can still be handled
        except BrokenPipeError:
            reader_gone()
        except click.exceptions.UsageError as error:
            click.echo(f"liftplan: {error.format_message()}", err=True)
            sys.exit(EXIT_INPUT)
        except click.exceptions.Abort as abort:  # click's word for a Ctrl-C while it parses
            interrupted(abort.__cause__)
        except KeyboardInterrupt as stop:  # one that came while the commands were imported
            interrupted(stop)
        interrupts.outputs_complete()  # a signal from here on would only lose the exit code
        sys.exit(code)

    def add_command(self, cmd: click.Command, name: str | None = None) -> None:
        """Every command's ``--help`` ends with the same exit codes as ``liftplan --help``."""
        cmd.epilog = cmd.epilog or EXIT_CODES
        super().add_command(cmd, name)


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


# A command imports some million objects (CP-SAT, pandas, numpy, pydantic's schemas) that live
# until it exits. The cyclic collector's default (a young collection every 700 new objects,
# each older generation walked again as the heap grows) walks them over and over while
# they load; every 50,000 keeps its cost small and the garbage it waits on a few MB.
YOUNG_COLLECTION_EVERY = 50_000


def main(argv: list[str] | None = None) -> None:
    """Console entry point: run one command in this process, then exit.

    Only for a process of its own (``liftplan``, ``python -m liftplan.cli``): it tunes the
    garbage collector for a run that ends. At exit everything still alive is frozen
    (`gc.freeze`), so the interpreter's final collections skip it; the objects die with the
    process as they would have, files are closed and atexit handlers run as usual. This
    saves ~0.13 s of every command (interpreter teardown after CP-SAT and pandas).
    """
    gc.set_threshold(YOUNG_COLLECTION_EVERY, *gc.get_threshold()[1:])
    interrupts.install()  # if `liftplan.cli` was imported before this became the command line
    try:
        cli.main(argv, prog_name="liftplan")
    finally:
        gc.freeze()
