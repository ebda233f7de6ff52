"""Tests for precis.lexicon: numbers, calendar words and stop words, read one way by every module."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from precis.lexicon.calendar_words import MONTHS, WEEKDAYS, month_number, weekday_number
from precis.lexicon.quantities import (
    CARDINALS,
    TENS,
    canonical,
    conflicting_numbers,
    normalise_number,
    numbers_in,
    read_numbers,
    spelled_value,
)
from precis.lexicon.stopwords import ENGLISH_STOP_WORDS, STOP_WORDS

_BELOW_TWENTY = {v: w for w, v in CARDINALS.items()}
_TENS = {v: w for w, v in TENS.items()}
_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (10**3, "thousand"))


def _spell(n: int, *, and_: bool = False) -> str:
    """``n`` in words, British style with ``and_`` ("one hundred and five"), else American."""
    if n < 20:
        return _BELOW_TWENTY[n]
    if n < 100:
        return _TENS[n - n % 10] + (f"-{_BELOW_TWENTY[n % 10]}" if n % 10 else "")
    if n < 1000:
        rest = n % 100
        joint = " and " if and_ else " "
        return f"{_BELOW_TWENTY[n // 100]} hundred" + (joint + _spell(rest) if rest else "")
    for size, word in _SCALES:
        if n >= size:
            rest = n % size
            return f"{_spell(n // size, and_=and_)} {word}" + (" " + _spell(rest, and_=and_) if rest else "")
    raise AssertionError(n)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("eight", [("8", None, "exact")]),
        ("8.0 and 8.50", [("8", None, "exact"), ("8.5", None, "exact")]),
        ("ninety-two", [("92", None, "exact")]),
        ("twenty two", [("22", None, "exact")]),
        ("two hundred", [("200", None, "exact")]),
        ("one hundred and five", [("105", None, "exact")]),
        ("twenty-five hundred", [("2500", None, "exact")]),
        ("a dozen, two dozen", [("12", None, "exact"), ("24", None, "exact")]),
        ("two three-bedroom houses", [("2", None, "exact"), ("3", None, "exact")]),
        ("twenty and two", [("20", None, "exact"), ("2", None, "exact")]),
        ("1.5 million", [("1500000", None, "exact")]),
        ("two million three hundred thousand", [("2300000", None, "exact")]),
        ("5bn and 2.5mn", [("5000000000", None, "exact"), ("2500000", None, "exact")]),
        ("4.9m barrels, 4.9 m barrels", [("4900000", None, "exact"), ("4900000", None, "exact")]),
        ("1.5 bn dollars", [("1500000000", None, "exact")]),
        ("lowered 1,500 m under water", [("1500", None, "exact")]),  # a spaced "m" after an integer: metres
        ("the 10th, the 1990s, 50kg", [("10", None, "exact"), ("1990", None, "exact"), ("50", None, "exact")]),
        ("100,000-127,000 troops", [("100000", "127000", "exact")]),
        ("1.5-2 million", [("1500000", "2000000", "exact")]),
        ("900,000-1.2 million", [("900000", "1200000", "exact")]),
        ("between 3 and 5 hours", [("3", "5", "exact")]),
        ("3 and 5 hours", [("3", None, "exact"), ("5", None, "exact")]),
        ("a 3-2 win", [("3", None, "exact"), ("2", None, "exact")]),  # a score, not a range
        ("on 2022-01-10", [("2022", None, "exact"), ("1", None, "exact"), ("10", None, "exact")]),
        ("about eight hours", [("8", None, "about")]),
        ("an estimated 40,000", [("40000", None, "about")]),
        ("more than 900,000", [("900000", None, "min")]),
        ("fewer than 20", [("20", None, "max")]),
        ("roughly 3-5%", [("3", "5", "about")]),
        ("12 %", [("12", None, "exact")]),
        ("no numbers here", []),
    ],
)
def test_lexicon_read_numbers_table(text: str, expected: list[tuple[str, str | None, str]]) -> None:
    assert [(n.value, n.high, n.bound) for n in read_numbers(text)] == expected


def test_lexicon_read_numbers_spans_and_bound_words() -> None:
    text = "Talks lasted about eight hours; some 100,000-127,000 troops massed."
    spans = [(text[n.bound_start : n.end], text[n.start : n.end]) for n in read_numbers(text)]
    assert spans == [("about eight", "eight"), ("some 100,000-127,000", "100,000-127,000")]


def test_lexicon_one_reading_for_citing_and_conflicts() -> None:
    # issue #14: numbers_in read "ninety-two" as {90, 2} and "1.5 million" as {1.5}; normalise_number did not
    assert numbers_in("ninety-two") == {normalise_number("ninety-two")} == {"92"}
    assert numbers_in("1.5 million") == {normalise_number("1.5 million")} == {"1500000"}
    assert not conflicting_numbers("Ninety-two people died.", "92 people died.")
    assert not conflicting_numbers("It cost 1.5 million.", "It cost 1,500,000 dollars.")
    assert conflicting_numbers("It cost 1.5 million.", "It cost 2 million.")


def test_lexicon_spelled_value() -> None:
    assert spelled_value("one thousand two hundred and thirty-four") == 1234
    assert spelled_value("a dozen") is None
    assert spelled_value("two three") is None


@given(st.integers(min_value=0, max_value=10**15 - 1), st.booleans())
def test_lexicon_spelled_and_digit_forms_read_the_same(n: int, and_: bool) -> None:
    spelled = _spell(n, and_=and_)
    assert numbers_in(spelled) == numbers_in(str(n)) == numbers_in(f"{n:,}") == {str(n)}
    assert spelled_value(spelled) == n


@given(st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False, allow_infinity=False))
def test_lexicon_x_million_is_x_times_a_million(x: Decimal) -> None:
    written = format(x, "f")
    assert numbers_in(f"{written} million") == {canonical(x * 10**6)}
    assert normalise_number(f"{written} million") == canonical(x * 10**6)


@pytest.mark.parametrize(
    ("name", "month"), [("January", 1), ("jan", 1), ("Jan.", 1), ("May", 5), ("Sept.", 9), ("sep", 9), ("Dec", 12)]
)
def test_lexicon_month_numbers(name: str, month: int) -> None:
    assert month_number(name) == month


@pytest.mark.parametrize(("name", "day"), [("Monday", 0), ("Tues.", 1), ("thu", 3), ("Thurs", 3), ("SUNDAY", 6)])
def test_lexicon_weekday_numbers(name: str, day: int) -> None:
    assert weekday_number(name) == day


def test_lexicon_calendar_rejects_other_words() -> None:
    assert month_number("Mayor") is None and weekday_number("Monsoon") is None
    assert [month_number(m) for m in MONTHS] == list(range(1, 13))
    assert [weekday_number(d) for d in WEEKDAYS] == list(range(7))


def test_lexicon_stop_words_equal_scikit_learns() -> None:
    text = pytest.importorskip("sklearn.feature_extraction.text")
    assert frozenset(text.ENGLISH_STOP_WORDS) == ENGLISH_STOP_WORDS
    assert STOP_WORDS == ENGLISH_STOP_WORDS | {"said", "says", "s", "t", "mr", "mrs", "ms"}


def test_lexicon_tokens_need_no_scikit_learn() -> None:
    code = "import sys, precis.analysis.tokens, precis.lexicon; assert 'sklearn' not in sys.modules, 'sklearn'"
    subprocess.run([sys.executable, "-c", code], check=True)
