"""Tests for precis.readers.corpus: JSONL, JSON and CSV records through a field mapping."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from precis.errors import ConfigError, InputError, InputWarning
from precis.model import Article
from precis.readers.corpus import FieldMap, iter_csv, iter_json, iter_jsonl, looks_like_csv

BODY = "The harbour board approved a new ferry route on Tuesday. Crossings start in May."


def _articles(items: list[object]) -> list[Article]:
    return [item[0] for item in items if isinstance(item, tuple)]


def _errors(items: list[object]) -> list[InputError]:
    return [item for item in items if isinstance(item, InputError)]


def test_corpus_field_map_parses_the_cli_spec() -> None:
    fields = FieldMap.parse("text=body, date=meta.published,outlet=source")
    assert dict(fields.fields) == {"text": "body", "date": "meta.published", "outlet": "source"}
    assert fields.names("text") == ("body",)
    assert "headline" in fields.names("title")  # unmapped fields keep their aliases


@pytest.mark.parametrize("spec", ["text", "text=", "=body", "words=body"])
def test_corpus_field_map_rejects_bad_specs_with_the_expected_form(spec: str) -> None:
    with pytest.raises(ConfigError, match="text"):
        FieldMap.parse(spec)


def test_corpus_jsonl_reads_mapped_and_nested_fields() -> None:
    record = {"body": BODY, "meta": {"published": "2022-01-10T18:30:00+01:00"}, "source": "Harbour Ledger"}
    items = list(iter_jsonl(json.dumps(record), name="c.jsonl", fields=FieldMap.parse("text=body,date=meta.published")))
    (article,) = _articles(items)
    assert article.text == BODY
    assert article.outlet == "Harbour Ledger"  # "source" is an alias of outlet
    assert article.published is not None and article.published.utcoffset() == timedelta(hours=1)
    assert article.id == "c.jsonl:1"


def test_corpus_aliases_find_common_field_names_without_a_mapping() -> None:
    record = {"headline": "Ferry route", "content": BODY, "byline": "Ada Kerr", "link": "https://ledger.example/f"}
    (article,) = _articles(list(iter_jsonl(json.dumps(record), name="c.jsonl", fields=FieldMap())))
    assert (article.title, article.author, article.url) == ("Ferry route", "Ada Kerr", "https://ledger.example/f")


def test_corpus_a_missing_text_field_names_the_line_and_the_fix() -> None:
    lines = "\n".join([json.dumps({"text": BODY}), json.dumps({"body": BODY}), "{not json", "[1, 2]"])
    items = list(iter_jsonl(lines, name="c.jsonl", fields=FieldMap.parse("text=text")))
    assert len(_articles(items)) == 1
    messages = [str(e) for e in _errors(items)]
    assert messages[0].startswith("c.jsonl:2: the record has no text") and "--field text=NAME" in messages[0]
    assert messages[1].startswith("c.jsonl:3: not valid JSON")
    assert messages[2].startswith("c.jsonl:4: a record must be an object")


def test_corpus_json_array_and_wrapped_articles() -> None:
    data = json.dumps([{"text": BODY}, {"title": "no text"}], indent=2)
    items = list(iter_json(data, name="a.json", fields=FieldMap()))
    assert [a.id for a in _articles(items)] == ["a.json[0]"]
    assert [e.source for e in _errors(items)] == ["a.json[1]"]
    wrapped = json.dumps({"articles": [{"text": BODY, "id": "x"}]})
    assert [a.id for a in _articles(list(iter_json(wrapped, name="w.json", fields=FieldMap())))] == ["x"]


def test_corpus_csv_with_quoted_multiline_text_and_mapping() -> None:
    text = 'headline,story,published\n"Ferry route","' + BODY + '\n\nSecond paragraph.",10 January 2022\n'
    items = list(iter_csv(text, name="c.csv", fields=FieldMap()))
    (article,) = _articles(items)
    assert article.text == BODY + "\n\nSecond paragraph."
    assert article.title == "Ferry route"
    assert article.published is not None and article.published.day == 10


def test_corpus_csv_sniffs_the_delimiter_and_reports_bad_rows() -> None:
    text = "title;text\nA;" + BODY + "\nB;\nC;x;extra\n"
    items = list(iter_csv(text, name="c.csv", fields=FieldMap()))
    assert [a.title for a in _articles(items)] == ["A"]
    assert [e.source for e in _errors(items)] == ["c.csv:3", "c.csv:4"]


def _jsonl(records: list[dict[str, object]]) -> str:
    return "\n".join(json.dumps(r) for r in records)


def test_corpus_a_bad_date_leaves_that_article_undated_with_one_warning() -> None:
    lines = _jsonl([{"text": BODY, "date": "last Tuesday-ish"}, {"text": BODY, "date": "1999-02-30"}, {"text": BODY}])
    with pytest.warns(InputWarning) as caught:
        items = list(iter_jsonl(lines, name="c.jsonl", fields=FieldMap()))
    assert not _errors(items)
    assert [a.published for a in _articles(items)] == [None, None, None]
    (warning,) = caught  # one per input, naming the count, the first value, its field and the fix
    message = str(warning.message)
    assert message.startswith("c.jsonl: 2 articles read undated")
    assert "'last Tuesday-ish'" in message and "field 'date'" in message and "--field date=NAME" in message


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        # the file writes month first ("10/22/1998"): an ambiguous one is read month first too
        (["10/22/1998 13:00:00", "09/04/1998 11:19:00"], ["1998-10-22", "1998-09-04"]),
        # day first ("22/10/1998"): the other way round
        (["22/10/1998", "09/04/1998"], ["1998-10-22", "1998-04-09"]),
        # the file's YYYY-NN-NN dates read only as year-day-month: so does "1998-01-06"
        (["1998-14-06 14:27:00", "1998-01-06 08:28:00"], ["1998-06-14", "1998-06-01"]),
    ],
)
def test_corpus_ambiguous_dates_follow_the_files_convention(dates: list[str], expected: list[str]) -> None:
    items = list(iter_jsonl(_jsonl([{"text": BODY, "date": d} for d in dates]), name="c.jsonl", fields=FieldMap()))
    assert [a.published.date().isoformat() for a in _articles(items) if a.published] == expected


@pytest.mark.parametrize(
    "dates",
    [
        ["09/04/1998 11:19:00"],  # no other date to learn from
        ["10/22/1998", "22/10/1998", "09/04/1998"],  # evidence both ways
    ],
)
def test_corpus_an_ambiguous_date_without_a_convention_is_undated(dates: list[str]) -> None:
    with pytest.warns(InputWarning, match="reads as day/month and as month/day"):
        items = list(iter_jsonl(_jsonl([{"text": BODY, "date": d} for d in dates]), name="c.jsonl", fields=FieldMap()))
    assert _articles(items)[-1].published is None and len(_articles(items)) == len(dates)


def test_corpus_an_iso_date_in_a_file_of_mixed_conventions_stays_iso() -> None:
    dates = ["1998-14-06 14:27:00", "1999-10-13 06:40:20", "1998-01-06 08:28:00"]  # DUC 2007 writes both
    with pytest.warns(InputWarning, match="14 is not a month"):
        items = list(iter_jsonl(_jsonl([{"text": BODY, "date": d} for d in dates]), name="c.jsonl", fields=FieldMap()))
    assert [a.published.date().isoformat() if a.published else None for a in _articles(items)] == [
        None, "1999-10-13", "1998-01-06"
    ]  # fmt: skip


def test_corpus_an_empty_article_is_named_empty() -> None:
    items = list(iter_jsonl(_jsonl([{"id": "e", "text": "  "}, {"text": BODY}]), name="c.jsonl", fields=FieldMap()))
    (error,) = _errors(items)
    assert "the article is empty" in str(error) and "'text'" in str(error)


def test_corpus_csv_is_recognised_by_a_header_naming_the_text_field() -> None:
    assert looks_like_csv("id,title,text\n1,a,b\n", fields=FieldMap())
    assert looks_like_csv("uid\tbody\n1\tb\n", fields=FieldMap.parse("text=body"))
    assert not looks_like_csv("The talks, which began on Monday, ended.\n", fields=FieldMap())
    assert not looks_like_csv("id,title\n1,a\n", fields=FieldMap())
