"""Date expressions found and resolved against a publication date."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from precis.analysis.temporal import find_dates

PUB = date(2022, 1, 12)  # a Wednesday
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip


def _resolved(text: str, published: date | None = PUB) -> list[tuple[str, str, str]]:
    return [(text[m.start : m.end], m.date.isoformat(), m.granularity) for m in find_dates(text, published=published)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The vote was held on January 10, 2022 in the hall.", ("January 10, 2022", "2022-01-10", "day")),
        ("The vote was held on Jan. 10 in the hall.", ("Jan. 10", "2022-01-10", "day")),
        ("The vote was held on 10 Jan 2022 in the hall.", ("10 Jan 2022", "2022-01-10", "day")),
        ("The vote was held on 2022-01-10 in the hall.", ("2022-01-10", "2022-01-10", "day")),
        ("The ferry sank on Dec. 3 off the coast.", ("Dec. 3", "2021-12-03", "day")),
        ("The bridge opened in 2014.", ("2014", "2014-01-01", "year")),
        ("The bridge opened in March 2021.", ("March 2021", "2021-03-01", "month")),
        ("The ferry sank on January 25 , 2011 .", ("January 25 , 2011", "2011-01-25", "day")),
        ("The mayor left yesterday.", ("yesterday", "2022-01-11", "day")),
        ("The mayor speaks today.", ("today", "2022-01-12", "day")),
        ("The mayor returns tomorrow.", ("tomorrow", "2022-01-13", "day")),
        ("The mayor resigned two days ago.", ("two days ago", "2022-01-10", "day")),
        ("The mayor resigned last week.", ("last week", "2022-01-03", "week")),
        ("The mayor resigned last month.", ("last month", "2021-12-01", "month")),
        ("Prices rose this year.", ("this year", "2022-01-01", "year")),
        ("The council meets next Tuesday.", ("next Tuesday", "2022-01-18", "day")),
        ("The council met on Monday.", ("Monday", "2022-01-10", "day")),
        ("The council met on Wednesday.", ("Wednesday", "2022-01-12", "day")),
        ("The council met last Wednesday.", ("last Wednesday", "2022-01-05", "day")),
        ("The council will meet on Monday.", ("Monday", "2022-01-17", "day")),
        # an intention told in the past still points ahead
        ("The mayor said she hoped to sign the deal on Monday.", ("Monday", "2022-01-17", "day")),
        ("The mayor aims to sign the deal on Monday.", ("Monday", "2022-01-17", "day")),
        ("The mayor signed the deal on Monday, as planned.", ("Monday", "2022-01-10", "day")),
    ],
)
def test_temporal_resolves_against_publication_date(text: str, expected: tuple[str, str, str]) -> None:
    assert _resolved(text) == [expected]


def test_temporal_span_leaves_out_preposition_and_indexes_the_text() -> None:
    text = "Ships left in March 2021 and came back on Friday."
    mentions = find_dates(text, published=PUB)
    assert [text[m.start : m.end] for m in mentions] == ["March 2021", "Friday"]
    assert [m.relative for m in mentions] == [False, True]


def test_temporal_ignores_verbs_and_bare_month_names() -> None:
    assert _resolved("Crowds may march. May was cold and March was worse.") == []
    assert _resolved("Turnout rose in 2000 percent of cases.") == []


def test_temporal_without_publication_date_keeps_only_absolute_dates() -> None:
    text = "On Monday, officials recalled the flood of March 3, 2019 and the storm of Dec. 3."
    assert _resolved(text, published=None) == [("March 3, 2019", "2019-03-03", "day")]


@pytest.mark.parametrize(
    ("published", "text", "expected"),
    [
        (date(2022, 1, 2), "The ferry sailed on Friday.", "2021-12-31"),  # back across a year
        (date(2022, 3, 1), "The ferry sailed on Monday.", "2022-02-28"),  # back across a month
        (date(2021, 12, 30), "The ferry will sail on Monday.", "2022-01-03"),  # on across a year
        (date(2024, 2, 27), "The ferry will sail next Friday.", "2024-03-01"),  # leap February
        (date(2022, 1, 1), "The ferry sailed yesterday.", "2021-12-31"),
        (date(2022, 1, 5), "The ferry sailed on Dec. 30.", "2021-12-30"),
        (date(2021, 12, 28), "The ferry sails on Jan. 4, officials said it will.", "2022-01-04"),
    ],
)
def test_temporal_weekday_arithmetic_at_boundaries(published: date, text: str, expected: str) -> None:
    (mention,) = find_dates(text, published=published)
    assert mention.date.isoformat() == expected


@given(
    day=st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    offset=st.integers(min_value=-800, max_value=800),
)
def test_temporal_written_date_resolves_to_itself(day: date, offset: int) -> None:
    written = f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    text = f"The treaty was signed on {written} in the old town hall."
    published = day + timedelta(days=offset)
    mentions = find_dates(text, published=published)
    assert [(text[m.start : m.end], m.date, m.granularity) for m in mentions] == [(written, day, "day")]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # a present-tense event with no past tense in the sentence is ahead of the paper's date
        ("The next stop is Vienna, where the OSCE convenes on Thursday.", date(2022, 1, 13)),
        ("The office warned that the river could rise further on Thursday.", date(2022, 1, 13)),
        ("Forecasters expect the river to peak on Thursday afternoon.", date(2022, 1, 13)),
        ("The council met on Thursday.", date(2022, 1, 6)),
        ("On May 3 the council met on Thursday.", date(2022, 1, 6)),  # the month May is no "may"
    ],
)
def test_weekday_tense_from_present_and_modal_verbs(sentence: str, expected: date) -> None:
    weekday = find_dates(sentence, published=date(2022, 1, 12))[-1]  # the weekday is last in each sentence
    assert weekday.relative and weekday.date == expected
