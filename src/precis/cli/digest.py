"""``precis digest INPUT...``: parse options, read, group into stories, brief each, render."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from .. import app
from ..app import DigestRequest, default
from ..model import Digest
from ..readers import ReadResult
from .arguments import add_output_options, positive_int
from .output import write_output
from .reading import INPUT_HELP, add_reading_options, read_inputs, report_failures, report_undated, request_of

__all__ = ["add_parser", "run"]

HELP = (
    "Group a mixed pile of articles into stories and brief each one: a title, a cited summary that says "
    "each fact once (with how many outlets carry it, and any outlet that gives another figure), the outlets "
    "covering it, copies of one report marked 'also carried by', and a brief timeline. Larger and more "
    "recent stories come first. Articles that cannot be used are listed with the reason.\n\n" + INPUT_HELP
)


def add_parser(sub: Any, name: str) -> None:
    """Register the command."""
    p = sub.add_parser(name, help="story briefings of a mixed pile of articles", description=HELP)
    p.add_argument("paths", nargs="+", metavar="INPUT")
    words, dates = default(DigestRequest, "words"), default(DigestRequest, "timeline_dates")
    p.add_argument("--words", type=positive_int, help=f"words per story summary (default {words})")
    p.add_argument("--stories", type=positive_int, help="brief only the N largest stories (default: all)")
    p.add_argument("--timeline-dates", type=int, metavar="N",
                   help=f"at most N dates in each story's timeline; 0 for none (default {dates})")  # fmt: skip
    p.add_argument(
        "--embeddings", action="store_true", help="use sentence embeddings (pip install 'precis[embeddings]')"
    )
    p.add_argument("--no-language-check", action="store_true",
                   help="do not set apart articles that do not look English")  # fmt: skip
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar on standard error (default: when it is a terminal)")  # fmt: skip
    add_output_options(p)
    add_reading_options(p)


def run(args: argparse.Namespace) -> int:
    """Execute; returns the exit code."""
    from ..rendering.render import render_digest

    request = request_of(DigestRequest, args)
    result = read_inputs(args, args.paths)
    report_failures(result)
    renamed = [a.id for a in result.articles if "#" in a.id and a.id.rsplit("#", 1)[0] in result.origins]
    if renamed:
        print(f"precis: {len(renamed)} article(s) repeated an id already read; they were renamed "
              f"{', '.join(renamed[:5])}{' ...' if len(renamed) > 5 else ''}", file=sys.stderr)  # fmt: skip
    show = sys.stderr.isatty() if args.progress is None else args.progress
    with _Progress(enabled=show, n_articles=len(result.articles)) as progress:
        outcome = app.digest(request, result.articles, progress=progress)
    _notes(result, outcome.result)
    write_output(render_digest(outcome.require(), args.format), args.output)
    return 1 if result.failures else 0


def _notes(result: ReadResult, digest: Digest) -> None:
    """On stderr: the undated articles and the articles set apart, named by where they were read."""
    apart = [p for p in digest.placements if p.role == "set apart"]
    undated = [a.id for a, p in zip(result.articles, digest.placements, strict=True)
               if a.published is None and p.role != "set apart"]  # fmt: skip
    report_undated(result, undated, "they are grouped and summarized, but their relative dates (on Monday) "
                   "were not used in timelines")  # fmt: skip
    for placement in apart[:10]:
        origin = result.origins.get(placement.id, placement.id)
        print(f"precis: set apart {origin}: {placement.reason}", file=sys.stderr)
    if len(apart) > 10:
        print(f"precis: ... and {len(apart) - 10} more set apart (see the digest's 'placements')", file=sys.stderr)


class _Progress:
    """A tqdm bar over the stories briefed (grouping first says what it is doing); silent when disabled."""

    def __init__(self, *, enabled: bool, n_articles: int) -> None:
        self.enabled = enabled
        self.n_articles = n_articles
        self._bar: Any = None

    def __enter__(self) -> _Progress:
        if self.enabled:
            print(f"precis: grouping {self.n_articles} articles into stories ...", file=sys.stderr, flush=True)
        return self

    def __call__(self, done: int, total: int) -> None:
        if not self.enabled:
            return
        if self._bar is None:
            from tqdm import tqdm

            self._bar = tqdm(total=total, desc="briefing stories", unit="story", file=sys.stderr, leave=False)
        self._bar.update(done - self._bar.n)

    def __exit__(self, *exc: object) -> None:
        if self._bar is not None:
            self._bar.close()
