"""Evaluation: protocols, truncation, ROUGE conventions, per-instance failures."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from precis import ConfigError, InputError
from precis.evaluation.rouge import PROTOCOLS, RougeScorer, evaluate, guess_protocol, truncate_words


@pytest.mark.parametrize(
    ("name", "protocol"),
    [
        ("duc2006.jsonl.gz", "duc"),
        ("duc2007_main.jsonl.gz", "duc"),
        ("duc2007_update.jsonl.gz", "duc100"),
        ("multinews_val.jsonl.gz", "multinews"),
        ("cnn_stories.jsonl.gz", "cnn"),
        ("frank_cnndm.jsonl.gz", "cnn"),
        ("bbc_news_summary.jsonl.gz", "bbc"),
    ],
)
def test_evaluation_protocol_from_file_name(name: str, protocol: str) -> None:
    assert guess_protocol(f"/data/{name}") is PROTOCOLS[protocol]


def test_evaluation_unknown_file_name_asks_for_protocol() -> None:
    with pytest.raises(ConfigError, match="--protocol"):
        guess_protocol("mystery.jsonl")


def test_evaluation_truncates_to_first_n_words_keeping_lines() -> None:
    assert truncate_words(["one two three", "four five", "six"], 4) == "one two three\nfour"
    assert truncate_words(["one two"], 10) == "one two"


def test_evaluation_rouge_conventions() -> None:
    scorer = RougeScorer()
    same = scorer("The ministers met in Geneva.", ["The ministers met in Geneva."])
    assert same["r1"]["f1"] == pytest.approx(1.0) and same["r2"]["recall"] == pytest.approx(1.0)
    # original Porter stemmer: "negotiations" and "negotiating" share a stem
    stemmed = scorer("negotiations", ["negotiating"])
    assert stemmed["r1"]["recall"] == pytest.approx(1.0)
    # several references: the mean of per-reference scores
    two = scorer("The ministers met.", ["The ministers met.", "Snow fell on Oslo today."])
    assert two["r1"]["recall"] == pytest.approx(0.5)


def _write(path: Path, records: list[dict[str, object]]) -> str:
    with gzip.open(path, "wt", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r) + "\n")
    return str(path)


def test_evaluation_failing_instance_scores_zero_and_keeps_its_error(tmp_path: Path) -> None:
    from precis import summarize

    good = {
        "id": "g",
        "docs": [{"id": "d", "text": "The ministers met in Geneva on Monday. They agreed to meet again in March."}],
        "refs": ["The ministers met in Geneva."],
    }
    bad = {"id": "b", "docs": [{"id": "d", "text": "Too short."}], "refs": ["Anything."]}
    path = _write(tmp_path / "cnn_tiny.jsonl.gz", [good, bad])

    def system(record: dict[str, object], proto: object) -> list[str]:
        docs = record["docs"]
        assert isinstance(docs, list)
        return [i.text for i in summarize(docs[0]["text"], sentences=1).items]

    result = evaluate(path, system)
    assert [i["id"] for i in result.instances] == ["g", "b"]
    assert result.failed == 1 and "error" in result.instances[1]
    assert result.instances[1]["scores"]["r1"]["f1"] == 0.0
    assert result.mean("r1") == pytest.approx(result.instances[0]["scores"]["r1"]["f1"] / 2)


def test_evaluation_rejects_a_file_that_is_not_instances(tmp_path: Path) -> None:
    path = tmp_path / "cnn_bad.jsonl"
    path.write_text('{"text": "no docs here"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"cnn_bad\.jsonl:1"):
        evaluate(str(path), lambda r, p: [])
