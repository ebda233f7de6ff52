"""One Summarizer (or Checker) shared by threads gives what one thread gives and never changes a given representer."""

from __future__ import annotations

import copy
from concurrent.futures import ThreadPoolExecutor
from itertools import combinations
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from precis import Article, Checker, Summarizer, render
from precis.analysis.language import looks_english
from precis.readers import read_articles
from precis.represent import clone
from precis.represent.tfidf import TfidfRepresenter

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def inputs() -> list[tuple[list[Article], dict[str, Any]]]:
    """40 different inputs: single articles, pairs and triples of them, with varied budgets and queries."""
    result = read_articles([str(EXAMPLES / "geneva_talks.jsonl"), str(EXAMPLES / "other_news.jsonl")])
    articles = [a for a in result.articles if looks_english(a.text)]
    groups: list[list[Article]] = [[a] for a in articles]
    groups += [list(pair) for pair in combinations(articles[:6], 2)]
    groups += [list(triple) for triple in combinations(articles[:5], 3)]
    options: list[dict[str, Any]] = [
        {"words": 60},
        {"sentences": 2},
        {"words": 90, "query": "NATO expansion"},
        {"chars": 400},
    ]
    out = [(group, options[(k + shift) % len(options)]) for shift in (0, 1) for k, group in enumerate(groups)]
    assert len(out) >= 40
    return out[:40]


def _run(summarizer: Summarizer, item: tuple[list[Article], dict[str, Any]]) -> str:
    articles, options = item
    return render(summarizer.summarize(articles, **options), "json")


@pytest.mark.parametrize("given", [False, True], ids=["config", "caller-representer"])
def test_thread_safety_one_summarizer_shared_by_8_threads_gives_what_one_thread_gives(
    inputs: list[tuple[list[Article], dict[str, Any]]], given: bool
) -> None:
    representer = TfidfRepresenter(redundancy=0.45) if given else None
    before = copy.deepcopy(vars(representer)) if representer is not None else None
    alone = [_run(Summarizer(representer=representer), item) for item in inputs]
    shared = Summarizer(representer=representer)
    for _ in range(2):  # twice: the second round reuses whatever the first left behind
        with ThreadPoolExecutor(8) as pool:
            together = list(pool.map(lambda item: _run(shared, item), inputs))
        assert together == alone
    assert len(set(alone)) == len(alone)  # 40 different inputs, 40 different summaries
    if representer is not None:
        assert vars(representer) == before  # the caller's representer was never fitted
        assert not hasattr(representer, "idf_")


def test_thread_safety_checker_leaves_a_callers_representer_unchanged(
    inputs: list[tuple[list[Article], dict[str, Any]]],
) -> None:
    representer = TfidfRepresenter()
    checker = Checker(representer=representer)
    articles, _ = inputs[0]
    summary = Summarizer().summarize(articles, sentences=2)
    alone = checker.check(summary, articles)
    with ThreadPoolExecutor(4) as pool:
        together = list(pool.map(lambda _: checker.check(summary, articles), range(8)))
    assert all(render(r, "json") == render(alone, "json") for r in together)
    assert vars(representer) == {"redundancy": 0.5}


def test_thread_safety_clone_is_unfitted_with_the_same_parameters() -> None:
    fitted = TfidfRepresenter(redundancy=0.7).fit(["Troops massed near the border.", "Talks ended."])
    fresh = clone(fitted)
    assert type(fresh) is TfidfRepresenter and fresh is not fitted
    assert fresh.get_params() == {"redundancy": 0.7} and not hasattr(fresh, "idf_")
    assert np.array_equal(fitted.idf_, TfidfRepresenter().fit(["Troops massed near the border.", "Talks ended."]).idf_)


def test_thread_safety_clone_deep_copies_a_representer_without_get_params() -> None:
    class Plain:
        redundancy = 0.5

        def __init__(self) -> None:
            self.seen: list[str] = []

        def fit(self, texts: list[str]) -> Plain:
            self.seen += texts
            return self

    plain = Plain()
    copied = clone(plain)  # type: ignore[arg-type]
    copied.fit(["a"])  # type: ignore[arg-type]
    assert plain.seen == []
