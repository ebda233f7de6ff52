"""Words for lexical representations: lower-cased, stop words out, Snowball-stemmed.

PyStemmer (the Snowball English stemmer in C) does the stemming; a per-process
cache keeps each distinct word stemmed once.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ._optional import require

__all__ = ["STOP_WORDS", "stems", "words"]

STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "s", "t", "mr", "mrs", "ms"}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (letters and digits; inner apostrophes kept)."""
    return _WORD.findall(text.lower())


@lru_cache(maxsize=1)
def _stemmer() -> object:
    return require("Stemmer", extra=None, caller="precis.tokens").Stemmer("english")


@lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    return _stemmer().stemWord(word)  # type: ignore[attr-defined, no-any-return]


def stems(text: str) -> list[str]:
    """Stemmed content words of ``text``: the analyzer of the TF-IDF representer."""
    return [_stem(w.replace("’", "'")) for w in words(text) if w not in STOP_WORDS and len(w) > 1]
