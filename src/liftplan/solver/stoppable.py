"""CP-SAT solvers that leave Ctrl-C and SIGTERM to Python's handlers, yet stop on them.

CP-SAT catches Ctrl-C itself by default (``catch_sigint_signal``): it ends the search early
and returns the best plan so far, so the signal is lost (the command went on, wrote that
plan and exited 0), and it then leaves SIGINT at the C default, so the next one kills the
process at once, even while its outputs are renamed into place. Turned off, the signal
reaches Python's handler, which only runs once the search returns, up to the time limit
later: `solve` therefore stops the search when a signal comes (Python's wakeup file
descriptor, read by a thread), and the handler runs (and raises) as soon as it returns.
"""

from __future__ import annotations

import signal
import socket
import threading

from ortools.sat.python import cp_model
from ortools.sat.python.cp_model_helper import CpSolverStatus

# The signals a command's handler may wait on (Python's default Ctrl-C handler among them).
_WATCHED = (signal.SIGINT, signal.SIGTERM)


def new_solver() -> cp_model.CpSolver:
    """A CP-SAT solver that does not catch Ctrl-C (the process's handler sees it)."""
    solver = cp_model.CpSolver()
    solver.parameters.catch_sigint_signal = False
    return solver


def solve(solver: cp_model.CpSolver, model: cp_model.CpModel) -> CpSolverStatus:
    """``solver.solve(model)``, its search stopped by any signal that has a Python handler
    (Ctrl-C, or SIGTERM where the command line handles it), which then runs on return.
    Returns CP-SAT's status code."""
    if threading.current_thread() is not threading.main_thread():
        return solver.solve(model)  # only the main thread may watch for signals
    if not any(callable(signal.getsignal(number)) for number in _WATCHED):
        return solver.solve(model)  # e.g. a batch's worker: no handler to run, none to watch
    reader, writer = socket.socketpair()
    writer.setblocking(False)  # Python's C handler writes the signal's number here
    try:
        previous = signal.set_wakeup_fd(writer.fileno(), warn_on_full_buffer=False)
    except ValueError:  # not the main interpreter
        reader.close()
        writer.close()
        return solver.solve(model)

    def stop_on_signal() -> None:
        if reader.recv(1):  # empty: the solve is over, the writer closed
            solver.stop_search()

    watcher = threading.Thread(target=stop_on_signal, daemon=True)
    watcher.start()
    try:
        return solver.solve(model)
    finally:
        signal.set_wakeup_fd(previous)
        writer.shutdown(socket.SHUT_WR)
        watcher.join()
        reader.close()
        writer.close()
