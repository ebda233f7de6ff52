"""Numbers mentioned in a sentence, normalised so "eight", "8" and "8.0" compare equal.

Used to keep a sentence that gives a *different* figure from being cited as
corroborating an item ("about eight hours" does not corroborate "7.5 hours").
"""

from __future__ import annotations

import re

__all__ = ["conflicting_numbers", "normalise_number", "numbers_in"]

_WORDS = {
    w: str(i)
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_WORDS.update(
    {
        "thirty": "30",
        "forty": "40",
        "fifty": "50",
        "sixty": "60",
        "seventy": "70",
        "eighty": "80",
        "ninety": "90",
        "hundred": "100",
        "dozen": "12",
    }
)
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?|\b(?:" + "|".join(_WORDS) + r")\b", re.IGNORECASE)


_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}


def normalise_number(token: str) -> str:
    """One spelling of a number: digits without separators or trailing zeros, words and scales as digits.

    >>> [normalise_number(t) for t in ("eight", "8.0", "100,000", "1.5 million", "12 %", "Ninety-two")]
    ['8', '8', '100000', '1500000', '12', '92']
    """
    parts = token.lower().replace("%", " ").split()
    head, scale = parts[0], (_SCALES.get(parts[-1], 1) if len(parts) > 1 else 1)
    tens, _, unit = head.partition("-")
    if unit and tens in _WORDS and unit in _WORDS:  # "ninety-two"
        head = str(int(_WORDS[tens]) + int(_WORDS[unit]))
    head = _WORDS.get(head, head).replace(",", "")
    try:
        value = float(head) * scale
    except ValueError:
        return head
    return str(int(value)) if value == int(value) else f"{value:g}"


def numbers_in(text: str) -> set[str]:
    """Normalised numbers in ``text``: digits without separators, number words as digits."""
    out = set()
    for match in _NUMBER.finditer(text):
        token = match.group().lower()
        if token in _WORDS:
            out.add(_WORDS[token])
            continue
        token = token.replace(",", "")
        if "." in token:
            token = token.rstrip("0").rstrip(".")
        out.add(token)
    return out


def conflicting_numbers(a: str, b: str) -> bool:
    """True when each text has a number the other lacks: they likely disagree on a figure."""
    na, nb = numbers_in(a), numbers_in(b)
    return bool(na - nb) and bool(nb - na)
