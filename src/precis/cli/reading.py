"""Input options shared by every command that reads articles, and the one call that reads them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import Any, TypeVar

from ..app import Request
from ..errors import InputError
from ..readers import DEFAULT_MAX_BYTES, FieldMap, ReadFailure, ReadResult, read_articles
from ..readers.fetching import Fetcher, is_url
from .arguments import byte_count, number

__all__ = [
    "INPUT_HELP",
    "add_reading_options",
    "named",
    "read_inputs",
    "report_failures",
    "report_skipped",
    "report_undated",
    "request_of",
]

R = TypeVar("R", bound=Request)

INPUT_HELP = """\
Each input is a text, HTML, RSS/Atom, JSONL, JSON or CSV file (recognised by
its content), a folder (read recursively), an http(s) URL, or - for standard
input. Records in JSONL/JSON/CSV have the fields text (required), id, title,
outlet, url, author and date; --field maps other names."""


def add_reading_options(p: Any) -> None:
    """Register --field, --follow, --glob, --max-bytes, --timeout and --allow-private on parser ``p``."""
    group = p.add_argument_group("reading input")
    group.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="SPEC",
        help="where records keep precis's fields, e.g. text=body,date=published (repeatable)",
    )
    group.add_argument("--follow", action="store_true", help="for feeds: fetch and read each entry's web page")
    group.add_argument("--glob", default="*", help="file pattern inside folders (default *)")
    group.add_argument(
        "--max-bytes", type=byte_count, default=DEFAULT_MAX_BYTES, help="largest file or page read (default 10 MB)"
    )
    group.add_argument("--timeout", type=number, default=15.0, help="seconds to wait for a web page (default 15)")
    group.add_argument(
        "--allow-private",
        action="store_true",
        help="allow URLs on private, loopback and link-local addresses (refused by default)",
    )


def read_inputs(args: argparse.Namespace, inputs: list[str]) -> ReadResult:
    """Read ``inputs`` with the reading options in ``args``."""
    fields = FieldMap.parse(",".join(args.field))
    fetcher = None
    if args.follow or any(is_url(i) for i in inputs):
        if args.timeout <= 0:
            raise InputError(f"--timeout must be a positive number of seconds. Got {args.timeout} instead.")
        fetcher = Fetcher(timeout=args.timeout, max_bytes=args.max_bytes, allow_private=args.allow_private)
    try:
        return read_articles(
            inputs, max_bytes=args.max_bytes, pattern=args.glob, fields=fields, follow=args.follow, fetcher=fetcher
        )
    finally:
        if fetcher is not None:
            fetcher.close()


def report_failures(result: ReadResult) -> None:
    """Say which inputs were skipped and why; refuse (exit 2) when nothing could be read."""
    if not result.articles and len(result.failures) == 1:
        raise InputError(result.failures[0].reason, source=result.failures[0].source)
    for failure in result.failures:
        reason = failure.reason.removeprefix(f"{failure.source}: ")  # some reasons already name the source
        print(f"precis: skipped {failure.source}: {reason}", file=sys.stderr)
    if not result.articles:
        raise InputError(
            f"None of the {len(result.failures)} inputs could be read; see the messages above."
            if result.failures
            else "No input could be read."
        )


def report_undated(result: ReadResult, ids: Sequence[str], consequence: str) -> None:
    """On stderr: the articles with no publication date (up to 10, named by where they were read) and
    what that costs (``consequence``)."""
    if not ids:
        return
    names = ", ".join(result.origins.get(i, i) for i in ids[:10])
    more = f" and {len(ids) - 10} more" if len(ids) > 10 else ""
    print(f"precis: no publication date for {len(ids)} article(s): {names}{more}; {consequence}", file=sys.stderr)


def request_of(cls: type[R], args: argparse.Namespace) -> R:
    """The request of class ``cls`` from the command's options (an option left out takes the request's default)."""
    return cls.from_options({name: getattr(args, name) for name in cls.flags() if hasattr(args, name)})


def report_skipped(result: ReadResult, skipped: Sequence[InputError]) -> None:
    """On stderr: the articles the task skipped (named by where they were read); they count as failures."""
    for exc in skipped:
        origin = result.origins.get(exc.source or "", exc.source)
        print(f"precis: skipped {origin}: {exc}", file=sys.stderr)
    result.failures.extend(ReadFailure(str(e.source), str(e)) for e in skipped)


def named(exc: InputError, result: ReadResult) -> InputError:
    """``exc`` naming the input its article was read from (``dir/a.txt: ...``), when that is not its id."""
    origin = result.origins.get(exc.source or "")
    if origin and origin != exc.source:
        return InputError(f"{origin}: {exc}", source=origin)
    return exc
