"""Tests for precis.stories.update: an update summary says what the seen articles did not."""

from __future__ import annotations

import pytest

from precis import Article, InputError, Summarizer
from precis.stories.update import summarize_update

SEEN = Article(
    "ledger-mon",
    "The harbour board met on Monday to discuss the damaged sea wall at Saltgate Quay. "
    "Engineers told the board that the storm had torn a forty-metre gap in the wall. "
    "Eleven businesses along the quay were flooded when the wall failed.",
)
NEW = Article(
    "ledger-thu",
    "The harbour board met again on Thursday about the damaged sea wall at Saltgate Quay. "
    "Engineers told the board that the storm had torn a forty-metre gap in the wall. "
    "The harbour board voted seven to two to rebuild the wall in granite at a cost of four million pounds. "
    "Work on the new granite wall will begin in March and take fourteen months.",
)


def test_update_leaves_out_what_the_reader_has_seen() -> None:
    summary = summarize_update(Summarizer(), [NEW], [SEEN], sentences=2)
    texts = [item.text for item in summary.items]
    assert summary.mode == "update"
    assert not any("forty-metre gap" in t for t in texts)  # restated from the seen article
    assert any("voted seven to two" in t for t in texts)
    assert {c.article_id for item in summary.items for c in item.citations} == {"ledger-thu"}
    for item in summary.items:
        (cite,) = item.citations
        assert NEW.text[cite.start : cite.end] == item.text


def test_update_with_nothing_seen_in_common_may_pick_any_new_sentence() -> None:
    other = Article("weather", "Rain is expected across the region on Saturday. Winds will ease by Sunday evening.")
    update = summarize_update(Summarizer(), [NEW], [other], sentences=4)
    assert len(update.items) == 4  # nothing excluded: the old-gap sentence is new to this reader
    assert any("forty-metre gap" in item.text for item in update.items)


def test_update_refuses_an_article_that_is_both_seen_and_new() -> None:
    with pytest.raises(InputError, match="both seen and new"):
        summarize_update(Summarizer(), [NEW], [NEW], sentences=2)


def test_update_is_deterministic() -> None:
    runs = [summarize_update(Summarizer(), [NEW], [SEEN], words=40).to_dict() for _ in range(3)]
    assert runs[0] == runs[1] == runs[2]


def test_update_every_new_sentence_restated_gives_no_item_and_no_error() -> None:
    # found by tests/property/test_context_safety.py: the what-is-new direction divided by zero new sentences
    summary = summarize_update(Summarizer(), [Article("again", SEEN.text)], [SEEN], words=40)
    assert summary.items == () and summary.reason
