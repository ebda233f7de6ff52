"""``precis timeline INPUT...``: parse options, read, build the timeline, render."""

from __future__ import annotations

import argparse
from typing import Any

from .. import app
from ..app import TimelineRequest, default
from ..errors import InputError
from .arguments import add_output_options, positive_int
from .output import write_output
from .reading import (
    INPUT_HELP,
    add_reading_options,
    named,
    read_inputs,
    report_failures,
    report_skipped,
    report_undated,
    request_of,
)

__all__ = ["add_parser", "run"]

HELP = (
    "A timeline of the events many articles report: the most mentioned dates, each with its most central "
    "sentences, every sentence cited. Relative dates (on Monday, yesterday) are resolved against each "
    "article's publication date.\n\n" + INPUT_HELP
)


def add_parser(sub: Any, name: str) -> None:
    """Register the command."""
    p = sub.add_parser(name, help="dated timeline of events with citations", description=HELP)
    p.add_argument("paths", nargs="+", metavar="INPUT")
    p.add_argument("--dates", type=positive_int, help="number of dates (default: chosen from the input)")
    per_date = default(TimelineRequest, "per_date")
    p.add_argument("--per-date", type=positive_int, help=f"sentences per date (default {per_date})")
    p.add_argument("--query", help="topic words; on-topic sentences are favoured")
    add_output_options(p)
    add_reading_options(p)


def run(args: argparse.Namespace) -> int:
    """Execute; returns the exit code."""
    from ..rendering.render import render_timeline

    request = request_of(TimelineRequest, args)
    result = read_inputs(args, args.paths)
    report_failures(result)
    try:
        outcome = app.timeline(request, result.articles)
    except InputError as exc:
        raise named(exc, result) from None
    report_skipped(result, outcome.skipped)
    report_undated(result, outcome.result.undated, "their relative dates (on Monday, yesterday) were not used")
    write_output(render_timeline(outcome.require(), args.format), args.output)
    return 1 if result.failures else 0
