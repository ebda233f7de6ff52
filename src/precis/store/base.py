"""What a store keeps, as plain records, and the :class:`Store` protocol every store implements.

Stored articles carry the id ``a<number>`` (their row), so the rest of precis
(summaries, timelines, citations) can name them; stories are ``s<number>``
and keep their number for good. Two stories found to be one are merged: the
older (smaller number) stays, the other records where it went.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from ..model import Article

__all__ = [
    "Batch",
    "BriefedStory",
    "NewArticle",
    "SourceRecord",
    "SourceUpdate",
    "Store",
    "StoredArticle",
    "StoryRecord",
    "article_key",
    "story_key",
]


def article_key(pk: int) -> str:
    """The id a stored article carries: ``a<pk>``."""
    return f"a{pk}"


def story_key(pk: int) -> str:
    """The id a story is shown with: ``s<pk>``."""
    return f"s{pk}"


@dataclass(frozen=True, slots=True)
class SourceRecord:
    """A source read on every run, with its HTTP validators and the last run's outcome."""

    id: int
    location: str
    added_at: str
    last_run: int | None = None
    last_error: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass(frozen=True, slots=True)
class SourceUpdate:
    """What a run learned about a source: new validators (when it answered 200) or its error."""

    source_id: int
    error: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    validators: bool = False  # whether etag/last_modified are to be stored


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """A stored article (id ``a<pk>``), its story and the article it copies, if any."""

    pk: int
    article: Article
    story_id: int | None
    copy_of: int | None = None
    copy_kind: str | None = None
    first_run: int = 0


@dataclass(frozen=True, slots=True)
class StoryRecord:
    """A story: its stable number, title, dates (POSIX seconds), size and last change."""

    id: int
    title: str
    created_run: int
    updated_run: int
    updated_at: str
    first_ts: float | None
    last_ts: float | None
    size: int
    merged_into: int | None = None


@dataclass(slots=True)
class NewArticle:
    """An article read by this run and not stored yet, with where it goes.

    ``key`` is its id during placement (``n<k>``); ``copy_of`` the key of its
    original (``a<pk>`` stored or ``n<k>`` new); ``story`` an existing story
    number or the key of a new story; ``set_apart`` why it is in no story.
    """

    key: str
    article: Article
    source_id: int | None
    url_key: str | None
    content_hash: str
    read_id: str = ""
    copy_of: str | None = None
    copy_kind: str | None = None
    story: int | str | None = None
    set_apart: str | None = None


@dataclass(slots=True)
class Batch:
    """One transaction of a run: new articles, new stories (key -> title) and merges (from -> into)."""

    articles: list[NewArticle] = field(default_factory=list)
    new_stories: dict[str, str] = field(default_factory=dict)
    merges: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class BriefedStory:
    """What one briefing told about one story: the articles and its JSON part."""

    story_id: int
    article_ids: tuple[int, ...]
    document: str


class Store(Protocol):
    """The storage interface of ``precis track``; :class:`~precis.store.sql.SqlStore` implements it."""

    location: str

    def close(self) -> None: ...

    def add_sources(self, locations: Iterable[str]) -> list[tuple[str, bool]]: ...

    def sources(self) -> list[SourceRecord]: ...

    def begin_run(self) -> int: ...

    def finish_run(self, run_id: int, *, counts: Mapping[str, int], updates: Sequence[SourceUpdate],
                   status: str) -> None: ...  # fmt: skip

    def last_run(self) -> int | None: ...

    def known(self, url_keys: Iterable[str], hashes: Iterable[str]) -> tuple[set[str], set[str]]: ...

    def recent(self, *, ref_ts: float, run_id: int, days: float, per_story: int,
               limit: int) -> list[StoredArticle]: ...  # fmt: skip

    def commit_batch(self, run_id: int, batch: Batch) -> dict[str, int]: ...

    def stories(self, *, limit: int | None = None, changed_since: int | None = None) -> list[StoryRecord]: ...

    def story(self, story_id: int) -> StoryRecord | None: ...

    def members(self, story_id: int) -> list[StoredArticle]: ...

    def briefed(self, reader: str, story_ids: Iterable[int]) -> dict[int, set[int]]: ...

    def record_briefing(self, reader: str, *, since: str | None, run_id: int | None,
                        stories: Sequence[BriefedStory]) -> int: ...  # fmt: skip

    def last_briefing(self, reader: str) -> tuple[int, str, int | None] | None: ...

    def story_brief(self, story_id: int) -> str | None: ...

    def counts(self) -> dict[str, int]: ...
