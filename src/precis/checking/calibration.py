"""Support score: a logistic model over a sentence's alignment measures and flags.

``score = 1 / (1 + exp(-(b + sum_k w_k * f_k)))``, the estimated probability
that the sources support the sentence. The features ``f_k`` are, in order,
:data:`FEATURES`: the alignment measures of :class:`~.alignment.Alignment`,
the number of flags of each kind that speak to support, and the log of the
sentence's word count. The weights are learned by ``bench/train_checker.py``
from ``faithfulness_dev`` (see the comment at :data:`MODELS`), which also
picks the default threshold between ``supported`` and ``unsupported``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from ..model import Flag
from .alignment import Alignment

__all__ = ["FEATURES", "MODELS", "LogisticModel", "features"]

FEATURES: tuple[str, ...] = (
    "cos_best",
    "stems_best",
    "stems_top",
    "stems_any",
    "bigrams_any",
    "trigrams_any",
    "verbatim",
    "entity",
    "attribution",
    "number",
    "quote",
    "negation",
    "log_words",
)


@dataclass(frozen=True, slots=True)
class LogisticModel:
    """Weights over :data:`FEATURES`, an intercept, and the default verdict threshold."""

    weights: tuple[float, ...]
    intercept: float
    threshold: float

    def __post_init__(self) -> None:
        if len(self.weights) != len(FEATURES):
            raise ValueError(f"A LogisticModel needs {len(FEATURES)} weights, got {len(self.weights)}.")

    def score(self, values: Sequence[float]) -> float:
        """The support probability for one feature vector."""
        z = self.intercept + sum(w * v for w, v in zip(self.weights, values, strict=True))
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


def features(alignment: Alignment, flags: Sequence[Flag], n_words: int) -> tuple[float, ...]:
    """The feature vector of one sentence, in :data:`FEATURES` order."""
    counts = {kind: 0 for kind in ("entity", "attribution", "number", "quote", "negation")}
    for flag in flags:
        if flag.kind in counts:
            counts[flag.kind] += 1
    return (
        alignment.cos_best,
        alignment.stems_best,
        alignment.stems_top,
        alignment.stems_any,
        alignment.bigrams_any,
        alignment.trigrams_any,
        float(alignment.verbatim),
        float(counts["entity"]),
        float(counts["attribution"]),
        float(counts["number"]),
        float(counts["quote"]),
        float(counts["negation"]),
        math.log1p(n_words),
    )


# Learned by `.venv/bin/python bench/train_checker.py` on all of faithfulness_dev (6,739 pairs, 10
# benchmarks): L2 logistic regression (C=1) over summary sentences, weights bounded in sign (support
# measures >= 0; entity/attribution/number/quote/negation flags <= 0); an inconsistent multi-sentence
# summary without sentence labels makes its lowest-scoring sentence a negative (multiple instance, 3
# rounds). The threshold is the one that maximizes the mean balanced accuracy over the ten benchmarks
# of the cross-validated summary scores (5 folds by source document). Cross-validated results:
# bench/results/faithfulness.md. The embeddings mode reuses these weights: not trained on its own yet.
MODELS: dict[str, LogisticModel] = {
    "tfidf": LogisticModel(
        weights=(1.773, 0.000, 0.000, 3.683, 0.635, 1.119, 2.319, 0.000, 0.000, -1.017, -0.509, -0.098, 0.419),
        intercept=-6.518,
        threshold=0.726,
    ),
}
MODELS["embeddings"] = MODELS["tfidf"]
