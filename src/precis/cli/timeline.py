"""``precis timeline INPUT...``: parse options, read, build the timeline, render."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..analysis.language import partition_articles
from ..errors import InputError
from ..readers import ReadFailure
from .arguments import add_output_options, positive_int
from .output import write_output
from .reading import INPUT_HELP, add_reading_options, read_inputs, report_failures, report_undated

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
    p.add_argument("--per-date", type=positive_int, default=2, help="sentences per date (default 2)")
    p.add_argument("--query", help="topic words; on-topic sentences are favoured")
    add_output_options(p)
    add_reading_options(p)


def run(args: argparse.Namespace) -> int:
    """Execute; returns the exit code."""
    from ..rendering.render import render_timeline
    from ..stories.timeline import build_timeline

    result = read_inputs(args, args.paths)
    report_failures(result)
    articles, unusable = partition_articles(result.articles, check_language=False)
    for exc in unusable:
        origin = result.origins.get(exc.source or "", exc.source)
        print(f"precis: skipped {origin}: {exc}", file=sys.stderr)
    result.failures.extend(ReadFailure(str(e.source), str(e)) for e in unusable)
    if not articles:
        raise InputError("None of the inputs has usable text; see the messages above.")
    timeline = build_timeline(articles, dates=args.dates, per_date=args.per_date, query=args.query)
    report_undated(result, timeline.undated, "their relative dates (on Monday, yesterday) were not used")
    if not timeline.entries:
        raise InputError(
            f"No timeline: {timeline.reason} Give articles that name dates (January 10, 2022) "
            "or that carry a publication date (a date field in JSONL/CSV, a dated page or feed)."
        )
    write_output(render_timeline(timeline, args.format), args.output)
    return 1 if result.failures else 0
