"""Budgeted concept coverage: pick the sentences that cover the most important concepts.

A *concept* is a pair of consecutive content-word stems ("troop buildup",
"nato expans"). Its weight is the number of articles that mention it (with
one article: the number of its sentences that do); concepts mentioned once
carry no weight. Greedily, the unit with the highest

``value = (gain + 3 * s * mean_w) / cost ** 0.75``,

is taken, where ``gain`` is the total weight of the concepts it adds that the
summary does not cover yet, ``s`` its sentence score (position, title,
query; see :mod:`precis.summarizer.scoring`) scaled by ``mean_w``, the mean concept
weight, and ``cost`` its length in the budget's unit (the exponent and the
factor 3 were chosen on the dev sets). Covered concepts add
nothing, so redundancy is controlled by construction; the MMR similarity
threshold applies as well. Each step costs O(nnz) of the sentence-by-concept
matrix: linear in the input. Registered as the selector ``"coverage.v1"``
(:class:`CoverageSelector`).
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING, Any

import numpy as np
from scipy.sparse import csr_matrix

from ..analysis.tokens import stems
from ..config.registry import registry
from .selection import Pick, UnitState

if TYPE_CHECKING:
    from ..model import Budget
    from .prepared import Prepared

__all__ = ["CoverageSelector", "concept_matrix", "coverage_picks"]

# measured on DUC 2006/2007, Multi-News and cnn_stories dev sets (docs/benchmarks.md)
_COST_EXPONENT = 0.75
_SCORE_SCALE = 3.0


def concept_matrix(prep: Prepared) -> tuple[csr_matrix, np.ndarray]:
    """Sentence-by-concept incidence (eligible sentences only) and concept weights."""
    index: dict[tuple[str, str], int] = {}
    rows: list[int] = []
    cols: list[int] = []
    for i, sent in enumerate(prep.sentences):
        if not prep.eligible[i]:
            continue
        words = stems(sent.text)
        seen = set()
        for pair in pairwise(words):
            col = index.setdefault(pair, len(index))
            if col not in seen:
                seen.add(col)
                rows.append(i)
                cols.append(col)
    n = len(prep.sentences)
    incidence = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, max(1, len(index))))
    if len(prep.articles) > 1:
        # articles mentioning each concept: collapse rows to articles first
        by_article = csr_matrix((np.ones(n), (prep.article_pos, np.arange(n))), shape=(len(prep.articles), n))
        weights = np.asarray(((by_article @ incidence) > 0).sum(axis=0)).ravel()
    else:
        weights = np.asarray(incidence.sum(axis=0)).ravel()
    weights = np.where(weights >= 2, weights, 0.0)
    return incidence, weights


def coverage_picks(
    prep: Prepared, costs: np.ndarray, pair_extra: np.ndarray, *, limit: float, max_picks: int | None = None
) -> list[Pick]:
    """Units chosen by budgeted greedy concept coverage within ``limit``."""
    incidence, weights = concept_matrix(prep)
    mean_w = float(weights[weights > 0].mean()) if (weights > 0).any() else 1.0
    uncovered = weights.copy()
    state = UnitState(
        prep.x, costs, eligible=prep.eligible, lead=prep.lead, redundancy=prep.redundancy, pair_extra=pair_extra
    )
    cost_single = np.maximum(costs, 1.0) ** _COST_EXPONENT
    cost_pair = np.maximum(state.pair_cost, 1.0) ** _COST_EXPONENT
    picks: list[Pick] = []
    while max_picks is None or len(picks) < max_picks:
        single, pair = state.options(limit)
        gain = incidence @ uncovered + prep.scores * mean_w * _SCORE_SCALE
        value_single = np.where(single, gain / cost_single, -np.inf)
        value_pair = np.where(pair, (gain + gain[state.lead_idx]) / cost_pair, -np.inf)
        members = state.best(value_single, value_pair)
        if members is None:
            break
        state.take(members)
        for m in members:
            uncovered[incidence[m].indices] = 0.0
        picks.append(Pick(members, round(float(np.mean([prep.scores[m] for m in members])), 6)))
    return picks


@registry.selectors.register("coverage.v1")
class CoverageSelector:
    """Budgeted greedy concept coverage over a prepared input (see the module docstring); no settings."""

    @classmethod
    def from_config(cls, config: Any) -> CoverageSelector:
        """The selector of a :class:`~precis.config.SummarizerConfig` (which sets nothing of it)."""
        return cls()

    def __call__(self, prep: Prepared, budget: Budget, /) -> list[Pick]:
        """The units chosen within ``budget``."""
        limit = budget.limit(total_words=int(prep.n_words.sum()))
        return coverage_picks(prep, prep.costs(budget), prep.pair_extra(budget), limit=limit)
