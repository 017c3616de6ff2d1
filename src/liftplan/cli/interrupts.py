"""Ctrl-C and SIGTERM end a command the same way whenever they come: one line, exit 128+N.

Python's own handling is uneven: SIGTERM kills the process silently (143, no line); a
Ctrl-C raises KeyboardInterrupt wherever the interpreter is, so during the start-up imports
it ends in a traceback, inside a C extension's import it becomes an ``ImportError``, and a
library's ``except ImportError`` may swallow it. So the command line installs one handler
for both, before it imports its commands: until `start_raising` (the command is about to
run and can report) it only notes the signal; from then on it raises `Interrupted`, a
KeyboardInterrupt naming the signal. Standard library only: it runs before anything else.
"""

from __future__ import annotations

import signal
import sys
import threading
from pathlib import Path
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM, raised by the command line's handler; ``signum`` says which."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


class _State:
    first = 0  # the first signal that came (0: none)
    raising = False  # False while the commands are imported: note the signal only
    placed: list[str] | None = None  # the files a command put in place (None: none yet)
    stdout_next = False  # ... and its standard output was being written after them
    done = False  # the command's outputs are complete: a signal changes nothing now


def _interrupt(signum: int, frame: FrameType | None) -> None:
    if _State.first or _State.done:  # the first one's Interrupted is on its way (its
        return  # clean-up runs undisturbed), or the command is done
    _State.first = signum
    if _State.raising:
        raise Interrupted(signum)


# Read by the writers (io/render/writers.py): a signal held while files are staged and
# renamed will end the command when delivered, so the old files are kept.
_interrupt.ends_command = True  # type: ignore[attr-defined]


def install() -> None:
    """The handler for Ctrl-C and SIGTERM, in a process that runs the command line (not in a
    program that imports it, e.g. a test runner: it keeps its own handling)."""
    if threading.current_thread() is threading.main_thread() and _is_the_command_line():
        for number in STOP_SIGNALS:
            signal.signal(number, _interrupt)
        if sys.unraisablehook is not _raise_again:
            _raise_again.previous = sys.unraisablehook  # type: ignore[attr-defined]
            sys.unraisablehook = _raise_again


def _raise_again(unraisable: sys.UnraisableHookArgs) -> None:
    """`Interrupted` raised where Python cannot pass it on (a ``__del__``, a weakref
    callback) is lost: Python would print a traceback and the command go on, deaf to
    later signals (they wait on the first). Not printed, and the next signal stops the
    command as the first would have (sent again from here, it would be raised in here)."""
    stop = unraisable.exc_value
    if isinstance(stop, Interrupted) and _State.first == stop.signum and not _State.done:
        _State.first = 0
        return
    _raise_again.previous(unraisable)  # type: ignore[attr-defined]


def installed() -> bool:
    """Whether this process runs the command line with this module's handler (so it may end
    itself at once, `os._exit`, when stopped)."""
    return signal.getsignal(signal.SIGINT) is _interrupt


def start_raising() -> None:
    """From now on a signal raises `Interrupted`; one that came before is raised now."""
    if signal.getsignal(signal.SIGINT) is not _interrupt:
        return  # not installed (a test runner's process): Python's own handling
    _State.raising = True
    if _State.first:
        raise Interrupted(_State.first)


def outputs_placed(files: list[str], *, stdout_next: bool) -> None:
    """The command's ``files`` are in place (its standard output to be written next, if
    ``stdout_next``): a stop from now on says so (`stop_line`). Called while signals are
    held, before they can end the command."""
    _State.placed, _State.stdout_next = list(files), stdout_next


def outputs_complete() -> None:
    """The command's outputs are all written: a later Ctrl-C or SIGTERM is ignored, and the
    command ends with its own code. Ignored, not handled: Python puts back the default
    action of a handled signal as it exits, which killed the process silently (-2, -15)
    in its last milliseconds; an ignored one stays ignored."""
    if signal.getsignal(signal.SIGINT) is not _interrupt:
        return  # not installed (a test runner's process), or a command's own handler
    _State.done = True  # a signal on its way now finds the command done
    # Held while the handler is swapped (a held signal is then dropped, as ignored):
    # Python reports one that came in between as "ignored due to race condition".
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        for number in STOP_SIGNALS:
            signal.signal(number, signal.SIG_IGN)
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOP_SIGNALS)


def stop_line(signum: int) -> str:
    """What a command stopped by signal ``signum`` says (one line, without ``liftplan:``):
    that no output was changed, or which files it had written already."""
    name = signal.Signals(signum).name
    placed = _State.placed
    if placed is None:
        return f"interrupted by {name}; no output was changed"
    written = f"after writing {', '.join(placed)}" if placed else "; no file was changed"
    incomplete = "; standard output is incomplete" if _State.stdout_next else ""
    return f"interrupted by {name} {written}{incomplete}".replace(" ;", ";")


def received() -> int:
    """The first Ctrl-C or SIGTERM this process noted (its number), or 0."""
    return _State.first


def interrupt_in(error: BaseException) -> Interrupted | KeyboardInterrupt | None:
    """The KeyboardInterrupt that ``error`` is, or that caused it (a C extension's import
    stopped by Ctrl-C raises ``ImportError: initialization failed`` from it)."""
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        if isinstance(current, KeyboardInterrupt):
            return current
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return None


def _is_the_command_line() -> bool:
    """Whether this process runs ``liftplan`` (the console script or ``python -m``)."""
    spec = getattr(sys.modules.get("__main__"), "__spec__", None)
    if spec is not None:
        return str(spec.name).startswith("liftplan")
    return Path(sys.argv[0]).stem == "liftplan"
