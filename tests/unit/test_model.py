"""Data model: spans, budgets, JSON round trips."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from precis import Article, Budget, Citation, ConfigError, InputError, Sentence, Summary, SummaryItem


def test_model_sentence_from_span_copies_the_article_text() -> None:
    art = Article("a", "One two. Three four.")
    s = Sentence.from_span(art, index=1, start=9, end=20)
    assert s.text == "Three four."
    assert s.citation == Citation("a", 9, 20)


@pytest.mark.parametrize(("start", "end"), [(-1, 3), (5, 5), (4, 2), (0, 99)])
def test_model_sentence_from_span_rejects_bad_spans(start: int, end: int) -> None:
    with pytest.raises(ValueError, match="outside article"):
        Sentence.from_span(Article("a", "One two."), index=0, start=start, end=end)


def test_model_article_rejects_empty_id() -> None:
    with pytest.raises(InputError, match="id"):
        Article("", "text")


@pytest.mark.parametrize(
    "options",
    [
        {"words": 0},
        {"words": -3},
        {"chars": 2.5},
        {"ratio": 0},
        {"ratio": 1.5},
        {"sentences": float("nan")},
        {"words": True},
    ],
)
def test_model_budget_rejects_bad_values(options: dict[str, object]) -> None:
    with pytest.raises(ConfigError, match="budget"):
        Budget.from_options(**options)  # type: ignore[arg-type]


def test_model_budget_one_at_a_time_and_default() -> None:
    with pytest.raises(ConfigError, match="one budget"):
        Budget.from_options(words=10, chars=100)
    assert Budget.from_options() == Budget("words", 120)
    assert Budget.from_options(ratio=0.25).limit(total_words=101) == 25
    assert Budget.from_options(ratio=0.001).limit(total_words=10) == 1


def test_model_summary_json_round_trip_is_exact() -> None:
    art = Article(
        "x",
        "Ünïcode text “quoted”. Second.",
        title="T",
        outlet="O",
        url="https://example.com/a",
        author="A. Writer",
        published=datetime(2022, 1, 10, 18, 30, tzinfo=timezone(timedelta(hours=1))),
    )
    item = SummaryItem("Ünïcode text “quoted”.", 0.123456, (Citation("x", 0, 22),), 1)
    summary = Summary((item,), (art, Article("y", "Plain.")), Budget("ratio", 0.5), settings={"k": [1, 2]})
    again = Summary.from_json(summary.to_json())
    assert again == summary
    assert again.to_json() == summary.to_json()
    assert summary.to_dict()["schema"] == "precis.summary/1"


def test_model_summary_rejects_other_schemas() -> None:
    with pytest.raises(InputError, match="schema"):
        Summary.from_dict({"schema": "other/9", "items": [], "articles": [], "budget": {"unit": "words", "value": 1}})
