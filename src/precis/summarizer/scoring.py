"""Sentence scores from a representation matrix; pure numpy.

For sentence ``i`` of article ``a`` with unit row vector ``x_i``:

``score_i = len_i * (w_c * cos(x_i, c) + w_p / sqrt(1 + r_i) + w_t * cos(x_i, t_a) + w_q * cos(x_i, q))``

- ``c`` is the normalised centroid of the selectable sentences (centrality:
  what the whole input is about; a fact several outlets carry pulls it);
- ``r_i`` is the rank of the sentence among its article's selectable
  sentences (the news lead prior); the pipeline divides ``w_p`` by the square
  root of the number of articles, since many leads say less about one story
  than one article's lead says about that article;
- ``t_a`` is the vector of the article's title (0 when it has none);
- ``q`` is the vector of the user's query, for query-focused summaries (0 without one);
- ``len_i = min(1, words_i / 10)`` damps fragments.

Every step is linear in the number of sentences: no sentence-by-sentence
similarity matrix is built.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from ..represent import matvec, mean_row

if TYPE_CHECKING:
    from ..represent import Matrix

__all__ = ["centroid_scores", "combine_scores", "position_scores"]


def _row_norm(v: np.ndarray) -> np.ndarray:
    norm = math.sqrt(v.dot(v))  # np.linalg.norm's own arithmetic, without its overhead
    return v / norm if norm > 0 else v


def centroid_scores(x: Matrix, mask: np.ndarray) -> np.ndarray:
    """``cos(x_i, c)`` with ``c`` the mean of the rows where ``mask`` is true."""
    if not mask.any():
        return np.zeros(x.shape[0])
    centroid = mean_row(x, mask)
    return matvec(x, _row_norm(centroid))


def position_scores(ranks: np.ndarray) -> np.ndarray:
    """``1 / sqrt(1 + rank)``: 1 for an article's first selectable sentence."""
    return 1.0 / np.sqrt(1.0 + ranks)


def combine_scores(
    *,
    centrality: np.ndarray,
    position: np.ndarray,
    title: np.ndarray,
    query: np.ndarray,
    n_words: np.ndarray,
    centroid_weight: float,
    position_weight: float,
    title_weight: float,
    query_weight: float,
) -> np.ndarray:
    """The weighted score of the module docstring."""
    length = np.minimum(1.0, n_words / 10.0)
    return length * (
        centroid_weight * centrality + position_weight * position + title_weight * title + query_weight * query
    )
