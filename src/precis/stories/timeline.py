"""Dated events from a pile of articles: :func:`build_timeline`.

The method is DATEWISE (Ghalandari & Ifrim 2020, ``news-tls``): dates first,
then a summary per date.

1. **Candidates.** Every sentence is searched for date expressions
   (:func:`precis.analysis.temporal.find_dates`, resolved against its article's
   publication date). A sentence with a day-precise date is a candidate for
   that date. A sentence among the first ``lead`` of its article that names
   no date at all is a weak candidate for the day of the nearest earlier
   sentence naming one (:meth:`~precis.analysis.document.Document.inherited_day`:
   "Rescuers saved 92 people" after "the ferry overturned on Saturday" is
   Saturday's); when no earlier sentence dates it, for the publication date
   and the day before it (news reports today's events first, and a paper
   published in the morning reports yesterday's: news-tls's ``pub_end=2``). A
   sentence that leans on the one before it ("He said...", "The claim...",
   :mod:`precis.analysis.leaning`) or leads in to the next (ends with ":")
   is no candidate: an item is never shown without what it leans on.
2. **Dates.** A date's score is the number of sentences that mention it plus
   ``pub_weight`` times the number of articles published on it:
   ``score(d) = |{s : s mentions d}| + pub_weight * |{a : published(a) = d}|``.
   Only dates with a positive score are ranked (a day that is merely the eve
   of a publication is not an event). The ``dates`` best dates are kept;
   when ``dates`` is None, the number is the knee of the sorted scores (the
   point farthest from the line joining the first and last scores), at most
   ``max_dates``.
3. **Summaries.** A date's candidates are TF-IDF rows (fitted on all
   candidates); weak candidates weigh ``pub_weight`` in the date's centroid.
   Dates are summarized best first; each takes up to ``per_date``
   sentences greedily (news-tls's CentroidOpt): the next is the candidate
   ``s`` of largest
   ``gain(s) = cos(S + s, centroid_d) + topic_weight * cos(s, topic)``
   (times ``pub_weight`` for a weak candidate), ``S`` the sum of the rows
   already chosen for the date and ``topic`` the query, else the centroid of
   all candidates; so the date's summary as a whole resembles what is said
   about the date, rather than being two versions of its most typical
   sentence. A candidate redundant (cosine above ``redundancy``) with any
   sentence already taken is skipped. Ties break by (gain desc, article id,
   sentence index). An item's score is its first-step gain (``S`` empty).
   This is the registered selector ``"datewise.v2"`` (:mod:`precis.stories.datewise`).
4. **Citations.** Each item cites its sentence, then up to four sentences of
   other articles that say the same (cosine at least 0.9) about that date.

The defaults were tuned on the Timeline17 dev set (``bench/timeline.py``).
Entries come out in chronological order. An article without a publication
date is listed in ``Timeline.undated``: its explicit dates are used, its
relative ones ("on Monday") cannot be.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import compress
from typing import TYPE_CHECKING

import numpy as np

from ..analysis.document import Document
from ..analysis.language import check_articles
from ..config.timeline import TimelineConfig
from ..config.validation import resolve
from ..model import (
    Article,
    Budget,
    Citation,
    Sentence,
    Source,
    SummaryItem,
    Timeline,
    TimelineEntry,
    as_articles,
)
from ..summarizer.selection import get_selector
from .datewise import DatePool

if TYPE_CHECKING:
    from ..represent import Matrix

__all__ = ["build_timeline"]

_MIN_WORDS, _MAX_WORDS = 6, 60
_SAME_FACT = 0.9
_MAX_CITATIONS = 5
_PUB_DAYS = 2  # a lead sentence stands for its publication day and the day before (news-tls's pub_end)


@dataclass(slots=True)
class _Pile:
    """Candidate sentences of the input and the dates they point at."""

    sentences: list[Sentence] = field(default_factory=list)
    weak: list[bool] = field(default_factory=list)  # candidate through its publication date (or the day after) only
    by_date: dict[date, list[int]] = field(default_factory=lambda: defaultdict(list))
    mentions: dict[date, int] = field(default_factory=lambda: defaultdict(int))
    published: dict[date, int] = field(default_factory=lambda: defaultdict(int))


def build_timeline(
    articles: Source,
    *,
    dates: int | None = None,
    per_date: int = 2,
    query: str | None = None,
    start: date | None = None,
    end: date | None = None,
    max_dates: int = 30,
    lead: int = 10,
    pub_weight: float = 1.0,
    topic_weight: float = 1.0,
    redundancy: float = 0.5,
    config: TimelineConfig | None = None,
) -> Timeline:
    """A timeline of the events the articles report, each sentence cited.

    Parameters
    ----------
    articles : str, Article or sequence of them
        The input (strings get ids ``"1"``, ``"2"``... and no date).
    dates : int or None, default=None
        How many dates; None chooses by the knee of the date scores.
    per_date : int, default=2
        Sentences per date.
    query : str or None, default=None
        Topic words; on-topic sentences are favoured. None uses the centroid.
    start, end : date or None, default=None
        Only dates in ``[start, end]`` are considered.
    max_dates : int, default=30
        The most dates chosen automatically.
    lead : int, default=10
        How many first sentences of an article count for its publication
        date and the day before.
    pub_weight : float, default=1.0
        Weight of a publication against a mention (see the module docstring).
    topic_weight : float, default=1.0
        Weight of the similarity to the topic.
    redundancy : float, default=0.5
        Cosine above which two sentences say the same.
    config : TimelineConfig or None, default=None
        All of the settings above in one object (then leave them at their defaults);
        its ``to_dict()`` is the timeline's ``settings``.

    Returns
    -------
    Timeline
        Chronological entries; no entries (and a ``reason``) when no sentence
        could be dated.

    Raises
    ------
    ConfigError
        For a bad setting (such as ``dates``, ``per_date``, ``max_dates`` or ``lead``),
        or settings given both in ``config`` and as keyword arguments.
    InputError
        For an empty input or repeated article ids.
    """
    values = {"dates": dates, "per_date": per_date, "query": query, "start": start, "end": end,
              "max_dates": max_dates, "lead": lead, "pub_weight": pub_weight, "topic_weight": topic_weight,
              "redundancy": redundancy}  # fmt: skip
    cfg = resolve(TimelineConfig, config, values, owner="build_timeline")
    arts = as_articles(articles)
    check_articles(arts, check_language=False)
    settings = cfg.to_dict()
    undated = tuple(a.id for a in arts if a.published is None)
    pile = _collect(arts, start=cfg.start, end=cfg.end, lead=cfg.lead)
    if not pile.by_date:
        return Timeline((), arts, undated, settings, reason="No sentence names a day-precise date in range.")
    ranked = _rank_dates(pile, pub_weight=cfg.pub_weight)
    wanted = cfg.dates if cfg.dates is not None else _knee([s for _, s in ranked], limit=cfg.max_dates)
    entries = _summarize(pile, ranked, wanted, cfg, arts)
    return Timeline(tuple(sorted(entries, key=lambda e: e.date)), arts, undated, settings)


def _collect(articles: Sequence[Article], *, start: date | None, end: date | None, lead: int) -> _Pile:
    """Date every news sentence (of each article's one document), and keep the candidates."""
    pile = _Pile()
    lo, hi = start or date.min, end or date.max
    for article in articles:
        pub = article.published.date() if article.published else None
        if pub is not None and lo <= pub <= hi:
            pile.published[pub] += 1
        doc = Document.of(article)  # its dates resolve against pub too
        rank = 0
        for k in compress(range(len(doc.news)), doc.news):
            rank += 1
            mentions = doc.dates(k)
            days = {m.date for m in mentions if m.granularity == "day" and lo <= m.date <= hi}
            sent = doc.sentences[k]
            usable = _usable(doc, k)
            for day in sorted(days):
                pile.mentions[day] += 1
                if usable:
                    _add(pile, sent, day, weak=False)
            if mentions or rank > lead or not usable:
                continue
            inherited = doc.inherited_day(k)  # a detail of the event the sentences before it dated
            if inherited is not None:
                if lo <= inherited <= hi:
                    _add(pile, sent, inherited, weak=True)
            elif pub is not None:
                for day in (pub - timedelta(days=k) for k in range(_PUB_DAYS)):
                    if lo <= day <= hi:
                        _add(pile, sent, day, weak=True)
    return pile


def _usable(doc: Document, k: int) -> bool:
    """Whether sentence ``k`` can be a timeline item on its own: it neither leans on the sentence before it
    (:attr:`Document.leans`) nor leads in to the one after it (ends with ":"), and is of a usable length.

    A leaning sentence is not chosen rather than shown with the one it leans on: on the Timeline17 dev
    set, pairs made the items longer than the references' and cost aligned ROUGE-1 F (0.123 -> 0.118)."""
    return not doc.leans[k] and not doc.leads_in[k] and _MIN_WORDS <= doc.word_counts[k] <= _MAX_WORDS


def _add(pile: _Pile, sent: Sentence, day: date, *, weak: bool) -> None:
    pile.by_date[day].append(len(pile.sentences))
    pile.sentences.append(sent)
    pile.weak.append(weak)


def _rank_dates(pile: _Pile, *, pub_weight: float) -> list[tuple[date, float]]:
    """Dates with candidates and a positive score, best first (ties: earlier first)."""
    scored = [(d, pile.mentions[d] + pub_weight * pile.published[d]) for d in pile.by_date]
    return sorted([(d, s) for d, s in scored if s > 0], key=lambda ds: (-ds[1], ds[0]))


def _knee(scores: list[float], *, limit: int) -> int:
    """Where the sorted scores bend most: the point farthest below the chord from first to last."""
    n = min(len(scores), 4 * limit)
    if n <= 2:
        return n
    y = np.asarray(scores[:n], dtype=float)
    x = np.arange(n, dtype=float)
    chord = y[0] + (y[-1] - y[0]) * x / (n - 1)
    return int(min(limit, max(1, int(np.argmax(chord - y)) + 1)))


def _summarize(pile: _Pile, ranked: list[tuple[date, float]], wanted: int, cfg: TimelineConfig,
               articles: Sequence[Article]) -> list[TimelineEntry]:  # fmt: skip
    """The entries of the ``wanted`` best dates that have a usable sentence (chosen by ``cfg.selector``)."""
    from ..represent.tfidf import TfidfRepresenter

    rep = TfidfRepresenter(redundancy=cfg.redundancy)
    x = rep.fit_transform([s.text for s in pile.sentences])
    query = cfg.query
    topic = _unit(np.asarray(rep.transform([query]).toarray()).ravel() if query else np.asarray(x.mean(axis=0)).ravel())
    on_topic = np.asarray(x @ topic).ravel()
    weak = np.asarray(pile.weak, dtype=bool)
    tie = _tie_ranks(pile.sentences)
    selector = get_selector(cfg.selector, cfg)
    budget = Budget("sentences", cfg.per_date)
    taken: list[int] = []
    entries: list[TimelineEntry] = []
    for day, score in ranked:
        if len(entries) >= wanted:
            break
        rows = np.asarray(pile.by_date[day], dtype=np.intp)
        w = np.where(weak[rows], cfg.pub_weight, 1.0)
        centroid = _unit(np.asarray(x[rows].T @ w).ravel())
        pool = DatePool(articles=articles, sentences=pile.sentences, x=x, rows=rows, centroid=centroid,
                        prior=cfg.topic_weight * on_topic[rows], weight=w, tie=tie[rows], taken=tuple(taken),
                        redundancy=cfg.redundancy)  # fmt: skip
        picks = selector(pool, budget)
        if picks:
            taken += [p.members[0] for p in picks]
            items = tuple(_item(x, rows, p.members[0], p.score, pile) for p in picks)
            entries.append(TimelineEntry(day, items, float(score)))
    return entries


def _tie_ranks(sentences: list[Sentence]) -> np.ndarray:
    """Each sentence's place in (article id, sentence index) order: how equal gains are broken."""
    order = sorted(range(len(sentences)), key=lambda i: (sentences[i].article_id, sentences[i].index))
    ranks = np.empty(len(sentences), dtype=np.intp)
    ranks[order] = np.arange(len(sentences))
    return ranks


def _unit(v: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(v))
    return v / norm if norm > 0 else v


def _item(x: Matrix, rows: np.ndarray, i: int, score: float, pile: _Pile) -> SummaryItem:
    """The item of candidate ``i``, citing it and other articles' sentences that say the same."""
    sent = pile.sentences[i]
    sims = np.asarray(x[rows] @ x[i].T.toarray()).ravel()
    citations = [sent.citation]
    cited = {sent.article_id}
    for k in np.argsort(-sims, kind="stable"):
        other = pile.sentences[int(rows[k])]
        if sims[k] < _SAME_FACT or len(citations) == _MAX_CITATIONS:
            break
        if other.article_id not in cited:
            cited.add(other.article_id)
            citations.append(Citation(other.article_id, other.start, other.end))
    return SummaryItem(text=sent.text, score=score, citations=tuple(citations))
