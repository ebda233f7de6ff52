"""A batch record never fails for one article's date or one empty article of its story (issue #15)."""

from __future__ import annotations

from typing import Any

import pytest

from precis.batch.records import articles_of, file_convention, sources_of
from precis.errors import InputError
from precis.readers import FieldMap

BODY = (
    "The harbour board approved a new ferry route across the bay on Tuesday. "
    "The first crossings to the island are planned for the middle of May."
)
NO_FIELDS = FieldMap()


def _story(*dates: Any, texts: list[str] | None = None) -> dict[str, Any]:
    texts = texts or [BODY] * len(dates)
    return {
        "id": "D1",
        "docs": [{"id": f"d{k}", "text": t, "date": d} for k, (t, d) in enumerate(zip(texts, dates, strict=True))],
    }


def test_batch_story_dates_follow_the_convention_of_its_other_articles() -> None:
    notes: list[str] = []
    articles = articles_of(
        _story("10/22/1998 13:00:00", "09/04/1998 11:19:00"), rid="D1", fields=NO_FIELDS, notes=notes
    )
    assert [a.published.date().isoformat() for a in articles if a.published] == ["1998-10-22", "1998-09-04"]
    assert notes == []


@pytest.mark.parametrize(
    ("dates", "why"),
    [
        (("09/04/1998 11:19:00", "1998-07-15 13:27"), "reads as day/month and as month/day"),
        (("1998-14-06 14:27:00", "1999-10-13 06:40:20"), "14 is not a month"),
        (("1999-02-30", "1999-10-13"), "not a day of the calendar"),
    ],
)
def test_batch_an_unreadable_date_makes_its_article_undated_with_one_note(dates: tuple[str, str], why: str) -> None:
    notes: list[str] = []
    articles = articles_of(_story(*dates), rid="D1", fields=NO_FIELDS, notes=notes)
    assert [a.published is None for a in articles] == [True, False]
    (note,) = notes
    assert note.startswith("record D1: 1 article read undated") and why in note
    assert "field 'date'" in note and "--field date=NAME" in note


def test_batch_an_empty_article_is_left_out_with_a_note_that_says_it_is_empty() -> None:
    notes: list[str] = []
    articles = articles_of(_story(None, None, texts=[BODY, ""]), rid="D1", fields=NO_FIELDS, notes=notes)
    assert [a.id for a in articles] == ["d0"]
    (note,) = notes
    assert note == "D1#1: the article is empty (its 'text' field holds no text). It was left out."


def test_batch_a_story_of_empty_articles_gives_no_article_and_a_note_for_each() -> None:
    notes: list[str] = []
    assert articles_of(_story(None, None, texts=["", " "]), rid="D1", fields=NO_FIELDS, notes=notes) == []
    assert notes == [f"D1#{k}: the article is empty (its 'text' field holds no text). It was left out." for k in (0, 1)]
    with pytest.raises(InputError, match=r"D1#0: the article is empty"):  # without notes, it must fail
        articles_of(_story(None, None, texts=["", " "]), rid="D1", fields=NO_FIELDS)


def test_batch_a_single_empty_article_record_gives_no_article_and_says_it_is_empty() -> None:
    notes: list[str] = []
    assert articles_of({"id": "r1", "text": "   "}, rid="r1", fields=NO_FIELDS, notes=notes) == []
    assert notes == ["r1: the article is empty (its 'text' field holds no text). It was left out."]


def test_batch_a_story_without_any_text_field_still_fails_naming_it() -> None:
    record = {"docs": [{"id": "a", "text": ""}, {"id": "b", "title": "no text"}]}
    with pytest.raises(InputError, match=r"D1#1: the record has no text"):
        articles_of(record, rid="D1", fields=NO_FIELDS, notes=[])
    with pytest.raises(InputError, match=r"the article is empty"):  # a check needs its sources: it fails
        sources_of({"summary": "x", "docs": [{"text": ""}]}, rid="c1", fields=NO_FIELDS, notes=[])


def test_batch_check_sources_get_the_same_rules() -> None:
    notes: list[str] = []
    record = {"summary": "x", "source": {"text": BODY, "date": "03/04/2022"}}
    (source,) = sources_of(record, rid="c1", fields=NO_FIELDS, notes=notes) or []
    assert source.published is None and len(notes) == 1


def test_batch_file_convention_reads_a_storys_ambiguous_dates_the_files_way() -> None:
    raws = [
        (1, b'{"id": "s1", "docs": [{"text": "x", "date": "10/22/1998 13:00:00"}]}'),
        (2, b'{"id": "s2", "text": "y", "date": "1999-10-13 06:40:20"}'),
        (3, b"not json"),
    ]
    convention = file_convention(raws, fields=NO_FIELDS)
    assert convention.day_first is False and convention.year_day_month is False
    notes: list[str] = []
    story = _story("11/05/1998 08:11:00", "11/09/1998")  # nothing in the story itself says which way
    articles = articles_of(story, rid="D1", fields=NO_FIELDS, notes=notes, convention=convention)
    assert [a.published.date().isoformat() for a in articles if a.published] == ["1998-11-05", "1998-11-09"]
    assert notes == []
