"""Tests for precis.readers.corpus: JSONL, JSON and CSV records through a field mapping."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest

from precis.errors import ConfigError, InputError
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


def test_corpus_a_bad_date_fails_that_record_alone() -> None:
    lines = "\n".join(json.dumps(r) for r in [{"text": BODY, "date": "last Tuesday-ish"}, {"text": BODY}])
    items = list(iter_jsonl(lines, name="c.jsonl", fields=FieldMap()))
    assert len(_articles(items)) == 1
    (error,) = _errors(items)
    assert error.source == "c.jsonl:1" and "date" in str(error)


def test_corpus_csv_is_recognised_by_a_header_naming_the_text_field() -> None:
    assert looks_like_csv("id,title,text\n1,a,b\n", fields=FieldMap())
    assert looks_like_csv("uid\tbody\n1\tb\n", fields=FieldMap.parse("text=body"))
    assert not looks_like_csv("The talks, which began on Monday, ended.\n", fields=FieldMap())
    assert not looks_like_csv("id,title\n1,a\n", fields=FieldMap())
