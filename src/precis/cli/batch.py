"""``precis batch IN OUT --task summarize|check|digest``: parse options, run the batch, report."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any, get_args

from ..app import CheckRequest, DigestRequest, Scorer, default
from ..readers import DEFAULT_MAX_BYTES, FieldMap
from .arguments import add_budget_options, number, positive_int

__all__ = ["add_parser", "run"]

_NOTHING = {"summarize": "summarize", "check": "check", "digest": "brief"}  # "N with nothing to ..."

HELP = """\
Run summarize, check or digest on every record of a large input, resumably.

IN is JSONL (optionally gzipped) or Parquet (a file, or a folder of files).
A record is one article (text, and id, title, outlet, url, author, date) or
one story (docs: a list of articles); a check record has summary and its
sources in docs; a digest record is a pile of articles in docs. OUT is a folder: results in part-NNNNNN.jsonl (or
.parquet) in input order, one row per record with its id and the task's JSON
result, failed records in _errors.jsonl, progress in _manifest.json.

A run that is stopped or killed resumes where it was when the same command
is run again; --restart starts over. See docs/batch.md.

A record with nothing to summarize (no article can be: empty, crawl notices,
login walls) or to brief is not a failure: its row says why and its skipped
names every article left out.

Exit status: 0 all records done; 1 some records failed (see OUT/_errors.jsonl);
2 bad input, output or options."""


def add_parser(sub: Any, name: str) -> None:
    """Register the command."""
    p = sub.add_parser(name, help="summarize, check or digest millions of records, resumably", description=HELP)
    p.add_argument("input", metavar="IN", help="JSONL, JSONL.gz or Parquet input")
    p.add_argument("output", metavar="OUT", help="output folder (created; resumed if it holds this run)")
    p.add_argument(
        "--task", choices=("summarize", "check", "digest"), default="summarize", help="what to do to each record"
    )
    task = p.add_argument_group("task options (as for precis summarize / check / digest)")
    add_budget_options(task)
    task.add_argument("--outline", action="store_true", help="summarize: one key point per section or block")
    task.add_argument("--order", choices=("chronological", "relevance", "document"), help="summarize: item order")
    task.add_argument("--stories", type=positive_int, help="digest: brief only the N largest stories")
    dates = default(DigestRequest, "timeline_dates")
    task.add_argument(
        "--timeline-dates", type=int, metavar="N", help=f"digest: dates per story timeline (default {dates})"
    )
    task.add_argument("--embeddings", action="store_true", help="use sentence embeddings")
    task.add_argument("--model", help="embedding model folder (implies --embeddings)")
    task.add_argument("--no-language-check", action="store_true", help="do not refuse text that does not look English")
    task.add_argument(
        "--scorer",
        choices=get_args(Scorer),
        help=f"check: what scores support (default {default(CheckRequest, 'scorer')}; see precis check --help)",
    )
    task.add_argument(
        "--field", action="append", default=[], metavar="SPEC", help="record field names, e.g. text=body (repeatable)"
    )
    run_group = p.add_argument_group("running")
    run_group.add_argument(
        "--workers", type=positive_int, default=os.cpu_count() or 1, help="worker processes (default: CPU count)"
    )
    run_group.add_argument("--engine", choices=("local", "dask"), default="local", help="local process pool or Dask")
    run_group.add_argument("--scheduler", metavar="ADDR", help="a Dask scheduler, e.g. tcp://10.0.0.5:8786")
    run_group.add_argument("--chunk-size", type=positive_int, default=200, help="records per part (default 200)")
    run_group.add_argument(
        "--record-timeout", type=number, default=120.0, help="seconds one record may take (default 120)"
    )
    run_group.add_argument(
        "--max-record-bytes", type=positive_int, default=DEFAULT_MAX_BYTES, help="largest record (default 10 MB)"
    )
    run_group.add_argument("--output-format", choices=("jsonl", "parquet"), default="jsonl", help="part format")
    run_group.add_argument("--restart", action="store_true", help="delete OUT's earlier run and start over")
    run_group.add_argument("--quiet", action="store_true", help="no progress bar or progress lines")


def run(args: argparse.Namespace) -> int:
    """Execute; returns the exit code."""
    from ..batch import make_engine, make_spec, run_batch
    from ..batch.progress import NoProgress, Progress, format_seconds

    names = ["words", "chars", "sentences", "ratio", "outline", "order", "stories", "timeline_dates"]
    names += ["embeddings", "model", "no_language_check", "scorer"]
    options = {k: getattr(args, k) for k in names}
    spec = make_spec(
        args.task,
        options,
        fields=dict(FieldMap.parse(",".join(args.field)).fields),
        record_timeout=args.record_timeout,
        max_record_bytes=args.max_record_bytes,
    )
    engine = make_engine(args.engine, workers=args.workers, scheduler=args.scheduler)
    try:
        report = run_batch(
            args.input,
            args.output,
            spec=spec,
            engine=engine,
            chunk_size=args.chunk_size,
            output_format=args.output_format,
            restart=args.restart,
            progress=NoProgress() if args.quiet else Progress(),
        )
    except KeyboardInterrupt:
        raise KeyboardInterrupt("interrupted; the finished parts are kept: rerun the same command to resume") from None
    failures = f"; failures in {report.errors}" if report.failed else ""
    had = f" with nothing to {_NOTHING[args.task]}"
    if report.already_complete:
        nothing = f", {report.nothing}{had}" if report.nothing else ""
        print(
            f"precis: batch: {report.output} is already complete ({report.records} records{nothing}, "
            f"{report.failed} failed); nothing to do (--restart runs it again){failures}",
            file=sys.stderr,
        )
    else:
        nothing = f", {report.nothing} of them{had}" if report.nothing else ""
        resumed = f", {report.resumed} of them done by an earlier run" if report.resumed else ""
        print(
            f"precis: batch: done {report.records} records ({report.ok} ok{nothing}, {report.failed} failed{resumed}) "
            f"in {format_seconds(report.seconds)}, {report.rate:.1f} records/s; results in {report.output}{failures}",
            file=sys.stderr,
        )
    return 1 if report.failed else 0
