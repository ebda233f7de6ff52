"""``run_batch``: stream an input through a task on an engine into a resumable output folder.

The run checks its paths and its input before it writes anything, opens
(or reopens) the output folder (:mod:`.parts`), reads the input in chunks,
skipping those an earlier run finished, hands them to the engine, and
commits each result as it comes back. A run that is killed is resumed by
running it again: only the chunks the manifest does not list are done.
"""

from __future__ import annotations

import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import ConfigError, InputError
from ..readers.corpus import FieldMap
from .engines import Engine
from .inputs import check_text, count_records, describe_input, is_parquet, iter_chunks, iter_items
from .parts import ERRORS, FORMATS, OutputDir
from .progress import NoProgress
from .records import file_convention

__all__ = ["DEFAULT_CHUNK_SIZE", "BatchReport", "run_batch"]

DEFAULT_CHUNK_SIZE = 200


@dataclass(frozen=True, slots=True)
class BatchReport:
    """How a run went. Counts cover the whole output (earlier runs included); times and rate this run only."""

    output: Path
    errors: Path
    ok: int
    failed: int
    resumed: int
    seconds: float
    already_complete: bool = False
    nothing: int = 0  # of ``ok``: records with nothing to work on (their rows say why)

    @property
    def records(self) -> int:
        """Records done, failed ones included."""
        return self.ok + self.failed

    @property
    def rate(self) -> float:
        """Records per second in this run."""
        return (self.records - self.resumed) / self.seconds if self.seconds > 0 else 0.0


def _inside(child: Path, parent: Path) -> bool:
    return child == parent or parent in child.parents


def _check_paths(source: Path, output: Path) -> None:
    """Refuse a missing or unreadable input, and an output that is, holds or lies inside the input."""
    if not source.exists():
        raise InputError(f"{source}: no such file.", source=str(source))
    if not (source.is_file() or is_parquet(source)):
        raise InputError(f"{source} is not a file; give a JSONL (.jsonl, .jsonl.gz) or Parquet file.")
    if not os.access(source, os.R_OK):
        raise InputError(f"{source}: permission denied.", source=str(source))
    src, out = source.resolve(), output.resolve()
    if src == out:
        raise InputError(f"The output {output} is the input; give a new folder for the results.", source=str(output))
    if _inside(src, out):
        raise InputError(f"The input {source} lies inside the output folder {output}; choose another output.")
    if src.is_dir() and _inside(out, src):
        raise InputError(f"The output {output} lies inside the input folder {source}; choose another output.")
    check_text(source)


def _count_in_background(source: Path, max_bytes: int, progress: NoProgress) -> None:
    def count() -> None:
        try:
            progress.set_total(count_records(source, max_bytes=max_bytes))
        except Exception:
            pass

    threading.Thread(target=count, name="precis-batch-count", daemon=True).start()


def run_batch(
    source: str | Path,
    output: str | Path,
    *,
    spec: dict[str, Any],
    engine: Engine,
    chunk_size: int = DEFAULT_CHUNK_SIZE,
    output_format: str = "jsonl",
    restart: bool = False,
    progress: NoProgress | None = None,
) -> BatchReport:
    """Run the task of ``spec`` on every record of ``source``, writing ``output`` (a folder).

    Parameters
    ----------
    source : path
        JSONL (plain or gzipped) or Parquet (a file or a folder of files).
    output : path
        The output folder (see :mod:`precis.batch.parts` for its layout).
    spec : dict
        The worker spec, from :func:`precis.batch.tasks.make_spec`.
    engine : Engine
        Where chunks run (not yet entered: the run enters it only if there is work to do).
    chunk_size : int, default=200
        Records per part; part of what a resumed run must repeat.
    output_format : {"jsonl", "parquet"}
    restart : bool
        Start over, deleting an earlier run's parts, instead of resuming it.
    progress : NoProgress, optional
        Where progress goes (:class:`~precis.batch.progress.Progress` for a bar).

    Raises
    ------
    InputError
        Missing, unreadable or empty input; an output that is the input, or an
        unwritable one; an output holding a run of another command.
    """
    source, output = Path(source), Path(output)
    progress = progress or NoProgress()
    if output_format not in FORMATS:
        raise ConfigError(f"The 'output_format' parameter must be one of {FORMATS}. Got {output_format!r} instead.")
    if not (isinstance(chunk_size, int) and chunk_size >= 1):
        raise ConfigError(f"The 'chunk_size' parameter must be a whole number >= 1. Got {chunk_size!r} instead.")
    _check_paths(source, output)
    max_bytes = spec["max_record_bytes"]
    if next(iter_items(source, max_bytes=max_bytes), None) is None:
        raise InputError(f"{source} holds no records (it is empty); nothing to do.", source=str(source))
    # how the file writes numeric dates ("09/04/1998" in a file that writes "10/22/1998"), for every worker
    dates = file_convention(iter_items(source, max_bytes=max_bytes), fields=FieldMap(spec["fields"]))
    spec = {**spec, "dates": dates.to_dict()}
    settings = {
        "input": describe_input(source),
        "spec": spec,
        "chunk_size": chunk_size,
        "format": output_format,
        "precis": __version__,
    }
    out = OutputDir.open(output, settings=settings, fmt=output_format, restart=restart)
    start = time.perf_counter()
    try:
        manifest = out.manifest
        resumed = manifest.ok + manifest.failed
        was_complete = manifest.complete
        if not was_complete:
            _count_in_background(source, max_bytes, progress)
            progress.start(done=resumed, failed=manifest.failed)
            try:
                chunks = iter_chunks(source, size=chunk_size, max_bytes=max_bytes, skip=frozenset(manifest.done))
                last = time.perf_counter()
                with engine:
                    for result in engine.map(spec, chunks):
                        now = time.perf_counter()
                        out.commit(result, seconds=now - last)
                        last = now
                        progress.advance(len(result.rows) + len(result.errors), len(result.errors))
                out.finish()
            finally:
                progress.close()
        return BatchReport(
            output=output,
            errors=output / ERRORS,
            ok=manifest.ok,
            failed=manifest.failed,
            nothing=manifest.nothing,
            resumed=resumed,
            seconds=time.perf_counter() - start,
            already_complete=was_complete,
        )
    finally:
        out.close()
