"""Document: one analysis per article, computed once, shared by every feature, and the same as the parts it caches."""

from __future__ import annotations

import gc
import pickle
import threading
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from precis.analysis import document as document_module
from precis.analysis.boilerplate import boilerplate_reasons
from precis.analysis.document import Document
from precis.analysis.leaning import leans_on_previous
from precis.analysis.segmenter import Segmenter, segment
from precis.analysis.temporal import find_dates
from precis.analysis.tokens import stems
from precis.checking.checker import check
from precis.model import Article, Sentence
from precis.readers import read_articles
from precis.stories.digest import build_digest
from precis.stories.timeline import build_timeline
from precis.stories.update import summarize_update
from precis.summarizer.conflicts import conflict_between
from precis.summarizer.summarizer import Summarizer, summarize

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
TEXT = (
    "GENEVA TALKS\n\n"
    "Talks opened in Geneva on Monday, Jan. 10, after a call on Dec. 30. Russia demanded limits on NATO.\n\n"
    "But the United States rejected the demand. Officials met for eight hours.\n\n"
    "Subscribe to our newsletter for more. Jane Roe is a reporter for the Daily Planet."
)


def _pile(tag: str) -> list[Article]:
    """The example piles under ids of their own (no other test's documents are shared)."""
    articles = read_articles([str(EXAMPLES / "geneva_talks.jsonl"), str(EXAMPLES / "other_news.jsonl")]).articles
    return [replace(a, id=f"{a.id}-{tag}") for a in articles]


@pytest.fixture
def segmented(monkeypatch: pytest.MonkeyPatch) -> Counter[tuple[str, int]]:
    """Counts segmentations by (article id, text length), spying on :meth:`Segmenter.__call__`."""
    calls: Counter[tuple[str, int]] = Counter()
    real = Segmenter.__call__

    def spy(self: Segmenter, article: Article) -> list[Sentence]:
        calls[article.id, len(article.text)] += 1
        return real(self, article)

    monkeypatch.setattr(Segmenter, "__call__", spy)
    return calls


def test_document_views_are_what_the_analysis_functions_give() -> None:
    art = Article("views", TEXT, published=datetime(2022, 1, 12, 8, tzinfo=UTC))
    doc = Document.of(art)
    sentences = segment(art)
    assert list(doc.sentences) == sentences
    assert doc.texts == tuple(s.text for s in sentences)
    assert list(doc.reasons) == boilerplate_reasons(sentences, text=art.text)
    assert doc.word_counts == tuple(len(s.text.split()) for s in sentences)
    assert doc.leans == tuple(leans_on_previous(s.text) for s in sentences)
    assert doc.stems == tuple(frozenset(stems(s.text)) for s in sentences)
    assert doc.news == tuple(r is None and s.kind != "heading" for s, r in zip(sentences, doc.reasons, strict=True))
    for min_words in (1, 6):
        assert doc.eligible(min_words) == tuple(
            ok and len(s.text.split()) >= min_words for s, ok in zip(sentences, doc.news, strict=True)
        )
    for k, s in enumerate(sentences):
        assert list(doc.dates(k)) == find_dates(s.text, published=art.published)
    assert [r for r in doc.reasons if r] == ["boilerplate", "author bio"]
    assert doc.texts[3].startswith("But") and doc.leans[3] and not any(doc.leans[:3])


def test_document_is_one_per_article_and_lives_as_long_as_it() -> None:
    art = Article("lifetime", TEXT)
    doc = Document.of(art)
    assert Document.of(art) is doc
    assert Document.of(Article("lifetime", TEXT)) is doc  # an equal article has the same analysis
    assert Document.of(Article("lifetime-2", TEXT)) is not doc
    assert Article("lifetime", TEXT) in document_module._DOCUMENTS
    del art
    gc.collect()
    assert Article("lifetime", TEXT) not in document_module._DOCUMENTS  # gone with its article
    assert Article("lifetime-2", TEXT) not in document_module._DOCUMENTS
    assert pickle.loads(pickle.dumps(Article("p", TEXT, title="t"))) == Article("p", TEXT, title="t")


def test_document_of_a_long_text_prefix_is_analysed_alone() -> None:
    art = Article("prefix", TEXT)
    doc = Document.of(art)
    assert doc.prefix(len(TEXT)) is doc
    cut = TEXT.index("Subscribe")
    head = doc.prefix(cut)
    assert head is doc.prefix(cut)
    assert list(head.sentences) == segment(Article("prefix", TEXT[:cut]))
    assert head.sentences == doc.sentences[:-2]
    # the last paragraph of the prefix is where its author bios would be looked for: its own
    assert list(head.reasons) == boilerplate_reasons(list(head.sentences), text=TEXT[:cut])


def test_a_digest_segments_each_article_once(segmented: Counter[tuple[str, int]]) -> None:
    pile = _pile("digest-once")
    digest = build_digest(pile, words=100)
    assert any(m.copy_of for story in digest.stories for m in story.articles)  # copies were looked up too
    assert all(n == 1 for n in segmented.values()), segmented
    placed = {p.id for p in digest.placements if p.story is not None}
    assert {article_id for article_id, _ in segmented} >= placed
    assert all(len(a.text) <= 4000 for a in pile)
    assert sum(segmented.values()) <= len(pile)


def test_a_digest_segments_a_long_article_once_and_its_opening_once(segmented: Counter[tuple[str, int]]) -> None:
    pile = _pile("digest-long")
    long = pile[0]
    filler = " ".join(f"Delegates met in room {k} and spoke about the border for {k} hours." for k in range(80))
    pile[0] = replace(long, text=long.text + "\n\n" + filler)
    assert len(pile[0].text) > 4000
    build_digest(pile, words=100)
    assert all(n == 1 for n in segmented.values()), segmented
    # the whole text, and the opening that grouping reads, analysed as a text of its own
    sizes = sorted(size for article_id, size in segmented if article_id == long.id)
    assert len(sizes) == 2 and sizes[0] <= 4000 and sizes[1] == len(pile[0].text)


def test_summarize_timeline_update_and_check_share_one_analysis(segmented: Counter[tuple[str, int]]) -> None:
    pile = _pile("shared")[:5]  # the Geneva talks coverage
    summary = summarize(pile, words=80)
    build_timeline(pile)
    check(summary)
    summarize_update(Summarizer(), pile[1:], pile[:1], words=60)
    sources = {article_id: n for (article_id, _), n in segmented.items() if article_id != "summary"}
    assert sources == {a.id: 1 for a in pile}


def test_conflict_dates_read_from_the_document_or_from_the_text() -> None:
    ours = Article("c-ours", "Talks in Geneva opened on Jan. 10, officials said.", published=datetime(2022, 1, 12))
    theirs = Article("c-theirs", "Talks in Geneva opened on Jan. 11, officials said.", published=datetime(2022, 1, 12))
    a, b = Document.of(ours).sentences[0], Document.of(theirs).sentences[0]
    assert conflict_between(a, ours, b, theirs, close=True) == ("date", "Jan. 10", "Jan. 11")
    stray = Sentence("c-ours", 0, 0, 28, "Talks opened on Jan. 9 there")  # not the document's sentence
    assert conflict_between(stray, ours, b, theirs, close=True) == ("date", "Jan. 9", "Jan. 11")


def test_concurrent_use_gives_the_serial_answers() -> None:
    articles = [Article(f"t{k}", TEXT.replace("eight", str(k)), published=datetime(2022, 1, 12)) for k in range(24)]
    expected = [(tuple(segment(a)), tuple(boilerplate_reasons(segment(a), text=a.text))) for a in articles]
    results: list[list[tuple[object, ...]]] = [[] for _ in range(6)]
    barrier = threading.Barrier(6)

    def work(slot: int) -> None:
        barrier.wait()
        for a in articles[slot % 2 :: 1]:
            doc = Document.of(a)
            results[slot].append((a.id, doc.sentences, doc.reasons, doc.dates(1), doc.eligible(slot % 3 + 1)))

    threads = [threading.Thread(target=work, args=(k,)) for k in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    by_id = {a.id: e for a, e in zip(articles, expected, strict=True)}
    for slot in results:
        for article_id, sentences, reasons, dates, _ in slot:
            assert (sentences, reasons) == by_id[article_id]  # type: ignore[index]
            assert dates == tuple(find_dates(sentences[1].text, published=datetime(2022, 1, 12)))  # type: ignore[index]
    docs = {id(Document.of(a)) for a in articles}
    assert len(docs) == len(articles)


def test_equal_articles_published_on_different_local_days_do_not_share_dates() -> None:
    from datetime import timedelta, timezone

    late = datetime(2022, 1, 12, 23, 30, tzinfo=UTC)
    utc = Article("zones", "Talks opened in Geneva yesterday, officials said.", published=late)
    paris = replace(utc, published=late.astimezone(timezone(timedelta(hours=1))))
    assert utc == paris  # the same instant: equal articles, but Jan. 12 in one zone and Jan. 13 in the other
    assert [m.date.day for m in Document.of(utc).dates(0)] == [11]
    assert [m.date.day for m in Document.of(paris).dates(0)] == [12]


@pytest.mark.parametrize(
    ("last", "cut"),
    [
        ("When the mother returned, her daughter was on", True),
        ("The dress was torn at the hem and she", True),
        ("Nothing was left of the", True),
        ("Officials said the talks went on", False),  # a particle can end a sentence
        ("They saw her", False),
        ("The talks went on.", False),
    ],
)
def test_a_last_sentence_the_text_stops_in_is_never_picked_but_stays_news(last: str, cut: bool) -> None:
    text = "The council met on Monday to discuss the budget of the city. " + last
    doc = Document.of(Article("x", text))
    assert doc.eligible(3)[-1] is (not cut)
    assert doc.news[-1]  # still the article's words: it may be cited
    assert doc.eligible(3)[0]


def test_a_cut_off_sentence_is_not_cut_off_when_text_follows_it() -> None:
    doc = Document.of(Article("x", "The vote was on\n\nThe council met on Monday to discuss the budget of the city."))
    assert all(doc.eligible(3))
