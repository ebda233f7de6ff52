"""``precis summarize PATH...``: parse options, read, summarize, render."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from ..analysis.language import partition_articles
from ..config.settings import SummarizerConfig
from ..errors import InputError, VerificationError
from ..model import Summary
from ..readers import ReadFailure
from .arguments import add_budget_options, add_output_options
from .output import write_output
from .reading import INPUT_HELP, add_reading_options, read_inputs, report_failures

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
    p.add_argument("--order", choices=("chronological", "relevance", "document"), default="chronological")
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
    from ..rendering.render import render
    from ..summarizer.summarizer import Summarizer

    config = SummarizerConfig(
        representation="embeddings" if (args.embeddings or args.model) else "tfidf",
        model=args.model,
        order=args.order,
        check_language=not args.no_language_check,
    )
    result = read_inputs(args, args.paths)
    report_failures(result)
    articles, unusable = partition_articles(result.articles, check_language=config.check_language)
    if unusable and articles:  # one unusable article among good ones: report it, go on
        for exc in unusable:
            origin = result.origins.get(exc.source or "", exc.source)
            print(f"precis: skipped {origin}: {exc}", file=sys.stderr)
        result.failures.extend(ReadFailure(str(e.source), str(e)) for e in unusable)
    else:
        articles = result.articles
    try:
        summary = Summarizer(config).summarize(
            articles,
            words=args.words,
            chars=args.chars,
            sentences=args.sentences,
            ratio=args.ratio,
            outline=args.outline,
        )
    except InputError as exc:
        origin = result.origins.get(exc.source or "")
        if origin and origin != exc.source:
            raise InputError(f"{origin}: {exc}", source=origin) from None
        raise
    if args.verify:
        _verify(summary)
    write_output(render(summary, args.format), args.output)
    return 1 if result.failures else 0


def _verify(summary: Summary) -> None:
    """Run the checker on precis's own summary; any flag or unsupported sentence is a bug."""
    from ..checking import Checker
    from ..config.settings import CheckerConfig
    from ..rendering.render import render_check

    if not summary.items:
        return
    report = Checker(CheckerConfig(check_language=False)).check(summary)
    if report.verdict != "supported" or report.flagged:
        sys.stderr.write(render_check(report, "text"))
        raise VerificationError(
            "The checker flagged precis's own extractive summary (report above). This is a bug in precis; "
            "please report it with the input."
        )
    n = len(report.sentences)
    print(f"precis: verified: {n} sentence(s) supported by their sources, no flags", file=sys.stderr)
