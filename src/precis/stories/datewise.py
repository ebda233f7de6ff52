"""A timeline date's sentences: the selector ``"datewise.v2"`` (CentroidOpt, Ghalandari & Ifrim 2020).

The candidates of one date are rows of a TF-IDF matrix ``x``. Greedily, the
next is the candidate ``s`` of largest

``gain(s) = (cos(S + s, centroid) + prior(s)) * weight(s)``,

``S`` the sum of the rows already chosen for the date, so the date's summary
as a whole resembles what is said about the date (rather than being two
versions of its most typical sentence). A candidate whose text was chosen
already, or whose cosine to a sentence chosen for this or an earlier date is
above ``redundancy``, is skipped. Ties break by (gain desc, article id,
sentence index). A pick's score is its first-step gain (``S`` empty).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from ..config.registry import registry
from ..model import Article, Budget, Sentence, count_words
from ..summarizer.selection import Pick

if TYPE_CHECKING:
    from ..represent import Matrix

__all__ = ["DatePool", "DatewiseSelector"]


@dataclass(frozen=True, slots=True, kw_only=True)
class DatePool:
    """The candidates of one date, and what they are chosen against.

    Parameters
    ----------
    articles : sequence of Article
        The input.
    sentences : sequence of Sentence
        Every candidate of the timeline; row ``i`` of ``x`` is ``sentences[i]``.
    x : Matrix
        Unit-length rows.
    rows : ndarray of int
        The date's candidates (indices into ``sentences``).
    centroid : ndarray
        The date's unit centroid.
    prior, weight, tie : ndarray
        Per candidate of ``rows``: ``topic_weight * cos(s, topic)``; ``pub_weight``
        for a weak candidate, else 1; place in (article id, sentence index) order.
    taken : tuple of int
        Sentences chosen for earlier dates: a candidate repeating one is skipped.
    redundancy : float
        Cosine above which two sentences say the same.
    """

    articles: Sequence[Article]
    sentences: Sequence[Sentence]
    x: Matrix
    rows: np.ndarray
    centroid: np.ndarray
    prior: np.ndarray
    weight: np.ndarray
    tie: np.ndarray
    taken: tuple[int, ...] = ()
    redundancy: float = 0.5

    def costs(self, budget: Budget) -> np.ndarray:
        """Cost of each candidate of ``rows`` in the budget's unit."""
        sents = [self.sentences[int(i)] for i in self.rows]
        unit = budget.counted_unit
        if unit == "words":
            return np.array([count_words(s.text) for s in sents], dtype=float)
        if unit == "chars":
            return np.array([s.end - s.start for s in sents], dtype=float)
        return np.ones(len(sents))


@registry.selectors.register("datewise.v2")
class DatewiseSelector:
    """The sentences of one timeline date, chosen greedily (see the module docstring); no settings."""

    @classmethod
    def from_config(cls, config: Any) -> DatewiseSelector:
        """The selector of a :class:`~precis.config.TimelineConfig` (which sets nothing of it)."""
        return cls()

    def __call__(self, pool: DatePool, budget: Budget, /) -> list[Pick]:
        """Candidates of ``pool.rows`` within ``budget`` (``per_date`` is a budget in sentences)."""
        costs = pool.costs(budget)
        if not costs.size:
            return []
        limit = budget.limit(total_words=int(costs.sum()) if budget.counted_unit == "words" else 0)
        cheapest = float(costs.min())
        x, rows = pool.x, pool.rows
        xd = x[rows]
        to_centroid = np.asarray(xd @ pool.centroid).ravel()
        sq_norms = np.asarray(xd.multiply(xd).sum(axis=1)).ravel()
        summary = np.zeros(x.shape[1])
        alone: np.ndarray | None = None
        chosen: list[Pick] = []
        used = 0.0
        looked: set[int] = set()
        seen_text: set[str] = set()
        while used + cheapest <= limit:
            norm2 = sq_norms + 2 * np.asarray(xd @ summary).ravel() + float(summary @ summary)
            norms = np.sqrt(np.maximum(norm2, 0.0))
            dot = to_centroid + float(summary @ pool.centroid)
            cos = np.divide(dot, norms, out=np.zeros_like(norms), where=norms > 0)
            gains = (cos + pool.prior) * pool.weight
            alone = gains if alone is None else alone
            against = x[list(pool.taken) + [p.members[0] for p in chosen]]
            order = (k for k in map(int, np.lexsort((pool.tie, -gains))) if k not in looked)
            best = _first_new(order, pool, xd, against, costs, room=limit - used, looked=looked, seen_text=seen_text)
            if best is None:
                break
            chosen.append(Pick((int(rows[best]),), float(alone[best])))
            used += float(costs[best])
            summary = summary + xd[best].toarray().ravel()
        return chosen


def _first_new(
    order: Iterator[int],
    pool: DatePool,
    xd: Matrix,
    against: Matrix,
    costs: np.ndarray,
    *,
    room: float,
    looked: set[int],
    seen_text: set[str],
) -> int | None:
    """The first candidate of ``order`` (rows of ``xd``) that fits ``room`` and repeats no row of ``against``.

    Candidates looked at go into ``looked``: each is chosen now, or repeats a
    sentence that stays chosen, or does not fit (and never will: the room
    only shrinks). A chosen text goes into ``seen_text``.
    """
    for k in order:
        looked.add(k)
        if costs[k] > room:
            continue
        text = " ".join(pool.sentences[int(pool.rows[k])].text.split())
        if text in seen_text:
            continue
        if against.shape[0] and float(np.max(np.asarray(against @ xd[k].T.toarray()).ravel())) > pool.redundancy:
            continue
        seen_text.add(text)
        return k
    return None


if TYPE_CHECKING:  # the selector implements the protocol (checked by mypy)
    from ..summarizer.selection import Selector

    _SELECTOR: Selector[DatePool] = DatewiseSelector()
