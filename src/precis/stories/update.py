"""Update summaries: what new articles add to what the reader has already seen.

The new articles are prepared exactly as for a summary (segmented, represented,
scored), and the seen articles are mapped into the same vector space (the
representer fitted on the new sentences). Then two things change:

- a new sentence that all but restates a seen one (cosine at least
  ``restated``, 0.85) is never selected;
- each sentence's score gains ``contrast_weight * x_i . d``, where ``d`` is
  the unit vector of ``max(0, c_new - c_seen)``, the part of the new
  sentences' centroid that the seen sentences' centroid does not already
  cover. Sentences about what is new in the story rise; sentences about its
  background sink.

Selection, budgets, citations and ordering are the summarizer's own. The two
settings were chosen on the DUC 2007 update dev set (``bench/update.py``;
``docs/benchmarks.md``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..analysis.document import Document
from ..config.stories import UpdateConfig
from ..config.validation import resolve
from ..errors import InputError
from ..model import Article, Budget, Source, Summary, as_articles
from ..represent import cosine, mean_row
from ..summarizer.prepared import Prepared
from ..summarizer.summarizer import Summarizer

if TYPE_CHECKING:
    from ..represent import Matrix

__all__ = ["contrast_scores", "max_cosine", "summarize_update"]

RESTATED = UpdateConfig().restated  # 0.85
CONTRAST_WEIGHT = UpdateConfig().contrast_weight  # 0.5


def max_cosine(x: Matrix, seen_x: Matrix, *, chunk: int = 2048) -> np.ndarray:
    """Each row of ``x``'s highest cosine with any row of ``seen_x``, ``chunk`` seen rows at a time."""
    best = np.full(x.shape[0], -1.0)
    for start in range(0, seen_x.shape[0], chunk):
        best = np.maximum(best, cosine(x, seen_x[start : start + chunk]).max(axis=1))
    return best


def contrast_scores(prep: Prepared, seen_x: Matrix) -> np.ndarray:
    """``x_i . d`` with ``d`` the unit vector of ``max(0, centroid(new) - centroid(seen))``."""
    if not prep.eligible.any() or not seen_x.shape[0]:  # every new sentence restates a seen one: no direction
        return np.zeros(len(prep.sentences))
    d = mean_row(prep.x, prep.eligible) - mean_row(seen_x, np.ones(seen_x.shape[0], dtype=bool))
    d = np.clip(d, 0.0, None)
    norm = float(np.linalg.norm(d))
    if norm == 0.0:
        return np.zeros(len(prep.sentences))
    return np.asarray(prep.x @ (d / norm), dtype=np.float64).ravel()


def _check_ids(new: Sequence[Article], seen: Sequence[Article]) -> None:
    clash = sorted({a.id for a in seen} & {a.id for a in new})
    if clash:
        raise InputError(
            f"The same article id is both seen and new: {', '.join(clash[:3])}; "
            "an article the reader has seen cannot also be new.",
            source=clash[0],
        )


def summarize_update(
    summarizer: Summarizer,
    new: Source,
    seen: Source,
    *,
    words: int | None = None,
    chars: int | None = None,
    sentences: int | None = None,
    ratio: float | None = None,
    query: str | None = None,
    restated: float = RESTATED,
    contrast_weight: float = CONTRAST_WEIGHT,
    config: UpdateConfig | None = None,
) -> Summary:
    """Summarize what ``new`` adds to ``seen`` (default budget: 120 words).

    Parameters
    ----------
    summarizer : Summarizer
        Makes the summary; its configuration applies.
    new : str, Article, or list of them
        The articles the reader has not seen.
    seen : str, Article, or list of them
        The articles the reader has already read.
    words, chars, sentences, ratio : number, optional
        The budget, as for :meth:`Summarizer.summarize`.
    query : str, optional
        What the reader wants to know.
    restated : float, default=0.85
        A new sentence this close (cosine) to a seen one is never selected.
    contrast_weight : float, default=0.5
        Weight of the what-is-new direction in each sentence's score.
    config : UpdateConfig or None, default=None
        ``restated`` and ``contrast_weight`` in one object; then leave them at their defaults.

    Returns
    -------
    Summary
        ``mode="update"``; it cites only the new articles.
    """
    values = {"restated": restated, "contrast_weight": contrast_weight}
    cfg = resolve(UpdateConfig, config, values, owner="summarize_update")
    new_articles, seen_articles = as_articles(new), as_articles(seen)
    _check_ids(new_articles, seen_articles)
    budget = Budget.from_options(words=words, chars=chars, sentences=sentences, ratio=ratio)
    prep = summarizer.prepare(new_articles, query=query)
    seen_texts = [text for art in seen_articles for text in Document.of(art).texts]
    if seen_texts:
        seen_x = prep.representer.transform(seen_texts)
        prep.eligible = prep.eligible & (max_cosine(prep.x, seen_x) < cfg.restated)
        prep.scores = np.where(prep.eligible, prep.scores + cfg.contrast_weight * contrast_scores(prep, seen_x), 0.0)
    return summarizer.select(prep, budget, mode="update")
