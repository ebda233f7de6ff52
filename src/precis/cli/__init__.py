"""The ``precis`` command: parses arguments, calls the library, maps errors to exit codes.

Exit codes (one table, :data:`EXIT_CODES`): 0 success; 1 some inputs failed
but a result was produced, or ``check --fail-on`` found the summary
failing; 2 bad input, bad options, a missing extra, or a failure of the
machine (a full disk, a closed stream, memory exhausted; the message says
what to do); 70 an internal error (a bug: set ``PRECIS_DEBUG=1`` for the
traceback); 130 interrupted.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
import warnings
from collections.abc import Sequence
from typing import Any

from .._version import __version__
from ..errors import ConfigError, InputError, InputWarning, MissingDependencyError, PrecisError, VerificationError
from . import batch as batch_cmd
from . import check as check_cmd
from . import digest as digest_cmd
from . import evaluate as evaluate_cmd
from . import serve as serve_cmd
from . import summarize as summarize_cmd
from . import timeline as timeline_cmd
from . import track as track_cmd
from . import update as update_cmd
from .output import check_output

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


def _inputs(args: argparse.Namespace) -> list[str]:
    """Every input path a command was given (an output must not be one of them)."""
    found: list[str] = []
    for name in ("paths", "summary", "source", "seen", "data"):
        value = getattr(args, name, None)
        found.extend([value] if isinstance(value, str) else list(value or []))
    return found


def _environment(exc: BaseException) -> str:
    """One line for a failure of the machine or its limits (a full disk, a closed stream, memory)."""
    if isinstance(exc, MemoryError):
        return "precis ran out of memory; give fewer or smaller inputs (or --max-bytes to refuse large ones)."
    if isinstance(exc, RecursionError):
        return "an input nests too deeply to be processed; give plainer input."
    assert isinstance(exc, OSError)
    where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
    return f"the system refused an operation{where}: {exc.strerror or exc}."


def _say(line: str) -> None:
    """Write one line to stderr, if stderr is still there to write to."""
    try:
        print(line, file=sys.stderr)
    except (OSError, ValueError, AttributeError):
        pass


def _show_warning(message: Warning | str, category: type[Warning], *args: Any, **kwargs: Any) -> None:
    """precis's own warnings (an article read undated...) as one line; others as Python prints them."""
    if issubclass(category, InputWarning):
        _say(f"precis: warning: {message}")
    else:
        _SHOW_WARNING(message, category, *args, **kwargs)


_SHOW_WARNING = warnings.showwarning


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    with warnings.catch_warnings():
        warnings.simplefilter("always", InputWarning)  # one per input already: never deduplicated away
        warnings.showwarning = _show_warning
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    # the program's own process (the library changes no environment): no model-loading bars in its output
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return 2
    try:
        if args.command != "batch" and getattr(args, "output", None):  # batch's OUT is a folder, checked by batch
            check_output(args.output, _inputs(args))
        return int(_COMMANDS[args.command].run(args))
    except (PrecisError, KeyboardInterrupt) as exc:
        code = _exit_code(exc)
        message = str(exc) or "interrupted"
        _say(f"precis: error: {message}")
        return code
    except (OSError, MemoryError, RecursionError) as exc:  # the machine, not precis: one line, exit 2
        _say(f"precis: error: {_environment(exc)}")
        return 2
    except Exception as exc:  # a bug: say so without a traceback unless asked
        if os.environ.get("PRECIS_DEBUG"):
            traceback.print_exc()
        print(
            f"precis: internal error: {type(exc).__name__}: {exc}. This is a bug in precis; "
            "rerun with PRECIS_DEBUG=1 for the traceback and report it.",
            file=sys.stderr,
        )
        return INTERNAL_ERROR
