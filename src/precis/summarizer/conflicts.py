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
  dateline ("BRUSSELS --") as its place.
- **date**: the two sentences report the same thing (a near restatement, or
  the same figure for the same count, as "8,000 dock workers ... since October
  7" and "Eight thousand dockers ... on October 8") and each names exactly one
  day, other than the day something was said, and the days differ (relative
  dates are resolved against each article's publication date, so "on Monday"
  in a Tuesday paper and "Jan. 10" agree).
- **name**: the two sentences say the same thing but for the names (most of
  the shorter one's other content words are in the longer one) and each names
  someone the other never mentions.

At most one conflict per other article is kept (the closest sentence), so a
briefing shows each outlet's version once, next to the item, cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

from ..model import Article, Conflict, ConflictKind, Sentence
from .quantity import Quantity, match, read_quantities, relation, same_quantity
from .statements import NOT_NAMES, Context, Statement, dateline, names_overlap, other_event, statement_of

__all__ = ["Quantity", "conflict_between", "find_conflicts", "quantities", "statement_conflict"]

_CAPITAL = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*\b")
#: the least cosine (over the corroboration threshold) of two sentences whose counts conflict, by how surely the
#: counts measure one thing (:func:`~.quantity.match`): the words around them, the unit, the unit and a modifier
MATCH_CLOSENESS = {1: 1.0, 2: 0.3, 3: 0.15}
_SAME_BUT_NAMES = 0.6  # share of the shorter sentence's other content words the longer must have


def quantities(text: str) -> list[Quantity]:
    """The counts in ``text`` that say what they count (:func:`~.quantity.read_quantities` with a unit).

    Examples
    --------
    >>> [(q.value, sorted(q.unit)) for q in quantities("They talked for about eight hours on Jan. 10.")]
    [('8', ['hour'])]
    """
    return [q for q in read_quantities(text) if q.unit]


def _surface(text: str, q: Quantity) -> str:
    """The number and the words it counts, as the sentence says them ("about eight hours")."""
    tail = re.match(r"(?:\s*%)?(?:-[A-Za-z]+|(?:\s+[A-Za-z][\w'’-]*){0,3})", text[q.end :])
    words = tail.group() if tail else ""
    if words.startswith("-"):
        return text[q.said_start : q.end] + words
    kept, seen = [], False  # up to the last word of the unit
    for w in words.split():
        kept.append(w)
        if q.unit and w.strip(".,;:").lower().startswith(tuple(q.unit)):
            seen = True
            break
    return " ".join([text[q.said_start : q.end], *kept]) if seen else text[q.said_start : q.end]


def _scope(st: Statement, q: Quantity, place: str | None) -> Context:
    ctx = st.scope_of(q)
    if not ctx.places and not ctx.names and place:  # "The session ran for roughly four hours." in a BRUSSELS story
        return Context(ctx.times, frozenset({place}), ctx.names)
    return ctx


def _foreign(q: Quantity, known: str | None) -> bool:
    """Whether a name qualifying ``q`` ("the Amberley union") is never mentioned in the other article."""
    return known is not None and any(w not in known for w in q.qualifiers)


def number_conflict(a: Statement, b: Statement, *, place_a: str | None = None, place_b: str | None = None,
                    known_a: str | None = None, known_b: str | None = None,
                    closeness: float | None = None) -> tuple[str, str] | None:  # fmt: skip
    """Two figures for the same quantity of the same event, as each sentence says them, or None.

    ``place_a``, ``place_b``: the datelines of the two articles; ``known_a``, ``known_b``: their texts,
    lower-cased (a figure qualified by a name the other article never mentions is of another subject);
    ``closeness``: the sentences' cosine over the corroboration threshold, when known: the less surely the
    two counts measure one thing (:func:`~.quantity.match`), the closer the sentences must be (``MATCH_CLOSENESS``).
    """
    if a.modal != b.modal:
        return None  # a forecast and a result, a plan and what was done
    if a.windows and b.windows and not a.windows & b.windows:
        return None  # counts over two time windows ("in the first 14 seconds", "over the next 29 seconds")
    for qa in a.quantities:
        for qb in b.quantities:
            strength = match(qa, qb)
            if not strength or relation(qa, qb) != "different":
                continue
            if closeness is not None and closeness < MATCH_CLOSENESS[strength]:
                continue
            if (qa.vague or qb.vague) and strength < 3:
                continue  # "thousands of fans" disagrees only with a figure for the very same thing
            if _foreign(qa, known_b) or _foreign(qb, known_a):
                continue
            if other_event(_scope(a, qa, place_a), _scope(b, qb, place_b)):
                continue
            # either sentence may give several figures for the thing: a conflict only if none agree, and
            # not when the other sentence gives this very figure too (for something else, as read)
            if any(same_quantity(qa, x) and x.agrees(qa) for x in b.quantities) or any(
                same_quantity(qb, x) and x.agrees(qb) for x in a.quantities
            ):
                continue
            if any(relation(qa, x) == "same" for x in b.figures) or any(relation(qb, x) == "same" for x in a.figures):
                continue
            return _surface(a.text, qa), _surface(b.text, qb)
    return None


def _one_day(st: Statement) -> tuple[str, str] | None:
    """The one day a sentence reports something on (not the day it was said, nor a dateline's or "today")."""
    line = re.match(r"^[A-Z][^.]{0,80}?(?:\s--|\s_\s|\s—)", st.text)  # "CANBERRA, March 27 (Xinhua) --"
    after = line.end() if line else 0
    times = [t for t in st.times if t.start >= after and not st.text.startswith(("today", "Today"), t.start)]
    days = {t.first for t in times if t.first == t.last and not t.said}
    if len(days) != 1:
        return None
    day = next(iter(days))
    t = next(t for t in times if t.first == day and not t.said)
    return day.isoformat(), _date_words(st.text, t.start)


def _date_words(text: str, start: int) -> str:
    m = re.match(r"[A-Z][a-z]+\.?(?:\s+\d{1,2}(?:st|nd|rd|th)?(?:,\s+\d{4})?)?|\w+(?:\s+\w+)?", text[start:])
    return (m.group() if m else text[start : start + 10]).rstrip(".")


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
    """Each sentence names someone the other never mentions (places aside: "in Tallow Bay" is no one), and they
    say the same thing but for the names, both as a fact or both as what will or may be."""
    if a.modal != b.modal:
        return None
    places = {p for _, p in (*a.places, *b.places)}
    only_ours = [n for n in _unshared_names(a.text, b.text) if n.lower() not in places]
    only_theirs = [n for n in _unshared_names(b.text, a.text) if n.lower() not in places]
    if len(only_ours) != 1 or len(only_theirs) != 1 or " " not in only_ours[0] or " " not in only_theirs[0]:
        return None  # one person's full name for another's
    names = a.name_words | b.name_words
    rest_a = {s for s in a.stems if not any(n.startswith(s) for n in names)}
    rest_b = {s for s in b.stems if not any(n.startswith(s) for n in names)}
    short, long = sorted((rest_a, rest_b), key=len)
    if not short or len(short & long) < _SAME_BUT_NAMES * len(short):
        return None
    return ", ".join(only_ours), ", ".join(only_theirs)


def statement_conflict(a: Statement, b: Statement, *, close: bool, restates: bool | None = None,
                       closeness: float | None = None, place_a: str | None = None,
                       place_b: str | None = None, known_a: str | None = None,
                       known_b: str | None = None) -> tuple[ConflictKind, str, str] | None:  # fmt: skip
    """How ``b`` disagrees with ``a``, or None: names only when ``close`` (about the same thing), dates only when
    ``restates`` (a near restatement; ``close`` when not given). The other keywords are :func:`number_conflict`'s."""
    found = number_conflict(a, b, place_a=place_a, place_b=place_b, known_a=known_a, known_b=known_b,
                            closeness=closeness)
    if found:
        return "number", *found
    ca, cb = a.context(), b.context()
    if ca.places and cb.places and not names_overlap(ca.places, cb.places):
        return None
    da, db = _one_day(a), _one_day(b)
    if da and db and da[0] != db[0] and (close if restates is None else restates) and a.modal == b.modal and da[1].lower() != db[1].lower():
        if not (ca.names and cb.names and not names_overlap(ca.names, cb.names)):
            return "date", da[1], db[1]
    if not close:
        return None
    if other_event(Context(ca.times, frozenset(), frozenset()), Context(cb.times, frozenset(), frozenset())):
        return None
    found = _name_conflict(a, b)
    if found:
        return "name", *found
    return None


def conflict_between(
    ours: Sentence, ours_article: Article, theirs: Sentence, theirs_article: Article, *, close: bool
) -> tuple[ConflictKind, str, str] | None:
    """How ``theirs`` disagrees with ``ours``, or ``None``; dates and names only when ``close``."""
    return statement_conflict(statement_of(ours, ours_article), statement_of(theirs, theirs_article), close=close,
                              place_a=dateline(ours_article), place_b=dateline(theirs_article),
                              known_a=ours_article.text.lower(), known_b=theirs_article.text.lower())  # fmt: skip


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

    ``sims[i]`` is the cosine of sentence ``i`` with ``main``; sentences at
    least ``close`` are about the same thing (names are compared only for those),
    at least ``restates`` near restatements (dates are compared only for those; ``close`` when None);
    ``corroboration`` the corroboration threshold (counts are compared by ``MATCH_CLOSENESS``). One conflict per article: its closest conflicting sentence,
    keyed by the article's position, with its cosine.
    """
    ours_article = articles[int(article_pos[main])]
    ours = statement_of(sentences[main], ours_article)
    place, known = dateline(ours_article), ours_article.text.lower()
    best: dict[int, tuple[float, Conflict]] = {}
    for i in candidates:
        art = int(article_pos[i])
        theirs = statement_of(sentences[i], articles[art])
        found = statement_conflict(ours, theirs, close=bool(sims[i] >= close),
                                   restates=bool(sims[i] >= (close if restates is None else restates)),
                                   closeness=None if not corroboration else float(sims[i]) / corroboration, place_a=place,
                                   place_b=dateline(articles[art]), known_a=known,
                                   known_b=articles[art].text.lower())  # fmt: skip
        if found is None:
            continue
        kind, said, other = found
        if art not in best or sims[i] > best[art][0]:
            best[art] = (float(sims[i]), Conflict(kind, said, other, sentences[i].citation))
    return best
