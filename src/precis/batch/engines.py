"""Where chunks run: the :class:`Engine` protocol, in-process and local process-pool engines.

An engine takes the worker spec (a plain dict) and an iterator of chunks,
keeps at most ``window`` chunks in flight, and yields each chunk's result as
soon as it is done (in completion order; the output folder puts parts in
input order by name). Every engine calls the same worker function,
:func:`~precis.batch.tasks.run_chunk`, so results do not depend on the
engine. Pulling chunks only as results come back keeps memory bounded
however long the input is.

- :class:`SerialEngine`: in this process (``--workers 1``).
- :class:`ProcessEngine`: a local pool of worker processes (started with
  ``spawn``), each building the task's model once.
- :class:`~precis.batch.dask_engine.DaskEngine`: a Dask cluster (imported
  only when chosen).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Any, Protocol

from ..errors import ConfigError, PrecisError
from .inputs import Chunk
from .tasks import ChunkResult, run_chunk

__all__ = ["ENGINES", "Engine", "ProcessEngine", "SerialEngine", "make_engine"]

ENGINES = ("local", "dask")
_PARENT_POLL = 0.5  # seconds between a pool worker's checks that its parent is alive


class Engine(Protocol):
    """Runs chunks; a context manager that releases its workers on exit."""

    workers: int

    def map(self, spec: dict[str, Any], chunks: Iterator[Chunk]) -> Iterator[ChunkResult]:
        """Each chunk's result, in completion order, with a bounded number of chunks in flight."""
        ...

    def __enter__(self) -> Engine: ...

    def __exit__(self, *exc: object) -> None: ...


class SerialEngine:
    """Runs every chunk in this process, one after the other."""

    def __init__(self) -> None:
        self.workers = 1

    def map(self, spec: dict[str, Any], chunks: Iterator[Chunk]) -> Iterator[ChunkResult]:
        """Each chunk's result, in input order."""
        for chunk in chunks:
            yield run_chunk(spec, chunk)

    def __enter__(self) -> SerialEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _init_worker(parent: int) -> None:
    """Pool workers leave Ctrl-C to the parent, which stops them, and exit when the parent is gone.

    A parent killed with SIGKILL cannot stop its workers, and they would wait
    for work forever (each holds the other end of the pool's queue open).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL)
        os._exit(1)

    threading.Thread(target=watch, name="precis-parent-watch", daemon=True).start()


class ProcessEngine:
    """A local pool of ``workers`` processes; ``window`` chunks in flight (default twice the workers)."""

    def __init__(self, *, workers: int, window: int | None = None) -> None:
        self.workers = workers
        self.window = window or 2 * workers
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessEngine:
        context = multiprocessing.get_context("spawn")  # no fork of a process that runs threads
        self._pool = ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_init_worker, initargs=(os.getpid(),)
        )
        return self

    def map(self, spec: dict[str, Any], chunks: Iterator[Chunk]) -> Iterator[ChunkResult]:
        """Each chunk's result, in completion order."""
        if self._pool is None:
            raise RuntimeError("ProcessEngine.map outside its 'with' block")
        pool = self._pool
        pending: set[Future[ChunkResult]] = set()

        def fill() -> None:
            while len(pending) < self.window:
                chunk = next(chunks, None)
                if chunk is None:
                    return
                pending.add(pool.submit(run_chunk, spec, chunk))

        fill()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield _result(future)
            fill()

    def __exit__(self, *exc: object) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if exc and exc[0] is not None:  # interrupted or failed: stop the workers now, not after their chunk
            for process in list(getattr(pool, "_processes", {}).values()):
                process.terminate()
            pool.shutdown(wait=True, cancel_futures=True)
        else:
            pool.shutdown(wait=True)


def _result(future: Future[ChunkResult]) -> ChunkResult:
    try:
        return future.result()
    except BrokenProcessPool:
        raise PrecisError(
            "A worker process died (killed, or out of memory). The finished parts are kept: "
            "rerun the same command to resume."
        ) from None


def make_engine(name: str, *, workers: int, scheduler: str | None = None) -> Engine:
    """The engine called ``name`` (``local`` or ``dask``) with ``workers`` workers."""
    if name not in ENGINES:
        raise ConfigError(f"The 'engine' parameter of precis batch must be one of {ENGINES}. Got {name!r} instead.")
    if not (isinstance(workers, int) and workers >= 1):
        raise ConfigError(
            f"The 'workers' parameter of precis batch must be a whole number >= 1. Got {workers!r} instead."
        )
    if scheduler is not None and name != "dask":
        raise ConfigError("The 'scheduler' parameter of precis batch needs engine='dask' (--engine dask).")
    if name == "dask":
        from .dask_engine import DaskEngine

        return DaskEngine(workers=workers, scheduler=scheduler)
    return SerialEngine() if workers == 1 else ProcessEngine(workers=workers)
