"""Outlets that disagree: another figure, date or name for the same fact.

A summary item is compared with the sentences of the *other* articles that
are about the same thing (TF-IDF cosine at least ``similarity``):

- **number**: both sentences count the same thing (the noun after the number
  ends with the same word: "eight *hours*" and "7.5 *hours*"; "100,000
  *troops*" and "127,000 Russian *troops*") and no figure of one can be the
  other's: not equal, not one a rounding of the other (4.1 and 4), not
  within a stated bound ("more than 900,000" and 900,938), not within 5%
  when either is approximate ("about"); a range ("100,000-127,000", "between
  3 and 5") agrees with any figure in it. Numbers are read by
  :func:`precis.lexicon.quantities.read_numbers` ("ninety-two" is 92, "1.5
  million" 1,500,000; a lone "one" is not read, being mostly a pronoun); years, days of a month,
  clock times and attributes ("9-year-old") are not counts; heads too
  generic to match (people, years, times) are not compared.
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

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..analysis.document import Document
from ..analysis.temporal import DateMention, find_dates
from ..analysis.tokens import stems
from ..lexicon.calendar_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from ..lexicon.quantities import SCALES, Bound, NumberMention, read_numbers
from ..lexicon.stopwords import STOP_WORDS
from ..model import Article, Conflict, ConflictKind, Sentence

__all__ = ["Quantity", "find_conflicts", "quantities"]

_MONTHS = "|".join(sorted({*(m.lower() for m in MONTHS), *(a.lower() for a in MONTH_ABBREVIATIONS)}))
# lone words not read as counts: "one" is mostly a pronoun or an article ("one of the dogs")
_UNREAD = frozenset({"zero", "one", "hundred", *SCALES})
_DATE_BEFORE = re.compile(r"(?:\b(?:" + _MONTHS + r")\.?|\bthe)\s*$", re.IGNORECASE)
_DATE_AFTER = re.compile(r"^\s*(?:(?:st|nd|rd|th)\b|(?:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|[:/]\d)|(?:" + _MONTHS + r")\b)",
                         re.IGNORECASE)  # fmt: skip
_UNIT_WORDS = re.compile(r"[A-Za-z][\w'’-]*|[%]")
_UNIT_SPAN = 2  # content words after a number that may say what it counts ("Russian troops")
_AGO = re.compile(r"^\s+\w+\s+(?:ago|earlier|later|before|after)\b", re.IGNORECASE)  # "five years ago": a date
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
# words that end the noun phrase after a number though they are no stop words
_LINKS = frozenset({"near", "including", "outside", "inside", "said", "says", "according", "worth", "ago"})
# heads whose counts differ in most pairs of similar sentences (shares of different groups):
# compared only in near restatements
_CLOSE_ONLY = frozenset({"percent"})
# heads too generic to say two numbers count the same thing ("wife of 10 years", "nine years in jail")
_GENERIC = frozenset({"peopl", "person", "year", "time", "way", "thing", "other", "part", "one", "member"})
_CAPITAL = re.compile(r"\b[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)*\b")
# capitalised words that do not name anyone: titles, calendar words, sentence glue
_NOT_NAMES = frozenset(
    """The A An In On At For And But Or Of To From By With As After Before During While When Where Which Who
    This That These Those It Its He She They His Her Their We Our You Your I Mr Mrs Ms Dr Gen Col Lt Sgt Rep Sen
    Gov President Minister Prime Secretary Deputy Foreign Defense Defence State Ambassador Chancellor Officials
    Today Yesterday Tomorrow Western Eastern Northern Southern""".split()
) | {*WEEKDAYS, *MONTHS, *MONTH_ABBREVIATIONS}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count in a sentence: its normalised ``value``, the words it counts (``unit``, stems) and its span.

    ``high`` is the high end of a range (``value`` its low end); ``said_from`` is where the words that
    say it begin, bound words included ("about eight hours"), ``start`` when there are none.
    """

    value: str
    unit: frozenset[str]
    start: int
    end: int
    bound: Bound = "exact"
    high: str | None = None
    said_from: int | None = None

    def agrees(self, other: Quantity) -> bool:
        """Whether the two values can be the same count: equal, within a stated bound ("more than
        900,000" and 900,938), within 5% when one is approximate, one a rounding of the other, or
        one within the other's range."""
        if self.high is not None or other.high is not None:
            if float(self.value) <= float(other.high or other.value) and float(other.value) <= float(
                self.high or self.value
            ):
                return True
        ours = [self.value] if self.high is None else [self.value, self.high]
        theirs = [other.value] if other.high is None else [other.value, other.high]
        return any(_agree(x, self.bound, y, other.bound) for x in ours for y in theirs)


def _agree(shown_a: str, bound_a: Bound, shown_b: str, bound_b: Bound) -> bool:
    """Whether two single values can be the same count (see :meth:`Quantity.agrees`)."""
    a, b = float(shown_a), float(shown_b)
    if a == b or _rounds_to(b, shown_a) or _rounds_to(a, shown_b):
        return True
    for x, y, bound in ((a, b, bound_a), (b, a, bound_b)):
        if (bound == "min" and y >= x) or (bound == "max" and y <= x):
            return True
    if "about" in (bound_a, bound_b):
        return abs(a - b) <= 0.05 * max(abs(a), abs(b))
    return False


def _rounds_to(value: float, shown: str) -> bool:
    """Whether ``value`` is another number that rounds to the one written ``shown``.

    4.14 to "4.1"; 4.1 and 7.5 to "4" and "8"; 900,938 to "900000" (within 1% of a round figure),
    but not 127,000 to "100000".
    """
    target = float(shown)
    if value == target:
        return False
    decimals = len(shown.partition(".")[2])
    if decimals:
        return bool(math.floor(value * 10**decimals + 0.5) == round(target * 10**decimals))
    if value != int(value):
        return math.floor(value + 0.5) == target
    zeros = len(shown) - len(shown.rstrip("0"))  # a round figure: within 1% (how round is ambiguous)
    return zeros > 0 and abs(value - target) <= 0.01 * target


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
    for n in read_numbers(text):
        if not _is_count(text, n):
            continue
        unit = _unit(text, n.end, percent=any(f.percent for f in n.figures))
        if unit:
            out.append(Quantity(n.value, unit, n.start, n.end, n.bound, n.high, n.bound_start))
    return out


def _is_count(text: str, n: NumberMention) -> bool:
    """Whether a number may be a count: not a year, a day of a month, a clock time, part of a code ("G7",
    "10th") or a lone "one"."""
    for f in n.figures:
        token = text[f.start : f.end]
        if f.suffix or (f.spelled and token.lower() in _UNREAD) or (not f.spelled and _YEAR.match(token)):
            return False
    before = text[n.start - 1 : n.start]
    if re.match(r"\w", before) or (n.low.spelled and before == "-"):
        return False
    if _DATE_BEFORE.search(text[max(0, n.start - 12) : n.start]):
        return False
    return not (_DATE_AFTER.match(text[n.end : n.end + 8]) or _AGO.match(text[n.end : n.end + 24]))


def _unit(text: str, end: int, *, percent: bool) -> frozenset[str]:
    """What a number counts: the last word of the run of content words right after it ("troops" in
    "127,000 Russian troops near ..."), as a stem; empty when too generic to compare (people, years)."""
    if percent:
        return frozenset({"percent"})
    if text[end : end + 1] == "-":  # "9-year-old", "1.5-mile": an attribute, not a count
        return frozenset()
    run: list[str] = []
    for word in _UNIT_WORDS.findall(re.split(r"[,;:()\[\]]|\.\s|\s[-–—]+\s", text[end : end + 60], maxsplit=1)[0]):
        lowered = word.lower()
        if lowered in STOP_WORDS or lowered in _LINKS or word.title() in _NOT_NAMES or lowered.endswith("ed"):
            break  # the noun phrase ends at a function word, a name of a day or month, or a verb in -ed
        run.append(word)
        if len(run) == _UNIT_SPAN:
            break
    head = stems(run[-1]) if run else []
    return frozenset(head) - _GENERIC


def _surface(text: str, q: Quantity, unit: frozenset[str]) -> str:
    """The number and the words it counts, as the sentence says them ("about eight hours")."""
    start = q.start if q.said_from is None else q.said_from
    tail = re.match(r"(?:\s*%)?(?:\s+[A-Za-z][\w'’-]*){0,3}", text[q.end :])
    words = tail.group() if tail else ""
    kept, seen = [], False  # up to the first word of the shared unit
    for w in words.split():
        kept.append(w)
        if set(stems(w)) & unit:
            seen = True
            break
    return " ".join([text[start : q.end], *kept]) if seen else text[start : q.end]


def _number_conflict(ours: str, theirs: str, *, close: bool) -> tuple[str, str] | None:
    qa, qb = quantities(ours), quantities(theirs)
    for a in qa:
        for b in qb:
            shared = a.unit & b.unit
            if not shared or a.agrees(b) or (not close and shared <= _CLOSE_ONLY):
                continue
            # either sentence may give several figures for the thing: a conflict only if none agree
            if any(x.agrees(a) for x in qb if x.unit & shared) or any(x.agrees(b) for x in qa if x.unit & shared):
                continue
            return _surface(ours, a, shared), _surface(theirs, b, shared)
    return None


def _dates(sentence: Sentence, article: Article) -> Sequence[DateMention]:
    """The date expressions of ``sentence``: its article's document's, when it is one of its sentences."""
    doc = Document.of(article)
    if 0 <= sentence.index < len(doc.sentences) and doc.sentences[sentence.index] == sentence:
        return doc.dates(sentence.index)
    return find_dates(sentence.text, published=article.published)


def _one_day(sentence: Sentence, article: Article) -> tuple[str, str] | None:
    days = {
        (d.date.isoformat(), sentence.text[d.start : d.end])
        for d in _dates(sentence, article)
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
    found = _number_conflict(ours.text, theirs.text, close=close)
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
