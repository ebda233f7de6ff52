"""Argument types shared by the commands: clear one-line errors for bad numbers."""

from __future__ import annotations

import argparse
from typing import Any

__all__ = ["add_budget_options", "add_output_options", "byte_count", "number", "positive_int"]


_LARGEST = 10**15  # beyond any sensible count; bigger numbers overflow the C types they reach


def positive_int(text: str) -> int:
    """A whole number (its range is checked by the library, which names the limit; absurd sizes are refused here)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if abs(value) > _LARGEST:
        shown = text if len(text) <= 20 else f"a number of {len(text.strip())} digits"
        raise argparse.ArgumentTypeError(f"{shown} is too large (at most {_LARGEST:,})")
    return value


def byte_count(text: str) -> int:
    """A number of bytes: a whole number of at least 1."""
    value = positive_int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of bytes (a whole number of at least 1)")
    return value


def number(text: str) -> float:
    """Any number."""
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None


def add_budget_options(p: Any, *, of: str = "the input's words") -> None:
    """The mutually exclusive budget options (--words, --chars, --sentences, --ratio) on parser ``p``."""
    budget = p.add_mutually_exclusive_group()
    budget.add_argument("--words", type=positive_int, help="at most N words (default 120)")
    budget.add_argument("--chars", type=positive_int, help="at most N characters")
    budget.add_argument("--sentences", type=positive_int, help="at most N source sentences")
    budget.add_argument("--ratio", type=number, help=f"at most this share of {of}, in (0, 1]")


def add_output_options(p: Any) -> None:
    """--format (text, md, json) and -o/--output on parser ``p``."""
    p.add_argument("--format", choices=("text", "md", "json"), default="text", help="output format (default text)")
    p.add_argument("-o", "--output", help="write here instead of standard output (replaced atomically)")
