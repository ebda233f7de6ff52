"""TF-IDF over stemmed content words, fitted on the sentences of one input."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Self

import numpy as np
from sklearn import config_context
from sklearn.feature_extraction.text import TfidfVectorizer

from ..errors import NotFittedError
from ..tokens import stems

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

__all__ = ["TfidfRepresenter"]


class TfidfRepresenter:
    """Sparse TF-IDF vectors of sentences (sentences are the documents).

    ``tfidf(t, s) = (1 + log tf(t, s)) * (1 + log((1 + n) / (1 + df(t))))``,
    rows L2-normalised; terms are Snowball stems of non-stop words.

    Parameters
    ----------
    redundancy : float, default=0.5
        Cosine above which two sentences count as the same statement.
    """

    def __init__(self, *, redundancy: float = 0.5) -> None:
        self.redundancy = redundancy

    def fit(self, texts: Sequence[str]) -> Self:
        """Learn the vocabulary and IDF weights of ``texts``."""
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts: Sequence[str]) -> csr_matrix:
        """Fit on ``texts`` and return their rows, analysing each text once."""
        vectorizer = TfidfVectorizer(analyzer=stems, sublinear_tf=True, norm="l2", dtype=np.float64)
        try:
            # parameters are fixed above: skip sklearn's per-call validation, which costs
            # more than the vectorizing on a single article
            with config_context(skip_parameter_validation=True, assume_finite=True):
                x = vectorizer.fit_transform(texts)
        except ValueError:  # no content word at all: an empty vocabulary
            vectorizer = TfidfVectorizer(analyzer=lambda _t: ["<empty>"], norm="l2", dtype=np.float64)
            vectorizer.fit(["<empty>"])
            x = vectorizer.transform(texts)
        self.vectorizer_ = vectorizer
        return x.tocsr()

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        """TF-IDF rows for ``texts`` in the fitted space."""
        if not hasattr(self, "vectorizer_"):
            raise NotFittedError(
                "This TfidfRepresenter is not fitted yet. Call 'fit' with the input's sentences first."
            )
        return self.vectorizer_.transform(texts).tocsr()
