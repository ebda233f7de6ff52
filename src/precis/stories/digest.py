"""A mixed pile of articles -> story briefings: what each story is, who covers it, what they say, when.

1. **Stories** (:func:`precis.stories.grouping.group_stories`): no fixed number;
   copies of one report (:mod:`precis.stories.copies`) always in one story;
   articles that cannot be used (no text, no sentence, not English, nothing
   but boilerplate) are *set apart* with the reason, never dropped.
2. **One summary per story**, of its reports only: a copy is counted once,
   through its original. Each item keeps the summarizer's citations (the
   span, then the other reports that say the same) and gains the span of
   every copy of a cited report that carries it ("also carried by").
   ``outlets`` lists who carries the item; ``reports`` counts independent
   reports. Conflicts (another outlet's figure, date or name for the same
   fact) come from the summarizer (:mod:`precis.summarizer.citing`).
3. **A brief timeline** (:func:`precis.stories.timeline.build_timeline`, one
   sentence per date, at most ``timeline_dates`` dates).

Stories come larger first, then the most recent. Every input article is in
``placements``: its story and role (``reported``, ``copy``), or ``set apart``
and why.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..analysis.document import Document
from ..analysis.tokens import stems
from ..config.settings import SummarizerConfig
from ..config.stories import DigestConfig
from ..config.validation import resolve
from ..errors import InputError
from ..model import (
    Article,
    BriefItem,
    Citation,
    Digest,
    Placement,
    StoryArticle,
    StoryBrief,
    SummaryItem,
    TimelineEntry,
)
from ..summarizer.citing import states
from ..summarizer.statements import statement_of
from ..summarizer.summarizer import Summarizer
from .copies import Copy
from .grouping import Story, group_stories

__all__ = ["build_digest", "outlet_name"]

Progress = Callable[[int, int], None]
_SAME_SENTENCE = 0.6  # stem overlap from which a copy's sentence carries an item (reworded copies)


def outlet_name(article: Article) -> str:
    """Who published ``article``: its outlet, else its URL's domain, else its id."""
    from urllib.parse import urlsplit

    if article.outlet:
        return article.outlet
    host = urlsplit(article.url).hostname if article.url else None
    return host.removeprefix("www.") if host else article.id


def build_digest(
    articles: Sequence[Article],
    *,
    words: int = 80,
    stories: int | None = None,
    timeline_dates: int = 4,
    config: DigestConfig | SummarizerConfig | None = None,
    progress: Progress | None = None,
) -> Digest:
    """Group ``articles`` into stories and brief each one (see the module docstring).

    Parameters
    ----------
    articles : sequence of Article
        The pile, ids unique.
    words : int, default=80
        Words of each story's summary.
    stories : int or None, default=None
        Brief only the first ``stories`` stories; the rest are listed, with
        their articles, but not summarized. None briefs every story.
    timeline_dates : int, default=4
        The most dates in a story's timeline (0: no timelines).
    config : DigestConfig, SummarizerConfig or None
        The settings above and the summarizer's in one :class:`~precis.config.DigestConfig`
        (then leave them at their defaults; its ``to_dict()`` is the digest's ``settings``),
        or just how summaries are made. The summarizer's ``check_language`` also sets
        apart articles that do not look English.
    progress : callable or None
        Called as ``progress(done, total)`` after each story is briefed.

    Returns
    -------
    Digest

    Raises
    ------
    InputError
        When no article is given or two share an id.
    ConfigError
        For a bad setting, or settings given both in ``config`` and as keyword arguments.

    Examples
    --------
    >>> pile = [Article("a", "Floods closed the Marl bridge on Monday. Crews pumped water all night."),
    ...         Article("b", "The Marl bridge stayed closed by floods as crews pumped water."),
    ...         Article("c", "A chess prodigy won the city open on Sunday. She is twelve.")]
    >>> digest = build_digest(pile, words=12)
    >>> [(s.id, [a.id for a in s.articles]) for s in digest.stories]
    [('s1', ['a', 'b']), ('s2', ['c'])]
    """
    values: dict[str, Any] = {"words": words, "stories": stories, "timeline_dates": timeline_dates}
    if isinstance(config, SummarizerConfig):  # the summarizer's settings alone
        values["summarizer"], config = config, None
    dcfg = resolve(DigestConfig, config, values, owner="build_digest", cli=True)
    words, stories, timeline_dates, cfg = dcfg.words, dcfg.stories, dcfg.timeline_dates, dcfg.summarizer
    if not articles:
        raise InputError("No articles to digest; give at least one.")
    grouped = group_stories(articles, check_language=cfg.check_language)
    by_id = {a.id: a for a in articles}
    summarizer = Summarizer(cfg)
    kept = [s for s in grouped if s.reason is None]
    limit = len(kept) if stories is None else min(stories, len(kept))
    briefs: list[StoryBrief] = []
    placed: dict[str, Placement] = {}
    for k, story in enumerate(kept):
        sid = f"s{k + 1}"
        if k < limit:
            brief = _brief(sid, story, by_id, summarizer, words=words, timeline_dates=timeline_dates)
            if progress is not None:
                progress(k + 1, limit)
        else:
            brief = _listed(sid, story, by_id, reason=f"Not briefed: only the first {limit} stories were asked for.")
        briefs.append(brief)
        for member in brief.articles:
            placed[member.id] = Placement(member.id, sid, "copy" if member.copy_of else "reported")
    for story in grouped:
        if story.reason is not None:
            placed[story.ids[0]] = Placement(story.ids[0], None, "set apart", story.reason)
    settings = dcfg.to_dict()
    reason = None if briefs else "No article could be used; see the reason of each in 'placements'."
    return Digest(tuple(briefs), tuple(placed[a.id] for a in articles), tuple(articles), settings, reason)


def _members(story: Story) -> tuple[list[StoryArticle], dict[str, list[Copy]]]:
    copies: dict[str, list[Copy]] = {}
    copied: dict[str, tuple[str, str]] = {}
    for group in story.copies:
        copies[group.original] = list(group.copies)
        for c in group.copies:
            copied[c.article_id] = (group.original, c.kind)
    members = [StoryArticle(i, *copied.get(i, (None, None))) for i in story.ids]
    return members, copies


def _outlets(ids: Sequence[str], by_id: dict[str, Article]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(outlet_name(by_id[i]) for i in ids))


def _listed(sid: str, story: Story, by_id: dict[str, Article], *, reason: str) -> StoryBrief:
    members, _ = _members(story)
    return StoryBrief(sid, story.title, tuple(members), _outlets(story.ids, by_id), (), (), story.published,
                      story.title_citation, reason)  # fmt: skip


def _brief(sid: str, story: Story, by_id: dict[str, Article], summarizer: Summarizer, *, words: int,
           timeline_dates: int) -> StoryBrief:  # fmt: skip
    members, copies = _members(story)
    reports = [by_id[m.id] for m in members if m.copy_of is None]
    reason = None
    try:
        summary = summarizer.summarize(reports, words=words)
        items = tuple(_brief_item(item, copies, by_id) for item in summary.items)
        reason = summary.reason
    except InputError as exc:  # e.g. every sentence of the story is boilerplate
        items, reason = (), str(exc)
    timeline = _timeline(reports, timeline_dates) if timeline_dates else ()
    return StoryBrief(sid, story.title, tuple(members), _outlets(story.ids, by_id), items, timeline,
                      story.published, story.title_citation, reason)  # fmt: skip


def _timeline(reports: list[Article], dates: int) -> tuple[TimelineEntry, ...]:
    """The story's timeline in brief: at most ``dates`` dates, one sentence each."""
    from .timeline import build_timeline

    return build_timeline(reports, per_date=1, max_dates=dates).entries


def _brief_item(item: SummaryItem, copies: dict[str, list[Copy]], by_id: dict[str, Article]) -> BriefItem:
    """``item`` with the spans of the copies that carry it, and who carries it."""
    extra: list[Citation] = []
    for cited in item.citations:
        for c in copies.get(cited.article_id, ()):
            span = _carried(by_id[cited.article_id], cited, by_id[c.article_id])
            if span is not None:
                extra.append(span)
    cited_ids = list(dict.fromkeys(c.article_id for c in (*item.citations, *extra)))
    outlets = tuple(dict.fromkeys(outlet_name(by_id[i]) for i in cited_ids))
    reports = len({c.article_id for c in item.citations})
    if extra:
        item = SummaryItem(item.text, item.score, (*item.citations, *extra), item.sentences, item.conflicts)
    return BriefItem(item, outlets, reports)


def _carried(original: Article, cited: Citation, copy: Article) -> Citation | None:
    """Where ``copy`` says what ``cited`` of ``original`` says: the same characters, else its sentence closest in
    words, when that sentence states every sentence of the span with the same figures
    (:func:`precis.summarizer.citing.states`)."""
    text = original.text[cited.start : cited.end]
    at = copy.text.find(text)
    if at >= 0:
        return Citation(copy.id, at, at + len(text))
    want = set(stems(text))
    if not want:
        return None
    best, best_overlap = None, _SAME_SENTENCE
    doc = Document.of(copy)
    for sentence, got in zip(doc.sentences, doc.stems, strict=True):
        overlap = len(want & got) / max(len(want | got), 1)
        if overlap >= best_overlap:
            best, best_overlap = sentence, overlap
    if best is None:
        return None
    theirs = statement_of(best, copy)
    said = [s for s in Document.of(original).sentences if cited.start <= s.start and s.end <= cited.end]
    if not said or not all(states(statement_of(s, original), theirs) for s in said):
        return None
    return best.citation
