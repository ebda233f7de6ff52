"""Argument types shared by the commands: clear one-line errors for bad numbers."""

from __future__ import annotations

import argparse

__all__ = ["number", "positive_int"]


def positive_int(text: str) -> int:
    """A whole number (its range is checked by the library, which names the limit)."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None


def number(text: str) -> float:
    """Any number."""
    try:
        return float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
