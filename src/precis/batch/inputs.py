"""Batch input, streamed: JSONL (plain or gzipped) or Parquet -> numbered records in fixed-size chunks.

The input is never loaded whole. JSONL is read line by line in binary
(gzip is recognised by its magic bytes, whatever the file is called); a
line longer than the per-record byte limit is skipped without being held
in memory and becomes a ``TOO_LARGE`` item, which the worker turns into a
per-record failure. Parquet (a ``.parquet``/``.pq`` file, or a folder of
them read in name order) is read one record batch at a time through
pyarrow (``pip install 'precis[parquet]'``).

A record's *line* is its 1-based position: the line number in a JSONL file
(blank lines are not records but keep their numbers), the row number in
Parquet. Chunk ``k`` holds records ``k * size`` to ``(k + 1) * size - 1``
in input order, so the chunks, and the parts written from them, depend
only on the input and the chunk size.
"""

from __future__ import annotations

import gzip
import hashlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

from .._optional import require
from ..errors import InputError

__all__ = [
    "TOO_LARGE", "Chunk", "Item", "check_text", "count_records", "describe_input", "iter_chunks", "parquet_files",
]  # fmt: skip

TOO_LARGE = "too-large"  # an item whose record was over the byte limit (its size follows)
_GZIP_MAGIC = b"\x1f\x8b"
_PARQUET_SUFFIXES = (".parquet", ".pq")
_READ_BLOCK = 1 << 20
_SNIFF_BYTES = 1 << 16

# (line, raw): raw is the line's bytes (JSONL), the row as a dict (Parquet), or (TOO_LARGE, size)
Item = tuple[int, Any]


@dataclass(frozen=True, slots=True)
class Chunk:
    """Records ``index * size ...`` of the input: plain data, cheap to send to a worker."""

    index: int
    items: list[Item]


def is_parquet(path: Path) -> bool:
    """Whether ``path`` is read as Parquet: a ``.parquet``/``.pq`` file or a folder of them."""
    return path.is_dir() or path.suffix.lower() in _PARQUET_SUFFIXES


def parquet_files(path: Path) -> list[Path]:
    """The Parquet files of ``path`` in the order they are read (a folder: by name, recursively)."""
    if not path.is_dir():
        return [path]
    files = sorted(
        p
        for p in path.rglob("*")
        if p.is_file() and p.suffix.lower() in _PARQUET_SUFFIXES and not p.name.startswith(("_", "."))
    )
    if not files:
        raise InputError(f"{path} is a folder without .parquet files; give a JSONL or Parquet file.", source=str(path))
    return files


def _open_jsonl(path: Path) -> IO[bytes]:
    fh: IO[bytes] = open(path, "rb")
    if fh.read(2) == _GZIP_MAGIC:
        fh.close()
        return cast(IO[bytes], gzip.open(path, "rb"))
    fh.seek(0)
    return fh


def check_text(path: Path) -> None:
    """Refuse a JSONL input that is binary (an executable, an image, UTF-16): one error, not one per line."""
    if is_parquet(path):
        return
    try:
        with _open_jsonl(path) as fh:
            head = fh.read(_SNIFF_BYTES)
    except (OSError, EOFError) as exc:
        raise InputError(f"{path}: the file cannot be read ({exc}).", source=str(path)) from None
    binary = b"\x00" in head
    if not binary:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            binary = exc.start < len(head) - 4  # a character cut at the end of the sample is not binary
    if binary:
        raise InputError(
            f"{path} is not JSONL text (it holds binary data); give a UTF-8 JSONL (.jsonl, .jsonl.gz) or Parquet file.",
            source=str(path),
        )


def _jsonl_items(path: Path, *, max_bytes: int) -> Iterator[Item]:
    with _open_jsonl(path) as fh:
        for lineno, line in enumerate(_lines(fh, max_bytes=max_bytes), start=1):
            if isinstance(line, int):
                yield lineno, (TOO_LARGE, line)
            elif line.strip():
                yield lineno, line


def _lines(fh: IO[bytes], *, max_bytes: int) -> Iterator[bytes | int]:
    """Each line of ``fh`` (no newline), or its length in bytes when it is over ``max_bytes``."""
    try:
        while True:
            line = fh.readline(max_bytes + 1)
            if not line:
                return
            if len(line) > max_bytes and not line.endswith(b"\n"):
                size = len(line)
                while True:  # skip the rest of the line without holding it
                    rest = fh.readline(_READ_BLOCK)
                    size += len(rest)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield size - (1 if rest.endswith(b"\n") else 0)
                continue
            yield line.rstrip(b"\r\n")
    except (OSError, EOFError) as exc:  # a corrupt or truncated gzip stream
        raise InputError(f"{getattr(fh, 'name', 'the input')}: the file cannot be read to its end ({exc}).") from None


def _parquet_items(path: Path) -> Iterator[Item]:
    pq = require("pyarrow.parquet", extra="parquet", caller="precis batch (Parquet input)")
    line = 0
    for file in parquet_files(path):
        try:
            reader = pq.ParquetFile(file)
        except Exception as exc:  # pyarrow raises its own error types
            raise InputError(f"{file}: not a readable Parquet file ({exc}).", source=str(file)) from None
        for batch in reader.iter_batches(batch_size=1024):
            for row in batch.to_pylist():
                line += 1
                yield line, row


def iter_items(path: Path, *, max_bytes: int) -> Iterator[Item]:
    """Every record of the input with its line, streamed."""
    return _parquet_items(path) if is_parquet(path) else _jsonl_items(path, max_bytes=max_bytes)


def iter_chunks(path: Path, *, size: int, max_bytes: int, skip: frozenset[int] = frozenset()) -> Iterator[Chunk]:
    """The input in chunks of ``size`` records; the records of chunks in ``skip`` are read past, not kept."""
    index, items, n = 0, [], 0
    for item in iter_items(path, max_bytes=max_bytes):
        n += 1
        if index not in skip:
            items.append(item)
        if n == size:
            if index not in skip:
                yield Chunk(index, items)
            index, items, n = index + 1, [], 0
    if n and index not in skip:
        yield Chunk(index, items)


def count_records(path: Path, *, max_bytes: int) -> int:
    """How many records the input holds (for the progress bar): Parquet metadata, else one pass over the lines."""
    if is_parquet(path):
        pq = require("pyarrow.parquet", extra="parquet", caller="precis batch (Parquet input)")
        return sum(int(pq.ParquetFile(f).metadata.num_rows) for f in parquet_files(path))
    return sum(1 for _ in _jsonl_items(path, max_bytes=max_bytes))


def describe_input(path: Path) -> dict[str, Any]:
    """What identifies the input in a run's fingerprint: path, size and a digest of its first and last MiB."""
    files = parquet_files(path) if is_parquet(path) else [path]
    digest = hashlib.sha256()
    size = 0
    for file in files:
        n = os.path.getsize(file)
        size += n
        with open(file, "rb") as fh:
            digest.update(fh.read(_READ_BLOCK))
            if n > 2 * _READ_BLOCK:
                fh.seek(-_READ_BLOCK, os.SEEK_END)
            digest.update(fh.read(_READ_BLOCK))
    return {"path": str(path.resolve()), "bytes": size, "sample_sha256": digest.hexdigest()}
