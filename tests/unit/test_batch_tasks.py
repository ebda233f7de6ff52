"""Tests for precis.batch.tasks and precis.batch.deadline: specs, per-record results and failures."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping
from typing import Any

import pytest

from precis import Article, Summarizer, SummarizerConfig, check
from precis.app import SummarizeRequest, TimelineRequest
from precis.batch import tasks
from precis.batch.deadline import RecordTimeout, time_limit
from precis.batch.inputs import TOO_LARGE, Chunk
from precis.batch.tasks import Task, make_spec, run_chunk
from precis.errors import ConfigError
from precis.readers import FieldMap

MAX = 10_000_000


def _line(record: dict[str, Any]) -> bytes:
    return json.dumps(record).encode()


def test_batch_spec_is_plain_json_and_carries_the_config() -> None:
    spec = make_spec("summarize", {"words": 60, "order": "relevance"}, fields={"text": "body"}, max_record_bytes=MAX)
    assert json.loads(json.dumps(spec)) == spec  # a plain dict: no live object can travel to a worker
    assert spec["config"] == SummarizerConfig(order="relevance").to_dict()
    assert spec["request"] == SummarizeRequest(words=60, order="relevance").to_dict()
    assert spec["fields"] == {"text": "body"}


@pytest.mark.parametrize(
    ("task", "options", "kwargs", "message"),
    [
        ("digestify", {}, {}, "'task' parameter of precis batch must be one of"),
        ("summarize", {"words": 0}, {}, "words"),
        ("summarize", {"words": 10, "chars": 10}, {}, "one"),
        ("check", {"words": 10}, {}, "words do not apply to the 'check' task"),
        ("summarize", {}, {"record_timeout": 0}, "'record_timeout' parameter"),
        ("summarize", {}, {"fields": {"body": "text"}}, "unknown precis field"),
    ],
)
def test_batch_spec_refuses_bad_options_before_any_record(
    task: str, options: dict[str, Any], kwargs: dict[str, Any], message: str
) -> None:
    with pytest.raises(ConfigError, match=message):
        make_spec(task, options, max_record_bytes=MAX, **kwargs)


def test_batch_summarize_result_is_the_summary_json_of_the_same_articles(story: list[Article]) -> None:
    spec = make_spec("summarize", {"words": 50}, max_record_bytes=MAX)
    records = [
        {"id": "one", **story[0].to_dict(), "date": story[0].to_dict()["published"]},
        {"id": "s", "docs": [{**a.to_dict(), "date": a.to_dict()["published"]} for a in story]},
    ]
    result = run_chunk(spec, Chunk(0, [(1, _line(records[0])), (2, _line(records[1]))]))
    assert result.errors == []
    assert [(r[0], r[1], r[2]) for r in result.rows] == [("lakeside-1", 1, []), ("s", 2, [])]
    summarizer = Summarizer()
    assert result.rows[0][3] == summarizer.summarize([story[0]], words=50).to_json(indent=None)
    assert result.rows[1][3] == summarizer.summarize(story, words=50).to_json(indent=None)


def test_batch_summarize_skips_an_unusable_article_of_a_story_and_names_it(story: list[Article]) -> None:
    spec = make_spec("summarize", {"sentences": 2}, max_record_bytes=MAX)
    docs = [{"id": a.id, "text": a.text} for a in story] + [
        {"id": "de", "text": "Der Rat hat am Dienstag getagt. " * 6}
    ]
    result = run_chunk(spec, Chunk(0, [(1, _line({"docs": docs}))]))
    [(rid, line, skipped, payload)] = result.rows
    assert (rid, line) == ("1", 1)
    assert len(skipped) == 1 and "'de'" in skipped[0] and "English" in skipped[0]
    assert [a["id"] for a in json.loads(payload)["articles"]] == [a.id for a in story]


# written for these tests: what a crawler saves instead of an article
NOTICE = (
    "Tweet with a location you can add location information to your tweets, such as your city or precise "
    "location, from the web and via third-party applications. You always have the option to delete your tweet "
    "location history. Learn more"
)
LOGIN = "Notice: you must log in to continue reading this page."


def test_batch_a_story_with_nothing_to_summarize_is_a_row_that_says_why(story: list[Article]) -> None:
    spec = make_spec("summarize", {"words": 40}, max_record_bytes=MAX)
    record = {"id": "crawl", "docs": [{"id": "a", "text": NOTICE}, {"id": "b", "text": ""}, {"id": "c", "text": LOGIN}]}
    result = run_chunk(spec, Chunk(0, [(1, _line(record)), (2, _line({"id": "e", "text": " "}))]))
    assert result.errors == [] and result.nothing == 2
    (rid, line, skipped, payload), (rid2, line2, skipped2, payload2) = result.rows
    assert (rid, line, rid2, line2) == ("crawl", 1, "e", 2)
    assert skipped == [
        "crawl#1: the article is empty (its 'text' field holds no text). It was left out.",
        "article 'a' has no sentence precis can summarize: of its 3, 2 are web-page notices "
        "and 1 is too short (under 5 words).",
        "article 'c' has 1 sentence precis can summarize, its only one.",
    ]
    summary = json.loads(payload)
    assert summary["schema"] == "precis.summary/1" and summary["items"] == [] and summary["articles"] == []
    assert summary["reason"] == (
        "Nothing to summarize: the 2 articles hold 1 sentence precis can summarize, "
        "and it needs at least two full sentences to choose from."
    )
    assert skipped2 == ["e: the article is empty (its 'text' field holds no text). It was left out."]
    assert json.loads(payload2)["reason"] == "Nothing to summarize: no article with text was given."


def test_batch_digest_of_a_pile_with_no_story_is_a_row_and_set_apart_articles_are_skipped(
    story: list[Article],
) -> None:
    spec = make_spec("digest", {"words": 30}, max_record_bytes=MAX)
    crawl = {"id": "crawl", "docs": [{"id": "a", "text": NOTICE}, {"id": "b", "text": NOTICE + " Again."}]}
    pile = {"id": "pile", "docs": [{"id": x.id, "text": x.text} for x in story] + [{"id": "n", "text": NOTICE}]}
    result = run_chunk(spec, Chunk(0, [(1, _line(crawl)), (2, _line(pile))]))
    assert result.errors == [] and result.nothing == 1
    (_, _, skipped, payload), (_, _, skipped2, payload2) = result.rows
    assert [s.split(" has ")[0] for s in skipped] == ["article 'a'", "article 'b'"]
    assert json.loads(payload)["stories"] == [] and "No article could be used" in json.loads(payload)["reason"]
    assert skipped2 == [s for s in skipped2 if s.startswith("article 'n' has no news sentence")] and skipped2
    assert json.loads(payload2)["stories"]


def test_batch_check_result_is_the_check_report_json(story: list[Article]) -> None:
    spec = make_spec("check", {}, max_record_bytes=MAX)
    claim = "Fishing boats rescued all forty-two passengers. The mayor resigned on Friday."
    docs = [{"id": a.id, "text": a.text} for a in story]
    result = run_chunk(spec, Chunk(0, [(5, _line({"id": "c1", "summary": claim, "docs": docs}))]))
    [(rid, _, _, payload)] = result.rows
    sources = [Article(a.id, a.text) for a in story]
    assert rid == "c1"
    assert payload == check(claim, sources).to_json(indent=None)


def test_batch_check_of_a_precis_summary_defaults_to_the_articles_it_carries(story: list[Article]) -> None:
    summary = Summarizer().summarize(story, words=40)
    spec = make_spec("check", {}, max_record_bytes=MAX)
    result = run_chunk(spec, Chunk(0, [(1, _line({"summary": summary.to_dict()})), (2, _line({"summary": "x y z"}))]))
    assert [r[3] for r in result.rows] == [check(summary).to_json(indent=None)]
    assert [(e[1], e[2]) for e in result.errors] == [(2, "record")]
    assert "no sources" in result.errors[0][3]


def test_batch_failed_records_become_error_rows_and_the_rest_go_on(story: list[Article]) -> None:
    spec = make_spec("summarize", {"words": 40}, max_record_bytes=2000)
    good = _line({"id": "ok", "text": story[0].text})
    items = [
        (1, b'{"id": "broken", "text": '),
        (2, _line({"id": "nt", "title": "no text"})),
        (3, (TOO_LARGE, 5000)),
        (4, good),
        (5, _line({"id": "big", "text": story[0].text * 5})),
        (6, _line({"id": "short", "text": "Too short."})),
    ]
    result = run_chunk(spec, Chunk(3, items))
    assert result.index == 3
    assert [r[:2] for r in result.rows] == [("ok", 4), ("short", 6)]  # too short: nothing to summarize, a row
    assert result.nothing == 1
    kinds = [(e[0], e[1], e[2]) for e in result.errors]
    assert kinds == [
        (None, 1, "json"),
        ("nt", 2, "record"),
        (None, 3, "too_large"),
        (None, 5, "too_large"),
    ]
    reasons = [e[3] for e in result.errors]
    assert "not valid JSON" in reasons[0]
    assert "neither a text" in reasons[1]
    assert "5000 bytes, over the limit of 2000 bytes" in reasons[2]
    assert "at least two full sentences" in json.loads(result.rows[1][3])["reason"]


def _spin(_model: Any, _request: Any, record: Mapping[str, Any], rid: str, _fields: FieldMap, _dates: Any) -> Any:
    if record.get("spin"):
        while True:  # a record that never finishes, in pure Python
            pass
    if record.get("boom"):
        raise ZeroDivisionError("boom")
    return json.dumps({"rid": rid}), [], False


def test_batch_slow_and_crashing_records_fail_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = Task(TimelineRequest, lambda request: {}, lambda request: None, _spin)
    monkeypatch.setitem(tasks.TASKS, "spin", fake)
    spec = make_spec("spin", {}, record_timeout=0.3, max_record_bytes=MAX)
    items = [(1, _line({"spin": True})), (2, _line({"boom": True})), (3, _line({"id": "fine"}))]
    started = time.perf_counter()
    result = run_chunk(spec, Chunk(0, items))
    assert time.perf_counter() - started < 5
    assert [(e[1], e[2]) for e in result.errors] == [(1, "timeout"), (2, "internal")]
    assert "time limit of 0.3 s" in result.errors[0][3]
    assert result.errors[1][3] == "internal error: ZeroDivisionError: boom"
    assert result.rows == [("fine", 3, [], '{"rid": "fine"}')]


def test_batch_time_limit_interrupts_python_code_and_leaves_nothing_behind() -> None:
    with pytest.raises(RecordTimeout), time_limit(0.1):
        while True:
            pass
    with time_limit(0.2):
        total = sum(range(100))
    time.sleep(0.4)  # a limit that did not fire raises nothing later
    assert total == 4950
    with pytest.raises(RecordTimeout):  # shorter than the switch interval, so the timer may not fire: still late
        with time_limit(0.000001):
            sum(range(20000))
    for _ in range(300):  # finishing just as the limit fires: either an exception inside, or nothing at all
        try:
            with time_limit(0.0005):
                sum(range(2000))
        except RecordTimeout:
            pass
    time.sleep(0.05)
