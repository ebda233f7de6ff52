"""Selection: budget, redundancy, leaning sentences, determinism."""

from __future__ import annotations

import numpy as np

from precis.summarizer.selection import STANDALONE, UNAVAILABLE, select


def unit_rows(*rows: list[float]) -> np.ndarray:
    x = np.array(rows, dtype=float)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def run(x, scores, costs, limit, lead=None, eligible=None, redundancy=0.9, diversity=0.3, max_picks=None):
    n = len(scores)
    return select(
        x,
        np.array(scores, dtype=float),
        np.array(costs, dtype=float),
        limit=limit,
        eligible=np.ones(n, bool) if eligible is None else np.array(eligible),
        lead=np.full(n, STANDALONE) if lead is None else np.array(lead),
        diversity=diversity,
        redundancy=redundancy,
        max_picks=max_picks,
    )


X4 = unit_rows([1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1])


def test_selection_takes_best_that_fit_the_budget() -> None:
    picks = run(X4, [0.9, 0.8, 0.7, 0.1], [10, 10, 10, 10], limit=25)
    assert [p.members for p in picks] == [(0,), (1,)]


def test_selection_skips_what_does_not_fit_and_continues() -> None:
    picks = run(X4, [0.9, 0.8, 0.7, 0.1], [10, 30, 5, 10], limit=20)
    assert [p.members for p in picks] == [(0,), (2,)]
    assert sum([10, 30, 5, 10][m] for p in picks for m in p.members) <= 20


def test_selection_never_takes_a_near_duplicate() -> None:
    x = unit_rows([1, 0], [1, 0.05], [0, 1])
    picks = run(x, [0.9, 0.89, 0.2], [1, 1, 1], limit=3, redundancy=0.8)
    assert [p.members for p in picks] == [(0,), (2,)]


def test_selection_pairs_a_leaning_sentence_with_its_lead() -> None:
    # sentence 1 leans on 0; 0 alone is weak, 1 is strong: the pair is taken as one unit
    picks = run(X4, [0.2, 1.0, 0.3, 0.0], [5, 5, 5, 5], limit=10, lead=[STANDALONE, 0, STANDALONE, STANDALONE])
    assert picks[0].members == (0, 1)
    assert picks[0].score == (0.2 + 1.0) / 2


def test_selection_passes_over_a_leaning_sentence_that_cannot_be_paired() -> None:
    picks = run(
        X4, [0.2, 1.0, 0.3, 0.0], [5, 5, 5, 5], limit=20, lead=[STANDALONE, UNAVAILABLE, STANDALONE, STANDALONE]
    )
    assert all(1 not in p.members for p in picks)


def test_selection_takes_a_leaning_sentence_alone_once_its_lead_is_in() -> None:
    picks = run(X4, [1.0, 0.9, 0.0, 0.0], [5, 5, 5, 5], limit=10, lead=[STANDALONE, 0, STANDALONE, STANDALONE])
    assert [p.members for p in picks] == [(0,), (1,)]


def test_selection_pair_must_fit_whole() -> None:
    picks = run(X4, [0.2, 1.0, 0.3, 0.0], [8, 8, 5, 5], limit=10, lead=[STANDALONE, 0, STANDALONE, STANDALONE])
    assert all(p.members != (0, 1) for p in picks)


def test_selection_ties_go_to_the_earlier_sentence() -> None:
    x = unit_rows([1, 0], [0, 1])
    assert [p.members for p in run(x, [0.5, 0.5], [1, 1], limit=1)] == [(0,)]


def test_selection_does_not_modify_inputs_and_respects_max_picks() -> None:
    scores = np.array([0.9, 0.8, 0.7, 0.1])
    before = scores.copy()
    picks = run(X4, scores, [1, 1, 1, 1], limit=10, max_picks=2)
    assert len(picks) == 2
    assert np.array_equal(scores, before)


def test_selection_works_on_sparse_rows() -> None:
    from scipy.sparse import csr_matrix

    picks = run(csr_matrix(X4), [0.9, 0.8, 0.7, 0.1], [10, 10, 10, 10], limit=25)
    assert [p.members for p in picks] == [(0,), (1,)]
