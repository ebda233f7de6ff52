"""Progress of a batch run on stderr: a tqdm bar on a terminal, plain periodic lines otherwise.

The bar shows records done, the rate and the time left, and the failures
so far. When stderr is not a terminal (a log file, a CI job), one line is
written every ``interval`` seconds::

    precis: batch: 12000/100000 records (12.0%), 0 failed, 85.1 records/s, about 17m14s left

The total may be unknown at first (it is counted while the run goes on);
until it is known the lines leave out the share and the time left.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import Any, TextIO

__all__ = ["NoProgress", "Progress", "format_seconds"]


def format_seconds(seconds: float) -> str:
    """``1034.2`` -> ``17m14s``; ``3.2`` -> ``3.2s``."""
    if seconds < 60:
        return f"{seconds:.1f}s"
    minutes, secs = divmod(round(seconds), 60)
    if minutes < 60:
        return f"{minutes}m{secs:02d}s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours}h{minutes:02d}m"


class NoProgress:
    """Shows nothing (for library use and tests)."""

    def start(self, *, done: int, failed: int) -> None:
        """Begin; ``done`` records (``failed`` of them failed) were finished by earlier runs."""

    def set_total(self, total: int) -> None:
        """The input holds ``total`` records (may be called from another thread)."""

    def advance(self, records: int, failed: int) -> None:
        """``records`` more records are done, ``failed`` of them failed."""

    def close(self) -> None:
        """End the display."""


class Progress(NoProgress):
    """A bar (``tty``) or periodic lines on ``stream`` (default stderr)."""

    def __init__(self, *, stream: TextIO | None = None, tty: bool | None = None, interval: float = 10.0) -> None:
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self.interval = interval
        self._total: int | None = None
        self._new_total: int | None = None
        self._lock = threading.Lock()
        self._bar: Any = None
        self.done = self.failed = self._resumed = 0
        self._start = self._last = 0.0

    def start(self, *, done: int, failed: int) -> None:
        """Begin; ``done`` records (``failed`` of them failed) were finished by earlier runs."""
        self.done, self.failed, self._resumed = done, failed, done
        self._start = self._last = time.perf_counter()
        if self.tty:
            from tqdm import tqdm

            self._bar = tqdm(
                total=self._total, initial=done, unit="rec", file=self.stream, dynamic_ncols=True, smoothing=0.05
            )
            self._bar.set_postfix(failed=failed, refresh=False)

    def set_total(self, total: int) -> None:
        """The input holds ``total`` records (may be called from another thread; applied on the next advance)."""
        with self._lock:
            self._new_total = total

    def _apply_total(self) -> None:
        with self._lock:
            total, self._new_total = self._new_total, None
        if total is not None:
            self._total = total
            if self._bar is not None:
                self._bar.total = total
                self._bar.refresh()

    def advance(self, records: int, failed: int) -> None:
        """``records`` more records are done, ``failed`` of them failed."""
        self._apply_total()
        self.done += records
        self.failed += failed
        if self._bar is not None:
            self._bar.set_postfix(failed=self.failed, refresh=False)
            self._bar.update(records)
            return
        now = time.perf_counter()
        if now - self._last >= self.interval:
            self._last = now
            self.stream.write(self.line(now) + "\n")
            self.stream.flush()

    def line(self, now: float) -> str:
        """The plain progress line at time ``now``."""
        rate = (self.done - self._resumed) / max(now - self._start, 1e-9)
        if self._total:
            share = f"{self.done}/{self._total} records ({100 * self.done / self._total:.1f}%)"
        else:
            share = f"{self.done} records"
        text = f"precis: batch: {share}, {self.failed} failed, {rate:.1f} records/s"
        if self._total and rate > 0:
            text += f", about {format_seconds(max(self._total - self.done, 0) / rate)} left"
        return text

    def close(self) -> None:
        """End the display."""
        if self._bar is not None:
            self._bar.close()
            self._bar = None
