"""Digests: a pile of articles as story briefings (see :func:`precis.stories.digest.build_digest`).

``Digest.to_dict`` is the JSON contract ``precis.digest/1``, documented in
``docs/json.md``; ``Digest.from_dict`` inverts it exactly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from ._summary import Article, Citation, SummaryItem, check_schema, find_article
from ._timeline import TimelineEntry

__all__ = ["DIGEST_SCHEMA", "BriefItem", "Digest", "Placement", "Role", "StoryArticle", "StoryBrief"]

DIGEST_SCHEMA = "precis.digest/1"
Role = Literal["reported", "copy", "set apart"]


@dataclass(frozen=True, slots=True)
class StoryArticle:
    """An article of a story; ``copy_of`` names the report it copies (``copy_kind``: how)."""

    id: str
    copy_of: str | None = None
    copy_kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"id": self.id, "copy_of": self.copy_of, "copy_kind": self.copy_kind}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoryArticle:
        """Inverse of :meth:`to_dict`."""
        return cls(data["id"], data.get("copy_of"), data.get("copy_kind"))


@dataclass(frozen=True, slots=True)
class BriefItem:
    """A summary item of a story and who carries it.

    ``outlets`` are the distinct outlets among its citations (copies
    included); ``reports`` counts the distinct reports among them, a copy
    and its original counting once.
    """

    item: SummaryItem
    outlets: tuple[str, ...]
    reports: int

    def to_dict(self) -> dict[str, Any]:
        """The item as in ``precis.summary/1``, plus ``outlets`` and ``reports``."""
        return {**self.item.to_dict(), "outlets": list(self.outlets), "reports": self.reports}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BriefItem:
        """Inverse of :meth:`to_dict`."""
        return cls(SummaryItem.from_dict(data), tuple(data.get("outlets") or ()), int(data.get("reports", 1)))


@dataclass(frozen=True, slots=True)
class StoryBrief:
    """One story of a digest: what it is, who covers it, what they say and when.

    ``articles`` lists every article of the story, earliest first, copies
    marked; ``reason`` says why ``items`` is empty (e.g. the story was past
    the number of stories asked for).
    """

    id: str
    title: str
    articles: tuple[StoryArticle, ...]
    outlets: tuple[str, ...]
    items: tuple[BriefItem, ...]
    timeline: tuple[TimelineEntry, ...] = ()
    published: datetime | None = None
    title_citation: Citation | None = None
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "id": self.id,
            "title": self.title,
            "title_citation": self.title_citation.to_dict() if self.title_citation else None,
            "published": self.published.isoformat() if self.published else None,
            "outlets": list(self.outlets),
            "articles": [a.to_dict() for a in self.articles],
            "items": [i.to_dict() for i in self.items],
            "timeline": [e.to_dict() for e in self.timeline],
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StoryBrief:
        """Inverse of :meth:`to_dict`."""
        published = data.get("published")
        cite = data.get("title_citation")
        return cls(
            id=data["id"],
            title=data["title"],
            articles=tuple(StoryArticle.from_dict(a) for a in data["articles"]),
            outlets=tuple(data.get("outlets") or ()),
            items=tuple(BriefItem.from_dict(i) for i in data["items"]),
            timeline=tuple(TimelineEntry.from_dict(e) for e in data.get("timeline") or ()),
            published=datetime.fromisoformat(published) if published else None,
            title_citation=Citation.from_dict(cite) if cite else None,
            reason=data.get("reason"),
        )


@dataclass(frozen=True, slots=True)
class Placement:
    """Where one input article went: its story and role, or why it was set apart."""

    id: str
    story: str | None
    role: Role
    reason: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"id": self.id, "story": self.story, "role": self.role, "reason": self.reason}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Placement:
        """Inverse of :meth:`to_dict`."""
        return cls(data["id"], data.get("story"), data["role"], data.get("reason"))


@dataclass(frozen=True, slots=True)
class Digest:
    """Story briefings of a pile, in order of size then recency, and where every article went."""

    stories: tuple[StoryBrief, ...]
    placements: tuple[Placement, ...]
    articles: tuple[Article, ...]
    settings: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None

    def article(self, article_id: str) -> Article:
        """The article with this id."""
        return find_article(self.articles, article_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract ``precis.digest/1``."""
        return {
            "schema": DIGEST_SCHEMA,
            "reason": self.reason,
            "stories": [s.to_dict() for s in self.stories],
            "placements": [p.to_dict() for p in self.placements],
            "articles": [a.to_dict() for a in self.articles],
            "settings": dict(self.settings),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Digest:
        """Inverse of :meth:`to_dict`; rejects other schema versions."""
        check_schema(data, DIGEST_SCHEMA)
        return cls(
            stories=tuple(StoryBrief.from_dict(s) for s in data["stories"]),
            placements=tuple(Placement.from_dict(p) for p in data["placements"]),
            articles=tuple(Article.from_dict(a) for a in data["articles"]),
            settings=dict(data.get("settings") or {}),
            reason=data.get("reason"),
        )

    @classmethod
    def from_json(cls, text: str) -> Digest:
        """Inverse of :meth:`to_json`."""
        return cls.from_dict(json.loads(text))
