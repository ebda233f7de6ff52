"""Outline mode: one or two key sentences per section or block of paragraphs.

An article with two or more headed sections gives one block per section.
Otherwise its paragraphs are cut into ``k`` consecutive blocks of about equal
length in words, ``k`` set by the budget (about one point per 30 words, per 6
sentences' worth of characters) and shared among articles by their length.
The best unit of each block is chosen by the same selection as summaries; if
the points still overrun the budget, the lowest-scoring ones are dropped.
Registered as the selector ``"outline.v1"`` (:class:`OutlineSelector`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from ..config.registry import registry
from .selection import Pick, select

if TYPE_CHECKING:
    from ..model import Budget
    from .prepared import Prepared

__all__ = ["OutlineSelector", "outline_picks"]

_WORDS_PER_POINT = 30
_CHARS_PER_POINT = 180


def _blocks_of(prep: Prepared, rows: np.ndarray, k: int) -> list[np.ndarray]:
    """Row groups of one article: its sections, or ``k`` runs of paragraphs."""
    sents = prep.sentences
    sections = sorted({sents[i].section for i in rows if prep.eligible[i]})
    if len(sections) >= 2:
        return [np.array([i for i in rows if sents[i].section == sec], dtype=int) for sec in sections]
    paragraphs = sorted({sents[i].paragraph for i in rows})
    weight = {p: 0.0 for p in paragraphs}
    for i in rows:
        weight[sents[i].paragraph] += prep.n_words[i]
    total = sum(weight.values()) or 1.0
    k = max(1, min(k, len(paragraphs)))
    block_of: dict[int, int] = {}
    acc = 0.0
    for p in paragraphs:
        block_of[p] = min(k - 1, int(acc / total * k))
        acc += weight[p]
    blocks = [np.array([i for i in rows if block_of[sents[i].paragraph] == b], dtype=int) for b in range(k)]
    return [b for b in blocks if b.size]


def outline_picks(
    prep: Prepared,
    costs: np.ndarray,
    pair_extra: np.ndarray,
    *,
    unit: Literal["words", "chars", "sentences"],
    limit: float,
    points: int,
    diversity: float,
) -> list[Pick]:
    """Units for an outline within ``limit`` total cost, counted in ``unit``."""
    n_words = float(prep.n_words.sum())
    per_point = {"words": _WORDS_PER_POINT, "chars": _CHARS_PER_POINT}.get(unit, 1)
    k_total = max(1, int(limit // per_point))
    picks: list[Pick] = []
    shown: set[int] = set()
    for art in range(len(prep.articles)):
        rows = np.flatnonzero(prep.article_pos == art)
        share = float(prep.n_words[rows].sum()) / n_words if n_words else 1.0
        for block in _blocks_of(prep, rows, max(1, round(k_total * share))):
            mask = np.zeros(len(prep.sentences), dtype=bool)
            mask[block] = True
            for pick in select(
                prep.x,
                prep.scores,
                costs,
                limit=limit,
                eligible=prep.eligible & mask,
                lead=prep.lead,
                diversity=diversity,
                redundancy=prep.redundancy,
                max_picks=points,
                pair_extra=pair_extra,
            ):
                # a pair whose lead the block before showed already: its second sentence alone
                members = tuple(m for m in pick.members if m not in shown)
                if members:
                    picks.append(pick if members == pick.members else Pick(members, pick.score))
                    shown.update(members)
    return _within(picks, prep.lead, costs, pair_extra, limit)


def _within(picks: list[Pick], lead: np.ndarray, costs: np.ndarray, pair_extra: np.ndarray, limit: float) -> list[Pick]:
    """The best-scoring ``picks`` that fit ``limit``, in article order; a point whose sentence leans on
    another point's sentence is kept only with that point (so nothing is shown without what it leans on)."""

    def cost(p: Pick) -> float:
        gap = float(pair_extra[p.members[-1]]) if len(p.members) > 1 else 0.0
        return float(sum(costs[m] for m in p.members)) + gap

    owner = {m: k for k, p in enumerate(picks) for m in p.members}
    # the point each point leans on (-1: on a sentence no point shows)
    needs = {k: owner.get(int(lead[p.members[0]]), -1) for k, p in enumerate(picks) if lead[p.members[0]] >= 0}
    kept: set[int] = set()
    used = 0.0
    for k in sorted(range(len(picks)), key=lambda k: (-picks[k].score, k)):
        chain = [k]
        while chain[-1] in needs and needs[chain[-1]] not in kept and needs[chain[-1]] not in chain:
            chain.append(needs[chain[-1]])
        if -1 in chain or (chain[-1] in needs and needs[chain[-1]] not in kept):
            continue  # leans on what cannot be shown
        extra = sum(cost(picks[j]) for j in set(chain) - kept)
        if used + extra <= limit:
            kept.update(chain)
            used += extra
    return [picks[k] for k in sorted(kept)]


@registry.selectors.register("outline.v1")
class OutlineSelector:
    """Key units per section or block of a prepared input, in article order (see the module docstring).

    Parameters
    ----------
    points : int, default=1
        Units per section or block.
    diversity : float, default=0.3
        The MMR trade-off inside a block (:mod:`precis.summarizer.selection`).
    """

    def __init__(self, *, points: int = 1, diversity: float = 0.3) -> None:
        self.points = points
        self.diversity = diversity

    @classmethod
    def from_config(cls, config: Any) -> OutlineSelector:
        """The selector of a :class:`~precis.config.SummarizerConfig`."""
        return cls(points=config.outline_points, diversity=config.diversity)

    def __call__(self, prep: Prepared, budget: Budget, /) -> list[Pick]:
        """The units chosen within ``budget``."""
        return outline_picks(
            prep,
            prep.costs(budget),
            prep.pair_extra(budget),
            unit=budget.counted_unit,
            limit=budget.limit(total_words=int(prep.n_words.sum())),
            points=self.points,
            diversity=self.diversity,
        )


if TYPE_CHECKING:  # each registered selector implements the protocol (checked by mypy)
    from .coverage import CoverageSelector
    from .selection import MMRSelector, Selector

    _SELECTORS: tuple[Selector[Prepared], ...] = (MMRSelector(), CoverageSelector(), OutlineSelector())
