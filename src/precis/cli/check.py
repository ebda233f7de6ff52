"""``precis check SUMMARY --source PATH...``: parse options, read, check, render."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any, get_args

from .. import app
from ..app import CheckRequest, FailOn, Scorer, default
from ..errors import InputError
from ..model import SCHEMA, Summary
from ..readers import read_text
from .arguments import add_output_options
from .output import write_output
from .reading import add_reading_options, read_inputs, request_of

__all__ = ["add_parser", "run"]

HELP = """\
Audit a summary sentence by sentence against its sources: a verdict and a
support score per sentence, the source spans that support it, and flags for
invented names, attributions, numbers and quotations, negation flips,
repetition and garbled text. SUMMARY is a text file (or - for standard input)
or a precis JSON summary (then --source defaults to the articles it cites),
or what `precis summarize` printed as text or Markdown (its citation markers
and Sources block are not checked). Evidence is shown as the quoted source
sentence and its outlet (character offsets in --format json); tokenization
debris is one note for the whole summary.
Sources are read like `precis summarize` reads its input (files, folders,
feeds, corpora, URLs).

Exit status: 0 when the check passes; 1 when --fail-on is given and the
summary fails it; 2 for bad input."""


def add_parser(sub: Any, name: str) -> None:
    """Register the command."""
    p = sub.add_parser(name, help="audit a summary against its sources", description=HELP)
    p.add_argument("summary", metavar="SUMMARY")
    p.add_argument(
        "--source",
        "-s",
        nargs="+",
        action="extend",
        default=[],
        metavar="INPUT",
        help="the articles summarized (repeatable: every --source adds to the list)",
    )
    p.add_argument(
        "--fail-on",
        choices=get_args(FailOn),
        help="exit 1 if a sentence is unsupported or contradicted (unsupported), or on any flag too (any)",
    )
    p.add_argument("--embeddings", action="store_true", help="find evidence with sentence embeddings")
    p.add_argument("--model", help="embedding model folder (implies --embeddings)")
    p.add_argument(
        "--scorer",
        choices=get_args(Scorer),
        help=f"what scores support: the word-overlap rules (rules), those blended with the consistency model "
        f"of precis[model] (model), or the model when it is installed (auto); flags are raised either way "
        f"(default {default(CheckRequest, 'scorer')})",
    )
    p.add_argument("--no-language-check", action="store_true", help="do not refuse text that does not look English")
    add_output_options(p)
    add_reading_options(p)


def _summary(text: str) -> str | Summary:
    """A precis JSON summary when ``text`` is one, else the text itself."""
    if text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            return text
        if isinstance(data, dict) and data.get("schema") == SCHEMA:
            return Summary.from_dict(data)
    return text


def run(args: argparse.Namespace) -> int:
    """Execute; returns the exit code."""
    from ..rendering.render import render_check

    request = request_of(CheckRequest, args)
    if args.summary == "-" and "-" in args.source:
        raise InputError("The summary and a source cannot both be standard input ('-'); give files.")
    summary = _summary(read_text(args.summary, max_bytes=args.max_bytes))
    sources = None
    if args.source:
        result = read_inputs(args, args.source)
        if result.failures:  # a check against part of its sources would mislead: refuse
            for failure in result.failures[1:]:
                print(f"precis: error: {failure.reason}", file=sys.stderr)
            raise InputError(result.failures[0].reason, source=result.failures[0].source)
        sources = result.articles
    elif not isinstance(summary, Summary):
        raise InputError("No sources given; pass the articles the summary claims to summarize with --source PATH...")
    outcome = app.check(request, summary, sources)
    write_output(render_check(outcome.require(), args.format), args.output)
    return 1 if outcome.fails else 0
