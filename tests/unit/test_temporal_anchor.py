"""Relative dates resolved against the right anchor (issue #15, item 4): a table of publication weekday x
mention weekday x tense, each answer checked with ``datetime`` arithmetic, and the sentences that inherit the
day of the sentence before them."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta, timezone

import pytest

from precis.analysis.document import Document
from precis.analysis.temporal import find_dates
from precis.model import Article

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONDAY = date(2024, 3, 11)  # a Monday: MONDAY + k is weekday k

# tense -> sentence template: past reports look back, future and scheduled ones look forward
PAST = ("The ministers met in Geneva on {day}.", "{day}'s talks in Geneva lasted eight hours.",
        "Ms. Loris said after {day}'s talks that her country would keep its posts.",
        "On {day}, the council voted to close the bridge.")  # fmt: skip
FUTURE = ("The ministers will meet in Vienna on {day}.", "Talks resume in Brussels on {day}.",
          "The engineer said the bridge would reopen to cars on {day}.", "The council is due to vote on {day}.",
          "The bridge reopens on {day}, officials said.")  # fmt: skip


def _back(published: date, weekday: int) -> date:
    """The most recent ``weekday`` on or before ``published``."""
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _ahead(published: date, weekday: int) -> date:
    """The first ``weekday`` on or after ``published``."""
    return published + timedelta(days=(weekday - published.weekday()) % 7)


CASES = [
    (pub, day, template, tense)
    for pub, day in itertools.product(range(7), range(7))
    for tense, templates in (("past", PAST), ("future", FUTURE))
    for template in templates
]


@pytest.mark.parametrize(("pub", "day", "template", "tense"), CASES)
def test_weekday_resolves_by_the_tense_of_its_own_clause(pub: int, day: int, template: str, tense: str) -> None:
    published = MONDAY + timedelta(days=pub)
    text = template.format(day=WEEKDAYS[day])
    found = [m for m in find_dates(text, published=published) if m.granularity == "day"]
    assert len(found) == 1, text
    want = _back(published, day) if tense == "past" else _ahead(published, day)
    assert found[0].date == want, (text, published.strftime("%A"))
    assert (want - published).days in (range(-6, 1) if tense == "past" else range(7))


@pytest.mark.parametrize(("pub", "day"), list(itertools.product(range(7), range(7))))
def test_last_and_next_are_strictly_before_and_after(pub: int, day: int) -> None:
    published = MONDAY + timedelta(days=pub)
    last, nxt = find_dates(f"The board met last {WEEKDAYS[day]} and meets next {WEEKDAYS[day]}.", published=published)
    assert -7 <= (last.date - published).days <= -1 and last.date.weekday() == day
    assert 1 <= (nxt.date - published).days <= 7 and nxt.date.weekday() == day


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # one sentence, two tenses: each mention takes the nearest cue
        (
            "The council, which met on Monday, convenes again on Thursday.",
            date(2024, 3, 12),
            ["2024-03-11", "2024-03-14"],
        ),
        (
            "Russian officials are due to meet in Brussels on Wednesday, and the OSCE will meet on Thursday.",
            date(2022, 1, 11),
            ["2022-01-12", "2022-01-13"],
        ),
        ("Lavrov is due to hold his news conference later on Friday.", date(2022, 1, 14), ["2022-01-14"]),
        # nouns are no scheduling verbs; names ending in -ed are no past tense
        ("Strand won 1,200,000 votes, results from Sunday's vote show.", date(2024, 6, 3), ["2024-06-02"]),
        ("The start on Sunday was delayed by rain.", date(2024, 6, 4), ["2024-06-02"]),
    ],
)
def test_tense_is_read_per_mention(text: str, published: date, expected: list[str]) -> None:
    assert [m.date.isoformat() for m in find_dates(text, published=published)] == expected


def _article(text: str, published: datetime) -> Article:
    return Article("a", text, published=published)


def test_an_undated_sentence_inherits_the_day_of_the_sentence_it_follows() -> None:
    text = (
        "Fourteen people died when the ferry overturned on Lake Varno on Saturday, police said. "
        "The boat carried 118 passengers.\n\nRescuers saved 92 people in the first two hours after the accident. "
        "Divers resumed the search on Sunday morning. Police questioned the captain."
    )
    doc = Document.of(_article(text, datetime(2024, 5, 19, 9, 15, tzinfo=timezone(timedelta(hours=2)))))
    assert [doc.inherited_day(k) for k in range(len(doc.texts))] == [
        None, date(2024, 5, 18), date(2024, 5, 18), None, date(2024, 5, 19)
    ]  # fmt: skip


def test_inheritance_prefers_the_articles_own_day_and_never_takes_a_future_one() -> None:
    text = (
        "Diplomats talked for eight hours in Geneva on Monday. "
        "The two had met for dinner on Sunday before the session opened on Monday morning. "
        "Ms. Sherman told reporters afterward that the talks were frank. "
        "The two sides will meet again in Brussels on Wednesday. "
        "Neither side announced further talks."
    )
    doc = Document.of(_article(text, datetime(2022, 1, 11, 7, 10, tzinfo=timezone(timedelta(hours=-5)))))
    assert doc.inherited_day(2) == date(2022, 1, 10)  # not Sunday: the article is about Monday
    assert doc.inherited_day(4) is None  # after a coming Wednesday: the publication day rule applies


def test_publication_day_is_the_local_day_of_the_article() -> None:
    # 23:30 in New York on Monday is Tuesday in UTC: "on Monday" is still that same day
    published = datetime(2022, 1, 10, 23, 30, tzinfo=timezone(timedelta(hours=-5)))
    doc = Document.of(_article("Diplomats met in Geneva on Monday for eight hours of talks.", published))
    assert doc.published == date(2022, 1, 10)
    assert [m.date for m in doc.dates(0)] == [date(2022, 1, 10)]
