"""Numbers in text, read one way for every module: digits, spelled out, scale words, ranges, approximations.

:func:`read_numbers` finds the figures of a text and what they are worth:

- digits, with thousands separators and decimals: ``127,000``, ``4.1``,
  ``12%``; other letters glued to the digits are kept as a ``suffix``
  (``10th``, ``1990s``, ``50kg``);
- scale words and abbreviations after digits: ``1.5 million`` and ``1.5m``
  are 1,500,000, ``5bn`` and ``5 bn`` 5,000,000,000;
- spelled-out numbers: ``eight``, ``ninety-two``, ``two hundred``, ``one
  thousand two hundred and five``, ``a dozen``, ``two million``; words that
  cannot follow one another start a new number (``two three-bedroom houses``
  is 2 and 3);
- ranges: ``100,000-127,000``, ``1.5-2 million`` (the scale applies to both
  ends), ``between 3 and 5``; the high end must exceed the low one (``3-2``
  is a score, not a range);
- approximations and bounds before a number: ``about``, ``roughly``,
  ``some``, ``an estimated`` (``about``); ``more than``, ``at least``
  (``min``); ``up to``, ``fewer than`` (``max``).

Values are canonical decimal strings (:func:`canonical`): no separators, no
trailing zeros, no exponent, so ``eight``, ``8`` and ``8.0`` compare equal.

Examples
--------
>>> [(n.value, n.high, n.bound) for n in read_numbers("Some 1.5 million people, about 100,000-127,000 troops")]
[('1500000', None, 'about'), ('100000', '127000', 'about')]
>>> sorted(numbers_in("ninety-two hours, two hundred men, 1.5 million"))
['1500000', '200', '92']
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

__all__ = [
    "BOUND_WORDS",
    "CARDINALS",
    "DOZEN",
    "HUNDRED",
    "ORDINALS",
    "SCALES",
    "SCALE_ABBREVIATIONS",
    "SCALE_LETTERS",
    "TENS",
    "VAGUE_AMOUNTS",
    "Bound",
    "Figure",
    "NumberMention",
    "canonical",
    "conflicting_numbers",
    "normalise_number",
    "numbers_in",
    "read_numbers",
    "read_vague_numbers",
    "spelled_value",
]

#: Number words below twenty -> value.
CARDINALS: dict[str, int] = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen"
        " seventeen eighteen nineteen".split()
    )
}
#: Multiples of ten from twenty -> value.
TENS: dict[str, int] = {
    w: 20 + 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
#: Ordinal words -> the number they rank.
ORDINALS: dict[str, int] = {
    w: i + 1
    for i, w in enumerate("first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth".split())
}
HUNDRED = "hundred"
DOZEN = "dozen"
#: Scale words -> power of ten ("1.5 million").
SCALES: dict[str, int] = {"thousand": 3, "million": 6, "billion": 9, "trillion": 12}
#: Scale abbreviations after digits, glued or after one space ("5bn", "4.9m barrels", "1.5 bn dollars")
#: -> power of ten. Glued to a figure, "m" is a million far more often than a metre in news (on the dev
#: data); after a space only when the figure has decimals ("4.9 m barrels", not "1,500 m under water").
SCALE_ABBREVIATIONS: dict[str, int] = {"m": 6, "mn": 6, "mln": 6, "bn": 9, "tn": 12}
#: One-letter abbreviations that are as often something else ("401k" is a pension plan, "5k" a race):
#: read as scales only where the plain figure is kept too (the checker accepts "100k" as 100 or 100,000).
SCALE_LETTERS: dict[str, int] = {"k": 3, "b": 9}

Bound = Literal["exact", "about", "min", "max"]
#: Words before a number that make it approximate or a bound.
BOUND_WORDS: dict[Bound, tuple[str, ...]] = {
    "min": ("more than", "over", "at least", "upwards of"),
    "max": ("up to", "at most", "fewer than", "less than", "under"),
    "about": ("about", "around", "roughly", "nearly", "some", "almost", "approximately", "an estimated", "close to"),
}
_BOUND_WINDOW = 16  # characters before a number searched for its bound words
_BOUND = re.compile(
    "|".join(
        rf"\b(?P<{kind}>" + "|".join(w.replace(" ", r"\s+") for w in words) + r")\s+$"
        for kind, words in BOUND_WORDS.items()
    ),
    re.IGNORECASE,
)
_WORD_VALUES: dict[str, int] = CARDINALS | TENS
_NUMBER_WORD = "|".join(sorted([*_WORD_VALUES, HUNDRED, DOZEN, *SCALES], key=len, reverse=True))
_ABBREVIATION = "|".join(sorted(SCALE_ABBREVIATIONS, key=len, reverse=True))  # "m" last
_FIRST = "".join(sorted({w[0] for w in _NUMBER_WORD.split("|")}))
_NUMBER_PATTERN = (  # the lookahead lets the engine skip positions that cannot start a number (~2x faster)
    rf"(?=[\d{_FIRST}])(?:"
    r"(?<![\d.,])(?P<digits>(?:\d{1,3}(?:,\d{3})+|\d+)(?P<decimals>\.\d+)?)(?!\d)"
    rf"(?:(?P<abbreviation>{_ABBREVIATION})(?![\w])| (?P<spaced>{_ABBREVIATION.removesuffix('|m')})(?![\w])"
    r"|(?(decimals) (?P<spaced_m>m)(?![\w])|(?!))|(?P<suffix>[a-z]+))?"
    rf"(?:\s+(?P<scale>{'|'.join(SCALES)})(?![\w]))?(?P<percent>\s*%)?"
    rf"|(?<![\w])(?P<words>(?:{_NUMBER_WORD})(?![\w])(?:(?:-|\s+(?:and\s+)?)(?:{_NUMBER_WORD})(?![\w]))*))"
)
_NUMBER = re.compile(_NUMBER_PATTERN)  # on lower-cased text
_NUMBER_ANY_CASE = re.compile(_NUMBER_PATTERN, re.IGNORECASE)  # where lower-casing changes the length
_SPELLED_PART = re.compile(rf"(?P<sep>-|\s+(?:and\s+)?)?(?P<word>{_NUMBER_WORD})", re.IGNORECASE)
_DASH = re.compile(r"\s?[-–]\s?")
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)
_DATE_BEFORE = re.compile(r"\d[-–/]$")  # "2022-01-10" is a date, not a year and a range
_DATE_AFTER = re.compile(r"[-–/]\d")


@dataclass(frozen=True, slots=True)
class Figure:
    """One number as written: its span (scale word and ``%`` included), value and form."""

    start: int
    end: int
    value: str
    spelled: bool = False
    suffix: str = ""
    power: int = 0  # the scale word's or abbreviation's power of ten; the largest scale word's when spelled
    percent: bool = False


@dataclass(frozen=True, slots=True)
class NumberMention:
    """A number, or a range of two, in a text, with the bound words before it.

    ``value`` is the number (the low end of a range), ``high`` the high end
    of a range or ``None``; ``bound_start`` is where the bound words begin
    (``start`` when there are none).
    """

    low: Figure
    high_figure: Figure | None = None
    bound: Bound = "exact"
    bound_start: int = -1

    @property
    def start(self) -> int:
        return self.low.start

    @property
    def end(self) -> int:
        return (self.high_figure or self.low).end

    @property
    def value(self) -> str:
        return self.low.value

    @property
    def high(self) -> str | None:
        return self.high_figure.value if self.high_figure else None

    @property
    def figures(self) -> tuple[Figure, ...]:
        return (self.low,) if self.high_figure is None else (self.low, self.high_figure)


def canonical(value: Decimal) -> str:
    """A number as precis compares numbers: plain decimal digits, no trailing zeros (``8.0`` -> ``8``)."""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def spelled_value(words: str) -> int | None:
    """The value of one spelled-out number ("ninety-two", "two hundred and five"), or None if it is not one.

    >>> spelled_value("one thousand two hundred and thirty-four"), spelled_value("two three")
    (1234, None)
    """
    groups = _spelled_groups(words, 0)
    if len(groups) != 1 or groups[0][0] != 0 or groups[0][1] != len(words):
        return None
    return groups[0][2]


def _spelled_groups(text: str, offset: int) -> list[tuple[int, int, int]]:
    """The numbers in a run of number words, as (start, end, value): a word that cannot follow starts a new one."""
    groups: list[tuple[int, int, int]] = []
    start = end = -1
    total = current = 0
    last = ""  # kind of the last word: unit, teen, tens, tens-unit, hundred, dozen, scale, zero
    last_scale = 99
    for m in _SPELLED_PART.finditer(text):
        word, sep = m["word"].lower(), (m["sep"] or "").strip().lower()
        kind = _kind(word)
        if start >= 0 and not _follows(last, kind, sep, current, last_scale, word):
            groups.append((start + offset, end + offset, total + current))
            start = -1
        if start < 0:
            start, total, current, last_scale = m.start("word"), 0, 0, 99
        if kind in ("unit", "teen", "tens", "zero"):
            current += _WORD_VALUES[word]
            kind = "tens-unit" if last == "tens" and kind == "unit" else kind
        elif kind == HUNDRED:
            current = (current or 1) * 100
        elif kind == DOZEN:
            current = (current or 1) * 12
        else:
            total, current, last_scale = total + (current or 1) * 10 ** SCALES[word], 0, SCALES[word]
        last, end = kind, m.end("word")
    if start >= 0:
        groups.append((start + offset, end + offset, total + current))
    return groups


def _kind(word: str) -> str:
    if word in (HUNDRED, DOZEN):
        return word
    if word in SCALES:
        return "scale"
    value = _WORD_VALUES[word]
    return "zero" if value == 0 else "unit" if value < 10 else "teen" if value < 20 else "tens"


def _follows(last: str, kind: str, sep: str, current: int, last_scale: int, word: str) -> bool:
    """Whether a number word of ``kind`` can continue a number whose last word was of kind ``last``."""
    if last == "zero" or kind == "zero" or (sep == "and" and last not in (HUNDRED, "scale")):
        return False
    if kind == "unit":
        return last in (HUNDRED, "scale") or (last == "tens" and sep != "and")
    if kind in ("teen", "tens"):
        return last in (HUNDRED, "scale")
    if kind == HUNDRED:
        return last in ("unit", "teen", "tens", "tens-unit") and current < 100
    if kind == DOZEN:
        return last in ("unit", "teen") and current < 100
    return last != "scale" or SCALES[word] < last_scale  # a scale: "two million", "a million three hundred thousand"


def _digits(m: re.Match[str]) -> Figure:
    """The figure of a match of the digits branch."""
    suffix = (m["suffix"] or "").lower()
    power = SCALES.get(suffix, 0)  # "1.5million"
    abbreviation = m["abbreviation"] or m["spaced"] or m["spaced_m"]
    if abbreviation or m["scale"]:
        power = SCALE_ABBREVIATIONS[abbreviation.lower()] if abbreviation else SCALES[m["scale"].lower()]
    value = Decimal(m["digits"].replace(",", "")).scaleb(power)
    return Figure(m.start(), m.end(), canonical(value), False, suffix, power, m["percent"] is not None)


def _figures(text: str) -> list[Figure]:
    """Every number in ``text`` in order, ranges not yet joined."""
    out: list[Figure] = []
    lowered = text.lower()
    matches = _NUMBER.finditer(lowered) if len(lowered) == len(text) else _NUMBER_ANY_CASE.finditer(text)
    for m in matches:
        if m["digits"] is not None:
            out.append(_digits(m))
            continue
        for start, end, value in _spelled_groups(m["words"], m.start()):
            power = max((SCALES.get(w, 0) for w in text[start:end].lower().replace("-", " ").split()), default=0)
            out.append(Figure(start, end, str(value), True, "", power, False))
    return out


def _range(text: str, a: Figure, b: Figure) -> Figure | None:
    """``a`` with the scale and ``%`` of ``b`` when ``a`` and ``b`` are the ends of a range, else None."""
    between = text[a.end : b.start]
    dash = _DASH.fullmatch(between) is not None
    if a.suffix or b.suffix or not (dash or (_AND.fullmatch(between) and _BETWEEN.search(text, 0, a.start))):
        return None
    if dash and (_DATE_BEFORE.search(text, 0, a.start) or _DATE_AFTER.match(text, b.end)):
        return None
    low, high, power = Decimal(a.value), Decimal(b.value), a.power
    if b.power and not a.power and low.scaleb(b.power) < high:  # "1.5-2 million": the high end's scale
        low, power = low.scaleb(b.power), b.power
    if low >= high:
        return None
    return Figure(a.start, a.end, canonical(low), a.spelled, a.suffix, power, a.percent or b.percent)


@lru_cache(maxsize=8192)
def read_numbers(text: str) -> tuple[NumberMention, ...]:
    """The numbers and ranges of ``text`` in order, with their bound words.

    Parameters
    ----------
    text : str
        Any text; a sentence is the usual unit.

    Returns
    -------
    tuple of NumberMention
        Ranges are one mention with a ``high`` end. Nothing is left out:
        callers decide what counts (years, dates, "one" as a pronoun).
    """
    figures = _figures(text)
    out: list[NumberMention] = []
    i = 0
    while i < len(figures):
        low, high = figures[i], None
        if i + 1 < len(figures):
            joined = _range(text, low, figures[i + 1])
            if joined is not None:
                low, high = joined, figures[i + 1]
                i += 1
        window = max(0, low.start - _BOUND_WINDOW)
        bound = _BOUND.search(text[window : low.start])
        kind: Bound = bound.lastgroup if bound else "exact"  # type: ignore[assignment]
        out.append(NumberMention(low, high, kind, window + bound.start() if bound else low.start))
        i += 1
    return tuple(out)


def normalise_number(token: str) -> str:
    """One spelling of a number: digits without separators or trailing zeros, words and scales as digits.

    >>> [normalise_number(t) for t in ("eight", "8.0", "100,000", "1.5 million", "12 %", "Ninety-two")]
    ['8', '8', '100000', '1500000', '12', '92']
    """
    found = read_numbers(token)
    if len(found) == 1 and found[0].high is None:
        return found[0].value
    try:
        return canonical(Decimal(token.replace(",", "").strip()))
    except InvalidOperation:
        return token.lower()


def numbers_in(text: str) -> set[str]:
    """Every number in ``text`` as :func:`canonical` values, both ends of a range included."""
    return {figure.value for mention in read_numbers(text) for figure in mention.figures}


def conflicting_numbers(a: str, b: str) -> bool:
    """True when each text has a number the other lacks: they likely disagree on a figure."""
    na, nb = numbers_in(a), numbers_in(b)
    return bool(na - nb) and bool(nb - na)


#: Vague amounts -> the range they admit ("tens of thousands" is 20,000 to 99,999): read apart from
#: :func:`read_numbers`, which reads figures only, by :func:`read_vague_numbers`.
VAGUE_AMOUNTS: dict[str, tuple[int, int]] = {
    "dozens": (24, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
    "millions": (2_000_000, 999_999_999),
    "tens of millions": (20_000_000, 99_999_999),
    "hundreds of millions": (200_000_000, 999_999_999),
}
_VAGUE = re.compile(
    r"(?<![\w-])(?:(?:tens|hundreds)\s+of\s+(?:thousands|millions)|dozens|hundreds|thousands|millions)(?=\s+of\s)",
    re.IGNORECASE,
)


def read_vague_numbers(text: str) -> tuple[NumberMention, ...]:
    """The vague amounts of ``text`` ("tens of thousands of troops", "hundreds of homes"), each as an approximate
    range (:data:`VAGUE_AMOUNTS`); only before "of", where they count something.

    >>> [(n.value, n.high, n.bound) for n in read_vague_numbers("as tens of thousands of troops massed")]
    [('20000', '99999', 'about')]
    """
    out = []
    for m in _VAGUE.finditer(text):
        low, high = VAGUE_AMOUNTS[re.sub(r"\s+", " ", m.group().lower())]
        out.append(
            NumberMention(
                Figure(m.start(), m.end(), str(low), spelled=True),
                Figure(m.start(), m.end(), str(high), spelled=True),
                "about",
                m.start(),
            )
        )
    return tuple(out)
