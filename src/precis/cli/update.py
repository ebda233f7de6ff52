"""``precis update NEW... --seen OLD...``: parse options, read both piles, summarize what is new, render."""

from __future__ import annotations

import argparse
from typing import Any

from .. import app
from ..app import UpdateRequest
from .arguments import add_budget_options, add_output_options
from .output import write_output
from .reading import INPUT_HELP, add_reading_options, read_inputs, report_failures, request_of

__all__ = ["add_parser", "run"]

HELP = (
    "Summarize what NEW articles add to the OLD ones the reader has already seen: only facts the old "
    "articles do not carry, every sentence cited to a new article. Write the seen articles after --seen, "
    "and the new ones before it (or after '--'): precis update new/*.html --seen old/*.html\n\n" + INPUT_HELP
)


def add_parser(sub: Any, name: str) -> None:
    """Register the command."""
    p = sub.add_parser(name, help="summarize what new articles add to seen ones", description=HELP)
    p.add_argument("paths", nargs="+", metavar="NEW")
    p.add_argument("--seen", nargs="+", required=True, metavar="OLD", help="articles the reader has already seen")
    add_budget_options(p, of="the new articles' words")
    p.add_argument("--query", help="what the reader wants to know; sentences close to it score higher")
    p.add_argument("--no-language-check", action="store_true", help="do not refuse text that does not look English")
    add_output_options(p)
    add_reading_options(p)


def run(args: argparse.Namespace) -> int:
    """Execute; returns the exit code."""
    from ..rendering.render import render

    request = request_of(UpdateRequest, args)
    seen = read_inputs(args, args.seen)
    new = read_inputs(args, args.paths)
    report_failures(seen)  # raises when none of the --seen inputs could be read
    report_failures(new)
    summary = app.update(request, new.articles, seen.articles).require()
    write_output(render(summary, args.format), args.output)
    return 1 if (seen.failures or new.failures) else 0
