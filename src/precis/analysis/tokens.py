"""Words for lexical representations: lower-cased, stop words (:mod:`precis.lexicon.stopwords`) out, Snowball-stemmed.

PyStemmer (the Snowball English stemmer in C) does the stemming. A
per-process table maps each distinct word to the id of its term once (its
stem, or no term for a stop word or a one-character word), so that after the
first articles a text's terms are a few passes in C and one dictionary
look-up per word, with no Python code run per word.

ASCII text, the usual case, is not run through a regex: upper case is folded
and every byte that is not a letter, a digit or an apostrophe becomes a space
in one ``bytes.translate``, and the words are what ``split`` leaves once the
apostrophes that do not sit between two letters or digits are gone. The words
are the same as those of the regex (bytes rather than str).

Invisible format characters (soft hyphens, zero-width spaces and joiners,
word joiners, byte order marks) are not word breaks: ``Cus\u00adtomers`` is
one word. The readers remove them from what they read; texts made some other
way lose them here, on the non-ASCII path, before words are cut.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from functools import lru_cache
from itertools import repeat
from typing import NamedTuple

import numpy as np

from .._optional import require
from ..lexicon.stopwords import STOP_WORDS

__all__ = ["INVISIBLE", "STOP_WORDS", "TermIds", "stems", "term_ids", "term_rows", "words"]

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"  # shown as nothing, and inside a word no break
_DROP_INVISIBLE = dict.fromkeys(map(ord, INVISIBLE))
# the same tokens on lower-cased ASCII text, about three times faster (no Unicode look-ups)
_ASCII_WORD = re.compile(r"[a-z0-9]+(?:'[a-z0-9]+)*")
# ASCII byte -> itself for a-z, 0-9 and the apostrophe, lower case for A-Z, a space for all else
_FOLD = bytes(c + 32 if 65 <= c <= 90 else c if 97 <= c <= 122 or 48 <= c <= 57 or c == 39 else 32 for c in range(256))
# the same, but NUL is kept: it joins texts (when no text has one) and becomes _SEP
_FOLD_KEEP_NUL = b"\x00" + _FOLD[1:]
# the token between two texts' words: no word is NUL, since NUL folds to a space
_SEP = b"\x00"
_NO_TERM = -1
_NEXT_TEXT = -2
_UNKNOWN = -3  # a word not in the vocabulary yet
_MAX_WORDS = 200_000
_BLOCK = 2048  # texts tokenized at a time, so that the words of a large input are never all held at once


# A term's sort key: its first 16 UTF-8 bytes, zero-padded. UTF-8 byte order is code point order, so
# sorting terms by key sorts them as str does, except for terms that share their first 16 bytes.
_KEY = np.dtype("S16")


class _Vocabulary:
    """Word -> term id (``_NO_TERM`` for none), id -> term and id -> sort key; replaced when full.

    Replaced rather than cleared, so memory stays bounded and a caller that
    still holds the old one keeps a whole one. ``keys[:keyed]`` are the sort
    keys of the first terms (the array has room to grow); the keys of newer
    terms are made in one go when :meth:`sort_keys` is asked for them (so
    :func:`stems`, which never needs them, never pays for them).
    """

    __slots__ = ("ids", "keyed", "keys", "term_ids", "terms")

    def __init__(self) -> None:
        self.ids: dict[bytes | str, int] = {_SEP: _NEXT_TEXT}
        self.terms: list[str] = []
        self.term_ids: dict[str, int] = {}
        self.keys = np.empty(4096, dtype=_KEY)
        self.keyed = 0

    def append(self, fresh: list[str]) -> None:
        """Give the ``fresh`` terms the next ids (with ``_LEARNING`` held)."""
        start = len(self.terms)
        self.terms += fresh
        self.term_ids.update(zip(fresh, range(start, start + len(fresh)), strict=True))

    def sort_keys(self) -> np.ndarray:
        """The sort keys of every term so far (index them by term id)."""
        if self.keyed < len(self.terms):
            with _LEARNING:
                start, stop = self.keyed, len(self.terms)
                if stop > len(self.keys):
                    keys = np.empty(max(stop, 2 * len(self.keys)), dtype=_KEY)
                    keys[:start] = self.keys[:start]
                    self.keys = keys
                fresh = self.terms[start:stop]
                if "".join(fresh).isascii():  # numpy encodes and cuts ASCII text itself
                    self.keys[start:stop] = np.array(fresh, dtype=_KEY)
                else:
                    encoded = b"".join([t.encode("utf-8", "surrogatepass")[:16].ljust(16, b"\0") for t in fresh])
                    self.keys[start:stop] = np.frombuffer(encoded, dtype=_KEY)
                self.keyed = stop
        return self.keys


class TermIds(NamedTuple):
    """The terms of some texts as ids: see :func:`term_ids`."""

    ids: np.ndarray  # the id of each term, text after text
    rows: np.ndarray  # the position of each term's text (int32)
    terms: list[str]  # the term of each id
    keys: np.ndarray  # the sort key of each id (the first 16 UTF-8 bytes of its term)


_VOCAB = _Vocabulary()
_LEARNING = threading.Lock()  # new words get their ids one thread at a time


def words(text: str) -> list[str]:
    """Lower-cased word tokens of ``text`` (letters and digits; inner apostrophes kept)."""
    lowered = text.lower()
    return _ASCII_WORD.findall(lowered) if lowered.isascii() else _WORD.findall(lowered.translate(_DROP_INVISIBLE))


def _ascii_words(folded: bytes) -> list[bytes]:
    """``_ASCII_WORD.findall`` of ASCII text passed through ``_FOLD``, as bytes."""
    if b"'" in folded:
        # an apostrophe is part of a word only between two letters or digits: drop runs of
        # two or more, then those next to a space (the text is padded so that its ends count)
        folded = b" " + folded.replace(b"''", b" ") + b" "
        folded = folded.replace(b" '", b" ").replace(b"' ", b" ")
    return folded.split()


def _tokens(texts: Sequence[str]) -> Sequence[bytes | str]:
    """The words of ``texts`` in order, with ``_SEP`` between one text's words and the next's."""
    joined = " \x00 ".join(texts)
    if joined.isascii() and joined.count("\x00") == len(texts) - 1:  # the usual case: one pass over all texts
        return _ascii_words(joined.encode().translate(_FOLD_KEEP_NUL))
    out: list[bytes | str] = []
    for text in texts:
        out += (
            _ascii_words(text.encode().translate(_FOLD))
            if text.isascii()
            else _WORD.findall(text.lower().translate(_DROP_INVISIBLE))
        )
        out.append(_SEP)
    return out


@lru_cache(maxsize=1)
def _stemmer() -> object:
    # no cache of its own (maxCacheSize=0): the vocabulary is the cache, and PyStemmer's tripled the cost of a new word
    return require("Stemmer", extra=None, caller="precis.analysis.tokens").Stemmer("english", 0)


def _learn(seen: _Vocabulary, unknown: list[bytes | str], tokens: Sequence[bytes | str]) -> _Vocabulary:
    """The vocabulary with every word of ``tokens`` in it, given that ``seen`` lacked only ``unknown``.

    That is ``seen`` with ``unknown`` added, unless ``seen`` was replaced by
    then (a new vocabulary has none of the words) or is full: then the new
    vocabulary, with all of ``tokens`` added.
    """
    global _VOCAB
    with _LEARNING:
        vocab = _VOCAB
        new = set(unknown if vocab is seen else tokens).difference(vocab.ids)
        if len(vocab.ids) + len(new) > _MAX_WORDS:  # replaced, not cleared: a caller may still hold the old one
            vocab = _VOCAB = _Vocabulary()
            new = set(tokens).difference(vocab.ids)
        _add(vocab, list(new))
        return vocab


def _add(vocab: _Vocabulary, new: list[bytes | str]) -> None:
    """Give each of the ``new`` words its term id (``_NO_TERM`` for none), stemming them in one call."""
    texts = [w.decode() if isinstance(w, bytes) else w for w in new]
    content = [k for k, text in enumerate(texts) if text not in STOP_WORDS and len(text) > 1]
    stemmed = _stemmer().stemWords([texts[k].replace("’", "'") for k in content])  # type: ignore[attr-defined]
    vocab.append([term for term in dict.fromkeys(stemmed) if term not in vocab.term_ids])
    ids = dict.fromkeys(new, _NO_TERM)
    ids.update(zip([new[k] for k in content], map(vocab.term_ids.__getitem__, stemmed), strict=True))
    vocab.ids.update(ids)


def term_ids(texts: Sequence[str]) -> TermIds:
    """The terms of all ``texts`` in order, as ids; the text of each; the term and sort key of each id.

    ``terms[ids[k]]`` is the ``k``-th term (as :func:`stems` gives them, text
    after text) and ``rows[k]`` the position in ``texts`` of its text. One flat
    array rather than one list per text, so that callers can count terms with
    numpy. Ids are per process and not stable: use them with ``terms`` and
    ``keys`` only. Sorting ids by ``keys`` sorts their terms, except where
    keys are equal (terms that share their first 16 UTF-8 bytes).
    """
    vocab = _VOCAB
    id_blocks: list[np.ndarray] = []
    row_blocks: list[np.ndarray] = []
    for lo in range(0, len(texts), _BLOCK):
        tokens = _tokens(texts[lo : lo + _BLOCK])
        ids = np.fromiter(map(vocab.ids.get, tokens, repeat(_UNKNOWN)), dtype=np.int64, count=len(tokens))
        at = (ids == _UNKNOWN).nonzero()[0].tolist()
        if at:
            unknown = [tokens[i] for i in at]
            learned = _learn(vocab, unknown, tokens)
            if learned is vocab:
                ids[at] = list(map(vocab.ids.__getitem__, unknown))
            else:  # the vocabulary was replaced: this block's ids and earlier blocks' move to the new one
                id_blocks = [_carry(block, vocab, learned) for block in id_blocks]
                vocab = learned
                ids = np.fromiter(map(vocab.ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        keep = ids >= 0
        id_blocks.append(ids[keep])
        rows = (ids == _NEXT_TEXT).cumsum(dtype=np.int32)[keep]
        row_blocks.append(rows + lo if lo else rows)
    if len(id_blocks) == 1:
        return TermIds(id_blocks[0], row_blocks[0], vocab.terms, vocab.sort_keys())
    if not id_blocks:
        return TermIds(np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int32), vocab.terms, vocab.sort_keys())
    return TermIds(np.concatenate(id_blocks), np.concatenate(row_blocks), vocab.terms, vocab.sort_keys())


def _carry(ids: np.ndarray, old: _Vocabulary, new: _Vocabulary) -> np.ndarray:
    """``ids`` of ``old``'s terms as ids of ``new``'s (terms it lacks are added)."""
    with _LEARNING:
        new.append(list({old.terms[i] for i in ids.tolist()}.difference(new.term_ids)))
        return np.array([new.term_ids[old.terms[i]] for i in ids.tolist()], dtype=np.int64)


def stems(text: str) -> list[str]:
    """Stemmed content words of ``text``, in order: the terms of the TF-IDF representer.

    Examples
    --------
    >>> stems("The negotiators were negotiating in Geneva")
    ['negoti', 'negoti', 'geneva']
    """
    vocab = _VOCAB
    tokens = _tokens([text])
    ids = list(map(vocab.ids.get, tokens, repeat(_UNKNOWN)))
    if _UNKNOWN in ids:  # (no numpy here: this runs per sentence in the checker)
        learned = _learn(vocab, [t for t, i in zip(tokens, ids, strict=True) if i == _UNKNOWN], tokens)
        ids = list(map(learned.ids.__getitem__, tokens))
        vocab = learned
    terms = vocab.terms
    return [terms[i] for i in ids if i >= 0]


def term_rows(texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The terms of all ``texts`` in order, as :func:`stems` gives them, and the text of each.

    ``rows[k]`` is the position in ``texts`` of term ``k``; see :func:`term_ids`.
    """
    ids, rows, terms, _ = term_ids(texts)
    return [terms[i] for i in ids.tolist()], rows
