"""Request bodies: the CLI's options as JSON fields, their shape checked before any work is queued.

Each endpoint's body mirrors its command's options (``words``, ``outline``,
``order``, ``dates``, ``per_date``, ``query``, ``fail_on``, ``scorer``, ``format``...);
options that name server resources do not exist here: no file paths, no
model folder, no ``allow_private``, no size or time limits (the operator
sets those). Unknown fields are refused (422), so a misspelt option is never
silently ignored. These models check the JSON's shape (types, choices) and
document it; the values (ranges, one budget) and the defaults are the
:mod:`precis.app` request's, the same as the CLI's, checked by the route
before any work is queued (a bad value is a 422 ``invalid-option``).
An article's fields have the names, and the aliases, of a JSONL record
(:data:`precis.readers.corpus.ALIASES`): ``date``, also read as
``published``. Responses are the CLI's JSON documents (``docs/json.md``);
errors are problem documents (:mod:`.problems`).
"""

from __future__ import annotations

from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .. import app
from ..app import FailOn, Order, Scorer, default
from ..readers.corpus import ALIASES, FIELDS, FieldMap

__all__ = ["ArticleIn", "CheckRequest", "DigestRequest", "SummarizeRequest", "TimelineRequest"]

Format = Literal["json", "text", "md"]
_FORMAT: Any = Field("json", description="json (the CLI's --format json document), text or md")
_CHECK_LANGUAGE: Any = Field(True, description="refuse text that does not look English (false = --no-language-check)")
_EMBEDDINGS: Any = Field(
    None, description="use sentence embeddings (needs a server started with --embeddings); null = server default"
)
_FOLLOW: Any = Field(False, description="for feeds: fetch each entry's page (--follow)")
_FIELDS: Any = Field(
    None, max_length=500, description="where corpus records keep precis's fields, e.g. text=body,date=published"
)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ArticleIn(_Strict):
    """One article: ``text`` (with optional metadata), a ``url`` to fetch, or a file's ``document`` content."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "anyOf": [
                {"required": ["text"], "properties": {"text": {"type": "string"}}},
                {"required": ["document"], "properties": {"document": {"type": "string"}}},
                {"required": ["url"], "properties": {"url": {"type": "string"}}},
            ]
        },
    )

    text: str | None = Field(None, min_length=1, description="the article text")
    url: str | None = Field(
        None,
        max_length=2000,
        description="alone: an http(s) URL to fetch (private addresses are always refused); with text: metadata",
    )
    document: str | None = Field(
        None,
        min_length=1,
        description="a file's content (HTML page, RSS/Atom feed, JSONL/JSON/CSV corpus or text), read by content",
    )
    name: str | None = Field(None, max_length=300, description="the document's file name (names it; never opened)")
    id: str | None = Field(None, max_length=300, description="article id (default: its position, from 1)")
    title: str | None = Field(None, max_length=2000)
    outlet: str | None = Field(None, max_length=300)
    author: str | None = Field(None, max_length=500)
    date: str | None = Field(
        None,
        max_length=100,
        description="publication date, e.g. 2022-01-10T19:45+01:00 (also read as "
        + ", ".join(ALIASES["date"][1:])
        + ", as in JSONL)",
    )

    @model_validator(mode="before")
    @classmethod
    def _aliases(cls, data: Any) -> Any:
        """A field under an alias of the JSONL table (``published`` for ``date``) is read as that field;
        as in a JSONL record, the first one given wins."""
        if not isinstance(data, dict):
            return data
        out = {k: v for k, v in data.items() if k not in _ALIASED or k in FIELDS}
        for ours in FIELDS:
            if ours not in data and (value := _ANY_NAME.get(data, ours)) is not None:
                out[ours] = value
        return out

    @model_validator(mode="after")
    def _one_source(self) -> Self:
        given = [k for k in ("text", "document") if getattr(self, k) is not None]
        if len(given) > 1:
            raise ValueError("give either 'text' or 'document', not both")
        if not given:
            if self.url is None:
                raise ValueError("give the article's 'text', a 'document' (a file's content) or a 'url' to fetch")
            if not self.url.lower().startswith(("http://", "https://")):
                raise ValueError("'url' must be an http:// or https:// URL; the server reads no local paths")
        return self


_ALIASED = {name for names in ALIASES.values() for name in names}
_ANY_NAME = FieldMap()
_ARTICLES: Any = Field(min_length=1, description="the articles, in order (at most the server's --max-articles)")


class _Budget(_Strict):
    words: int | None = Field(None, description="at most N words (default 120); give one budget")
    chars: int | None = Field(None, description="at most N characters")
    sentences: int | None = Field(None, description="at most N source sentences")
    ratio: float | None = Field(None, description="at most this share of the input's words, in (0, 1]")


class SummarizeRequest(_Budget):
    """``precis summarize``: a summary (or outline) of one article or many."""

    articles: list[ArticleIn] = _ARTICLES
    outline: bool = Field(
        default(app.SummarizeRequest, "outline"), description="one key point per section or block, in article order"
    )
    order: Order = default(app.SummarizeRequest, "order")
    embeddings: bool | None = _EMBEDDINGS
    check_language: bool = _CHECK_LANGUAGE
    verify: bool = Field(False, description="check the summary against its sources before answering (--verify)")
    follow: bool = _FOLLOW
    fields: str | None = _FIELDS
    format: Format = _FORMAT


class CheckRequest(_Strict):
    """``precis check``: audit a summary, sentence by sentence, against its sources."""

    summary: str | dict[str, Any] = Field(description="summary text, or a precis.summary/1 JSON object")
    sources: list[ArticleIn] = Field(
        default_factory=list, description="the articles summarized (default for a precis JSON summary: its articles)"
    )
    fail_on: FailOn | None = Field(
        None, description="set the Precis-Check-Fails header to true when the summary fails this policy"
    )
    scorer: Scorer = Field(
        default(app.CheckRequest, "scorer"),
        description="what scores support: rules, rules blended with the consistency model (model; needs a "
        "server with precis[model], else 501), or the model when installed (auto)",
    )
    embeddings: bool | None = _EMBEDDINGS
    check_language: bool = _CHECK_LANGUAGE
    follow: bool = _FOLLOW
    fields: str | None = _FIELDS
    format: Format = _FORMAT


class TimelineRequest(_Strict):
    """``precis timeline``: dated events with cited sentences."""

    articles: list[ArticleIn] = _ARTICLES
    dates: int | None = Field(None, description="number of dates (default: chosen from the input)")
    per_date: int = Field(default(app.TimelineRequest, "per_date"), description="sentences per date")
    query: str | None = Field(None, max_length=2000, description="topic words; on-topic sentences are favoured")
    follow: bool = _FOLLOW
    fields: str | None = _FIELDS
    format: Format = _FORMAT


class DigestRequest(_Strict):
    """``precis digest``: a mixed pile grouped into stories, each briefed with copies and corroboration."""

    articles: list[ArticleIn] = _ARTICLES
    words: int = Field(default(app.DigestRequest, "words"), description="words per story summary")
    stories: int | None = Field(None, description="brief only the N largest stories (default: all)")
    timeline_dates: int = Field(
        default(app.DigestRequest, "timeline_dates"), description="at most N dates in each story's timeline; 0 for none"
    )
    embeddings: bool | None = _EMBEDDINGS
    check_language: bool = _CHECK_LANGUAGE
    follow: bool = _FOLLOW
    fields: str | None = _FIELDS
    format: Format = _FORMAT
