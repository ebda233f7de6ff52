"""Repetition: a summary sentence that restates an earlier one.

Sentence ``j`` restates an earlier sentence ``i`` when both hold:

- the cosine of their vectors reaches ``threshold``: by default the
  representation's own redundancy threshold (TF-IDF 0.5, embeddings 0.8), the
  very test the summarizer uses to keep a summary free of repeats. With the
  representer fitted on the sources (as :class:`~.alignment.SourceIndex`
  does), a precis summary therefore never gets a repetition flag;
- they share at least ``min_shared`` content stems, making up at least
  ``overlap`` of the shorter sentence's stems. Words the sources lack have no
  place in a source-fitted vector, so two sentences about something the
  sources never mention can look alike there on one shared word; this second
  test counts every word.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from ..analysis.tokens import stems
from ..model import Flag
from ..represent import cosine

if TYPE_CHECKING:
    from ..represent import Matrix

__all__ = ["repetition_flags"]


def repetition_flags(
    texts: Sequence[str], vectors: Matrix, *, threshold: float, overlap: float = 0.5, min_shared: int = 3
) -> list[Flag | None]:
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
    bags = [set(stems(t)) for t in texts]
    out: list[Flag | None] = []
    for j, text in enumerate(texts):
        flag = None
        for i in np.flatnonzero(sims[j, :j] >= threshold):
            shared = len(bags[j] & bags[i])
            if shared >= min_shared and shared >= overlap * min(len(bags[j]), len(bags[i])):
                flag = Flag("repetition", 0, len(text), f"restates sentence {int(i) + 1}")
                break
        out.append(flag)
    return out
