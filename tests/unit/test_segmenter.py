"""Segmenter: news-English edge cases, structure, and offsets."""

from __future__ import annotations

from itertools import pairwise

import pytest

from precis.analysis.segmenter import Segmenter, segment
from precis.model import Article


def texts(text: str) -> list[str]:
    return [s.text for s in segment(Article("a", text))]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Officials in the U.S. were worried. Their allies were not.",
            ["Officials in the U.S. were worried.", "Their allies were not."],
        ),
        ("The talks ended. Mr. Lavrov left first.", ["The talks ended.", "Mr. Lavrov left first."]),
        ("Gen. Mark Milley spoke to Sen. Reed on Tuesday.", ["Gen. Mark Milley spoke to Sen. Reed on Tuesday."]),
        (
            "The leaders last spoke on Dec. 3 by phone. Nothing changed.",
            ["The leaders last spoke on Dec. 3 by phone.", "Nothing changed."],
        ),
        ("The call began at 3 p.m. and lasted an hour.", ["The call began at 3 p.m. and lasted an hour."]),
        ("He is the No. 2 official. She is not.", ["He is the No. 2 official.", "She is not."]),
        (
            "Growth slowed to 3.5 percent, or $1.2 billion. Prices rose.",
            ["Growth slowed to 3.5 percent, or $1.2 billion.", "Prices rose."],
        ),
        ("It was quiet... Then the shelling began.", ["It was quiet...", "Then the shelling began."]),
        (
            '"We will not back down," he said. The meeting ended.',
            ['"We will not back down," he said.', "The meeting ended."],
        ),
        (
            'The minister said: "There will be no deal." Talks resumed anyway.',
            ['The minister said: "There will be no deal."', "Talks resumed anyway."],
        ),
        (
            "MOSCOW (AP) -- Russia rejected the proposal on Friday. It gave no reason.",
            ["MOSCOW (AP) -- Russia rejected the proposal on Friday.", "It gave no reason."],
        ),
        ("Sergey V. Lavrov met Antony J. Blinken in Geneva.", ["Sergey V. Lavrov met Antony J. Blinken in Geneva."]),
        ("Will they talk again? Nobody knows!", ["Will they talk again?", "Nobody knows!"]),
    ],
)
def test_segmenter_news_edge_cases(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_segmenter_headings_start_sections_and_are_marked() -> None:
    text = (
        "Talks opened on Monday. They ran late.\n\nRUSSIAN DEMANDS\n\n"
        "Moscow wants guarantees.\n\nWhat Comes Next\nMore talks follow."
    )
    sents = segment(Article("a", text))
    assert [(s.text, s.kind, s.section) for s in sents] == [
        ("Talks opened on Monday.", "text", 0),
        ("They ran late.", "text", 0),
        ("RUSSIAN DEMANDS", "heading", 1),
        ("Moscow wants guarantees.", "text", 1),
        ("What Comes Next", "heading", 2),
        ("More talks follow.", "text", 2),
    ]
    assert [s.paragraph for s in sents] == [0, 0, 1, 2, 3, 4]


def test_segmenter_bullets_exclude_marker_and_are_their_own_paragraphs() -> None:
    text = "The week at a glance:\n- Monday: talks in Geneva.\n* Wednesday: talks in Brussels.\n1. Thursday: Vienna."
    sents = segment(Article("a", text))
    assert [(s.text, s.kind) for s in sents] == [
        ("The week at a glance:", "text"),
        ("Monday: talks in Geneva.", "bullet"),
        ("Wednesday: talks in Brussels.", "bullet"),
        ("Thursday: Vienna.", "bullet"),
    ]
    assert len({s.paragraph for s in sents}) == 4


def test_segmenter_joins_soft_wrapped_lines() -> None:
    text = "Diplomats from both sides met in\nGeneva on Monday for talks that\nlasted most of the day. They left."
    sents = segment(Article("a", text))
    assert sents and sents[0].start == 0 and sents[-1].end == len(text)
    assert sents[0].text == text[: text.index(" They")]
    assert sents[0].paragraph == sents[1].paragraph == 0


def test_segmenter_lowercase_continuation_is_not_a_heading() -> None:
    text = "Concerns were raised in the\nU.S. and in Europe about it."
    assert [s.kind for s in segment(Article("a", text))] == ["text"]


def test_segmenter_spans_round_trip_on_examples(example_articles: list[Article]) -> None:
    for article in example_articles:
        sents = segment(article)
        assert sents, article.id
        assert [s.index for s in sents] == list(range(len(sents)))
        for s in sents:
            assert article.text[s.start : s.end] == s.text
            assert s.text == s.text.strip()
        assert all(a.end <= b.start for a, b in pairwise(sents))


def test_segmenter_caps_runaway_sentences() -> None:
    text = " ".join(["word"] * 3000) + "."
    sents = Segmenter(max_sentence_chars=500)(Article("a", text))
    assert len(sents) > 1
    assert all(len(s.text) <= 500 for s in sents)
    assert "".join(text[s.start : s.end] + " " for s in sents).split() == text.split()


def test_segmenter_offsets_are_string_offsets_for_non_ascii_text() -> None:
    text = "Ünïcode “quoted” text — here. Второе предложение? Third one 😀 ends.\n\nLast one."
    sents = segment(Article("a", text))
    assert [s.text for s in sents] == [
        "Ünïcode “quoted” text — here.",
        "Второе предложение?",
        "Third one 😀 ends.",
        "Last one.",
    ]
    assert all(text[s.start : s.end] == s.text for s in sents)


def test_segmenter_tail_widths_cover_every_match() -> None:
    # _should_join searches only the last _TAIL[p] characters: no match may be longer
    import re._parser

    from precis.analysis.segmenter import _TAIL

    for pattern, width in _TAIL.items():
        assert re._parser.parse(pattern.pattern).getwidth()[1] == width


def test_segmenter_splits_before_a_title_after_a_sentence_end() -> None:
    assert texts("He left the same line. Mr. Stoltenberg spoke.") == [
        "He left the same line.",
        "Mr. Stoltenberg spoke.",
    ]
    assert texts("They met Lt. Col. Smith at 10.") == ["They met Lt. Col. Smith at 10."]


def test_segmenter_keeps_offsets_around_a_lone_surrogate() -> None:
    from precis import Article
    from precis.analysis.segmenter import segment

    text = "Talks opened in Geneva \ud800 on Monday. Russia demanded limits on NATO."
    sents = segment(Article("s", text))
    assert [s.text for s in sents] == [text[s.start : s.end] for s in sents]
    assert sents and sents[0].start == 0 and sents[-1].end == len(text)


def test_segmenter_keeps_a_rank_of_titles_together() -> None:
    # "Col." before "Gen." is not a sentence end (blingfire split there: the digest showed "... and Col.")
    text = "Russia sent Alexander Grushko and Col. Gen. Alexander Fomin, a deputy minister. Talks began."
    got = [s.text for s in segment(Article("a", text))]
    assert got == ["Russia sent Alexander Grushko and Col. Gen. Alexander Fomin, a deputy minister.", "Talks began."]
    text = "He stepped down. Lt. Col. Vindman spoke next."
    assert [s.text for s in segment(Article("a", text))] == ["He stepped down.", "Lt. Col. Vindman spoke next."]
