"""TF-IDF over stemmed content words, fitted on the sentences of one input.

The arithmetic is scikit-learn's ``TfidfVectorizer(sublinear_tf=True,
norm="l2")``, to the last bit: the same vocabulary order (terms sorted), the
same entry order inside a row (terms by first appearance in the input), the
same float operations, the same row normalisation (:func:`normalize_rows`).
What is left out is its per-call overhead (parameter and array validation, a
Python loop per term), which cost more than the arithmetic on a single article. Terms are
counted with numpy over the flat term ids of :func:`precis.analysis.tokens.term_ids`.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import repeat
from typing import Self

import numpy as np
from scipy.sparse import csr_matrix

from ..analysis.tokens import term_ids, term_rows
from ..errors import NotFittedError

__all__ = ["TfidfRepresenter"]


class TfidfRepresenter:
    """Sparse TF-IDF vectors of sentences (sentences are the documents).

    ``tfidf(t, s) = (1 + log tf(t, s)) * (1 + log((1 + n) / (1 + df(t))))``,
    rows L2-normalised; terms are Snowball stems of non-stop words
    (:func:`precis.analysis.tokens.stems`), columns in sorted term order. An input
    without any content word has one column that every text has: all texts
    are then alike.

    Parameters
    ----------
    redundancy : float, default=0.5
        Cosine above which two sentences count as the same statement.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Column of each term (empty when the input had no content word).
    idf_ : ndarray of shape (n_columns,)
        ``1 + log((1 + n) / (1 + df(t)))`` of each column.

    Examples
    --------
    >>> rep = TfidfRepresenter()
    >>> x = rep.fit_transform(["Troops massed near the border.", "Troops left."])
    >>> sorted(rep.vocabulary_)
    ['border', 'left', 'mass', 'near', 'troop']
    >>> x.shape
    (2, 5)
    """

    # the columns' terms, in column (sorted) order, as term ids of ``_all_terms``; set by fitting
    _term_ids: np.ndarray
    _all_terms: list[str]
    _vocabulary: dict[str, int] | None = None

    def __init__(self, *, redundancy: float = 0.5) -> None:
        self.redundancy = redundancy

    def get_params(self, deep: bool = True) -> dict[str, float]:
        """The constructor's parameters (as scikit-learn's ``get_params``; used by :func:`precis.represent.clone`)."""
        return {"redundancy": self.redundancy}

    @property
    def vocabulary_(self) -> dict[str, int]:
        """Column of each term; built on first use (a single summary never needs it)."""
        if self._vocabulary is None:
            self._vocabulary = {self._all_terms[i]: column for column, i in enumerate(self._term_ids.tolist())}
        return self._vocabulary

    def fit(self, texts: Sequence[str]) -> Self:
        """Learn the vocabulary and IDF weights of ``texts``."""
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts: Sequence[str]) -> csr_matrix:
        """Fit on ``texts`` and return their rows, analysing each text once."""
        ids, rows, self._all_terms, sort_keys = term_ids(texts)
        self._vocabulary = None
        if not len(ids):
            self._term_ids = np.zeros(0, dtype=np.int64)
            self.idf_ = np.ones(1)
            return _all_alike(len(texts))
        seen, ranks = _by_first_appearance(ids)  # the vocabulary in order of first appearance, as term ids
        del ids  # a large input's term list is not needed past this point
        size = len(seen)
        by_name = _by_name(seen, sort_keys, self._all_terms)
        self._term_ids = seen[by_name]
        column_of_seen = np.empty(size, dtype=np.int64)
        column_of_seen[by_name] = np.arange(size)
        # one entry per (text, term), in text order, then in order of first appearance
        ranks += rows * np.int64(size)  # (rows are int32: the product must be int64)
        del rows
        keys, counts = _runs(ranks)
        del ranks
        entry_rows, entry_ranks = np.divmod(keys, size)
        columns = column_of_seen[entry_ranks]
        df = np.bincount(columns, minlength=size).astype(np.float64)
        df += 1.0
        idf = np.full(size, len(texts) + 1, dtype=np.float64)
        idf /= df
        np.log(idf, out=idf)
        idf += 1.0
        self.idf_ = idf
        return _tfidf_rows(counts, columns, entry_rows, idf, n_rows=len(texts))

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        """TF-IDF rows for ``texts`` in the fitted space (terms not in the vocabulary are left out)."""
        if not hasattr(self, "_term_ids"):
            raise NotFittedError(
                "This TfidfRepresenter is not fitted yet. Call 'fit' with the input's sentences first."
            )
        if not self.vocabulary_:
            return _all_alike(len(texts))
        terms, rows = term_rows(texts)
        size = len(self.vocabulary_)
        columns = np.fromiter(map(self.vocabulary_.get, terms, repeat(-1)), dtype=np.int64, count=len(terms))
        known = columns >= 0
        # one entry per (text, term), in text order, then in column order
        keys, counts = _runs(rows[known].astype(np.int64) * size + columns[known])
        entry_rows, entry_columns = np.divmod(keys, size)
        return _tfidf_rows(counts, entry_columns, entry_rows, self.idf_, n_rows=len(texts))


def _by_first_appearance(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct values of ``ids`` in order of first appearance, and the rank of each element's value there."""
    order = ids.argsort(kind="stable")
    ordered = ids[order]
    opens = np.empty(len(ids), dtype=bool)  # where a new value starts in sorted order
    opens[0] = True
    np.not_equal(ordered[1:], ordered[:-1], out=opens[1:])
    firsts = order[opens]  # each value's first position (the sort is stable)
    by_appearance = firsts.argsort()
    seen = ordered[opens][by_appearance]
    del ordered  # (large inputs: one array of the input's size less at a time)
    rank_of_value = np.empty(len(firsts), dtype=np.int64)
    rank_of_value[by_appearance] = np.arange(len(firsts))
    value = opens.cumsum()
    value -= 1
    ranks = np.empty(len(ids), dtype=np.int64)
    ranks[order] = rank_of_value[value]
    return seen, ranks


def _runs(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``np.unique(keys, return_counts=True)`` without its overhead; sorts ``keys`` in place."""
    keys.sort()
    edges = np.empty(len(keys) + 1, dtype=bool)  # where a run of equal keys starts, and the end
    edges[0] = edges[-1] = True
    np.not_equal(keys[1:], keys[:-1], out=edges[1:-1])
    at = edges.nonzero()[0]
    return keys[at[:-1]], at[1:] - at[:-1]


def _by_name(ids: np.ndarray, keys: np.ndarray, terms: list[str]) -> np.ndarray | list[int]:
    """The order that sorts the terms of ``ids`` (distinct) as strings: by their sort keys, in numpy,
    unless two share a key; then by the terms themselves."""
    own = keys[ids]
    order: np.ndarray = own.argsort(kind="stable")
    ordered = own[order]
    if not (ordered[1:] == ordered[:-1]).any():
        return order
    names = [terms[i] for i in ids.tolist()]
    return sorted(range(len(names)), key=names.__getitem__)


def _tfidf_rows(
    counts: np.ndarray, columns: np.ndarray, rows: np.ndarray, idf: np.ndarray, *, n_rows: int
) -> csr_matrix:
    """L2-normalised ``(1 + log count) * idf`` rows from entries sorted by row."""
    data = counts.astype(np.float64)
    np.log(data, out=data)
    data += 1.0
    data *= idf[columns]
    index = np.int32 if data.shape[0] < 2**31 else np.int64
    indptr = np.zeros(n_rows + 1, dtype=index)
    np.bincount(rows, minlength=n_rows).cumsum(out=indptr[1:])
    x = csr_matrix((data, columns.astype(index), indptr), shape=(n_rows, idf.shape[0]))
    return normalize_rows(x)


def normalize_rows(x: csr_matrix) -> csr_matrix:
    """``x`` with its rows scaled to unit length in place, to the bit as scikit-learn's ``normalize(x)``.

    The same float operations in the same order as sklearn's kernel: each row's squares summed in stored
    order (``np.bincount`` adds its weights one by one, in order), the square root, one division per entry;
    an all-zero row is left as it is.
    """
    n_rows = x.shape[0]
    rows = np.repeat(np.arange(n_rows), np.diff(x.indptr))
    with np.errstate(over="ignore", invalid="ignore"):  # (as the kernel: an overflowing row becomes zeros)
        norms = np.sqrt(np.bincount(rows, weights=x.data * x.data, minlength=n_rows))
        norms[norms == 0.0] = 1.0  # x / 1.0 is x: the row is left as it is
        x.data /= norms[rows]
    return x


def _all_alike(n_rows: int) -> csr_matrix:
    """One column of ones: the rows of an input without content words."""
    return csr_matrix((np.ones(n_rows), np.zeros(n_rows, dtype=np.int32), np.arange(n_rows + 1, dtype=np.int32)),
                      shape=(n_rows, 1))  # fmt: skip
