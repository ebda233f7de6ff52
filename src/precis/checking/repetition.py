"""Repetition: a summary sentence that restates an earlier one.

Sentence ``j`` restates an earlier sentence ``i`` when the cosine of their
vectors reaches ``threshold``: by default the representation's own
redundancy threshold (TF-IDF 0.5, embeddings 0.8), the very test the
summarizer uses to keep a summary free of repeats. With the representer fitted
on the sources (as :class:`~.alignment.SourceIndex` does), a precis summary
therefore never gets a repetition flag, while a summary that says a thing
twice in other words does.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..model import Flag
from ..represent import cosine

if TYPE_CHECKING:
    from ..represent import Matrix

__all__ = ["repetition_flags"]


def repetition_flags(texts: Sequence[str], vectors: Matrix, *, threshold: float) -> list[Flag | None]:
    """For each sentence, a ``repetition`` flag naming the earliest sentence it restates, or ``None``.

    Examples
    --------
    >>> from precis.represent.tfidf import TfidfRepresenter
    >>> texts = ["Putin is cautious and calculating about force.", "Talks resume in Geneva.",
    ...          "Putin is careful, cautious and calculating about force."]
    >>> rep = TfidfRepresenter().fit(texts + ["Geneva hosts talks on Ukraine."])
    >>> flags = repetition_flags(texts, rep.transform(texts), threshold=0.5)
    >>> [f.message if f else None for f in flags]
    [None, None, 'restates sentence 1']
    """
    if not texts:
        return []
    sims = cosine(vectors, vectors)
    out: list[Flag | None] = []
    for j, text in enumerate(texts):
        earlier = np.flatnonzero(sims[j, :j] >= threshold)
        if earlier.size:
            out.append(Flag("repetition", 0, len(text), f"restates sentence {int(earlier[0]) + 1}"))
        else:
            out.append(None)
    return out
