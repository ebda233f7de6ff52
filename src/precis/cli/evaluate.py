"""``precis eval DATA``: ROUGE of precis on a data set with references."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ..config.settings import SummarizerConfig
from ..errors import InputError
from .output import write_output

__all__ = ["add_parser", "run"]

HELP = """\
Score precis with ROUGE on an evaluation file (JSONL or JSONL.gz; one instance
per line: docs, refs, optional query). The protocol (budget and measure) is
guessed from the file name or given with --protocol. Needs
pip install 'precis[eval]'."""


def add_parser(sub: Any, name: str) -> None:
    """Register the command."""
    from ..evaluation.rouge import PROTOCOLS

    p = sub.add_parser(name, help="ROUGE of precis on a data set with references", description=HELP)
    p.add_argument("data", metavar="DATA")
    p.add_argument("--protocol", choices=sorted(PROTOCOLS), help="budget and measure (default: from the file name)")
    p.add_argument("--method", choices=("tfidf", "embeddings"), default="tfidf", help="representation (default tfidf)")
    p.add_argument("--limit", type=int, help="score only the first N instances")
    p.add_argument("--no-query", action="store_true", help="ignore the instances' queries")
    p.add_argument("--dump", help="write per-instance summaries and scores to this JSONL file")


def run(args: argparse.Namespace) -> int:
    """Execute; returns the exit code."""
    from ..evaluation.rouge import PROTOCOLS, evaluate, guess_protocol, summarizer_system
    from ..summarizer.summarizer import Summarizer

    if not Path(args.data).is_file():  # before guessing a protocol from a name that leads nowhere
        raise InputError(f"{args.data} does not exist; give an evaluation JSONL(.gz) file.", source=args.data)
    protocol = PROTOCOLS[args.protocol] if args.protocol else guess_protocol(args.data)
    if protocol.name == "timeline":
        return _run_timeline(args)
    summarizer = Summarizer(SummarizerConfig(representation=args.method, check_language=False))

    system = summarizer_system(summarizer, use_query=not args.no_query)
    result = evaluate(args.data, system, protocol=protocol, limit=args.limit, progress=True)
    print(f"{args.data}: {protocol.description}; method {args.method}")
    print(result.table(name=f"precis ({args.method})"), end="")
    if result.failed:
        print(f"precis: {result.failed} instance(s) could not be summarized and scored 0", file=sys.stderr)
    if args.dump:
        write_output("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in result.instances), args.dump)
    return 0


def _run_timeline(args: argparse.Namespace) -> int:
    """The Timeline17 protocol: one row per reference timeline, then the mean."""
    from ..evaluation.timelines import evaluate_timelines

    result = evaluate_timelines(args.data, limit=args.limit, progress=True)
    print(f"{args.data}: {PROTOCOL_NOTE}")
    print(result.table(name="precis timeline", per_instance=True), end="")
    if args.dump:
        write_output("".join(json.dumps(i, ensure_ascii=False) + "\n" for i in result.instances), args.dump)
    return 0


PROTOCOL_NOTE = "Timeline17 protocol: the reference's number of dates, 2 sentences per date (F1 scores)"
