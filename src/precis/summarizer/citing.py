"""A picked sentence -> a summary item: its span, the articles that state the same, and those that disagree.

- ``citations[0]`` is the span the text comes from (a sentence, or a
  sentence and the one it leans on).
- Corroboration: another article is cited only where it states *everything*
  the item says (:func:`states`): for every sentence of the item, a sentence
  of that article with cosine at least ``prep.corroboration`` that gives
  every figure of it with the same value in any form ("eight" and "8"; "1.5
  million" and "1,500,000"; "about" does not change a value, but "more than
  90" is not 92), every day it names (but the day something was said), the
  people, places and bodies it names, most of its other content words, from
  the same source where both say who said it ("police said" is not "rescue
  workers said"), and says it as a fact where the item does (not "would",
  "hopes to", "was preparing to"). Each such sentence is cited.
- Conflicts (:mod:`precis.summarizer.conflicts`): sentences of other articles
  about the same thing (cosine at least ``CONFLICT_SIMILARITY`` times
  ``prep.corroboration``) that give another figure for the same quantity of
  the same event, or, when about the same thing (cosine at least ``NEAR``
  times it), another day or another name. An article that states the item
  is not also shown at odds with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..analysis.document import Document
from ..model import Citation, Conflict, SummaryItem
from ..represent import similarities
from .conflicts import Reported, find_conflicts, number_conflict
from .quantity import relation
from .statements import Statement, names_overlap, other_event, statement_of

if TYPE_CHECKING:
    from .prepared import Prepared
    from .selection import Pick

__all__ = ["CONFLICT_SIMILARITY", "COVERAGE", "NEAR", "cite", "states"]

CONFLICT_SIMILARITY = 0.15  # of the corroboration threshold: 0.075 in TF-IDF mode
NEAR = 0.5  # of the corroboration threshold: about the same thing, for dates and names
COVERAGE = 0.6  # share of a sentence's content words another sentence must have to state it


def states(ours: Statement, theirs: Statement) -> bool:
    """Whether ``theirs`` states what ``ours`` says, with the same figures (see the module docstring)."""
    if ours.modal != theirs.modal:
        return False
    if ours.speakers and theirs.speakers and not ours.speakers & theirs.speakers:
        return False  # the same words from another source ("police said", "rescue workers said")
    for n in ours.figures:
        if not any(relation(n, m) == "same" for m in theirs.figures):
            return False
    for t in ours.times:
        if not t.said and not any(t.overlaps(u) for u in theirs.times if not u.said):
            return False
    if number_conflict(Reported(ours), Reported(theirs)):
        return False
    if not _names_stated(ours, theirs):
        return False
    if other_event(ours.context(), theirs.context()):
        return False
    return bool(ours.stems) and len(ours.stems & theirs.stems) >= COVERAGE * len(ours.stems)


def _names_stated(ours: Statement, theirs: Statement) -> bool:
    """Every name of ``ours`` is in ``theirs`` (a word of it: "Ms. Loris" and "Anna Loris"), but at most one
    single word of a name of several ("American" and "U.S.")."""
    named = frozenset(n for _, n in theirs.names)
    missing = [n for _, n in ours.names if not names_overlap(frozenset({n}), named)]
    if not missing:
        return True
    if len(missing) > 1 or len(missing[0].split()) > 1:
        return False
    return missing[0] in theirs.text.lower() or len(ours.names) >= 4


def cite(prep: Prepared, pick: Pick) -> SummaryItem:
    """The summary item of ``pick``: its verbatim span, corroborating citations and conflicts."""
    first, last = prep.sentences[pick.members[0]], prep.sentences[pick.members[-1]]
    art = prep.articles[int(prep.article_pos[pick.members[0]])]
    citations = [Citation(art.id, first.start, last.end)]
    conflicts: list[Conflict] = []
    if len(prep.articles) > 1:
        support, conflicts = _others(prep, list(pick.members))
        citations += support
    return SummaryItem(
        text=art.text[first.start : last.end],
        score=round(pick.score, 6),
        citations=tuple(citations),
        sentences=len(pick.members),
        conflicts=tuple(conflicts),
    )


def _statement(prep: Prepared, i: int) -> Statement:
    return statement_of(prep.sentences[i], prep.articles[int(prep.article_pos[i])])


def _others(prep: Prepared, members: list[int]) -> tuple[list[Citation], list[Conflict]]:
    """The sentences of every other article that state all the item says, and the conflicts."""
    own = prep.article_pos[members[0]]
    others = (prep.article_pos != own) & _news(prep)
    found: dict[int, list[int]] = {}  # article -> its sentences that state the item, one per member
    best: dict[int, tuple[float, Conflict]] = {}
    for k, member in enumerate(members):
        sims = similarities(prep.x, member)
        ours = _statement(prep, member)
        hits = np.flatnonzero((sims >= prep.corroboration) & others)
        stating: dict[int, tuple[float, int]] = {}
        for i in hits:
            a = int(prep.article_pos[i])
            if (k == 0 or a in found) and states(ours, _statement(prep, int(i))):
                if a not in stating or sims[i] > stating[a][0]:
                    stating[a] = (float(sims[i]), int(i))
        found = {a: [*found.get(a, []), i] for a, (_, i) in stating.items() if k == 0 or a in found}
        near = np.flatnonzero((sims >= CONFLICT_SIMILARITY * prep.corroboration) & others)
        conflicts = find_conflicts(member, prep.sentences, prep.articles, prep.article_pos, sims, near,
                                   close=NEAR * prep.corroboration, restates=prep.corroboration,
                                   corroboration=prep.corroboration)  # fmt: skip
        for a, (sim, conflict) in conflicts.items():
            if a not in best or sim > best[a][0]:
                best[a] = (sim, conflict)
    support = [prep.sentences[i].citation for a in sorted(found) for i in dict.fromkeys(found[a])]
    shown = [best[a][1] for a in sorted(best) if a not in found]  # an article that states the item is not at odds
    return _merge(support, prep), shown


def _news(prep: Prepared) -> np.ndarray:
    """Whether each sentence is news (not boilerplate nor a heading): what may be cited, whether or not
    selection may pick it (an update leaves out what the reader has seen, but it still states the item)."""
    out = np.asarray(prep.eligible, dtype=bool).copy()
    for i, (p, s) in enumerate(zip(prep.article_pos, prep.sentences, strict=True)):
        doc = Document.of(prep.articles[int(p)])
        if 0 <= s.index < len(doc.sentences) and doc.sentences[s.index] == s:
            out[i] = doc.news[s.index]
    return out


def _merge(citations: list[Citation], prep: Prepared) -> list[Citation]:
    """Adjacent sentences of one article cited for one item: one span."""
    texts = {a.id: a.text for a in prep.articles}
    out: list[Citation] = []
    for c in citations:
        last = out[-1] if out else None
        if last and last.article_id == c.article_id and last.end <= c.start:
            if not texts[c.article_id][last.end : c.start].strip():
                out[-1] = Citation(c.article_id, last.start, c.end)
                continue
        out.append(c)
    return out
