"""Local inputs -> raw :class:`Blob` s: files, folders (recursive, with a glob) and standard input.

Nothing here decides what a file *is*; :mod:`precis.readers.dispatch` does,
from its content. A problem with one input (missing, unreadable, too large)
becomes a :class:`ReadFailure` and the other inputs are still read.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from ..errors import InputError, InputTooLargeError
from ..model import Article
from .decoding import decode

__all__ = ["DEFAULT_MAX_BYTES", "READABLE_SUFFIXES", "Blob", "ReadFailure", "ReadResult", "iter_local", "read_text"]

DEFAULT_MAX_BYTES = 10_000_000
# what a folder is searched for (a single file given by name is read whatever its suffix)
READABLE_SUFFIXES = frozenset(
    {"", ".txt", ".text", ".md", ".jsonl", ".json", ".ndjson", ".csv", ".tsv", ".html", ".htm", ".xhtml", ".xml",
     ".rss", ".atom"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class ReadFailure:
    """One input that could not be read, and why."""

    source: str
    reason: str


@dataclass(slots=True)
class ReadResult:
    """Articles read, in input order, the items that failed, and where each article came from."""

    articles: list[Article] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)
    origins: dict[str, str] = field(default_factory=dict)  # article id -> path, path:line or URL


@dataclass(frozen=True, slots=True)
class Blob:
    """The raw bytes of one input, before precis knows what they hold.

    ``name`` is what the user gave (a path, ``<stdin>``, a URL) and names the
    input in messages; ``stem`` is the default id of a one-article input;
    ``content_type``, ``charset`` and ``url`` come from HTTP for fetched pages.
    """

    name: str
    data: bytes
    stem: str
    suffix: str = ""
    content_type: str | None = None
    charset: str | None = None
    url: str | None = None


def read_bytes(stream: BinaryIO, name: str, max_bytes: int) -> bytes:
    """At most ``max_bytes`` from ``stream``; :class:`InputTooLargeError` beyond that."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"{name} is larger than the {max_bytes:,}-byte limit; split it, or raise the limit "
            "(--max-bytes on the CLI, max_bytes= in the API).",
            source=name,
        )
    return data


def _read_stdin(stdin: BinaryIO | None, max_bytes: int) -> bytes:
    """Standard input (or ``stdin``), refused with one clear line when it is closed or cannot be read."""
    stream = stdin if stdin is not None else getattr(sys.stdin, "buffer", None)
    if stream is None:
        raise InputError("<stdin> is closed; give the input as a file, or pipe it in.", source="<stdin>")
    try:
        return read_bytes(stream, "<stdin>", max_bytes)
    except (OSError, ValueError) as exc:  # ValueError: a stream closed inside the process
        why = getattr(exc, "strerror", None) or str(exc)
        raise InputError(f"<stdin> could not be read: {why}.", source="<stdin>") from None


def _files(path: Path, pattern: str) -> list[Path]:
    return sorted(
        p
        for p in path.rglob(pattern)
        if p.is_file()
        and p.suffix.lower() in READABLE_SUFFIXES
        and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def _file_blob(path: Path, name: str, max_bytes: int) -> Blob:
    try:
        with path.open("rb") as fh:
            data = read_bytes(fh, name, max_bytes)
    except OSError as exc:
        raise InputError(f"{name} could not be read: {exc.strerror or exc}.", source=name) from None
    return Blob(name=name, data=data, stem=path.stem, suffix=path.suffix.lower())


def iter_local(path_arg: str, *, max_bytes: int, pattern: str, stdin: BinaryIO | None) -> Iterator[Blob | ReadFailure]:
    """The blobs of one local input (``-`` is standard input; a folder gives each readable file in it)."""
    try:
        if path_arg == "-":
            yield Blob(name="<stdin>", data=_read_stdin(stdin, max_bytes), stem="stdin")
            return
        path = Path(path_arg)
        if path.is_dir():
            files = _files(path, pattern)
            if not files:
                yield ReadFailure(path_arg, f"{path_arg} is a folder with no readable files matching {pattern!r}.")
            for file in files:
                try:
                    yield _file_blob(file, str(file), max_bytes)
                except InputError as exc:
                    yield ReadFailure(exc.source or str(file), str(exc))
            return
        if not path.exists():
            raise InputError(f"{path_arg} does not exist; check the path.", source=path_arg)
        yield _file_blob(path, path_arg, max_bytes)
    except InputError as exc:
        yield ReadFailure(exc.source or path_arg, str(exc))


def read_text(path_arg: str, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None) -> str:
    """The whole text of one file (``-``: standard input), decoded, as one document.

    Raises
    ------
    InputError
        The path does not exist, is a folder, is binary, is in no recognisable
        encoding, or is larger than ``max_bytes``.
    """
    if path_arg != "-" and Path(path_arg).is_dir():
        raise InputError(f"{path_arg} is a folder; give one file.", source=path_arg)
    for got in iter_local(path_arg, max_bytes=max_bytes, pattern="*", stdin=stdin):
        if isinstance(got, ReadFailure):
            raise InputError(got.reason, source=got.source)
        return decode(got.data, name=got.name)
    raise InputError(f"{path_arg} could not be read.", source=path_arg)  # not reached: one blob or one failure
