"""Tests for precis.batch.records and precis.batch.inputs: records, ids, articles, streamed chunks."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from precis.batch.inputs import TOO_LARGE, count_records, describe_input, iter_chunks
from precis.batch.records import articles_of, parse_record, record_id, sources_of, summary_of
from precis.errors import InputError
from precis.model import Summary
from precis.readers import FieldMap
from precis.summarizer.summarizer import summarize

BODY = (
    "The harbour board approved a new ferry route across the bay on Tuesday. "
    "The first crossings to the island are planned for the middle of May."
)
NO_FIELDS = FieldMap()


def test_batch_record_parses_a_json_line_and_names_the_line_when_it_is_not_json() -> None:
    assert parse_record(b'\xef\xbb\xbf{"text": "x"}', line=3) == {"text": "x"}  # a BOM is not part of the record
    with pytest.raises(InputError, match=r"line 7: not valid JSON"):
        parse_record(b'{"text": "x"', line=7)
    with pytest.raises(InputError, match=r"line 2: a record must be a JSON object, not list"):
        parse_record(b"[1, 2]", line=2)


def test_batch_record_id_is_its_own_id_else_its_line() -> None:
    assert record_id({"id": "ap-17", "text": BODY}, line=4, fields=NO_FIELDS) == "ap-17"
    assert record_id({"guid": 99, "text": BODY}, line=4, fields=NO_FIELDS) == "99"
    assert record_id({"text": BODY}, line=4, fields=NO_FIELDS) == "4"
    assert record_id({"key": "k1", "text": BODY}, line=4, fields=FieldMap.parse("id=key")) == "k1"


def test_batch_record_article_takes_the_record_id_and_corpus_aliases() -> None:
    record = {"body": BODY, "headline": "Ferry route", "published": "2022-01-10"}
    [article] = articles_of(record, rid="12", fields=NO_FIELDS)
    assert (article.id, article.text, article.title) == ("12", BODY, "Ferry route")
    assert article.published is not None and article.published.isoformat() == "2022-01-10T00:00:00"


def test_batch_record_story_docs_get_numbered_ids_when_they_have_none() -> None:
    record = {"id": "s1", "docs": [{"id": "a", "text": BODY}, {"text": BODY + " More."}, BODY]}
    assert [a.id for a in articles_of(record, rid="s1", fields=NO_FIELDS)] == ["a", "s1#1", "s1#2"]
    repeated = {"docs": [{"id": "wire", "text": BODY}, {"id": "wire", "text": BODY + " Again."}]}
    assert [a.id for a in articles_of(repeated, rid="s2", fields=NO_FIELDS)] == ["wire", "wire#2"]


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"title": "no text"}, r"neither a text \('text' or 'body'.*nor 'docs'"),
        ({"docs": []}, "'docs' is empty"),
        ({"docs": "text"}, "'docs' must be a list of articles, not str"),
        ({"docs": [{"title": "x"}]}, r"r1#0: the record has no text"),
    ],
)
def test_batch_record_without_usable_articles_says_what_is_missing(record: dict[str, object], message: str) -> None:
    with pytest.raises(InputError, match=message):
        articles_of(record, rid="r1", fields=NO_FIELDS)


def test_batch_record_check_summary_is_text_or_a_precis_summary() -> None:
    summary = summarize(BODY, words=12)
    assert summary_of({"summary": "Ferries run."}, rid="1") == "Ferries run."
    assert summary_of({"summary": summary.to_dict()}, rid="1") == summary
    assert summary_of({"summary": summary.to_json()}, rid="1") == summary
    assert isinstance(summary_of({"summary": summary.to_json()}, rid="1"), Summary)
    with pytest.raises(InputError, match="no 'summary'"):
        summary_of({"text": BODY}, rid="1")
    with pytest.raises(InputError, match="not a precis summary"):
        summary_of({"summary": {"schema": "other"}}, rid="1")


def test_batch_record_check_sources_come_from_docs_sources_or_source() -> None:
    assert [a.id for a in sources_of({"docs": [BODY]}, rid="r", fields=NO_FIELDS) or []] == ["r#0"]
    assert [a.id for a in sources_of({"sources": [{"id": "s", "text": BODY}]}, rid="r", fields=NO_FIELDS) or []] == [
        "s"
    ]
    assert [a.text for a in sources_of({"source": BODY}, rid="r", fields=NO_FIELDS) or []] == [BODY]
    assert sources_of({"summary": "x"}, rid="r", fields=NO_FIELDS) is None


def _jsonl(path: Path, lines: list[str], *, gz: bool = False) -> Path:
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data) if gz else data)
    return path


@pytest.mark.parametrize("gz", [False, True])
def test_batch_inputs_chunks_keep_line_numbers_and_skip_blank_lines(tmp_path: Path, gz: bool) -> None:
    # gzip is recognised by its content, not the name
    path = _jsonl(tmp_path / "in.jsonl", ['{"n": 1}', "", '{"n": 2}', '{"n": 3}', "  ", '{"n": 4}', '{"n": 5}'], gz=gz)
    chunks = list(iter_chunks(path, size=2, max_bytes=1000))
    assert [c.index for c in chunks] == [0, 1, 2]
    assert [[line for line, _ in c.items] for c in chunks] == [[1, 3], [4, 6], [7]]
    assert chunks[0].items[1][1] == b'{"n": 2}'
    assert count_records(path, max_bytes=1000) == 5


def test_batch_inputs_skipped_chunks_are_read_past_not_returned(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "in.jsonl", [json.dumps({"n": i}) for i in range(7)])
    chunks = list(iter_chunks(path, size=3, max_bytes=1000, skip=frozenset({0, 2})))
    assert [(c.index, [line for line, _ in c.items]) for c in chunks] == [(1, [4, 5, 6])]


def test_batch_inputs_an_overlong_line_becomes_a_marker_with_its_size(tmp_path: Path) -> None:
    long = json.dumps({"text": "x" * 5000})
    path = _jsonl(tmp_path / "in.jsonl", ['{"n": 1}', long, '{"n": 3}'])
    [chunk] = iter_chunks(path, size=10, max_bytes=100)
    assert chunk.items[0] == (1, b'{"n": 1}')
    assert chunk.items[1] == (2, (TOO_LARGE, len(long)))
    assert chunk.items[2] == (3, b'{"n": 3}')


def test_batch_inputs_parquet_rows_are_records_numbered_across_files(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    folder = tmp_path / "data"
    folder.mkdir()
    pq.write_table(pa.table({"id": ["c", "d"], "text": [BODY, BODY]}), folder / "b.parquet")
    pq.write_table(pa.table({"id": ["a", "b"], "text": [BODY, BODY]}), folder / "a.parquet")
    [chunk] = iter_chunks(folder, size=10, max_bytes=1000)
    assert [(line, row["id"]) for line, row in chunk.items] == [(1, "a"), (2, "b"), (3, "c"), (4, "d")]
    assert count_records(folder, max_bytes=1000) == 4


def test_batch_inputs_description_changes_with_the_content(tmp_path: Path) -> None:
    path = _jsonl(tmp_path / "in.jsonl", ['{"n": 1}'])
    before = describe_input(path)
    assert describe_input(path) == before
    _jsonl(path, ['{"n": 2}'])
    assert describe_input(path) != before
