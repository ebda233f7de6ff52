"""Batch runs: millions of records through summarize, check or digest, resumable, on local processes or Dask.

``precis batch IN OUT --task summarize`` is the command; in Python::

    from precis.batch import make_engine, make_spec, run_batch

    spec = make_spec("summarize", {"words": 60}, max_record_bytes=10_000_000)
    report = run_batch("articles.jsonl.gz", "out/", spec=spec, engine=make_engine("local", workers=2))

Modules: :mod:`.inputs` (streamed JSONL/Parquet in chunks), :mod:`.records`
(record -> articles and ids), :mod:`.tasks` (the task table and the worker
side), :mod:`.deadline` (per-record time limit), :mod:`.engines` (in-process
and process pool), :mod:`.dask_engine` (Dask, imported only when chosen),
:mod:`.parts` (output folder, manifest, resume), :mod:`.progress`,
:mod:`.runner`. See ``docs/batch.md``.
"""

from __future__ import annotations

from .engines import make_engine
from .parts import iter_rows
from .runner import BatchReport, run_batch
from .tasks import TASKS, make_spec

__all__ = ["TASKS", "BatchReport", "iter_rows", "make_engine", "make_spec", "run_batch"]
