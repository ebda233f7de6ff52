"""Cleaning: boilerplate and author bios are recognised; the fast path agrees with the regex."""

from __future__ import annotations

import pytest

from precis.analysis.boilerplate import _BOILERPLATE, _has_boilerplate, boilerplate_reason, boilerplate_reasons
from precis.analysis.segmenter import segment
from precis.model import Article, Sentence

PHRASES = [
    "Sign up for our newsletter.",
    "SUBSCRIBE now",
    "Click  here to read on.",
    "Download the PDF.",
    "download app",
    "Follow us on Mastodon.",
    "All rights reserved.",
    "Copyright 2024 Example.",
    "This is a rush transcript.",
    "Read more: the talks.",
    "Share this story.",
    "This article was updated on Monday.",
    "This story has been corrected.",
    "Jane Doe contributed to this report.",
    "News in your inbox.",
    "Read our cookie policy.",
    "This commentary was originally published by the Carnegie Endowment.",
    "The opinions expressed in this commentary are solely those of the author.",
]
PLAIN = ["The talks resumed in Geneva.", "Readers shared the thread.", "Nothing to see; the policy stands."]


@pytest.mark.parametrize("text", PHRASES + PLAIN + ["Ｓign up ſign up", "Click here — ünïcode"])
def test_cleaning_fast_path_agrees_with_the_regex(text: str) -> None:
    assert _has_boilerplate(text) == (_BOILERPLATE.search(text) is not None)


def test_cleaning_boilerplate_reason() -> None:
    art = Article("a", "Sign up for our newsletter. The talks resumed.")
    first = Sentence.from_span(art, index=0, start=0, end=27)
    second = Sentence.from_span(art, index=1, start=28, end=len(art.text))
    assert boilerplate_reason(first, last_paragraph=5) == "boilerplate"
    assert boilerplate_reason(second, last_paragraph=5) is None


@pytest.mark.parametrize("extra", ["", " Ünïcode text here."])
def test_cleaning_reasons_of_an_article_match_one_by_one(extra: str) -> None:
    text = " ".join(PHRASES + PLAIN) + extra + "\n\nJane Doe is a reporter for the Ledger."
    sents = segment(Article("a", text))
    last = sents[-1].paragraph
    assert boilerplate_reasons(sents, text=text) == [boilerplate_reason(s, last_paragraph=last) for s in sents]
    assert boilerplate_reasons(sents, text=text)[-1] == "author bio"


def test_cleaning_an_analysis_pieces_closing_bio_is_not_news() -> None:
    """Seed 000's machine summary turned its source's closing author bio into news ("... is Director of ...")."""
    text = (
        "Moscow wants a written promise that NATO will not expand further east.\n\n"
        "Washington has said the alliance's door stays open.\n\n"
        "Dmitri Volkov is director of the Harbour Institute for Security Studies in Tallinn."
    )
    sents = segment(Article("analysis", text))
    assert boilerplate_reasons(sents, text=text) == [None, None, "author bio"]


_NOTICES = [
    "These crawls are part of an effort to archive pages as they are created.",
    "Starting in 1996, Alexa Internet has been donating their crawl data to the Internet Archive.",
    "Tweet with a location: you can add location information to your tweets from the web.",
    "You always have the option to delete your tweet location history.",
    "Rating is available when the video has been rented.",
    "This feature is not available right now.",
    "The interactive transcript could not be loaded.",
    "Media playback is unsupported on your device.",
    "Please enable JavaScript to view the comments.",
]


@pytest.mark.parametrize("text", _NOTICES)
def test_cleaning_web_page_notices_are_not_news(text: str) -> None:
    article = Article("a", "Crews pumped water from the Marl bridge all night. " + text)
    reasons = boilerplate_reasons(segment(article), text=article.text)
    assert reasons[0] is None and reasons[-1] == "web-page notice"


def test_cleaning_news_about_archives_and_tweets_stays_news() -> None:
    for text in ("The archive of the court was opened to historians on Monday.",
                 "The minister deleted a tweet about the strike within an hour."):  # fmt: skip
        article = Article("a", text)
        assert boilerplate_reasons(segment(article), text=article.text) == [None]
