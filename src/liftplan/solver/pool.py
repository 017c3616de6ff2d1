"""Process pools whose workers solve and leave Ctrl-C and SIGTERM to the command.

A terminal's Ctrl-C reaches every process of its group, a pool's workers too, and a forked
worker inherits the command's handler, which raises: each worker then died in the middle
of its job with a traceback, and the pool, finding a worker gone mid-task, could wait for
good. Here a worker ignores Ctrl-C, is ended by SIGTERM at once, and ends when the command
ends, even by SIGKILL; the command stops the pool (`StoppablePool.shutdown` with
``cancel_futures=True``) and reports the signal once.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from concurrent.futures import InvalidStateError, ProcessPoolExecutor
from typing import Any


class StoppablePool(ProcessPoolExecutor):
    """The standard process pool, its workers started by `worker_started` (unless another
    initializer is given), and ``shutdown(cancel_futures=True)`` ending every worker now,
    busy or not, so a stopped command leaves no process behind. It then does not wait for
    the pool's own thread: a worker ended while sending a result can leave that thread
    reading forever, so a stopped command ends with `os._exit` (see cli/app.py)."""

    def __init__(self, max_workers: int | None = None, **options: Any) -> None:
        if "initializer" not in options:
            options.update(initializer=worker_started, initargs=(os.getpid(),))
        super().__init__(max_workers=max_workers, **options)
        self._released: list[multiprocessing.process.BaseProcess] = []

    def release(self) -> None:
        """Every job is done: the workers end now, while the command writes its results,
        rather than after it (a worker's exit takes tens of milliseconds, its memory given
        back); `shutdown` then only reaps them."""
        self._released = list((self._processes or {}).values())
        super().shutdown(wait=False)

    def shutdown(self, wait: bool = True, *, cancel_futures: bool = False) -> None:
        workers = [*self._released, *(getattr(self, "_processes", None) or {}).values()]
        if not cancel_futures:
            super().shutdown(wait=wait)
            for process in workers if wait else ():
                process.join()
            return
        _ignore_cancelled_in_pool_thread()
        for process in workers:
            process.terminate()
        for process in workers:
            process.join(timeout=5)
            if process.is_alive():
                process.kill()
        super().shutdown(wait=False, cancel_futures=True)


def _ignore_cancelled_in_pool_thread() -> None:
    """Python 3.11's pool thread, finding its workers ended, sets an exception on every job
    it holds, cancelled ones too, and dies printing `InvalidStateError` (3.12 skips them).
    The jobs were cancelled on purpose: that one error is not worth a traceback."""
    previous = threading.excepthook

    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_type is not InvalidStateError:
            previous(args)

    threading.excepthook = hook


def worker_started(parent: int) -> None:
    """In each pool worker: leave Ctrl-C to the command, let SIGTERM end the worker at once,
    and end when the command (process ``parent``) ends, even by SIGKILL (Linux: the
    kernel's parent-death signal; elsewhere a thread that watches)."""
    # Blocked, not only ignored: CP-SAT sets its own SIGINT handler while it searches and
    # puts back the default one after, which would kill the worker on the next Ctrl-C.
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A forked worker inherits the command's SIGTERM handler (which raises, or only sets a
    # flag): the pool's terminate() would then leave a traceback or wait out its timeout.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the command died before the line above
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()
    fewer_collections()


# The youngest generation's threshold in a worker (Python's default: 700 allocations).
WORKER_GC_THRESHOLD = 50_000


def fewer_collections() -> None:
    """A plan allocates hundreds of thousands of short-lived objects and few cycles: the
    cyclic collector ran often and rescanned the modules inherited from the command.
    Freezing those and collecting less often cuts a worker's CPU time by 10-15% (same
    plans)."""
    import gc

    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(WORKER_GC_THRESHOLD, older, oldest)


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)
