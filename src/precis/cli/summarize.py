"""``precis summarize PATH...``: parse options, read, summarize, render."""

from __future__ import annotations

import argparse
import sys
from typing import Any, get_args

from .. import app
from ..app import Order, SummarizeRequest, default
from ..errors import InputError
from .arguments import add_budget_options, add_output_options
from .output import write_output
from .reading import INPUT_HELP, add_reading_options, named, read_inputs, report_failures, report_skipped, request_of

__all__ = ["add_parser", "run"]

HELP = "Summarize one article or many (one story), every sentence cited.\n\n" + INPUT_HELP


def add_parser(sub: Any, name: str) -> None:
    """Register the command."""
    p = sub.add_parser(name, help="summarize articles with citations", description=HELP)
    p.add_argument("paths", nargs="+", metavar="INPUT")
    add_budget_options(p)
    p.add_argument("--outline", action="store_true", help="one key point per section or block, in article order")
    p.add_argument(
        "--embeddings", action="store_true", help="use sentence embeddings (pip install 'precis[embeddings]')"
    )
    p.add_argument("--model", help="embedding model folder (implies --embeddings)")
    p.add_argument("--order", choices=get_args(Order),
                   help=f"order of the items (default {default(SummarizeRequest, 'order')})")  # fmt: skip
    p.add_argument("--no-language-check", action="store_true", help="do not refuse text that does not look English")
    p.add_argument(
        "--verify",
        action="store_true",
        help="check the summary against its sources with `precis check` before writing it; a failure is a bug",
    )
    add_output_options(p)
    add_reading_options(p)


def run(args: argparse.Namespace) -> int:
    """Execute; returns the exit code."""
    from ..rendering.render import render, render_check

    request = request_of(SummarizeRequest, args)
    result = read_inputs(args, args.paths)
    report_failures(result)
    try:
        outcome = app.summarize(request, result.articles)
        if outcome.nothing:
            outcome.require()  # refused: the message names every article and why it was left out
    except InputError as exc:
        raise named(exc, result) from None
    report_skipped(result, outcome.skipped)
    if outcome.verification is not None:
        if outcome.problem is not None:
            sys.stderr.write(render_check(outcome.verification, "text"))
        else:
            n = len(outcome.verification.sentences)
            print(f"precis: verified: {n} sentence(s) supported by their sources, no flags", file=sys.stderr)
    write_output(render(outcome.require(), args.format), args.output)
    return 1 if result.failures else 0
