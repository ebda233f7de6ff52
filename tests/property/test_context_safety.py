"""No item of any mode is a leaning sentence shown without what it leans on (issue #15), on generated stories.

The stories mix sentences that open with pronouns, connectives and
definite references, bare denials, and lead-ins ending in ":", some of them
dated, so that summaries, outlines, updates, timelines and digests all have
leaning sentences to choose from.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.context_check import unsafe_items

import precis
from precis import Article, Summarizer
from precis.errors import PrecisError

SETTINGS = settings(
    deadline=None,
    database=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

CONTENT = (
    "council mayor harbour bridge river budget vote plan workers union strike school hospital doctors "
    "report fire storm flood farmers market prices election minister court judge ferry village town "
    "opened closed approved rejected delayed announced promised warned repaired built visited praised"
).split()
FUNCTION = "of and to in for on with as by at from that".split()
OPENERS = (
    "The council", "A storm", "Officials", "Residents", "He", "She said", "They", "But", "However",
    "This", "The claim", "The session", "The two", "Both", "Moscow", "The mayor",
)  # fmt: skip
DATES = ("", " on Monday", " on Tuesday", " on Jan. 10, 2022", " last week", " on Wednesday")
ENDS = (".", ".", ".", ".", ":", ". The union denied the claim.", ", she said.")


@st.composite
def sentences(draw: st.DrawFn) -> str:
    n = draw(st.integers(min_value=5, max_value=16))
    content = draw(st.lists(st.sampled_from(CONTENT), min_size=n, max_size=n))
    function = draw(st.lists(st.sampled_from(FUNCTION), min_size=n, max_size=n))
    words = [draw(st.sampled_from(OPENERS))]
    words += [function[i] if i % 2 and i < n - 1 else content[i] for i in range(1, n)]
    return " ".join(words) + draw(st.sampled_from(DATES)) + draw(st.sampled_from(ENDS))


@st.composite
def stories(draw: st.DrawFn) -> list[Article]:
    k = draw(st.integers(min_value=2, max_value=4))
    out = []
    for i in range(k):
        sents = draw(st.lists(sentences(), min_size=3, max_size=9))
        seps = draw(st.lists(st.sampled_from([" ", " ", "\n\n"]), min_size=len(sents), max_size=len(sents)))
        # a lead-in is followed by a new paragraph, as a list would be
        text = "".join(s + ("\n\n" if s.endswith(":") else sep) for s, sep in zip(sents, seps, strict=True))
        when = datetime(2022, 1, 11, 9, tzinfo=UTC) + timedelta(days=i)
        out.append(Article(id=f"art-{i}", text=text.rstrip(), published=when))
    return out


def _lists(articles: list[Article], words: int) -> list[tuple[str, list[precis.SummaryItem]]]:
    summarizer = Summarizer()
    out: list[tuple[str, list[precis.SummaryItem]]] = []
    for mode in ("summarize", "outline", "update", "timeline", "digest"):
        try:
            if mode in ("summarize", "outline"):
                out.append((mode, list(summarizer.summarize(articles, words=words, outline=mode == "outline").items)))
                by_score = Summarizer(precis.SummarizerConfig(order="relevance"))
                out.append((mode + " by relevance", list(by_score.summarize(articles, words=words).items)))
            elif mode == "update":
                out.append(
                    (mode, list(precis.summarize_update(summarizer, articles[1:], articles[:1], words=words).items))
                )
            elif mode == "timeline":
                for per_date in (1, 2):
                    timeline = precis.build_timeline(articles, per_date=per_date)
                    out.append((mode, [i for e in timeline.entries for i in e.items]))
            else:
                for story in precis.build_digest(articles, words=words).stories:
                    out.append((mode, [b.item for b in story.items]))
                    out.append(("digest timeline", [i for e in story.timeline for i in e.items]))
        except PrecisError:  # too little text for this mode: nothing shown
            continue
    return out


@SETTINGS
@given(articles=stories(), words=st.integers(min_value=15, max_value=150))
def test_context_safety_no_mode_shows_a_leaning_item_alone(articles: list[Article], words: int) -> None:
    for mode, items in _lists(articles, words):
        assert not unsafe_items(items, articles), mode
        assert not [i.text for i in items if i.text.rstrip().endswith(":")], mode
