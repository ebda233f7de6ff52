"""Digest: stories from a mixed pile, copies counted once, corroboration, conflicts, every article placed."""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from precis.errors import ConfigError, InputError
from precis.model import Article, Digest
from precis.readers import read_articles
from precis.rendering.render import render_digest
from precis.stories.digest import build_digest, outlet_name

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def pile() -> list[Article]:
    """The example coverage (one story, a reworded reprint) plus other news (a flood told by two outlets and
    a reprint, a one-article story, a French article)."""
    return read_articles([str(EXAMPLES / "geneva_talks.jsonl"), str(EXAMPLES / "other_news.jsonl")]).articles


@pytest.fixture(scope="module")
def digest(pile: list[Article]) -> Digest:
    return build_digest(pile, words=100)


def _spans_hold(digest: Digest) -> None:
    for story in digest.stories:
        for brief in story.items:
            for c in brief.item.citations[:1]:
                assert digest.article(c.article_id).text[c.start : c.end] == brief.item.text
            for c in (*brief.item.citations, *(x.citation for x in brief.item.conflicts)):
                assert 0 <= c.start < c.end <= len(digest.article(c.article_id).text)
        for entry in story.timeline:
            for item in entry.items:
                c = item.citations[0]
                assert digest.article(c.article_id).text[c.start : c.end] == item.text


def test_digest_groups_the_pile_into_its_stories(digest: Digest) -> None:
    members = [[a.id for a in s.articles] for s in digest.stories]
    assert sorted(members[0]) == sorted(
        ["harbor-geneva", "northfield-geneva-reprint", "meridian-brussels", "baltic-vienna", "continental-week"]
    )
    assert sorted(members[1]) == ["county-flood-reprint", "northern-floods", "valley-floods"]
    assert members[2:] == [["chess-open"]]
    assert [s.id for s in digest.stories] == ["s1", "s2", "s3"]  # larger first
    _spans_hold(digest)


def test_copies_are_marked_and_counted_once(digest: Digest) -> None:
    flood = digest.stories[1]
    copies = {a.id: (a.copy_of, a.copy_kind) for a in flood.articles if a.copy_of}
    assert copies == {"county-flood-reprint": ("valley-floods", "trimmed")}
    geneva = {a.id: a.copy_of for a in digest.stories[0].articles if a.copy_of}
    assert geneva == {"northfield-geneva-reprint": "harbor-geneva"}
    # the copy is not summarized on its own: it is cited only next to its original
    for story in digest.stories:
        for brief in story.items:
            assert brief.item.citations[0].article_id not in {"county-flood-reprint", "northfield-geneva-reprint"}


def test_items_say_who_carries_them(digest: Digest) -> None:
    flood = digest.stories[1]
    lead = next(b for b in flood.items if "1,200 residents" in b.item.text)
    assert lead.outlets == ("Valley Gazette", "County Express")  # the reprint's outlet carries it too
    assert lead.reports == 1  # ... but it is one report
    ids = [c.article_id for c in lead.item.citations]
    assert ids == ["valley-floods", "county-flood-reprint"]


def test_conflicting_figures_are_shown_both_ways_and_cited(digest: Digest) -> None:
    flood = digest.stories[1]
    said = {(b.item.citations[0].article_id, c.said, c.other, c.citation.article_id)
            for b in flood.items for c in b.item.conflicts}  # fmt: skip
    assert ("valley-floods", "about 1,200 residents", "roughly 1,500 residents", "northern-floods") in said
    text = render_digest(digest, "text")
    assert 'says "roughly 1,500 residents", not "about 1,200 residents"' in text


def test_every_input_article_is_placed_once(pile: list[Article], digest: Digest) -> None:
    assert [p.id for p in digest.placements] == [a.id for a in pile]
    where = {p.id: (p.story, p.role) for p in digest.placements}
    assert where["county-flood-reprint"] == ("s2", "copy")
    assert where["valley-floods"] == ("s2", "reported")
    assert where["bourse-fr"] == (None, "set apart")
    reason = next(p.reason for p in digest.placements if p.id == "bourse-fr")
    assert reason and "English" in reason
    placed = {a.id for s in digest.stories for a in s.articles} | {
        p.id for p in digest.placements if p.role == "set apart"
    }
    assert placed == {a.id for a in pile}


def test_each_story_has_a_title_outlets_and_a_dated_timeline(digest: Digest) -> None:
    geneva, flood, chess = digest.stories
    assert geneva.title and "Geneva" in geneva.title
    assert set(flood.outlets) == {"Valley Gazette", "County Express", "Northern Broadcaster"}
    dates = [e.date for e in geneva.timeline]
    assert dates == sorted(dates) and len(dates) <= 4 and datetime(2022, 1, 10).date() in dates
    assert chess.published == datetime(2022, 1, 9, 21, tzinfo=UTC)


def test_digest_json_round_trips_and_is_documented(digest: Digest) -> None:
    data = json.loads(digest.to_json())
    assert data["schema"] == "precis.digest/1"
    assert set(data) == {"schema", "reason", "stories", "placements", "articles", "settings"}
    story = data["stories"][0]
    assert {"id", "title", "articles", "items", "timeline", "outlets", "published"} <= set(story)
    assert {"text", "citations", "conflicts", "outlets", "reports"} <= set(story["items"][0])
    assert Digest.from_json(digest.to_json()) == digest
    doc = (Path(__file__).resolve().parents[2] / "docs" / "json.md").read_text(encoding="utf-8")
    for field in ("placements[].role", "stories[].articles[].copy_of", "items[].reports", "items[].conflicts"):
        assert f"`{field}`" in doc


def test_markdown_names_the_copies_and_the_set_apart(digest: Digest) -> None:
    md = render_digest(digest, "md")
    assert md.startswith("## 1. ")
    assert "Also carried by County Express (trimmed copy of Valley Gazette)" in md
    assert "## Set apart (1 article, not in any story)" in md and "- bourse-fr:" in md


def test_a_single_article_is_one_story() -> None:
    art = Article("only", "The Marl bridge reopened on Friday after repairs. Traffic moved freely by noon.")
    digest = build_digest([art], words=30)
    assert len(digest.stories) == 1 and digest.stories[0].items
    assert digest.placements[0].role == "reported"


def test_stories_past_the_limit_are_listed_not_briefed(pile: list[Article]) -> None:
    digest = build_digest(pile, stories=1, timeline_dates=0)
    first, *rest = digest.stories
    assert first.items and not first.timeline
    assert rest and all(not s.items and s.reason and "first 1 stories" in s.reason for s in rest)
    assert {p.id for p in digest.placements if p.story} == {a.id for s in digest.stories for a in s.articles}


def test_bad_input_and_options_are_refused_clearly(pile: list[Article]) -> None:
    with pytest.raises(InputError, match="No articles"):
        build_digest([])
    with pytest.raises(InputError, match="share the id"):
        build_digest([pile[0], pile[0]])
    with pytest.raises(ConfigError, match="'words' parameter"):
        build_digest(pile, words=0)
    with pytest.raises(ConfigError, match="'stories' parameter"):
        build_digest(pile, stories=0)


def test_nothing_usable_gives_a_reason_not_an_error() -> None:
    digest = build_digest([Article("x", "   "), Article("y", "Le conseil a voté mardi une nouvelle loi sur l'eau.")])
    assert not digest.stories and digest.reason
    assert [p.role for p in digest.placements] == ["set apart", "set apart"]
    assert render_digest(digest, "text").startswith("No digest:")


def test_undated_articles_are_briefed_without_dates() -> None:
    pile = [
        Article("a", "Floods closed the Marl bridge on Monday. Crews pumped water all night."),
        Article("b", "The Marl bridge stayed closed by floods as crews pumped water through the night."),
    ]
    digest = build_digest(pile, words=30)
    assert len(digest.stories) == 1 and digest.stories[0].published is None and digest.stories[0].items


def test_thousands_of_one_line_items_are_all_placed() -> None:
    rng = random.Random(3)
    topics = ["bridge repairs in Marl", "a chess open in Corran", "the Wexmoor pool vote", "a quarry rockfall"]
    pile = [
        Article(f"line-{k}", f"Update {k}: news on {rng.choice(topics)} came in at {k % 24} o'clock today.")
        for k in range(2000)
    ]
    digest = build_digest(pile, words=20, stories=20, timeline_dates=0)
    assert len(digest.placements) == 2000
    assert {p.id for p in digest.placements} == {a.id for a in pile}
    assert all(p.story is not None or p.reason for p in digest.placements)


def test_outlet_name_falls_back_to_domain_then_id() -> None:
    assert outlet_name(Article("a", "x", outlet="Gazette")) == "Gazette"
    assert outlet_name(Article("a", "x", url="https://www.example.org/a")) == "example.org"
    assert outlet_name(Article("a", "x")) == "a"


_BASE = datetime(2022, 1, 10, 9, tzinfo=UTC)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(order=st.permutations(range(10)), shift=st.integers(min_value=0, max_value=5))
def test_digest_invariants_hold_in_any_order(pile: list[Article], order: list[int], shift: int) -> None:
    arts = [pile[i] for i in order]
    arts = [Article(a.id, a.text, a.title, a.outlet, a.url, a.author,
                    a.published + timedelta(days=shift) if a.published else None) for a in arts]  # fmt: skip
    digest = build_digest(arts, words=60, timeline_dates=2)
    _spans_hold(digest)
    assert [p.id for p in digest.placements] == [a.id for a in arts]
    assert build_digest(arts, words=60, timeline_dates=2) == digest  # deterministic
    for story in digest.stories:
        words = sum(len(b.item.text.split()) for b in story.items)
        assert words <= 60
