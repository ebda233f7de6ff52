"""The context-safety check the tests share: is an item shown without the sentence it leans on?

An item's first sentence may lean on the sentence before it, or on one further
back (:attr:`precis.analysis.document.Document.leans`, ``leans_far``,
``antecedents``): that sentence must be in the item or in an item shown before
it in the same list; one whose antecedent cannot be told is never safe. Its last sentence
may lead in to the next one (ends with ":"): that one must be in the item or
shown after it.
"""

from __future__ import annotations

from collections.abc import Sequence

from precis import Article, SummaryItem
from precis.analysis.document import Document


def unsafe_items(items: Sequence[SummaryItem], articles: Sequence[Article]) -> list[str]:
    """The texts of ``items`` (one shown list, in order) shown without what they lean on."""
    by_id = {a.id: a for a in articles}
    spans = [(i.citations[0].article_id, i.citations[0].start, i.citations[0].end) for i in items]
    out = []
    for pos, (art, start, end) in enumerate(spans):
        doc = Document.of(by_id[art])
        covered = [k for k, s in enumerate(doc.sentences) if s.start < end and s.end > start]
        if not covered:
            continue
        first, last = covered[0], covered[-1]

        def shown(k: int, where: Sequence[tuple[str, int, int]], art: str = art, doc: Document = doc) -> bool:
            s = doc.sentences[k]
            return any(a == art and b <= s.start and s.end <= e for a, b, e in where)

        # what the first sentence leans on: the one before it, or one further back (None: cannot be told)
        need = (doc.antecedents[first] if doc.leans_far[first] else first - 1) if doc.leans[first] else -2
        if need is None or (need != -2 and (need < 0 or not shown(need, spans[: pos + 1]))):
            out.append(items[pos].text)
        elif doc.leads_in[last] and (last + 1 >= len(doc.sentences) or not shown(last + 1, spans[pos:])):
            out.append(items[pos].text)
    return out
