"""A reader's briefing: for each story with news, what changed since they were last told.

For each story changed since the reader's last briefing (every story, the
first time):

- **the news**: its reports (copies aside) the reader was not briefed on
  (``since="last"``), or published on or after a date (``since=<date>``);
- **what changed**: with reports already told, an update summary of the news
  against them (:func:`precis.stories.update.summarize_update`: what all but
  restates a told sentence is never picked; what is new in the story rises);
  the first time, a plain summary;
- **corroboration**: each item's outlets (those of the reports it cites, and
  of their copies) and how many independent reports say it; **conflicts**:
  another report's figure, date or name for the same fact;
- **its running timeline** over all its reports (one sentence per date).

The briefing is a JSON-ready document (``precis.briefing/1``): every
citation keeps its offsets and its quoted span, and ``articles`` describes
every article cited or new, so the renderers and the web page need nothing
else. Recording it marks the news as told to that reader.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from ..config.settings import SummarizerConfig
from ..errors import ConfigError, InputError
from ..model import Article, Citation, Summary, SummaryItem
from ..stories.digest import outlet_name
from ..summarizer.summarizer import Summarizer
from .base import BriefedStory, Store, StoredArticle, StoryRecord, story_key
from .opening import now_iso

__all__ = ["FORMAT", "BriefOptions", "build_briefing", "record_briefing"]

FORMAT = "precis.briefing/1"


@dataclass(frozen=True, kw_only=True, slots=True)
class BriefOptions:
    """What a briefing holds.

    Parameters
    ----------
    reader : str, default="default"
        Whose briefing: what they were told is remembered per name.
    since : "last" or datetime, default="last"
        News is what the reader was not told (``"last"``), or what was published from this time on.
    words : int, default=100
        Words of each story's summary of what changed.
    timeline_dates : int, default=4
        The most dates in each story's timeline (0: none).
    stories : int or None, default=None
        Brief at most this many stories, latest change first.
    """

    reader: str = "default"
    since: str | datetime = "last"
    words: int = 100
    timeline_dates: int = 4
    stories: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.reader, str) or not self.reader.strip():
            raise ConfigError(f"The 'reader' parameter of BriefOptions must be a non-empty str. Got {self.reader!r}.")
        if self.since != "last" and not isinstance(self.since, datetime):
            raise ConfigError(f"The 'since' parameter of BriefOptions must be 'last' or a datetime. "
                              f"Got {self.since!r} instead.")  # fmt: skip
        for name, least in (("words", 1), ("timeline_dates", 0), ("stories", 1)):
            value = getattr(self, name)
            if value is None and name == "stories":
                continue
            if isinstance(value, bool) or not isinstance(value, int) or value < least:
                raise ConfigError(f"The '{name}' parameter of BriefOptions must be an int of at least {least}. "
                                  f"Got {value!r} instead.")  # fmt: skip


def _since_ts(since: str | datetime) -> float | None:
    if isinstance(since, datetime):
        return (since if since.tzinfo else since.replace(tzinfo=UTC)).timestamp()
    return None


def _is_news(a: StoredArticle, told: set[int], since_ts: float | None) -> bool:
    if since_ts is None or a.article.published is None:
        return a.pk not in told
    return a.article.published.timestamp() >= since_ts


def build_briefing(store: Store, options: BriefOptions | None = None, *,
                   config: SummarizerConfig | None = None) -> tuple[dict[str, Any], list[BriefedStory]]:  # fmt: skip
    """The briefing document and, per story, the articles it tells (to pass to :func:`record_briefing`).

    Returns
    -------
    document : dict
        ``precis.briefing/1`` (see the module docstring); ``stories`` latest change first.
    told : list of BriefedStory
        For each story briefed, the articles now told to the reader.
    """
    options = options or BriefOptions()
    last = store.last_briefing(options.reader)
    since_ts = _since_ts(options.since)
    changed_since = last[2] if since_ts is None and last is not None else None
    candidates = store.stories(changed_since=changed_since)
    told_by_story = store.briefed(options.reader, [s.id for s in candidates])
    summarizer = Summarizer(config or SummarizerConfig())
    parts: list[dict[str, Any]] = []
    told: list[BriefedStory] = []
    for story in candidates:
        if options.stories is not None and len(parts) >= options.stories:
            break
        members = store.members(story.id)
        known = told_by_story.get(story.id, set())
        news = [m for m in members if m.copy_of is None and _is_news(m, known, since_ts)]
        if not news:
            continue
        part = _story_part(story, members, news, summarizer, options)
        parts.append(part)
        told.append(BriefedStory(story.id, tuple(m.pk for m in members if m.pk not in known),
                                 json.dumps(part, ensure_ascii=False)))  # fmt: skip
    since = options.since.isoformat() if isinstance(options.since, datetime) else (last[1] if last else None)
    document = {"format": FORMAT, "reader": options.reader, "since": since, "created_at": now_iso(),
                "stories": parts}  # fmt: skip
    return document, told


def record_briefing(store: Store, document: dict[str, Any], told: Sequence[BriefedStory]) -> int:
    """Remember that the reader was told ``told`` (one transaction); the briefing's number."""
    return store.record_briefing(document["reader"], since=document["since"], run_id=store.last_run(), stories=told)


def _story_part(story: StoryRecord, members: list[StoredArticle], news: list[StoredArticle], summarizer: Summarizer,
                options: BriefOptions) -> dict[str, Any]:  # fmt: skip
    news_ids = {m.pk for m in news}
    reports = [m.article for m in members if m.copy_of is None]
    seen = [m.article for m in members if m.copy_of is None and m.pk not in news_ids]
    new = [m.article for m in news]
    copies: dict[str, list[Article]] = {}
    for m in members:
        if m.copy_of is not None:
            copies.setdefault(f"a{m.copy_of}", []).append(m.article)
    by_id = {m.article.id: m for m in members}
    summary, reason = _what_changed(summarizer, new, seen, options.words)
    timeline = _timeline(reports, options.timeline_dates)
    cited: dict[str, None] = dict.fromkeys(a.id for a in new)
    items = [_item(item, copies, by_id, cited) for item in summary.items] if summary else []
    entries = [{"date": e.date.isoformat(), "items": [_item(i, copies, by_id, cited) for i in e.items]}
               for e in timeline]  # fmt: skip
    return {
        "id": story_key(story.id),
        "title": story.title,
        "updated_at": story.updated_at,
        "first_published": _iso(story.first_ts),
        "last_published": _iso(story.last_ts),
        "size": story.size,
        "new": [a.id for a in new],
        "seen": len(seen),
        "outlets": list(dict.fromkeys(outlet_name(m.article) for m in members)),
        "mode": "update" if seen else "summary",
        "items": items,
        "reason": reason,
        "timeline": entries,
        "articles": {i: _describe(by_id[i]) for i in cited if i in by_id},
    }


def _iso(ts: float | None) -> str | None:
    return datetime.fromtimestamp(ts, UTC).isoformat() if ts is not None else None


def _what_changed(summarizer: Summarizer, new: list[Article], seen: list[Article],
                  words: int) -> tuple[Summary | None, str | None]:  # fmt: skip
    from ..stories.update import summarize_update

    try:
        summary = (
            summarize_update(summarizer, new, seen, words=words) if seen else summarizer.summarize(new, words=words)
        )
    except InputError as exc:  # e.g. every sentence of the news is boilerplate
        return None, str(exc)
    return summary, summary.reason


def _timeline(reports: list[Article], dates: int) -> list[Any]:
    if not dates:
        return []
    from ..stories.timeline import build_timeline

    try:
        return list(build_timeline(reports, per_date=1, max_dates=dates).entries)
    except InputError:
        return []


def _cite(c: Citation, by_id: dict[str, StoredArticle]) -> dict[str, Any]:
    text = by_id[c.article_id].article.text if c.article_id in by_id else ""
    return {**c.to_dict(), "quote": text[c.start : c.end]}


def _item(item: SummaryItem, copies: dict[str, list[Article]], by_id: dict[str, StoredArticle],
          cited: dict[str, None]) -> dict[str, Any]:  # fmt: skip
    """An item with quoted citations, who carries it (copies included) and how many reports say it."""
    ids = list(dict.fromkeys(c.article_id for c in item.citations))
    carriers = [*ids, *(c.id for i in ids for c in copies.get(i, ()))]
    for i in carriers:
        cited[i] = None
    for conflict in item.conflicts:
        cited[conflict.citation.article_id] = None
        if conflict.said_citation is not None:
            cited[conflict.said_citation.article_id] = None
    outlets = list(dict.fromkeys(outlet_name(by_id[i].article) for i in carriers if i in by_id))
    return {
        "text": item.text,
        "citations": [_cite(c, by_id) for c in item.citations],
        "also_carried_by": [c.id for i in ids for c in copies.get(i, ())],
        "outlets": outlets,
        "reports": len(ids),
        "conflicts": [
            {"kind": k.kind, "said": k.said, "other": k.other, "citation": _cite(k.citation, by_id)}
            # the item's vague amount stands for the figure its article gives elsewhere: where it gives it
            | ({"said_citation": _cite(k.said_citation, by_id)} if k.said_citation is not None else {})
            for k in item.conflicts
        ],
    }


def _describe(m: StoredArticle) -> dict[str, Any]:
    a = m.article
    return {"title": a.title, "outlet": outlet_name(a), "url": a.url,
            "published": a.published.isoformat() if a.published else None,
            "copy_of": f"a{m.copy_of}" if m.copy_of else None, "copy_kind": m.copy_kind}  # fmt: skip
