"""Writing results: stdout, or a file replaced atomically (never a partial file).

Every way writing can fail for reasons outside precis (standard output
closed, a full disk, ``-o`` naming a folder or a missing one) is an
:class:`~precis.errors.InputError` with one clear line, not a crash. A file
is written with the permissions the user's umask gives a new file; a file
that is replaced keeps its own permissions.
"""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import InputError

__all__ = ["check_output", "write_output"]


def _stdout(text: str) -> None:
    stream = sys.stdout
    if stream is None:
        raise InputError("Standard output is closed; give -o FILE to write the result to a file.")
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        _silence_stdout()
        raise InputError("Standard output was closed before the result was written (a closed pipe).") from None
    except (OSError, ValueError) as exc:  # ValueError: a stream closed from inside the process
        _silence_stdout()
        why = getattr(exc, "strerror", None) or str(exc)
        raise InputError(f"Cannot write to standard output: {why}; give -o FILE to write to a file.") from None


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's exit flush does not fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass


def check_output(path: str | None, inputs: Sequence[str] = ()) -> None:
    """Refuse, before any work, an output that cannot be written: a folder, a missing folder, one of ``inputs``."""
    if path in (None, "-"):
        return
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise InputError(f"Cannot write {path}: the folder {folder} does not exist; create it first.", source=path)
    if target.is_dir():
        raise InputError(f"Cannot write {path}: it is a folder; give a file name.", source=path)
    if target.exists():
        for given in inputs:
            if given != "-" and Path(given).exists() and _same(Path(given), target):
                raise InputError(
                    f"Cannot write {path}: it is one of the inputs; give another file for the result.", source=path
                )


def _same(a: Path, b: Path) -> bool:
    try:
        return a.samefile(b)
    except OSError:
        return False


def _mode(target: Path) -> int:
    """The permissions of the file written: the replaced file's own, else what the umask gives a new file."""
    try:
        return stat.S_IMODE(target.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _device(text: str, path: str) -> None:
    """Write ``text`` into an existing device or pipe as it is."""
    try:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(text)
    except OSError as exc:
        raise InputError(f"Cannot write {path}: {exc.strerror or exc}.", source=path) from None


def write_output(text: str, path: str | None, *, inputs: Sequence[str] = ()) -> None:
    """Write ``text`` to stdout (``path`` None or ``-``) or atomically to ``path`` (never one of ``inputs``)."""
    if path in (None, "-"):
        _stdout(text)
        return
    check_output(path, inputs)
    target = Path(path)
    if target.exists() and not target.is_file() and not target.is_dir():
        _device(text, path)  # /dev/null, a FIFO, a terminal: written to, never replaced by a file
        return
    folder = target.parent if str(target.parent) else Path(".")
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise InputError(f"Cannot write {path}: {exc.strerror}.", source=path) from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            os.fchmod(fh.fileno(), _mode(target))
        os.replace(tmp, target)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        kept = " (the old file is kept)" if target.exists() else ""
        raise InputError(f"Cannot write {path}: {exc.strerror or exc}{kept}.", source=path) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
