"""Words for lexical representations: lower-cased, stop words out, Snowball-stemmed.

PyStemmer (the Snowball English stemmer in C) does the stemming. A
per-process table maps each distinct word to its term once (its stem, or
nothing for a stop word or a one-character word), so that after the first
articles a text's terms are one regex pass and dictionary look-ups, with no
Python code run per word.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from itertools import chain

import numpy as np
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from ._optional import require

__all__ = ["STOP_WORDS", "stems", "term_rows", "words"]

STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {"said", "says", "s", "t", "mr", "mrs", "ms"}
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
# the same tokens on lower-cased ASCII text, about three times faster (no Unicode look-ups)
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")

# word -> its term ("" for no term); replaced when full, so memory stays bounded
_TERMS: dict[str, str] = {}
_MAX_TERMS = 200_000
_BLOCK = 2048  # texts tokenized at a time


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (letters and digits; inner apostrophes kept)."""
    lowered = text.lower()
    return (_ASCII_WORD if lowered.isascii() else _WORD).findall(lowered)


@lru_cache(maxsize=1)
def _stemmer() -> object:
    # no cache of its own (maxCacheSize=0): _TERMS is the cache, and PyStemmer's tripled the cost of a new word
    return require("Stemmer", extra=None, caller="precis.tokens").Stemmer("english", 0)


def _new_terms(new: set[str]) -> dict[str, str]:
    """The terms of words not seen before, stemmed in one call."""
    content = [w for w in new if w not in STOP_WORDS and len(w) > 1]
    stemmed = _stemmer().stemWords([w.replace("’", "'") for w in content])  # type: ignore[attr-defined]
    out = dict.fromkeys(new, "")
    out.update(zip(content, stemmed, strict=True))
    return out


def _terms_of(tokens: list[str]) -> list[str]:
    """The term of each token, ``""`` where a token is no term."""
    global _TERMS
    table = _TERMS  # a full table is replaced, not cleared, so this one stays whole while in use
    new = set(tokens).difference(table)
    if new:
        if len(table) + len(new) > _MAX_TERMS:
            table = _TERMS = {}
            new = set(tokens)
        table.update(_new_terms(new))
    return list(map(table.__getitem__, tokens))


def stems(text: str) -> list[str]:
    """Stemmed content words of ``text``, in order: the terms of the TF-IDF representer.

    Examples
    --------
    >>> stems("The negotiators were negotiating in Geneva")
    ['negoti', 'negoti', 'geneva']
    """
    return list(filter(None, _terms_of(words(text))))


def term_rows(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The terms of all ``texts`` in order, as :func:`stems` gives them, and the text of each.

    One flat list rather than one list per text, so that callers can count
    terms with numpy; ``rows[k]`` is the position in ``texts`` of term ``k``.
    Texts are tokenized a block at a time, so that the word strings of a
    large input are never all held at once (terms are shared strings).
    """
    terms: list[str] = []
    rows: list[np.ndarray] = []
    for lo in range(0, len(texts), _BLOCK):
        lowered = list(map(str.lower, texts[lo : lo + _BLOCK]))
        if all(map(str.isascii, lowered)):  # the usual case: no Python call per text
            per_text = list(map(_ASCII_WORD.findall, lowered))
        else:
            per_text = [(_ASCII_WORD if t.isascii() else _WORD).findall(t) for t in lowered]
        block = _terms_of(list(chain.from_iterable(per_text)))
        lengths = np.fromiter(map(len, per_text), dtype=np.intp, count=len(per_text))
        keep = np.fromiter(map(bool, block), dtype=bool, count=len(block))
        terms += filter(None, block)
        rows.append(np.repeat(np.arange(lo, lo + len(per_text), dtype=np.int32), lengths)[keep])
    return terms, np.concatenate(rows) if rows else np.zeros(0, dtype=np.int32)
