"""Output order of summary items: chronological, by relevance, or as in the input."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from ..model import Article

__all__ = ["order_keys"]

_EPOCH_MAX = datetime.max.replace(tzinfo=UTC)


def _when(article: Article) -> datetime:
    """Comparable publication time: naive times are read as UTC; undated sorts last."""
    if article.published is None:
        return _EPOCH_MAX
    if article.published.tzinfo is None:
        return article.published.replace(tzinfo=UTC)
    return article.published


def order_keys(
    picks: Sequence[tuple[int, int, float]],
    articles: Sequence[Article],
    *,
    order: Literal["chronological", "relevance", "document"],
) -> list[int]:
    """Positions of ``picks`` in output order.

    Each pick is ``(article_position, sentence_index, score)``. Chronological
    order sorts by the article's publication time (undated last, in input
    order), then article position, then sentence; relevance by score, high
    first; document by article position then sentence. Ties never depend on
    anything but these numbers.
    """

    def key(p: int) -> tuple[object, ...]:
        art, idx, score = picks[p]
        if order == "relevance":
            return (-score, art, idx)
        if order == "chronological":
            return (_when(articles[art]), art, idx)
        return (art, idx)

    return sorted(range(len(picks)), key=key)
