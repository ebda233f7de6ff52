"""Counts in a sentence and what they count, and when two figures are the same, compatible or different.

A :class:`Quantity` is a number the one lexicon reads
(:func:`precis.lexicon.quantities.read_numbers`: "ninety-two" is 92, "1.5
million" 1,500,000, "100,000-127,000" a range, "about"/"more than" bounds)
that counts something: not a year, a day of a month, a clock time or a code
("G7", "10th"), nor a lone "one" (mostly a pronoun). What it counts:

- ``unit``: the words right after it ("127,000 Russian *troops*" -> troop;
  "a four-*hour* session" -> hour; "62 *percent*"), as stems, capitalised
  adjectives and words too generic to compare (people, years, times) left
  out, and words for the same thing made one (soldiers are troops,
  :data:`SAME_UNIT`);
- ``category``: for counts of people, what happened to them (died, injured,
  missing, rescued, arrested, evacuated), from the words around it ("leaving
  14 people *dead*", "three of them *fatal*", "*killing* 19 people");
- ``part``: a part of another count ("including two", "three of them",
  "two people ... and then a third");
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
from ..lexicon.quantities import ORDINALS, SCALES, Bound, NumberMention, read_numbers, read_vague_numbers
from ..lexicon.stopwords import STOP_WORDS

__all__ = [
    "CATEGORIES",
    "NOT_NAMES",
    "SAME_UNIT",
    "UNREAD",
    "Quantity",
    "Relation",
    "match",
    "read_quantities",
    "relation",
    "same_quantity",
    "to_ranges",
]

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
_LINK_STEMS = frozenset(s for w in [*_LINKS, "was", "were", "is", "reached"] for s in stems(w))
#: a next one added to a count ("two people ... and then a third")
_NEXT_ONE = re.compile(r"\b(?:a|an|another)\s+(" + "|".join(ORDINALS) + r")\b(?!\s+(?:of|time|round|day|year))", re.I)
_PART_OF = re.compile(
    r"\b(?:(?:including|includes|include|another|other|additional|next)\s+(?:about\s+|some\s+)?|also\s+\w+\s+)$", re.I
)
#: what a length measures: a fall of 1,100 feet and a depth of 25 feet are two quantities
_DIMENSIONS = {w: d for d, ws in {"depth": "depth deep", "height": "height high tall altitude elevation",
                                   "length": "length long", "width": "width wide", "distance": "distance away"}.items()
               for w in ws.split()}  # fmt: skip
_SPEECH = frozenset("say says said told tells reported reports estimates estimated believes claims".split())
_QUAKE = re.compile(r"\b(?:earthquake|quake|tremor|aftershock)s?\b", re.IGNORECASE)
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
GENERIC = frozenset(
    {
        "peopl",
        "person",
        "year",
        "time",
        "way",
        "thing",
        "other",
        "part",
        "one",
        "member",
        "individu",
        "day",
        "week",
        "month",
    }
)
_CURRENCY_SIGNS = {"$": "dollar", "€": "euro", "£": "pound", "¥": "yen"}
_CURRENCY_WORDS = frozenset(stems("dollars euros pounds yen francs rupees yuan"))
#: what happened to the people counted: a count of the dead and one of the rescued are two quantities
CATEGORIES: dict[str, frozenset[str]] = {
    "dead": frozenset(stems("dead died die dies death deaths killed killing kills fatal fatalities bodies")),
    "injured": frozenset(stems("injured injuring injuries wounded wounding hurt")),
    "missing": frozenset(stems("missing unaccounted")),
    "rescued": frozenset(stems("rescued rescue rescuers saved")),
    "arrested": frozenset(stems("arrested arrests detained")),
    "evacuated": frozenset(stems("evacuated evacuation fled displaced homeless")),
}
#: heads that count the same thing in other words ("127,000 troops", "tens of thousands of soldiers"), as one stem
SAME_UNIT = {"soldier": "troop", "servicemen": "troop"}
_WEAK = GENERIC | _CURRENCY_WORDS | {"percent", "per", "cent"}
_PLACES = frozenset(stems("city province county state country region district town village capital nation area"))
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
    phrase: frozenset[str] = frozenset()  # the words of its noun phrase ("Russian troops"), as stems
    core: frozenset[str] = frozenset()  # the last content words before it and after "of" ("turnout", "voters")
    vague: bool = False  # a vague amount ("tens of thousands of troops")
    part: bool = False  # a part of another count ("including two", "three of them", "another three")
    dimension: str | None = None  # what a length measures ("the depth of the water", "1,000 feet high")

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
    """Whether ``value`` is another number written with more precision than ``shown``: 4.14 as "4.1"; 4.1 as "4"
    (within 5%); 900,938 as "900000" (a round figure, within 1%). But 7.5 is not "8" (6% off)."""
    target = float(shown)
    if value == target:
        return False
    decimals = len(shown.partition(".")[2])
    if decimals:
        return bool(math.floor(value * 10**decimals + 0.5) == round(target * 10**decimals))
    if value != int(value):  # 4.1 as "4", within 5%; not 7.5 as "8"
        return bool(math.floor(value + 0.5) == target and abs(value - target) <= 0.05 * target)
    zeros = len(shown) - len(shown.rstrip("0"))
    return zeros > 1 and abs(value - target) <= 0.01 * target


def same_quantity(a: Quantity, b: Quantity) -> bool:
    """Whether two counts measure the same thing (:func:`match` is not 0)."""
    return match(a, b) > 0


def match(a: Quantity, b: Quantity) -> int:
    """How surely two counts measure the same thing: 0 not, 1 only by the words around them (a share, an amount
    of money or a count of people, whose unit says too little: "a *budget* of 2.1 billion dollars" and "a $2.4
    billion *budget*"), 2 by their unit ("eight hours", "7.5 hours") or by the fate of the people counted
    ("leaving 14 people *dead*", "*killing* 19 people"), 3 by their unit and a word before it ("tens of thousands
    of *Russian* troops", "127,000 *Russian* troops")."""
    if a.percent != b.percent or a.currency != b.currency or a.part != b.part or a.dimension != b.dimension:
        return 0
    specific_a, specific_b = a.unit - _WEAK, b.unit - _WEAK
    shared = specific_a & specific_b
    mods_a, mods_b = a.phrase - a.unit, b.phrase - b.unit
    if mods_a and mods_b and not mods_a & mods_b:
        return 0  # "four Southern bombings" and "three Atlanta bombings": two sets
    modifiers = mods_a & mods_b
    if specific_a and specific_b and not shared:
        return 0
    if a.category or b.category:  # "forcing 1,200 residents from their homes" and "1,500 residents evacuated"
        if a.category and b.category:
            return 2 if a.category == b.category else 0
        return 3 if shared and modifiers else 2 if shared else 0
    if shared:
        return 3 if modifiers else 2
    if specific_a or specific_b:  # a count of something and an amount or a share, unless the amount is of it
        weak_other = (b.unit and not specific_b and specific_a & b.core) or (
            a.unit and not specific_a and specific_b & a.core
        )
        return 2 if weak_other else 0  # "a *budget* of 2.1 billion dollars" and "a $2.4 billion budget"
    if a.percent and (a.core & b.core) - _WEAK - _PLACES:
        return 2  # "*turnout* was 61 percent", "*turnout* ... reached 63 percent"
    if not (a.unit and b.unit):
        return 0  # a bare number says too little of what it counts
    around = len(((a.unit | a.around) & (b.unit | b.around)) - _WEAK - _PLACES)
    return 1 if around >= 2 else 0


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
    for n in sorted([*to_ranges(text, read_numbers(text)), *vague], key=lambda n: n.start):
        if n not in vague and not _is_count(text, n):
            continue
        if re.match(r"-[A-Za-z]+", text[n.end :]) and not _unit(text, n.end)[0]:
            continue  # an age or a duration as an attribute ("a 47-year-old", "its 30-year campaign")
        percent = any(f.percent for f in n.figures) or bool(re.match(r"\s*(?:percent|per\s+cent)\b", text[n.end :]))
        unit, phrase = (frozenset({"percent"}),) * 2 if percent else _unit(text, n.end + (4 if n in vague else 0))
        clause_start, clause_end = _clause(text, n.start, n.end)
        before = [w for w in _content(text[clause_start : n.bound_start if n.bound_start >= 0 else n.start])]
        after = _content(text[n.end : clause_end])[:4]
        of = re.match(r"(?:\s*(?:%|percent|per\s+cent))?\s+of\s+((?:\w+\s+){0,2}\w+)", text[n.end :], re.I)
        around = set(before[-_AROUND_BEFORE:]) | set(after[:3]) | (set(_content(of.group(1))[:2]) if of else set())
        measure = re.search(r"(\w+)\s+(?:of\s+)?$", text[max(0, n.start - 16) : n.start])
        if measure and not percent and set(stems(measure.group(1))) & _MEASURES:  # "magnitude 6.1 earthquake"
            around |= unit | set(stems(measure.group(1)))
            unit = phrase = frozenset(stems(measure.group(1)))
        elif measure and not unit and _QUAKE.search(text) and measure.group(1).lower() in ("measured", "registered"):
            unit = phrase = frozenset(stems("magnitude"))  # "the earthquake measured 6.4"
        currency = _currency(text, n.start, n.end)
        category = _category([*after[:3], *before[-1:]])
        if unit or category or around:
            said_from = n.bound_start if n.bound_start >= 0 else n.start
            qualifiers = _qualifiers(text[clause_start:said_from])
            out.append(
                Quantity(
                    n.value,
                    unit,
                    n.start,
                    n.end,
                    n.bound,
                    n.high,
                    said_from,
                    category,
                    frozenset(around),
                    currency,
                    percent,
                    qualifiers,
                    phrase | unit,
                    frozenset([w for w in before if w not in _LINK_STEMS][-2:])
                    | (frozenset(_content(of.group(1))[:2]) if of else frozenset()),
                    n in vague,
                    _is_part(text, n),
                    _dimension(text, clause_start, n.start, clause_end),
                )
            )
    return tuple(out)


def _dimension(text: str, start: int, at: int, end: int) -> str | None:
    words = [w.lower() for w in _WORDS.findall(text[start:at])][-6:] + [
        w.lower() for w in _WORDS.findall(text[at:end])
    ][:4]
    return next((_DIMENSIONS[w] for w in words if w in _DIMENSIONS), None)


def _is_part(text: str, n: NumberMention) -> bool:
    """A part of another count: "including two", "three of them", or one the sentence goes on to add to ("killing
    two people outside the center and then a third at a nearby home")."""
    return bool(
        _PART_OF.search(text[max(0, n.start - 24) : n.start])
        or re.match(r"\s+of\s+(?:them|those|whom)\b", text[n.end :])
        or any(
            n.high is None and float(n.value) + 1 == ORDINALS[m.group(1).lower()]
            for m in _NEXT_ONE.finditer(text, n.end)
        )
    )


def to_ranges(text: str, found: tuple[NumberMention, ...]) -> list[NumberMention]:
    """``found`` with "8,000 to 10,000" read as one range (the lexicon reads dashes and "between ... and")."""
    out: list[NumberMention] = []
    skip = False
    for a, b in zip(found, [*found[1:], None], strict=False):  # the last with None (none when found is empty)
        if skip:
            skip = False
            continue
        if (
            b is not None
            and a.high is None
            and b.high is None
            and re.fullmatch(r"-?\s+(?:[a-z]+\s+)?to\s+", text[a.end : b.start])
            and float(a.value) < float(b.value)
            and not re.search(r"\bfrom\s+$", text[max(0, a.start - 8) : a.start])
        ):
            out.append(NumberMention(a.low, b.low, a.bound, a.bound_start))
            skip = True
        else:
            out.append(a)
    return out


def _qualifiers(text: str) -> frozenset[str]:
    """Capitalised words (names) among the last content words before a number, but who says it ("Kyiv says")."""
    words = _WORDS.findall(text)
    kept = [
        w
        for k, w in enumerate(words)
        if w.lower() not in STOP_WORDS and not any(x.lower() in _SPEECH for x in words[k + 1 : k + 4])
    ][-_AROUND_BEFORE:]
    return frozenset(
        w.lower().removesuffix("'s").removesuffix("’s")
        for w in kept
        if w[0].isupper() and w not in _NOT_NOUNS and w.removesuffix("'s").removesuffix("’s") not in NOT_NAMES
    )


def _content(text: str) -> list[str]:
    """The content stems of ``text``, in order (capitalised names kept: "the Amberley union")."""
    out: list[str] = []
    for w in _WORDS.findall(text):
        if w.lower() in STOP_WORDS or w.removesuffix("'s").removesuffix("’s") in _NOT_NOUNS:
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
    if re.search(r"[A-Z][\w.'’-]*,\s*$", text[max(0, n.start - 30) : n.start]) and re.match(r",", text[n.end :]):
        return False  # an age after a name ("Jane Doe, 47, said")
    if re.match(r"\s+(?:in|out\s+of)\s+\d", text[n.end :]) or text[n.start - 1 : n.start] == "/":
        return False  # a ratio ("1 in 3"), a fraction ("3/4")
    if re.search(r"\bfrom\s+$", text[max(0, n.start - 8) : n.start]) and re.match(r"\s+to\s+\d", text[n.end :]):
        return False  # a position ("dropped from 2,500 to 1,800 feet"), not an amount
    if re.search(r"\bfrom\s+[\d,.]+\s+to\s+$", text[max(0, n.start - 24) : n.start]):
        return False
    before = text[n.start - 1 : n.start]
    if re.match(r"\w", before) or (n.low.spelled and before == "-"):
        return False
    if _DATE_BEFORE.search(text[max(0, n.start - 12) : n.start]):
        return False
    return not (_DATE_AFTER.match(text[n.end : n.end + 8]) or _AGO.match(text[n.end : n.end + 24]))


def _unit(text: str, end: int) -> tuple[frozenset[str], frozenset[str]]:
    """What a number counts: the last word of the run of content words right after it, as a stem ("troop" in
    "127,000 Russian troops near ..."; "hour" in "a four-hour session"), empty when too generic to compare; and
    the stems of the whole run ("russian", "troop")."""
    tail = text[end : end + 60]
    if tail[:1] == "-":  # "a four-hour session", "a 1.5-mile walk": an attribute
        word = re.match(r"-([A-Za-z]+)(?![-\w])", tail)
        found = frozenset(stems(word.group(1))) - GENERIC if word else frozenset()
        return found, found
    run: list[str] = []
    modifiers: list[str] = []
    if re.match(r"\s*[\d/]", tail):
        return frozenset(), frozenset()  # "27 3/4 hot dogs": the count is another number's
    for word in _WORDS.findall(re.split(r"[,;:()\[\]]|\.\s|\s[-–—]+\s", tail, maxsplit=1)[0]):
        lowered = word.lower()
        if lowered in STOP_WORDS or lowered in _LINKS or word in _NOT_NOUNS or lowered.endswith(("ed", "ing")):
            break  # the noun phrase ends at a function word, a name of a day or month, or a verb in -ed, -ing
        if word[0].isupper():
            modifiers.append(word)
            continue  # "Russian troops": the head is the noun
        run.append(word)
        if len(run) == 2:
            break
    head = frozenset(SAME_UNIT.get(s, s) for s in stems(run[-1])) - GENERIC if run else frozenset()
    return head, frozenset(SAME_UNIT.get(s, s) for w in [*modifiers, *run] for s in stems(w)) - GENERIC
