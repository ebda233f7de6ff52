"""The Dask engine: chunks run on a Dask ``distributed`` cluster (``pip install 'precis[distributed]'``).

Imported only when ``--engine dask`` is chosen. Without a scheduler address
it starts a ``LocalCluster`` of ``workers`` single-threaded worker processes
on 127.0.0.1; with one (``tcp://host:port``) it uses that cluster, which
was started with Dask's own ``dask scheduler`` and ``dask worker``
commands. Either way the same code runs: each chunk is one task calling
:func:`~precis.batch.tasks.run_chunk` with the spec (a plain dict), every
worker builds the task's model once and keeps it, and at most twice as many
chunks as the cluster has worker threads are in flight.

Every worker must have precis installed, the same code as the client:
that is checked (version and a digest of the source files) before the first
chunk is sent, since other code could give other results.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .._optional import require
from .._version import __version__
from ..errors import PrecisError
from .inputs import Chunk
from .tasks import ChunkResult, run_chunk

__all__ = ["DaskEngine"]

_CONNECT_TIMEOUT = "20s"
_WORKER_WAIT = 30  # seconds to wait for a first worker to join the scheduler


def code_digest() -> str:
    """precis's version and a digest of its source files: two processes with the same digest run the same code."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"


class DaskEngine:
    """Chunks as Dask tasks, on a new ``LocalCluster`` or on the cluster at ``scheduler``."""

    def __init__(self, *, workers: int, scheduler: str | None = None, window: int | None = None) -> None:
        self.workers = workers
        self.scheduler = scheduler
        self.window = window
        self._client: Any = None
        self._cluster: Any = None

    def __enter__(self) -> DaskEngine:
        distributed = require("distributed", extra="distributed", caller="precis batch --engine dask")
        try:
            if self.scheduler is None:
                self._cluster = distributed.LocalCluster(
                    n_workers=self.workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                    silence_logs=logging.ERROR,
                )
                self._client = distributed.Client(self._cluster)
            else:
                self._client = distributed.Client(self.scheduler, timeout=_CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as exc:
            self.__exit__(type(exc), exc, None)
            where = self.scheduler or "a LocalCluster on 127.0.0.1"
            raise PrecisError(f"Cannot reach the Dask scheduler at {where}: {exc}") from None
        self._check_workers()
        return self

    def _check_workers(self) -> None:
        try:  # workers started just before may not have joined yet
            self._client.wait_for_workers(1, timeout=_WORKER_WAIT)
        except TimeoutError:
            self.__exit__(None, None, None)
            raise PrecisError(
                f"The Dask cluster at {self.scheduler} has no workers (waited {_WORKER_WAIT} s); "
                "start some with 'dask worker'."
            ) from None
        try:
            versions = self._client.run(code_digest)
        except Exception as exc:  # a worker without precis, or one that cannot run the check
            self.__exit__(type(exc), exc, None)
            raise PrecisError(
                f"A Dask worker cannot run precis ({type(exc).__name__}: {exc}); install precis {__version__} "
                "on every worker."
            ) from None
        mine = code_digest()
        other = {addr: v for addr, v in versions.items() if v != mine}
        if other:
            self.__exit__(None, None, None)
            raise PrecisError(
                f"Dask workers run other precis code than this one ({mine}): {other}; install the same "
                "precis everywhere, so that results do not depend on the worker."
            )
        if self.window is None:
            threads = sum(w.get("nthreads", 1) for w in self._client.scheduler_info()["workers"].values())
            self.window = max(2, 2 * threads)

    def map(self, spec: dict[str, Any], chunks: Iterator[Chunk]) -> Iterator[ChunkResult]:
        """Each chunk's result, in completion order."""
        distributed = require("distributed", extra="distributed", caller="precis batch --engine dask")
        if self._client is None or self.window is None:
            raise RuntimeError("DaskEngine.map outside its 'with' block")
        client, window = self._client, self.window
        pending = distributed.as_completed()
        run = uuid.uuid4().hex[:12]  # task keys unique to this run: a cluster may serve several

        def submit() -> bool:
            chunk = next(chunks, None)
            if chunk is None:
                return False
            pending.add(client.submit(run_chunk, spec, chunk, pure=False, key=f"precis-{run}-chunk-{chunk.index}"))
            return True

        while pending.count() < window and submit():
            pass
        for future in pending:
            try:
                result: ChunkResult = future.result()
            except distributed.KilledWorker as exc:
                raise PrecisError(
                    f"A Dask worker died on the same chunk several times ({exc}). The finished parts are kept: "
                    "rerun the same command to resume."
                ) from None
            future.release()
            yield result
            submit()

    def __exit__(self, *exc: object) -> None:
        client, cluster = self._client, self._cluster
        self._client = self._cluster = None
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
