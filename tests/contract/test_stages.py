"""One contract for every Representer: the same checks, whatever the backend."""

from __future__ import annotations

import numpy as np
import pytest

from precis.represent import Representer, cosine, make_representer

TEXTS = [
    "Russia massed troops near the border with Ukraine.",
    "Troops from Russia gathered near the Ukrainian border.",
    "The central bank left interest rates unchanged.",
    "of the and",  # no content words at all
]

REPRESENTERS = [
    pytest.param("tfidf", id="tfidf"),
    pytest.param("embeddings", id="embeddings", marks=pytest.mark.model),
]


def _dense(x: object) -> np.ndarray:
    return np.asarray(x.toarray() if hasattr(x, "toarray") else x, dtype=float)  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", REPRESENTERS)
def test_stages_representer_contract(name: str) -> None:
    rep: Representer = make_representer(name)  # type: ignore[arg-type]
    texts = list(TEXTS)
    assert rep.fit(texts) is rep
    assert texts == TEXTS  # input not modified
    x = _dense(rep.transform(texts))
    assert x.shape[0] == len(TEXTS)
    norms = np.linalg.norm(x, axis=1)
    assert np.all(np.isclose(norms, 1.0, atol=1e-5) | np.isclose(norms, 0.0))
    assert np.array_equal(x, _dense(rep.transform(texts)))  # deterministic
    sims = cosine(x, x)
    assert sims[0, 1] > sims[0, 2]  # paraphrase closer than an unrelated sentence
    assert 0.0 < rep.redundancy < 1.0
