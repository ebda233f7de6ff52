"""The output folder of a batch run: parts written atomically, a manifest, resume and restart.

Layout of ``OUT/``::

    _manifest.json          what made the run (fingerprint, settings) and which chunks are done
    part-000000.jsonl       results of input chunk 0, in input order (or .parquet)
    part-000001.jsonl       ...
    _errors.jsonl           the failed records, in input order (written when the run completes)
    _errors/part-*.jsonl    failed records per chunk while the run is under way
    .lock                   held (flock) while a run writes the folder

Names starting with ``_`` or ``.`` are skipped by Parquet dataset readers,
so ``pyarrow.parquet.read_table(OUT)`` and ``pandas.read_parquet(OUT)``
read the results alone; for JSONL, ``cat OUT/part-*.jsonl`` gives them in
input order.

Exactly once: a part (and its chunk's error part) is written to a temporary
file, flushed to disk and renamed into place; only then is the chunk added
to the manifest, which is replaced the same way. The manifest is the only
record of what is done. On a rerun, every part, error part and temporary
file the manifest does not list is deleted and its chunk is done again,
under the same name, so a run killed at any moment loses nothing and
repeats nothing.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .._optional import require
from ..errors import InputError
from .tasks import ChunkResult

__all__ = ["ERRORS", "FORMATS", "MANIFEST", "Manifest", "OutputDir", "fingerprint", "iter_rows"]

SCHEMA = "precis.batch/1"
MANIFEST = "_manifest.json"
ERRORS = "_errors.jsonl"
_ERROR_PARTS = "_errors"
_LOCK = ".lock"
FORMATS = ("jsonl", "parquet")


def fingerprint(settings: Mapping[str, Any]) -> str:
    """A digest of what decides a run's output."""
    return hashlib.sha256(json.dumps(settings, sort_keys=True, default=str).encode()).hexdigest()


def _ranges(done: set[int]) -> list[list[int]]:
    """``{0, 1, 2, 5}`` -> ``[[0, 3], [5, 6]]`` (half-open), so the manifest stays small."""
    out: list[list[int]] = []
    for i in sorted(done):
        if out and out[-1][1] == i:
            out[-1][1] = i + 1
        else:
            out.append([i, i + 1])
    return out


@dataclass(slots=True)
class Manifest:
    """What made a run and how far it got; saved as ``_manifest.json``."""

    fingerprint: str
    settings: dict[str, Any]
    done: set[int] = field(default_factory=set)
    ok: int = 0
    failed: int = 0
    nothing: int = 0  # ok rows of records with nothing to work on (an empty result that says why)
    seconds: float = 0.0
    complete: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (done chunks as half-open ranges)."""
        return {
            "schema": SCHEMA,
            "fingerprint": self.fingerprint,
            "complete": self.complete,
            "records": self.ok + self.failed,
            "ok": self.ok,
            "records_with_nothing": self.nothing,
            "failed": self.failed,
            "seconds": round(self.seconds, 3),
            "done": _ranges(self.done),
            "settings": self.settings,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Manifest:
        """Inverse of :meth:`to_dict`."""
        done = {i for lo, hi in data["done"] for i in range(lo, hi)}
        return cls(
            fingerprint=data["fingerprint"],
            settings=data["settings"],
            done=done,
            ok=data["ok"],
            failed=data["failed"],
            nothing=data.get("records_with_nothing", 0),
            seconds=data["seconds"],
            complete=data["complete"],
        )


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, write: Callable[[IO[bytes]], object]) -> None:
    """Write ``path`` through a temporary file, flushed to disk, then renamed into place."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _jsonl_row(rid: str, line: int, skipped: list[str], result: str) -> bytes:
    head = json.dumps({"id": rid, "line": line, "skipped": skipped}, ensure_ascii=False)
    return (head[:-1] + ', "result": ' + result + "}\n").encode("utf-8")


def _error_row(rid: str | None, line: int, kind: str, reason: str) -> bytes:
    return (json.dumps({"id": rid, "line": line, "kind": kind, "reason": reason}, ensure_ascii=False) + "\n").encode()


def _write_parquet(fh: IO[bytes], result: ChunkResult) -> None:
    pa = require("pyarrow", extra="parquet", caller="precis batch --output-format parquet")
    pq = require("pyarrow.parquet", extra="parquet", caller="precis batch --output-format parquet")
    schema = pa.schema(
        [("id", pa.string()), ("line", pa.int64()), ("skipped", pa.list_(pa.string())), ("result", pa.string())]
    )
    columns: list[list[Any]] = [[row[k] for row in result.rows] for k in range(4)]
    arrays = [pa.array(column, type=f.type) for column, f in zip(columns, schema, strict=True)]
    pq.write_table(pa.Table.from_arrays(arrays, schema=schema), fh)


class OutputDir:
    """The output folder of one run, locked while open. Use :meth:`open`."""

    def __init__(self, path: Path, manifest: Manifest, *, fmt: str, lock: IO[bytes]) -> None:
        self.path = path
        self.manifest = manifest
        self.fmt = fmt
        self._lock = lock

    @classmethod
    def open(cls, path: Path, *, settings: dict[str, Any], fmt: str, restart: bool) -> OutputDir:
        """Create or reopen ``path`` for a run with ``settings``; refuse a folder holding another run."""
        if path.exists() and not path.is_dir():
            raise InputError(
                f"{path} exists and is not a folder; precis batch writes a folder of parts.", source=str(path)
            )
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.exists():  # as -o refuses it: a typo must not create a tree of folders
            raise InputError(
                f"Cannot write {path}: the folder {parent} does not exist; create it first.", source=str(path)
            )
        try:
            path.mkdir(exist_ok=True)
            lock = open(path / _LOCK, "ab")
        except OSError as exc:
            raise InputError(
                f"Cannot write the output folder {path}: {exc.strerror or exc}.", source=str(path)
            ) from None
        try:
            fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            lock.close()
            raise InputError(f"Another precis batch is writing {path}; wait for it or choose another output.") from None
        try:
            manifest = cls._manifest(path, settings=settings, restart=restart)
            out = cls(path, manifest, fmt=fmt, lock=lock)
            out._clean()
        except BaseException:
            lock.close()
            raise
        return out

    @staticmethod
    def _manifest(path: Path, *, settings: dict[str, Any], restart: bool) -> Manifest:
        digest = fingerprint(settings)
        file = path / MANIFEST
        if not file.exists():
            others = sorted(p.name for p in path.iterdir() if not p.name.startswith("."))
            if others:
                raise InputError(
                    f"{path} is not empty and holds no precis batch run ({', '.join(others[:3])}...); "
                    "choose a new or empty output folder.",
                    source=str(path),
                )
        elif restart:
            _remove_run(path)
        else:
            try:
                old = Manifest.from_dict(json.loads(file.read_text(encoding="utf-8")))
            except (ValueError, KeyError, TypeError) as exc:
                raise InputError(
                    f"{file} cannot be read ({exc}); use --restart to start the run over.", source=str(file)
                ) from None
            if old.fingerprint != digest:
                raise InputError(
                    f"{path} holds a run of another command ({_differences(old.settings, settings)}). "
                    "Rerun the same command to resume it, add --restart to start over, or choose another output.",
                    source=str(path),
                )
            return old
        manifest = Manifest(fingerprint=digest, settings=settings)
        atomic_write(file, lambda fh: fh.write(json.dumps(manifest.to_dict(), indent=1).encode()))
        return manifest

    def _part(self, index: int) -> Path:
        return self.path / f"part-{index:06d}.{self.fmt}"

    def _error_part(self, index: int) -> Path:
        return self.path / _ERROR_PARTS / f"part-{index:06d}.jsonl"

    def _clean(self) -> None:
        """Delete what the manifest does not list: temporary files, parts of unfinished chunks."""
        for p in [*self.path.glob(".*.tmp"), *self.path.glob(f"{_ERROR_PARTS}/.*.tmp")]:
            p.unlink(missing_ok=True)
        for pattern in ("part-*", f"{_ERROR_PARTS}/part-*"):
            for p in self.path.glob(pattern):
                index = p.name.removeprefix("part-").partition(".")[0]
                if not (index.isdigit() and int(index) in self.manifest.done):
                    p.unlink()
        if self.manifest.complete:
            shutil.rmtree(self.path / _ERROR_PARTS, ignore_errors=True)

    def commit(self, result: ChunkResult, *, seconds: float) -> None:
        """Write one chunk's parts, then record the chunk as done in the manifest."""
        if result.errors:
            (self.path / _ERROR_PARTS).mkdir(exist_ok=True)
            rows = b"".join(_error_row(*e) for e in result.errors)
            atomic_write(self._error_part(result.index), lambda fh: fh.write(rows))
        if self.fmt == "parquet":
            atomic_write(self._part(result.index), lambda fh: _write_parquet(fh, result))
        else:
            data = b"".join(_jsonl_row(*r) for r in result.rows)
            atomic_write(self._part(result.index), lambda fh: fh.write(data))
        self.manifest.done.add(result.index)
        self.manifest.ok += len(result.rows)
        self.manifest.failed += len(result.errors)
        self.manifest.nothing += result.nothing
        self.manifest.seconds += seconds
        self._save()

    def finish(self) -> None:
        """All chunks done: gather the errors into ``_errors.jsonl`` and mark the run complete."""
        parts = sorted((self.path / _ERROR_PARTS).glob("part-*.jsonl"))

        def gather(fh: IO[bytes]) -> None:
            for p in parts:
                with open(p, "rb") as src:
                    shutil.copyfileobj(src, fh)

        atomic_write(self.path / ERRORS, gather)
        self.manifest.complete = True
        self._save()
        shutil.rmtree(self.path / _ERROR_PARTS, ignore_errors=True)

    def _save(self) -> None:
        text = json.dumps(self.manifest.to_dict(), indent=1).encode()
        atomic_write(self.path / MANIFEST, lambda fh: fh.write(text))

    def close(self) -> None:
        """Release the folder's lock."""
        self._lock.close()


def _remove_run(path: Path) -> None:
    """Delete a run's files (and only those) for ``--restart``."""
    for p in [*path.glob("part-*"), *path.glob(".*.tmp"), path / ERRORS, path / MANIFEST]:
        p.unlink(missing_ok=True)
    shutil.rmtree(path / _ERROR_PARTS, ignore_errors=True)


def _differences(old: Mapping[str, Any], new: Mapping[str, Any], prefix: str = "") -> str:
    """The settings that differ, as ``name: old -> new``."""
    out = []
    for key in sorted(set(old) | set(new)):
        a, b = old.get(key), new.get(key)
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            inner = _differences(a, b, f"{prefix}{key}.")
            if inner:
                out.append(inner)
        elif a != b:
            out.append(f"{prefix}{key}: {a!r} -> {b!r}")
    return "; ".join(out)


def iter_rows(path: str | Path) -> Iterator[dict[str, Any]]:
    """The result rows of a JSONL run's folder, in input order (``result`` parsed); only parts the manifest lists."""
    folder = Path(path)
    try:
        done = Manifest.from_dict(json.loads((folder / MANIFEST).read_text(encoding="utf-8"))).done
    except (OSError, ValueError, KeyError) as exc:
        raise InputError(f"{folder} is not the output of precis batch ({exc}).", source=str(folder)) from None
    for index in sorted(done):
        with open(folder / f"part-{index:06d}.jsonl", encoding="utf-8") as fh:
            for line in fh:
                yield json.loads(line)
