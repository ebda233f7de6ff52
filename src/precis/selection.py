"""Budgeted, redundancy-aware selection: greedy maximal marginal relevance.

At each step the candidate with the highest value

``value = (1 - diversity) * score - diversity * max_sim``

is taken, where ``max_sim`` is its highest cosine to anything already
selected. A candidate is skipped when it does not fit the remaining budget or
when ``max_sim >= redundancy`` (it says what the summary already says).

A candidate is a *unit*: one sentence, or a sentence that leans on the one
before it together with that sentence (``lead[i] = i - 1``), valued by the
mean of their scores and costed as both. Once a sentence is selected, the one
that leans on it can be taken alone. Ties go to the earlier sentence in input
order, so selection is deterministic. Cost is O(k * nnz(X)) for k picks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from .represent import cosine

if TYPE_CHECKING:
    from .represent import Matrix

__all__ = ["STANDALONE", "UNAVAILABLE", "Pick", "select"]

STANDALONE = -1
UNAVAILABLE = -2


@dataclass(frozen=True, slots=True)
class Pick:
    """One selected unit: sentence indices (in text order) and its value."""

    members: tuple[int, ...]
    score: float


def select(
    x: Matrix,
    scores: np.ndarray,
    costs: np.ndarray,
    *,
    limit: float,
    eligible: np.ndarray,
    lead: np.ndarray,
    diversity: float,
    redundancy: float,
    max_picks: int | None = None,
    pair_extra: np.ndarray | None = None,
) -> list[Pick]:
    """Pick units under ``limit`` total cost; see the module docstring.

    ``lead[i]`` is ``STANDALONE``, ``UNAVAILABLE`` (leans, nothing to pair
    with) or the index of the sentence ``i`` leans on (a lead need not be
    eligible itself). ``pair_extra[i]`` is what pairing ``i`` with its lead costs
    beyond the two sentences (the characters between them, for a character
    budget). Inputs are not modified.
    """
    n = scores.shape[0]
    chosen = np.zeros(n, dtype=bool)
    max_sim = np.zeros(n)
    used = 0.0
    picks: list[Pick] = []
    has_lead = lead >= 0
    lead_idx = np.where(has_lead, lead, 0)
    keep = 1.0 - diversity
    while max_picks is None or len(picks) < max_picks:
        room = limit - used
        base = eligible & ~chosen
        lead_done = has_lead & chosen[lead_idx]
        single_ok = base & ((lead == STANDALONE) | lead_done) & (costs <= room) & (max_sim < redundancy)
        # a pair is possible when the lead is free and itself stands alone (or its own lead is in)
        lead_free = has_lead & ~chosen[lead_idx] & ~lead_done
        lead_of_lead = lead[lead_idx]
        lead_stands = (lead_of_lead == STANDALONE) | ((lead_of_lead >= 0) & chosen[np.maximum(lead_of_lead, 0)])
        pair_cost = costs + costs[lead_idx] + (0.0 if pair_extra is None else pair_extra)
        pair_sim = np.maximum(max_sim, max_sim[lead_idx])
        pair_ok = base & lead_free & lead_stands & (pair_cost <= room) & (pair_sim < redundancy)
        value_single = np.where(single_ok, keep * scores - diversity * max_sim, -np.inf)
        value_pair = np.where(pair_ok, keep * (scores + scores[lead_idx]) / 2 - diversity * pair_sim, -np.inf)
        best_single = int(np.argmax(value_single))
        best_pair = int(np.argmax(value_pair))
        if value_single[best_single] == -np.inf and value_pair[best_pair] == -np.inf:
            break
        if value_pair[best_pair] > value_single[best_single]:
            members: tuple[int, ...] = (int(lead[best_pair]), best_pair)
            unit_score = float((scores[best_pair] + scores[lead[best_pair]]) / 2)
        else:
            members = (best_single,)
            unit_score = float(scores[best_single])
        if len(members) > 1 and pair_extra is not None:
            used += float(pair_extra[members[-1]])
        for m in members:
            chosen[m] = True
            used += float(costs[m])
            np.maximum(max_sim, cosine(x, x[m : m + 1]).ravel(), out=max_sim)
        picks.append(Pick(members, unit_score))
    return picks
