"""The real-sample trust benchmark (``bench/trust_real.py``): pairs, label keys, appending labels, the figures."""

from __future__ import annotations

import json
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path

import pytest

import precis

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))
import trust_real  # noqa: E402

SHARED = "Forty-two people were rescued from the flooded valley on Tuesday, the fire service said."
ARTICLES = [
    precis.Article(id="a", text=f"{SHARED} Roads into the valley stayed closed. Schools reopen next week."),
    precis.Article(id="b", text=f"Heavy rain fell for three days. {SHARED} Farmers counted their losses."),
    precis.Article(id="c", text="The river rose by two metres overnight. Volunteers filled sandbags in the town."),
]


def _pairs() -> tuple[int, list[trust_real.Pair]]:
    summary = precis.Summarizer().summarize(ARTICLES, words=60)
    return trust_real.pairs_of("toy", "r1", summary)


def _template(tmp_path: Path, pairs: list[trust_real.Pair]) -> Path:
    path = tmp_path / "template.jsonl"
    rows = [{"n": n, **p.key(), "label": None, "reason": ""} for n, p in enumerate(pairs, 1)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def _run(pairs: list[trust_real.Pair], items: int) -> trust_real.Run:
    return trust_real.Run(Counter(toy=1), Counter(), Counter(toy=items), pairs)


def test_a_reprinted_sentence_gives_a_citation_pair_keyed_without_its_text() -> None:
    items, pairs = _pairs()
    cites = [p for p in pairs if p.kind == "citation"]
    assert items >= 1 and cites
    pair = cites[0]
    assert {pair.item_article, pair.cited_article} == {"a", "b"}
    assert pair.cited_text == SHARED
    key = pair.key()
    assert SHARED not in json.dumps(key)
    assert key["cited_sha1"] == trust_real.sha1(SHARED)


def test_appended_labels_match_the_same_output_and_not_a_changed_one(tmp_path: Path) -> None:
    items, pairs = _pairs()
    labels = tmp_path / "labels.jsonl"
    decisions = tmp_path / "decisions.txt"
    decisions.write_text("\n".join(f"{n} 1" for n in range(1, len(pairs) + 1)) + "\n", encoding="utf-8")
    assert trust_real.append(_template(tmp_path, pairs), decisions, labels) == len(pairs)
    assert trust_real.append(_template(tmp_path, pairs), decisions, labels) == 0  # already labelled
    text, unlabelled = trust_real.report(_run(pairs, items), trust_real.load_labels(labels), examples=3)
    assert unlabelled == []
    n = sum(p.kind == "citation" for p in pairs)
    assert f"| {n} | {n} | {n}/{n} = 100.0% |" in text
    changed = [replace(pairs[0], item_text=pairs[0].item_text + " More."), *pairs[1:]]
    _, unlabelled = trust_real.report(_run(changed, items), trust_real.load_labels(labels), examples=3)
    assert unlabelled == changed[:1]


def test_a_wrong_label_needs_its_kind_and_a_reason(tmp_path: Path) -> None:
    _, pairs = _pairs()
    labels = tmp_path / "labels.jsonl"
    decisions = tmp_path / "decisions.txt"
    decisions.write_text("1 0\n", encoding="utf-8")
    with pytest.raises(SystemExit):
        trust_real.append(_template(tmp_path, pairs), decisions, labels)
    decisions.write_text("1 0 partial the span leaves out the count\n", encoding="utf-8")
    assert trust_real.append(_template(tmp_path, pairs), decisions, labels) == 1
    row = json.loads(labels.read_text(encoding="utf-8"))
    assert (row["label"], row["error"], row["reason"]) == (0, "partial", "the span leaves out the count")
