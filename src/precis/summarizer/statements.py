"""What one sentence states, read for comparing outlets: its counts, days, places and names.

A :class:`Statement` is a sentence read once for :mod:`.citing` (does another
outlet's sentence state the same fact with the same figures?) and
:mod:`.conflicts` (does it give another figure for the same quantity of the
same event?):

- ``figures``: every number the one lexicon reads
  (:func:`precis.lexicon.quantities.read_numbers`: digits, spelled out, scale
  words, ranges, bounds), but lone "one" and bare scale words;
- ``quantities``: the counts among them, each with what it counts
  (:class:`~.quantity.Quantity`) and its *scope*: the part of the sentence
  that is about it (the sentence, split between two counts at the last
  clause boundary: "eight hours of talks in Geneva on Monday | and a
  four-hour session in Brussels on Wednesday");
- ``times``: the days, weeks, months and years it mentions (resolved against
  the article's publication day by :mod:`precis.analysis.temporal`, through
  the article's :class:`~precis.analysis.document.Document`), and whether
  each is only the day something was *said* ("said on Wednesday");
- ``periods``: the periods it counts over ("in only 14 seconds", "over the
  next 29 seconds", "since the end of its truce"): two counts over two
  periods are two quantities;
- ``places``: names after a place preposition ("in Geneva", "at Riverside
  Stadium"), a dateline ("BRUSSELS --"), and place nouns ("the province",
  "the city"); ``names``: every run of capitalised words that names someone
  or something; ``stems``: its content words (:func:`precis.analysis.tokens.stems`).

:meth:`Statement.context` gives the event markers of a scope, and
:func:`other_event` says whether two contexts are surely of two different
events: both give a time and no time of one falls in a time of the other
(the Brussels session on Wednesday vs Monday's talks; the 2019 sinking),
both name a place and share none, or both name someone and share no one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from itertools import pairwise

from ..analysis.document import Document
from ..analysis.temporal import DateMention, find_dates
from ..analysis.tokens import stems
from ..lexicon.calendar_words import WEEKDAYS
from ..lexicon.quantities import (
    CARDINALS,
    SCALES,
    TENS,
    NumberMention,
    normalise_number,
    read_numbers,
    read_vague_numbers,
)
from ..model import Article, Sentence
from .quantity import NOT_NAMES, UNREAD, Quantity, read_quantities, to_ranges

__all__ = [
    "NOT_NAMES",
    "PLACE_NOUNS",
    "Context",
    "Statement",
    "TimeSpan",
    "dateline",
    "names_overlap",
    "other_event",
    "read_statement",
    "statement_of",
]

_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_NUMBER_WORDS = frozenset([*CARDINALS, *TENS, *SCALES, "hundred", "dozen", "dozens", "hundreds", "thousands", "tens"])
_POSSESSIVE_DAYS = frozenset(f"{d}'s" for d in WEEKDAYS)
_CAPITAL = re.compile(r"\b[A-Z][A-Za-z]*(?:[-'’][A-Za-z]+)*\.?")
_PLACE_PREPOSITION = re.compile(r"\b(?:in|at|near|outside|inside|across|on)\s+(?:the\s+(?:\w+\s+of\s+)?)?$", re.I)
_PART = re.compile(r"\b(?:including|such\s+as|among\s+them)\b[^,;.]*$", re.IGNORECASE)
_DATELINE = re.compile(r"^\s*([A-Z][A-Z .'-]{2,}?)\s*(?:\([^)]*\)\s*)?(?:--|—|–)")
_PARENS = re.compile(r"\([^)]*\)")
#: nouns that name a kind of place ("the province" and "the city" are two places)
PLACE_NOUNS = frozenset("city province county state country region district town village capital".split())
_STATEMENT_VERB = re.compile(
    r"\b(?:said|says|told|announced|reported|added|confirmed|stated|according)\b[^.;]{0,25}$", re.IGNORECASE
)
_CLAUSE = re.compile(r"[;,:()]|\s[-–—]+\s|\s(?:and|but|while|whereas|after|before)\s")
_UNITS = r"(?P<unit>seconds?|minutes?|hours?|days?|weeks?|months?|years?|decades?)"
#: the period a count is over: a length of time ("in only 14 seconds", "over the next 29 seconds", "in the past
#: several hours", "three decades of violence") or a running total ("since the end of its truce")
_PERIOD = re.compile(
    r"\b(?:over|during|in|within)\s+(?:the\s+(?:(?:next|first|last|past|following)\s+)?)?"
    r"(?:(?:only|just|about|some|nearly|almost|roughly)\s+)?(?P<n>[\w.,-]+)\s+" + _UNITS + r"\b"
    r"|\b(?P<n2>[\w.,-]+)\s+(?P<unit2>years|decades|months)\s+of\b|\b(?P<since>since)\b",
    re.IGNORECASE,
)
_FEW = frozenset({"several", "few", "many"})
_MODAL = re.compile(
    r"\b(?:will|would|could|might|may|shall|wo\s*n't|won't|hopes?|hoped|expects?|expected|plans?|planned|aims?"
    r"|wants?|intends?|is\s+due|are\s+due|is\s+to|are\s+to|scheduled|forecasts?|forecast(?:ed|ers?)|predict(?:s|ed)?"
    r"|projected|consensus|economists?\s+(?:polled|surveyed)|prepar(?:e|es|ed|ing)(?:\s+\w+){0,2}\s+to)\b"
)


@dataclass(frozen=True, slots=True)
class TimeSpan:
    """A time a sentence mentions: the days ``first`` to ``last``; ``said``: only when something was said."""

    first: date
    last: date
    start: int
    said: bool = False
    weekday: str | None = None  # the weekday named ("Monday", "Monday's"), lower-cased

    def overlaps(self, other: TimeSpan) -> bool:
        """Whether the two times can be the same: their days overlap, or they name the same weekday (two reports
        of one week name one day, whichever way each resolves it)."""
        return (self.first <= other.last and other.first <= self.last) or (
            self.weekday is not None and self.weekday == other.weekday
        )


@dataclass(frozen=True, slots=True)
class Context:
    """The event markers of a scope: times (statement days left out), places and names, lower-cased."""

    times: tuple[TimeSpan, ...]
    places: frozenset[str]
    names: frozenset[str]


@dataclass(frozen=True, slots=True)
class Statement:
    """One sentence read for comparison (see the module docstring); make one with :func:`statement_of`."""

    text: str
    figures: tuple[NumberMention, ...]
    quantities: tuple[Quantity, ...]
    scopes: tuple[tuple[int, int], ...]  # the scope of each quantity
    times: tuple[TimeSpan, ...]
    places: tuple[tuple[int, str], ...]  # (position, lower-cased place)
    names: tuple[tuple[int, str], ...]  # (position, lower-cased name run)
    stems: frozenset[str]
    modal: bool  # says what will, would or may happen, or what someone hopes
    periods: tuple[tuple[int, int, str], ...] = ()  # (start, end, period) of :func:`_periods`
    speakers: frozenset[str] = frozenset()  # stems of who it says said it ("police said": {"polic"})

    def context(self, start: int = 0, end: int | None = None) -> Context:
        """The event markers between ``start`` and ``end`` (the whole sentence by default)."""
        stop = len(self.text) if end is None else end
        return Context(
            tuple(t for t in self.times if start <= t.start < stop and not t.said),
            frozenset(p for at, p in self.places if start <= at < stop),
            frozenset(n for at, n in self.names if start <= at < stop),
        )

    def scope_of(self, q: Quantity) -> Context:
        """The event markers of the part of the sentence about ``q``."""
        start, end = self.scopes[self.quantities.index(q)]
        return self.context(start, end)

    def periods_of(self, q: Quantity) -> frozenset[str]:
        """The periods the sentence counts over, but one that is ``q`` itself ("in only 14 seconds")."""
        return frozenset(p for start, end, p in self.periods if not start <= q.start < end)

    @property
    def name_words(self) -> frozenset[str]:
        return frozenset(w for _, n in self.names for w in n.split())


def _span(d: date, granularity: str) -> tuple[date, date]:
    if granularity == "day":
        return d, d
    if granularity == "week":
        return d, d + timedelta(days=6)
    if granularity == "month":
        nxt = date(d.year + (d.month == 12), d.month % 12 + 1, 1)
        return d, nxt - timedelta(days=1)
    return date(d.year, 1, 1), date(d.year, 12, 31)


def _times(text: str, dates: tuple[DateMention, ...], figures: tuple[NumberMention, ...]) -> tuple[TimeSpan, ...]:
    out: list[TimeSpan] = []
    for d in dates:
        first, last = _span(d.date, d.granularity)
        said = _STATEMENT_VERB.search(text[max(0, d.start - 40) : d.start]) is not None
        word = re.match(r"([A-Z][a-z]+day)\b", text[d.start : d.end])
        weekday = word.group(1).lower() if word and word.group(1) in WEEKDAYS else None
        out.append(TimeSpan(first, last, d.start, said, weekday))
    for n in figures:  # a bare year ("the floods of 2013")
        token = text[n.start : n.end]
        if n.high is None and _YEAR.fullmatch(token) and not any(d.start <= n.start < d.end for d in dates):
            year = int(token)
            out.append(TimeSpan(date(year, 1, 1), date(year, 12, 31), n.start))
    return tuple(sorted(out, key=lambda t: t.start))


def _names(text: str) -> tuple[tuple[int, str], ...]:
    """Runs of capitalised words that name someone or something (not the first word when it is common)."""
    clean = _PARENS.sub(lambda m: " " * len(m.group()), text)  # "(Harbor Daily Wire)": the outlet
    runs: list[tuple[int, int]] = []
    for m in _CAPITAL.finditer(clean):
        word = m.group().rstrip(".")
        if (
            word in NOT_NAMES
            or word in _POSSESSIVE_DAYS
            or word.removesuffix("'s").removesuffix("’s") in NOT_NAMES
            or len(word) < 2
            or word.lower() in _NUMBER_WORDS
        ):
            continue
        if runs and clean[runs[-1][1] : m.start()] == " ":
            runs[-1] = (runs[-1][0], m.end())
        else:
            runs.append((m.start(), m.end()))
    out = []
    for a, b in runs:
        name = re.sub(r"['’]s\b", "", clean[a:b].rstrip(".")).lower()
        out.append((a, name))
    return tuple(out)


def _places(text: str, names: tuple[tuple[int, str], ...]) -> tuple[tuple[int, str], ...]:
    out: list[tuple[int, str]] = []
    line = _DATELINE.match(text)
    if line:
        out.append((line.start(1), line.group(1).strip().lower()))
    for at, name in names:
        if _PART.search(text, 0, at):
            continue  # "near their frontiers, including units stationed in Crimea": a part, not another place
        if _PLACE_PREPOSITION.search(text[max(0, at - 30) : at]):
            out.append((at, name))
    for m in re.finditer(
        r"\b(?:in|at|across|throughout|outside)\s+the\s+(\w+)\b(?!\s+[a-z]+(?:er|or|al)\b)", text, re.IGNORECASE
    ):  # "in the province", not "the city engineer"
        if m.group(1).lower() in PLACE_NOUNS:
            out.append((m.start(1), m.group(1).lower()))
    return tuple(sorted(set(out)))


def _scopes(text: str, quantities: tuple[Quantity, ...]) -> tuple[tuple[int, int], ...]:
    """The part of the sentence about each count: split between two counts at the last clause boundary."""
    cuts = [0]
    for a, b in pairwise(quantities):
        between = list(_CLAUSE.finditer(text, a.end, b.said_start))
        cuts.append(between[-1].start() if between else (a.end + b.said_start) // 2)
    cuts.append(len(text))
    return tuple((cuts[k], cuts[k + 1]) for k in range(len(quantities)))


def read_statement(text: str, dates: tuple[DateMention, ...]) -> Statement:
    """``text`` read for comparison, with its resolved date mentions ``dates``."""
    figures = tuple(
        n
        for n in to_ranges(text, read_numbers(text))
        if not (n.low.spelled and n.high is None and text[n.start : n.end].lower() in UNREAD)
    ) + read_vague_numbers(text)
    quantities = read_quantities(text)
    names = _names(text)
    return Statement(
        text=text,
        figures=figures,
        quantities=quantities,
        scopes=_scopes(text, quantities),
        times=_times(text, dates, figures),
        places=_places(text, names),
        names=names,
        stems=frozenset(s for s in stems(text) if not s[:1].isdigit()),
        modal=_MODAL.search(text.lower()) is not None,
        periods=_periods(text),
        speakers=_speakers(text),
    )


_SAID = re.compile(r"\b(?:said|says|told)\b", re.IGNORECASE)
_ACCORDING = re.compile(r"\baccording\s+to\b", re.IGNORECASE)


def _speakers(text: str) -> frozenset[str]:
    """Stems of the words naming who a sentence says said it: the words before "said" (up to four, within the
    clause) and after "according to" ("..., police said." {"polic"}; "but rescue workers said" {"rescu",
    "worker"}). Pronouns and function words are not stems, so "he said" names no one."""
    found: set[str] = set()
    for m in _SAID.finditer(text):
        clause = _CLAUSE.split(text[max(0, m.start() - 80) : m.start()])[-1]
        found.update(stems(" ".join(clause.split()[-4:])))
    for m in _ACCORDING.finditer(text):
        clause = _CLAUSE.split(text[m.end() : m.end() + 80])[0]
        found.update(stems(" ".join(clause.split()[:4])))
    return frozenset(found)


def _periods(text: str) -> tuple[tuple[int, int, str], ...]:
    """The periods ``text`` counts over, each as its span and ``"since"`` (a running total) or ``"N unit"``
    (a length of time: "14 second", "several hour", "3 decade")."""
    out = []
    for m in _PERIOD.finditer(text):
        if m.group("since"):
            out.append((m.start(), m.end(), "since"))
            continue
        n, unit = (m.group("n"), m.group("unit")) if m.group("n") else (m.group("n2"), m.group("unit2"))
        if n.lower() in _FEW or read_numbers(n):
            number = n.lower() if n.lower() in _FEW else normalise_number(n)
            out.append((m.start(), m.end(), f"{number} {unit.lower().rstrip('s')}"))
    return tuple(out)


@lru_cache(maxsize=8192)
def _cached(text: str, published: date | None, dates: tuple[DateMention, ...] | None) -> Statement:
    if dates is None:
        dates = tuple(find_dates(text, published=published))
    return read_statement(text, dates)


def statement_of(sentence: Sentence, article: Article) -> Statement:
    """The statement of ``sentence`` of ``article`` (its dates from the article's document when it is one of its
    sentences, else resolved against its publication day); kept for the texts seen last."""
    doc = Document.of(article)
    if 0 <= sentence.index < len(doc.sentences) and doc.sentences[sentence.index] == sentence:
        return _cached(sentence.text, doc.published, tuple(doc.dates(sentence.index)))
    return _cached(sentence.text, doc.published, None)


def dateline(article: Article) -> str | None:
    """The place of the article's dateline ("BRUSSELS -- ..."), lower-cased, or None."""
    line = _DATELINE.match(article.text)
    return line.group(1).strip().lower() if line else None


def names_overlap(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether two sets of names share one: a word of one begins a word of the other ("vardenia", "vardenian")."""
    wa = {w for n in a for w in n.split() if len(w) > 2}
    wb = {w for n in b for w in n.split() if len(w) > 2}
    return any(x.startswith(y) or y.startswith(x) for x in wa for y in wb if min(len(x), len(y)) >= 4 or x == y)


def other_event(a: Context, b: Context) -> bool:
    """Whether two scopes are surely about two different events: another time, another place or other people."""
    if a.times and b.times and not any(x.overlaps(y) for x in a.times for y in b.times):
        return True
    if a.places and b.places and not names_overlap(a.places, b.places):
        return True
    return bool(a.names and b.names and not names_overlap(a.names, b.names))
