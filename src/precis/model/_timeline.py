"""Timelines: dated entries of cited items (see :func:`precis.stories.timeline.build_timeline`).

``Timeline.to_dict`` is the JSON contract ``precis.timeline/1``::

    {"schema": "precis.timeline/1",
     "reason": null | str,              # why there are no entries
     "entries": [{"date": "YYYY-MM-DD",
                  "score": float,         # how strongly the input points at the date
                  "items": [<precis.summary/1 item: text, score, sentences, citations>]}],
     "undated": [article id, ...],       # articles without a publication date
     "articles": [<precis.summary/1 article>],
     "settings": {...}}

Entries are in chronological order; every item's text is
``article.text[start:end]`` of its first citation. ``Timeline.from_dict``
inverts ``to_dict`` exactly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from ._summary import Article, SummaryItem, check_schema, find_article

__all__ = ["TIMELINE_SCHEMA", "Timeline", "TimelineEntry"]

TIMELINE_SCHEMA = "precis.timeline/1"


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One date of a timeline and the cited sentences that say what happened on it."""

    date: date
    items: tuple[SummaryItem, ...]
    score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"date": self.date.isoformat(), "score": self.score, "items": [i.to_dict() for i in self.items]}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TimelineEntry:
        """Inverse of :meth:`to_dict`."""
        return cls(
            date=date.fromisoformat(data["date"]),
            items=tuple(SummaryItem.from_dict(i) for i in data["items"]),
            score=float(data.get("score", 0.0)),
        )


@dataclass(frozen=True, slots=True)
class Timeline:
    """Dated entries in chronological order, the articles they cite, and the undated articles.

    ``undated`` lists the ids of articles without a publication date: their
    relative expressions ("on Monday") could not be resolved, though their
    explicit dates were used. ``reason`` explains a timeline without entries.
    """

    entries: tuple[TimelineEntry, ...]
    articles: tuple[Article, ...]
    undated: tuple[str, ...] = ()
    settings: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None

    @property
    def dates(self) -> tuple[date, ...]:
        """The dates of the entries, in order."""
        return tuple(e.date for e in self.entries)

    def article(self, article_id: str) -> Article:
        """The article with this id."""
        return find_article(self.articles, article_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract ``precis.timeline/1``."""
        return {
            "schema": TIMELINE_SCHEMA,
            "reason": self.reason,
            "entries": [e.to_dict() for e in self.entries],
            "undated": list(self.undated),
            "articles": [a.to_dict() for a in self.articles],
            "settings": dict(self.settings),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Timeline:
        """Inverse of :meth:`to_dict`; rejects other schema versions."""
        check_schema(data, TIMELINE_SCHEMA)
        return cls(
            entries=tuple(TimelineEntry.from_dict(e) for e in data["entries"]),
            articles=tuple(Article.from_dict(a) for a in data["articles"]),
            undated=tuple(data.get("undated") or ()),
            settings=dict(data.get("settings") or {}),
            reason=data.get("reason"),
        )
