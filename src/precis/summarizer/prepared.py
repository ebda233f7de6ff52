"""The stage data of the summarizer: one input, segmented, represented and scored.

:class:`Prepared` is what :meth:`~precis.summarizer.summarizer.Summarizer.prepare` makes and what
selection, citing, coverage, outline and update read. It lives in a module of its own so the stages
import it without importing the orchestrator.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from ..model import Article, Budget, Sentence

if TYPE_CHECKING:
    from ..represent import Matrix, Representer

__all__ = ["Prepared"]


@dataclass(slots=True)
class Prepared:
    """One input, segmented, represented and scored: what selection works on."""

    articles: tuple[Article, ...]
    sentences: list[Sentence]
    article_pos: np.ndarray  # position of each sentence's article in ``articles``
    x: Matrix
    scores: np.ndarray
    eligible: np.ndarray
    lead: np.ndarray
    n_words: np.ndarray
    redundancy: float
    corroboration: float
    representer: Representer  # this input's own, fitted on its sentences: ``x`` is its transform of them

    def costs(self, budget: Budget) -> np.ndarray:
        """Cost of each sentence in the budget's unit."""
        unit = budget.counted_unit
        if unit == "words":
            return self.n_words.astype(float)
        if unit == "chars":
            return np.array([s.end - s.start for s in self.sentences], dtype=float)
        return np.ones(len(self.sentences))

    def pair_extra(self, budget: Budget) -> np.ndarray:
        """What a sentence paired with the one before it costs beyond both: the gap, for ``chars``."""
        extra = np.zeros(len(self.sentences))
        if budget.counted_unit == "chars":
            for i in range(1, len(self.sentences)):
                extra[i] = max(0, self.sentences[i].start - self.sentences[i - 1].end)
        return extra
