"""The shared fixtures of tests/conftest.py keep the promises other tests rely on."""

from __future__ import annotations

from pathlib import Path

from precis import Article, summarize
from precis.analysis.segmenter import Segmenter


def test_fixtures_story_is_three_dated_articles_of_six_to_ten_sentences(story: list[Article]) -> None:
    assert len(story) == 3
    assert len({a.id for a in story}) == 3
    assert len({a.outlet for a in story}) == 3
    for article in story:
        assert article.published is not None
        assert article.published.utcoffset() is not None
        assert 6 <= len(Segmenter()(article)) <= 10


def test_fixtures_story_has_a_fact_cited_by_two_articles(story: list[Article]) -> None:
    summary = summarize(story, words=60)
    assert any(len(item.article_ids) >= 2 for item in summary.items)


def test_fixtures_examples_path_is_the_example_jsonl(examples_path: Path) -> None:
    assert examples_path.is_file()
    assert examples_path.name == "geneva_talks.jsonl"
    assert examples_path.read_text(encoding="utf-8").lstrip().startswith("{")
