"""Articles, sentence spans, citations, budgets and summaries (see :mod:`precis.model`).

Every object is a frozen, slotted dataclass. A :class:`Sentence` is a *span*
of its article: ``article.text[start:end] == sentence.text`` always holds, and
:meth:`Sentence.from_span` is the one constructor that checks it (only the
segmenter calls it). A :class:`Citation` is ``(article_id, start, end)``, so
every summary item can be traced back to the characters it came from.

``Summary.to_dict`` is the JSON contract ``precis.summary/1`` (documented in
``docs/json.md``); ``Summary.from_dict(s.to_dict()) == s`` for every summary.
This module imports nothing from the rest of the package except errors.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from ..errors import ConfigError, InputError

__all__ = [
    "SCHEMA",
    "Article",
    "Budget",
    "BudgetUnit",
    "Citation",
    "Conflict",
    "ConflictKind",
    "Sentence",
    "SentenceKind",
    "Source",
    "Summary",
    "SummaryItem",
    "as_articles",
]

SCHEMA = "precis.summary/1"
MAX_BUDGET = 1_000_000_000  # any larger budget is a typo; huge ints must not reach float arithmetic

BudgetUnit = Literal["words", "chars", "sentences", "ratio"]
SentenceKind = Literal["text", "heading", "bullet"]
ConflictKind = Literal["number", "date", "name"]
_META_FIELDS = ("title", "outlet", "url", "author")


def find_article(articles: tuple[Article, ...], article_id: str) -> Article:
    """The article with this id among ``articles`` (``KeyError`` if none)."""
    for art in articles:
        if art.id == article_id:
            return art
    raise KeyError(article_id)


def check_schema(data: Mapping[str, Any], schema: str) -> None:
    """Refuse a document of another schema (or version) than ``schema``."""
    if data.get("schema") != schema:
        raise InputError(f"Expected a {schema!r} document. Got schema {data.get('schema')!r} instead.")


def as_articles(source: Source) -> tuple[Article, ...]:
    """Articles from a string, an article, or a list of them (ids ``"1"``, ``"2"``... for strings)."""
    items = [source] if isinstance(source, str | Article) else list(source)
    out = []
    for pos, item in enumerate(items, start=1):
        if isinstance(item, Article):
            out.append(item)
        elif isinstance(item, str):
            out.append(Article(id=str(pos), text=item))
        else:
            raise InputError(f"Item {pos} of the input is a {type(item).__name__}; give a str or a precis.Article.")
    return tuple(out)


def count_words(text: str) -> int:
    """Words as the budget counts them: whitespace-separated tokens."""
    return len(text.split())


@dataclass(frozen=True, slots=True, weakref_slot=True)  # weakly referable: its analysis lives as long as it
class Article:
    """One news article: its text and whatever metadata is known.

    Parameters
    ----------
    id : str
        Unique within one call; used in every citation.
    text : str
        The full text. Offsets in citations index into it.
    title, outlet, url, author : str or None
        Metadata shown in source lists.
    published : datetime or None
        Publication time; orders multi-article summaries.
    also_ids : tuple of str
        Ids of other inputs that held this same text (a ``.txt`` file and a
        JSONL record of one article): read once, cited under ``id``.
    """

    id: str
    text: str
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    author: str | None = None
    published: datetime | None = None
    also_ids: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not isinstance(self.id, str) or not self.id:
            raise InputError(f"An article id must be a non-empty string. Got {self.id!r} instead.")
        if not isinstance(self.text, str):
            raise InputError(
                f"The text of article {self.id!r} must be a str. Got {type(self.text).__name__} instead.",
                source=self.id,
            )

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; ``published`` as ISO 8601."""
        out: dict[str, Any] = {"id": self.id}
        for name in _META_FIELDS:
            out[name] = getattr(self, name)
        out["published"] = self.published.isoformat() if self.published else None
        if self.also_ids:
            out["also_ids"] = list(self.also_ids)
        out["text"] = self.text
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Article:
        """Inverse of :meth:`to_dict`."""
        published = data.get("published")
        return cls(
            id=data["id"],
            text=data["text"],
            published=datetime.fromisoformat(published) if published else None,
            also_ids=tuple(data.get("also_ids") or ()),
            **{name: data.get(name) for name in _META_FIELDS},
        )


Source = str | Article | Sequence[str | Article]
"""What every feature takes as input: a text, an article, or a list of them."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence as a span of its article.

    ``paragraph`` and ``section`` number the blocks of the article (from 0);
    a section starts at each heading. ``kind`` tells headings and bullet
    items from running text.
    """

    article_id: str
    index: int
    start: int
    end: int
    text: str
    paragraph: int = 0
    section: int = 0
    kind: SentenceKind = "text"

    @classmethod
    def from_span(
        cls,
        article: Article,
        index: int,
        start: int,
        end: int,
        paragraph: int = 0,
        section: int = 0,
        kind: SentenceKind = "text",
    ) -> Sentence:
        """Make the sentence ``article.text[start:end]``, checking the span."""
        if not 0 <= start < end <= len(article.text):
            raise ValueError(f"Span {start}:{end} is outside article {article.id!r}.")
        return cls(article.id, index, start, end, article.text[start:end], paragraph, section, kind)

    @property
    def citation(self) -> Citation:
        """The citation of this span."""
        return Citation(self.article_id, self.start, self.end)


@dataclass(frozen=True, slots=True, order=True)
class Citation:
    """Where a summary item comes from: ``article.text[start:end]``."""

    article_id: str
    start: int
    end: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"article_id": self.article_id, "start": self.start, "end": self.end}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Citation:
        """Inverse of :meth:`to_dict`."""
        return cls(data["article_id"], int(data["start"]), int(data["end"]))


@dataclass(frozen=True, slots=True)
class Conflict:
    """Another article gives a different figure, date or name for what a summary item says.

    ``said`` is how the item says it ("about eight hours"), ``other`` how the
    other article does ("about 7.5 hours"); ``citation`` is the other
    article's sentence. ``said_citation`` is set when the item gives only a
    vague amount ("tens of thousands of troops") and ``said`` is the figure
    its article gives for it in another sentence ("about 100,000 troops").
    """

    kind: ConflictKind
    said: str
    other: str
    citation: Citation
    said_citation: Citation | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (``said_citation`` only when set)."""
        out = {"kind": self.kind, "said": self.said, "other": self.other, "citation": self.citation.to_dict()}
        if self.said_citation is not None:
            out["said_citation"] = self.said_citation.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Conflict:
        """Inverse of :meth:`to_dict`."""
        said_at = data.get("said_citation")
        return cls(data["kind"], data["said"], data["other"], Citation.from_dict(data["citation"]),
                   Citation.from_dict(said_at) if said_at else None)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Budget:
    """How long a summary may be: one unit and one value.

    ``words`` and ``chars`` count the text of the items (words split on
    whitespace; characters of item texts, separators not counted);
    ``sentences`` counts source sentences (a sentence paired with the one it
    leans on counts as two); ``ratio`` is a share of the input's words,
    in (0, 1].

    Examples
    --------
    >>> Budget.from_options(words=120)
    Budget(unit='words', value=120)
    >>> Budget.from_options(ratio=0.2).limit(total_words=1000)
    200
    """

    unit: BudgetUnit
    value: float

    def __post_init__(self) -> None:
        if self.unit not in ("words", "chars", "sentences", "ratio"):
            raise ConfigError(
                "The 'unit' parameter of Budget must be one of 'words', 'chars', "
                f"'sentences', 'ratio'. Got {self.unit!r} instead."
            )
        value = self.value
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or (isinstance(value, float) and not math.isfinite(value)):
            raise ConfigError(f"The '{self.unit}' budget must be a number. Got {value!r} instead.")
        if value > MAX_BUDGET:  # checked as a number: 400 digits must not overflow a float conversion
            shown = str(value) if len(str(value)) <= 20 else f"a number of {len(str(value))} digits"
            raise ConfigError(f"The '{self.unit}' budget must be at most {MAX_BUDGET:,}. Got {shown} instead.")
        if self.unit == "ratio":
            if not 0 < value <= 1:
                raise ConfigError(f"The 'ratio' budget must be in (0, 1]. Got {value!r} instead.")
        elif value != int(value) or value < 1:
            raise ConfigError(f"The '{self.unit}' budget must be a whole number of at least 1. Got {value!r} instead.")

    @classmethod
    def from_options(
        cls,
        *,
        words: int | None = None,
        chars: int | None = None,
        sentences: int | None = None,
        ratio: float | None = None,
        default: Budget | None = None,
    ) -> Budget:
        """The budget from keyword options, of which at most one may be set."""
        given = {
            k: v
            for k, v in (("words", words), ("chars", chars), ("sentences", sentences), ("ratio", ratio))
            if v is not None
        }
        if len(given) > 1:
            raise ConfigError(f"Give one budget, not {len(given)}: choose one of {', '.join(sorted(given))}.")
        if not given:
            return default if default is not None else cls("words", 120)
        ((unit, value),) = given.items()
        return cls(unit, value)  # type: ignore[arg-type]

    def limit(self, *, total_words: int) -> int:
        """The budget as a whole number in its own unit (``ratio`` becomes words)."""
        if self.unit == "ratio":
            return max(1, int(self.value * total_words))
        return int(self.value)

    @property
    def counted_unit(self) -> Literal["words", "chars", "sentences"]:
        """The unit the limit is counted in (``ratio`` counts words)."""
        return "words" if self.unit == "ratio" else self.unit

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {"unit": self.unit, "value": self.value}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Budget:
        """Inverse of :meth:`to_dict`."""
        return cls(data["unit"], data["value"])


@dataclass(frozen=True, slots=True)
class SummaryItem:
    """One statement of a summary: a verbatim span and everything citing it.

    ``citations[0]`` is the span ``text`` was taken from; further citations
    are spans of other articles that carry the same fact. ``sentences`` is the
    number of source sentences in ``text`` (2 when a sentence was paired with
    the one it leans on). ``conflicts`` are sentences of other articles
    that give another figure, date or name for the same fact.
    """

    text: str
    score: float
    citations: tuple[Citation, ...]
    sentences: int = 1
    conflicts: tuple[Conflict, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict."""
        return {
            "text": self.text,
            "score": self.score,
            "sentences": self.sentences,
            "citations": [c.to_dict() for c in self.citations],
            "conflicts": [c.to_dict() for c in self.conflicts],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SummaryItem:
        """Inverse of :meth:`to_dict`."""
        return cls(
            text=data["text"],
            score=float(data["score"]),
            citations=tuple(Citation.from_dict(c) for c in data["citations"]),
            sentences=int(data.get("sentences", 1)),
            conflicts=tuple(Conflict.from_dict(c) for c in data.get("conflicts", ())),
        )

    @property
    def article_ids(self) -> tuple[str, ...]:
        """Ids of the cited articles, first citation first, without repeats."""
        return tuple(dict.fromkeys(c.article_id for c in self.citations))


@dataclass(frozen=True, slots=True)
class Summary:
    """A summary: items in output order, the articles they cite, and how it was made.

    ``reason`` explains a summary with no items (for example, no sentence
    fits the budget); it is ``None`` otherwise. ``settings`` is the
    configuration that made it (see :class:`precis.SummarizerConfig`).
    """

    items: tuple[SummaryItem, ...]
    articles: tuple[Article, ...]
    budget: Budget
    mode: Literal["summary", "outline", "update"] = "summary"
    settings: Mapping[str, Any] = field(default_factory=dict)
    reason: str | None = None

    @property
    def text(self) -> str:
        """The items joined by single spaces."""
        return " ".join(item.text for item in self.items)

    def article(self, article_id: str) -> Article:
        """The article with this id."""
        return find_article(self.articles, article_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract ``precis.summary/1``."""
        return {
            "schema": SCHEMA,
            "mode": self.mode,
            "budget": self.budget.to_dict(),
            "reason": self.reason,
            "items": [item.to_dict() for item in self.items],
            "articles": [art.to_dict() for art in self.articles],
            "settings": dict(self.settings),
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """:meth:`to_dict` as JSON text (UTF-8 kept, keys in contract order)."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Summary:
        """Inverse of :meth:`to_dict`; rejects other schema versions."""
        check_schema(data, SCHEMA)
        return cls(
            items=tuple(SummaryItem.from_dict(i) for i in data["items"]),
            articles=tuple(Article.from_dict(a) for a in data["articles"]),
            budget=Budget.from_dict(data["budget"]),
            mode=data.get("mode", "summary"),
            settings=dict(data.get("settings") or {}),
            reason=data.get("reason"),
        )

    @classmethod
    def from_json(cls, text: str) -> Summary:
        """Inverse of :meth:`to_json`."""
        return cls.from_dict(json.loads(text))
