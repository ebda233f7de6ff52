"""Budgeted, redundancy-aware selection: greedy maximal marginal relevance.

At each step the candidate with the highest value

``value = (1 - diversity) * score - diversity * max_sim``

is taken, where ``max_sim`` is its highest cosine to anything already
selected. A candidate is skipped when it does not fit the remaining budget or
when ``max_sim >= redundancy`` (it says what the summary already says).

A candidate is a *unit*: one sentence, or a sentence that leans on the one
before it together with that sentence (``lead[i] = i - 1``), valued by the
mean of their scores and costed as both. Once a sentence is selected, the one
that leans on it can be taken alone; a sentence that leans on one further back
in its article (``lead[i] < i - 1``: "The institute recorded..." three
sentences after the institute is named) is never paired, only taken alone
once that one is selected. Ties go to the earlier sentence in input
order, so selection is deterministic. Cost is O(k * nnz(X)) for k picks.

Every selection strategy is a :class:`Selector`: configured in its
constructor, called on a pool of sentences and a budget, returning the
:class:`Pick` s it chose. The strategies are registered by versioned name
(:data:`precis.config.registry`); :class:`MMRSelector` is ``"mmr.v1"``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

import numpy as np

from ..config.registry import registry
from ..represent import similarities

if TYPE_CHECKING:
    from ..model import Article, Budget, Sentence
    from ..represent import Matrix
    from .prepared import Prepared

__all__ = ["FORWARD", "STANDALONE", "UNAVAILABLE", "MMRSelector", "Pick", "Pool", "Selector", "get_selector", "select"]

STANDALONE = -1
UNAVAILABLE = -2  # leans, and nothing to pair it with: never shown
FORWARD = -3  # leads in to the next sentence (ends with ":"): shown only as the lead of a pair with it


@dataclass(frozen=True, slots=True)
class Pick:
    """One selected unit: sentence indices (in text order) and its value."""

    members: tuple[int, ...]
    score: float


class Pool(Protocol):
    """What a selector chooses from: sentences (spans of ``articles``); a pick's members index ``sentences``."""

    @property
    def articles(self) -> Sequence[Article]: ...

    @property
    def sentences(self) -> Sequence[Sentence]: ...


P_contra = TypeVar("P_contra", bound=Pool, contravariant=True)


class Selector(Protocol[P_contra]):
    """A selection strategy: settings in the constructor, the choice in ``__call__``.

    ``selector(pool, budget)`` returns the chosen units, each a :class:`Pick`
    whose ``members`` index ``pool.sentences``. It holds the budget (the
    members' cost in the budget's unit is at most its limit), is
    deterministic, and does not modify ``pool``. The contract is checked for
    every registered selector by ``tests/contract/test_selectors.py``.
    """

    def __call__(self, pool: P_contra, budget: Budget, /) -> list[Pick]: ...


class SelectorFactory(Protocol[P_contra]):
    """A registered selector class: made from its feature's config."""

    def from_config(self, config: Any, /) -> Selector[P_contra]: ...


def get_selector(name: str, config: Any) -> Selector[Any]:
    """The selector registered as ``name`` (``"mmr.v1"``), made from ``config`` (the feature's config)."""
    factory: SelectorFactory[Any] = registry.selectors.get(name)
    return factory.from_config(config)


class UnitState:
    """What is selected so far, and which units may still be taken: the state every greedy selector shares.

    A unit is one sentence, or a sentence that leans on the one before it
    together with that sentence (``lead[i] = i - 1``). A sentence may be taken
    alone when it stands alone or its lead is already in; a pair when its
    lead is free and itself stands alone or leads in (``FORWARD``: it ends
    with ":" and is never taken alone), or its own lead is in. A unit is
    never taken when it does not fit the room left or when its highest cosine
    to the selection reaches ``redundancy``. Inputs are not modified.
    """

    def __init__(
        self,
        x: Matrix,
        costs: np.ndarray,
        *,
        eligible: np.ndarray,
        lead: np.ndarray,
        redundancy: float,
        pair_extra: np.ndarray | None = None,
    ) -> None:
        n = costs.shape[0]
        self.x, self.costs, self.eligible, self.lead, self.redundancy = x, costs, eligible, lead, redundancy
        self.pair_extra = np.zeros(n) if pair_extra is None else pair_extra
        self.chosen = np.zeros(n, dtype=bool)
        self.max_sim = np.zeros(n)
        self.used = 0.0
        self.has_lead = lead >= 0
        # a pair is a sentence and the one just before it; a sentence that leans further back is only
        # taken alone, once what it leans on is in
        self.has_pair = self.has_lead & (lead == np.arange(n) - 1)
        self.lead_idx = np.where(self.has_lead, lead, 0)
        self.pair_cost = costs + costs[self.lead_idx] + self.pair_extra
        # what does not change between picks
        self._available = eligible.copy()  # eligible and not chosen
        self._pair_sim = np.zeros(n)
        self._standalone = lead == STANDALONE
        lead_of_lead = lead[self.lead_idx]
        self._lead_standalone = (lead_of_lead == STANDALONE) | (lead_of_lead == FORWARD)
        self._lead_has_lead = lead_of_lead >= 0
        self._lead_lead_idx = np.maximum(lead_of_lead, 0)
        # the cheapest unit there is: once the room left is below it, nothing fits
        self._cheapest = min(
            float(costs.min(initial=np.inf, where=eligible)),
            float(self.pair_cost.min(initial=np.inf, where=eligible & self.has_pair)),
        )

    @property
    def pair_sim(self) -> np.ndarray:
        """Highest cosine to the selection of each sentence or its lead."""
        return self._pair_sim

    def exhausted(self, limit: float) -> bool:
        """True when no unit fits in what is left of ``limit`` (then :meth:`options` allows none)."""
        return limit - self.used < self._cheapest

    def options(self, limit: float) -> tuple[np.ndarray, np.ndarray]:
        """Masks of the sentences that may be taken alone, and of those that may be taken with their lead."""
        room = limit - self.used
        chosen = self.chosen
        lead_done = self.has_lead & chosen[self.lead_idx]
        single = self._available & (self._standalone | lead_done)
        single &= (self.costs <= room) & (self.max_sim < self.redundancy)
        lead_stands = self._lead_standalone | (self._lead_has_lead & chosen[self._lead_lead_idx])
        pair = self._available & self.has_pair & ~lead_done & lead_stands & (self.pair_cost <= room)
        return single, pair & (self._pair_sim < self.redundancy)

    def best(self, value_single: np.ndarray, value_pair: np.ndarray) -> tuple[int, ...] | None:
        """The unit with the highest value (``-inf`` where not allowed); ties go to a single, then to input order."""
        i, j = int(value_single.argmax()), int(value_pair.argmax())
        if value_single[i] == -np.inf and value_pair[j] == -np.inf:
            return None
        return (int(self.lead[j]), j) if value_pair[j] > value_single[i] else (i,)

    def unit_cost(self, members: tuple[int, ...]) -> float:
        """What a unit costs: its sentences, plus the gap inside a pair."""
        extra = float(self.pair_extra[members[-1]]) if len(members) > 1 else 0.0
        return float(sum(map(self.costs.item, members))) + extra

    def take(self, members: tuple[int, ...]) -> None:
        """Add a unit to the selection."""
        self.used += self.unit_cost(members)
        for m in members:
            self.chosen[m] = True
            self._available[m] = False
            np.maximum(self.max_sim, similarities(self.x, m), out=self.max_sim)
        np.maximum(self.max_sim, self.max_sim[self.lead_idx], out=self._pair_sim)


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
    with), ``FORWARD`` (leads in to the next sentence: only the lead of a
    pair with it) or the index of the sentence ``i`` leans on (a lead need
    not be eligible itself). ``pair_extra[i]`` is what pairing ``i`` with its lead costs
    beyond the two sentences (the characters between them, for a character
    budget). Inputs are not modified.
    """
    state = UnitState(x, costs, eligible=eligible, lead=lead, redundancy=redundancy, pair_extra=pair_extra)
    keep = 1.0 - diversity
    kept_score = keep * scores
    kept_pair_score = keep * ((scores + scores[state.lead_idx]) / 2)
    picks: list[Pick] = []
    while (max_picks is None or len(picks) < max_picks) and not state.exhausted(limit):
        single, pair = state.options(limit)
        value_single = np.where(single, kept_score - diversity * state.max_sim, -np.inf)
        value_pair = np.where(pair, kept_pair_score - diversity * state.pair_sim, -np.inf)
        members = state.best(value_single, value_pair)
        if members is None:
            break
        state.take(members)
        picks.append(Pick(members, sum(map(scores.item, members)) / len(members)))
    return picks


@registry.selectors.register("mmr.v1")
class MMRSelector:
    """Budgeted greedy maximal marginal relevance over a prepared input (see the module docstring).

    Parameters
    ----------
    diversity : float, default=0.3
        ``value = (1 - diversity) * score - diversity * max_sim``.
    """

    def __init__(self, *, diversity: float = 0.3) -> None:
        self.diversity = diversity

    @classmethod
    def from_config(cls, config: Any) -> MMRSelector:
        """The selector of a :class:`~precis.config.SummarizerConfig`."""
        return cls(diversity=config.diversity)

    def __call__(self, prep: Prepared, budget: Budget, /) -> list[Pick]:
        """The units chosen within ``budget``."""
        return select(
            prep.x,
            prep.scores,
            prep.costs(budget),
            limit=budget.limit(total_words=int(prep.n_words.sum())),
            eligible=prep.eligible,
            lead=prep.lead,
            diversity=self.diversity,
            redundancy=prep.redundancy,
            pair_extra=prep.pair_extra(budget),
        )
