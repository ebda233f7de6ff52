"""One contract for every registered selector: the same checks, whatever the strategy.

Each selector of ``registry.selectors`` is made with its default settings and
called on generated pools (a prepared input for the summarizer's selectors,
one timeline date for ``datewise.v2``). Whatever it picks holds the budget,
is verbatim at its span, is the same on a second call, and leaves the pool
as it was. A newly registered selector fails here until it has a pool builder.
"""

from __future__ import annotations

import copy
import pickle
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.sparse import issparse
from tests.property.test_invariants import stories

from precis import Article, Budget
from precis.analysis.segmenter import Segmenter
from precis.config import SummarizerConfig, TimelineConfig, registry
from precis.model import count_words
from precis.represent.tfidf import TfidfRepresenter
from precis.stories.datewise import DatePool
from precis.summarizer.selection import Pick, Selector, get_selector
from precis.summarizer.summarizer import Summarizer

SETTINGS = settings(
    deadline=None,
    database=None,
    max_examples=30,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

budgets = st.one_of(
    st.builds(lambda v: Budget("words", v), st.integers(5, 150)),
    st.builds(lambda v: Budget("chars", v), st.integers(20, 1200)),
    st.builds(lambda v: Budget("sentences", v), st.integers(1, 6)),
)


@st.composite
def prepared_pools(draw: st.DrawFn) -> Any:
    """A prepared input, as the summarizer's selectors get it (sometimes with a query)."""
    articles = draw(stories())
    query = draw(st.sampled_from([None, "council budget vote", "storm flood river"]))
    return Summarizer().prepare(articles, query=query)


@st.composite
def date_pools(draw: st.DrawFn) -> DatePool:
    """One timeline date built by hand: some of the sentences, weights, a topic prior, earlier picks."""
    texts = draw(stories())
    start = datetime(2023, 5, 1)
    articles = [Article(a.id, a.text, published=start + timedelta(days=k)) for k, a in enumerate(texts)]
    segmenter = Segmenter()
    sentences = [s for a in articles for s in segmenter(a)]
    n = len(sentences)
    x = TfidfRepresenter().fit_transform([s.text for s in sentences])
    rows = np.array(sorted(draw(st.sets(st.integers(0, n - 1), min_size=1, max_size=n))), dtype=np.intp)
    weight = np.array(draw(st.lists(st.sampled_from([1.0, 0.5]), min_size=len(rows), max_size=len(rows))))
    mean = np.asarray(x[rows].T @ weight).ravel()
    norm = float(np.linalg.norm(mean))
    taken = tuple(draw(st.lists(st.integers(0, n - 1), max_size=2, unique=True)))
    return DatePool(
        articles=articles,
        sentences=sentences,
        x=x,
        rows=rows,
        centroid=mean / norm if norm else mean,
        prior=np.array(draw(st.lists(st.floats(0, 1), min_size=len(rows), max_size=len(rows)))),
        weight=weight,
        tie=_tie(sentences, rows),
        taken=taken,
        redundancy=draw(st.sampled_from([0.3, 0.5, 0.99])),
    )


def _tie(sentences: list[Any], rows: np.ndarray) -> np.ndarray:
    """Each candidate's place in (article id, sentence index) order."""
    order = sorted(range(len(rows)), key=lambda k: (sentences[rows[k]].article_id, sentences[rows[k]].index))
    tie = np.empty(len(rows), dtype=np.intp)
    tie[order] = np.arange(len(rows))
    return tie


# how each selector's pool is made: a selector registered without one fails test_every_selector_has_a_pool
POOLS: dict[str, Callable[[], st.SearchStrategy[Any]]] = {
    "mmr.v1": prepared_pools,
    "coverage.v1": prepared_pools,
    "outline.v1": prepared_pools,
    "datewise.v2": date_pools,
}
# the feature config each selector is made from
CONFIGS: dict[str, object] = {
    "mmr.v1": SummarizerConfig(),
    "coverage.v1": SummarizerConfig(selection="coverage"),
    "outline.v1": SummarizerConfig(outline_points=2),
    "datewise.v2": TimelineConfig(),
}
NAMES = registry.selectors.names()


@dataclass(frozen=True, slots=True)
class _State:
    obj: object
    pickled: bytes


def _snapshot(pool: object) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(pool):  # type: ignore[arg-type]
        value = getattr(pool, f.name)
        if hasattr(value, "get_params"):  # a representer: compared by identity and pickled state
            out[f.name] = _State(value, pickle.dumps(value))
        else:
            out[f.name] = value.copy() if issparse(value) or isinstance(value, np.ndarray) else copy.deepcopy(value)
    return out


def _same(a: object, b: object) -> bool:
    if issparse(a):
        return (a != b).nnz == 0  # type: ignore[operator, union-attr]
    if isinstance(a, np.ndarray):
        return np.array_equal(a, b)  # type: ignore[arg-type]
    if isinstance(a, _State) and isinstance(b, _State):  # a fitted representer: the same object, its state unchanged
        return a.obj is b.obj and a.pickled == b.pickled
    return a == b


def _cost(pool: Any, pick: Pick, unit: str) -> int:
    """What a pick costs: its words, its characters (a pair with the gap between), or its sentences."""
    members = [pool.sentences[m] for m in pick.members]
    if unit == "words":
        return sum(count_words(s.text) for s in members)
    if unit == "chars":
        return members[-1].end - members[0].start
    return len(members)


def _check_contract(selector: Selector[Any], pool: Any, budget: Budget) -> None:
    before = _snapshot(pool)
    picks = selector(pool, budget)
    by_id = {a.id: a for a in pool.articles}
    for m in (m for p in picks for m in p.members):
        sent = pool.sentences[m]
        assert by_id[sent.article_id].text[sent.start : sent.end] == sent.text  # verbatim at its span
    for p in picks:
        assert list(p.members) == sorted(p.members)
        assert all(b == a + 1 for a, b in zip(p.members, p.members[1:], strict=False))  # a unit is consecutive
        assert np.isfinite(p.score)
    total_words = sum(count_words(s.text) for s in pool.sentences)
    assert sum(_cost(pool, p, budget.counted_unit) for p in picks) <= budget.limit(total_words=total_words)
    assert selector(pool, budget) == picks  # deterministic
    after = _snapshot(pool)
    assert all(_same(before[k], after[k]) for k in before), "the selector modified its pool"


def test_selectors_every_selector_has_a_pool_and_a_config() -> None:
    assert set(NAMES) == set(POOLS) == set(CONFIGS)
    assert {"mmr.v1", "coverage.v1", "outline.v1", "datewise.v2"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_selectors_are_made_from_their_feature_config(name: str) -> None:
    factory = registry.selectors.get(name)
    assert registry.selectors.get(name) is factory  # one class per name
    selector = get_selector(name, CONFIGS[name])
    assert isinstance(selector, factory)
    assert callable(selector)


@pytest.mark.parametrize("name", NAMES)
@SETTINGS
@given(data=st.data(), budget=budgets)
def test_selectors_contract(name: str, data: st.DataObject, budget: Budget) -> None:
    pool = data.draw(POOLS[name]())
    _check_contract(registry.selectors.get(name)(), pool, budget)
    _check_contract(get_selector(name, CONFIGS[name]), pool, budget)


@pytest.mark.parametrize("name", NAMES)
@SETTINGS
@given(data=st.data(), budget=budgets)
def test_selectors_pick_each_sentence_once(name: str, data: st.DataObject, budget: Budget) -> None:
    pool = data.draw(POOLS[name]())
    picks = registry.selectors.get(name)()(pool, budget)
    members = [m for p in picks for m in p.members]
    assert len(set(members)) == len(members), picks
