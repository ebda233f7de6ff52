"""Paths, folders, JSONL and stdin -> articles, with per-item errors kept.

One entry point, :func:`read_articles`, serves every command. What a file is
is decided by its content, not only its name: a file whose first non-blank
character is ``{`` and whose first line parses as a JSON object is JSONL;
anything else that decodes as text is one plain-text article.

JSONL fields (one article per line): ``text`` (required), ``id`` (default:
``<file>:<line>``), ``title``, ``outlet``, ``url``, ``author``, ``date`` (or
``published``; ISO 8601). Text files become one article whose id is the file
name without its extension.

A problem with one item (a binary file, invalid UTF-8, a line that is not
JSON or lacks ``text``, an empty file) is recorded in
:attr:`ReadResult.failures` and reading goes on; the caller decides what
to do when some or all items failed.
"""

from __future__ import annotations

import dataclasses
import json
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from ..errors import InputError, InputTooLargeError
from ..model import Article

__all__ = ["DEFAULT_MAX_BYTES", "ReadFailure", "ReadResult", "read_articles", "read_text"]

DEFAULT_MAX_BYTES = 10_000_000
_TEXT_SUFFIXES = {".txt", ".text", ".md", ".jsonl", ".json", ".ndjson", ""}


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
    origins: dict[str, str] = field(default_factory=dict)  # article id -> path (or path:line)


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:8192]:
        raise InputError(f"{name} is a binary file, not text; give precis a text, Markdown or JSONL file.", source=name)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            f"{name} is not valid UTF-8 (bad byte at position {exc.start}); "
            "convert it first, e.g. `iconv -f latin1 -t utf-8`.",
            source=name,
        ) from None


def _read_bytes(stream: BinaryIO, name: str, max_bytes: int) -> bytes:
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputTooLargeError(
            f"{name} is larger than the {max_bytes:,}-byte limit; split it, or raise the limit "
            "(--max-bytes on the CLI, max_bytes= in the API).",
            source=name,
        )
    return data


def _is_jsonl(text: str) -> bool:
    first = text.lstrip()[:1]
    if first != "{":
        return False
    line = text.lstrip().split("\n", 1)[0]
    try:
        return isinstance(json.loads(line), dict)
    except ValueError:
        return False


def _parse_date(value: Any, where: str) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise InputError(
            f"{where}: the date {value!r} is not ISO 8601 (e.g. 2022-01-10T18:30:00+01:00).", source=where
        ) from None


def _article_from_record(record: Any, where: str) -> Article:
    if not isinstance(record, dict):
        raise InputError(f"{where}: a JSONL line must be an object with a 'text' field.", source=where)
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{where}: the record has no 'text' field with text in it.", source=where)
    meta = {k: (str(record[k]) if record.get(k) is not None else None) for k in ("title", "outlet", "url", "author")}
    return Article(
        id=str(record.get("id") or where),
        text=text,
        published=_parse_date(record.get("date", record.get("published")), where),
        **meta,
    )


def _from_text(text: str, name: str, stem: str) -> Iterator[tuple[Article, str] | ReadFailure]:
    if not text.strip():
        yield ReadFailure(name, f"{name} is empty: there is nothing to summarize in it.")
        return
    if not _is_jsonl(text):
        yield Article(id=stem, text=text), name
        return
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            yield _article_from_record(json.loads(line), where), where
        except ValueError as exc:
            reason = str(exc) if isinstance(exc, InputError) else f"{where}: not valid JSON ({exc.args[0]})."
            yield ReadFailure(where, reason)


def _files(path: Path, pattern: str) -> list[Path]:
    return sorted(
        p
        for p in path.rglob(pattern)
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    )


def _read_one(
    path_arg: str, *, max_bytes: int, pattern: str, stdin: BinaryIO | None
) -> Iterator[tuple[Article, str] | ReadFailure]:
    if path_arg == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        data = _read_bytes(stream, "<stdin>", max_bytes)
        yield from _from_text(_decode(data, "<stdin>"), "<stdin>", "stdin")
        return
    path = Path(path_arg)
    if path.is_dir():
        files = [p for p in _files(path, pattern) if p.suffix.lower() in _TEXT_SUFFIXES]
        if not files:
            yield ReadFailure(path_arg, f"{path_arg} is a folder with no text or JSONL files matching {pattern!r}.")
        for file in files:
            yield from _guarded(str(file), max_bytes=max_bytes, pattern=pattern, stdin=None)
        return
    if not path.exists():
        raise InputError(f"{path_arg} does not exist; check the path.", source=path_arg)
    with path.open("rb") as fh:
        data = _read_bytes(fh, path_arg, max_bytes)
    yield from _from_text(_decode(data, path_arg), path_arg, path.stem)


def read_text(path_arg: str, *, max_bytes: int = DEFAULT_MAX_BYTES, stdin: BinaryIO | None = None) -> str:
    """The whole text of one file (``-``: standard input), decoded, as one document.

    Raises
    ------
    InputError
        The path does not exist, is a folder, is binary, is not UTF-8, or is
        larger than ``max_bytes``.
    """
    if path_arg == "-":
        stream = stdin if stdin is not None else sys.stdin.buffer
        return _decode(_read_bytes(stream, "<stdin>", max_bytes), "<stdin>")
    path = Path(path_arg)
    if path.is_dir():
        raise InputError(f"{path_arg} is a folder; give one file.", source=path_arg)
    if not path.exists():
        raise InputError(f"{path_arg} does not exist; check the path.", source=path_arg)
    try:
        with path.open("rb") as fh:
            return _decode(_read_bytes(fh, path_arg, max_bytes), path_arg)
    except OSError as exc:
        raise InputError(f"{path_arg} could not be read: {exc.strerror or exc}.", source=path_arg) from None


def _guarded(path_arg: str, **kwargs: Any) -> Iterator[tuple[Article, str] | ReadFailure]:
    try:
        yield from _read_one(path_arg, **kwargs)
    except InputError as exc:
        yield ReadFailure(exc.source or path_arg, str(exc))
    except OSError as exc:
        yield ReadFailure(path_arg, f"{path_arg} could not be read: {exc.strerror or exc}.")


def read_articles(
    paths: Iterable[str],
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    pattern: str = "*",
    stdin: BinaryIO | None = None,
) -> ReadResult:
    """Read every path (``-`` is stdin; folders are read recursively).

    Parameters
    ----------
    paths : iterable of str
        Files, folders, or ``-``.
    max_bytes : int, default=10_000_000
        Largest input accepted per file.
    pattern : str, default="*"
        Glob for files inside folders.
    stdin : binary stream, optional
        What ``-`` reads (default: the process's standard input).

    Returns
    -------
    ReadResult
        Articles in input order (ids made unique with ``#2``, ``#3``... when
        two items share one) and the items that failed.
    """
    result = ReadResult()
    seen: dict[str, int] = {}
    for path_arg in paths:
        for got in _guarded(path_arg, max_bytes=max_bytes, pattern=pattern, stdin=stdin):
            if isinstance(got, ReadFailure):
                result.failures.append(got)
                continue
            article, origin = got
            count = seen.get(article.id, 0) + 1
            seen[article.id] = count
            if count > 1:
                article = dataclasses.replace(article, id=f"{article.id}#{count}")
            result.articles.append(article)
            result.origins[article.id] = origin
    return result
