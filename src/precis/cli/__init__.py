"""The ``precis`` command: parses arguments, calls the library, maps errors to exit codes.

Exit codes (one table, :data:`EXIT_CODES`): 0 success; 1 some inputs failed
but a result was produced, or ``check --fail-on`` found the summary
failing; 2 bad input, bad options or a missing extra (the
message says what to do); 70 an internal error (a bug: set ``PRECIS_DEBUG=1``
for the traceback); 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from collections.abc import Sequence

from .._version import __version__
from ..errors import ConfigError, InputError, MissingDependencyError, PrecisError, VerificationError
from . import batch as batch_cmd
from . import check as check_cmd
from . import digest as digest_cmd
from . import evaluate as evaluate_cmd
from . import serve as serve_cmd
from . import summarize as summarize_cmd
from . import timeline as timeline_cmd
from . import track as track_cmd
from . import update as update_cmd

__all__ = ["EXIT_CODES", "main"]

EXIT_CODES: dict[type[BaseException], int] = {
    InputError: 2,
    ConfigError: 2,
    MissingDependencyError: 2,
    VerificationError: 70,
    PrecisError: 2,
    KeyboardInterrupt: 130,
}
INTERNAL_ERROR = 70
_COMMANDS = {
    "summarize": summarize_cmd,
    "check": check_cmd,
    "digest": digest_cmd,
    "timeline": timeline_cmd,
    "update": update_cmd,
    "eval": evaluate_cmd,
    "serve": serve_cmd,
    "batch": batch_cmd,
    "track": track_cmd,
}


class _Parser(argparse.ArgumentParser):
    """argparse that reports usage errors as precis does: one line, exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"precis: error: {message} (see '{self.prog} --help')\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = _Parser(prog="precis", description="Faithful, cited summaries of news articles.")
    parser.add_argument("--version", action="version", version=f"precis {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module in _COMMANDS.items():
        module.add_parser(sub, name)
    return parser


def _exit_code(exc: BaseException) -> int:
    for cls in type(exc).__mro__:
        if cls in EXIT_CODES:
            return EXIT_CODES[cls]
    return INTERNAL_ERROR


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(_COMMANDS[args.command].run(args))
    except (PrecisError, KeyboardInterrupt) as exc:
        code = _exit_code(exc)
        message = str(exc) or "interrupted"
        print(f"precis: error: {message}", file=sys.stderr)
        return code
    except Exception as exc:  # a bug: say so without a traceback unless asked
        if os.environ.get("PRECIS_DEBUG"):
            traceback.print_exc()
        print(
            f"precis: internal error: {type(exc).__name__}: {exc}. This is a bug in precis; "
            "rerun with PRECIS_DEBUG=1 for the traceback and report it.",
            file=sys.stderr,
        )
        return INTERNAL_ERROR
