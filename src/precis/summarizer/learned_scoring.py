"""A learned sentence score for single-article news: a logistic model over a few features.

For sentence ``i`` with feature vector ``f_i`` (see :data:`FEATURES`):

``score_i = sigmoid(w . f_i + b)``

the estimated chance that ``i`` belongs to a greedy ROUGE oracle extract of
three sentences. ``w`` and ``b`` (:data:`COEF`, :data:`INTERCEPT`) were fitted
by ``bench/train_scorer.py`` on development data (see the comment at
:data:`COEF`); nothing is loaded at import time and scikit-learn is not needed
here. Every feature is computed per article, so the model also runs on
several articles, but it was trained on one.

Features use only what the pipeline already has (the sentence vectors, the
centroid cosine, the selectable mask, word counts) plus a few cheap string
tests. Paragraph breaks and titles are deliberately not features: news text
comes with and without them, and the model should not depend on the layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..represent import matvec

if TYPE_CHECKING:
    from ..represent import Matrix

__all__ = ["COEF", "FEATURES", "INTERCEPT", "learned_scores", "sentence_features"]

FEATURES: tuple[str, ...] = (
    "lead_prior",  # 1 / sqrt(1 + rank), rank among the article's selectable sentences
    "is_first",  # rank == 0
    "rel_position",  # rank / (selectable sentences in the article - 1)
    "centroid_cos",  # cos(x_i, centroid of the selectable sentences)
    "lead_cos",  # cos(x_i, x of the article's first selectable sentence)
    "words",  # min(words, 60) / 30
    "words_sq",  # words ** 2
    "quote",  # has a double quotation mark
    "attribution",  # " said", " says", " told" or "according to"
    "digit",  # has a digit
    "question",  # ends with a question mark (before closing quotes)
)

# Produced by `PYTHONPATH=src .venv/bin/python bench/train_scorer.py` (defaults: --start 1000 --folds 5
# --C 1.0) from cnn_stories records 1000 onwards (6054 articles, 214660 selectable sentences); labels:
# greedy ROUGE-1/2 oracle of three sentences. 5-fold CV on those records: AUC 0.744, ROUGE-1/2 F1
# 32.69 / 11.71 (heuristic 32.33 / 11.64, Lead-3 31.25 / 11.10). frank_cnndm was never used.
COEF: tuple[float, ...] = (
    3.0188,  # lead_prior
    -1.4225,  # is_first
    -0.4307,  # rel_position
    5.8135,  # centroid_cos
    0.5695,  # lead_cos
    -0.3490,  # words
    -0.1228,  # words_sq
    -0.2331,  # quote
    -0.0281,  # attribution
    0.3431,  # digit
    -0.3667,  # question
)
INTERCEPT: float = -4.5530

_COEF = np.asarray(COEF, dtype=float)
_DIGIT = re.compile(r"\d")
_CLOSERS = "\"'”’) "


def _text_features(text: str) -> tuple[bool, bool, bool, bool]:
    """Quote, attribution, digit and question flags of one sentence (plain ``in`` tests: this runs per sentence)."""
    return (
        '"' in text or "“" in text or "”" in text,
        " said" in text or " says" in text or " told" in text or "according to" in text,
        _DIGIT.search(text) is not None,
        text.rstrip(_CLOSERS).endswith("?"),
    )


def _lead_cosines(x: Matrix, firsts: np.ndarray, article_pos: np.ndarray) -> np.ndarray:
    """``cos(x_i, x_j)`` with ``j`` the first selectable row of ``i``'s article (``firsts[a]``; -1: none)."""
    if len(firsts) == 1 and hasattr(x, "indptr"):
        # one article, CSR rows: read the lead row into a dense vector (sparse slicing is slow on small inputs)
        j = max(int(firsts[0]), 0)
        lo, hi = x.indptr[j], x.indptr[j + 1]
        v = np.zeros(x.shape[1])
        v[x.indices[lo:hi]] = x.data[lo:hi]
        out = matvec(x, v).astype(float, copy=False)
    else:  # row-wise dot products with each row's lead: linear in the stored entries
        leads = x[np.maximum(firsts, 0)[article_pos]]
        if hasattr(x, "multiply"):
            out = np.asarray(x.multiply(leads).sum(axis=1), dtype=float).ravel()
        else:
            out = np.einsum("ij,ij->i", np.asarray(x), np.asarray(leads))
    return np.where(firsts[article_pos] >= 0, out, 0.0)


def sentence_features(
    *,
    x: Matrix,
    eligible: np.ndarray,
    article_pos: np.ndarray,
    n_words: np.ndarray,
    texts: Sequence[str],
    centrality: np.ndarray,
) -> np.ndarray:
    """The ``(n, len(FEATURES))`` feature matrix of the module docstring.

    Parameters
    ----------
    x : matrix of shape (n, d)
        Unit-length sentence rows (sparse or dense).
    eligible : bool array of shape (n,)
        Selectable sentences; ranks count only these.
    article_pos : int array of shape (n,)
        Article of each sentence, non-decreasing (sentences in article order).
    n_words : array of shape (n,)
        Words per sentence.
    texts : sequence of str
        The sentences.
    centrality : array of shape (n,)
        ``cos(x_i, c)``, as :func:`precis.summarizer.scoring.centroid_scores` gives it.

    Returns
    -------
    ndarray of shape (n, len(FEATURES)), all finite.
    """
    n = len(texts)
    if n == 0:
        return np.zeros((0, len(FEATURES)))
    elig = eligible.astype(float)
    before = elig.cumsum() - elig  # selectable sentences before i, over all articles
    rows = eligible.nonzero()[0]
    if article_pos[-1] == 0:  # one article: the same numbers as below, in fewer steps
        rank = before
        last_rank: float | np.ndarray = max(1.0, float(len(rows)) - 1.0)
        firsts = np.array([rows[0] if len(rows) else -1])
    else:
        starts = article_pos.searchsorted(article_pos)  # first row of each sentence's article
        rank = before - before[starts]
        n_articles = int(article_pos[-1]) + 1
        per_article = np.bincount(article_pos, weights=elig, minlength=n_articles)
        last_rank = np.maximum(1.0, per_article[article_pos] - 1.0)
        # first selectable row of each article, -1 for an article without one
        owner = article_pos[rows]
        opens = np.ones(len(rows), dtype=bool)
        opens[1:] = owner[1:] != owner[:-1]
        firsts = np.full(n_articles, -1)
        firsts[owner[opens]] = rows[opens]
    words = np.minimum(n_words, 60.0) / 30.0
    out = np.empty((n, len(FEATURES)))
    out[:, 0] = 1.0 / np.sqrt(1.0 + rank)
    out[:, 1] = rank == 0
    out[:, 2] = rank / last_rank
    out[:, 3] = centrality
    out[:, 4] = _lead_cosines(x, firsts, article_pos)
    out[:, 5] = words
    out[:, 6] = words * words
    out[:, 7:11] = [_text_features(t) for t in texts]
    return out


def learned_scores(
    features: np.ndarray,
    coef: Sequence[float] = COEF,
    intercept: float = INTERCEPT,
) -> np.ndarray:
    """``sigmoid(features @ coef + intercept)``: one score in (0, 1) per row."""
    z = features @ (_COEF if coef is COEF else np.asarray(coef, dtype=float)) + intercept
    out: np.ndarray = 1.0 / (1.0 + np.exp(-np.minimum(np.maximum(z, -50.0), 50.0)))  # np.clip, cheaper
    return out
