"""The summarizer end to end, on the examples and small hand-made inputs."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from precis import Article, InputError, Summarizer, SummarizerConfig, summarize
from precis.analysis.leaning import leans_on_previous
from precis.analysis.segmenter import segment


def test_pipeline_items_are_verbatim_cited_spans(example_articles: list[Article]) -> None:
    summary = summarize(example_articles, words=150)
    by_id = {a.id: a for a in example_articles}
    assert summary.items
    for item in summary.items:
        first = item.citations[0]
        assert by_id[first.article_id].text[first.start : first.end] == item.text
        for c in item.citations[1:]:
            assert c.article_id != first.article_id
            assert 0 <= c.start < c.end <= len(by_id[c.article_id].text)
    assert sum(len(i.text.split()) for i in summary.items) <= 150


def test_pipeline_collapses_a_fact_carried_by_several_outlets(example_articles: list[Article]) -> None:
    summary = summarize(example_articles, words=150)
    assert max(len(item.article_ids) for item in summary.items) >= 2
    # the reworded reprint never appears as an item of its own next to its original
    primaries = [item.citations[0].article_id for item in summary.items]
    assert not {"harbor-geneva", "northfield-geneva-reprint"} <= set(primaries)


def test_pipeline_orders_items_chronologically_by_article_date() -> None:
    early = Article(
        "late-id",
        "Ministers met in Oslo on Monday to discuss fishing quotas for the coming season. "
        "The meeting ended without any agreement on the northern stocks.",
        published=datetime(2022, 1, 1, tzinfo=UTC),
    )
    late = Article(
        "early-id",
        "Fishermen in Tromso staged a protest against the proposed quota cuts on Friday. "
        "Boats blocked the harbour entrance for several hours during the demonstration.",
        published=datetime(2022, 1, 5, tzinfo=UTC),
    )
    summary = summarize([late, early], sentences=2)
    assert [i.citations[0].article_id for i in summary.items] == ["late-id", "early-id"]
    relevance = Summarizer(SummarizerConfig(order="document")).summarize([late, early], sentences=2)
    assert [i.citations[0].article_id for i in relevance.items] == ["early-id", "late-id"]


def test_pipeline_never_shows_a_leaning_sentence_without_its_lead(example_articles: list[Article]) -> None:
    by_id = {a.id: a for a in example_articles}
    for budget in (40, 80, 160, 320):
        summary = summarize(example_articles, words=budget)
        covered = {(i.citations[0].article_id, i.citations[0].end) for i in summary.items}
        for item in summary.items:
            cite = item.citations[0]
            if item.sentences == 1 and leans_on_previous(item.text):
                sents = segment(by_id[cite.article_id])
                k = next(n for n, s in enumerate(sents) if s.start == cite.start)
                assert k > 0 and (cite.article_id, sents[k - 1].end) in covered, item.text


def test_pipeline_outline_gives_one_point_per_section() -> None:
    sections = []
    for name, topic in [("ORIGINS", "harbour"), ("THE DISPUTE", "quota"), ("WHAT NEXT", "court")]:
        body = " ".join(
            f"The {topic} question came up again in sentence {n} of the report on the fishing dispute."
            for n in range(4)
        )
        sections.append(f"{name}\n\n{body}")
    art = Article("long", "\n\n".join(sections))
    summary = summarize(art, words=200, outline=True)
    assert summary.mode == "outline"
    assert [item.text.split()[1] for item in summary.items] == ["harbour", "quota", "court"]


def test_pipeline_budget_too_small_gives_empty_summary_with_reason(example_articles: list[Article]) -> None:
    summary = summarize(example_articles, words=3)
    assert summary.items == ()
    assert summary.reason and "budget" in summary.reason


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("", "empty"),
        ("   \n\t ", "empty"),
        ("Just one sentence about the talks in Geneva.", "at least two"),
        ("Die Gespräche in Genf endeten am Montag ohne Einigung. Beide Seiten wollen weiter reden.", "English"),
        (" ".join(["word"] * 60), "punctuation"),
    ],
)
def test_pipeline_bad_input_raises_input_error(text: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        summarize(text)


def test_pipeline_duplicate_ids_are_refused() -> None:
    with pytest.raises(InputError, match="share the id"):
        summarize([Article("a", "One fine day. Two fine days."), Article("a", "Three days. Four days.")])


def test_pipeline_settings_rebuild_the_same_summary(example_articles: list[Article]) -> None:
    cfg = SummarizerConfig(diversity=0.5, order="relevance")
    first = Summarizer(cfg).summarize(example_articles, words=100)
    again = Summarizer(SummarizerConfig.from_dict(first.settings)).summarize(example_articles, words=100)
    assert again.to_json() == first.to_json()


@pytest.mark.parametrize("budget", [{"words": 30}, {"words": 150}, {"chars": 400}, {"sentences": 3}])
def test_pipeline_coverage_selection_holds_budget_and_cites_spans(
    example_articles: list[Article], budget: dict[str, int]
) -> None:
    cfg = SummarizerConfig(selection="coverage")
    summary = Summarizer(cfg).summarize(example_articles, **budget)
    by_id = {a.id: a for a in example_articles}
    assert summary.settings["selection"] == "coverage.v1"
    for item in summary.items:
        c = item.citations[0]
        assert by_id[c.article_id].text[c.start : c.end] == item.text
    used = {
        "words": sum(len(i.text.split()) for i in summary.items),
        "chars": sum(len(i.text) for i in summary.items),
        "sentences": sum(i.sentences for i in summary.items),
    }
    ((unit, value),) = budget.items()
    assert used[unit] <= value
    assert Summarizer(cfg).summarize(example_articles, **budget).to_json() == summary.to_json()


def test_pipeline_coverage_prefers_what_several_outlets_say() -> None:
    shared = "Flood barriers failed along the river Dane on Tuesday night."
    arts = [
        Article("a", f"{shared} Local shops opened late because of a power cut in the market square."),
        Article(
            "b", f"Officials confirmed that {shared[0].lower()}{shared[1:]} A school trip to the coast was cancelled."
        ),
        Article("c", f"Residents said {shared[0].lower()}{shared[1:]} The town band played at the weekend fair."),
    ]
    summary = Summarizer(SummarizerConfig(selection="coverage")).summarize(arts, sentences=1)
    assert "Flood barriers failed" in summary.items[0].text
