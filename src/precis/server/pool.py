"""Worker processes for the CPU-bound work, driven from the event loop without blocking it.

Why processes of our own rather than :class:`concurrent.futures.ProcessPoolExecutor`:
a request over its time limit must really stop. The executor cannot cancel a
running task, so a timed-out summary would keep a CPU busy for nobody. Here a
worker over its deadline is killed and a fresh one started in its place (it
warms up in the background while the others keep serving).

- ``workers`` processes, forked from a ``forkserver`` that imported and
  warmed precis once (:mod:`precis.server.preload`; ``spawn`` where there is
  no fork server), never forked from the running event loop; each builds
  its models once (:mod:`precis.server.worker`).
- At most ``workers + queue`` requests are admitted at once; one more raises
  :class:`PoolFull` at once (the app answers 429) instead of piling up.
- Each request has a deadline covering its wait and its run; past it,
  :class:`JobTimeout` (504).
- Pipes are read and written in a small thread pool of the pool's own, so the
  event loop only ever awaits.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from .worker import run_worker

__all__ = ["JobTimeout", "PoolFull", "WorkerCrashed", "WorkerPool", "WorkerStartError"]

log = logging.getLogger("precis.server")
_START_TIMEOUT = 300.0  # loading an embedding model on a slow disk


class PoolFull(Exception):
    """Every worker is busy and the queue is full."""


class JobTimeout(Exception):
    """A request ran past its deadline (waiting included)."""


class WorkerCrashed(Exception):
    """A worker process died while running a request."""


class WorkerStartError(RuntimeError):
    """A worker could not start (e.g. the embedding model would not load)."""


@dataclass(eq=False)
class _Worker:
    process: Any  # multiprocessing Process (forkserver or spawn context)
    conn: Any  # the parent's end of the pipe


# imported once by the fork server: each worker is forked with precis loaded and warm (sharing those pages)
_PRELOAD = ["precis.server.preload"]


def _context() -> Any:
    """``forkserver`` where there is one (a clean, single-threaded parent that imported precis once), else ``spawn``."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


class WorkerPool:
    """``workers`` warm worker processes behind a bounded queue; see the module docstring."""

    def __init__(self, *, workers: int, queue: int, settings: dict[str, Any]) -> None:
        self.workers = workers
        self.queue = queue
        self.settings = settings
        self._ctx = _context()
        self._io = ThreadPoolExecutor(max_workers=workers + 2, thread_name_prefix="precis-pipe")
        self._idle: deque[_Worker] = deque()
        self._waiters: deque[asyncio.Future[_Worker]] = deque()
        self._all: set[_Worker] = set()
        self._admitted = 0
        self._respawns: set[asyncio.Task[None]] = set()
        self._launched: list[_Worker] = []
        self._closed = False

    # -- life cycle -------------------------------------------------------------------------
    def launch(self) -> None:
        """Start the worker processes now, without waiting: they warm up while the caller imports the web app."""
        while len(self._launched) < self.workers:
            self._launched.append(self._launch())

    async def start(self) -> None:
        """Start every worker (unless :meth:`launch` did) and wait until all are warm.

        Raises :class:`WorkerStartError` if one fails.
        """
        self.launch()
        launched, self._launched = self._launched, []
        workers = await asyncio.gather(*(self._ready(w) for w in launched), return_exceptions=True)
        errors = [w for w in workers if isinstance(w, BaseException)]
        for w in workers:
            if isinstance(w, _Worker):
                self._release(w)
        if errors:
            await self.close()
            raise errors[0]

    def _launch(self) -> _Worker:
        parent, child = self._ctx.Pipe()
        process = self._ctx.Process(target=run_worker, args=(child, self.settings), daemon=True, name="precis-worker")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._all.add(worker)
        return worker

    async def _spawn(self) -> _Worker:
        return await self._ready(self._launch())

    async def _ready(self, worker: _Worker) -> _Worker:
        loop = asyncio.get_running_loop()
        try:
            ready = await asyncio.wait_for(loop.run_in_executor(self._io, worker.conn.recv), _START_TIMEOUT)
        except (TimeoutError, EOFError, OSError) as exc:
            self._kill(worker)
            raise WorkerStartError(f"A worker process did not start ({type(exc).__name__}).") from None
        if ready[0] != "ready":
            self._kill(worker)
            raise WorkerStartError(f"A worker process could not start: {ready[1]}")
        return worker

    def _kill(self, worker: _Worker) -> None:
        self._all.discard(worker)
        with contextlib.suppress(Exception):
            worker.process.kill()
            worker.conn.close()
        with contextlib.suppress(Exception):
            worker.process.join(timeout=5)

    def _replace(self, worker: _Worker) -> None:
        """Kill ``worker`` and start another in the background."""
        self._kill(worker)
        if self._closed:
            return

        async def respawn() -> None:
            try:
                self._release(await self._spawn())
            except WorkerStartError:
                log.exception("precis serve: a replacement worker failed to start")

        task = asyncio.get_running_loop().create_task(respawn())
        self._respawns.add(task)
        task.add_done_callback(self._respawns.discard)

    async def close(self) -> None:
        """Stop every worker (politely, then by force)."""
        self._closed = True
        for task in list(self._respawns):
            task.cancel()
        for worker in list(self._all):
            with contextlib.suppress(Exception):
                worker.conn.send(None)
        loop = asyncio.get_running_loop()
        for worker in list(self._all):
            await loop.run_in_executor(None, worker.process.join, 5)
            self._kill(worker)
        for fut in self._waiters:
            fut.cancel()
        self._io.shutdown(wait=False, cancel_futures=True)

    # -- requests ---------------------------------------------------------------------------
    def stats(self) -> dict[str, int]:
        """Workers alive and idle, and requests admitted (running or waiting)."""
        return {"workers": len(self._all), "idle": len(self._idle), "admitted": self._admitted}

    def _release(self, worker: _Worker) -> None:
        while self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(worker)
                return
        self._idle.append(worker)

    async def _acquire(self, timeout: float) -> _Worker:
        if self._idle:
            return self._idle.popleft()
        fut: asyncio.Future[_Worker] = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            return await asyncio.wait_for(asyncio.shield(fut), timeout)
        except BaseException:
            if fut.done() and not fut.cancelled():
                self._release(fut.result())  # got a worker just as the wait ended: hand it on
            else:
                fut.cancel()
            raise

    async def run(self, job: str, request: dict[str, Any], *, timeout: float) -> Any:
        """Run ``job`` on ``request`` in a worker; returns its answer ``(status, value)``."""
        if self._closed or self._admitted >= self.workers + self.queue:
            raise PoolFull
        self._admitted += 1
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        try:
            try:
                worker = await self._acquire(timeout)
            except TimeoutError:
                raise JobTimeout from None
            return await self._run_on(worker, (job, request), deadline - loop.time())
        finally:
            self._admitted -= 1

    async def _run_on(self, worker: _Worker, message: tuple[str, dict[str, Any]], timeout: float) -> Any:
        loop = asyncio.get_running_loop()

        def exchange() -> Any:
            worker.conn.send(message)
            return worker.conn.recv()

        try:
            answer = await asyncio.wait_for(loop.run_in_executor(self._io, exchange), max(timeout, 0.001))
        except TimeoutError:
            self._replace(worker)
            raise JobTimeout from None
        except (EOFError, OSError):
            self._replace(worker)
            raise WorkerCrashed from None
        except BaseException:  # cancelled (shutdown, client gone): the worker's state is unknown
            self._replace(worker)
            raise
        self._release(worker)
        return answer
