"""Outlets that disagree: another figure, date or name for the same fact of the same event.

A summary item is compared with the sentences of the *other* articles that
are about the same thing (cosine at least ``CONFLICT_SIMILARITY`` times the
corroboration threshold, see :mod:`.citing`); each sentence is read once as a
:class:`~.statements.Statement`:

- **number**: the two sentences count the same quantity
  (:func:`~.quantity.same_quantity`: "eight *hours*" and "7.5 *hours*"; "14
  people *dead*" and "*killing* 19 people"; "a *budget* of 2.1 billion dollars"
  and "a $2.4 billion *budget*") with *different* figures
  (:func:`~.quantity.relation`: not the same value in any form, and neither
  admits the other: "more than 90" admits 92, "about 120" admits 118, a range
  admits a value in it), no other figure of either sentence for that quantity
  agrees, and the two figures are of the same event
  (:func:`~.statements.other_event`: the parts of the sentences about them
  name no different time, place or people; "eight hours in Geneva on Monday"
  and "four hours in Brussels on Wednesday" are neither agreement nor
  conflict). A sentence that names no place and no one takes its article's
  dateline ("BRUSSELS --") as its place. Counts over two periods are two
  quantities ("in only 14 seconds" and "over the next 29 seconds"; a running
  total "since the quake" and one day's count "on Friday"), and so are a
  lead and a deficit ("ahead by six points", "losing the south by 22 points").
  An article that gives both figures for the thing (six points as of
  Wednesday, seven after Thursday's update) is at odds with neither.
- **date**: the two sentences report the same thing (a near restatement, or
  the same figure for the same count, as "8,000 dock workers ... since October
  7" and "Eight thousand dockers ... on October 8") and each names exactly one
  day, other than the day something was said, and the days differ (relative
  dates are resolved against each article's publication date, so "on Monday"
  in a Tuesday paper and "Jan. 10" agree).
- **name**: the two sentences say the same thing but for the names (most of
  the shorter one's other content words are in the longer one) and each names
  someone the other never mentions.

A vague amount ("tens of thousands of troops", "hundreds of homes") is a
weak figure: where its article gives an exact figure for the same quantity of
the same event in another sentence, one the vague amount admits ("about
100,000 troops"), that figure is the article's (:attr:`Reported.exact`): it
is compared in place of the vague amount, and shown and cited where the
article says it. So an item's "tens of thousands of troops" and another
outlet's "roughly 127,000 troops" are shown as the designed disagreement,
"about 100,000" against "roughly 127,000", and an outlet whose vague lead
and exact figure both stand is shown by its exact figure.

At most one conflict per other article is kept (the closest sentence), so a
briefing shows each outlet's version once, next to the item, cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache
from typing import NamedTuple

import numpy as np

from ..analysis.document import Document
from ..analysis.tokens import stems
from ..model import Article, Citation, Conflict, ConflictKind, Sentence
from .quantity import SAME_UNIT, Quantity, match, read_quantities, relation, same_quantity
from .statements import NOT_NAMES, Context, Statement, dateline, names_overlap, other_event, statement_of

__all__ = ["MATCH_CLOSENESS", "Disagreement", "Quantity", "Reported", "Stated", "conflict_between", "find_conflicts",
           "number_conflict", "quantities", "statement_conflict"]  # fmt: skip

_CAPITAL = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*\b")
#: the least cosine (over the corroboration threshold) of two sentences whose counts conflict, by how surely the
#: counts measure one thing (:func:`~.quantity.match`): the words around them, the unit, the unit and a modifier
MATCH_CLOSENESS = {1: 1.0, 2: 0.3, 3: 0.15}
_SAME_BUT_NAMES = 0.6  # share of the shorter sentence's other content words the longer must have
_DATELINE = re.compile(r"^[A-Z][^.]{0,80}?(?:\s--|\s_\s|\s—)")  # "CANBERRA, March 27 (Xinhua) --"


class Stated(NamedTuple):
    """A figure as a sentence states it: the count, the sentence's text, and where it is when it is another
    sentence's (None: the sentence compared)."""

    quantity: Quantity
    text: str
    citation: Citation | None = None


class Disagreement(NamedTuple):
    """Two figures for one quantity, as each side says them, and where, when not in the sentences compared."""

    said: str
    other: str
    said_at: Citation | None = None
    other_at: Citation | None = None


@dataclass(frozen=True, slots=True)
class Reported:
    """A sentence as an article reports it: its :class:`~.statements.Statement`, the article's dateline place
    (the place of a sentence that names none) and text, lower-cased (the names the article ever mentions);
    ``exact``: for each vague amount of the sentence (by its index in ``statement.quantities``), the exact
    figures its article gives for it elsewhere (:func:`_exact_figures`)."""

    statement: Statement
    place: str | None = None
    known: str | None = None
    exact: tuple[tuple[int, tuple[Stated, ...]], ...] = ()
    published: date | None = None  # the article's day
    article: Article | None = None  # where the sentence is (its other sentences: :meth:`gives_elsewhere`)
    start: int = -1  # the sentence's offset in it

    @classmethod
    def of(cls, sentence: Sentence, article: Article) -> Reported:
        """``sentence`` of ``article``, read once (:func:`~.statements.statement_of`, :class:`Document`)."""
        st = statement_of(sentence, article)
        exact = _exact_figures(sentence, article) if any(q.vague for q in st.quantities) else ()
        doc = Document.of(article)
        return cls(st, dateline(article), doc.lowered, exact, doc.published, article, sentence.start)

    def gives_elsewhere(self, q: Quantity) -> bool:
        """Whether another sentence of the article gives ``q``'s very figure for the same thing (by its unit,
        :func:`~.quantity.match` at least 2), said the same way: the article then reports both figures (a
        reading and a later one, a first toll and a revised one), and the other outlet's figure is no
        disagreement with it."""
        if self.article is None:
            return False
        for s in Document.of(self.article).sentences:
            if s.start == self.start:
                continue
            st = statement_of(s, self.article)
            if st.modal != self.statement.modal:
                continue
            if any(not x.vague and match(q, x) >= 2 and x.agrees(q) for x in st.quantities):
                return True
        return False

    def figures_of(self, q: Quantity) -> tuple[Stated, ...]:
        """The figures that stand for ``q``: the exact ones its article gives when ``q`` is a vague amount and
        there are any, else ``q`` itself."""
        if q.vague:
            k = self.statement.quantities.index(q)
            for index, found in self.exact:
                if index == k and found:
                    return found
        return (Stated(q, self.statement.text),)


def _exact_figures(sentence: Sentence, article: Article) -> tuple[tuple[int, tuple[Stated, ...]], ...]:
    """For each vague amount of ``sentence``, the exact figures (or "about" ones) of other sentences of
    ``article`` that count the same thing by their unit (:func:`~.quantity.match` at least 2), of the same event,
    said the same way (both facts, or both what will be), and that the vague amount admits: "tens of thousands of
    Russian troops" and "about 100,000 troops"; kept for the articles seen last."""
    try:
        return _cached_exact(sentence, article)
    except TypeError:  # an unhashable field (a list for a title): read, not kept
        return _cached_exact.__wrapped__(sentence, article)


@lru_cache(maxsize=1024)
def _cached_exact(sentence: Sentence, article: Article) -> tuple[tuple[int, tuple[Stated, ...]], ...]:
    st = statement_of(sentence, article)
    place = dateline(article)
    ours = Reported(st, place)
    others = [(s, Reported(statement_of(s, article), place)) for s in Document.of(article).sentences
              if s.start != sentence.start]  # fmt: skip
    out = []
    for k, q in enumerate(st.quantities):
        if not q.vague:
            continue
        found = []
        for s, other in others:
            if other.statement.modal != st.modal:
                continue
            for x in other.statement.quantities:
                if x.vague or x.bound not in ("exact", "about") or x.high is not None or match(q, x) < 2:
                    continue
                if x.agrees(q) and not other_event(_scope(ours, q), _scope(other, x)):
                    found.append(Stated(x, other.statement.text, s.citation))
        out.append((k, tuple(found)))
    return tuple(out)


def quantities(text: str) -> list[Quantity]:
    """The counts in ``text`` that say what they count (:func:`~.quantity.read_quantities` with a unit).

    Examples
    --------
    >>> [(q.value, sorted(q.unit)) for q in quantities("They talked for about eight hours on Jan. 10.")]
    [('8', ['hour'])]
    """
    return [q for q in read_quantities(text) if q.unit]


def _surface(text: str, q: Quantity) -> str:
    """The number and the words it counts, as the sentence says them ("about eight hours", "$2.4 billion budget")."""
    sign = re.search(r"(?:US|C|A)?[$€£¥]\s?$", text[max(0, q.said_start - 3) : q.said_start])
    if sign:
        q = replace(q, said_from=q.said_start - len(sign.group()))
    tail = re.match(r"(?:\s*%)?(?:-[A-Za-z]+|(?:\s+[A-Za-z][\w'’-]*){0,3})", text[q.end :])
    words = tail.group() if tail else ""
    if words.startswith("-"):
        return text[q.said_start : q.end] + words
    kept, seen = [], False  # up to the last word of the unit
    for w in words.split():
        kept.append(w)
        word = w.strip(".,;:")
        if q.unit and (word.lower().startswith(tuple(q.unit)) or any(SAME_UNIT.get(x) in q.unit for x in stems(word))):
            seen = True
            break
    return " ".join([text[q.said_start : q.end], *kept]) if seen else text[q.said_start : q.end]


def _scope(side: Reported, q: Quantity) -> Context:
    ctx = side.statement.scope_of(q)
    if not ctx.places and not ctx.names and side.place:  # "The session ran for roughly four hours." (BRUSSELS --)
        return Context(ctx.times, frozenset({side.place}), ctx.names)
    return ctx


def _foreign(q: Quantity, known: str | None) -> bool:
    """Whether a name qualifying ``q`` ("the Amberley union") is never mentioned in the other article."""
    return known is not None and any(w[: max(4, len(w) - 2)] not in known for w in q.qualifiers)


def number_conflict(ours: Reported, theirs: Reported, *, closeness: float | None = None) -> Disagreement | None:
    """Two figures for the same quantity of the same event, as each side says them, or None.

    ``closeness`` is the sentences' cosine over the corroboration threshold, when known: the less surely the
    two counts measure one thing (:func:`~.quantity.match`), the closer the sentences must be
    (:data:`MATCH_CLOSENESS`). A vague amount is compared by the exact figures its article gives for it
    (:meth:`Reported.figures_of`): a conflict only when none of them agrees, shown by the first, where it is said.
    """
    a, b = ours.statement, theirs.statement
    if a.modal != b.modal:
        return None  # a forecast and a result, a plan and what was done
    for qa in a.quantities:
        for qb in b.quantities:
            strength = match(qa, qb)
            if not strength:
                continue
            periods_a, periods_b = a.periods_of(qa), b.periods_of(qb)
            if periods_a and periods_b and not periods_a & periods_b:
                continue  # counts over two periods ("in only 14 seconds", "over the next 29 seconds"; "since")
            if _total_and_one_day(a, periods_a, b, periods_b):
                continue  # a running total ("60 aftershocks since the quake") and one day's count ("five ... Friday")
            da, db = _direction(a.text, qa), _direction(b.text, qb)
            if da and db and da != db:
                continue  # a lead and a deficit ("ahead by six points", "losing the south by 22 points")
            sides_a, sides_b = ours.figures_of(qa), theirs.figures_of(qb)
            if any(x.quantity.agrees(y.quantity) for x in sides_a for y in sides_b):
                continue
            if closeness is not None and closeness < MATCH_CLOSENESS[strength]:
                continue
            if (qa.vague or qb.vague) and strength < 3:
                continue  # "thousands of fans" disagrees only with a figure for the very same thing
            if _foreign(qa, theirs.known) or _foreign(qb, ours.known):
                continue
            if other_event(_scope(ours, qa), _scope(theirs, qb)):
                continue
            sa, sb = sides_a[0], sides_b[0]
            # either sentence may give several figures for the thing: a conflict only if none agree, and
            # not when the other sentence gives this very figure too (for something else, as read)
            if any(
                same_quantity(qa, x) and any(y.quantity.agrees(sa.quantity) for y in theirs.figures_of(x))
                for x in b.quantities
            ) or any(
                same_quantity(qb, x) and any(y.quantity.agrees(sb.quantity) for y in ours.figures_of(x))
                for x in a.quantities
            ):
                continue
            if any(relation(sa.quantity, x) == "same" for x in b.figures) or any(
                relation(sb.quantity, x) == "same" for x in a.figures
            ):
                continue
            if ours.gives_elsewhere(sb.quantity) or theirs.gives_elsewhere(sa.quantity):
                continue  # one article gives both figures ("six points as of Wednesday ... seven on Thursday")
            return Disagreement(
                _surface(sa.text, sa.quantity), _surface(sb.text, sb.quantity), sa.citation, sb.citation
            )
    return None


# a margin told as a lead or as a deficit (not a change: "rose to 8%" and "fell to 7.5%" may well disagree)
_AHEAD = re.compile(r"\b(?:ahead|leads?|leading|winning|won)\b", re.I)
_BEHIND = re.compile(r"\b(?:behind|trails?|trailing|trailed|losing|lost|deficit)\b", re.I)


def _direction(text: str, q: Quantity) -> str | None:
    """Whether the words just before a figure say it is a lead ("ahead by six points") or a deficit ("losing the
    south by 22 points"): a lead and a deficit are two quantities, whatever their figures. None when the eight
    words before it say neither or both."""
    before = " ".join(text[: q.start].split()[-8:])
    up, down = _AHEAD.search(before) is not None, _BEHIND.search(before) is not None
    return "up" if up and not down else "down" if down and not up else None


def _total_and_one_day(a: Statement, periods_a: frozenset[str], b: Statement, periods_b: frozenset[str]) -> bool:
    """One sentence counts a running total ("since the quake hit on August 17") and the other what happened on
    one day it names ("five aftershocks ... Friday"): two periods, not one count told twice."""
    return ("since" in periods_a and "since" not in periods_b and _one_day(b) is not None) or (
        "since" in periods_b and "since" not in periods_a and _one_day(a) is not None
    )


def _one_day(st: Statement) -> tuple[str, str] | None:
    """The one day a sentence reports something on (not the day it was said, nor a dateline's or "today")."""
    line = _DATELINE.match(st.text)
    after = line.end() if line else 0
    times = [
        t for t in st.times if t.start >= after and not t.said and not st.text.startswith(("today", "Today"), t.start)
    ]
    days = {t.first for t in times if t.first == t.last}
    if len(days) != 1:
        return None
    day = next(iter(days))
    t = next(t for t in times if t.first == day)
    return day.isoformat(), _date_words(st.text, t.start)


def _date_words(text: str, start: int) -> str:
    m = re.match(r"[A-Z][a-z]+\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?(?:,\s+\d{4})?)?|\w+(?:\s+\w+)?", text[start:])
    return (m.group() if m else text[start : start + 10]).rstrip(".")


def _date_conflict(ours: Reported, theirs: Reported) -> tuple[str, str] | None:
    """Each reports one day, and they differ (said in other words: "Friday" and "Friday" resolved to two days
    by two anchors are one day), but not when each is its own article's day and the articles are of two days:
    two reports of the day's news ("major news items in leading newspapers on Tuesday", "... Friday") are of two
    events."""
    a, b = ours.statement, theirs.statement
    da, db = _one_day(a), _one_day(b)
    if da and db and da[0] != db[0] and a.modal == b.modal and da[1].lower() != db[1].lower():
        if ours.published and theirs.published and (da[0], db[0]) == (ours.published.isoformat(),
                                                                      theirs.published.isoformat()):  # fmt: skip
            return None
        return da[1], db[1]
    return None


def _unshared_names(text: str, other: str) -> list[str]:
    """Runs of capitalised words of ``text`` (not its first word) that ``other`` never mentions, in order."""
    first = re.match(r"\W*\w+", text)
    skip = first.end() if first else 0
    lowered = other.lower()
    runs: list[tuple[int, int]] = []
    for m in _CAPITAL.finditer(text):
        if m.start() < skip or m.group() in NOT_NAMES or m.group().lower() in lowered:
            continue
        if runs and text[runs[-1][1] : m.start()] == " ":
            runs[-1] = (runs[-1][0], m.end())
        else:
            runs.append(m.span())
    return [text[a:b] for a, b in runs]


def _name_conflict(a: Statement, b: Statement) -> tuple[str, str] | None:
    """Each sentence gives one full name the other never mentions (places aside: "in Tallow Bay" is no one), and
    they say the same thing but for the names, both as a fact or both as what will or may be."""
    if a.modal != b.modal:
        return None
    places = {p for _, p in (*a.places, *b.places)}
    only_ours = [n for n in _unshared_names(a.text, b.text) if n.lower() not in places]
    only_theirs = [n for n in _unshared_names(b.text, a.text) if n.lower() not in places]
    if len(only_ours) != 1 or len(only_theirs) != 1 or " " not in only_ours[0] or " " not in only_theirs[0]:
        return None
    names = a.name_words | b.name_words
    rest_a = {s for s in a.stems if not any(n.startswith(s) for n in names)}
    rest_b = {s for s in b.stems if not any(n.startswith(s) for n in names)}
    short, long = sorted((rest_a, rest_b), key=len)
    if not short or len(short & long) < _SAME_BUT_NAMES * len(short):
        return None
    return only_ours[0], only_theirs[0]


def statement_conflict(ours: Reported, theirs: Reported, *, close: bool, restates: bool | None = None,
                       closeness: float | None = None) -> tuple[ConflictKind, str, str] | None:  # fmt: skip
    """How ``theirs`` disagrees with ``ours``, or None: another figure (:func:`number_conflict`), another day
    when the two are near restatements (``restates``, ``close`` when not given), another name when they are about
    the same thing (``close``)."""
    found = _disagreement(ours, theirs, close=close, restates=restates, closeness=closeness)
    return (found[0], found[1].said, found[1].other) if found else None


def _disagreement(ours: Reported, theirs: Reported, *, close: bool, restates: bool | None = None,
                  closeness: float | None = None) -> tuple[ConflictKind, Disagreement] | None:  # fmt: skip
    """:func:`statement_conflict`, with where each figure is said when not in the sentences compared."""
    number = number_conflict(ours, theirs, closeness=closeness)
    if number:
        return "number", number
    a, b = ours.statement, theirs.statement
    ca, cb = a.context(), b.context()
    if (ca.places and cb.places and not names_overlap(ca.places, cb.places)) or not close:
        return None
    if (close if restates is None else restates) and not (
        ca.names and cb.names and not names_overlap(ca.names, cb.names)
    ):
        found = _date_conflict(ours, theirs)
        if found:
            return "date", Disagreement(*found)
    if other_event(Context(ca.times, frozenset(), frozenset()), Context(cb.times, frozenset(), frozenset())):
        return None
    found = _name_conflict(a, b)
    return ("name", Disagreement(*found)) if found else None


def conflict_between(
    ours: Sentence, ours_article: Article, theirs: Sentence, theirs_article: Article, *, close: bool
) -> tuple[ConflictKind, str, str] | None:
    """How ``theirs`` disagrees with ``ours``, or ``None``; dates and names only when ``close``."""
    return statement_conflict(Reported.of(ours, ours_article), Reported.of(theirs, theirs_article), close=close)


def find_conflicts(
    main: int,
    sentences: Sequence[Sentence],
    articles: Sequence[Article],
    article_pos: np.ndarray,
    sims: np.ndarray,
    candidates: np.ndarray,
    *,
    close: float,
    restates: float | None = None,
    corroboration: float | None = None,
) -> dict[int, tuple[float, Conflict]]:
    """The conflicts of sentence ``main`` with the ``candidates`` (other articles' sentences about the same thing).

    ``sims[i]`` is the cosine of sentence ``i`` with ``main``; sentences at least ``close`` are about the same
    thing (names are compared only for those), at least ``restates`` near restatements (dates are compared only
    for those; ``close`` when None); counts are compared by :data:`MATCH_CLOSENESS` of the cosine over
    ``corroboration`` when given. One conflict per article, its closest conflicting sentence, keyed by the
    article's position, with its cosine.
    """
    ours = Reported.of(sentences[main], articles[int(article_pos[main])])
    near = close if restates is None else restates
    best: dict[int, tuple[float, Conflict]] = {}
    for i in candidates:
        art = int(article_pos[i])
        sim = float(sims[i])
        closeness = sim / corroboration if corroboration else None
        theirs = Reported.of(sentences[i], articles[art])
        found = _disagreement(ours, theirs, close=sim >= close, restates=sim >= near, closeness=closeness)
        if found is not None and (art not in best or sim > best[art][0]):
            kind, d = found
            best[art] = (sim, Conflict(kind, d.said, d.other, d.other_at or sentences[i].citation, d.said_at))
    return best
