"""Negation: does a summary sentence say the opposite of its best evidence?

A sentence's polarity is the parity of its negation cues (``not``, ``n't``,
``no``, ``never``, ``none``, ``nobody``, ``nothing``, ``neither``, ``nor``,
``without``, ``cannot``). When the sentence and its closest source sentence
share most of their content (the caller decides how close is close) but their
polarities differ, one of them negates what the other asserts.
"""

from __future__ import annotations

import re

from ..model import Flag

__all__ = ["negation_cues", "polarity_flag"]

_CUE = re.compile(
    r"\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot)\b|n['’]t\b",
    re.IGNORECASE,
)


def negation_cues(text: str) -> list[tuple[int, int]]:
    """Character spans of the negation cues in ``text``."""
    return [m.span() for m in _CUE.finditer(text)]


def polarity_flag(text: str, evidence: str) -> Flag | None:
    """A ``negation`` flag when ``text`` and ``evidence`` differ in polarity, else ``None``.

    The flag marks the sentence's last negation cue, or the whole sentence
    when the sentence has none (the evidence negates, the sentence asserts).

    Examples
    --------
    >>> polarity_flag("The talks did not end.", "The talks ended.").message
    'says "not" where the closest source sentence has no negation'
    >>> polarity_flag("The talks ended.", "The talks ended.") is None
    True
    """
    own, other = negation_cues(text), negation_cues(evidence)
    if len(own) % 2 == len(other) % 2:
        return None
    if own:
        start, end = own[-1]
        message = f'says "{text[start:end]}" where the closest source sentence has no negation'
        return Flag("negation", start, end, message)
    cue = evidence[other[-1][0] : other[-1][1]]
    return Flag("negation", 0, len(text), f'asserts what the closest source sentence negates ("{cue}")')
