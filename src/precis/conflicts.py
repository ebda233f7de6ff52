"""Outlets that disagree: another figure, date or name for the same fact.

A summary item is compared with the sentences of the *other* articles that
are about the same thing (TF-IDF cosine at least ``similarity``):

- **number**: both sentences count the same thing (a number followed, within
  three words, by the same content word: "eight *hours*" and "7.5 *hours*";
  "100,000 *troops*" and "127,000 Russian *troops*") and neither gives the
  other's value for it. Spelled-out numbers count ("eight" is 8); years,
  days of a month and clock times are dates, not counts.
- **date**: the two sentences say nearly the same thing (cosine at least
  ``close``), and each resolves to exactly one day that differs from the
  other's (relative dates are resolved against each article's publication
  date, so "on Monday" in a Tuesday paper and "Jan. 10" agree).
- **name**: nearly the same sentence (cosine at least ``close``) naming a
  different person, place or body: each names someone the other never
  mentions.

At most one conflict per other article is kept (the closest sentence), so a
briefing shows each outlet's version once, next to the item, cited.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .model import Article, Conflict, ConflictKind, Sentence
from .numbers import normalise_number
from .temporal import find_dates
from .tokens import STOP_WORDS, stems

__all__ = ["Quantity", "find_conflicts", "quantities"]

_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|july|august|"
    "september|october|november|december"
)
_NUMBER_WORDS = (
    "one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|"
    "seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|dozen"
)
_SCALE = r"(?:\s+(?:thousand|million|billion|trillion))?"
_QUANTITY = re.compile(
    r"(?<![\w.,])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?" + _SCALE + r"(?![\w])(?:\s*%)?"
    r"|\b(?:" + _NUMBER_WORDS + r")\b" + _SCALE,
    re.IGNORECASE,
)
_DATE_BEFORE = re.compile(r"(?:\b(?:" + _MONTHS + r")\.?|\bthe)\s*$", re.IGNORECASE)
_DATE_AFTER = re.compile(r"^\s*(?:(?:st|nd|rd|th)\b|(?:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|[:/]\d)|(?:" + _MONTHS + r")\b)",
                         re.IGNORECASE)  # fmt: skip
_UNIT_WORDS = re.compile(r"[A-Za-z][\w'’-]*|[%]")
_UNIT_SPAN = 3  # content words after a number that may say what it counts
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
_CAPITAL = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*\b")
# capitalised words that do not name anyone: titles, calendar words, sentence glue
_NOT_NAMES = frozenset(
    """The A An In On At For And But Or Of To From By With As After Before During While When Where Which Who
    This That These Those It Its He She They His Her Their We Our You Your I Mr Mrs Ms Dr Gen Col Lt Sgt Rep Sen
    Gov President Minister Prime Secretary Deputy Foreign Defense Defence State Ambassador Chancellor Officials
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July August
    September October November December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Today Yesterday
    Tomorrow Western Eastern Northern Southern""".split()
)


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count in a sentence: its normalised ``value``, the words it counts (``unit``, stems) and its span."""

    value: str
    unit: frozenset[str]
    start: int
    end: int


def quantities(text: str) -> list[Quantity]:
    """The counts in ``text`` (not years, days of a month or clock times), each with what it counts.

    Examples
    --------
    >>> [(q.value, sorted(q.unit)) for q in quantities("They talked for about eight hours on Jan. 10.")]
    [('8', ['hour'])]
    >>> [q.value for q in quantities("Some 127,000 Russian troops; in 2014 it was 1.5 million men.")]
    ['127000', '1500000']
    """
    out = []
    for m in _QUANTITY.finditer(text):
        token = m.group()
        if _YEAR.match(token) or _DATE_BEFORE.search(text[max(0, m.start() - 12) : m.start()]):
            continue
        if _DATE_AFTER.match(text[m.end() : m.end() + 8]):
            continue
        unit = _unit(text, m.end(), percent=token.endswith("%"))
        if unit:
            out.append(Quantity(normalise_number(token), unit, m.start(), m.end()))
    return out


def _unit(text: str, end: int, *, percent: bool) -> frozenset[str]:
    """The stems of the content words right after a number, up to the end of its clause."""
    if percent:
        return frozenset({"percent"})
    clause = re.split(r"[,;:()\[\]]|\.\s|\s[-–—]+\s", text[end : end + 60], maxsplit=1)[0]
    words = [w for w in _UNIT_WORDS.findall(clause)[: _UNIT_SPAN + 1]
             if w.lower() not in STOP_WORDS and w.title() not in _NOT_NAMES]  # fmt: skip
    return frozenset(stems(" ".join(words[:_UNIT_SPAN])))


def _surface(text: str, q: Quantity, unit: frozenset[str]) -> str:
    """The number and the words it counts, as the sentence says them ("about eight hours")."""
    before = re.search(r"(?:\b(?:about|around|roughly|some|nearly|almost|more than|over|up to|at least)\s+)$",
                       text[max(0, q.start - 12) : q.start], re.IGNORECASE)  # fmt: skip
    start = q.start - len(before.group()) if before else q.start
    tail = re.match(r"(?:\s*%)?(?:\s+[A-Za-z][\w'’-]*){0,3}", text[q.end :])
    words = tail.group() if tail else ""
    kept, seen = [], False  # up to the first word of the shared unit
    for w in words.split():
        kept.append(w)
        if set(stems(w)) & unit:
            seen = True
            break
    return " ".join([text[start : q.end], *kept]) if seen else text[start : q.end]


def _number_conflict(ours: str, theirs: str) -> tuple[str, str] | None:
    qa, qb = quantities(ours), quantities(theirs)
    for a in qa:
        for b in qb:
            if a.value == b.value or not (a.unit & b.unit):
                continue
            shared = a.unit & b.unit
            if any(x.value == a.value for x in qb if x.unit & shared) or any(
                x.value == b.value for x in qa if x.unit & shared
            ):
                continue
            return _surface(ours, a, shared), _surface(theirs, b, shared)
    return None


def _one_day(sentence: Sentence, article: Article) -> tuple[str, str] | None:
    days = {
        (d.date.isoformat(), sentence.text[d.start : d.end])
        for d in find_dates(sentence.text, published=article.published)
        if d.granularity == "day"
    }
    return next(iter(days)) if len(days) == 1 else None


def _unshared_names(text: str, other: str) -> list[str]:
    """Runs of capitalised words of ``text`` (not its first word) that ``other`` never mentions, in order."""
    first = re.match(r"\W*\w+", text)
    skip = first.end() if first else 0
    lowered = other.lower()
    runs: list[tuple[int, int]] = []
    for m in _CAPITAL.finditer(text):
        if m.start() < skip or m.group() in _NOT_NAMES or m.group().lower() in lowered:
            continue
        if runs and text[runs[-1][1] : m.start()] == " ":
            runs[-1] = (runs[-1][0], m.end())
        else:
            runs.append(m.span())
    return [text[a:b] for a, b in runs]


def _name_conflict(ours: str, theirs: str) -> tuple[str, str] | None:
    only_ours, only_theirs = _unshared_names(ours, theirs), _unshared_names(theirs, ours)
    if only_ours and only_theirs:
        return ", ".join(only_ours), ", ".join(only_theirs)
    return None


def conflict_between(
    ours: Sentence, ours_article: Article, theirs: Sentence, theirs_article: Article, *, close: bool
) -> tuple[ConflictKind, str, str] | None:
    """How ``theirs`` disagrees with ``ours``, or ``None``; dates and names only when ``close``."""
    found = _number_conflict(ours.text, theirs.text)
    if found:
        return "number", *found
    if not close:
        return None
    a, b = _one_day(ours, ours_article), _one_day(theirs, theirs_article)
    if a and b and a[0] != b[0]:
        return "date", a[1], b[1]
    found = _name_conflict(ours.text, theirs.text)
    if found:
        return "name", *found
    return None


def find_conflicts(
    main: int,
    sentences: Sequence[Sentence],
    articles: Sequence[Article],
    article_pos: np.ndarray,
    sims: np.ndarray,
    candidates: np.ndarray,
    *,
    close: float,
) -> list[Conflict]:
    """The conflicts of sentence ``main`` with the ``candidates`` (other articles' sentences about the same thing).

    ``sims[i]`` is the cosine of sentence ``i`` with ``main``; sentences at
    least ``close`` are near restatements (dates and names are compared only
    for those). One conflict per article: its closest conflicting sentence.
    """
    ours = sentences[main]
    ours_article = articles[int(article_pos[main])]
    best: dict[int, tuple[float, Conflict]] = {}
    for i in candidates:
        art = int(article_pos[i])
        found = conflict_between(ours, ours_article, sentences[i], articles[art], close=bool(sims[i] >= close))
        if found is None:
            continue
        kind, said, other = found
        if art not in best or sims[i] > best[art][0]:
            best[art] = (float(sims[i]), Conflict(kind, said, other, sentences[i].citation))
    return [best[a][1] for a in sorted(best)]
