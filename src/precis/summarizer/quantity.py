"""Counts in a sentence and what they count, and when two figures are the same, compatible or different.

A :class:`Quantity` is a number the one lexicon reads
(:func:`precis.lexicon.quantities.read_numbers`: "ninety-two" is 92, "1.5
million" 1,500,000, "100,000-127,000" a range, "about"/"more than" bounds)
that counts something: not a year, a day of a month, a clock time or a code
("G7", "10th"), nor a lone "one" (mostly a pronoun). What it counts:

- ``unit``: the words right after it ("127,000 Russian *troops*" -> troop;
  "a four-*hour* session" -> hour; "62 *percent*"), as stems, capitalised
  adjectives and words too generic to compare (people, years, times) left
  out;
- ``category``: for counts of people, what happened to them (died, injured,
  missing, rescued, arrested, evacuated), from the words around it ("leaving
  14 people *dead*", "three of them *fatal*", "*killing* 19 people");
- ``around``: the content words of its clause just before it and after "of"
  ("a *budget* of 2.1 billion dollars", "*turnout* was 61 percent"),
  and ``currency`` ("$", "€", "dollars").

Two values (:func:`relation`) are ``"same"`` when equal in any form, hedges
aside ("about 8 hours" and "eight hours"), a bound or a range only with the
same bound or range; ``"compatible"`` when one admits the other but they are
not the same figure ("more than 90" and 92; "about 120" and 118, within 5%;
a range and a value in it; 4.14 and "4.1"; 900,938 and a round 900,000, within
1%); ``"different"`` otherwise (7.5 and "about eight" differ).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Literal

from ..analysis.tokens import stems
from ..lexicon.calendar_words import MONTH_ABBREVIATIONS, MONTHS, WEEKDAYS
from ..lexicon.quantities import SCALES, Bound, NumberMention, read_numbers, read_vague_numbers
from ..lexicon.stopwords import STOP_WORDS

__all__ = ["CATEGORIES", "NOT_NAMES", "UNREAD", "Quantity", "Relation", "read_quantities", "relation", "same_quantity"]

Relation = Literal["same", "compatible", "different"]

_MONTHS = "|".join(sorted({*(m.lower() for m in MONTHS), *(a.lower() for a in MONTH_ABBREVIATIONS)}))
#: lone words not read as counts: "one" is mostly a pronoun or an article ("one of the dogs")
UNREAD = frozenset({"zero", "one", "hundred", *SCALES})
_DATE_BEFORE = re.compile(r"(?:\b(?:" + _MONTHS + r")\.?|\bthe)\s*$", re.IGNORECASE)
_DATE_AFTER = re.compile(r"^\s*(?:(?:st|nd|rd|th)\b|(?:a\.m\.|p\.m\.|am\b|pm\b|gmt\b|[:/]\d)|(?:" + _MONTHS + r")\b)",
                         re.IGNORECASE)  # fmt: skip
_WORDS = re.compile(r"[A-Za-z][\w'’-]*|[%]")
_AGO = re.compile(r"^\s+\w+\s+(?:ago|earlier|later|before|after)\b", re.IGNORECASE)  # "five years ago": a date
_YEAR = re.compile(r"^(?:1[89]|20)\d\d$")
# words that end the noun phrase after a number though they are no stop words
_LINKS = frozenset({"near", "including", "outside", "inside", "said", "says", "according", "worth", "ago", "across"})
#: words before a number that say what it measures ("magnitude 6.1", "an earthquake of magnitude 6.1")
_MEASURES = frozenset(stems("magnitude level category grade stage phase size"))
#: capitalised words that name no one: titles, calendar words, sentence glue
NOT_NAMES = frozenset(
    """The A An In On At For And But Or Of To From By With As After Before During While When Where Which Who
    This That These Those It Its He She They His Her Their We Our You Your I Mr Mrs Ms Dr Gen Col Lt Sgt Rep Sen
    Gov Governor Mayor President Minister Prime Secretary Deputy Foreign Defense Defence State Ambassador Chancellor
    Officials Today Yesterday Tomorrow Western Eastern Northern Southern Trade Environment Council Union City
    Street Health Finance Interior General Coast Guard Chief Judge Justice Senator Representative Some About More
    Most Many All Both No Not Up Over Nearly Almost Roughly Around Only Just""".split()
) | {*WEEKDAYS, *MONTHS, *MONTH_ABBREVIATIONS}
_NOT_NOUNS = frozenset({*WEEKDAYS, *MONTHS, *MONTH_ABBREVIATIONS, "Mr", "Ms", "Mrs", "Dr"})
#: heads too generic to say two numbers count the same thing ("wife of 10 years", "nine years in jail")
GENERIC = frozenset({"peopl", "person", "year", "time", "way", "thing", "other", "part", "one", "member", "individu", "day",
                     "week", "month"})
_CURRENCY_SIGNS = {"$": "dollar", "€": "euro", "£": "pound", "¥": "yen"}
_CURRENCY_WORDS = frozenset(stems("dollars euros pounds yen francs rupees yuan"))
#: what happened to the people counted: a count of the dead and one of the rescued are two quantities
CATEGORIES: dict[str, frozenset[str]] = {
    "dead": frozenset(stems("dead died die dies death deaths killed killing kills fatal fatalities bodies lives")),
    "injured": frozenset(stems("injured injuring injuries wounded wounding hurt")),
    "missing": frozenset(stems("missing unaccounted")),
    "rescued": frozenset(stems("rescued rescue rescuers saved")),
    "arrested": frozenset(stems("arrested arrests detained")),
    "evacuated": frozenset(stems("evacuated evacuation fled displaced homeless")),
}
_WEAK = GENERIC | _CURRENCY_WORDS | {"percent", "per", "cent"}
_CLAUSE = re.compile(r"[;,:()]|\s[-–—]+\s|\s(?:and|but|while|whereas|when)\s")
_AROUND_BEFORE = 4
_SCORE = re.compile(r"\d\s?[-–]\s?$")


@dataclass(frozen=True, slots=True)
class Quantity:
    """A count in a sentence: its value, what it counts and its span (see the module docstring).

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
    category: str | None = None
    around: frozenset[str] = frozenset()
    currency: str | None = None
    percent: bool = False
    qualifiers: frozenset[str] = frozenset()  # capitalised words just before it ("the Amberley union"), lower-cased

    @property
    def said_start(self) -> int:
        return self.start if self.said_from is None else self.said_from

    def agrees(self, other: Quantity) -> bool:
        """Whether the two values can be the same count: the same figure or one that admits the other."""
        return relation(self, other) != "different"


def relation(a: Quantity | NumberMention, b: Quantity | NumberMention) -> Relation:
    """Whether two figures are the same, compatible or different (see the module docstring)."""
    if a.value == b.value and a.high == b.high and _kind(a.bound) == _kind(b.bound):
        return "same"
    if a.high is not None or b.high is not None:
        if float(a.value) <= float(b.high or b.value) and float(b.value) <= float(a.high or a.value):
            return "compatible"
    ours = [a.value] if a.high is None else [a.value, a.high]
    theirs = [b.value] if b.high is None else [b.value, b.high]
    if any(_admits(x, a.bound, y, b.bound) for x in ours for y in theirs):
        return "compatible"
    return "different"


def _kind(bound: Bound) -> str:
    return "exact" if bound in ("exact", "about") else bound  # a hedge does not change the figure


def _admits(shown_a: str, bound_a: Bound, shown_b: str, bound_b: Bound) -> bool:
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
    """Whether ``value`` is another number written with more precision than ``shown``: 4.14 as "4.1"; 900,938
    as "900000" (a round figure, within 1%). A decimal is not a rounding of a whole number: 7.5 is not "8"."""
    target = float(shown)
    if value == target:
        return False
    decimals = len(shown.partition(".")[2])
    if decimals:
        return bool(math.floor(value * 10**decimals + 0.5) == round(target * 10**decimals))
    if value != int(value):
        return False
    zeros = len(shown) - len(shown.rstrip("0"))
    return zeros > 1 and abs(value - target) <= 0.01 * target


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """Whether two counts measure the same thing: the same unit, the same fate of the people counted, or,
    when a unit says too little (a share, an amount of money, people), the same word around them."""
    if a.percent != b.percent or (a.currency and b.currency and a.currency != b.currency):
        return False
    specific_a, specific_b = a.unit - _WEAK, b.unit - _WEAK
    if a.category and b.category:
        return a.category == b.category
    if a.category or b.category:  # "forcing 1,200 residents from their homes" and "1,500 residents evacuated"
        return bool(specific_a & specific_b)
    if specific_a and specific_b:
        return bool(specific_a & specific_b)
    return bool(((a.unit | a.around) & (b.unit | b.around)) - _WEAK)


def read_quantities(text: str) -> tuple[Quantity, ...]:
    """The counts in ``text`` (not years, days of a month or clock times) with what each counts.

    Examples
    --------
    >>> [(q.value, sorted(q.unit)) for q in read_quantities("They talked for about eight hours on Jan. 10.")]
    [('8', ['hour'])]
    >>> [q.value for q in read_quantities("Some 127,000 Russian troops; in 2014 it was 1.5 million men.")]
    ['127000', '1500000']
    """
    out = []
    vague = read_vague_numbers(text)
    for n in sorted([*read_numbers(text), *vague], key=lambda n: n.start):
        if n not in vague and not _is_count(text, n):
            continue
        percent = any(f.percent for f in n.figures) or bool(re.match(r"\s*(?:percent|per\s+cent)\b", text[n.end :]))
        unit = frozenset({"percent"}) if percent else _unit(text, n.end + (4 if n in vague else 0))
        clause_start, clause_end = _clause(text, n.start, n.end)
        before = [w for w in _content(text[clause_start : n.bound_start if n.bound_start >= 0 else n.start])]
        after = _content(text[n.end : clause_end])[:4]
        of = re.match(r"(?:\s*(?:%|percent|per\s+cent))?\s+of\s+((?:\w+\s+){0,2}\w+)", text[n.end :], re.I)
        around = set(before[-_AROUND_BEFORE:]) | (set(_content(of.group(1))[:2]) if of else set())
        measure = re.search(r"(\w+)\s+(?:of\s+)?$", text[max(0, n.start - 16) : n.start])
        if measure and not percent and set(stems(measure.group(1))) & _MEASURES:  # "magnitude 6.1 earthquake"
            around |= unit
            unit = frozenset(stems(measure.group(1)))
        currency = _currency(text, n.start, n.end)
        category = _category([*after, *reversed(before)])
        if unit or category or around:
            said_from = n.bound_start if n.bound_start >= 0 else n.start
            qualifiers = _qualifiers(text[clause_start:said_from])
            out.append(Quantity(n.value, unit, n.start, n.end, n.bound, n.high, said_from, category,
                                frozenset(around), currency, percent, qualifiers))  # fmt: skip
    return tuple(out)


def _qualifiers(text: str) -> frozenset[str]:
    """Capitalised words (names) among the last content words before a number."""
    words = [w for w in _WORDS.findall(text) if w.lower() not in STOP_WORDS][-_AROUND_BEFORE:]
    return frozenset(
        w.lower().removesuffix("'s").removesuffix("’s")
        for w in words
        if w[0].isupper() and w not in _NOT_NOUNS and w.removesuffix("'s").removesuffix("’s") not in NOT_NAMES
    )


def _content(text: str) -> list[str]:
    """The content stems of ``text``, in order (capitalised names kept: "the Amberley union")."""
    out: list[str] = []
    for w in _WORDS.findall(text):
        if w.lower() in STOP_WORDS or w in _NOT_NOUNS:
            continue
        out += [s for s in stems(w) if not s[:1].isdigit()]
    return out


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    before = [m.end() for m in _CLAUSE.finditer(text, 0, start)]
    after = _CLAUSE.search(text, end)
    return (before[-1] if before else 0), (after.start() if after else len(text))


def _category(words: list[str]) -> str | None:
    for w in words:
        for name, members in CATEGORIES.items():
            if w in members:
                return name
    return None


def _currency(text: str, start: int, end: int) -> str | None:
    sign = re.search(r"(?:US|C|A)?([$€£¥])\s*$", text[max(0, start - 4) : start])
    if sign:
        return _CURRENCY_SIGNS[sign.group(1)]
    word = re.match(r"\s+(\w+)", text[end:])
    if word:
        found = [s for s in stems(word.group(1)) if s in _CURRENCY_WORDS]
        return found[0] if found else None
    return None


def _is_count(text: str, n: NumberMention) -> bool:
    """Whether a number may be a count: not a year, a day of a month, a clock time, part of a code ("G7",
    "10th") or a lone "one"."""
    for f in n.figures:
        token = text[f.start : f.end]
        if f.suffix or (f.spelled and token.lower() in UNREAD) or (not f.spelled and _YEAR.match(token)):
            return False
    if _SCORE.search(text[max(0, n.start - 3) : n.start]) or re.match(r"\s?[-–]\s?\d", text[n.end : n.end + 3]):
        return False  # a score or a code ("3-1", "2-0")
    before = text[n.start - 1 : n.start]
    if re.match(r"\w", before) or (n.low.spelled and before == "-"):
        return False
    if _DATE_BEFORE.search(text[max(0, n.start - 12) : n.start]):
        return False
    return not (_DATE_AFTER.match(text[n.end : n.end + 8]) or _AGO.match(text[n.end : n.end + 24]))


def _unit(text: str, end: int) -> frozenset[str]:
    """What a number counts: the words of the run of content words right after it, as stems ("troop" in
    "127,000 Russian troops near ..."; "hour" in "a four-hour session"); empty when too generic to compare."""
    tail = text[end : end + 60]
    if tail[:1] == "-":  # "a four-hour session", "a 1.5-mile walk": an attribute
        word = re.match(r"-([A-Za-z]+)(?![-\w])", tail)
        return frozenset(stems(word.group(1))) - GENERIC if word else frozenset()
    run: list[str] = []
    for word in _WORDS.findall(re.split(r"[,;:()\[\]]|\.\s|\s[-–—]+\s", tail, maxsplit=1)[0]):
        lowered = word.lower()
        if lowered in STOP_WORDS or lowered in _LINKS or word in _NOT_NOUNS or lowered.endswith("ed"):
            break  # the noun phrase ends at a function word, a name of a day or month, or a verb in -ed
        if word[0].isupper():
            continue  # "Russian troops": the head is the noun
        run.append(word)
        if len(run) == 2:
            break
    return frozenset(s for w in run for s in stems(w)) - GENERIC
