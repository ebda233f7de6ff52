"""Article -> its one analysis: a :class:`Document` per article, computed once, lazily, and shared.

Every feature reads an article through the same views: its sentences (spans
with offsets, from :mod:`.segmenter`), the boilerplate reason of each
(:mod:`.boilerplate`), its word count, its stems (:mod:`.tokens`), whether it
leans on the sentence before it (:mod:`.leaning`) and its date expressions
(:mod:`.temporal`). Before, a digest segmented each article five times, once
per feature; now :meth:`Document.of` gives the one document of an article,
and each view is computed the first time a feature asks for it.

**Lifetime.** Documents are cached in a :class:`weakref.WeakKeyDictionary`
keyed on the :class:`~precis.model.Article`: a document lives exactly as
long as its article, so a summary, a timeline and a check of the same
articles share one analysis, and a server request's documents go with its
articles. (A cache object passed down from each entry point would bound the
memory to one call, but every public signature would have to carry it, and
two calls on the same articles would analyse them twice.) A document holds
the article's id, text and publication time, never the article itself, so
the cache never keeps an article alive. Articles are equal by value, and two
equal articles have the same analysis, so they share one document (unless
their equal publication times fall on different days in their time zones).

**Threads.** Each view is computed from immutable inputs and stored in one
assignment: two threads that ask at once may both compute it (the same
value); neither ever sees a half-made one. No lock is held while computing.
"""

from __future__ import annotations

import weakref
from datetime import date
from threading import Lock
from typing import TYPE_CHECKING

from ..model import Article, Sentence
from .boilerplate import boilerplate_reasons, cut_off
from .leaning import in_quotations, leading_in, lean_targets
from .segmenter import Segmenter
from .temporal import find_dates
from .tokens import stems

if TYPE_CHECKING:
    from .temporal import DateMention

__all__ = ["Document"]

_SEGMENTER = Segmenter()  # the default segmenter every feature uses
_DOCUMENTS: weakref.WeakKeyDictionary[Article, Document] = weakref.WeakKeyDictionary()
_ADDING = Lock()  # only around the dictionary update: WeakKeyDictionary is not documented as thread-safe


def _day(article: Article) -> date | None:
    """The day ``article`` was published, where it was published (what relative dates resolve against)."""
    return article.published.date() if article.published is not None else None


class Document:
    """The analysis of one article (see the module docstring); get one with :meth:`Document.of`.

    Every attribute is computed on first use and then kept. Tuples, since
    every feature that reads the article shares them.

    Attributes
    ----------
    id, text : str
        The article's id and text.
    published : date or None
        The article's publication day (what relative dates resolve against).

    Examples
    --------
    >>> art = Article("a", "Talks opened in Geneva on Monday. Subscribe to our newsletter.")
    >>> doc = Document.of(art)
    >>> doc is Document.of(art), doc.texts, doc.reasons
    (True, ('Talks opened in Geneva on Monday.', 'Subscribe to our newsletter.'), (None, 'boilerplate'))
    """

    __slots__ = (
        "_antecedents",
        "_dates",
        "_eligible",
        "_inherited",
        "_leads_in",
        "_leans",
        "_leans_far",
        "_lowered",
        "_news",
        "_prefixes",
        "_reasons",
        "_sentences",
        "_stems",
        "_texts",
        "_word_counts",
        "id",
        "published",
        "text",
    )

    def __init__(self, article: Article) -> None:
        self.id = article.id
        self.text = article.text
        self.published = _day(article)
        self._sentences: tuple[Sentence, ...] | None = None
        self._texts: tuple[str, ...] | None = None
        self._reasons: tuple[str | None, ...] | None = None
        self._news: tuple[bool, ...] | None = None
        self._word_counts: tuple[int, ...] | None = None
        self._leans: tuple[bool, ...] | None = None
        self._leans_far: tuple[bool, ...] | None = None
        self._antecedents: tuple[int | None, ...] | None = None
        self._leads_in: tuple[bool, ...] | None = None
        self._stems: tuple[frozenset[str], ...] | None = None
        self._dates: list[tuple[DateMention, ...] | None] | None = None
        self._inherited: dict[int, date | None] = {}
        self._eligible: dict[int, tuple[bool, ...]] = {}
        self._prefixes: dict[int, Document] = {}
        self._lowered: str | None = None

    @classmethod
    def of(cls, article: Article) -> Document:
        """The one document of ``article``, made on first use and kept as long as the article lives."""
        try:
            doc = _DOCUMENTS.get(article)
        except TypeError:  # an unhashable field (a list for a title): analysed, not kept
            return cls(article)
        if doc is None:
            doc = cls(article)
            with _ADDING:
                doc = _DOCUMENTS.setdefault(article, doc)
        if doc.published != _day(article):  # an equal article: the same instant, but another zone and day
            return cls(article)
        return doc

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        """The sentences, in order, indexed from 0 (:class:`~precis.analysis.segmenter.Segmenter`)."""
        if self._sentences is None:
            self._sentences = tuple(_SEGMENTER(Article(self.id, self.text)))
        return self._sentences

    @property
    def texts(self) -> tuple[str, ...]:
        """The text of each sentence."""
        if self._texts is None:
            self._texts = tuple([s.text for s in self.sentences])
        return self._texts

    @property
    def reasons(self) -> tuple[str | None, ...]:
        """Why each sentence is boilerplate, or ``None`` (:func:`~precis.analysis.boilerplate.boilerplate_reasons`)."""
        if self._reasons is None:
            self._reasons = tuple(boilerplate_reasons(self.sentences, text=self.text))
        return self._reasons

    @property
    def news(self) -> tuple[bool, ...]:
        """Whether each sentence is news: neither a heading nor boilerplate."""
        if self._news is None:
            self._news = tuple(
                [reason is None and s.kind != "heading" for s, reason in zip(self.sentences, self.reasons, strict=True)]
            )
        return self._news

    @property
    def word_counts(self) -> tuple[int, ...]:
        """The words of each sentence, as budgets count them (whitespace-separated)."""
        if self._word_counts is None:
            self._word_counts = tuple(map(len, map(str.split, self.texts)))
        return self._word_counts

    @property
    def leans(self) -> tuple[bool, ...]:
        """Whether each sentence leans on an earlier one (:func:`~precis.analysis.leaning.leaning`)."""
        if self._leans is None:
            self._lean_flags()
        assert self._leans is not None
        return self._leans

    @property
    def leans_far(self) -> tuple[bool, ...]:
        """Whether each sentence leans on something further back than the sentence just before it, or not
        named there (:func:`~precis.analysis.leaning.reaching_back`), or is one sentence of a quotation that
        runs over several (:func:`~precis.analysis.leaning.in_quotations`): it cannot be shown with what it
        leans on."""
        if self._leans_far is None:
            self._lean_flags()
        assert self._leans_far is not None
        return self._leans_far

    @property
    def antecedents(self) -> tuple[int | None, ...]:
        """For each sentence that leans on something further back (:attr:`leans_far`), the position of the
        sentence it leans on when that can be told; None for every other sentence."""
        if self._antecedents is None:
            self._lean_flags()
        assert self._antecedents is not None
        return self._antecedents

    def _lean_flags(self) -> None:
        n = len(self.texts)
        leans, far = [False] * n, [False] * n
        antecedents: list[int | None] = [None] * n
        for k, target in lean_targets(self.texts).items():
            leans[k] = True
            far[k] = target != k - 1
            antecedents[k] = target if far[k] else None
        # a sentence of a quotation that runs over several: shown whole or not at all, so not at all
        for k in in_quotations(self.texts, [s.paragraph for s in self.sentences]):
            leans[k] = far[k] = True
            antecedents[k] = None
        self._leans, self._leans_far, self._antecedents = tuple(leans), tuple(far), tuple(antecedents)

    @property
    def leads_in(self) -> tuple[bool, ...]:
        """Whether each sentence ends with ":", leading in to the next (:func:`~precis.analysis.leaning.leads_in`)."""
        if self._leads_in is None:
            flags = [False] * len(self.texts)
            for k in leading_in(self.texts):
                flags[k] = True
            self._leads_in = tuple(flags)
        return self._leads_in

    @property
    def stems(self) -> tuple[frozenset[str], ...]:
        """The set of stemmed content words of each sentence (:func:`~precis.analysis.tokens.stems`)."""
        if self._stems is None:
            self._stems = tuple([frozenset(stems(t)) for t in self.texts])
        return self._stems

    @property
    def lowered(self) -> str:
        """The text, lower-cased (what looks up whether an article ever mentions a name)."""
        if self._lowered is None:
            self._lowered = self.text.lower()
        return self._lowered

    def eligible(self, min_words: int) -> tuple[bool, ...]:
        """Whether each sentence can be a summary sentence: news, at least ``min_words`` words, and not a last
        sentence that the text stops in the middle of (:func:`~precis.analysis.boilerplate.cut_off`)."""
        found = self._eligible.get(min_words)
        if found is None:
            found = tuple([ok and n >= min_words for ok, n in zip(self.news, self.word_counts, strict=True)])
            if found and found[-1] and cut_off(self.sentences[-1], self.text):
                found = (*found[:-1], False)
            self._eligible[min_words] = found
        return found

    def dates(self, index: int) -> tuple[DateMention, ...]:
        """The date expressions of sentence ``index``, resolved against the publication day
        (:func:`~precis.analysis.temporal.find_dates`); found for each sentence when first asked."""
        cache = self._dates
        if cache is None:
            cache = self._dates = [None] * len(self.sentences)
        found = cache[index]
        if found is None:
            found = cache[index] = tuple(find_dates(self.sentences[index].text, published=self.published))
        return found

    def inherited_day(self, index: int) -> date | None:
        """The day that sentence ``index``, which names no date, reports: that of the sentence it follows.

        News tells one event and then its details without repeating the day:
        after "Fourteen people died when the ferry overturned on Saturday",
        "Rescuers saved 92 people" is Saturday's too, not the publication
        day's. The day is that of the nearest earlier news sentence naming a
        day (sentences naming only a month or a year are passed over): its
        one day, or, when it names several, the first day the article names
        if it is among them ("met for dinner on Sunday before the session
        opened on Monday", in an article about Monday). None when sentence
        ``index`` names a date itself, when no earlier sentence names a day,
        when the days it follows are ambiguous, or when that day lies after
        the publication day (a sentence after "talks resume on Wednesday" is
        not Wednesday's news).
        """
        if index in self._inherited:
            return self._inherited[index]
        found: date | None = None
        if not self.dates(index):
            lead = self._first_day()
            for k in range(index - 1, -1, -1):
                if not self.news[k]:
                    continue
                days = {m.date for m in self.dates(k) if m.granularity == "day"}
                if not days:
                    continue
                day = next(iter(days)) if len(days) == 1 else (lead if lead in days else None)
                if day is not None and (self.published is None or day <= self.published):
                    found = day
                break
        self._inherited[index] = found
        return found

    def _first_day(self) -> date | None:
        """The first day-precise date the article's news names (its main event, as a rule)."""
        for k in range(len(self.sentences)):
            if self.news[k]:
                for m in self.dates(k):
                    if m.granularity == "day":
                        return m.date
        return None

    def prefix(self, end: int) -> Document:
        """The document of ``text[:end]`` alone, with this id (itself when ``end`` reaches the end).

        A prefix is analysed as a text of its own: its last sentence, its last
        paragraphs (where author bios are looked for) and so the analysis can
        differ from the whole text's. Kept, one per ``end``.
        """
        if end >= len(self.text):
            return self
        found = self._prefixes.get(end)
        if found is None:
            found = self._prefixes.setdefault(end, Document(Article(self.id, self.text[:end])))
        return found

    def __repr__(self) -> str:
        return f"Document(id={self.id!r}, chars={len(self.text)})"
