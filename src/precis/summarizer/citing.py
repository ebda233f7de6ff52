"""A picked sentence -> a summary item: its span, the articles that say the same, and those that disagree.

- ``citations[0]`` is the span the text comes from (a sentence, or a
  sentence and the one it leans on).
- Corroboration: for every other article, its closest eligible sentence
  with cosine at least ``prep.corroboration`` to the item's main sentence,
  unless it gives a different figure (then it is a conflict, not support).
- Conflicts (:mod:`precis.summarizer.conflicts`): sentences of other articles about the
  same thing (cosine at least ``CONFLICT_SIMILARITY`` times
  ``prep.corroboration``) that give another number for the same count, or,
  when they are near restatements, another day or another name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..lexicon.quantities import conflicting_numbers
from ..model import Citation, Conflict, SummaryItem
from ..represent import similarities
from .conflicts import find_conflicts

if TYPE_CHECKING:
    from .prepared import Prepared
    from .selection import Pick

__all__ = ["CONFLICT_SIMILARITY", "cite"]

CONFLICT_SIMILARITY = 0.3  # of the corroboration threshold: 0.15 in TF-IDF mode


def cite(prep: Prepared, pick: Pick) -> SummaryItem:
    """The summary item of ``pick``: its verbatim span, corroborating citations and conflicts."""
    first, last = prep.sentences[pick.members[0]], prep.sentences[pick.members[-1]]
    art = prep.articles[int(prep.article_pos[pick.members[0]])]
    citations = [Citation(art.id, first.start, last.end)]
    conflicts: list[Conflict] = []
    if len(prep.articles) > 1:
        support, conflicts = _others(prep, pick.members[-1])
        citations += support
    return SummaryItem(
        text=art.text[first.start : last.end],
        score=round(pick.score, 6),
        citations=tuple(citations),
        sentences=len(pick.members),
        conflicts=tuple(conflicts),
    )


def _others(prep: Prepared, main: int) -> tuple[list[Citation], list[Conflict]]:
    """The closest sentence of every other article that says what ``main`` says, and the conflicts."""
    sims = similarities(prep.x, main)
    others = (prep.article_pos != prep.article_pos[main]) & prep.eligible
    hits = np.flatnonzero((sims >= prep.corroboration) & others)
    best: dict[int, int] = {}
    main_text = prep.sentences[main].text
    for i in hits:
        if conflicting_numbers(main_text, prep.sentences[i].text):
            continue
        art = int(prep.article_pos[i])
        if art not in best or sims[i] > sims[best[art]]:
            best[art] = int(i)
    support = [prep.sentences[best[a]].citation for a in sorted(best)]
    near = np.flatnonzero((sims >= CONFLICT_SIMILARITY * prep.corroboration) & others)
    near = near[~np.isin(prep.article_pos[near], list(best))]  # an article that agrees is not also at odds
    conflicts = find_conflicts(main, prep.sentences, prep.articles, prep.article_pos, sims, near,
                               close=prep.corroboration)  # fmt: skip
    return support, conflicts
