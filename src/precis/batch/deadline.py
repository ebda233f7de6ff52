"""A per-record time limit that works in any thread (process-pool workers and Dask worker threads alike).

Signals (``SIGALRM``) reach only a process's main thread, and Dask runs
tasks in worker threads, so the limit is kept by a timer thread that raises
:class:`RecordTimeout` in the thread doing the work, through CPython's
``PyThreadState_SetAsyncExc`` (behind the fence:
:func:`precis._fast.raise_in_thread`). The exception is raised at the next
Python instruction: a record stuck inside one long C call (a regex, a numpy
kernel) is stopped when that call returns.

A block that ends after its limit fails even when the timer thread did
not get to run in time (it needs the GIL, which the working thread holds for
up to the interpreter's switch interval, 5 ms), so the rule is simply: a
record that took longer than the limit fails.

``RecordTimeout`` derives from ``BaseException`` so that library code that
catches ``Exception`` cannot swallow it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from .._fast import raise_in_thread

__all__ = ["RecordTimeout", "time_limit"]


class RecordTimeout(BaseException):
    """A record took longer than the per-record time limit."""


@contextmanager
def time_limit(seconds: float | None) -> Iterator[None]:
    """Raise :class:`RecordTimeout` in the calling thread if the block runs longer than ``seconds``."""
    if not seconds:
        yield
        return
    thread_id = threading.get_ident()
    lock = threading.Lock()
    state = {"done": False, "fired": False}

    def fire() -> None:
        with lock:
            if not state["done"]:
                state["fired"] = True
                raise_in_thread(thread_id, RecordTimeout)

    started = time.monotonic()
    timer = threading.Timer(seconds, fire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        with lock:
            state["done"] = True
            fired = state["fired"]
        if fired:  # the exception may still be pending: withdraw it and raise it here, where it is expected
            raise_in_thread(thread_id, None)
        # the timer thread needs the GIL to fire, so a block shorter than the interpreter's switch interval
        # (5 ms) can end before it does: a block over the limit fails whether or not the timer got to it
        if fired or time.monotonic() - started > seconds:
            raise RecordTimeout(f"over the time limit of {seconds:g} s")
